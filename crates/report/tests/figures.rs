//! Figure tests: determinism, PNG size and resolution, SVG text, and rejection of
//! degenerate input.
//!
//! Set `FIGURES_SAMPLE_DIR` to a folder to also write every sample figure there as
//! SVG and PNG for viewing.

use repro_report::figure::{
    CalibrationGroup, Figure, FigureError, ForestRow, PairedGroup, PairedPanel, RocSeries,
    calibration_figure, forest_figure, paired_figure, roc_figure,
};

/// Pixels per metre at 300 dpi, as the PNG `pHYs` chunk records it.
const PIXELS_PER_METRE_300_DPI: u32 = 11_811;

// ---------------------------------------------------------------------------
// Sample data: synthetic, made by a fixed-seed generator in this file.

/// A 64-bit linear congruential generator (Knuth's MMIX constants) for test data.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Draws a standard normal value by the Box-Muller transform.
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Empirical ROC points (1 - specificity, sensitivity) of scores where higher means
/// positive, with the AUC (ties count one half) and the Youden-optimal point.
fn empirical_roc(cases: &[f64], controls: &[f64]) -> (Vec<(f64, f64)>, f64, (f64, f64)) {
    let mut thresholds: Vec<f64> = cases.iter().chain(controls).copied().collect();
    thresholds.sort_by(|a, b| b.total_cmp(a));
    thresholds.dedup();
    let mut points = vec![(0.0, 0.0)];
    let mut best = (0.0, 0.0);
    for &t in &thresholds {
        let tpr = cases.iter().filter(|&&x| x >= t).count() as f64 / cases.len() as f64;
        let fpr = controls.iter().filter(|&&x| x >= t).count() as f64 / controls.len() as f64;
        if tpr - fpr > best.1 - best.0 {
            best = (fpr, tpr);
        }
        points.push((fpr, tpr));
    }
    let mut auc = 0.0;
    for &c in cases {
        for &k in controls {
            auc += if c > k {
                1.0
            } else if c == k {
                0.5
            } else {
                0.0
            };
        }
    }
    auc /= (cases.len() * controls.len()) as f64;
    (points, auc, best)
}

fn sample_roc_series() -> Vec<RocSeries> {
    let labels = [
        "HAP",
        "PVP",
        "TLP",
        "HPI",
        "BV",
        "BF",
        "Logistic model (HAP + HPI + BF)",
    ];
    let shifts = [0.8, 0.85, 0.95, 1.0, 1.1, 1.2, 2.0];
    let mut rng = Lcg(20_250_101);
    labels
        .iter()
        .zip(shifts)
        .map(|(label, shift)| {
            let cases: Vec<f64> = (0..40).map(|_| rng.normal() + shift).collect();
            let controls: Vec<f64> = (0..55).map(|_| rng.normal()).collect();
            let (points, auc, cutoff) = empirical_roc(&cases, &controls);
            let half_width = 0.08;
            RocSeries {
                label: (*label).into(),
                points,
                auc,
                ci: Some(((auc - half_width).max(0.0), (auc + half_width).min(1.0))),
                cutoff: Some(cutoff),
            }
        })
        .collect()
}

