//! A marker sorted once: its distinct values with the number of cases and controls at each.
//!
//! Every other computation in this crate (AUC, placement values, curve points, the
//! bootstrap) reads this grouped form, so each marker is sorted exactly once. Scores are
//! compared exactly, never with a tolerance: `-0.0` and `0.0` are the same value, and
//! two values that differ in the last bit are different values.

use crate::error::{Class, RocError};
use rayon::slice::ParallelSliceMut;
use std::fmt;

/// Largest number of rows per marker (2^31 − 1).
///
/// Sums of squared placement counts are kept exactly in `u128`; this bound keeps the
/// largest of them (about 4·n⁴) below 2^128.
pub const MAX_ROWS: usize = i32::MAX as usize;

/// Inputs shorter than this are sorted on one thread; rayon's start-up cost dominates below it.
const PARALLEL_SORT_MIN: usize = 1 << 16;

/// Which side of a marker indicates the positive class.
///
/// `Higher` is pROC's `direction = "<"` (controls < cases): a row is called positive
/// when `x >= threshold`. `Lower` is pROC's `">"`: positive when `x <= threshold`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Higher values indicate the positive class (pROC `"<"`).
    Higher,
    /// Lower values indicate the positive class (pROC `">"`).
    Lower,
}

impl Direction {
    /// Returns the lower-case name used in reports: `"higher"` or `"lower"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A declared direction, or `Auto` to choose it from the data as pROC does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectionRule {
    /// Always [`Direction::Higher`]; the AUC is reported as is, even below 0.5.
    Higher,
    /// Always [`Direction::Lower`]; the AUC is reported as is, even below 0.5.
    Lower,
    /// pROC's rule: `Higher` iff median(controls) <= median(cases), otherwise `Lower`.
    Auto,
}

impl From<Direction> for DirectionRule {
    fn from(direction: Direction) -> Self {
        match direction {
            Direction::Higher => DirectionRule::Higher,
            Direction::Lower => DirectionRule::Lower,
        }
    }
}

/// A marker and a binary outcome, validated and sorted once.
///
/// Build it with [`Marker::new`]; then every analysis in this crate takes it by
/// reference, so analysing one marker several ways costs one sort.
#[derive(Clone, Debug)]
pub struct Marker {
    /// Distinct marker values, ascending.
    values: Vec<f64>,
    /// Cases at each distinct value.
    cases: Vec<u64>,
    /// Controls at each distinct value.
    controls: Vec<u64>,
    /// Index into `values` of each row, in row order.
    row_group: Vec<u32>,
    /// Outcome of each row, in row order (`true` = case).
    positive: Vec<bool>,
    n_positive: u64,
    n_negative: u64,
}

impl Marker {
    /// Validates `scores` against `positive` and sorts the marker once.
    ///
    /// `positive[i]` is `true` when row `i` is a case. The rows must already be
    /// complete cases: the caller drops missing values before this point.
    ///
    /// # Errors
    ///
    /// [`RocError::LengthMismatch`] when the slices differ in length,
    /// [`RocError::TooManyRows`] above [`MAX_ROWS`], [`RocError::NonFinite`] naming the
    /// 0-based row index of the first NaN or infinite score, and
    /// [`RocError::MissingClass`] when there is no case or no control.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Class, Marker, RocError};
    ///
    /// let marker = Marker::new(&[0.1, 0.4, 0.4, 0.9], &[false, false, true, true]).unwrap();
    /// assert_eq!(marker.distinct_values(), &[0.1, 0.4, 0.9]);
    ///
    /// let err = Marker::new(&[1.0, 2.0], &[true, true]).unwrap_err();
    /// assert_eq!(err, RocError::MissingClass { missing: Class::Negative });
    /// ```
    pub fn new(scores: &[f64], positive: &[bool]) -> Result<Self, RocError> {
        if scores.len() != positive.len() {
            return Err(RocError::LengthMismatch {
                scores: scores.len(),
                labels: positive.len(),
            });
        }
        if scores.len() > MAX_ROWS {
            return Err(RocError::TooManyRows {
                rows: scores.len(),
                max: MAX_ROWS,
            });
        }
        if let Some(index) = scores.iter().position(|x| !x.is_finite()) {
            return Err(RocError::NonFinite {
                index,
                value: scores[index],
            });
        }
        let n_positive = positive.iter().filter(|&&p| p).count() as u64;
        let n_negative = positive.len() as u64 - n_positive;
        if n_positive == 0 {
            return Err(RocError::MissingClass {
                missing: Class::Positive,
            });
        }
        if n_negative == 0 {
            return Err(RocError::MissingClass {
                missing: Class::Negative,
            });
        }

        // Adding 0.0 turns -0.0 into +0.0, so that `total_cmp` and `==` agree on ties.
        let mut order: Vec<(f64, u32)> = scores
            .iter()
            .enumerate()
            .map(|(row, &x)| (x + 0.0, row as u32))
            .collect();
        if order.len() >= PARALLEL_SORT_MIN {
            order.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        } else {
            order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        }

        let mut values: Vec<f64> = Vec::new();
        let mut cases: Vec<u64> = Vec::new();
        let mut controls: Vec<u64> = Vec::new();
        let mut row_group = vec![0u32; scores.len()];
        for &(x, row) in &order {
            if values.last() != Some(&x) {
                values.push(x);
                cases.push(0);
                controls.push(0);
            }
            let group = values.len() - 1;
            if positive[row as usize] {
                cases[group] += 1;
            } else {
                controls[group] += 1;
            }
            row_group[row as usize] = group as u32;
        }

        Ok(Marker {
            values,
            cases,
            controls,
            row_group,
            positive: positive.to_vec(),
            n_positive,
            n_negative,
        })
    }

