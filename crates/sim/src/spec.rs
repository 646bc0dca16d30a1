//! The synthetic-cohort specification: its TOML form and the checks that make it valid.

use std::collections::BTreeMap;

use nalgebra::{Cholesky, DMatrix};
use serde::Deserialize;

use crate::error::SimError;
use crate::keys;

/// The `schema_version` this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest number of decimals a numeric column may declare.
pub const MAX_DECIMALS: u32 = 6;

/// The largest cohort, summed over the groups, that a spec may request. It keeps a
/// mistyped group size from exhausting memory; a million rows is far beyond any study
/// cohort.
pub const MAX_PATIENTS: usize = 1_000_000;

/// How far the probabilities of a categorical column may sum away from 1.
const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

/// A validated synthetic-cohort specification, made by [`parse_spec`].
///
/// It contains the groups, the baseline (case-report-form) columns, the paired parameters
/// and, for each group, the Cholesky factor of the correlation of one patient's
/// pre and post values.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub(crate) seed: u64,
    pub(crate) output: String,
    pub(crate) id_column: String,
    pub(crate) id_prefix: String,
    pub(crate) id_digits: usize,
    pub(crate) group_column: String,
    pub(crate) groups: Vec<Group>,
    pub(crate) baseline: Vec<BaselineColumn>,
    pub(crate) parameters: Vec<Parameter>,
}

impl Spec {
    /// Returns the seed recorded in the specification (`seed`).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Returns the output file name (`output`), a relative path meant to be resolved
    /// against the folder of the specification file.
    pub fn output(&self) -> &str {
        &self.output
    }

    /// Returns the number of patients, the sum of the group sizes.
    pub fn n_patients(&self) -> usize {
        self.groups.iter().map(|group| group.n).sum()
    }

    /// Returns the column names of the generated table, in order: id, group, baseline
    /// columns, then the pre and post column of each parameter.
    pub fn columns(&self) -> Vec<String> {
        let mut columns = vec![self.id_column.clone(), self.group_column.clone()];
        columns.extend(self.baseline.iter().map(|column| column.column.clone()));
        for parameter in &self.parameters {
            columns.push(parameter.pre_column.clone());
            columns.push(parameter.post_column.clone());
        }
        columns
    }
}

/// A mean and a standard deviation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Moments {
    pub(crate) mean: f64,
    pub(crate) sd: f64,
}

/// Closed bounds on a rounded value; a missing bound is infinite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bounds {
    pub(crate) min: f64,
    pub(crate) max: f64,
}

impl Bounds {
    pub(crate) fn contains(&self, value: f64) -> bool {
        self.min <= value && value <= self.max
    }
}

/// One group of patients.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    pub(crate) label: String,
    pub(crate) n: usize,
    /// Post mean and SD of each parameter, in parameter order.
    pub(crate) post: Vec<Moments>,
    /// Lower Cholesky factor L of [[R, r·R], [r·R, R]], rows in the order
    /// (pre of each parameter, then post of each parameter).
    pub(crate) cholesky: Vec<Vec<f64>>,
}

/// A case-report-form column drawn independently of the group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BaselineColumn {
    pub(crate) column: String,
    pub(crate) distribution: Distribution,
    /// How many cells of this column are left empty.
    pub(crate) missing: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Distribution {
    /// A normal distribution, rounded, and redrawn until the rounded value is in bounds.
    /// (Parameters are clamped instead; see the crate docs.)
    Normal {
        moments: Moments,
        bounds: Bounds,
        decimals: u32,
    },
    /// A categorical distribution over text levels.
    Categorical {
        levels: Vec<String>,
        cumulative: Vec<f64>,
    },
}

/// A parameter measured before and after treatment.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Parameter {
    pub(crate) name: String,
    pub(crate) pre_column: String,
    pub(crate) post_column: String,
    pub(crate) bounds: Bounds,
    pub(crate) decimals: u32,
    /// Pre mean and SD, shared by every group.
    pub(crate) pre: Moments,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[allow(dead_code)]
    schema_version: i64,
    seed: u64,
    output: String,
    id_column: String,
    id_prefix: String,
    id_digits: u32,
    group_column: String,
    group: Vec<RawGroup>,
    #[serde(default)]
    baseline: Vec<RawBaseline>,
    parameter: Vec<RawParameter>,
    correlation: RawCorrelation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: String,
    n: usize,
    pre_post_correlation: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
