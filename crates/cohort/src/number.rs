//! Strict parsing of numeric cells under a dialect.

use crate::dialect::{DecimalMark, Dialect};

/// Why a cell is not a usable number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// The text is not a decimal number; the string says what to do.
    Invalid(String),
    /// The text is a number, but not a finite double (`inf`, `NaN`, `1e400`).
    NotFinite,
}

/// Parses a trimmed, non-missing cell as a double under `dialect`.
///
/// Accepts an optional sign, digits with at most one decimal mark, and an optional
/// exponent (`1.5e-3`). Thousands separators are removed only when the dialect declares
/// one. Rejects what Rust's `f64::from_str` would let through but a CRF never means:
/// `inf`, `NaN`, `infinity`, and a value that overflows to infinity (`1e400`).
///
/// # Errors
/// [`NumberError::Invalid`] with a hint naming the likely cause (wrong decimal mark,
/// censored value such as `<0.1`, a placeholder such as `.` or `-`), or
/// [`NumberError::NotFinite`].
///
/// ```
/// use repro_cohort::{parse_number, DecimalMark, Dialect};
///
/// let comma = Dialect { separator: b';', decimal: DecimalMark::Comma, thousands: Some('.'), ..Dialect::default() };
/// assert_eq!(parse_number("1.234,5", &comma), Ok(1234.5));
/// assert!(parse_number("1.234,5", &Dialect::default()).is_err());
/// ```
pub fn parse_number(cell: &str, dialect: &Dialect) -> Result<f64, NumberError> {
    let mut text: String = match dialect.thousands {
        Some(separator) => cell.chars().filter(|&c| c != separator).collect(),
        None => cell.to_string(),
    };
    if dialect.decimal == DecimalMark::Comma {
        if text.contains('.') {
            return Err(NumberError::Invalid(
                "the decimal mark is ',' in the study file; a '.' here is probably a thousands separator: set thousands = \".\"".into(),
            ));
        }
        text = text.replace(',', ".");
    }
    if !is_decimal_syntax(&text) {
        return Err(NumberError::Invalid(hint(cell, dialect)));
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        Ok(_) => Err(NumberError::NotFinite),
        Err(_) => Err(NumberError::Invalid(hint(cell, dialect))),
    }
}

/// True for `[+-]digits[.digits][e[+-]digits]` with at least one digit in the mantissa.
fn is_decimal_syntax(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        i += 1;
    }
    let mut digits = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == bytes.len()
}

fn hint(cell: &str, dialect: &Dialect) -> String {
    let lower = cell.to_ascii_lowercase();
    if cell.starts_with('<') || cell.starts_with('>') {
        "a censored value (below or above a detection limit) cannot be analysed as a number; replace it with a value or a missing-value token".into()
    } else if dialect.decimal == DecimalMark::Point && cell.contains(',') {
        "the decimal mark is '.' in the study file; if the file writes decimals with ',', set decimal = \",\" (and a separator other than ',')".into()
    } else if lower.contains("inf") || lower.contains("nan") {
        "replace it with a measured value or a missing-value token".into()
    } else if cell.chars().all(|c| !c.is_alphanumeric()) {
        format!(
            "if \"{cell}\" marks a missing value, add it to `missing` in the study file's [dataset] (the one-off commands read only the empty cell and NA as missing)"
        )
    } else {
        "fix the cell, or, if the text means missing, add it to `missing` in the study file's [dataset]".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_parse() {
        let dialect = Dialect::default();
        assert_eq!(parse_number("12", &dialect), Ok(12.0));
        assert_eq!(parse_number("-0.5", &dialect), Ok(-0.5));
        assert_eq!(parse_number(".5", &dialect), Ok(0.5));
        assert_eq!(parse_number("1.5e-3", &dialect), Ok(0.0015));
    }

    #[test]
    fn placeholders_are_rejected() {
        let dialect = Dialect::default();
        for cell in [
            ".", "-", "<0.1", "n/a", "1.234,5", "1,5", "abc", "1e", "--1",
        ] {
            assert!(
                matches!(parse_number(cell, &dialect), Err(NumberError::Invalid(_))),
                "{cell}"
            );
        }
    }

    #[test]
    fn non_finite_values_are_rejected() {
        let dialect = Dialect::default();
        assert_eq!(parse_number("1e400", &dialect), Err(NumberError::NotFinite));
        assert!(parse_number("inf", &dialect).is_err());
        assert!(parse_number("NaN", &dialect).is_err());
    }

    #[test]
    fn decimal_comma_parses() {
        let dialect = Dialect {
            separator: b';',
            decimal: DecimalMark::Comma,
            ..Dialect::default()
        };
        assert_eq!(parse_number("3,25", &dialect), Ok(3.25));
        assert!(parse_number("1.234,5", &dialect).is_err());
    }
}
