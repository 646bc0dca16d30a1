//! Table 2: the paired pre/post comparison of each parameter within each group.

use repro_htest::ExactPolicy;
use repro_report::format::{fixed, mean_sd, p_value, with_ci};
use repro_report::json::paired::{PairedConventions, group};
use repro_report::table::Table;
use repro_study::PairedAnalysis;
use serde_json::Value;

use super::LoadedStudy;
use crate::error::CliError;

/// Builds Table 2, its results.json entries and the conventions used.
///
/// Each parameter uses the complete pairs of its own two columns within each group; the
/// pairs dropped are counted per group and parameter.
pub fn table2(
    loaded: &LoadedStudy,
    analysis: &PairedAnalysis,
) -> Result<(Table, Value, Value), CliError> {
    let conventions = PairedConventions {
        conf_level: analysis.confidence,
        exact: match analysis.wilcoxon.as_str() {
            "exact" => ExactPolicy::Exact,
            "normal" => ExactPolicy::Normal,
            _ => ExactPolicy::Auto,
        },
        continuity_correction: analysis.continuity_correction,
    };
    let level = fixed(100.0 * analysis.confidence, 0);
    let before_label = analysis.before_label.as_str();
    let after_label = analysis.after_label.as_str();
    let header = [
        "Group".to_string(),
        "Parameter".to_string(),
        "n".to_string(),
        format!("{before_label}, mean ± SD"),
        format!("{after_label}, mean ± SD"),
        format!("Difference ({level}% CI)"),
        "t".to_string(),
        "df".to_string(),
        "P (t-test)".to_string(),
        "Wilcoxon V".to_string(),
        "P (Wilcoxon)".to_string(),
        "Wilcoxon method".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(
        format!(
            "Table 2. {after_label} versus {before_label} within each group{}",
            loaded.data_note()
        ),
        &header,
    );

    let mut entries = Vec::new();
    let mut total_dropped = 0;
    for (rows, (label, name)) in loaded.group_rows().iter().zip(loaded.group_names()) {
        for parameter in &loaded.study.parameter {
            let pre = loaded.table.numeric(&parameter.pre)?;
            let post = loaded.table.numeric(&parameter.post)?;
            let (mut before, mut after) = (Vec::new(), Vec::new());
            for &row in rows {
                if let (Some(b), Some(a)) = (pre[row], post[row]) {
                    before.push(b);
                    after.push(a);
                }
            }
            let n_dropped = rows.len() - before.len();
            total_dropped += n_dropped;
            let mut entry = group(label, &before, &after, &conventions);
            let decimals = parameter.decimals;
            let t_test = &entry["t_test"];
            let wilcoxon = &entry["wilcoxon"];
            let parameter_label = match &parameter.unit {
                Some(unit) => format!("{} ({unit})", parameter.label),
                None => parameter.label.clone(),
            };
            let t_text = match t_test.get("error") {
                Some(error) => format!("not computed: {}", error.as_str().unwrap_or_default()),
                None => fixed(num(&t_test["t"]), 3),
            };
            table.push(vec![
                name.to_string(),
                parameter_label,
                before.len().to_string(),
                mean_sd(
                    num(&entry["mean_before"]),
                    num(&entry["sd_before"]),
                    decimals,
                ),
                mean_sd(num(&entry["mean_after"]), num(&entry["sd_after"]), decimals),
                with_ci(
                    num(&entry["mean_difference"]),
                    num(&t_test["ci_lower"]),
                    num(&t_test["ci_upper"]),
                    decimals + 1,
                ),
                t_text,
                fixed(num(&t_test["df"]), 0),
                p_value(num(&t_test["p"])),
                fixed(num(&wilcoxon["statistic"]), 1),
                p_value(num(&wilcoxon["p"])),
                wilcoxon
                    .get("method")
                    .and_then(Value::as_str)
                    .or_else(|| wilcoxon.get("error").and_then(Value::as_str))
                    .unwrap_or_default()
                    .to_string(),
            ]);
            entry["group_name"] = Value::from(name);
            entry["parameter"] = Value::from(parameter.name.as_str());
            entry["label"] = Value::from(parameter.label.as_str());
            entry["unit"] = parameter.unit.as_deref().map_or(Value::Null, Value::from);
            entry["before_column"] = Value::from(parameter.pre.as_str());
            entry["after_column"] = Value::from(parameter.post.as_str());
            entry["n_dropped"] = Value::from(n_dropped);
            entries.push(entry);
        }
    }

    table.note(format!(
        "Difference = {after_label} − {before_label}, with its {level}% CI from the paired t-test. \
         Wilcoxon: signed-rank test of the same differences; V is the sum of the ranks of the positive \
         differences; zero differences are dropped; the method column says whether the exact \
         distribution or the normal approximation was used."
    ));
    table.note(if total_dropped == 0 {
        "Every pair was complete.".to_string()
    } else {
        format!(
            "Pairs with a missing value were dropped per parameter ({total_dropped} in all); n is the number of complete pairs."
        )
    });
    table.note("P values: <0.001 below 0.001, otherwise three decimals.");
    Ok((table, Value::Array(entries), conventions.describe()))
}

/// A JSON number as f64, with null (and anything else) as NaN.
fn num(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}
