//! Runs every case in `tests/reference/` (expected values from R 4.2.2 and pROC 1.18.0;
//! see `tests/reference/PROVENANCE.md`) and compares the JSON document with `expected.json`.
//!
//! Numbers must agree within 1e-9 relative (1e-6 for logistic fits), with an absolute
//! floor of 1e-15 for values that are zero in exact arithmetic. Integers, strings,
//! booleans and nulls must be equal. Keys listed in a job's `unstable_fields` are skipped,
//! and extra keys in the output are allowed. An expected `{"error": ...}` requires an error.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn reference_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/reference exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.join("job.json").is_file())
        .collect();
    cases.sort();
    cases
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Appends a line to `failures` for every difference between `actual` and `expected`.
fn compare(actual: &Value, expected: &Value, tolerance: f64, at: &str, failures: &mut Vec<String>) {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            let exact = expected.is_i64() || expected.is_u64();
            let close = if exact {
                a == e
            } else {
                (a - e).abs() <= tolerance * e.abs() || (a - e).abs() <= 1e-15
            };
            if !close {
                failures.push(format!("{at}: got {a:.17e}, expected {e:.17e}"));
            }
        }
        (Value::Object(a), Value::Object(e)) => {
            for (key, expected_value) in e {
                match a.get(key) {
                    Some(actual_value) => compare(
                        actual_value,
                        expected_value,
                        tolerance,
                        &format!("{at}.{key}"),
                        failures,
                    ),
                    None => failures.push(format!("{at}.{key}: missing in output")),
                }
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                failures.push(format!("{at}: {} elements, expected {}", a.len(), e.len()));
                return;
            }
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                compare(a, e, tolerance, &format!("{at}[{i}]"), failures);
            }
        }
        (a, e) if a == e => {}
        (a, e) => failures.push(format!("{at}: got {a}, expected {e}")),
    }
}

fn check_case(case: &Path) -> Vec<String> {
    let job = read_json(&case.join("job.json"));
    let mut expected = read_json(&case.join("expected.json"));
    let result = repro::job::run_file(&case.join("job.json"));

    if expected.get("error").is_some() {
        return match result {
            Err(_) => Vec::new(),
            Ok(document) => vec![format!("expected an error, got {document}")],
        };
    }
    let actual = match result {
        Ok(document) => document,
        Err(error) => return vec![format!("unexpected error: {error}")],
    };

    if let (Some(unstable), Some(object)) = (
        job.get("unstable_fields").and_then(Value::as_array),
        expected.as_object_mut(),
    ) {
        for field in unstable.iter().filter_map(Value::as_str) {
            object.remove(field);
        }
    }
    let tolerance = if job["kind"] == "logit" { 1e-6 } else { 1e-9 };
    let mut failures = Vec::new();
    compare(&actual, &expected, tolerance, "$", &mut failures);
    failures
}

fn run_kind(prefix: &str) {
    let cases: Vec<PathBuf> = reference_cases()
        .into_iter()
        .filter(|case| {
            case.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .collect();
    assert!(!cases.is_empty(), "no {prefix}* reference cases found");

    let mut report = Vec::new();
    for case in &cases {
        let failures = check_case(case);
        if !failures.is_empty() {
            let name = case.file_name().unwrap().to_string_lossy();
            report.push(format!("{name}:\n  {}", failures.join("\n  ")));
        }
    }
    assert!(
        report.is_empty(),
        "{} of {} cases differ from R:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
}

#[test]
fn paired_cases_match_r() {
    run_kind("paired_");
}

#[test]
fn roc_cases_match_proc() {
    run_kind("roc_");
}

#[test]
fn logit_cases_match_glm() {
    run_kind("logit_");
}
