//! Behaviour beyond the reference cases: separation, collinearity, input errors,
//! likelihood-ratio tests, profile and Firth intervals, Hosmer-Lemeshow edge cases
//! and the bootstrap's determinism.
//!
//! Values marked "R 4.2.2" were computed with `glm(..., control = glm.control(epsilon
//! = 1e-14))`, `anova(..., test = "LRT")` and `pchisq(..., lower.tail = FALSE)`.

// R's values are kept as it printed them, with 17 significant digits.
#![allow(clippy::excessive_precision)]

use approx::assert_relative_eq;
use repro_logit::{
    BootstrapOptions, Design, FitOptions, LogitError, SeparationReason, bootstrap_validation,
    firth, fit, hosmer_lemeshow, nested_comparison,
};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Reads the Spector and Mazzeo (1980) data of the reference case `logit_spector_grade`.
fn spector() -> Design {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/reference/logit_spector_grade/data.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let (mut grade, mut gpa, mut tuce, mut psi) = (vec![], vec![], vec![], vec![]);
    for record in reader.records() {
        let record = record.unwrap();
        gpa.push(record[1].parse::<f64>().unwrap());
        tuce.push(record[2].parse::<f64>().unwrap());
        psi.push(record[3].parse::<f64>().unwrap());
        grade.push(&record[4] == "1");
    }
    Design::new(&grade, &[("GPA", gpa), ("TUCE", tuce), ("PSI", psi)]).unwrap()
}

#[test]
fn quasi_separation_is_flagged_like_glm() {
    let y = [false, false, false, true, true, true];
    let x = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0];
    let model = fit(
        &Design::new(&y, &[("x", &x[..])]).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();

    assert_eq!(
        model.separation,
        Some(SeparationReason::FittedProbabilitiesZeroOrOne)
    );
    // R 4.2.2 glm stops after 20 iterations with these coefficients and the warning
    // "fitted probabilities numerically 0 or 1 occurred".
    assert_eq!(model.convergence.glm_iterations, 20);
    assert_relative_eq!(
        model.coefficients[0].estimate,
        -60.420971315702907,
        max_relative = 1e-6
    );
    assert_relative_eq!(
        model.coefficients[1].estimate,
        20.140323771900967,
        max_relative = 1e-6
    );
    assert!(model.coefficients.iter().all(|c| c.wald.is_none()));
    assert_eq!(model.lr_test, None);
    assert_eq!(model.nagelkerke_r2, None);
}

#[test]
fn complete_separation_does_not_converge() {
    let y: Vec<bool> = (0..12).map(|i| i >= 6).collect();
    let x: Vec<f64> = (1..=12).map(f64::from).collect();
    let model = fit(
        &Design::new(&y, &[("x", x)]).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();

    // R 4.2.2: 25 iterations, converged = FALSE, coefficients (-284.69..., 43.798...).
    assert_eq!(model.separation, Some(SeparationReason::NotConverged));
    assert_eq!(model.convergence.glm_iterations, 25);
    assert_relative_eq!(
        model.coefficients[1].estimate,
        43.79856573031330,
        max_relative = 1e-6
    );
}

#[test]
fn separated_model_rejects_lr_test_and_bootstrap() {
    let y = [false, false, false, true, true, true];
    let x = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0];
    let design = Design::new(&y, &[("x", &x[..])]).unwrap();
    let model = fit(&design, &FitOptions::default()).unwrap();

    let options = BootstrapOptions {
        replicates: 10,
        seed: 1,
    };
    let err = bootstrap_validation(&design, &model, &options, None).unwrap_err();
    assert!(matches!(err, LogitError::Separation { .. }), "{err}");
}

#[test]
fn collinear_design_names_every_aliased_predictor() {
    let y = [false, true, false, true, true, false, true, false];
    let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let b = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    let sum: Vec<f64> = a.iter().zip(&b).map(|(p, q)| p + q).collect();
    let constant = [2.0; 8];
    let zero = [0.0; 8];

    let err = Design::new(
        &y,
        &[
            ("a", &a[..]),
            ("sum", &sum[..]),
            ("b", &b[..]),
            ("constant", &constant[..]),
            ("zero", &zero[..]),
        ],
    )
    .unwrap_err();
    // `sum` comes before `b`, so `b` is the aliased one, as in R's glm.
    assert_eq!(
        err,
        LogitError::Collinear {
            aliased: vec!["b".into(), "constant".into(), "zero".into()]
        }
    );
    assert!(
        err.to_string().contains("b, constant, zero aliased"),
        "{err}"
    );
}

