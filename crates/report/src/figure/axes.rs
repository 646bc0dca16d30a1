//! Linear scales, tick choice and axis drawing in pixel coordinates.

use plotters::backend::DrawingBackend;
use plotters::style::RGBAColor;

use super::FigureError;
use super::canvas::{Anchor, Dash, Pen, Type, max_text_width, points};
use super::palette;
use crate::format;

/// Length of a tick mark, in pixels (3 pt).
pub(super) const TICK_PX: f64 = 12.5;
/// Space between a tick mark and its label, in pixels.
pub(super) const LABEL_GAP_PX: f64 = 12.0;

/// Stroke width of axis lines and tick marks, in pixels (0.75 pt).
pub(super) fn axis_stroke() -> f64 {
    points(0.75)
}

/// Maps data values linearly onto a pixel interval.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scale {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) px_lo: f64,
    pub(super) px_hi: f64,
}

impl Scale {
    pub(super) fn px(&self, value: f64) -> f64 {
        self.px_lo + (value - self.lo) / (self.hi - self.lo) * (self.px_hi - self.px_lo)
    }
}

/// Tick positions with their labels.
#[derive(Clone, Debug, Default)]
pub(super) struct Ticks {
    pub(super) values: Vec<f64>,
    pub(super) labels: Vec<String>,
}

impl Ticks {
    /// Ticks at 0, 0.2, ..., 1 labelled with one decimal, for probabilities.
    pub(super) fn unit_interval() -> Ticks {
        let values: Vec<f64> = (0..=5).map(|i| f64::from(i) / 5.0).collect();
        let labels = values.iter().map(|&v| format::fixed(v, 1)).collect();
        Ticks { values, labels }
    }

    pub(super) fn max_label_width(&self) -> Result<f64, FigureError> {
        max_text_width(self.labels.iter().map(String::as_str), Type::Small)
    }
}

/// Chooses about `target` ticks at multiples of 1, 2, 2.5 or 5 times a power of ten
/// that cover `[lo, hi]`, and widens the range to the outer ticks. A range of one
/// value is widened around it first.
///
/// Returns the widened range and the ticks, or an error when the span cannot be
/// represented (for example from -1e308 to 1e308).
pub(super) fn nice_ticks(
    figure: &'static str,
    lo: f64,
    hi: f64,
    target: usize,
) -> Result<(f64, f64, Ticks), FigureError> {
    let (mut lo, mut hi) = (lo.min(hi), lo.max(hi));
    if lo == hi {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let unrepresentable = |value: f64| FigureError::InvalidValue {
        figure,
        field: format!("axis span from {lo} to {hi}"),
        value,
        expected: "a span whose rounded ends are finite f64 values; rescale the data",
    };
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return Err(unrepresentable(span));
    }

    let raw_step = span / (target.max(2) - 1) as f64;
    let magnitude = 10_f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw_step * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude);

    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    // Rounding the ends outwards can overflow, as for a range from 0 to f64::MAX.
    if !(first * step).is_finite() || !(last * step).is_finite() {
        return Err(unrepresentable(span));
    }
    let count = (last - first) as usize + 1;
    let values: Vec<f64> = (0..count).map(|i| (first + i as f64) * step).collect();
    let labels = values.iter().map(|&v| tick_label(v, step)).collect();
    Ok((first * step, last * step, Ticks { values, labels }))
}

/// Formats a tick value: fixed decimals fitting the step, or scientific notation when
/// the step is below 1e-4 or at least 1e6, where fixed decimals get long.
fn tick_label(value: f64, step: f64) -> String {
    let step_exponent = step.log10().floor();
    // A step such as 2.5e-3 needs one decimal more than its power of ten.
    let extra = usize::from((step / 10_f64.powf(step_exponent) * 10.0).round() % 10.0 != 0.0);
    if !(1e-4..1e6).contains(&step) {
        let value_exponent = if value == 0.0 {
            step_exponent
        } else {
            value.abs().log10().floor()
        };
        let decimals = (value_exponent - step_exponent).max(0.0) as usize + extra;
        return if value == 0.0 {
            "0".into()
        } else {
            format!("{value:.decimals$e}")
        };
    }
    let decimals = (-step_exponent).max(0.0) as usize + extra;
    format::fixed(value, decimals)
}

/// A rectangular plotting region in pixels with its two scales.
#[derive(Clone, Copy, Debug)]
pub(super) struct Frame {
    pub(super) x: Scale,
    pub(super) y: Scale,
}

