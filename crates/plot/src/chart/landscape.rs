//! A 2-D KL landscape: heatmap with colour bar, contour lines and marked
//! minima.

use std::path::Path;

use plotters::chart::SeriesLabelPosition;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::colormap::viridis;
use crate::contour::segments;
use crate::draw::{extent, glyph, log_axis, padded};
use crate::output::{fail, Drawn, Render};
use crate::theme::{color, legend_position, tick, Theme};
use crate::{check, output, Error, Figure, Marker, Result, Scale, Written};

/// Which contour lines to draw on a [`Landscape`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Contours {
    /// No contour lines.
    None,
    /// This many levels, evenly spaced in the colour scale's coordinate
    /// (geometrically on [`Scale::Log`]) and rounded to two significant
    /// digits.
    Auto(usize),
    /// Exactly these levels (finite; others are ignored).
    Levels(Vec<f64>),
}

/// Input of [`landscape`]: values of a function on a rectilinear grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    /// Grid abscissae, finite and strictly increasing (e.g. μ).
    pub xs: Vec<f64>,
    /// Grid ordinates, finite and strictly increasing (e.g. σ).
    pub ys: Vec<f64>,
    /// `xs.len() × ys.len()` values, one row per y (the layout of an image
    /// and of `fit::Landscape`): `values[j * xs.len() + i]` is the value at
    /// `(xs[i], ys[j])` — the order of `for y in ys { for x in xs { … } }`. `+∞` and NaN are
    /// allowed and drawn in grey as "∞ / undefined".
    pub values: Vec<f64>,
    /// Quantity and unit of the values, shown on the colour bar, e.g.
    /// `"KL(data‖model) [bits]"`.
    pub value_label: String,
    /// Colour scale; [`Scale::Log`] spreads values spanning decades (zero
    /// values then take the lowest colour).
    pub color_scale: Scale,
    /// Contour lines.
    pub contours: Contours,
    /// Points to mark, e.g. every local minimum, each with a legend entry.
    pub minima: Vec<Marker>,
}

const UNDEFINED: RGBColor = RGBColor(200, 200, 200);

impl Landscape {
    /// A landscape with a linear colour scale, 8 automatic contour levels
    /// and no markers; validated when drawn. Never fails, never panics.
    pub fn new(
        xs: Vec<f64>,
        ys: Vec<f64>,
        values: Vec<f64>,
        value_label: impl Into<String>,
    ) -> Self {
        Self {
            xs,
            ys,
            values,
            value_label: value_label.into(),
            color_scale: Scale::Linear,
            contours: Contours::Auto(8),
            minima: Vec::new(),
        }
    }

    fn validate(&self) -> Result<Prepared<'_>> {
        for (what, v) in [("xs", &self.xs), ("ys", &self.ys)] {
            check::non_empty(what, v)?;
            check::all_finite(what, v)?;
            check::increasing(what, v)?;
        }
        check::same_len("values", self.xs.len() * self.ys.len(), self.values.len())?;
        for m in &self.minima {
            check::finite_value(&format!("marker {:?} x", m.label), m.x)?;
            check::finite_value(&format!("marker {:?} y", m.label), m.y)?;
        }
        let s = self.color_scale;
        let (lo, hi) =
            extent(self.values.iter().copied(), s).ok_or_else(|| Error::NothingToPlot {
                what: "values".into(),
                log_scale: s == Scale::Log,
            })?;
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            padded(lo, hi, s, 0.0, false)
        };
        let levels = match &self.contours {
            Contours::None => Vec::new(),
            Contours::Levels(l) => l.iter().copied().filter(|&v| s.admits(v)).collect(),
            Contours::Auto(n) => {
                if *n > 1000 {
                    return Err(Error::InvalidParameter {
                        name: "Contours::Auto",
                        value: *n as f64,
                        reason: "at most 1000 contour levels",
                    });
                }
                let (f0, f1) = (s.forward(lo), s.forward(hi));
                let mut l: Vec<f64> = (0..*n)
                    .map(|k| {
                        let f = f0 + (f1 - f0) * (k as f64 + 0.5) / *n as f64;
                        round2(match s {
                            Scale::Linear => f,
                            Scale::Log => 10f64.powf(f),
                        })
                    })
                    .collect();
                l.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs());
                l
            }
        };
        Ok(Prepared {
            l: self,
            lo,
            hi,
            levels,
        })
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.xs.len() + i]
    }
}

/// Rounds to two significant digits.
fn round2(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let e = v.abs().log10().floor() - 1.0;
    let p = 10f64.powf(e);
    (v / p).round() * p
}

struct Prepared<'a> {
    l: &'a Landscape,
    lo: f64,
    hi: f64,
    levels: Vec<f64>,
}

