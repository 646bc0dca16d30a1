//! Tests of independence in a contingency table: Pearson's chi-square test of an
//! r x c table and Fisher's exact test of a 2 x 2 table, as R 4.2's `chisq.test` and
//! `fisher.test`.
//!
//! Tables are given by rows, each row a `Vec<u64>` of counts.
//!
//! ```
//! use repro_htest::{chi_square_test, fisher_exact_2x2, Alternative};
//!
//! let table = vec![vec![12, 5], vec![7, 15]];
//!
//! // R: chisq.test(matrix(c(12, 5, 7, 15), 2, byrow = TRUE)):
//! // X-squared = 4.3221, df = 1, p-value = 0.03762 (with Yates' correction)
//! let chi = chi_square_test(&table, true)?;
//! assert!((chi.statistic - 4.3221203912186867).abs() < 1e-13);
//! assert!((chi.p_value - 0.037620016634840062).abs() < 1e-13);
//! assert!(chi.yates);
//!
//! // R: fisher.test(matrix(c(12, 5, 7, 15), 2, byrow = TRUE))$p.value = 0.02484
//! let fisher = fisher_exact_2x2(&table, Alternative::TwoSided)?;
//! assert!((fisher.p_value - 0.024841720377823322).abs() < 1e-13);
//! # Ok::<(), repro_htest::HtestError>(())
//! ```

use crate::descriptive::compensated_sum;
use crate::dist::chi_square_sf;
use crate::{Alternative, HtestError};

/// The result of Pearson's chi-square test of independence.
#[derive(Clone, Debug, PartialEq)]
pub struct ChiSquareTest {
    /// Pearson's statistic `sum((|O - E| - yates)^2 / E)`.
    pub statistic: f64,
    /// Degrees of freedom, `(rows - 1)(columns - 1)`.
    pub df: usize,
    /// Upper-tail P value of the chi-square distribution with `df` degrees of freedom.
    pub p_value: f64,
    /// Whether Yates' continuity correction changed the statistic: only for a 2 x 2
    /// table, when requested and when some `|O - E|` is non-zero, as R reports it.
    pub yates: bool,
    /// The smallest expected count. R warns "Chi-squared approximation may be
    /// incorrect" when it is below 5.
    pub min_expected: f64,
    /// Expected counts `row total * column total / n`, by rows.
    pub expected: Vec<Vec<f64>>,
}

/// Computes Pearson's chi-square test of independence of an r x c table of counts
/// (Pearson 1900), as R 4.2's `chisq.test(table, correct = yates)`.
///
/// Expected counts are `E = row total * column total / n`, the statistic is
/// `sum((|O - E| - c)^2 / E)` with `(r - 1)(c - 1)` degrees of freedom. Yates'
/// correction (Yates 1934) applies only to a 2 x 2 table, and, as in R, it is
/// `c = min(0.5, min |O - E|)` over the four cells, so it never moves a cell past its
/// expected count. Otherwise `c = 0`.
///
/// # Errors
///
/// - [`HtestError::TableShape`] unless the table has at least 2 rows and 2 columns of
///   equal length.
/// - [`HtestError::EmptyMargin`] when a row or column sums to zero, because an expected
///   count is then 0 (R returns NaN).
///
/// ```
/// use repro_htest::chi_square_test;
///
/// // R: chisq.test(matrix(c(10, 20, 30, 25, 15, 12), 2, byrow = TRUE)):
/// // X-squared = 14.359, df = 2, p-value = 0.000762
/// let test = chi_square_test(&[vec![10, 20, 30], vec![25, 15, 12]], true)?;
/// assert_eq!(test.df, 2);
/// assert!(!test.yates);
/// assert!((test.statistic - 14.358974358974359).abs() < 1e-12);
/// assert!((test.p_value - 0.00076205854121494236).abs() < 1e-15);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn chi_square_test(table: &[Vec<u64>], yates: bool) -> Result<ChiSquareTest, HtestError> {
    let margins = Margins::of(table, "at least 2x2")?;
    let n = margins.total as f64;
    let expected: Vec<Vec<f64>> = margins
        .rows
        .iter()
        .map(|&row| {
            margins
                .columns
                .iter()
                .map(|&column| row as f64 * column as f64 / n)
                .collect()
        })
        .collect();

    let deviation = |i: usize, j: usize| (table[i][j] as f64 - expected[i][j]).abs();
    let (rows, columns) = (table.len(), margins.columns.len());
    // Column-major cell order, as R sums a matrix.
    let cells = || (0..columns).flat_map(move |j| (0..rows).map(move |i| (i, j)));
    let correction = if yates && rows == 2 && columns == 2 {
        cells().map(|(i, j)| deviation(i, j)).fold(0.5, f64::min)
    } else {
        0.0
    };
    let statistic = compensated_sum(cells().map(|(i, j)| {
        let shifted = deviation(i, j) - correction;
        shifted * shifted / expected[i][j]
    }));
    let df = (rows - 1) * (columns - 1);
    let min_expected = expected
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);

    Ok(ChiSquareTest {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df as f64),
        yates: correction > 0.0,
        min_expected,
        expected,
    })
}

