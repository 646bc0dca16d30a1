//! The generated values follow the specification: group sizes, bounds, decimals, missing
//! cells, and, in a large cohort, the means, SDs and correlations.

use repro_sim::{SyntheticTable, parse_spec, simulate};

const SHIPPED_SPEC: &str = include_str!("../../../data/tace-ctp/synth.toml");

fn numbers(table: &SyntheticTable, column: &str, rows: &[usize]) -> Vec<f64> {
    let cells = table
        .column(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    rows.iter()
        .map(|&row| {
            let cell = cells[row].unwrap_or_else(|| panic!("{column} row {row} is missing"));
            cell.parse()
                .unwrap_or_else(|_| panic!("{column} row {row} = {cell:?} is not a number"))
        })
        .collect()
}

fn rows_of_group(table: &SyntheticTable, label: &str) -> Vec<usize> {
    let groups = table.column("group").unwrap();
    (0..table.n_rows())
        .filter(|&row| groups[row] == Some(label))
        .collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn sd(values: &[f64]) -> f64 {
    let centre = mean(values);
    let squares: f64 = values.iter().map(|value| (value - centre).powi(2)).sum();
    (squares / (values.len() - 1) as f64).sqrt()
}

fn correlation(left: &[f64], right: &[f64]) -> f64 {
    let (left_mean, right_mean) = (mean(left), mean(right));
    let mut cross = 0.0;
    let mut left_squares = 0.0;
    let mut right_squares = 0.0;
    for (a, b) in left.iter().zip(right) {
        cross += (a - left_mean) * (b - right_mean);
        left_squares += (a - left_mean).powi(2);
        right_squares += (b - right_mean).powi(2);
    }
    cross / (left_squares * right_squares).sqrt()
}

/// The parameter columns and bounds as written in the spec, read with the toml crate.
struct ParameterSpec {
    name: String,
    pre_column: String,
    post_column: String,
    min: f64,
    max: f64,
    pre: (f64, f64),
    post: Vec<(String, f64, f64)>,
}

fn number(value: &toml::Value) -> f64 {
    value
        .as_float()
        .or_else(|| value.as_integer().map(|integer| integer as f64))
        .unwrap()
}

fn moments(value: &toml::Value) -> (f64, f64) {
    (number(&value["mean"]), number(&value["sd"]))
}

fn parameter_specs(text: &str) -> Vec<ParameterSpec> {
    let document: toml::Table = text.parse().unwrap();
    document["parameter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| ParameterSpec {
            name: parameter["name"].as_str().unwrap().to_string(),
            pre_column: parameter["pre_column"].as_str().unwrap().to_string(),
            post_column: parameter["post_column"].as_str().unwrap().to_string(),
            min: parameter.get("min").map_or(f64::NEG_INFINITY, number),
            max: parameter.get("max").map_or(f64::INFINITY, number),
            pre: moments(&parameter["pre"]),
            post: parameter["post"]
                .as_table()
                .unwrap()
                .iter()
                .map(|(label, value)| {
                    let (mean, sd) = moments(value);
                    (label.clone(), mean, sd)
                })
                .collect(),
        })
        .collect()
}

fn group_correlations(text: &str) -> Vec<(String, usize, f64)> {
    let document: toml::Table = text.parse().unwrap();
    document["group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| {
            (
                group["label"].as_str().unwrap().to_string(),
                group["n"].as_integer().unwrap() as usize,
                number(&group["pre_post_correlation"]),
            )
        })
        .collect()
}

