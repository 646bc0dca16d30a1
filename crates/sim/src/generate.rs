//! Generation of the synthetic table from a validated [`Spec`]; the draw order is
//! documented in the crate docs and must not change, because the output bytes depend on it.

use crate::error::SimError;
use crate::random::Stream;
use crate::spec::{BaselineColumn, Bounds, Distribution, Group, Moments, Parameter, Spec};
use crate::table::{SyntheticTable, format_scaled};

const _: () = assert!(POWERS_OF_TEN.len() == crate::spec::MAX_DECIMALS as usize + 1);

/// How many times a bounded baseline value is drawn before the generator reports that
/// its bounds cannot be met.
pub const MAX_ATTEMPTS: usize = 10_000;

/// 10^d for the allowed numbers of decimals; every entry is exact in f64.
pub(crate) const POWERS_OF_TEN: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];

/// The largest |value·10^decimals| that is written; beyond 2^53 the rounded integer would
/// no longer be exact.
const MAX_SCALED: f64 = 9_007_199_254_740_992.0;

/// Generates the synthetic table of `spec` from the ChaCha20 stream of `seed`.
///
/// The same spec and seed give the same table, byte for byte, on every platform: the
/// stream is `ChaCha20Rng::seed_from_u64(seed)` and every transform of its words is
/// written in this crate (see the crate docs for the draw order). Rows are in id order;
/// groups are assigned to ids by a random permutation.
///
/// # Errors
/// [`SimError::BoundsUnreachable`] when a baseline value stays outside its bounds for
/// [`MAX_ATTEMPTS`] draws, and [`SimError::InvalidValue`] when a value is too large
/// to be written with its decimals.
///
/// # Example
/// ```
/// let text = std::fs::read_to_string("../../data/tace-ctp/synth.toml").unwrap();
/// let spec = repro_sim::parse_spec(&text).unwrap();
/// let table = repro_sim::simulate(&spec, 1).unwrap();
/// assert_eq!(table.n_rows(), 95);
/// let groups = table.column("group").unwrap();
/// let residual = groups.iter().filter(|label| **label == Some("residual")).count();
/// assert_eq!(residual, 65);
/// assert_eq!(table.column("patient_id").unwrap()[0], Some("P001"));
/// ```
pub fn simulate(spec: &Spec, seed: u64) -> Result<SyntheticTable, SimError> {
    let mut stream = Stream::new(seed);
    let n_patients = spec.n_patients();

    let mut assignment: Vec<usize> = spec
        .groups
        .iter()
        .enumerate()
        .flat_map(|(index, group)| std::iter::repeat_n(index, group.n))
        .collect();
    stream.shuffle(&mut assignment);

    let columns = spec.columns();
    let mut rows = Vec::with_capacity(n_patients);
    for (row_index, &group_index) in assignment.iter().enumerate() {
        let group = &spec.groups[group_index];
        let mut row = Vec::with_capacity(columns.len());
        row.push(Some(format!(
            "{}{:0width$}",
            spec.id_prefix,
            row_index + 1,
            width = spec.id_digits
        )));
        row.push(Some(group.label.clone()));
        for column in &spec.baseline {
            row.push(Some(draw_baseline(&mut stream, column)?));
        }
        row.extend(
            draw_parameters(&mut stream, &spec.parameters, group)?
                .into_iter()
                .map(Some),
        );
        rows.push(row);
    }

    // Missing cells come last, so that they never shift the values drawn above.
    for (offset, column) in spec.baseline.iter().enumerate() {
        if column.missing > 0 {
            for row_index in stream.sample_indices(n_patients, column.missing) {
                rows[row_index][2 + offset] = None;
            }
        }
    }
    Ok(SyntheticTable::new(columns, rows))
}