    /// Number of cases (rows with `positive == true`).
    pub fn n_positive(&self) -> u64 {
        self.n_positive
    }

    /// Number of controls (rows with `positive == false`).
    pub fn n_negative(&self) -> u64 {
        self.n_negative
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.positive.len()
    }

    /// Always `false`: a marker holds at least one case and one control.
    pub fn is_empty(&self) -> bool {
        self.positive.is_empty()
    }

    /// Distinct marker values in ascending order (`-0.0` is stored as `0.0`).
    pub fn distinct_values(&self) -> &[f64] {
        &self.values
    }

    /// Outcome of each row in row order, as given to [`Marker::new`].
    pub fn outcome(&self) -> &[bool] {
        &self.positive
    }

    pub(crate) fn case_counts(&self) -> &[u64] {
        &self.cases
    }

    pub(crate) fn control_counts(&self) -> &[u64] {
        &self.controls
    }

    pub(crate) fn row_groups(&self) -> &[u32] {
        &self.row_group
    }

    /// Resolves a [`DirectionRule`] for this marker.
    ///
    /// `Auto` follows pROC 1.18: `Higher` iff median(controls) <= median(cases), with
    /// R's median (mean of the two middle values for an even count). The medians are
    /// compared, not the AUC, so with equal medians the result is `Higher` even when
    /// that AUC is below 0.5.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, DirectionRule, Marker};
    ///
    /// // Cases have lower values: auto resolves to Lower.
    /// let marker = Marker::new(&[5.0, 6.0, 1.0, 2.0], &[false, false, true, true]).unwrap();
    /// assert_eq!(marker.resolve_direction(DirectionRule::Auto), Direction::Lower);
    /// assert_eq!(marker.resolve_direction(DirectionRule::Higher), Direction::Higher);
    /// ```
    pub fn resolve_direction(&self, rule: DirectionRule) -> Direction {
        match rule {
            DirectionRule::Higher => Direction::Higher,
            DirectionRule::Lower => Direction::Lower,
            DirectionRule::Auto => {
                let controls = grouped_median(&self.values, &self.controls, self.n_negative);
                let cases = grouped_median(&self.values, &self.cases, self.n_positive);
                if controls <= cases {
                    Direction::Higher
                } else {
                    Direction::Lower
                }
            }
        }
    }

    /// Returns the doubled placement counts of a case and of a control at each distinct value.
    ///
    /// For a case at value `x` under `Higher`, the count is `2·(controls below x) +
    /// (controls equal to x)`; dividing it by `2·n_negative` gives DeLong's placement
    /// value V10. For a control, it is `2·(cases above x) + (cases equal to x)`, and
    /// dividing by `2·n_positive` gives V01. `Lower` swaps "below" and "above".
    pub(crate) fn doubled_placements(&self, direction: Direction) -> (Vec<u64>, Vec<u64>) {
        let groups = self.values.len();
        let mut case_placement = vec![0u64; groups];
        let mut control_placement = vec![0u64; groups];

        // Controls strictly on the "negative side" of each value, and cases strictly on
        // its "positive side", walking the groups in the direction's order.
        let walk: Box<dyn Iterator<Item = usize>> = match direction {
            Direction::Higher => Box::new(0..groups),
            Direction::Lower => Box::new((0..groups).rev()),
        };
        let mut controls_before = 0u64;
        for g in walk {
            case_placement[g] = 2 * controls_before + self.controls[g];
            controls_before += self.controls[g];
        }
        let walk_back: Box<dyn Iterator<Item = usize>> = match direction {
            Direction::Higher => Box::new((0..groups).rev()),
            Direction::Lower => Box::new(0..groups),
        };
        let mut cases_after = 0u64;
        for g in walk_back {
            control_placement[g] = 2 * cases_after + self.cases[g];
            cases_after += self.cases[g];
        }
        (case_placement, control_placement)
    }

