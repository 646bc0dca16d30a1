//! Harrell's bootstrap estimate of optimism for the AUC and the calibration slope.

use crate::calibration::{mle, recalibrate};
use crate::design::{Design, linear_predictor};
use crate::error::LogitError;
use crate::fit::LogitFit;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;
use repro_roc::{Direction, auc};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Options of [`bootstrap_validation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BootstrapOptions {
    /// Number of bootstrap replicates (Harrell 2015 suggests 200 or more).
    pub replicates: usize,
    /// Seed of the ChaCha20 generator.
    pub seed: u64,
}

/// Cause of a replicate that gave no optimism estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicateFailure {
    /// The resample holds only one outcome class.
    SingleClass,
    /// A predictor is constant or collinear in the resample.
    Collinear,
    /// The resample is separated, so the refitted model has no finite estimate.
    Separation,
    /// The refit, or the recalibration on the original rows, failed otherwise (its
    /// linear predictor separates the original outcome, or a fit did not converge).
    TestFit,
}

/// Performance of one replicate's model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReplicateResult {
    /// AUC of the refitted model on its own resample.
    pub auc_train: f64,
    /// AUC of the refitted model on the original rows.
    pub auc_test: f64,
    /// Calibration slope of the refitted model on the original rows (1 on its resample).
    pub slope_test: f64,
    /// Intercept of that recalibration (0 on its resample).
    pub intercept_test: f64,
}

/// Counts of failed replicates by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailureCounts {
    /// Resamples with a single outcome class.
    pub single_class: usize,
    /// Resamples with a constant or collinear predictor.
    pub collinear: usize,
    /// Separated resamples.
    pub separation: usize,
    /// Failed test-side recalibrations or non-converged fits.
    pub test_fit: usize,
}

/// Harrell's optimism-corrected performance of a fitted model.
#[derive(Clone, Debug, PartialEq)]
pub struct BootstrapValidation {
    /// Seed of the generator.
    pub seed: u64,
    /// Replicates requested.
    pub replicates: usize,
    /// Replicates that gave an estimate; the means below are over these.
    pub successful: usize,
    /// Replicates that did not, by cause.
    pub failures: FailureCounts,
    /// AUC of the model on the rows it was fitted to.
    pub apparent_auc: f64,
    /// Mean of `auc_train − auc_test`.
    pub optimism_auc: f64,
    /// `apparent_auc − optimism_auc`.
    pub corrected_auc: f64,
    /// Mean of `1 − slope_test` (the apparent slope is 1 by construction).
    pub optimism_slope: f64,
    /// `1 − optimism_slope`, the mean test slope.
    pub corrected_slope: f64,
    /// `0 − mean(intercept_test)`: the apparent recalibration intercept is 0.
    pub optimism_intercept: f64,
    /// `mean(intercept_test)`.
    pub corrected_intercept: f64,
    /// Every replicate in index order.
    pub results: Vec<Result<ReplicateResult, ReplicateFailure>>,
}

/// Estimates the optimism of a model's AUC and calibration slope by Harrell's
/// bootstrap (Harrell, Lee and Mark 1996; Harrell 2015, sec. 5.3), as `rms::validate`.
///
/// Each replicate draws `n` rows with replacement, refits the model on them (same
/// predictors, unpenalised MLE), and measures the refitted model on the resample
/// (apparent) and on the original rows (test). Optimism is the mean of apparent minus
/// test over the successful replicates; the corrected value is the original model's
/// apparent value minus the optimism. The AUC is that of the linear predictor
/// (pROC direction `"<"`); the slope and intercept are those of
/// `glm(y ~ lp, family = binomial)` on the original rows.
///
/// Replicate `i` draws from ChaCha20 seeded with `seed` on stream `i`, with Lemire's
/// unbiased bounded integers, so results do not depend on the number of threads.
/// Replicates run in parallel with rayon and are combined in index order. A
/// replicate whose resample has one class, a collinear or separated design, or whose
/// test recalibration fails, is counted in `failures` and left out of the means. With
/// no successful replicate the means are NaN.
///
/// `progress`, if given, is called once per finished replicate with the number
/// finished so far (calls can arrive out of order across threads).
///
/// # Errors
///
/// [`LogitError::NoReplicates`] for 0 replicates; [`LogitError::Separation`] when the
/// model itself is separated; [`LogitError::ScoreLengthMismatch`] when `model` was
/// not fitted to `design`.
///
/// # Examples
///
/// ```
/// use repro_logit::{bootstrap_validation, fit, BootstrapOptions, Design, FitOptions};
///
/// let x = [0.5, 1.3, 2.1, 2.2, 3.0, 3.8, 4.1, 4.4, 5.6, 6.0, 6.3, 7.7];
/// let y = [false, false, true, false, false, true, false, true, true, false, true, true];
/// let design = Design::new(&y, &[("x", &x[..])]).unwrap();
/// let model = fit(&design, &FitOptions::default()).unwrap();
///
/// let options = BootstrapOptions { replicates: 50, seed: 20250101 };
/// let v = bootstrap_validation(&design, &model, &options, None).unwrap();
/// assert_eq!(v.successful + v.failures.single_class + v.failures.collinear
///     + v.failures.separation + v.failures.test_fit, 50);
/// assert!((v.corrected_auc - (v.apparent_auc - v.optimism_auc)).abs() < 1e-15);
/// // The same seed gives the same result.
/// assert_eq!(v, bootstrap_validation(&design, &model, &options, None).unwrap());
/// ```
pub fn bootstrap_validation(
    design: &Design,
    model: &LogitFit,
    options: &BootstrapOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<BootstrapValidation, LogitError> {
    if options.replicates == 0 {
        return Err(LogitError::NoReplicates);
    }
    if let Some(reason) = model.separation {
        return Err(LogitError::Separation {
            reason: reason.to_string(),
            what: "the bootstrap optimism",
        });
    }
    if model.linear_predictor.len() != design.n() {
        return Err(LogitError::ScoreLengthMismatch {
            what: "model's linear predictor",
            len: model.linear_predictor.len(),
            outcome: design.n(),
        });
    }
    let apparent_auc = auc(&model.linear_predictor, design.outcome(), Direction::Higher)?;

    let finished = AtomicUsize::new(0);
    let results: Vec<Result<ReplicateResult, ReplicateFailure>> = (0..options.replicates)
        .into_par_iter()
        .map(|index| {
            let result = replicate(design, options.seed, index as u64);
            if let Some(report) = progress {
                report(finished.fetch_add(1, Ordering::Relaxed) + 1);
            }
            result
        })
        .collect();

    let mut failures = FailureCounts::default();
    let (mut successful, mut auc_sum, mut slope_sum, mut intercept_sum) = (0usize, 0.0, 0.0, 0.0);
    for result in &results {
        match result {
            Ok(r) => {
                successful += 1;
                auc_sum += r.auc_train - r.auc_test;
                slope_sum += 1.0 - r.slope_test;
                intercept_sum += -r.intercept_test;
            }
            Err(ReplicateFailure::SingleClass) => failures.single_class += 1,
            Err(ReplicateFailure::Collinear) => failures.collinear += 1,
            Err(ReplicateFailure::Separation) => failures.separation += 1,
            Err(ReplicateFailure::TestFit) => failures.test_fit += 1,
        }
    }
    let count = successful as f64;
    let optimism_auc = auc_sum / count;
    let optimism_slope = slope_sum / count;
    let optimism_intercept = intercept_sum / count;

    Ok(BootstrapValidation {
        seed: options.seed,
        replicates: options.replicates,
        successful,
        failures,
        apparent_auc,
        optimism_auc,
        corrected_auc: apparent_auc - optimism_auc,
        optimism_slope,
        corrected_slope: 1.0 - optimism_slope,
        optimism_intercept,
        corrected_intercept: 0.0 - optimism_intercept,
        results,
    })
}

/// Runs replicate `index`: resample, refit, test on the original rows.
fn replicate(design: &Design, seed: u64, index: u64) -> Result<ReplicateResult, ReplicateFailure> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let n = design.n();
    let rows: Vec<usize> = (0..n)
        .map(|_| bounded(&mut rng, n as u64) as usize)
        .collect();

    let resample = design.resample(&rows).map_err(|e| match e {
        LogitError::SingleClass { .. } => ReplicateFailure::SingleClass,
        _ => ReplicateFailure::Collinear,
    })?;
    let beta = mle(&resample).map_err(|e| match e {
        LogitError::Separation { .. } => ReplicateFailure::Separation,
        _ => ReplicateFailure::TestFit,
    })?;

    let lp_train = linear_predictor(resample.matrix(), &beta);
    let lp_test = linear_predictor(design.matrix(), &beta);
    let auc_train = auc(&lp_train, resample.outcome(), Direction::Higher)
        .map_err(|_| ReplicateFailure::SingleClass)?;
    let auc_test = auc(&lp_test, design.outcome(), Direction::Higher)
        .map_err(|_| ReplicateFailure::TestFit)?;
    let (intercept_test, slope_test) =
        recalibrate(design.outcome(), &lp_test).map_err(|_| ReplicateFailure::TestFit)?;
    Ok(ReplicateResult {
        auc_train,
        auc_test,
        slope_test,
        intercept_test,
    })
}

/// A uniform integer in `[0, n)` by Lemire's multiply-and-reject method (Lemire 2019).
fn bounded(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let threshold = n.wrapping_neg() % n;
    loop {
        let product = u128::from(rng.next_u64()) * u128::from(n);
        if (product as u64) >= threshold {
            return (product >> 64) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_stays_in_range_and_covers_it() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let v = bounded(&mut rng, 5);
            assert!(v < 5);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
