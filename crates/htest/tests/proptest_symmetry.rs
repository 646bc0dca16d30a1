//! Property tests: how the paired and two-sample tests respond to swapping their inputs.
//!
//! Swapping `before` and `after` negates every difference `after - before` exactly,
//! because floating-point subtraction is antisymmetric. So the mean difference, t and the
//! interval change sign, the two-sided P value stays, and the Wilcoxon signed-rank
//! statistic V becomes `n(n+1)/2 - V` (Wilcoxon 1945). For two samples, W becomes
//! `n_x n_y - W` (Mann & Whitney 1947), and the tails exchange. These checks need no
//! reference values from R.

use proptest::prelude::*;
use repro_htest::{
    Alternative, HtestError, TTestOptions, WilcoxonOptions, paired_t_test, student_t_test,
    welch_t_test, wilcoxon_rank_sum, wilcoxon_signed_rank,
};

/// Values on a grid of `step`, so that ties and zero differences are common for a coarse
/// grid and rare for a fine one.
fn grid_values(n: usize, step: f64) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((-400i32..400).prop_map(move |k| f64::from(k) * step), n)
}

/// Grid steps from tie-heavy (1) to almost tie-free (0.001).
fn steps() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1.0), Just(0.25), Just(0.01), Just(0.001)]
}

/// Paired samples of 1 to 70 pairs, so that both the exact (n < 50) and the normal
/// Wilcoxon methods appear.
fn pairs() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..70, steps()).prop_flat_map(|(n, step)| (grid_values(n, step), grid_values(n, step)))
}

/// Two independent samples of 1 to 60 values each.
fn two_samples() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..60, 1usize..60, steps())
        .prop_flat_map(|(n_x, n_y, step)| (grid_values(n_x, step), grid_values(n_y, step)))
}

fn alternatives() -> impl Strategy<Value = Alternative> {
    prop_oneof![
        Just(Alternative::TwoSided),
        Just(Alternative::Less),
        Just(Alternative::Greater)
    ]
}

/// Returns the alternative of the other tail.
fn mirrored(alternative: Alternative) -> Alternative {
    match alternative {
        Alternative::TwoSided => Alternative::TwoSided,
        Alternative::Less => Alternative::Greater,
        Alternative::Greater => Alternative::Less,
    }
}

/// Asserts that `a` and `b` agree to `1e-12` relative, or are both NaN, or are the same
/// infinity (the open bound of a one-sided interval).
fn assert_close(a: f64, b: f64, what: &str) -> Result<(), TestCaseError> {
    if a.is_nan() || b.is_nan() {
        prop_assert!(a.is_nan() && b.is_nan(), "{}: {} vs {}", what, a, b);
        return Ok(());
    }
    if a.is_infinite() || b.is_infinite() {
        prop_assert_eq!(a, b, "{}", what);
        return Ok(());
    }
    let tolerance = 1e-12 * a.abs().max(b.abs());
    prop_assert!((a - b).abs() <= tolerance, "{}: {} vs {}", what, a, b);
    Ok(())
}

/// Checks that a P value is a probability, or NaN where R returns `NaN` or `NA`.
fn assert_probability(p: f64, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(p.is_nan() || (0.0..=1.0).contains(&p), "{}: P = {}", what, p);
    Ok(())
}

