//! Fuzzes study-file parsing: arbitrary UTF-8 through `Study::from_toml`.
//!
//! An error is a valid outcome, and so is its message. A panic is a bug, in parsing, in
//! the semantic checks or in the methods a run calls on an accepted study.

#![no_main]

use libfuzzer_sys::fuzz_target;
use repro_study::Study;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = Path::new("study.toml");
    match Study::from_toml(text, path) {
        Ok(study) => {
            let _ = study.dialect();
            let _ = study.dataset_path(path);
            let _ = study.roc_comparisons();
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
