//! `repro run`: one study from its `study.toml` to its report folder, and `repro simulate`.
//!
//! The run reads and validates the dataset against the study file, computes every
//! analysis in memory, and only then writes the report folder in one
//! all-or-nothing step ([`repro_report::output::ReportSet`]), so a failure leaves the
//! previous report as it was.

mod baseline;
pub mod claims;
mod figures;
mod model;
mod paired;
mod roc;

use std::path::{Path, PathBuf};

use repro_cohort::Table;
use repro_report::output::ReportSet;
use repro_study::Study;
use serde_json::{Value, json};

use crate::error::CliError;

/// The version written into every results.json.
pub const REPRO_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A study with its validated dataset, split into the two groups.
#[derive(Clone)]
pub struct LoadedStudy {
    /// The parsed study file.
    pub study: Study,
    /// The path of the study file.
    pub study_path: PathBuf,
    /// The dataset.
    pub table: Table,
    /// For each row, whether it belongs to the positive class.
    pub positive: Vec<bool>,
}

impl LoadedStudy {
    /// Row indices of the negative class, then of the positive class.
    pub fn group_rows(&self) -> [Vec<usize>; 2] {
        let negative = (0..self.positive.len())
            .filter(|&i| !self.positive[i])
            .collect();
        let positive = (0..self.positive.len())
            .filter(|&i| self.positive[i])
            .collect();
        [negative, positive]
    }

    /// `[(label, name), ...]` of the negative class, then the positive class.
    pub fn group_names(&self) -> [(&str, &str); 2] {
        let d = &self.study.dataset;
        [
            (&d.negative.label, &d.negative.name),
            (&d.positive.label, &d.positive.name),
        ]
    }

    /// Returns the table-title suffix that labels synthetic data.
    pub fn data_note(&self) -> &'static str {
        if self.study.study.synthetic {
            " (synthetic data)"
        } else {
            ""
        }
    }
}

/// Finds the study file: a folder means its `study.toml`.
fn study_file(path: &Path) -> Result<PathBuf, CliError> {
    if path.is_dir() {
        let file = path.join("study.toml");
        if file.is_file() {
            Ok(file)
        } else {
            Err(CliError::Usage(format!(
                "{}: no study.toml in this folder; a study folder holds study.toml next to its dataset (see data/tace-ctp/study.toml)",
                path.display()
            )))
        }
    } else if path.exists() {
        Ok(path.to_path_buf())
    } else {
        Err(CliError::Usage(format!(
            "{}: no such study folder or file; pass a folder such as data/tace-ctp or its study.toml",
            path.display()
        )))
    }
}

/// Reads the study file and its dataset, and checks the dataset against it: every named
/// column present, ids unique and present, every group label known.
///
/// # Errors
/// The first problem found, naming the file, line, column and value.
pub fn load(path: &Path) -> Result<LoadedStudy, CliError> {
    let study_path = study_file(path)?;
    let study = Study::read(&study_path)?;
    let data_path = study.dataset_path(&study_path);
    tracing::info!(study = %study.study.id, data = %data_path.display(), "reading dataset");
    let table = Table::read(&data_path, &study.dialect())?;
    validate(study, study_path, table)
}

/// Checks a dataset already in memory against its study file (see [`load`]).
///
/// # Errors
/// As [`load`].
pub fn validate(study: Study, study_path: PathBuf, table: Table) -> Result<LoadedStudy, CliError> {
    let dataset = &study.dataset;
    let mut columns: Vec<&str> = vec![&dataset.group_column];
    columns.extend(dataset.id_column.as_deref());
    columns.extend(study.baseline.iter().map(|b| b.column.as_str()));
    for parameter in &study.parameter {
        columns.push(&parameter.pre);
        columns.push(&parameter.post);
    }
    table.require(&columns)?;
    if let Some(id_column) = &dataset.id_column {
        table.check_unique(id_column)?;
    }
    table.check_complete(&dataset.group_column)?;
    table.check_labels(
        &dataset.group_column,
        &[&dataset.negative.label, &dataset.positive.label],
    )?;

    let positive = table
        .text(&dataset.group_column)?
        .into_iter()
        .map(|cell| cell.as_deref() == Some(dataset.positive.label.as_str()))
        .collect();
    Ok(LoadedStudy {
        study,
        study_path,
        table,
        positive,
    })
}

