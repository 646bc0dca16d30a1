//! Paired before/after values: one panel per parameter, groups side by side.

use plotters::backend::DrawingBackend;

use super::axes::{self, Frame, LABEL_GAP_PX, Scale, TICK_PX, Ticks};
use super::canvas::{self, Anchor, Dash, Pen, Scene, Type, inches, points};
use super::palette;
use super::{Figure, FigureError};

const FIGURE: &str = "paired";

/// One parameter's panel, as [`paired_figure`] draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedPanel {
    /// Parameter name with its unit, such as "HAP (ml/min/100 ml)"; it labels the y axis.
    pub title: String,
    /// Groups drawn side by side in the panel, in this order.
    pub groups: Vec<PairedGroup>,
}

/// The patients of one group within a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedGroup {
    /// Group name shown under its pair of ticks, such as "CR/PR".
    pub name: String,
    /// One (before, after) pair per patient; NaN marks a missing value.
    pub pairs: Vec<(f64, f64)>,
}

/// Horizontal distance between the before and after positions, in x units; groups
/// are one unit apart as well.
const GROUP_STEP: f64 = 2.0;
/// Space left of the first and right of the last tick, in x units.
const SIDE_PAD: f64 = 0.5;

/// Draws paired before/after values as one panel per parameter in a grid.
///
/// Within a panel each group takes a pair of x positions, before on the left and after
/// on the right. A thin grey line joins each patient's two values and a thick line in
/// the group's colour joins the group means. Showing every patient rather than only a
/// summary follows Weissgerber et al. (2015, PLoS Biology 13:e1002128) for small
/// samples. Each panel's y axis covers its own data, and the panel title above it
/// labels it. Under the ticks each group is named, with its number of complete pairs
/// (`n = 48`) on a second line.
///
/// Pairs with a NaN value are missing data: they are left out of the lines, the means
/// and n. The grid has up to three columns and uses fewer, or vertical tick labels,
/// when labels would not fit side by side.
///
/// # Errors
///
/// [`FigureError::Empty`] for no panels, a panel without groups, or a panel without
/// any complete pair; [`FigureError::InvalidValue`] for an infinite value.
///
/// # Example
///
/// Means of the pairs (1, 2) and (3, 6) are 2 before and 4 after.
///
/// ```
/// use repro_report::figure::{paired_figure, PairedGroup, PairedPanel};
///
/// let panel = PairedPanel {
///     title: "HAP (ml/min/100 ml)".into(),
///     groups: vec![PairedGroup { name: "All".into(), pairs: vec![(1.0, 2.0), (3.0, 6.0), (f64::NAN, 1.0)] }],
/// };
/// let figure = paired_figure("", "Before", "After", &[panel])?;
/// assert!(figure.svg.contains("\nn = 2\n"));
/// assert!(figure.svg.contains("HAP (ml/min/100 ml)"));
/// # Ok::<(), repro_report::figure::FigureError>(())
/// ```
pub fn paired_figure(
    title: &str,
    before_label: &str,
    after_label: &str,
    panels: &[PairedPanel],
) -> Result<Figure, FigureError> {
    let summaries = summarise(panels)?;
    canvas::ensure_font()?;
    let layout = PairedLayout::new(title, [before_label, after_label], panels, summaries)?;
    canvas::render(&layout)
}

/// Complete pairs, means and y range of one panel.
struct PanelSummary {
    groups: Vec<GroupSummary>,
    y_lo: f64,
    y_hi: f64,
    ticks: Ticks,
}

struct GroupSummary {
    complete: Vec<(f64, f64)>,
    /// (mean before, mean after) of the complete pairs; None without any.
    means: Option<(f64, f64)>,
    /// Group name and number of complete pairs, on two lines under the ticks.
    label: [String; 2],
}

