//! The unpenalised maximum-likelihood fit and its Wald and likelihood-ratio inference.

use crate::design::Design;
use crate::error::LogitError;
use crate::irls::{self, GlmState, Objective};
use crate::profile;
use crate::stats::{chi_square_upper, normal_quantile, two_sided_normal_p};
use std::fmt;

/// Options of [`fit`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitOptions {
    /// Confidence level of the Wald and profile intervals (default 0.95).
    pub level: f64,
    /// Also compute profile-likelihood intervals, as R's `confint(fit)` (default false).
    pub profile_intervals: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            level: 0.95,
            profile_intervals: false,
        }
    }
}

/// Cause of the separation flag, as R's default `glm` fit reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeparationReason {
    /// "glm.fit: fitted probabilities numerically 0 or 1 occurred": some fitted
    /// probability is within `10 · eps` of 0 or 1.
    FittedProbabilitiesZeroOrOne,
    /// "glm.fit: algorithm did not converge" within 25 iterations.
    NotConverged,
}

impl fmt::Display for SeparationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SeparationReason::FittedProbabilitiesZeroOrOne => {
                "fitted probabilities numerically 0 or 1 occurred"
            }
            SeparationReason::NotConverged => {
                "the IRLS algorithm did not converge in 25 iterations"
            }
        })
    }
}

/// Wald inference of one coefficient, as SPSS and R's `summary.glm` print it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wald {
    /// `estimate / se`.
    pub z: f64,
    /// SPSS's Wald statistic `z²` (chi-square, 1 df).
    pub chi_square: f64,
    /// Two-sided P, `2 Φ(−|z|)`.
    pub p: f64,
    /// `estimate − q · se`, with `q = Φ⁻¹((1 + level) / 2)` (log-odds scale).
    pub ci_lower: f64,
    /// `estimate + q · se` (log-odds scale).
    pub ci_upper: f64,
    /// `exp(estimate)`.
    pub odds_ratio: f64,
    /// `exp(ci_lower)`.
    pub or_ci_lower: f64,
    /// `exp(ci_upper)`.
    pub or_ci_upper: f64,
}

/// One row of the coefficient table.
#[derive(Clone, Debug, PartialEq)]
pub struct Coefficient {
    /// `"(Intercept)"` or the predictor name.
    pub term: String,
    /// Maximum-likelihood estimate (under separation, where R's glm stopped).
    pub estimate: f64,
    /// Square root of the diagonal of the inverse Fisher information at `estimate`.
    pub se: f64,
    /// `None` under separation: there is no estimate to test.
    pub wald: Option<Wald>,
    /// Profile-likelihood interval of the coefficient (log-odds scale), when requested.
    pub profile_interval: Option<(f64, f64)>,
}

/// A likelihood-ratio test of nested models.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LrTest {
    /// `deviance(reduced) − deviance(full)`.
    pub statistic: f64,
    /// Difference in the number of parameters.
    pub df: usize,
    /// Upper chi-square tail of `statistic` with `df` degrees of freedom.
    pub p: f64,
}

/// Iteration counts and final step size of a fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Convergence {
    /// Iterations of the R-style IRLS (at most 25).
    pub glm_iterations: usize,
    /// Whether the IRLS met R's criterion `|Δdev| / (|dev| + 0.1) < 1e-8`.
    pub glm_converged: bool,
    /// Newton iterations after the IRLS (0 under separation, which skips them).
    pub newton_iterations: usize,
    /// Newton decrement `sqrt(Uᵀ I⁻¹ U)` of the last step: its size in standard errors.
    pub newton_decrement: f64,
}

/// A fitted logistic regression `logit P(y = 1) = β₀ + β₁ x₁ + …`.
#[derive(Clone, Debug, PartialEq)]
pub struct LogitFit {
    /// Rows fitted.
    pub n: usize,
    /// Rows with the event.
    pub n_events: usize,
    /// `"(Intercept)"` and the predictors, one row each.
    pub coefficients: Vec<Coefficient>,
    /// Inverse Fisher information at the estimate, `k + 1` rows of `k + 1` entries.
    pub covariance: Vec<Vec<f64>>,
    /// `X β̂` per row.
    pub linear_predictor: Vec<f64>,
    /// Fitted probabilities per row.
    pub fitted: Vec<f64>,
    /// Log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// `−2 · log_likelihood` (exact for 0/1 outcomes).
    pub deviance: f64,
    /// Deviance of the intercept-only model.
    pub null_deviance: f64,
    /// `deviance + 2 (k + 1)`.
    pub aic: f64,
    /// Test against the intercept-only model; `None` under separation.
    pub lr_test: Option<LrTest>,
    /// Cox-Snell R², `1 − exp((deviance − null_deviance) / n)`; `None` under separation.
    pub cox_snell_r2: Option<f64>,
    /// Nagelkerke R², Cox-Snell divided by its maximum `1 − exp(−null_deviance / n)`.
    pub nagelkerke_r2: Option<f64>,
    /// `Some` when the data are separated and no finite estimate exists.
    pub separation: Option<SeparationReason>,
    /// Iteration counts and the final step size.
    pub convergence: Convergence,
    /// Confidence level of the intervals.
    pub level: f64,
}

