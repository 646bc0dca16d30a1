//! Tests of two independent samples: Student's and Welch's t-tests and the Wilcoxon
//! rank-sum (Mann-Whitney) test, as R 4.2's `t.test(x, y)` and `wilcox.test(x, y)`.
//!
//! ```
//! use repro_htest::{welch_t_test, wilcoxon_rank_sum, TTestOptions, WilcoxonOptions};
//!
//! // R's `sleep` data (Student 1908), treated as two independent groups.
//! let drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
//! let drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
//!
//! // R: t.test(drug1, drug2): t = -1.8608, df = 17.776, p-value = 0.07939
//! let t = welch_t_test(&drug1, &drug2, TTestOptions::default())?;
//! assert!((t.t - -1.8608134674868531).abs() < 1e-12);
//! assert!((t.df - 17.776473516178498).abs() < 1e-10);
//! assert!((t.p_value - 0.079394140187358173).abs() < 1e-13);
//!
//! // R: wilcox.test(drug1, drug2): W = 25.5, p-value = 0.06933 (ties, so normal)
//! let w = wilcoxon_rank_sum(&drug1, &drug2, WilcoxonOptions::default())?;
//! assert_eq!(w.statistic, 25.5);
//! assert!((w.p_value - 0.069327575433626581).abs() < 1e-13);
//! # Ok::<(), repro_htest::HtestError>(())
//! ```

use crate::descriptive::{mean, variance};
use crate::exact::{MAX_EXACT_STEPS, pwilcox, rank_sum_steps};
use crate::normal::normal_p_value;
use crate::rank::average_ranks;
use crate::student::t_inference;
use crate::{
    Alternative, ConfidenceInterval, ExactPolicy, HtestError, TTestOptions, WilcoxonMethod,
    WilcoxonOptions, check_conf_level, check_finite,
};

/// The variance assumption of a two-sample t-test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarianceAssumption {
    /// Student's test, R's `var.equal = TRUE`: one pooled variance, `n_x + n_y - 2` df.
    Equal,
    /// Welch's test, R's default `var.equal = FALSE`: separate variances and
    /// Welch-Satterthwaite degrees of freedom.
    Unequal,
}

/// The result of a two-sample t-test of `mean(x) - mean(y)`.
///
/// Values that R reports as `NaN` (both samples constant and equal, so `t = 0/0`) are
/// NaN here.
#[derive(Clone, Debug, PartialEq)]
pub struct TwoSampleTTest {
    /// Size of `x`.
    pub n_x: usize,
    /// Size of `y`.
    pub n_y: usize,
    /// Mean of `x`.
    pub mean_x: f64,
    /// Mean of `y`.
    pub mean_y: f64,
    /// Standard error of `mean_x - mean_y`.
    pub se: f64,
    /// The t statistic `(mean_x - mean_y) / se`.
    pub t: f64,
    /// Degrees of freedom: `n_x + n_y - 2`, or Welch-Satterthwaite's (not an integer).
    pub df: f64,
    /// P value for `alternative`.
    pub p_value: f64,
    /// Confidence interval of `mean_x - mean_y`.
    pub ci: ConfidenceInterval,
    /// The variance assumption the test made.
    pub assumption: VarianceAssumption,
    /// The alternative hypothesis that `p_value` and `ci` refer to.
    pub alternative: Alternative,
}