#[test]
fn more_parameters_than_rows_is_collinear() {
    let y = [false, true, true];
    let err = Design::new(
        &y,
        &[
            ("a", [1.0, 2.0, 4.0]),
            ("b", [0.0, 5.0, 1.0]),
            ("c", [7.0, 1.0, 1.0]),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err,
        LogitError::Collinear {
            aliased: vec!["c".into()]
        }
    );
}

#[test]
fn invalid_input_is_rejected_with_names() {
    let y = [false, true, true];
    let err = Design::new(&y, &[("dose", [1.0, f64::NAN, 2.0])]).unwrap_err();
    // NaN never equals NaN, so match the fields instead of comparing whole errors.
    assert!(
        matches!(&err, LogitError::NonFinite { predictor, index: 1, value } if predictor == "dose" && value.is_nan()),
        "{err}"
    );

    let err = Design::new(&y, &[("dose", [1.0, 2.0])]).unwrap_err();
    assert_eq!(
        err,
        LogitError::LengthMismatch {
            predictor: "dose".into(),
            len: 2,
            expected: 3
        }
    );

    let err = Design::new(&[true, true], &[("dose", [1.0, 2.0])]).unwrap_err();
    assert_eq!(
        err,
        LogitError::SingleClass {
            events: 2,
            non_events: 0
        }
    );

    let err = Design::new(&y, &[("dose", [1.0, 2.0, 3.0]), ("dose", [2.0, 2.0, 1.0])]).unwrap_err();
    assert_eq!(err, LogitError::DuplicatePredictor("dose".into()));

    let design = Design::new(&y, &[("dose", [1.0, 2.0, 3.0])]).unwrap();
    let err = fit(
        &design,
        &FitOptions {
            level: 1.0,
            profile_intervals: false,
        },
    )
    .unwrap_err();
    assert_eq!(err, LogitError::InvalidConfidenceLevel(1.0));
}

#[test]
fn spector_lr_test_and_r_squared_match_r() {
    let model = fit(&spector(), &FitOptions::default()).unwrap();
    let lr = model.lr_test.unwrap();
    // R 4.2.2: null.deviance - deviance, pchisq(lr, 3, lower.tail = FALSE), Cox-Snell, Nagelkerke.
    assert_relative_eq!(lr.statistic, 15.404190948971749, max_relative = 1e-9);
    assert_eq!(lr.df, 3);
    assert_relative_eq!(lr.p, 0.0015018786820605152, max_relative = 1e-9);
    assert_relative_eq!(
        model.cox_snell_r2.unwrap(),
        0.38207053797403179,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        model.nagelkerke_r2.unwrap(),
        0.52779645996911440,
        max_relative = 1e-9
    );
}

#[test]
fn nested_comparison_matches_anova() {
    let design = spector();
    let model = fit(&design, &FitOptions::default()).unwrap();
    let comparison = nested_comparison(&design, &model, "GPA").unwrap();
    // R 4.2.2: anova(glm(GRADE ~ GPA), glm(GRADE ~ GPA + TUCE + PSI), test = "LRT").
    assert_relative_eq!(
        comparison.lr_test.statistic,
        6.6385377751987527,
        max_relative = 1e-9
    );
    assert_eq!(comparison.lr_test.df, 2);
    assert_relative_eq!(
        comparison.lr_test.p,
        0.036179273202317022,
        max_relative = 1e-9
    );

    let err = nested_comparison(&design, &model, "age").unwrap_err();
    assert_eq!(err, LogitError::UnknownPredictor("age".into()));
}

#[test]
fn profile_interval_is_exact_root() {
    let options = FitOptions {
        level: 0.95,
        profile_intervals: true,
    };
    let model = fit(&spector(), &options).unwrap();
    let (lower, upper) = model.coefficients[1].profile_interval.unwrap();
    // In R 4.2.2, glm(GRADE ~ TUCE + PSI + offset(b * GPA)) at these b has deviance
    // 25.779268444262829 + qchisq(0.95, 1) to within 3e-15. R's confint() spline
    // gives (0.639366529881, 5.757253162349).
    assert_relative_eq!(lower, 0.6391581694514954, max_relative = 1e-9);
    assert_relative_eq!(upper, 5.756731446436823, max_relative = 1e-9);
    assert_relative_eq!(lower, 0.639366529881, max_relative = 1e-3);
}

#[test]
fn firth_on_two_by_two_table_adds_half() {
    // With one binary predictor the model is saturated and Firth's estimate is the
    // log odds ratio of the table with 0.5 added to every cell (Firth 1993).
    let y = [true, false, false, false, true, true, true, false];
    let x = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
    let model = firth(&Design::new(&y, &[("x", &x[..])]).unwrap(), 0.95).unwrap();
    assert_relative_eq!(
        model.coefficients[0].estimate,
        (1.5f64 / 3.5).ln(),
        max_relative = 1e-10
    );
    assert_relative_eq!(
        model.coefficients[1].estimate,
        2.0 * (3.5f64 / 1.5).ln(),
        max_relative = 1e-10
    );
    let slope = &model.coefficients[1];
    assert!(slope.ci_lower < slope.estimate);
    assert!(slope.estimate < slope.ci_upper);
    // With one predictor the test of the slope is the model's LR test.
    assert_relative_eq!(
        slope.chi_square,
        model.lr_test.statistic,
        max_relative = 1e-9
    );
}

#[test]
fn hosmer_lemeshow_empty_interval_gives_no_statistic() {
    // n = 5: the decile positions 1, 1.4, 1.8, ... put several breaks between two
    // fitted values, so some intervals are empty and R's sum is 0/0 = NaN.
    let y = [false, true, false, true, true];
    let p = [0.1, 0.2, 0.3, 0.4, 0.5];
    let hl = hosmer_lemeshow(&y, &p, 10).unwrap();
    assert_eq!(hl.n_groups, 5);
    assert_eq!(hl.df, Some(3));
    assert_eq!(hl.statistic, None);
    assert_eq!(hl.p, None);
    assert_eq!(hl.groups.len(), 10);
}

#[test]
fn hosmer_lemeshow_rejects_bad_input() {
    assert_eq!(
        hosmer_lemeshow(&[true, false], &[0.5, 1.5], 10).unwrap_err(),
        LogitError::InvalidProbability {
            index: 1,
            value: 1.5
        }
    );
    assert_eq!(
        hosmer_lemeshow(&[true, false], &[0.5, 0.5], 1).unwrap_err(),
        LogitError::TooFewGroups(1)
    );
}

#[test]
fn bootstrap_is_independent_of_thread_count() {
    let design = spector();
    let model = fit(&design, &FitOptions::default()).unwrap();
    let options = BootstrapOptions {
        replicates: 200,
        seed: 42,
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| bootstrap_validation(&design, &model, &options, None).unwrap())
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one, two);
    assert_eq!(one.seed, 42);
    assert_eq!(one.replicates, 200);
    assert!(
        one.optimism_auc > 0.0,
        "refitting on the same data is optimistic"
    );
    assert!(
        one.corrected_slope < 1.0,
        "a 4-parameter model on 32 rows is overfitted"
    );

    let other_seed = bootstrap_validation(
        &design,
        &model,
        &BootstrapOptions {
            seed: 43,
            ..options
        },
        None,
    )
    .unwrap();
    assert_ne!(one.results, other_seed.results);
}

