//! Fuzzes CSV ingestion: arbitrary bytes through `Table::from_bytes`, then every accessor
//! on every column.
//!
//! Each input is read with two fixed dialects: R's defaults (`,` separator, `.`
//! decimals, `NA` missing, UTF-8) and a continental-European export (`;` separator, `,`
//! decimals, `.` thousands, Latin-1). An error is a valid outcome. A panic, or a table
//! whose accessors disagree on the number of rows, is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use repro_cohort::{DecimalMark, Dialect, Encoding, Table};
use std::path::PathBuf;

fn dialects() -> [Dialect; 2] {
    let european = Dialect {
        separator: b';',
        quote: b'"',
        decimal: DecimalMark::Comma,
        thousands: Some('.'),
        missing: vec!["NA".to_string(), "-".to_string()],
        encoding: Encoding::Latin1,
    };
    [Dialect::default(), european]
}

fuzz_target!(|bytes: &[u8]| {
    for dialect in dialects() {
        let table = match Table::from_bytes(PathBuf::from("fuzz.csv"), bytes, &dialect) {
            Ok(table) => table,
            Err(error) => {
                // Building the message walks the error's fields; it must not panic either.
                let _ = error.to_string();
                continue;
            }
        };
        exercise(&table);
    }
});

fn exercise(table: &Table) {
    let rows = table.n_rows();
    assert!(rows > 0, "from_bytes returned a table without data rows");
    for row in 0..rows {
        let _ = table.line(row);
    }
    assert_eq!(
        table.frame().height(),
        rows,
        "polars frame height differs from n_rows"
    );

    let columns: Vec<String> = table.columns().to_vec();
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    table
        .require(&names)
        .expect("every listed column must be found by name");

    for name in &names {
        let text = table.text(name).expect("text() of a listed column");
        assert_eq!(text.len(), rows, "text({name:?}) has the wrong length");

        match table.numeric(name) {
            Ok(values) => {
                assert_eq!(values.len(), rows, "numeric({name:?}) has the wrong length");
                for (value, cell) in values.iter().zip(&text) {
                    assert_eq!(
                        value.is_some(),
                        cell.is_some(),
                        "numeric and text disagree on missing"
                    );
                    if let Some(value) = value {
                        assert!(value.is_finite(), "numeric({name:?}) returned {value}");
                    }
                }
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }

        for result in [
            table.check_unique(name),
            table.check_complete(name),
            table.check_labels(name, &["residual", "cr"]),
        ] {
            if let Err(error) = result {
                let _ = error.to_string();
            }
        }
    }

    // A misspelt column name builds the "did you mean" suggestion.
    if let Some(first) = names.first() {
        let typo = format!("{first}x");
        if let Err(error) = table.text(&typo) {
            let _ = error.to_string();
        }
    }
}
