//! Invalid specifications are rejected with an error that names the key or value.

use repro_sim::{Position, SimError, parse_spec, simulate};

const SHIPPED_SPEC: &str = include_str!("../../../data/tace-ctp/synth.toml");

/// Returns the shipped spec with `from` (which must occur exactly once) replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        SHIPPED_SPEC.matches(from).count(),
        1,
        "{from:?} must occur once in the spec"
    );
    SHIPPED_SPEC.replacen(from, to, 1)
}

/// The 1-based line of the shipped spec's top-level `seed = ` line.
fn seed_line() -> usize {
    SHIPPED_SPEC
        .lines()
        .position(|line| line.starts_with("seed = "))
        .expect("the spec has a seed line")
        + 1
}

fn parse_error(text: &str) -> SimError {
    match parse_spec(text) {
        Ok(_) => panic!("the spec was accepted but should be rejected"),
        Err(error) => error,
    }
}

#[test]
fn shipped_spec_is_valid() {
    let spec = parse_spec(SHIPPED_SPEC).unwrap();
    assert_eq!(spec.n_patients(), 95);
    assert_eq!(spec.columns().len(), 19);
}

#[test]
fn unknown_top_level_key_names_nearest() {
    let error = parse_error(&edited("\nseed = ", "\nsed = "));
    let SimError::UnknownKey {
        key,
        table,
        position,
        suggestion,
        expected,
    } = &error
    else {
        panic!("expected UnknownKey, got {error:?}");
    };
    assert_eq!(key, "sed");
    assert_eq!(table, &None);
    assert_eq!(position.map(|position| position.line), Some(seed_line()));
    assert_eq!(suggestion.as_deref(), Some("seed"));
    assert!(expected.contains(&"seed".to_string()));
    let message = error.to_string();
    assert!(message.starts_with(&format!(
        "unknown key `sed` of the synthetic-cohort spec at line {}",
        seed_line()
    )));
    assert!(message.contains("did you mean `seed`?"), "{message}");
}

#[test]
fn unknown_parameter_key_names_table() {
    let error = parse_error(&edited("min = 0.5\ndecimals = 1", "min = 0.5\ndecimal = 1"));
    let SimError::UnknownKey {
        key,
        table,
        suggestion,
        ..
    } = &error
    else {
        panic!("expected UnknownKey, got {error:?}");
    };
    assert_eq!(key, "decimal");
    assert_eq!(table.as_deref(), Some("parameter[BV]"));
    assert_eq!(suggestion.as_deref(), Some("decimals"));
}

#[test]
fn unknown_group_in_post_names_labels() {
    let error = parse_error(&edited(
        "{ mean = 10.5, sd = 4.5 }, residual =",
        "{ mean = 10.5, sd = 4.5 }, residul =",
    ));
    let SimError::UnknownKey {
        key,
        table,
        suggestion,
        expected,
        ..
    } = &error
    else {
        panic!("expected UnknownKey, got {error:?}");
    };
    assert_eq!(key, "residul");
    assert_eq!(table.as_deref(), Some("parameter[BV].post"));
    assert_eq!(suggestion.as_deref(), Some("residual"));
    assert_eq!(
        expected,
        &["complete_remission".to_string(), "residual".to_string()]
    );
}

#[test]
fn missing_group_in_post_is_rejected() {
    let error = parse_error(&edited(
        "post = { complete_remission = { mean = 25, sd = 6 }, residual = { mean = 20, sd = 5.5 } }",
        "post = { complete_remission = { mean = 25, sd = 6 } }",
    ));
    let SimError::InvalidValue { key, reason, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "parameter[TTP].post");
    assert!(reason.contains("residual"), "{reason}");
}

#[test]
fn invalid_toml_reports_position() {
    let error = parse_error(&edited("\nseed = ", "\nseed = = "));
    let SimError::Toml { position, .. } = &error else {
        panic!("expected Toml, got {error:?}");
    };
    assert_eq!(position.map(|position| position.line), Some(seed_line()));
}

