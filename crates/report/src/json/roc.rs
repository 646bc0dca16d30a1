//! The `kind: "roc"` document: per predictor the AUC with DeLong SE and CI, Youden
//! cut-offs, and for each pair of predictors the paired DeLong test.
//!
//! The fields of the reference schema keep pROC 1.18's meaning. Extra fields name the
//! methods (`se_method`, `ci_method`), how the direction was chosen
//! (`direction_rule`), the Youden J with the counts and Clopper-Pearson intervals at
//! the cut-off (`youden_cutoff`), and `warnings` in plain sentences.

use repro_roc::{
    AucEstimate, CutoffSummary, Direction, DirectionRule, IntervalMethod, JointDelongTest, Marker,
    MarkerAnalysis, PairedDelongTest, Proportion, RocPoint, delong_joint_test, delong_paired_test,
};
use serde_json::{Value, json};

use super::{AnalysisError, RocInput, number, optional_number};

/// Confidence level of every interval in the document.
const LEVEL: f64 = 0.95;

/// Runs the ROC analysis of a job and returns the reference-schema document.
///
/// Every predictor uses the same complete-case rows. Directions `"higher"` and
/// `"lower"` are never flipped; `"auto"` follows pROC's median rule and adds a
/// warning. SEs and CIs are DeLong's, the CI clipped to [0, 1] as in pROC.
///
/// # Errors
///
/// An [`AnalysisError`] naming the predictor when the outcome has a single class,
/// a value is not finite, or a direction is not `higher`, `lower` or `auto`.
pub fn roc(input: &RocInput) -> Result<Value, AnalysisError> {
    let n_positive = input.positive.iter().filter(|&&p| p).count();
    let n_negative = input.positive.len() - n_positive;
    if n_positive == 0 || n_negative == 0 {
        let missing = if n_positive == 0 {
            "positive"
        } else {
            "negative"
        };
        return Err(AnalysisError(format!(
            "after dropping {} incomplete rows the outcome has no {missing} observations, \
             so no ROC curve exists; check the outcome column and the positive label",
            input.n_dropped
        )));
    }

    let mut markers: Vec<(&str, Marker, MarkerAnalysis)> = Vec::new();
    for (name, values, direction) in &input.predictors {
        let rule = parse_rule(name, direction)?;
        let marker = Marker::new(values, &input.positive)
            .map_err(|err| AnalysisError(format!("predictor {name:?}: {err}")))?;
        let analysis = marker
            .analyse(rule, IntervalMethod::DeLong, LEVEL)
            .map_err(|err| AnalysisError(format!("predictor {name:?}: {err}")))?;
        markers.push((name.as_str(), marker, analysis));
    }

    let mut curves = Vec::with_capacity(markers.len());
    for (name, marker, analysis) in &markers {
        curves.push(curve(name, marker, analysis)?);
    }

    let mut comparisons = Vec::new();
    for i in 0..markers.len() {
        for j in i + 1..markers.len() {
            let (name_a, marker_a, analysis_a) = &markers[i];
            let (name_b, marker_b, analysis_b) = &markers[j];
            let test = delong_paired_test(
                (marker_a, analysis_a.direction.direction),
                (marker_b, analysis_b.direction.direction),
                LEVEL,
            )
            .map_err(|err| AnalysisError(format!("comparing {name_a:?} with {name_b:?}: {err}")))?;
            comparisons.push(comparison(name_a, name_b, &test));
        }
    }

    let mut document = json!({
        "n_positive": n_positive,
        "n_negative": n_negative,
        "n_dropped": input.n_dropped,
        "curves": curves,
        "comparisons": comparisons,
    });
    if markers.len() >= 2 {
        let pairs: Vec<(&Marker, Direction)> = markers
            .iter()
            .map(|(_, m, a)| (m, a.direction.direction))
            .collect();
        let joint = delong_joint_test(&pairs)
            .map_err(|err| AnalysisError(format!("joint test of all predictors: {err}")))?;
        document["joint_test"] = joint_test(&joint);
    }
    Ok(document)
}

fn parse_rule(name: &str, direction: &str) -> Result<DirectionRule, AnalysisError> {
    match direction {
        "higher" => Ok(DirectionRule::Higher),
        "lower" => Ok(DirectionRule::Lower),
        "auto" => Ok(DirectionRule::Auto),
        other => Err(AnalysisError(format!(
            "predictor {name:?}: direction {other:?} is invalid; use higher, lower or auto"
        ))),
    }
}

