//! Data versus model(s) over an integer support: observed histogram as
//! bars, model pmfs as lines with markers.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{glyph, keyed, legend_line_glyph, line, padded};
use crate::output::{fail, Drawn, Render};
use crate::theme::{color, densify, legend_position, tick, Theme};
use crate::{check, output, Figure, NamedValues, Result, Scale, Written};

/// Input of [`bars_with_models`]: an observed distribution and one or more
/// models over the same integer support.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscreteComparison {
    /// The support, strictly increasing (e.g. `0..=10` teeth).
    pub support: Vec<i64>,
    /// The observed probabilities (or frequencies), one per support point,
    /// drawn as grey bars.
    pub observed: NamedValues,
    /// Model probabilities, one per support point each, drawn as coloured
    /// lines with markers.
    pub models: Vec<NamedValues>,
}

impl DiscreteComparison {
    /// Bundles the inputs; validated when drawn. Never fails, never panics.
    pub fn new(support: Vec<i64>, observed: NamedValues, models: Vec<NamedValues>) -> Self {
        Self {
            support,
            observed,
            models,
        }
    }

    fn validate(&self) -> Result<(f64, f64)> {
        check::non_empty("support", &self.support)?;
        if let Some(i) = self.support.windows(2).position(|w| w[1] <= w[0]) {
            return Err(crate::Error::NotIncreasing {
                what: "support".into(),
                index: i + 1,
            });
        }
        let n = self.support.len();
        let mut hi = 0f64;
        for v in std::iter::once(&self.observed).chain(&self.models) {
            let what = format!("values of {:?}", v.label);
            check::same_len(&what, n, v.values.len())?;
            check::all_finite(&what, &v.values)?;
            hi = v.values.iter().fold(hi, |a, &b| a.max(b));
        }
        let lo = self
            .observed
            .values
            .iter()
            .chain(self.models.iter().flat_map(|m| &m.values))
            .fold(0f64, |a, &b| a.min(b));
        // Room above the tallest bar for the legend, one row per entry, so
        // the legend never hides a bar top.
        let rows = 1 + self.models.len();
        let frac = 0.1 + LEGEND_ROW_HEADROOM * rows as f64;
        Ok(padded(lo, hi, Scale::Linear, frac, true))
    }
}

/// Extra y range per legend row, as a fraction of the data's span.
const LEGEND_ROW_HEADROOM: f64 = 0.08;

struct Prepared<'a> {
    c: &'a DiscreteComparison,
    y: (f64, f64),
}

const BAR_FILL: RGBColor = RGBColor(190, 190, 190);
const BAR_EDGE: RGBColor = RGBColor(110, 110, 110);

