//! Forest plot of ratios (odds ratios) with confidence intervals on a log scale.

use plotters::backend::DrawingBackend;

use super::axes::{self, Frame, LABEL_GAP_PX, Scale, TICK_PX, Ticks};
use super::canvas::{self, Anchor, Dash, Pen, Scene, Type, inches, points};
use super::palette;
use super::{Figure, FigureError};
use crate::format;

const FIGURE: &str = "forest";

/// One term of a forest plot.
#[derive(Clone, Debug, PartialEq)]
pub struct ForestRow {
    /// Term name, written left of the row.
    pub label: String,
    /// Point estimate of the ratio, such as an odds ratio.
    pub estimate: f64,
    /// Lower confidence bound; 0, a negative value, -inf or NaN are allowed.
    pub lower: f64,
    /// Upper confidence bound; inf or NaN are allowed.
    pub upper: f64,
}

/// Decades the axis may reach beyond the point estimates (and 1) to show interval
/// ends. A bound further out is clipped and marked with an arrow.
const MAX_EXTRA_DECADES: f64 = 3.0;

/// Draws a forest plot: one row per term with its point estimate and confidence
/// interval on a log-scale x axis, and a vertical reference line at a ratio of 1.
///
/// Term labels stand left of the plot and `estimate (lower–upper)` right of it. The
/// axis covers every positive finite estimate and 1, and reaches up to three decades
/// further for interval bounds. A bound beyond that, a lower bound of 0 or less, and
/// an infinite upper bound (as under complete separation) are clipped at the axis end
/// and marked with an arrowhead. A NaN bound draws no whisker on its side. An estimate
/// that is NaN, infinite or not positive cannot be placed on a log axis: its row reads
/// "not estimable". This is the layout of Lewis and Clarke (2001), "Forest plots: trying
/// to see the wood and the trees", BMJ 322:1479.
///
/// # Errors
///
/// [`FigureError::Empty`] for no rows, and [`FigureError::InvalidValue`] for a lower
/// bound above the upper bound.
///
/// # Example
///
/// ```
/// use repro_report::figure::{forest_figure, ForestRow};
///
/// let rows = [
///     ForestRow { label: "HAP".into(), estimate: 1.5, lower: 1.2, upper: 1.875 },
///     ForestRow { label: "Separated".into(), estimate: 40.0, lower: 0.0, upper: f64::INFINITY },
/// ];
/// let figure = forest_figure("", "Odds ratio (95% CI), log scale", &rows)?;
/// assert!(figure.svg.contains("1.50 (1.20–1.88)"));
/// assert!(figure.svg.contains("40.0 (0–Inf)"));
/// # Ok::<(), repro_report::figure::FigureError>(())
/// ```
pub fn forest_figure(
    title: &str,
    x_label: &str,
    rows: &[ForestRow],
) -> Result<Figure, FigureError> {
    validate(rows)?;
    canvas::ensure_font()?;
    let layout = ForestLayout::new(title, x_label, rows)?;
    canvas::render(&layout)
}

fn validate(rows: &[ForestRow]) -> Result<(), FigureError> {
    if rows.is_empty() {
        return Err(FigureError::Empty {
            figure: FIGURE,
            what: "rows".into(),
        });
    }
    for (i, row) in rows.iter().enumerate() {
        if row.lower > row.upper {
            return Err(FigureError::InvalidValue {
                figure: FIGURE,
                field: format!(
                    "row {i} ({:?}) lower bound (above the upper bound {})",
                    row.label, row.upper
                ),
                value: row.lower,
                expected: "a lower bound at most the upper bound; check the order of the bounds",
            });
        }
    }
    Ok(())
}

/// Formats a ratio as a forest plot prints it: two decimals from 0.01 to 10, three significant
/// digits up to 1e6, and scientific notation beyond.
fn ratio_text(x: f64) -> String {
    let size = x.abs();
    if !x.is_finite() || x == 0.0 {
        format::fixed(x, 0)
    } else if (0.01..10.0).contains(&size) {
        format::fixed(x, 2)
    } else if (10.0..1e6).contains(&size) {
        let decimals = (2 - size.log10().floor() as i32).max(0) as usize;
        format::fixed(x, decimals)
    } else {
        format!("{x:.2e}")
    }
}

fn interval_text(row: &ForestRow) -> String {
    format!(
        "{} ({}–{})",
        ratio_text(row.estimate),
        ratio_text(row.lower),
        ratio_text(row.upper)
    )
}

