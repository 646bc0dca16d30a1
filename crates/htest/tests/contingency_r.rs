//! Compares the contingency-table tests with R on the cases in `fixtures/contingency.json`.
//!
//! `fixtures/contingency.R` made that file with R 4.2.2 (`chisq.test(m, correct)` and
//! `fisher.test(m, alternative)`), and records every number with 17 significant
//! digits. Numbers must agree within 1e-9 relative (absolute floor 1e-15).

use repro_htest::{Alternative, chi_square_test, fisher_exact_2x2};
use serde_json::Value;

const RELATIVE_TOLERANCE: f64 = 1e-9;
const ABSOLUTE_FLOOR: f64 = 1e-15;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/contingency.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture file is readable");
    serde_json::from_str(&text).expect("fixture file is valid JSON")
}

fn table(value: &Value) -> Vec<Vec<u64>> {
    value
        .as_array()
        .expect("table rows")
        .iter()
        .map(|row| {
            row.as_array()
                .expect("row")
                .iter()
                .map(|c| c.as_u64().expect("count"))
                .collect()
        })
        .collect()
}

fn assert_number(got: f64, expected: &Value, context: &str) {
    let expected = expected
        .as_f64()
        .unwrap_or_else(|| panic!("{context}: expected is {expected}"));
    let tolerance = (RELATIVE_TOLERANCE * expected.abs()).max(ABSOLUTE_FLOOR);
    assert!(
        (got - expected).abs() <= tolerance,
        "{context}: got {got:.17e}, expected {expected:.17e}"
    );
}

#[test]
fn chi_square_matches_r() {
    let mut checked = 0;
    for case in fixture()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let counts = table(&case["table"]);
        for want in case["chi_square"].as_array().unwrap() {
            let correct = want["correct"].as_bool().unwrap();
            let context = format!("{name} correct={correct}");
            let test =
                chi_square_test(&counts, correct).unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_number(
                test.statistic,
                &want["statistic"],
                &format!("{context}: statistic"),
            );
            assert_eq!(Some(test.df as u64), want["df"].as_u64(), "{context}: df");
            assert_number(test.p_value, &want["p"], &format!("{context}: p"));
            assert_eq!(
                Some(test.yates),
                want["yates_applied"].as_bool(),
                "{context}: yates"
            );
            assert_number(
                test.min_expected,
                &want["min_expected"],
                &format!("{context}: min_expected"),
            );
            checked += 1;
        }
    }
    assert!(checked >= 26, "only {checked} chi-square cases ran");
}

#[test]
fn fisher_matches_r() {
    let mut checked = 0;
    for case in fixture()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let counts = table(&case["table"]);
        let Some(want) = case["fisher"].as_object() else {
            continue;
        };
        for (key, alternative) in [
            ("two.sided", Alternative::TwoSided),
            ("less", Alternative::Less),
            ("greater", Alternative::Greater),
        ] {
            let context = format!("{name} {key}");
            let test =
                fisher_exact_2x2(&counts, alternative).unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_number(test.p_value, &want[key], &format!("{context}: p"));
            checked += 1;
        }
    }
    assert!(checked >= 24, "only {checked} Fisher cases ran");
}
