//! Publication figures as SVG and 300 dpi PNG: ROC curves, paired before/after
//! values, forest plots of odds ratios, and calibration plots.
//!
//! ```
//! use repro_report::figure::{roc_figure, RocSeries};
//!
//! let series = [RocSeries {
//!     label: "HAP".into(),
//!     points: vec![(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)],
//!     auc: 0.75,
//!     ci: None,
//!     cutoff: Some((0.0, 0.5)),
//! }];
//! let figure = roc_figure("ROC curves", &series)?;
//! assert!(figure.svg.contains("HAP: AUC 0.750"));
//! assert_eq!(&figure.png[1..4], b"PNG");
//! # Ok::<(), repro_report::figure::FigureError>(())
//! ```
//!
//! Every function is pure: plain structs in, bytes out, and the caller writes the
//! files. The same input gives byte-identical SVG and PNG on every run, because all
//! text is set in DejaVu Sans embedded in the crate rather than in a system font.
//!
//! Sizes are print sizes: figures are 6.5 in wide (wider only where a label would not
//! fit otherwise) and the PNG has 300 pixels per inch, recorded in its `pHYs` chunk.
//! Text is 9 to 11 pt at that size. The SVG uses the same pixel grid as its `viewBox`
//! and states its size in inches, so both print at the same size.
//!
//! Invalid input returns a [`FigureError`] naming the value; no input panics.

mod axes;
mod calibration;
mod canvas;
mod forest;
mod paired;
mod palette;
mod roc;

pub use calibration::{CalibrationGroup, calibration_figure};
pub use forest::{ForestRow, forest_figure};
pub use paired::{PairedGroup, PairedPanel, paired_figure};
pub use roc::{RocSeries, roc_figure};

/// One figure in two encodings of the same drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// SVG document; its `width` and `height` are in inches and its `viewBox` in
    /// 300 dpi pixels.
    pub svg: String,
    /// PNG file bytes: 8-bit RGB, 300 pixels per inch, with a `pHYs` chunk saying so.
    pub png: Vec<u8>,
}

/// Reasons a figure cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    /// A list that must not be empty is empty.
    #[error("{figure} figure has no {what}; pass at least one")]
    Empty {
        /// Name of the figure function that rejected the input.
        figure: &'static str,
        /// Description of the missing items, such as "series" or "rows".
        what: String,
    },

    /// A number is NaN, infinite or outside its range.
    #[error("{figure} figure: {field} is {value}; expected {expected}")]
    InvalidValue {
        /// Name of the figure function that rejected the input.
        figure: &'static str,
        /// The offending field, with the label and index of its series, row or group.
        field: String,
        /// The offending value.
        value: f64,
        /// The valid range, and how to fix the value where that is not obvious.
        expected: &'static str,
    },

    /// More series than the figure can draw in distinct styles.
    #[error(
        "{figure} figure has {count} series but at most {max} can be told apart; split them over several figures"
    )]
    TooManySeries {
        /// Name of the figure function that rejected the input.
        figure: &'static str,
        /// Number of series passed.
        count: usize,
        /// Maximum number of series.
        max: usize,
    },

    /// The layout needs a canvas larger than the size limit.
    #[error(
        "figure would be {width} x {height} px, more than the limit of {max} px per side; shorten the longest title, label or note"
    )]
    TooLarge {
        /// Width the layout needs, in pixels.
        width: u64,
        /// Height the layout needs, in pixels.
        height: u64,
        /// Largest width or height allowed, in pixels.
        max: u32,
    },

    /// The embedded font could not be loaded or could not measure a text.
    #[error("font error: {message}")]
    Font {
        /// What failed.
        message: String,
    },

    /// plotters reported an error while drawing.
    #[error("drawing failed: {message}")]
    Draw {
        /// The backend's message.
        message: String,
    },

    /// The PNG encoder reported an error.
    #[error("PNG encoding failed: {message}")]
    Encode {
        /// The encoder's message.
        message: String,
    },
}
