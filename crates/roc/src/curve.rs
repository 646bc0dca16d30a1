//! The empirical ROC curve: one point per threshold, with exact confusion counts.
//!
//! Thresholds follow pROC 1.18 (Robin et al. 2011): `-Inf`, the midpoints of
//! consecutive distinct values, and `+Inf`. The observed-value form ("positive if
//! x >= 3.2") is available as [`ThresholdRule::Observed`]. Every point states its
//! comparison, so a threshold is never read with the wrong inequality.

use crate::marker::{Direction, Marker};
use std::fmt;

/// Set of cut-points a curve is evaluated at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThresholdRule {
    /// pROC's thresholds: `-Inf`, the midpoint of each pair of consecutive distinct
    /// values, and `+Inf`.
    Midpoints,
    /// The observed values themselves, plus `+Inf` (direction higher) or `-Inf`
    /// (direction lower) for the point where no row is called positive.
    Observed,
}

/// Comparison of a value with a threshold that calls the value positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Positive when `x >= threshold` (direction higher).
    AtLeast,
    /// Positive when `x <= threshold` (direction lower).
    AtMost,
}

impl Comparison {
    /// Returns the comparison of a direction: `>=` for higher, `<=` for lower.
    pub fn of(direction: Direction) -> Self {
        match direction {
            Direction::Higher => Comparison::AtLeast,
            Direction::Lower => Comparison::AtMost,
        }
    }

    /// Returns the operator as text: `">="` or `"<="`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One point of an empirical ROC curve: a threshold and its confusion counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RocPoint {
    /// Cut-off; may be `-Inf` or `+Inf`.
    pub threshold: f64,
    /// A row is called positive when `x <comparison> threshold`.
    pub comparison: Comparison,
    /// Cases called positive.
    pub true_positives: u64,
    /// Controls called positive.
    pub false_positives: u64,
    /// Controls called negative.
    pub true_negatives: u64,
    /// Cases called negative.
    pub false_negatives: u64,
}

impl RocPoint {
    /// Number of cases (`true_positives + false_negatives`).
    pub fn n_positive(&self) -> u64 {
        self.true_positives + self.false_negatives
    }

    /// Number of controls (`true_negatives + false_positives`).
    pub fn n_negative(&self) -> u64 {
        self.true_negatives + self.false_positives
    }

    /// Returns the sensitivity `tp / n_positive`, as pROC computes it.
    pub fn sensitivity(&self) -> f64 {
        self.true_positives as f64 / self.n_positive() as f64
    }

    /// Returns the specificity `tn / n_negative`, as pROC computes it.
    pub fn specificity(&self) -> f64 {
        self.true_negatives as f64 / self.n_negative() as f64
    }

    /// Returns Youden's J = sensitivity + specificity − 1 (Youden 1950).
    ///
    /// The numerator `tp·n_neg + tn·n_pos − n_pos·n_neg` is exact integer arithmetic,
    /// so J is rounded once.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Comparison, RocPoint};
    ///
    /// let point = RocPoint {
    ///     threshold: 2.5,
    ///     comparison: Comparison::AtLeast,
    ///     true_positives: 4,
    ///     false_positives: 2,
    ///     true_negatives: 2,
    ///     false_negatives: 0,
    /// };
    /// assert_eq!(point.youden_index(), 0.5);
    /// ```
    pub fn youden_index(&self) -> f64 {
        let n_pos = self.n_positive() as i128;
        let n_neg = self.n_negative() as i128;
        let numerator = self.youden_key() as i128 - n_pos * n_neg;
        numerator as f64 / (n_pos * n_neg) as f64
    }

    /// `tp·n_neg + tn·n_pos`: Youden's J scaled by `n_pos·n_neg` and shifted by 1, exactly.
    pub(crate) fn youden_key(&self) -> u128 {
        self.true_positives as u128 * self.n_negative() as u128
            + self.true_negatives as u128 * self.n_positive() as u128
    }

    /// `fn²·n_neg² + fp²·n_pos²`: the squared distance to (0, 1) scaled by `(n_pos·n_neg)²`.
    pub(crate) fn topleft_key(&self) -> u128 {
        let missed = self.false_negatives as u128 * self.n_negative() as u128;
        let false_alarms = self.false_positives as u128 * self.n_positive() as u128;
        missed * missed + false_alarms * false_alarms
    }
}

/// An empirical ROC curve, its points ordered by increasing specificity.
///
/// For direction higher that is ascending thresholds, for lower descending ones:
/// the order pROC's `coords()` reports.
#[derive(Clone, Debug, PartialEq)]
pub struct RocCurve {
    /// Direction the curve was computed in.
    pub direction: Direction,
    /// Cut-points used.
    pub rule: ThresholdRule,
    /// One point per threshold, by increasing specificity.
    pub points: Vec<RocPoint>,
}

