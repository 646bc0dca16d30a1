//! The `kind: "logit"` document. Placeholder until the analysis crate is wired in.

use super::AnalysisError;
use serde_json::Value;

/// Runs the logit analysis and returns the reference-schema document.
pub fn logit(_input: &super::LogitInput) -> Result<Value, AnalysisError> {
    Err(AnalysisError("the logit analysis is not built yet".into()))
}
