//! Symmetries that every test must respect, checked on deterministic pseudo-random data.
//!
//! Swapping the samples (or transposing a table) changes the sign or the tail of a
//! statistic but not the two-sided P value. These checks do not depend on R.

use repro_htest::{
    Alternative, ExactPolicy, TTestOptions, WilcoxonOptions, chi_square_test, fisher_exact_2x2,
    paired_t_test, student_t_test, welch_t_test, wilcoxon_rank_sum, wilcoxon_signed_rank,
};

/// Returns `n` values from a linear congruential generator, rounded to `decimals`.
fn sample(seed: u64, n: usize, decimals: i32) -> Vec<f64> {
    let scale = 10f64.powi(decimals);
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let uniform = (state >> 11) as f64 / (1u64 << 53) as f64;
            (uniform * 20.0 * scale).round() / scale
        })
        .collect()
}

fn assert_close(a: f64, b: f64, context: &str) {
    let tolerance = 1e-12 * a.abs().max(b.abs()).max(1e-300);
    assert!((a - b).abs() <= tolerance, "{context}: {a} vs {b}");
}

#[test]
fn paired_t_swap_negates_t() {
    for seed in 1..20 {
        let before = sample(seed, 12, 2);
        let after = sample(seed + 100, 12, 2);
        let forward = paired_t_test(&before, &after, TTestOptions::default()).unwrap();
        let backward = paired_t_test(&after, &before, TTestOptions::default()).unwrap();
        assert_close(forward.t, -backward.t, "t");
        assert_close(forward.p_value, backward.p_value, "p");
        assert_close(forward.ci.lower, -backward.ci.upper, "ci");
    }
}

#[test]
fn paired_t_one_sided_halves_two_sided() {
    let before = sample(7, 15, 1);
    let after = sample(8, 15, 1);
    let two_sided = paired_t_test(&before, &after, TTestOptions::default()).unwrap();
    let less = TTestOptions {
        alternative: Alternative::Less,
        ..TTestOptions::default()
    };
    let greater = TTestOptions {
        alternative: Alternative::Greater,
        ..TTestOptions::default()
    };
    let p_less = paired_t_test(&before, &after, less).unwrap().p_value;
    let p_greater = paired_t_test(&before, &after, greater).unwrap().p_value;
    assert_close(p_less + p_greater, 1.0, "tails sum to 1");
    assert_close(2.0 * p_less.min(p_greater), two_sided.p_value, "two-sided");
}

#[test]
fn signed_rank_swap_mirrors_v() {
    for (seed, decimals) in (1..20).zip([0, 1, 3].iter().cycle()) {
        let before = sample(seed, 30, *decimals);
        let after = sample(seed + 50, 30, *decimals);
        let forward = wilcoxon_signed_rank(&before, &after, WilcoxonOptions::default()).unwrap();
        let backward = wilcoxon_signed_rank(&after, &before, WilcoxonOptions::default()).unwrap();
        let n = forward.n as f64;
        assert_eq!(forward.n, backward.n);
        assert_eq!(forward.statistic + backward.statistic, n * (n + 1.0) / 2.0);
        assert_eq!(forward.method, backward.method);
        assert_close(forward.p_value, backward.p_value, "p");
    }
}

#[test]
fn signed_rank_forced_exact_large_n() {
    // R's exact = TRUE computes the exact distribution for any n without ties or zeros.
    let before = sample(3, 120, 6);
    let after = sample(4, 120, 6);
    let options = WilcoxonOptions {
        exact: ExactPolicy::Exact,
        ..WilcoxonOptions::default()
    };
    let exact = wilcoxon_signed_rank(&before, &after, options).unwrap();
    let normal = wilcoxon_signed_rank(&before, &after, WilcoxonOptions::default()).unwrap();
    assert!(exact.method.is_exact());
    assert!(!normal.method.is_exact());
    // With n = 120 the normal approximation is close to the exact P value.
    assert!(
        (exact.p_value - normal.p_value).abs() < 0.01,
        "{exact:?} {normal:?}"
    );
}

#[test]
fn two_sample_t_swap_negates_t() {
    for seed in 1..20 {
        let x = sample(seed, 9, 2);
        let y = sample(seed + 30, 14, 2);
        for test in [student_t_test, welch_t_test] {
            let forward = test(&x, &y, TTestOptions::default()).unwrap();
            let backward = test(&y, &x, TTestOptions::default()).unwrap();
            assert_close(forward.t, -backward.t, "t");
            assert_close(forward.df, backward.df, "df");
            assert_close(forward.p_value, backward.p_value, "p");
        }
    }
}

#[test]
fn rank_sum_swap_mirrors_w() {
    for (seed, decimals) in (1..20).zip([0, 2].iter().cycle()) {
        let x = sample(seed, 11, *decimals);
        let y = sample(seed + 40, 17, *decimals);
        let forward = wilcoxon_rank_sum(&x, &y, WilcoxonOptions::default()).unwrap();
        let backward = wilcoxon_rank_sum(&y, &x, WilcoxonOptions::default()).unwrap();
        assert_eq!(
            forward.statistic + backward.statistic,
            (x.len() * y.len()) as f64
        );
        assert_eq!(forward.method, backward.method);
        assert_close(forward.p_value, backward.p_value, "p");
    }
}

#[test]
fn chi_square_transpose_invariant() {
    let table = vec![vec![12, 7, 30], vec![5, 15, 22]];
    let transposed = vec![vec![12, 5], vec![7, 15], vec![30, 22]];
    let a = chi_square_test(&table, true).unwrap();
    let b = chi_square_test(&transposed, true).unwrap();
    assert_close(a.statistic, b.statistic, "statistic");
    assert_eq!(a.df, b.df);
    assert_close(a.p_value, b.p_value, "p");
}

#[test]
fn fisher_row_swap_exchanges_tails() {
    let table = vec![vec![3, 9], vec![11, 4]];
    let swapped = vec![vec![11, 4], vec![3, 9]];
    let less = fisher_exact_2x2(&table, Alternative::Less).unwrap().p_value;
    let greater_swapped = fisher_exact_2x2(&swapped, Alternative::Greater)
        .unwrap()
        .p_value;
    assert_close(less, greater_swapped, "tails");
    let two = fisher_exact_2x2(&table, Alternative::TwoSided)
        .unwrap()
        .p_value;
    let two_swapped = fisher_exact_2x2(&swapped, Alternative::TwoSided)
        .unwrap()
        .p_value;
    assert_close(two, two_swapped, "two-sided");
    let transposed = vec![vec![3, 11], vec![9, 4]];
    let two_transposed = fisher_exact_2x2(&transposed, Alternative::TwoSided)
        .unwrap()
        .p_value;
    assert_close(two, two_transposed, "transposed");
}
