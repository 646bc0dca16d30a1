//! Every `roc_*` reference case under `tests/reference/` against R 4.2.2 and pROC 1.18.0.
//!
//! Each case folder contains `data.csv`, `job.json` and the `expected.json` that R wrote.
//! The test reads the CSV as text, drops rows with a missing outcome or a missing
//! listed predictor, runs this crate and compares: numbers within 1e-9 relative,
//! directions, counts and Youden rows exactly.

use repro_roc::{
    Direction, DirectionRule, IntervalMethod, Marker, RocPoint, ThresholdRule, delong_paired_test,
    youden,
};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const RELATIVE_TOLERANCE: f64 = 1e-9;

/// Returns the case folder: `tests/reference/` of the workspace, or `REPRO_ROC_REFERENCE_DIR`
/// to run the same checks on other cases in the same layout.
fn reference_dir() -> PathBuf {
    match std::env::var_os("REPRO_ROC_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference"),
    }
}

fn roc_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(reference_dir())
        .expect("tests/reference exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("roc_"))
        })
        .collect();
    cases.sort();
    cases
}

/// A ROC job after complete-case filtering, as the reference README defines it.
struct Job {
    positive: Vec<bool>,
    predictors: Vec<(String, Vec<f64>, DirectionRule)>,
    n_dropped: usize,
}

fn parse_rule(text: &str) -> DirectionRule {
    match text {
        "higher" => DirectionRule::Higher,
        "lower" => DirectionRule::Lower,
        "auto" => DirectionRule::Auto,
        other => panic!("unknown direction {other:?}"),
    }
}

fn is_missing(field: &str) -> bool {
    field.is_empty() || field == "NA"
}

fn load_job(case: &Path) -> Job {
    let job: Value =
        serde_json::from_str(&fs::read_to_string(case.join("job.json")).expect("job.json"))
            .expect("job.json is JSON");
    let outcome = job["outcome"].as_str().expect("outcome");
    let positive_label = job["positive"].as_str().expect("positive is a string");
    let names: Vec<&str> = job["predictors"]
        .as_array()
        .expect("predictors")
        .iter()
        .map(|v| v.as_str().expect("predictor name"))
        .collect();
    let rule_of = |name: &str| match &job["direction"] {
        Value::String(all) => parse_rule(all),
        Value::Object(map) => map
            .get(name)
            .and_then(Value::as_str)
            .map_or(DirectionRule::Auto, parse_rule),
        _ => DirectionRule::Auto,
    };

    let mut reader = csv::Reader::from_path(case.join(job["data"].as_str().expect("data")))
        .expect("data.csv opens");
    let headers = reader.headers().expect("header row").clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .unwrap_or_else(|| panic!("column {name} in data.csv"))
    };
    let outcome_column = column(outcome);
    let predictor_columns: Vec<usize> = names.iter().map(|n| column(n)).collect();

    let mut positive = Vec::new();
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut n_dropped = 0;
    for record in reader.records() {
        let record = record.expect("CSV row");
        let label = record[outcome_column].trim();
        let fields: Vec<&str> = predictor_columns
            .iter()
            .map(|&c| record[c].trim())
            .collect();
        if is_missing(label) || fields.iter().any(|f| is_missing(f)) {
            n_dropped += 1;
            continue;
        }
        positive.push(label == positive_label);
        for (column, field) in values.iter_mut().zip(&fields) {
            column.push(field.parse().expect("numeric predictor"));
        }
    }

    Job {
        positive,
        predictors: names
            .iter()
            .zip(values)
            .map(|(name, column)| (name.to_string(), column, rule_of(name)))
            .collect(),
        n_dropped,
    }
}

fn expected_number(value: &Value) -> Option<f64> {
    match value {
        Value::Null => None,
        Value::String(s) if s == "Inf" => Some(f64::INFINITY),
        Value::String(s) if s == "-Inf" => Some(f64::NEG_INFINITY),
        other => Some(
            other
                .as_f64()
                .unwrap_or_else(|| panic!("number, got {other}")),
        ),
    }
}

fn assert_close(actual: Option<f64>, expected: &Value, context: &str) {
    let expected = expected_number(expected);
    match (actual, expected) {
        (None, None) => {}
        (Some(a), Some(e)) if a == e => {}
        (Some(a), Some(e)) => {
            let scale = a.abs().max(e.abs());
            assert!(
                (a - e).abs() <= RELATIVE_TOLERANCE * scale,
                "{context}: got {a:e}, R has {e:e} (relative error {:e})",
                (a - e).abs() / scale
            );
        }
        (a, e) => panic!("{context}: got {a:?}, R has {e:?}"),
    }
}