#[test]
fn bootstrap_counts_failed_replicates_and_reports_progress() {
    // Two events in 12 rows: many resamples have no event or are separated.
    let y: Vec<bool> = (0..12).map(|i| i == 3 || i == 8).collect();
    let x: Vec<f64> = (0..12).map(|i| f64::from(i % 5)).collect();
    let design = Design::new(&y, &[("x", x)]).unwrap();
    let model = fit(&design, &FitOptions::default()).unwrap();
    assert!(!model.is_separated());

    let calls = AtomicUsize::new(0);
    let largest = AtomicUsize::new(0);
    let progress = |done: usize| {
        calls.fetch_add(1, Ordering::Relaxed);
        largest.fetch_max(done, Ordering::Relaxed);
    };
    let options = BootstrapOptions {
        replicates: 300,
        seed: 7,
    };
    let v = bootstrap_validation(&design, &model, &options, Some(&progress)).unwrap();

    let f = v.failures;
    assert!(f.single_class > 0, "{f:?}");
    assert_eq!(
        v.successful + f.single_class + f.collinear + f.separation + f.test_fit,
        300
    );
    assert_eq!(v.results.iter().filter(|r| r.is_ok()).count(), v.successful);
    assert_eq!(calls.load(Ordering::Relaxed), 300);
    assert_eq!(largest.load(Ordering::Relaxed), 300);
}

#[test]
fn firth_spector_matches_direct_optimisation() {
    let model = firth(&spector(), 0.95).unwrap();
    let gpa = &model.coefficients[1];
    // R 4.2.2: optim (BFGS, Nelder-Mead, reltol 1e-16) on ℓ(β) + ½ log det I(β), the
    // profile by optim over the other coefficients, the limit by uniroot. optim's
    // precision is about 1e-8, hence the tolerance.
    assert_relative_eq!(
        model.penalised_log_likelihood,
        -10.2414131449,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        model.coefficients[0].estimate,
        -10.4332699736691,
        max_relative = 1e-7
    );
    assert_relative_eq!(gpa.estimate, 2.2844645228491, max_relative = 1e-7);
    assert_relative_eq!(
        model.coefficients[3].estimate,
        2.0066819317455,
        max_relative = 1e-7
    );
    assert_relative_eq!(gpa.ci_upper, 4.765064349, max_relative = 1e-8);
    assert_relative_eq!(gpa.chi_square, 5.699266774, max_relative = 1e-8);
}