/// The result of Fisher's exact test of a 2 x 2 table.
#[derive(Clone, Debug, PartialEq)]
pub struct FisherExactTest {
    /// P value for `alternative`.
    pub p_value: f64,
    /// The alternative hypothesis about the odds ratio (`Less`: below 1).
    pub alternative: Alternative,
}

/// Computes Fisher's exact test of independence of a 2 x 2 table (Fisher 1935), as
/// R 4.2's `fisher.test(table, alternative)`.
///
/// With the margins fixed, the top-left count `a` follows the hypergeometric
/// distribution. The two-sided P value sums the probabilities of every table whose
/// probability is at most `(1 + 1e-7)` times that of the observed one. That relative
/// tolerance is R's, and it lets tables tied in exact arithmetic count despite rounding.
/// `Less` sums `P(A <= a)` and `Greater` sums `P(A >= a)`.
///
/// # Errors
///
/// - [`HtestError::TableShape`] unless the table is 2 x 2.
/// - [`HtestError::EmptyMargin`] when a row or column sums to zero, because the table
///   then carries no information about association (R returns P = 1).
///
/// ```
/// use repro_htest::{fisher_exact_2x2, Alternative};
///
/// // R: fisher.test(matrix(c(0, 9, 6, 4), 2, byrow = TRUE), alternative = "less")$p.value
/// let test = fisher_exact_2x2(&[vec![0, 9], vec![6, 4]], Alternative::Less)?;
/// assert!((test.p_value - 0.0077399380804953561).abs() < 1e-15);
/// # Ok::<(), repro_htest::HtestError>(())
/// ```
pub fn fisher_exact_2x2(
    table: &[Vec<u64>],
    alternative: Alternative,
) -> Result<FisherExactTest, HtestError> {
    let margins = Margins::of(table, "2x2")?;
    if table.len() != 2 || margins.columns.len() != 2 {
        return Err(HtestError::TableShape {
            rows: table.len(),
            cols: margins.columns.len(),
            needed: "2x2",
        });
    }

    // R's names: m and n are the column totals, k the first row total.
    let m = margins.columns[0];
    let n = margins.columns[1];
    let k = margins.rows[0];
    let observed = table[0][0];
    let low = k.saturating_sub(n);
    let high = k.min(m);
    let probabilities = hypergeometric_probabilities(m, n, k, low, high);
    let index = (observed - low) as usize;

    let p_value = match alternative {
        Alternative::Less => probabilities[..=index].iter().sum::<f64>(),
        Alternative::Greater => probabilities[index..].iter().sum::<f64>(),
        Alternative::TwoSided => {
            let threshold = probabilities[index] * (1.0 + 1e-7);
            probabilities
                .iter()
                .filter(|&&p| p <= threshold)
                .sum::<f64>()
        }
    };
    Ok(FisherExactTest {
        p_value: p_value.min(1.0),
        alternative,
    })
}

/// Computes the hypergeometric probabilities `P(A = x)` for `x` in `low..=high`, where
/// `A` counts the first-column items among `k` drawn from `m` first-column and `n`
/// second-column items.
///
/// They start from 1 at the mode and follow the ratio
/// `P(x + 1) / P(x) = (m - x)(k - x) / ((x + 1)(n - k + x + 1))` outwards, so nothing
/// overflows or underflows before the final normalisation.
fn hypergeometric_probabilities(m: u64, n: u64, k: u64, low: u64, high: u64) -> Vec<f64> {
    let (m_f, n_f, k_f) = (m as f64, n as f64, k as f64);
    let mode = (((k_f + 1.0) * (m_f + 1.0) / (m_f + n_f + 2.0)).floor() as u64).clamp(low, high);
    let mut weights = vec![0.0_f64; (high - low + 1) as usize];
    let at = |x: u64| (x - low) as usize;
    weights[at(mode)] = 1.0;
    for x in mode + 1..=high {
        let previous = (x - 1) as f64;
        let ratio =
            (m_f - previous) * (k_f - previous) / ((previous + 1.0) * (n_f - k_f + previous + 1.0));
        weights[at(x)] = weights[at(x - 1)] * ratio;
    }
    for x in (low..mode).rev() {
        let current = x as f64;
        let ratio =
            (m_f - current) * (k_f - current) / ((current + 1.0) * (n_f - k_f + current + 1.0));
        weights[at(x)] = weights[at(x + 1)] / ratio;
    }
    let total = compensated_sum(weights.iter().copied());
    weights.iter().map(|w| w / total).collect()
}