fn is_placeable(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

/// Chooses the log10 axis range and its ticks for `rows`.
fn log_axis(rows: &[ForestRow]) -> (f64, f64, Ticks) {
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for row in rows.iter().filter(|r| is_placeable(r.estimate)) {
        lo = lo.min(row.estimate.log10());
        hi = hi.max(row.estimate.log10());
    }
    let (limit_lo, limit_hi) = (lo - MAX_EXTRA_DECADES, hi + MAX_EXTRA_DECADES);
    for row in rows {
        for bound in [row.lower, row.upper] {
            if is_placeable(bound) {
                lo = lo.min(bound.log10().max(limit_lo));
                hi = hi.max(bound.log10().min(limit_hi));
            }
        }
    }

    // An axis of a single value, such as every row at 1, gets a third of a decade.
    if hi - lo < 0.3 {
        let center = (lo + hi) / 2.0;
        (lo, hi) = (center - 0.15, center + 0.15);
    }
    let decades = hi - lo;
    let mantissas: &[f64] = if decades > 2.5 {
        &[1.0]
    } else if decades > 0.7 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0, 1.5, 2.0, 3.0, 5.0, 7.0]
    };
    // Every k-th power of ten on very wide axes keeps about eight ticks.
    let stride = (decades / 8.0).ceil().max(1.0) as i64;
    let mut candidates = Vec::new();
    // Start and end on a multiple of the stride so that ticks enclose [lo, hi].
    let first = (lo.floor() as i64 - 1).div_euclid(stride) * stride;
    let last = (hi.ceil() as i64 + 1).div_euclid(stride) * stride + stride;
    for exponent in first..=last {
        if mantissas.len() == 1 && exponent.rem_euclid(stride) != 0 {
            continue;
        }
        for &m in mantissas {
            candidates.push((m.log10() + exponent as f64, tick_text(m, exponent)));
        }
    }
    let lo_tick = candidates
        .iter()
        .map(|c| c.0)
        .filter(|&c| c <= lo + 1e-9)
        .fold(f64::NEG_INFINITY, f64::max);
    let hi_tick = candidates
        .iter()
        .map(|c| c.0)
        .filter(|&c| c >= hi - 1e-9)
        .fold(f64::INFINITY, f64::min);
    // The candidates enclose [lo, hi], so both ends are finite; the fallback only
    // guards against that reasoning being wrong.
    let (lo_tick, hi_tick) = if lo_tick.is_finite() && hi_tick.is_finite() {
        (lo_tick, hi_tick)
    } else {
        (lo, hi)
    };
    let mut ticks = Ticks::default();
    for (value, label) in candidates {
        if value >= lo_tick - 1e-9 && value <= hi_tick + 1e-9 {
            ticks.values.push(value);
            ticks.labels.push(label);
        }
    }
    (lo_tick, hi_tick, ticks)
}

/// Keeps every k-th tick, with k the smallest step at which neighbouring labels on an
/// axis of `plot_width` pixels over `range` do not overlap. The tick at 1 (log 0)
/// stays when present.
fn thin_ticks(ticks: Ticks, range: (f64, f64), plot_width: f64) -> Result<Ticks, FigureError> {
    let spacing = ticks
        .values
        .windows(2)
        .map(|pair| (pair[1] - pair[0]) / (range.1 - range.0) * plot_width)
        .fold(f64::INFINITY, f64::min);
    let needed = ticks.max_label_width()? + LABEL_GAP_PX * 2.0;
    if ticks.values.len() < 2 || spacing >= needed {
        return Ok(ticks);
    }
    let step = (needed / spacing).ceil() as usize;
    let anchor = ticks
        .values
        .iter()
        .position(|&v| v.abs() < 1e-9)
        .unwrap_or(0)
        % step;
    let mut thinned = Ticks::default();
    for (i, (value, label)) in ticks.values.into_iter().zip(ticks.labels).enumerate() {
        if i % step == anchor {
            thinned.values.push(value);
            thinned.labels.push(label);
        }
    }
    Ok(thinned)
}

/// Label of the tick at `mantissa` times ten to `exponent`, written without rounding
/// noise: "0.05", "2", "1000", or "1e-5" outside 0.001 to 10000.
fn tick_text(mantissa: f64, exponent: i64) -> String {
    let digits = format!("{mantissa}");
    if !(-3..=4).contains(&exponent) {
        return format!("{digits}e{exponent}");
    }
    let value = mantissa * 10_f64.powi(exponent as i32);
    let decimals = (-exponent).max(0) as usize + usize::from(mantissa.fract() != 0.0);
    format::fixed(value, decimals)
}

struct ForestLayout<'a> {
    title: &'a str,
    x_label: &'a str,
    rows: &'a [ForestRow],
    texts: Vec<String>,
    frame: Frame,
    ticks: Ticks,
    row_height: f64,
    rows_top: f64,
    label_x: f64,
    text_x: f64,
    size: (u32, u32),
}

