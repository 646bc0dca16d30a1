//! The two optimisers: R's `glm.fit` IRLS reproduced step by step, and a Newton
//! method (optionally with Firth's penalty) that runs to full precision.

use crate::design::linear_predictor;
use crate::error::LogitError;
use nalgebra::{Cholesky, DMatrix, DVector, Dyn};

/// `glm.control()` defaults in R 4.2: relative deviance change and iteration limit.
pub(crate) const GLM_EPSILON: f64 = 1e-8;
pub(crate) const GLM_MAX_ITERATIONS: usize = 25;

/// R's `binomial()$linkinv` bounds: beyond |eta| = 30 it clamps mu to eps or 1 - eps.
const R_ETA_THRESHOLD: f64 = 30.0;

/// Newton stops once the Newton decrement `sqrt(Uᵀ I⁻¹ U)` of the step just taken is
/// below this. The decrement bounds every coefficient's step in standard errors, and
/// the error left after a Newton step is of the order of its square.
const DECREMENT_TOLERANCE: f64 = 1e-10;

/// Above this decrement, a step that fails to increase the objective is an error. Below
/// it the objective is flat to rounding, so the estimate is accepted.
const ROUNDING_FLOOR: f64 = 1e-6;

const NEWTON_MAX_ITERATIONS: usize = 100;
const MAX_STEP_HALVINGS: usize = 40;

/// Largest change of any coefficient in one Firth step, as `logistf.control(maxstep = 5)`.
const FIRTH_MAX_STEP: f64 = 5.0;

/// R's `binomial()$linkinv` for the logit link (C function `logit_linkinv`).
pub(crate) fn r_linkinv(eta: f64) -> f64 {
    let t = if eta < -R_ETA_THRESHOLD {
        f64::EPSILON
    } else if eta > R_ETA_THRESHOLD {
        1.0 / f64::EPSILON
    } else {
        eta.exp()
    };
    t / (1.0 + t)
}

/// R's `binomial()$mu.eta` for the logit link (C function `logit_mu_eta`).
fn r_mu_eta(eta: f64) -> f64 {
    if eta.abs() > R_ETA_THRESHOLD {
        f64::EPSILON
    } else {
        let opexp = 1.0 + eta.exp();
        eta.exp() / (opexp * opexp)
    }
}

/// Binomial deviance `Σ -2 log(mu_i)` over events and `Σ -2 log(1 - mu_i)` over
/// non-events, summed in row order as R's `sum(dev.resids(...))`.
pub(crate) fn deviance(y: &[bool], mu: &[f64]) -> f64 {
    y.iter()
        .zip(mu)
        .map(|(&yi, &m)| {
            if yi {
                -2.0 * m.ln()
            } else {
                -2.0 * (1.0 - m).ln()
            }
        })
        .sum()
}

