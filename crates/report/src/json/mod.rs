//! JSON documents in the schemas of the reference cases (`kind` = `paired`, `roc`, `logit`).
//!
//! Each submodule turns the plain result structs of one statistics crate into a
//! `serde_json::Value`. Numbers go through [`number`], so every document writes a
//! missing value as `null` and an infinite one as `"Inf"` or `"-Inf"`.

pub mod logit;
pub mod paired;
pub mod roc;

use serde_json::Value;

/// Input of a paired job after complete-case filtering: one entry per group, sorted by label.
#[derive(Clone, Debug)]
pub struct PairedInput {
    /// `(group label, before, after)`; the vectors have equal length and no missing value.
    pub groups: Vec<(String, Vec<f64>, Vec<f64>)>,
    /// Pairs dropped because `before`, `after` or the group was missing.
    pub n_dropped: usize,
}

/// Input of a ROC job after complete-case filtering over the outcome and every predictor.
#[derive(Clone, Debug)]
pub struct RocInput {
    /// `true` for a case (the positive class), one entry per row.
    pub positive: Vec<bool>,
    /// `(predictor name, values, direction)`, where direction is `"higher"`, `"lower"` or `"auto"`.
    pub predictors: Vec<(String, Vec<f64>, String)>,
    /// Rows dropped because the outcome or a listed predictor was missing.
    pub n_dropped: usize,
}

/// Input of a logistic-regression job after complete-case filtering.
#[derive(Clone, Debug)]
pub struct LogitInput {
    /// `true` for an event (the positive class), one entry per row.
    pub outcome: Vec<bool>,
    /// `(predictor name, values)`, in the job's order.
    pub predictors: Vec<(String, Vec<f64>)>,
    /// Rows dropped because the outcome or a predictor was missing.
    pub n_dropped: usize,
}

/// A job whose analysis cannot produce a result (for example a single outcome class).
#[derive(Clone, Debug, thiserror::Error)]
#[error("{0}")]
pub struct AnalysisError(pub String);

/// Converts a double to JSON: NaN becomes `null`, and ±∞ become the strings `"Inf"`/`"-Inf"`.
pub fn number(x: f64) -> Value {
    if x.is_nan() {
        Value::Null
    } else if x == f64::INFINITY {
        Value::from("Inf")
    } else if x == f64::NEG_INFINITY {
        Value::from("-Inf")
    } else if x == 0.0 {
        // Writes -0.0 as 0, so a statistic that is zero never prints with a sign.
        Value::from(0.0)
    } else {
        Value::from(x)
    }
}

/// Converts an optional double to JSON, writing `None` as `null`.
pub fn optional_number(x: Option<f64>) -> Value {
    x.map_or(Value::Null, number)
}
