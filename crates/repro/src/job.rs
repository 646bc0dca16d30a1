//! One-off analyses on any CSV: the `paired`, `roc` and `logit` commands and job files.
//!
//! A job names a CSV file and the columns to analyse. The file is read with R's
//! conventions (comma-separated, `.` decimals, the empty cell and `NA` missing), the rows
//! the analysis cannot use are dropped and counted, and the result is the JSON document
//! of the job's kind (see `docs/json-schemas.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use repro_cohort::{Dialect, Table};
use repro_report::json::{self, LogitInput, PairedInput, RocInput};
use serde::Deserialize;
use serde_json::Value;

use crate::error::CliError;

/// A job as stored in a `job.json` file.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Job {
    /// Paired before/after tests, optionally per group.
    Paired {
        /// The CSV file, relative to the job file.
        data: PathBuf,
        /// Column of the value before.
        before: String,
        /// Column of the value after.
        after: String,
        /// Optional group column; without it, one group named `all`.
        #[serde(default)]
        group: Option<String>,
    },
    /// ROC analysis of one or more markers.
    Roc {
        /// The CSV file, relative to the job file.
        data: PathBuf,
        /// Outcome column.
        outcome: String,
        /// Label of the positive class, compared with the cell text.
        positive: String,
        /// Marker columns.
        predictors: Vec<String>,
        /// One direction for all markers, or one per marker (default `auto`).
        #[serde(default)]
        direction: Option<DirectionSpec>,
    },
    /// Logistic regression of the outcome on the predictors.
    Logit {
        /// The CSV file, relative to the job file.
        data: PathBuf,
        /// Outcome column.
        outcome: String,
        /// Label of the positive class, compared with the cell text.
        positive: String,
        /// Predictor columns, in model order.
        predictors: Vec<String>,
    },
}

/// The `direction` of a ROC job: one value for every marker, or a map from marker to value.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum DirectionSpec {
    /// The same direction for every marker.
    All(String),
    /// A direction per marker; markers not listed use `auto`.
    PerMarker(BTreeMap<String, String>),
}

impl DirectionSpec {
    fn for_marker(spec: Option<&DirectionSpec>, marker: &str) -> String {
        match spec {
            None => "auto".into(),
            Some(DirectionSpec::All(direction)) => direction.clone(),
            Some(DirectionSpec::PerMarker(map)) => {
                map.get(marker).cloned().unwrap_or_else(|| "auto".into())
            }
        }
    }
}

/// Reads a job file, runs it and returns its JSON document.
///
/// # Errors
/// [`CliError`] if the job file or its data cannot be read, or the analysis rejects the data.
pub fn run_file(path: &Path) -> Result<Value, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut job: Job = serde_json::from_str(&text).map_err(|error| {
        CliError::Usage(format!("{}: invalid job file: {error}", path.display()))
    })?;
    let folder = path.parent().unwrap_or(Path::new("."));
    match &mut job {
        Job::Paired { data, .. } | Job::Roc { data, .. } | Job::Logit { data, .. } => {
            *data = folder.join(&*data)
        }
    }
    run(&job)
}

/// Runs a job whose data path is already resolved.
///
/// # Errors
/// As [`run_file`].
pub fn run(job: &Job) -> Result<Value, CliError> {
    match job {
        Job::Paired {
            data,
            before,
            after,
            group,
        } => {
            let table = read_table(data)?;
            let input = paired_input(&table, before, after, group.as_deref())?;
            Ok(json::paired::paired(&input)?)
        }
        Job::Roc {
            data,
            outcome,
            positive,
            predictors,
            direction,
        } => {
            let table = read_table(data)?;
            let (positive_rows, columns, n_dropped) =
                complete_cases(&table, outcome, positive, predictors)?;
            let predictors = predictors
                .iter()
                .zip(columns)
                .map(|(name, values)| {
                    (
                        name.clone(),
                        values,
                        DirectionSpec::for_marker(direction.as_ref(), name),
                    )
                })
                .collect();
            Ok(json::roc::roc(&RocInput {
                positive: positive_rows,
                predictors,
                n_dropped,
            })?)
        }
        Job::Logit {
            data,
            outcome,
            positive,
            predictors,
        } => {
            let table = read_table(data)?;
            let (outcome_rows, columns, n_dropped) =
                complete_cases(&table, outcome, positive, predictors)?;
            let predictors = predictors.iter().cloned().zip(columns).collect();
            Ok(json::logit::logit(&LogitInput {
                outcome: outcome_rows,
                predictors,
                n_dropped,
            })?)
        }
    }
}

