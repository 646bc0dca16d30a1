//! Tests that correlated AUCs, measured on the same rows, are equal.
//!
//! Both tests use DeLong, DeLong & Clarke-Pearson's (1988) covariance of the AUCs,
//! `S = S10/m + S01/n`, from placement values. The paired test is pROC 1.18's
//! `roc.test(method = "delong", paired = TRUE)`. The joint test of k ≥ 2 AUCs is the
//! chi-square test of DeLong et al. (1988, section 3), which pROC does not provide.

use crate::delong::{contrast_covariance, require_two_per_class};
use crate::error::{RocError, Unavailable};
use crate::interval::{Interval, check_level, normal_quantile};
use crate::marker::{Direction, Marker};
use statrs::distribution::{ChiSquared, ContinuousCDF};
use statrs::function::erf::erfc;

/// The paired DeLong test of two correlated AUCs.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedDelongTest {
    /// AUC of the first marker, in its direction.
    pub auc_a: f64,
    /// AUC of the second marker, in its direction.
    pub auc_b: f64,
    /// `auc_a − auc_b`.
    pub difference: f64,
    /// Standard error of the difference, `sqrt(L·S·Lᵀ)` with `L = (1, −1)`.
    pub se: Option<f64>,
    /// `difference / se`; 0 when both are 0 (pROC's rule), ±∞ when only the SE is 0.
    pub z: Option<f64>,
    /// Two-sided P value `2·Φ(−|z|)`.
    pub p: Option<f64>,
    /// Confidence interval of the difference, `difference ± z·se`, not clipped.
    pub ci: Option<Interval>,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Reason why `se`, `z`, `p` and `ci` are `None`.
    pub unavailable: Option<Unavailable>,
    /// The difference and its variance are both exactly 0 (for example two perfect
    /// markers), so z = 0 and p = 1 by pROC's convention rather than by a test.
    pub degenerate: bool,
    /// Warning: the two markers have different directions, so the test compares an
    /// AUC of "higher is positive" with one of "lower is positive".
    pub directions_differ: bool,
}

/// The joint chi-square test that k ≥ 2 correlated AUCs are all equal.
#[derive(Clone, Debug, PartialEq)]
pub struct JointDelongTest {
    /// AUC of each marker, in its direction and input order.
    pub aucs: Vec<f64>,
    /// `(Lθ)ᵀ (L·S·Lᵀ)⁻ (Lθ)` for the contrasts `θ_i − θ_{i+1}`.
    pub chi_square: Option<f64>,
    /// Degrees of freedom: the rank of `L·S·Lᵀ`, k − 1 unless markers are redundant.
    pub df: usize,
    /// Upper-tail chi-square P value.
    pub p: Option<f64>,
    /// Reason why `chi_square` and `p` are `None`.
    pub unavailable: Option<Unavailable>,
    /// Warning: not all markers have the same direction.
    pub directions_differ: bool,
}

/// Checks that every marker was built from the same outcome vector as the first.
fn check_same_outcome(markers: &[(&Marker, Direction)]) -> Result<(), RocError> {
    let reference = markers[0].0.outcome();
    for &(marker, _) in &markers[1..] {
        let outcome = marker.outcome();
        if outcome != reference {
            let index = reference
                .iter()
                .zip(outcome)
                .position(|(a, b)| a != b)
                .unwrap_or(reference.len().min(outcome.len()));
            return Err(RocError::OutcomeMismatch { index });
        }
    }
    Ok(())
}

