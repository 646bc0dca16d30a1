//! The t statistic, P value and confidence interval shared by the t-tests.

use crate::dist::{student_cdf, student_quantile, student_sf};
use crate::{Alternative, ConfidenceInterval};

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
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return undefined;
    }

    let (p, lower, upper) = match alternative {
        Alternative::TwoSided => {
            let alpha = 1.0 - conf_level;
            let quantile = student_quantile(1.0 - alpha / 2.0, df);
            (
                2.0 * student_cdf(-t.abs(), df),
                (t - quantile) * std_error,
                (t + quantile) * std_error,
            )
        }
        Alternative::Less => {
            let quantile = student_quantile(conf_level, df);
            (
                student_cdf(t, df),
                f64::NEG_INFINITY,
                (t + quantile) * std_error,
            )
        }
        Alternative::Greater => {
            let quantile = student_quantile(conf_level, df);
            (student_sf(t, df), (t - quantile) * std_error, f64::INFINITY)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_over_zero_is_undefined() {
        let inference = t_inference(0.0, 0.0, 4.0, Alternative::TwoSided, 0.95);
        assert!(inference.t.is_nan());
        assert!(inference.p.is_nan());
        assert!(inference.ci.lower.is_nan());
        assert!(inference.ci.upper.is_nan());
    }
}
