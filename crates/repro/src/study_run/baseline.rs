//! Table 1: baseline characteristics by group, with the group comparison of each variable.

use repro_htest::{
    Alternative, TTestOptions, WilcoxonOptions, chi_square_test, fisher_exact_2x2, mean, median,
    quantile_type7, sd, student_t_test, welch_t_test, wilcoxon_rank_sum,
};
use repro_report::format::{count_percent, fixed, mean_sd, median_iqr, p_value};
use repro_report::json::number;
use repro_report::table::Table;
use repro_study::{BaselineVariable, GroupTest, Summary, VariableKind};
use serde_json::{Value, json};

use super::LoadedStudy;
use crate::error::CliError;

/// Describes the conventions of Table 1 for results.json.
pub fn conventions() -> Value {
    json!({
        "continuous_default_test": "Student's two-sample t-test (pooled variance) for mean ± SD; Wilcoxon rank-sum (Mann-Whitney, R's exact/normal rule with continuity correction) for median [IQR]",
        "categorical_default_test": "Pearson's chi-square without continuity correction",
        "quantiles": "type 7 (R's default)",
        "percentages": "of the non-missing values in the group",
        "missing_values": "each variable uses the rows where it is present; the Missing column counts the others",
        "comparison_order": "negative group first, then positive (differences are negative - positive)",
    })
}

/// A group comparison's result in one shape.
struct Comparison {
    test: &'static str,
    statistic_name: &'static str,
    statistic: f64,
    statistic_decimals: usize,
    df: Option<f64>,
    p: f64,
    caveat: Option<String>,
}

/// Builds Table 1 and its results.json entries.
pub fn table1(loaded: &LoadedStudy) -> Result<(Table, Value), CliError> {
    let groups = loaded.group_rows();
    let [(_, negative_name), (_, positive_name)] = loaded.group_names();
    let negative_header = format!("{negative_name} (n = {})", groups[0].len());
    let positive_header = format!("{positive_name} (n = {})", groups[1].len());
    let mut table = Table::new(
        format!(
            "Table 1. Baseline characteristics by group{}",
            loaded.data_note()
        ),
        &[
            "Characteristic",
            &negative_header,
            &positive_header,
            &format!("Missing ({negative_name} / {positive_name})"),
            "Test",
            "Statistic",
            "P",
        ],
    );
    let mut entries = Vec::new();
    let mut caveats = Vec::new();
    for variable in &loaded.study.baseline {
        let entry = match variable.kind {
            VariableKind::Continuous => continuous(loaded, variable, &groups, &mut table)?,
            VariableKind::Categorical => categorical(loaded, variable, &groups, &mut table)?,
        };
        if let Some(caveat) = entry.get("caveat").and_then(Value::as_str) {
            caveats.push(format!("{}: {caveat}.", variable.label));
        }
        entries.push(entry);
    }
    table.note(
        format!(
            "Continuous variables: mean ± SD or median [Q1, Q3] (type-7 quantiles). Categorical variables: n (%) \
             of the non-missing values. t-tests compare {negative_name} minus {positive_name}."
        ),
    );
    for caveat in caveats {
        table.note(caveat);
    }
    table.note("P values: <0.001 below 0.001, otherwise three decimals.");
    Ok((table, Value::Array(entries)))
}

fn label_with_unit(variable: &BaselineVariable) -> String {
    match &variable.unit {
        Some(unit) => format!("{} ({unit})", variable.label),
        None => variable.label.clone(),
    }
}

fn missing_cell(missing: [usize; 2]) -> String {
    format!("{} / {}", missing[0], missing[1])
}

