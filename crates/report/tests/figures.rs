//! Figure tests: determinism, PNG size and resolution, SVG text, and rejection of
//! degenerate input.
//!
//! Set `FIGURES_SAMPLE_DIR` to a folder to also write every sample figure there as
//! SVG and PNG for viewing.

use repro_report::figure::{
    CalibrationGroup, Figure, FigureError, ForestRow, PairedGroup, PairedPanel, RocSeries,
    calibration_figure, forest_figure, paired_figure, roc_figure,
};

// ---------------------------------------------------------------------------
// Sample data: synthetic, made by a fixed-seed generator in this file.

/// A 64-bit linear congruential generator (Knuth's MMIX constants) for test data.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A standard normal draw by the Box-Muller transform.
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
            auc += if c > k { 1.0 } else if c == k { 0.5 } else { 0.0 };
        }
    }
    auc /= (cases.len() * controls.len()) as f64;
    (points, auc, best)
}

fn sample_roc_series() -> Vec<RocSeries> {
    let labels = ["HAP", "PVP", "TLP", "HPI", "BV", "BF", "Logistic model (HAP + HPI + BF)"];
    let shifts = [0.85, 0.95, 1.05, 1.15, 1.25, 1.3, 2.2];
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
        ForestRow { label: "HAP, per 10 ml/min/100 ml".into(), estimate: 1.42, lower: 1.08, upper: 1.87 },
        ForestRow { label: "PVP, per 10 ml/min/100 ml".into(), estimate: 0.91, lower: 0.80, upper: 1.04 },
        ForestRow { label: "HPI, per 5 %".into(), estimate: 1.65, lower: 1.12, upper: 2.43 },
        ForestRow { label: "Tumour diameter > 5 cm".into(), estimate: 2.8, lower: 0.95, upper: 8.3 },
        ForestRow { label: "AFP > 400 ng/ml".into(), estimate: 3.4, lower: 0.0, upper: f64::INFINITY },
        ForestRow { label: "Child-Pugh B".into(), estimate: 0.35, lower: 0.11, upper: 1.12 },
    ]
}

fn sample_calibration_groups() -> Vec<CalibrationGroup> {
    let predicted = [0.04, 0.09, 0.15, 0.24, 0.33, 0.45, 0.58, 0.71, 0.83, 0.93];
    let observed = [0.0, 0.1, 0.2, 0.2, 0.3, 0.5, 0.5, 0.8, 0.9, 1.0];
    let sizes = [10, 10, 10, 10, 9, 10, 10, 9, 9, 8];
    (0..10)
        .map(|i| CalibrationGroup { predicted: predicted[i], observed: observed[i], n: sizes[i] })
        .collect()
}

fn sample_figures() -> Vec<(&'static str, Figure)> {
    vec![
        ("roc", roc_figure("ROC curves (synthetic data)", &sample_roc_series()).unwrap()),
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

#[test]
fn samples_written_when_requested() {
    let figures = sample_figures();
    let Ok(folder) = std::env::var("FIGURES_SAMPLE_DIR") else {
        return;
    };
    std::fs::create_dir_all(&folder).unwrap();
    for (name, figure) in figures {
        std::fs::write(format!("{folder}/{name}.svg"), &figure.svg).unwrap();
        std::fs::write(format!("{folder}/{name}.png"), &figure.png).unwrap();
    }
}
