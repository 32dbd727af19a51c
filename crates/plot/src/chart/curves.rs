//! KL-versus-parameter chart: curves with vertical and point markers.

use std::path::Path;

use super::lines::LineChart;
use crate::{output, Figure, Marker, Result, Scale, Series, VLine, Written};

/// Input of [`curves`]: one or more curves, optional dashed vertical
/// markers (an optimum, a moment estimate) and optional point markers.
///
/// Build with [`Curves::new`] and the `with_*` methods, or fill the public
/// fields directly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curves {
    /// The curves, drawn in order; colours and solid/dashed alternate.
    pub series: Vec<Series>,
    /// Vertical lines, each with a legend entry.
    pub vlines: Vec<VLine>,
    /// Point markers, each with a legend entry.
    pub markers: Vec<Marker>,
    /// Scale of the y axis; [`Scale::Log`] when values span decades.
    pub y_scale: Scale,
    /// Scale of the x axis; [`Scale::Log`] for sample sizes, tolerances
    /// and other parameters that span decades (points with x ≤ 0 are then
    /// skipped, like y ≤ 0 on a log y axis).
    pub x_scale: Scale,
}

impl Curves {
    /// A chart of `series` on a linear y axis, without markers.
    pub fn new(series: Vec<Series>) -> Self {
        Self {
            series,
            ..Self::default()
        }
    }
    /// Adds a dashed vertical line at `x`.
    pub fn with_vline(mut self, label: impl Into<String>, x: f64) -> Self {
        self.vlines.push(VLine::new(label, x));
        self
    }
    /// Adds a point marker at `(x, y)`.
    pub fn with_marker(mut self, label: impl Into<String>, x: f64, y: f64) -> Self {
        self.markers.push(Marker::new(label, x, y));
        self
    }
    /// Sets the y-axis scale.
    pub fn with_y_scale(mut self, y_scale: Scale) -> Self {
        self.y_scale = y_scale;
        self
    }
    /// Sets the x-axis scale.
    pub fn with_x_scale(mut self, x_scale: Scale) -> Self {
        self.x_scale = x_scale;
        self
    }
}

/// Draws curves such as KL versus a model parameter, writing
/// `<stem>.svg` and `<stem>.png`.
///
/// Typical uses: KL(data‖Binomial(10, p)) over p with the optimum and the
/// moment estimate as vertical lines; forward and reverse KL on one chart;
/// cross-entropy and KL curves, which differ by the constant H(data).
///
/// Points whose y is `±∞` or NaN (or ≤ 0 on a log axis) are skipped: the
/// line is broken there and the y range ignores them. The y axis starts at
/// 0 when all values are non-negative and the scale is linear. The legend
/// (shown when there is more than one entry) goes to the corner that
/// covers the fewest data points. The output directory is created if
/// missing; both files are replaced atomically.
///
/// # Errors
/// - [`crate::Error::Empty`]: no series, or a series with no points.
/// - [`crate::Error::LengthMismatch`]: a series's `xs` and `ys` differ in length.
/// - [`crate::Error::NotFinite`]: an x, or a marker coordinate, is NaN/infinite.
/// - [`crate::Error::NothingToPlot`]: a series has no drawable y.
/// - [`crate::Error::InvalidPath`], [`crate::Error::Io`], [`crate::Error::Render`]: output failures.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{curves, Curves, Figure, Series};
/// let ps: Vec<f64> = (1..100).map(|i| i as f64 / 100.0).collect();
/// let kl = Series::from_fn("KL(data‖model)", ps, |p| (p - 0.57f64).powi(2) * 10.0);
/// let chart = Curves::new(vec![kl]).with_vline("optimum p = 0.570", 0.57);
/// let fig = Figure::new("KL versus p", "binomial p [–]", "KL(data‖model) [bits]");
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("curves");
/// let out = curves(&stem, &fig, &chart)?;
/// assert!(out.png.exists() && out.svg.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn curves(stem: impl AsRef<Path>, fig: &Figure, chart: &Curves) -> Result<Written> {
    let prepared = LineChart::new(
        None,
        &chart.series,
        &chart.vlines,
        &chart.markers,
        chart.y_scale,
        chart.x_scale,
    )?;
    output::write(stem.as_ref(), fig, &prepared)
}
