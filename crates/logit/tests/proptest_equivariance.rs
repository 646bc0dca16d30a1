//! Property tests: how the maximum-likelihood logistic fit responds to recoding its data.
//!
//! The logistic likelihood depends on the predictors only through `X β`. So scaling a
//! predictor by `c > 0` scales its coefficient and SE by `1/c`, shifting it moves only
//! the intercept, reordering rows changes nothing, and swapping the outcome classes
//! negates every coefficient. In each case the maximised log-likelihood stays the same.
//! The data are random, but only fits that are not separated are compared, because a
//! separated fit has no MLE. These checks need no reference values from R.

use proptest::prelude::*;
use repro_logit::{Design, FitOptions, LogitFit, fit};

/// Tolerance of the comparisons, relative to a stated scale. The fit runs Newton steps
/// until the Newton decrement is below 1e-10, so two fits of equivalent data agree more
/// closely than this.
const TOLERANCE: f64 = 1e-8;

/// Rows of two predictors and an outcome drawn from a logistic model with moderate
/// effects, so that most samples are not separated.
#[derive(Clone, Debug)]
struct Sample {
    x1: Vec<f64>,
    x2: Vec<f64>,
    y: Vec<bool>,
}

fn samples() -> impl Strategy<Value = Sample> {
    (30usize..90).prop_flat_map(|n| {
        (
            prop::collection::vec(-300i32..300, n),
            prop::collection::vec(0u8..5, n),
            prop::collection::vec(0.0f64..1.0, n),
            -1.0f64..1.0,
            -1.0f64..1.0,
        )
            .prop_map(|(x1, x2, uniforms, slope1, slope2)| {
                let x1: Vec<f64> = x1.into_iter().map(|v| f64::from(v) / 100.0).collect();
                let x2: Vec<f64> = x2.into_iter().map(f64::from).collect();
                let y = x1
                    .iter()
                    .zip(&x2)
                    .zip(&uniforms)
                    .map(|((a, b), u)| {
                        let eta = -0.5 + slope1 * a + slope2 * (b - 2.0);
                        *u < 1.0 / (1.0 + (-eta).exp())
                    })
                    .collect();
                Sample { x1, x2, y }
            })
    })
}

/// Fits `y ~ x1 + x2`, or returns `None` when the design is invalid (one class, a constant
/// column) or the data are separated.
fn fit_unseparated(y: &[bool], x1: &[f64], x2: &[f64]) -> Option<LogitFit> {
    let design = Design::new(y, &[("x1", x1), ("x2", x2)]).ok()?;
    let model = fit(&design, &FitOptions::default()).ok()?;
    (!model.is_separated()).then_some(model)
}

/// Asserts `|a − b| <= TOLERANCE · scale`.
fn assert_close(a: f64, b: f64, scale: f64, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        (a - b).abs() <= TOLERANCE * scale,
        "{}: {} vs {} (difference {:e}, scale {})",
        what,
        a,
        b,
        (a - b).abs(),
        scale
    );
    Ok(())
}

