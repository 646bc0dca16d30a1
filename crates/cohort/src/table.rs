//! The validated table: every cell as text, with the line each row came from.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use polars::prelude::{DataFrame, DataType};
use polars_io::SerReader;
use polars_io::csv::read::{CsvEncoding, CsvParseOptions, CsvReadOptions};
use sha2::{Digest, Sha256};

use crate::dialect::{Dialect, Encoding};
use crate::error::CohortError;
use crate::number::{NumberError, parse_number};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A dataset read as text, with its dialect, source lines and SHA-256.
///
/// Row `i` (0-based) of every column came from the 1-based line [`Table::line`]`(i)` of
/// the file, so errors can point at the line a user sees in an editor, also when a quoted
/// cell spans several lines.
#[derive(Clone, Debug)]
pub struct Table {
    path: PathBuf,
    dialect: Dialect,
    frame: DataFrame,
    columns: Vec<String>,
    lines: Vec<u64>,
    sha256: String,
}

impl Table {
    /// Reads and checks the structure of a CSV file.
    ///
    /// # Errors
    /// [`CohortError`] for an unreadable, empty or header-only file, invalid UTF-8 (with
    /// [`Encoding::Utf8`]), a malformed or ragged row, an empty or repeated column name.
    pub fn read(path: impl AsRef<Path>, dialect: &Dialect) -> Result<Table, CohortError> {
        let path = path.as_ref().to_path_buf();
        let bytes = std::fs::read(&path).map_err(|source| CohortError::Io {
            path: path.clone(),
            source,
        })?;
        Table::from_bytes(path, &bytes, dialect)
    }

    /// Parses CSV bytes as if read from `path` (used in errors and as the table's name).
    ///
    /// # Errors
    /// As [`Table::read`], without the I/O error.
    pub fn from_bytes(
        path: PathBuf,
        bytes: &[u8],
        dialect: &Dialect,
    ) -> Result<Table, CohortError> {
        let sha256 = hex(&Sha256::digest(bytes));
        let text = decode(&path, bytes, dialect.encoding)?;
        if text.trim().is_empty() {
            return Err(CohortError::Empty { path });
        }

        let (columns, lines, starts) = check_structure(&path, &text, dialect)?;
        if lines.is_empty() {
            return Err(CohortError::NoRows { path });
        }

        // The csv reader skips empty lines, as R's read.csv does, but polars reads each as
        // a row of missing values. Such files are rebuilt from the records alone.
        let text = if text.contains("\n\n") || text.contains("\n\r\n") {
            without_empty_lines(&text, &starts)
        } else {
            text
        };
        let frame = parse_with_polars(&path, text, dialect, columns.len())?;
        if frame.height() != lines.len() {
            return Err(CohortError::Polars {
                path,
                message: format!(
                    "polars read {} rows but the structural check found {}; check for blank lines inside quoted cells",
                    frame.height(),
                    lines.len()
                ),
            });
        }

        Ok(Table {
            path,
            dialect: dialect.clone(),
            frame,
            columns,
            lines,
            sha256,
        })
    }

    /// The path the table was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The dialect the table was read with.
    pub fn dialect(&self) -> &Dialect {
        &self.dialect
    }

    /// Lowercase hexadecimal SHA-256 of the file's bytes as stored on disk.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Number of data rows (the header excluded).
    pub fn n_rows(&self) -> usize {
        self.lines.len()
    }

    /// Column names in file order, trimmed, with any byte-order mark removed.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// 1-based line of the file on which data row `row` (0-based) starts.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// The underlying polars frame (all columns of type String).
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// Returns an error unless every named column exists.
    ///
    /// # Errors
    /// [`CohortError::MissingColumn`] for the first absent name, with the nearest existing one.
    pub fn require(&self, names: &[&str]) -> Result<(), CohortError> {
        for name in names {
            self.column_index(name)?;
        }
        Ok(())
    }

    /// The cells of a column, trimmed, with missing values (per the dialect) as `None`.
    ///
    /// # Errors
    /// [`CohortError::MissingColumn`] if the column does not exist.
    pub fn text(&self, column: &str) -> Result<Vec<Option<String>>, CohortError> {
        let index = self.column_index(column)?;
        let series = self.frame.columns()[index].as_materialized_series();
        let strings = series.str().map_err(|error| self.polars_error(error))?;
        Ok(strings
            .iter()
            .map(|cell| {
                let cell = cell.unwrap_or("").trim();
                (!self.dialect.is_missing(cell)).then(|| cell.to_string())
            })
            .collect())
    }

