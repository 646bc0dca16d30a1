//! Paired tests of `after - before`: the paired t-test and the Wilcoxon signed-rank test.
//!
//! Both follow R 4.2's `t.test(after, before, paired = TRUE)` and
//! `wilcox.test(after, before, paired = TRUE)`, including the points where R stops and
//! the degenerate samples where it returns `NaN` or `NA`.
//!
//! ```
//! use repro_htest::{paired_t_test, wilcoxon_signed_rank, TTestOptions, WilcoxonOptions};
//!
//! // R's `sleep` data (Student 1908): extra sleep with drug 1 and drug 2, same 10 patients.
//! let drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
//! let drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
//!
//! // R: t.test(drug2, drug1, paired = TRUE): t = 4.0621, df = 9, p-value = 0.002833
//! let t = paired_t_test(&drug1, &drug2, TTestOptions::default())?;
//! assert!((t.t - 4.0621276833820366).abs() < 1e-12);
//! assert_eq!(t.df, 9.0);
//! assert!((t.p_value - 0.0028328901973842702).abs() < 1e-15);
//!
//! // R: wilcox.test(drug2, drug1, paired = TRUE): V = 45, p-value = 0.009091
//! let w = wilcoxon_signed_rank(&drug1, &drug2, WilcoxonOptions::default())?;
//! assert_eq!(w.statistic, 45.0);
//! assert!((w.p_value - 0.0090906980159250559).abs() < 1e-12);
//! assert!(!w.method.is_exact()); // one zero difference and tied differences
//! # Ok::<(), repro_htest::HtestError>(())
//! ```

use crate::descriptive::{mean, sd};
use crate::exact::{MAX_EXACT_STEPS, psignrank, signed_rank_steps};
use crate::normal::normal_p_value;
use crate::rank::average_ranks;
use crate::student::t_inference;
use crate::{
    Alternative, ConfidenceInterval, ExactPolicy, HtestError, TTestOptions, WilcoxonMethod,
    WilcoxonOptions, check_conf_level, check_finite,
};

/// The result of a paired t-test of `after - before`.
///
/// Values that R reports as `NaN` (all differences zero, so `t = 0/0`) are NaN here.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedTTest {
    /// Number of pairs.
    pub n: usize,
    /// Mean of `before`.
    pub mean_before: f64,
    /// Mean of `after`.
    pub mean_after: f64,
    /// Mean of the differences `after - before`.
    pub mean_difference: f64,
    /// Standard deviation (n − 1) of the differences, `None` for a single pair.
    pub sd_difference: Option<f64>,
    /// Standard error of the mean difference, `sd_difference / sqrt(n)`.
    pub se: f64,
    /// The t statistic `mean_difference / se`, NaN when both are zero.
    pub t: f64,
    /// Degrees of freedom, `n - 1`.
    pub df: f64,
    /// P value for `alternative`, NaN when `t` is.
    pub p_value: f64,
    /// Confidence interval of the mean difference (NaN bounds when `t` is NaN).
    pub ci: ConfidenceInterval,
    /// Cohen's d_z, `mean_difference / sd_difference` (NaN when undefined).
    pub cohen_dz: f64,
    /// The alternative hypothesis that `p_value` and `ci` refer to.
    pub alternative: Alternative,
}

