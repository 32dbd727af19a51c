//! Renders every figure type into a temporary directory and checks the
//! files; checks the error cases.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use plot::{
    bars_with_models, curves, densities, grouped_bars, landscape, Contours, Curves, Densities,
    DiscreteComparison, Error, Figure, GroupedBars, Landscape, Marker, NamedValues, Scale, Series,
};

fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "klfit-plot-test-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn fig() -> Figure {
    Figure::new("title", "x [–]", "KL [bits]")
}

fn assert_written(out: &plot::Written) {
    let svg = std::fs::read_to_string(&out.svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.len() > 2000, "svg too small");
    let png = std::fs::read(&out.png).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert!(png.len() > 5000, "png too small");
    // No temporary files left behind.
    let dir = out.svg.parent().unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.contains(".tmp."), "left over {name}");
    }
}

fn worms() -> Vec<f64> {
    [2., 2., 2., 7., 19., 21., 12., 12., 8., 8., 7.]
        .iter()
        .map(|c| c / 100.0)
        .collect()
}

fn kl_curve() -> Series {
    let xs: Vec<f64> = (0..=50).map(|i| f64::from(i) / 50.0).collect();
    // +∞ at both ends, as KL against a degenerate model.
    Series::from_fn("KL", xs, |p| {
        if p <= 0.0 || p >= 1.0 {
            f64::INFINITY
        } else {
            (p - 0.57).powi(2) * 10.0 + 0.3
        }
    })
}

#[test]
fn curves_render_with_infinities_and_markers() {
    let dir = temp_dir("curves");
    let chart = Curves::new(vec![
        kl_curve(),
        Series::new("reverse", vec![0.2, 0.8], vec![1.0, 2.0]),
    ])
    .with_vline("optimum p = 0.570", 0.57)
    .with_marker("minimum", 0.57, 0.3);
    let out = curves(dir.join("nested/kl"), &fig(), &chart).unwrap();
    assert_written(&out);
    // Overwriting works and stays atomic.
    let out = curves(
        dir.join("nested/kl"),
        &fig(),
        &chart.with_y_scale(Scale::Log),
    )
    .unwrap();
    assert_written(&out);
}

#[test]
fn bars_with_models_render() {
    let dir = temp_dir("bars");
    let cmp = DiscreteComparison::new(
        (0..=10).collect(),
        NamedValues::new("observed worms", worms()),
        vec![NamedValues::new("uniform", vec![1.0 / 11.0; 11])],
    );
    assert_written(&bars_with_models(dir.join("bars"), &fig(), &cmp).unwrap());
}

#[test]
fn densities_render() {
    let dir = temp_dir("dens");
    let xs: Vec<f64> = (0..=100).map(|i| -5.0 + 0.1 * f64::from(i)).collect();
    let p = Series::from_fn("P", xs.clone(), |x| (-x * x / 2.0).exp());
    let q = Series::from_fn("Q", xs, |x| (-(x - 1.0).powi(2) / 2.0).exp());
    assert_written(&densities(dir.join("d"), &fig(), &Densities::new(p, vec![q])).unwrap());
}

#[test]
fn landscape_renders_log_scale_with_infinities() {
    let dir = temp_dir("land");
    let xs: Vec<f64> = (0..15).map(|i| -3.0 + 0.4 * f64::from(i)).collect();
    let ys: Vec<f64> = (0..10).map(|i| 0.5 + 0.3 * f64::from(i)).collect();
    let mut values: Vec<f64> = ys
        .iter()
        .flat_map(|y| xs.iter().map(move |x| x * x + (y - 1.0).powi(2)))
        .collect();
    values[3] = f64::INFINITY;
    values[4] = f64::NAN;
    let mut land = Landscape::new(xs, ys, values, "KL [bits]");
    land.color_scale = Scale::Log;
    land.contours = Contours::Levels(vec![0.1, 1.0, 4.0, f64::NAN]);
    land.minima.push(Marker::new("minimum", 0.2, 1.1));
    assert_written(&landscape(dir.join("l"), &fig(), &land).unwrap());
}

#[test]
fn grouped_bars_render_with_infinity() {
    let dir = temp_dir("grouped");
    let g = GroupedBars {
        categories: vec!["uniform".into(), "binomial".into()],
        series: vec![
            NamedValues::new("KL(data‖model)", vec![0.338, 0.477]),
            NamedValues::new("KL(model‖data)", vec![0.419, f64::INFINITY]),
        ],
    };
    assert_written(&grouped_bars(dir.join("g"), &fig(), &g).unwrap());
}

#[test]
fn small_figure_renders() {
    let dir = temp_dir("small");
    let f = fig().with_size(800, 600).unwrap();
    assert_written(&curves(dir.join("c"), &f, &Curves::new(vec![kl_curve()])).unwrap());
}

