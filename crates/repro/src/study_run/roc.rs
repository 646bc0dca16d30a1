//! Table 3: ROC analysis of each marker (AUC with CI, cut-off, sensitivity and
//! specificity with counts), and the DeLong comparisons the study file requests.

use repro_report::format::{fixed, p_clause, p_value, with_ci};
use repro_report::json::number;
use repro_report::table::Table;
use repro_roc::{
    CutoffSummary, DirectionRule, IntervalMethod, Marker, PairedDelongTest, RocCurve, RocPoint,
    ThresholdRule, closest_topleft, delong_joint_test, delong_paired_test, youden,
};
use repro_study::RocAnalysis;
use serde_json::{Value, json};

use super::LoadedStudy;
use crate::error::CliError;

/// One ROC curve to compute: a declared marker or a model's linear predictor.
pub struct Series {
    /// Short name (for example `HAP` or `Model`).
    pub name: String,
    /// Name printed in the table, with its unit.
    pub label: String,
    /// Decimals of the cut-off.
    pub decimals: usize,
    /// Values on the analysed rows.
    pub values: Vec<f64>,
    /// Declared direction or `Auto`.
    pub rule: DirectionRule,
    /// Text printed for the cut-off instead of a threshold on the marker's scale (a
    /// model's cut-off is printed as a predicted probability).
    pub cutoff_scale: CutoffScale,
}

/// The scale a cut-off is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutoffScale {
    /// On the marker's own scale.
    Marker,
    /// A linear predictor, printed as the predicted probability `1 / (1 + exp(-x))`.
    LogOdds,
}

/// A pair of series to compare, with an optional warning to print beside the result.
pub struct ComparisonRequest {
    /// Index of the first series.
    pub a: usize,
    /// Index of the second series.
    pub b: usize,
    /// A caveat on the validity of the test for this pair.
    pub warning: Option<String>,
}

/// The ROC analysis's output: its tables, its results.json entry and the curves.
pub struct RocOutput {
    /// Table 3, one row per series.
    pub table: Table,
    /// The pairwise DeLong tests, when any were requested.
    pub comparisons: Option<Table>,
    /// The results.json entry.
    pub json: Value,
    /// Each series' curve and cut-off point, for the figure.
    pub curves: Vec<(String, RocCurve, f64, Option<(f64, f64)>, RocPoint)>,
}

/// The SE/CI method chosen by the study file.
pub fn interval_method(analysis: &RocAnalysis) -> IntervalMethod {
    match analysis.method.as_str() {
        "hanley_mcneil" => IntervalMethod::HanleyMcNeil,
        "bootstrap" => IntervalMethod::Bootstrap {
            replicates: analysis.bootstrap_replicates,
            seed: analysis.seed,
        },
        _ => IntervalMethod::DeLong,
    }
}

/// Parses a declared direction; the study file has already checked the value.
pub fn direction_rule(direction: &str) -> DirectionRule {
    match direction {
        "higher" => DirectionRule::Higher,
        "lower" => DirectionRule::Lower,
        _ => DirectionRule::Auto,
    }
}

/// Rows where every marker is present; returns the outcome, each marker's values on
/// those rows, the kept row indices, and the number of rows dropped.
pub fn complete_rows(
    loaded: &LoadedStudy,
) -> Result<(Vec<bool>, Vec<Vec<f64>>, Vec<usize>), CliError> {
    let columns = loaded
        .study
        .marker
        .iter()
        .map(|marker| loaded.table.numeric(&marker.column))
        .collect::<Result<Vec<_>, _>>()?;
    let kept: Vec<usize> = (0..loaded.table.n_rows())
        .filter(|&row| columns.iter().all(|column| column[row].is_some()))
        .collect();
    let outcome = kept.iter().map(|&row| loaded.positive[row]).collect();
    let values = columns
        .iter()
        .map(|column| kept.iter().filter_map(|&row| column[row]).collect())
        .collect();
    Ok((outcome, values, kept))
}

