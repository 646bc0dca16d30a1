//! Exact null distributions of the Wilcoxon statistics, counted by dynamic programming
//! and summed as R 4.2's `psignrank` and `pwilcox` do.
//!
//! Both count arrangements in `f64`, as R does. The counts are exact integers while
//! they stay below 2^53 (every signed-rank count for n < 50, and rank-sum counts for
//! small samples); beyond that they carry a relative rounding error near 1e-16.

/// Largest number of inner-loop steps an exact distribution may take. Beyond it the
/// tests fall back to the normal approximation so that a forced exact test on a huge
/// sample cannot run for hours; R's default (samples under 50) never needs more than
/// about 3e6 steps.
pub(crate) const MAX_EXACT_STEPS: f64 = 2e8;

/// Number of inner-loop steps that [`psignrank`] takes for `n` differences.
pub(crate) fn signed_rank_steps(n: usize) -> f64 {
    let n = n as f64;
    n * (n * (n + 1.0) / 4.0 + 1.0)
}

/// Number of inner-loop steps that [`pwilcox`] takes for samples of `m` and `n`.
pub(crate) fn rank_sum_steps(m: usize, n: usize) -> f64 {
    let (m, n) = (m as f64, n as f64);
    m * n * (m * n / 2.0 + 1.0)
}

/// Counts the subsets of the ranks `1..=n` by their sum `k`, for `k` in `0..=n(n+1)/4`,
/// as R's `csignrank`. The upper half follows by the symmetry `k <-> n(n+1)/2 - k`.
fn signed_rank_counts(n: usize) -> Vec<f64> {
    let half = n * (n + 1) / 4;
    let mut counts = vec![0.0_f64; half + 1];
    counts[0] = 1.0;
    for rank in 1..=n {
        // Adding rank `rank` to every subset that lacks it shifts its sum by `rank`.
        for sum in (rank..=half).rev() {
            counts[sum] += counts[sum - rank];
        }
    }
    counts
}

/// Computes `P(V <= q)` (or `P(V > q)` when `lower_tail` is false) for the Wilcoxon
/// signed-rank statistic `V` of `n` untied non-zero differences, as R's
/// `psignrank(q, n, lower.tail)`.
///
/// R sums the counts times `exp(-n log 2)` over the shorter tail and takes the
/// complement for the other one. The same order is kept here so the result agrees
/// with R to the last bit (R's factor is not exactly `2^-n`).
pub(crate) fn psignrank(q: f64, n: usize, lower_tail: bool) -> f64 {
    let total = (n * (n + 1) / 2) as f64;
    let q = (q + 1e-7).round();
    if q < 0.0 {
        return if lower_tail { 0.0 } else { 1.0 };
    }
    if q >= total {
        return if lower_tail { 1.0 } else { 0.0 };
    }

    let counts = signed_rank_counts(n);
    let count = |k: usize| counts[k.min(n * (n + 1) / 2 - k)];
    let factor = (-(n as f64) * std::f64::consts::LN_2).exp();
    let mut lower_tail = lower_tail;
    let mut p = 0.0;
    if q <= total / 2.0 {
        for k in 0..=q as usize {
            p += count(k) * factor;
        }
    } else {
        // P(V > q) = P(V < total - q) by symmetry.
        let mirrored = (total - q) as usize;
        for k in 0..mirrored {
            p += count(k) * factor;
        }
        lower_tail = !lower_tail;
    }
    if lower_tail { p } else { 0.5 - p + 0.5 }
}

