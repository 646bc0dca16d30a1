//! Table 4: the multi-marker logistic model (coefficients, odds ratios, fit, calibration)
//! and its validation by Harrell's optimism bootstrap.

use repro_logit::{
    BootstrapOptions, Design, FitOptions, LogitFit, bootstrap_validation, calibration, firth, fit,
    hosmer_lemeshow, nested_comparison, nested_delong_warning,
};
use repro_report::format::{fixed, p_clause, p_value};
use repro_report::json::number;
use repro_report::table::Table;
use repro_study::ModelAnalysis;
use serde_json::{Value, json};

use super::LoadedStudy;
use crate::error::CliError;

/// The model's tables, results and figure data for the report.
pub struct ModelOutput {
    /// Table 4.
    pub table: Table,
    /// The results.json entry.
    pub json: Value,
    /// The linear predictor on the analysed rows, for the model's ROC row.
    pub linear_predictor: Vec<f64>,
    /// For each marker in the model, the warning to print beside a DeLong comparison
    /// with the model, and the likelihood-ratio test to use instead.
    pub nested_notes: Vec<(String, String)>,
    /// `(term, odds ratio, lower, upper)` per predictor, for the forest plot.
    pub forest: Vec<(String, f64, f64, f64)>,
    /// `(mean predicted, observed proportion, n)` per Hosmer-Lemeshow group.
    pub calibration_groups: Vec<(f64, f64, usize)>,
    /// The Hosmer-Lemeshow result in one short line, for the calibration plot.
    pub calibration_note: String,
}

fn model_error(error: repro_logit::LogitError) -> CliError {
    CliError::Usage(format!("logistic model: {error}"))
}

