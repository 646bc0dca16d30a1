//! ROC curves of several predictors in one square plot.

use plotters::backend::DrawingBackend;

use super::axes::{self, Frame, LABEL_GAP_PX, Scale, Ticks};
use super::canvas::{self, Anchor, Dash, Pen, Scene, Type, check_range, inches, points};
use super::palette::{self, DISTINCT_STYLES};
use super::{Figure, FigureError};
use crate::format;

const FIGURE: &str = "roc";
const UNIT: (f64, f64) = (0.0, 1.0);

/// One ROC curve with its AUC, as [`roc_figure`] draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct RocSeries {
    /// Name of the predictor or model, shown in the legend.
    pub label: String,
    /// Curve points as (1 − specificity, sensitivity), in the order to connect them.
    pub points: Vec<(f64, f64)>,
    /// Area under the curve, shown in the legend with three decimals.
    pub auc: f64,
    /// Confidence interval of the AUC (lower, upper), shown in the legend when present.
    pub ci: Option<(f64, f64)>,
    /// Point of the chosen cutoff, usually the one with maximum Youden index, as
    /// (1 − specificity, sensitivity); marked on the curve when present.
    pub cutoff: Option<(f64, f64)>,
}

/// Draws ROC curves of up to eight predictors in one square plot.
///
/// Both axes run from 0 to 1: x is 1 − specificity and y is sensitivity, the layout
/// that pROC draws with `plot(roc, legacy.axes = TRUE)` (pROC FAQ, Robin et al.). A
/// dashed diagonal marks a predictor without information. Each series has its own
/// colour from the Okabe-Ito palette, dash pattern and marker, so the first seven stay
/// distinct in grey print. A series' cutoff point, if given, carries its marker. The
/// legend below the plot reads `label: AUC 0.812 (0.731–0.893)`.
///
/// # Errors
///
/// [`FigureError::Empty`] for no series or a series without points,
/// [`FigureError::TooManySeries`] for more than eight series, and
/// [`FigureError::InvalidValue`] for a point, AUC, interval bound or cutoff that is not
/// a finite number in [0, 1], or an interval whose lower bound exceeds its upper bound.
///
/// # Example
///
/// The empirical ROC curve of controls {1, 2} and cases {2, 3} has AUC 0.75 (the tie
/// counts one half), as `pROC::auc(c(0, 0, 1, 1), c(1, 2, 2, 3))` gives.
///
/// ```
/// use repro_report::figure::{roc_figure, RocSeries};
///
/// let curve = RocSeries {
///     label: "Marker".into(),
///     points: vec![(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)],
///     auc: 0.75,
///     ci: Some((0.2, 1.0)),
///     cutoff: Some((0.0, 0.5)),
/// };
/// let figure = roc_figure("", &[curve])?;
/// assert!(figure.svg.contains("Marker: AUC 0.750 (0.200–1.000)"));
/// assert!(figure.svg.contains("1 − Specificity"));
/// # Ok::<(), repro_report::figure::FigureError>(())
/// ```
pub fn roc_figure(title: &str, series: &[RocSeries]) -> Result<Figure, FigureError> {
    validate(series)?;
    canvas::ensure_font()?;
    let layout = RocLayout::new(title, series)?;
    canvas::render(&layout)
}

fn validate(series: &[RocSeries]) -> Result<(), FigureError> {
    if series.is_empty() {
        return Err(FigureError::Empty {
            figure: FIGURE,
            what: "series".into(),
        });
    }
    if series.len() > DISTINCT_STYLES {
        return Err(FigureError::TooManySeries {
            figure: FIGURE,
            count: series.len(),
            max: DISTINCT_STYLES,
        });
    }
    let expected = "a finite number in [0, 1]";
    for (i, s) in series.iter().enumerate() {
        let name = || format!("series {i} ({:?})", s.label);
        if s.points.is_empty() {
            return Err(FigureError::Empty {
                figure: FIGURE,
                what: format!("points in {}", name()),
            });
        }
        for (j, &(fpr, tpr)) in s.points.iter().enumerate() {
            check_range(
                FIGURE,
                || format!("{} point {j} 1 − specificity", name()),
                fpr,
                UNIT,
                expected,
            )?;
            check_range(
                FIGURE,
                || format!("{} point {j} sensitivity", name()),
                tpr,
                UNIT,
                expected,
            )?;
        }
        check_range(FIGURE, || format!("{} AUC", name()), s.auc, UNIT, expected)?;
        if let Some((lower, upper)) = s.ci {
            let expected =
                "a finite number in [0, 1]; pass ci: None when the interval is undefined";
            check_range(
                FIGURE,
                || format!("{} AUC CI lower bound", name()),
                lower,
                UNIT,
                expected,
            )?;
            check_range(
                FIGURE,
                || format!("{} AUC CI upper bound", name()),
                upper,
                UNIT,
                expected,
            )?;
            if lower > upper {
                return Err(FigureError::InvalidValue {
                    figure: FIGURE,
                    field: format!(
                        "{} AUC CI lower bound (above the upper bound {upper})",
                        name()
                    ),
                    value: lower,
                    expected: "a lower bound at most the upper bound; check the order of the pair",
                });
            }
        }
        if let Some((fpr, tpr)) = s.cutoff {
            check_range(
                FIGURE,
                || format!("{} cutoff 1 − specificity", name()),
                fpr,
                UNIT,
                expected,
            )?;
            check_range(
                FIGURE,
                || format!("{} cutoff sensitivity", name()),
                tpr,
                UNIT,
                expected,
            )?;
        }
    }
    Ok(())
}