    /// The cells of a column parsed as finite doubles, with missing values as `None`.
    ///
    /// # Errors
    /// [`CohortError::MissingColumn`], or [`CohortError::NotNumeric`] /
    /// [`CohortError::NotFinite`] for the first bad cell, with its line and value.
    pub fn numeric(&self, column: &str) -> Result<Vec<Option<f64>>, CohortError> {
        let mut values = Vec::with_capacity(self.n_rows());
        let mut failure = None;
        self.for_each_cell(column, |row, cell| {
            if failure.is_some() {
                return;
            }
            let Some(cell) = cell else {
                values.push(None);
                return;
            };
            match parse_number(cell, &self.dialect) {
                Ok(value) => values.push(Some(value)),
                Err(NumberError::Invalid(hint)) => {
                    failure = Some(CohortError::NotNumeric {
                        path: self.path.clone(),
                        line: self.line(row),
                        column: column.to_string(),
                        value: cell.to_string(),
                        hint,
                    });
                }
                Err(NumberError::NotFinite) => {
                    failure = Some(CohortError::NotFinite {
                        path: self.path.clone(),
                        line: self.line(row),
                        column: column.to_string(),
                        value: cell.to_string(),
                    });
                }
            }
        })?;
        match failure {
            Some(error) => Err(error),
            None => Ok(values),
        }
    }

    /// Calls `visit` with each row index and the trimmed cell of `column`, `None` where the
    /// dialect reads it as missing. Unlike [`Table::text`], it allocates nothing per cell,
    /// which matters for files of millions of rows.
    ///
    /// # Errors
    /// [`CohortError::MissingColumn`] naming the nearest column.
    pub fn for_each_cell(
        &self,
        column: &str,
        mut visit: impl FnMut(usize, Option<&str>),
    ) -> Result<(), CohortError> {
        let index = self.column_index(column)?;
        let series = self.frame.columns()[index].as_materialized_series();
        let strings = series.str().map_err(|error| self.polars_error(error))?;
        for (row, cell) in strings.iter().enumerate() {
            let cell = cell.unwrap_or("").trim();
            visit(row, (!self.dialect.is_missing(cell)).then_some(cell));
        }
        Ok(())
    }