#[test]
fn wrong_value_type_is_rejected() {
    let error = parse_error(&edited("\nn = 30", "\nn = \"thirty\""));
    assert!(matches!(error, SimError::Toml { .. }), "got {error:?}");
}

#[test]
fn other_schema_version_is_rejected() {
    let error = parse_error(&edited("schema_version = 1", "schema_version = 2"));
    assert_eq!(
        error,
        SimError::UnsupportedSchemaVersion {
            found: 2,
            supported: 1
        }
    );
}

const NOT_POSITIVE_DEFINITE: &str = "matrix = [
  [ 1.00,  0.90,  0.90,  0.00,  0.00,  0.00],
  [ 0.90,  1.00, -0.90,  0.00,  0.00,  0.00],
  [ 0.90, -0.90,  1.00,  0.00,  0.00,  0.00],
  [ 0.00,  0.00,  0.00,  1.00,  0.00,  0.00],
  [ 0.00,  0.00,  0.00,  0.00,  1.00,  0.00],
  [ 0.00,  0.00,  0.00,  0.00,  0.00,  1.00],
]";

fn with_matrix(matrix: &str) -> String {
    let start = SHIPPED_SPEC.find("matrix = [").expect("spec has a matrix");
    format!("{}{matrix}\n", &SHIPPED_SPEC[..start])
}

#[test]
fn non_positive_definite_matrix_is_rejected() {
    let error = parse_error(&with_matrix(NOT_POSITIVE_DEFINITE));
    let SimError::NotPositiveDefinite { matrix } = &error else {
        panic!("expected NotPositiveDefinite, got {error:?}");
    };
    assert!(matrix.contains("correlation.matrix"), "{matrix}");
    assert!(error.to_string().contains("not positive definite"));
}

#[test]
fn asymmetric_matrix_is_rejected() {
    let asymmetric = NOT_POSITIVE_DEFINITE.replacen("[ 0.90, -0.90,", "[ 0.80, -0.90,", 1);
    let error = parse_error(&with_matrix(&asymmetric));
    let SimError::NotSymmetric {
        row,
        column,
        value,
        mirror,
        ..
    } = error
    else {
        panic!("expected NotSymmetric, got {error:?}");
    };
    assert_eq!((row, column, value, mirror), (0, 2, 0.9, 0.8));
}

#[test]
fn diagonal_other_than_one_is_rejected() {
    let diagonal = NOT_POSITIVE_DEFINITE.replacen("[ 1.00,  0.90,", "[ 0.50,  0.90,", 1);
    let error = parse_error(&with_matrix(&diagonal));
    assert!(
        matches!(error, SimError::DiagonalNotOne { index: 0, .. }),
        "got {error:?}"
    );
}

#[test]
fn matrix_of_wrong_size_is_rejected() {
    let error = parse_error(&with_matrix("matrix = [[1.0, 0.0], [0.0, 1.0]]"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "correlation.matrix");
}

#[test]
fn correlation_order_must_list_parameters() {
    let error = parse_error(&edited(
        "order = [\"BV\", \"BV_emb\", \"HAP\", \"PVP\", \"HPI\", \"TTP\"]",
        "order = [\"BV\", \"BV\", \"HAP\", \"PVP\", \"HPI\", \"TTP\"]",
    ));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "correlation.order");
}