/// Computes Student's two-sample t-test with a pooled variance, as R 4.2's
/// `t.test(x, y, var.equal = TRUE)` (Student 1908).
///
/// The pooled variance is `((n_x - 1) s_x^2 + (n_y - 1) s_y^2) / (n_x + n_y - 2)`, where a
/// sample of one value contributes nothing, and `se = sqrt(pooled (1/n_x + 1/n_y))`.
/// P value and interval are as in [`crate::paired_t_test`], with `n_x + n_y - 2` df.
///
/// # Errors
///
/// - [`HtestError::NonFinite`] for a NaN or infinite value.
/// - [`HtestError::InvalidConfidenceLevel`] unless `0 < conf_level < 1`.
/// - [`HtestError::NotEnoughObservations`] when a sample is empty or the two have fewer
///   than 3 values together, where R stops ("not enough 'x' observations",
///   "not enough observations").
/// - [`HtestError::EssentiallyConstant`] when `se < 10 * eps * max(|mean_x|, |mean_y|)`.
///
/// ```
/// use repro_htest::{student_t_test, TTestOptions};
///
/// // R: t.test(c(1, 2, 3, 4), c(3, 5, 7), var.equal = TRUE): t = -2.03, df = 5, p = 0.09811
/// let test = student_t_test(&[1.0, 2.0, 3.0, 4.0], &[3.0, 5.0, 7.0], TTestOptions::default())?;
/// assert_eq!(test.df, 5.0);
/// assert!((test.t - -2.0299948573528752).abs() < 1e-13);
/// assert!((test.p_value - 0.098111821255730064).abs() < 1e-13);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn student_t_test(
    x: &[f64],
    y: &[f64],
    options: TTestOptions,
) -> Result<TwoSampleTTest, HtestError> {
    check_t_input(x, y, options, VarianceAssumption::Equal)?;
    let (n_x, n_y) = (x.len() as f64, y.len() as f64);
    let df = n_x + n_y - 2.0;
    let mut pooled = 0.0;
    if let Some(v) = variance(x) {
        pooled += (n_x - 1.0) * v;
    }
    if let Some(v) = variance(y) {
        pooled += (n_y - 1.0) * v;
    }
    pooled /= df;
    let se = (pooled * (1.0 / n_x + 1.0 / n_y)).sqrt();
    finish_t_test(x, y, se, df, options, VarianceAssumption::Equal)
}

/// Computes Welch's two-sample t-test, as R 4.2's default `t.test(x, y)` (Welch 1947).
///
/// With `s_x = sqrt(var(x) / n_x)` and `s_y` likewise, `se = sqrt(s_x^2 + s_y^2)` and the
/// Welch-Satterthwaite degrees of freedom are
/// `se^4 / (s_x^4 / (n_x - 1) + s_y^4 / (n_y - 1))`. P value and interval are as in
/// [`crate::paired_t_test`], with those df.
///
/// # Errors
///
/// As [`student_t_test`], except that each sample needs at least 2 values (R stops
/// with "not enough 'x' observations" or "not enough 'y' observations").
///
/// ```
/// use repro_htest::{welch_t_test, Alternative, TTestOptions};
///
/// // R: t.test(c(1, 2, 3, 4), c(3, 5, 7), alternative = "less"):
/// // t = -1.8898, df = 3.2347, p-value = 0.07424
/// let options = TTestOptions { alternative: Alternative::Less, ..TTestOptions::default() };
/// let test = welch_t_test(&[1.0, 2.0, 3.0, 4.0], &[3.0, 5.0, 7.0], options)?;
/// assert!((test.df - 3.2347188264058691).abs() < 1e-12);
/// assert!((test.p_value - 0.074235673513442582).abs() < 1e-13);
/// assert_eq!(test.ci.lower, f64::NEG_INFINITY);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn welch_t_test(
    x: &[f64],
    y: &[f64],
    options: TTestOptions,
) -> Result<TwoSampleTTest, HtestError> {
    check_t_input(x, y, options, VarianceAssumption::Unequal)?;
    let (n_x, n_y) = (x.len() as f64, y.len() as f64);
    // Both samples have at least 2 values here, so the variances exist.
    let se_x = (variance(x).unwrap_or(f64::NAN) / n_x).sqrt();
    let se_y = (variance(y).unwrap_or(f64::NAN) / n_y).sqrt();
    let se = (se_x * se_x + se_y * se_y).sqrt();
    let df = se.powi(4) / (se_x.powi(4) / (n_x - 1.0) + se_y.powi(4) / (n_y - 1.0));
    finish_t_test(x, y, se, df, options, VarianceAssumption::Unequal)
}

