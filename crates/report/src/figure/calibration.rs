//! Calibration plot: observed proportion against mean predicted risk per group.

use plotters::backend::DrawingBackend;

use super::axes::{self, Frame, LABEL_GAP_PX, Scale, Ticks};
use super::canvas::{self, Anchor, Dash, Pen, Scene, Type, check_range, inches, points};
use super::palette;
use super::{Figure, FigureError};

const FIGURE: &str = "calibration";

/// One risk group of a calibration plot, such as a decile of predicted risk.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CalibrationGroup {
    /// Mean predicted probability in the group, in [0, 1].
    pub predicted: f64,
    /// Observed proportion of events in the group, in [0, 1].
    pub observed: f64,
    /// Number of subjects in the group, at least 1.
    pub n: usize,
}

const X_TITLE: &str = "Mean predicted probability";
const Y_TITLE: &str = "Observed proportion";

/// Largest point radius, in pixels, given to the largest group.
const MAX_RADIUS_PX: f64 = 34.0;
/// Smallest point radius, in pixels, so that a small group stays visible.
const MIN_RADIUS_PX: f64 = 7.0;

/// Draws a calibration plot: the observed event proportion against the mean
/// predicted probability of each risk group, with the diagonal of perfect calibration.
///
/// Both axes run from 0 to 1 on a square plot. Point area is proportional to the
/// group's n, and points are joined in order of predicted risk. The groups are those of
/// the Hosmer-Lemeshow goodness-of-fit test: subjects sorted by predicted probability
/// and split into about ten groups (Hosmer and Lemeshow, 2000, as SAS documents for
/// PROC HPLOGISTIC). `note`, such as the test result, is printed under the plot above a
/// key to the point sizes. An empty note is left out.
///
/// # Errors
///
/// [`FigureError::Empty`] for no groups, and [`FigureError::InvalidValue`] for a
/// predicted or observed value that is not a finite number in [0, 1], or a group with
/// n = 0.
///
/// # Example
///
/// ```
/// use repro_report::figure::{calibration_figure, CalibrationGroup};
///
/// let groups = [
///     CalibrationGroup { predicted: 0.2, observed: 0.25, n: 8 },
///     CalibrationGroup { predicted: 0.7, observed: 0.625, n: 8 },
/// ];
/// let figure = calibration_figure("", &groups, "Hosmer-Lemeshow χ² = 0.36, df 1, P = 0.55")?;
/// assert!(figure.svg.contains("Hosmer-Lemeshow χ² = 0.36"));
/// # Ok::<(), repro_report::figure::FigureError>(())
/// ```
pub fn calibration_figure(
    title: &str,
    groups: &[CalibrationGroup],
    note: &str,
) -> Result<Figure, FigureError> {
    validate(groups)?;
    canvas::ensure_font()?;
    let layout = CalibrationLayout::new(title, groups, note)?;
    canvas::render(&layout)
}

fn validate(groups: &[CalibrationGroup]) -> Result<(), FigureError> {
    if groups.is_empty() {
        return Err(FigureError::Empty {
            figure: FIGURE,
            what: "groups".into(),
        });
    }
    let expected = "a finite number in [0, 1]";
    for (i, group) in groups.iter().enumerate() {
        check_range(
            FIGURE,
            || format!("group {i} predicted probability"),
            group.predicted,
            (0.0, 1.0),
            expected,
        )?;
        check_range(
            FIGURE,
            || format!("group {i} observed proportion"),
            group.observed,
            (0.0, 1.0),
            expected,
        )?;
        if group.n == 0 {
            return Err(FigureError::InvalidValue {
                figure: FIGURE,
                field: format!("group {i} n"),
                value: 0.0,
                expected: "a group size of at least 1; leave empty groups out",
            });
        }
    }
    Ok(())
}