/// Row and column totals of a validated table.
struct Margins {
    rows: Vec<u64>,
    columns: Vec<u64>,
    total: u64,
}

impl Margins {
    /// Checks that the table is rectangular, at least 2 x 2 and has no empty margin.
    fn of(table: &[Vec<u64>], needed: &'static str) -> Result<Margins, HtestError> {
        let width = table.first().map_or(0, Vec::len);
        let rectangular = table.iter().all(|row| row.len() == width);
        if table.len() < 2 || width < 2 || !rectangular {
            return Err(HtestError::TableShape {
                rows: table.len(),
                cols: if rectangular { width } else { 0 },
                needed,
            });
        }
        let rows: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
        let columns: Vec<u64> = (0..width)
            .map(|j| table.iter().map(|row| row[j]).sum())
            .collect();
        if let Some(index) = rows.iter().position(|&total| total == 0) {
            return Err(HtestError::EmptyMargin {
                margin: "row",
                index,
            });
        }
        if let Some(index) = columns.iter().position(|&total| total == 0) {
            return Err(HtestError::EmptyMargin {
                margin: "column",
                index,
            });
        }
        let total = rows.iter().sum();
        Ok(Margins {
            rows,
            columns,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_rejects_ragged_table() {
        let error = chi_square_test(&[vec![1, 2], vec![3]], true).unwrap_err();
        assert_eq!(
            error,
            HtestError::TableShape {
                rows: 2,
                cols: 0,
                needed: "at least 2x2"
            }
        );
    }

    #[test]
    fn chi_square_rejects_single_row() {
        let error = chi_square_test(&[vec![1, 2, 3]], false).unwrap_err();
        assert!(
            matches!(
                error,
                HtestError::TableShape {
                    rows: 1,
                    cols: 3,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn chi_square_rejects_empty_column() {
        let error = chi_square_test(&[vec![1, 0, 3], vec![2, 0, 4]], false).unwrap_err();
        assert_eq!(
            error,
            HtestError::EmptyMargin {
                margin: "column",
                index: 1
            }
        );
        assert!(
            error.to_string().contains("column 1 sums to zero"),
            "{error}"
        );
    }

    #[test]
    fn chi_square_rejects_empty_row() {
        let error = chi_square_test(&[vec![0, 0], vec![2, 5]], true).unwrap_err();
        assert_eq!(
            error,
            HtestError::EmptyMargin {
                margin: "row",
                index: 0
            }
        );
    }

    #[test]
    fn chi_square_yates_ignored_beyond_2x2() {
        let table = [vec![10, 20, 30], vec![25, 15, 12]];
        let corrected = chi_square_test(&table, true).unwrap();
        let plain = chi_square_test(&table, false).unwrap();
        assert_eq!(corrected, plain);
        assert!(!corrected.yates);
    }

    #[test]
    fn fisher_rejects_3x2() {
        let error = fisher_exact_2x2(&[vec![1, 2], vec![3, 4], vec![5, 6]], Alternative::TwoSided);
        assert!(matches!(
            error,
            Err(HtestError::TableShape {
                rows: 3,
                cols: 2,
                needed: "2x2"
            })
        ));
    }

    #[test]
    fn fisher_rejects_empty_row() {
        let error = fisher_exact_2x2(&[vec![0, 0], vec![3, 4]], Alternative::TwoSided);
        assert_eq!(
            error,
            Err(HtestError::EmptyMargin {
                margin: "row",
                index: 0
            })
        );
    }

    #[test]
    fn hypergeometric_probabilities_by_hand() {
        // m = 2, n = 2, k = 2: P(A = 0, 1, 2) = 1/6, 4/6, 1/6.
        let p = hypergeometric_probabilities(2, 2, 2, 0, 2);
        assert!((p[0] - 1.0 / 6.0).abs() < 1e-16);
        assert!((p[1] - 4.0 / 6.0).abs() < 1e-16);
        assert!((p[2] - 1.0 / 6.0).abs() < 1e-16);
    }
}
