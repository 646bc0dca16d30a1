//! Calibration of predicted probabilities: the Hosmer-Lemeshow test, logistic
//! recalibration (calibration intercept and slope) and the Brier score.

use crate::design::Design;
use crate::error::LogitError;
use crate::fit::separation_of;
use crate::irls::{self, Objective};
use crate::stats::one_minus_chi_square_cdf;
use nalgebra::DMatrix;

/// One Hosmer-Lemeshow group: an interval of fitted probabilities and its counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HosmerLemeshowGroup {
    /// Lower break; the interval is open below except for the first group.
    pub lower: f64,
    /// Upper break (closed).
    pub upper: f64,
    /// Rows in the group (0 for an empty interval).
    pub n: usize,
    /// Observed events.
    pub observed_events: usize,
    /// Expected events, the sum of the fitted probabilities.
    pub expected_events: f64,
}

/// Result of [`hosmer_lemeshow`].
#[derive(Clone, Debug, PartialEq)]
pub struct HosmerLemeshow {
    /// `Σ (O − E)² / E` over groups and both outcome classes; `None` when a group is
    /// empty (R gives NaN, from 0/0) or when the test is undefined (`error`).
    pub statistic: Option<f64>,
    /// `G − 2`; `None` when `G < 2`.
    pub df: Option<usize>,
    /// `1 − F_χ²(statistic; df)`; `None` when the statistic or df is.
    pub p: Option<f64>,
    /// `G`, the number of non-empty groups.
    pub n_groups: usize,
    /// Every interval between consecutive distinct breaks, empty ones included.
    pub groups: Vec<HosmerLemeshowGroup>,
    /// Reason there is no test, when `G < 2`.
    pub error: Option<String>,
}

/// Runs the Hosmer-Lemeshow goodness-of-fit test by groups of risk, exactly as
/// `hoslem.test(y, fitted, g)` of R's ResourceSelection 0.3-6.
///
/// Grouping rule (Hosmer and Lemeshow 1980; ResourceSelection 0.3-6):
/// 1. The breaks are the distinct values of the type-7 quantiles (R's default, linear
///    interpolation at `1 + (n − 1) p`) of the fitted probabilities at
///    `p = 0, 1/g, …, 1`.
/// 2. Each probability falls in the right-closed interval `(b_k, b_k+1]`, the first
///    interval being closed `[b_0, b_1]`; a value equal to an inner break goes to
///    the group below it.
/// 3. `statistic = Σ_groups [(O₁ − E₁)² / E₁ + (O₀ − E₀)² / E₀]` with
///    `E₁ = Σ p` and `E₀ = Σ (1 − p)`.
/// 4. `df = G − 2`, with `G` the number of non-empty groups, and `p = 1 − pchisq`.
///
/// ResourceSelection 0.3-5 and many textbooks use `df = g − 2` whatever `G` is.
///
/// # Errors
///
/// [`LogitError::ScoreLengthMismatch`], [`LogitError::InvalidProbability`] for a
/// value outside [0, 1] or NaN, and [`LogitError::TooFewGroups`] for `g < 2`.
/// `G < 2` is not an error: the result has no statistic and says why in `error`.
///
/// # Examples
///
/// ```
/// use repro_logit::hosmer_lemeshow;
///
/// // Eleven rows: the deciles are the order statistics, ten at 0.25 and one at 0.75.
/// // The breaks are {0.25, 0.75}: one interval [0.25, 0.75] holds every row, so
/// // G = 1 and there is no test.
/// let y11 = [false, false, true, false, false, true, false, false, false, true, true];
/// let p11 = [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.75];
/// let hl = hosmer_lemeshow(&y11, &p11, 10).unwrap();
/// assert_eq!(hl.n_groups, 1);
/// assert_eq!(hl.statistic, None);
///
/// let y = [false, false, false, true, true, true, true, false];
/// let p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
/// // Four rows per probability level: the median interpolates to 0.5, so the breaks are
/// // 0.25, 0.5 and 0.75, and each level is one group with O₁ = 1 and 3 against E₁ = 1 and 3: statistic 0.
/// let hl = hosmer_lemeshow(&y, &p, 10).unwrap();
/// assert_eq!((hl.n_groups, hl.df, hl.statistic, hl.p), (2, Some(0), Some(0.0), Some(1.0)));
/// ```
pub fn hosmer_lemeshow(
    outcome: &[bool],
    fitted: &[f64],
    g: usize,
) -> Result<HosmerLemeshow, LogitError> {
    check_lengths(outcome, fitted.len(), "fitted probabilities")?;
    if let Some((index, &value)) = fitted
        .iter()
        .enumerate()
        .find(|(_, p)| !(0.0..=1.0).contains(*p))
    {
        return Err(LogitError::InvalidProbability { index, value });
    }
    if g < 2 {
        return Err(LogitError::TooFewGroups(g));
    }

    let breaks = quantile_breaks(fitted, g);
    if breaks.len() < 2 {
        return Ok(HosmerLemeshow {
            statistic: None,
            df: None,
            p: None,
            n_groups: usize::from(!fitted.is_empty()),
            groups: Vec::new(),
            error: Some(
                "every fitted probability is equal, so there is one group and the test \
                 needs at least 2"
                    .to_owned(),
            ),
        });
    }

    let inner = &breaks[1..breaks.len() - 1];
    let mut groups: Vec<HosmerLemeshowGroup> = breaks
        .windows(2)
        .map(|w| HosmerLemeshowGroup {
            lower: w[0],
            upper: w[1],
            n: 0,
            observed_events: 0,
            expected_events: 0.0,
        })
        .collect();
    let mut expected_non_events = vec![0.0; groups.len()];
    for (&y, &p) in outcome.iter().zip(fitted) {
        let k = inner.partition_point(|&b| b < p);
        groups[k].n += 1;
        groups[k].observed_events += usize::from(y);
        groups[k].expected_events += p;
        expected_non_events[k] += 1.0 - p;
    }

    // R sums the (groups × 2) matrix column by column: non-events first, then events.
    let non_event_terms = groups.iter().zip(&expected_non_events).map(|(group, &e0)| {
        let o0 = (group.n - group.observed_events) as f64;
        (o0 - e0).powi(2) / e0
    });
    let event_terms = groups.iter().map(|group| {
        let o1 = group.observed_events as f64;
        (o1 - group.expected_events).powi(2) / group.expected_events
    });
    let statistic: f64 = non_event_terms.chain(event_terms).sum();

    let n_groups = groups.iter().filter(|group| group.n > 0).count();
    if n_groups < 2 {
        return Ok(HosmerLemeshow {
            statistic: None,
            df: None,
            p: None,
            n_groups,
            groups,
            error: Some(format!(
                "only {n_groups} non-empty group, but the test needs at least 2 (df = G - 2)"
            )),
        });
    }
    let df = n_groups - 2;
    let statistic = (!statistic.is_nan()).then_some(statistic);
    Ok(HosmerLemeshow {
        statistic,
        df: Some(df),
        p: statistic.map(|s| one_minus_chi_square_cdf(s, df as f64)),
        n_groups,
        groups,
        error: None,
    })
}

