//! The error type shared by every test in this crate.

/// Why a test or summary could not be computed.
///
/// Two variants reproduce the points where R's `stats` functions stop
/// (`NotEnoughObservations` and `EssentiallyConstant`). For those,
/// [`HtestError::r_message`] returns R's own message, so a report can show the same
/// text as R. The other variants reject input that R would handle differently or
/// that is a caller error (unequal lengths, non-finite values, a bad table).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HtestError {
    /// The paired samples have different lengths.
    #[error(
        "paired samples have different lengths: before has {before} values, after has {after}; \
         pass exactly one before and one after value per pair"
    )]
    LengthMismatch {
        /// Length of `before`.
        before: usize,
        /// Length of `after`.
        after: usize,
    },

    /// A value is NaN or infinite.
    #[error(
        "{sample}[{index}] is {value}, but every value must be finite; \
         drop missing or infinite values before calling the test"
    )]
    NonFinite {
        /// The input that contains the value (`"x"`, `"y"`, `"before"`, `"after"`).
        sample: &'static str,
        /// Zero-based position of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// Too few observations for the test, where R stops with "not enough ... observations".
    #[error("{}: the test needs at least {needed}, got {n}", self.r_message().unwrap_or_default())]
    NotEnoughObservations {
        /// R's name of the sample: `"x"`, `"y"`, or `""` for the two samples together.
        sample: &'static str,
        /// Observations available.
        n: usize,
        /// Minimum the test needs.
        needed: usize,
        /// Whether R counts only non-missing values in its message (the Wilcoxon tests).
        non_missing: bool,
    },

    /// The standard error is negligible relative to the mean, where R's `t.test` stops.
    ///
    /// R stops when `stderr < 10 * .Machine$double.eps * abs(mean)`; for two samples
    /// `abs(mean)` is the larger of the two absolute means.
    #[error(
        "data are essentially constant: standard error {std_error:e} is negligible \
         against mean {mean}, so the t statistic is not defined"
    )]
    EssentiallyConstant {
        /// The mean (for two samples, the larger absolute mean).
        mean: f64,
        /// The standard error of the mean or of the difference in means.
        std_error: f64,
    },

    /// The confidence level is outside the open interval (0, 1).
    #[error(
        "confidence level {0} is invalid: give a number strictly between 0 and 1, such as 0.95"
    )]
    InvalidConfidenceLevel(f64),

    /// A probability for a quantile is outside [0, 1].
    #[error("probability {0} is invalid for a quantile: give a number between 0 and 1")]
    InvalidProbability(f64),

    /// A contingency table whose shape the test does not accept.
    #[error(
        "contingency table is {rows}x{cols}, but the test needs {needed}; \
         merge or drop categories to get that shape"
    )]
    TableShape {
        /// Number of rows found.
        rows: usize,
        /// Number of columns found (0 when rows have unequal lengths).
        cols: usize,
        /// What the test needs, for example `"at least 2x2"`.
        needed: &'static str,
    },

    /// A row or column of a contingency table sums to zero, so an expected count is zero.
    #[error(
        "contingency table {margin} {index} sums to zero, so its expected counts are 0 and \
         the chi-square statistic is undefined; drop that empty category"
    )]
    EmptyMargin {
        /// `"row"` or `"column"`.
        margin: &'static str,
        /// Zero-based index of the empty row or column.
        index: usize,
    },
}

impl HtestError {
    /// Returns the message with which R 4.2's `t.test` or `wilcox.test` stops in
    /// this situation, or `None` when R would not stop with this error.
    ///
    /// ```
    /// use repro_htest::{paired_t_test, TTestOptions};
    /// let error = paired_t_test(&[1.0], &[2.0], TTestOptions::default()).unwrap_err();
    /// assert_eq!(error.r_message().as_deref(), Some("not enough 'x' observations"));
    /// ```
    pub fn r_message(&self) -> Option<String> {
        match self {
            HtestError::NotEnoughObservations {
                sample,
                non_missing,
                ..
            } => Some(match (sample.is_empty(), non_missing) {
                (true, _) => "not enough observations".to_owned(),
                (false, true) => format!("not enough (non-missing) '{sample}' observations"),
                (false, false) => format!("not enough '{sample}' observations"),
            }),
            HtestError::EssentiallyConstant { .. } => {
                Some("data are essentially constant".to_owned())
            }
            _ => None,
        }
    }
}
