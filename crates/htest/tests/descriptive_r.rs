//! Compares the descriptive statistics with R on the samples in `fixtures/descriptive.json`.
//!
//! `fixtures/descriptive.R` made that file with R 4.2.2 (`mean`, `sd`, `median`, `IQR`
//! and `quantile(x, probs)` of type 7), and records every number with 17 significant
//! digits. Numbers must agree within 1e-12 relative (absolute floor 1e-15).

use repro_htest::{iqr, mean, median, quantile_type7, sd, summarize};
use serde_json::Value;

const RELATIVE_TOLERANCE: f64 = 1e-12;
const ABSOLUTE_FLOOR: f64 = 1e-15;

fn numbers(value: &Value) -> Vec<f64> {
    let values = value.as_array().expect("array of numbers");
    values.iter().map(|v| v.as_f64().expect("number")).collect()
}

fn assert_number(got: Option<f64>, expected: &Value, context: &str) {
    match expected.as_f64() {
        Some(expected) => {
            let got = got.unwrap_or_else(|| panic!("{context}: got None, expected {expected}"));
            let tolerance = (RELATIVE_TOLERANCE * expected.abs()).max(ABSOLUTE_FLOOR);
            assert!(
                (got - expected).abs() <= tolerance,
                "{context}: got {got:.17e}, expected {expected:.17e}"
            );
        }
        None => assert_eq!(got, None, "{context}: R gives NA"),
    }
}

#[test]
fn descriptive_statistics_match_r() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/descriptive.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture file is readable");
    let fixture: Value = serde_json::from_str(&text).expect("fixture file is valid JSON");
    let samples = fixture["samples"].as_array().expect("samples array");
    assert!(samples.len() >= 7, "only {} samples", samples.len());

    for sample in samples {
        let name = sample["name"].as_str().unwrap();
        let x = numbers(&sample["x"]);
        assert_number(mean(&x), &sample["mean"], &format!("{name}: mean"));
        assert_number(sd(&x), &sample["sd"], &format!("{name}: sd"));
        assert_number(median(&x), &sample["median"], &format!("{name}: median"));
        assert_number(iqr(&x), &sample["iqr"], &format!("{name}: IQR"));

        let probs = numbers(&sample["probs"]);
        let quantiles = sample["quantiles"].as_array().unwrap();
        for (prob, expected) in probs.iter().zip(quantiles) {
            let context = format!("{name}: quantile {prob}");
            assert_number(quantile_type7(&x, *prob), expected, &context);
        }

        let summary = summarize(&x);
        assert_eq!(summary.n, x.len(), "{name}: n");
        assert_number(summary.q1, &quantiles[2], &format!("{name}: summary q1"));
        assert_number(
            summary.median,
            &sample["median"],
            &format!("{name}: summary median"),
        );
        assert_number(summary.q3, &quantiles[4], &format!("{name}: summary q3"));
        assert_number(summary.min, &quantiles[0], &format!("{name}: summary min"));
        assert_number(summary.max, &quantiles[6], &format!("{name}: summary max"));
    }
}