fn continuous(
    loaded: &LoadedStudy,
    variable: &BaselineVariable,
    groups: &[Vec<usize>; 2],
    table: &mut Table,
) -> Result<Value, CliError> {
    let values = loaded.table.numeric(&variable.column)?;
    let split: Vec<Vec<f64>> = groups
        .iter()
        .map(|rows| rows.iter().filter_map(|&r| values[r]).collect())
        .collect();
    let missing = [
        groups[0].len() - split[0].len(),
        groups[1].len() - split[1].len(),
    ];
    let decimals = variable.decimals;

    let summaries: Vec<(String, Value)> = split
        .iter()
        .map(|x| match variable.summary {
            Summary::MeanSd => {
                let (m, s) = (mean(x).unwrap_or(f64::NAN), sd(x).unwrap_or(f64::NAN));
                (
                    mean_sd(m, s, decimals),
                    json!({"n": x.len(), "mean": number(m), "sd": number(s)}),
                )
            }
            Summary::MedianIqr => {
                let m = median(x).unwrap_or(f64::NAN);
                let q1 = quantile_type7(x, 0.25).unwrap_or(f64::NAN);
                let q3 = quantile_type7(x, 0.75).unwrap_or(f64::NAN);
                (
                    median_iqr(m, q1, q3, decimals),
                    json!({"n": x.len(), "median": number(m), "q1": number(q1), "q3": number(q3)}),
                )
            }
        })
        .collect();

    let test = variable.test.unwrap_or(match variable.summary {
        Summary::MeanSd => GroupTest::Student,
        Summary::MedianIqr => GroupTest::MannWhitney,
    });
    let comparison = compare_continuous(test, &split[0], &split[1], &variable.column)?;
    table.push(vec![
        label_with_unit(variable),
        summaries[0].0.clone(),
        summaries[1].0.clone(),
        missing_cell(missing),
        comparison.test.to_string(),
        format!(
            "{} = {}",
            comparison.statistic_name,
            fixed(comparison.statistic, comparison.statistic_decimals)
        ),
        p_value(comparison.p),
    ]);
    Ok(entry(
        variable,
        "continuous",
        &summaries.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        missing,
        &comparison,
    ))
}

fn compare_continuous(
    test: GroupTest,
    x: &[f64],
    y: &[f64],
    column: &str,
) -> Result<Comparison, CliError> {
    let fail = |error: repro_htest::HtestError| {
        CliError::Usage(format!("Table 1, column \"{column}\": {error}"))
    };
    Ok(match test {
        GroupTest::Student | GroupTest::Welch => {
            let result = if test == GroupTest::Student {
                student_t_test(x, y, TTestOptions::default())
            } else {
                welch_t_test(x, y, TTestOptions::default())
            }
            .map_err(fail)?;
            Comparison {
                test: if test == GroupTest::Student {
                    "Student's t-test"
                } else {
                    "Welch's t-test"
                },
                statistic_name: "t",
                statistic: result.t,
                statistic_decimals: 3,
                df: Some(result.df),
                p: result.p_value,
                caveat: None,
            }
        }
        GroupTest::MannWhitney => {
            let result = wilcoxon_rank_sum(x, y, WilcoxonOptions::default()).map_err(fail)?;
            Comparison {
                test: "Wilcoxon rank-sum (Mann-Whitney)",
                statistic_name: "W",
                statistic: result.statistic,
                statistic_decimals: 1,
                df: None,
                p: result.p_value,
                caveat: Some(format!(
                    "Mann-Whitney P by the {}",
                    result.method.description()
                )),
            }
        }
        other => {
            return Err(CliError::Usage(format!(
                "Table 1, column \"{column}\": test {other:?} is for categorical variables; use student, welch or mann_whitney"
            )));
        }
    })
}

fn categorical(
    loaded: &LoadedStudy,
    variable: &BaselineVariable,
    groups: &[Vec<usize>; 2],
    table: &mut Table,
) -> Result<Value, CliError> {
    let levels: Vec<String> = match &variable.levels {
        Some(levels) => {
            let refs: Vec<&str> = levels.iter().map(String::as_str).collect();
            loaded.table.check_labels(&variable.column, &refs)?;
            levels.clone()
        }
        None => {
            let mut seen: Vec<String> = loaded
                .table
                .text(&variable.column)?
                .into_iter()
                .flatten()
                .collect();
            seen.sort();
            seen.dedup();
            seen
        }
    };
    let cells = loaded.table.text(&variable.column)?;
    let mut counts = vec![[0_u64; 2]; levels.len()];
    let mut missing = [0_usize; 2];
    for (g, rows) in groups.iter().enumerate() {
        for &row in rows {
            match &cells[row] {
                Some(value) => {
                    if let Some(level) = levels.iter().position(|l| l == value) {
                        counts[level][g] += 1;
                    }
                }
                None => missing[g] += 1,
            }
        }
    }
    let totals = [groups[0].len() - missing[0], groups[1].len() - missing[1]];
    let comparison = compare_categorical(variable, &counts, &levels)?;
    table.push(vec![
        format!("{}, n (%)", label_with_unit(variable)),
        String::new(),
        String::new(),
        missing_cell(missing),
        comparison.test.to_string(),
        if comparison.statistic.is_nan() {
            String::new()
        } else {
            format!(
                "{} = {}",
                comparison.statistic_name,
                fixed(comparison.statistic, comparison.statistic_decimals)
            )
        },
        p_value(comparison.p),
    ]);
    let mut by_group = vec![
        json!({"n": totals[0], "counts": {}}),
        json!({"n": totals[1], "counts": {}}),
    ];
    for (level, count) in levels.iter().zip(&counts) {
        table.push(vec![
            format!("{}: {level}", variable.label),
            count_percent(count[0] as usize, totals[0]),
            count_percent(count[1] as usize, totals[1]),
        ]);
        for g in 0..2 {
            by_group[g]["counts"][level] = Value::from(count[g]);
        }
    }
    Ok(entry(
        variable,
        "categorical",
        &by_group,
        missing,
        &comparison,
    ))
}

