//! Number formatting for tables: one rule per kind of number, kept in one place so that
//! every table of every study prints the same way.
//!
//! ```
//! use repro_report::format::{fixed, mean_sd, p_value};
//! assert_eq!(fixed(2.345_678, 2), "2.35");
//! assert_eq!(mean_sd(16.04, 5.12, 1), "16.0 ± 5.1");
//! assert_eq!(p_value(0.000_2), "<0.001");
//! assert_eq!(p_value(0.049_6), "0.050");
//! ```

/// A number with a fixed count of decimals, rounded to nearest on its exact binary value.
///
/// A result that rounds to zero prints without a minus sign (`-0.04` with one decimal
/// gives `0.0`, not `-0.0`). NaN prints as `NA` and infinities as `Inf` and `-Inf`, as R
/// prints them.
pub fn fixed(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "NA".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    let text = format!("{x:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// `mean ± SD` with the same decimals for both, as clinical tables print them.
pub fn mean_sd(mean: f64, sd: f64, decimals: usize) -> String {
    format!("{} ± {}", fixed(mean, decimals), fixed(sd, decimals))
}

/// `median [Q1, Q3]` with the same decimals for the three numbers.
pub fn median_iqr(median: f64, q1: f64, q3: f64, decimals: usize) -> String {
    format!(
        "{} [{}, {}]",
        fixed(median, decimals),
        fixed(q1, decimals),
        fixed(q3, decimals)
    )
}

/// A P value as clinical journals print it: `<0.001` below 0.001, otherwise three
/// decimals (so 0.0496 prints as `0.050`). NaN prints as `NA`.
pub fn p_value(p: f64) -> String {
    if p.is_nan() {
        "NA".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        fixed(p, 3)
    }
}

/// `P < 0.001` or `P = 0.123`, for P values inside a sentence.
pub fn p_clause(p: f64) -> String {
    let text = p_value(p);
    match text.strip_prefix('<') {
        Some(bound) => format!("P < {bound}"),
        None => format!("P = {text}"),
    }
}

/// `estimate (lower, upper)`, the layout of an estimate with its confidence interval.
pub fn with_ci(estimate: f64, lower: f64, upper: f64, decimals: usize) -> String {
    format!(
        "{} ({}, {})",
        fixed(estimate, decimals),
        fixed(lower, decimals),
        fixed(upper, decimals)
    )
}

/// `count (percent)` with one decimal for the percentage; an empty denominator gives
/// `count (NA)`.
pub fn count_percent(count: usize, denominator: usize) -> String {
    if denominator == 0 {
        format!("{count} (NA)")
    } else {
        format!(
            "{count} ({})",
            fixed(100.0 * count as f64 / denominator as f64, 1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_zero_loses_its_sign() {
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.06, 1), "-0.1");
        assert_eq!(fixed(-0.0, 0), "0");
    }

    #[test]
    fn p_values_follow_the_journal_rule() {
        assert_eq!(p_value(0.001), "0.001");
        assert_eq!(p_value(0.000_999_9), "<0.001");
        assert_eq!(p_value(1.0), "1.000");
        assert_eq!(p_value(f64::NAN), "NA");
        assert_eq!(p_clause(0.000_2), "P < 0.001");
        assert_eq!(p_clause(0.25), "P = 0.250");
    }

    #[test]
    fn counts_print_one_decimal_percent() {
        assert_eq!(count_percent(57, 65), "57 (87.7)");
        assert_eq!(count_percent(0, 0), "0 (NA)");
    }
}