fn rule_name(rule: DirectionRule) -> &'static str {
    match rule {
        DirectionRule::Higher => "higher",
        DirectionRule::Lower => "lower",
        DirectionRule::Auto => "auto",
    }
}

/// `{threshold, sensitivity, specificity}`: one row of pROC's `coords()`.
fn youden_row(point: &RocPoint) -> Value {
    json!({
        "threshold": number(point.threshold),
        "sensitivity": number(point.sensitivity()),
        "specificity": number(point.specificity()),
    })
}

fn proportion(value: &Proportion) -> Value {
    json!({
        "estimate": number(value.estimate),
        "successes": value.successes,
        "trials": value.trials,
        "ci_lower": number(value.ci.lower),
        "ci_upper": number(value.ci.upper),
        "ci_method": "clopper-pearson",
    })
}

fn optional_proportion(value: &Option<Proportion>) -> Value {
    value.as_ref().map_or(Value::Null, proportion)
}

fn cutoff(summary: &CutoffSummary) -> Value {
    let point = &summary.point;
    json!({
        "threshold": number(point.threshold),
        "comparison": point.comparison.as_str(),
        "j": number(point.youden_index()),
        "tp": point.true_positives,
        "fp": point.false_positives,
        "tn": point.true_negatives,
        "fn": point.false_negatives,
        "sensitivity": proportion(&summary.sensitivity),
        "specificity": proportion(&summary.specificity),
        "ppv": optional_proportion(&summary.ppv),
        "npv": optional_proportion(&summary.npv),
        "lr_positive": optional_number(summary.lr_positive),
        "lr_negative": optional_number(summary.lr_negative),
    })
}

fn estimate_warnings(name: &str, analysis: &MarkerAnalysis) -> Vec<String> {
    let estimate: &AucEstimate = &analysis.estimate;
    let mut warnings = Vec::new();
    if analysis.direction.from_data {
        warnings.push(format!(
            "{name}: direction {} was chosen from the data (pROC's rule: higher if \
             median(controls) <= median(cases)), which biases the AUC upward; \
             declare higher or lower to avoid it",
            analysis.direction.direction
        ));
    }
    if let Some(reason) = estimate.unavailable {
        warnings.push(format!("{name}: {reason}"));
    }
    if estimate.zero_se {
        warnings.push(format!(
            "{name}: the DeLong SE is 0 (AUC {}), so the CI has zero width and \
             understates the uncertainty of a finite sample",
            estimate.auc
        ));
    }
    warnings
}

fn curve(name: &str, marker: &Marker, analysis: &MarkerAnalysis) -> Result<Value, AnalysisError> {
    let estimate = &analysis.estimate;
    let direction = analysis.direction.direction;
    let proc_rows: Vec<Value> = analysis.youden.optima_proc.iter().map(youden_row).collect();
    let exact_rows: Vec<Value> = analysis.youden.optima.iter().map(youden_row).collect();
    let first = &analysis.at_youden.point;
    let first = analysis.youden.optima_proc.first().unwrap_or(first);
    let at_cutoff = marker
        .cutoff_summary(direction, first.threshold, LEVEL)
        .map_err(|err| AnalysisError(format!("predictor {name:?}: {err}")))?;

    Ok(json!({
        "predictor": name,
        "direction": direction.as_str(),
        "auc": number(estimate.auc),
        "se": optional_number(estimate.se),
        "ci_lower": optional_number(estimate.ci.map(|c| c.lower)),
        "ci_upper": optional_number(estimate.ci.map(|c| c.upper)),
        "youden": youden_row(first),
        "youden_all": proc_rows,
        "youden_all_exact": exact_rows,
        "direction_rule": rule_name(analysis.direction.rule),
        "direction_from_data": analysis.direction.from_data,
        "comparison": first.comparison.as_str(),
        "se_method": estimate.method.se_name(),
        "ci_method": estimate.method.ci_name(),
        "ci_level": LEVEL,
        "se_unavailable": estimate.unavailable.map(|r| r.to_string()),
        "youden_index": number(analysis.youden.index),
        "youden_cutoff": cutoff(&at_cutoff),
        "warnings": estimate_warnings(name, analysis),
    }))
}

