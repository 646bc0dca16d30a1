//! The `kind: "logit"` document: `glm(y ~ x1 + …, family = binomial)` with its
//! coefficient table, the AUC of its linear predictor, Hosmer-Lemeshow and separation.
//!
//! Beyond the reference schema, each coefficient also has SPSS's Wald statistic and
//! its log-odds Wald interval. The model also has the likelihood-ratio test against
//! the intercept-only model, Cox-Snell and Nagelkerke R², the Brier score, the
//! apparent calibration, convergence details and the conventions used.

use repro_logit::{
    Coefficient, Design, FitOptions, HosmerLemeshow, LogitFit, brier_score, calibration, fit,
    hosmer_lemeshow,
};
use repro_roc::{Direction, auc};
use serde_json::{Value, json};

use super::{AnalysisError, LogitInput, number, optional_number};

/// Hosmer-Lemeshow groups, as `hoslem.test(g = 10)`.
const HL_GROUPS: usize = 10;

/// Fits the logistic model of a job and returns its document.
///
/// # Errors
///
/// An outcome with one class, a non-finite predictor value, or collinear predictors
/// (the message names the aliased predictor).
pub fn logit(input: &LogitInput) -> Result<Value, AnalysisError> {
    let failed = |e: &dyn std::fmt::Display| AnalysisError(e.to_string());
    let design = Design::new(&input.outcome, &input.predictors).map_err(|e| failed(&e))?;
    let options = FitOptions::default();
    let model = fit(&design, &options).map_err(|e| failed(&e))?;

    let model_auc = auc(&model.linear_predictor, design.outcome(), Direction::Higher)
        .map_err(|e| failed(&e))?;
    let hl = hosmer_lemeshow(design.outcome(), &model.fitted, HL_GROUPS).map_err(|e| failed(&e))?;
    let brier = brier_score(design.outcome(), &model.fitted).map_err(|e| failed(&e))?;
    // Under separation the recalibration can itself be separated: then there is no slope.
    let apparent_calibration = calibration(design.outcome(), &model.linear_predictor).ok();

    Ok(json!({
        "n": model.n,
        "n_events": model.n_events,
        "n_dropped": input.n_dropped,
        "log_likelihood": number(model.log_likelihood),
        "aic": number(model.aic),
        "deviance": number(model.deviance),
        "null_deviance": number(model.null_deviance),
        "coefficients": model.coefficients.iter().map(|c| coefficient(c, &model)).collect::<Vec<_>>(),
        "auc": number(model_auc),
        "hosmer_lemeshow": hosmer_lemeshow_json(&hl),
        "separation": model.is_separated(),
        "separation_reason": model.separation.map(|reason| reason.to_string()),
        "lr_test": model.lr_test.map(|t| json!({
            "statistic": number(t.statistic),
            "df": t.df,
            "p": number(t.p),
        })),
        "cox_snell_r2": optional_number(model.cox_snell_r2),
        "nagelkerke_r2": optional_number(model.nagelkerke_r2),
        "brier": number(brier),
        "calibration": apparent_calibration.map(|c| json!({
            "intercept": number(c.intercept),
            "slope": number(c.slope),
            "slope_intercept": number(c.slope_intercept),
        })),
        "convergence": json!({
            "glm_iterations": model.convergence.glm_iterations,
            "glm_converged": model.convergence.glm_converged,
            "newton_iterations": model.convergence.newton_iterations,
            "newton_decrement": number(model.convergence.newton_decrement),
        }),
        "conventions": conventions(&model),
    }))
}

/// Builds one coefficient row. Under separation only the estimate and SE (where R's
/// glm stopped) are numbers. The test, odds ratio and intervals are null, because
/// there is no estimate to test.
fn coefficient(c: &Coefficient, model: &LogitFit) -> Value {
    json!({
        "term": c.term,
        "estimate": number(c.estimate),
        "se": number(c.se),
        "z": optional_number(c.wald.map(|w| w.z)),
        "p": optional_number(c.wald.map(|w| w.p)),
        "odds_ratio": optional_number(c.wald.map(|w| w.odds_ratio)),
        "or_ci_lower": optional_number(c.wald.map(|w| w.or_ci_lower)),
        "or_ci_upper": optional_number(c.wald.map(|w| w.or_ci_upper)),
        "wald": optional_number(c.wald.map(|w| w.chi_square)),
        "df": 1,
        "ci_lower": optional_number(c.wald.map(|w| w.ci_lower)),
        "ci_upper": optional_number(c.wald.map(|w| w.ci_upper)),
        "conf_level": model.level,
    })
}

fn hosmer_lemeshow_json(hl: &HosmerLemeshow) -> Value {
    let mut value = json!({
        "statistic": optional_number(hl.statistic),
        "df": hl.df,
        "p": optional_number(hl.p),
        "n_groups": hl.n_groups,
    });
    if let Some(error) = &hl.error {
        value["error"] = Value::from(error.as_str());
    }
    value
}

fn conventions(model: &LogitFit) -> Value {
    json!({
        "model": "glm(y ~ predictors, family = binomial), unpenalised maximum likelihood",
        "estimation": "R's IRLS (glm.control defaults) decides separation; Newton steps then run \
                       to the exact MLE and SEs come from the Fisher information there \
                       (R's glm refitted with epsilon = 1e-14)",
        "separation": "R's glm warning 'fitted probabilities numerically 0 or 1 occurred' or \
                       non-convergence in 25 iterations; then the numbers are glm's last iterate \
                       and no Wald test, odds ratio or interval is reported",
        "wald_interval": format!("exp(b ± qnorm({}) · se)", (1.0 + model.level) / 2.0),
        "auc": "pROC AUC of the linear predictor, direction \"<\"",
        "hosmer_lemeshow": "ResourceSelection 0.3-6: g = 10, breaks unique(quantile(fitted, type 7)), \
                            right-closed intervals, df = G - 2 over non-empty groups",
        "calibration": "apparent: glm(y ~ lp) slope and intercept, glm(y ~ offset(lp)) intercept",
    })
}
