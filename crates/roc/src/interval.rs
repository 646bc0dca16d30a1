//! Standard errors and confidence intervals of one AUC: DeLong, Hanley-McNeil, bootstrap.

use crate::bootstrap::bootstrap_aucs;
use crate::delong::{delong_variance, require_two_per_class};
use crate::error::{RocError, Unavailable};
use crate::marker::{Direction, Marker};
use statrs::distribution::{ContinuousCDF, Normal};

/// A two-sided confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
}

/// Method of the SE and the confidence interval of an AUC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntervalMethod {
    /// DeLong, DeLong & Clarke-Pearson (1988) variance; normal interval clipped to
    /// [0, 1], as pROC 1.18's `ci.auc(method = "delong")`.
    DeLong,
    /// Hanley & McNeil (1982) SE from the AUC and the class sizes, the form SPSS
    /// reports; normal interval clipped to [0, 1].
    HanleyMcNeil,
    /// Stratified bootstrap: cases and controls resampled separately with
    /// replacement. The SE is the standard deviation of the replicate AUCs and the
    /// interval their 2.5 % and 97.5 % type-7 quantiles (for a 95 % level), as
    /// pROC's `ci.auc(method = "bootstrap", boot.stratified = TRUE)`.
    Bootstrap {
        /// Number of bootstrap replicates (pROC's default is 2000).
        replicates: usize,
        /// Seed of the ChaCha20 generator; replicate `i` uses stream `i`.
        seed: u64,
    },
}

impl IntervalMethod {
    /// Returns the name of the SE method: `"delong"`, `"hanley-mcneil"` or `"bootstrap"`.
    pub fn se_name(self) -> &'static str {
        match self {
            IntervalMethod::DeLong => "delong",
            IntervalMethod::HanleyMcNeil => "hanley-mcneil",
            IntervalMethod::Bootstrap { .. } => "bootstrap",
        }
    }

    /// Returns the name of the interval construction.
    pub fn ci_name(self) -> &'static str {
        match self {
            IntervalMethod::DeLong | IntervalMethod::HanleyMcNeil => "normal, clipped to [0, 1]",
            IntervalMethod::Bootstrap { .. } => "stratified bootstrap percentile",
        }
    }
}

/// An AUC with its SE and confidence interval, naming the method that produced them.
#[derive(Clone, Debug, PartialEq)]
pub struct AucEstimate {
    /// The Mann-Whitney AUC, ties counted ½, in the stated direction.
    pub auc: f64,
    /// Direction the AUC was computed in.
    pub direction: Direction,
    /// Method of the SE and the interval.
    pub method: IntervalMethod,
    /// Confidence level of the interval, such as 0.95.
    pub level: f64,
    /// Standard error, `None` when undefined (see `unavailable`).
    pub se: Option<f64>,
    /// Confidence interval, `None` when undefined (see `unavailable`).
    pub ci: Option<Interval>,
    /// Reason why `se` and `ci` are `None`.
    pub unavailable: Option<Unavailable>,
    /// Caveat: the SE is exactly 0 (for example AUC = 1), so the interval has zero
    /// width and understates the uncertainty of a finite sample.
    pub zero_se: bool,
}

/// Returns the standard normal quantile of a two-sided interval, 1.959964 for 0.95.
pub(crate) fn normal_quantile(level: f64) -> f64 {
    let standard = Normal::standard();
    standard.inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

pub(crate) fn check_level(level: f64) -> Result<(), RocError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(RocError::InvalidConfidenceLevel(level))
    }
}

