//! The `repro` command line: reproduces published diagnostic-accuracy studies.
//!
//! ```text
//! repro run data/tace-ctp                 # the whole study: tables and results.json
//! repro paired --data f.csv --before pre --after post --by group --json
//! repro simulate data/tace-ctp/synth.toml # regenerate the synthetic cohort
//! ```
//!
//! This crate only wires the others together: it parses arguments, reads the study and
//! job files, calls the statistics crates through `repro-report`, writes outputs, and
//! turns every error into one line on stderr with an exit code (0 success, 1 a failed
//! claim check, 2 bad input).

pub mod cli;
pub mod error;
pub mod job;
pub mod seed_search;
pub mod study_run;
pub mod write;

pub use error::CliError;