enum RawDistribution {
    Normal,
    Categorical,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    column: String,
    distribution: RawDistribution,
    mean: Option<f64>,
    sd: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    decimals: Option<u32>,
    levels: Option<Vec<String>>,
    probabilities: Option<Vec<f64>>,
    #[serde(default)]
    missing: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoments {
    mean: f64,
    sd: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    name: String,
    pre_column: String,
    post_column: String,
    min: Option<f64>,
    max: Option<f64>,
    decimals: u32,
    pre: RawMoments,
    post: BTreeMap<String, RawMoments>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrelation {
    order: Vec<String>,
    matrix: Vec<Vec<f64>>,
}

/// Parses and validates a synthetic-cohort specification written in TOML.
///
/// The keys are checked first: an unknown key is an error that names the key, its
/// table, its line and the nearest valid key. Then the values are typed and checked:
/// positive SDs, ordered bounds, probabilities that sum to 1, and a symmetric correlation
/// matrix with unit diagonal. For every group, a Cholesky factorization (nalgebra)
/// checks that the correlation [[R, r·R], [r·R, R]] is positive definite.
///
/// # Errors
/// A [`SimError`] naming the first invalid key or value and what a valid one looks like.
///
/// # Example
/// ```
/// let text = std::fs::read_to_string("../../data/tace-ctp/synth.toml").unwrap();
/// let spec = repro_sim::parse_spec(&text).unwrap();
/// assert_eq!(spec.n_patients(), 95);
/// assert_eq!(spec.output(), "cohort.csv");
///
/// let misspelled = text.replacen("\nseed = ", "\nsed = ", 1);
/// let error = repro_sim::parse_spec(&misspelled).unwrap_err();
/// assert!(error.to_string().starts_with("unknown key `sed`"));
/// assert!(error.to_string().contains("did you mean `seed`?"));
/// ```
pub fn parse_spec(text: &str) -> Result<Spec, SimError> {
    check_schema_version(text)?;
    keys::check_keys(text)?;
    let raw: RawSpec = toml::from_str(text).map_err(|error| keys::toml_error(text, &error))?;
    build(raw)
}

/// Reads `schema_version` alone, so that a spec written for another version is reported
/// as such before its keys are checked against this version's schema.
fn check_schema_version(text: &str) -> Result<(), SimError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        schema_version: Option<i64>,
    }
    let probe: VersionOnly =
        toml::from_str(text).map_err(|error| keys::toml_error(text, &error))?;
    match probe.schema_version {
        Some(found) if found != i64::from(SCHEMA_VERSION) => {
            Err(SimError::UnsupportedSchemaVersion {
                found,
                supported: SCHEMA_VERSION,
            })
        }
        _ => Ok(()),
    }
}

fn build(raw: RawSpec) -> Result<Spec, SimError> {
    check_output(&raw.output)?;
    check_cell_text("id_column", &raw.id_column)?;
    check_cell_text("group_column", &raw.group_column)?;
    if !raw.id_prefix.is_empty() {
        check_cell_text("id_prefix", &raw.id_prefix)?;
    }

    let parameters = build_parameters(&raw.parameter)?;
    let correlation = build_correlation(&raw.correlation, &parameters)?;
    let groups = build_groups(&raw.group, &raw.parameter, &correlation)?;
    let n_patients: usize = groups.iter().map(|group| group.n).sum();
    let baseline = raw
        .baseline
        .iter()
        .map(|column| build_baseline(column, n_patients))
        .collect::<Result<Vec<_>, _>>()?;

    let id_digits = check_id_digits(raw.id_digits, n_patients)?;
    let spec = Spec {
        seed: raw.seed,
        output: raw.output,
        id_column: raw.id_column,
        id_prefix: raw.id_prefix,
        id_digits,
        group_column: raw.group_column,
        groups,
        baseline,
        parameters,
    };
    check_unique_columns(&spec.columns())?;
    Ok(spec)
}

