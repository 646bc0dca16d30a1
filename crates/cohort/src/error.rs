//! Errors of cohort ingestion. Each names the file and, where they apply, the 1-based
//! line, the column and the value, and says what to do.

use std::path::PathBuf;

/// A dataset that cannot be read or does not pass validation.
#[derive(Debug, thiserror::Error)]
pub enum CohortError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the dataset: {source}; check the path (the study file's dataset.file, or --data)", path.display())]
    Io {
        /// The dataset's path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The file has no bytes, or only white space.
    #[error("{}: the file is empty; expected a header line and one row per patient", path.display())]
    Empty {
        /// The dataset's path.
        path: PathBuf,
    },

    /// The file has a header but no data row.
    #[error("{}: the file has a header line but no data rows", path.display())]
    NoRows {
        /// The dataset's path.
        path: PathBuf,
    },

    /// A byte sequence is not valid UTF-8.
    #[error(
        "{}, line {line}: invalid UTF-8 byte 0x{byte:02X}; save the file as UTF-8, or set encoding = \"latin-1\" in the study file",
        path.display()
    )]
    Encoding {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: u64,
        /// The first invalid byte.
        byte: u8,
    },

    /// The CSV structure could not be parsed (for example an unclosed quote).
    #[error("{}, line {line}: malformed CSV: {message}; check quoting and the separator in the study file", path.display())]
    Malformed {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line where the parser stopped.
        line: u64,
        /// What the parser reported.
        message: String,
    },

    /// A row has more or fewer fields than the header.
    #[error(
        "{}, line {line}: {found} fields, but the header has {expected}; check for a stray separator or a missing field (separator is '{separator}')",
        path.display()
    )]
    Ragged {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// Number of fields in the header.
        expected: usize,
        /// Number of fields in the row.
        found: usize,
        /// The separator in use.
        separator: char,
    },

    /// Two header fields have the same name.
    #[error("{}, line 1: column \"{name}\" appears twice (fields {first} and {second}); rename one of them", path.display())]
    DuplicateColumn {
        /// The dataset's path.
        path: PathBuf,
        /// The repeated name.
        name: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the second occurrence.
        second: usize,
    },

    /// A header field is empty.
    #[error("{}, line 1: field {position} of the header is empty; give every column a name", path.display())]
    EmptyColumnName {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based position of the empty name.
        position: usize,
    },

    /// A column the study file or command names is not in the header.
    #[error("{}: column \"{column}\" not found{}; the header has: {available}", path.display(), suggestion(nearest))]
    MissingColumn {
        /// The dataset's path.
        path: PathBuf,
        /// The requested column.
        column: String,
        /// The closest existing column name, if any.
        nearest: Option<String>,
        /// The header's names, comma-separated.
        available: String,
    },

    /// A cell of a numeric column is not a number under the file's dialect.
    #[error("{}, line {line}, column \"{column}\": \"{value}\" is not a number; {hint}", path.display())]
    NotNumeric {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// The column.
        column: String,
        /// The cell's text.
        value: String,
        /// What to do about it.
        hint: String,
    },

    /// A numeric cell is infinite or NaN, or overflows a double.
    #[error(
        "{}, line {line}, column \"{column}\": \"{value}\" is not a finite number; replace it with a measured value or a missing-value token",
        path.display()
    )]
    NotFinite {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// The column.
        column: String,
        /// The cell's text.
        value: String,
    },

    /// A label column holds a value outside the declared labels.
    #[error(
        "{}, line {line}, column \"{column}\": unknown label \"{value}\"; expected one of {expected}; fix the cell, or declare the label in the study file",
        path.display()
    )]
    UnknownLabel {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// The column.
        column: String,
        /// The cell's text.
        value: String,
        /// The declared labels, quoted and comma-separated.
        expected: String,
    },

    /// A value that must be unique (the patient id) appears twice.
    #[error("{}, line {line}, column \"{column}\": id \"{value}\" already appears on line {first_line}; each patient needs one row", path.display())]
    DuplicateId {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the second occurrence.
        line: u64,
        /// 1-based line of the first occurrence.
        first_line: u64,
        /// The id column.
        column: String,
        /// The repeated id.
        value: String,
    },

    /// A cell that must be present (an id or a group label) is missing.
    #[error("{}, line {line}, column \"{column}\": the value is missing, but this column may not have missing values", path.display())]
    RequiredMissing {
        /// The dataset's path.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// The column.
        column: String,
    },

    /// polars rejected the file after the structural check passed.
    #[error("{}: polars could not parse the file: {message}", path.display())]
    Polars {
        /// The dataset's path.
        path: PathBuf,
        /// polars' message.
        message: String,
    },
}

fn suggestion(nearest: &Option<String>) -> String {
    match nearest {
        Some(name) => format!(" (did you mean \"{name}\"?)"),
        None => String::new(),
    }
}

impl CohortError {
    /// The stable code of this error, listed in `docs/errors.md`.
    pub fn code(&self) -> &'static str {
        match self {
            CohortError::Io { .. } => "E100",
            CohortError::Empty { .. } => "E101",
            CohortError::NoRows { .. } => "E102",
            CohortError::Encoding { .. } => "E103",
            CohortError::Malformed { .. } => "E104",
            CohortError::Ragged { .. } => "E105",
            CohortError::DuplicateColumn { .. } => "E106",
            CohortError::EmptyColumnName { .. } => "E107",
            CohortError::MissingColumn { .. } => "E108",
            CohortError::NotNumeric { .. } => "E109",
            CohortError::NotFinite { .. } => "E110",
            CohortError::UnknownLabel { .. } => "E111",
            CohortError::DuplicateId { .. } => "E112",
            CohortError::RequiredMissing { .. } => "E113",
            CohortError::Polars { .. } => "E119",
        }
    }
}
