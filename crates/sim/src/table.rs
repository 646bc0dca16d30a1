//! The generated table and its CSV text.

/// A generated synthetic cohort: named columns and text cells, `None` where a cell is
/// missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticTable {
    columns: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
}

impl SyntheticTable {
    pub(crate) fn new(columns: Vec<String>, rows: Vec<Vec<Option<String>>>) -> Self {
        debug_assert!(rows.iter().all(|row| row.len() == columns.len()));
        SyntheticTable { columns, rows }
    }

    /// Writes the table as CSV text by a fixed rule. The header row comes first, then
    /// one line per patient. Cells are separated by `,`, a missing cell is empty, and
    /// every line, the last included, ends with `\n`.
    ///
    /// No cell is quoted. The spec's names and levels are checked to contain no comma,
    /// double quote or line break, and numbers are written as digits with an optional
    /// `-` and `.`, never in exponent form and independent of the locale.
    ///
    /// # Example
    /// ```
    /// let text = std::fs::read_to_string("../../data/tace-ctp/synth.toml").unwrap();
    /// let spec = repro_sim::parse_spec(&text).unwrap();
    /// let csv = repro_sim::simulate(&spec, 1).unwrap().to_csv();
    /// assert!(csv.starts_with("patient_id,group,age,sex,tumour_diameter_cm,"));
    /// assert_eq!(csv.lines().count(), 1 + 95);
    /// assert!(csv.ends_with('\n'));
    /// ```
    pub fn to_csv(&self) -> String {
        let mut text = self.columns.join(",");
        text.push('\n');
        for row in &self.rows {
            for (index, cell) in row.iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                if let Some(cell) = cell {
                    text.push_str(cell);
                }
            }
            text.push('\n');
        }
        text
    }

    /// Returns the column names in output order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Returns the number of rows (patients), not counting the header.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// Returns the cells of the column called `name` in row order, `None` for a missing
    /// cell, or `None` as a whole when no column has that name.
    pub fn column(&self, name: &str) -> Option<Vec<Option<&str>>> {
        let index = self.columns.iter().position(|column| column == name)?;
        Some(self.rows.iter().map(|row| row[index].as_deref()).collect())
    }
}

/// Formats the integer `scaled` = value·10^decimals as a decimal number with exactly
/// `decimals` digits after the point, for example (123, 1) as `12.3` and (-5, 2) as
/// `-0.05`. Zero has no sign.
pub(crate) fn format_scaled(scaled: i64, decimals: u32) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    if decimals == 0 {
        return format!("{sign}{magnitude}");
    }
    let unit = 10_u64.pow(decimals);
    let width = decimals as usize;
    format!("{sign}{}.{:0width$}", magnitude / unit, magnitude % unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_scaled_places_point() {
        assert_eq!(format_scaled(123, 1), "12.3");
        assert_eq!(format_scaled(5, 1), "0.5");
        assert_eq!(format_scaled(-5, 2), "-0.05");
        assert_eq!(format_scaled(0, 1), "0.0");
        assert_eq!(format_scaled(58, 0), "58");
        assert_eq!(format_scaled(-7, 0), "-7");
        assert_eq!(format_scaled(1_000_000, 6), "1.000000");
    }

    #[test]
    fn csv_leaves_missing_cells_empty() {
        let table = SyntheticTable::new(
            vec!["id".to_string(), "age".to_string()],
            vec![
                vec![Some("P1".to_string()), None],
                vec![Some("P2".to_string()), Some("60".to_string())],
            ],
        );
        assert_eq!(table.to_csv(), "id,age\nP1,\nP2,60\n");
        assert_eq!(table.column("age"), Some(vec![None, Some("60")]));
        assert_eq!(table.column("sex"), None);
        assert_eq!(table.n_rows(), 2);
    }
}