impl LogitFit {
    /// Reports whether the data are (completely or quasi-completely) separated.
    pub fn is_separated(&self) -> bool {
        self.separation.is_some()
    }

    /// Estimates in term order.
    pub fn estimates(&self) -> Vec<f64> {
        self.coefficients.iter().map(|c| c.estimate).collect()
    }

    /// Term names in order, `"(Intercept)"` first.
    pub fn terms(&self) -> Vec<&str> {
        self.coefficients.iter().map(|c| c.term.as_str()).collect()
    }

    /// Tests this model against a reduced model nested in it, fitted to the same rows.
    ///
    /// The statistic is `deviance(reduced) − deviance(self)` on `k_self − k_reduced`
    /// df (Wilks 1938). Use it in place of a DeLong comparison of nested models.
    ///
    /// # Errors
    ///
    /// [`LogitError::NotNested`] when a term of `reduced` is not in `self`, when
    /// `reduced` has as many terms, or when the row counts differ;
    /// [`LogitError::Separation`] when either fit is separated.
    pub fn lr_test_against(&self, reduced: &LogitFit) -> Result<LrTest, LogitError> {
        if let Some(term) = reduced
            .terms()
            .into_iter()
            .find(|t| !self.terms().contains(t))
        {
            return Err(LogitError::NotNested(term.to_owned()));
        }
        if reduced.coefficients.len() >= self.coefficients.len() || reduced.n != self.n {
            return Err(LogitError::NotNested(
                reduced
                    .terms()
                    .last()
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
        for model in [self, reduced] {
            if let Some(reason) = model.separation {
                return Err(LogitError::Separation {
                    reason: reason.to_string(),
                    what: "the likelihood-ratio test",
                });
            }
        }
        let statistic = reduced.deviance - self.deviance;
        let df = self.coefficients.len() - reduced.coefficients.len();
        Ok(LrTest {
            statistic,
            df,
            p: chi_square_upper(statistic, df as f64),
        })
    }
}

/// Fits `glm(y ~ x1 + …, family = binomial)` by maximum likelihood, without penalty.
///
/// The fit first runs R's own IRLS (start `(y + 0.5) / 2`, deviance criterion 1e-8,
/// 25 iterations) to decide separation exactly as R does. The data count as separated
/// when that fit does not converge or leaves a fitted probability within `10 · eps`
/// of 0 or 1. Otherwise Newton steps continue from R's estimate until the Newton
/// decrement is below 1e-10, and the standard errors come from the Fisher information
/// at that final estimate. This reproduces `glm` refitted with `epsilon = 1e-14`; the
/// default `glm` fit takes its SEs from the previous iterate and differs by up to
/// about 1e-5 relative.
///
/// Wald intervals are `exp(b ± q · se)` with `q = Φ⁻¹((1 + level) / 2)`, as R's
/// `confint.default` and SPSS. Profile-likelihood intervals, when requested, are the
/// exact roots of `deviance(b_j) − deviance_min = χ²₁(level)`, where `deviance(b_j)`
/// is minimised over the other coefficients (Venzon and Moolgavkar 1988). R's
/// `confint` (MASS 7.3 or R ≥ 4.4) finds the same roots by spline interpolation on a
/// grid, which agrees to about 4 significant digits.
///
/// Under separation the coefficients, SEs and likelihoods are those of the last IRLS
/// iterate, as R reports them; `wald`, `lr_test`, the R² values and profile intervals
/// are `None`, because no estimate exists. Fit [`crate::firth`] instead.
///
/// # Errors
///
/// [`LogitError::InvalidConfidenceLevel`] outside (0, 1); [`LogitError::NotConverged`]
/// or [`LogitError::SingularInformation`] if Newton fails after a converged IRLS.
///
/// # Examples
///
/// ```
/// use repro_logit::{fit, Design, FitOptions};
///
/// // A 2x2 table: 1 event in 4 rows at x = 0, 3 in 4 at x = 1. By hand, the slope is
/// // the log odds ratio ln 9 with SE sqrt(1/1 + 1/3 + 1/3 + 1/1), and the Wald
/// // interval of the odds ratio is exp(ln 9 ± 1.959963984540054 · SE).
/// let y = [true, false, false, false, true, true, true, false];
/// let x = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// let design = Design::new(&y, &[("x", &x[..])]).unwrap();
/// let model = fit(&design, &FitOptions::default()).unwrap();
/// assert!(!model.is_separated());
///
/// let se = (8.0f64 / 3.0).sqrt();
/// let wald = model.coefficients[1].wald.unwrap();
/// assert!((wald.z - 9f64.ln() / se).abs() < 1e-12);
/// assert!((wald.or_ci_lower - (9f64.ln() - 1.959963984540054 * se).exp()).abs() < 1e-12);
/// assert!((wald.or_ci_upper - (9f64.ln() + 1.959963984540054 * se).exp()).abs() < 1e-9);
/// ```
pub fn fit(design: &Design, options: &FitOptions) -> Result<LogitFit, LogitError> {
    check_level(options.level)?;
    let x = design.matrix();
    let y = design.outcome();
    let glm = irls::glm_irls(x, y)?;
    let separation = separation_of(&glm);

    let terms = design.terms();
    let n = design.n();
    let n_events = design.n_events();
    let null_deviance = null_deviance(y);
    let k = terms.len();

    let (beta, linear_predictor, fitted, log_likelihood, deviance, information, convergence) =
        match separation {
            None => {
                let objective = Objective::new(x, y, false, "the Newton fit");
                let maximum = objective.maximise(glm.beta.clone())?;
                let deviance = -2.0 * maximum.at.log_likelihood;
                (
                    maximum.beta,
                    maximum.at.eta,
                    maximum.at.p,
                    maximum.at.log_likelihood,
                    deviance,
                    maximum.at.information,
                    Convergence {
                        glm_iterations: glm.iterations,
                        glm_converged: glm.converged,
                        newton_iterations: maximum.iterations,
                        newton_decrement: maximum.decrement,
                    },
                )
            }
            Some(_) => {
                // R's numbers where it stopped. As in `summary.glm`, the information
                // uses the working weights of the last IRLS step.
                let mut xw = x.clone();
                for (i, w) in glm.working_weights.iter().enumerate() {
                    xw.row_mut(i).scale_mut(w.sqrt());
                }
                (
                    glm.beta.clone(),
                    glm.eta.clone(),
                    glm.mu.clone(),
                    -glm.deviance / 2.0,
                    glm.deviance,
                    xw.tr_mul(&xw),
                    Convergence {
                        glm_iterations: glm.iterations,
                        glm_converged: glm.converged,
                        newton_iterations: 0,
                        newton_decrement: f64::NAN,
                    },
                )
            }
        };

    let covariance = irls::invert_spd(&information);
    let covariance: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| covariance.as_ref().map_or(f64::NAN, |c| c[(i, j)]))
                .collect()
        })
        .collect();