/// Rejects input where R's `t.test` stops before computing anything.
fn check_t_input(
    x: &[f64],
    y: &[f64],
    options: TTestOptions,
    assumption: VarianceAssumption,
) -> Result<(), HtestError> {
    check_finite("x", x)?;
    check_finite("y", y)?;
    check_conf_level(options.conf_level)?;
    let needed = match assumption {
        VarianceAssumption::Equal => 1,
        VarianceAssumption::Unequal => 2,
    };
    for (sample, values) in [("x", x), ("y", y)] {
        if values.len() < needed {
            return Err(HtestError::NotEnoughObservations {
                sample,
                n: values.len(),
                needed,
                non_missing: false,
            });
        }
    }
    if x.len() + y.len() < 3 {
        return Err(HtestError::NotEnoughObservations {
            sample: "",
            n: x.len() + y.len(),
            needed: 3,
            non_missing: false,
        });
    }
    Ok(())
}

/// Applies R's "essentially constant" check and computes t, P value and interval.
fn finish_t_test(
    x: &[f64],
    y: &[f64],
    se: f64,
    df: f64,
    options: TTestOptions,
    assumption: VarianceAssumption,
) -> Result<TwoSampleTTest, HtestError> {
    // Both samples are non-empty here, so the means exist.
    let mean_x = mean(x).unwrap_or(f64::NAN);
    let mean_y = mean(y).unwrap_or(f64::NAN);
    let larger_mean = mean_x.abs().max(mean_y.abs());
    if se < 10.0 * f64::EPSILON * larger_mean {
        return Err(HtestError::EssentiallyConstant {
            mean: larger_mean,
            std_error: se,
        });
    }
    let inference = t_inference(
        mean_x - mean_y,
        se,
        df,
        options.alternative,
        options.conf_level,
    );
    Ok(TwoSampleTTest {
        n_x: x.len(),
        n_y: y.len(),
        mean_x,
        mean_y,
        se,
        t: inference.t,
        df,
        p_value: inference.p,
        ci: inference.ci,
        assumption,
        alternative: options.alternative,
    })
}

/// The result of a Wilcoxon rank-sum (Mann-Whitney) test of `x` against `y`.
#[derive(Clone, Debug, PartialEq)]
pub struct RankSumTest {
    /// Size of `x`.
    pub n_x: usize,
    /// Size of `y`.
    pub n_y: usize,
    /// R's `W`: the sum of the ranks of `x` in the pooled sample minus `n_x (n_x + 1) / 2`,
    /// which equals the Mann-Whitney U of `x` (ties counting 1/2).
    pub statistic: f64,
    /// P value for `alternative`.
    pub p_value: f64,
    /// Whether the P value is exact or from the normal approximation.
    pub method: WilcoxonMethod,
    /// Whether the pooled sample has tied values.
    pub ties: bool,
    /// The alternative hypothesis that `p_value` refers to.
    pub alternative: Alternative,
}