fn summarise(panels: &[PairedPanel]) -> Result<Vec<PanelSummary>, FigureError> {
    if panels.is_empty() {
        return Err(FigureError::Empty {
            figure: FIGURE,
            what: "panels".into(),
        });
    }
    let mut summaries = Vec::with_capacity(panels.len());
    for (p, panel) in panels.iter().enumerate() {
        if panel.groups.is_empty() {
            return Err(FigureError::Empty {
                figure: FIGURE,
                what: format!("groups in panel {p} ({:?})", panel.title),
            });
        }
        let mut groups = Vec::with_capacity(panel.groups.len());
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (g, group) in panel.groups.iter().enumerate() {
            for (i, &(before, after)) in group.pairs.iter().enumerate() {
                for (value, which) in [(before, "before"), (after, "after")] {
                    if value.is_infinite() {
                        return Err(FigureError::InvalidValue {
                            figure: FIGURE,
                            field: format!(
                                "panel {p} ({:?}) group {g} ({:?}) pair {i} {which} value",
                                panel.title, group.name
                            ),
                            value,
                            expected: "a finite number, or NaN for a missing value",
                        });
                    }
                }
            }
            let complete: Vec<(f64, f64)> = group
                .pairs
                .iter()
                .copied()
                .filter(|(b, a)| !b.is_nan() && !a.is_nan())
                .collect();
            for &(before, after) in &complete {
                lo = lo.min(before).min(after);
                hi = hi.max(before).max(after);
            }
            let means = (!complete.is_empty()).then(|| {
                let n = complete.len() as f64;
                let before = complete.iter().map(|p| p.0).sum::<f64>() / n;
                let after = complete.iter().map(|p| p.1).sum::<f64>() / n;
                (before, after)
            });
            let label = [group.name.clone(), format!("n = {}", complete.len())];
            groups.push(GroupSummary {
                complete,
                means,
                label,
            });
        }
        if lo > hi {
            return Err(FigureError::Empty {
                figure: FIGURE,
                what: format!(
                    "pair with both values present in panel {p} ({:?})",
                    panel.title
                ),
            });
        }
        let (y_lo, y_hi, ticks) = axes::nice_ticks(FIGURE, lo, hi, 5)?;
        summaries.push(PanelSummary {
            groups,
            y_lo,
            y_hi,
            ticks,
        });
    }
    Ok(summaries)
}

const NOTE: &str = "Thin grey lines: patients; thick lines: group means";

struct PanelLayout {
    frame: Frame,
    caption_origin: (f64, f64),
}

struct PairedLayout<'a> {
    title: &'a str,
    inputs: &'a [PairedPanel],
    labels: [&'a str; 2],
    summaries: Vec<PanelSummary>,
    panels: Vec<PanelLayout>,
    vertical_ticks: bool,
    size: (u32, u32),
}

/// Column count and tick-label orientation of one candidate grid.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Grid {
    columns: usize,
    vertical_ticks: bool,
}

