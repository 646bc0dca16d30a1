//! The claims check: each published number is set beside the reproduced one with a
//! verdict. The published numbers are also checked against each other, and a mismatch
//! is rerun under the alternative conventions that could explain it.

use repro_report::format::fixed;
use repro_report::table::Table;
use repro_study::Claim;
use serde_json::{Value, json};

use super::{LoadedStudy, compute};
use crate::error::CliError;

/// The outcome of the claims check.
pub struct ClaimsCheck {
    /// The claims table for the report.
    pub table: Table,
    /// The results.json entry.
    pub json: Value,
}

impl ClaimsCheck {
    /// Reports whether every claim and consistency check is satisfied.
    pub fn all_hold(json: &Value) -> bool {
        json["all_hold"].as_bool() == Some(true)
    }
}

/// One evaluated claim.
struct Verdict {
    reproduced: String,
    holds: bool,
    detail: String,
}

/// Keys that identify an element of an array in the results, in the order tried.
const ID_KEYS: [&str; 7] = ["name", "parameter", "group", "term", "column", "a", "b"];

/// Resolves a dotted quantity path against the results document.
///
/// The first segment names a section (`groups`, `baseline`, `paired`, `roc`, `delong`,
/// `model`); inside an array, segments select the element whose `name`, `parameter`,
/// `group`, `term`, `column`, `a` or `b` equals them, as many segments as it takes to
/// leave one element.
pub fn resolve<'a>(results: &'a Value, path: &str) -> Result<&'a Value, String> {
    let mut segments = path.split('.').peekable();
    let root = segments.next().unwrap_or_default();
    let mut current = match root {
        "groups" | "baseline" | "paired" | "model" => results.get(root),
        "roc" => results.get("roc").and_then(|r| r.get("markers")),
        "delong" => results.get("roc").and_then(|r| r.get("comparisons")),
        _ => None,
    }
    .ok_or_else(|| {
        format!("section {root:?} is not in the results; use groups, baseline, paired, roc, delong or model (and run the analysis it needs)")
    })?;

    while let Some(segment) = segments.next() {
        current = match current {
            Value::Object(map) => map.get(segment).ok_or_else(|| {
                format!(
                    "no {segment:?} here; available: {}",
                    map.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            })?,
            Value::Array(items) => {
                let mut candidates: Vec<&Value> = items
                    .iter()
                    .filter(|item| matches_id(item, segment))
                    .collect();
                while candidates.len() > 1 {
                    let Some(next) = segments.next() else { break };
                    candidates.retain(|item| matches_id(item, next));
                }
                match candidates.as_slice() {
                    [one] => one,
                    [] => {
                        return Err(format!(
                            "no entry named {segment:?}; available: {}",
                            ids(items).join(", ")
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "{segment:?} names several entries; add the next name to choose one"
                        ));
                    }
                }
            }
            _ => return Err(format!("{segment:?} goes past a single value")),
        };
    }
    Ok(current)
}

fn matches_id(item: &Value, segment: &str) -> bool {
    ID_KEYS
        .iter()
        .any(|key| item.get(key).and_then(Value::as_str) == Some(segment))
}

fn ids(items: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = items
        .iter()
        .flat_map(|item| {
            ID_KEYS
                .iter()
                .filter_map(move |key| item.get(key).and_then(Value::as_str).map(str::to_string))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Reads a number, or the estimate of a proportion object.
fn numeric(value: &Value) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.get("estimate").and_then(Value::as_f64))
}

/// Decimals printed in a reported number such as `0.93` (2) or `95` (0).
fn decimals(text: &str) -> usize {
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// Half a unit in the last printed decimal.
fn half_unit(text: &str) -> f64 {
    0.5 * 10f64.powi(-(decimals(text) as i32))
}

fn parse(text: &str, claim: &Claim) -> Result<f64, CliError> {
    text.trim().parse::<f64>().map_err(|_| {
        CliError::Usage(format!(
            "claim {}: reported value {:?} is not a number; write it as printed, e.g. \"0.93\"",
            claim.id, text
        ))
    })
}

fn parse_count(text: &str, claim: &Claim) -> Result<(u64, Option<u64>), CliError> {
    let bad = || {
        CliError::Usage(format!(
            "claim {}: count {text:?} is invalid; write \"57/65\" or \"95\"",
            claim.id
        ))
    };
    match text.split_once('/') {
        Some((a, b)) => Ok((
            a.trim().parse().map_err(|_| bad())?,
            Some(b.trim().parse().map_err(|_| bad())?),
        )),
        None => Ok((text.trim().parse().map_err(|_| bad())?, None)),
    }
}

fn lookup<'a>(results: &'a Value, claim: &Claim, path: &str) -> Result<&'a Value, CliError> {
    resolve(results, path).map_err(|reason| {
        CliError::Usage(format!(
            "claim {}: quantity {path:?} does not exist: {reason}",
            claim.id
        ))
    })
}

