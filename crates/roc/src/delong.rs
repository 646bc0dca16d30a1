//! DeLong's variance and covariances of AUCs from placement values.
//!
//! DeLong, DeLong & Clarke-Pearson (1988) estimate the variance of an empirical AUC
//! from placement values. V10 is, per case, the share of controls it beats (ties ½),
//! and V01 is, per control, the share of cases that beat it. Then
//! `var = var(V10)/m + var(V01)/n` with sample variances (denominator `k − 1`),
//! `m` cases and `n` controls. Sun & Xu (2014) compute the placements from one sort
//! per marker; here they come from the grouped [`Marker`], so nothing is sorted again.
//!
//! Placements are kept doubled as integers (`2·below + tied`), and every sum of
//! squares or cross-products is exact (`u128`/`i128`). A variance is therefore
//! exactly 0 when all placements agree (perfect separation, identical markers), and
//! only the final ratios are rounded.

use crate::error::{Class, Unavailable};
use crate::marker::{Direction, Marker};

/// Checks that both classes have at least two rows, the minimum for a sample variance.
pub(crate) fn require_two_per_class(marker: &Marker) -> Result<(), Unavailable> {
    if marker.n_positive() < 2 {
        return Err(Unavailable::SingleObservation(Class::Positive));
    }
    if marker.n_negative() < 2 {
        return Err(Unavailable::SingleObservation(Class::Negative));
    }
    Ok(())
}

/// Exact `k·Σx² − (Σx)²` for `k` observations: `k·(k − 1)` times their sample variance.
fn scaled_variance_numerator(count: u64, sum: u128, sum_of_squares: u128) -> u128 {
    // Cauchy-Schwarz guarantees count·Σx² ≥ (Σx)², so the subtraction cannot underflow.
    count as u128 * sum_of_squares - sum * sum
}

/// Turns the exact numerators of the case and control parts into DeLong's variance.
///
/// `case_numerator = m·ΣP² − (ΣP)²` over doubled case placements `P = 2n·V10`, and
/// `control_numerator` likewise with `Q = 2m·V01`.
fn combine(case_numerator: f64, control_numerator: f64, m: u64, n: u64) -> f64 {
    let (m, n) = (m as f64, n as f64);
    // var(V10)/m = num / (m(m−1)·(2n)²) / m, and var(V01)/n likewise.
    let case_part = case_numerator / (m * m * (m - 1.0) * 4.0 * n * n);
    let control_part = control_numerator / (n * n * (n - 1.0) * 4.0 * m * m);
    case_part + control_part
}

/// Computes DeLong's variance of the AUC of one marker in a fixed direction.
///
/// `var = var(V10)/m + var(V01)/n` (DeLong, DeLong & Clarke-Pearson 1988), the
/// quantity pROC 1.18 returns from `var(roc, method = "delong")`. The square root is
/// the SE of `ci.auc(method = "delong")`.
///
/// # Errors
///
/// [`Unavailable::SingleObservation`] when a class has one row, because the sample
/// variance of its placements divides by `count − 1 = 0`.
///
/// # Examples
///
/// ```
/// use repro_roc::{delong_variance, Direction, Marker};
///
/// // pROC reference case roc_tiny_2pos_3neg, marker "a": SE 0.28867513459481287 in R,
/// // which is sqrt(1/12).
/// let marker = Marker::new(&[3.5, 1.2, 2.0, 0.7, 1.2], &[true, true, false, false, false]).unwrap();
/// let variance = delong_variance(&marker, Direction::Higher).unwrap();
/// assert!((variance - 1.0 / 12.0).abs() < 1e-15);
/// ```
pub fn delong_variance(marker: &Marker, direction: Direction) -> Result<f64, Unavailable> {
    require_two_per_class(marker)?;
    let (case_placements, control_placements) = marker.doubled_placements(direction);
    let case_numerator =
        grouped_numerator(marker.case_counts(), &case_placements, marker.n_positive());
    let control_numerator = grouped_numerator(
        marker.control_counts(),
        &control_placements,
        marker.n_negative(),
    );
    Ok(combine(
        case_numerator as f64,
        control_numerator as f64,
        marker.n_positive(),
        marker.n_negative(),
    ))
}

/// `k·ΣP² − (ΣP)²` where group `g` contains `counts[g]` rows with placement `placements[g]`.
fn grouped_numerator(counts: &[u64], placements: &[u64], total: u64) -> u128 {
    let mut sum = 0u128;
    let mut sum_of_squares = 0u128;
    for (&count, &placement) in counts.iter().zip(placements) {
        let weighted = count as u128 * placement as u128;
        sum += weighted;
        sum_of_squares += weighted * placement as u128;
    }
    scaled_variance_numerator(total, sum, sum_of_squares)
}