/// Checks that two errors are the same kind. Their fields may differ: a mean changes sign,
/// and a two-sample error names `x` in one order and `y` in the other.
fn assert_same_error(a: &HtestError, b: &HtestError) -> Result<(), TestCaseError> {
    prop_assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b), "{} vs {}", a, b);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn paired_t_swap_negates_t((before, after) in pairs()) {
        let forward = paired_t_test(&before, &after, TTestOptions::default());
        let backward = paired_t_test(&after, &before, TTestOptions::default());
        let (forward, backward) = match (forward, backward) {
            (Ok(forward), Ok(backward)) => (forward, backward),
            (Err(a), Err(b)) => return assert_same_error(&a, &b),
            (a, b) => {
                prop_assert!(false, "only one direction failed: {:?} vs {:?}", a, b);
                unreachable!()
            }
        };
        prop_assert_eq!(forward.n, backward.n);
        prop_assert_eq!(forward.df, backward.df);
        assert_close(forward.mean_difference, -backward.mean_difference, "mean difference")?;
        prop_assert_eq!(forward.sd_difference, backward.sd_difference);
        assert_close(forward.t, -backward.t, "t")?;
        assert_close(forward.p_value, backward.p_value, "two-sided P")?;
        assert_close(forward.ci.lower, -backward.ci.upper, "CI lower")?;
        assert_close(forward.ci.upper, -backward.ci.lower, "CI upper")?;
        assert_probability(forward.p_value, "paired t")?;
    }

    #[test]
    fn paired_t_swap_exchanges_tails((before, after) in pairs(), alternative in alternatives()) {
        let options = TTestOptions { alternative, ..TTestOptions::default() };
        let swapped = TTestOptions { alternative: mirrored(alternative), ..TTestOptions::default() };
        if let (Ok(forward), Ok(backward)) =
            (paired_t_test(&before, &after, options), paired_t_test(&after, &before, swapped))
        {
            assert_close(forward.p_value, backward.p_value, "P")?;
            assert_probability(forward.p_value, "paired t")?;
        }
    }

    #[test]
    fn signed_rank_swap_mirrors_v((before, after) in pairs(), alternative in alternatives()) {
        let options = WilcoxonOptions { alternative, ..WilcoxonOptions::default() };
        let swapped = WilcoxonOptions { alternative: mirrored(alternative), ..WilcoxonOptions::default() };
        let forward = wilcoxon_signed_rank(&before, &after, options).unwrap();
        let backward = wilcoxon_signed_rank(&after, &before, swapped).unwrap();
        let n = forward.n as f64;
        prop_assert_eq!(forward.n, backward.n);
        prop_assert_eq!(forward.n_zero, backward.n_zero);
        prop_assert_eq!(forward.ties, backward.ties);
        prop_assert_eq!(forward.method, backward.method);
        prop_assert_eq!(forward.statistic + backward.statistic, n * (n + 1.0) / 2.0);
        // The null distribution of V is symmetric about n(n+1)/4, so the mirrored tail at
        // the mirrored V has the same P value.
        assert_close(forward.p_value, backward.p_value, "P")?;
        assert_probability(forward.p_value, "signed rank")?;
    }

    #[test]
    fn signed_rank_less_is_swapped_greater((x, y) in pairs()) {
        let less = WilcoxonOptions { alternative: Alternative::Less, ..WilcoxonOptions::default() };
        let greater = WilcoxonOptions { alternative: Alternative::Greater, ..WilcoxonOptions::default() };
        let p_less = wilcoxon_signed_rank(&x, &y, less).unwrap().p_value;
        let p_greater = wilcoxon_signed_rank(&y, &x, greater).unwrap().p_value;
        assert_close(p_less, p_greater, "one-sided P")?;
    }

    #[test]
    fn rank_sum_less_is_swapped_greater((x, y) in two_samples()) {
        let less = WilcoxonOptions { alternative: Alternative::Less, ..WilcoxonOptions::default() };
        let greater = WilcoxonOptions { alternative: Alternative::Greater, ..WilcoxonOptions::default() };
        let forward = wilcoxon_rank_sum(&x, &y, less).unwrap();
        let backward = wilcoxon_rank_sum(&y, &x, greater).unwrap();
        prop_assert_eq!(forward.statistic + backward.statistic, (x.len() * y.len()) as f64);
        prop_assert_eq!(forward.method, backward.method);
        assert_close(forward.p_value, backward.p_value, "one-sided P")?;
        assert_probability(forward.p_value, "rank sum")?;
    }

    #[test]
    fn rank_sum_swap_keeps_two_sided_p((x, y) in two_samples()) {
        let forward = wilcoxon_rank_sum(&x, &y, WilcoxonOptions::default()).unwrap();
        let backward = wilcoxon_rank_sum(&y, &x, WilcoxonOptions::default()).unwrap();
        assert_close(forward.p_value, backward.p_value, "two-sided P")?;
    }

    #[test]
    fn two_sample_t_swap_negates_t((x, y) in two_samples(), alternative in alternatives()) {
        let options = TTestOptions { alternative, ..TTestOptions::default() };
        let swapped = TTestOptions { alternative: mirrored(alternative), ..TTestOptions::default() };
        for test in [student_t_test, welch_t_test] {
            let (forward, backward) = match (test(&x, &y, options), test(&y, &x, swapped)) {
                (Ok(forward), Ok(backward)) => (forward, backward),
                (Err(a), Err(b)) => {
                    assert_same_error(&a, &b)?;
                    continue;
                }
                (a, b) => {
                    prop_assert!(false, "only one direction failed: {:?} vs {:?}", a, b);
                    unreachable!()
                }
            };
            prop_assert_eq!(forward.df, backward.df);
            prop_assert_eq!(forward.se, backward.se);
            assert_close(forward.t, -backward.t, "t")?;
            assert_close(forward.p_value, backward.p_value, "P")?;
            assert_close(forward.ci.lower, -backward.ci.upper, "CI lower")?;
            assert_close(forward.ci.upper, -backward.ci.lower, "CI upper")?;
            assert_probability(forward.p_value, "two-sample t")?;
        }
    }
}
