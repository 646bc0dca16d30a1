//! Runs every `paired` reference case in `tests/reference` at the workspace root, and the
//! degenerate case in `fixtures/paired_degenerate`.
//!
//! The expected values were computed by R 4.2.2 (`t.test(after, before, paired = TRUE)`
//! and `wilcox.test(after, before, paired = TRUE)`) and printed with 17 significant
//! digits. Numbers must agree within 1e-9 relative (absolute floor 1e-15), and counts
//! and booleans exactly. A case is a folder, so new cases run without code changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use repro_htest::{TTestOptions, WilcoxonOptions, mean, paired_t_test, sd, wilcoxon_signed_rank};
use serde_json::Value;

const RELATIVE_TOLERANCE: f64 = 1e-9;
const ABSOLUTE_FLOOR: f64 = 1e-15;

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference")
}

fn paired_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(reference_dir())
        .expect("tests/reference exists at the workspace root")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            let job = path.join("job.json");
            job.is_file() && read_json(&job)["kind"] == "paired"
        })
        .collect();
    cases.sort();
    cases
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Pairs of one group, after dropping rows with a missing before, after or group.
#[derive(Default)]
struct Group {
    before: Vec<f64>,
    after: Vec<f64>,
}

/// Reads the job's columns as the reference README describes them: text trimmed, empty or `NA`
/// missing, numbers parsed as doubles, groups sorted by label in byte order.
fn read_groups(case: &Path, job: &Value) -> (BTreeMap<String, Group>, usize) {
    let column = |key: &str| job[key].as_str().map(str::to_owned);
    let before_name = column("before").expect("job names the before column");
    let after_name = column("after").expect("job names the after column");
    let group_name = column("group");

    let data = case.join(job["data"].as_str().expect("job names its data file"));
    let mut reader = csv::Reader::from_path(&data).expect("data file opens");
    let headers = reader.headers().expect("data file has a header").clone();
    let position = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .unwrap_or_else(|| panic!("column {name} missing in {}", data.display()))
    };
    let before_at = position(&before_name);
    let after_at = position(&after_name);
    let group_at = group_name.as_deref().map(position);

    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut dropped = 0;
    for record in reader.records() {
        let record = record.expect("well-formed CSV row");
        let field = |at: usize| {
            let text = record.get(at).unwrap_or("").trim();
            (!text.is_empty() && text != "NA").then_some(text)
        };
        let label = match group_at {
            Some(at) => field(at),
            None => Some("all"),
        };
        let (Some(before), Some(after), Some(label)) = (field(before_at), field(after_at), label)
        else {
            dropped += 1;
            continue;
        };
        let group = groups.entry(label.to_owned()).or_default();
        group
            .before
            .push(before.parse().expect("numeric before value"));
        group
            .after
            .push(after.parse().expect("numeric after value"));
    }
    (groups, dropped)
}

fn assert_number(got: f64, expected: &Value, context: &str) {
    match expected.as_f64() {
        Some(expected) => {
            let tolerance = (RELATIVE_TOLERANCE * expected.abs()).max(ABSOLUTE_FLOOR);
            assert!(
                (got - expected).abs() <= tolerance,
                "{context}: got {got:.17e}, expected {expected:.17e}"
            );
        }
        None => {
            assert!(
                expected.is_null(),
                "{context}: unexpected JSON value {expected}"
            );
            assert!(got.is_nan(), "{context}: got {got}, expected NA");
        }
    }
}