/// Evaluates one claim against a results document.
fn evaluate(claim: &Claim, results: &Value) -> Result<Verdict, CliError> {
    let quantity = claim.quantity.as_deref().unwrap_or_default();
    match claim.kind.as_str() {
        "value" => {
            let value = lookup(results, claim, quantity)?;
            let x = numeric(value).unwrap_or(f64::NAN);
            let reported = parse(&claim.reported, claim)?;
            let h = half_unit(&claim.reported);
            Ok(Verdict {
                reproduced: fixed(x, decimals(&claim.reported) + 2),
                holds: x >= reported - h && x < reported + h,
                detail: format!(
                    "holds for {} ≤ x < {}",
                    fixed(reported - h, decimals(&claim.reported) + 1),
                    fixed(reported + h, decimals(&claim.reported) + 1)
                ),
            })
        }
        "count" => {
            let value = lookup(results, claim, quantity)?;
            let (count, denominator) = parse_count(&claim.reported, claim)?;
            let (got_count, got_denominator) = match value {
                Value::Number(n) => (n.as_u64(), None),
                other => (
                    other.get("successes").and_then(Value::as_u64),
                    other.get("trials").and_then(Value::as_u64),
                ),
            };
            let reproduced = match (got_count, got_denominator) {
                (Some(c), Some(d)) => format!("{c}/{d}"),
                (Some(c), None) => c.to_string(),
                _ => "NA".into(),
            };
            let holds = got_count == Some(count)
                && (denominator.is_none() || got_denominator == denominator);
            Ok(Verdict {
                reproduced,
                holds,
                detail: "exact count".into(),
            })
        }
        "percent" => {
            let value = lookup(results, claim, quantity)?;
            let counts = match &claim.count {
                Some(count) => Some(parse_count(count, claim)?),
                None => None,
            };
            // A plain count (such as a group size) is a percentage of the claim's denominator.
            let x = match (value.as_u64(), counts) {
                (Some(n), Some((_, Some(d)))) if d > 0 => 100.0 * n as f64 / d as f64,
                _ => 100.0 * numeric(value).unwrap_or(f64::NAN),
            };
            let reported_text = claim.reported.trim_end_matches('%').trim();
            let reported = parse(reported_text, claim)?;
            let h = half_unit(reported_text);
            let mut holds = x >= reported - h && x < reported + h;
            let mut reproduced = format!("{} %", fixed(x, decimals(reported_text)));
            if let Some((c, d)) = counts {
                let got = match value.as_u64() {
                    Some(n) => (Some(n), d),
                    None => (
                        value.get("successes").and_then(Value::as_u64),
                        value.get("trials").and_then(Value::as_u64),
                    ),
                };
                if let (Some(gc), Some(gd)) = got {
                    reproduced = format!("{reproduced} ({gc}/{gd})");
                }
                holds &= got.0 == Some(c) && (d.is_none() || got.1 == d);
            }
            Ok(Verdict {
                reproduced,
                holds,
                detail: "percentage at its printed precision, with its count".into(),
            })
        }
        "p_value" => {
            let p = numeric(lookup(results, claim, quantity)?).unwrap_or(f64::NAN);
            let text = claim.reported.trim();
            let (below, bound) = if let Some(rest) = text.strip_prefix('<') {
                (true, parse(rest, claim)?)
            } else if let Some(rest) = text.strip_prefix('>') {
                (false, parse(rest, claim)?)
            } else {
                return Err(CliError::Usage(format!(
                    "claim {}: reported {:?} is not a P-value bound; write \"< 0.05\" or \"> 0.05\"",
                    claim.id, claim.reported
                )));
            };
            let mut holds = if below { p < bound } else { p > bound };
            let mut reproduced = repro_report::format::p_clause(p);
            if let (Some(direction), Some(effect)) = (&claim.direction, &claim.effect) {
                let e = numeric(lookup(results, claim, effect)?).unwrap_or(f64::NAN);
                let went = if e > 0.0 {
                    "up"
                } else if e < 0.0 {
                    "down"
                } else {
                    "no change"
                };
                holds &= went == direction;
                reproduced = format!("{reproduced}, {went}");
            }
            Ok(Verdict {
                reproduced,
                holds,
                detail: "P-value bound and direction of change".into(),
            })
        }
        "range" => {
            let (low_text, high_text) = claim.reported.split_once(['-', '–']).ok_or_else(|| {
                CliError::Usage(format!(
                    "claim {}: range {:?} is invalid; write \"0.72-0.84\"",
                    claim.id, claim.reported
                ))
            })?;
            let (low, high) = (parse(low_text, claim)?, parse(high_text, claim)?);
            let (h_low, h_high) = (half_unit(low_text.trim()), half_unit(high_text.trim()));
            let mut values = Vec::new();
            let mut holds = true;
            for path in &claim.quantities {
                let x = numeric(lookup(results, claim, path)?).unwrap_or(f64::NAN);
                holds &= x >= low - h_low && x < high + h_high;
                values.push(fixed(x, decimals(high_text.trim()) + 1));
            }
            Ok(Verdict {
                reproduced: values.join(", "),
                holds,
                detail: "every value within the range at its printed precision".into(),
            })
        }
        other => Err(CliError::Usage(format!(
            "claim {}: unknown kind {other:?}",
            claim.id
        ))),
    }
}