#[test]
fn permuted_order_reorders_matrix() {
    // Listing PVP before HAP, with rows and columns 2 and 3 of the matrix swapped to
    // match, describes the same correlation, so the generated table is the same.
    let permuted = edited(
        "order = [\"BV\", \"BV_emb\", \"HAP\", \"PVP\", \"HPI\", \"TTP\"]",
        "order = [\"BV\", \"BV_emb\", \"PVP\", \"HAP\", \"HPI\", \"TTP\"]",
    );
    let swapped = with_matrix_in(
        &permuted,
        "matrix = [
  [ 1.00,  0.75,  0.10,  0.40,  0.20, -0.30],
  [ 0.75,  1.00,  0.10,  0.40,  0.20, -0.30],
  [ 0.10,  0.10,  1.00,  0.05, -0.60,  0.20],
  [ 0.40,  0.40,  0.05,  1.00,  0.50, -0.30],
  [ 0.20,  0.20, -0.60,  0.50,  1.00, -0.30],
  [-0.30, -0.30,  0.20, -0.30, -0.30,  1.00],
]",
    );
    let original = simulate(&parse_spec(SHIPPED_SPEC).unwrap(), 3).unwrap();
    let reordered = simulate(&parse_spec(&swapped).unwrap(), 3).unwrap();
    assert_eq!(original, reordered);

    // The permuted order with the matrix left as it was is a different correlation.
    let mismatched = simulate(&parse_spec(&permuted).unwrap(), 3).unwrap();
    assert_ne!(original, mismatched);
}

fn with_matrix_in(text: &str, matrix: &str) -> String {
    let start = text.find("matrix = [").expect("spec has a matrix");
    format!("{}{matrix}\n", &text[..start])
}

#[test]
fn pre_post_correlation_of_one_is_rejected() {
    let error = parse_error(&edited(
        "pre_post_correlation = 0.65",
        "pre_post_correlation = 1.0",
    ));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "group[residual].pre_post_correlation");
}

#[test]
fn empty_group_is_rejected() {
    let error = parse_error(&edited("\nn = 30", "\nn = 0"));
    assert_eq!(
        error,
        SimError::EmptyGroup {
            group: "complete_remission".to_string()
        }
    );
}

#[test]
fn non_positive_sd_is_rejected() {
    let error = parse_error(&edited(
        "pre = { mean = 50, sd = 14 }",
        "pre = { mean = 50, sd = 0 }",
    ));
    assert_eq!(
        error,
        SimError::NonPositiveSd {
            key: "parameter[HAP].pre.sd".to_string(),
            value: 0.0
        }
    );
}

#[test]
fn unordered_bounds_are_rejected() {
    let error = parse_error(&edited("min = 8\nmax = 60", "min = 60\nmax = 8"));
    assert_eq!(
        error,
        SimError::BoundsNotOrdered {
            variable: "parameter[TTP]".to_string(),
            min: 60.0,
            max: 8.0
        }
    );
}

#[test]
fn probabilities_must_sum_to_one() {
    let error = parse_error(&edited(
        "probabilities = [0.8, 0.2]",
        "probabilities = [0.8, 0.3]",
    ));
    let SimError::InvalidValue { key, reason, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "baseline[sex].probabilities");
    assert!(reason.contains("sum to 1.1"), "{reason}");
}

#[test]
fn one_probability_per_level() {
    let error = parse_error(&edited(
        "probabilities = [0.75, 0.25]",
        "probabilities = [1.0]",
    ));
    assert!(
        matches!(error, SimError::InvalidValue { .. }),
        "got {error:?}"
    );
}

#[test]
fn normal_column_rejects_levels() {
    let error = parse_error(&edited("mean = 58\n", "mean = 58\nlevels = [\"a\"]\n"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "baseline[age].levels");
}

#[test]
fn normal_column_needs_sd() {
    let error = parse_error(&edited("sd = 10\n", ""));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "baseline[age].sd");
}

#[test]
fn duplicate_column_is_rejected() {
    let error = parse_error(&edited(
        "post_column = \"BV_post\"",
        "post_column = \"BV_pre\"",
    ));
    let SimError::InvalidValue { key, value, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "column names");
    assert_eq!(value, "\"BV_pre\"");
}

#[test]
fn comma_in_label_is_rejected() {
    let error = parse_error(&edited(
        "levels = [\"A\", \"B\"]",
        "levels = [\"A\", \"B,C\"]",
    ));
    assert!(
        matches!(error, SimError::InvalidValue { .. }),
        "got {error:?}"
    );
}

