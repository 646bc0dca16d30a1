//! The study file (`study.toml`): what a study's dataset looks like and which analyses to run.
//!
//! ```
//! let text = r#"
//! schema_version = 1
//! [study]
//! id = "demo"
//! title = "Demo"
//! [dataset]
//! file = "cohort.csv"
//! id_column = "id"
//! group_column = "group"
//! positive = { label = "residual", name = "Residual lesion" }
//! negative = { label = "cr", name = "Complete remission" }
//! "#;
//! let study = repro_study::Study::from_toml(text, "study.toml".as_ref())?;
//! assert_eq!(study.dataset.group_column, "group");
//! # Ok::<(), repro_study::StudyError>(())
//! ```
//!
//! Unknown keys are errors that name the key, its line and the nearest valid key, so a
//! typo never silently switches an option back to its default.

use std::path::{Path, PathBuf};

use repro_cohort::{DecimalMark, Dialect, Encoding};
use serde::Deserialize;

mod error;

pub use error::StudyError;

/// The schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A parsed and checked study file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Study {
    /// Version of the study-file schema; must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// What the study is and where it was published.
    pub study: StudyInfo,
    /// The dataset file and its dialect.
    pub dataset: Dataset,
    /// Baseline characteristics for Table 1, in table order.
    #[serde(default)]
    pub baseline: Vec<BaselineVariable>,
    /// Measured parameters with a before and an after column, in table order.
    #[serde(default)]
    pub parameter: Vec<Parameter>,
    /// Diagnostic markers for the ROC analysis, in table order. A marker may reuse a
    /// parameter's column (for example the post-treatment value).
    #[serde(default)]
    pub marker: Vec<MarkerSpec>,
    /// Which analyses to run and with which conventions.
    #[serde(default)]
    pub analysis: Analyses,
    /// The publication's claims, each tied to a computed quantity.
    #[serde(default)]
    pub claim: Vec<Claim>,
    /// Checks of the publication's own numbers against each other, without the data.
    #[serde(default)]
    pub consistency: Vec<Consistency>,
}

/// A published result and the computed quantity it is checked against.
///
/// Quantities are dotted paths into the run's results, for example `groups.total.n`,
/// `paired.residual.PVP.t_test.p`, `roc.HAP.auc`, `roc.Model.cutoff.sensitivity` or
/// `delong.Model.HAP.p`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Short identifier, such as `C16`.
    pub id: String,
    /// The claim in words, as the publication states it.
    pub text: String,
    /// `"value"` (a number at its printed precision), `"count"` (`57/65` or `95`),
    /// `"percent"` (a percentage with its count), `"p_value"` (a bound such as `< 0.05`,
    /// optionally with a direction of change) or `"range"` (every quantity within
    /// `low-high` at the printed precision).
    pub kind: String,
    /// The computed quantity (all kinds but `range`).
    #[serde(default)]
    pub quantity: Option<String>,
    /// The computed quantities of a `range` claim.
    #[serde(default)]
    pub quantities: Vec<String>,
    /// The published value as printed: `"0.93"`, `"57/65"`, `"87.7"`, `"< 0.05"`,
    /// `"0.72-0.84"`.
    pub reported: String,
    /// For a `percent` claim, the count published with it (`"57/65"`).
    #[serde(default)]
    pub count: Option<String>,
    /// For a `p_value` claim, the published direction of change: `"up"` or `"down"`.
    #[serde(default)]
    pub direction: Option<String>,
    /// The quantity whose sign gives the direction (for example a mean difference).
    #[serde(default)]
    pub effect: Option<String>,
}

/// A check of the publication's numbers against each other.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consistency {
    /// Short identifier.
    pub id: String,
    /// The check in words.
    pub text: String,
    /// `"sum"`: the reported counts of the claims in `parts` add up to that of `total`.
    pub kind: String,
    /// Claim ids whose reported counts are added.
    pub parts: Vec<String>,
    /// Claim id of the total.
    pub total: String,
}

