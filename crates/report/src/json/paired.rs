//! The `kind: "paired"` document. Placeholder until the analysis crate is wired in.

use super::AnalysisError;
use serde_json::Value;

/// Runs the paired analysis and returns the reference-schema document.
pub fn paired(_input: &super::PairedInput) -> Result<Value, AnalysisError> {
    Err(AnalysisError("the paired analysis is not built yet".into()))
}
