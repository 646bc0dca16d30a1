//! One call that runs every per-marker analysis a diagnostic-accuracy table needs.

use crate::curve::RocPoint;
use crate::cutoff::{CutoffSummary, Youden, closest_topleft, midpoint_curve, youden};
use crate::error::RocError;
use crate::interval::{AucEstimate, IntervalMethod, check_level};
use crate::marker::{Direction, DirectionRule, Marker};

/// A resolved direction and how it was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DirectionChoice {
    /// Direction used for every number of the marker.
    pub direction: Direction,
    /// Rule the direction was resolved from.
    pub rule: DirectionRule,
    /// Warning: the direction was chosen from the data (rule `Auto`), which biases
    /// the AUC upward; declare `Higher` or `Lower` to avoid it.
    pub from_data: bool,
}

/// AUC, interval and cut-offs of one marker.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerAnalysis {
    /// Direction of every number below.
    pub direction: DirectionChoice,
    /// AUC with SE and confidence interval.
    pub estimate: AucEstimate,
    /// Youden-optimal thresholds on pROC's midpoint curve.
    pub youden: Youden,
    /// Thresholds closest to (0, 1) on the same curve.
    pub closest_topleft: Vec<RocPoint>,
    /// Accuracy at the first exact Youden optimum.
    pub at_youden: CutoffSummary,
}

impl Marker {
    /// Resolves a direction rule and records whether the data chose it.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, DirectionRule, Marker};
    ///
    /// let marker = Marker::new(&[5.0, 6.0, 1.0, 2.0], &[false, false, true, true]).unwrap();
    /// let choice = marker.choose_direction(DirectionRule::Auto);
    /// assert_eq!(choice.direction, Direction::Lower);
    /// assert!(choice.from_data);
    /// assert!(!marker.choose_direction(DirectionRule::Higher).from_data);
    /// ```
    pub fn choose_direction(&self, rule: DirectionRule) -> DirectionChoice {
        DirectionChoice {
            direction: self.resolve_direction(rule),
            rule,
            from_data: rule == DirectionRule::Auto,
        }
    }

    /// Runs the per-marker analyses: direction, AUC with SE and CI, Youden and
    /// closest-to-(0, 1) thresholds, and the accuracy at the Youden optimum.
    ///
    /// The direction follows [`Marker::resolve_direction`] (pROC 1.18's median rule
    /// for `Auto`); a declared direction is never flipped. The cut-offs use pROC's
    /// midpoint thresholds and the exact tie rule of [`youden`].
    ///
    /// # Errors
    ///
    /// As [`Marker::auc_estimate`]: an invalid confidence level or a bootstrap with
    /// 0 replicates.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{DirectionRule, IntervalMethod, Marker};
    ///
    /// let marker = Marker::new(
    ///     &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
    ///     &[false, false, false, false, true, true, true, true],
    /// )
    /// .unwrap();
    /// let analysis = marker.analyse(DirectionRule::Higher, IntervalMethod::DeLong, 0.95).unwrap();
    /// assert_eq!(analysis.estimate.auc, 0.75);
    /// assert_eq!(analysis.youden.index, 0.5);
    /// assert_eq!(analysis.at_youden.point.threshold, 2.5);
    /// ```
    pub fn analyse(
        &self,
        rule: DirectionRule,
        method: IntervalMethod,
        level: f64,
    ) -> Result<MarkerAnalysis, RocError> {
        check_level(level)?;
        let direction = self.choose_direction(rule);
        let estimate = self.auc_estimate(direction.direction, method, level)?;
        let curve = midpoint_curve(self, direction.direction);
        let youden = youden(&curve);
        let closest_topleft = closest_topleft(&curve);
        // A marker's curve has one point per distinct value plus one, so at least two.
        let best = *youden.best().expect("a marker's curve is never empty");
        let at_youden = self.summarise_point(best, level);
        Ok(MarkerAnalysis {
            direction,
            estimate,
            youden,
            closest_topleft,
            at_youden,
        })
    }
}