impl Frame {
    pub(super) fn left(&self) -> f64 {
        self.x.px_lo
    }
    pub(super) fn right(&self) -> f64 {
        self.x.px_hi
    }
    pub(super) fn bottom(&self) -> f64 {
        self.y.px_lo
    }
    pub(super) fn top(&self) -> f64 {
        self.y.px_hi
    }
    pub(super) fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x.px(x), self.y.px(y))
    }

    /// Draws the four sides of the frame.
    pub(super) fn draw_box<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
    ) -> Result<(), FigureError> {
        let corners = [
            (self.left(), self.bottom()),
            (self.right(), self.bottom()),
            (self.right(), self.top()),
            (self.left(), self.top()),
            (self.left(), self.bottom()),
        ];
        pen.line(&corners, palette::BLACK, axis_stroke(), Dash::Solid)
    }

    /// Draws the x axis line with ticks below it and returns the y pixel just below
    /// the tick labels.
    pub(super) fn draw_x_axis<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        ticks: &Ticks,
        value_to_px: impl Fn(f64) -> f64,
    ) -> Result<f64, FigureError> {
        let y = self.bottom();
        pen.line(
            &[(self.left(), y), (self.right(), y)],
            palette::BLACK,
            axis_stroke(),
            Dash::Solid,
        )?;
        for (value, label) in ticks.values.iter().zip(&ticks.labels) {
            let x = value_to_px(*value);
            pen.line(
                &[(x, y), (x, y + TICK_PX)],
                palette::BLACK,
                axis_stroke(),
                Dash::Solid,
            )?;
            pen.text(
                label,
                Type::Small,
                palette::BLACK,
                Anchor::CENTER_TOP,
                (x, y + TICK_PX + LABEL_GAP_PX),
                false,
            )?;
        }
        Ok(y + TICK_PX + LABEL_GAP_PX + Type::Small.line_px())
    }

    /// Draws the y axis line with ticks left of it.
    pub(super) fn draw_y_axis<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        ticks: &Ticks,
    ) -> Result<(), FigureError> {
        let x = self.left();
        pen.line(
            &[(x, self.bottom()), (x, self.top())],
            palette::BLACK,
            axis_stroke(),
            Dash::Solid,
        )?;
        for (value, label) in ticks.values.iter().zip(&ticks.labels) {
            let y = self.y.px(*value);
            pen.line(
                &[(x - TICK_PX, y), (x, y)],
                palette::BLACK,
                axis_stroke(),
                Dash::Solid,
            )?;
            pen.text(
                label,
                Type::Small,
                palette::BLACK,
                Anchor::RIGHT_MIDDLE,
                (x - TICK_PX - LABEL_GAP_PX, y),
                false,
            )?;
        }
        Ok(())
    }
}

/// Width taken left of a frame by y ticks, their labels and a vertical axis title.
pub(super) fn y_axis_width(ticks: &Ticks, with_title: bool) -> Result<f64, FigureError> {
    let title = if with_title {
        Type::Axis.line_px() + LABEL_GAP_PX
    } else {
        0.0
    };
    Ok(TICK_PX + LABEL_GAP_PX + ticks.max_label_width()? + LABEL_GAP_PX + title)
}

/// Height taken below a frame by x ticks, their labels and an axis title.
pub(super) fn x_axis_height(with_title: bool) -> f64 {
    let title = if with_title {
        Type::Axis.line_px() + LABEL_GAP_PX
    } else {
        0.0
    };
    TICK_PX + LABEL_GAP_PX + Type::Small.line_px() + title
}

/// Returns `color` with its alpha replaced.
pub(super) fn with_alpha(color: RGBAColor, alpha: f64) -> RGBAColor {
    RGBAColor(color.0, color.1, color.2, alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_range() {
        let (lo, hi, ticks) = nice_ticks("test", 3.2, 47.9, 6).unwrap();
        assert_eq!((lo, hi), (0.0, 50.0));
        assert_eq!(ticks.labels, ["0", "10", "20", "30", "40", "50"]);
    }

    #[test]
    fn nice_ticks_negative_and_fractional() {
        let (lo, hi, ticks) = nice_ticks("test", -0.37, 0.12, 5).unwrap();
        assert_eq!((lo, hi), (-0.4, 0.2));
        assert_eq!(ticks.labels, ["-0.4", "-0.2", "0.0", "0.2"]);
    }

    #[test]
    fn nice_ticks_quarter_steps() {
        let (_, _, ticks) = nice_ticks("test", 0.0, 0.01, 5).unwrap();
        assert_eq!(
            ticks.labels,
            ["0.0000", "0.0025", "0.0050", "0.0075", "0.0100"]
        );
    }

    #[test]
    fn nice_ticks_large_values_scientific() {
        let (_, _, ticks) = nice_ticks("test", 0.0, 4.0e7, 5).unwrap();
        assert_eq!(ticks.labels, ["0", "1e7", "2e7", "3e7", "4e7"]);
    }

    #[test]
    fn nice_ticks_single_value() {
        let (lo, hi, _) = nice_ticks("test", 5.0, 5.0, 5).unwrap();
        assert!(lo < 5.0, "range starts at {lo}");
        assert!(hi > 5.0, "range ends at {hi}");
    }

    #[test]
    fn nice_ticks_subnormal_values() {
        let (lo, hi, ticks) = nice_ticks("test", 1e-320, 1e-320, 5).unwrap();
        assert!(lo < 1e-320, "range starts at {lo}");
        assert!(hi > 1e-320, "range ends at {hi}");
        assert!(ticks.values.len() <= 12, "{:?}", ticks.labels);
    }

    #[test]
    fn nice_ticks_overflowing_span_is_error() {
        assert!(nice_ticks("test", -1e308, 1e308, 5).is_err());
    }

    #[test]
    fn nice_ticks_overflowing_ends_is_error() {
        assert!(nice_ticks("test", 0.0, f64::MAX, 5).is_err());
    }
}
