//! Regenerates each committed report under `reports/` from its study in `data/` and
//! compares the files byte for byte, so that any change in a number, a format or a
//! convention shows up as a failing test and a reviewable diff.

use std::path::Path;
use std::process::Command;

fn check_study(study: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let committed = root.join("reports").join(study);
    let work = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_repro"))
        .arg("run")
        .arg(root.join("data").join(study))
        .arg("--out")
        .arg(work.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "repro run {study} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut names: Vec<String> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut generated: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    assert_eq!(
        generated, names,
        "the set of files differs from reports/{study}"
    );
    for name in &names {
        let want = std::fs::read(committed.join(name)).unwrap();
        let got = std::fs::read(work.path().join(name)).unwrap();
        assert!(
            want == got,
            "reports/{study}/{name} differs from a fresh run; if the change is intended, run \
             `cargo run --release -p repro -- run data/{study}` and commit the result"
        );
    }
}

#[test]
fn tace_ctp_report_is_reproduced() {
    check_study("tace-ctp");
}

#[test]
fn asah_report_is_reproduced() {
    check_study("asah");
}

/// Patient identifiers must not reach any report file: tables, figures, JSON or HTML.
#[test]
fn reports_contain_no_patient_ids() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cohort = std::fs::read_to_string(root.join("data/tace-ctp/cohort.csv")).unwrap();
    let ids: Vec<&str> = cohort
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .collect();
    assert_eq!(ids.len(), 95);

    for entry in std::fs::read_dir(root.join("reports/tace-ctp")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Embedded PNG data is base64 and could spell an id by chance; only text counts.
        let text: String = text
            .split("data:image/png;base64,")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('"').map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        for id in &ids {
            assert!(
                !text.contains(id),
                "{} contains patient id {id}",
                path.display()
            );
        }
    }
}