fn sample_paired_panels() -> Vec<PairedPanel> {
    let parameters = [
        ("HAP (ml/min/100 ml)", 45.0, 12.0, -9.0),
        ("PVP (ml/min/100 ml)", 110.0, 25.0, 6.0),
        ("TLP (ml/min/100 ml)", 150.0, 30.0, -4.0),
        ("HPI (%)", 30.0, 8.0, -6.0),
        ("BV (ml/100 g)", 12.0, 3.0, -2.5),
        ("BF (ml/min/100 g)", 160.0, 40.0, -20.0),
    ];
    let groups = [("CR/PR", 48, 1.0), ("SD/PD", 47, 0.3)];
    let mut rng = Lcg(95);
    parameters
        .iter()
        .map(|&(title, mean, sd, change)| PairedPanel {
            title: title.into(),
            groups: groups
                .iter()
                .map(|&(name, n, effect)| PairedGroup {
                    name: name.into(),
                    pairs: (0..n)
                        .map(|_| {
                            let before = mean + sd * rng.normal();
                            let after = before + change * effect + 0.4 * sd * rng.normal();
                            (before, after)
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn sample_forest_rows() -> Vec<ForestRow> {
    vec![
        ForestRow {
            label: "HAP, per 10 ml/min/100 ml".into(),
            estimate: 1.42,
            lower: 1.08,
            upper: 1.87,
        },
        ForestRow {
            label: "PVP, per 10 ml/min/100 ml".into(),
            estimate: 0.91,
            lower: 0.80,
            upper: 1.04,
        },
        ForestRow {
            label: "HPI, per 5 %".into(),
            estimate: 1.65,
            lower: 1.12,
            upper: 2.43,
        },
        ForestRow {
            label: "Tumour diameter > 5 cm".into(),
            estimate: 2.8,
            lower: 0.95,
            upper: 8.3,
        },
        ForestRow {
            label: "AFP > 400 ng/ml".into(),
            estimate: 3.4,
            lower: 0.0,
            upper: f64::INFINITY,
        },
        ForestRow {
            label: "Child-Pugh B".into(),
            estimate: 0.35,
            lower: 0.11,
            upper: 1.12,
        },
    ]
}

fn sample_calibration_groups() -> Vec<CalibrationGroup> {
    let predicted = [0.04, 0.09, 0.15, 0.24, 0.33, 0.45, 0.58, 0.71, 0.83, 0.93];
    let observed = [0.0, 0.1, 0.2, 0.2, 0.3, 0.5, 0.5, 0.8, 0.9, 1.0];
    let sizes = [10, 10, 10, 10, 9, 10, 10, 9, 9, 8];
    (0..10)
        .map(|i| CalibrationGroup {
            predicted: predicted[i],
            observed: observed[i],
            n: sizes[i],
        })
        .collect()
}

/// Returns the sample figures, drawn once per test process and shared by the tests.
fn samples() -> &'static [(&'static str, Figure)] {
    static SAMPLES: std::sync::OnceLock<Vec<(&'static str, Figure)>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(sample_figures)
}

fn sample_figures() -> Vec<(&'static str, Figure)> {
    vec![
        (
            "roc",
            roc_figure("ROC curves (synthetic data)", &sample_roc_series()).unwrap(),
        ),
        (
            "paired",
            paired_figure(
                "Perfusion before and after TACE (synthetic data)",
                "Before TACE",
                "After TACE",
                &sample_paired_panels(),
            )
            .unwrap(),
        ),
        (
            "forest",
            forest_figure(
                "Multivariable logistic regression (synthetic data)",
                "Odds ratio (95% CI), log scale",
                &sample_forest_rows(),
            )
            .unwrap(),
        ),
        (
            "calibration",
            calibration_figure(
                "Calibration (synthetic data)",
                &sample_calibration_groups(),
                "Hosmer-Lemeshow χ² = 5.2, df 8, P = 0.74",
            )
            .unwrap(),
        ),
    ]
}

/// Figures of edge cases, written with the samples so that their layout can be viewed.
fn edge_case_figures() -> Vec<(&'static str, Figure)> {
    vec![
        (
            "forest-extremes",
            forest_figure("", "Odds ratio", &extreme_forest_rows()).unwrap(),
        ),
        (
            "forest-single",
            forest_figure(
                "",
                "OR",
                &[ForestRow {
                    label: "Null".into(),
                    estimate: 1.0,
                    lower: 1.0,
                    upper: 1.0,
                }],
            )
            .unwrap(),
        ),
        (
            "paired-extremes",
            paired_figure("", "Pre", "Post", &extreme_paired_panels()).unwrap(),
        ),
        ("paired-long-labels", long_label_paired_figure()),
    ]
}

fn extreme_forest_rows() -> Vec<ForestRow> {
    let row = |label: &str, estimate: f64, lower: f64, upper: f64| ForestRow {
        label: label.into(),
        estimate,
        lower,
        upper,
    };
    vec![
        row("Separated", 1e12, 0.0, f64::INFINITY),
        row("Negative lower", 2.0, -1.0, 3.0),
        row("Minus infinity", 0.5, f64::NEG_INFINITY, 0.9),
        row("NaN bounds", 1.3, f64::NAN, f64::NAN),
        row("Not estimable", f64::NAN, f64::NAN, f64::NAN),
        row("Zero estimate", 0.0, 0.0, 0.0),
        row("Tiny", 1e-300, 1e-301, 1e-299),
    ]
}

fn extreme_paired_panels() -> Vec<PairedPanel> {
    vec![
        PairedPanel {
            title: "Change (units)".into(),
            groups: vec![PairedGroup {
                name: "A".into(),
                pairs: vec![(-120.5, -3.0), (-80.0, 15.0)],
            }],
        },
        PairedPanel {
            title: "Counts (cells/l)".into(),
            groups: vec![PairedGroup {
                name: "B".into(),
                pairs: vec![(2.5e9, 3.1e9), (1.2e9, 4.4e9)],
            }],
        },
        PairedPanel {
            title: "Constant".into(),
            groups: vec![PairedGroup {
                name: "C".into(),
                pairs: vec![(7.0, 7.0)],
            }],
        },
    ]
}

#[test]
fn samples_written_when_requested() {
    let figures = samples().to_vec();
    let Ok(folder) = std::env::var("FIGURES_SAMPLE_DIR") else {
        return;
    };
    std::fs::create_dir_all(&folder).unwrap();
    for (name, figure) in figures.into_iter().chain(edge_case_figures()) {
        std::fs::write(format!("{folder}/{name}.svg"), &figure.svg).unwrap();
        std::fs::write(format!("{folder}/{name}.png"), &figure.png).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Checks on the encoded output.

/// Decoded PNG: size, resolution and RGB pixels.
struct Decoded {
    width: u32,
    height: u32,
    pixel_dims: Option<png::PixelDimensions>,
    rgb: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header decodes");
    let info = reader.info();
    let (width, height, pixel_dims) = (info.width, info.height, info.pixel_dims);
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let mut rgb = vec![0; reader.output_buffer_size().expect("buffer size fits usize")];
    reader.next_frame(&mut rgb).expect("PNG image data decodes");
    Decoded {
        width,
        height,
        pixel_dims,
        rgb,
    }
}

impl Decoded {
    fn is_white(&self, x: u32, y: u32) -> bool {
        let i = (y as usize * self.width as usize + x as usize) * 3;
        self.rgb[i..i + 3] == [255, 255, 255]
    }

    /// Counts pixels that are not white within `band` pixels of the canvas edge. Any
    /// such pixel means something was drawn up to the edge and may be clipped.
    fn ink_at_edges(&self, band: u32) -> usize {
        let mut count = 0;
        for y in 0..self.height {
            let whole_row = y < band || y >= self.height - band;
            let columns: Vec<u32> = if whole_row {
                (0..self.width).collect()
            } else {
                (0..band).chain(self.width - band..self.width).collect()
            };
            count += columns
                .into_iter()
                .filter(|&x| !self.is_white(x, y))
                .count();
        }
        count
    }

    fn ink(&self) -> usize {
        self.rgb.chunks(3).filter(|p| *p != [255, 255, 255]).count()
    }
}

/// Print size stated in the SVG root, in inches, and its viewBox size in pixels.
fn svg_size(svg: &str) -> ((f64, f64), (u32, u32)) {
    let root = &svg[..svg.find('>').expect("SVG root tag closes")];
    let attribute = |name: &str| {
        let start = root
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {root}"))
            + name.len()
            + 2;
        root[start..start + root[start..].find('"').unwrap()].to_string()
    };
    let inches = |text: String| {
        text.strip_suffix("in")
            .unwrap_or_else(|| panic!("{text} is not in inches"))
            .parse::<f64>()
            .unwrap()
    };
    let view_box: Vec<u32> = attribute("viewBox")
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    (
        (inches(attribute("width")), inches(attribute("height"))),
        (view_box[2], view_box[3]),
    )
}

/// Text as the SVG backend escapes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn assert_svg_has(figure: &Figure, texts: &[&str]) {
    for text in texts {
        assert!(
            figure.svg.contains(&escaped(text)),
            "SVG lacks the text {text:?}"
        );
    }
}

/// Checks the PNG signature, 300 dpi, print size agreement with the SVG, that
/// something was drawn, and that nothing touches the canvas edge.
fn assert_well_formed(name: &str, figure: &Figure) {
    assert_eq!(
        &figure.png[..8],
        b"\x89PNG\r\n\x1a\n",
        "{name}: PNG signature"
    );
    let png = decode(&figure.png);
    let dims = png.pixel_dims.expect("pHYs chunk present");
    assert_eq!(
        (dims.xppu, dims.yppu),
        (PIXELS_PER_METRE_300_DPI, PIXELS_PER_METRE_300_DPI),
        "{name}: pHYs"
    );
    assert_eq!(dims.unit, png::Unit::Meter, "{name}: pHYs unit");

    let ((width_in, height_in), view_box) = svg_size(&figure.svg);
    assert_eq!(
        view_box,
        (png.width, png.height),
        "{name}: SVG viewBox and PNG size"
    );
    assert!(
        (width_in * 300.0 - f64::from(png.width)).abs() < 1e-6,
        "{name}: width {width_in} in vs {} px",
        png.width
    );
    assert!(
        (height_in * 300.0 - f64::from(png.height)).abs() < 1e-6,
        "{name}: height {height_in} in vs {} px",
        png.height
    );
    assert!(
        png.width >= 1950,
        "{name}: narrower than 6.5 in: {} px",
        png.width
    );

    assert!(
        png.ink() > 10_000,
        "{name}: almost blank, {} drawn pixels",
        png.ink()
    );
    assert_eq!(
        png.ink_at_edges(10),
        0,
        "{name}: drawing reaches the canvas edge"
    );
}

#[test]
fn samples_well_formed() {
    for (name, figure) in samples() {
        assert_well_formed(name, figure);
    }
}

#[test]
fn samples_print_six_and_a_half_inches_wide() {
    for (name, figure) in samples() {
        let ((width_in, _), _) = svg_size(&figure.svg);
        assert_eq!(width_in, 6.5, "{name}");
        assert_eq!(decode(&figure.png).width, 1950, "{name}");
    }
}

#[test]
fn figures_deterministic() {
    for ((name, first), (_, second)) in samples().iter().zip(sample_figures()) {
        assert!(first.svg == second.svg, "{name}: SVG differs between runs");
        assert!(first.png == second.png, "{name}: PNG differs between runs");
    }
}

// ---------------------------------------------------------------------------
// ROC

#[test]
fn roc_svg_has_axes_and_legend() {
    let series = sample_roc_series();
    let figure = roc_figure("ROC curves", &series).unwrap();
    assert_svg_has(&figure, &["ROC curves", "1 − Specificity", "Sensitivity"]);
    for s in &series {
        let (lower, upper) = s.ci.unwrap();
        let text = format!("{}: AUC {:.3} ({:.3}–{:.3})", s.label, s.auc, lower, upper);
        assert_svg_has(&figure, &[&text]);
    }
}

#[test]
fn roc_legend_without_ci_or_label() {
    let series = [RocSeries {
        label: String::new(),
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        auc: 0.5,
        ci: None,
        cutoff: None,
    }];
    let figure = roc_figure("", &series).unwrap();
    assert!(figure.svg.contains("\nAUC 0.500\n"), "legend text missing");
    assert!(
        !figure.svg.contains("Youden"),
        "cutoff note without any cutoff"
    );
}

#[test]
fn roc_single_point_draws() {
    let series = [RocSeries {
        label: "One".into(),
        points: vec![(0.3, 0.6)],
        auc: 0.65,
        ci: None,
        cutoff: Some((0.3, 0.6)),
    }];
    let figure = roc_figure("", &series).unwrap();
    assert_well_formed("single-point roc", &figure);
}

fn roc_error(series: &[RocSeries]) -> FigureError {
    match roc_figure("ROC", series) {
        Ok(_) => panic!("accepted invalid series"),
        Err(error) => error,
    }
}

fn valid_roc() -> RocSeries {
    RocSeries {
        label: "HAP".into(),
        points: vec![(0.0, 0.0), (0.2, 0.7), (1.0, 1.0)],
        auc: 0.75,
        ci: Some((0.6, 0.9)),
        cutoff: Some((0.2, 0.7)),
    }
}

#[test]
fn roc_rejects_empty_input() {
    assert!(matches!(roc_error(&[]), FigureError::Empty { .. }));
    let no_points = RocSeries {
        points: vec![],
        ..valid_roc()
    };
    assert!(matches!(roc_error(&[no_points]), FigureError::Empty { .. }));
}

#[test]
fn roc_rejects_invalid_numbers() {
    let cases = [
        (
            "NaN point",
            RocSeries {
                points: vec![(0.0, f64::NAN)],
                ..valid_roc()
            },
        ),
        (
            "point above 1",
            RocSeries {
                points: vec![(1.5, 0.5)],
                ..valid_roc()
            },
        ),
        (
            "negative point",
            RocSeries {
                points: vec![(-0.1, 0.5)],
                ..valid_roc()
            },
        ),
        (
            "NaN AUC",
            RocSeries {
                auc: f64::NAN,
                ..valid_roc()
            },
        ),
        (
            "infinite CI",
            RocSeries {
                ci: Some((0.5, f64::INFINITY)),
                ..valid_roc()
            },
        ),
        (
            "reversed CI",
            RocSeries {
                ci: Some((0.9, 0.6)),
                ..valid_roc()
            },
        ),
        (
            "NaN cutoff",
            RocSeries {
                cutoff: Some((f64::NAN, 0.5)),
                ..valid_roc()
            },
        ),
    ];
    for (case, series) in cases {
        let error = roc_error(&[series]);
        assert!(
            matches!(error, FigureError::InvalidValue { .. }),
            "{case}: {error}"
        );
        assert!(
            error.to_string().contains("\"HAP\""),
            "{case}: message does not name the series: {error}"
        );
    }
}

#[test]
fn roc_rejects_too_many_series() {
    let series = vec![valid_roc(); 9];
    assert!(matches!(
        roc_error(&series),
        FigureError::TooManySeries {
            count: 9,
            max: 8,
            ..
        }
    ));
}

#[test]
fn roc_long_label_widens_canvas() {
    let label = "A predictor with a very long descriptive name that runs on and on, measured in ml/min/100 ml";
    let series = [RocSeries {
        label: label.into(),
        ..valid_roc()
    }];
    let figure = roc_figure("", &series).unwrap();
    assert_svg_has(&figure, &[label]);
    assert!(
        decode(&figure.png).width > 1950,
        "canvas not widened for the long label"
    );
    assert_well_formed("long-label roc", &figure);
}

#[test]
fn roc_unusual_characters_draw() {
    let label = "α<β & \"γ\" 😀\ttab\nnewline";
    let series = [RocSeries {
        label: label.into(),
        ..valid_roc()
    }];
    let figure = roc_figure("Title with <markup> & 'quotes'", &series).unwrap();
    assert_svg_has(&figure, &[label, "Title with <markup> & 'quotes'"]);
    assert_well_formed("unusual-character roc", &figure);
}

#[test]
fn roc_absurd_label_is_too_large_error() {
    let series = [RocSeries {
        label: "x".repeat(20_000),
        ..valid_roc()
    }];
    assert!(matches!(roc_error(&series), FigureError::TooLarge { .. }));
}

// ---------------------------------------------------------------------------
// Paired

#[test]
fn paired_svg_has_labels() {
    let panels = sample_paired_panels();
    let figure = paired_figure("Paired", "Before TACE", "After TACE", &panels).unwrap();
    assert_svg_has(
        &figure,
        &[
            "Paired",
            "Before TACE",
            "After TACE",
            "CR/PR",
            "SD/PD",
            "n = 48",
            "n = 47",
        ],
    );
    for panel in &panels {
        assert_svg_has(&figure, &[&panel.title]);
    }
}

#[test]
fn paired_negative_and_large_values() {
    let panels = extreme_paired_panels();
    let figure = paired_figure("", "Pre", "Post", &panels).unwrap();
    assert_well_formed("paired extremes", &figure);
}

#[test]
fn paired_skips_missing_values() {
    let panels = [PairedPanel {
        title: "HAP".into(),
        groups: vec![
            PairedGroup {
                name: "Some missing".into(),
                pairs: vec![(1.0, f64::NAN), (2.0, 3.0), (f64::NAN, 1.0)],
            },
            PairedGroup {
                name: "Empty".into(),
                pairs: vec![],
            },
        ],
    }];
    let figure = paired_figure("", "Pre", "Post", &panels).unwrap();
    assert_svg_has(&figure, &["n = 1", "n = 0"]);
}

#[test]
fn paired_rejects_degenerate_input() {
    let group = |pairs: Vec<(f64, f64)>| PairedGroup {
        name: "G".into(),
        pairs,
    };
    let panel = |groups: Vec<PairedGroup>| PairedPanel {
        title: "P".into(),
        groups,
    };
    let cases = [
        ("no panels", vec![]),
        ("no groups", vec![panel(vec![])]),
        (
            "no complete pair",
            vec![panel(vec![group(vec![(f64::NAN, 1.0)])])],
        ),
        ("only empty groups", vec![panel(vec![group(vec![])])]),
    ];
    for (case, panels) in cases {
        let result = paired_figure("", "Pre", "Post", &panels);
        assert!(
            matches!(result, Err(FigureError::Empty { .. })),
            "{case}: {:?}",
            result.err()
        );
    }
    let huge = [panel(vec![group(vec![(f64::MAX, f64::MAX)])])];
    let result = paired_figure("", "Pre", "Post", &huge);
    assert!(
        matches!(result, Err(FigureError::InvalidValue { .. })),
        "f64::MAX: {:?}",
        result.err()
    );
    let infinite = [panel(vec![group(vec![(1.0, f64::INFINITY)])])];
    let result = paired_figure("", "Pre", "Post", &infinite);
    assert!(
        matches!(result, Err(FigureError::InvalidValue { .. })),
        "infinite value: {:?}",
        result.err()
    );
}

#[test]
fn paired_long_labels_fit() {
    let figure = long_label_paired_figure();
    assert_svg_has(
        &figure,
        &[
            "Before the first TACE session",
            "Stable or progressive disease",
        ],
    );
    assert_well_formed("paired long labels", &figure);
}

fn long_label_paired_figure() -> Figure {
    let pairs = vec![(40.0, 30.0), (50.0, 35.0), (45.0, 44.0)];
    let groups = vec![
        PairedGroup {
            name: "Complete or partial response".into(),
            pairs: pairs.clone(),
        },
        PairedGroup {
            name: "Stable or progressive disease".into(),
            pairs,
        },
    ];
    let panels: Vec<PairedPanel> = [
        "Hepatic arterial perfusion measured on CT (ml/min/100 ml)",
        "HPI (%)",
    ]
    .iter()
    .map(|title| PairedPanel {
        title: (*title).into(),
        groups: groups.clone(),
    })
    .collect();
    paired_figure(
        "",
        "Before the first TACE session",
        "After the last TACE session",
        &panels,
    )
    .unwrap()
}

// ---------------------------------------------------------------------------
// Forest

#[test]
fn forest_svg_has_labels_and_intervals() {
    let rows = sample_forest_rows();
    let figure = forest_figure("Forest", "Odds ratio (95% CI), log scale", &rows).unwrap();
    assert_svg_has(
        &figure,
        &[
            "Forest",
            "Odds ratio (95% CI), log scale",
            "1.42 (1.08–1.87)",
            "3.40 (0–Inf)",
        ],
    );
    for row in &rows {
        assert_svg_has(&figure, &[&row.label]);
    }
}

#[test]
fn forest_unbounded_and_unestimable_rows_draw() {
    let rows = extreme_forest_rows();
    let figure = forest_figure("", "Odds ratio", &rows).unwrap();
    assert_svg_has(&figure, &["not estimable", "Separated"]);
    assert_well_formed("forest extremes", &figure);
}

#[test]
fn forest_rejects_degenerate_input() {
    assert!(matches!(
        forest_figure("", "OR", &[]),
        Err(FigureError::Empty { .. })
    ));
    let reversed = [ForestRow {
        label: "HAP".into(),
        estimate: 1.0,
        lower: 2.0,
        upper: 0.5,
    }];
    let result = forest_figure("", "OR", &reversed);
    assert!(
        matches!(&result, Err(FigureError::InvalidValue { .. })),
        "{:?}",
        result.as_ref().err()
    );
    assert!(result.unwrap_err().to_string().contains("\"HAP\""));
}

#[test]
fn forest_single_row_at_one() {
    let rows = [ForestRow {
        label: "Null".into(),
        estimate: 1.0,
        lower: 1.0,
        upper: 1.0,
    }];
    let figure = forest_figure("", "OR", &rows).unwrap();
    assert_well_formed("forest single row", &figure);
}

// ---------------------------------------------------------------------------
// Calibration

#[test]
fn calibration_svg_has_axes_and_note() {
    let note = "Hosmer-Lemeshow χ² = 5.2, df 8, P = 0.74";
    let figure = calibration_figure("Calibration", &sample_calibration_groups(), note).unwrap();
    assert_svg_has(
        &figure,
        &[
            "Calibration",
            note,
            "Mean predicted probability",
            "Observed proportion",
            "n = 8 to 10",
        ],
    );
}

#[test]
fn calibration_single_group_without_note() {
    let groups = [CalibrationGroup {
        predicted: 1.0,
        observed: 0.0,
        n: 1,
    }];
    let figure = calibration_figure("", &groups, "").unwrap();
    assert_svg_has(&figure, &["n = 1"]);
    assert_well_formed("calibration single group", &figure);
}

#[test]
fn calibration_rejects_degenerate_input() {
    assert!(matches!(
        calibration_figure("", &[], ""),
        Err(FigureError::Empty { .. })
    ));
    let group = |predicted: f64, observed: f64, n: usize| CalibrationGroup {
        predicted,
        observed,
        n,
    };
    let cases = [
        ("NaN predicted", group(f64::NAN, 0.5, 10)),
        ("observed above 1", group(0.5, 1.2, 10)),
        ("negative predicted", group(-0.01, 0.5, 10)),
        ("empty group", group(0.5, 0.5, 0)),
    ];
    for (case, bad) in cases {
        let result = calibration_figure("", &[group(0.2, 0.2, 5), bad], "");
        assert!(
            matches!(result, Err(FigureError::InvalidValue { .. })),
            "{case}: {:?}",
            result.err()
        );
    }
}
