//! Harrell's bootstrap on a model the size of the CT-perfusion study: 95 rows, 6
//! predictors, 1000 replicates. The data are synthetic (a fixed formula, no files).

use criterion::{Criterion, criterion_group, criterion_main};
use repro_logit::{BootstrapOptions, Design, FitOptions, bootstrap_validation, fit};
use std::hint::black_box;

/// Six predictors with different scales and an outcome that depends on three of them
/// plus deterministic noise, so the data are not separated.
fn synthetic_design() -> Design {
    let n = 95;
    let columns: Vec<(String, Vec<f64>)> = (0..6)
        .map(|j| {
            let values = (0..n)
                .map(|i| {
                    let t = (i * (j + 3) + 7 * j) as f64;
                    (10.0 + 5.0 * j as f64) * (1.0 + (0.37 * t).sin()) + (1.3 * t).cos()
                })
                .collect();
            (format!("p{j}"), values)
        })
        .collect();
    let outcome: Vec<bool> = (0..n)
        .map(|i| {
            let score = 0.08 * columns[0].1[i] - 0.05 * columns[2].1[i] + 0.03 * columns[4].1[i];
            let noise = 2.5 * (2.9 * i as f64).sin();
            score + noise > 0.2
        })
        .collect();
    Design::new(&outcome, &columns).expect("the synthetic design is valid")
}

fn bench_bootstrap(c: &mut Criterion) {
    let design = synthetic_design();
    let model = fit(&design, &FitOptions::default()).expect("the synthetic model fits");
    assert!(
        !model.is_separated(),
        "the synthetic data must not be separated"
    );
    let options = BootstrapOptions {
        replicates: 1000,
        seed: 2025,
    };
    let check = bootstrap_validation(&design, &model, &options, None).expect("the bootstrap runs");
    assert!(
        check.successful >= 900,
        "most replicates must refit, or the benchmark times failures: {:?}",
        check.failures
    );

    let mut group = c.benchmark_group("harrell_bootstrap");
    group.sample_size(10);
    group.bench_function("95_rows_6_predictors_1000_replicates", |b| {
        b.iter(|| bootstrap_validation(black_box(&design), &model, &options, None))
    });
    group.finish();
}

criterion_group!(benches, bench_bootstrap);
criterion_main!(benches);
