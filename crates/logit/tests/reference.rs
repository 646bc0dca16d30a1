//! Every `tests/reference/logit_*` case of the workspace against this crate.
//!
//! The expected values were computed by R 4.2.2 (`glm` refitted with
//! `epsilon = 1e-14`, pROC 1.18.0 for the AUC, ResourceSelection 0.3-6 for
//! Hosmer-Lemeshow); see `tests/reference/PROVENANCE.md`. Numbers must agree within
//! 1e-6 relative (iterative fits), counts and booleans exactly. Keys in a job's
//! `unstable_fields` are skipped, and an expected `{"error": ...}` must be an `Err`.

use repro_logit::{Design, FitOptions, LogitError, LogitFit, fit, hosmer_lemeshow};
use repro_roc::{Direction, auc};
use serde_json::Value;
use std::path::{Path, PathBuf};

const RELATIVE_TOLERANCE: f64 = 1e-6;

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference")
}

fn logit_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(reference_dir())
        .expect("tests/reference exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("logit_"))
        })
        .collect();
    cases.sort();
    cases
}

/// A job read the way the reference README prescribes: text columns, empty or `NA`
/// missing, white space trimmed, complete cases over outcome and predictors.
struct Job {
    outcome: Vec<bool>,
    predictors: Vec<(String, Vec<f64>)>,
    n_dropped: usize,
    unstable: Vec<String>,
}

fn read_job(case: &Path) -> Job {
    let job: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("job.json")).unwrap()).unwrap();
    let outcome_column = job["outcome"].as_str().unwrap();
    let positive = job["positive"].as_str().unwrap();
    let names: Vec<&str> = job["predictors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let unstable = job
        .get("unstable_fields")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();

    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(case.join(job["data"].as_str().unwrap()))
        .unwrap();
    let headers = reader.headers().unwrap().clone();
    let index_of = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let outcome_index = index_of(outcome_column);
    let predictor_indices: Vec<usize> = names.iter().map(|n| index_of(n)).collect();

    let mut outcome = Vec::new();
    let mut columns = vec![Vec::new(); names.len()];
    let mut n_dropped = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let missing = |i: usize| record[i].is_empty() || &record[i] == "NA";
        if missing(outcome_index) || predictor_indices.iter().any(|&i| missing(i)) {
            n_dropped += 1;
            continue;
        }
        outcome.push(&record[outcome_index] == positive);
        for (column, &i) in columns.iter_mut().zip(&predictor_indices) {
            column.push(record[i].parse::<f64>().unwrap());
        }
    }
    Job {
        outcome,
        predictors: names.iter().map(|n| n.to_string()).zip(columns).collect(),
        n_dropped,
        unstable,
    }
}

fn assert_close(case: &str, field: &str, actual: f64, expected: &Value) {
    let expected = match expected {
        Value::Number(x) => x.as_f64().unwrap(),
        Value::String(s) if s == "Inf" => f64::INFINITY,
        Value::String(s) if s == "-Inf" => f64::NEG_INFINITY,
        Value::Null => {
            assert!(actual.is_nan(), "{case}: {field} = {actual}, expected null");
            return;
        }
        other => panic!("{case}: {field}: unexpected JSON {other}"),
    };
    if expected.is_infinite() {
        assert_eq!(actual, expected, "{case}: {field}");
        return;
    }
    let error = (actual - expected).abs() / expected.abs().max(f64::MIN_POSITIVE);
    assert!(
        error <= RELATIVE_TOLERANCE,
        "{case}: {field} = {actual:.17e}, expected {expected:.17e} (relative error {error:.2e})"
    );
}

fn run(job: &Job) -> Result<(Design, LogitFit), LogitError> {
    let design = Design::new(&job.outcome, &job.predictors)?;
    let model = fit(&design, &FitOptions::default())?;
    Ok((design, model))
}

#[test]
fn reference_logit_cases() {
    let cases = logit_cases();
    assert!(
        !cases.is_empty(),
        "no logit_* case under {:?}",
        reference_dir()
    );

    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap())
                .unwrap();
        let job = read_job(case);
        let result = run(&job);

        if expected.get("error").is_some() {
            let err = result
                .err()
                .unwrap_or_else(|| panic!("{name}: expected an error"));
            assert!(!err.to_string().is_empty(), "{name}: empty error message");
            continue;
        }
        let (design, model) = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let stable = |field: &str| !job.unstable.iter().any(|u| u == field);

        assert_eq!(model.n as u64, expected["n"].as_u64().unwrap(), "{name}: n");
        assert_eq!(
            model.n_events as u64,
            expected["n_events"].as_u64().unwrap(),
            "{name}: n_events"
        );
        assert_eq!(
            job.n_dropped as u64,
            expected["n_dropped"].as_u64().unwrap(),
            "{name}: n_dropped"
        );
        assert_eq!(
            model.is_separated(),
            expected["separation"].as_bool().unwrap(),
            "{name}: separation"
        );

        for (field, value) in [
            ("log_likelihood", model.log_likelihood),
            ("aic", model.aic),
            ("deviance", model.deviance),
            ("null_deviance", model.null_deviance),
        ] {
            if stable(field) {
                assert_close(&name, field, value, &expected[field]);
            }
        }

        if stable("auc") {
            let model_auc =
                auc(&model.linear_predictor, design.outcome(), Direction::Higher).unwrap();
            assert_close(&name, "auc", model_auc, &expected["auc"]);
        }

        if stable("coefficients") {
            let rows = expected["coefficients"].as_array().unwrap();
            assert_eq!(
                rows.len(),
                model.coefficients.len(),
                "{name}: number of coefficients"
            );
            for (row, coefficient) in rows.iter().zip(&model.coefficients) {
                assert_eq!(
                    row["term"].as_str().unwrap(),
                    coefficient.term,
                    "{name}: term"
                );
                let field = |f: &str| format!("{} {f}", coefficient.term);
                let wald = coefficient.wald.expect("Wald inference when not separated");
                assert_close(
                    &name,
                    &field("estimate"),
                    coefficient.estimate,
                    &row["estimate"],
                );
                assert_close(&name, &field("se"), coefficient.se, &row["se"]);
                assert_close(&name, &field("z"), wald.z, &row["z"]);
                assert_close(&name, &field("p"), wald.p, &row["p"]);
                assert_close(
                    &name,
                    &field("odds_ratio"),
                    wald.odds_ratio,
                    &row["odds_ratio"],
                );
                assert_close(
                    &name,
                    &field("or_ci_lower"),
                    wald.or_ci_lower,
                    &row["or_ci_lower"],
                );
                assert_close(
                    &name,
                    &field("or_ci_upper"),
                    wald.or_ci_upper,
                    &row["or_ci_upper"],
                );
            }
        }

        if stable("hosmer_lemeshow") {
            let hl = hosmer_lemeshow(design.outcome(), &model.fitted, 10).unwrap();
            let expected_hl = &expected["hosmer_lemeshow"];
            assert_eq!(
                hl.n_groups as u64,
                expected_hl["n_groups"].as_u64().unwrap(),
                "{name}: HL n_groups"
            );
            assert_eq!(
                hl.df.map(|d| d as u64),
                expected_hl["df"].as_u64(),
                "{name}: HL df"
            );
            assert_close(
                &name,
                "HL statistic",
                hl.statistic.unwrap_or(f64::NAN),
                &expected_hl["statistic"],
            );
            assert_close(&name, "HL p", hl.p.unwrap_or(f64::NAN), &expected_hl["p"]);
            assert_eq!(
                hl.error.is_some(),
                expected_hl.get("error").is_some(),
                "{name}: HL error"
            );
        }
    }
}
