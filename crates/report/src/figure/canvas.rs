//! The drawing surface shared by every figure: the embedded font, print sizes at
//! 300 dpi, a small pen over plotters' drawing area, and the SVG and PNG encoders.

use std::sync::OnceLock;

use plotters::backend::{BitMapBackend, DrawingBackend, SVGBackend};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, ShapeStyle, TextStyle,
};

use super::{Figure, FigureError};

/// Resolution of every PNG, in pixels per inch; SVG user units use the same grid.
pub(super) const DPI: f64 = 300.0;

/// The PNG `pHYs` value for 300 dpi: 300 / 0.0254 = 11811.02 pixels per metre.
const PIXELS_PER_METRE: u32 = 11_811;

/// Maximum width or height of a figure, in pixels (20 in at 300 dpi). Only an absurdly
/// long label or title needs more.
const MAX_SIDE_PX: u32 = 6_000;

/// Font family name under which the embedded font is registered. plotters writes this
/// string into the SVG `font-family` attribute unchanged, so the CSS fallback
/// `sans-serif` applies where a viewer lacks DejaVu Sans.
const FAMILY: &str = "DejaVu Sans, sans-serif";

/// DejaVu Sans 2.37 (Debian fonts-dejavu-core 2.37-6); licence beside the file.
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Line height (ascender minus descender) of DejaVu Sans in em: (1901 + 483) / 2048.
/// ab_glyph scales a font so that this height equals the requested pixel size.
const LINE_HEIGHT_EM: f64 = 1.164;

/// Registers the embedded font with plotters once per process.
pub(super) fn ensure_font() -> Result<(), FigureError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let registered = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok()
    });
    if registered {
        Ok(())
    } else {
        Err(FigureError::Font {
            message: "the embedded DejaVu Sans file could not be parsed".into(),
        })
    }
}

/// Converts a length in inches to pixels at 300 dpi.
pub(super) fn inches(value: f64) -> f64 {
    value * DPI
}

/// Converts a length in points (1/72 in) to pixels at 300 dpi.
pub(super) fn points(value: f64) -> f64 {
    value * DPI / 72.0
}

/// Type sizes in points, so that text prints at these sizes at 300 dpi.
#[derive(Clone, Copy, Debug)]
pub(super) enum Type {
    /// Figure title.
    Title,
    /// Axis titles and panel captions.
    Axis,
    /// Tick labels, legends and notes.
    Small,
}

impl Type {
    fn points(self) -> f64 {
        match self {
            Type::Title => 11.0,
            Type::Axis => 10.0,
            Type::Small => 9.0,
        }
    }

    /// Returns the size plotters expects: the pixel height of a line of text.
    fn plotters_size(self) -> f64 {
        points(self.points()) * LINE_HEIGHT_EM
    }

    /// Vertical space one line of this type takes, with leading, in pixels.
    pub(super) fn line_px(self) -> f64 {
        self.plotters_size() * 1.25
    }

    fn font(self) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::Name(FAMILY),
            self.plotters_size(),
            FontStyle::Normal,
        )
    }
}

/// Measures the width of `text` set in `kind`, in pixels.
pub(super) fn text_width(text: &str, kind: Type) -> Result<f64, FigureError> {
    let (width, _) = kind
        .font()
        .box_size(text)
        .map_err(|error| FigureError::Font {
            message: format!("measuring {text:?}: {error}"),
        })?;
    Ok(f64::from(width))
}

/// Measures the widest of `texts`, in pixels; 0 for none.
pub(super) fn max_text_width<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    kind: Type,
) -> Result<f64, FigureError> {
    let mut widest = 0.0_f64;
    for text in texts {
        widest = widest.max(text_width(text, kind)?);
    }
    Ok(widest)
}

/// Stroke pattern of a line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Dash {
    Solid,
    /// Dash length and gap length in pixels.
    Dashed(f64, f64),
}

/// Position of a text anchor on the text box.
#[derive(Clone, Copy)]
pub(super) struct Anchor {
    pub(super) h: HPos,
    pub(super) v: VPos,
}

impl Anchor {
    pub(super) const LEFT_MIDDLE: Anchor = Anchor {
        h: HPos::Left,
        v: VPos::Center,
    };
    pub(super) const RIGHT_MIDDLE: Anchor = Anchor {
        h: HPos::Right,
        v: VPos::Center,
    };
    pub(super) const CENTER_TOP: Anchor = Anchor {
        h: HPos::Center,
        v: VPos::Top,
    };
    pub(super) const CENTER_MIDDLE: Anchor = Anchor {
        h: HPos::Center,
        v: VPos::Center,
    };
    pub(super) const LEFT_TOP: Anchor = Anchor {
        h: HPos::Left,
        v: VPos::Top,
    };
}

/// Drawing primitives in pixel coordinates over one plotters backend. Every call
/// turns a backend failure into [`FigureError::Draw`].
pub(super) struct Pen<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
}

fn draw_failed(error: impl std::fmt::Display) -> FigureError {
    FigureError::Draw {
        message: error.to_string(),
    }
}

fn to_px(point: (f64, f64)) -> (i32, i32) {
    // Coordinates are bounded by the canvas size, so the casts cannot overflow.
    (point.0.round() as i32, point.1.round() as i32)
}