impl Marker {
    /// Computes the empirical ROC curve in a fixed direction.
    ///
    /// With [`ThresholdRule::Midpoints`] the thresholds are pROC 1.18's: `-Inf`,
    /// `(u[k-1] + u[k]) / 2` for consecutive distinct values (`u[k-1]/2 + u[k]/2`
    /// when the sum exceeds 1e100 in magnitude), and `+Inf`. When two values differ
    /// only in the last bit, the midpoint rounds onto one of them. The threshold is
    /// then moved to the value that keeps the two apart: the upper value for
    /// direction higher, the lower one for lower, as pROC's `roc.utils.thresholds`
    /// does. Scores are never compared with a tolerance.
    ///
    /// A curve has one point more than the marker has distinct values, and the
    /// first point is always (sensitivity 1, specificity 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, Marker, ThresholdRule};
    ///
    /// let marker = Marker::new(&[1.0, 2.0, 3.0, 4.0], &[false, true, false, true]).unwrap();
    /// let curve = marker.curve(Direction::Higher, ThresholdRule::Midpoints);
    /// let thresholds: Vec<f64> = curve.points.iter().map(|p| p.threshold).collect();
    /// assert_eq!(thresholds, [f64::NEG_INFINITY, 1.5, 2.5, 3.5, f64::INFINITY]);
    /// assert_eq!(curve.points[2].true_positives, 1);
    /// assert_eq!(curve.points[2].comparison.as_str(), ">=");
    /// ```
    pub fn curve(&self, direction: Direction, rule: ThresholdRule) -> RocCurve {
        let groups = self.distinct_values().len();
        // Cases and controls in the groups below each split, so every point costs O(1).
        let mut cases_below = Vec::with_capacity(groups + 1);
        let mut controls_below = Vec::with_capacity(groups + 1);
        let (mut cases, mut controls) = (0u64, 0u64);
        cases_below.push(0);
        controls_below.push(0);
        for (&n_cases, &n_controls) in self.case_counts().iter().zip(self.control_counts()) {
            cases += n_cases;
            controls += n_controls;
            cases_below.push(cases);
            controls_below.push(controls);
        }

        let splits: Box<dyn Iterator<Item = usize>> = match direction {
            Direction::Higher => Box::new(0..=groups),
            Direction::Lower => Box::new((0..=groups).rev()),
        };
        let points = splits
            .map(|split| {
                let (positive_cases, positive_controls) = match direction {
                    Direction::Higher => (
                        self.n_positive() - cases_below[split],
                        self.n_negative() - controls_below[split],
                    ),
                    Direction::Lower => (cases_below[split], controls_below[split]),
                };
                RocPoint {
                    threshold: self.split_threshold(direction, rule, split),
                    comparison: Comparison::of(direction),
                    true_positives: positive_cases,
                    false_positives: positive_controls,
                    true_negatives: self.n_negative() - positive_controls,
                    false_negatives: self.n_positive() - positive_cases,
                }
            })
            .collect();
        RocCurve {
            direction,
            rule,
            points,
        }
    }

    /// Returns the threshold between group `split − 1` and group `split`.
    fn split_threshold(&self, direction: Direction, rule: ThresholdRule, split: usize) -> f64 {
        let values = self.distinct_values();
        let groups = values.len();
        match rule {
            ThresholdRule::Midpoints => {
                if split == 0 {
                    return f64::NEG_INFINITY;
                }
                if split == groups {
                    return f64::INFINITY;
                }
                let (below, above) = (values[split - 1], values[split]);
                let middle = proc_midpoint(below, above);
                match direction {
                    Direction::Higher if middle == below => above,
                    Direction::Lower if middle == above => below,
                    _ => middle,
                }
            }
            ThresholdRule::Observed => match direction {
                Direction::Higher if split == groups => f64::INFINITY,
                Direction::Higher => values[split],
                Direction::Lower if split == 0 => f64::NEG_INFINITY,
                Direction::Lower => values[split - 1],
            },
        }
    }
}