/// Runs every analysis of a study and writes its report folder (default `reports/<id>`).
///
/// # Errors
/// A bad study file or dataset, or a report file that cannot be written.
pub fn run_study(path: &Path, out: Option<&Path>) -> Result<(), CliError> {
    let loaded = load(path)?;
    let files = build_report(&loaded)?;
    let folder = out.map_or_else(
        || Path::new("reports").join(&loaded.study.study.id),
        Path::to_path_buf,
    );
    files.write_to(&folder).map_err(|error| CliError::Io {
        path: error.path.clone(),
        source: error.source,
    })?;
    eprintln!(
        "wrote {} files to {}",
        files.names().count(),
        folder.display()
    );
    Ok(())
}

/// `repro check`: recomputes a study in memory, prints the claims table, and returns
/// the exit code: 0 when every claim holds (and the report matches `against`), else 1.
///
/// # Errors
/// A bad study file or dataset, or a claim naming a quantity that does not exist.
pub fn check_study(path: &Path, against: Option<&Path>) -> Result<u8, CliError> {
    let loaded = load(path)?;
    let files = build_report(&loaded)?;
    let results: Value = serde_json::from_slice(files.get("results.json").unwrap_or_default())
        .map_err(|error| {
            CliError::Usage(format!(
                "internal error: results.json does not parse: {error}"
            ))
        })?;
    let mut ok = true;
    match files.get("claims.md") {
        Some(table) => {
            print!("{}", String::from_utf8_lossy(table));
            ok &= results["claims"]["all_hold"].as_bool() == Some(true);
        }
        None => println!(
            "{} declares no [[claim]]; nothing to check.",
            loaded.study_path.display()
        ),
    }
    if let Some(folder) = against {
        if !folder.is_dir() {
            return Err(CliError::Usage(format!(
                "--against {}: no such folder; pass the committed report folder, such as reports/{}",
                folder.display(),
                loaded.study.study.id
            )));
        }
        let differences = compare_with(&files, folder);
        if differences.is_empty() {
            println!(
                "\nThe regenerated report is byte-identical to {}.",
                folder.display()
            );
        } else {
            ok = false;
            println!(
                "\nThe regenerated report differs from {}:",
                folder.display()
            );
            for difference in differences {
                println!("- {difference}");
            }
        }
    }
    Ok(if ok { 0 } else { 1 })
}

/// Lists the files of `files` that are missing from `folder` or differ from it, and
/// the files of `folder` the run does not produce.
fn compare_with(files: &ReportSet, folder: &Path) -> Vec<String> {
    let mut differences = Vec::new();
    for name in files.names() {
        match std::fs::read(folder.join(name)) {
            Ok(bytes) if Some(bytes.as_slice()) == files.get(name) => {}
            Ok(_) => differences.push(format!("{name} differs")),
            Err(_) => differences.push(format!("{name} is missing from {}", folder.display())),
        }
    }
    if let Ok(entries) = std::fs::read_dir(folder) {
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && files.get(name).is_none())
            .collect();
        extra.sort();
        differences.extend(
            extra
                .into_iter()
                .map(|name| format!("{name} is in the folder but not produced by the run")),
        );
    }
    differences
}

/// Computes the whole report of a loaded study in memory.
///
/// # Errors
/// A column that is not numeric where the study says it is, or an unknown category.
pub fn build_report(loaded: &LoadedStudy) -> Result<ReportSet, CliError> {
    let (mut report, mut results) = compute(loaded)?;
    if !loaded.study.claim.is_empty() {
        let checked = claims::check(loaded, &results)?;
        report.table("claims", checked.table.clone());
        results["claims"] = checked.json;
    }
    let text =
        serde_json::to_string_pretty(&results).expect("a serde_json::Value always serialises");
    let html = report.html(loaded, &results);
    let mut files = report.files;
    files.add("report.html", html);
    files.add("results.json", text + "\n");
    Ok(files)
}

/// The files of a report and the order its tables and figures appear in.
#[derive(Default)]
pub struct Report {
    /// Every file of the report folder.
    pub files: ReportSet,
    /// Tables and figures in reading order, for the HTML page.
    items: Vec<Item>,
    /// Whether the data is synthetic: each table's CSV then ends with a row saying so,
    /// so the label survives when the CSV is copied elsewhere.
    synthetic: bool,
}

enum Item {
    Table(repro_report::table::Table),
    Figure { caption: String, png: String },
}

