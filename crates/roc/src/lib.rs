//! Empirical ROC analysis of a marker against a binary outcome, matching pROC 1.18.
//!
//! ```
//! use repro_roc::{delong_paired_test, Direction, IntervalMethod, Marker};
//!
//! // pROC reference case roc_tiny_2pos_3neg: two positives, three negatives.
//! let y = [true, true, false, false, false];
//! let a = Marker::new(&[3.5, 1.2, 2.0, 0.7, 1.2], &y).unwrap();
//! let b = Marker::new(&[10.0, 30.0, 20.0, 5.0, 25.0], &y).unwrap();
//!
//! let estimate = a.auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95).unwrap();
//! assert_eq!(estimate.auc, 0.75); // R: 0.75, DeLong SE 0.28867513459481287
//! assert!((estimate.se.unwrap() - 0.28867513459481287).abs() < 1e-15);
//! assert_eq!(estimate.ci.unwrap().upper, 1.0); // clipped to [0, 1] as in pROC
//!
//! let test = delong_paired_test((&a, Direction::Higher), (&b, Direction::Higher), 0.95).unwrap();
//! assert!((test.p.unwrap() - 0.88753708398171505).abs() < 1e-12);
//! ```
//!
//! The crate is pure: slices in, plain structs out, no I/O. Each marker is sorted once
//! into a [`Marker`], and every count (concordant pairs, placement values, confusion
//! matrices, Youden ties) is exact integer arithmetic; only final ratios are rounded.
//! Scores are compared exactly, never with a tolerance.
//!
//! Sources:
//! - DeLong, DeLong & Clarke-Pearson (1988): the variance and the tests of correlated AUCs.
//! - Sun & Xu (2014): placement values from one sort.
//! - Hanley & McNeil (1982): the alternative SE.
//! - Clopper & Pearson (1934): the intervals of proportions.
//! - Youden (1950): the optimal cut-off.
//! - Robin et al. (2011), pROC: thresholds, direction rule and conventions.

mod analysis;
mod bootstrap;
mod compare;
mod curve;
mod cutoff;
mod delong;
mod error;
mod interval;
mod marker;

pub use analysis::{DirectionChoice, MarkerAnalysis};
pub use compare::{JointDelongTest, PairedDelongTest, delong_joint_test, delong_paired_test};
pub use curve::{Comparison, RocCurve, RocPoint, ThresholdRule};
pub use cutoff::{CutoffSummary, Proportion, Youden, clopper_pearson, closest_topleft, youden};
pub use delong::delong_variance;
pub use error::{Class, RocError, Unavailable};
pub use interval::{AucEstimate, Interval, IntervalMethod, hanley_mcneil_se};
pub use marker::{Direction, DirectionRule, MAX_ROWS, Marker, auc};