    /// Returns twice the Mann-Whitney count: `2·#(case beats control) + #(ties)`.
    pub(crate) fn twice_concordant(&self, direction: Direction) -> u128 {
        let (case_placement, _) = self.doubled_placements(direction);
        self.cases
            .iter()
            .zip(&case_placement)
            .map(|(&n, &c)| n as u128 * c as u128)
            .sum()
    }

    /// Computes the AUC as the Mann-Whitney statistic, ties between a case and a control counting ½.
    ///
    /// The count of concordant pairs is exact integer arithmetic (`u128`), and only the
    /// final ratio is rounded, so perfect separation gives exactly 1 and a constant
    /// marker exactly 0.5. The value equals pROC's trapezoidal AUC (Hanley & McNeil 1982
    /// show the two are the same statistic). The direction is never flipped.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_roc::{Direction, Marker};
    ///
    /// let marker = Marker::new(
    ///     &[1.0, 2.0, 5.0, 6.0, 3.0, 4.0, 7.0, 8.0],
    ///     &[false, false, false, false, true, true, true, true],
    /// )
    /// .unwrap();
    /// assert_eq!(marker.auc(Direction::Higher), 0.75);
    /// assert_eq!(marker.auc(Direction::Lower), 0.25);
    /// ```
    pub fn auc(&self, direction: Direction) -> f64 {
        let pairs = 2 * self.n_positive as u128 * self.n_negative as u128;
        self.twice_concordant(direction) as f64 / pairs as f64
    }
}

/// R's median of the rows counted in `counts`: the middle value, or the mean of the two
/// middle values for an even count.
fn grouped_median(values: &[f64], counts: &[u64], total: u64) -> f64 {
    let lower = order_statistic(values, counts, (total - 1) / 2);
    let upper = order_statistic(values, counts, total / 2);
    midpoint(lower, upper)
}

/// The value at 0-based position `rank` of the sorted rows counted in `counts`.
fn order_statistic(values: &[f64], counts: &[u64], rank: u64) -> f64 {
    let mut seen = 0u64;
    for (&x, &n) in values.iter().zip(counts) {
        seen += n;
        if seen > rank {
            return x;
        }
    }
    // Unreachable for rank < total; the last value keeps the function total.
    values[values.len() - 1]
}

/// `(a + b) / 2`, correctly rounded, falling back to `a/2 + b/2` when `a + b` overflows.
pub(crate) fn midpoint(a: f64, b: f64) -> f64 {
    let sum = a + b;
    if sum.is_finite() {
        sum / 2.0
    } else {
        a / 2.0 + b / 2.0
    }
}

/// Computes the AUC of `scores` against `positive` under a fixed direction.
///
/// A shortcut for [`Marker::new`] followed by [`Marker::auc`]: the Mann-Whitney statistic
/// with ties counted ½ (Mann & Whitney 1947; Hanley & McNeil 1982), exact up to the final
/// division, never flipped. pROC's `auc(roc(..., direction = "<"))` is
/// `auc(scores, positive, Direction::Higher)`.
///
/// # Errors
///
/// As [`Marker::new`]: unequal lengths, a non-finite score (naming its 0-based row
/// index), a missing class, or too many rows.
///
/// # Examples
///
/// ```
/// use repro_roc::{auc, Direction};
///
/// // A perfect marker gives exactly 1.
/// let perfect = auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true], Direction::Higher).unwrap();
/// assert_eq!(perfect, 1.0);
///
/// // pROC reference case roc_tiny_2pos_3neg, marker "a": AUC 0.75 in R.
/// let a = [3.5, 1.2, 2.0, 0.7, 1.2];
/// let y = [true, true, false, false, false];
/// assert_eq!(auc(&a, &y, Direction::Higher).unwrap(), 0.75);
/// ```
pub fn auc(scores: &[f64], positive: &[bool], direction: Direction) -> Result<f64, RocError> {
    Ok(Marker::new(scores, positive)?.auc(direction))
}
