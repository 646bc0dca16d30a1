//! Optimal cut-offs (Youden, closest to (0, 1)) and the accuracy at a chosen cut-off.

use crate::curve::{Comparison, RocCurve, RocPoint, ThresholdRule};
use crate::error::RocError;
use crate::interval::{Interval, check_level};
use crate::marker::{Direction, Marker};
use statrs::distribution::{Beta, ContinuousCDF};

/// Youden-optimal thresholds of a curve under two tie rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Youden {
    /// Youden's J = sensitivity + specificity − 1 at the exact optimum.
    pub index: f64,
    /// Every threshold whose J is maximal in exact integer arithmetic
    /// (`tp·n_neg + tn·n_pos` maximal), by increasing specificity.
    pub optima: Vec<RocPoint>,
    /// Every threshold pROC 1.18's `coords(roc, "best", best.method = "youden")`
    /// returns: those whose `se + sp`, computed in doubles, equals the double maximum.
    /// Rounding can drop exact ties from this list, or in large samples admit a
    /// point that is not an exact optimum.
    pub optima_proc: Vec<RocPoint>,
}

impl Youden {
    /// Returns the first exact optimum (the one with the lowest specificity), or
    /// `None` for a curve without points.
    pub fn best(&self) -> Option<&RocPoint> {
        self.optima.first()
    }
}

/// Finds the Youden-optimal thresholds of a curve (Youden 1950).
///
/// J = sensitivity + specificity − 1, the index itself rather than pROC's `se + sp`
/// (the two differ by the constant 1, so they pick the same thresholds). Ties are
/// decided exactly: a threshold is optimal when `tp·n_neg + tn·n_pos` is maximal.
/// [`Youden::optima_proc`] contains pROC's list, found by comparing `se + sp` as doubles.
/// Both lists keep the curve's order of increasing specificity.
///
/// # Examples
///
/// ```
/// use repro_roc::{youden, Direction, Marker, ThresholdRule};
///
/// // Labels 0,0,0,0,1,1,1,1 with scores 1,2,5,6,3,4,7,8: two optima with J = 0.5.
/// let marker = Marker::new(
///     &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
///     &[false, false, false, false, true, true, true, true],
/// )
/// .unwrap();
/// let result = youden(&marker.curve(Direction::Higher, ThresholdRule::Midpoints));
/// assert_eq!(result.index, 0.5);
/// let thresholds: Vec<f64> = result.optima.iter().map(|p| p.threshold).collect();
/// assert_eq!(thresholds, [2.5, 6.5]);
/// assert_eq!(result.optima[0].sensitivity(), 1.0);
/// assert_eq!(result.optima[1].specificity(), 1.0);
/// ```
pub fn youden(curve: &RocCurve) -> Youden {
    let best_key = curve
        .points
        .iter()
        .map(RocPoint::youden_key)
        .max()
        .unwrap_or(0);
    let optima: Vec<RocPoint> = curve
        .points
        .iter()
        .filter(|p| p.youden_key() == best_key)
        .copied()
        .collect();

    let proc_criterion = |p: &RocPoint| p.sensitivity() + p.specificity();
    let best_double = curve
        .points
        .iter()
        .map(proc_criterion)
        .fold(f64::NEG_INFINITY, f64::max);
    let optima_proc = curve
        .points
        .iter()
        .filter(|p| proc_criterion(p) == best_double)
        .copied()
        .collect();

    Youden {
        index: optima.first().map_or(0.0, RocPoint::youden_index),
        optima,
        optima_proc,
    }
}

/// Finds the thresholds closest to the top-left corner (0, 1) of the ROC plot.
///
/// The distance is `(1 − se)² + (1 − sp)²`, pROC's `best.method = "closest.topleft"`
/// with the default weights. Ties are decided in exact integer arithmetic
/// (`fn²·n_neg² + fp²·n_pos²` minimal), and all tied points are returned by
/// increasing specificity.
///
/// # Examples
///
/// ```
/// use repro_roc::{closest_topleft, Direction, Marker, ThresholdRule};
///
/// let marker = Marker::new(
///     &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
///     &[false, false, false, false, true, true, true, true],
/// )
/// .unwrap();
/// let points = closest_topleft(&marker.curve(Direction::Higher, ThresholdRule::Midpoints));
/// // Distance² 0.25 at 2.5 (se 1, sp 0.5) and at 6.5 (se 0.5, sp 1).
/// let thresholds: Vec<f64> = points.iter().map(|p| p.threshold).collect();
/// assert_eq!(thresholds, [2.5, 6.5]);
/// ```
pub fn closest_topleft(curve: &RocCurve) -> Vec<RocPoint> {
    let best_key = curve
        .points
        .iter()
        .map(RocPoint::topleft_key)
        .min()
        .unwrap_or(0);
    curve
        .points
        .iter()
        .filter(|p| p.topleft_key() == best_key)
        .copied()
        .collect()
}