/// Runs the ROC analysis of every series and the requested comparisons.
pub fn analyse(
    loaded: &LoadedStudy,
    analysis: &RocAnalysis,
    outcome: &[bool],
    n_dropped: usize,
    series: &[Series],
    requests: &[ComparisonRequest],
) -> Result<RocOutput, CliError> {
    let method = interval_method(analysis);
    let level = analysis.confidence;
    let threshold_rule = if analysis.thresholds == "observed" {
        ThresholdRule::Observed
    } else {
        ThresholdRule::Midpoints
    };
    let percent = fixed(100.0 * level, 0);
    let fail = |name: &str, error: repro_roc::RocError| {
        CliError::Usage(format!("ROC analysis of {name}: {error}"))
    };

    let markers = series
        .iter()
        .map(|s| Marker::new(&s.values, outcome).map_err(|e| fail(&s.name, e)))
        .collect::<Result<Vec<_>, _>>()?;

    let header = [
        "Marker".to_string(),
        "Direction".to_string(),
        format!("AUC ({percent}% CI)"),
        "SE".to_string(),
        "Cut-off".to_string(),
        format!("Sensitivity, n/N ({percent}% CI)"),
        format!("Specificity, n/N ({percent}% CI)"),
        "Youden J".to_string(),
        "PPV".to_string(),
        "NPV".to_string(),
        "LR+".to_string(),
        "LR−".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let [(_, negative_name), (_, positive_name)] = loaded.group_names();
    let mut table = Table::new(
        format!(
            "Table 3. ROC analysis for {positive_name} versus {negative_name}{}",
            loaded.data_note()
        ),
        &header,
    );

    let mut entries = Vec::new();
    let mut curves = Vec::new();
    let mut resolved = Vec::new();
    let mut auto_chosen = Vec::new();
    for (s, marker) in series.iter().zip(&markers) {
        let choice = marker.choose_direction(s.rule);
        let direction = choice.direction;
        resolved.push(direction);
        if choice.from_data {
            auto_chosen.push(s.name.clone());
        }
        let estimate = marker
            .auc_estimate(direction, method, level)
            .map_err(|e| fail(&s.name, e))?;
        let curve = marker.curve(direction, threshold_rule);
        let (optima, rule_name) = if analysis.cutoff == "closest_topleft" {
            (closest_topleft(&curve), "closest to (0, 1)")
        } else {
            (youden(&curve).optima, "Youden")
        };
        let best = *optima
            .first()
            .ok_or_else(|| CliError::Usage(format!("ROC analysis of {}: empty curve", s.name)))?;
        let summary = marker
            .cutoff_summary(direction, best.threshold, level)
            .map_err(|e| fail(&s.name, e))?;

        let ci = estimate.ci.map(|ci| (ci.lower, ci.upper));
        let auc_text = match ci {
            Some((lower, upper)) => with_ci(estimate.auc, lower, upper, 3),
            None => format!("{} (not estimable)", fixed(estimate.auc, 3)),
        };
        table.push(vec![
            s.label.clone(),
            format!(
                "{}{}",
                direction.as_str(),
                if choice.from_data { " (auto)" } else { "" }
            ),
            auc_text,
            estimate
                .se
                .map_or_else(|| "NA".to_string(), |se| fixed(se, 3)),
            cutoff_text(s, &summary),
            proportion_text(&summary.sensitivity),
            proportion_text(&summary.specificity),
            fixed(
                summary.sensitivity.estimate + summary.specificity.estimate - 1.0,
                3,
            ),
            summary
                .ppv
                .map_or_else(|| "NA".to_string(), |p| fixed(p.estimate, 3)),
            summary
                .npv
                .map_or_else(|| "NA".to_string(), |p| fixed(p.estimate, 3)),
            summary
                .lr_positive
                .map_or_else(|| "NA".to_string(), |x| fixed(x, 2)),
            summary
                .lr_negative
                .map_or_else(|| "NA".to_string(), |x| fixed(x, 2)),
        ]);
        entries.push(json!({
            "name": s.name,
            "label": s.label,
            "direction": direction.as_str(),
            "direction_rule": format!("{:?}", s.rule).to_lowercase(),
            "direction_from_data": choice.from_data,
            "auc": number(estimate.auc),
            "se": estimate.se.map_or(Value::Null, number),
            "ci_lower": ci.map_or(Value::Null, |c| number(c.0)),
            "ci_upper": ci.map_or(Value::Null, |c| number(c.1)),
            "se_unavailable": estimate.unavailable.map(|u| u.to_string()),
            "se_zero": estimate.zero_se,
            "cutoff": cutoff_json(&summary, rule_name, optima.len(), s.cutoff_scale),
        }));
        curves.push((s.label.clone(), curve, estimate.auc, ci, summary.point));
    }
    table.note(format!(
        "AUC: Mann-Whitney estimate, ties counted 1/2; SE: {}; CI: {}. Cut-off: {} rule on {} thresholds; \
         sensitivity and specificity with Clopper-Pearson exact CIs. PPV and NPV use the sample prevalence.",
        se_label(method),
        method.ci_name(),
        if analysis.cutoff == "closest_topleft" { "closest-to-(0, 1)" } else { "Youden (J = se + sp − 1)" },
        if threshold_rule == ThresholdRule::Observed { "observed-value" } else { "midpoint (pROC)" },
    ));
    table.note(format!(
        "Direction: \"higher\" means higher values indicate {positive_name}. Rows with a missing marker value are dropped from every curve: {n_dropped} here. The model's row is its apparent (in-sample) AUC; Table 4 gives the optimism-corrected AUC."
    ));
    if !auto_chosen.is_empty() {
        table.note(format!(
            "Warning: the direction of {} was chosen from the data (pROC's median rule), which biases the AUC upward; declare it in the study file.",
            auto_chosen.join(", ")
        ));
    }

    let mut comparison_rows = Vec::new();
    let mut comparison_table = Table::new(
        format!(
            "Table 3b. Paired DeLong tests between correlated AUCs{}",
            loaded.data_note()
        ),
        &[
            "A",
            "B",
            &format!("AUC A − AUC B ({percent}% CI)"),
            "z",
            "P",
            "Note",
        ],
    );
    for request in requests {
        let (a, b) = (request.a, request.b);
        let test = delong_paired_test(
            (&markers[a], resolved[a]),
            (&markers[b], resolved[b]),
            level,
        )
        .map_err(|e| fail(&format!("{} vs {}", series[a].name, series[b].name), e))?;
        let mut notes = Vec::new();
        if test.directions_differ {
            notes.push("the two markers have different declared directions".to_string());
        }
        if let Some(warning) = &request.warning {
            notes.push(warning.clone());
        }
        comparison_table.push(comparison_cells(
            &series[a].name,
            &series[b].name,
            &test,
            &notes,
        ));
        comparison_rows.push(comparison_json(
            &series[a].name,
            &series[b].name,
            &test,
            &notes,
        ));
    }

    let joint = if series.len() >= 2 && !requests.is_empty() {
        let pairs: Vec<_> = markers
            .iter()
            .zip(&resolved)
            .map(|(m, d)| (m, *d))
            .collect();
        let test = delong_joint_test(&pairs).map_err(|e| fail("all markers", e))?;
        comparison_table.note(format!(
            "Joint test that all {} AUCs are equal (DeLong et al. 1988 contrasts): χ² = {}, df = {}, {}.",
            series.len(),
            test.chi_square.map_or_else(|| "NA".to_string(), |x| fixed(x, 3)),
            test.df,
            test.p.map_or_else(|| "P = NA".to_string(), p_clause)
        ));
        json!({"chi_square": test.chi_square.map_or(Value::Null, number), "df": test.df, "p": test.p.map_or(Value::Null, number)})
    } else {
        Value::Null
    };
    comparison_table.note("z and P from the paired DeLong test (DeLong, DeLong & Clarke-Pearson 1988); the CI of the difference is not clipped.");

    let json = json!({
        "n_positive": outcome.iter().filter(|&&y| y).count(),
        "n_negative": outcome.iter().filter(|&&y| !y).count(),
        "n_dropped": n_dropped,
        "markers": entries,
        "comparisons": comparison_rows,
        "joint_test": joint,
    });
    Ok(RocOutput {
        table,
        comparisons: (!requests.is_empty()).then_some(comparison_table),
        json,
        curves,
    })
}

/// Names the SE method with its source, for table notes.
fn se_label(method: IntervalMethod) -> &'static str {
    match method {
        IntervalMethod::DeLong => "DeLong (DeLong, DeLong & Clarke-Pearson 1988)",
        IntervalMethod::HanleyMcNeil => "Hanley & McNeil (1982)",
        IntervalMethod::Bootstrap { .. } => "stratified bootstrap",
    }
}