impl<'a> ForestLayout<'a> {
    fn new(title: &'a str, x_label: &'a str, rows: &'a [ForestRow]) -> Result<Self, FigureError> {
        let margin = inches(0.15);
        let texts: Vec<String> = rows.iter().map(interval_text).collect();
        let label_width =
            canvas::max_text_width(rows.iter().map(|r| r.label.as_str()), Type::Small)?;
        let text_width = canvas::max_text_width(texts.iter().map(String::as_str), Type::Small)?;
        let (lo, hi, ticks) = log_axis(rows);
        let tick_overhang = ticks.max_label_width()? / 2.0;
        let side = LABEL_GAP_PX * 3.0 + tick_overhang;
        let min_plot = inches(2.5);
        let title_width = canvas::text_width(title, Type::Title)?;
        let axis_title_width = canvas::text_width(x_label, Type::Axis)?;

        let fixed = 2.0 * margin + label_width + text_width + 2.0 * side;
        let width = inches(6.5)
            .max(fixed + min_plot)
            .max(title_width + 2.0 * margin);
        let plot_width = (width - fixed).max(axis_title_width);
        let width = width.max(fixed + plot_width);

        let ticks = thin_ticks(ticks, (lo, hi), plot_width)?;

        let row_height = Type::Small.line_px() * 1.5;
        let mut rows_top = margin;
        if !title.is_empty() {
            rows_top += Type::Title.line_px() + LABEL_GAP_PX;
        }
        let plot_left = margin + label_width + side;
        let plot_bottom = rows_top + row_height * (rows.len() as f64 + 0.5);
        let frame = Frame {
            x: Scale {
                lo,
                hi,
                px_lo: plot_left,
                px_hi: plot_left + plot_width,
            },
            y: Scale {
                lo: 0.0,
                hi: 1.0,
                px_lo: plot_bottom,
                px_hi: rows_top,
            },
        };
        let height = plot_bottom + axes::x_axis_height(true) + margin;
        let size = canvas::canvas_size(width, height)?;
        Ok(ForestLayout {
            title,
            x_label,
            rows,
            texts,
            frame,
            ticks,
            row_height,
            rows_top,
            label_x: margin,
            text_x: plot_left + plot_width + side,
            size,
        })
    }
}

impl Scene for ForestLayout<'_> {
    fn size_px(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, pen: &Pen<'_, DB>) -> Result<(), FigureError> {
        let frame = &self.frame;
        let width = f64::from(self.size.0);
        pen.text(
            self.title,
            Type::Title,
            palette::BLACK,
            Anchor::CENTER_TOP,
            (width / 2.0, inches(0.15)),
            false,
        )?;

        let one = frame.x.px(0.0);
        pen.line(
            &[(one, frame.top()), (one, frame.bottom())],
            palette::LIGHT_GREY,
            points(0.75),
            Dash::Dashed(14.0, 10.0),
        )?;

        for (i, (row, text)) in self.rows.iter().zip(&self.texts).enumerate() {
            let y = self.rows_top + self.row_height * (i as f64 + 0.5);
            pen.text(
                &row.label,
                Type::Small,
                palette::BLACK,
                Anchor::LEFT_MIDDLE,
                (self.label_x, y),
                false,
            )?;
            pen.text(
                text,
                Type::Small,
                palette::BLACK,
                Anchor::LEFT_MIDDLE,
                (self.text_x, y),
                false,
            )?;
            self.draw_row(pen, row, y)?;
        }

        let below_ticks = frame.draw_x_axis(pen, &self.ticks, |v| frame.x.px(v))?;
        let center = (frame.left() + frame.right()) / 2.0;
        pen.text(
            self.x_label,
            Type::Axis,
            palette::BLACK,
            Anchor::CENTER_TOP,
            (center, below_ticks + LABEL_GAP_PX),
            false,
        )?;
        Ok(())
    }
}

/// Drawing of one end of a whisker.
enum End {
    /// Inside the axis: a short cap at this pixel.
    Cap(f64),
    /// Beyond the axis: an arrowhead at the axis end, at this pixel.
    Clipped(f64),
    /// NaN: no whisker on this side.
    Missing,
}

