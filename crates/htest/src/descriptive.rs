//! Descriptive statistics as R's `mean`, `sd`, `median`, `quantile(type = 7)` and `IQR`.
//!
//! Sums use Neumaier's compensated summation, and the mean divides the unrounded
//! compensated sum by n. R instead sums in 80-bit long doubles and adds a correction
//! pass. Both give the mean within about one unit in the last place, so results can
//! differ from R in the last bit, far below 1e-12 relative.
//!
//! A NaN or infinite value propagates through `mean` and `sd` as IEEE arithmetic
//! does. The order statistics (`median`, `quantile_type7`, `iqr`) return `None`
//! when a value is NaN, as R returns `NA` without `na.rm = TRUE`.

/// Sums with Neumaier's compensation (Neumaier 1974), returning the rounded sum and the
/// accumulated rounding error. Their sum is the exact sum for all but badly
/// cancelling inputs.
fn compensated_sum_parts(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let mut sum = 0.0_f64;
    let mut compensation = 0.0_f64;
    for value in values {
        let next = sum + value;
        if sum.abs() >= value.abs() {
            compensation += (sum - next) + value;
        } else {
            compensation += (value - next) + sum;
        }
        sum = next;
    }
    (sum, compensation)
}

/// Sums with Neumaier's compensation (Neumaier 1974), which keeps the error
/// independent of the number of terms for sums that do not cancel badly.
pub(crate) fn compensated_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, compensation) = compensated_sum_parts(values);
    let total = sum + compensation;
    // With infinite terms the compensation becomes NaN; the plain sum is then the IEEE result.
    if total.is_finite() { total } else { sum }
}

/// Computes the arithmetic mean as R's `mean(x)`, or `None` for an empty sample.
///
/// The result is the compensated sum divided by n without rounding the sum first, so
/// it is the correctly rounded mean except in rare halfway cases. In particular the
/// mean of n copies of one value is that value, as in R, which the t-tests rely on
/// to detect constant data.
///
/// ```
/// // R: mean(c(1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4)) = 2.33
/// let drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
/// assert_eq!(repro_htest::mean(&drug2), Some(2.3300000000000001));
/// ```
pub fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let (sum, compensation) = compensated_sum_parts(x.iter().copied());
    let quotient = sum / n;
    // The remainder `sum - quotient * n` is exact with a fused multiply-add; adding it
    // back corrects the quotient for both its own rounding and that of the sum.
    let remainder = (-quotient).mul_add(n, sum);
    let corrected = quotient + (remainder + compensation) / n;
    // Infinite or NaN terms make the correction NaN; the plain quotient is then the IEEE result.
    Some(if corrected.is_finite() {
        corrected
    } else {
        quotient
    })
}

/// Computes the sample variance with denominator n − 1, as R's `var(x)`,
/// or `None` with fewer than 2 values.
pub fn variance(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let centre = mean(x)?;
    let squares = compensated_sum(x.iter().map(|v| (v - centre) * (v - centre)));
    Some(squares / (x.len() - 1) as f64)
}

/// Computes the sample standard deviation with denominator n − 1, as R's `sd(x)`,
/// or `None` with fewer than 2 values (R returns `NA`).
///
/// ```
/// // R: sd(sleep$extra[11:20] - sleep$extra[1:10]) = 1.2299954832798732
/// let d = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
/// let sd = repro_htest::sd(&d).unwrap();
/// assert!((sd - 1.2299954832798732).abs() < 1e-12);
/// assert_eq!(repro_htest::sd(&[3.0]), None);
/// ```
pub fn sd(x: &[f64]) -> Option<f64> {
    variance(x).map(f64::sqrt)
}

/// Sorts a copy of the sample, or returns `None` when it is empty or contains a NaN.
fn sorted_copy(x: &[f64]) -> Option<Vec<f64>> {
    if x.is_empty() || x.iter().any(|v| v.is_nan()) {
        return None;
    }
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(sorted)
}

/// Computes a quantile by R's default rule, `quantile(x, prob, type = 7)`
/// (Hyndman & Fan 1996, definition 7).
///
/// With the sorted sample `x[1..n]` and `h = 1 + (n − 1)·prob`, the quantile is
/// `x[floor(h)]` moved the fraction `h − floor(h)` of the way to `x[ceil(h)]`.
/// Returns `None` for an empty sample, a NaN in the sample, or `prob` outside [0, 1].
///
/// ```
/// // R: quantile(c(1, 2, 4, 7, 11), 0.25) = 2;  quantile(c(1, 2, 4, 7), 0.25) = 1.75
/// assert_eq!(repro_htest::quantile_type7(&[1.0, 2.0, 4.0, 7.0, 11.0], 0.25), Some(2.0));
/// assert_eq!(repro_htest::quantile_type7(&[1.0, 2.0, 4.0, 7.0], 0.25), Some(1.75));
/// ```
pub fn quantile_type7(x: &[f64], prob: f64) -> Option<f64> {
    let sorted = sorted_copy(x)?;
    quantile_of_sorted(&sorted, prob)
}

fn quantile_of_sorted(sorted: &[f64], prob: f64) -> Option<f64> {
    if !(0.0..=1.0).contains(&prob) || sorted.is_empty() {
        return None;
    }
    // One-based position in R's formula; index 0 here is R's x[1].
    let position = 1.0 + (sorted.len() - 1) as f64 * prob;
    let low = position.floor();
    let high = position.ceil();
    let below = sorted[low as usize - 1];
    let above = sorted[high as usize - 1];
    if position > low && above != below {
        let fraction = position - low;
        Some((1.0 - fraction) * below + fraction * above)
    } else {
        Some(below)
    }
}