/// Rejects an empty, absolute or parent-escaping output path.
fn check_output(output: &str) -> Result<(), SimError> {
    let invalid = |reason: &str| SimError::InvalidValue {
        key: "output".to_string(),
        value: format!("{output:?}"),
        reason: reason.to_string(),
    };
    if output.trim().is_empty() {
        return Err(invalid("give a file name such as \"cohort.csv\""));
    }
    let path = std::path::Path::new(output);
    if path.is_absolute() || output.starts_with(['/', '\\']) {
        return Err(invalid(
            "the output path is resolved against the folder of the spec; give a relative path \
             such as \"cohort.csv\"",
        ));
    }
    if path
        .components()
        .any(|part| matches!(part, std::path::Component::ParentDir))
    {
        return Err(invalid(
            "the output path must stay in the folder of the spec; remove `..`",
        ));
    }
    Ok(())
}

/// Checks that `text` can be written as a CSV cell or header without quoting: not empty,
/// no surrounding whitespace, and no comma, double quote or line break.
fn check_cell_text(key: &str, text: &str) -> Result<(), SimError> {
    let reason = if text.is_empty() {
        Some("it is empty; give a non-empty name")
    } else if text.trim() != text {
        Some("it has leading or trailing whitespace; remove it")
    } else if text.contains([',', '"', '\n', '\r']) {
        Some(
            "it contains a comma, double quote or line break, which the CSV output does not quote; remove them",
        )
    } else {
        None
    };
    match reason {
        Some(reason) => Err(SimError::InvalidValue {
            key: key.to_string(),
            value: format!("{text:?}"),
            reason: reason.to_string(),
        }),
        None => Ok(()),
    }
}

fn check_id_digits(digits: u32, n_patients: usize) -> Result<usize, SimError> {
    let width = n_patients.to_string().len();
    if digits == 0 || (digits as usize) < width || digits > 18 {
        return Err(SimError::InvalidValue {
            key: "id_digits".to_string(),
            value: digits.to_string(),
            reason: format!(
                "the ids number the {n_patients} patients from 1, so they need between {width} \
                 and 18 digits"
            ),
        });
    }
    Ok(digits as usize)
}

fn check_unique_columns(columns: &[String]) -> Result<(), SimError> {
    for (index, column) in columns.iter().enumerate() {
        if columns[..index].contains(column) {
            return Err(SimError::InvalidValue {
                key: "column names".to_string(),
                value: format!("{column:?}"),
                reason: "the column name appears twice; give every column its own name".to_string(),
            });
        }
    }
    Ok(())
}

fn check_sd(key: &str, sd: f64) -> Result<(), SimError> {
    if sd.is_finite() && sd > 0.0 {
        Ok(())
    } else {
        Err(SimError::NonPositiveSd {
            key: key.to_string(),
            value: sd,
        })
    }
}

fn check_mean(key: &str, mean: f64) -> Result<(), SimError> {
    if mean.is_finite() {
        Ok(())
    } else {
        Err(SimError::InvalidValue {
            key: key.to_string(),
            value: mean.to_string(),
            reason: "a mean must be a finite number".to_string(),
        })
    }
}

fn check_moments(key: &str, moments: &RawMoments) -> Result<Moments, SimError> {
    check_mean(&format!("{key}.mean"), moments.mean)?;
    check_sd(&format!("{key}.sd"), moments.sd)?;
    Ok(Moments {
        mean: moments.mean,
        sd: moments.sd,
    })
}

fn check_decimals(key: &str, decimals: u32) -> Result<u32, SimError> {
    if decimals > MAX_DECIMALS {
        return Err(SimError::InvalidValue {
            key: key.to_string(),
            value: decimals.to_string(),
            reason: format!("give between 0 and {MAX_DECIMALS} decimals"),
        });
    }
    Ok(decimals)
}

