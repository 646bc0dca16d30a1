//! Profile-likelihood confidence intervals (Venzon and Moolgavkar 1988), for the
//! unpenalised likelihood and for Firth's penalised likelihood (Heinze and Schemper 2002).

use crate::error::LogitError;
use crate::irls::Objective;
use crate::stats::normal_quantile;
use nalgebra::DMatrix;

/// Outward steps (in doublings of the SE) before a bound is declared infinite.
const MAX_DOUBLINGS: usize = 30;
const MAX_ROOT_ITERATIONS: usize = 200;

/// One coefficient's profile: the objective maximised with that coefficient fixed.
pub(crate) struct Profile<'a> {
    objective: Objective<'a>,
    j: usize,
    maximum: f64,
    /// Last constrained solution, the warm start of the next evaluation.
    warm: Vec<f64>,
}

impl<'a> Profile<'a> {
    pub(crate) fn new(
        x: &'a DMatrix<f64>,
        y: &'a [bool],
        estimate: &[f64],
        maximum: f64,
        j: usize,
        firth: bool,
    ) -> Self {
        let mut objective = Objective::new(x, y, firth, "the profile-likelihood fit");
        objective.free[j] = false;
        Profile {
            objective,
            j,
            maximum,
            warm: estimate.to_vec(),
        }
    }

    /// The likelihood-ratio statistic `2 (max − max_{β_j = b})`, floored at 0.
    pub(crate) fn statistic(&mut self, b: f64) -> Result<f64, LogitError> {
        let mut start = self.warm.clone();
        start[self.j] = b;
        let constrained = self.objective.maximise(start)?;
        let statistic = (2.0 * (self.maximum - constrained.at.objective)).max(0.0);
        self.warm = constrained.beta;
        Ok(statistic)
    }
}

/// Profile intervals of every coefficient at `level`, on the log-odds scale.
///
/// `maximum` is the maximised objective (log-likelihood, or penalised log-likelihood
/// when `firth`); `ses` set the initial search step of each bound.
pub(crate) fn intervals(
    x: &DMatrix<f64>,
    y: &[bool],
    estimate: &[f64],
    maximum: f64,
    ses: &[f64],
    level: f64,
    firth: bool,
) -> Result<Vec<(f64, f64)>, LogitError> {
    let z = normal_quantile((1.0 + level) / 2.0);
    (0..estimate.len())
        .map(|j| {
            let step = if ses[j].is_finite() && ses[j] > 0.0 {
                ses[j]
            } else {
                1.0
            };
            let mut profile = Profile::new(x, y, estimate, maximum, j, firth);
            let lower = bound(&mut profile, estimate[j], -step, z)?;
            let mut profile = Profile::new(x, y, estimate, maximum, j, firth);
            let upper = bound(&mut profile, estimate[j], step, z)?;
            Ok((lower, upper))
        })
        .collect()
}

/// Finds `b` on the side of `center` given by the sign of `step` where the signed
/// root `sqrt(statistic(b))` equals `z`: doubling steps bracket it, then the Illinois
/// variant of false position solves it (the signed root is close to linear in `b`).
fn bound(profile: &mut Profile<'_>, center: f64, step: f64, z: f64) -> Result<f64, LogitError> {
    let mut inner = (center, -z);
    let mut outer = None;
    let mut distance = step;
    for _ in 0..MAX_DOUBLINGS {
        let b = center + distance;
        let f = profile.statistic(b)?.sqrt() - z;
        if f >= 0.0 {
            outer = Some((b, f));
            break;
        }
        inner = (b, f);
        distance *= 2.0;
    }
    let Some(mut outer) = outer else {
        return Ok(if step > 0.0 {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        });
    };

    let mut side = 0;
    for _ in 0..MAX_ROOT_ITERATIONS {
        let (b0, f0) = inner;
        let (b1, f1) = outer;
        if (b1 - b0).abs() <= 1e-12 * b1.abs().max(1.0) {
            break;
        }
        let b = b1 - f1 * (b1 - b0) / (f1 - f0);
        let f = profile.statistic(b)?.sqrt() - z;
        if f == 0.0 {
            return Ok(b);
        }
        if f > 0.0 {
            outer = (b, f);
            if side == 1 {
                inner.1 /= 2.0;
            }
            side = 1;
        } else {
            inner = (b, f);
            if side == -1 {
                outer.1 /= 2.0;
            }
            side = -1;
        }
    }
    // The secant point between the final brackets; they are within 1e-12 relative.
    let (b0, f0) = inner;
    let (b1, f1) = outer;
    Ok(if f1 == f0 {
        b1
    } else {
        b1 - f1 * (b1 - b0) / (f1 - f0)
    })
}
