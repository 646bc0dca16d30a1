//! Logistic regression for diagnostic models, matching R 4.2's `glm` to 10 or more significant digits.
//!
//! ```
//! use repro_logit::{fit, hosmer_lemeshow, Design, FitOptions};
//!
//! // One binary predictor: 1 event in 4 rows at x = 0 and 3 in 4 at x = 1. The MLE is
//! // closed-form: b0 = logit(1/4) = -ln 3, b1 = logit(3/4) - logit(1/4) = 2 ln 3, and
//! // se(b1) = sqrt(1/1 + 1/3 + 1/3 + 1/1), the log odds-ratio SE of the 2x2 table.
//! let y = [true, false, false, false, true, true, true, false];
//! let x = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
//! let design = Design::new(&y, &[("x", &x[..])]).unwrap();
//! let model = fit(&design, &FitOptions::default()).unwrap();
//!
//! let slope = &model.coefficients[1];
//! assert!((slope.estimate - 2.0 * 3f64.ln()).abs() < 1e-12);
//! assert!((slope.se - (8.0f64 / 3.0).sqrt()).abs() < 1e-12);
//! let wald = slope.wald.unwrap();
//! assert!((wald.odds_ratio - 9.0).abs() < 1e-10);
//!
//! let hl = hosmer_lemeshow(&y, &model.fitted, 10).unwrap();
//! assert_eq!(hl.n_groups, 2);
//! ```
//!
//! The crate is pure: slices in, plain structs out, no I/O and no printing.
//!
//! * [`fit`]: unpenalised maximum likelihood with Wald and profile-likelihood
//!   inference, the likelihood-ratio test, AIC and R² measures, and separation
//!   detected as R's `glm` detects it.
//! * [`firth`]: Firth's penalised likelihood with profile penalised-likelihood
//!   intervals, as R's `logistf`, for separated data.
//! * [`hosmer_lemeshow`], [`calibration`], [`brier_score`]: calibration.
//! * [`bootstrap_validation`]: Harrell's optimism-corrected AUC and calibration slope.
//! * [`nested_delong_warning`], [`nested_comparison`]: the nested-model caveat of
//!   DeLong's test and the likelihood-ratio test that replaces it.

mod bootstrap;
mod calibration;
mod design;
mod error;
mod firth;
mod fit;
mod irls;
mod nested;
mod profile;
mod stats;

pub use bootstrap::{
    BootstrapOptions, BootstrapValidation, FailureCounts, ReplicateFailure, ReplicateResult,
    bootstrap_validation,
};
pub use calibration::{
    Calibration, HosmerLemeshow, HosmerLemeshowGroup, brier_score, calibration, hosmer_lemeshow,
};
pub use design::{Design, INTERCEPT};
pub use error::LogitError;
pub use firth::{FirthCoefficient, FirthFit, firth};
pub use fit::{
    Coefficient, Convergence, FitOptions, LogitFit, LrTest, SeparationReason, Wald, fit,
};
pub use nested::{
    NESTED_DELONG_WARNING, NestedComparison, nested_comparison, nested_delong_warning,
};