/// Computes the paired t-test of `after - before`, as R 4.2's
/// `t.test(after, before, paired = TRUE)` (Student 1908).
///
/// The differences `d = after - before` are computed in double precision first, as R
/// does. Then `t = mean(d) / (sd(d) / sqrt(n))` with `n - 1` degrees of freedom, the
/// two-sided P value is `2 * pt(-|t|, n - 1)`, and the interval is
/// `mean(d) ± qt(1 - alpha/2, n - 1) * se`. A one-sided alternative gives a one-sided
/// interval with an infinite bound.
///
/// When every difference is zero, R does not stop: `t` is 0/0, so `t`, `p_value`
/// and the interval bounds are NaN while `df = n - 1`.
///
/// # Errors
///
/// - [`HtestError::LengthMismatch`] when the slices differ in length.
/// - [`HtestError::NonFinite`] for a NaN or infinite value (drop missing pairs first).
/// - [`HtestError::InvalidConfidenceLevel`] unless `0 < conf_level < 1`.
/// - [`HtestError::NotEnoughObservations`] with fewer than 2 pairs, where R stops with
///   "not enough 'x' observations".
/// - [`HtestError::EssentiallyConstant`] when every difference is the same non-zero
///   value, or nearly so: R stops with "data are essentially constant" when
///   `se < 10 * eps * |mean(d)|`.
///
/// [`HtestError::r_message`] returns R's message for the last two.
///
/// ```
/// use repro_htest::{paired_t_test, Alternative, TTestOptions};
///
/// // R: t.test(after, before, paired = TRUE, alternative = "greater") on 8 pairs:
/// // t = 2.3157329108473719, df = 7, p = 0.026865550667879004, CI [0.1682265, Inf)
/// let before = [12.1, 14.3, 9.8, 11.0, 15.2, 13.7, 10.4, 12.9];
/// let after = [13.4, 14.0, 11.9, 11.6, 17.9, 14.5, 11.3, 12.2];
/// let options = TTestOptions { alternative: Alternative::Greater, ..TTestOptions::default() };
/// let test = paired_t_test(&before, &after, options)?;
/// assert!((test.t - 2.3157329108473719).abs() < 1e-12);
/// assert!((test.p_value - 0.026865550667879004).abs() < 1e-15);
/// assert_eq!(test.ci.upper, f64::INFINITY);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn paired_t_test(
    before: &[f64],
    after: &[f64],
    options: TTestOptions,
) -> Result<PairedTTest, HtestError> {
    let differences = differences(before, after)?;
    check_conf_level(options.conf_level)?;

    let n = differences.len();
    if n < 2 {
        return Err(HtestError::NotEnoughObservations {
            sample: "x",
            n,
            needed: 2,
            non_missing: false,
        });
    }
    // `mean` and `sd` return `None` only for empty or single-value samples, excluded above.
    let mean_difference = mean(&differences).unwrap_or(f64::NAN);
    let sd_difference = sd(&differences).unwrap_or(f64::NAN);
    let se = (sd_difference * sd_difference / n as f64).sqrt();
    if se < 10.0 * f64::EPSILON * mean_difference.abs() {
        return Err(HtestError::EssentiallyConstant {
            mean: mean_difference,
            std_error: se,
        });
    }

    let df = (n - 1) as f64;
    let inference = t_inference(
        mean_difference,
        se,
        df,
        options.alternative,
        options.conf_level,
    );
    Ok(PairedTTest {
        n,
        mean_before: mean(before).unwrap_or(f64::NAN),
        mean_after: mean(after).unwrap_or(f64::NAN),
        mean_difference,
        sd_difference: Some(sd_difference),
        se,
        t: inference.t,
        df,
        p_value: inference.p,
        ci: inference.ci,
        cohen_dz: mean_difference / sd_difference,
        alternative: options.alternative,
    })
}

/// The result of a Wilcoxon signed-rank test of `after - before`.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedRankTest {
    /// Number of non-zero differences, the ones the test uses.
    pub n: usize,
    /// Number of zero differences, dropped as R does.
    pub n_zero: usize,
    /// R's `V`: the sum of the ranks of `|d|` over the positive differences `d`.
    pub statistic: f64,
    /// P value for `alternative`; NaN when every difference is zero (R gives `NA`).
    pub p_value: f64,
    /// Whether the P value is exact or from the normal approximation.
    pub method: WilcoxonMethod,
    /// Whether two or more non-zero `|d|` are equal.
    pub ties: bool,
    /// The alternative hypothesis that `p_value` refers to.
    pub alternative: Alternative,
}