/// Checks the optional bounds of a column rounded to `decimals`.
///
/// Each bound must be finite and a multiple of 10^-decimals. Rounding is monotone, so a
/// value clamped to such bounds and then rounded stays within them.
fn build_bounds(
    variable: &str,
    min: Option<f64>,
    max: Option<f64>,
    decimals: u32,
) -> Result<Bounds, SimError> {
    for (name, bound) in [("min", min), ("max", max)] {
        if let Some(bound) = bound
            && !bound.is_finite()
        {
            return Err(SimError::InvalidValue {
                key: format!("{variable}.{name}"),
                value: bound.to_string(),
                reason: "a bound must be a finite number; leave the key out for no bound"
                    .to_string(),
            });
        }
        if let Some(bound) = bound
            && !is_on_grid(bound, decimals)
        {
            return Err(SimError::InvalidValue {
                key: format!("{variable}.{name}"),
                value: bound.to_string(),
                reason: format!(
                    "the column is rounded to {decimals} decimals, so give a bound with at most \
                     {decimals} decimals"
                ),
            });
        }
    }
    let bounds = Bounds {
        min: min.unwrap_or(f64::NEG_INFINITY),
        max: max.unwrap_or(f64::INFINITY),
    };
    if bounds.min >= bounds.max {
        return Err(SimError::BoundsNotOrdered {
            variable: variable.to_string(),
            min: bounds.min,
            max: bounds.max,
        });
    }
    Ok(bounds)
}

/// Tells whether `value` is the double nearest to a multiple of 10^-decimals.
fn is_on_grid(value: f64, decimals: u32) -> bool {
    let unit = crate::generate::POWERS_OF_TEN[decimals as usize];
    let scaled = (value * unit).round();
    scaled.abs() < 9_007_199_254_740_992.0 && scaled / unit == value
}

fn build_parameters(raw: &[RawParameter]) -> Result<Vec<Parameter>, SimError> {
    if raw.is_empty() {
        return Err(SimError::InvalidValue {
            key: "parameter".to_string(),
            value: "[]".to_string(),
            reason: "give at least one [[parameter]] table".to_string(),
        });
    }
    let mut parameters: Vec<Parameter> = Vec::with_capacity(raw.len());
    for parameter in raw {
        let path = format!("parameter[{}]", parameter.name);
        check_cell_text(&format!("{path}.name"), &parameter.name)?;
        if parameters.iter().any(|known| known.name == parameter.name) {
            return Err(SimError::InvalidValue {
                key: format!("{path}.name"),
                value: format!("{:?}", parameter.name),
                reason: "two parameters have this name; give each its own".to_string(),
            });
        }
        check_cell_text(&format!("{path}.pre_column"), &parameter.pre_column)?;
        check_cell_text(&format!("{path}.post_column"), &parameter.post_column)?;
        let decimals = check_decimals(&format!("{path}.decimals"), parameter.decimals)?;
        parameters.push(Parameter {
            name: parameter.name.clone(),
            pre_column: parameter.pre_column.clone(),
            post_column: parameter.post_column.clone(),
            bounds: build_bounds(&path, parameter.min, parameter.max, decimals)?,
            decimals,
            pre: check_moments(&format!("{path}.pre"), &parameter.pre)?,
        });
    }
    Ok(parameters)
}

/// Checks `[correlation]` and returns R with rows and columns in parameter order.
#[expect(
    clippy::needless_range_loop,
    reason = "entries are compared with their mirror"
)]
fn build_correlation(
    raw: &RawCorrelation,
    parameters: &[Parameter],
) -> Result<Vec<Vec<f64>>, SimError> {
    let names: Vec<&str> = parameters
        .iter()
        .map(|parameter| parameter.name.as_str())
        .collect();
    let order_is_permutation = raw.order.len() == names.len()
        && names
            .iter()
            .all(|name| raw.order.iter().filter(|entry| entry == name).count() == 1);
    if !order_is_permutation {
        return Err(SimError::InvalidValue {
            key: "correlation.order".to_string(),
            value: format!("{:?}", raw.order),
            reason: format!("list every parameter name exactly once, for example {names:?}"),
        });
    }

    let size = names.len();
    let square = raw.matrix.len() == size && raw.matrix.iter().all(|row| row.len() == size);
    if !square {
        let shape: Vec<usize> = raw.matrix.iter().map(Vec::len).collect();
        return Err(SimError::InvalidValue {
            key: "correlation.matrix".to_string(),
            value: format!("{} rows of lengths {shape:?}", raw.matrix.len()),
            reason: format!(
                "give a {size} x {size} matrix, one row and column per name in correlation.order"
            ),
        });
    }

    let matrix = &raw.matrix;
    for row in 0..size {
        for column in 0..size {
            let value = matrix[row][column];
            if !(value.is_finite() && (-1.0..=1.0).contains(&value)) {
                return Err(SimError::InvalidValue {
                    key: format!("correlation.matrix[{row}][{column}]"),
                    value: value.to_string(),
                    reason: "a correlation lies between -1 and 1".to_string(),
                });
            }
            if value != matrix[column][row] {
                return Err(SimError::NotSymmetric {
                    matrix: "correlation.matrix".to_string(),
                    row,
                    column,
                    value,
                    mirror: matrix[column][row],
                });
            }
        }
        if matrix[row][row] != 1.0 {
            return Err(SimError::DiagonalNotOne {
                matrix: "correlation.matrix".to_string(),
                index: row,
                value: matrix[row][row],
            });
        }
    }

    // Position of each parameter in the written order; the permutation check above
    // guarantees that every name is found.
    let position: Vec<usize> = names
        .iter()
        .map(|name| {
            raw.order
                .iter()
                .position(|entry| entry == name)
                .unwrap_or(0)
        })
        .collect();
    let reordered: Vec<Vec<f64>> = position
        .iter()
        .map(|&row| position.iter().map(|&column| matrix[row][column]).collect())
        .collect();
    cholesky_lower(&reordered, "`correlation.matrix`")?;
    Ok(reordered)
}

