//! Cohort ingestion: reads a study's CSV file into a validated, text-typed table.
//!
//! ```no_run
//! use repro_cohort::{Dialect, Table};
//!
//! let table = Table::read("data/tace-ctp/cohort.csv", &Dialect::default())?;
//! let age = table.numeric("age")?; // Vec<Option<f64>>, None where missing
//! println!("{} rows, first age {:?}", table.n_rows(), age[0]);
//! # Ok::<(), repro_cohort::CohortError>(())
//! ```
//!
//! Every column is read as text first, so that nothing is guessed: a numeric column is
//! parsed only when an analysis asks for it, with the decimal mark of the [`Dialect`],
//! and a cell that does not parse is an error naming the file, the 1-based line, the
//! column and the value. Missing values are exactly the tokens the dialect lists
//! (`NA` is missing only if listed, because a category may be called "NA").
//!
//! The file is read in two passes over the same decoded bytes: the `csv` crate checks
//! the structure (header names, ragged rows) and records the line on which each record
//! starts, then polars parses the cells into a [`polars::frame::DataFrame`] of strings.

mod dialect;
mod error;
mod number;
mod table;

pub use dialect::{DecimalMark, Dialect, Encoding};
pub use error::CohortError;
pub use number::parse_number;
pub use table::Table;

/// Returns the candidate closest to `name` by edit distance, if any is close enough to be a
/// plausible typo (distance at most a third of the longer name, and at least 1 allowed).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&name.to_lowercase(), &candidate.to_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.filter(|(d, c)| *d <= (c.chars().count().max(name.chars().count()) / 3).max(1))
        .map(|(_, c)| c)
}

/// Levenshtein distance over Unicode scalar values.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typo() {
        assert_eq!(nearest("grop", ["group", "id", "age"]), Some("group"));
    }

    #[test]
    fn nearest_rejects_unrelated_name() {
        assert_eq!(nearest("weight", ["group", "id"]), None);
    }
}