/// A binomial proportion with its counts and Clopper-Pearson interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proportion {
    /// Numerator, for example true positives for the sensitivity.
    pub successes: u64,
    /// Denominator, for example all cases for the sensitivity.
    pub trials: u64,
    /// `successes / trials`.
    pub estimate: f64,
    /// Clopper-Pearson exact interval.
    pub ci: Interval,
}

impl Proportion {
    /// Builds a proportion with its Clopper-Pearson interval; `None` when `trials` is 0.
    fn new(successes: u64, trials: u64, level: f64) -> Option<Self> {
        let ci = clopper_pearson(successes, trials, level).ok()?;
        Some(Proportion {
            successes,
            trials,
            estimate: successes as f64 / trials as f64,
            ci,
        })
    }
}

/// Diagnostic accuracy at one cut-off.
#[derive(Clone, Debug, PartialEq)]
pub struct CutoffSummary {
    /// The confusion counts at the cut-off, with its threshold and comparison.
    pub point: RocPoint,
    /// Sensitivity `tp / n_pos`.
    pub sensitivity: Proportion,
    /// Specificity `tn / n_neg`.
    pub specificity: Proportion,
    /// Positive predictive value `tp / (tp + fp)`; `None` when no row is called positive.
    pub ppv: Option<Proportion>,
    /// Negative predictive value `tn / (tn + fn)`; `None` when no row is called negative.
    pub npv: Option<Proportion>,
    /// Positive likelihood ratio `se / (1 − sp)`; `+∞` when sp = 1 < se, `None` for 0/0.
    pub lr_positive: Option<f64>,
    /// Negative likelihood ratio `(1 − se) / sp`; `+∞` when sp = 0 and se < 1, `None` for 0/0.
    pub lr_negative: Option<f64>,
}

/// Computes the Clopper-Pearson (1934) exact confidence interval of a binomial proportion.
///
/// The limits are Beta quantiles: `lower = B(α/2; x, n − x + 1)` (0 when x = 0) and
/// `upper = B(1 − α/2; x + 1, n − x)` (1 when x = n), as R's `binom.test`.
///
/// # Errors
///
/// [`RocError::InvalidCount`] when `trials` is 0 or `successes > trials`, and
/// [`RocError::InvalidConfidenceLevel`] unless `0 < level < 1`.
///
/// # Examples
///
/// ```
/// use repro_roc::clopper_pearson;
///
/// // x = n: the lower limit is (α/2)^(1/n) exactly.
/// let ci = clopper_pearson(4, 4, 0.95).unwrap();
/// assert!((ci.lower - 0.025_f64.powf(0.25)).abs() < 1e-12);
/// assert_eq!(ci.upper, 1.0);
///
/// // binom.test(57, 65) in R 4.2.2: 0.77181410593862410 to 0.94533689839811297.
/// let ci = clopper_pearson(57, 65, 0.95).unwrap();
/// assert!((ci.lower - 0.77181410593862410).abs() < 1e-12);
/// assert!((ci.upper - 0.94533689839811297).abs() < 1e-12);
/// ```
pub fn clopper_pearson(successes: u64, trials: u64, level: f64) -> Result<Interval, RocError> {
    check_level(level)?;
    if trials == 0 || successes > trials {
        return Err(RocError::InvalidCount { successes, trials });
    }
    let alpha = 1.0 - level;
    let (x, n) = (successes as f64, trials as f64);
    let lower = if successes == 0 {
        0.0
    } else {
        beta_quantile(x, n - x + 1.0, alpha / 2.0)
    };
    let upper = if successes == trials {
        1.0
    } else {
        beta_quantile(x + 1.0, n - x, 1.0 - alpha / 2.0)
    };
    Ok(Interval { lower, upper })
}

