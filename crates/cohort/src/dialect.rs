//! How a CSV file is written: separator, quote, decimal mark, missing-value tokens, encoding.

/// The character that separates the integer part from the fraction in numeric cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1234.5`, the default.
    Point,
    /// `1234,5`, as in most of continental Europe; needs a separator other than `,`.
    Comma,
}

impl DecimalMark {
    /// Returns the mark as a character.
    pub fn as_char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// The text encoding of the file. A UTF-8 byte-order mark is accepted and removed in either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; invalid bytes are an error that names the line.
    Utf8,
    /// ISO-8859-1 (Latin-1), as older Excel exports on Western locales write; every byte
    /// maps to the code point of the same value.
    Latin1,
}

/// The CSV dialect of a dataset, as the study file declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Field separator, a single ASCII byte (`,` by default).
    pub separator: u8,
    /// Quote character, a single ASCII byte (`"` by default).
    pub quote: u8,
    /// Decimal mark of numeric cells.
    pub decimal: DecimalMark,
    /// Thousands separator inside numeric cells (for example `.` in `1.234,5`), if the file uses one.
    pub thousands: Option<char>,
    /// Cell texts that mean "missing", compared after trimming white space. The empty cell
    /// is always missing.
    pub missing: Vec<String>,
    /// Text encoding.
    pub encoding: Encoding,
}

impl Default for Dialect {
    /// Comma-separated, `.` decimals, UTF-8, with the empty cell and `NA` as missing (R's defaults).
    fn default() -> Self {
        Dialect {
            separator: b',',
            quote: b'"',
            decimal: DecimalMark::Point,
            thousands: None,
            missing: vec!["NA".to_string()],
            encoding: Encoding::Utf8,
        }
    }
}

impl Dialect {
    /// Returns true if `cell` (already trimmed) is a missing value under this dialect.
    pub fn is_missing(&self, cell: &str) -> bool {
        cell.is_empty() || self.missing.iter().any(|token| token == cell)
    }
}