fn correlation_matrix(text: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let document: toml::Table = text.parse().unwrap();
    let correlation = &document["correlation"];
    let order = correlation["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap().to_string())
        .collect();
    let matrix = correlation["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().iter().map(number).collect())
        .collect();
    (order, matrix)
}

#[test]
fn shipped_spec_cohorts_meet_constraints() {
    let spec = parse_spec(SHIPPED_SPEC).unwrap();
    let parameters = parameter_specs(SHIPPED_SPEC);
    let one_decimal = |cell: &str| {
        let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
        !whole.is_empty()
            && whole
                .trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit())
            && fraction.len() == 1
            && fraction.chars().all(|c| c.is_ascii_digit())
    };

    for seed in 1..=20 {
        let table = simulate(&spec, seed).unwrap();
        assert_eq!(table.n_rows(), 95, "seed {seed}");
        assert_eq!(
            rows_of_group(&table, "complete_remission").len(),
            30,
            "seed {seed}"
        );
        assert_eq!(rows_of_group(&table, "residual").len(), 65, "seed {seed}");

        let ids = table.column("patient_id").unwrap();
        for (row, id) in ids.iter().enumerate() {
            assert_eq!(
                *id,
                Some(format!("P{:03}", row + 1).as_str()),
                "seed {seed}"
            );
        }

        for parameter in &parameters {
            for column in [&parameter.pre_column, &parameter.post_column] {
                let cells = table.column(column).unwrap();
                for cell in &cells {
                    let cell = cell.unwrap_or_else(|| panic!("{column} has a missing cell"));
                    assert!(one_decimal(cell), "{column} = {cell:?} has not one decimal");
                    let value: f64 = cell.parse().unwrap();
                    assert!(
                        parameter.min <= value && value <= parameter.max,
                        "{column} = {value} outside [{}, {}] for seed {seed}",
                        parameter.min,
                        parameter.max
                    );
                }
            }
        }

        for (column, expected_missing) in [("age", 2), ("tumour_diameter_cm", 3), ("child_pugh", 2)]
        {
            let missing = table
                .column(column)
                .unwrap()
                .iter()
                .filter(|cell| cell.is_none())
                .count();
            assert_eq!(missing, expected_missing, "{column}, seed {seed}");
        }
        for column in ["patient_id", "group", "sex", "tace_sessions"] {
            assert!(
                table.column(column).unwrap().iter().all(Option::is_some),
                "{column}"
            );
        }

        for age in table.column("age").unwrap().into_iter().flatten() {
            let age: i64 = age
                .parse()
                .unwrap_or_else(|_| panic!("age {age:?} is not an integer"));
            assert!((30..=85).contains(&age), "age {age}");
        }
        for diameter in table
            .column("tumour_diameter_cm")
            .unwrap()
            .into_iter()
            .flatten()
        {
            assert!(one_decimal(diameter), "diameter {diameter:?}");
            let diameter: f64 = diameter.parse().unwrap();
            assert!((1.0..=15.0).contains(&diameter), "diameter {diameter}");
        }
        for (column, levels) in [
            ("sex", &["M", "F"][..]),
            ("tace_sessions", &["1", "2", "3", "4"][..]),
            ("child_pugh", &["A", "B"][..]),
        ] {
            for cell in table.column(column).unwrap().into_iter().flatten() {
                assert!(levels.contains(&cell), "{column} = {cell:?}");
            }
        }
    }
}

/// Builds the shipped spec with groups of 10,000 and without the parameter and baseline
/// bounds, so that the output moments are those of the untruncated normal model.
fn large_unbounded_spec() -> String {
    let mut text = SHIPPED_SPEC.replacen("\nn = 30\n", "\nn = 10000\n", 1);
    text = text.replacen("\nn = 65\n", "\nn = 10000\n", 1);
    text = text.replace("id_digits = 3", "id_digits = 5");
    text.lines()
        .filter(|line| !(line.starts_with("min = ") || line.starts_with("max = ")))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn large_cohort_matches_means_and_sds() {
    let text = large_unbounded_spec();
    let table = simulate(&parse_spec(&text).unwrap(), 7).unwrap();
    assert_eq!(table.n_rows(), 20_000);

    for (label, n, _) in group_correlations(&text) {
        let rows = rows_of_group(&table, &label);
        assert_eq!(rows.len(), n);
        let root_n = (n as f64).sqrt();
        for parameter in parameter_specs(&text) {
            let (_, post_mean, post_sd) = parameter
                .post
                .iter()
                .find(|(group, _, _)| *group == label)
                .unwrap()
                .clone();
            for (column, (expected_mean, expected_sd)) in [
                (&parameter.pre_column, parameter.pre),
                (&parameter.post_column, (post_mean, post_sd)),
            ] {
                let values = numbers(&table, column, &rows);
                // 4.5 standard errors; rounding to 0.1 adds at most 0.05 to a mean.
                let mean_tolerance = 4.5 * expected_sd / root_n + 0.05;
                let sd_tolerance = 4.5 * expected_sd / (2.0 * n as f64).sqrt() + 0.01;
                let observed_mean = mean(&values);
                let observed_sd = sd(&values);
                assert!(
                    (observed_mean - expected_mean).abs() < mean_tolerance,
                    "{label} {column}: mean {observed_mean} vs {expected_mean}"
                );
                assert!(
                    (observed_sd - expected_sd).abs() < sd_tolerance,
                    "{label} {column}: SD {observed_sd} vs {expected_sd}"
                );
            }
        }
    }
}

#[test]
fn large_cohort_matches_correlations() {
    let text = large_unbounded_spec();
    let table = simulate(&parse_spec(&text).unwrap(), 7).unwrap();
    let parameters = parameter_specs(&text);
    let (order, matrix) = correlation_matrix(&text);
    let position = |name: &str| order.iter().position(|entry| entry == name).unwrap();

    for (label, n, r) in group_correlations(&text) {
        let rows = rows_of_group(&table, &label);
        let pre: Vec<Vec<f64>> = parameters
            .iter()
            .map(|p| numbers(&table, &p.pre_column, &rows))
            .collect();
        let post: Vec<Vec<f64>> = parameters
            .iter()
            .map(|p| numbers(&table, &p.post_column, &rows))
            .collect();

        for (i, first) in parameters.iter().enumerate() {
            for (j, second) in parameters.iter().enumerate() {
                let within = matrix[position(&first.name)][position(&second.name)];
                let checks = [
                    ("pre-pre", &pre[i], &pre[j], within),
                    ("post-post", &post[i], &post[j], within),
                    ("pre-post", &pre[i], &post[j], r * within),
                ];
                for (kind, left, right, expected) in checks {
                    let observed = correlation(left, right);
                    // 4.5 standard errors of a correlation, (1 - rho^2) / sqrt(n).
                    let tolerance = 4.5 * (1.0 - expected * expected) / (n as f64).sqrt() + 1e-9;
                    assert!(
                        (observed - expected).abs() < tolerance,
                        "{label} {kind} {}/{}: correlation {observed} vs {expected}",
                        first.name,
                        second.name
                    );
                }
            }
        }
    }
}

#[test]
fn large_cohort_matches_baseline_distributions() {
    let text = large_unbounded_spec();
    let table = simulate(&parse_spec(&text).unwrap(), 7).unwrap();
    let n = table.n_rows() as f64;

    let ages: Vec<f64> = table
        .column("age")
        .unwrap()
        .into_iter()
        .flatten()
        .map(|age| age.parse().unwrap())
        .collect();
    assert_eq!(ages.len(), 20_000 - 2);
    assert!(
        (mean(&ages) - 58.0).abs() < 4.5 * 10.0 / n.sqrt() + 0.5,
        "age mean {}",
        mean(&ages)
    );
    assert!((sd(&ages) - 10.0).abs() < 0.3, "age SD {}", sd(&ages));

    for (column, levels, probabilities) in [
        ("sex", &["M", "F"][..], &[0.8, 0.2][..]),
        (
            "tace_sessions",
            &["1", "2", "3", "4"][..],
            &[0.35, 0.35, 0.2, 0.1][..],
        ),
        ("child_pugh", &["A", "B"][..], &[0.75, 0.25][..]),
    ] {
        let cells: Vec<&str> = table
            .column(column)
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        for (level, probability) in levels.iter().zip(probabilities) {
            let share =
                cells.iter().filter(|cell| *cell == level).count() as f64 / cells.len() as f64;
            let tolerance = 4.5 * (probability * (1.0 - probability) / cells.len() as f64).sqrt();
            assert!(
                (share - probability).abs() < tolerance,
                "{column} = {level}: share {share} vs {probability}"
            );
        }
    }
}

#[test]
fn missing_cells_leave_other_values_unchanged() {
    let with_missing = simulate(&parse_spec(SHIPPED_SPEC).unwrap(), 5).unwrap();
    let without_text = SHIPPED_SPEC
        .replace("missing = 2\n", "")
        .replace("missing = 3\n", "");
    let without_missing = simulate(&parse_spec(&without_text).unwrap(), 5).unwrap();
    for column in with_missing.columns() {
        let kept = with_missing.column(column).unwrap();
        let full = without_missing.column(column).unwrap();
        for (row, (kept, full)) in kept.iter().zip(&full).enumerate() {
            assert!(
                full.is_some(),
                "{column} row {row} is missing without a missing rule"
            );
            if kept.is_some() {
                assert_eq!(kept, full, "{column} row {row}");
            }
        }
    }
}
