//! Terminal renderings of the job documents (`repro paired`, `roc` and `logit` without
//! `--json`). The JSON document holds every number; these tables show the usual ones.

use repro_report::format::{fixed, p_value};
use repro_report::table::Table;
use serde_json::Value;

fn num(value: &Value) -> f64 {
    match value {
        Value::String(s) if s == "Inf" => f64::INFINITY,
        Value::String(s) if s == "-Inf" => f64::NEG_INFINITY,
        other => other.as_f64().unwrap_or(f64::NAN),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Digits of a statistic in a terminal table.
const DIGITS: usize = 4;

/// `repro paired`: one row per group.
pub fn render_paired(document: &Value) -> String {
    let mut table = Table::new(
        "Paired comparison (difference = after − before)",
        &["Group", "n", "Mean difference", "SD", "t", "df", "P (t)", "95% CI", "V", "P (Wilcoxon)", "Wilcoxon method"],
    );
    for group in document["groups"].as_array().into_iter().flatten() {
        let t = &group["t_test"];
        let w = &group["wilcoxon"];
        let t_cell = match t.get("error") {
            Some(error) => format!("not computed: {}", text(error)),
            None => fixed(num(&t["t"]), DIGITS),
        };
        table.push(vec![
            text(&group["group"]),
            text(&group["n"]),
            fixed(num(&group["mean_difference"]), DIGITS),
            fixed(num(&group["sd_difference"]), DIGITS),
            t_cell,
            fixed(num(&t["df"]), 0),
            p_value(num(&t["p"])),
            format!("{}, {}", fixed(num(&t["ci_lower"]), DIGITS), fixed(num(&t["ci_upper"]), DIGITS)),
            fixed(num(&w["statistic"]), 1),
            p_value(num(&w["p"])),
            w.get("method").map_or_else(|| text(&w["error"]), text),
        ]);
    }
    table.note(format!("{} pair(s) dropped for a missing value.", text(&document["n_dropped"])));
    table.to_markdown()
}

/// `repro roc`: one row per marker, then one per pairwise comparison.
pub fn render_roc(document: &Value) -> String {
    let mut curves = Table::new(
        format!(
            "ROC analysis ({} positive, {} negative, {} dropped)",
            text(&document["n_positive"]),
            text(&document["n_negative"]),
            text(&document["n_dropped"])
        ),
        &["Marker", "Direction", "AUC", "SE", "95% CI", "Youden threshold", "Sensitivity", "Specificity"],
    );
    for curve in document["curves"].as_array().into_iter().flatten() {
        let youden = &curve["youden"];
        curves.push(vec![
            text(&curve["predictor"]),
            text(&curve["direction"]),
            fixed(num(&curve["auc"]), DIGITS),
            fixed(num(&curve["se"]), DIGITS),
            format!("{}, {}", fixed(num(&curve["ci_lower"]), DIGITS), fixed(num(&curve["ci_upper"]), DIGITS)),
            fixed(num(&youden["threshold"]), DIGITS),
            fixed(num(&youden["sensitivity"]), DIGITS),
            fixed(num(&youden["specificity"]), DIGITS),
        ]);
    }
    for warning in document["warnings"].as_array().into_iter().flatten() {
        curves.note(format!("Warning: {}", text(warning)));
    }
    let mut out = curves.to_markdown();
    let comparisons: Vec<&Value> = document["comparisons"].as_array().into_iter().flatten().collect();
    if !comparisons.is_empty() {
        let mut table = Table::new("Paired DeLong tests", &["A", "B", "AUC A − AUC B", "95% CI", "z", "P"]);
        for c in comparisons {
            table.push(vec![
                text(&c["a"]),
                text(&c["b"]),
                fixed(num(&c["auc_difference"]), DIGITS),
                format!("{}, {}", fixed(num(&c["ci_lower"]), DIGITS), fixed(num(&c["ci_upper"]), DIGITS)),
                fixed(num(&c["z"]), DIGITS),
                p_value(num(&c["p"])),
            ]);
        }
        out.push('\n');
        out.push_str(&table.to_markdown());
    }
    out
}

/// `repro logit`: the coefficient table SPSS prints, then the model's summary numbers.
pub fn render_logit(document: &Value) -> String {
    let mut table = Table::new(
        format!(
            "Logistic regression (n = {}, events = {}, dropped = {})",
            text(&document["n"]),
            text(&document["n_events"]),
            text(&document["n_dropped"])
        ),
        &["Term", "B", "SE", "z", "P", "OR", "OR 95% CI"],
    );
    for c in document["coefficients"].as_array().into_iter().flatten() {
        table.push(vec![
            text(&c["term"]),
            fixed(num(&c["estimate"]), DIGITS),
            fixed(num(&c["se"]), DIGITS),
            fixed(num(&c["z"]), DIGITS),
            p_value(num(&c["p"])),
            fixed(num(&c["odds_ratio"]), DIGITS),
            format!("{}, {}", fixed(num(&c["or_ci_lower"]), DIGITS), fixed(num(&c["or_ci_upper"]), DIGITS)),
        ]);
    }
    if document["separation"].as_bool() == Some(true) {
        table.note("Warning: the outcome is separated by the predictors; no finite maximum-likelihood estimate exists, so the coefficients above are not estimates.");
    }
    table.note(format!(
        "Log-likelihood {}, deviance {}, null deviance {}, AIC {}, AUC {}.",
        fixed(num(&document["log_likelihood"]), DIGITS),
        fixed(num(&document["deviance"]), DIGITS),
        fixed(num(&document["null_deviance"]), DIGITS),
        fixed(num(&document["aic"]), DIGITS),
        fixed(num(&document["auc"]), DIGITS)
    ));
    let hl = &document["hosmer_lemeshow"];
    table.note(format!(
        "Hosmer-Lemeshow: statistic {}, df {}, P {} ({} groups).",
        fixed(num(&hl["statistic"]), DIGITS),
        text(&hl["df"]),
        p_value(num(&hl["p"])),
        text(&hl["n_groups"])
    ));
    table.to_markdown()
}