fn build_groups(
    raw: &[RawGroup],
    raw_parameters: &[RawParameter],
    correlation: &[Vec<f64>],
) -> Result<Vec<Group>, SimError> {
    if raw.is_empty() {
        return Err(SimError::InvalidValue {
            key: "group".to_string(),
            value: "[]".to_string(),
            reason: "give at least one [[group]] table".to_string(),
        });
    }
    let labels: Vec<&str> = raw.iter().map(|group| group.label.as_str()).collect();
    let mut groups: Vec<Group> = Vec::with_capacity(raw.len());
    for group in raw {
        let path = format!("group[{}]", group.label);
        check_cell_text(&format!("{path}.label"), &group.label)?;
        if groups.iter().any(|known| known.label == group.label) {
            return Err(SimError::InvalidValue {
                key: format!("{path}.label"),
                value: format!("{:?}", group.label),
                reason: "two groups have this label; give each its own".to_string(),
            });
        }
        if group.n == 0 {
            return Err(SimError::EmptyGroup {
                group: group.label.clone(),
            });
        }
        // Earlier groups sum to at most MAX_PATIENTS, so capping n keeps the sum from
        // overflowing.
        let earlier: usize = groups.iter().map(|known| known.n).sum();
        if earlier + group.n.min(MAX_PATIENTS + 1) > MAX_PATIENTS {
            return Err(SimError::InvalidValue {
                key: format!("{path}.n"),
                value: group.n.to_string(),
                reason: format!(
                    "the groups would contain more than {MAX_PATIENTS} patients in all; give \
                     smaller group sizes"
                ),
            });
        }
        let r = group.pre_post_correlation;
        if !(r.is_finite() && r > -1.0 && r < 1.0) {
            return Err(SimError::InvalidValue {
                key: format!("{path}.pre_post_correlation"),
                value: r.to_string(),
                reason: "give a correlation strictly between -1 and 1".to_string(),
            });
        }

        let mut post = Vec::with_capacity(raw_parameters.len());
        for parameter in raw_parameters {
            let key = format!("parameter[{}].post", parameter.name);
            let Some(moments) = parameter.post.get(&group.label) else {
                return Err(SimError::InvalidValue {
                    key,
                    value: format!("groups {:?}", parameter.post.keys().collect::<Vec<_>>()),
                    reason: format!(
                        "every group needs a post mean and SD; add {} = {{ mean = ..., sd = ... }} \
                         (groups: {labels:?})",
                        group.label
                    ),
                });
            };
            post.push(check_moments(&format!("{key}.{}", group.label), moments)?);
        }

        let joint = pre_post_correlation(correlation, r);
        let name = format!("[[R, r·R], [r·R, R]] of group `{}` (r = {r})", group.label);
        groups.push(Group {
            label: group.label.clone(),
            n: group.n,
            post,
            cholesky: cholesky_lower(&joint, &name)?,
        });
    }
    Ok(groups)
}

