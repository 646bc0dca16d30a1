//! One self-contained HTML page per study: every table, the figures inline, the claims,
//! the conventions, the dataset's SHA-256 and the repro version. It needs no network
//! and no other file: figures are embedded as PNG data, styles inline.

use base64::Engine as _;

use crate::table::Table;

/// A part of the page, in reading order.
pub enum Block<'a> {
    /// A section heading.
    Heading(String),
    /// A paragraph of plain text.
    Paragraph(String),
    /// A table with its title and notes.
    Table(&'a Table),
    /// A figure: its caption and PNG bytes.
    Figure {
        /// Caption printed under the image.
        caption: String,
        /// PNG file bytes.
        png: &'a [u8],
    },
    /// Preformatted text, such as the conventions as JSON.
    Preformatted(String),
}

/// The page's header facts.
pub struct Header<'a> {
    /// Study title.
    pub title: &'a str,
    /// Citation of the publication.
    pub citation: &'a str,
    /// Whether the dataset is synthetic, which a banner at the top of the page states.
    pub synthetic: bool,
    /// repro version that produced the page.
    pub version: &'a str,
    /// Dataset file name, relative to the study folder.
    pub dataset: &'a str,
    /// SHA-256 of the dataset file.
    pub sha256: &'a str,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
.wide{overflow-x:auto}table{border-collapse:collapse;margin:0.5em 0;font-size:0.85em}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}td{white-space:nowrap}\
th{background:#f0f0f0}td.fails{color:#a00;font-weight:bold}.banner{background:#fff3cd;border:1px solid #e0c36a;padding:0.6em 1em;font-weight:bold}\
.note{font-size:0.85em;color:#444;margin:0.2em 0}figure{margin:1em 0}figure img{max-width:100%;width:900px;height:auto;border:1px solid #eee}\
figcaption{font-size:0.85em;color:#444}pre{background:#f7f7f7;padding:0.8em;white-space:pre-wrap;word-break:break-word;font-size:0.8em}dl{font-size:0.9em}dt{font-weight:bold}";

/// Renders the page.
///
/// ```
/// use repro_report::html::{Block, Header, render};
/// use repro_report::table::Table;
/// let mut table = Table::new("Table 1", &["a", "b"]);
/// table.push(vec!["x < y".into(), "1".into()]);
/// let header = Header { title: "Demo", citation: "A. Author (2025)", synthetic: true,
///     version: "0.1.0", dataset: "cohort.csv", sha256: "ab12" };
/// let page = render(&header, &[Block::Table(&table)]);
/// assert!(page.contains("<td>x &lt; y</td>"));
/// assert!(page.contains("synthetic"));
/// ```
pub fn render(header: &Header<'_>, blocks: &[Block<'_>]) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(header.title)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(header.title)));
    if header.synthetic {
        out.push_str(
            "<p class=\"banner\">The dataset of this report is synthetic: it was generated from a published \
             specification, not collected from patients. The numbers show what the analysis gives on data shaped \
             like the study's; they are not the paper's results.</p>\n",
        );
    }
    out.push_str("<dl>\n");
    for (term, value) in [
        ("Publication", header.citation),
        ("Dataset", header.dataset),
        ("Dataset SHA-256", header.sha256),
        ("Produced by", &format!("repro {}", header.version)),
    ] {
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(term),
            escape(value)
        ));
    }
    out.push_str("</dl>\n");

    for block in blocks {
        match block {
            Block::Heading(text) => out.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::Preformatted(text) => out.push_str(&format!("<pre>{}</pre>\n", escape(text))),
            Block::Table(table) => {
                out.push_str("<div class=\"wide\">");
                out.push_str(&table.to_html());
                out.push_str("</div>\n");
            }
            Block::Figure { caption, png } => {
                let data = base64::engine::general_purpose::STANDARD.encode(png);
                out.push_str(&format!(
                    "<figure><img alt=\"{}\" src=\"data:image/png;base64,{data}\"><figcaption>{}</figcaption></figure>\n",
                    escape(caption),
                    escape(caption)
                ));
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
