//! Property tests: the one-sort algorithms agree with the textbook O(m·n) definitions.

use proptest::prelude::*;
use repro_roc::{
    Direction, IntervalMethod, Marker, ThresholdRule, delong_paired_test, delong_variance, youden,
};

/// ψ(case, control) of the Mann-Whitney statistic, doubled: 2 if the case is on the
/// positive side, 1 for a tie, 0 otherwise.
fn twice_psi(case: f64, control: f64, direction: Direction) -> u64 {
    let (x, y) = match direction {
        Direction::Higher => (case, control),
        Direction::Lower => (control, case),
    };
    if x > y {
        2
    } else if x == y {
        1
    } else {
        0
    }
}

/// Placement values V10 (per case) and V01 (per control), in row order of each class.
fn placements(scores: &[f64], labels: &[bool], direction: Direction) -> (Vec<f64>, Vec<f64>) {
    let cases: Vec<f64> = scores
        .iter()
        .zip(labels)
        .filter(|r| *r.1)
        .map(|r| *r.0)
        .collect();
    let controls: Vec<f64> = scores
        .iter()
        .zip(labels)
        .filter(|r| !*r.1)
        .map(|r| *r.0)
        .collect();
    let (m, n) = (cases.len() as f64, controls.len() as f64);
    let v10 = cases
        .iter()
        .map(|&x| {
            controls
                .iter()
                .map(|&y| twice_psi(x, y, direction))
                .sum::<u64>() as f64
                / (2.0 * n)
        })
        .collect();
    let v01 = controls
        .iter()
        .map(|&y| {
            cases
                .iter()
                .map(|&x| twice_psi(x, y, direction))
                .sum::<u64>() as f64
                / (2.0 * m)
        })
        .collect();
    (v10, v01)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn covariance(a: &[f64], b: &[f64]) -> f64 {
    let (mean_a, mean_b) = (mean(a), mean(b));
    let products: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - mean_a) * (y - mean_b))
        .sum();
    products / (a.len() as f64 - 1.0)
}

/// Scores with many ties (small integers, halved) and labels with at least two per class.
fn sample() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<bool>)> {
    (4usize..40).prop_flat_map(|n| {
        (
            prop::collection::vec(0u8..8, n),
            prop::collection::vec(0u8..12, n),
            prop::collection::vec(any::<bool>(), n),
        )
            .prop_filter("two rows per class", |(_, _, labels)| {
                let cases = labels.iter().filter(|&&l| l).count();
                cases >= 2 && labels.len() - cases >= 2
            })
            .prop_map(|(a, b, labels)| {
                let a = a.into_iter().map(|v| v as f64 / 2.0).collect();
                let b = b.into_iter().map(|v| v as f64 - 3.0).collect();
                (a, b, labels)
            })
    })
}

fn directions() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Higher), Just(Direction::Lower)]
}

proptest! {
    #[test]
    fn auc_and_variance_match_definition((a, _, labels) in sample(), direction in directions()) {
        let marker = Marker::new(&a, &labels).unwrap();
        let (v10, v01) = placements(&a, &labels, direction);
        prop_assert!((marker.auc(direction) - mean(&v10)).abs() < 1e-14);

        let m = v10.len() as f64;
        let n = v01.len() as f64;
        let expected = covariance(&v10, &v10) / m + covariance(&v01, &v01) / n;
        let actual = delong_variance(&marker, direction).unwrap();
        prop_assert!((actual - expected).abs() <= 1e-12 * expected.max(1e-300), "{} vs {}", actual, expected);
    }

    #[test]
    fn paired_variance_matches_definition(
        (a, b, labels) in sample(),
        direction_a in directions(),
        direction_b in directions(),
    ) {
        let marker_a = Marker::new(&a, &labels).unwrap();
        let marker_b = Marker::new(&b, &labels).unwrap();
        let (x_a, y_a) = placements(&a, &labels, direction_a);
        let (x_b, y_b) = placements(&b, &labels, direction_b);
        let (m, n) = (x_a.len() as f64, y_a.len() as f64);
        let variance = (covariance(&x_a, &x_a) + covariance(&x_b, &x_b) - 2.0 * covariance(&x_a, &x_b)) / m
            + (covariance(&y_a, &y_a) + covariance(&y_b, &y_b) - 2.0 * covariance(&y_a, &y_b)) / n;
        let test = delong_paired_test((&marker_a, direction_a), (&marker_b, direction_b), 0.95).unwrap();
        let se = test.se.unwrap();
        prop_assert!((se * se - variance).abs() <= 1e-12 * variance.abs().max(1e-15), "{} vs {}", se * se, variance);
    }

    #[test]
    fn curve_points_match_counting((a, _, labels) in sample(), direction in directions()) {
        let marker = Marker::new(&a, &labels).unwrap();
        let curve = marker.curve(direction, ThresholdRule::Midpoints);
        prop_assert_eq!(curve.points.len(), marker.distinct_values().len() + 1);
        let mut previous_specificity = -1.0;
        for point in &curve.points {
            let called = |x: f64| match direction {
                Direction::Higher => x >= point.threshold,
                Direction::Lower => x <= point.threshold,
            };
            let tp = a.iter().zip(&labels).filter(|(x, l)| **l && called(**x)).count() as u64;
            let fp = a.iter().zip(&labels).filter(|(x, l)| !**l && called(**x)).count() as u64;
            prop_assert_eq!(point.true_positives, tp);
            prop_assert_eq!(point.false_positives, fp);
            prop_assert!(point.specificity() >= previous_specificity);
            previous_specificity = point.specificity();
        }
    }

    #[test]
    fn youden_optima_are_exact_maxima((a, _, labels) in sample(), direction in directions()) {
        let marker = Marker::new(&a, &labels).unwrap();
        let curve = marker.curve(direction, ThresholdRule::Midpoints);
        let result = youden(&curve);
        let (m, n) = (marker.n_positive() as u128, marker.n_negative() as u128);
        let key = |p: &repro_roc::RocPoint| p.true_positives as u128 * n + p.true_negatives as u128 * m;
        let best = curve.points.iter().map(key).max().unwrap();
        let expected: Vec<f64> = curve.points.iter().filter(|p| key(p) == best).map(|p| p.threshold).collect();
        let actual: Vec<f64> = result.optima.iter().map(|p| p.threshold).collect();
        prop_assert_eq!(actual, expected);
        prop_assert!(!result.optima_proc.is_empty());
    }

    #[test]
    fn bootstrap_interval_brackets_auc((a, _, labels) in sample()) {
        let marker = Marker::new(&a, &labels).unwrap();
        let method = IntervalMethod::Bootstrap { replicates: 200, seed: 5 };
        let estimate = marker.auc_estimate(Direction::Higher, method, 0.95).unwrap();
        let ci = estimate.ci.unwrap();
        prop_assert!(ci.lower <= ci.upper);
        prop_assert!((0.0..=1.0).contains(&ci.lower) && (0.0..=1.0).contains(&ci.upper));
    }
}
