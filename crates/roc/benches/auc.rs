//! AUC + DeLong variance at n = 10⁴, 10⁵ and 10⁶ rows (10⁷ with `REPRO_BENCH_LARGE=1`).
//!
//! Scores are random with many ties (two decimals on a range of 100), 30 % cases,
//! cases shifted up so the AUC is about 0.7. The `sort` group is the baseline: one
//! `sort_unstable_by(f64::total_cmp)` of the same scores, the lower bound of any
//! algorithm that sorts once.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use repro_roc::{Direction, Marker, delong_joint_test, delong_variance};
use std::hint::black_box;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000, 1_000_000];
    if std::env::var_os("REPRO_BENCH_LARGE").is_some() {
        sizes.push(10_000_000);
    }
    sizes
}

/// Returns `(scores, outcome)` with ties; `shift` moves the cases up.
fn sample(n: usize, seed: u64, shift: u64) -> (Vec<f64>, Vec<bool>) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut scores = Vec::with_capacity(n);
    let mut outcome = Vec::with_capacity(n);
    for _ in 0..n {
        let is_case = rng.next_u64() % 10 < 3;
        let hundredths = rng.next_u64() % 10_000 + if is_case { shift } else { 0 };
        scores.push(hundredths as f64 / 100.0);
        outcome.push(is_case);
    }
    (scores, outcome)
}

fn bench_sort(c: &mut Criterion) {
    let mut group = c.benchmark_group("sort");
    group.sample_size(10);
    for n in sizes() {
        let (scores, _) = sample(n, 1, 2_500);
        group.bench_with_input(BenchmarkId::from_parameter(n), &scores, |b, scores| {
            b.iter(|| {
                let mut copy = scores.clone();
                copy.sort_unstable_by(f64::total_cmp);
                black_box(copy)
            })
        });
    }
    group.finish();
}

fn bench_one_marker(c: &mut Criterion) {
    let mut group = c.benchmark_group("auc_delong_1_marker");
    group.sample_size(10);
    for n in sizes() {
        let input = sample(n, 1, 2_500);
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &input,
            |b, (scores, outcome)| {
                b.iter(|| {
                    let marker = Marker::new(scores, outcome).expect("valid marker");
                    let auc = marker.auc(Direction::Higher);
                    let variance = delong_variance(&marker, Direction::Higher).expect("defined");
                    black_box((auc, variance))
                })
            },
        );
    }
    group.finish();
}

fn bench_three_markers(c: &mut Criterion) {
    let mut group = c.benchmark_group("auc_delong_3_markers_joint");
    group.sample_size(10);
    for n in sizes() {
        let (first, outcome) = sample(n, 1, 2_500);
        let (second, _) = sample(n, 2, 1_000);
        let (third, _) = sample(n, 3, 500);
        let columns = [first, second, third];
        group.bench_with_input(BenchmarkId::from_parameter(n), &columns, |b, columns| {
            b.iter(|| {
                let markers: Vec<Marker> = columns
                    .iter()
                    .map(|scores| Marker::new(scores, &outcome).expect("valid marker"))
                    .collect();
                let variances: Vec<f64> = markers
                    .iter()
                    .map(|m| delong_variance(m, Direction::Higher).expect("defined"))
                    .collect();
                let pairs: Vec<(&Marker, Direction)> =
                    markers.iter().map(|m| (m, Direction::Higher)).collect();
                let joint = delong_joint_test(&pairs).expect("joint test");
                black_box((variances, joint))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sort, bench_one_marker, bench_three_markers);
criterion_main!(benches);