impl ForestLayout<'_> {
    fn end(&self, bound: f64, clip_px: f64, is_lower: bool) -> End {
        if bound.is_nan() {
            return End::Missing;
        }
        if bound <= 0.0 {
            return if is_lower {
                End::Clipped(clip_px)
            } else {
                End::Missing
            };
        }
        let log = bound.log10();
        let beyond = if is_lower {
            log < self.frame.x.lo
        } else {
            log > self.frame.x.hi
        };
        if beyond {
            End::Clipped(clip_px)
        } else {
            End::Cap(self.frame.x.px(log))
        }
    }

    fn draw_row<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        row: &ForestRow,
        y: f64,
    ) -> Result<(), FigureError> {
        let frame = &self.frame;
        if !is_placeable(row.estimate) {
            let center = (frame.left() + frame.right()) / 2.0;
            return pen.text(
                "not estimable",
                Type::Small,
                palette::DARK_GREY,
                Anchor::CENTER_MIDDLE,
                (center, y),
                false,
            );
        }
        let estimate = frame.x.px(row.estimate.log10());
        let lower = self.end(row.lower, frame.left(), true);
        let upper = self.end(row.upper, frame.right(), false);
        let stroke = points(1.0);
        let cap = TICK_PX;
        for (end, direction) in [(&lower, -1.0), (&upper, 1.0)] {
            match *end {
                End::Missing => {}
                End::Cap(x) => {
                    pen.line(
                        &[(estimate, y), (x, y)],
                        palette::BLACK,
                        stroke,
                        Dash::Solid,
                    )?;
                    pen.line(
                        &[(x, y - cap), (x, y + cap)],
                        palette::BLACK,
                        stroke,
                        Dash::Solid,
                    )?;
                }
                End::Clipped(x) => {
                    let head = 22.0;
                    pen.line(
                        &[(estimate, y), (x - direction * head, y)],
                        palette::BLACK,
                        stroke,
                        Dash::Solid,
                    )?;
                    let arrow = [
                        (x, y),
                        (x - direction * head, y - head * 0.55),
                        (x - direction * head, y + head * 0.55),
                    ];
                    pen.polygon(&arrow, palette::BLACK)?;
                }
            }
        }
        let half = 14.0;
        let square = [
            (estimate - half, y - half),
            (estimate + half, y - half),
            (estimate + half, y + half),
            (estimate - half, y + half),
        ];
        pen.polygon(&square, palette::BLACK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_text_ranges() {
        assert_eq!(ratio_text(1.234), "1.23");
        assert_eq!(ratio_text(12.34), "12.3");
        assert_eq!(ratio_text(123.4), "123");
        assert_eq!(ratio_text(0.0), "0");
        assert_eq!(ratio_text(f64::INFINITY), "Inf");
        assert_eq!(ratio_text(f64::NAN), "NA");
        assert_eq!(ratio_text(0.00123), "1.23e-3");
    }

    #[test]
    fn tick_text_without_noise() {
        assert_eq!(tick_text(1.0, -1), "0.1");
        assert_eq!(tick_text(5.0, -2), "0.05");
        assert_eq!(tick_text(1.5, 0), "1.5");
        assert_eq!(tick_text(2.0, 3), "2000");
        assert_eq!(tick_text(1.0, -5), "1e-5");
    }

    #[test]
    fn log_axis_includes_one_and_estimates() {
        let rows = [ForestRow {
            label: "a".into(),
            estimate: 3.0,
            lower: 1.5,
            upper: 6.0,
        }];
        let (lo, hi, ticks) = log_axis(&rows);
        assert!(lo <= 0.0, "range starts at {lo}");
        assert!(hi >= 6_f64.log10(), "range ends at {hi}");
        assert!(
            ticks.labels.contains(&"1".to_string()),
            "{:?}",
            ticks.labels
        );
    }

    #[test]
    fn log_axis_limits_far_bounds() {
        let rows = [ForestRow {
            label: "a".into(),
            estimate: 2.0,
            lower: 1e-30,
            upper: 1e30,
        }];
        let (lo, hi, _) = log_axis(&rows);
        assert!(lo >= -4.0, "range starts at {lo}");
        assert!(hi <= 5.0, "range ends at {hi}");
    }

    #[test]
    fn log_axis_single_value_has_span() {
        let rows = [ForestRow {
            label: "a".into(),
            estimate: 1.0,
            lower: 1.0,
            upper: 1.0,
        }];
        let (lo, hi, ticks) = log_axis(&rows);
        assert!(hi - lo >= 0.3, "range {lo}..{hi}");
        assert!(ticks.values.len() >= 3, "{:?}", ticks.labels);
    }

    #[test]
    fn log_axis_hundreds_of_decades() {
        let rows = [
            ForestRow {
                label: "a".into(),
                estimate: 1e-300,
                lower: 1e-301,
                upper: 1e-299,
            },
            ForestRow {
                label: "b".into(),
                estimate: 1e12,
                lower: 0.0,
                upper: f64::INFINITY,
            },
        ];
        let (lo, hi, ticks) = log_axis(&rows);
        assert!(lo <= -300.0, "range starts at {lo}");
        assert!(hi >= 12.0, "range ends at {hi}");
        assert!((2..=12).contains(&ticks.values.len()), "{:?}", ticks.labels);
    }
}