/// A diagnostic marker of the ROC analysis.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkerSpec {
    /// Short name, as in the paper (for example `HAP`).
    pub name: String,
    /// Long name printed in tables.
    pub label: String,
    /// Dataset column of the marker's values.
    pub column: String,
    /// Unit of the cut-off.
    #[serde(default)]
    pub unit: Option<String>,
    /// `"higher"` (higher values indicate the positive class), `"lower"`, or `"auto"`
    /// (pROC's rule, chosen from the group medians, which biases the AUC upward).
    pub direction: String,
    /// Decimals of the cut-off in tables.
    #[serde(default = "default_cutoff_decimals")]
    pub decimals: usize,
}

fn default_cutoff_decimals() -> usize {
    2
}

/// Identification of the study and its source.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyInfo {
    /// Short identifier, used as the report folder name.
    pub id: String,
    /// Title shown in reports.
    pub title: String,
    /// Full citation of the paper.
    #[serde(default)]
    pub citation: String,
    /// True when the dataset is synthetic; every report then says so.
    #[serde(default)]
    pub synthetic: bool,
}

/// One class of the group column.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassLabel {
    /// The label as written in the dataset.
    pub label: String,
    /// The name printed in tables.
    pub name: String,
}

/// The dataset file and how to read it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The CSV file, relative to the study file.
    pub file: PathBuf,
    /// Field separator (one ASCII character).
    #[serde(default = "default_separator")]
    pub separator: String,
    /// Decimal mark: `"."` or `","`.
    #[serde(default = "default_decimal")]
    pub decimal: String,
    /// Thousands separator inside numbers, if any.
    #[serde(default)]
    pub thousands: Option<String>,
    /// Cell texts that mean missing, besides the empty cell. `NA` is missing only if listed.
    #[serde(default)]
    pub missing: Vec<String>,
    /// `"utf-8"` (a byte-order mark is accepted) or `"latin-1"`.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// The patient identifier column, if the dataset has one; each value must be present
    /// and unique. Identifiers never reach a report.
    #[serde(default)]
    pub id_column: Option<String>,
    /// The outcome group column.
    pub group_column: String,
    /// The positive class (for example residual lesion).
    pub positive: ClassLabel,
    /// The negative class (for example complete remission).
    pub negative: ClassLabel,
}

fn default_separator() -> String {
    ",".into()
}
fn default_decimal() -> String {
    ".".into()
}
fn default_encoding() -> String {
    "utf-8".into()
}

/// Kind of a baseline variable.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VariableKind {
    /// A measured number.
    Continuous,
    /// A label; summarised as n (%).
    Categorical,
}

/// How a continuous variable is summarised in Table 1.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Summary {
    /// Mean ± SD, compared by the two-sample t-test.
    #[default]
    MeanSd,
    /// Median [IQR], compared by the Wilcoxon rank-sum (Mann-Whitney) test.
    MedianIqr,
}

/// The test comparing the two groups in Table 1.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GroupTest {
    /// Student's two-sample t-test with pooled variance (SPSS's "equal variances assumed").
    Student,
    /// Welch's t-test (R's `t.test` default).
    Welch,
    /// Wilcoxon rank-sum / Mann-Whitney U, R's exact/normal rule with continuity correction.
    MannWhitney,
    /// Pearson's chi-square without continuity correction (SPSS's first row).
    ChiSquare,
    /// Pearson's chi-square with Yates' continuity correction (R's `chisq.test` default for 2×2).
    ChiSquareYates,
    /// Fisher's exact test (2×2 only).
    Fisher,
}

