//! Monte Carlo check that DeLong's 95 % confidence interval of the AUC covers the true AUC
//! in about 95 % of samples.
//!
//! Each dataset draws 50 controls from N(0, 1) and 50 cases from N(δ, 1). The difference
//! case − control is N(δ, 2), so the true AUC is P(case > control) = Φ(δ/√2). The
//! interval is pROC 1.18's: `auc ± 1.959964·se` with DeLong's SE (DeLong, DeLong &
//! Clarke-Pearson 1988), clipped to [0, 1]. The test is ignored by default; run it with
//! `just coverage`, or
//!
//! ```text
//! cargo test --release -p repro-roc --test coverage -- --ignored --nocapture
//! ```
//!
//! `REPRO_COVERAGE_DATASETS` sets the number of datasets (1000 by default). The seed is
//! fixed, so the run is repeatable.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use repro_roc::{Direction, IntervalMethod, Marker};
use statrs::distribution::{ContinuousCDF, Normal};

const CONTROLS: usize = 50;
const CASES: usize = 50;
/// Mean of the cases in units of the common SD; the true AUC is Φ(1/√2) ≈ 0.7602.
const DELTA: f64 = 1.0;
const DEFAULT_DATASETS: usize = 1000;
const SEED: u64 = 20_250_901;
/// Accepted range of the coverage of the nominal 95 % interval.
// NOTE: 100 000 datasets of this design give a coverage of 0.9405 (Monte Carlo SE
// 0.0007), so the interval undercovers slightly and, at 1000 datasets, a run with another
// seed falls below 0.94 about 45 % of the time. The check catches gross errors (a wrong SE,
// a wrong quantile), not a bias of one percentage point.
const COVERAGE_RANGE: (f64, f64) = (0.94, 0.96);

/// Returns a uniform draw in the open interval (0, 1) from the top 53 bits of `rng`.
fn open_uniform(rng: &mut ChaCha20Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// Returns a standard normal draw by inversion of the CDF.
fn standard_normal(rng: &mut ChaCha20Rng, normal: &Normal) -> f64 {
    normal.inverse_cdf(open_uniform(rng))
}

/// Summary of a simulation: intervals that covered the true AUC, and the mean and SD of the
/// AUCs and the mean SE.
struct Coverage {
    covered: usize,
    /// Intervals entirely above the true AUC.
    above: usize,
    /// Intervals entirely below the true AUC.
    below: usize,
    datasets: usize,
    mean_auc: f64,
    mean_se: f64,
    sd_auc: f64,
}

fn simulate(datasets: usize) -> Coverage {
    let normal = Normal::standard();
    let true_auc = normal.cdf(DELTA / 2f64.sqrt());
    let labels: Vec<bool> = (0..CONTROLS + CASES).map(|i| i >= CONTROLS).collect();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);

    let mut covered = 0;
    let mut above = 0;
    let mut below = 0;
    let mut aucs = Vec::with_capacity(datasets);
    let mut se_sum = 0.0;
    for _ in 0..datasets {
        let scores: Vec<f64> = labels
            .iter()
            .map(|&case| standard_normal(&mut rng, &normal) + if case { DELTA } else { 0.0 })
            .collect();
        let marker = Marker::new(&scores, &labels).expect("50 cases and 50 finite controls");
        let estimate = marker
            .auc_estimate(Direction::Higher, IntervalMethod::DeLong, 0.95)
            .expect("0.95 is a valid level");
        let ci = estimate
            .ci
            .expect("DeLong's SE exists with 50 rows per class");
        if true_auc < ci.lower {
            above += 1;
        } else if ci.upper < true_auc {
            below += 1;
        } else {
            covered += 1;
        }
        aucs.push(estimate.auc);
        se_sum += estimate
            .se
            .expect("DeLong's SE exists with 50 rows per class");
    }

    let mean_auc = aucs.iter().sum::<f64>() / datasets as f64;
    let squares: f64 = aucs.iter().map(|a| (a - mean_auc).powi(2)).sum();
    Coverage {
        covered,
        above,
        below,
        datasets,
        mean_auc,
        mean_se: se_sum / datasets as f64,
        sd_auc: (squares / (datasets as f64 - 1.0)).sqrt(),
    }
}

#[test]
#[ignore = "Monte Carlo simulation; run with `just coverage`"]
fn delong_interval_coverage() {
    let datasets = match std::env::var("REPRO_COVERAGE_DATASETS") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("REPRO_COVERAGE_DATASETS = {text:?} is not a whole number")),
        Err(_) => DEFAULT_DATASETS,
    };
    assert!(
        datasets >= 2,
        "REPRO_COVERAGE_DATASETS must be at least 2, got {datasets}"
    );

    let result = simulate(datasets);
    let true_auc = Normal::standard().cdf(DELTA / 2f64.sqrt());
    let coverage = result.covered as f64 / result.datasets as f64;
    // Binomial standard error of the measured coverage around the nominal 0.95.
    let monte_carlo_se = (0.95 * 0.05 / result.datasets as f64).sqrt();
    println!(
        "DeLong 95 % CI coverage: {}/{} = {:.4} (Monte Carlo SE {:.4}), {} intervals above and {} \
         below the true AUC; {} cases + {} controls, binormal delta {}, true AUC {:.6}, \
         mean AUC {:.6}, SD of AUC {:.6}, mean DeLong SE {:.6}, seed {}",
        result.covered,
        result.datasets,
        coverage,
        monte_carlo_se,
        result.above,
        result.below,
        CASES,
        CONTROLS,
        DELTA,
        true_auc,
        result.mean_auc,
        result.sd_auc,
        result.mean_se,
        SEED,
    );

    let (low, high) = COVERAGE_RANGE;
    assert!(
        (low..=high).contains(&coverage),
        "coverage {coverage:.4} is outside [{low}, {high}] over {datasets} datasets"
    );
}