/// Legend text of one series: `label: AUC 0.812 (0.731–0.893)`.
fn legend_text(series: &RocSeries) -> String {
    let mut text = String::new();
    if !series.label.is_empty() {
        text.push_str(&series.label);
        text.push_str(": ");
    }
    text.push_str("AUC ");
    text.push_str(&format::fixed(series.auc, 3));
    if let Some((lower, upper)) = series.ci {
        text.push_str(&format!(
            " ({}–{})",
            format::fixed(lower, 3),
            format::fixed(upper, 3)
        ));
    }
    text
}

const CUTOFF_NOTE: &str = "Marker on a curve: its cutoff with the maximum Youden index";

/// Legend entries in columns: a line sample with the series' marker, then its text.
pub(super) struct Legend {
    texts: Vec<String>,
    columns: usize,
    column_width: f64,
    row_height: f64,
}

const SAMPLE_PX: f64 = 150.0;
const COLUMN_GAP_PX: f64 = 60.0;

impl Legend {
    fn new(texts: Vec<String>, available_width: f64) -> Result<Legend, FigureError> {
        let widest = canvas::max_text_width(texts.iter().map(String::as_str), Type::Small)?;
        let column_width = SAMPLE_PX + LABEL_GAP_PX + widest;
        let two_fit = 2.0 * column_width + COLUMN_GAP_PX <= available_width;
        let columns = if texts.len() > 3 && two_fit { 2 } else { 1 };
        Ok(Legend {
            texts,
            columns,
            column_width,
            row_height: Type::Small.line_px() * 1.1,
        })
    }

    fn rows(&self) -> usize {
        self.texts.len().div_ceil(self.columns)
    }

    fn width(&self) -> f64 {
        self.columns as f64 * self.column_width + (self.columns - 1) as f64 * COLUMN_GAP_PX
    }

    fn height(&self) -> f64 {
        self.rows() as f64 * self.row_height
    }
}

struct RocLayout<'a> {
    title: &'a str,
    series: &'a [RocSeries],
    size: (u32, u32),
    frame: Frame,
    ticks: Ticks,
    legend: Legend,
    legend_origin: (f64, f64),
    note_origin: Option<(f64, f64)>,
}

impl<'a> RocLayout<'a> {
    fn new(title: &'a str, series: &'a [RocSeries]) -> Result<Self, FigureError> {
        let margin = inches(0.15);
        let ticks = Ticks::unit_interval();
        let y_axis_width = axes::y_axis_width(&ticks, true)?;
        let x_axis_height = axes::x_axis_height(true);
        // The tick label "1.0" at the right end reaches half its width past the frame.
        let right_overhang = canvas::text_width("1.0", Type::Small)? / 2.0;

        let texts: Vec<String> = series.iter().map(legend_text).collect();
        let has_cutoff = series.iter().any(|s| s.cutoff.is_some());
        let mut width = inches(6.5);
        let legend = Legend::new(texts, width - 2.0 * margin)?;
        let title_width = canvas::text_width(title, Type::Title)?;
        let note_width = if has_cutoff {
            canvas::text_width(CUTOFF_NOTE, Type::Small)?
        } else {
            0.0
        };
        width = width.max(legend.width().max(title_width).max(note_width) + 2.0 * margin);

        let side = inches(3.8).min(width - 2.0 * margin - y_axis_width - right_overhang);
        let block_left = (width - (y_axis_width + side + right_overhang)) / 2.0;
        let plot_left = block_left + y_axis_width;
        let mut top = margin;
        if !title.is_empty() {
            top += Type::Title.line_px() + LABEL_GAP_PX;
        }
        // Half a tick label sticks out above the frame at y = 1.
        top += Type::Small.line_px() / 2.0;
        let frame = Frame {
            x: Scale {
                lo: 0.0,
                hi: 1.0,
                px_lo: plot_left,
                px_hi: plot_left + side,
            },
            y: Scale {
                lo: 0.0,
                hi: 1.0,
                px_lo: top + side,
                px_hi: top,
            },
        };

        let legend_top = top + side + x_axis_height + LABEL_GAP_PX * 2.0;
        let legend_origin = ((width - legend.width()) / 2.0, legend_top);
        let mut bottom = legend_top + legend.height();
        let note_origin = if has_cutoff {
            let origin = (width / 2.0, bottom + LABEL_GAP_PX);
            bottom += LABEL_GAP_PX + Type::Small.line_px();
            Some(origin)
        } else {
            None
        };
        let size = canvas::canvas_size(width, bottom + margin)?;
        Ok(RocLayout {
            title,
            series,
            size,
            frame,
            ticks,
            legend,
            legend_origin,
            note_origin,
        })
    }
}