/// Computes Hanley & McNeil's (1982) standard error of an AUC.
///
/// `SE² = [A(1−A) + (m−1)(Q1 − A²) + (n−1)(Q2 − A²)] / (m·n)` with `Q1 = A/(2−A)`,
/// `Q2 = 2A²/(1+A)`, `m` cases and `n` controls. It is evaluated in the equivalent
/// form `A(1−A)·[1 + (m−1)(1−A)/(2−A) + (n−1)·A/(1+A)] / (m·n)`, which has no
/// cancellation, so the SE is exactly 0 at A = 0 and A = 1.
///
/// # Examples
///
/// ```
/// use repro_roc::hanley_mcneil_se;
///
/// // A = 0.5, m = n = 2: Q1 = 1/3, Q2 = 1/3, SE² = (0.25 + 1/12 + 1/12) / 4 = 5/48.
/// let se = hanley_mcneil_se(0.5, 2, 2);
/// assert!((se - (5.0_f64 / 48.0).sqrt()).abs() < 1e-15);
/// ```
pub fn hanley_mcneil_se(auc: f64, n_positive: u64, n_negative: u64) -> f64 {
    let a = auc;
    let (m, n) = (n_positive as f64, n_negative as f64);
    let bracket = 1.0 + (m - 1.0) * (1.0 - a) / (2.0 - a) + (n - 1.0) * a / (1.0 + a);
    (a * (1.0 - a) * bracket / (m * n)).sqrt()
}

impl Marker {
    /// Estimates the AUC with its SE and confidence interval by the given method.
    ///
    /// The interval of the normal methods is `auc ± z·SE`, clipped to [0, 1] as
    /// pROC 1.18 clips it, with `z` the standard normal quantile (1.959964 at 95 %).
    /// With a single case or control the SE and interval are `None`, and
    /// `unavailable` gives the reason. With an SE of exactly 0 the interval is [auc, auc] and
    /// `zero_se` flags it.
    ///
    /// # Errors
    ///
    /// [`RocError::InvalidConfidenceLevel`] unless `0 < level < 1`, and
    /// [`RocError::NoReplicates`] for a bootstrap with 0 replicates.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, IntervalMethod, Marker};
    ///
    /// // pROC reference case roc_youden_tied_thresholds: AUC 0.5, DeLong SE 0.25,
    /// // 95 % CI 0.010009003864986599 to 0.9899909961350134 in R.
    /// let marker = Marker::new(
    ///     &[2.0, 3.0, 6.0, 7.0, 1.0, 4.0, 5.0, 8.0],
    ///     &[true, true, true, true, false, false, false, false],
    /// )
    /// .unwrap();
    /// let estimate = marker.auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95).unwrap();
    /// assert_eq!(estimate.auc, 0.5);
    /// assert_eq!(estimate.se, Some(0.25));
    /// let ci = estimate.ci.unwrap();
    /// assert!((ci.lower - 0.010009003864986599).abs() < 1e-12);
    /// ```
    pub fn auc_estimate(
        &self,
        direction: Direction,
        method: IntervalMethod,
        level: f64,
    ) -> Result<AucEstimate, RocError> {
        check_level(level)?;
        if let IntervalMethod::Bootstrap { replicates: 0, .. } = method {
            return Err(RocError::NoReplicates);
        }
        let auc = self.auc(direction);
        let mut estimate = AucEstimate {
            auc,
            direction,
            method,
            level,
            se: None,
            ci: None,
            unavailable: None,
            zero_se: false,
        };
        if let Err(reason) = require_two_per_class(self) {
            estimate.unavailable = Some(reason);
            return Ok(estimate);
        }

        let (se, ci) = match method {
            IntervalMethod::DeLong => match delong_variance(self, direction) {
                Ok(variance) => {
                    let se = variance.sqrt();
                    (se, clipped_normal_interval(auc, se, level))
                }
                Err(reason) => {
                    estimate.unavailable = Some(reason);
                    return Ok(estimate);
                }
            },
            IntervalMethod::HanleyMcNeil => {
                let se = hanley_mcneil_se(auc, self.n_positive(), self.n_negative());
                (se, clipped_normal_interval(auc, se, level))
            }
            IntervalMethod::Bootstrap { replicates, seed } => {
                let mut aucs = bootstrap_aucs(self, direction, replicates, seed);
                let se = sample_sd(&aucs);
                aucs.sort_unstable_by(f64::total_cmp);
                let alpha = (1.0 - level) / 2.0;
                let ci = Interval {
                    lower: quantile_type7(&aucs, alpha),
                    upper: quantile_type7(&aucs, 1.0 - alpha),
                };
                (se, ci)
            }
        };
        estimate.se = Some(se);
        estimate.ci = Some(ci);
        estimate.zero_se = se == 0.0;
        Ok(estimate)
    }
}

