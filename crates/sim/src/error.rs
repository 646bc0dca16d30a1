//! Errors raised while parsing a synthetic-cohort specification or generating a table.

use std::fmt::Write as _;

/// A position in the TOML text, both counts starting at 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line number, counting from 1.
    pub line: usize,
    /// Column number in characters, counting from 1.
    pub column: usize,
}

impl Position {
    /// Converts a byte offset into `text` to a line and column.
    pub(crate) fn from_offset(text: &str, offset: usize) -> Self {
        // Step back to a character boundary, so that a byte offset inside a character
        // cannot panic the slice.
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Errors of [`crate::parse_spec`] and [`crate::simulate`].
///
/// Every message names the offending key or value and describes a valid one.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The text is not valid TOML, or a value has the wrong type, or a required key is
    /// missing.
    #[error("invalid synthetic-cohort spec{}: {message}", at(.position))]
    Toml {
        /// Position of the problem, when the TOML parser reports one.
        position: Option<Position>,
        /// The parser's message.
        message: String,
    },

    /// A key that the specification schema does not define.
    #[error("{}", describe_unknown_key(.key, .table, .position, .suggestion, .expected))]
    UnknownKey {
        /// The unknown key as written.
        key: String,
        /// The table that contains the key, when known (for example `parameter[BV].post`).
        table: Option<String>,
        /// Position of the key in the TOML text, when known.
        position: Option<Position>,
        /// The valid key nearest to `key` in edit distance, when one is close.
        suggestion: Option<String>,
        /// All keys that are valid at this place.
        expected: Vec<String>,
    },

    /// `schema_version` differs from the version this crate reads.
    #[error(
        "unsupported schema_version = {found} in the synthetic-cohort spec; this generator reads \
         schema_version = {supported}"
    )]
    UnsupportedSchemaVersion {
        /// The version written in the spec.
        found: i64,
        /// The only version this crate reads.
        supported: u32,
    },

    /// A correlation matrix differs from its transpose.
    #[error(
        "correlation matrix `{matrix}` is not symmetric: entry [{row}][{column}] = {value} but \
         [{column}][{row}] = {mirror}; make the two entries equal"
    )]
    NotSymmetric {
        /// The matrix, named by its key.
        matrix: String,
        /// Row of the first entry, counting from 0.
        row: usize,
        /// Column of the first entry, counting from 0.
        column: usize,
        /// Value at `[row][column]`.
        value: f64,
        /// Value at `[column][row]`.
        mirror: f64,
    },

    /// A correlation matrix has a diagonal entry other than 1.
    #[error(
        "correlation matrix `{matrix}` has diagonal entry [{index}][{index}] = {value}; a \
         correlation matrix has 1 on its diagonal"
    )]
    DiagonalNotOne {
        /// The matrix, named by its key.
        matrix: String,
        /// Row and column of the entry, counting from 0.
        index: usize,
        /// The entry.
        value: f64,
    },

    /// A correlation matrix is not positive definite, so its Cholesky factorization failed.
    #[error(
        "correlation matrix {matrix} is not positive definite (its Cholesky factorization \
         failed); weaken the strongest correlations until every eigenvalue is positive"
    )]
    NotPositiveDefinite {
        /// The matrix, named by its key or by how it is built from keys.
        matrix: String,
    },

    /// A standard deviation is zero, negative or not finite.
    #[error("`{key}` = {value} is invalid: a standard deviation must be positive and finite")]
    NonPositiveSd {
        /// The key of the standard deviation.
        key: String,
        /// The value written.
        value: f64,
    },

    /// A group has no patients.
    #[error("group `{group}` has n = 0; every group needs at least one patient")]
    EmptyGroup {
        /// The group's label.
        group: String,
    },

    /// A lower bound is not below its upper bound.
    #[error(
        "bounds of `{variable}` are not ordered: min = {min} must be below max = {max}; swap or \
         correct them"
    )]
    BoundsNotOrdered {
        /// The variable whose bounds are wrong.
        variable: String,
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },

    /// A baseline value stayed outside its bounds for the maximum number of draws.
    #[error(
        "`{variable}` stayed outside its bounds [{min}, {max}] in {attempts} draws; widen the \
         bounds or move the mean and SD so that most draws fall inside them"
    )]
    BoundsUnreachable {
        /// The baseline column.
        variable: String,
        /// The lower bound, -inf when there is none.
        min: f64,
        /// The upper bound, inf when there is none.
        max: f64,
        /// How many draws were made.
        attempts: usize,
    },

    /// Any other value outside its valid range or in conflict with another key.
    #[error("`{key}` = {value} is invalid: {reason}")]
    InvalidValue {
        /// The key, with its table (for example `group[residual].pre_post_correlation`).
        key: String,
        /// The value as written, or a summary of it.
        value: String,
        /// Description of the problem and of a valid value.
        reason: String,
    },
}

fn at(position: &Option<Position>) -> String {
    position.map_or_else(String::new, |position| format!(" at {position}"))
}

fn describe_unknown_key(
    key: &str,
    table: &Option<String>,
    position: &Option<Position>,
    suggestion: &Option<String>,
    expected: &[String],
) -> String {
    let mut message = format!("unknown key `{key}`");
    if let Some(table) = table {
        let _ = write!(message, " in `{table}`");
    }
    let _ = write!(message, " of the synthetic-cohort spec{}", at(position));
    match suggestion {
        Some(suggestion) => {
            let _ = write!(message, "; did you mean `{suggestion}`? Valid keys there: ");
        }
        None => message.push_str("; valid keys there: "),
    }
    message.push_str(&expected.join(", "));
    message
}