#[test]
fn empty_inputs_are_errors() {
    let dir = temp_dir("errors");
    let e = curves(dir.join("c"), &fig(), &Curves::new(vec![])).unwrap_err();
    assert!(matches!(e, Error::Empty { .. }), "{e}");
    let e = curves(
        dir.join("c"),
        &fig(),
        &Curves::new(vec![Series::new("s", vec![], vec![])]),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Empty { .. }), "{e}");
    let nan_only = Series::new("s", vec![0.0, 1.0], vec![f64::NAN, f64::INFINITY]);
    let e = curves(dir.join("c"), &fig(), &Curves::new(vec![nan_only])).unwrap_err();
    assert!(matches!(e, Error::NothingToPlot { .. }), "{e}");
    let e = grouped_bars(
        dir.join("g"),
        &fig(),
        &GroupedBars {
            categories: vec![],
            series: vec![],
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Empty { .. }), "{e}");
    // Nothing was written for failed inputs.
    assert!(!dir.join("c.svg").exists());
}

#[test]
fn mismatched_lengths_are_errors() {
    let dir = temp_dir("mismatch");
    let s = Series::new("s", vec![0.0, 1.0], vec![1.0]);
    let e = curves(dir.join("c"), &fig(), &Curves::new(vec![s])).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LengthMismatch {
                expected: 2,
                found: 1,
                ..
            }
        ),
        "{e}"
    );

    let cmp = DiscreteComparison::new(
        (0..=10).collect(),
        NamedValues::new("observed", worms()),
        vec![NamedValues::new("short", vec![0.5, 0.5])],
    );
    let e = bars_with_models(dir.join("b"), &fig(), &cmp).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LengthMismatch {
                expected: 11,
                found: 2,
                ..
            }
        ),
        "{e}"
    );

    let land = Landscape::new(vec![0.0, 1.0], vec![0.0, 1.0], vec![1.0; 3], "KL [bits]");
    let e = landscape(dir.join("l"), &fig(), &land).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LengthMismatch {
                expected: 4,
                found: 3,
                ..
            }
        ),
        "{e}"
    );

    let land = Landscape::new(vec![1.0, 0.0], vec![0.0, 1.0], vec![1.0; 4], "KL [bits]");
    let e = landscape(dir.join("l"), &fig(), &land).unwrap_err();
    assert!(matches!(e, Error::NotIncreasing { index: 1, .. }), "{e}");

    let g = GroupedBars {
        categories: vec!["a".into()],
        series: vec![NamedValues::new("x", vec![f64::NAN])],
    };
    let e = grouped_bars(dir.join("g"), &fig(), &g).unwrap_err();
    assert!(matches!(e, Error::NotFinite { index: 0, .. }), "{e}");
}

#[test]
fn unwritable_path_is_an_io_error() {
    let dir = temp_dir("unwritable");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    // The stem's parent is a regular file: the directory cannot be created
    // (this holds even when the tests run as root).
    let e = curves(file.join("sub/kl"), &fig(), &Curves::new(vec![kl_curve()])).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e}");
    let e = curves(dir.join("x/"), &fig(), &Curves::new(vec![kl_curve()])).unwrap_err();
    assert!(matches!(e, Error::InvalidPath { .. }), "{e}");
}

#[test]
fn failed_render_keeps_the_previous_figure() {
    let dir = temp_dir("keep");
    let out = curves(dir.join("kl"), &fig(), &Curves::new(vec![kl_curve()])).unwrap();
    let before = std::fs::read(&out.png).unwrap();
    let bad = Curves::new(vec![Series::new("s", vec![0.0], vec![f64::NAN])]);
    assert!(curves(dir.join("kl"), &fig(), &bad).is_err());
    assert_eq!(std::fs::read(&out.png).unwrap(), before);
}

/// Samples 0.5/n … (n − 0.5)/n of the unit exponential: their empirical
/// distribution is close to Exponential(1) at any n.
fn exponential_samples(n: u32) -> Vec<f64> {
    (1..=n)
        .map(|i| -(1.0 - (f64::from(i) - 0.5) / f64::from(n)).ln())
        .collect()
}

#[test]
fn diagnostics_render_with_axis_labels_and_file_name() {
    use fit::{fit, Direction, Exponential, Gamma, LogNormal, Target};
    let x = exponential_samples(200);
    let data = Target::samples(&x).unwrap();
    let (e, g, l) = (
        fit(&data, &Exponential, Direction::Forward).unwrap(),
        fit(&data, &Gamma, Direction::Forward).unwrap(),
        fit(&data, &LogNormal, Direction::Forward).unwrap(),
    );
    let d = plot::diagnostics_of(
        &x,
        "/some/dir/arrivals.csv",
        "waiting time [s]",
        &[(&Exponential, &e), (&Gamma, &g), (&LogNormal, &l)],
    )
    .unwrap();
    // The exponential fit's Q–Q points lie near the identity line.
    let sorted = &d.samples;
    for (q, s) in d.fits[0].quantiles.iter().zip(sorted).skip(10).take(180) {
        assert!((q - s).abs() < 0.05 * s.max(0.1), "{q} vs {s}");
    }
    let dir = temp_dir("diagnostics");
    let out = plot::diagnostics(dir.join("diag"), &d.figure("Fits").unwrap(), &d).unwrap();
    assert_written(&out);
    let svg = std::fs::read_to_string(&out.svg).unwrap();
    for label in [
        "waiting time [s]",
        "density [1/s]",
        "cumulative probability [–]",
        "theoretical quantile [s]",
        "sample quantile [s]",
        "fitted CDF at the sorted samples [–]",
        "empirical probability (i − 0.5)/n [–]",
        "arrivals.csv (n = 200)",
        "Gamma: alpha = ",
    ] {
        assert!(svg.contains(label), "SVG lacks {label:?}");
    }
    assert!(
        !svg.contains("/some/dir"),
        "the legend names the file, not its path"
    );
}