impl<DB: DrawingBackend> Pen<'_, DB> {
    /// Draws a polyline through `points` (pixels).
    pub(super) fn line(
        &self,
        points: &[(f64, f64)],
        color: RGBAColor,
        width: f64,
        dash: Dash,
    ) -> Result<(), FigureError> {
        if points.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle::from(color).stroke_width(width.round().max(1.0) as u32);
        let pixels: Vec<(i32, i32)> = points.iter().copied().map(to_px).collect();
        match dash {
            Dash::Solid => self.area.draw(&PathElement::new(pixels, style)),
            Dash::Dashed(on, off) => self.area.draw(&DashedPathElement::new(
                pixels, on as f32, off as f32, style,
            )),
        }
        .map_err(draw_failed)
    }

    /// Fills a polygon given by its corners (pixels).
    pub(super) fn polygon(
        &self,
        corners: &[(f64, f64)],
        color: RGBAColor,
    ) -> Result<(), FigureError> {
        let pixels: Vec<(i32, i32)> = corners.iter().copied().map(to_px).collect();
        self.area
            .draw(&Polygon::new(pixels, color.filled()))
            .map_err(draw_failed)
    }

    /// Draws a circle of `radius` pixels, filled or as an outline of `stroke` pixels.
    pub(super) fn circle(
        &self,
        center: (f64, f64),
        radius: f64,
        color: RGBAColor,
        stroke: Option<f64>,
    ) -> Result<(), FigureError> {
        let style = match stroke {
            None => color.filled(),
            Some(width) => ShapeStyle::from(color).stroke_width(width.round().max(1.0) as u32),
        };
        let radius = radius.round().max(1.0) as i32;
        self.area
            .draw(&Circle::new(to_px(center), radius, style))
            .map_err(draw_failed)
    }

    /// Writes `text` at `position` (pixels), optionally turned to read bottom to top.
    pub(super) fn text(
        &self,
        text: &str,
        kind: Type,
        color: RGBAColor,
        anchor: Anchor,
        position: (f64, f64),
        vertical: bool,
    ) -> Result<(), FigureError> {
        if text.is_empty() {
            return Ok(());
        }
        let font = if vertical {
            kind.font().transform(FontTransform::Rotate270)
        } else {
            kind.font()
        };
        // plotters centres a line box that sits high on the glyphs: capitals end up
        // 0.22 of the size above the anchor in the PNG and 0.07 above in the SVG.
        // Moving the anchor down by 0.15 of the size splits the difference.
        let mut position = position;
        if !vertical && matches!(anchor.v, VPos::Center) {
            position.1 += 0.15 * kind.plotters_size();
        }
        let style = TextStyle::from(font)
            .color(&color)
            .pos(Pos::new(anchor.h, anchor.v));
        self.area
            .draw_text(text, &style, to_px(position))
            .map_err(draw_failed)
    }
}

/// A figure laid out in pixels, ready to be drawn on any backend.
pub(super) trait Scene {
    /// Canvas size in pixels (width, height).
    fn size_px(&self) -> (u32, u32);
    /// Draws the figure on a white canvas of `size_px`.
    fn draw<DB: DrawingBackend>(&self, pen: &Pen<'_, DB>) -> Result<(), FigureError>;
}

/// Rounds a layout width or height up to whole pixels and checks it against the limit.
pub(super) fn canvas_size(width: f64, height: f64) -> Result<(u32, u32), FigureError> {
    let limit = f64::from(MAX_SIDE_PX);
    if !(width.is_finite() && height.is_finite()) || width > limit || height > limit {
        return Err(FigureError::TooLarge {
            width: width.min(1e9).ceil() as u64,
            height: height.min(1e9).ceil() as u64,
            max: MAX_SIDE_PX,
        });
    }
    Ok((width.ceil().max(1.0) as u32, height.ceil().max(1.0) as u32))
}

/// Draws `scene` as SVG and as a 300 dpi RGB PNG.
pub(super) fn render(scene: &impl Scene) -> Result<Figure, FigureError> {
    let (width, height) = scene.size_px();
    let svg = render_svg(scene, width, height)?;
    let png = render_png(scene, width, height)?;
    Ok(Figure { svg, png })
}

fn render_svg(scene: &impl Scene, width: u32, height: u32) -> Result<String, FigureError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        area.fill(&plotters::style::WHITE).map_err(draw_failed)?;
        scene.draw(&Pen { area: &area })?;
        area.present().map_err(draw_failed)?;
    }
    // plotters sizes the SVG in pixels; give it the print size in inches instead so
    // that it prints at the same size as the PNG. The viewBox keeps the pixel grid.
    let pixel_size = format!("<svg width=\"{width}\" height=\"{height}\"");
    let print_size = format!(
        "<svg width=\"{}in\" height=\"{}in\"",
        f64::from(width) / DPI,
        f64::from(height) / DPI
    );
    Ok(svg.replacen(&pixel_size, &print_size, 1))
}

fn render_png(scene: &impl Scene, width: u32, height: u32) -> Result<Vec<u8>, FigureError> {
    let mut rgb = vec![255_u8; width as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        scene.draw(&Pen { area: &area })?;
        area.present().map_err(draw_failed)?;
    }
    encode_png(&rgb, width, height).map_err(|error| FigureError::Encode {
        message: error.to_string(),
    })
}

/// Encodes an RGB buffer as PNG with a `pHYs` chunk of 300 dpi.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: PIXELS_PER_METRE,
        yppu: PIXELS_PER_METRE,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(bytes)
}

/// Checks that `value` is finite and within `[lo, hi]`; `field` names it in the error.
pub(super) fn check_range(
    figure: &'static str,
    field: impl FnOnce() -> String,
    value: f64,
    (lo, hi): (f64, f64),
    expected: &'static str,
) -> Result<(), FigureError> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(FigureError::InvalidValue {
            figure,
            field: field(),
            value,
            expected,
        })
    }
}