/// Computes the Wilcoxon signed-rank test of `after - before`, as R 4.2's
/// `wilcox.test(after, before, paired = TRUE)` (Wilcoxon 1945).
///
/// Conventions, all R's:
/// - the differences `d = after - before` are computed in double precision, and zero
///   differences are dropped; `n` counts the rest;
/// - `V` is the sum of the average ranks of `|d|` over the positive `d`;
/// - with [`ExactPolicy::Auto`] the P value is exact iff `n < 50`, no `|d|` are tied
///   and no difference was zero. The two-sided exact P value is
///   `min(1, 2 * min(P(V <= v), P(V >= v)))`;
/// - otherwise the normal approximation is used, with variance
///   `n(n+1)(2n+1)/24 - sum(t^3 - t)/48` over groups of `t` tied `|d|`, and (by
///   default) the continuity correction `0.5 * sign(V - n(n+1)/4)`.
///
/// When every difference is zero, `V = 0` and the P value is NaN (R gives `NA`).
/// A single non-zero difference gives the exact two-sided P value 1.
///
/// # Errors
///
/// - [`HtestError::LengthMismatch`] when the slices differ in length.
/// - [`HtestError::NonFinite`] for a NaN or infinite value (drop missing pairs first).
/// - [`HtestError::NotEnoughObservations`] for empty input, where R stops with
///   "not enough (non-missing) 'x' observations".
///
/// ```
/// use repro_htest::{wilcoxon_signed_rank, WilcoxonOptions};
///
/// // R: wilcox.test(after, before, paired = TRUE): V = 32, p-value = 0.05469 (exact)
/// let before = [12.1, 14.3, 9.8, 11.0, 15.2, 13.7, 10.4, 12.9];
/// let after = [13.4, 14.0, 11.9, 11.6, 17.9, 14.5, 11.3, 12.2];
/// let test = wilcoxon_signed_rank(&before, &after, WilcoxonOptions::default())?;
/// assert_eq!(test.statistic, 32.0);
/// assert!(test.method.is_exact());
/// assert!((test.p_value - 0.054687500000000014).abs() < 1e-15);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn wilcoxon_signed_rank(
    before: &[f64],
    after: &[f64],
    options: WilcoxonOptions,
) -> Result<SignedRankTest, HtestError> {
    let differences = differences(before, after)?;
    if differences.is_empty() {
        return Err(HtestError::NotEnoughObservations {
            sample: "x",
            n: 0,
            needed: 1,
            non_missing: true,
        });
    }

    let non_zero: Vec<f64> = differences.iter().copied().filter(|&d| d != 0.0).collect();
    let n_zero = differences.len() - non_zero.len();
    let n = non_zero.len();
    let magnitudes: Vec<f64> = non_zero.iter().map(|d| d.abs()).collect();
    let ranking = average_ranks(&magnitudes);
    let statistic: f64 = non_zero
        .iter()
        .zip(&ranking.ranks)
        .filter(|(d, _)| **d > 0.0)
        .map(|(_, rank)| rank)
        .sum();
    let ties = ranking.has_ties();

    let wants_exact = match options.exact {
        ExactPolicy::Auto => n < 50,
        ExactPolicy::Exact => true,
        ExactPolicy::Normal => false,
    };
    let exact = wants_exact && !ties && n_zero == 0 && signed_rank_steps(n) <= MAX_EXACT_STEPS;

    let (p_value, method) = if exact {
        (
            signed_rank_exact_p(statistic, n, options.alternative),
            WilcoxonMethod::Exact,
        )
    } else {
        let n = n as f64;
        let centred = statistic - n * (n + 1.0) / 4.0;
        let sigma = (n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - ranking.tie_term() / 48.0).sqrt();
        let (_, p) = normal_p_value(
            centred,
            sigma,
            options.alternative,
            options.continuity_correction,
        );
        let method = WilcoxonMethod::Normal {
            continuity_correction: options.continuity_correction,
            tie_correction: ties,
        };
        (p, method)
    };

    Ok(SignedRankTest {
        n,
        n_zero,
        statistic,
        p_value,
        method,
        ties,
        alternative: options.alternative,
    })
}

/// Computes the exact P value of the signed-rank statistic `v` of `n` differences,
/// in the same order of operations as R 4.2's `wilcox.test`.
fn signed_rank_exact_p(v: f64, n: usize, alternative: Alternative) -> f64 {
    let n_f = n as f64;
    match alternative {
        Alternative::TwoSided => {
            let p = if v > n_f * (n_f + 1.0) / 4.0 {
                psignrank(v - 1.0, n, false)
            } else {
                psignrank(v, n, true)
            };
            (2.0 * p).min(1.0)
        }
        Alternative::Greater => psignrank(v - 1.0, n, false),
        Alternative::Less => psignrank(v, n, true),
    }
}

/// Checks the paired samples and returns `after - before`.
fn differences(before: &[f64], after: &[f64]) -> Result<Vec<f64>, HtestError> {
    if before.len() != after.len() {
        return Err(HtestError::LengthMismatch {
            before: before.len(),
            after: after.len(),
        });
    }
    check_finite("before", before)?;
    check_finite("after", after)?;
    Ok(after.iter().zip(before).map(|(a, b)| a - b).collect())
}

