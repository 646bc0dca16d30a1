//! Normal and chi-square probabilities and quantiles.
//!
//! The normal CDF is R's own algorithm (Cody 1993, as in R's `pnorm.c`), because
//! statrs 0.19's `erfc` is off by up to about 5e-11 relative near the 5 % point.
//! Quantiles and chi-square tails with more than 1 df come from statrs.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Two-sided normal P, `2 Φ(−|z|)`, as R's `summary.glm`.
pub(crate) fn two_sided_normal_p(z: f64) -> f64 {
    2.0 * normal_cdf(-z.abs())
}

/// Computes the standard normal CDF `Φ(x)` by Cody's rational Chebyshev approximations
/// (Cody 1993, algorithm 715), with the argument split of R 4.2's `pnorm_both`.
// The coefficients are kept digit for digit as Cody published them and R uses them.
#[allow(clippy::excessive_precision)]
pub(crate) fn normal_cdf(x: f64) -> f64 {
    const A: [f64; 5] = [
        2.2352520354606839287,
        161.02823106855587881,
        1067.6894854603709582,
        18154.981253343561249,
        0.065682337918207449113,
    ];
    const B: [f64; 4] = [
        47.20258190468824187,
        976.09855173777669322,
        10260.932208618978205,
        45507.789335026729956,
    ];
    const C: [f64; 9] = [
        0.39894151208813466764,
        8.8831497943883759412,
        93.506656132177855979,
        597.27027639480026226,
        2494.5375852903726711,
        6848.1904505362823326,
        11602.651437647350124,
        9842.7148383839780218,
        1.0765576773720192317e-8,
    ];
    const D: [f64; 8] = [
        22.266688044328115691,
        235.38790178262499861,
        1519.377599407554805,
        6485.558298266760755,
        18615.571640885098091,
        34900.952721145977266,
        38912.003286093271411,
        19685.429676859990727,
    ];
    const P: [f64; 6] = [
        0.21589853405795699,
        0.1274011611602473639,
        0.022235277870649807,
        0.001421619193227893466,
        2.9112874951168792e-5,
        0.02307344176494017303,
    ];
    const Q: [f64; 5] = [
        1.28426009614491121,
        0.468238212480865118,
        0.0659881378689285515,
        0.00378239633202758244,
        7.29751555083966205e-5,
    ];
    const SQRT_32: f64 = 5.656854249492380195206754896838;
    const ONE_OVER_SQRT_2PI: f64 = 0.398942280401432677939946059934;

    if x.is_nan() {
        return f64::NAN;
    }
    let y = x.abs();
    if y <= 0.67448975 {
        let (mut numerator, mut denominator) = (0.0, 0.0);
        if y > f64::EPSILON * 0.5 {
            let xsq = x * x;
            numerator = A[4] * xsq;
            denominator = xsq;
            for i in 0..3 {
                numerator = (numerator + A[i]) * xsq;
                denominator = (denominator + B[i]) * xsq;
            }
        }
        return 0.5 + x * (numerator + A[3]) / (denominator + B[3]);
    }

    // Upper tail Q(|x|) = exp(-x²/2) · R(|x|); x² is split so exp loses no digits.
    let upper_tail = |ratio: f64| {
        let xsq = (y * 16.0).trunc() / 16.0;
        let del = (y - xsq) * (y + xsq);
        (-xsq * xsq * 0.5).exp() * (-del * 0.5).exp() * ratio
    };
    let tail = if y <= SQRT_32 {
        let mut numerator = C[8] * y;
        let mut denominator = y;
        for i in 0..7 {
            numerator = (numerator + C[i]) * y;
            denominator = (denominator + D[i]) * y;
        }
        upper_tail((numerator + C[7]) / (denominator + D[7]))
    } else if y < 37.5193 {
        let xsq = 1.0 / (x * x);
        let mut numerator = P[5] * xsq;
        let mut denominator = xsq;
        for i in 0..4 {
            numerator = (numerator + P[i]) * xsq;
            denominator = (denominator + Q[i]) * xsq;
        }
        let ratio = xsq * (numerator + P[4]) / (denominator + Q[4]);
        upper_tail((ONE_OVER_SQRT_2PI - ratio) / y)
    } else {
        0.0
    };
    if x > 0.0 { 1.0 - tail } else { tail }
}

/// Computes the standard normal quantile `Φ⁻¹(p)` for `p` in (0, 1).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    // Mean 0 and sd 1 are always valid parameters.
    Normal::standard().inverse_cdf(p)
}

/// Upper chi-square tail `P(X > x)`, NaN for a NaN statistic.
///
/// With 0 df the distribution is a point mass at 0, so the tail is 1 for `x ≤ 0`
/// and 0 above, as R's `pchisq(x, 0)` gives.
pub(crate) fn chi_square_upper(x: f64, df: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if df == 0.0 {
        return if x <= 0.0 { 1.0 } else { 0.0 };
    }
    if df == 1.0 {
        // P(χ²₁ > x) = 2 Φ(−√x), through the accurate normal CDF.
        return if x <= 0.0 {
            1.0
        } else {
            two_sided_normal_p(x.sqrt())
        };
    }
    ChiSquared::new(df).map_or(f64::NAN, |d| d.sf(x))
}

/// R's `1 - pchisq(x, df)`, computed as R does (so a tiny P rounds to 0 as in R).
pub(crate) fn one_minus_chi_square_cdf(x: f64, df: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if df == 0.0 {
        return if x <= 0.0 { 1.0 } else { 0.0 };
    }
    ChiSquared::new(df).map_or(f64::NAN, |d| 1.0 - d.cdf(x))
}

#[cfg(test)]
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_r() {
        // qnorm(0.975) in R 4.2.2, printed with 17 significant digits.
        approx::assert_relative_eq!(
            normal_quantile(0.975),
            1.959963984540054,
            max_relative = 1e-15
        );
    }

    #[test]
    fn normal_cdf_matches_high_precision_values() {
        // Φ(x) to 17 significant digits (Abramowitz and Stegun 26.2; Mathematica N[..., 30]).
        let cases = [
            (-0.5, 0.30853753872598690),
            (-1.0, 0.15865525393145705),
            (-2.0, 0.022750131948179207),
            (-3.0, 0.0013498980316300945),
            (-6.0, 9.8658764503769814e-10),
            (-10.0, 7.6198530241605261e-24),
        ];
        for (x, expected) in cases {
            approx::assert_relative_eq!(normal_cdf(x), expected, max_relative = 1e-15);
            approx::assert_relative_eq!(normal_cdf(-x), 1.0 - expected, max_relative = 1e-15);
        }
        assert_eq!(normal_cdf(0.0), 0.5);
    }

    #[test]
    fn two_sided_p_matches_r() {
        // 2 * pnorm(-1.959963984540054) = 0.05 in R.
        approx::assert_relative_eq!(
            two_sided_normal_p(1.959963984540054),
            0.05,
            max_relative = 1e-14
        );
        assert_eq!(two_sided_normal_p(0.0), 1.0);
    }

    #[test]
    fn chi_square_zero_df_is_point_mass() {
        assert_eq!(chi_square_upper(0.0, 0.0), 1.0);
        assert_eq!(chi_square_upper(0.3, 0.0), 0.0);
    }
}