/// `sort(unique(quantile(x, seq(0, 1, 1/g))))` with R's type-7 arithmetic.
fn quantile_breaks(x: &[f64], g: usize) -> Vec<f64> {
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let by = 1.0 / g as f64;
    let mut breaks: Vec<f64> = Vec::with_capacity(g + 1);
    for k in 0..=g {
        // seq(0, 1, by) is `(0:g) * by`, capped at 1.
        let prob = (k as f64 * by).min(1.0);
        let index = 1.0 + (n - 1) as f64 * prob;
        let lo = index.floor();
        let hi = index.ceil();
        let mut q = sorted[lo as usize - 1];
        let upper = sorted[hi as usize - 1];
        if index > lo && upper != q {
            let h = index - lo;
            q = (1.0 - h) * q + h * upper;
        }
        if !breaks.contains(&q) {
            breaks.push(q);
        }
    }
    breaks.sort_by(f64::total_cmp);
    breaks
}

/// Logistic recalibration of a linear predictor against observed outcomes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Calibration-in-the-large: `a` in `logit P(y) = a + lp` (the linear predictor
    /// as an offset). 0 means the mean risk is right.
    pub intercept: f64,
    /// Calibration slope: `b` in `logit P(y) = c + b · lp`. Below 1 means the
    /// predictions are too extreme (overfitting).
    pub slope: f64,
    /// `c`, the intercept of the slope model.
    pub slope_intercept: f64,
    /// Mean squared difference between predicted probability and outcome.
    pub brier: f64,
}