/// `log(1 + exp(t))` without overflow or cancellation.
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// The logistic function `1 / (1 + exp(-t))`, accurate in both tails.
pub(crate) fn logistic(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

/// Bernoulli log-likelihood `Σ y η − log(1 + e^η)` of a linear predictor.
pub(crate) fn log_likelihood(y: &[bool], eta: &[f64]) -> f64 {
    y.iter()
        .zip(eta)
        .map(|(&yi, &e)| if yi { -softplus(-e) } else { -softplus(e) })
        .sum()
}

/// State of R's `glm.fit` when it stops.
#[derive(Clone, Debug)]
pub(crate) struct GlmState {
    pub beta: Vec<f64>,
    pub eta: Vec<f64>,
    pub mu: Vec<f64>,
    pub deviance: f64,
    pub iterations: usize,
    pub converged: bool,
    /// Working weights `mu_eta² / variance` of the last IRLS step, evaluated at the
    /// iterate before the last: `summary.glm` takes its SEs from them.
    pub working_weights: Vec<f64>,
}

impl GlmState {
    /// R's separation warning: some fitted probability within `10 · eps` of 0 or 1.
    pub(crate) fn fitted_at_boundary(&self) -> bool {
        let eps = 10.0 * f64::EPSILON;
        self.mu.iter().any(|&m| m > 1.0 - eps || m < eps)
    }
}

/// Runs R's `glm.fit` IRLS for `family = binomial` with `glm.control()` defaults.
///
/// The start is R's `mustart = (y + 0.5) / 2`, and each iteration solves the weighted
/// least-squares problem by QR. The loop stops when `|dev − dev_old| / (|dev| + 0.1)`
/// is below 1e-8 or after 25 iterations. Reproducing the path (not just the optimum)
/// matters because the separation flag and, under separation, every reported number
/// are properties of where R stops.
pub(crate) fn glm_irls(x: &DMatrix<f64>, y: &[bool]) -> Result<GlmState, LogitError> {
    let (n, p) = x.shape();
    let mut eta: Vec<f64> = y
        .iter()
        .map(|&yi| {
            let m: f64 = if yi { 0.75 } else { 0.25 };
            (m / (1.0 - m)).ln()
        })
        .collect();
    let mut mu: Vec<f64> = eta.iter().map(|&e| r_linkinv(e)).collect();
    let mut dev_old = deviance(y, &mu);
    let mut beta = vec![0.0; p];
    let mut converged = false;
    let mut iterations = 0;
    let mut working_weights = vec![0.0; n];

    for iteration in 1..=GLM_MAX_ITERATIONS {
        iterations = iteration;
        let mut xw = x.clone();
        let mut zw = DVector::zeros(n);
        for i in 0..n {
            let mu_eta = r_mu_eta(eta[i]);
            let variance = mu[i] * (1.0 - mu[i]);
            let yi = if y[i] { 1.0 } else { 0.0 };
            let z = eta[i] + (yi - mu[i]) / mu_eta;
            working_weights[i] = mu_eta * mu_eta / variance;
            let w = working_weights[i].sqrt();
            xw.row_mut(i).scale_mut(w);
            zw[i] = z * w;
        }
        beta = least_squares(xw, zw).ok_or(LogitError::SingularInformation {
            what: "the IRLS fit",
        })?;
        eta = linear_predictor(x, &beta);
        mu = eta.iter().map(|&e| r_linkinv(e)).collect();
        let dev = deviance(y, &mu);
        if (dev - dev_old).abs() / (dev.abs() + 0.1) < GLM_EPSILON {
            converged = true;
            dev_old = dev;
            break;
        }
        dev_old = dev;
    }

    Ok(GlmState {
        beta,
        eta,
        mu,
        deviance: dev_old,
        iterations,
        converged,
        working_weights,
    })
}

/// Least-squares solution of `a β ≈ b` by Householder QR, or `None` if `R` is singular.
fn least_squares(a: DMatrix<f64>, b: DVector<f64>) -> Option<Vec<f64>> {
    let qr = a.qr();
    let qtb = qr.q().tr_mul(&b);
    let r = qr.r();
    if (0..r.nrows()).any(|i| r[(i, i)] == 0.0) {
        return None;
    }
    let beta = r.solve_upper_triangular(&qtb)?;
    Some(beta.iter().copied().collect())
}

/// A likelihood to maximise: data, an optional offset, which coefficients are free,
/// and whether Firth's penalty `½ log det I(β)` is added.
pub(crate) struct Objective<'a> {
    pub x: &'a DMatrix<f64>,
    pub y: &'a [bool],
    pub offset: Option<&'a [f64]>,
    /// `free[j]` is false for a coefficient held at its starting value (profiling).
    pub free: Vec<bool>,
    pub firth: bool,
    /// Names the fit in error messages.
    pub what: &'static str,
}

/// The likelihood and its derivatives at one coefficient vector.
pub(crate) struct Evaluation {
    pub eta: Vec<f64>,
    pub p: Vec<f64>,
    /// Fisher information `Xᵀ W X` of all coefficients.
    pub information: DMatrix<f64>,
    /// Unpenalised log-likelihood.
    pub log_likelihood: f64,
    /// The maximised quantity: the log-likelihood, plus `½ log det I` under Firth.
    pub objective: f64,
    /// Score of every coefficient (Firth's modified score under Firth).
    pub score: DVector<f64>,
}

/// A maximum of an [`Objective`].
pub(crate) struct Maximum {
    pub beta: Vec<f64>,
    pub at: Evaluation,
    pub iterations: usize,
    /// Newton decrement of the last step taken.
    pub decrement: f64,
}

impl<'a> Objective<'a> {
    /// Creates an objective with every coefficient free and no offset.
    pub(crate) fn new(x: &'a DMatrix<f64>, y: &'a [bool], firth: bool, what: &'static str) -> Self {
        Objective {
            x,
            y,
            offset: None,
            free: vec![true; x.ncols()],
            firth,
            what,
        }
    }