impl<'a> PairedLayout<'a> {
    fn new(
        title: &'a str,
        labels: [&'a str; 2],
        panels: &'a [PairedPanel],
        summaries: Vec<PanelSummary>,
    ) -> Result<Self, FigureError> {
        let margin = inches(0.15);
        let column_gap = inches(0.25);
        let row_gap = inches(0.2);
        let plot_height = inches(1.6);

        let tick_label_width = canvas::max_text_width(labels, Type::Small)?;
        let group_label_width = canvas::max_text_width(
            summaries.iter().flat_map(|s| {
                s.groups
                    .iter()
                    .flat_map(|g| g.label.iter().map(String::as_str))
            }),
            Type::Small,
        )?;
        let caption_width =
            canvas::max_text_width(panels.iter().map(|p| p.title.as_str()), Type::Axis)?;
        let max_groups = panels.iter().map(|p| p.groups.len()).max().unwrap_or(1);
        let mut y_axis_width = 0.0_f64;
        for summary in &summaries {
            y_axis_width = y_axis_width.max(axes::y_axis_width(&summary.ticks, false)?);
        }
        let units = x_units(max_groups);

        // Width of a panel in which every label fits, for a given tick orientation.
        let needed_panel_width = |vertical: bool| {
            let unit_for_ticks = if vertical {
                0.0
            } else {
                tick_label_width + LABEL_GAP_PX
            };
            let unit_for_groups = (group_label_width + LABEL_GAP_PX) / GROUP_STEP;
            let unit = unit_for_ticks.max(unit_for_groups).max(inches(0.2));
            (y_axis_width + units * unit).max(caption_width)
        };

        let mut width = inches(6.5);
        let inner = |width: f64, columns: usize| {
            (width - 2.0 * margin - (columns - 1) as f64 * column_gap) / columns as f64
        };
        let mut candidates = [
            (3, false),
            (2, false),
            (3, true),
            (2, true),
            (1, false),
            (1, true),
        ]
        .into_iter()
        .map(|(columns, vertical_ticks)| Grid {
            columns: columns.min(panels.len()),
            vertical_ticks,
        });
        let grid = candidates
            .find(|grid| needed_panel_width(grid.vertical_ticks) <= inner(width, grid.columns))
            .unwrap_or(Grid {
                columns: 1,
                vertical_ticks: true,
            });
        width = width.max(needed_panel_width(grid.vertical_ticks) + 2.0 * margin);
        let panel_width = inner(width, grid.columns);

        let x_axis_height = TICK_PX
            + LABEL_GAP_PX
            + if grid.vertical_ticks {
                tick_label_width
            } else {
                Type::Small.line_px()
            }
            + LABEL_GAP_PX * 2.0
            + Type::Small.line_px() * 2.0;
        let caption_height = Type::Axis.line_px() + LABEL_GAP_PX;
        // Half of the top tick label reaches above the frame.
        let panel_height =
            caption_height + Type::Small.line_px() / 2.0 + plot_height + x_axis_height;

        let mut top = margin;
        if !title.is_empty() {
            top += Type::Title.line_px();
        }
        top += Type::Small.line_px() + LABEL_GAP_PX;

        let mut layouts = Vec::with_capacity(panels.len());
        for (index, summary) in summaries.iter().enumerate() {
            let (row, column) = (index / grid.columns, index % grid.columns);
            let left = margin + column as f64 * (panel_width + column_gap);
            let panel_top = top + row as f64 * (panel_height + row_gap);
            let plot_left = left + y_axis_width;
            let plot_top = panel_top + caption_height + Type::Small.line_px() / 2.0;
            let frame = Frame {
                x: Scale {
                    lo: -SIDE_PAD,
                    hi: units_span(max_groups),
                    px_lo: plot_left,
                    px_hi: left + panel_width,
                },
                y: Scale {
                    lo: summary.y_lo,
                    hi: summary.y_hi,
                    px_lo: plot_top + plot_height,
                    px_hi: plot_top,
                },
            };
            layouts.push(PanelLayout {
                frame,
                caption_origin: (left, panel_top),
            });
        }
        let rows = panels.len().div_ceil(grid.columns);
        let height = top + rows as f64 * panel_height + (rows - 1) as f64 * row_gap + margin;
        let size = canvas::canvas_size(width, height)?;
        Ok(PairedLayout {
            title,
            inputs: panels,
            labels,
            summaries,
            panels: layouts,
            vertical_ticks: grid.vertical_ticks,
            size,
        })
    }
}

/// Width of the x axis in units for `groups` groups, side pads included.
fn x_units(groups: usize) -> f64 {
    units_span(groups) + SIDE_PAD
}

/// Right end of the x axis: last after position plus the side pad.
fn units_span(groups: usize) -> f64 {
    GROUP_STEP * (groups.max(1) - 1) as f64 + 1.0 + SIDE_PAD
}

impl Scene for PairedLayout<'_> {
    fn size_px(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, pen: &Pen<'_, DB>) -> Result<(), FigureError> {
        let width = f64::from(self.size.0);
        let mut y = inches(0.15);
        if !self.title.is_empty() {
            pen.text(
                self.title,
                Type::Title,
                palette::BLACK,
                Anchor::CENTER_TOP,
                (width / 2.0, y),
                false,
            )?;
            y += Type::Title.line_px();
        }
        pen.text(
            NOTE,
            Type::Small,
            palette::DARK_GREY,
            Anchor::CENTER_TOP,
            (width / 2.0, y),
            false,
        )?;
        for ((summary, layout), input) in self.summaries.iter().zip(&self.panels).zip(self.inputs) {
            self.draw_panel(pen, summary, layout, &input.title)?;
        }
        Ok(())
    }
}