/// Alternative conventions the explainer tries, as (description, change to the study).
fn alternatives() -> Vec<(&'static str, fn(&mut repro_study::Study))> {
    vec![
        ("Hanley-McNeil SE of the AUC", |s| {
            if let Some(roc) = &mut s.analysis.roc {
                roc.method = "hanley_mcneil".into();
            }
        }),
        ("observed-value cut-offs instead of midpoints", |s| {
            if let Some(roc) = &mut s.analysis.roc {
                roc.thresholds = "observed".into();
            }
        }),
        ("closest-to-(0, 1) cut-off instead of Youden", |s| {
            if let Some(roc) = &mut s.analysis.roc {
                roc.cutoff = "closest_topleft".into();
            }
        }),
        ("marker directions chosen from the data (pROC auto)", |s| {
            for marker in &mut s.marker {
                marker.direction = "auto".into();
            }
        }),
        ("Wilcoxon exact distribution forced", |s| {
            if let Some(paired) = &mut s.analysis.paired {
                paired.wilcoxon = "exact".into();
            }
        }),
        ("Wilcoxon normal approximation", |s| {
            if let Some(paired) = &mut s.analysis.paired {
                paired.wilcoxon = "normal".into();
            }
        }),
        ("Wilcoxon without continuity correction", |s| {
            if let Some(paired) = &mut s.analysis.paired {
                paired.continuity_correction = false;
            }
        }),
        ("Welch's t-test in Table 1", |s| {
            for variable in &mut s.baseline {
                if variable.kind == repro_study::VariableKind::Continuous {
                    variable.test = Some(repro_study::GroupTest::Welch);
                }
            }
        }),
        ("the Wilcoxon rank-sum test in Table 1", |s| {
            for variable in &mut s.baseline {
                if variable.kind == repro_study::VariableKind::Continuous {
                    variable.test = Some(repro_study::GroupTest::MannWhitney);
                }
            }
        }),
        (
            "Yates' continuity correction of the chi-square tests in Table 1",
            |s| {
                for variable in &mut s.baseline {
                    if variable.kind == repro_study::VariableKind::Categorical {
                        variable.test = Some(repro_study::GroupTest::ChiSquareYates);
                    }
                }
            },
        ),
        ("profile-likelihood CIs of the odds ratios", |s| {
            if let Some(model) = &mut s.analysis.model {
                model.intervals = "profile".into();
            }
        }),
        (
            "Hosmer-Lemeshow df = number of groups (validation-sample form)",
            |s| {
                if let Some(model) = &mut s.analysis.model {
                    model.hosmer_lemeshow_df = "groups".into();
                }
            },
        ),
        ("Firth's penalised likelihood", |s| {
            if let Some(model) = &mut s.analysis.model {
                model.method = "firth".into();
            }
        }),
    ]
}

/// Recomputes a failed claim under each alternative convention and lists those under
/// which it holds.
fn explain(loaded: &LoadedStudy, claim: &Claim, results: &Value) -> Vec<String> {
    let mut explained = Vec::new();

    // A publication may report the P value of another test of the same comparison.
    let other_tests = [(
        ".t_test.",
        ".wilcoxon.",
        "the Wilcoxon signed-rank test instead of the paired t-test",
    )];
    for (from, to, description) in other_tests {
        let mut variant = claim.clone();
        let Some(quantity) = &claim.quantity else {
            continue;
        };
        if !quantity.contains(from) {
            continue;
        }
        variant.quantity = Some(quantity.replace(from, to));
        if let Ok(verdict) = evaluate(&variant, results)
            && verdict.holds
        {
            explained.push(format!("holds with {description} ({})", verdict.reproduced));
        }
    }

    for (description, change) in alternatives() {
        let mut variant = loaded.clone();
        change(&mut variant.study);
        variant.study.claim.clear();
        if let Some(model) = &mut variant.study.analysis.model {
            model.bootstrap_replicates = 0;
        }
        let Ok((_, results)) = compute(&variant) else {
            continue;
        };
        if let Ok(verdict) = evaluate(claim, &results)
            && verdict.holds
        {
            explained.push(format!("holds with {description} ({})", verdict.reproduced));
        }
    }
    explained
}

