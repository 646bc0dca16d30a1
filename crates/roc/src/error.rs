//! The error type of every ROC computation in this crate.

use std::fmt;

/// One of the two outcome classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// The positive class: cases, `positive[i] == true`.
    Positive,
    /// The negative class: controls, `positive[i] == false`.
    Negative,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Class::Positive => f.write_str("positive (case)"),
            Class::Negative => f.write_str("negative (control)"),
        }
    }
}

/// Why a ROC computation rejected its input.
///
/// Quantities that are undefined for valid input (a DeLong SE with one case, for
/// example) are not errors: the result carries `None` plus an [`crate::Unavailable`]
/// reason instead.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RocError {
    /// The marker and the outcome have different lengths.
    #[error(
        "the marker has {scores} values but the outcome has {labels}; \
         pass exactly one outcome per marker value"
    )]
    LengthMismatch {
        /// Number of marker values.
        scores: usize,
        /// Number of outcome values.
        labels: usize,
    },

    /// A marker value is NaN or infinite.
    #[error(
        "marker value at row index {index} (0-based) is {value}, but every value must be finite; \
         drop missing values before the ROC analysis or correct that row"
    )]
    NonFinite {
        /// Zero-based row index of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// After complete-case filtering the outcome has only one class (or no rows at all).
    #[error(
        "the outcome has no {missing} observations, so no ROC curve exists; \
         check the outcome column and the value that marks the positive class"
    )]
    MissingClass {
        /// The class with no observation.
        missing: Class,
    },

    /// More rows than the exact integer arithmetic of this crate supports.
    #[error(
        "{rows} rows exceed the supported maximum of {max} rows per marker; \
         analyse a random subsample instead"
    )]
    TooManyRows {
        /// Rows given.
        rows: usize,
        /// Largest supported number of rows.
        max: usize,
    },

    /// Two markers that must share one outcome vector were prepared with different outcomes.
    #[error(
        "the markers were prepared with different outcome vectors (first difference at row \
         index {index}); a paired comparison needs the same rows for every marker"
    )]
    OutcomeMismatch {
        /// First zero-based row index where the outcomes differ, or the shorter length.
        index: usize,
    },

    /// A joint test got fewer than two markers.
    #[error("the joint AUC test needs at least 2 markers, got {count}")]
    TooFewMarkers {
        /// Number of markers given.
        count: usize,
    },

    /// The confidence level is outside the open interval (0, 1).
    #[error(
        "confidence level {0} is invalid: give a number strictly between 0 and 1, such as 0.95"
    )]
    InvalidConfidenceLevel(f64),

    /// A bootstrap was requested with zero replicates.
    #[error("the bootstrap needs at least 1 replicate, got 0; 2000 is pROC's default")]
    NoReplicates,

    /// A binomial count with no trials or with more successes than trials.
    #[error(
        "{successes} successes out of {trials} trials has no Clopper-Pearson interval: \
         give at least 1 trial and at most as many successes as trials"
    )]
    InvalidCount {
        /// Number of successes.
        successes: u64,
        /// Number of trials.
        trials: u64,
    },

    /// A cut-off that is NaN.
    #[error("cut-off {0} is invalid: give a number or ±infinity")]
    InvalidThreshold(f64),
}

/// Reason a standard error, interval or test is undefined for valid input.
///
/// Results carry `None` plus one of these reasons instead of a number, so a report can
/// print "not estimable" with the cause rather than a zero-width interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unavailable {
    /// The class has a single observation, so the sample variance of its placement
    /// values (denominator `count − 1`) is undefined.
    SingleObservation(Class),
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::SingleObservation(class) => write!(
                f,
                "only one {class} observation: the variance of its placement values \
                 is undefined, so no standard error or confidence interval exists"
            ),
        }
    }
}