/// Draws one baseline cell: a categorical level from one uniform, or a normal value
/// redrawn until its rounded value lies in the bounds.
fn draw_baseline(stream: &mut Stream, column: &BaselineColumn) -> Result<String, SimError> {
    match &column.distribution {
        Distribution::Categorical { levels, cumulative } => {
            Ok(levels[stream.categorical(cumulative)].clone())
        }
        Distribution::Normal {
            moments,
            bounds,
            decimals,
        } => {
            for _ in 0..MAX_ATTEMPTS {
                let value = moments.mean + moments.sd * stream.standard_normal();
                let scaled = round_scaled(value, *decimals, &column.column)?;
                if bounds.contains(scaled_value(scaled, *decimals)) {
                    return Ok(format_scaled(scaled, *decimals));
                }
            }
            Err(unreachable_bounds(&column.column, *bounds))
        }
    }
}

/// Draws one patient's pre and post values of every parameter, returned as text in
/// column order (pre, post of the first parameter, then the next).
///
/// It draws 2k standard normals e (k parameters) and forms x = L·e with the group's
/// Cholesky factor L, where x_i sums L_ij·e_j over j = 0..=i in that order. It scales x_j
/// by the shared pre moments and x_(k+j) by the group's post moments, clamps each value
/// to its bounds and rounds it. The bounds are multiples of 10^-decimals, so the rounded
/// value stays within them.
fn draw_parameters(
    stream: &mut Stream,
    parameters: &[Parameter],
    group: &Group,
) -> Result<Vec<String>, SimError> {
    let k = parameters.len();
    let deviates: Vec<f64> = (0..2 * k).map(|_| stream.standard_normal()).collect();
    let correlated: Vec<f64> = group
        .cholesky
        .iter()
        .map(|row| {
            row.iter()
                .zip(&deviates)
                .fold(0.0, |sum, (l, e)| sum + l * e)
        })
        .collect();

    let mut cells = Vec::with_capacity(2 * k);
    for (index, parameter) in parameters.iter().enumerate() {
        let slots = [
            (&parameter.pre_column, parameter.pre, correlated[index]),
            (
                &parameter.post_column,
                group.post[index],
                correlated[k + index],
            ),
        ];
        for (column, Moments { mean, sd }, deviate) in slots {
            let value = (mean + sd * deviate).clamp(parameter.bounds.min, parameter.bounds.max);
            let scaled = round_scaled(value, parameter.decimals, column)?;
            cells.push(format_scaled(scaled, parameter.decimals));
        }
    }
    Ok(cells)
}

/// Rounds value·10^decimals half away from zero (`f64::round`) to an integer.
fn round_scaled(value: f64, decimals: u32, column: &str) -> Result<i64, SimError> {
    let scaled = (value * POWERS_OF_TEN[decimals as usize]).round();
    if scaled.is_nan() || scaled.abs() >= MAX_SCALED {
        return Err(SimError::InvalidValue {
            key: column.to_string(),
            value: value.to_string(),
            reason: format!(
                "a drawn value is too large to write with {decimals} decimals; reduce the mean or \
                 SD, or give bounds"
            ),
        });
    }
    // The check above keeps |scaled| below 2^53, so the conversion is exact.
    Ok(scaled as i64)
}

/// Returns the double nearest to scaled / 10^decimals, the value the CSV cell shows.
fn scaled_value(scaled: i64, decimals: u32) -> f64 {
    scaled as f64 / POWERS_OF_TEN[decimals as usize]
}

fn unreachable_bounds(variable: &str, bounds: Bounds) -> SimError {
    SimError::BoundsUnreachable {
        variable: variable.to_string(),
        min: bounds.min,
        max: bounds.max,
        attempts: MAX_ATTEMPTS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_scaled(2.25, 1, "x"), Ok(23));
        assert_eq!(round_scaled(-2.25, 1, "x"), Ok(-23));
        assert_eq!(round_scaled(0.5, 0, "x"), Ok(1));
        assert_eq!(round_scaled(-0.5, 0, "x"), Ok(-1));
        assert_eq!(round_scaled(12.34, 1, "x"), Ok(123));
    }

    #[test]
    fn rounding_rejects_huge_value() {
        assert!(round_scaled(1e20, 1, "x").is_err());
        assert!(round_scaled(f64::NAN, 1, "x").is_err());
    }

    #[test]
    fn scaled_value_matches_literal() {
        assert_eq!(scaled_value(5, 1), 0.5);
        assert_eq!(scaled_value(3, 1), 0.3);
        assert_eq!(scaled_value(99, 0), 99.0);
    }
}