/// Recalibrates a linear predictor on observed outcomes (Cox 1958; Steyerberg 2019, ch. 15).
///
/// The slope and its intercept are the MLE of `glm(y ~ lp, family = binomial)`; the
/// calibration intercept is that of `glm(y ~ 1, offset = lp, family = binomial)`.
/// On the data a model was fitted to, the MLE makes them exactly 0 and 1 (up to
/// rounding), so they are informative on new data or in a bootstrap.
///
/// # Errors
///
/// [`LogitError::ScoreLengthMismatch`], [`LogitError::NonFinite`],
/// [`LogitError::SingleClass`], [`LogitError::Collinear`] for a constant linear
/// predictor, and [`LogitError::Separation`] when the linear predictor separates
/// the outcome (AUC 1), where no finite slope exists.
///
/// # Examples
///
/// ```
/// use repro_logit::calibration;
///
/// // Four rows at lp = 0 (one event) and four at lp = 1 (three events): the slope
/// // model is saturated, c = logit(1/4) = -ln 3 and b = logit(3/4) - logit(1/4) = 2 ln 3.
/// let y = [true, false, false, false, true, true, true, false];
/// let lp = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// let c = calibration(&y, &lp).unwrap();
/// assert!((c.slope - 2.0 * 3f64.ln()).abs() < 1e-12);
/// assert!((c.slope_intercept + 3f64.ln()).abs() < 1e-12);
/// ```
pub fn calibration(outcome: &[bool], linear_predictor: &[f64]) -> Result<Calibration, LogitError> {
    check_lengths(outcome, linear_predictor.len(), "linear predictor")?;
    let (slope_intercept, slope) = recalibrate(outcome, linear_predictor)?;

    let ones = DMatrix::from_element(outcome.len(), 1, 1.0);
    let mut in_the_large =
        Objective::new(&ones, outcome, false, "the calibration-in-the-large fit");
    in_the_large.offset = Some(linear_predictor);
    let intercept = in_the_large.maximise(vec![0.0])?.beta[0];

    let fitted: Vec<f64> = linear_predictor
        .iter()
        .map(|&e| irls::logistic(e))
        .collect();
    Ok(Calibration {
        intercept,
        slope,
        slope_intercept,
        brier: brier_score(outcome, &fitted)?,
    })
}

/// Fits `glm(y ~ lp)` and returns `(intercept, slope)`.
pub(crate) fn recalibrate(outcome: &[bool], lp: &[f64]) -> Result<(f64, f64), LogitError> {
    let design = Design::new(outcome, &[("linear predictor", lp)])?;
    let beta = mle(&design)?;
    Ok((beta[0], beta[1]))
}

/// The MLE through R's IRLS then Newton, or an error under separation.
pub(crate) fn mle(design: &Design) -> Result<Vec<f64>, LogitError> {
    let glm = irls::glm_irls(design.matrix(), design.outcome())?;
    if let Some(reason) = separation_of(&glm) {
        return Err(LogitError::Separation {
            reason: reason.to_string(),
            what: "the estimate",
        });
    }
    let objective = Objective::new(design.matrix(), design.outcome(), false, "the Newton fit");
    Ok(objective.maximise(glm.beta)?.beta)
}

/// Computes the Brier score `mean((p − y)²)` (Brier 1950).
///
/// # Errors
///
/// [`LogitError::ScoreLengthMismatch`] and [`LogitError::InvalidProbability`].
///
/// # Examples
///
/// ```
/// // (0.5² + 0.5² + 0.25² + 0.25²) / 4 = 0.15625, exact in binary.
/// let b = repro_logit::brier_score(&[true, false, true, false], &[0.5, 0.5, 0.75, 0.25]).unwrap();
/// assert_eq!(b, 0.15625);
/// ```
pub fn brier_score(outcome: &[bool], fitted: &[f64]) -> Result<f64, LogitError> {
    check_lengths(outcome, fitted.len(), "fitted probabilities")?;
    if let Some((index, &value)) = fitted
        .iter()
        .enumerate()
        .find(|(_, p)| !(0.0..=1.0).contains(*p))
    {
        return Err(LogitError::InvalidProbability { index, value });
    }
    let sum: f64 = outcome
        .iter()
        .zip(fitted)
        .map(|(&y, &p)| (p - f64::from(u8::from(y))).powi(2))
        .sum();
    Ok(sum / outcome.len() as f64)
}

fn check_lengths(outcome: &[bool], len: usize, what: &'static str) -> Result<(), LogitError> {
    if outcome.len() == len {
        Ok(())
    } else {
        Err(LogitError::ScoreLengthMismatch {
            what,
            len,
            outcome: outcome.len(),
        })
    }
}
