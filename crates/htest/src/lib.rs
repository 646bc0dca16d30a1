//! Hypothesis tests and descriptive statistics with the conventions of R 4.2's `stats`.
//!
//! ```
//! use repro_htest::{paired_t_test, HtestError, TTestOptions};
//!
//! // R's `sleep` data (Student 1908): extra hours of sleep with drug 1 and drug 2.
//! let drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
//! let drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
//!
//! // R: t.test(drug2, drug1, paired = TRUE): t = 4.0621, df = 9, p-value = 0.002833
//! let test = paired_t_test(&drug1, &drug2, TTestOptions::default())?;
//! assert!((test.t - 4.0621276833820366).abs() < 1e-12);
//! assert_eq!(test.df, 9.0);
//! assert!((test.p_value - 0.0028328901973842702).abs() < 1e-15);
//! assert!((test.ci.lower - 0.70011423672301754).abs() < 1e-12);
//!
//! // Where R stops, the error carries R's message.
//! let error = paired_t_test(&[1.0, 2.0], &[3.0, 4.0], TTestOptions::default()).unwrap_err();
//! assert_eq!(error.r_message().as_deref(), Some("data are essentially constant"));
//! # Ok::<(), HtestError>(())
//! ```
//!
//! Every function takes plain slices and returns a plain struct, and none reads files or
//! prints. Each one follows the R function named in its documentation, including the
//! points where R stops with an error ([`HtestError::r_message`] gives R's message).
//!
//! - [`paired`]: paired t-test and Wilcoxon signed-rank test of `after - before`.
//! - [`two_sample`]: Student and Welch t-tests, Wilcoxon rank-sum (Mann-Whitney) test.
//! - [`contingency`]: Pearson chi-square test of an r x c table, Fisher's exact test of a 2 x 2 table.
//! - [`descriptive`]: mean, SD, median, type-7 quantiles and IQR.
//!
//! The normal, Student t and chi-square distribution functions are computed here to
//! about 1e-13 relative, because those of `statrs` 0.19 can be off by 1e-10 (normal) or, for a
//! t statistic near zero, by far more. Upper tails are computed directly, so small
//! P values keep their relative precision.

pub mod contingency;
pub mod descriptive;
mod dist;
mod error;
mod exact;
mod normal;
pub mod paired;
mod rank;
mod student;
pub mod two_sample;

pub use contingency::{ChiSquareTest, FisherExactTest, chi_square_test, fisher_exact_2x2};
pub use descriptive::{Summary, iqr, mean, median, quantile_type7, sd, summarize};
pub use error::HtestError;
pub use paired::{PairedTTest, SignedRankTest, paired_t_test, wilcoxon_signed_rank};
pub use two_sample::{
    RankSumTest, TwoSampleTTest, VarianceAssumption, student_t_test, welch_t_test,
    wilcoxon_rank_sum,
};

/// Upper-tail probability of the chi-square distribution with `df` degrees of freedom,
/// as R's `pchisq(statistic, df, lower.tail = FALSE)`.
///
/// ```
/// // R: pchisq(3.841458820694124, 1, lower.tail = FALSE) = 0.05
/// let p = repro_htest::chi_square_upper_tail(3.841458820694124, 1.0);
/// assert!((p - 0.05).abs() < 1e-12);
/// ```
pub fn chi_square_upper_tail(statistic: f64, df: f64) -> f64 {
    dist::chi_square_sf(statistic, df)
}

/// The alternative hypothesis, as R's `alternative` argument.
///
/// For a paired test the tested quantity is the mean (or location) of
/// `after - before`, and for two samples that of `x - y`. `Less` means the
/// alternative that this quantity is below zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Alternative {
    /// `"two.sided"`, R's default.
    #[default]
    TwoSided,
    /// `"less"`.
    Less,
    /// `"greater"`.
    Greater,
}

