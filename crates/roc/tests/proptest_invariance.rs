//! Property tests: invariances of the AUC, DeLong's variance and the paired DeLong test.
//!
//! The AUC is a function of the ranks of the scores alone (Mann & Whitney 1947;
//! Hanley & McNeil 1982), so it cannot change under a strictly increasing transform of
//! the marker or a reordering of the rows. Reversing the direction exchanges concordant
//! and discordant pairs. DeLong's variance (DeLong, DeLong & Clarke-Pearson 1988) is a sum
//! of sample variances of placement values, so it is non-negative and the same in both
//! directions. These checks need no reference values from R.

use proptest::prelude::*;
use repro_roc::{
    Direction, DirectionRule, IntervalMethod, Marker, delong_paired_test, delong_variance,
};

/// Small integers halved: many ties between and within classes, every value exact.
fn tied_scores(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0u8..16).prop_map(|v| f64::from(v) / 2.0 - 3.0), n)
}

/// Any finite double, so that huge, tiny, subnormal and signed-zero values appear.
fn finite_scores(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            prop::num::f64::POSITIVE
                | prop::num::f64::NEGATIVE
                | prop::num::f64::NORMAL
                | prop::num::f64::SUBNORMAL
                | prop::num::f64::ZERO,
            (-3i8..3).prop_map(f64::from),
        ],
        n,
    )
}

/// Outcome labels with at least `per_class` cases and `per_class` controls.
fn labels(n: usize, per_class: usize) -> impl Strategy<Value = Vec<bool>> {
    prop::collection::vec(any::<bool>(), n).prop_filter("too few rows in a class", move |labels| {
        let cases = labels.iter().filter(|&&l| l).count();
        cases >= per_class && labels.len() - cases >= per_class
    })
}

/// Tie-heavy scores with labels that have at least two rows per class.
fn tied_sample() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
    (4usize..60).prop_flat_map(|n| (tied_scores(n), labels(n, 2)))
}

/// Arbitrary finite scores with labels that have at least one row per class.
fn finite_sample() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
    (2usize..60).prop_flat_map(|n| (finite_scores(n), labels(n, 1)))
}

fn directions() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Higher), Just(Direction::Lower)]
}

/// Strictly increasing maps that stay strictly increasing in double precision on the
/// scores of `tied_scores`, whose distinct values are at least 0.5 apart in [-3, 4.5].
#[derive(Clone, Copy, Debug)]
enum Transform {
    Affine { slope: f64, intercept: f64 },
    Cube,
    Exp,
    Logistic,
    Atan,
}

impl Transform {
    fn apply(self, x: f64) -> f64 {
        match self {
            Transform::Affine { slope, intercept } => slope * x + intercept,
            Transform::Cube => x * x * x,
            Transform::Exp => x.exp(),
            Transform::Logistic => 1.0 / (1.0 + (-x).exp()),
            Transform::Atan => x.atan(),
        }
    }
}

fn transforms() -> impl Strategy<Value = Transform> {
    prop_oneof![
        (1e-3f64..1e3, -1e3f64..1e3)
            .prop_map(|(slope, intercept)| Transform::Affine { slope, intercept }),
        Just(Transform::Cube),
        Just(Transform::Exp),
        Just(Transform::Logistic),
        Just(Transform::Atan),
    ]
}

/// Applies the permutation that sorts `keys` to the rows of `scores` and `labels`.
fn permute(scores: &[f64], labels: &[bool], keys: &[u32]) -> (Vec<f64>, Vec<bool>) {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&i| (keys[i], i));
    let scores = order.iter().map(|&i| scores[i]).collect();
    let labels = order.iter().map(|&i| labels[i]).collect();
    (scores, labels)
}

