//! Edge cases of the ROC engine, one test each, through the public API only.

use repro_roc::{
    Class, Direction, DirectionRule, IntervalMethod, Marker, RocError, ThresholdRule, Unavailable,
    auc, delong_paired_test, youden,
};

const LABELS: [bool; 8] = [false, false, false, false, true, true, true, true];
const SCORES: [f64; 8] = [1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0];

#[test]
fn missing_class_names_the_class() {
    let no_cases = Marker::new(&[1.0, 2.0, 3.0], &[false, false, false]).unwrap_err();
    assert_eq!(
        no_cases,
        RocError::MissingClass {
            missing: Class::Positive
        }
    );
    assert!(
        no_cases
            .to_string()
            .contains("no positive (case) observations")
    );

    let no_controls = Marker::new(&[1.0, 2.0], &[true, true]).unwrap_err();
    assert_eq!(
        no_controls,
        RocError::MissingClass {
            missing: Class::Negative
        }
    );
    assert!(
        no_controls
            .to_string()
            .contains("no negative (control) observations")
    );
}

#[test]
fn empty_input_is_missing_class() {
    let err = Marker::new(&[], &[]).unwrap_err();
    assert_eq!(
        err,
        RocError::MissingClass {
            missing: Class::Positive
        }
    );
}

#[test]
fn non_finite_value_names_row() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = Marker::new(&[1.0, 2.0, bad, 4.0], &[true, false, true, false]).unwrap_err();
        assert!(
            matches!(err, RocError::NonFinite { index: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("row index 2"), "{err}");
    }
}

#[test]
fn length_mismatch_is_rejected() {
    let err = Marker::new(&[1.0, 2.0], &[true]).unwrap_err();
    assert_eq!(
        err,
        RocError::LengthMismatch {
            scores: 2,
            labels: 1
        }
    );
}

#[test]
fn one_control_has_auc_but_no_se() {
    let marker = Marker::new(&[1.0, 2.0, 3.0], &[false, true, true]).unwrap();
    let estimate = marker
        .auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95)
        .unwrap();
    assert_eq!(estimate.auc, 1.0);
    assert_eq!(estimate.se, None);
    assert_eq!(estimate.ci, None);
    assert_eq!(
        estimate.unavailable,
        Some(Unavailable::SingleObservation(Class::Negative))
    );
}

#[test]
fn perfect_separation_is_exactly_one() {
    let marker = Marker::new(
        &[0.1, 0.2, 0.3, 0.7, 0.8],
        &[false, false, false, true, true],
    )
    .unwrap();
    let estimate = marker
        .auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95)
        .unwrap();
    assert_eq!(estimate.auc, 1.0);
    assert_eq!(estimate.se, Some(0.0));
    let ci = estimate.ci.unwrap();
    assert_eq!((ci.lower, ci.upper), (1.0, 1.0));
    assert!(estimate.zero_se);
}

#[test]
fn constant_marker_is_one_half() {
    let marker = Marker::new(&[4.2; 6], &[true, false, true, false, false, true]).unwrap();
    assert_eq!(marker.auc(Direction::Higher), 0.5);
    assert_eq!(marker.auc(Direction::Lower), 0.5);
    assert_eq!(
        marker.resolve_direction(DirectionRule::Auto),
        Direction::Higher
    );
}

#[test]
fn declared_direction_is_never_flipped() {
    let cases_lower = [5.0, 6.0, 7.0, 1.0, 2.0, 3.0];
    let labels = [false, false, false, true, true, true];
    assert_eq!(auc(&cases_lower, &labels, Direction::Higher).unwrap(), 0.0);
    assert_eq!(auc(&cases_lower, &labels, Direction::Lower).unwrap(), 1.0);
}

#[test]
fn auto_with_equal_medians_is_higher() {
    // Medians 5 and 5: pROC chooses "<" (higher) although that AUC is below 0.5.
    let marker = Marker::new(
        &[1.0, 5.0, 9.0, 4.0, 5.0, 6.0],
        &[false, false, false, true, true, true],
    )
    .unwrap();
    let choice = marker.choose_direction(DirectionRule::Auto);
    assert_eq!(choice.direction, Direction::Higher);
    assert!(choice.from_data);
    assert!(marker.auc(Direction::Higher) <= 0.5);
}

#[test]
fn auc_ignores_row_order() {
    let forward = auc(&SCORES, &LABELS, Direction::Higher).unwrap();
    let mut rows: Vec<(f64, bool)> = SCORES.iter().copied().zip(LABELS).collect();
    rows.reverse();
    rows.rotate_left(3);
    let (scores, labels): (Vec<f64>, Vec<bool>) = rows.into_iter().unzip();
    assert_eq!(auc(&scores, &labels, Direction::Higher).unwrap(), forward);
}

#[test]
fn tied_scores_count_one_half() {
    // Every case ties every control: each pair counts ½.
    let scores = [2.0, 2.0, 2.0, 2.0, 2.0];
    let labels = [true, false, true, false, false];
    assert_eq!(auc(&scores, &labels, Direction::Higher).unwrap(), 0.5);
    // One case above, one tied with the single control.
    assert_eq!(
        auc(&[1.0, 1.0, 3.0], &[false, true, true], Direction::Higher).unwrap(),
        0.75
    );
}

#[test]
fn negative_zero_ties_positive_zero() {
    let value = auc(&[-0.0, 0.0], &[false, true], Direction::Higher).unwrap();
    assert_eq!(value, 0.5);
}

#[test]
fn small_example_auc_and_two_optima() {
    let marker = Marker::new(&SCORES, &LABELS).unwrap();
    assert_eq!(marker.auc(Direction::Higher), 0.75);
    let result = youden(&marker.curve(Direction::Higher, ThresholdRule::Midpoints));
    assert_eq!(result.index, 0.5);
    let rows: Vec<(f64, f64, f64)> = result
        .optima
        .iter()
        .map(|p| (p.threshold, p.sensitivity(), p.specificity()))
        .collect();
    assert_eq!(rows, [(2.5, 1.0, 0.5), (6.5, 0.5, 1.0)]);
    assert!(result.optima.iter().all(|p| p.comparison.as_str() == ">="));
}

#[test]
fn large_counts_do_not_overflow() {
    // 150 000 cases × 150 000 controls = 2.25e10 pairs, beyond 2^32.
    let n = 300_000;
    let labels: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
    let separated: Vec<f64> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                1.0 + i as f64
            } else {
                -(i as f64)
            }
        })
        .collect();
    assert_eq!(auc(&separated, &labels, Direction::Higher).unwrap(), 1.0);

    let constant = vec![1.0; n];
    assert_eq!(auc(&constant, &labels, Direction::Higher).unwrap(), 0.5);

    let marker = Marker::new(&separated, &labels).unwrap();
    let estimate = marker
        .auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95)
        .unwrap();
    assert_eq!(estimate.se, Some(0.0));
}

#[test]
fn paired_test_between_directions_warns() {
    let marker = Marker::new(&SCORES, &LABELS).unwrap();
    let test = delong_paired_test(
        (&marker, Direction::Higher),
        (&marker, Direction::Lower),
        0.95,
    )
    .unwrap();
    assert!(test.directions_differ);
    assert_eq!(test.difference, 0.5);
}
