//! The error type of every computation in this crate.

/// Why a logistic-regression computation rejected its input or could not finish.
///
/// Separation is not an error of [`crate::fit`]: the fit is returned with
/// [`crate::LogitFit::separation`] set and no Wald inference. Only the computations
/// that need a finite maximum-likelihood estimate (profile intervals, likelihood-ratio
/// tests) return [`LogitError::Separation`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LogitError {
    /// A predictor has a different number of values than the outcome.
    #[error(
        "predictor {predictor:?} has {len} values but the outcome has {expected}; \
         pass one value per row for every predictor"
    )]
    LengthMismatch {
        /// Name of the predictor.
        predictor: String,
        /// Number of values of the predictor.
        len: usize,
        /// Number of outcome values.
        expected: usize,
    },

    /// A predictor value is NaN or infinite.
    #[error(
        "predictor {predictor:?} is {value} at row index {index} (0-based), but every value \
         must be finite; drop incomplete rows before fitting or correct that row"
    )]
    NonFinite {
        /// Name of the predictor.
        predictor: String,
        /// Zero-based row index of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// Two predictors share one name, so their coefficients could not be told apart.
    #[error("predictor name {0:?} is used twice; give every predictor a distinct name")]
    DuplicatePredictor(String),

    /// The outcome has no events or no non-events (or no rows at all).
    #[error(
        "the outcome has {events} events and {non_events} non-events, but a logistic model \
         needs both classes; check the outcome column and the value that marks the positive class"
    )]
    SingleClass {
        /// Rows with the event.
        events: usize,
        /// Rows without the event.
        non_events: usize,
    },

    /// The design matrix is rank deficient: the named predictors are linear
    /// combinations of the intercept and the predictors before them.
    #[error(
        "collinear predictors: {} aliased (design matrix not of full rank); \
         remove {} or the predictors it is a linear combination of",
        .aliased.join(", "),
        if .aliased.len() == 1 { "it" } else { "them" }
    )]
    Collinear {
        /// Names of the aliased predictors, in design order.
        aliased: Vec<String>,
    },

    /// The data are completely or quasi-completely separated, so no finite
    /// maximum-likelihood estimate exists.
    #[error(
        "the data are separated ({reason}), so the maximum-likelihood estimate does not \
         exist and {what} is undefined; fit Firth's penalised likelihood instead"
    )]
    Separation {
        /// How the separation showed (as R's glm reports it).
        reason: String,
        /// What could not be computed.
        what: &'static str,
    },

    /// An iterative fit did not reach its convergence criterion.
    #[error(
        "{what} did not converge in {iterations} iterations (last step {last_step:e}); \
         the design is probably ill-conditioned: rescale or drop predictors"
    )]
    NotConverged {
        /// Which fit failed.
        what: &'static str,
        /// Iterations done.
        iterations: usize,
        /// Size of the last step (Newton decrement or largest coefficient change).
        last_step: f64,
    },

    /// The information matrix is not positive definite at the estimate.
    #[error(
        "the information matrix of {what} is singular at the current estimate; \
         the predictors are nearly collinear or the data nearly separated"
    )]
    SingularInformation {
        /// Which fit failed.
        what: &'static str,
    },

    /// A name that is not one of the model's predictors.
    #[error("{0:?} is not a predictor of the model; give one of the model's predictor names")]
    UnknownPredictor(String),

    /// Two models that must be nested are not.
    #[error(
        "the reduced model is not nested in the full model: term {0:?} of the reduced model \
         is missing from the full model, or both were fitted to different rows"
    )]
    NotNested(String),

    /// The confidence level is outside the open interval (0, 1).
    #[error(
        "confidence level {0} is invalid: give a number strictly between 0 and 1, such as 0.95"
    )]
    InvalidConfidenceLevel(f64),

    /// Fewer than two Hosmer-Lemeshow groups were requested.
    #[error("the Hosmer-Lemeshow test needs at least 2 groups, got {0}; 10 is the usual choice")]
    TooFewGroups(usize),

    /// Fitted probabilities and outcomes of different lengths, or a probability outside [0, 1].
    #[error("fitted probability {value} at row index {index} (0-based) is not in [0, 1]")]
    InvalidProbability {
        /// Zero-based row index.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// Outcome and scores of different lengths in a calibration or validation helper.
    #[error("the outcome has {outcome} values but the {what} has {len}; pass one value per row")]
    ScoreLengthMismatch {
        /// What the second slice is (`"fitted probabilities"`, `"linear predictor"`).
        what: &'static str,
        /// Its length.
        len: usize,
        /// Length of the outcome.
        outcome: usize,
    },

    /// A bootstrap was requested with zero replicates.
    #[error("the bootstrap needs at least 1 replicate, got 0; 200 to 1000 is usual")]
    NoReplicates,

    /// An error of the ROC engine while computing an AUC.
    #[error("AUC of the linear predictor: {0}")]
    Roc(#[from] repro_roc::RocError),
}
