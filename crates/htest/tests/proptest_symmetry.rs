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
    Alternative, HtestError, TTestOptions, WilcoxonOptions, chi_square_test, fisher_exact_2x2,
    paired_t_test, student_t_test, welch_t_test, wilcoxon_rank_sum, wilcoxon_signed_rank,
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

/// Tables of 2 to 4 rows and columns with counts up to 30, and no empty row or column.
fn tables() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (2usize..5, 2usize..5)
        .prop_flat_map(|(rows, columns)| {
            prop::collection::vec(prop::collection::vec(0u64..30, columns), rows)
        })
        .prop_filter("empty margin", |table| {
            let rows_ok = table.iter().all(|row| row.iter().sum::<u64>() > 0);
            let columns_ok =
                (0..table[0].len()).all(|j| table.iter().map(|row| row[j]).sum::<u64>() > 0);
            rows_ok && columns_ok
        })
}

/// 2 x 2 tables with counts up to 60, and no empty row or column.
fn tables_2x2() -> impl Strategy<Value = Vec<Vec<u64>>> {
    prop::collection::vec(prop::collection::vec(0u64..60, 2), 2).prop_filter("empty margin", |t| {
        t[0][0] + t[0][1] > 0
            && t[1][0] + t[1][1] > 0
            && t[0][0] + t[1][0] > 0
            && t[0][1] + t[1][1] > 0
    })
}

fn transpose(table: &[Vec<u64>]) -> Vec<Vec<u64>> {
    (0..table[0].len())
        .map(|j| table.iter().map(|row| row[j]).collect())
        .collect()
}

/// Asserts that `a` and `b` agree to `1e-9` relative, for P values from sums of many
/// terms taken in a different order.
fn assert_close_p(a: f64, b: f64, what: &str) -> Result<(), TestCaseError> {
    let tolerance = 1e-9 * a.abs().max(b.abs()) + 1e-300;
    prop_assert!((a - b).abs() <= tolerance, "{}: {} vs {}", what, a, b);
    Ok(())
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
    prop_assert!(
        p.is_nan() || (0.0..=1.0).contains(&p),
        "{}: P = {}",
        what,
        p
    );
    Ok(())
}

/// Checks that two errors are the same kind. Their fields may differ: a mean changes sign,
/// and a two-sample error names `x` in one order and `y` in the other.
fn assert_same_error(a: &HtestError, b: &HtestError) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        std::mem::discriminant(a),
        std::mem::discriminant(b),
        "{} vs {}",
        a,
        b
    );
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

    #[test]
    fn chi_square_transpose_and_row_order(table in tables(), yates in any::<bool>()) {
        let original = chi_square_test(&table, yates).unwrap();
        let transposed = chi_square_test(&transpose(&table), yates).unwrap();
        let mut reversed = table.clone();
        reversed.reverse();
        let reordered = chi_square_test(&reversed, yates).unwrap();
        for other in [&transposed, &reordered] {
            prop_assert_eq!(original.df, other.df);
            prop_assert_eq!(original.yates, other.yates);
            assert_close(original.statistic, other.statistic, "statistic")?;
            assert_close_p(original.p_value, other.p_value, "P")?;
            prop_assert_eq!(original.min_expected, other.min_expected);
        }
        assert_probability(original.p_value, "chi-square")?;
    }

    #[test]
    fn fisher_row_swap_exchanges_tails(table in tables_2x2(), alternative in alternatives()) {
        let swapped_rows = vec![table[1].clone(), table[0].clone()];
        let forward = fisher_exact_2x2(&table, alternative).unwrap();
        let backward = fisher_exact_2x2(&swapped_rows, mirrored(alternative)).unwrap();
        assert_close_p(forward.p_value, backward.p_value, "P")?;
        let transposed = fisher_exact_2x2(&transpose(&table), alternative).unwrap();
        assert_close_p(forward.p_value, transposed.p_value, "P of the transposed table")?;
        assert_probability(forward.p_value, "Fisher")?;
    }

    #[test]
    fn fisher_tails_cover_observed_table(table in tables_2x2()) {
        // P(A <= a) + P(A >= a) = 1 + P(A = a). The two-sided P includes the observed
        // table's probability, so it is positive.
        let less = fisher_exact_2x2(&table, Alternative::Less).unwrap().p_value;
        let greater = fisher_exact_2x2(&table, Alternative::Greater).unwrap().p_value;
        let two_sided = fisher_exact_2x2(&table, Alternative::TwoSided).unwrap().p_value;
        prop_assert!(less + greater >= 1.0 - 1e-12, "tails {} + {} below 1", less, greater);
        prop_assert!(two_sided > 0.0, "two-sided P {}", two_sided);
        prop_assert!(two_sided <= 1.0, "two-sided P {}", two_sided);
    }
}