#[test]
fn too_few_id_digits_are_rejected() {
    let error = parse_error(&edited("id_digits = 3", "id_digits = 1"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "id_digits");
}

#[test]
fn too_many_missing_cells_are_rejected() {
    let error = parse_error(&edited("missing = 3", "missing = 96"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "baseline[tumour_diameter_cm].missing");
}

#[test]
fn absolute_output_is_rejected() {
    let error = parse_error(&edited(
        "output = \"cohort.csv\"",
        "output = \"/tmp/cohort.csv\"",
    ));
    assert!(
        matches!(error, SimError::InvalidValue { .. }),
        "got {error:?}"
    );
}

#[test]
fn unreachable_bounds_fail_in_simulate() {
    let text = edited("min = 30\nmax = 85", "min = 200\nmax = 201");
    let spec = parse_spec(&text).unwrap();
    let error = simulate(&spec, 1).unwrap_err();
    let SimError::BoundsUnreachable {
        variable,
        min,
        max,
        attempts,
    } = &error
    else {
        panic!("expected BoundsUnreachable, got {error:?}");
    };
    assert_eq!(variable, "age");
    assert_eq!((*min, *max), (200.0, 201.0));
    assert_eq!(*attempts, repro_sim::MAX_ATTEMPTS);
}

#[test]
fn parameter_values_clamp_to_bounds() {
    // TTP around 20-25 s with bounds 24-25: most values are clamped to a bound.
    let text = edited("min = 8\nmax = 60", "min = 24\nmax = 25");
    let table = simulate(&parse_spec(&text).unwrap(), 1).unwrap();
    for column in ["TTP_pre", "TTP_post"] {
        let cells: Vec<f64> = table
            .column(column)
            .unwrap()
            .into_iter()
            .map(|cell| cell.unwrap().parse().unwrap())
            .collect();
        assert!(
            cells.iter().all(|value| (24.0..=25.0).contains(value)),
            "{column}"
        );
        let at_min = cells.iter().filter(|&&value| value == 24.0).count();
        let at_max = cells.iter().filter(|&&value| value == 25.0).count();
        assert!(at_min > 20, "{column}: {at_min} values at the lower bound");
        assert!(at_max > 5, "{column}: {at_max} values at the upper bound");
    }
}

#[test]
fn clamping_leaves_other_columns_unchanged() {
    let original = simulate(&parse_spec(SHIPPED_SPEC).unwrap(), 1).unwrap();
    let text = edited("min = 8\nmax = 60", "min = 24\nmax = 25");
    let clamped = simulate(&parse_spec(&text).unwrap(), 1).unwrap();
    for column in original.columns() {
        if !column.starts_with("TTP_") {
            assert_eq!(original.column(column), clamped.column(column), "{column}");
        }
    }
}

#[test]
fn bound_off_decimal_grid_is_rejected() {
    let error = parse_error(&edited("min = 0.5\n", "min = 0.55\n"));
    let SimError::InvalidValue { key, value, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "parameter[BV].min");
    assert_eq!(value, "0.55");

    let error = parse_error(&edited("min = 30\n", "min = 30.5\n"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "baseline[age].min");
}

#[test]
fn position_counts_from_one() {
    let error = parse_error("seed = 1\n  sed = 2\n");
    let SimError::UnknownKey { position, .. } = error else {
        panic!("expected UnknownKey, got {error:?}");
    };
    assert_eq!(position, Some(Position { line: 2, column: 3 }));
}

#[test]
fn oversized_cohort_is_rejected() {
    let error = parse_error(&edited("\nn = 65\n", "\nn = 9223372036854775807\n"));
    let SimError::InvalidValue { key, .. } = &error else {
        panic!("expected InvalidValue, got {error:?}");
    };
    assert_eq!(key, "group[residual].n");
}
