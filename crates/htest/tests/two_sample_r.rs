//! Compares the two-sample tests with R on the cases in `fixtures/two_sample.json`.
//!
//! `fixtures/two_sample.R` made that file with R 4.2.2 (`t.test(x, y, var.equal,
//! alternative, conf.level)` and `wilcox.test(x, y, alternative, exact, correct)`), and
//! records every number with 17 significant digits. Numbers must agree within 1e-9
//! relative (absolute floor 1e-15); R's errors must be errors with R's message.

use repro_htest::{
    Alternative, ExactPolicy, TTestOptions, WilcoxonOptions, student_t_test, welch_t_test,
    wilcoxon_rank_sum,
};
use serde_json::Value;

const RELATIVE_TOLERANCE: f64 = 1e-9;
const ABSOLUTE_FLOOR: f64 = 1e-15;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/two_sample.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture file is readable");
    serde_json::from_str(&text).expect("fixture file is valid JSON")
}

/// Reads a JSON number, `null` (NaN) or `"Inf"`/`"-Inf"`.
fn number(value: &Value) -> f64 {
    match value {
        Value::Null => f64::NAN,
        Value::String(s) if s == "Inf" => f64::INFINITY,
        Value::String(s) if s == "-Inf" => f64::NEG_INFINITY,
        other => other
            .as_f64()
            .unwrap_or_else(|| panic!("not a number: {other}")),
    }
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("array of numbers")
        .iter()
        .map(number)
        .collect()
}

fn alternative(value: &Value) -> Alternative {
    match value.as_str() {
        Some("two.sided") => Alternative::TwoSided,
        Some("less") => Alternative::Less,
        Some("greater") => Alternative::Greater,
        other => panic!("unknown alternative {other:?}"),
    }
}

fn assert_number(got: f64, expected: f64, context: &str) {
    if expected.is_nan() {
        assert!(got.is_nan(), "{context}: got {got}, expected NaN");
    } else if expected.is_infinite() {
        assert_eq!(got, expected, "{context}");
    } else {
        let tolerance = (RELATIVE_TOLERANCE * expected.abs()).max(ABSOLUTE_FLOOR);
        assert!(
            (got - expected).abs() <= tolerance,
            "{context}: got {got:.17e}, expected {expected:.17e}"
        );
    }
}

#[test]
fn t_tests_match_r() {
    let fixture = fixture();
    let mut checked = 0;
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let x = numbers(&case["x"]);
        let y = numbers(&case["y"]);
        for want in case["t_tests"].as_array().unwrap() {
            let var_equal = want["var_equal"].as_bool().unwrap();
            let options = TTestOptions {
                alternative: alternative(&want["alternative"]),
                conf_level: number(&want["conf_level"]),
            };
            let context = format!("{name} var_equal={var_equal} {options:?}");
            let result = if var_equal {
                student_t_test(&x, &y, options)
            } else {
                welch_t_test(&x, &y, options)
            };
            match (result, want["error"].as_str()) {
                (Ok(test), None) => {
                    assert_number(test.t, number(&want["t"]), &format!("{context}: t"));
                    assert_number(test.df, number(&want["df"]), &format!("{context}: df"));
                    assert_number(test.p_value, number(&want["p"]), &format!("{context}: p"));
                    let ci = numbers(&want["ci"]);
                    assert_number(test.ci.lower, ci[0], &format!("{context}: ci lower"));
                    assert_number(test.ci.upper, ci[1], &format!("{context}: ci upper"));
                    assert_number(
                        test.mean_x,
                        number(&want["mean_x"]),
                        &format!("{context}: mean_x"),
                    );
                    assert_number(
                        test.mean_y,
                        number(&want["mean_y"]),
                        &format!("{context}: mean_y"),
                    );
                    assert_number(test.se, number(&want["se"]), &format!("{context}: se"));
                }
                (Err(error), Some(message)) => {
                    assert_eq!(error.r_message().as_deref(), Some(message), "{context}");
                }
                (Ok(test), Some(message)) => {
                    panic!("{context}: R stopped with {message:?}, got {test:?}")
                }
                (Err(error), None) => panic!("{context}: unexpected error {error}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} t-test cases ran");
}

#[test]
fn rank_sum_tests_match_r() {
    let fixture = fixture();
    let mut checked = 0;
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let x = numbers(&case["x"]);
        let y = numbers(&case["y"]);
        for want in case["wilcoxon"].as_array().unwrap() {
            let options = WilcoxonOptions {
                alternative: alternative(&want["alternative"]),
                exact: match want["exact"].as_bool() {
                    None => ExactPolicy::Auto,
                    Some(true) => ExactPolicy::Exact,
                    Some(false) => ExactPolicy::Normal,
                },
                continuity_correction: want["correct"].as_bool().unwrap(),
            };
            let context = format!("{name} {options:?}");
            let test = wilcoxon_rank_sum(&x, &y, options)
                .unwrap_or_else(|e| panic!("{context}: unexpected error {e}"));
            assert_number(
                test.statistic,
                number(&want["statistic"]),
                &format!("{context}: W"),
            );
            assert_number(test.p_value, number(&want["p"]), &format!("{context}: p"));
            let method = want["method"].as_str().unwrap();
            assert_eq!(
                test.method.is_exact(),
                method.contains("exact"),
                "{context}: {method}"
            );
            let corrected = method.contains("continuity correction");
            let test_corrected = matches!(
                test.method,
                repro_htest::WilcoxonMethod::Normal {
                    continuity_correction: true,
                    ..
                }
            );
            assert_eq!(test_corrected, corrected, "{context}: {method}");
            checked += 1;
        }
    }
    assert!(checked >= 70, "only {checked} rank-sum cases ran");
}
