//! Errors in a study file.

use std::path::{Path, PathBuf};

/// A study file that cannot be read or used.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The file could not be read.
    #[error("{}: cannot read the study file: {source}", path.display())]
    Io {
        /// The study file's path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// Invalid TOML, an unknown key or a value of the wrong type.
    #[error("{}, line {line}: {message}", path.display())]
    Syntax {
        /// The study file's path.
        path: PathBuf,
        /// 1-based line of the problem (0 if unknown).
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },

    /// Valid TOML whose content cannot be used.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The study file's path.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}

impl StudyError {
    /// The stable code of this error, listed in `docs/errors.md`.
    pub fn code(&self) -> &'static str {
        match self {
            StudyError::Io { .. } => "E200",
            StudyError::Syntax { .. } => "E201",
            StudyError::Invalid { .. } => "E202",
        }
    }

    /// Converts a TOML error, rewriting serde's "unknown field" message to name the nearest key.
    pub(crate) fn from_toml(path: &Path, text: &str, error: &toml::de::Error) -> StudyError {
        let line = error.span().map_or(0, |span| {
            1 + text[..span.start.min(text.len())].matches('\n').count()
        });
        let message = error.message().trim().to_string();
        let message = rewrite_unknown_field(&message).unwrap_or(message);
        let message = name_key_of_invalid_value(&message, text.lines().nth(line.saturating_sub(1)))
            .unwrap_or(message);
        StudyError::Syntax {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

/// Names the key of a value of the wrong type ("invalid type: string \"one\", expected
/// usize" on the line `decimals = "one"`) and says what the value should be.
fn name_key_of_invalid_value(message: &str, line: Option<&str>) -> Option<String> {
    if !message.starts_with("invalid type") && !message.starts_with("invalid value") {
        return None;
    }
    let key = line?.split_once('=')?.0.trim().trim_matches('"');
    let wanted = [
        ("expected usize", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ];
    let mut message = message.to_string();
    for (from, to) in wanted {
        message = message.replace(from, to);
    }
    Some(format!("key `{key}`: {message}"))
}

/// Turns "unknown field `x`, expected one of `a`, `b`" into a message with the nearest key.
fn rewrite_unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let candidates: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let hint = match repro_cohort::nearest(key, candidates.iter().copied()) {
        Some(nearest) => format!("did you mean `{nearest}`?"),
        None => format!("valid keys here: {}", candidates.join(", ")),
    };
    Some(format!("unknown key `{key}`; {hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_names_nearest_key() {
        let rewritten = rewrite_unknown_field(
            "unknown field `seperator`, expected one of `file`, `separator`, `decimal`",
        );
        assert_eq!(
            rewritten.as_deref(),
            Some("unknown key `seperator`; did you mean `separator`?")
        );
    }

    #[test]
    fn unrelated_unknown_field_lists_keys() {
        let rewritten = rewrite_unknown_field("unknown field `zzz`, expected `file` or `decimal`");
        assert!(rewritten.unwrap().contains("valid keys here"));
    }
}