/// pROC's midpoint: `(a + b) / 2`, or `a/2 + b/2` when the former exceeds 1e100 in magnitude.
fn proc_midpoint(a: f64, b: f64) -> f64 {
    let middle = (a + b) / 2.0;
    if middle.abs() > 1e100 {
        a / 2.0 + b / 2.0
    } else {
        middle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(scores: &[f64], positive: &[bool]) -> Marker {
        Marker::new(scores, positive).expect("valid test marker")
    }

    #[test]
    fn last_bit_midpoint_moves_to_separating_value() {
        let low = 1.0_f64;
        let high = f64::from_bits(low.to_bits() + 1);
        assert_eq!(
            (low + high) / 2.0,
            low,
            "the midpoint must round onto the lower value"
        );
        let m = marker(&[low, high], &[false, true]);

        let higher = m.curve(Direction::Higher, ThresholdRule::Midpoints);
        assert_eq!(higher.points[1].threshold, high);
        assert_eq!(higher.points[1].true_positives, 1);
        assert_eq!(higher.points[1].false_positives, 0);

        let lower = m.curve(Direction::Lower, ThresholdRule::Midpoints);
        assert_eq!(lower.points[1].threshold, low);
        assert_eq!(lower.points[1].true_positives, 0);
        assert_eq!(lower.points[1].false_positives, 1);
    }

    #[test]
    fn last_bit_midpoint_rounding_up_stays_for_higher() {
        // 1 − ulp/2 and 1: the midpoint rounds up onto 1 with round-half-even.
        let high = 1.0_f64;
        let low = f64::from_bits(high.to_bits() - 1);
        let middle = (low + high) / 2.0;
        let m = marker(&[low, high], &[false, true]);
        let higher = m.curve(Direction::Higher, ThresholdRule::Midpoints);
        let lower = m.curve(Direction::Lower, ThresholdRule::Midpoints);
        if middle == high {
            assert_eq!(higher.points[1].threshold, high);
            assert_eq!(lower.points[1].threshold, low);
        } else {
            assert_eq!(higher.points[1].threshold, middle);
        }
        assert_eq!(higher.points[1].true_positives, 1);
        assert_eq!(higher.points[1].false_positives, 0);
        assert_eq!(lower.points[1].true_positives, 0);
        assert_eq!(lower.points[1].false_positives, 1);
    }

    #[test]
    fn huge_values_use_halved_midpoint() {
        let m = marker(&[f64::MAX, -f64::MAX, 0.0], &[true, false, false]);
        let curve = m.curve(Direction::Higher, ThresholdRule::Midpoints);
        assert_eq!(curve.points[2].threshold, f64::MAX / 2.0);
        assert_eq!(curve.points[1].threshold, -f64::MAX / 2.0);
    }

    #[test]
    fn lower_curve_runs_by_increasing_specificity() {
        let m = marker(&[1.0, 2.0, 3.0], &[true, false, false]);
        let curve = m.curve(Direction::Lower, ThresholdRule::Midpoints);
        let thresholds: Vec<f64> = curve.points.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds, [f64::INFINITY, 2.5, 1.5, f64::NEG_INFINITY]);
        let specificities: Vec<f64> = curve.points.iter().map(|p| p.specificity()).collect();
        assert_eq!(specificities, [0.0, 0.5, 1.0, 1.0]);
        assert!(
            curve
                .points
                .iter()
                .all(|p| p.comparison == Comparison::AtMost)
        );
    }

    #[test]
    fn observed_thresholds_are_data_values() {
        let m = marker(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]);
        let higher = m.curve(Direction::Higher, ThresholdRule::Observed);
        let thresholds: Vec<f64> = higher.points.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds, [1.0, 2.0, 3.0, f64::INFINITY]);
        assert_eq!(higher.points[1].true_positives, 2);
        assert_eq!(higher.points[1].false_positives, 1);

        let lower = m.curve(Direction::Lower, ThresholdRule::Observed);
        let thresholds: Vec<f64> = lower.points.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds, [3.0, 2.0, 1.0, f64::NEG_INFINITY]);
        assert_eq!(lower.points[1].true_positives, 1);
        assert_eq!(lower.points[1].false_positives, 2);
    }

    #[test]
    fn cross_class_tie_gives_diagonal_step() {
        // One case and one control share the value 2: the curve moves diagonally.
        let m = marker(&[1.0, 2.0, 2.0, 3.0], &[false, false, true, true]);
        let curve = m.curve(Direction::Higher, ThresholdRule::Midpoints);
        let before = curve.points[1];
        let after = curve.points[2];
        assert_eq!(after.true_positives + 1, before.true_positives);
        assert_eq!(after.false_positives + 1, before.false_positives);
    }

    #[test]
    fn constant_marker_has_two_points() {
        let m = marker(&[5.0; 4], &[false, true, false, true]);
        let curve = m.curve(Direction::Higher, ThresholdRule::Midpoints);
        assert_eq!(curve.points.len(), 2);
        assert_eq!(curve.points[0].youden_index(), 0.0);
        assert_eq!(curve.points[1].youden_index(), 0.0);
    }
}
