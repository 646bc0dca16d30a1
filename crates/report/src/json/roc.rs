//! The `kind: "roc"` document. Placeholder until the analysis crate is wired in.

use super::AnalysisError;
use serde_json::Value;

/// Runs the roc analysis and returns the reference-schema document.
pub fn roc(_input: &super::RocInput) -> Result<Value, AnalysisError> {
    Err(AnalysisError("the roc analysis is not built yet".into()))
}