#[cfg(test)]
// Expected values are R output printed with 17 significant digits.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    const BEFORE8: [f64; 8] = [12.1, 14.3, 9.8, 11.0, 15.2, 13.7, 10.4, 12.9];
    const AFTER8: [f64; 8] = [13.4, 14.0, 11.9, 11.6, 17.9, 14.5, 11.3, 12.2];

    fn assert_close(got: f64, expected: f64, what: &str) {
        let tolerance = 1e-9 * expected.abs().max(1e-300);
        assert!(
            (got - expected).abs() <= tolerance,
            "{what}: got {got}, expected {expected}"
        );
    }

    #[test]
    fn t_test_single_pair_fails_as_r() {
        let error = paired_t_test(&[1.0], &[2.0], TTestOptions::default()).unwrap_err();
        assert_eq!(
            error.r_message().as_deref(),
            Some("not enough 'x' observations")
        );
    }

    #[test]
    fn t_test_empty_fails_as_r() {
        let error = paired_t_test(&[], &[], TTestOptions::default()).unwrap_err();
        assert_eq!(
            error.r_message().as_deref(),
            Some("not enough 'x' observations")
        );
    }

    #[test]
    fn t_test_constant_difference_fails_as_r() {
        let before = [1.0, 2.0, 3.0, 4.5];
        let after = [1.5, 2.5, 3.5, 5.0];
        let error = paired_t_test(&before, &after, TTestOptions::default()).unwrap_err();
        assert!(
            matches!(error, HtestError::EssentiallyConstant { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.r_message().as_deref(),
            Some("data are essentially constant")
        );
    }

    #[test]
    fn t_test_constant_inexact_difference_fails() {
        // 0.3 - 0.2 and 1.3 - 1.2 differ in the last bits, but the SE is still negligible.
        let before = [0.2, 1.2, 2.2];
        let after = [0.3, 1.3, 2.3];
        let result = paired_t_test(&before, &after, TTestOptions::default());
        assert!(
            matches!(result, Err(HtestError::EssentiallyConstant { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn t_test_all_zero_differences_is_nan() {
        let x = [3.0, 1.0, 4.0];
        let test = paired_t_test(&x, &x, TTestOptions::default()).unwrap();
        assert_eq!(test.n, 3);
        assert_eq!(test.df, 2.0);
        assert_eq!(test.mean_difference, 0.0);
        assert_eq!(test.sd_difference, Some(0.0));
        assert!(test.t.is_nan());
        assert!(test.p_value.is_nan());
        assert!(test.ci.lower.is_nan());
        assert!(test.ci.upper.is_nan());
        assert!(test.cohen_dz.is_nan());
    }

    #[test]
    fn t_test_length_mismatch_names_both() {
        let error = paired_t_test(&[1.0, 2.0], &[1.0], TTestOptions::default()).unwrap_err();
        assert_eq!(
            error,
            HtestError::LengthMismatch {
                before: 2,
                after: 1
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("before has 2") && message.contains("after has 1"),
            "{message}"
        );
    }

    #[test]
    fn t_test_rejects_nan() {
        let error = paired_t_test(&[1.0, f64::NAN], &[1.0, 2.0], TTestOptions::default());
        assert!(matches!(
            error,
            Err(HtestError::NonFinite {
                sample: "before",
                index: 1,
                ..
            })
        ));
    }

    #[test]
    fn t_test_rejects_bad_conf_level() {
        let options = TTestOptions {
            conf_level: 1.0,
            ..TTestOptions::default()
        };
        let error = paired_t_test(&BEFORE8, &AFTER8, options).unwrap_err();
        assert_eq!(error, HtestError::InvalidConfidenceLevel(1.0));
    }

    #[test]
    fn t_test_one_sided_matches_r() {
        // R 4.2.2: t.test(after, before, paired = TRUE, alternative = "less" / "greater")
        let less = TTestOptions {
            alternative: Alternative::Less,
            ..TTestOptions::default()
        };
        let test = paired_t_test(&BEFORE8, &AFTER8, less).unwrap();
        assert_close(test.p_value, 0.97313444933212101, "p less");
        assert_eq!(test.ci.lower, f64::NEG_INFINITY);
        assert_close(test.ci.upper, 1.6817734610063413, "upper less");

        let greater = TTestOptions {
            alternative: Alternative::Greater,
            ..TTestOptions::default()
        };
        let test = paired_t_test(&BEFORE8, &AFTER8, greater).unwrap();
        assert_close(test.p_value, 0.026865550667879004, "p greater");
        assert_close(test.ci.lower, 0.16822653899365828, "lower greater");
        assert_eq!(test.ci.upper, f64::INFINITY);
        assert_eq!(test.alternative, Alternative::Greater);
    }

    #[test]
    fn t_test_conf_level_90_matches_r() {
        // R 4.2.2: t.test(after, before, paired = TRUE, conf.level = 0.9)$conf.int
        let options = TTestOptions {
            conf_level: 0.9,
            ..TTestOptions::default()
        };
        let test = paired_t_test(&BEFORE8, &AFTER8, options).unwrap();
        assert_close(test.ci.lower, 0.16822653899365828, "lower 90");
        assert_close(test.ci.upper, 1.6817734610063413, "upper 90");
        assert_eq!(test.ci.level, 0.9);
    }

    #[test]
    fn signed_rank_all_zero_is_nan() {
        let x = [3.0, 1.0, 4.0, 1.0];
        let test = wilcoxon_signed_rank(&x, &x, WilcoxonOptions::default()).unwrap();
        assert_eq!(test.n, 0);
        assert_eq!(test.n_zero, 4);
        assert_eq!(test.statistic, 0.0);
        assert!(test.p_value.is_nan());
        assert!(!test.method.is_exact());
    }

    #[test]
    fn signed_rank_single_pair_exact_p_is_one() {
        for after in [5.0, -5.0] {
            let test = wilcoxon_signed_rank(&[0.0], &[after], WilcoxonOptions::default()).unwrap();
            assert_eq!(test.n, 1);
            assert!(test.method.is_exact());
            assert_eq!(test.p_value, 1.0);
            assert_eq!(test.statistic, if after > 0.0 { 1.0 } else { 0.0 });
        }
    }

    #[test]
    fn signed_rank_empty_fails_as_r() {
        let error = wilcoxon_signed_rank(&[], &[], WilcoxonOptions::default()).unwrap_err();
        assert_eq!(
            error.r_message().as_deref(),
            Some("not enough (non-missing) 'x' observations")
        );
    }

    #[test]
    fn signed_rank_constant_difference_uses_normal() {
        // R 4.2.2: wilcox.test(c(1.5, 2.5, 3.5, 5), c(1, 2, 3, 4.5), paired = TRUE)
        // V = 10, p-value = 0.07186 (normal approximation, every |d| tied)
        let test = wilcoxon_signed_rank(
            &[1.0, 2.0, 3.0, 4.5],
            &[1.5, 2.5, 3.5, 5.0],
            WilcoxonOptions::default(),
        )
        .unwrap();
        assert_eq!(test.statistic, 10.0);
        assert!(test.ties);
        assert_eq!(
            test.method,
            WilcoxonMethod::Normal {
                continuity_correction: true,
                tie_correction: true
            }
        );
        assert_close(test.p_value, 0.071860638225851606, "p constant");
    }

    #[test]
    fn signed_rank_one_sided_exact_matches_r() {
        // R 4.2.2: wilcox.test(after, before, paired = TRUE, alternative = "greater"/"less")
        let greater = WilcoxonOptions {
            alternative: Alternative::Greater,
            ..Default::default()
        };
        let test = wilcoxon_signed_rank(&BEFORE8, &AFTER8, greater).unwrap();
        assert_close(test.p_value, 0.027343750000000007, "p greater");
        let less = WilcoxonOptions {
            alternative: Alternative::Less,
            ..Default::default()
        };
        let test = wilcoxon_signed_rank(&BEFORE8, &AFTER8, less).unwrap();
        assert_close(test.p_value, 0.98046875, "p less");
    }

    #[test]
    fn signed_rank_forced_normal_without_correction_matches_r() {
        // R 4.2.2: wilcox.test(after, before, paired = TRUE, exact = FALSE, correct = FALSE)
        let options = WilcoxonOptions {
            exact: ExactPolicy::Normal,
            continuity_correction: false,
            ..Default::default()
        };
        let test = wilcoxon_signed_rank(&BEFORE8, &AFTER8, options).unwrap();
        assert_close(test.p_value, 0.049949976454746435, "p normal");
        assert_eq!(test.method.description(), "normal approximation");
    }

    #[test]
    fn signed_rank_one_sided_normal_matches_r() {
        // R 4.2.2: wilcox.test(after, before, paired = TRUE, exact = FALSE, alternative = "less")
        let options = WilcoxonOptions {
            alternative: Alternative::Less,
            exact: ExactPolicy::Normal,
            continuity_correction: true,
        };
        let test = wilcoxon_signed_rank(&BEFORE8, &AFTER8, options).unwrap();
        assert_close(test.p_value, 0.97884236254714296, "p normal less");
    }

    #[test]
    fn signed_rank_exact_policy_still_yields_to_zeros() {
        // As in R, exact = TRUE cannot be honoured when a difference is zero.
        let options = WilcoxonOptions {
            exact: ExactPolicy::Exact,
            ..Default::default()
        };
        let test = wilcoxon_signed_rank(&[1.0, 2.0, 3.0], &[1.0, 4.0, 7.0], options).unwrap();
        assert_eq!(test.n_zero, 1);
        assert!(!test.method.is_exact());
    }
}