/// Quantile of Beta(a, b) at `p`; the shapes are positive by construction.
fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    match Beta::new(a, b) {
        Ok(distribution) => distribution.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// `numerator / denominator` for likelihood ratios: `None` for 0/0, `+∞` for x/0.
fn ratio(numerator: u128, denominator: u128) -> Option<f64> {
    match (numerator, denominator) {
        (0, 0) => None,
        (_, 0) => Some(f64::INFINITY),
        _ => Some(numerator as f64 / denominator as f64),
    }
}

impl Marker {
    /// Computes sensitivity, specificity, predictive values and likelihood ratios at a cut-off.
    ///
    /// A row is called positive when `x >= threshold` (direction higher) or
    /// `x <= threshold` (lower). Sensitivity and specificity come with their counts
    /// (for example 57/65) and Clopper-Pearson (1934) exact intervals; PPV and NPV
    /// too. The likelihood ratios are `LR+ = se/(1 − sp)` and `LR− = (1 − se)/sp`,
    /// computed from the counts as `tp·n_neg / (fp·n_pos)` and `fn·n_neg / (tn·n_pos)`.
    ///
    /// # Errors
    ///
    /// [`RocError::InvalidThreshold`] for a NaN threshold and
    /// [`RocError::InvalidConfidenceLevel`] unless `0 < level < 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, Marker};
    ///
    /// let marker = Marker::new(
    ///     &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
    ///     &[false, false, false, false, true, true, true, true],
    /// )
    /// .unwrap();
    /// let summary = marker.cutoff_summary(Direction::Higher, 2.5, 0.95).unwrap();
    /// assert_eq!((summary.sensitivity.successes, summary.sensitivity.trials), (4, 4));
    /// assert_eq!((summary.specificity.successes, summary.specificity.trials), (2, 4));
    /// assert_eq!(summary.lr_positive, Some(2.0));
    /// assert_eq!(summary.lr_negative, Some(0.0));
    /// ```
    pub fn cutoff_summary(
        &self,
        direction: Direction,
        threshold: f64,
        level: f64,
    ) -> Result<CutoffSummary, RocError> {
        check_level(level)?;
        if threshold.is_nan() {
            return Err(RocError::InvalidThreshold(threshold));
        }
        let values = self.distinct_values();
        // Groups `..split` lie below the threshold (higher) or at or below it (lower).
        let split = match direction {
            Direction::Higher => values.partition_point(|&x| x < threshold),
            Direction::Lower => values.partition_point(|&x| x <= threshold),
        };
        let cases_below: u64 = self.case_counts()[..split].iter().sum();
        let controls_below: u64 = self.control_counts()[..split].iter().sum();
        let (tp, fp) = match direction {
            Direction::Higher => (
                self.n_positive() - cases_below,
                self.n_negative() - controls_below,
            ),
            Direction::Lower => (cases_below, controls_below),
        };
        let point = RocPoint {
            threshold,
            comparison: Comparison::of(direction),
            true_positives: tp,
            false_positives: fp,
            true_negatives: self.n_negative() - fp,
            false_negatives: self.n_positive() - tp,
        };
        Ok(self.summarise_point(point, level))
    }

    /// Builds the accuracy summary of a point already on a curve of this marker.
    pub(crate) fn summarise_point(&self, point: RocPoint, level: f64) -> CutoffSummary {
        let (n_pos, n_neg) = (self.n_positive(), self.n_negative());
        let tn = point.true_negatives;
        let false_negatives = point.false_negatives;
        let (tp, fp) = (point.true_positives, point.false_positives);
        let sensitivity = Proportion::new(tp, n_pos, level);
        let specificity = Proportion::new(tn, n_neg, level);
        CutoffSummary {
            point,
            // A marker has at least one case and one control, so these are always Some.
            sensitivity: sensitivity.unwrap_or(Proportion {
                successes: tp,
                trials: n_pos,
                estimate: f64::NAN,
                ci: Interval {
                    lower: f64::NAN,
                    upper: f64::NAN,
                },
            }),
            specificity: specificity.unwrap_or(Proportion {
                successes: tn,
                trials: n_neg,
                estimate: f64::NAN,
                ci: Interval {
                    lower: f64::NAN,
                    upper: f64::NAN,
                },
            }),
            ppv: Proportion::new(tp, tp + fp, level),
            npv: Proportion::new(tn, tn + false_negatives, level),
            lr_positive: ratio(tp as u128 * n_neg as u128, fp as u128 * n_pos as u128),
            lr_negative: ratio(
                false_negatives as u128 * n_neg as u128,
                tn as u128 * n_pos as u128,
            ),
        }
    }
}

/// Returns the curve of `marker` with pROC's midpoint thresholds, for the Youden search.
pub(crate) fn midpoint_curve(marker: &Marker, direction: Direction) -> RocCurve {
    marker.curve(direction, ThresholdRule::Midpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(scores: &[f64], positive: &[bool]) -> Marker {
        Marker::new(scores, positive).expect("valid test marker")
    }

    #[test]
    fn issue_example_has_two_youden_optima() {
        let m = marker(
            &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
            &[false, false, false, false, true, true, true, true],
        );
        assert_eq!(m.auc(Direction::Higher), 0.75);
        let result = youden(&midpoint_curve(&m, Direction::Higher));
        assert_eq!(result.index, 0.5);
        assert_eq!(result.optima.len(), 2);
        assert_eq!(result.optima[0].threshold, 2.5);
        assert_eq!(result.optima[0].sensitivity(), 1.0);
        assert_eq!(result.optima[0].specificity(), 0.5);
        assert_eq!(result.optima[1].threshold, 6.5);
        assert_eq!(result.optima[1].sensitivity(), 0.5);
        assert_eq!(result.optima[1].specificity(), 1.0);
        assert_eq!(result.optima_proc, result.optima);
    }

    #[test]
    fn constant_marker_ties_at_both_infinities() {
        let m = marker(&[3.0; 5], &[true, false, true, false, false]);
        assert_eq!(m.auc(Direction::Higher), 0.5);
        let result = youden(&midpoint_curve(&m, Direction::Higher));
        let thresholds: Vec<f64> = result.optima.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds, [f64::NEG_INFINITY, f64::INFINITY]);
        assert_eq!(result.index, 0.0);
        assert_eq!(result.optima_proc.len(), 2);
    }

    #[test]
    fn lower_direction_optima_descend() {
        let m = marker(
            &[-1.0, -2.0, -5.0, -6.0, -3.0, -4.0, -7.0, -8.0],
            &[false, false, false, false, true, true, true, true],
        );
        let result = youden(&midpoint_curve(&m, Direction::Lower));
        let thresholds: Vec<f64> = result.optima.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds, [-2.5, -6.5]);
    }

    #[test]
    fn cutoff_counts_respect_comparison() {
        let m = marker(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]);
        let higher = m.cutoff_summary(Direction::Higher, 2.0, 0.95).unwrap();
        assert_eq!(higher.point.true_positives, 2);
        assert_eq!(higher.point.false_positives, 1);
        let lower = m.cutoff_summary(Direction::Lower, 2.0, 0.95).unwrap();
        assert_eq!(lower.point.true_positives, 1);
        assert_eq!(lower.point.false_positives, 2);
        assert_eq!(lower.point.comparison.as_str(), "<=");
    }

    #[test]
    fn cutoff_rejects_nan() {
        let m = marker(&[1.0, 2.0], &[false, true]);
        assert!(matches!(
            m.cutoff_summary(Direction::Higher, f64::NAN, 0.95),
            Err(RocError::InvalidThreshold(_))
        ));
    }

    #[test]
    fn cutoff_above_all_values_has_no_ppv() {
        let m = marker(&[1.0, 2.0, 3.0], &[false, true, true]);
        let summary = m
            .cutoff_summary(Direction::Higher, f64::INFINITY, 0.95)
            .unwrap();
        assert_eq!(summary.ppv, None);
        assert_eq!(summary.lr_positive, None);
        assert_eq!(summary.sensitivity.estimate, 0.0);
        assert_eq!(summary.specificity.estimate, 1.0);
        assert_eq!(summary.lr_negative, Some(1.0));
    }

    #[test]
    fn perfect_cutoff_has_infinite_positive_ratio() {
        let m = marker(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]);
        let summary = m.cutoff_summary(Direction::Higher, 2.5, 0.95).unwrap();
        assert_eq!(summary.lr_positive, Some(f64::INFINITY));
        assert_eq!(summary.lr_negative, Some(0.0));
    }

    #[test]
    #[allow(clippy::excessive_precision)] // R's values, printed with 17 digits
    fn clopper_pearson_matches_r() {
        // binom.test(x, n)$conf.int in R 4.2.2.
        let cases = [
            (57, 65, 0.77181410593862410, 0.94533689839811297),
            (0, 10, 0.0, 0.30849710781876083),
            (1, 2, 0.012579117093425058, 0.98742088290657493),
        ];
        for (x, n, lower, upper) in cases {
            let ci = clopper_pearson(x, n, 0.95).unwrap();
            assert!(
                (ci.lower - lower).abs() <= 1e-12,
                "{x}/{n} lower {}",
                ci.lower
            );
            assert!(
                (ci.upper - upper).abs() <= 1e-12,
                "{x}/{n} upper {}",
                ci.upper
            );
        }
    }

    #[test]
    fn clopper_pearson_rejects_bad_counts() {
        assert_eq!(
            clopper_pearson(3, 2, 0.95),
            Err(RocError::InvalidCount {
                successes: 3,
                trials: 2
            })
        );
        assert_eq!(
            clopper_pearson(0, 0, 0.95),
            Err(RocError::InvalidCount {
                successes: 0,
                trials: 0
            })
        );
    }
}
