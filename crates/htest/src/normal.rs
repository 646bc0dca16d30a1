//! The normal approximation of the Wilcoxon tests, shared by both.

use crate::Alternative;
use crate::dist::{normal_cdf, normal_sf};

/// Computes the z score and P value of a Wilcoxon statistic as R 4.2's `wilcox.test`.
///
/// `centred` is the statistic minus its null mean, and `sigma` its tie-corrected
/// standard deviation. The continuity correction subtracts `0.5 * sign(centred)`
/// (two-sided), `0.5` (greater) or `-0.5` (less). The two-sided P is
/// `2 * min(Phi(z), 1 - Phi(z))`. A z of 0/0 (no non-zero data, or every value
/// tied) gives NaN for both, where R reports `NaN` and `NA`.
pub(crate) fn normal_p_value(
    centred: f64,
    sigma: f64,
    alternative: Alternative,
    continuity_correction: bool,
) -> (f64, f64) {
    let correction = if continuity_correction {
        match alternative {
            Alternative::TwoSided => 0.5 * sign(centred),
            Alternative::Greater => 0.5,
            Alternative::Less => -0.5,
        }
    } else {
        0.0
    };
    let z = (centred - correction) / sigma;
    if z.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let p = match alternative {
        Alternative::Less => normal_cdf(z),
        Alternative::Greater => normal_sf(z),
        Alternative::TwoSided => 2.0 * normal_cdf(z).min(normal_sf(z)),
    };
    (z, p)
}

/// R's `sign`: -1, 0 or 1 (unlike `f64::signum`, which gives 1 for 0.0).
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}