impl Scene for RocLayout<'_> {
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

        let diagonal = [frame.px(0.0, 0.0), frame.px(1.0, 1.0)];
        pen.line(
            &diagonal,
            palette::LIGHT_GREY,
            points(0.75),
            Dash::Dashed(8.0, 10.0),
        )?;

        for (index, series) in self.series.iter().enumerate() {
            let pixels: Vec<(f64, f64)> =
                series.points.iter().map(|&(x, y)| frame.px(x, y)).collect();
            pen.line(
                &pixels,
                palette::color(index),
                points(1.25),
                palette::dash(index),
            )?;
        }
        for (index, series) in self.series.iter().enumerate() {
            if let Some((x, y)) = series.cutoff {
                palette::draw_marker(
                    pen,
                    palette::marker(index),
                    frame.px(x, y),
                    14.0,
                    palette::color(index),
                )?;
            }
        }

        frame.draw_box(pen)?;
        frame.draw_y_axis(pen, &self.ticks)?;
        let below_ticks = frame.draw_x_axis(pen, &self.ticks, |v| frame.x.px(v))?;
        let center_x = (frame.left() + frame.right()) / 2.0;
        pen.text(
            "1 − Specificity",
            Type::Axis,
            palette::BLACK,
            Anchor::CENTER_TOP,
            (center_x, below_ticks + LABEL_GAP_PX),
            false,
        )?;
        let label_x =
            frame.left() - axes::y_axis_width(&self.ticks, true)? + Type::Axis.line_px() / 2.0;
        let center_y = (frame.top() + frame.bottom()) / 2.0;
        pen.text(
            "Sensitivity",
            Type::Axis,
            palette::BLACK,
            Anchor::CENTER_MIDDLE,
            (label_x, center_y),
            true,
        )?;

        self.draw_legend(pen)?;
        if let Some(origin) = self.note_origin {
            pen.text(
                CUTOFF_NOTE,
                Type::Small,
                palette::DARK_GREY,
                Anchor::CENTER_TOP,
                origin,
                false,
            )?;
        }
        Ok(())
    }
}

impl RocLayout<'_> {
    fn draw_legend<DB: DrawingBackend>(&self, pen: &Pen<'_, DB>) -> Result<(), FigureError> {
        let legend = &self.legend;
        let rows = legend.rows();
        for (index, text) in legend.texts.iter().enumerate() {
            // Fill the first column top to bottom, then the second.
            let (column, row) = (index / rows, index % rows);
            let x = self.legend_origin.0 + column as f64 * (legend.column_width + COLUMN_GAP_PX);
            let y = self.legend_origin.1 + (row as f64 + 0.5) * legend.row_height;
            let sample = [(x, y), (x + SAMPLE_PX, y)];
            pen.line(
                &sample,
                palette::color(index),
                points(1.25),
                palette::dash(index),
            )?;
            if self.series[index].cutoff.is_some() {
                palette::draw_marker(
                    pen,
                    palette::marker(index),
                    (x + SAMPLE_PX / 2.0, y),
                    14.0,
                    palette::color(index),
                )?;
            }
            pen.text(
                text,
                Type::Small,
                palette::BLACK,
                Anchor::LEFT_MIDDLE,
                (x + SAMPLE_PX + LABEL_GAP_PX, y),
                false,
            )?;
        }
        Ok(())
    }
}
