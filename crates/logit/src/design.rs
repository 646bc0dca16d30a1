//! The validated design: an outcome, an intercept column and named predictor columns.

use crate::error::LogitError;
use nalgebra::DMatrix;

/// Name of the intercept term, as R prints it.
pub const INTERCEPT: &str = "(Intercept)";

/// Relative tolerance below which a column counts as aliased.
///
/// R's `glm.fit` passes `min(1e-7, epsilon / 1000) = 1e-11` to its QR (LINPACK
/// `dqrdc2`); on the first IRLS iteration every weight is the same constant, so the
/// check is the same on the unweighted design.
const ALIAS_TOLERANCE: f64 = 1e-11;

/// A binary outcome with an intercept and named predictors, ready to fit.
///
/// Building a `Design` checks everything a fit needs: equal lengths, finite values,
/// distinct names, both outcome classes and a full-rank design matrix. The rows must
/// already be complete cases.
#[derive(Clone, Debug)]
pub struct Design {
    names: Vec<String>,
    /// `n × (k + 1)`: the intercept column of ones, then the predictors in order.
    x: DMatrix<f64>,
    y: Vec<bool>,
}

impl Design {
    /// Validates an outcome and predictor columns and builds the design matrix.
    ///
    /// `outcome[i]` is `true` when row `i` has the event. `predictors` are
    /// `(name, values)` pairs in model order; `&[(&str, &[f64])]` and
    /// `&[(String, Vec<f64>)]` both work. An intercept is always added, as in R's
    /// `glm(y ~ x1 + ...)`.
    ///
    /// # Errors
    ///
    /// [`LogitError::LengthMismatch`], [`LogitError::NonFinite`] (naming the predictor
    /// and 0-based row), [`LogitError::DuplicatePredictor`],
    /// [`LogitError::SingleClass`], and [`LogitError::Collinear`] naming every aliased
    /// predictor. As in R's `glm`, the aliased column is the later one: a column is
    /// aliased when less than 1e-11 of its norm remains after projecting out the
    /// intercept and the non-aliased columns before it.
    ///
    /// # Examples
    ///
    /// ```
    /// use repro_logit::{Design, LogitError};
    ///
    /// let y = [false, true, true, false, true, false];
    /// let x1 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let x2 = [2.0, 1.0, 0.0, 2.0, 1.0, 1.0];
    /// let x3: Vec<f64> = x1.iter().zip(&x2).map(|(a, b)| a + b).collect();
    ///
    /// let design = Design::new(&y, &[("x1", &x1[..]), ("x2", &x2[..])]).unwrap();
    /// assert_eq!(design.terms(), ["(Intercept)", "x1", "x2"]);
    ///
    /// // x3 = x1 + x2: R's glm reports x3 as NA; here it is an error naming x3.
    /// let err = Design::new(&y, &[("x1", &x1[..]), ("x2", &x2[..]), ("x3", &x3[..])]).unwrap_err();
    /// assert_eq!(err, LogitError::Collinear { aliased: vec!["x3".into()] });
    /// ```
    pub fn new<S: AsRef<str>, V: AsRef<[f64]>>(
        outcome: &[bool],
        predictors: &[(S, V)],
    ) -> Result<Self, LogitError> {
        let n = outcome.len();
        let mut names = Vec::with_capacity(predictors.len());
        for (name, values) in predictors {
            let name = name.as_ref();
            let values = values.as_ref();
            if values.len() != n {
                return Err(LogitError::LengthMismatch {
                    predictor: name.to_owned(),
                    len: values.len(),
                    expected: n,
                });
            }
            if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(LogitError::NonFinite {
                    predictor: name.to_owned(),
                    index,
                    value,
                });
            }
            if name == INTERCEPT || names.iter().any(|seen: &String| seen == name) {
                return Err(LogitError::DuplicatePredictor(name.to_owned()));
            }
            names.push(name.to_owned());
        }