impl Report {
    /// Adds a table as `<stem>.md` and `<stem>.csv`.
    pub fn table(&mut self, stem: &str, table: repro_report::table::Table) {
        self.files.add(format!("{stem}.md"), table.to_markdown());
        let mut csv = table.to_csv();
        if self.synthetic {
            csv.push_str("Synthetic data: generated from a specification; not patient data\n");
        }
        self.files.add(format!("{stem}.csv"), csv);
        self.items.push(Item::Table(table));
    }

    /// Adds a figure as `<stem>.svg` and `<stem>.png`.
    pub fn figure(&mut self, stem: &str, caption: String, figure: repro_report::figure::Figure) {
        let number = 1 + self
            .items
            .iter()
            .filter(|item| matches!(item, Item::Figure { .. }))
            .count();
        let caption = format!("Figure {number}. {caption}.");
        self.files.add(format!("{stem}.svg"), figure.svg);
        self.files.add(format!("{stem}.png"), figure.png);
        self.items.push(Item::Figure {
            caption,
            png: format!("{stem}.png"),
        });
    }

    /// Renders the self-contained HTML page of the report.
    fn html(&self, loaded: &LoadedStudy, results: &Value) -> String {
        use repro_report::html::{Block, Header, render};
        let study = &loaded.study;
        let file = study.dataset.file.display().to_string();
        let header = Header {
            title: &study.study.title,
            citation: &study.study.citation,
            synthetic: study.study.synthetic,
            version: REPRO_VERSION,
            dataset: &file,
            sha256: loaded.table.sha256(),
        };
        let mut blocks = Vec::new();
        for item in &self.items {
            match item {
                Item::Table(table) => blocks.push(Block::Table(table)),
                Item::Figure { caption, png } => blocks.push(Block::Figure {
                    caption: caption.clone(),
                    png: self.files.get(png).unwrap_or_default(),
                }),
            }
        }
        blocks.push(Block::Heading("Conventions used".into()));
        let conventions = serde_json::to_string_pretty(&results["conventions"]).unwrap_or_default();
        blocks.push(Block::Preformatted(conventions));
        render(&header, &blocks)
    }
}

/// Computes every table of a study and its results document, without the claims.
pub fn compute(loaded: &LoadedStudy) -> Result<(Report, Value), CliError> {
    let mut files = Report {
        synthetic: loaded.study.study.synthetic,
        ..Report::default()
    };
    let (table1, baseline_json) = baseline::table1(loaded)?;
    files.table("table1", table1.clone());

    let mut results = results_header(loaded);
    results["baseline"] = baseline_json;
    if let Some(conventions) = &loaded.study.analysis.paired {
        let (table2, paired_json, paired_conventions) = paired::table2(loaded, conventions)?;
        files.table("table2_paired", table2.clone());
        results["conventions"]["paired"] = paired_conventions;
        figures::paired(loaded, &mut files, conventions)?;
        results["paired"] = paired_json;
    }
    if let Some(analysis) = &loaded.study.analysis.roc {
        let (outcome, values, kept) = roc::complete_rows(loaded)?;
        let n_dropped = loaded.table.n_rows() - kept.len();
        let mut series: Vec<roc::Series> = loaded
            .study
            .marker
            .iter()
            .zip(&values)
            .map(|(marker, values)| roc::Series {
                name: marker.name.clone(),
                label: match &marker.unit {
                    Some(unit) => format!("{} ({unit})", marker.label),
                    None => marker.label.clone(),
                },
                decimals: marker.decimals,
                values: values.clone(),
                rule: roc::direction_rule(&marker.direction),
                cutoff_scale: roc::CutoffScale::Marker,
            })
            .collect();
        let mut requests: Vec<roc::ComparisonRequest> = loaded
            .study
            .roc_comparisons()
            .into_iter()
            .map(|(a, b)| roc::ComparisonRequest {
                a,
                b,
                warning: None,
            })
            .collect();

        // The model is fitted first because its linear predictor is a row of Table 3, but
        // its own table and figures follow Table 3 in the report.
        let mut model_output = None;
        if let Some(model_analysis) = &loaded.study.analysis.model {
            let model = model::analyse(loaded, model_analysis, &outcome, &values)?;
            results["conventions"]["model"] = model_conventions(model_analysis);
            let model_index = series.len();
            series.push(roc::Series {
                name: "Model".into(),
                label: format!(
                    "Model ({}), apparent",
                    model_analysis.predictors.join(" + ")
                ),
                decimals: 3,
                values: model.linear_predictor.clone(),
                rule: repro_roc::DirectionRule::Higher,
                cutoff_scale: roc::CutoffScale::LogOdds,
            });
            if model_analysis.compare_with_markers {
                for (index, marker) in loaded.study.marker.iter().enumerate() {
                    let warning = model
                        .nested_notes
                        .iter()
                        .find(|(name, _)| *name == marker.name)
                        .map(|(_, note)| note.clone());
                    requests.push(roc::ComparisonRequest {
                        a: model_index,
                        b: index,
                        warning,
                    });
                }
            }
            model_output = Some(model);
        }
        let output = roc::analyse(loaded, analysis, &outcome, n_dropped, &series, &requests)?;
        files.table("table3_roc", output.table.clone());
        if let Some(table) = &output.comparisons {
            files.table("table3b_delong", table.clone());
        }
        figures::roc(loaded, &mut files, &output.curves)?;
        results["conventions"]["roc"] = roc::conventions(analysis);
        results["roc"] = output.json;

        if let Some(model) = model_output {
            files.table("table4_model", model.table.clone());
            figures::model(
                loaded,
                &mut files,
                &model.forest,
                &model.calibration_groups,
                &model.calibration_note,
            )?;
            results["model"] = model.json;
        }
    }
    Ok((files, results))
}