    /// Checks that every non-missing cell of `column` is one of `labels`.
    ///
    /// # Errors
    /// [`CohortError::UnknownLabel`] for the first other value.
    pub fn check_labels(&self, column: &str, labels: &[&str]) -> Result<(), CohortError> {
        for (row, cell) in self.text(column)?.into_iter().enumerate() {
            if let Some(cell) = cell
                && !labels.contains(&cell.as_str())
            {
                return Err(CohortError::UnknownLabel {
                    path: self.path.clone(),
                    line: self.line(row),
                    column: column.to_string(),
                    value: cell,
                    expected: labels
                        .iter()
                        .map(|l| format!("\"{l}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(())
    }

    /// Checks that `column` has no missing cell and no repeated value (a patient id).
    ///
    /// # Errors
    /// [`CohortError::RequiredMissing`] or [`CohortError::DuplicateId`].
    pub fn check_unique(&self, column: &str) -> Result<(), CohortError> {
        let mut seen: HashMap<String, u64> = HashMap::new();
        for (row, cell) in self.text(column)?.into_iter().enumerate() {
            let line = self.line(row);
            let Some(cell) = cell else {
                return Err(CohortError::RequiredMissing {
                    path: self.path.clone(),
                    line,
                    column: column.to_string(),
                });
            };
            if let Some(&first_line) = seen.get(&cell) {
                return Err(CohortError::DuplicateId {
                    path: self.path.clone(),
                    line,
                    first_line,
                    column: column.to_string(),
                    value: cell,
                });
            }
            seen.insert(cell, line);
        }
        Ok(())
    }

    /// Checks that `column` has no missing cell.
    ///
    /// # Errors
    /// [`CohortError::RequiredMissing`] naming the first line with a missing value.
    pub fn check_complete(&self, column: &str) -> Result<(), CohortError> {
        match self.text(column)?.iter().position(Option::is_none) {
            Some(row) => Err(CohortError::RequiredMissing {
                path: self.path.clone(),
                line: self.line(row),
                column: column.to_string(),
            }),
            None => Ok(()),
        }
    }

    fn column_index(&self, name: &str) -> Result<usize, CohortError> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| CohortError::MissingColumn {
                path: self.path.clone(),
                column: name.to_string(),
                nearest: crate::nearest(name, self.columns.iter().map(String::as_str))
                    .map(str::to_string),
                available: self.columns.join(", ") + &self.separator_hint(),
            })
    }

    /// Builds a hint when the header looks split by another separator than the dialect's.
    fn separator_hint(&self) -> String {
        let used = char::from(self.dialect.separator);
        for other in [';', ',', '\t', '|'] {
            if other != used && self.columns.iter().any(|c| c.contains(other)) {
                let shown = if other == '\t' {
                    "\\t".to_string()
                } else {
                    other.to_string()
                };
                return format!(
                    " (the header looks separated by '{shown}', not '{used}': set separator = \"{shown}\" in the study file)"
                );
            }
        }
        String::new()
    }

    fn polars_error(&self, error: impl std::fmt::Display) -> CohortError {
        CohortError::Polars {
            path: self.path.clone(),
            message: error.to_string(),
        }
    }
}

/// Decodes the file to UTF-8 text without a byte-order mark.
fn decode(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<String, CohortError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(error) => {
                let at = error.valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                Err(CohortError::Encoding {
                    path: path.to_path_buf(),
                    line,
                    byte: bytes[at],
                })
            }
        },
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Joins the records that start at the byte offsets `starts` (the header first), dropping
/// the empty lines between them.
fn without_empty_lines(text: &str, starts: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        out.push_str(text[start..end].trim_matches(['\r', '\n']));
        out.push('\n');
    }
    out
}

/// Checks the header and the field count of every record; returns the column names,
/// the 1-based start line of each data record, and the byte offset where each record
/// (the header first) starts.
fn check_structure(
    path: &Path,
    text: &str,
    dialect: &Dialect,
) -> Result<(Vec<String>, Vec<u64>, Vec<usize>), CohortError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(dialect.separator)
        .quote(dialect.quote)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    let header = match records.next() {
        Some(record) => record.map_err(|error| malformed(path, &error))?,
        None => {
            return Err(CohortError::Empty {
                path: path.to_path_buf(),
            });
        }
    };
    let mut starts = vec![header.position().map_or(0, |p| p.byte() as usize)];
    let columns: Vec<String> = header.iter().map(|name| name.trim().to_string()).collect();
    check_header(path, &columns)?;

    let mut lines = Vec::new();
    for record in records {
        let record = record.map_err(|error| malformed(path, &error))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != columns.len() {
            return Err(CohortError::Ragged {
                path: path.to_path_buf(),
                line,
                expected: columns.len(),
                found: record.len(),
                separator: char::from(dialect.separator),
            });
        }
        lines.push(line);
        starts.push(record.position().map_or(0, |p| p.byte() as usize));
    }
    Ok((columns, lines, starts))
}

fn check_header(path: &Path, columns: &[String]) -> Result<(), CohortError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in columns.iter().enumerate() {
        if name.is_empty() {
            return Err(CohortError::EmptyColumnName {
                path: path.to_path_buf(),
                position: i + 1,
            });
        }
        if let Some(&first) = seen.get(name.as_str()) {
            return Err(CohortError::DuplicateColumn {
                path: path.to_path_buf(),
                name: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
        seen.insert(name, i);
    }
    Ok(())
}

fn malformed(path: &Path, error: &csv::Error) -> CohortError {
    let line = error.position().map_or(0, |p| p.line());
    CohortError::Malformed {
        path: path.to_path_buf(),
        line,
        message: error.to_string(),
    }
}

/// Parses the decoded text with polars, every column as String, nothing treated as null.
fn parse_with_polars(
    path: &Path,
    text: String,
    dialect: &Dialect,
    width: usize,
) -> Result<DataFrame, CohortError> {
    let schema_dtypes = std::sync::Arc::new(vec![DataType::String; width]);
    let parse_options = CsvParseOptions::default()
        .with_separator(dialect.separator)
        .with_quote_char(Some(dialect.quote))
        .with_encoding(CsvEncoding::Utf8)
        .with_missing_is_null(false)
        .with_truncate_ragged_lines(false);
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_dtype_overwrite(Some(schema_dtypes))
        .with_parse_options(parse_options)
        .with_raise_if_empty(true)
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|error| CohortError::Polars {
            path: path.to_path_buf(),
            message: error.to_string(),
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