fn comparison(a: &str, b: &str, test: &PairedDelongTest) -> Value {
    let mut warnings = Vec::new();
    if test.directions_differ {
        warnings.push(format!(
            "{a} and {b} have different directions, so the test compares an AUC of \
             \"higher is positive\" with one of \"lower is positive\""
        ));
    }
    if test.degenerate {
        warnings.push(
            "the difference and its variance are both 0, so z = 0 and p = 1 by pROC's \
             convention rather than by a test"
                .to_string(),
        );
    }
    if let Some(reason) = test.unavailable {
        warnings.push(reason.to_string());
    }
    json!({
        "a": a,
        "b": b,
        "auc_difference": number(test.difference),
        "z": optional_number(test.z),
        "p": optional_number(test.p),
        "ci_lower": optional_number(test.ci.map(|c| c.lower)),
        "ci_upper": optional_number(test.ci.map(|c| c.upper)),
        "se": optional_number(test.se),
        "method": "delong paired (pROC roc.test, paired = TRUE)",
        "warnings": warnings,
    })
}

fn joint_test(test: &JointDelongTest) -> Value {
    let mut warnings = Vec::new();
    if test.directions_differ {
        warnings.push("the predictors do not all have the same direction".to_string());
    }
    if let Some(reason) = test.unavailable {
        warnings.push(reason.to_string());
    }
    json!({
        "method": "delong chi-square test that all AUCs are equal (DeLong et al. 1988)",
        "chi_square": optional_number(test.chi_square),
        "df": test.df,
        "p": optional_number(test.p),
        "warnings": warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pROC reference case roc_tiny_2pos_3neg (R 4.2.2, pROC 1.18.0).
    fn tiny_input(direction_a: &str) -> RocInput {
        RocInput {
            positive: vec![true, true, false, false, false],
            predictors: vec![
                (
                    "a".into(),
                    vec![3.5, 1.2, 2.0, 0.7, 1.2],
                    direction_a.into(),
                ),
                (
                    "b".into(),
                    vec![10.0, 30.0, 20.0, 5.0, 25.0],
                    "higher".into(),
                ),
            ],
            n_dropped: 0,
        }
    }

    #[test]
    #[allow(clippy::excessive_precision)] // R's values, printed with 17 digits
    fn tiny_case_matches_reference_fields() {
        let document = roc(&tiny_input("higher")).unwrap();
        assert_eq!(document["n_positive"], 2);
        assert_eq!(document["n_negative"], 3);
        let a = &document["curves"][0];
        assert_eq!(a["predictor"], "a");
        assert_eq!(a["direction"], "higher");
        assert_eq!(a["auc"], 0.75);
        assert!((a["se"].as_f64().unwrap() - 0.28867513459481287).abs() < 1e-15);
        assert_eq!(a["ci_upper"], 1.0);
        assert_eq!(
            a["youden"],
            json!({"threshold": 2.75, "sensitivity": 0.5, "specificity": 1.0})
        );
        assert_eq!(a["youden_all"].as_array().unwrap().len(), 1);
        assert_eq!(a["youden_cutoff"]["tp"], 1);
        assert_eq!(a["youden_cutoff"]["comparison"], ">=");
        assert_eq!(a["warnings"].as_array().unwrap().len(), 0);

        let comparison = &document["comparisons"][0];
        assert_eq!(comparison["a"], "a");
        assert_eq!(comparison["b"], "b");
        assert!((comparison["z"].as_f64().unwrap() - 0.14142135623730956).abs() < 1e-12);
        assert!((comparison["p"].as_f64().unwrap() - 0.88753708398171505).abs() < 1e-12);
        assert_eq!(document["joint_test"]["df"], 1);
    }

    #[test]
    fn auto_direction_warns() {
        let document = roc(&tiny_input("auto")).unwrap();
        let a = &document["curves"][0];
        assert_eq!(a["direction_rule"], "auto");
        assert_eq!(a["direction_from_data"], true);
        assert_eq!(a["warnings"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn opposite_directions_warn_in_comparison() {
        let document = roc(&tiny_input("lower")).unwrap();
        assert_eq!(
            document["comparisons"][0]["warnings"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn single_class_is_an_error() {
        let input = RocInput {
            positive: vec![true, true],
            predictors: vec![("a".into(), vec![1.0, 2.0], "auto".into())],
            n_dropped: 3,
        };
        let err = roc(&input).unwrap_err();
        assert!(err.0.contains("no negative observations"), "{}", err.0);
    }

    #[test]
    fn non_finite_value_names_predictor_and_row() {
        let mut input = tiny_input("higher");
        input.predictors[1].1[3] = f64::INFINITY;
        let err = roc(&input).unwrap_err();
        assert!(err.0.contains("\"b\""), "{}", err.0);
        assert!(err.0.contains("row index 3"), "{}", err.0);
    }

    #[test]
    fn invalid_direction_is_an_error() {
        let err = roc(&tiny_input("up")).unwrap_err();
        assert!(err.0.contains("\"up\""), "{}", err.0);
    }

    #[test]
    fn single_case_gives_null_se_with_reason() {
        let input = RocInput {
            positive: vec![true, false, false],
            predictors: vec![("a".into(), vec![3.0, 1.0, 2.0], "higher".into())],
            n_dropped: 0,
        };
        let document = roc(&input).unwrap();
        let curve = &document["curves"][0];
        assert_eq!(curve["auc"], 1.0);
        assert_eq!(curve["se"], Value::Null);
        assert_eq!(curve["ci_lower"], Value::Null);
        assert!(
            curve["se_unavailable"]
                .as_str()
                .unwrap()
                .contains("only one positive")
        );
    }

    /// Reads a reference case with a plain comma split: the roc fixtures have no quoted fields.
    fn load_case(dir: &std::path::Path) -> (RocInput, Value) {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        let job: Value = serde_json::from_str(&read("job.json")).unwrap();
        let expected: Value = serde_json::from_str(&read("expected.json")).unwrap();
        let text = read("data.csv");
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
        let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let outcome = column(job["outcome"].as_str().unwrap());
        let names: Vec<&str> = job["predictors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let columns: Vec<usize> = names.iter().map(|n| column(n)).collect();
        let direction_of = |name: &str| match &job["direction"] {
            Value::String(all) => all.clone(),
            Value::Object(map) => map
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or("auto")
                .to_string(),
            _ => "auto".to_string(),
        };

        let mut positive = Vec::new();
        let mut values = vec![Vec::new(); names.len()];
        let mut n_dropped = 0;
        for line in lines {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let missing = |f: &str| f.is_empty() || f == "NA";
            if missing(fields[outcome]) || columns.iter().any(|&c| missing(fields[c])) {
                n_dropped += 1;
                continue;
            }
            positive.push(fields[outcome] == job["positive"].as_str().unwrap());
            for (column_values, &c) in values.iter_mut().zip(&columns) {
                column_values.push(fields[c].parse::<f64>().unwrap());
            }
        }
        let predictors = names
            .iter()
            .zip(values)
            .map(|(name, column_values)| (name.to_string(), column_values, direction_of(name)))
            .collect();
        (
            RocInput {
                positive,
                predictors,
                n_dropped,
            },
            expected,
        )
    }

    /// Compares every field of `expected` (numbers within 1e-9 relative, the rest exactly).
    fn assert_matches(actual: &Value, expected: &Value, path: &str) {
        match (actual, expected) {
            (Value::Number(a), Value::Number(e)) => {
                let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
                let scale = a.abs().max(e.abs());
                assert!(
                    a == e || (a - e).abs() <= 1e-9 * scale,
                    "{path}: {a} vs R {e}"
                );
            }
            (Value::Object(a), Value::Object(e)) => {
                for (key, value) in e {
                    let field = a
                        .get(key)
                        .unwrap_or_else(|| panic!("{path}.{key} is missing"));
                    assert_matches(field, value, &format!("{path}.{key}"));
                }
            }
            (Value::Array(a), Value::Array(e)) => {
                assert_eq!(a.len(), e.len(), "{path}: length");
                for (i, (x, y)) in a.iter().zip(e).enumerate() {
                    assert_matches(x, y, &format!("{path}[{i}]"));
                }
            }
            _ => assert_eq!(actual, expected, "{path}"),
        }
    }

    #[test]
    fn reference_cases_match_schema() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference");
        let mut checked = 0;
        for entry in std::fs::read_dir(&root).unwrap() {
            let dir = entry.unwrap().path();
            let name = dir.file_name().unwrap().to_str().unwrap().to_string();
            if !name.starts_with("roc_") {
                continue;
            }
            let (input, expected) = load_case(&dir);
            let document = roc(&input).unwrap();
            assert_matches(&document, &expected, &name);
            checked += 1;
        }
        assert!(
            checked >= 8,
            "only {checked} roc cases found under {}",
            root.display()
        );
    }
}
