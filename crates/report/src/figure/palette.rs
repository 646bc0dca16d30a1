//! Colours, dash patterns and marker shapes that stay distinct in colour, in grey
//! print and for colour-blind readers.

use plotters::backend::DrawingBackend;
use plotters::style::RGBAColor;

use super::FigureError;
use super::canvas::{Dash, Pen};

pub(super) const BLACK: RGBAColor = RGBAColor(0, 0, 0, 1.0);
pub(super) const WHITE: RGBAColor = RGBAColor(255, 255, 255, 1.0);
pub(super) const LIGHT_GREY: RGBAColor = RGBAColor(170, 170, 170, 1.0);
pub(super) const DARK_GREY: RGBAColor = RGBAColor(80, 80, 80, 1.0);

/// The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2002, revised 2008)
/// without its yellow, which is too light on white. Black comes seventh, so that in a
/// figure of six predictors and one model the model is black.
const COLORS: [RGBAColor; 8] = [
    RGBAColor(0, 114, 178, 1.0),   // blue
    RGBAColor(213, 94, 0, 1.0),    // vermillion
    RGBAColor(0, 158, 115, 1.0),   // bluish green
    RGBAColor(204, 121, 167, 1.0), // reddish purple
    RGBAColor(230, 159, 0, 1.0),   // orange
    RGBAColor(86, 180, 233, 1.0),  // sky blue
    RGBAColor(0, 0, 0, 1.0),       // black
    RGBAColor(120, 120, 120, 1.0), // grey
];

/// Number of series that get a distinct colour, dash pattern and marker.
pub(super) const DISTINCT_STYLES: usize = COLORS.len();

/// Colour of series `index`; it repeats after [`DISTINCT_STYLES`] series.
pub(super) fn color(index: usize) -> RGBAColor {
    COLORS[index % COLORS.len()]
}

/// Dash pattern of series `index`, in pixels; it repeats after five series.
pub(super) fn dash(index: usize) -> Dash {
    const DASHES: [Dash; 5] = [
        Dash::Solid,
        Dash::Dashed(36.0, 16.0),
        Dash::Dashed(10.0, 12.0),
        Dash::Dashed(60.0, 14.0),
        Dash::Dashed(20.0, 20.0),
    ];
    DASHES[index % DASHES.len()]
}

/// Marker shapes for series, in order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Cross,
    Plus,
    Star,
}

/// Marker of series `index`; it repeats after eight series.
pub(super) fn marker(index: usize) -> Marker {
    const MARKERS: [Marker; 8] = [
        Marker::Circle,
        Marker::Square,
        Marker::TriangleUp,
        Marker::Diamond,
        Marker::TriangleDown,
        Marker::Cross,
        Marker::Plus,
        Marker::Star,
    ];
    MARKERS[index % MARKERS.len()]
}

/// Draws `marker` centred on `center` with half-width `size` pixels, filled with
/// `color` and outlined in white so that it remains visible on top of lines.
pub(super) fn draw_marker<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    marker: Marker,
    center: (f64, f64),
    size: f64,
    color: RGBAColor,
) -> Result<(), FigureError> {
    let (x, y) = center;
    let s = size;
    let outline = s * 0.3;
    match marker {
        Marker::Circle => {
            pen.circle(center, s + outline, WHITE, None)?;
            pen.circle(center, s, color, None)
        }
        Marker::Square => {
            outlined_polygon(pen, &regular(center, s * 1.25, 4, 45.0), color, outline)
        }
        Marker::TriangleUp => outlined_polygon(
            pen,
            &regular((x, y + s * 0.2), s * 1.35, 3, 90.0),
            color,
            outline,
        ),
        Marker::TriangleDown => outlined_polygon(
            pen,
            &regular((x, y - s * 0.2), s * 1.35, 3, 270.0),
            color,
            outline,
        ),
        Marker::Diamond => {
            outlined_polygon(pen, &regular(center, s * 1.3, 4, 90.0), color, outline)
        }
        Marker::Star => outlined_polygon(pen, &star(center, s * 1.45), color, outline),
        Marker::Cross | Marker::Plus => {
            let turn = if marker == Marker::Cross { 45.0 } else { 0.0 };
            let arms = [(turn, turn + 180.0), (turn + 90.0, turn + 270.0)];
            let reach = s * 1.25;
            for (a, b) in arms {
                let ends = [polar(center, reach, a), polar(center, reach, b)];
                pen.line(&ends, WHITE, s * 0.55 + 2.0 * outline, Dash::Solid)?;
            }
            for (a, b) in arms {
                let ends = [polar(center, reach, a), polar(center, reach, b)];
                pen.line(&ends, color, s * 0.55, Dash::Solid)?;
            }
            Ok(())
        }
    }
}

fn outlined_polygon<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    corners: &[(f64, f64)],
    color: RGBAColor,
    outline: f64,
) -> Result<(), FigureError> {
    let mut closed = corners.to_vec();
    if let Some(&first) = corners.first() {
        closed.push(first);
    }
    pen.line(&closed, WHITE, 2.0 * outline, super::canvas::Dash::Solid)?;
    pen.polygon(corners, color)
}

/// Returns the point at `radius` and `degrees` (counter-clockwise from east) from
/// `center`, in pixel coordinates where y grows downwards.
fn polar(center: (f64, f64), radius: f64, degrees: f64) -> (f64, f64) {
    let angle = degrees.to_radians();
    (
        center.0 + radius * angle.cos(),
        center.1 - radius * angle.sin(),
    )
}

fn regular(center: (f64, f64), radius: f64, corners: usize, first_degrees: f64) -> Vec<(f64, f64)> {
    (0..corners)
        .map(|i| {
            polar(
                center,
                radius,
                first_degrees + 360.0 * i as f64 / corners as f64,
            )
        })
        .collect()
}

fn star(center: (f64, f64), radius: f64) -> Vec<(f64, f64)> {
    (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { radius } else { radius * 0.45 };
            polar(center, r, 90.0 + 36.0 * f64::from(i))
        })
        .collect()
}