/// `estimate ± z·se`, each limit clipped to [0, 1].
fn clipped_normal_interval(estimate: f64, se: f64, level: f64) -> Interval {
    let half_width = normal_quantile(level) * se;
    Interval {
        lower: (estimate - half_width).clamp(0.0, 1.0),
        upper: (estimate + half_width).clamp(0.0, 1.0),
    }
}

/// Sample standard deviation (denominator `k − 1`); 0 for a single value.
fn sample_sd(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let k = values.len() as f64;
    let mean = values.iter().sum::<f64>() / k;
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (squares / (k - 1.0)).sqrt()
}

/// R's default (type 7) quantile of ascending `sorted` values at probability `p`.
fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * p;
    let below = position.floor() as usize;
    let fraction = position - below as f64;
    match sorted.get(below + 1) {
        Some(&next) if fraction > 0.0 => sorted[below] + fraction * (next - sorted[below]),
        _ => sorted[below],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Class;

    fn marker(scores: &[f64], positive: &[bool]) -> Marker {
        Marker::new(scores, positive).expect("valid test marker")
    }

    #[test]
    fn normal_quantile_matches_r() {
        // qnorm(0.975) in R 4.2.2.
        assert!((normal_quantile(0.95) - 1.959963984540054).abs() < 1e-14);
    }

    #[test]
    fn perfect_marker_gives_degenerate_interval_with_caveat() {
        let m = marker(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]);
        for method in [IntervalMethod::DeLong, IntervalMethod::HanleyMcNeil] {
            let estimate = m.auc_estimate(Direction::Higher, method, 0.95).unwrap();
            assert_eq!(estimate.auc, 1.0);
            assert_eq!(estimate.se, Some(0.0));
            assert_eq!(
                estimate.ci,
                Some(Interval {
                    lower: 1.0,
                    upper: 1.0
                })
            );
            assert!(estimate.zero_se);
        }
    }

    #[test]
    fn single_case_reports_reason_not_interval() {
        let m = marker(&[1.0, 2.0, 3.0], &[false, true, false]);
        for method in [
            IntervalMethod::DeLong,
            IntervalMethod::HanleyMcNeil,
            IntervalMethod::Bootstrap {
                replicates: 10,
                seed: 1,
            },
        ] {
            let estimate = m.auc_estimate(Direction::Higher, method, 0.95).unwrap();
            assert_eq!(estimate.auc, 0.5);
            assert_eq!(estimate.se, None);
            assert_eq!(estimate.ci, None);
            assert_eq!(
                estimate.unavailable,
                Some(Unavailable::SingleObservation(Class::Positive))
            );
            assert!(!estimate.zero_se);
        }
    }

    #[test]
    fn invalid_level_is_rejected() {
        let m = marker(&[1.0, 2.0, 3.0, 4.0], &[false, true, false, true]);
        for level in [0.0, 1.0, 95.0, f64::NAN] {
            let result = m.auc_estimate(Direction::Higher, IntervalMethod::DeLong, level);
            assert!(
                matches!(result, Err(RocError::InvalidConfidenceLevel(_))),
                "{level}"
            );
        }
    }

    #[test]
    fn zero_replicates_is_rejected() {
        let m = marker(&[1.0, 2.0, 3.0, 4.0], &[false, true, false, true]);
        let method = IntervalMethod::Bootstrap {
            replicates: 0,
            seed: 1,
        };
        assert_eq!(
            m.auc_estimate(Direction::Higher, method, 0.95),
            Err(RocError::NoReplicates)
        );
    }

    #[test]
    fn hanley_mcneil_matches_textbook_form() {
        let (a, m, n) = (0.8_f64, 30_u64, 45_u64);
        let q1 = a / (2.0 - a);
        let q2 = 2.0 * a * a / (1.0 + a);
        let textbook =
            ((a * (1.0 - a) + (m as f64 - 1.0) * (q1 - a * a) + (n as f64 - 1.0) * (q2 - a * a))
                / (m * n) as f64)
                .sqrt();
        assert!((hanley_mcneil_se(a, m, n) - textbook).abs() < 1e-15);
    }

    #[test]
    fn type7_quantile_interpolates() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_type7(&sorted, 0.0), 1.0);
        assert_eq!(quantile_type7(&sorted, 0.5), 2.5);
        assert_eq!(quantile_type7(&sorted, 1.0), 4.0);
    }
}