/// Fits the model on the rows the ROC analysis uses and validates it.
///
/// `columns` holds each declared marker's values on those rows, in declaration order.
pub fn analyse(
    loaded: &LoadedStudy,
    analysis: &ModelAnalysis,
    outcome: &[bool],
    columns: &[Vec<f64>],
) -> Result<ModelOutput, CliError> {
    let markers = &loaded.study.marker;
    let predictors: Vec<(&str, &[f64])> = analysis
        .predictors
        .iter()
        .filter_map(|name| {
            let index = markers.iter().position(|m| &m.name == name)?;
            Some((name.as_str(), columns[index].as_slice()))
        })
        .collect();
    let design = Design::new(outcome, &predictors).map_err(model_error)?;
    let level = analysis.confidence;
    let percent = fixed(100.0 * level, 0);
    let [(_, negative_name), (_, positive_name)] = loaded.group_names();

    let mut table = Table::new(
        format!(
            "Table 4. Logistic regression model for {positive_name} versus {negative_name}{}",
            loaded.data_note()
        ),
        &[
            "Term",
            "B",
            "SE",
            "Wald",
            "df",
            "P",
            &format!("OR ({percent}% CI)"),
        ],
    );
    let mut forest = Vec::new();

    if analysis.method == "firth" {
        let model = firth(&design, level).map_err(model_error)?;
        for c in &model.coefficients {
            table.push(vec![
                c.term.clone(),
                fixed(c.estimate, 3),
                fixed(c.se, 3),
                fixed(c.chi_square, 3),
                "1".into(),
                p_value(c.p),
                format!(
                    "{} ({}, {})",
                    fixed(c.odds_ratio, 3),
                    fixed(c.or_ci_lower, 3),
                    fixed(c.or_ci_upper, 3)
                ),
            ]);
            if c.term != "(Intercept)" {
                forest.push((c.term.clone(), c.odds_ratio, c.or_ci_lower, c.or_ci_upper));
            }
        }
        table.note(
            "Firth's penalised likelihood (Firth 1993): Wald column holds the penalised likelihood-ratio χ², \
             P from it, and the OR interval is the profile penalised-likelihood interval (as R's logistf).",
        );
        let coefficients: Vec<Value> = model
            .coefficients
            .iter()
            .map(|c| {
                json!({"term": c.term, "estimate": number(c.estimate), "se": number(c.se),
                       "chi_square": number(c.chi_square), "p": number(c.p), "odds_ratio": number(c.odds_ratio),
                       "or_ci_lower": number(c.or_ci_lower), "or_ci_upper": number(c.or_ci_upper)})
            })
            .collect();
        let (groups, hl_json, hl_note, hl_short) =
            calibration_summary(outcome, &model.fitted, analysis)?;
        table.note(hl_note.clone());
        let json = json!({
            "method": "firth",
            "predictors": analysis.predictors,
            "n": model.n,
            "n_events": model.n_events,
            "coefficients": coefficients,
            "log_likelihood": number(model.log_likelihood),
            "penalised_log_likelihood": number(model.penalised_log_likelihood),
            "lr_test": {"statistic": number(model.lr_test.statistic), "df": model.lr_test.df, "p": number(model.lr_test.p)},
            "hosmer_lemeshow": hl_json,
            "bootstrap": Value::Null,
        });
        return Ok(ModelOutput {
            table,
            json,
            linear_predictor: model.linear_predictor.clone(),
            nested_notes: Vec::new(),
            forest,
            calibration_groups: groups,
            calibration_note: hl_short,
        });
    }

    let options = FitOptions {
        level,
        profile_intervals: analysis.intervals == "profile",
    };
    let model = fit(&design, &options).map_err(model_error)?;
    let separated = model.is_separated();
    for c in &model.coefficients {
        let (wald, p, or) = match &c.wald {
            Some(w) if !separated => {
                let (lower, upper) = match (analysis.intervals.as_str(), c.profile_interval) {
                    ("profile", Some((lower, upper))) => (lower.exp(), upper.exp()),
                    _ => (w.or_ci_lower, w.or_ci_upper),
                };
                if c.term != "(Intercept)" {
                    forest.push((c.term.clone(), w.odds_ratio, lower, upper));
                }
                let or = if c.term == "(Intercept)" {
                    fixed(w.odds_ratio, 3)
                } else {
                    format!(
                        "{} ({}, {})",
                        fixed(w.odds_ratio, 3),
                        fixed(lower, 3),
                        fixed(upper, 3)
                    )
                };
                (fixed(w.chi_square, 3), p_value(w.p), or)
            }
            _ => ("NA".into(), "NA".into(), "not estimable".into()),
        };
        table.push(vec![
            c.term.clone(),
            fixed(c.estimate, 3),
            fixed(c.se, 3),
            wald,
            "1".into(),
            p,
            or,
        ]);
    }
    if separated {
        table.note(format!(
            "Warning: the outcome is separated by the predictors ({}), so no finite maximum-likelihood estimate \
             exists; B and SE are where the iteration stopped and are not estimates. Set method = \"firth\" in \
             [analysis.model] for Firth's penalised likelihood.",
            model.separation.map(|s| s.to_string()).unwrap_or_default()
        ));
    }
    table.note("Estimates and SEs are those of the exact maximum-likelihood estimate (Newton steps to convergence, information matrix at the estimate), which R's glm gives when refitted with epsilon = 1e-14; R's default summary(glm()) stops at epsilon = 1e-8, so its SEs can differ in the fifth significant digit.");
    table.note(format!(
        "Unpenalised maximum likelihood (as R's glm and SPSS). Wald = (B/SE)²; OR = exp(B) with {} {percent}% CI; the intercept's OR has no useful interval and none is printed.",
        if analysis.intervals == "profile" { "profile-likelihood" } else { "Wald" }
    ));
    if let (Some(lr), Some(r2)) = (&model.lr_test, model.nagelkerke_r2) {
        table.note(format!(
            "Likelihood-ratio test against the intercept-only model: χ² = {}, df = {}, {}. −2 log-likelihood = {}, AIC = {}, Nagelkerke R² = {}.",
            fixed(lr.statistic, 3),
            lr.df,
            p_clause(lr.p),
            fixed(model.deviance, 3),
            fixed(model.aic, 3),
            fixed(r2, 3)
        ));
    }

    let (groups, hl_json, hl_note, hl_short) =
        calibration_summary(outcome, &model.fitted, analysis)?;
    table.note(hl_note.clone());
    let apparent = calibration(outcome, &model.linear_predictor).map_err(model_error)?;
    table.note(format!(
        "Apparent calibration: intercept {}, slope {}; Brier score {}.",
        fixed(apparent.intercept, 3),
        fixed(apparent.slope, 3),
        fixed(apparent.brier, 3)
    ));

    let bootstrap = if analysis.bootstrap_replicates > 0 && !separated {
        let validation = run_bootstrap(&design, &model, analysis)?;
        table.note(format!(
            "Harrell's optimism bootstrap ({} replicates, seed {}, {} failed: {} separated, {} single-class, {} collinear, {} not testable): apparent AUC {}, optimism {}, \
             corrected AUC {}; corrected calibration slope {}.",
            validation.replicates,
            validation.seed,
            validation.replicates - validation.successful,
            validation.failures.separation,
            validation.failures.single_class,
            validation.failures.collinear,
            validation.failures.test_fit,
            fixed(validation.apparent_auc, 3),
            fixed(validation.optimism_auc, 3),
            fixed(validation.corrected_auc, 3),
            fixed(validation.corrected_slope, 3)
        ));
        json!({
            "replicates": validation.replicates,
            "seed": validation.seed,
            "successful": validation.successful,
            "failed": {
                "single_class": validation.failures.single_class,
                "collinear": validation.failures.collinear,
                "separation": validation.failures.separation,
                "test_fit": validation.failures.test_fit,
            },
            "apparent_auc": number(validation.apparent_auc),
            "optimism_auc": number(validation.optimism_auc),
            "corrected_auc": number(validation.corrected_auc),
            "optimism_slope": number(validation.optimism_slope),
            "corrected_slope": number(validation.corrected_slope),
            "optimism_intercept": number(validation.optimism_intercept),
            "corrected_intercept": number(validation.corrected_intercept),
        })
    } else {
        Value::Null
    };

    let mut nested_notes = Vec::new();
    let mut nested_json = Vec::new();
    if !separated {
        for name in &analysis.predictors {
            if nested_delong_warning(&analysis.predictors, name).is_none() {
                continue;
            }
            let comparison = nested_comparison(&design, &model, name).map_err(model_error)?;
            let lr = &comparison.lr_test;
            nested_notes.push((
                name.clone(),
                format!(
                    "nested models: DeLong is unreliable here (Demler, Pencina & D'Agostino 2012); LR test of the added predictors χ² = {}, df = {}, {}",
                    fixed(lr.statistic, 3),
                    lr.df,
                    p_clause(lr.p)
                ),
            ));
            nested_json.push(json!({
                "predictor": name,
                "warning": comparison.warning,
                "lr_test": {"statistic": number(lr.statistic), "df": lr.df, "p": number(lr.p)},
            }));
        }
    }

    let coefficients: Vec<Value> = model
        .coefficients
        .iter()
        .map(|c| {
            let wald = c.wald.as_ref().filter(|_| !separated);
            json!({
                "term": c.term,
                "estimate": number(c.estimate),
                "se": number(c.se),
                "wald": wald.map_or(Value::Null, |w| number(w.chi_square)),
                "z": wald.map_or(Value::Null, |w| number(w.z)),
                "p": wald.map_or(Value::Null, |w| number(w.p)),
                "odds_ratio": wald.map_or(Value::Null, |w| number(w.odds_ratio)),
                "or_ci_lower": wald.map_or(Value::Null, |w| number(w.or_ci_lower)),
                "or_ci_upper": wald.map_or(Value::Null, |w| number(w.or_ci_upper)),
                "or_profile_ci": c.profile_interval.map(|(l, u)| json!([number(l.exp()), number(u.exp())])),
            })
        })
        .collect();
    let json = json!({
        "method": "mle",
        "predictors": analysis.predictors,
        "n": model.n,
        "n_events": model.n_events,
        "separation": separated,
        "separation_reason": model.separation.map(|s| s.to_string()),
        "coefficients": coefficients,
        "log_likelihood": number(model.log_likelihood),
        "deviance": number(model.deviance),
        "null_deviance": number(model.null_deviance),
        "aic": number(model.aic),
        "lr_test": model.lr_test.as_ref().map(|lr| json!({"statistic": number(lr.statistic), "df": lr.df, "p": number(lr.p)})),
        "cox_snell_r2": model.cox_snell_r2.map(number),
        "nagelkerke_r2": model.nagelkerke_r2.map(number),
        "hosmer_lemeshow": hl_json,
        "calibration": {"intercept": number(apparent.intercept), "slope": number(apparent.slope), "brier": number(apparent.brier)},
        "bootstrap": bootstrap,
        "nested_comparisons": nested_json,
        "convergence": {
            "glm_iterations": model.convergence.glm_iterations,
            "glm_converged": model.convergence.glm_converged,
            "newton_iterations": model.convergence.newton_iterations,
        },
    });
    Ok(ModelOutput {
        table,
        json,
        linear_predictor: model.linear_predictor.clone(),
        nested_notes,
        forest,
        calibration_groups: groups,
        calibration_note: hl_short,
    })
}