/// Returns the two-sided normal P value `2·Φ(−|z|)`, computed as `erfc(|z|/√2)`.
fn two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Tests whether two correlated AUCs are equal (paired DeLong test).
///
/// `z = (auc_a − auc_b) / sqrt(L·S·Lᵀ)` with `L = (1, −1)` and `S` the DeLong
/// covariance (DeLong, DeLong & Clarke-Pearson 1988), the statistic of pROC 1.18's
/// `roc.test(method = "delong", paired = TRUE)`. The P value is two-sided and the CI
/// of the difference is `d ± z·sd`, not clipped. When the difference and its
/// variance are both 0, pROC defines z = 0, p = 1 and the CI [0, 0]; `degenerate`
/// marks that case. With a single case or control the test is undefined (`None`
/// with a reason).
///
/// # Errors
///
/// [`RocError::OutcomeMismatch`] when the markers have different outcome vectors,
/// and [`RocError::InvalidConfidenceLevel`] unless `0 < level < 1`.
///
/// # Examples
///
/// ```
/// use repro_roc::{delong_paired_test, Direction, Marker};
///
/// // pROC reference case roc_tiny_2pos_3neg: z 0.14142135623730956,
/// // P 0.88753708398171505 in R.
/// let y = [true, true, false, false, false];
/// let a = Marker::new(&[3.5, 1.2, 2.0, 0.7, 1.2], &y).unwrap();
/// let b = Marker::new(&[10.0, 30.0, 20.0, 5.0, 25.0], &y).unwrap();
/// let test = delong_paired_test((&a, Direction::Higher), (&b, Direction::Higher), 0.95).unwrap();
/// assert!((test.z.unwrap() - 0.14142135623730956).abs() < 1e-12);
/// assert!((test.p.unwrap() - 0.88753708398171505).abs() < 1e-12);
/// ```
pub fn delong_paired_test(
    a: (&Marker, Direction),
    b: (&Marker, Direction),
    level: f64,
) -> Result<PairedDelongTest, RocError> {
    check_level(level)?;
    let markers = [a, b];
    check_same_outcome(&markers)?;

    let auc_a = a.0.auc(a.1);
    let auc_b = b.0.auc(b.1);
    let difference = exact_difference(a, b);
    let mut test = PairedDelongTest {
        auc_a,
        auc_b,
        difference,
        se: None,
        z: None,
        p: None,
        ci: None,
        level,
        unavailable: None,
        degenerate: false,
        directions_differ: a.1 != b.1,
    };
    if let Err(reason) = require_two_per_class(a.0) {
        test.unavailable = Some(reason);
        return Ok(test);
    }

    let variance = contrast_covariance(&markers, &[vec![1, -1]])[0][0];
    let se = variance.sqrt();
    let z = if difference == 0.0 && se == 0.0 {
        test.degenerate = true;
        0.0
    } else {
        difference / se
    };
    let half_width = normal_quantile(level) * se;
    test.se = Some(se);
    test.z = Some(z);
    test.p = Some(two_sided_p(z));
    test.ci = Some(Interval {
        lower: difference - half_width,
        upper: difference + half_width,
    });
    Ok(test)
}

/// `auc_a − auc_b` from the exact concordance counts, so equal AUCs differ by exactly 0.
fn exact_difference(a: (&Marker, Direction), b: (&Marker, Direction)) -> f64 {
    let pairs = 2 * a.0.n_positive() as u128 * a.0.n_negative() as u128;
    let numerator = a.0.twice_concordant(a.1) as i128 - b.0.twice_concordant(b.1) as i128;
    numerator as f64 / pairs as f64
}

/// Tests whether k ≥ 2 correlated AUCs are all equal (DeLong joint chi-square test).
///
/// With the contrasts `L` of consecutive differences `θ_i − θ_{i+1}` (k − 1 rows) and
/// the DeLong covariance `S`, the statistic `(Lθ)ᵀ (L·S·Lᵀ)⁻ (Lθ)` is chi-square with
/// `rank(L·S·Lᵀ)` degrees of freedom under the null hypothesis (DeLong, DeLong &
/// Clarke-Pearson 1988). The rank is k − 1 unless some markers are redundant (for
/// example the same column twice), and then the generalised inverse of a pivoted
/// Cholesky factorisation is used. For k = 2 the statistic is the square of the
/// paired test's z. When every contrast has variance 0 and difference 0 the
/// statistic is 0 with p = 1; a non-zero difference with variance 0 gives ∞ and p = 0.
///
/// # Errors
///
/// [`RocError::TooFewMarkers`] for fewer than 2 markers and
/// [`RocError::OutcomeMismatch`] when they have different outcome vectors.
///
/// # Examples
///
/// ```
/// use repro_roc::{delong_joint_test, delong_paired_test, Direction, Marker};
///
/// let y = [true, true, false, false, false];
/// let a = Marker::new(&[3.5, 1.2, 2.0, 0.7, 1.2], &y).unwrap();
/// let b = Marker::new(&[10.0, 30.0, 20.0, 5.0, 25.0], &y).unwrap();
/// let joint = delong_joint_test(&[(&a, Direction::Higher), (&b, Direction::Higher)]).unwrap();
/// // For two markers the chi-square is z² of the paired test (z = 0.1414... in pROC).
/// assert_eq!(joint.df, 1);
/// assert!((joint.chi_square.unwrap() - 0.02).abs() < 1e-12);
/// ```
pub fn delong_joint_test(markers: &[(&Marker, Direction)]) -> Result<JointDelongTest, RocError> {
    if markers.len() < 2 {
        return Err(RocError::TooFewMarkers {
            count: markers.len(),
        });
    }
    check_same_outcome(markers)?;

    let aucs: Vec<f64> = markers.iter().map(|&(m, d)| m.auc(d)).collect();
    let first_direction = markers[0].1;
    let mut test = JointDelongTest {
        aucs,
        chi_square: None,
        df: 0,
        p: None,
        unavailable: None,
        directions_differ: markers.iter().any(|&(_, d)| d != first_direction),
    };
    if let Err(reason) = require_two_per_class(markers[0].0) {
        test.unavailable = Some(reason);
        return Ok(test);
    }

    let k = markers.len();
    let contrasts: Vec<Vec<i64>> = (0..k - 1)
        .map(|r| {
            let mut weights = vec![0i64; k];
            weights[r] = 1;
            weights[r + 1] = -1;
            weights
        })
        .collect();
    let differences: Vec<f64> = (0..k - 1)
        .map(|r| exact_difference(markers[r], markers[r + 1]))
        .collect();
    let covariance = contrast_covariance(markers, &contrasts);

    let (statistic, rank) = generalised_quadratic_form(&covariance, &differences);
    test.df = rank;
    test.chi_square = Some(statistic);
    test.p = Some(if statistic.is_infinite() {
        0.0
    } else if rank == 0 {
        1.0
    } else {
        match ChiSquared::new(rank as f64) {
            Ok(distribution) => distribution.sf(statistic),
            Err(_) => f64::NAN,
        }
    });
    Ok(test)
}