/// `2·m·n·auc`, which must be the integer count `2·#(concordant) + #(tied)` of pairs.
fn twice_concordant(marker: &Marker, direction: Direction) -> f64 {
    let pairs = 2.0 * marker.n_positive() as f64 * marker.n_negative() as f64;
    marker.auc(direction) * pairs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn auc_invariant_under_increasing_transform(
        (scores, labels) in tied_sample(),
        transform in transforms(),
        direction in directions(),
    ) {
        let transformed: Vec<f64> = scores.iter().map(|&x| transform.apply(x)).collect();
        let original = Marker::new(&scores, &labels).unwrap();
        let mapped = Marker::new(&transformed, &labels).unwrap();
        prop_assert_eq!(
            original.distinct_values().len(),
            mapped.distinct_values().len(),
            "{:?} merged distinct scores, so the test data are invalid", transform
        );
        prop_assert_eq!(original.auc(direction), mapped.auc(direction));
        prop_assert_eq!(
            delong_variance(&original, direction).unwrap(),
            delong_variance(&mapped, direction).unwrap()
        );
    }

    #[test]
    fn auc_negated_scores_swap_direction((scores, labels) in finite_sample()) {
        let negated: Vec<f64> = scores.iter().map(|&x| -x).collect();
        let original = Marker::new(&scores, &labels).unwrap();
        let mirrored = Marker::new(&negated, &labels).unwrap();
        prop_assert_eq!(original.auc(Direction::Higher), mirrored.auc(Direction::Lower));
        prop_assert_eq!(original.auc(Direction::Lower), mirrored.auc(Direction::Higher));
    }

    #[test]
    fn auto_direction_flips_with_negation((scores, labels) in tied_sample()) {
        // pROC's rule picks Higher iff median(controls) <= median(cases). Negating the
        // scores negates both medians, so the choice flips unless the medians are equal.
        let negated: Vec<f64> = scores.iter().map(|&x| -x).collect();
        let original = Marker::new(&scores, &labels).unwrap().resolve_direction(DirectionRule::Auto);
        let mirrored = Marker::new(&negated, &labels).unwrap().resolve_direction(DirectionRule::Auto);
        if original == Direction::Higher && mirrored == Direction::Higher {
            let median = |class: bool| {
                let mut values: Vec<f64> =
                    scores.iter().zip(&labels).filter(|r| *r.1 == class).map(|r| *r.0).collect();
                values.sort_by(f64::total_cmp);
                let k = values.len();
                (values[(k - 1) / 2] + values[k / 2]) / 2.0
            };
            prop_assert_eq!(median(false), median(true), "both directions Higher with unequal medians");
        } else {
            prop_assert_ne!(original, mirrored);
        }
    }

    #[test]
    fn auc_invariant_under_row_order(
        (scores, labels, keys) in (2usize..60).prop_flat_map(|n| {
            (finite_scores(n), labels(n, 1), prop::collection::vec(any::<u32>(), n))
        }),
        direction in directions(),
    ) {
        let (shuffled_scores, shuffled_labels) = permute(&scores, &labels, &keys);
        let original = Marker::new(&scores, &labels).unwrap();
        let shuffled = Marker::new(&shuffled_scores, &shuffled_labels).unwrap();
        prop_assert_eq!(original.auc(direction), shuffled.auc(direction));
        prop_assert_eq!(
            delong_variance(&original, direction).ok(),
            delong_variance(&shuffled, direction).ok()
        );
    }

    #[test]
    fn auc_directions_sum_to_one((scores, labels) in finite_sample()) {
        let marker = Marker::new(&scores, &labels).unwrap();
        let higher = marker.auc(Direction::Higher);
        let lower = marker.auc(Direction::Lower);
        prop_assert_eq!(higher + lower, 1.0, "higher {} lower {}", higher, lower);

        // The exact statement: the pair counts behind the two AUCs add up to 2·m·n.
        let pairs = 2.0 * marker.n_positive() as f64 * marker.n_negative() as f64;
        let counts = twice_concordant(&marker, Direction::Higher).round()
            + twice_concordant(&marker, Direction::Lower).round();
        prop_assert_eq!(counts, pairs);
    }

    #[test]
    fn auc_lies_in_unit_interval((scores, labels) in finite_sample(), direction in directions()) {
        let marker = Marker::new(&scores, &labels).unwrap();
        let auc = marker.auc(direction);
        prop_assert!((0.0..=1.0).contains(&auc), "AUC {}", auc);
        // Only the final division rounds, so 2·m·n·AUC is a whole count to within rounding.
        let count = twice_concordant(&marker, direction);
        prop_assert!((count - count.round()).abs() <= 1e-12 * count.max(1.0), "2·m·n·AUC = {}", count);
    }

    #[test]
    fn delong_variance_non_negative((scores, labels) in tied_sample(), direction in directions()) {
        let marker = Marker::new(&scores, &labels).unwrap();
        let variance = delong_variance(&marker, direction).unwrap();
        prop_assert!(variance.is_finite());
        prop_assert!(variance >= 0.0, "variance {}", variance);
        // Placement values in [0, 1] have a sample variance of at most k / (4(k − 1)) ≤ 1/2
        // for k ≥ 2 rows, so each of the two terms is at most 1/(2m) or 1/(2n).
        let bound = 0.5 / marker.n_positive() as f64 + 0.5 / marker.n_negative() as f64;
        prop_assert!(variance <= bound, "variance {} above {}", variance, bound);
    }

    #[test]
    fn delong_variance_same_both_directions((scores, labels) in finite_sample()) {
        // V10 under Lower is 1 − V10 under Higher, and likewise for V01, so the variances agree.
        let marker = Marker::new(&scores, &labels).unwrap();
        prop_assert_eq!(
            delong_variance(&marker, Direction::Higher).ok(),
            delong_variance(&marker, Direction::Lower).ok()
        );
    }

    #[test]
    fn delong_interval_contains_auc((scores, labels) in tied_sample(), direction in directions()) {
        let marker = Marker::new(&scores, &labels).unwrap();
        let estimate = marker.auc_estimate(direction, IntervalMethod::DeLong, 0.95).unwrap();
        let ci = estimate.ci.unwrap();
        prop_assert!(0.0 <= ci.lower && ci.lower <= estimate.auc, "{:?}", estimate);
        prop_assert!(estimate.auc <= ci.upper && ci.upper <= 1.0, "{:?}", estimate);
        prop_assert_eq!(estimate.zero_se, estimate.se == Some(0.0));
    }

    #[test]
    fn paired_test_marker_with_itself((scores, labels) in tied_sample(), direction in directions()) {
        let marker = Marker::new(&scores, &labels).unwrap();
        let test = delong_paired_test((&marker, direction), (&marker, direction), 0.95).unwrap();
        prop_assert_eq!(test.difference, 0.0);
        prop_assert_eq!(test.se, Some(0.0));
        prop_assert_eq!(test.z, Some(0.0));
        prop_assert_eq!(test.p, Some(1.0));
        prop_assert!(test.degenerate);
        prop_assert!(!test.directions_differ);
    }

    #[test]
    fn paired_test_swap_negates_z(
        (a, b, labels) in (4usize..60).prop_flat_map(|n| (tied_scores(n), tied_scores(n), labels(n, 2))),
        direction_a in directions(),
        direction_b in directions(),
    ) {
        let marker_a = Marker::new(&a, &labels).unwrap();
        let marker_b = Marker::new(&b, &labels).unwrap();
        let forward = delong_paired_test((&marker_a, direction_a), (&marker_b, direction_b), 0.95).unwrap();
        let backward = delong_paired_test((&marker_b, direction_b), (&marker_a, direction_a), 0.95).unwrap();
        prop_assert_eq!(forward.difference, -backward.difference);
        prop_assert_eq!(forward.se, backward.se);
        prop_assert_eq!(forward.z.unwrap(), -backward.z.unwrap());
        prop_assert_eq!(forward.p, backward.p);
        let (ci_forward, ci_backward) = (forward.ci.unwrap(), backward.ci.unwrap());
        prop_assert_eq!(ci_forward.lower, -ci_backward.upper);
        prop_assert_eq!(ci_forward.upper, -ci_backward.lower);
        let p = forward.p.unwrap();
        prop_assert!((0.0..=1.0).contains(&p), "p {}", p);
    }

    #[test]
    fn paired_test_flipped_direction_mirrors(
        (a, b, labels) in (4usize..60).prop_flat_map(|n| (tied_scores(n), tied_scores(n), labels(n, 2))),
    ) {
        // Reversing both directions maps each AUC to 1 − AUC: the difference changes
        // sign and the variance of the difference stays the same.
        let marker_a = Marker::new(&a, &labels).unwrap();
        let marker_b = Marker::new(&b, &labels).unwrap();
        let higher = delong_paired_test((&marker_a, Direction::Higher), (&marker_b, Direction::Higher), 0.95).unwrap();
        let lower = delong_paired_test((&marker_a, Direction::Lower), (&marker_b, Direction::Lower), 0.95).unwrap();
        prop_assert_eq!(higher.difference, -lower.difference);
        prop_assert_eq!(higher.se, lower.se);
        prop_assert_eq!(higher.p, lower.p);
    }
}