/// Hosmer-Lemeshow groups, its JSON and the sentence for tables and plots.
fn calibration_summary(
    outcome: &[bool],
    fitted: &[f64],
    analysis: &ModelAnalysis,
) -> Result<(Vec<(f64, f64, usize)>, Value, String, String), CliError> {
    let mut hl =
        hosmer_lemeshow(outcome, fitted, analysis.hosmer_lemeshow_groups).map_err(model_error)?;
    let df_rule = if analysis.hosmer_lemeshow_df == "groups" {
        // The validation-sample form: df = G, the number of non-empty groups.
        if let Some(statistic) = hl.statistic {
            hl.df = Some(hl.n_groups);
            hl.p = Some(repro_htest::chi_square_upper_tail(
                statistic,
                hl.n_groups as f64,
            ));
        }
        "df = non-empty groups (validation-sample form)"
    } else {
        "df = non-empty groups − 2"
    };
    let groups: Vec<(f64, f64, usize)> = hl
        .groups
        .iter()
        .filter(|g| g.n > 0)
        .map(|g| {
            (
                g.expected_events / g.n as f64,
                g.observed_events as f64 / g.n as f64,
                g.n,
            )
        })
        .collect();
    let result = format!(
        "χ² = {}, df = {}, {}",
        hl.statistic
            .map_or_else(|| "NA".to_string(), |x| fixed(x, 3)),
        hl.df.map_or_else(|| "NA".to_string(), |d| d.to_string()),
        hl.p.map_or_else(|| "P = NA".to_string(), p_clause)
    );
    let note = format!(
        "Hosmer-Lemeshow test ({} groups by quantiles of predicted risk, ResourceSelection 0.3-6 rule, {df_rule}): {result}.",
        analysis.hosmer_lemeshow_groups,
    );
    let short = format!("Hosmer-Lemeshow {result} ({} risk groups)", hl.n_groups);
    let json = json!({
        "groups_requested": analysis.hosmer_lemeshow_groups,
        "statistic": hl.statistic.map_or(Value::Null, number),
        "df": hl.df,
        "p": hl.p.map_or(Value::Null, number),
        "n_groups": hl.n_groups,
        "error": hl.error,
        "rule": format!("breaks = unique type-7 quantiles of the fitted probabilities (ResourceSelection 0.3-6); {df_rule}"),
    });
    Ok((groups, json, note, short))
}

/// Runs the optimism bootstrap with a progress bar on a terminal.
fn run_bootstrap(
    design: &Design,
    model: &LogitFit,
    analysis: &ModelAnalysis,
) -> Result<repro_logit::BootstrapValidation, CliError> {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(analysis.bootstrap_replicates as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_message("optimism bootstrap");
    let progress = |done: usize| bar.set_position(done as u64);
    let options = BootstrapOptions {
        replicates: analysis.bootstrap_replicates,
        seed: analysis.seed,
    };
    let result =
        bootstrap_validation(design, model, &options, Some(&progress)).map_err(model_error);
    bar.finish_and_clear();
    result
}
