//! A table of already formatted cells, written as Markdown or CSV.
//!
//! ```
//! use repro_report::table::Table;
//! let mut table = Table::new("Table 9. Demo", &["Variable", "Value"]);
//! table.push(vec!["Age (years)".into(), "58.1 ± 9.8".into()]);
//! table.note("Synthetic data.");
//! assert!(table.to_markdown().contains("| Age (years) | 58.1 ± 9.8 |"));
//! assert_eq!(table.to_csv(), "Variable,Value\nAge (years),58.1 ± 9.8\n");
//! ```

/// A titled grid of text cells with footnotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Table {
    /// Creates an empty table with a title and column headers.
    pub fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Table {
            title: title.into(),
            header: header.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Appends a row; a short row is padded with empty cells.
    ///
    /// # Panics
    /// If the row has more cells than the header, which is a bug in the caller.
    pub fn push(&mut self, mut row: Vec<String>) {
        assert!(
            row.len() <= self.header.len(),
            "row wider than the header of {:?}",
            self.title
        );
        row.resize(self.header.len(), String::new());
        self.rows.push(row);
    }

    /// Adds a footnote, printed under the Markdown table (the CSV has no notes).
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    /// Returns the rows added so far.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// GitHub-flavoured Markdown: a level-2 title, the table, then the notes.
    pub fn to_markdown(&self) -> String {
        let escape = |cell: &str| cell.replace('|', "\\|");
        let mut out = format!("## {}\n\n", self.title);
        out.push_str(&format!(
            "| {} |\n",
            self.header
                .iter()
                .map(|h| escape(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter()
                    .map(|c| escape(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                out.push_str(note);
                out.push_str("\n\n");
            }
            out.pop();
        }
        out
    }

    /// An HTML `<table>` with the title as caption and the notes as paragraphs after it.
    /// A cell that reads `FAILS` gets the class `fails`, so a failed claim is highlighted.
    pub fn to_html(&self) -> String {
        use crate::html::escape;
        let mut out = format!(
            "<table>\n<caption>{}</caption>\n<thead><tr>",
            escape(&self.title)
        );
        for cell in &self.header {
            out.push_str(&format!("<th>{}</th>", escape(cell)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for cell in row {
                let class = if cell == "FAILS" {
                    " class=\"fails\""
                } else {
                    ""
                };
                out.push_str(&format!("<td{class}>{}</td>", escape(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        for note in &self.notes {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
        }
        out
    }

    /// Returns the table's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// RFC 4180 CSV with a header row and `\n` line ends; cells holding a comma, quote or
    /// line break are quoted.
    pub fn to_csv(&self) -> String {
        let quote = |cell: &str| {
            if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.to_string()
            }
        };
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            out.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_cells_with_commas_and_quotes() {
        let mut table = Table::new("t", &["a", "b"]);
        table.push(vec!["1.2 (0.5, 2.0)".into(), "say \"hi\"".into()]);
        assert_eq!(
            table.to_csv(),
            "a,b\n\"1.2 (0.5, 2.0)\",\"say \"\"hi\"\"\"\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_pads_short_rows() {
        let mut table = Table::new("t", &["a", "b"]);
        table.push(vec!["x|y".into()]);
        assert_eq!(
            table.to_markdown(),
            "## t\n\n| a | b |\n|---|---|\n| x\\|y |  |\n"
        );
    }
}