/// Returns `xᵀ A⁻ x` and the rank of the symmetric positive semi-definite `A`.
///
/// A pivoted Cholesky factorisation picks the largest remaining diagonal at each
/// step. It stops when that diagonal falls below `1e-12 ×` the largest initial
/// one, so the pivots kept span the column space of `A`. If `x` is not in that space (a non-zero
/// difference with variance 0) the form is `+∞`.
fn generalised_quadratic_form(matrix: &[Vec<f64>], x: &[f64]) -> (f64, usize) {
    let size = x.len();
    let largest = matrix
        .iter()
        .enumerate()
        .map(|(i, row)| row[i])
        .fold(0.0_f64, f64::max);
    // NOTE: the relative tolerance 1e-12 decides the rank of nearly redundant markers.
    let tolerance = largest * 1e-12;

    let mut work: Vec<Vec<f64>> = matrix.to_vec();
    let mut order: Vec<usize> = (0..size).collect();
    let mut factor = vec![vec![0.0; size]; size];
    let mut rank = 0;
    while rank < size {
        let (pivot, &best) = (rank..size)
            .map(|i| (i, &work[order[i]][order[i]]))
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((rank, &0.0));
        if best <= tolerance || best <= 0.0 {
            break;
        }
        order.swap(rank, pivot);
        let p = order[rank];
        let root = best.sqrt();
        factor[rank][rank] = root;
        for i in rank + 1..size {
            let row = order[i];
            factor[i][rank] = work[row][p] / root;
        }
        for i in rank + 1..size {
            for j in rank + 1..size {
                let (ri, rj) = (order[i], order[j]);
                work[ri][rj] -= factor[i][rank] * factor[j][rank];
            }
        }
        rank += 1;
    }

    // Solve A_JJ w = x_J with the factor (forward then back substitution).
    let mut y = vec![0.0; rank];
    for i in 0..rank {
        let mut value = x[order[i]];
        for j in 0..i {
            value -= factor[i][j] * y[j];
        }
        y[i] = value / factor[i][i];
    }
    let statistic: f64 = y.iter().map(|v| v * v).sum();
    let mut w = vec![0.0; rank];
    for i in (0..rank).rev() {
        let mut value = y[i];
        for j in i + 1..rank {
            value -= factor[j][i] * w[j];
        }
        w[i] = value / factor[i][i];
    }

    // Residual of the dropped coordinates: x must equal A_{·J} w there.
    let scale = x.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    for &row in &order[rank..] {
        let fitted: f64 = (0..rank).map(|j| matrix[row][order[j]] * w[j]).sum();
        let residual = (x[row] - fitted).abs();
        if residual > 1e-9 * scale.max(f64::MIN_POSITIVE) && residual > 0.0 {
            return (f64::INFINITY, rank);
        }
    }
    (statistic, rank)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Class;

    fn marker(scores: &[f64], positive: &[bool]) -> Marker {
        Marker::new(scores, positive).expect("valid test marker")
    }

    const Y: [bool; 10] = [
        true, true, true, true, true, false, false, false, false, false,
    ];

    #[test]
    fn two_perfect_markers_use_zero_rule() {
        let a = marker(&[6.0, 7.0, 8.0, 9.0, 10.0, 1.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let b = marker(&[16.0, 17.0, 18.0, 19.0, 20.0, 1.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let test =
            delong_paired_test((&a, Direction::Higher), (&b, Direction::Higher), 0.95).unwrap();
        assert_eq!(test.difference, 0.0);
        assert_eq!(test.z, Some(0.0));
        assert_eq!(test.p, Some(1.0));
        assert_eq!(
            test.ci,
            Some(Interval {
                lower: 0.0,
                upper: 0.0
            })
        );
        assert!(test.degenerate);
    }

    #[test]
    fn opposite_directions_warn() {
        let a = marker(&[6.0, 2.0, 8.0, 9.0, 1.0, 7.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let test =
            delong_paired_test((&a, Direction::Higher), (&a, Direction::Lower), 0.95).unwrap();
        assert!(test.directions_differ);
        assert!((test.difference - (2.0 * test.auc_a - 1.0)).abs() < 1e-15);
    }

    #[test]
    fn outcome_mismatch_is_rejected() {
        let a = marker(&[1.0, 2.0, 3.0, 4.0], &[true, false, true, false]);
        let b = marker(&[1.0, 2.0, 3.0, 4.0], &[true, true, false, false]);
        let result = delong_paired_test((&a, Direction::Higher), (&b, Direction::Higher), 0.95);
        assert_eq!(result, Err(RocError::OutcomeMismatch { index: 1 }));
    }

    #[test]
    fn single_control_makes_test_unavailable() {
        let y = [true, true, false];
        let a = marker(&[1.0, 2.0, 3.0], &y);
        let b = marker(&[3.0, 2.0, 1.0], &y);
        let test =
            delong_paired_test((&a, Direction::Higher), (&b, Direction::Higher), 0.95).unwrap();
        assert_eq!(
            test.unavailable,
            Some(Unavailable::SingleObservation(Class::Negative))
        );
        assert_eq!(test.z, None);
        assert_eq!(test.difference, -1.0);
    }

    #[test]
    fn joint_with_two_markers_is_z_squared() {
        let a = marker(&[6.0, 2.0, 8.0, 9.0, 1.0, 7.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let b = marker(&[1.0, 4.0, 8.0, 2.0, 6.0, 3.0, 2.0, 9.0, 4.0, 5.0], &Y);
        let pair = (&a, Direction::Higher);
        let other = (&b, Direction::Higher);
        let paired = delong_paired_test(pair, other, 0.95).unwrap();
        let joint = delong_joint_test(&[pair, other]).unwrap();
        let z = paired.z.unwrap();
        assert_eq!(joint.df, 1);
        assert!((joint.chi_square.unwrap() - z * z).abs() < 1e-12 * z * z);
        assert!((joint.p.unwrap() - paired.p.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn joint_with_repeated_marker_drops_rank() {
        let a = marker(&[6.0, 2.0, 8.0, 9.0, 1.0, 7.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let b = marker(&[1.0, 4.0, 8.0, 2.0, 6.0, 3.0, 2.0, 9.0, 4.0, 5.0], &Y);
        let two = delong_joint_test(&[(&a, Direction::Higher), (&b, Direction::Higher)]).unwrap();
        let three = delong_joint_test(&[
            (&a, Direction::Higher),
            (&b, Direction::Higher),
            (&b, Direction::Higher),
        ])
        .unwrap();
        assert_eq!(three.df, 1);
        let (c2, c3) = (two.chi_square.unwrap(), three.chi_square.unwrap());
        assert!((c2 - c3).abs() < 1e-12 * c2);
    }

    #[test]
    fn joint_of_identical_markers_is_zero() {
        let a = marker(&[6.0, 2.0, 8.0, 9.0, 1.0, 7.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let test = delong_joint_test(&[(&a, Direction::Higher), (&a, Direction::Higher)]).unwrap();
        assert_eq!(test.df, 0);
        assert_eq!(test.chi_square, Some(0.0));
        assert_eq!(test.p, Some(1.0));
    }

    #[test]
    fn joint_of_perfect_and_inverted_is_infinite() {
        let a = marker(&[6.0, 7.0, 8.0, 9.0, 10.0, 1.0, 2.0, 3.0, 4.0, 5.0], &Y);
        let test = delong_joint_test(&[(&a, Direction::Higher), (&a, Direction::Lower)]).unwrap();
        assert_eq!(test.chi_square, Some(f64::INFINITY));
        assert_eq!(test.p, Some(0.0));
        assert!(test.directions_differ);
    }

    #[test]
    fn joint_needs_two_markers() {
        let a = marker(&[1.0, 2.0], &[true, false]);
        let result = delong_joint_test(&[(&a, Direction::Higher)]);
        assert_eq!(result, Err(RocError::TooFewMarkers { count: 1 }));
    }
}
