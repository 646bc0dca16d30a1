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
        &[
            "Group",
            "n",
            "Mean difference",
            "SD",
            "t",
            "df",
            "P (t)",
            "95% CI",
            "V",
            "n non-zero",
            "P (Wilcoxon)",
            "Wilcoxon method",
        ],
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
            format!(
                "{}, {}",
                fixed(num(&t["ci_lower"]), DIGITS),
                fixed(num(&t["ci_upper"]), DIGITS)
            ),
            fixed(num(&w["statistic"]), 1),
            text(&w["n_nonzero"]),
            p_value(num(&w["p"])),
            w.get("method").map_or_else(|| text(&w["error"]), text),
        ]);
    }
    table.note(format!(
        "Pairs dropped for a missing value: {}. Paired t-test as R's t.test(after, before, paired = TRUE). \
         Wilcoxon signed-rank test as R's wilcox.test: zero differences dropped (n non-zero), exact iff fewer than \
         50 without ties or zeros, otherwise normal with tie and continuity correction.",
        text(&document["n_dropped"])
    ));
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
        &[
            "Marker",
            "Direction",
            "AUC",
            "SE",
            "95% CI",
            "Youden cut-off",
            "Sensitivity",
            "Specificity",
        ],
    );
    let mut warnings = Vec::new();
    let mut methods = Vec::new();
    for curve in document["curves"].as_array().into_iter().flatten() {
        let youden = &curve["youden"];
        let method = format!(
            "SE {}; CI {}",
            text(&curve["se_method"]),
            text(&curve["ci_method"])
        );
        if !methods.contains(&method) {
            methods.push(method);
        }
        for warning in curve["warnings"].as_array().into_iter().flatten() {
            warnings.push(text(warning));
        }
        let auto = if curve["direction_from_data"].as_bool() == Some(true) {
            " (auto)"
        } else {
            ""
        };
        curves.push(vec![
            text(&curve["predictor"]),
            format!("{}{auto}", text(&curve["direction"])),
            fixed(num(&curve["auc"]), DIGITS),
            fixed(num(&curve["se"]), DIGITS),
            format!(
                "{}, {}",
                fixed(num(&curve["ci_lower"]), DIGITS),
                fixed(num(&curve["ci_upper"]), DIGITS)
            ),
            format!(
                "{} {}",
                text(&curve["comparison"]),
                fixed(num(&youden["threshold"]), DIGITS)
            ),
            proportion(
                &curve["youden_cutoff"]["sensitivity"],
                num(&youden["sensitivity"]),
            ),
            proportion(
                &curve["youden_cutoff"]["specificity"],
                num(&youden["specificity"]),
            ),
        ]);
    }
    curves.note(format!(
        "AUC with ties counted 1/2; {}. Cut-off: Youden's J on pROC's midpoint thresholds.",
        methods.join("; ")
    ));
    for warning in warnings {
        curves.note(format!("Warning: {warning}"));
    }
    let mut out = curves.to_markdown();
    let comparisons: Vec<&Value> = document["comparisons"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    if !comparisons.is_empty() {
        let mut table = Table::new(
            "Paired DeLong tests",
            &["A", "B", "AUC A − AUC B", "95% CI", "z", "P"],
        );
        for c in comparisons {
            table.push(vec![
                text(&c["a"]),
                text(&c["b"]),
                fixed(num(&c["auc_difference"]), DIGITS),
                format!(
                    "{}, {}",
                    fixed(num(&c["ci_lower"]), DIGITS),
                    fixed(num(&c["ci_upper"]), DIGITS)
                ),
                fixed(num(&c["z"]), DIGITS),
                p_value(num(&c["p"])),
            ]);
            for warning in c["warnings"].as_array().into_iter().flatten() {
                table.note(format!(
                    "Warning ({} vs {}): {}",
                    text(&c["a"]),
                    text(&c["b"]),
                    text(warning)
                ));
            }
        }
        let joint = &document["joint_test"];
        if joint.is_object() && document["curves"].as_array().is_some_and(|c| c.len() > 2) {
            table.note(format!(
                "Joint test that all AUCs are equal: χ² = {}, df = {}, P = {}.",
                fixed(num(&joint["chi_square"]), DIGITS),
                text(&joint["df"]),
                p_value(num(&joint["p"]))
            ));
        }
        table.note("Paired DeLong test (DeLong, DeLong & Clarke-Pearson 1988), two-sided; the CI of the difference is not clipped.");
        out.push('\n');
        out.push_str(&table.to_markdown());
    }
    out
}

/// `0.634 (26/41)` when the counts are in the document, else the estimate alone.
fn proportion(counts: &Value, estimate: f64) -> String {
    match (counts["successes"].as_u64(), counts["trials"].as_u64()) {
        (Some(successes), Some(trials)) => {
            format!("{} ({successes}/{trials})", fixed(estimate, DIGITS))
        }
        _ => fixed(estimate, DIGITS),
    }
}

/// A number with `digits` significant digits, in exponent form when very large or small,
/// so odds ratios such as 3.4e14 stay readable.
fn general(x: f64, digits: usize) -> String {
    if !x.is_finite() || x == 0.0 || (1e-3..1e5).contains(&x.abs()) {
        return fixed(x, digits);
    }
    format!("{:.*e}", digits.saturating_sub(1), x)
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
        &["Term", "B", "SE", "z", "P", "OR", "OR 95% CI (Wald)"],
    );
    for c in document["coefficients"].as_array().into_iter().flatten() {
        table.push(vec![
            text(&c["term"]),
            fixed(num(&c["estimate"]), DIGITS),
            fixed(num(&c["se"]), DIGITS),
            fixed(num(&c["z"]), DIGITS),
            p_value(num(&c["p"])),
            general(num(&c["odds_ratio"]), DIGITS),
            format!(
                "{}, {}",
                general(num(&c["or_ci_lower"]), DIGITS),
                general(num(&c["or_ci_upper"]), DIGITS)
            ),
        ]);
    }
    if document["separation"].as_bool() == Some(true) {
        table.note("Warning: the outcome is separated by the predictors; no finite maximum-likelihood estimate exists, so the coefficients above are not estimates.");
    }
    table.note("Unpenalised maximum likelihood as R's glm; OR = exp(B) with Wald 95% CI exp(B ± 1.96 SE), which SPSS prints (R's confint gives profile-likelihood intervals).");
    table.note("Estimates and SEs are those of the exact maximum-likelihood estimate (Newton steps to convergence, information matrix at the estimate), which R's glm gives when refitted with epsilon = 1e-14; R's default summary(glm()) stops at epsilon = 1e-8, so its SEs can differ in the fifth significant digit.");
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
        "Hosmer-Lemeshow (ten groups by deciles of risk, ResourceSelection 0.3-6 rule, df = non-empty groups - 2): statistic {}, df {}, P {} ({} groups).",
        fixed(num(&hl["statistic"]), DIGITS),
        text(&hl["df"]),
        p_value(num(&hl["p"])),
        text(&hl["n_groups"])
    ));
    table.to_markdown()
}
