//! Empirical ROC analysis of a marker against a binary outcome, matching pROC 1.18.
//!
//! The crate is pure: slices in, plain structs out, no I/O. Each marker is sorted once
//! into a [`Marker`], and every count (concordant pairs, placement values, confusion
//! matrices, Youden ties) is exact integer arithmetic; only final ratios are rounded.
//! Scores are compared exactly, never with a tolerance.

mod error;
mod marker;

pub use error::{Class, RocError};
pub use marker::{Direction, DirectionRule, MAX_ROWS, Marker, auc};