/// Asserts that two fits have the same log-likelihood, deviance and null deviance.
fn assert_same_likelihood(a: &LogitFit, b: &LogitFit) -> Result<(), TestCaseError> {
    let scale = a.log_likelihood.abs();
    assert_close(a.log_likelihood, b.log_likelihood, scale, "log-likelihood")?;
    assert_close(a.deviance, b.deviance, scale, "deviance")?;
    assert_close(a.null_deviance, b.null_deviance, scale, "null deviance")?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scaled_predictor_scales_coefficient(sample in samples(), factor in 1e-3f64..1e3) {
        let Some(original) = fit_unseparated(&sample.y, &sample.x1, &sample.x2) else {
            return Err(TestCaseError::reject("separated or invalid sample"));
        };
        let scaled_x1: Vec<f64> = sample.x1.iter().map(|v| v * factor).collect();
        let scaled = fit_unseparated(&sample.y, &scaled_x1, &sample.x2)
            .expect("scaling a predictor must not make the data separated");

        assert_same_likelihood(&original, &scaled)?;
        let (before, after) = (&original.coefficients, &scaled.coefficients);
        assert_close(after[1].estimate * factor, before[1].estimate, before[1].se, "x1 estimate")?;
        assert_close(after[1].se * factor, before[1].se, before[1].se, "x1 SE")?;
        for term in [0, 2] {
            assert_close(after[term].estimate, before[term].estimate, before[term].se, "other estimate")?;
            assert_close(after[term].se, before[term].se, before[term].se, "other SE")?;
        }
        let (z_before, z_after) = (before[1].wald.unwrap().z, after[1].wald.unwrap().z);
        assert_close(z_after, z_before, 1.0, "x1 z")?;
    }

    #[test]
    fn shifted_predictor_moves_intercept(sample in samples(), shift in -50.0f64..50.0) {
        let Some(original) = fit_unseparated(&sample.y, &sample.x1, &sample.x2) else {
            return Err(TestCaseError::reject("separated or invalid sample"));
        };
        let shifted_x2: Vec<f64> = sample.x2.iter().map(|v| v + shift).collect();
        let shifted = fit_unseparated(&sample.y, &sample.x1, &shifted_x2)
            .expect("shifting a predictor must not make the data separated");

        assert_same_likelihood(&original, &shifted)?;
        let (before, after) = (&original.coefficients, &shifted.coefficients);
        for term in [1, 2] {
            assert_close(after[term].estimate, before[term].estimate, before[term].se, "slope")?;
            assert_close(after[term].se, before[term].se, before[term].se, "slope SE")?;
        }
        // β0 + β2·x2 = β0' + β2·(x2 + shift), so β0' = β0 − β2·shift.
        let expected = before[0].estimate - before[2].estimate * shift;
        let scale = after[0].se.max(before[0].estimate.abs());
        assert_close(after[0].estimate, expected, scale, "intercept")?;
    }

    #[test]
    fn swapped_classes_negate_coefficients(sample in samples()) {
        let Some(original) = fit_unseparated(&sample.y, &sample.x1, &sample.x2) else {
            return Err(TestCaseError::reject("separated or invalid sample"));
        };
        let flipped_y: Vec<bool> = sample.y.iter().map(|&e| !e).collect();
        let flipped = fit_unseparated(&flipped_y, &sample.x1, &sample.x2)
            .expect("swapping the classes must not make the data separated");

        assert_same_likelihood(&original, &flipped)?;
        prop_assert_eq!(flipped.n_events, original.n - original.n_events);
        for (before, after) in original.coefficients.iter().zip(&flipped.coefficients) {
            assert_close(after.estimate, -before.estimate, before.se, "estimate")?;
            assert_close(after.se, before.se, before.se, "SE")?;
        }
    }

    #[test]
    fn row_order_leaves_fit_unchanged(
        (sample, keys) in samples().prop_flat_map(|sample| {
            let n = sample.y.len();
            (Just(sample), prop::collection::vec(any::<u32>(), n))
        }),
    ) {
        let Some(original) = fit_unseparated(&sample.y, &sample.x1, &sample.x2) else {
            return Err(TestCaseError::reject("separated or invalid sample"));
        };
        let mut order: Vec<usize> = (0..sample.y.len()).collect();
        order.sort_by_key(|&i| (keys[i], i));
        let y: Vec<bool> = order.iter().map(|&i| sample.y[i]).collect();
        let x1: Vec<f64> = order.iter().map(|&i| sample.x1[i]).collect();
        let x2: Vec<f64> = order.iter().map(|&i| sample.x2[i]).collect();
        let shuffled = fit_unseparated(&y, &x1, &x2).expect("reordering rows must not make the data separated");

        assert_same_likelihood(&original, &shuffled)?;
        for (before, after) in original.coefficients.iter().zip(&shuffled.coefficients) {
            assert_close(after.estimate, before.estimate, before.se, "estimate")?;
            assert_close(after.se, before.se, before.se, "SE")?;
        }
    }

    #[test]
    fn likelihood_summaries_consistent(sample in samples()) {
        let Some(model) = fit_unseparated(&sample.y, &sample.x1, &sample.x2) else {
            return Err(TestCaseError::reject("separated or invalid sample"));
        };
        let k = model.coefficients.len() as f64;
        prop_assert!(model.log_likelihood < 0.0, "log-likelihood {}", model.log_likelihood);
        prop_assert_eq!(model.deviance, -2.0 * model.log_likelihood);
        assert_close(model.aic, model.deviance + 2.0 * k, model.aic, "AIC")?;
        // The MLE maximises over a model that contains the intercept-only model.
        prop_assert!(
            model.deviance <= model.null_deviance * (1.0 + 1e-12),
            "deviance {} above null deviance {}", model.deviance, model.null_deviance
        );
        let lr = model.lr_test.unwrap();
        prop_assert_eq!(lr.df, 2);
        prop_assert!((0.0..=1.0).contains(&lr.p), "LR P {}", lr.p);
    }
}