/// Computes the Wilcoxon rank-sum (Mann-Whitney) test, as R 4.2's `wilcox.test(x, y)`
/// (Wilcoxon 1945; Mann & Whitney 1947).
///
/// Conventions, all R's:
/// - `W` is the sum of the average ranks of `x` in the pooled sample minus
///   `n_x (n_x + 1) / 2`;
/// - with [`ExactPolicy::Auto`] the P value is exact iff `n_x < 50`, `n_y < 50` and no
///   two pooled values are tied; the two-sided exact P value is
///   `min(1, 2 * min(P(W <= w), P(W >= w)))`, from the null distribution counted by
///   dynamic programming;
/// - otherwise the normal approximation is used, with variance
///   `n_x n_y / 12 * ((n_x + n_y + 1) - sum(t^3 - t) / ((n_x + n_y)(n_x + n_y - 1)))` over
///   groups of `t` tied values, and (by default) the continuity correction
///   `0.5 * sign(W - n_x n_y / 2)`.
///
/// When every pooled value is equal, the normal approximation gives 0/0 and the P value
/// is NaN, as R's.
///
/// # Errors
///
/// - [`HtestError::NonFinite`] for a NaN or infinite value (R drops them silently).
/// - [`HtestError::NotEnoughObservations`] when `x` or `y` is empty, as R stops.
///
/// ```
/// use repro_htest::{wilcoxon_rank_sum, WilcoxonOptions};
///
/// // R: wilcox.test(c(1.1, 2.3, 0.4), c(3.5, 4.2, 2.9, 5.0)): W = 0, p-value = 0.05714
/// let test = wilcoxon_rank_sum(&[1.1, 2.3, 0.4], &[3.5, 4.2, 2.9, 5.0], WilcoxonOptions::default())?;
/// assert_eq!(test.statistic, 0.0);
/// assert!(test.method.is_exact());
/// assert!((test.p_value - 2.0 / 35.0).abs() < 1e-15);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn wilcoxon_rank_sum(
    x: &[f64],
    y: &[f64],
    options: WilcoxonOptions,
) -> Result<RankSumTest, HtestError> {
    check_finite("x", x)?;
    check_finite("y", y)?;
    if x.is_empty() {
        return Err(HtestError::NotEnoughObservations {
            sample: "x",
            n: 0,
            needed: 1,
            non_missing: true,
        });
    }
    if y.is_empty() {
        return Err(HtestError::NotEnoughObservations {
            sample: "y",
            n: 0,
            needed: 1,
            non_missing: false,
        });
    }

    let pooled: Vec<f64> = x.iter().chain(y).copied().collect();
    let ranking = average_ranks(&pooled);
    let (n_x, n_y) = (x.len() as f64, y.len() as f64);
    let rank_sum_x: f64 = ranking.ranks[..x.len()].iter().sum();
    let statistic = rank_sum_x - n_x * (n_x + 1.0) / 2.0;
    let ties = ranking.has_ties();

    let wants_exact = match options.exact {
        ExactPolicy::Auto => x.len() < 50 && y.len() < 50,
        ExactPolicy::Exact => true,
        ExactPolicy::Normal => false,
    };
    let exact = wants_exact && !ties && rank_sum_steps(x.len(), y.len()) <= MAX_EXACT_STEPS;

    let (p_value, method) = if exact {
        let p = rank_sum_exact_p(statistic, x.len(), y.len(), options.alternative);
        (p, WilcoxonMethod::Exact)
    } else {
        let centred = statistic - n_x * n_y / 2.0;
        let total = n_x + n_y;
        let sigma = ((n_x * n_y / 12.0)
            * ((total + 1.0) - ranking.tie_term() / (total * (total - 1.0))))
            .sqrt();
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

    Ok(RankSumTest {
        n_x: x.len(),
        n_y: y.len(),
        statistic,
        p_value,
        method,
        ties,
        alternative: options.alternative,
    })
}

/// Computes the exact P value of the rank-sum statistic `w`, in the same order of
/// operations as R 4.2's `wilcox.test`.
fn rank_sum_exact_p(w: f64, n_x: usize, n_y: usize, alternative: Alternative) -> f64 {
    match alternative {
        Alternative::TwoSided => {
            let p = if w > (n_x * n_y) as f64 / 2.0 {
                pwilcox(w - 1.0, n_x, n_y, false)
            } else {
                pwilcox(w, n_x, n_y, true)
            };
            (2.0 * p).min(1.0)
        }
        Alternative::Greater => pwilcox(w - 1.0, n_x, n_y, false),
        Alternative::Less => pwilcox(w, n_x, n_y, true),
    }
}
