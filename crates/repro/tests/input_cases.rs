//! Runs `repro run` on every folder of `tests/input-cases/` and checks the outcome that
//! the folder's `expected.json` describes.
//!
//! A case folder holds `study.toml`, `data.csv` and `expected.json`:
//! `{"exit": 2, "code": "E109", "stderr": ["line 4", "\"HAP_pre\""]}` for input that must
//! be rejected (the message starts with `error[E109]`, each string appears in it, and no
//! report may be written), or
//! `{"exit": 0, "results": {"/json/pointer": value}}` for input that must be read, with
//! values of results.json to check. A new case is a new folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn cases_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/input-cases")
}

fn copy_case(case: &Path, into: &Path) {
    for entry in std::fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, into.join(path.file_name().unwrap())).unwrap();
    }
}

/// Checks one case; returns a description of each mismatch.
fn check_case(case: &Path) -> Vec<String> {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap())
            .unwrap();
    let work = tempfile::tempdir().unwrap();
    copy_case(case, work.path());
    let report = work.path().join("report");
    let output = Command::new(env!("CARGO_BIN_EXE_repro"))
        .arg("run")
        .arg(work.path().join("study.toml"))
        .arg("--out")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();

    let expected_exit = expected["exit"].as_i64().unwrap();
    if output.status.code() != Some(expected_exit as i32) {
        problems.push(format!(
            "exit code {:?}, expected {expected_exit}; stderr: {stderr}",
            output.status.code()
        ));
    }
    if stderr.contains("panicked") {
        problems.push(format!("panicked: {stderr}"));
    }
    if let Some(code) = expected["code"].as_str()
        && !stderr.starts_with(&format!("error[{code}]"))
    {
        problems.push(format!("expected error code {code}: {stderr}"));
    }
    for needle in expected["stderr"].as_array().into_iter().flatten() {
        let needle = needle.as_str().unwrap();
        if !stderr.contains(needle) {
            problems.push(format!("stderr lacks {needle:?}: {stderr}"));
        }
    }
    if expected_exit != 0 {
        if report.exists() {
            problems.push("a failed run created the report folder".into());
        }
        if stderr.trim_end().lines().count() != 1 {
            problems.push(format!("the error is not one line: {stderr}"));
        }
        return problems;
    }

    let results: Value = match std::fs::read_to_string(report.join("results.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(error) => {
            problems.push(format!("no results.json: {error}"));
            return problems;
        }
    };
    for (pointer, want) in expected["results"].as_object().into_iter().flatten() {
        let got = results.pointer(pointer);
        let matches = match (got, want) {
            (Some(Value::Number(g)), Value::Number(w)) => {
                let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
                (g - w).abs() <= 1e-12 * w.abs().max(1.0)
            }
            (Some(g), w) => g == w,
            (None, _) => false,
        };
        if !matches {
            problems.push(format!("{pointer} is {got:?}, expected {want}"));
        }
    }
    problems
}

#[test]
fn input_cases_behave_as_expected() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_folder())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the input-case corpus, found {} cases",
        cases.len()
    );

    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            check_case(case)
                .into_iter()
                .map(move |problem| format!("{name}: {problem}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn failed_run_keeps_previous_report() {
    let work = tempfile::tempdir().unwrap();
    copy_case(&cases_folder().join("bom_before_header"), work.path());
    let report = work.path().join("report");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_repro"))
            .arg("run")
            .arg(work.path().join("study.toml"))
            .arg("--out")
            .arg(&report)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let before = std::fs::read(report.join("results.json")).unwrap();

    std::fs::write(
        work.path().join("data.csv"),
        "id,group,sex,HAP_pre,HAP_post\nP1,cr,M,<0.1,1\n",
    )
    .unwrap();
    let failed = run();
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(std::fs::read(report.join("results.json")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&report)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