/// Computes the median as R's `median(x)`: the middle value, or the mean of the two
/// middle values for an even count. Returns `None` for an empty sample or a NaN.
///
/// ```
/// // R: median(c(0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2)) = 0.35
/// let drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
/// assert_eq!(repro_htest::median(&drug1), Some(0.35));
/// ```
pub fn median(x: &[f64]) -> Option<f64> {
    let sorted = sorted_copy(x)?;
    let half = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        Some(sorted[half])
    } else {
        Some((sorted[half - 1] + sorted[half]) / 2.0)
    }
}

/// Computes the interquartile range as R's `IQR(x)`: type-7 quantile 0.75 minus
/// quantile 0.25. Returns `None` for an empty sample or a NaN.
///
/// ```
/// // R: IQR(c(1, 2, 4, 7, 11, 16)) = 7.5 (quartiles 2.5 and 10)
/// assert_eq!(repro_htest::iqr(&[1.0, 2.0, 4.0, 7.0, 11.0, 16.0]), Some(7.5));
/// ```
pub fn iqr(x: &[f64]) -> Option<f64> {
    let sorted = sorted_copy(x)?;
    Some(quantile_of_sorted(&sorted, 0.75)? - quantile_of_sorted(&sorted, 0.25)?)
}

/// The usual summary of a continuous variable in a table of baseline characteristics.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Mean, `None` when empty.
    pub mean: Option<f64>,
    /// Standard deviation (n − 1), `None` with fewer than 2 values.
    pub sd: Option<f64>,
    /// Median, `None` when empty or with a NaN.
    pub median: Option<f64>,
    /// First quartile (type 7), `None` when empty or with a NaN.
    pub q1: Option<f64>,
    /// Third quartile (type 7), `None` when empty or with a NaN.
    pub q3: Option<f64>,
    /// Smallest value, `None` when empty or with a NaN.
    pub min: Option<f64>,
    /// Largest value, `None` when empty or with a NaN.
    pub max: Option<f64>,
}

/// Summarizes a sample: n, mean ± SD, and median with type-7 quartiles, min and max.
///
/// ```
/// // R: x <- c(1, 2, 4, 7, 11, 16); quantile(x) = 1, 2.5, 5.5, 10, 16; mean(x) = 6.833333
/// let s = repro_htest::summarize(&[1.0, 2.0, 4.0, 7.0, 11.0, 16.0]);
/// assert_eq!((s.q1, s.median, s.q3), (Some(2.5), Some(5.5), Some(10.0)));
/// assert!((s.mean.unwrap() - 41.0 / 6.0).abs() < 1e-15);
/// ```
pub fn summarize(x: &[f64]) -> Summary {
    let sorted = sorted_copy(x);
    let order_statistic = |prob: f64| sorted.as_deref().and_then(|s| quantile_of_sorted(s, prob));
    Summary {
        n: x.len(),
        mean: mean(x),
        sd: sd(x),
        median: median(x),
        q1: order_statistic(0.25),
        q3: order_statistic(0.75),
        min: order_statistic(0.0),
        max: order_statistic(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_empty_is_none() {
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn mean_cancels_without_drift() {
        // Exact mean 0.1; naive left-to-right summation gives 0.10000000000000007.
        let x = [1e16, 0.3, -1e16, 0.1];
        assert_eq!(mean(&x), Some(0.1));
    }

    #[test]
    fn mean_of_constant_is_that_value() {
        // 3 * 0.1 rounds down in double, so dividing a rounded sum would give 0.09999999999999999.
        assert_eq!(mean(&[0.1, 0.1, 0.1]), Some(0.1));
        assert_eq!(mean(&[-2.7; 7]), Some(-2.7));
    }

    #[test]
    fn mean_propagates_infinity_and_nan() {
        assert_eq!(mean(&[1.0, f64::INFINITY]), Some(f64::INFINITY));
        assert!(mean(&[1.0, f64::NAN]).unwrap().is_nan());
    }

    #[test]
    fn sd_of_constant_is_zero() {
        assert_eq!(sd(&[2.5, 2.5, 2.5]), Some(0.0));
    }

    #[test]
    fn quantile_type7_endpoints() {
        let x = [3.0, 1.0, 2.0];
        assert_eq!(quantile_type7(&x, 0.0), Some(1.0));
        assert_eq!(quantile_type7(&x, 1.0), Some(3.0));
        assert_eq!(quantile_type7(&x, 0.5), Some(2.0));
    }

    #[test]
    fn quantile_type7_rejects_bad_input() {
        assert_eq!(quantile_type7(&[1.0], 1.5), None);
        assert_eq!(quantile_type7(&[1.0, f64::NAN], 0.5), None);
        assert_eq!(quantile_type7(&[], 0.5), None);
    }

    #[test]
    fn quantile_type7_interpolates() {
        // R: quantile(c(10, 20, 30, 40), c(0.1, 0.9)) = 13, 37
        let x = [40.0, 10.0, 30.0, 20.0];
        assert!((quantile_type7(&x, 0.1).unwrap() - 13.0).abs() < 1e-12);
        assert!((quantile_type7(&x, 0.9).unwrap() - 37.0).abs() < 1e-12);
    }

    #[test]
    fn median_even_and_odd() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn summarize_single_value() {
        let s = summarize(&[4.0]);
        assert_eq!(s.n, 1);
        assert_eq!(s.mean, Some(4.0));
        assert_eq!(s.sd, None);
        assert_eq!(s.q1, Some(4.0));
        assert_eq!(s.max, Some(4.0));
    }
}