/// Describes the conventions of the ROC analysis for results.json.
pub fn conventions(analysis: &RocAnalysis) -> Value {
    let method = interval_method(analysis);
    json!({
        "auc": "Mann-Whitney statistic, ties between a case and a control count 1/2",
        "se_method": method.se_name(),
        "ci_method": method.ci_name(),
        "confidence": analysis.confidence,
        "bootstrap_replicates": matches!(method, IntervalMethod::Bootstrap { .. }).then_some(analysis.bootstrap_replicates),
        "bootstrap_seed": matches!(method, IntervalMethod::Bootstrap { .. }).then_some(analysis.seed),
        "cutoff_rule": analysis.cutoff,
        "youden_index": "J = sensitivity + specificity - 1; ties decided in exact integer arithmetic, first by increasing specificity",
        "thresholds": analysis.thresholds,
        "proportion_ci": "Clopper-Pearson exact",
        "comparison_test": "paired DeLong test, two-sided",
        "missing_values": "rows with any marker missing are dropped from every curve",
    })
}

fn cutoff_text(series: &Series, summary: &CutoffSummary) -> String {
    let point = &summary.point;
    match series.cutoff_scale {
        CutoffScale::Marker => format!(
            "{} {}",
            point.comparison.as_str(),
            fixed(point.threshold, series.decimals)
        ),
        CutoffScale::LogOdds => {
            format!(
                "p {} {}",
                point.comparison.as_str(),
                fixed(1.0 / (1.0 + (-point.threshold).exp()), 3)
            )
        }
    }
}