        let x = DMatrix::from_fn(n, predictors.len() + 1, |i, j| {
            if j == 0 {
                1.0
            } else {
                predictors[j - 1].1.as_ref()[i]
            }
        });
        Self::from_parts(names, x, outcome.to_vec())
    }

    /// Checks classes and rank, then wraps an already-built matrix.
    pub(crate) fn from_parts(
        names: Vec<String>,
        x: DMatrix<f64>,
        y: Vec<bool>,
    ) -> Result<Self, LogitError> {
        let events = y.iter().filter(|&&e| e).count();
        if events == 0 || events == y.len() {
            return Err(LogitError::SingleClass {
                events,
                non_events: y.len() - events,
            });
        }
        let aliased = aliased_columns(&x);
        if !aliased.is_empty() {
            return Err(LogitError::Collinear {
                aliased: aliased.into_iter().map(|j| names[j - 1].clone()).collect(),
            });
        }
        Ok(Design { names, x, y })
    }

    /// Number of rows.
    pub fn n(&self) -> usize {
        self.y.len()
    }

    /// Number of rows with the event.
    pub fn n_events(&self) -> usize {
        self.y.iter().filter(|&&e| e).count()
    }

    /// The outcome, `true` for an event.
    pub fn outcome(&self) -> &[bool] {
        &self.y
    }

    /// Predictor names in model order, without the intercept.
    pub fn predictor_names(&self) -> &[String] {
        &self.names
    }

    /// Term names as R prints them: `"(Intercept)"`, then the predictors.
    pub fn terms(&self) -> Vec<String> {
        std::iter::once(INTERCEPT.to_owned())
            .chain(self.names.iter().cloned())
            .collect()
    }

    /// Values of one predictor, in row order.
    ///
    /// # Errors
    ///
    /// [`LogitError::UnknownPredictor`] when `name` is not a predictor of the design.
    pub fn predictor(&self, name: &str) -> Result<Vec<f64>, LogitError> {
        let j = self.column_of(name)?;
        Ok(self.x.column(j).iter().copied().collect())
    }

    /// The design restricted to some of its predictors (for a nested model).
    ///
    /// # Errors
    ///
    /// [`LogitError::UnknownPredictor`] for a name that is not in the design, and the
    /// errors of [`Design::new`].
    pub fn select(&self, names: &[&str]) -> Result<Design, LogitError> {
        let columns = names
            .iter()
            .map(|name| self.column_of(name))
            .collect::<Result<Vec<_>, _>>()?;
        let mut selected = vec![0];
        selected.extend(&columns);
        let x = self.x.select_columns(&selected);
        let names = names.iter().map(|&s| s.to_owned()).collect::<Vec<_>>();
        if let Some(dup) = names
            .iter()
            .enumerate()
            .find(|(i, s)| names[..*i].contains(s))
        {
            return Err(LogitError::DuplicatePredictor(dup.1.clone()));
        }
        Self::from_parts(names, x, self.y.clone())
    }

    /// The linear predictor `X β` for coefficients in term order.
    ///
    /// # Panics
    ///
    /// When `beta` does not have one entry per term (a caller error, not a data error).
    pub fn linear_predictor(&self, beta: &[f64]) -> Vec<f64> {
        assert_eq!(beta.len(), self.x.ncols(), "one coefficient per term");
        linear_predictor(&self.x, beta)
    }

    pub(crate) fn matrix(&self) -> &DMatrix<f64> {
        &self.x
    }

    /// The rows `rows` (with repeats) as a new design, for a bootstrap resample.
    pub(crate) fn resample(&self, rows: &[usize]) -> Result<Design, LogitError> {
        let x = self.x.select_rows(rows);
        let y = rows.iter().map(|&i| self.y[i]).collect();
        Self::from_parts(self.names.clone(), x, y)
    }

    fn column_of(&self, name: &str) -> Result<usize, LogitError> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|j| j + 1)
            .ok_or_else(|| LogitError::UnknownPredictor(name.to_owned()))
    }
}

/// Computes `X β`, summing the terms in column order.
pub(crate) fn linear_predictor(x: &DMatrix<f64>, beta: &[f64]) -> Vec<f64> {
    (0..x.nrows())
        .map(|i| (0..x.ncols()).map(|j| x[(i, j)] * beta[j]).sum())
        .collect()
}

/// Returns the indices of aliased columns, testing columns in order as R's `dqrdc2`
/// does with limited pivoting: a column is aliased when its norm, after Householder
/// reflections of the accepted columns before it, is below `ALIAS_TOLERANCE` times its
/// original norm. Aliased columns are skipped, so later columns are tested against the
/// accepted ones only.
fn aliased_columns(x: &DMatrix<f64>) -> Vec<usize> {
    let (n, p) = x.shape();
    let mut a = x.clone();
    let mut rank = 0;
    let mut aliased = Vec::new();

    for j in 0..p {
        let original = x.column(j).norm();
        let residual = if rank < n {
            a.view((rank, j), (n - rank, 1)).norm()
        } else {
            0.0
        };
        if original == 0.0 || residual < ALIAS_TOLERANCE * original {
            aliased.push(j);
            continue;
        }

        // Householder vector v = a[rank.., j] - alpha e_1, with alpha of opposite sign to avoid cancellation.
        let head = a[(rank, j)];
        let alpha = if head >= 0.0 { -residual } else { residual };
        let mut v: Vec<f64> = (rank..n).map(|i| a[(i, j)]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|t| t * t).sum();
        for c in j..p {
            let s: f64 = v
                .iter()
                .enumerate()
                .map(|(k, vk)| vk * a[(rank + k, c)])
                .sum();
            let factor = 2.0 * s / vv;
            for (k, vk) in v.iter().enumerate() {
                a[(rank + k, c)] -= factor * vk;
            }
        }
        rank += 1;
    }
    aliased
}