/// Builds the correlation [[R, r·R], [r·R, R]] of (pre values, post values).
fn pre_post_correlation(correlation: &[Vec<f64>], r: f64) -> Vec<Vec<f64>> {
    let size = correlation.len();
    (0..2 * size)
        .map(|row| {
            (0..2 * size)
                .map(|column| {
                    let value = correlation[row % size][column % size];
                    if (row < size) == (column < size) {
                        value
                    } else {
                        r * value
                    }
                })
                .collect()
        })
        .collect()
}

/// Computes the lower Cholesky factor L (matrix = L·Lᵀ) with nalgebra.
///
/// # Errors
/// [`SimError::NotPositiveDefinite`] naming `name` when the factorization fails.
pub(crate) fn cholesky_lower(matrix: &[Vec<f64>], name: &str) -> Result<Vec<Vec<f64>>, SimError> {
    let size = matrix.len();
    let dense = DMatrix::from_fn(size, size, |row, column| matrix[row][column]);
    let factor = Cholesky::new(dense)
        .ok_or_else(|| SimError::NotPositiveDefinite {
            matrix: name.to_string(),
        })?
        .unpack();
    Ok((0..size)
        .map(|row| (0..=row).map(|column| factor[(row, column)]).collect())
        .collect())
}

fn build_baseline(raw: &RawBaseline, n_patients: usize) -> Result<BaselineColumn, SimError> {
    let path = format!("baseline[{}]", raw.column);
    check_cell_text(&format!("{path}.column"), &raw.column)?;
    if raw.missing > n_patients {
        return Err(SimError::InvalidValue {
            key: format!("{path}.missing"),
            value: raw.missing.to_string(),
            reason: format!(
                "the cohort has {n_patients} rows; give at most that many missing cells"
            ),
        });
    }

    let distribution = match raw.distribution {
        RawDistribution::Normal => {
            reject_keys(
                &path,
                "normal",
                &[
                    ("levels", raw.levels.is_some()),
                    ("probabilities", raw.probabilities.is_some()),
                ],
            )?;
            let mean = require(&path, "normal", "mean", raw.mean)?;
            let sd = require(&path, "normal", "sd", raw.sd)?;
            let decimals = require(&path, "normal", "decimals", raw.decimals)?;
            check_mean(&format!("{path}.mean"), mean)?;
            check_sd(&format!("{path}.sd"), sd)?;
            let decimals = check_decimals(&format!("{path}.decimals"), decimals)?;
            Distribution::Normal {
                moments: Moments { mean, sd },
                bounds: build_bounds(&path, raw.min, raw.max, decimals)?,
                decimals,
            }
        }
        RawDistribution::Categorical => {
            reject_keys(
                &path,
                "categorical",
                &[
                    ("mean", raw.mean.is_some()),
                    ("sd", raw.sd.is_some()),
                    ("min", raw.min.is_some()),
                    ("max", raw.max.is_some()),
                    ("decimals", raw.decimals.is_some()),
                ],
            )?;
            let levels = require(&path, "categorical", "levels", raw.levels.clone())?;
            let probabilities = require(
                &path,
                "categorical",
                "probabilities",
                raw.probabilities.clone(),
            )?;
            build_categorical(&path, levels, &probabilities)?
        }
    };
    Ok(BaselineColumn {
        column: raw.column.clone(),
        distribution,
        missing: raw.missing,
    })
}

fn require<T>(path: &str, distribution: &str, key: &str, value: Option<T>) -> Result<T, SimError> {
    value.ok_or_else(|| SimError::InvalidValue {
        key: format!("{path}.{key}"),
        value: "(missing)".to_string(),
        reason: format!("distribution = \"{distribution}\" needs `{key}`; add it"),
    })
}

fn reject_keys(path: &str, distribution: &str, present: &[(&str, bool)]) -> Result<(), SimError> {
    match present.iter().find(|(_, is_present)| *is_present) {
        Some((key, _)) => Err(SimError::InvalidValue {
            key: format!("{path}.{key}"),
            value: "(given)".to_string(),
            reason: format!("distribution = \"{distribution}\" does not use `{key}`; remove it"),
        }),
        None => Ok(()),
    }
}