fn compare_categorical(
    variable: &BaselineVariable,
    counts: &[[u64; 2]],
    levels: &[String],
) -> Result<Comparison, CliError> {
    let column = &variable.column;
    let test = variable.test.unwrap_or(GroupTest::ChiSquare);
    let observed: Vec<[u64; 2]> = counts.iter().copied().filter(|c| c[0] + c[1] > 0).collect();
    if observed.len() < 2 {
        return Ok(Comparison {
            test: "not testable",
            statistic_name: "",
            statistic: f64::NAN,
            statistic_decimals: 0,
            df: None,
            p: f64::NAN,
            caveat: Some(format!(
                "only {} level observed, so no group comparison",
                observed.len()
            )),
        });
    }
    let fail = |error: repro_htest::HtestError| {
        CliError::Usage(format!("Table 1, column \"{column}\": {error}"))
    };
    match test {
        GroupTest::ChiSquare | GroupTest::ChiSquareYates => {
            let rows: Vec<Vec<u64>> = observed.iter().map(|c| c.to_vec()).collect();
            let yates = test == GroupTest::ChiSquareYates;
            let result = chi_square_test(&rows, yates).map_err(fail)?;
            let caveat = (result.min_expected < 5.0).then(|| {
                format!(
                    "smallest expected count {} < 5, so the chi-square approximation is doubtful; Fisher's exact test may be preferable",
                    fixed(result.min_expected, 2)
                )
            });
            Ok(Comparison {
                test: if yates {
                    "Chi-square with Yates' correction"
                } else {
                    "Pearson chi-square, no continuity correction"
                },
                statistic_name: "χ²",
                statistic: result.statistic,
                statistic_decimals: 3,
                df: Some(result.df as f64),
                p: result.p_value,
                caveat,
            })
        }
        GroupTest::Fisher => {
            if observed.len() != 2 {
                return Err(CliError::Usage(format!(
                    "Table 1, column \"{column}\": Fisher's exact test needs exactly 2 observed levels, found {} ({}); use chi_square",
                    observed.len(),
                    levels.join(", ")
                )));
            }
            let rows: Vec<Vec<u64>> = observed.iter().map(|c| c.to_vec()).collect();
            let result = fisher_exact_2x2(&rows, Alternative::TwoSided).map_err(fail)?;
            Ok(Comparison {
                test: "Fisher's exact",
                statistic_name: "",
                statistic: f64::NAN,
                statistic_decimals: 0,
                df: None,
                p: result.p_value,
                caveat: None,
            })
        }
        other => Err(CliError::Usage(format!(
            "Table 1, column \"{column}\": test {other:?} is for continuous variables; use chi_square, chi_square_yates or fisher"
        ))),
    }
}

fn entry(
    variable: &BaselineVariable,
    kind: &str,
    by_group: &[Value],
    missing: [usize; 2],
    comparison: &Comparison,
) -> Value {
    json!({
        "column": variable.column,
        "label": variable.label,
        "unit": variable.unit,
        "kind": kind,
        "negative": by_group[0],
        "positive": by_group[1],
        "n_missing": {"negative": missing[0], "positive": missing[1]},
        "test": comparison.test,
        "statistic": number(comparison.statistic),
        "df": comparison.df.map_or(Value::Null, number),
        "p": number(comparison.p),
        "caveat": comparison.caveat,
    })
}
