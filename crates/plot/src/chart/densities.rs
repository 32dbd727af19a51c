//! Continuous densities: a shaded reference density with fitted curves.

use std::path::Path;

use super::lines::LineChart;
use crate::{output, Figure, Result, Scale, Series, Written};

/// Input of [`densities`]: an optional reference density drawn as a shaded
/// grey area (the data or target `P`) and the curves compared with it
/// (fits `Q`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Densities {
    /// The target density, shaded; `None` draws only `curves`.
    pub reference: Option<Series>,
    /// The fitted densities, drawn as lines over the reference.
    pub curves: Vec<Series>,
}

impl Densities {
    /// A chart of `curves` over the shaded `reference`.
    pub fn new(reference: Series, curves: Vec<Series>) -> Self {
        Self {
            reference: Some(reference),
            curves,
        }
    }
}

/// Draws continuous densities, e.g. a bimodal mixture `P` with the
/// forward-KL fit (which straddles both peaks) and the reverse-KL fit
/// (which sits on one), writing `<stem>.svg` and `<stem>.png`.
///
/// The y axis starts at 0. Non-finite density values are skipped as in
/// [`crate::curves`]. A legend is drawn when there is more than one
/// series, placed where it covers the least data.
///
/// # Errors
/// As [`crate::curves`]; [`crate::Error::Empty`] if there is neither a
/// reference nor a curve.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{densities, Densities, Figure, Series};
/// let xs: Vec<f64> = (0..=200).map(|i| -8.0 + i as f64 * 0.08).collect();
/// let normal = |m: f64, s: f64| move |x: f64| (-(x - m).powi(2) / (2.0 * s * s)).exp() / (s * (2.0 * std::f64::consts::PI).sqrt());
/// let p = Series::from_fn("P", xs.clone(), |x| 0.5 * normal(-3.0, 1.0)(x) + 0.5 * normal(3.0, 1.0)(x));
/// let q = Series::from_fn("reverse fit", xs, normal(3.0, 1.0));
/// let fig = Figure::new("Mixture and fit", "x [–]", "density [1/x]");
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("densities");
/// densities(&stem, &fig, &Densities::new(p, vec![q]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn densities(stem: impl AsRef<Path>, fig: &Figure, chart: &Densities) -> Result<Written> {
    let prepared = LineChart::new(
        chart.reference.as_ref(),
        &chart.curves,
        &[],
        &[],
        Scale::Linear,
        Scale::Linear,
    )?;
    output::write(stem.as_ref(), fig, &prepared)
}