/// A row of Table 1.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineVariable {
    /// Dataset column.
    pub column: String,
    /// Name printed in the table.
    pub label: String,
    /// Unit printed after the label, if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// Continuous or categorical.
    pub kind: VariableKind,
    /// Summary for a continuous variable.
    #[serde(default)]
    pub summary: Summary,
    /// Decimals of the summary (continuous variables).
    #[serde(default = "default_decimals")]
    pub decimals: usize,
    /// The group comparison; by default Student's t for mean ± SD, Mann-Whitney for
    /// median [IQR], and chi-square for categorical variables.
    #[serde(default)]
    pub test: Option<GroupTest>,
    /// Category order for a categorical variable; by default byte order of the labels.
    #[serde(default)]
    pub levels: Option<Vec<String>>,
}

fn default_decimals() -> usize {
    1
}

/// A measured parameter with a before and an after column (for example pre- and post-TACE).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Short name, as in the paper (for example `HAP`).
    pub name: String,
    /// Long name printed in tables.
    pub label: String,
    /// Unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// Column of the value before treatment.
    pub pre: String,
    /// Column of the value after treatment.
    pub post: String,
    /// Decimals of means and SDs in tables.
    #[serde(default = "default_decimals")]
    pub decimals: usize,
}

/// The analyses section.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyses {
    /// Paired before/after tests per group; absent means not run.
    #[serde(default)]
    pub paired: Option<PairedAnalysis>,
    /// ROC analysis of the markers; absent means not run.
    #[serde(default)]
    pub roc: Option<RocAnalysis>,
    /// Multi-marker logistic model; absent means not run. Needs `[analysis.roc]`.
    #[serde(default)]
    pub model: Option<ModelAnalysis>,
}

/// The logistic model combining several markers, and its validation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelAnalysis {
    /// Names of the `[[marker]]`s entering the model, in model order.
    pub predictors: Vec<String>,
    /// `"mle"` (unpenalised maximum likelihood, as SPSS and R's glm) or `"firth"`
    /// (Firth's penalised likelihood, the remedy for separation).
    #[serde(default = "default_model_method")]
    pub method: String,
    /// Confidence level of the odds-ratio intervals.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Odds-ratio intervals: `"wald"` (SPSS) or `"profile"` (R's confint).
    #[serde(default = "default_model_intervals")]
    pub intervals: String,
    /// Number of Hosmer-Lemeshow groups by quantiles of risk.
    #[serde(default = "default_hl_groups")]
    pub hosmer_lemeshow_groups: usize,
    /// Degrees of freedom of the Hosmer-Lemeshow test: `"groups_minus_2"` (Hosmer &
    /// Lemeshow's rule for the sample the model was fitted on, as ResourceSelection, SPSS
    /// and Stata) or `"groups"` (their rule for an independent validation sample).
    #[serde(default = "default_hl_df")]
    pub hosmer_lemeshow_df: String,
    /// Replicates of Harrell's optimism bootstrap; 0 skips it.
    #[serde(default = "default_model_replicates")]
    pub bootstrap_replicates: usize,
    /// Seed of the optimism bootstrap.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Compare the model's AUC with each marker's by the paired DeLong test.
    #[serde(default = "default_true")]
    pub compare_with_markers: bool,
}

fn default_model_method() -> String {
    "mle".into()
}
fn default_model_intervals() -> String {
    "wald".into()
}
fn default_hl_groups() -> usize {
    10
}
fn default_hl_df() -> String {
    "groups_minus_2".into()
}
fn default_model_replicates() -> usize {
    1000
}

/// Conventions of the ROC analysis.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RocAnalysis {
    /// Confidence level of the AUC intervals and of the cut-off proportions.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// SE and CI of the AUC: `"delong"` (pROC's default), `"hanley_mcneil"` (SPSS) or
    /// `"bootstrap"` (stratified percentile bootstrap).
    #[serde(default = "default_roc_method")]
    pub method: String,
    /// Bootstrap replicates when `method = "bootstrap"`.
    #[serde(default = "default_replicates")]
    pub bootstrap_replicates: usize,
    /// Seed of the bootstrap.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The cut-off rule: `"youden"` (maximal se + sp − 1) or `"closest_topleft"`.
    #[serde(default = "default_cutoff")]
    pub cutoff: String,
    /// Thresholds: `"midpoint"` (pROC, between observed values) or `"observed"`
    /// ("positive if ≥ an observed value", as SPSS and MedCalc list them).
    #[serde(default = "default_thresholds")]
    pub thresholds: String,
    /// Pairs of marker names to compare by the paired DeLong test; `[["*", "*"]]`
    /// compares every pair.
    #[serde(default)]
    pub comparisons: Vec<[String; 2]>,
}