/// Cell edges: midpoints between grid points, extended by half a step.
fn edges(v: &[f64]) -> Vec<f64> {
    if v.len() == 1 {
        return vec![v[0] - 0.5, v[0] + 0.5];
    }
    let mut e = Vec::with_capacity(v.len() + 1);
    e.push(v[0] - (v[1] - v[0]) / 2.0);
    e.extend(v.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    e.push(v[v.len() - 1] + (v[v.len() - 1] - v[v.len() - 2]) / 2.0);
    e
}

impl Prepared<'_> {
    /// Position of `v` on the colour scale, in [0, 1].
    fn t(&self, v: f64) -> f64 {
        let s = self.l.color_scale;
        let (f0, f1) = (s.forward(self.lo), s.forward(self.hi));
        let f = if s.admits(v) { s.forward(v) } else { f0 };
        ((f - f0) / (f1 - f0)).clamp(0.0, 1.0)
    }

    fn colour(&self, v: f64) -> RGBColor {
        if v.is_finite() {
            viridis(self.t(v))
        } else {
            UNDEFINED
        }
    }

    fn main<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let l = self.l;
        let (ex, ey) = (edges(&l.xs), edges(&l.ys));
        let (x0, x1) = (ex[0], ex[ex.len() - 1]);
        let (y0, y1) = (ey[0], ey[ey.len() - 1]);
        let mut chart = theme
            .builder_untitled(area)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc(fig.x_label())
            .y_desc(fig.y_label())
            .axis_desc_style(theme.axis_font())
            .label_style(theme.tick_font())
            .disable_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_labels(10)
            .y_labels(10)
            .draw()
            .map_err(fail)?;

        let ny = l.ys.len();
        chart
            .draw_series((0..l.xs.len()).flat_map(|i| {
                let ex = &ex;
                let ey = &ey;
                (0..ny).map(move |j| {
                    let v = l.at(i, j);
                    Rectangle::new(
                        [(ex[i], ey[j]), (ex[i + 1], ey[j + 1])],
                        self.colour(v).filled(),
                    )
                })
            }))
            .map_err(fail)?;

        let s = l.color_scale;
        let z = |i: usize, j: usize| {
            let v = l.at(i, j);
            if !v.is_finite() {
                None
            } else if s.admits(v) {
                Some(s.forward(v))
            } else {
                Some(s.forward(self.lo))
            }
        };
        let (wide, thin) = (theme.px(3.5), theme.px(1.5));
        for &level in &self.levels {
            let segs = segments(&l.xs, &l.ys, z, s.forward(level));
            // A dark halo under a light line stays visible on every colour.
            chart
                .draw_series(
                    segs.iter()
                        .map(|p| PathElement::new(p.to_vec(), BLACK.mix(0.45).stroke_width(wide))),
                )
                .map_err(fail)?;
            chart
                .draw_series(
                    segs.iter()
                        .map(|p| PathElement::new(p.to_vec(), WHITE.mix(0.95).stroke_width(thin))),
                )
                .map_err(fail)?;
        }

        let r = theme.px(9.0) as i32;
        let ew = theme.px(2.0);
        let legend_len = theme.px(32.0) as i32;
        let mut labels: Vec<&str> = Vec::new();
        for (k, m) in l.minima.iter().enumerate() {
            // Vermillion, reddish purple, orange, …: far from viridis hues.
            let c = color([1, 3, 4, 5, 6, 0][k % 6]);
            chart
                .draw_series(std::iter::once(glyph(k, (m.x, m.y), r, c, WHITE, ew)))
                .map_err(fail)?
                .label(&m.label)
                .legend(move |(x, y)| glyph(k, (x + legend_len / 2, y), r, c, BLACK, ew));
            labels.push(&m.label);
        }
        if l.values.iter().any(|v| !v.is_finite()) {
            let px = theme.px(14.0) as i32;
            chart
                .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .map_err(fail)?
                .label("∞ / undefined")
                .legend(move |(x, y)| {
                    Rectangle::new(
                        [(x, y - px / 2), (x + legend_len, y + px / 2)],
                        UNDEFINED.filled(),
                    )
                });
            labels.push("∞ / undefined");
        }
        if !labels.is_empty() {
            let (w, h) = theme.legend_box(&labels);
            let (pw, ph) = chart.plotting_area().dim_in_pixel();
            let occ: Vec<(f64, f64)> = l
                .minima
                .iter()
                .map(|m| ((m.x - x0) / (x1 - x0), (m.y - y0) / (y1 - y0)))
                .collect();
            let pos = if occ.is_empty() {
                SeriesLabelPosition::UpperRight
            } else {
                legend_position(&occ, (w / f64::from(pw), h / f64::from(ph)))
            };
            theme.legend(&mut chart, pos)?;
        }
        Ok(())
    }

    fn colour_bar<'r, DB, YS>(
        &self,
        area: &'r DrawingArea<DB, Shift>,
        theme: &Theme,
        y_spec: YS,
    ) -> Drawn
    where
        DB: DrawingBackend + 'r,
        YS: AsRangedCoord<Value = f64>,
        YS::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let mut chart = ChartBuilder::on(area)
            .margin(theme.px(16.0))
            .margin_left(theme.px(4.0))
            .x_label_area_size(theme.px(70.0))
            .right_y_label_area_size(theme.px(100.0))
            .build_cartesian_2d(0f64..1f64, y_spec)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .x_labels(0)
            .y_desc(self.l.value_label.as_str())
            .axis_desc_style(theme.axis_font())
            .label_style(theme.tick_font())
            .y_label_formatter(&|v| tick(*v))
            .y_labels(8)
            .draw()
            .map_err(fail)?;
        let s = self.l.color_scale;
        let (f0, f1) = (s.forward(self.lo), s.forward(self.hi));
        let back = |f: f64| match s {
            Scale::Linear => f,
            Scale::Log => 10f64.powf(f),
        };
        const STEPS: usize = 256;
        chart
            .draw_series((0..STEPS).map(|k| {
                let (a, b) = (k as f64 / STEPS as f64, (k + 1) as f64 / STEPS as f64);
                let lo = back(f0 + a * (f1 - f0));
                let hi = back(f0 + b * (f1 - f0));
                Rectangle::new([(0.0, lo), (1.0, hi)], viridis((a + b) / 2.0).filled())
            }))
            .map_err(fail)?;
        // Contour levels as ticks across the bar.
        chart
            .draw_series(
                self.levels
                    .iter()
                    .filter(|&&v| v >= self.lo && v <= self.hi)
                    .map(|&v| {
                        PathElement::new(
                            vec![(0.0, v), (1.0, v)],
                            WHITE.stroke_width(theme.px(2.0)),
                        )
                    }),
            )
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, self.lo), (1.0, self.hi)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail)?;
        Ok(())
    }
}

