//! The t statistic, P value and confidence interval shared by the t-tests.

use crate::{Alternative, ConfidenceInterval};
use statrs::distribution::{Continuous, ContinuousCDF, StudentsT};

/// Inference from an estimate, its standard error and the degrees of freedom.
/// Undefined values are NaN, where R reports `NaN` or `NA`.
pub(crate) struct TInference {
    pub t: f64,
    pub p: f64,
    pub ci: ConfidenceInterval,
}

/// Computes `t = estimate / std_error`, its P value and confidence interval as R's
/// `t.test` does: two-sided `P = 2 * pt(-|t|, df)`, and the interval
/// `(t ± qt(1 - alpha/2, df)) * std_error` (one-sided: `qt(conf_level, df)` and an
/// infinite bound). A t of 0/0, or degrees of freedom that are not positive, give NaN
/// for the P value and both bounds.
pub(crate) fn t_inference(
    estimate: f64,
    std_error: f64,
    df: f64,
    alternative: Alternative,
    conf_level: f64,
) -> TInference {
    let t = estimate / std_error;
    let undefined = TInference {
        t,
        p: f64::NAN,
        ci: ConfidenceInterval {
            lower: f64::NAN,
            upper: f64::NAN,
            level: conf_level,
        },
    };
    if t.is_nan() {
        return undefined;
    }
    let Ok(distribution) = StudentsT::new(0.0, 1.0, df) else {
        return undefined;
    };

    let (p, lower, upper) = match alternative {
        Alternative::TwoSided => {
            let alpha = 1.0 - conf_level;
            let quantile = student_quantile(&distribution, 1.0 - alpha / 2.0);
            (
                2.0 * distribution.cdf(-t.abs()),
                (t - quantile) * std_error,
                (t + quantile) * std_error,
            )
        }
        Alternative::Less => {
            let quantile = student_quantile(&distribution, conf_level);
            (distribution.cdf(t), f64::NEG_INFINITY, (t + quantile) * std_error)
        }
        Alternative::Greater => {
            let quantile = student_quantile(&distribution, conf_level);
            (distribution.sf(t), (t - quantile) * std_error, f64::INFINITY)
        }
    };
    TInference {
        t,
        p,
        ci: ConfidenceInterval {
            lower,
            upper,
            level: conf_level,
        },
    }
}

/// Computes the quantile `qt(prob, df)` for `prob` in (0, 1).
///
/// `statrs` inverts the regularized incomplete beta function with the AS 64/AS 109
/// starting value and a few Newton steps on the beta scale. The transformation back to
/// the t scale can lose digits, so a few Newton steps on the t cdf itself polish the
/// result to the precision of the cdf (about 1e-15 relative).
pub(crate) fn student_quantile(distribution: &StudentsT, prob: f64) -> f64 {
    let mut quantile = distribution.inverse_cdf(prob);
    if !quantile.is_finite() {
        return quantile;
    }
    for _ in 0..4 {
        // Work in the tail that is smaller, so the residual keeps its relative precision.
        let residual = if prob > 0.5 {
            (1.0 - prob) - distribution.sf(quantile)
        } else {
            distribution.cdf(quantile) - prob
        };
        let density = distribution.pdf(quantile);
        if residual == 0.0 || !(density > 0.0) {
            break;
        }
        let step = if prob > 0.5 { -residual / density } else { residual / density };
        let next = quantile - step;
        if !next.is_finite() || next == quantile {
            break;
        }
        quantile = next;
    }
    quantile
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative_error(got: f64, expected: f64) -> f64 {
        ((got - expected) / expected).abs()
    }

    #[test]
    fn student_quantile_matches_r() {
        // R 4.2.2: sprintf("%.17g", qt(0.975, c(1, 7, 9, 28, 200))) and qt(0.95, 3)
        let cases = [
            (1.0, 0.975, 12.706204736174694),
            (7.0, 0.975, 2.3646242515927844),
            (9.0, 0.975, 2.2621571627982049),
            (28.0, 0.975, 2.0484071417952445),
            (200.0, 0.975, 1.9718962236339079),
            (3.0, 0.95, 2.3533634348018246),
        ];
        for (df, prob, expected) in cases {
            let distribution = StudentsT::new(0.0, 1.0, df).unwrap();
            let got = student_quantile(&distribution, prob);
            assert!(relative_error(got, expected) < 1e-9, "df {df}: {got} vs {expected}");
        }
    }

    #[test]
    fn zero_over_zero_is_undefined() {
        let inference = t_inference(0.0, 0.0, 4.0, Alternative::TwoSided, 0.95);
        assert!(inference.t.is_nan());
        assert!(inference.p.is_nan());
        assert!(inference.ci.lower.is_nan() && inference.ci.upper.is_nan());
    }
}