impl Render for Prepared<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let c = self.c;
        let xs: Vec<f64> = c.support.iter().map(|&k| k as f64).collect();
        let (x0, x1) = (xs[0] - 0.6, xs[xs.len() - 1] + 0.6);
        // Tick every support point when they fit, else plotters's choice.
        let keys = if xs.len() <= 30 {
            xs.clone()
        } else {
            Vec::new()
        };
        let x_spec = keyed(x0..x1, keys.clone());
        let mut chart = theme
            .builder(root, fig)
            .build_cartesian_2d(x_spec, self.y.0..self.y.1)
            .map_err(fail)?;
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(fig.x_label())
            .y_desc(fig.y_label())
            .axis_desc_style(theme.axis_font())
            .label_style(theme.tick_font())
            .bold_line_style(theme.bold_grid())
            .light_line_style(theme.light_grid())
            .disable_x_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .y_labels(10);
        if keys.is_empty() {
            mesh.x_labels(12);
        } else {
            mesh.x_labels(keys.len());
        }
        mesh.draw().map_err(fail)?;

        let half = 0.35;
        let edge = theme.px(1.0);
        let base = 0f64.max(self.y.0);
        chart
            .draw_series(xs.iter().zip(&c.observed.values).map(|(&x, &p)| {
                Rectangle::new([(x - half, base), (x + half, p)], BAR_FILL.filled())
            }))
            .map_err(fail)?;
        let px = theme.px(14.0) as i32;
        let legend_len = theme.px(32.0) as i32;
        chart
            .draw_series(xs.iter().zip(&c.observed.values).map(|(&x, &p)| {
                Rectangle::new(
                    [(x - half, base), (x + half, p)],
                    BAR_EDGE.stroke_width(edge),
                )
            }))
            .map_err(fail)?
            .label(&c.observed.label)
            .legend(move |(x, y)| {
                Rectangle::new(
                    [(x, y - px / 2), (x + legend_len, y + px / 2)],
                    BAR_FILL.filled(),
                )
            });

        let lw = theme.line_width();
        let r = theme.px(7.0) as i32;
        let ew = theme.px(1.5);
        for (i, m) in c.models.iter().enumerate() {
            let col = color(i);
            let style = col.stroke_width(lw);
            let dashed = i % 2 == 1;
            let pts: Vec<(f64, f64)> = xs.iter().copied().zip(m.values.iter().copied()).collect();
            chart
                .draw_series(std::iter::once(line(
                    pts.clone(),
                    style,
                    dashed,
                    theme.px(12.0) as i32,
                    theme.px(7.0) as i32,
                )))
                .map_err(fail)?;
            chart
                .draw_series(pts.iter().map(|&p| glyph(i, p, r, col, WHITE, ew)))
                .map_err(fail)?
                .label(&m.label)
                .legend(move |p| legend_line_glyph(p, style, legend_len, i, r, col, WHITE, ew));
        }

        // Always a legend: it names the observed series even when alone.
        {
            let labels: Vec<&str> = std::iter::once(&c.observed)
                .chain(&c.models)
                .map(|v| v.label.as_str())
                .collect();
            let (w, h) = theme.legend_box(&labels);
            let (pw, ph) = chart.plotting_area().dim_in_pixel();
            let nx = |x: f64| (x - x0) / (x1 - x0);
            let ny = |y: f64| (y - self.y.0) / (self.y.1 - self.y.0);
            let mut occ = Vec::new();
            for (&x, &p) in xs.iter().zip(&c.observed.values) {
                for dx in [-half, 0.0, half] {
                    densify((nx(x + dx), ny(base)), (nx(x + dx), ny(p)), &mut occ);
                }
            }
            for m in &c.models {
                for (w2, v2) in xs.windows(2).zip(m.values.windows(2)) {
                    densify((nx(w2[0]), ny(v2[0])), (nx(w2[1]), ny(v2[1])), &mut occ);
                }
            }
            let pos = legend_position(&occ, (w / f64::from(pw), h / f64::from(ph)));
            theme.legend(&mut chart, pos)?;
        }
        Ok(())
    }
}

/// Draws an observed histogram as bars with model pmfs overlaid as lines
/// with markers ("data vs uniform", "data vs Binomial(10, 0.57)"), writing
/// `<stem>.svg` and `<stem>.png`.
///
/// Every support point gets a tick when there are at most 30. The y axis
/// starts at 0. The legend (always drawn, so the observed series is named
/// even alone) is placed where it covers the least data.
///
/// # Errors
/// - [`crate::Error::Empty`]: empty support.
/// - [`crate::Error::NotIncreasing`]: support not strictly increasing.
/// - [`crate::Error::LengthMismatch`]: a value vector's length differs from the support's.
/// - [`crate::Error::NotFinite`]: a probability is NaN or infinite.
/// - [`crate::Error::InvalidPath`], [`crate::Error::Io`], [`crate::Error::Render`]: output failures.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{bars_with_models, DiscreteComparison, Figure, NamedValues};
/// let counts = [2.0, 2.0, 2.0, 7.0, 19.0, 21.0, 12.0, 12.0, 8.0, 8.0, 7.0];
/// let data = NamedValues::new("observed worms", counts.iter().map(|c| c / 100.0).collect());
/// let uniform = NamedValues::new("uniform", vec![1.0 / 11.0; 11]);
/// let cmp = DiscreteComparison::new((0..=10).collect(), data, vec![uniform]);
/// let fig = Figure::new("Data versus uniform", "number of teeth", "probability [–]");
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("bars");
/// bars_with_models(&stem, &fig, &cmp)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bars_with_models(
    stem: impl AsRef<Path>,
    fig: &Figure,
    chart: &DiscreteComparison,
) -> Result<Written> {
    let y = chart.validate()?;
    output::write(stem.as_ref(), fig, &Prepared { c: chart, y })
}