#[test]
fn diagnostics_refuse_mismatched_families_and_missing_cdfs() {
    use fit::{fit, Direction, Exponential, Gamma, Poisson, Target};
    let x = exponential_samples(50);
    let data = Target::samples(&x).unwrap();
    let e = fit(&data, &Exponential, Direction::Forward).unwrap();
    assert!(matches!(
        plot::diagnostics_of(&x, "x.csv", "t [s]", &[(&Gamma, &e)]),
        Err(Error::ReportFamilyMismatch { .. })
    ));
    let counts = [0.0, 1.0, 1.0, 2.0, 4.0];
    // 0, 1, 1, 2, 4 as counts at 0…4.
    let hist = Target::from_counts(&[1, 2, 1, 0, 1]).unwrap();
    let p = fit(&hist, &Poisson, Direction::Forward).unwrap();
    assert!(matches!(
        plot::diagnostics_of(&counts, "c.csv", "k [–]", &[(&Poisson, &p)]),
        Err(Error::NoCdf { .. })
    ));
    assert!(matches!(
        plot::frequencies_of(&counts, "c.csv", &[(&Poisson, &e)]),
        Err(Error::ReportFamilyMismatch { .. })
    ));
    assert!(matches!(
        plot::frequencies_of(&[0.5], "c.csv", &[(&Poisson, &p)]),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        plot::diagnostics_of(&[f64::NAN], "x.csv", "t [s]", &[(&Exponential, &e)]),
        Err(Error::NotFinite { .. })
    ));
}

#[test]
fn frequencies_render() {
    use fit::{fit, Direction, NegativeBinomial, Poisson, Target};
    let counts = [0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 7.0, 12.0];
    // The same as counts at 0…12.
    let data = Target::from_counts(&[3, 2, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1]).unwrap();
    let p = fit(&data, &Poisson, Direction::Forward).unwrap();
    let nb = fit(&data, &NegativeBinomial, Direction::Forward).unwrap();
    let chart = plot::frequencies_of(
        &counts,
        "cats.csv",
        &[(&Poisson, &p), (&NegativeBinomial, &nb)],
    )
    .unwrap();
    let total: f64 = chart.observed.values.iter().sum();
    assert!((total - 9.0).abs() < 1e-12);
    let fig = Figure::new("Counts", "parasites per cat [count]", "frequency [cats]");
    let out = bars_with_models(temp_dir("freq").join("freq"), &fig, &chart).unwrap();
    assert_written(&out);
    let svg = std::fs::read_to_string(&out.svg).unwrap();
    assert!(svg.contains("frequency [cats]") && svg.contains("cats.csv (n = 9)"));
}

/// Expected frequencies of a continuous family are refused (its density at
/// whole numbers is not a probability).
#[test]
fn frequencies_refuse_a_continuous_family() {
    let xs = [0.0, 1.0, 1.0, 2.0, 3.0];
    let data = fit::Target::samples(&xs).unwrap();
    let r = fit::fit(&data, &fit::Normal, fit::Direction::Forward).unwrap();
    let e = plot::frequencies_of(&xs, "counts.csv", &[(&fit::Normal, &r)]).unwrap_err();
    assert!(matches!(e, plot::Error::NotDiscrete { .. }), "{e}");
}

#[test]
fn curves_render_on_a_log_x_axis_skipping_non_positive_x() {
    // Sample sizes 0, 1e2 … 1e5: x = 0 cannot be placed and is skipped.
    let ns = vec![0.0, 1e2, 1e3, 1e4, 1e5];
    let est = Series::new("estimate", ns.clone(), vec![9.0, 0.5, 0.46, 0.45, 0.443]);
    let truth = Series::new("truth", ns, vec![0.443; 5]);
    let chart = Curves::new(vec![est, truth]).with_x_scale(Scale::Log);
    let out = curves(temp_dir("logx").join("c"), &fig(), &chart).unwrap();
    assert_written(&out);
    // Both log axes at once.
    let both = chart.with_y_scale(Scale::Log);
    assert_written(&curves(temp_dir("loglog").join("c"), &fig(), &both).unwrap());
}