/// A confidence interval. A one-sided test gives an infinite bound, as R does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfidenceInterval {
    /// Lower bound, `-inf` for `Alternative::Less`.
    pub lower: f64,
    /// Upper bound, `+inf` for `Alternative::Greater`.
    pub upper: f64,
    /// Confidence level, such as 0.95.
    pub level: f64,
}

/// Options of the t-tests, with R's defaults (two-sided, 95 % confidence).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TTestOptions {
    /// The alternative hypothesis.
    pub alternative: Alternative,
    /// Confidence level of the interval, strictly between 0 and 1.
    pub conf_level: f64,
}

impl Default for TTestOptions {
    fn default() -> Self {
        TTestOptions {
            alternative: Alternative::TwoSided,
            conf_level: 0.95,
        }
    }
}

/// Whether a Wilcoxon test uses the exact null distribution, as R's `exact` argument.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExactPolicy {
    /// R's `exact = NULL`: exact when every sample has fewer than 50 values (after
    /// dropping zero differences in the signed-rank test).
    #[default]
    Auto,
    /// R's `exact = TRUE`. As in R, ties (and zero differences in the signed-rank
    /// test) still force the normal approximation, which the result's `method` reports.
    // NOTE: unlike R, samples whose exact distribution would take more than 2e8
    // counting steps also fall back to the normal approximation, so that a call cannot
    // run for minutes. That happens from two samples of 142 each or 928 differences.
    Exact,
    /// R's `exact = FALSE`: always the normal approximation.
    Normal,
}

/// Options of the Wilcoxon tests, with R's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WilcoxonOptions {
    /// The alternative hypothesis.
    pub alternative: Alternative,
    /// When to use the exact distribution.
    pub exact: ExactPolicy,
    /// R's `correct`: the continuity correction of the normal approximation (default on).
    pub continuity_correction: bool,
}

impl Default for WilcoxonOptions {
    fn default() -> Self {
        WilcoxonOptions {
            alternative: Alternative::TwoSided,
            exact: ExactPolicy::Auto,
            continuity_correction: true,
        }
    }
}

/// The method that computed the P value of a Wilcoxon test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WilcoxonMethod {
    /// The exact null distribution of the statistic.
    Exact,
    /// The normal approximation with R's tie-corrected variance.
    Normal {
        /// Whether the continuity correction of 0.5 was applied.
        continuity_correction: bool,
        /// Whether the sample had tied values, so the variance was reduced for ties.
        tie_correction: bool,
    },
}

impl WilcoxonMethod {
    /// Returns whether the exact distribution was used (the `exact` field of the reports).
    pub fn is_exact(self) -> bool {
        matches!(self, WilcoxonMethod::Exact)
    }

    /// Names the method in words, for example
    /// `"normal approximation with continuity and tie correction"`.
    pub fn description(self) -> &'static str {
        match self {
            WilcoxonMethod::Exact => "exact",
            WilcoxonMethod::Normal {
                continuity_correction: true,
                tie_correction: true,
            } => "normal approximation with continuity and tie correction",
            WilcoxonMethod::Normal {
                continuity_correction: true,
                tie_correction: false,
            } => "normal approximation with continuity correction",
            WilcoxonMethod::Normal {
                continuity_correction: false,
                tie_correction: true,
            } => "normal approximation with tie correction",
            WilcoxonMethod::Normal {
                continuity_correction: false,
                tie_correction: false,
            } => "normal approximation",
        }
    }
}

impl std::fmt::Display for WilcoxonMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description())
    }
}

/// Rejects a NaN or infinite value, naming the sample and position.
pub(crate) fn check_finite(sample: &'static str, values: &[f64]) -> Result<(), HtestError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(HtestError::NonFinite {
            sample,
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// Rejects a confidence level outside (0, 1).
pub(crate) fn check_conf_level(level: f64) -> Result<(), HtestError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(HtestError::InvalidConfidenceLevel(level))
    }
}