fn default_roc_method() -> String {
    "delong".into()
}
fn default_replicates() -> usize {
    2000
}
fn default_seed() -> u64 {
    1
}
fn default_cutoff() -> String {
    "youden".into()
}
fn default_thresholds() -> String {
    "midpoint".into()
}

/// Conventions of the paired before/after analysis.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairedAnalysis {
    /// Confidence level of the mean difference's interval.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Wilcoxon signed-rank method: `"auto"` (R's rule), `"exact"` or `"normal"`.
    #[serde(default = "default_wilcoxon")]
    pub wilcoxon: String,
    /// Continuity correction of the normal approximation (R's default: true).
    #[serde(default = "default_true")]
    pub continuity_correction: bool,
    /// Name of the first time point in table headers (for example `Pre-TACE`).
    #[serde(default = "default_before_label")]
    pub before_label: String,
    /// Name of the second time point in table headers (for example `Post-TACE`).
    #[serde(default = "default_after_label")]
    pub after_label: String,
}

fn default_before_label() -> String {
    "Before".into()
}
fn default_after_label() -> String {
    "After".into()
}

fn default_confidence() -> f64 {
    0.95
}
fn default_wilcoxon() -> String {
    "auto".into()
}
fn default_true() -> bool {
    true
}

impl Study {
    /// Reads and checks a study file.
    ///
    /// # Errors
    /// [`StudyError`] if the file cannot be read, is not valid TOML, has an unknown key
    /// or a wrong type, or fails a semantic check (see [`Study::from_toml`]).
    pub fn read(path: &Path) -> Result<Study, StudyError> {
        let text = std::fs::read_to_string(path).map_err(|source| StudyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Study::from_toml(&text, path)
    }

    /// Parses and checks study-file text; `path` is used in messages.
    ///
    /// # Errors
    /// [`StudyError::Syntax`] for invalid TOML, an unknown key (with the nearest valid key)
    /// or a wrong type; [`StudyError::Invalid`] for a wrong schema version, a bad dialect,
    /// equal class labels, a repeated parameter name or a column assigned twice.
    pub fn from_toml(text: &str, path: &Path) -> Result<Study, StudyError> {
        let study: Study =
            toml::from_str(text).map_err(|error| StudyError::from_toml(path, text, &error))?;
        study.check(path)?;
        Ok(study)
    }

    /// The dataset's path, resolved against the folder of the study file at `study_path`.
    pub fn dataset_path(&self, study_path: &Path) -> PathBuf {
        study_path
            .parent()
            .unwrap_or(Path::new("."))
            .join(&self.dataset.file)
    }

    /// The dataset's CSV dialect.
    pub fn dialect(&self) -> Dialect {
        let dataset = &self.dataset;
        Dialect {
            separator: dataset.separator.as_bytes()[0],
            quote: b'"',
            decimal: if dataset.decimal == "," {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            },
            thousands: dataset.thousands.as_ref().and_then(|t| t.chars().next()),
            missing: dataset.missing.clone(),
            encoding: if dataset.encoding == "latin-1" {
                Encoding::Latin1
            } else {
                Encoding::Utf8
            },
        }
    }

    fn check(&self, path: &Path) -> Result<(), StudyError> {
        let invalid = |message: String| {
            Err(StudyError::Invalid {
                path: path.to_path_buf(),
                message,
            })
        };
        if self.schema_version != SCHEMA_VERSION {
            return invalid(format!(
                "schema_version = {} is not supported; this repro reads schema_version = {SCHEMA_VERSION}",
                self.schema_version
            ));
        }
        let dataset = &self.dataset;
        if dataset.separator.len() != 1 || !dataset.separator.is_ascii() {
            return invalid(format!(
                "dataset.separator = {:?} must be one ASCII character such as \",\" or \";\"",
                dataset.separator
            ));
        }
        if dataset.decimal != "." && dataset.decimal != "," {
            return invalid(format!(
                "dataset.decimal = {:?} must be \".\" or \",\"",
                dataset.decimal
            ));
        }
        if dataset.decimal == dataset.separator {
            return invalid(format!(
                "dataset.decimal and dataset.separator are both {:?}; use separator = \";\" with decimal = \",\"",
                dataset.decimal
            ));
        }
        if let Some(thousands) = &dataset.thousands
            && (thousands.chars().count() != 1 || *thousands == dataset.decimal)
        {
            return invalid(format!(
                "dataset.thousands = {thousands:?} must be one character different from the decimal mark"
            ));
        }
        if dataset.encoding != "utf-8" && dataset.encoding != "latin-1" {
            return invalid(format!(
                "dataset.encoding = {:?} must be \"utf-8\" or \"latin-1\"",
                dataset.encoding
            ));
        }
        if dataset.positive.label == dataset.negative.label {
            return invalid(format!(
                "dataset.positive.label and dataset.negative.label are both {:?}; the classes need different labels",
                dataset.positive.label
            ));
        }
        if let Some(paired) = &self.analysis.paired {
            if !(paired.confidence > 0.0 && paired.confidence < 1.0) {
                return invalid(format!(
                    "analysis.paired.confidence = {} must lie strictly between 0 and 1 (for example 0.95)",
                    paired.confidence
                ));
            }
            if !["auto", "exact", "normal"].contains(&paired.wilcoxon.as_str()) {
                return invalid(format!(
                    "analysis.paired.wilcoxon = {:?} must be \"auto\", \"exact\" or \"normal\"",
                    paired.wilcoxon
                ));
            }
        }
        if let Some(roc) = &self.analysis.roc {
            self.check_roc(roc, path)?;
        }
        if let Some(model) = &self.analysis.model {
            self.check_model(model, path)?;
        }
        self.check_claims(path)?;
        self.check_names(path)
    }

    /// Checks the ROC conventions and that every compared marker is declared.
    fn check_roc(&self, roc: &RocAnalysis, path: &Path) -> Result<(), StudyError> {
        let invalid = |message: String| {
            Err(StudyError::Invalid {
                path: path.to_path_buf(),
                message,
            })
        };
        if !(roc.confidence > 0.0 && roc.confidence < 1.0) {
            return invalid(format!(
                "analysis.roc.confidence = {} must lie strictly between 0 and 1 (for example 0.95)",
                roc.confidence
            ));
        }
        let choices: [(&str, &str, &[&str]); 3] = [
            (
                "method",
                &roc.method,
                &["delong", "hanley_mcneil", "bootstrap"],
            ),
            ("cutoff", &roc.cutoff, &["youden", "closest_topleft"]),
            ("thresholds", &roc.thresholds, &["midpoint", "observed"]),
        ];
        for (key, value, valid) in choices {
            if !valid.contains(&value) {
                return invalid(format!(
                    "analysis.roc.{key} = {value:?} is invalid; use one of {}",
                    valid.join(", ")
                ));
            }
        }
        if roc.method == "bootstrap" && roc.bootstrap_replicates < 100 {
            return invalid(format!(
                "analysis.roc.bootstrap_replicates = {} is too few for a percentile interval; use at least 100 (2000 is usual)",
                roc.bootstrap_replicates
            ));
        }
        if self.marker.is_empty() {
            return invalid("[analysis.roc] is present but no [[marker]] is declared; add one [[marker]] per ROC curve".into());
        }
        let mut names: Vec<&str> = Vec::new();
        for marker in &self.marker {
            if names.contains(&marker.name.as_str()) {
                return invalid(format!(
                    "marker name {:?} is declared twice; each [[marker]] needs its own name",
                    marker.name
                ));
            }
            names.push(&marker.name);
            if !["higher", "lower", "auto"].contains(&marker.direction.as_str()) {
                return invalid(format!(
                    "marker {:?}: direction = {:?} is invalid; use \"higher\" (higher values indicate {}), \"lower\" or \"auto\"",
                    marker.name, marker.direction, self.dataset.positive.name
                ));
            }
        }
        for [a, b] in &roc.comparisons {
            for name in [a, b] {
                if name != "*" && !names.contains(&name.as_str()) {
                    return invalid(format!(
                        "analysis.roc.comparisons names marker {name:?}, which is not declared; declared markers: {}",
                        names.join(", ")
                    ));
                }
            }
            if a == b && a != "*" {
                return invalid(format!(
                    "analysis.roc.comparisons compares {a:?} with itself; name two different markers"
                ));
            }
        }
        Ok(())
    }

    /// Checks each claim's kind and the fields it needs, and each consistency check's
    /// claim ids. Whether a quantity exists is known only after the run.
    fn check_claims(&self, path: &Path) -> Result<(), StudyError> {
        let invalid = |message: String| {
            Err(StudyError::Invalid {
                path: path.to_path_buf(),
                message,
            })
        };
        let mut ids: Vec<&str> = Vec::new();
        for claim in &self.claim {
            if ids.contains(&claim.id.as_str()) {
                return invalid(format!(
                    "claim id {:?} is used twice; give each [[claim]] its own id",
                    claim.id
                ));
            }
            ids.push(&claim.id);
            let kinds = ["value", "count", "percent", "p_value", "range"];
            if !kinds.contains(&claim.kind.as_str()) {
                return invalid(format!(
                    "claim {}: kind = {:?} is invalid; use one of {}",
                    claim.id,
                    claim.kind,
                    kinds.join(", ")
                ));
            }
            if claim.kind == "range" {
                if claim.quantities.is_empty() {
                    return invalid(format!(
                        "claim {}: a range claim needs quantities = [...]",
                        claim.id
                    ));
                }
            } else if claim.quantity.is_none() {
                return invalid(format!(
                    "claim {}: a {} claim needs quantity = \"...\"",
                    claim.id, claim.kind
                ));
            }
            if let Some(direction) = &claim.direction {
                if direction != "up" && direction != "down" {
                    return invalid(format!(
                        "claim {}: direction = {direction:?} is invalid; use \"up\" or \"down\"",
                        claim.id
                    ));
                }
                if claim.effect.is_none() {
                    return invalid(format!(
                        "claim {}: a direction needs effect = \"...\", the quantity whose sign gives it",
                        claim.id
                    ));
                }
            }
        }
        for check in &self.consistency {
            if check.kind != "sum" {
                return invalid(format!(
                    "consistency {}: kind = {:?} is invalid; use \"sum\"",
                    check.id, check.kind
                ));
            }
            for id in check.parts.iter().chain(std::iter::once(&check.total)) {
                if !ids.contains(&id.as_str()) {
                    return invalid(format!(
                        "consistency {} names claim {id:?}, which is not declared",
                        check.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks the model's predictors and conventions.
    fn check_model(&self, model: &ModelAnalysis, path: &Path) -> Result<(), StudyError> {
        let invalid = |message: String| {
            Err(StudyError::Invalid {
                path: path.to_path_buf(),
                message,
            })
        };
        if self.analysis.roc.is_none() {
            return invalid("[analysis.model] needs [analysis.roc], whose conventions the model's ROC row uses; add [analysis.roc]".into());
        }
        if model.predictors.is_empty() {
            return invalid("analysis.model.predictors is empty; list the [[marker]] names that enter the model".into());
        }
        for (i, name) in model.predictors.iter().enumerate() {
            if !self.marker.iter().any(|m| &m.name == name) {
                let names: Vec<&str> = self.marker.iter().map(|m| m.name.as_str()).collect();
                return invalid(format!(
                    "analysis.model.predictors names {name:?}, which is not a declared [[marker]]; declared markers: {}",
                    names.join(", ")
                ));
            }
            if model.predictors[..i].contains(name) {
                return invalid(format!("analysis.model.predictors lists {name:?} twice"));
            }
        }
        if !(model.confidence > 0.0 && model.confidence < 1.0) {
            return invalid(format!(
                "analysis.model.confidence = {} must lie strictly between 0 and 1 (for example 0.95)",
                model.confidence
            ));
        }
        if !["mle", "firth"].contains(&model.method.as_str()) {
            return invalid(format!(
                "analysis.model.method = {:?} is invalid; use \"mle\" or \"firth\"",
                model.method
            ));
        }
        if !["wald", "profile"].contains(&model.intervals.as_str()) {
            return invalid(format!(
                "analysis.model.intervals = {:?} is invalid; use \"wald\" or \"profile\"",
                model.intervals
            ));
        }
        if !["groups_minus_2", "groups"].contains(&model.hosmer_lemeshow_df.as_str()) {
            return invalid(format!(
                "analysis.model.hosmer_lemeshow_df = {:?} is invalid; use \"groups_minus_2\" or \"groups\"",
                model.hosmer_lemeshow_df
            ));
        }
        if model.hosmer_lemeshow_groups < 3 {
            return invalid(format!(
                "analysis.model.hosmer_lemeshow_groups = {} is too few; use at least 3 (10 is usual)",
                model.hosmer_lemeshow_groups
            ));
        }
        Ok(())
    }

    /// The pairs of marker indices to compare, in declaration order, without repeats.
    pub fn roc_comparisons(&self) -> Vec<(usize, usize)> {
        let Some(roc) = &self.analysis.roc else {
            return Vec::new();
        };
        let index = |name: &str| self.marker.iter().position(|m| m.name == name);
        let mut pairs = Vec::new();
        for [a, b] in &roc.comparisons {
            if a == "*" || b == "*" {
                for i in 0..self.marker.len() {
                    for j in i + 1..self.marker.len() {
                        pairs.push((i, j));
                    }
                }
            } else if let (Some(i), Some(j)) = (index(a), index(b)) {
                pairs.push((i, j));
            }
        }
        let mut seen = Vec::new();
        pairs.retain(|pair| {
            let fresh = !seen.contains(pair);
            seen.push(*pair);
            fresh
        });
        pairs
    }

    /// Rejects a parameter name used twice and a column assigned to two roles.
    fn check_names(&self, path: &Path) -> Result<(), StudyError> {
        let mut names: Vec<&str> = Vec::new();
        for parameter in &self.parameter {
            if names.contains(&parameter.name.as_str()) {
                return Err(StudyError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "parameter name {:?} is declared twice; each [[parameter]] needs its own name",
                        parameter.name
                    ),
                });
            }
            names.push(&parameter.name);
        }

        let mut roles: Vec<(&str, String)> =
            vec![(&self.dataset.group_column, "dataset.group_column".into())];
        if let Some(id_column) = &self.dataset.id_column {
            roles.push((id_column, "dataset.id_column".into()));
        }
        for variable in &self.baseline {
            roles.push((&variable.column, format!("baseline {:?}", variable.label)));
        }
        for parameter in &self.parameter {
            roles.push((
                &parameter.pre,
                format!("parameter {:?} pre", parameter.name),
            ));
            roles.push((
                &parameter.post,
                format!("parameter {:?} post", parameter.name),
            ));
        }
        for (i, (column, role)) in roles.iter().enumerate() {
            if let Some((_, first)) = roles[..i].iter().find(|(c, _)| c == column) {
                return Err(StudyError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "column {column:?} is used twice, as {first} and as {role}; each column has one role"
                    ),
                });
            }
        }
        Ok(())
    }
}