fn proportion_text(p: &repro_roc::Proportion) -> String {
    format!(
        "{} ({}/{}) ({}, {})",
        fixed(p.estimate, 3),
        p.successes,
        p.trials,
        fixed(p.ci.lower, 3),
        fixed(p.ci.upper, 3)
    )
}

fn proportion_json(p: &repro_roc::Proportion) -> Value {
    json!({"estimate": number(p.estimate), "successes": p.successes, "trials": p.trials,
           "ci_lower": number(p.ci.lower), "ci_upper": number(p.ci.upper)})
}

fn cutoff_json(summary: &CutoffSummary, rule: &str, n_optima: usize, scale: CutoffScale) -> Value {
    let point = &summary.point;
    json!({
        "rule": rule,
        "threshold": number(point.threshold),
        "threshold_scale": match scale { CutoffScale::Marker => "marker", CutoffScale::LogOdds => "linear predictor (log-odds)" },
        "comparison": point.comparison.as_str(),
        "n_tied_optima": n_optima,
        "sensitivity": proportion_json(&summary.sensitivity),
        "specificity": proportion_json(&summary.specificity),
        "youden_j": number(summary.sensitivity.estimate + summary.specificity.estimate - 1.0),
        "ppv": summary.ppv.as_ref().map_or(Value::Null, proportion_json),
        "npv": summary.npv.as_ref().map_or(Value::Null, proportion_json),
        "lr_positive": summary.lr_positive.map_or(Value::Null, number),
        "lr_negative": summary.lr_negative.map_or(Value::Null, number),
    })
}

fn comparison_cells(a: &str, b: &str, test: &PairedDelongTest, notes: &[String]) -> Vec<String> {
    let difference = match test.ci {
        Some(ci) => with_ci(test.difference, ci.lower, ci.upper, 3),
        None => fixed(test.difference, 3),
    };
    vec![
        a.to_string(),
        b.to_string(),
        difference,
        test.z.map_or_else(|| "NA".to_string(), |z| fixed(z, 3)),
        test.p.map_or_else(|| "NA".to_string(), p_value),
        notes.join("; "),
    ]
}

fn comparison_json(a: &str, b: &str, test: &PairedDelongTest, notes: &[String]) -> Value {
    json!({
        "a": a,
        "b": b,
        "auc_a": number(test.auc_a),
        "auc_b": number(test.auc_b),
        "auc_difference": number(test.difference),
        "se": test.se.map_or(Value::Null, number),
        "z": test.z.map_or(Value::Null, number),
        "p": test.p.map_or(Value::Null, number),
        "ci_lower": test.ci.map_or(Value::Null, |c| number(c.lower)),
        "ci_upper": test.ci.map_or(Value::Null, |c| number(c.upper)),
        "unavailable": test.unavailable.map(|u| u.to_string()),
        "warnings": notes,
    })
}
