//! Stratified bootstrap of the AUC, seeded and independent of the thread count.
//!
//! Each replicate resamples the cases and the controls separately with replacement
//! (the stratified scheme of pROC's `boot.stratified = TRUE`, Carpenter & Bithell
//! 2000), so every replicate keeps the class sizes and has a defined AUC. Replicate
//! `i` draws from its own ChaCha20 stream (`seed`, stream `i`), so the replicate AUCs
//! are the same for any number of rayon threads.

use crate::marker::{Direction, Marker};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;

/// Computes the AUC of `replicates` stratified bootstrap samples, in replicate order.
pub(crate) fn bootstrap_aucs(
    marker: &Marker,
    direction: Direction,
    replicates: usize,
    seed: u64,
) -> Vec<f64> {
    let groups = marker.distinct_values().len();
    let mut case_groups = Vec::with_capacity(marker.n_positive() as usize);
    let mut control_groups = Vec::with_capacity(marker.n_negative() as usize);
    for (&group, &is_case) in marker.row_groups().iter().zip(marker.outcome()) {
        if is_case {
            case_groups.push(group);
        } else {
            control_groups.push(group);
        }
    }
    let pairs = 2.0 * case_groups.len() as f64 * control_groups.len() as f64;

    (0..replicates)
        .into_par_iter()
        .map_init(
            || (vec![0u64; groups], vec![0u64; groups]),
            |(cases, controls), replicate| {
                let mut rng = ChaCha20Rng::seed_from_u64(seed);
                rng.set_stream(replicate as u64);
                cases.fill(0);
                controls.fill(0);
                resample_into(&mut rng, &case_groups, cases);
                resample_into(&mut rng, &control_groups, controls);
                twice_concordant(cases, controls, direction) as f64 / pairs
            },
        )
        .collect()
}

/// Draws `rows.len()` rows with replacement and counts them by group.
fn resample_into(rng: &mut ChaCha20Rng, rows: &[u32], counts: &mut [u64]) {
    let n = rows.len() as u64;
    for _ in 0..rows.len() {
        let row = uniform_below(rng, n) as usize;
        counts[rows[row] as usize] += 1;
    }
}

/// Draws an unbiased uniform integer in `0..n` (Lemire 2019, multiply and reject), `n > 0`.
fn uniform_below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let mut product = rng.next_u64() as u128 * n as u128;
    let mut low = product as u64;
    if low < n {
        let threshold = n.wrapping_neg() % n;
        while low < threshold {
            product = rng.next_u64() as u128 * n as u128;
            low = product as u64;
        }
    }
    (product >> 64) as u64
}

/// `2·#(case beats control) + #(ties)` for grouped counts, walking the groups once.
fn twice_concordant(cases: &[u64], controls: &[u64], direction: Direction) -> u128 {
    let mut controls_before = 0u128;
    let mut total = 0u128;
    let mut step = |g: usize| {
        let tied = controls[g] as u128;
        total += cases[g] as u128 * (2 * controls_before + tied);
        controls_before += tied;
    };
    match direction {
        Direction::Higher => (0..cases.len()).for_each(&mut step),
        Direction::Lower => (0..cases.len()).rev().for_each(&mut step),
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker() -> Marker {
        let scores: Vec<f64> = (0..200).map(|i| ((i * 37) % 23) as f64).collect();
        let positive: Vec<bool> = (0..200).map(|i| (i * 7) % 5 < 2).collect();
        Marker::new(&scores, &positive).expect("valid test marker")
    }

    #[test]
    fn same_seed_same_replicates() {
        let m = marker();
        let first = bootstrap_aucs(&m, Direction::Higher, 50, 42);
        let second = bootstrap_aucs(&m, Direction::Higher, 50, 42);
        assert_eq!(first, second);
        assert_ne!(first, bootstrap_aucs(&m, Direction::Higher, 50, 43));
    }

    #[test]
    fn thread_count_does_not_change_draws() {
        let m = marker();
        let single = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let several = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let one = single.install(|| bootstrap_aucs(&m, Direction::Higher, 64, 7));
        let three = several.install(|| bootstrap_aucs(&m, Direction::Higher, 64, 7));
        assert_eq!(one, three);
    }

    #[test]
    fn prefix_of_replicates_is_stable() {
        let m = marker();
        let short = bootstrap_aucs(&m, Direction::Lower, 10, 9);
        let long = bootstrap_aucs(&m, Direction::Lower, 20, 9);
        assert_eq!(short[..], long[..10]);
    }

    #[test]
    fn grouped_count_matches_marker_auc() {
        let m = marker();
        for direction in [Direction::Higher, Direction::Lower] {
            let pairs = 2 * m.n_positive() as u128 * m.n_negative() as u128;
            let grouped = twice_concordant(m.case_counts(), m.control_counts(), direction);
            assert_eq!(grouped as f64 / pairs as f64, m.auc(direction));
        }
    }

    #[test]
    fn uniform_below_stays_in_range() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        for n in [1u64, 2, 3, 7, 1000, u64::MAX] {
            for _ in 0..100 {
                assert!(uniform_below(&mut rng, n) < n);
            }
        }
    }
}