impl Render for Prepared<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let body = root
            .margin(theme.px(12.0), 0, 0, 0)
            .titled(fig.title(), theme.title_font())
            .map_err(fail)?;
        let (w, _) = body.dim_in_pixel();
        let bar_w = theme.px(190.0).min(w / 3);
        let (main, bar) = body.split_horizontally(w - bar_w);
        self.main(&main, fig, theme)?;
        match self.l.color_scale {
            Scale::Linear => self.colour_bar(&bar, theme, self.lo..self.hi),
            Scale::Log => self.colour_bar(&bar, theme, log_axis(self.lo, self.hi)),
        }
    }
}

/// Draws a 2-D landscape — e.g. KL over (μ, σ) — as a heatmap with a
/// colour bar (labelled with `value_label`, contour levels marked on it),
/// contour lines, and a marker with legend entry for each given minimum,
/// writing `<stem>.svg` and `<stem>.png`.
///
/// Colours follow viridis, on a linear or logarithmic scale
/// ([`Landscape::color_scale`]). Cells whose value is `+∞` or NaN are grey
/// and listed in the legend as "∞ / undefined"; they are ignored by the
/// colour range and contour cells touching them are skipped.
///
/// # Errors
/// - [`crate::Error::Empty`], [`crate::Error::NotFinite`], [`crate::Error::NotIncreasing`]:
///   `xs` or `ys` empty, non-finite or not strictly increasing.
/// - [`crate::Error::LengthMismatch`]: `values.len() != xs.len() * ys.len()`.
/// - [`crate::Error::NothingToPlot`]: no finite (positive, on a log scale) value.
/// - [`crate::Error::InvalidParameter`]: more than 1000 automatic contour levels.
/// - [`crate::Error::InvalidPath`], [`crate::Error::Io`], [`crate::Error::Render`]: output failures.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{landscape, Figure, Landscape, Marker, Scale};
/// let xs: Vec<f64> = (0..21).map(|i| -2.0 + 0.2 * i as f64).collect();
/// let ys = xs.clone();
/// let values = ys.iter().flat_map(|y| xs.iter().map(move |x| x * x + y * y)).collect();
/// let mut land = Landscape::new(xs, ys, values, "KL [bits]");
/// land.minima.push(Marker::new("minimum", 0.0, 0.0));
/// let fig = Figure::new("Bowl", "μ [–]", "σ [–]");
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("landscape");
/// landscape(&stem, &fig, &land)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn landscape(stem: impl AsRef<Path>, fig: &Figure, chart: &Landscape) -> Result<Written> {
    let prepared = chart.validate()?;
    output::write(stem.as_ref(), fig, &prepared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_and_rounding() {
        assert_eq!(edges(&[0.0, 1.0, 2.0]), vec![-0.5, 0.5, 1.5, 2.5]);
        assert_eq!(edges(&[3.0]), vec![2.5, 3.5]);
        assert!((round2(0.012345) - 0.012).abs() < 1e-15);
        assert!((round2(345.0) - 350.0).abs() < 1e-12);
    }
}