fn model_conventions(analysis: &repro_study::ModelAnalysis) -> Value {
    json!({
        "method": if analysis.method == "firth" { "Firth penalised likelihood (Firth 1993)" } else { "unpenalised maximum likelihood (IRLS then Newton to convergence)" },
        "or_interval": analysis.intervals,
        "confidence": analysis.confidence,
        "hosmer_lemeshow_groups": analysis.hosmer_lemeshow_groups,
        "hosmer_lemeshow_df": analysis.hosmer_lemeshow_df,
        "bootstrap": "Harrell's optimism bootstrap: refit on each resample, test on the original data",
        "bootstrap_replicates": analysis.bootstrap_replicates,
        "bootstrap_seed": analysis.seed,
        "roc_of_model": "linear predictor, higher values positive, same rows and conventions as the markers",
    })
}

fn results_header(loaded: &LoadedStudy) -> Value {
    let study = &loaded.study;
    let [negative, positive] = loaded.group_rows();
    json!({
        "repro_version": REPRO_VERSION,
        "study": {
            "id": study.study.id,
            "title": study.study.title,
            "citation": study.study.citation,
            "synthetic": study.study.synthetic,
        },
        "dataset": {
            "file": study.dataset.file,
            "sha256": loaded.table.sha256(),
            "n_rows": loaded.table.n_rows(),
            "synthetic": study.study.synthetic,
        },
        "groups": {
            "negative": {"label": study.dataset.negative.label, "name": study.dataset.negative.name, "n": negative.len()},
            "positive": {"label": study.dataset.positive.label, "name": study.dataset.positive.name, "n": positive.len()},
            "total": {"n": negative.len() + positive.len()},
        },
        "conventions": {
            "baseline": baseline::conventions(),
            "p_value_format": "<0.001 below 0.001, otherwise three decimals",
        },
    })
}

/// `repro simulate`: generates a synthetic cohort from its specification and writes it.
///
/// # Errors
/// An unreadable or invalid specification, or an output file that cannot be written.
pub fn simulate(spec_path: &Path, seed: Option<u64>, out: Option<&Path>) -> Result<(), CliError> {
    let text = std::fs::read_to_string(spec_path).map_err(|source| CliError::Io {
        path: spec_path.to_path_buf(),
        source,
    })?;
    let spec = repro_sim::parse_spec(&text)
        .map_err(|error| CliError::Usage(format!("{}: {error}", spec_path.display())))?;
    let seed = seed.unwrap_or_else(|| spec.seed());
    let cohort = repro_sim::simulate(&spec, seed)
        .map_err(|error| CliError::Usage(format!("{}: {error}", spec_path.display())))?;
    let target = out.map_or_else(
        || {
            spec_path
                .parent()
                .unwrap_or(Path::new("."))
                .join(spec.output())
        },
        Path::to_path_buf,
    );
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| CliError::Usage(format!("--out {} is not a file name", target.display())))?;
    let mut files = ReportSet::new();
    files.add(name.to_string_lossy().into_owned(), cohort.to_csv());
    files.write_to(folder).map_err(|error| CliError::Io {
        path: error.path.clone(),
        source: error.source,
    })?;
    eprintln!(
        "wrote {} synthetic rows (seed {seed}) to {}",
        cohort.n_rows(),
        target.display()
    );
    Ok(())
}