fn assert_youden_rows(actual: &[RocPoint], expected: &Value, context: &str) {
    let expected = expected.as_array().expect("array of Youden rows");
    assert_eq!(actual.len(), expected.len(), "{context}: number of rows");
    for (i, (point, row)) in actual.iter().zip(expected).enumerate() {
        assert_close(
            Some(point.threshold),
            &row["threshold"],
            &format!("{context}[{i}].threshold"),
        );
        assert_close(
            Some(point.sensitivity()),
            &row["sensitivity"],
            &format!("{context}[{i}].sensitivity"),
        );
        assert_close(
            Some(point.specificity()),
            &row["specificity"],
            &format!("{context}[{i}].specificity"),
        );
    }
}

fn check_case(case: &Path) {
    let name = case
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?")
        .to_string();
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(case.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let job = load_job(case);

    if expected.get("error").is_some() {
        let failed = job
            .predictors
            .iter()
            .any(|(_, values, _)| Marker::new(values, &job.positive).is_err());
        assert!(failed, "{name}: R fails, so this crate must fail too");
        return;
    }

    assert_eq!(
        Some(job.n_dropped as u64),
        expected["n_dropped"].as_u64(),
        "{name}: n_dropped"
    );
    let mut analysed: Vec<(String, Marker, Direction)> = Vec::new();
    for (index, (predictor, values, rule)) in job.predictors.iter().enumerate() {
        let context = format!("{name}/{predictor}");
        let curve_expected = &expected["curves"][index];
        assert_eq!(
            curve_expected["predictor"].as_str(),
            Some(predictor.as_str())
        );

        let marker = Marker::new(values, &job.positive).expect("valid marker");
        assert_eq!(
            Some(marker.n_positive()),
            expected["n_positive"].as_u64(),
            "{context}: n_positive"
        );
        assert_eq!(
            Some(marker.n_negative()),
            expected["n_negative"].as_u64(),
            "{context}: n_negative"
        );

        let direction = marker.resolve_direction(*rule);
        assert_eq!(
            Some(direction.as_str()),
            curve_expected["direction"].as_str(),
            "{context}: direction"
        );
        let estimate = marker
            .auc_estimate(direction, IntervalMethod::DeLong, 0.95)
            .expect("valid level");
        assert_close(
            Some(estimate.auc),
            &curve_expected["auc"],
            &format!("{context}: auc"),
        );
        assert_close(
            estimate.se,
            &curve_expected["se"],
            &format!("{context}: se"),
        );
        assert_close(
            estimate.ci.map(|c| c.lower),
            &curve_expected["ci_lower"],
            &format!("{context}: ci_lower"),
        );
        assert_close(
            estimate.ci.map(|c| c.upper),
            &curve_expected["ci_upper"],
            &format!("{context}: ci_upper"),
        );

        let result = youden(&marker.curve(direction, ThresholdRule::Midpoints));
        assert_youden_rows(
            &result.optima_proc[..1],
            &serde_json::json!([curve_expected["youden"]]),
            &format!("{context}: youden"),
        );
        assert_youden_rows(
            &result.optima_proc,
            &curve_expected["youden_all"],
            &format!("{context}: youden_all"),
        );
        assert_youden_rows(
            &result.optima,
            &curve_expected["youden_all_exact"],
            &format!("{context}: youden_all_exact"),
        );

        analysed.push((predictor.clone(), marker, direction));
    }

    let comparisons = expected["comparisons"].as_array().expect("comparisons");
    let mut k = 0;
    for i in 0..analysed.len() {
        for j in i + 1..analysed.len() {
            let (a, b) = (&analysed[i], &analysed[j]);
            let row = &comparisons[k];
            let context = format!("{name}/{} vs {}", a.0, b.0);
            assert_eq!(row["a"].as_str(), Some(a.0.as_str()));
            assert_eq!(row["b"].as_str(), Some(b.0.as_str()));
            let test = delong_paired_test((&a.1, a.2), (&b.1, b.2), 0.95).expect("paired test");
            assert_close(
                Some(test.difference),
                &row["auc_difference"],
                &format!("{context}: difference"),
            );
            assert_close(test.z, &row["z"], &format!("{context}: z"));
            assert_close(test.p, &row["p"], &format!("{context}: p"));
            assert_close(
                test.ci.map(|c| c.lower),
                &row["ci_lower"],
                &format!("{context}: ci_lower"),
            );
            assert_close(
                test.ci.map(|c| c.upper),
                &row["ci_upper"],
                &format!("{context}: ci_upper"),
            );
            k += 1;
        }
    }
    assert_eq!(k, comparisons.len(), "{name}: number of comparisons");
}

#[test]
fn reference_cases_match_proc() {
    let cases = roc_cases();
    assert!(
        !cases.is_empty(),
        "no roc_* case under {}",
        reference_dir().display()
    );
    for case in &cases {
        check_case(case);
    }
}