    let q = normal_quantile((1.0 + options.level) / 2.0);
    let intervals = if options.profile_intervals && separation.is_none() {
        let ses: Vec<f64> = (0..k).map(|j| covariance[j][j].sqrt()).collect();
        Some(profile::intervals(
            x,
            y,
            &beta,
            log_likelihood,
            &ses,
            options.level,
            false,
        )?)
    } else {
        None
    };

    let coefficients = terms
        .into_iter()
        .enumerate()
        .map(|(j, term)| {
            let estimate = beta[j];
            let se = covariance[j][j].sqrt();
            let wald = separation.is_none().then(|| wald(estimate, se, q));
            Coefficient {
                term,
                estimate,
                se,
                wald,
                profile_interval: intervals.as_ref().map(|v| v[j]),
            }
        })
        .collect();

    let aic = deviance + 2.0 * k as f64;
    let (lr_test, cox_snell_r2, nagelkerke_r2) = if separation.is_none() {
        let statistic = null_deviance - deviance;
        let df = k - 1;
        let cox_snell = -((deviance - null_deviance) / n as f64).exp_m1();
        let max_cox_snell = -(-null_deviance / n as f64).exp_m1();
        (
            Some(LrTest {
                statistic,
                df,
                p: chi_square_upper(statistic, df as f64),
            }),
            Some(cox_snell),
            Some(cox_snell / max_cox_snell),
        )
    } else {
        (None, None, None)
    };

    Ok(LogitFit {
        n,
        n_events,
        coefficients,
        covariance,
        linear_predictor,
        fitted,
        log_likelihood,
        deviance,
        null_deviance,
        aic,
        lr_test,
        cox_snell_r2,
        nagelkerke_r2,
        separation,
        convergence,
        level: options.level,
    })
}

pub(crate) fn separation_of(glm: &GlmState) -> Option<SeparationReason> {
    if !glm.converged {
        Some(SeparationReason::NotConverged)
    } else if glm.fitted_at_boundary() {
        Some(SeparationReason::FittedProbabilitiesZeroOrOne)
    } else {
        None
    }
}

pub(crate) fn check_level(level: f64) -> Result<(), LogitError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(LogitError::InvalidConfidenceLevel(level))
    }
}

/// Deviance of the intercept-only model, summed per row as R's `glm.fit` does.
fn null_deviance(y: &[bool]) -> f64 {
    let mean = y.iter().filter(|&&e| e).count() as f64 / y.len() as f64;
    let mu = vec![mean; y.len()];
    irls::deviance(y, &mu)
}

fn wald(estimate: f64, se: f64, q: f64) -> Wald {
    let z = estimate / se;
    let (ci_lower, ci_upper) = (estimate - q * se, estimate + q * se);
    Wald {
        z,
        chi_square: z * z,
        p: two_sided_normal_p(z),
        ci_lower,
        ci_upper,
        odds_ratio: estimate.exp(),
        or_ci_lower: ci_lower.exp(),
        or_ci_upper: ci_upper.exp(),
    }
}
