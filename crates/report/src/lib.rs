//! Output of repro: JSON documents, tables and (later) figures.

pub mod json;