fn check_case(case: &Path) {
    let job = read_json(&case.join("job.json"));
    let expected = read_json(&case.join("expected.json"));
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let (groups, dropped) = read_groups(case, &job);

    assert_eq!(
        dropped as u64,
        expected["n_dropped"].as_u64().unwrap(),
        "{name}: n_dropped"
    );
    let expected_groups = expected["groups"].as_array().expect("groups array");
    assert_eq!(
        groups.len(),
        expected_groups.len(),
        "{name}: number of groups"
    );

    for ((label, group), want) in groups.iter().zip(expected_groups) {
        let context = format!("{name}/{label}");
        assert_eq!(
            want["group"].as_str(),
            Some(label.as_str()),
            "{context}: group order"
        );
        assert_eq!(
            group.before.len() as u64,
            want["n"].as_u64().unwrap(),
            "{context}: n"
        );

        let differences: Vec<f64> = group
            .after
            .iter()
            .zip(&group.before)
            .map(|(a, b)| a - b)
            .collect();
        let or_nan = |value: Option<f64>| value.unwrap_or(f64::NAN);
        assert_number(
            or_nan(mean(&group.before)),
            &want["mean_before"],
            &format!("{context}: mean_before"),
        );
        assert_number(
            or_nan(mean(&group.after)),
            &want["mean_after"],
            &format!("{context}: mean_after"),
        );
        assert_number(
            or_nan(mean(&differences)),
            &want["mean_difference"],
            &format!("{context}: mean_difference"),
        );
        assert_number(
            or_nan(sd(&differences)),
            &want["sd_difference"],
            &format!("{context}: sd_difference"),
        );

        let t_want = &want["t_test"];
        match paired_t_test(&group.before, &group.after, TTestOptions::default()) {
            Ok(t) => {
                assert!(
                    t_want.get("error").is_none(),
                    "{context}: R stopped but the test did not"
                );
                assert_number(
                    t.mean_before,
                    &want["mean_before"],
                    &format!("{context}: mean_before"),
                );
                assert_number(
                    t.mean_after,
                    &want["mean_after"],
                    &format!("{context}: mean_after"),
                );
                assert_number(
                    t.mean_difference,
                    &want["mean_difference"],
                    &format!("{context}: mean_difference"),
                );
                let sd = t.sd_difference.unwrap_or(f64::NAN);
                assert_number(
                    sd,
                    &want["sd_difference"],
                    &format!("{context}: sd_difference"),
                );
                assert_number(t.t, &t_want["t"], &format!("{context}: t"));
                assert_number(t.df, &t_want["df"], &format!("{context}: df"));
                assert_number(t.p_value, &t_want["p"], &format!("{context}: p"));
                assert_number(
                    t.ci.lower,
                    &t_want["ci_lower"],
                    &format!("{context}: ci_lower"),
                );
                assert_number(
                    t.ci.upper,
                    &t_want["ci_upper"],
                    &format!("{context}: ci_upper"),
                );
            }
            Err(error) => {
                let expected_message = t_want["error"].as_str();
                assert!(
                    expected_message.is_some(),
                    "{context}: unexpected error {error}"
                );
                let r_message = error
                    .r_message()
                    .unwrap_or_else(|| panic!("{context}: {error}"));
                assert!(
                    expected_message.unwrap().contains(&r_message),
                    "{context}: R stopped with {expected_message:?}, the test with {r_message:?}"
                );
            }
        }

        let w_want = &want["wilcoxon"];
        let w = wilcoxon_signed_rank(&group.before, &group.after, WilcoxonOptions::default())
            .unwrap_or_else(|e| panic!("{context}: signed-rank test failed: {e}"));
        assert_number(w.statistic, &w_want["statistic"], &format!("{context}: V"));
        assert_number(w.p_value, &w_want["p"], &format!("{context}: wilcoxon p"));
        assert_eq!(
            Some(w.method.is_exact()),
            w_want["exact"].as_bool(),
            "{context}: exact"
        );
    }
}

#[test]
fn paired_reference_cases() {
    let cases = paired_cases();
    assert!(
        cases.len() >= 5,
        "expected the paired reference cases, found {}",
        cases.len()
    );
    for case in &cases {
        check_case(case);
    }
}

/// A case in the same layout, made by `fixtures/paired_degenerate.R` with R 4.2.2: one
/// pair, constant and all-zero differences, zeros with ties, and rows with a missing
/// value or group label.
#[test]
fn paired_degenerate_groups_match_r() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paired_degenerate");
    check_case(&case);
}