/// Reports whether every claim holds on `results`, without the explainer's reruns.
///
/// # Errors
/// As [`check`].
pub fn all_claims_hold(loaded: &LoadedStudy, results: &Value) -> Result<bool, CliError> {
    for claim in &loaded.study.claim {
        if !evaluate(claim, results)?.holds {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Checks every claim and consistency check of the study against `results`.
///
/// # Errors
/// A claim whose quantity does not exist or whose reported value cannot be read.
pub fn check(loaded: &LoadedStudy, results: &Value) -> Result<ClaimsCheck, CliError> {
    let mut table = Table::new(
        format!("Claims: published versus reproduced{}", loaded.data_note()),
        &[
            "Claim",
            "Statement",
            "Published",
            "Reproduced",
            "Verdict",
            "Note",
        ],
    );
    let mut entries = Vec::new();
    let mut all_hold = true;
    for claim in &loaded.study.claim {
        let verdict = evaluate(claim, results)?;
        let percent_sign = if claim.kind == "percent" && !claim.reported.ends_with('%') {
            " %"
        } else {
            ""
        };
        let paper = match &claim.count {
            Some(count) => format!("{}{percent_sign} ({count})", claim.reported),
            None => format!("{}{percent_sign}", claim.reported),
        };
        let explanations = if verdict.holds {
            Vec::new()
        } else {
            explain(loaded, claim, results)
        };
        let note = if verdict.holds {
            String::new()
        } else if explanations.is_empty() {
            "no known convention reproduces it".to_string()
        } else {
            explanations.join("; ")
        };
        all_hold &= verdict.holds;
        table.push(vec![
            claim.id.clone(),
            claim.text.clone(),
            paper,
            verdict.reproduced.clone(),
            if verdict.holds { "holds" } else { "FAILS" }.to_string(),
            note.clone(),
        ]);
        entries.push(json!({
            "id": claim.id,
            "text": claim.text,
            "kind": claim.kind,
            "quantity": claim.quantity,
            "quantities": claim.quantities,
            "reported": claim.reported,
            "count": claim.count,
            "reproduced": verdict.reproduced,
            "holds": verdict.holds,
            "rule": verdict.detail,
            "alternative_conventions": explanations,
        }));
    }

    let mut consistency = Vec::new();
    for claim in loaded.study.claim.iter().filter(|c| c.kind == "percent") {
        let Some(count) = &claim.count else { continue };
        let (c, Some(d)) = parse_count(count, claim)? else {
            continue;
        };
        let text = claim.reported.trim_end_matches('%').trim();
        let implied = fixed(100.0 * c as f64 / d as f64, decimals(text));
        let holds = implied == fixed(parse(text, claim)?, decimals(text));
        all_hold &= holds;
        table.push(vec![
            format!("{} (internal)", claim.id),
            format!("{} % equals {count}", text),
            format!("{text} %"),
            format!("{implied} %"),
            if holds { "holds" } else { "FAILS" }.to_string(),
            "checked without the data".into(),
        ]);
        consistency.push(
            json!({"id": format!("{}-internal", claim.id), "holds": holds, "implied": implied}),
        );
    }
    for check in &loaded.study.consistency {
        let count_of = |id: &str| -> Result<u64, CliError> {
            let claim = loaded
                .study
                .claim
                .iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "consistency {}: claim {id:?} is not declared",
                        check.id
                    ))
                })?;
            let text = claim.count.as_deref().unwrap_or(&claim.reported);
            Ok(parse_count(text, claim)?.0)
        };
        let parts = check
            .parts
            .iter()
            .map(|id| count_of(id))
            .collect::<Result<Vec<_>, _>>()?;
        let total = count_of(&check.total)?;
        let sum: u64 = parts.iter().sum();
        let holds = sum == total;
        all_hold &= holds;
        table.push(vec![
            check.id.clone(),
            check.text.clone(),
            total.to_string(),
            format!(
                "{} = {sum}",
                parts
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
            if holds { "holds" } else { "FAILS" }.to_string(),
            "checked without the data".into(),
        ]);
        consistency.push(json!({"id": check.id, "holds": holds, "sum": sum, "total": total}));
    }
    table.note(
        "A value holds when it rounds to the published digits (0.93 holds for 0.925 ≤ x < 0.935); counts must be equal; \
         a P-value claim needs the bound and, where given, the direction of change. For a failed claim, the Note lists \
         the alternative conventions under which it would hold.",
    );
    Ok(ClaimsCheck {
        table,
        json: json!({"all_hold": all_hold, "claims": entries, "consistency": consistency}),
    })
}