/// Counts the arrangements of samples of `m` and `n` values by their Mann-Whitney
/// statistic `k` (pairs with the first-sample value above the second), for `k` in
/// `0..=limit`, as R's `cwilcox`.
///
/// With `i` first-sample and `j` second-sample values, the largest value either
/// belongs to the first sample and adds `j` to the statistic, or to the second and
/// adds nothing: `c(i, j; k) = c(i - 1, j; k - j) + c(i, j - 1; k)`.
fn rank_sum_counts(m: usize, n: usize, limit: usize) -> Vec<f64> {
    let mut point_mass = vec![0.0_f64; limit + 1];
    point_mass[0] = 1.0;
    // previous[j] contains c(i - 1, j; .) and current[j] contains c(i, j; .).
    let mut previous: Vec<Vec<f64>> = vec![point_mass.clone(); n + 1];
    let mut current: Vec<Vec<f64>> = vec![point_mass.clone(); n + 1];
    for _ in 1..=m {
        current[0].clone_from(&point_mass);
        for j in 1..=n {
            let (done, rest) = current.split_at_mut(j);
            let without_largest = &done[j - 1];
            let target = &mut rest[0];
            for k in 0..=limit {
                let with_largest = if k >= j { previous[j][k - j] } else { 0.0 };
                target[k] = with_largest + without_largest[k];
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.swap_remove(n)
}

/// Computes the binomial coefficient as a double, exactly (then correctly rounded)
/// while the product fits in 128 bits, and otherwise by R's product loop.
fn choose(total: usize, k: usize) -> f64 {
    let k = k.min(total - k);
    let mut exact: Option<u128> = Some(1);
    for i in 1..=k {
        // After this step `exact` is C(total - k + i, i), an integer.
        exact = exact
            .and_then(|value| value.checked_mul((total - k + i) as u128))
            .map(|value| value / i as u128);
    }
    if let Some(value) = exact {
        return value as f64;
    }
    let total = total as f64;
    let mut product = total;
    for j in 2..=k {
        product *= (total - j as f64 + 1.0) / j as f64;
    }
    product.round()
}

/// Computes `P(W <= q)` (or `P(W > q)` when `lower_tail` is false) for the Wilcoxon
/// rank-sum statistic `W` of untied samples of `m` and `n` values, as R's
/// `pwilcox(q, m, n, lower.tail)`: counts divided by `choose(m + n, n)`, summed over
/// the shorter tail.
pub(crate) fn pwilcox(q: f64, m: usize, n: usize, lower_tail: bool) -> f64 {
    let total = (m * n) as f64;
    let q = (q + 1e-7).floor();
    if q < 0.0 {
        return if lower_tail { 0.0 } else { 1.0 };
    }
    if q >= total {
        return if lower_tail { 1.0 } else { 0.0 };
    }

    let arrangements = choose(m + n, n);
    let mut lower_tail = lower_tail;
    let mut p = 0.0;
    if q <= total / 2.0 {
        let counts = rank_sum_counts(m, n, q as usize);
        for count in &counts {
            p += count / arrangements;
        }
    } else {
        // P(W > q) = P(W < mn - q) by symmetry.
        let mirrored = (total - q) as usize;
        let counts = rank_sum_counts(m, n, mirrored - 1);
        for count in &counts {
            p += count / arrangements;
        }
        lower_tail = !lower_tail;
    }
    if lower_tail { p } else { 0.5 - p + 0.5 }
}

#[cfg(test)]
// Expected values are R output printed with 17 significant digits.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn psignrank_n3_by_enumeration() {
        // Subset sums of {1, 2, 3}: 0 1 2 3 3 4 5 6, so P(V <= 3) = 5/8.
        assert!((psignrank(3.0, 3, true) - 5.0 / 8.0).abs() < 1e-15);
        assert!((psignrank(0.0, 3, true) - 1.0 / 8.0).abs() < 1e-15);
        assert!((psignrank(4.0, 3, false) - 2.0 / 8.0).abs() < 1e-15);
        assert_eq!(psignrank(-1.0, 3, true), 0.0);
        assert_eq!(psignrank(6.0, 3, true), 1.0);
        assert_eq!(psignrank(6.0, 3, false), 0.0);
    }

    #[test]
    fn psignrank_matches_brute_force() {
        for n in 1..=12usize {
            let total = n * (n + 1) / 2;
            let mut counts = vec![0u64; total + 1];
            for subset in 0u32..(1 << n) {
                let sum: usize = (0..n).filter(|b| subset >> b & 1 == 1).map(|b| b + 1).sum();
                counts[sum] += 1;
            }
            let mut cumulative = 0u64;
            for (q, count) in counts.iter().enumerate() {
                cumulative += count;
                let expected = cumulative as f64 / (1u64 << n) as f64;
                let got = psignrank(q as f64, n, true);
                assert!((got - expected).abs() <= 1e-14, "n = {n}, q = {q}");
                let upper = psignrank(q as f64, n, false);
                assert!(
                    (upper - (1.0 - expected)).abs() <= 1e-14,
                    "n = {n}, q = {q}"
                );
            }
        }
    }

    #[test]
    fn psignrank_matches_r() {
        // R 4.2.2: psignrank(31, 8, lower.tail = FALSE), psignrank(300, 49),
        // psignrank(865, 49, lower.tail = FALSE), printed with sprintf("%.17g").
        assert_eq!(psignrank(31.0, 8, false), 0.027343750000000007);
        let lower = psignrank(300.0, 49, true);
        assert!(
            (lower / 0.00075176423512957069 - 1.0).abs() < 1e-13,
            "{lower}"
        );
        let upper = psignrank(865.0, 49, false);
        assert!(
            (upper / 0.0054773511482171253 - 1.0).abs() < 1e-13,
            "{upper}"
        );
    }

    #[test]
    fn pwilcox_matches_brute_force() {
        // Enumerate which of the m + n ranks belong to the first sample.
        for m in 1..=6usize {
            for n in 1..=6usize {
                let mut counts = vec![0u64; m * n + 1];
                let mut draws = 0u64;
                for subset in 0u32..(1 << (m + n)) {
                    if subset.count_ones() as usize != m {
                        continue;
                    }
                    let rank_sum: usize = (0..m + n)
                        .filter(|b| subset >> b & 1 == 1)
                        .map(|b| b + 1)
                        .sum();
                    counts[rank_sum - m * (m + 1) / 2] += 1;
                    draws += 1;
                }
                let mut cumulative = 0u64;
                for (q, count) in counts.iter().enumerate() {
                    cumulative += count;
                    let expected = cumulative as f64 / draws as f64;
                    let got = pwilcox(q as f64, m, n, true);
                    assert!((got - expected).abs() <= 1e-14, "m {m} n {n} q {q}");
                    let upper = pwilcox(q as f64, m, n, false);
                    assert!(
                        (upper - (1.0 - expected)).abs() <= 1e-14,
                        "m {m} n {n} q {q}"
                    );
                }
            }
        }
    }

    #[test]
    fn pwilcox_known_value() {
        // 7 of the choose(9, 4) = 126 arrangements have W <= 3.
        assert!((pwilcox(3.0, 4, 5, true) - 7.0 / 126.0).abs() < 1e-15);
    }

    #[test]
    fn choose_exact_and_large() {
        assert_eq!(choose(9, 4), 126.0);
        assert_eq!(choose(98, 49), 25477612258980856902730428600.0_f64);
        assert_eq!(choose(5, 0), 1.0);
    }
}