/// Computes DeLong's covariance matrix `L·S·Lᵀ` of linear contrasts of correlated AUCs.
///
/// `markers` share one outcome vector (checked by the caller) and at least two rows
/// per class. Each contrast gives one integer weight per marker, for example `[1, -1]`
/// for the difference of two AUCs. Per row, the contrast of the doubled placements is
/// an integer, so the sums of its products are exact `i128` and a contrast whose
/// placements agree on every row has variance exactly 0.
pub(crate) fn contrast_covariance(
    markers: &[(&Marker, Direction)],
    contrasts: &[Vec<i64>],
) -> Vec<Vec<f64>> {
    let first = markers[0].0;
    let m = first.n_positive();
    let n = first.n_negative();
    let q = contrasts.len();

    let placements: Vec<(Vec<u64>, Vec<u64>)> = markers
        .iter()
        .map(|&(marker, direction)| marker.doubled_placements(direction))
        .collect();

    let mut case_sums = vec![0i128; q];
    let mut case_products = vec![vec![0i128; q]; q];
    let mut control_sums = vec![0i128; q];
    let mut control_products = vec![vec![0i128; q]; q];
    let mut values = vec![0i128; q];

    for (row, &is_case) in first.outcome().iter().enumerate() {
        for (value, weights) in values.iter_mut().zip(contrasts) {
            *value = 0;
            for (k, &(marker, _)) in markers.iter().enumerate() {
                let group = marker.row_groups()[row] as usize;
                let placement = if is_case {
                    placements[k].0[group]
                } else {
                    placements[k].1[group]
                };
                *value += weights[k] as i128 * placement as i128;
            }
        }
        let (sums, products) = if is_case {
            (&mut case_sums, &mut case_products)
        } else {
            (&mut control_sums, &mut control_products)
        };
        for r in 0..q {
            sums[r] += values[r];
            for s in r..q {
                products[r][s] += values[r] * values[s];
            }
        }
    }

    let mut covariance = vec![vec![0.0; q]; q];
    for r in 0..q {
        for s in r..q {
            let case_numerator = m as i128 * case_products[r][s] - case_sums[r] * case_sums[s];
            let control_numerator =
                n as i128 * control_products[r][s] - control_sums[r] * control_sums[s];
            let value = combine(case_numerator as f64, control_numerator as f64, m, n);
            covariance[r][s] = value;
            covariance[s][r] = value;
        }
    }
    covariance
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(scores: &[f64], positive: &[bool]) -> Marker {
        Marker::new(scores, positive).expect("valid test marker")
    }

    /// DeLong's variance from the textbook O(m·n) placement loop, for cross-checking.
    fn brute_force_variance(scores: &[f64], positive: &[bool]) -> f64 {
        let cases: Vec<f64> = scores
            .iter()
            .zip(positive)
            .filter(|p| *p.1)
            .map(|p| *p.0)
            .collect();
        let controls: Vec<f64> = scores
            .iter()
            .zip(positive)
            .filter(|p| !*p.1)
            .map(|p| *p.0)
            .collect();
        let psi = |x: f64, y: f64| {
            if x > y {
                1.0
            } else if x == y {
                0.5
            } else {
                0.0
            }
        };
        let (m, n) = (cases.len() as f64, controls.len() as f64);
        let v10: Vec<f64> = cases
            .iter()
            .map(|&x| controls.iter().map(|&y| psi(x, y)).sum::<f64>() / n)
            .collect();
        let v01: Vec<f64> = controls
            .iter()
            .map(|&y| cases.iter().map(|&x| psi(x, y)).sum::<f64>() / m)
            .collect();
        let theta = v10.iter().sum::<f64>() / m;
        let s10 = v10.iter().map(|v| (v - theta).powi(2)).sum::<f64>() / (m - 1.0);
        let s01 = v01.iter().map(|v| (v - theta).powi(2)).sum::<f64>() / (n - 1.0);
        s10 / m + s01 / n
    }

    #[test]
    fn variance_matches_brute_force_with_ties() {
        let scores = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0, 1.0, 2.0, 4.0];
        let positive = [
            false, false, true, false, true, true, true, true, false, true, false,
        ];
        let exact = delong_variance(&marker(&scores, &positive), Direction::Higher).unwrap();
        let expected = brute_force_variance(&scores, &positive);
        assert!(
            (exact - expected).abs() <= 1e-14 * expected,
            "{exact} vs {expected}"
        );
    }

    #[test]
    fn lower_direction_variance_equals_negated_scores() {
        let scores = [0.3, 1.7, 1.7, 2.2, 0.9, 3.1, 0.3];
        let positive = [true, false, true, false, true, false, false];
        let negated: Vec<f64> = scores.iter().map(|x| -x).collect();
        let lower = delong_variance(&marker(&scores, &positive), Direction::Lower).unwrap();
        let higher = delong_variance(&marker(&negated, &positive), Direction::Higher).unwrap();
        assert_eq!(lower, higher);
    }

    #[test]
    fn perfect_separation_has_zero_variance() {
        let m = marker(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]);
        assert_eq!(delong_variance(&m, Direction::Higher), Ok(0.0));
    }

    #[test]
    fn single_case_variance_is_unavailable() {
        let m = marker(&[1.0, 2.0, 3.0], &[false, false, true]);
        assert_eq!(
            delong_variance(&m, Direction::Higher),
            Err(Unavailable::SingleObservation(Class::Positive))
        );
        let m = marker(&[1.0, 2.0, 3.0], &[false, true, true]);
        assert_eq!(
            delong_variance(&m, Direction::Higher),
            Err(Unavailable::SingleObservation(Class::Negative))
        );
    }

    #[test]
    fn contrast_of_marker_with_itself_is_zero() {
        let m = marker(
            &[0.5, 1.5, 1.5, 2.5, 0.1],
            &[true, false, true, false, false],
        );
        let covariance = contrast_covariance(
            &[(&m, Direction::Higher), (&m, Direction::Higher)],
            &[vec![1, -1]],
        );
        assert_eq!(covariance[0][0], 0.0);
    }

    #[test]
    fn unit_contrast_reproduces_single_variance() {
        let m = marker(
            &[0.5, 1.5, 1.5, 2.5, 0.1, 0.7],
            &[true, false, true, false, false, true],
        );
        let covariance = contrast_covariance(&[(&m, Direction::Lower)], &[vec![1]]);
        let variance = delong_variance(&m, Direction::Lower).unwrap();
        assert!((covariance[0][0] - variance).abs() <= 1e-15 * variance);
    }
}