fn build_categorical(
    path: &str,
    levels: Vec<String>,
    probabilities: &[f64],
) -> Result<Distribution, SimError> {
    if levels.is_empty() || levels.len() != probabilities.len() {
        return Err(SimError::InvalidValue {
            key: format!("{path}.probabilities"),
            value: format!("{probabilities:?}"),
            reason: format!(
                "give one probability per level; there are {} levels {levels:?}",
                levels.len()
            ),
        });
    }
    for (index, level) in levels.iter().enumerate() {
        check_cell_text(&format!("{path}.levels[{index}]"), level)?;
        if levels[..index].contains(level) {
            return Err(SimError::InvalidValue {
                key: format!("{path}.levels"),
                value: format!("{levels:?}"),
                reason: format!("level {level:?} appears twice; list each level once"),
            });
        }
    }
    if let Some(bad) = probabilities
        .iter()
        .find(|p| !(p.is_finite() && **p >= 0.0))
    {
        return Err(SimError::InvalidValue {
            key: format!("{path}.probabilities"),
            value: format!("{probabilities:?}"),
            reason: format!("{bad} is not a probability; give numbers between 0 and 1"),
        });
    }
    let mut cumulative = Vec::with_capacity(probabilities.len());
    let mut total = 0.0;
    for probability in probabilities {
        total += probability;
        cumulative.push(total);
    }
    if (total - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
        return Err(SimError::InvalidValue {
            key: format!("{path}.probabilities"),
            value: format!("{probabilities:?}"),
            reason: format!("the probabilities sum to {total}; make them sum to 1"),
        });
    }
    Ok(Distribution::Categorical { levels, cumulative })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_post_correlation_scales_off_diagonal_blocks() {
        let correlation = vec![vec![1.0, 0.5], vec![0.5, 1.0]];
        let joint = pre_post_correlation(&correlation, 0.4);
        assert_eq!(joint[0], vec![1.0, 0.5, 0.4, 0.2]);
        assert_eq!(joint[1], vec![0.5, 1.0, 0.2, 0.4]);
        assert_eq!(joint[2], vec![0.4, 0.2, 1.0, 0.5]);
        assert_eq!(joint[3], vec![0.2, 0.4, 0.5, 1.0]);
    }

    #[test]
    fn cholesky_reproduces_matrix() {
        let matrix = vec![vec![4.0, 2.0], vec![2.0, 5.0]];
        let factor = cholesky_lower(&matrix, "m").unwrap();
        assert_eq!(factor, vec![vec![2.0], vec![1.0, 2.0]]);
    }

    #[test]
    fn cholesky_rejects_indefinite_matrix() {
        let matrix = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
        let error = cholesky_lower(&matrix, "`m`").unwrap_err();
        assert_eq!(
            error,
            SimError::NotPositiveDefinite {
                matrix: "`m`".to_string()
            }
        );
    }

    #[test]
    fn grid_accepts_declared_decimals() {
        assert!(is_on_grid(0.3, 1));
        assert!(is_on_grid(0.5, 1));
        assert!(is_on_grid(99.0, 1));
        assert!(is_on_grid(-1.25, 2));
        assert!(is_on_grid(30.0, 0));
    }

    #[test]
    fn grid_rejects_extra_decimals() {
        assert!(!is_on_grid(0.55, 1));
        assert!(!is_on_grid(30.5, 0));
        assert!(!is_on_grid(0.1234567, 6));
        assert!(!is_on_grid(1e300, 1));
    }

    #[test]
    fn output_path_must_be_relative() {
        assert!(check_output("cohort.csv").is_ok());
        assert!(check_output("out/cohort.csv").is_ok());
        assert!(check_output("/tmp/cohort.csv").is_err());
        assert!(check_output("../cohort.csv").is_err());
        assert!(check_output("  ").is_err());
    }

    #[test]
    fn cell_text_rejects_csv_specials() {
        assert!(check_cell_text("k", "BV_pre").is_ok());
        assert!(check_cell_text("k", "").is_err());
        assert!(check_cell_text("k", " a").is_err());
        assert!(check_cell_text("k", "a,b").is_err());
        assert!(check_cell_text("k", "a\"b").is_err());
        assert!(check_cell_text("k", "a\nb").is_err());
    }
}
