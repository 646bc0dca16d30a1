//! Comparing a model with one of its own predictors: why DeLong's test is the wrong
//! tool there, and the likelihood-ratio test to use instead.

use crate::design::Design;
use crate::error::LogitError;
use crate::fit::{FitOptions, LogitFit, LrTest, fit};

/// The warning attached to a DeLong comparison of nested models.
pub const NESTED_DELONG_WARNING: &str = "the model contains this predictor, so the two AUCs come \
from nested models; DeLong's test is then unreliable and conservative, with a non-normal \
statistic under the null hypothesis (Demler, Pencina and D'Agostino 2012). Use the \
likelihood-ratio test of the added predictors instead.";

/// A model compared with the single-predictor model of one of its predictors.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedComparison {
    /// The single predictor.
    pub predictor: String,
    /// Always [`NESTED_DELONG_WARNING`].
    pub warning: &'static str,
    /// Likelihood-ratio test of the predictors the model adds to `predictor`.
    pub lr_test: LrTest,
}

/// Returns the nested-model warning when `predictor` is one of `model_predictors`.
///
/// A DeLong test of a model's AUC against the AUC of a predictor the model contains
/// compares nested models. Its statistic is then not normal under the null
/// hypothesis (Demler, Pencina and D'Agostino 2012).
///
/// # Examples
///
/// ```
/// use repro_logit::{nested_delong_warning, NESTED_DELONG_WARNING};
///
/// let model = ["BF", "BV", "MTT"];
/// assert_eq!(nested_delong_warning(&model, "BV"), Some(NESTED_DELONG_WARNING));
/// assert_eq!(nested_delong_warning(&model, "age"), None);
/// ```
pub fn nested_delong_warning<S: AsRef<str>>(
    model_predictors: &[S],
    predictor: &str,
) -> Option<&'static str> {
    model_predictors
        .iter()
        .any(|p| p.as_ref() == predictor)
        .then_some(NESTED_DELONG_WARNING)
}

/// Compares `model` with the model of `predictor` alone by the likelihood-ratio test
/// of the added predictors (Wilks 1938), and attaches [`NESTED_DELONG_WARNING`].
///
/// # Errors
///
/// [`LogitError::UnknownPredictor`] when `predictor` is not in `design`;
/// [`LogitError::NotNested`] when the model has no other predictor; and
/// [`LogitError::Separation`] when either model is separated.
///
/// # Examples
///
/// ```
/// use repro_logit::{fit, nested_comparison, Design, FitOptions};
///
/// let a = [0.5, 1.3, 2.1, 2.2, 3.0, 3.8, 4.1, 4.4, 5.6, 6.0, 6.3, 7.7];
/// let b = [1.0, 0.0, 2.0, 1.0, 3.0, 1.0, 0.0, 2.0, 1.0, 2.0, 3.0, 1.0];
/// let y = [false, false, true, false, false, true, false, true, true, false, true, true];
/// let design = Design::new(&y, &[("a", &a[..]), ("b", &b[..])]).unwrap();
/// let model = fit(&design, &FitOptions::default()).unwrap();
///
/// let comparison = nested_comparison(&design, &model, "a").unwrap();
/// assert_eq!(comparison.lr_test.df, 1);
/// assert!(comparison.lr_test.statistic >= 0.0);
/// ```
pub fn nested_comparison(
    design: &Design,
    model: &LogitFit,
    predictor: &str,
) -> Result<NestedComparison, LogitError> {
    let reduced = fit(&design.select(&[predictor])?, &FitOptions::default())?;
    Ok(NestedComparison {
        predictor: predictor.to_owned(),
        warning: NESTED_DELONG_WARNING,
        lr_test: model.lr_test_against(&reduced)?,
    })
}