impl PairedLayout<'_> {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        summary: &PanelSummary,
        layout: &PanelLayout,
        caption: &str,
    ) -> Result<(), FigureError> {
        let frame = &layout.frame;
        pen.text(
            caption,
            Type::Axis,
            palette::BLACK,
            Anchor::LEFT_TOP,
            layout.caption_origin,
            false,
        )?;

        for (g, group) in summary.groups.iter().enumerate() {
            let x_before = GROUP_STEP * g as f64;
            let x_after = x_before + 1.0;
            for &(before, after) in &group.complete {
                let line = [frame.px(x_before, before), frame.px(x_after, after)];
                pen.line(&line, PATIENT_GREY, points(0.5), Dash::Solid)?;
            }
        }
        for (g, group) in summary.groups.iter().enumerate() {
            if let Some((before, after)) = group.means {
                let x_before = GROUP_STEP * g as f64;
                let ends = [frame.px(x_before, before), frame.px(x_before + 1.0, after)];
                pen.line(&ends, palette::color(g), points(2.5), Dash::Solid)?;
                for end in ends {
                    pen.circle(end, points(2.5), palette::color(g), None)?;
                }
            }
        }

        frame.draw_y_axis(pen, &summary.ticks)?;
        let ticks = self.x_ticks(summary.groups.len());
        let below_ticks = if self.vertical_ticks {
            self.draw_vertical_x_axis(pen, frame, &ticks)?
        } else {
            frame.draw_x_axis(pen, &ticks, |v| frame.x.px(v))?
        };
        for (g, group) in summary.groups.iter().enumerate() {
            let center = frame.x.px(GROUP_STEP * g as f64 + 0.5);
            for (line, text) in group.label.iter().enumerate() {
                let y = below_ticks + LABEL_GAP_PX + line as f64 * Type::Small.line_px();
                pen.text(
                    text,
                    Type::Small,
                    palette::BLACK,
                    Anchor::CENTER_TOP,
                    (center, y),
                    false,
                )?;
            }
        }
        Ok(())
    }

    /// Ticks at the before and after positions of each of `groups` groups.
    fn x_ticks(&self, groups: usize) -> Ticks {
        let mut ticks = Ticks::default();
        for g in 0..groups {
            for (offset, label) in [0.0, 1.0].into_iter().zip(self.labels) {
                ticks.values.push(GROUP_STEP * g as f64 + offset);
                ticks.labels.push(label.to_string());
            }
        }
        ticks
    }

    /// Draws the x axis with tick labels reading bottom to top; returns the y pixel
    /// below the longest label.
    fn draw_vertical_x_axis<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        frame: &Frame,
        ticks: &Ticks,
    ) -> Result<f64, FigureError> {
        let y = frame.bottom();
        pen.line(
            &[(frame.left(), y), (frame.right(), y)],
            palette::BLACK,
            axes::axis_stroke(),
            Dash::Solid,
        )?;
        for (value, label) in ticks.values.iter().zip(&ticks.labels) {
            let x = frame.x.px(*value);
            pen.line(
                &[(x, y), (x, y + TICK_PX)],
                palette::BLACK,
                axes::axis_stroke(),
                Dash::Solid,
            )?;
            // Rotated text anchored at its right end, which after the turn is its top.
            let anchor = Anchor {
                h: plotters::style::text_anchor::HPos::Right,
                v: plotters::style::text_anchor::VPos::Center,
            };
            pen.text(
                label,
                Type::Small,
                palette::BLACK,
                anchor,
                (x, y + TICK_PX + LABEL_GAP_PX),
                true,
            )?;
        }
        let longest = canvas::max_text_width(self.labels, Type::Small)?;
        // Rotated glyphs reach a little past the measured width.
        Ok(y + TICK_PX + LABEL_GAP_PX * 2.0 + longest)
    }
}

const PATIENT_GREY: plotters::style::RGBAColor = plotters::style::RGBAColor(150, 150, 150, 1.0);
