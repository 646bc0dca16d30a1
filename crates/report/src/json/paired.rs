//! The `kind: "paired"` document: the paired t-test and the Wilcoxon signed-rank test of
//! `after - before`, per group.

use repro_htest::{
    Alternative, ExactPolicy, HtestError, TTestOptions, WilcoxonOptions, mean, paired_t_test, sd,
    wilcoxon_signed_rank,
};
use serde_json::{Map, Value, json};

use super::{AnalysisError, PairedInput, number, optional_number};

/// Conventions of the paired analysis, as a study file or a job chooses them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedConventions {
    /// Confidence level of the interval of the mean difference.
    pub conf_level: f64,
    /// When the signed-rank test uses its exact distribution.
    pub exact: ExactPolicy,
    /// Continuity correction of the signed-rank test's normal approximation.
    pub continuity_correction: bool,
}

impl Default for PairedConventions {
    /// R 4.2's defaults: 95 %, exact iff n < 50 without ties or zeros, continuity correction.
    fn default() -> Self {
        PairedConventions {
            conf_level: 0.95,
            exact: ExactPolicy::Auto,
            continuity_correction: true,
        }
    }
}

impl PairedConventions {
    /// The conventions as a JSON object, for the `conventions` of a document.
    pub fn describe(&self) -> Value {
        json!({
            "difference": "after - before",
            "t_test": "paired t-test (R t.test(after, before, paired = TRUE))",
            "t_test_conf_level": self.conf_level,
            "wilcoxon_exact": match self.exact {
                ExactPolicy::Auto => "auto: exact iff n < 50 non-zero differences, no ties and no zeros (R 4.2)",
                ExactPolicy::Exact => "exact unless ties or zeros force the normal approximation",
                ExactPolicy::Normal => "normal approximation always",
            },
            "wilcoxon_zeros": "dropped (R's default)",
            "wilcoxon_ties": "tie-corrected variance in the normal approximation",
            "wilcoxon_continuity_correction": self.continuity_correction,
            "missing_values": "whole pairs with a missing before, after or group value are dropped",
        })
    }
}

/// The JSON document of a paired job with R's default conventions.
///
/// # Errors
/// Never for valid input; the signature matches the other kinds.
pub fn paired(input: &PairedInput) -> Result<Value, AnalysisError> {
    let conventions = PairedConventions::default();
    let groups: Vec<Value> = input
        .groups
        .iter()
        .map(|(label, before, after)| group(label, before, after, &conventions))
        .collect();
    Ok(json!({
        "n_dropped": input.n_dropped,
        "groups": groups,
        "conventions": conventions.describe(),
    }))
}

/// The result of one group: both tests and their descriptive statistics.
///
/// A test that R stops with an error (`n = 1`, constant differences) becomes nulls plus an
/// `error` string holding R's message, so one degenerate group never hides the others.
pub fn group(label: &str, before: &[f64], after: &[f64], conventions: &PairedConventions) -> Value {
    let differences: Vec<f64> = before.iter().zip(after).map(|(b, a)| a - b).collect();
    let t_options = TTestOptions {
        alternative: Alternative::TwoSided,
        conf_level: conventions.conf_level,
    };
    let t_test = match paired_t_test(before, after, t_options) {
        Ok(test) => json!({
            "t": number(test.t),
            "df": number(test.df),
            "p": number(test.p_value),
            "ci_lower": number(test.ci.lower),
            "ci_upper": number(test.ci.upper),
            "conf_level": test.ci.level,
            "se": number(test.se),
            "cohen_dz": number(test.cohen_dz),
        }),
        Err(error) => failed_t_test(&error, conventions.conf_level),
    };

    let w_options = WilcoxonOptions {
        alternative: Alternative::TwoSided,
        exact: conventions.exact,
        continuity_correction: conventions.continuity_correction,
    };
    let wilcoxon = match wilcoxon_signed_rank(before, after, w_options) {
        Ok(test) => json!({
            "statistic": number(test.statistic),
            "p": number(test.p_value),
            "exact": test.method.is_exact(),
            "method": test.method.description(),
            "n_nonzero": test.n,
            "n_zero": test.n_zero,
            "ties": test.ties,
        }),
        Err(error) => json!({
            "statistic": Value::Null,
            "p": Value::Null,
            "exact": false,
            "error": error.r_message().unwrap_or_else(|| error.to_string()),
        }),
    };

    let mut object = Map::new();
    object.insert("group".into(), Value::from(label));
    object.insert("n".into(), Value::from(before.len()));
    object.insert("mean_before".into(), optional_number(mean(before)));
    object.insert("mean_after".into(), optional_number(mean(after)));
    object.insert("sd_before".into(), optional_number(sd(before)));
    object.insert("sd_after".into(), optional_number(sd(after)));
    object.insert(
        "mean_difference".into(),
        optional_number(mean(&differences)),
    );
    object.insert("sd_difference".into(), optional_number(sd(&differences)));
    object.insert("t_test".into(), t_test);
    object.insert("wilcoxon".into(), wilcoxon);
    Value::Object(object)
}

/// R's `t.test` stopped: every number is null, as in the reference documents.
fn failed_t_test(error: &HtestError, conf_level: f64) -> Value {
    json!({
        "t": Value::Null,
        "df": Value::Null,
        "p": Value::Null,
        "ci_lower": Value::Null,
        "ci_upper": Value::Null,
        "conf_level": conf_level,
        "error": error.r_message().unwrap_or_else(|| error.to_string()),
    })
}