fn read_table(path: &Path) -> Result<Table, CliError> {
    Ok(Table::read(path, &Dialect::default())?)
}

/// Splits a paired job's rows into groups sorted by label (byte order), dropping pairs
/// with a missing before, after or group value.
fn paired_input(
    table: &Table,
    before: &str,
    after: &str,
    group: Option<&str>,
) -> Result<PairedInput, CliError> {
    let before_values = table.numeric(before)?;
    let after_values = table.numeric(after)?;
    let labels = match group {
        Some(column) => table.text(column)?,
        None => vec![Some("all".to_string()); table.n_rows()],
    };

    let mut groups: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut n_dropped = 0;
    for ((b, a), label) in before_values.into_iter().zip(after_values).zip(labels) {
        match (b, a, label) {
            (Some(b), Some(a), Some(label)) => {
                let entry = groups.entry(label).or_default();
                entry.0.push(b);
                entry.1.push(a);
            }
            _ => n_dropped += 1,
        }
    }
    let groups = groups
        .into_iter()
        .map(|(label, (b, a))| (label, b, a))
        .collect();
    Ok(PairedInput { groups, n_dropped })
}

/// Rows with the outcome and every listed predictor present: returns the outcome as
/// `true` for the positive label, the predictor columns, and the number of rows dropped.
///
/// # Errors
/// A missing column, a non-numeric predictor cell, or a single outcome class after dropping.
pub fn complete_cases(
    table: &Table,
    outcome: &str,
    positive: &str,
    predictors: &[String],
) -> Result<(Vec<bool>, Vec<Vec<f64>>, usize), CliError> {
    // The outcome is compared with the positive label cell by cell, without copying the
    // cells, because files can have millions of rows.
    let mut outcome_cells: Vec<Option<bool>> = Vec::with_capacity(table.n_rows());
    // Distinct labels are kept for messages, at most MAX_LABELS of them.
    const MAX_LABELS: usize = 20;
    let mut distinct: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut more_labels = false;
    table.for_each_cell(outcome, |_, cell| {
        if let Some(cell) = cell
            && !distinct.contains(cell)
        {
            if distinct.len() < MAX_LABELS {
                distinct.insert(cell.to_string());
            } else {
                more_labels = true;
            }
        }
        outcome_cells.push(cell.map(|c| c == positive));
    })?;
    let columns = predictors
        .iter()
        .map(|p| table.numeric(p))
        .collect::<Result<Vec<_>, _>>()?;

    let mut labels = Vec::new();
    let mut kept: Vec<Vec<f64>> = vec![Vec::new(); predictors.len()];
    let mut n_dropped = 0;
    for (row, cell) in outcome_cells.iter().enumerate() {
        let complete = cell.is_some() && columns.iter().all(|column| column[row].is_some());
        if !complete {
            n_dropped += 1;
            continue;
        }
        labels.push(*cell == Some(true));
        for (column, values) in kept.iter_mut().zip(&columns) {
            column.extend(values[row]);
        }
    }
    drop(columns);

    let mut present: Vec<&str> = distinct.iter().map(String::as_str).collect();
    if more_labels {
        present.push("...");
    }
    let n_positive = labels.iter().filter(|&&l| l).count();
    if n_positive == 0 || n_positive == labels.len() {
        let missing = if n_positive == 0 {
            format!("positive (\"{positive}\")")
        } else {
            "negative".to_string()
        };
        return Err(CliError::Usage(format!(
            "{}: column \"{outcome}\" has no {missing} rows among the {} complete cases; its labels are {}; check --positive and the outcome column",
            table.path().display(),
            labels.len(),
            present
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let negatives: Vec<&str> = present.iter().copied().filter(|l| *l != positive).collect();
    if negatives.len() > 1 {
        tracing::warn!(
            "column \"{outcome}\" has {} labels besides \"{positive}\" ({}); all of them count as the negative class",
            negatives.len(),
            negatives.join(", ")
        );
    }
    Ok((labels, kept, n_dropped))
}
