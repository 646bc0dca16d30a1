//! The study's figures, built from the results the tables use.

use super::Report;
use repro_report::figure::{
    CalibrationGroup, Figure, FigureError, ForestRow, PairedGroup, PairedPanel, RocSeries,
    calibration_figure, forest_figure, paired_figure, roc_figure,
};
use repro_roc::{RocCurve, RocPoint};
use repro_study::PairedAnalysis;

use super::LoadedStudy;
use crate::error::CliError;

fn figure_error(name: &str, error: FigureError) -> CliError {
    CliError::Usage(format!("figure {name}: {error}"))
}

/// Adds `<name>.svg` and `<name>.png` to the report, with the title as caption.
fn add(
    files: &mut Report,
    name: &str,
    title: &str,
    figure: Result<Figure, FigureError>,
) -> Result<(), CliError> {
    let figure = figure.map_err(|error| figure_error(name, error))?;
    files.figure(name, title.to_string(), figure);
    Ok(())
}

/// Draws the ROC curves of every marker and the model in one figure.
pub fn roc(
    loaded: &LoadedStudy,
    files: &mut Report,
    curves: &[(String, RocCurve, f64, Option<(f64, f64)>, RocPoint)],
) -> Result<(), CliError> {
    let series: Vec<RocSeries> = curves
        .iter()
        .map(|(label, curve, auc, ci, cutoff)| RocSeries {
            label: label.clone(),
            points: curve
                .points
                .iter()
                .map(|p| (1.0 - p.specificity(), p.sensitivity()))
                .collect(),
            auc: *auc,
            ci: *ci,
            cutoff: Some((1.0 - cutoff.specificity(), cutoff.sensitivity())),
        })
        .collect();
    let [_, (_, positive_name)] = loaded.group_names();
    let title = format!("ROC curves for {positive_name}{}", loaded.data_note());
    add(files, "figure_roc", &title, roc_figure(&title, &series))
}

/// Draws one panel per parameter with each patient's before and after values, per group.
pub fn paired(
    loaded: &LoadedStudy,
    files: &mut Report,
    analysis: &PairedAnalysis,
) -> Result<(), CliError> {
    let groups = loaded.group_rows();
    let names = loaded.group_names();
    let mut panels = Vec::new();
    for parameter in &loaded.study.parameter {
        let pre = loaded.table.numeric(&parameter.pre)?;
        let post = loaded.table.numeric(&parameter.post)?;
        let panel_groups = groups
            .iter()
            .zip(names)
            .map(|(rows, (_, name))| PairedGroup {
                name: name.to_string(),
                pairs: rows
                    .iter()
                    .filter_map(|&r| Some((pre[r]?, post[r]?)))
                    .collect(),
            })
            .collect();
        panels.push(PairedPanel {
            title: match &parameter.unit {
                Some(unit) => format!("{} ({unit})", parameter.name),
                None => parameter.name.clone(),
            },
            groups: panel_groups,
        });
    }
    let title = format!(
        "{} and {} values by group{}",
        analysis.before_label,
        analysis.after_label,
        loaded.data_note()
    );
    add(
        files,
        "figure_paired",
        &title,
        paired_figure(
            &title,
            &analysis.before_label,
            &analysis.after_label,
            &panels,
        ),
    )
}

/// Draws the model's odds ratios and its calibration by risk group.
pub fn model(
    loaded: &LoadedStudy,
    files: &mut Report,
    forest: &[(String, f64, f64, f64)],
    calibration: &[(f64, f64, usize)],
    note: &str,
) -> Result<(), CliError> {
    if !forest.is_empty() {
        let rows: Vec<ForestRow> = forest
            .iter()
            .map(|(label, estimate, lower, upper)| ForestRow {
                label: label.clone(),
                estimate: *estimate,
                lower: *lower,
                upper: *upper,
            })
            .collect();
        let title = format!("Odds ratios of the logistic model{}", loaded.data_note());
        add(
            files,
            "figure_forest",
            &title,
            forest_figure(&title, "Odds ratio per unit (95% CI), log scale", &rows),
        )?;
    }
    let groups: Vec<CalibrationGroup> = calibration
        .iter()
        .map(|&(predicted, observed, n)| CalibrationGroup {
            predicted,
            observed,
            n,
        })
        .collect();
    let title = format!("Calibration of the logistic model{}", loaded.data_note());
    add(
        files,
        "figure_calibration",
        &title,
        calibration_figure(&title, &groups, note),
    )
}
