//! Argument parsing and dispatch.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use serde_json::Value;

use crate::error::CliError;
use crate::job::{self, DirectionSpec, Job};

/// Reproduce published diagnostic-accuracy studies from their tabulated data.
#[derive(Debug, Parser)]
#[command(name = "repro", version, about)]
pub struct Args {
    /// Log progress to stderr (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a whole study (its study.toml) and write its tables and results.json.
    Run {
        /// Study folder containing study.toml, or the study file itself.
        study: PathBuf,
        /// Output folder [default: reports/<study id>].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recompute a study and check the paper's claims: exit 0 if all hold, 1 if any fails.
    Check {
        /// Study folder containing study.toml, or the study file itself.
        study: PathBuf,
        /// Also compare the regenerated report byte for byte with this folder.
        #[arg(long)]
        against: Option<PathBuf>,
    },
    /// Paired before/after tests (t-test and Wilcoxon signed-rank) on any CSV.
    Paired {
        /// CSV file (comma-separated, '.' decimals, empty or NA missing).
        #[arg(long)]
        data: PathBuf,
        /// Column of the value before.
        #[arg(long)]
        before: String,
        /// Column of the value after; differences are after - before.
        #[arg(long)]
        after: String,
        /// Group column: one analysis per group, groups in byte order of their labels.
        #[arg(long)]
        by: Option<String>,
        /// Print the JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// ROC analysis with DeLong inference on any CSV.
    Roc {
        /// CSV file (comma-separated, '.' decimals, empty or NA missing).
        #[arg(long)]
        data: PathBuf,
        /// Outcome column.
        #[arg(long)]
        outcome: String,
        /// Label of the positive class in the outcome column.
        #[arg(long)]
        positive: String,
        /// Marker column; repeat for several markers.
        #[arg(long = "predictor", required = true)]
        predictors: Vec<String>,
        /// higher, lower or auto for every marker, or COL=DIR for one marker; repeatable [default: auto].
        #[arg(long = "direction")]
        directions: Vec<String>,
        /// Print the JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Logistic regression with Wald inference on any CSV.
    Logit {
        /// CSV file (comma-separated, '.' decimals, empty or NA missing).
        #[arg(long)]
        data: PathBuf,
        /// Outcome column.
        #[arg(long)]
        outcome: String,
        /// Label of the positive class (the event) in the outcome column.
        #[arg(long)]
        positive: String,
        /// Predictor column; repeat for several predictors.
        #[arg(long = "predictor", required = true)]
        predictors: Vec<String>,
        /// Print the JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Generate a synthetic cohort from its specification (synth.toml).
    Simulate {
        /// The specification file.
        spec: PathBuf,
        /// Seed to use instead of the one in the specification.
        #[arg(long, conflicts_with = "find_seed")]
        seed: Option<u64>,
        /// Search seeds from 1 for the first cohort whose study satisfies every claim,
        /// and record it in the specification.
        #[arg(long)]
        find_seed: bool,
        /// The study whose claims the search checks [default: the specification's folder].
        #[arg(long, requires = "find_seed")]
        study: Option<PathBuf>,
        /// Largest seed the search tries.
        #[arg(long, default_value_t = 100_000, requires = "find_seed")]
        max_seed: u64,
        /// Output CSV [default: the `output` of the specification, relative to it].
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Sets up `tracing` on stderr.
pub fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .without_time()
        .try_init();
}

/// Runs a parsed command and returns the exit code.
///
/// # Errors
/// Any [`CliError`]; the caller prints it and exits with its code.
pub fn execute(args: Args) -> Result<u8, CliError> {
    match args.command {
        Command::Run { study, out } => {
            crate::study_run::run_study(&study, out.as_deref())?;
            Ok(0)
        }
        Command::Check { study, against } => {
            crate::study_run::check_study(&study, against.as_deref())
        }
        Command::Paired {
            data,
            before,
            after,
            by,
            json,
        } => {
            let document = job::run(&Job::Paired {
                data,
                before,
                after,
                group: by,
            })?;
            print_document(&document, json, crate::write::render_paired)
        }
        Command::Roc {
            data,
            outcome,
            positive,
            predictors,
            directions,
            json,
        } => {
            let direction = parse_directions(&directions, &predictors)?;
            let document = job::run(&Job::Roc {
                data,
                outcome,
                positive,
                predictors,
                direction,
            })?;
            print_document(&document, json, crate::write::render_roc)
        }
        Command::Logit {
            data,
            outcome,
            positive,
            predictors,
            json,
        } => {
            let document = job::run(&Job::Logit {
                data,
                outcome,
                positive,
                predictors,
            })?;
            print_document(&document, json, crate::write::render_logit)
        }
        Command::Simulate {
            spec,
            seed,
            out,
            find_seed,
            study,
            max_seed,
        } => {
            if find_seed {
                crate::seed_search::find_seed(&spec, study.as_deref(), max_seed, out.as_deref())?;
            } else {
                crate::study_run::simulate(&spec, seed, out.as_deref())?;
            }
            Ok(0)
        }
    }
}

fn print_document(
    document: &Value,
    json: bool,
    render: fn(&Value) -> String,
) -> Result<u8, CliError> {
    let text = if json {
        format!("{:#}\n", document)
    } else {
        render(document)
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|source| CliError::Io {
            path: Path::new("<stdout>").to_path_buf(),
            source,
        })?;
    Ok(0)
}

/// Reads `--direction` values: one bare `DIR` for every marker, or `COL=DIR` entries.
fn parse_directions(
    values: &[String],
    predictors: &[String],
) -> Result<Option<DirectionSpec>, CliError> {
    const VALID: [&str; 3] = ["higher", "lower", "auto"];
    let check = |direction: &str| {
        if VALID.contains(&direction) {
            Ok(())
        } else {
            Err(CliError::Usage(format!(
                "--direction {direction:?} is invalid; use higher, lower or auto"
            )))
        }
    };

    if values.is_empty() {
        return Ok(None);
    }
    if let [single] = values
        && !single.contains('=')
    {
        check(single)?;
        return Ok(Some(DirectionSpec::All(single.clone())));
    }

    let mut map = std::collections::BTreeMap::new();
    for value in values {
        let Some((column, direction)) = value.split_once('=') else {
            return Err(CliError::Usage(format!(
                "--direction {value:?}: with several --direction options, write each as COL=DIR"
            )));
        };
        check(direction)?;
        if !predictors.iter().any(|p| p == column) {
            return Err(CliError::Usage(format!(
                "--direction {value:?} names {column:?}, which is not a --predictor"
            )));
        }
        map.insert(column.to_string(), direction.to_string());
    }
    Ok(Some(DirectionSpec::PerMarker(map)))
}