/// Key to the point sizes, such as "Point area proportional to n (n = 8 to 10)".
fn size_key(groups: &[CalibrationGroup]) -> String {
    let smallest = groups.iter().map(|g| g.n).min().unwrap_or(0);
    let largest = groups.iter().map(|g| g.n).max().unwrap_or(0);
    if smallest == largest {
        format!("Each point is a group of n = {largest}")
    } else {
        format!("Point area proportional to group size (n = {smallest} to {largest})")
    }
}

struct CalibrationLayout<'a> {
    title: &'a str,
    groups: &'a [CalibrationGroup],
    lines: Vec<String>,
    frame: Frame,
    ticks: Ticks,
    notes_top: f64,
    size: (u32, u32),
}

impl<'a> CalibrationLayout<'a> {
    fn new(
        title: &'a str,
        groups: &'a [CalibrationGroup],
        note: &str,
    ) -> Result<Self, FigureError> {
        let margin = inches(0.15);
        let ticks = Ticks::unit_interval();
        let y_axis_width = axes::y_axis_width(&ticks, true)?;
        let right_overhang = canvas::text_width("1.0", Type::Small)? / 2.0 + MAX_RADIUS_PX;
        let mut lines = Vec::new();
        if !note.is_empty() {
            lines.push(note.to_string());
        }
        lines.push(size_key(groups));
        let lines_width = canvas::max_text_width(lines.iter().map(String::as_str), Type::Small)?;
        let title_width = canvas::text_width(title, Type::Title)?;
        let width = inches(6.5).max(lines_width.max(title_width) + 2.0 * margin);

        let side = inches(3.8).min(width - 2.0 * margin - y_axis_width - right_overhang);
        let plot_left = (width - (y_axis_width + side + right_overhang)) / 2.0 + y_axis_width;
        let mut top = margin;
        if !title.is_empty() {
            top += Type::Title.line_px() + LABEL_GAP_PX;
        }
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
        let notes_top = top + side + axes::x_axis_height(true) + LABEL_GAP_PX;
        let height = notes_top + lines.len() as f64 * Type::Small.line_px() + margin;
        let size = canvas::canvas_size(width, height)?;
        Ok(CalibrationLayout {
            title,
            groups,
            lines,
            frame,
            ticks,
            notes_top,
            size,
        })
    }
}

impl Scene for CalibrationLayout<'_> {
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
            points(1.0),
            Dash::Dashed(14.0, 10.0),
        )?;

        let mut ordered: Vec<&CalibrationGroup> = self.groups.iter().collect();
        ordered.sort_by(|a, b| a.predicted.total_cmp(&b.predicted));
        let path: Vec<(f64, f64)> = ordered
            .iter()
            .map(|g| frame.px(g.predicted, g.observed))
            .collect();
        let color = palette::color(0);
        pen.line(&path, color, points(0.75), Dash::Solid)?;
        let largest = self.groups.iter().map(|g| g.n).max().unwrap_or(1) as f64;
        for group in ordered {
            let radius = (MAX_RADIUS_PX * (group.n as f64 / largest).sqrt()).max(MIN_RADIUS_PX);
            let center = frame.px(group.predicted, group.observed);
            pen.circle(center, radius, axes::with_alpha(color, 0.55), None)?;
            pen.circle(center, radius, color, Some(points(0.5)))?;
        }

        frame.draw_box(pen)?;
        frame.draw_y_axis(pen, &self.ticks)?;
        let below_ticks = frame.draw_x_axis(pen, &self.ticks, |v| frame.x.px(v))?;
        let center_x = (frame.left() + frame.right()) / 2.0;
        pen.text(
            X_TITLE,
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
            Y_TITLE,
            Type::Axis,
            palette::BLACK,
            Anchor::CENTER_MIDDLE,
            (label_x, center_y),
            true,
        )?;

        for (i, line) in self.lines.iter().enumerate() {
            let y = self.notes_top + i as f64 * Type::Small.line_px();
            pen.text(
                line,
                Type::Small,
                palette::DARK_GREY,
                Anchor::CENTER_TOP,
                (width / 2.0, y),
                false,
            )?;
        }
        Ok(())
    }
}
