//! Output of repro: JSON documents, tables, and all-or-nothing report folders.
//!
//! ```
//! use repro_report::{format, table::Table};
//! let mut table = Table::new("Table 2. Paired comparison", &["Parameter", "P"]);
//! table.push(vec!["HAP".into(), format::p_value(0.000_04)]);
//! assert_eq!(table.to_csv(), "Parameter,P\nHAP,<0.001\n");
//! ```
//!
//! This crate and `repro-cohort` are the only ones that touch files; the statistics
//! crates it calls are pure.

pub mod figure;
pub mod format;
pub mod html;
pub mod json;
pub mod output;
pub mod table;