    /// Evaluates the objective, information and score at `beta`.
    ///
    /// Returns `None` when the information matrix is not positive definite (needed
    /// for Firth's penalty and for the hat values).
    pub(crate) fn evaluate(&self, beta: &[f64]) -> Option<Evaluation> {
        let k = self.x.ncols();
        let mut eta = linear_predictor(self.x, beta);
        if let Some(offset) = self.offset {
            for (e, o) in eta.iter_mut().zip(offset) {
                *e += o;
            }
        }
        let p: Vec<f64> = eta.iter().map(|&e| logistic(e)).collect();

        let mut xw = self.x.clone();
        for (i, pi) in p.iter().enumerate() {
            xw.row_mut(i).scale_mut((pi * (1.0 - pi)).sqrt());
        }
        let information = xw.tr_mul(&xw);
        let log_likelihood = log_likelihood(self.y, &eta);

        let mut residual: Vec<f64> = self
            .y
            .iter()
            .zip(&p)
            .map(|(&yi, &pi)| if yi { 1.0 - pi } else { -pi })
            .collect();
        let mut objective = log_likelihood;
        if self.firth {
            let cholesky = Cholesky::new(information.clone())?;
            let l = cholesky.l();
            objective += (0..k).map(|j| l[(j, j)].ln()).sum::<f64>();
            // Hat values h_i = w_i x_iᵀ I⁻¹ x_i = ‖L⁻¹ (√w_i x_i)‖².
            let v = l.solve_lower_triangular(&xw.transpose())?;
            for (i, r) in residual.iter_mut().enumerate() {
                let h = v.column(i).norm_squared();
                *r += h * (0.5 - p[i]);
            }
        }
        let score = self.x.tr_mul(&DVector::from_vec(residual));

        Some(Evaluation {
            eta,
            p,
            information,
            log_likelihood,
            objective,
            score,
        })
    }

    /// Maximises the objective over the free coefficients from `start` by Newton
    /// steps with the Fisher information, halving a step that lowers the objective.
    /// Without the penalty the information is the exact Hessian. With Firth's penalty
    /// it is the approximation that `logistf` uses.
    pub(crate) fn maximise(&self, start: Vec<f64>) -> Result<Maximum, LogitError> {
        let singular = LogitError::SingularInformation { what: self.what };
        let free: Vec<usize> = (0..self.free.len()).filter(|&j| self.free[j]).collect();
        let mut beta = start;
        let mut at = self.evaluate(&beta).ok_or(singular.clone())?;
        let mut decrement = f64::INFINITY;

        for iteration in 1..=NEWTON_MAX_ITERATIONS {
            if free.is_empty() {
                return Ok(Maximum {
                    beta,
                    at,
                    iterations: 0,
                    decrement: 0.0,
                });
            }
            let info_free = at.information.select_rows(&free).select_columns(&free);
            let score_free = DVector::from_iterator(free.len(), free.iter().map(|&j| at.score[j]));
            let cholesky: Cholesky<f64, Dyn> = Cholesky::new(info_free).ok_or(singular.clone())?;
            let mut step = cholesky.solve(&score_free);
            decrement = score_free.dot(&step).max(0.0).sqrt();
            if !decrement.is_finite() {
                return Err(singular);
            }
            if self.firth {
                let largest = step.amax();
                if largest > FIRTH_MAX_STEP {
                    step *= FIRTH_MAX_STEP / largest;
                }
            }

            let tolerance = 1e-12 * (1.0 + at.objective.abs());
            let mut scale = 1.0;
            let mut accepted = None;
            for _ in 0..MAX_STEP_HALVINGS {
                let mut candidate = beta.clone();
                for (s, &j) in free.iter().enumerate() {
                    candidate[j] += scale * step[s];
                }
                if let Some(next) = self.evaluate(&candidate)
                    && next.objective.is_finite()
                    && next.objective >= at.objective - tolerance
                {
                    accepted = Some((candidate, next));
                    break;
                }
                scale *= 0.5;
            }

            match accepted {
                Some((candidate, next)) => {
                    beta = candidate;
                    at = next;
                }
                // No step raises the objective: it is flat to rounding here.
                None if decrement < ROUNDING_FLOOR => {
                    return Ok(Maximum {
                        beta,
                        at,
                        iterations: iteration,
                        decrement,
                    });
                }
                None => {
                    return Err(LogitError::NotConverged {
                        what: self.what,
                        iterations: iteration,
                        last_step: decrement,
                    });
                }
            }
            if scale == 1.0 && decrement < DECREMENT_TOLERANCE {
                return Ok(Maximum {
                    beta,
                    at,
                    iterations: iteration,
                    decrement,
                });
            }
        }
        Err(LogitError::NotConverged {
            what: self.what,
            iterations: NEWTON_MAX_ITERATIONS,
            last_step: decrement,
        })
    }
}

/// Inverts a symmetric positive definite matrix by Cholesky.
pub(crate) fn invert_spd(m: &DMatrix<f64>) -> Option<DMatrix<f64>> {
    Cholesky::new(m.clone()).map(|c| c.inverse())
}
