//! `repro check`: exit 0 when every claim holds, 1 when one fails, and the byte
//! comparison with a committed report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn repro(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_repro"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn shipped_studies_pass_their_claims() {
    for study in ["tace-ctp", "asah"] {
        let data = root().join("data").join(study);
        let reports = root().join("reports").join(study);
        let output = repro(&[
            "check".as_ref(),
            data.as_os_str(),
            "--against".as_ref(),
            reports.as_os_str(),
        ]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{study}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("byte-identical"), "{study}: {stdout}");
        assert!(!stdout.contains("FAILS"), "{study}: {stdout}");
    }
}

#[test]
fn failed_claim_exits_one_and_explains() {
    let work = tempfile::tempdir().unwrap();
    for name in ["study.toml", "asah.csv"] {
        std::fs::copy(root().join("data/asah").join(name), work.path().join(name)).unwrap();
    }
    // The Hanley-McNeil SE gives a different lower limit; claim that one instead.
    let study = std::fs::read_to_string(work.path().join("study.toml")).unwrap();
    let hanley_lower = "reported = \"0.631\"";
    let study = study.replacen("reported = \"0.630\"", hanley_lower, 1);
    std::fs::write(work.path().join("study.toml"), study).unwrap();

    let output = repro(&["check".as_ref(), work.path().as_os_str()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|line| line.starts_with("| P2 "))
        .unwrap();
    assert!(line.contains("FAILS"), "{line}");
    assert!(line.contains("Hanley-McNeil"), "{line}");
}

#[test]
fn changed_report_is_reported() {
    let work = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("reports/asah")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, work.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(work.path().join("table1.md"), "edited\n").unwrap();
    let data = root().join("data/asah");
    let output = repro(&[
        "check".as_ref(),
        data.as_os_str(),
        "--against".as_ref(),
        work.path().as_os_str(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("table1.md differs"), "{stdout}");
}

#[test]
fn hosmer_lemeshow_df_is_explained() {
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("data/tace-ctp/cohort.csv"),
        work.path().join("cohort.csv"),
    )
    .unwrap();
    let study = std::fs::read_to_string(root().join("data/tace-ctp/study.toml")).unwrap();
    // The validation-sample form (df = 10 groups) gives P = 0.8756 on this cohort, the
    // default (df = 8) gives 0.733, so this published value needs the other convention.
    let study = study.replace("bootstrap_replicates = 1000", "bootstrap_replicates = 0")
        + "\n[[claim]]\nid = \"H1\"\ntext = \"Hosmer-Lemeshow P\"\nkind = \"value\"\nquantity = \"model.hosmer_lemeshow.p\"\nreported = \"0.876\"\n";
    std::fs::write(work.path().join("study.toml"), study).unwrap();

    let output = repro(&["check".as_ref(), work.path().as_os_str()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|line| line.starts_with("| H1 "))
        .unwrap();
    assert!(line.contains("FAILS"), "{line}");
    assert!(
        line.contains("Hosmer-Lemeshow df = number of groups"),
        "{line}"
    );
}
