//! fitdistrplus-style diagnostics of continuous fits to samples, in one
//! 2×2 figure: histogram with fitted densities, empirical CDF with fitted
//! CDFs, Q–Q plot and P–P plot.

use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::bins::{freedman_diaconis, Bins};
use crate::draw::{extent, glyph, legend_line, line, runs};
use crate::output::{fail, Drawn, Render};
use crate::theme::{color, tick, Theme};
use crate::{check, output, Figure, Result, Scale, Written};

/// Pixel size that gives each of the four panels about the default size of
/// a single chart (so fonts and lines match the other figures).
pub const DIAGNOSTICS_SIZE: (u32, u32) = (1600, 1250);

/// One fitted distribution, evaluated for the four panels.
///
/// [`crate::diagnostics_of`] fills it from a family and its fit report.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagnosticFit {
    /// Legend entry: the family with its parameters.
    pub label: String,
    /// Abscissae of the density and CDF curves, finite and strictly
    /// increasing.
    pub grid: Vec<f64>,
    /// The fitted density at each grid point; non-finite values break the
    /// line.
    pub density: Vec<f64>,
    /// The fitted CDF at each grid point; non-finite values break the line.
    pub cdf: Vec<f64>,
    /// Theoretical quantiles `F⁻¹((i − 0.5)/n)`, `i = 1…n`, one per sample;
    /// a non-finite quantile leaves its point out of the Q–Q plot.
    pub quantiles: Vec<f64>,
    /// The fitted CDF at the sorted samples, `F(x₍ᵢ₎)`, one per sample; a
    /// non-finite value leaves its point out of the P–P plot.
    pub probabilities: Vec<f64>,
}

/// Input of [`diagnostics`]: samples and the distributions fitted to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics {
    /// The samples, in any order; finite, at least one.
    pub samples: Vec<f64>,
    /// Legend entry of the data, e.g. `"groundbeef.csv (n = 254)"`.
    pub data_label: String,
    /// The measured quantity with its unit in brackets, e.g.
    /// `"serving size [g]"`: the x axis of the density and CDF panels. The
    /// other axes take the unit from the brackets (`density [1/g]`,
    /// `sample quantile [g]`); without brackets the data count as
    /// dimensionless (`[–]`).
    pub quantity: String,
    /// The fitted distributions, at least one; colours, dashes and marker
    /// shapes alternate as in the other charts.
    pub fits: Vec<DiagnosticFit>,
}

impl Diagnostics {
    /// A [`Figure`] of [`DIAGNOSTICS_SIZE`] with `title`, whose axis labels
    /// are those of the density panel.
    ///
    /// # Errors
    /// Never in practice ([`DIAGNOSTICS_SIZE`] is within the accepted sizes).
    ///
    /// # Example
    /// ```
    /// let d = plot::Diagnostics {
    ///     samples: vec![1.0, 2.0], data_label: "x.csv".into(),
    ///     quantity: "length [m]".into(), fits: vec![],
    /// };
    /// let fig = d.figure("Fits to x.csv")?;
    /// assert_eq!(fig.y_label(), "density [1/m]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn figure(&self, title: impl Into<String>) -> Result<Figure> {
        Figure::new(title, self.quantity.clone(), self.labels().density)
            .with_size(DIAGNOSTICS_SIZE.0, DIAGNOSTICS_SIZE.1)
    }

    fn labels(&self) -> AxisLabels {
        let unit = self
            .quantity
            .rsplit_once('[')
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(u, _)| u.trim())
            .filter(|u| !u.is_empty() && *u != "–" && *u != "-");
        let density = match unit {
            Some(u) if u.contains([' ', '/', '·', '*']) => format!("density [1/({u})]"),
            Some(u) => format!("density [1/{u}]"),
            None => "density [–]".into(),
        };
        let u = unit.unwrap_or("–");
        AxisLabels {
            density,
            theoretical: format!("theoretical quantile [{u}]"),
            sample: format!("sample quantile [{u}]"),
        }
    }

    fn validate(&self) -> Result<Prepared<'_>> {
        check::non_empty("samples", &self.samples)?;
        check::all_finite("samples", &self.samples)?;
        check::non_empty("fits", &self.fits)?;
        let n = self.samples.len();
        for f in &self.fits {
            let name = format!("fit {:?}", f.label);
            check::non_empty(&format!("{name} grid"), &f.grid)?;
            check::all_finite(&format!("{name} grid"), &f.grid)?;
            check::increasing(&format!("{name} grid"), &f.grid)?;
            check::same_len(&format!("{name} density"), f.grid.len(), f.density.len())?;
            check::same_len(&format!("{name} cdf"), f.grid.len(), f.cdf.len())?;
            check::same_len(&format!("{name} quantiles"), n, f.quantiles.len())?;
            check::same_len(&format!("{name} probabilities"), n, f.probabilities.len())?;
        }
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        let bins = freedman_diaconis(&sorted);
        let (lo, hi) = (bins.edges[0], bins.edges[bins.edges.len() - 1]);
        let pad = PANEL_PADDING * (hi - lo);
        let x = (lo - pad, hi + pad);
        let bar_top = bins.densities.iter().fold(0f64, |a, &b| a.max(b));
        let curve_top = self
            .fits
            .iter()
            .flat_map(|f| f.grid.iter().zip(&f.density))
            .filter(|(&gx, _)| gx >= x.0 && gx <= x.1)
            .map(|(_, &d)| d)
            .filter(|d| d.is_finite())
            .fold(0f64, f64::max);
        let density_top = bar_top.max(curve_top.min(DENSITY_HEADROOM * bar_top));
        let qq = extent(
            sorted
                .iter()
                .copied()
                .chain(self.fits.iter().flat_map(|f| f.quantiles.iter().copied())),
            Scale::Linear,
        )
        .unwrap_or((lo, hi));
        let qq_pad = PANEL_PADDING * (qq.1 - qq.0).max(f64::EPSILON * qq.1.abs().max(1.0));
        Ok(Prepared {
            d: self,
            labels: self.labels(),
            sorted,
            bins,
            x,
            density_top: density_top * (1.0 + PANEL_PADDING),
            qq: (qq.0 - qq_pad, qq.1 + qq_pad),
        })
    }
}

/// Fraction of a panel's data span left free at each side.
const PANEL_PADDING: f64 = 0.04;
/// A fitted density may rise this many times above the tallest bar before
/// the y axis stops following it (a density with a pole at zero would
/// flatten the histogram); the curve is cut at the top of the panel.
const DENSITY_HEADROOM: f64 = 1.5;
/// Marker radius in Q–Q and P–P plots, in pixels at the reference size:
/// small enough that hundreds of points stay separable.
const POINT_RADIUS: f64 = 5.0;
/// Legend swatch length in pixels at the reference size.
const SWATCH: f64 = 44.0;

const BAR_FILL: RGBColor = RGBColor(200, 200, 200);
const BAR_EDGE: RGBColor = RGBColor(110, 110, 110);

struct AxisLabels {
    density: String,
    theoretical: String,
    sample: String,
}

struct Prepared<'a> {
    d: &'a Diagnostics,
    labels: AxisLabels,
    sorted: Vec<f64>,
    bins: Bins,
    /// x range of the density and CDF panels.
    x: (f64, f64),
    density_top: f64,
    /// Common range of both axes of the Q–Q panel.
    qq: (f64, f64),
}

type Panel<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    x: (f64, f64),
    y: (f64, f64),
    labels: (&str, &str),
) -> core::result::Result<Panel<'a, DB>, String> {
    let mut b = theme.builder_untitled(area);
    b.caption(title, theme.axis_font())
        .margin_right(theme.px(30.0));
    let mut chart = b.build_cartesian_2d(x.0..x.1, y.0..y.1).map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc(labels.0)
        .y_desc(labels.1)
        .axis_desc_style(theme.axis_font())
        .label_style(theme.tick_font())
        .bold_line_style(theme.bold_grid())
        .light_line_style(theme.light_grid())
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_labels(8)
        .y_labels(6)
        .draw()
        .map_err(fail)?;
    Ok(chart)
}

/// Draws each fit's `(grid, values)` curve, cut where it leaves `y`.
fn fitted_curves<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    theme: &Theme,
    fits: impl Iterator<Item = (Vec<f64>, Vec<f64>)>,
    x: (f64, f64),
    y: (f64, f64),
) -> Drawn {
    let lw = theme.line_width();
    for (i, (xs, ys)) in fits.enumerate() {
        let ys: Vec<f64> = xs
            .iter()
            .zip(ys)
            .map(|(&gx, gy)| {
                if gx >= x.0 && gx <= x.1 && gy >= y.0 && gy <= y.1 {
                    gy
                } else {
                    f64::NAN
                }
            })
            .collect();
        for run in runs(&xs, &ys, Scale::Linear) {
            chart
                .draw_series(std::iter::once(line(
                    run,
                    color(i).stroke_width(lw),
                    i % 2 == 1,
                    theme.px(12.0) as i32,
                    theme.px(7.0) as i32,
                )))
                .map_err(fail)?;
        }
    }
    Ok(())
}

/// The dashed identity line `y = x` over `lo..hi`.
fn identity<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    theme: &Theme,
    lo: f64,
    hi: f64,
) -> Drawn {
    chart
        .draw_series(std::iter::once(line(
            vec![(lo, lo), (hi, hi)],
            BLACK.stroke_width(theme.px(2.0)),
            true,
            theme.px(8.0) as i32,
            theme.px(6.0) as i32,
        )))
        .map_err(fail)?;
    Ok(())
}

/// Points `(xs[j], ys[j])` of fit `i` with both coordinates finite.
fn scatter<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    theme: &Theme,
    i: usize,
    points: impl Iterator<Item = (f64, f64)>,
) -> Drawn {
    let r = theme.px(POINT_RADIUS) as i32;
    let ew = theme.px(1.0);
    chart
        .draw_series(
            points
                .filter(|(a, b)| a.is_finite() && b.is_finite())
                .map(|p| glyph(i, p, r, color(i), WHITE, ew)),
        )
        .map_err(fail)?;
    Ok(())
}

impl Prepared<'_> {
    fn density<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn {
        let y = (0.0, self.density_top);
        let mut chart = panel(
            area,
            theme,
            "Histogram (Freedman–Diaconis bins) and fitted densities",
            self.x,
            y,
            (&self.d.quantity, &self.labels.density),
        )?;
        let bars = || {
            self.bins
                .edges
                .windows(2)
                .zip(&self.bins.densities)
                .map(|(e, &h)| [(e[0], 0.0), (e[1], h)])
        };
        chart
            .draw_series(bars().map(|r| Rectangle::new(r, BAR_FILL.filled())))
            .map_err(fail)?;
        chart
            .draw_series(bars().map(|r| Rectangle::new(r, BAR_EDGE.stroke_width(theme.px(1.0)))))
            .map_err(fail)?;
        fitted_curves(
            &mut chart,
            theme,
            self.d
                .fits
                .iter()
                .map(|f| (f.grid.clone(), f.density.clone())),
            self.x,
            y,
        )
    }

    fn cdf<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn {
        let y = (-PANEL_PADDING, 1.0 + PANEL_PADDING);
        let mut chart = panel(
            area,
            theme,
            "Empirical and fitted CDFs",
            self.x,
            y,
            (&self.d.quantity, "cumulative probability [–]"),
        )?;
        // The empirical CDF as a step function: flat between samples,
        // rising by 1/n at each.
        let n = self.sorted.len() as f64;
        let mut step = vec![(self.x.0, 0.0)];
        for (i, &s) in self.sorted.iter().enumerate() {
            step.push((s, i as f64 / n));
            step.push((s, (i + 1) as f64 / n));
        }
        step.push((self.x.1, 1.0));
        chart
            .draw_series(std::iter::once(PathElement::new(
                step,
                BLACK.stroke_width(theme.px(2.0)),
            )))
            .map_err(fail)?;
        fitted_curves(
            &mut chart,
            theme,
            self.d.fits.iter().map(|f| (f.grid.clone(), f.cdf.clone())),
            self.x,
            y,
        )
    }

    fn qq<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn {
        let mut chart = panel(
            area,
            theme,
            "Q–Q plot, plotting positions (i − 0.5)/n",
            self.qq,
            self.qq,
            (&self.labels.theoretical, &self.labels.sample),
        )?;
        identity(&mut chart, theme, self.qq.0, self.qq.1)?;
        for (i, f) in self.d.fits.iter().enumerate() {
            let pts = f.quantiles.iter().copied().zip(self.sorted.iter().copied());
            scatter(&mut chart, theme, i, pts)?;
        }
        Ok(())
    }

    fn pp<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn {
        let r = (-PANEL_PADDING, 1.0 + PANEL_PADDING);
        let mut chart = panel(
            area,
            theme,
            "P–P plot",
            r,
            r,
            (
                "fitted CDF at the sorted samples [–]",
                "empirical probability (i − 0.5)/n [–]",
            ),
        )?;
        identity(&mut chart, theme, 0.0, 1.0)?;
        let n = self.sorted.len() as f64;
        for (i, f) in self.d.fits.iter().enumerate() {
            let pts = f
                .probabilities
                .iter()
                .enumerate()
                .map(|(j, &p)| (p, (j as f64 + 0.5) / n));
            scatter(&mut chart, theme, i, pts)?;
        }
        Ok(())
    }

    fn legend_labels(&self) -> Vec<String> {
        std::iter::once(format!("data: {}", self.d.data_label))
            .chain(self.d.fits.iter().map(|f| f.label.clone()))
            .chain(std::iter::once(
                "identity line y = x (Q–Q, P–P)".to_string(),
            ))
            .collect()
    }

    /// Columns and rows of the legend strip for an area `width` pixels wide.
    fn legend_grid(&self, theme: &Theme, width: u32) -> (usize, usize) {
        let labels = self.legend_labels();
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let (w, _) = theme.legend_box(&refs);
        let cols = if 2.0 * w <= f64::from(width) { 2 } else { 1 };
        (cols, labels.len().div_ceil(cols))
    }

    /// The shared legend strip below the panels: one entry for the data
    /// (bar and step swatch), one per fit (line and marker), one for the
    /// identity line. Outside the panels, so it never hides data.
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn {
        let (width, _) = area.dim_in_pixel();
        let (cols, rows) = self.legend_grid(theme, width);
        let row_h = legend_row_height(theme);
        let pad = theme.px(12.0) as i32;
        let swatch = theme.px(SWATCH) as i32;
        let col_w = (width as i32 - 2 * pad) / cols as i32;
        let font = theme.legend_font().pos(Pos::new(HPos::Left, VPos::Center));
        let lw = theme.line_width();
        for (k, label) in self.legend_labels().into_iter().enumerate() {
            let (c, r) = if cols == 2 {
                (k / rows, k % rows)
            } else {
                (0, k)
            };
            let x = pad + c as i32 * col_w;
            let y = pad + r as i32 * row_h + row_h / 2;
            if k == 0 {
                let h = row_h / 3;
                area.draw(&Rectangle::new(
                    [(x, y - h), (x + swatch / 2, y + h)],
                    BAR_FILL.filled(),
                ))
                .map_err(fail)?;
                area.draw(&Rectangle::new(
                    [(x, y - h), (x + swatch / 2, y + h)],
                    BAR_EDGE.stroke_width(theme.px(1.0)),
                ))
                .map_err(fail)?;
                area.draw(&PathElement::new(
                    vec![
                        (x + swatch / 2, y + h),
                        (x + swatch / 2, y - h),
                        (x + swatch, y - h),
                    ],
                    BLACK.stroke_width(theme.px(2.0)),
                ))
                .map_err(fail)?;
            } else if k <= self.d.fits.len() {
                let i = k - 1;
                area.draw(&legend_line(
                    (x, y),
                    color(i).stroke_width(lw),
                    i % 2 == 1,
                    swatch,
                ))
                .map_err(fail)?;
                let r = theme.px(POINT_RADIUS + 2.0) as i32;
                area.draw(&glyph(
                    i,
                    (x + swatch / 2, y),
                    r,
                    color(i),
                    WHITE,
                    theme.px(1.0),
                ))
                .map_err(fail)?;
            } else {
                area.draw(&legend_line(
                    (x, y),
                    BLACK.stroke_width(theme.px(2.0)),
                    true,
                    swatch,
                ))
                .map_err(fail)?;
            }
            area.draw(&Text::new(label, (x + swatch + pad, y), font.clone()))
                .map_err(fail)?;
        }
        Ok(())
    }
}

fn legend_row_height(theme: &Theme) -> i32 {
    (theme.font_px(18.0) * 1.6).round() as i32
}

impl Render for Prepared<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let (w, h) = root.dim_in_pixel();
        // Each panel is drawn at a quarter of the figure: size its fonts so.
        let pt = Theme::new((w / 2, h / 2));
        let body = root
            .margin(theme.px(12.0), 0, 0, 0)
            .titled(fig.title(), pt.title_font())
            .map_err(fail)?;
        let (bw, bh) = body.dim_in_pixel();
        let (_, rows) = self.legend_grid(&pt, bw);
        let legend_h = rows as i32 * legend_row_height(&pt) + 2 * pt.px(12.0) as i32;
        let (panels, legend) = body.split_vertically((bh as i32 - legend_h).max(0));
        let areas = panels.split_evenly((2, 2));
        self.density(&areas[0], &pt)?;
        self.cdf(&areas[1], &pt)?;
        self.qq(&areas[2], &pt)?;
        self.pp(&areas[3], &pt)?;
        self.legend(&legend, &pt)
    }
}

/// Draws fitdistrplus's four diagnostic panels for continuous fits to
/// samples, writing `<stem>.svg` and `<stem>.png`:
///
/// | panel | shows |
/// |---|---|
/// | top left | histogram on Freedman–Diaconis bins, each fitted density as a line |
/// | top right | the empirical CDF (a step function) with each fitted CDF |
/// | bottom left | Q–Q: theoretical quantiles `F⁻¹((i − 0.5)/n)` against the sorted samples, with `y = x` |
/// | bottom right | P–P: `F(x₍ᵢ₎)` against `(i − 0.5)/n`, with `y = x` |
///
/// `fig` gives the title and the size ([`Diagnostics::figure`] makes one of
/// [`DIAGNOSTICS_SIZE`]); each panel labels its own axes from
/// [`Diagnostics::quantity`]. One legend below the panels names the data
/// and every fit, so that no legend hides a point.
///
/// # Formula
/// ```text
/// bin width  h = 2 · IQR · n^(−1/3)   (Sturges (max − min)/(⌈log₂ n⌉ + 1) if IQR = 0)
/// bar height   = countᵢ / (n · h)     (bars of total area 1, comparable with densities)
/// ECDF F̂(x)    = #{i : xᵢ ≤ x} / n
/// plotting positions pᵢ = (i − 0.5)/n,  i = 1…n
/// ```
/// The number of bins is capped at 200. The density panel's y axis follows
/// the fitted densities up to 1.5 times the tallest bar; a density above
/// that (a pole at zero) is cut at the top of the panel.
///
/// # Errors
/// - [`crate::Error::Empty`]: no samples, no fits, or a fit with an empty grid.
/// - [`crate::Error::NotFinite`]: a sample or grid point is NaN or infinite.
/// - [`crate::Error::NotIncreasing`]: a fit's grid is not strictly increasing.
/// - [`crate::Error::LengthMismatch`]: a fit's density or CDF is not one value per
///   grid point, or its quantiles or probabilities not one per sample.
/// - [`crate::Error::InvalidPath`], [`crate::Error::Io`], [`crate::Error::Render`]: output failures.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{diagnostics, DiagnosticFit, Diagnostics};
/// // Eight samples against the uniform distribution on [0, 1].
/// let samples = vec![0.05, 0.2, 0.3, 0.45, 0.5, 0.7, 0.8, 0.95];
/// let n = samples.len() as f64;
/// let grid: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
/// let uniform = DiagnosticFit {
///     label: "Uniform(0, 1)".into(),
///     density: vec![1.0; grid.len()],
///     cdf: grid.clone(),
///     grid,
///     quantiles: (0..8).map(|i| (f64::from(i) + 0.5) / n).collect(),
///     probabilities: samples.clone(),
/// };
/// let d = Diagnostics {
///     samples, data_label: "example (n = 8)".into(),
///     quantity: "fraction [–]".into(), fits: vec![uniform],
/// };
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("diagnostics");
/// let out = diagnostics(&stem, &d.figure("Uniform fit")?, &d)?;
/// assert!(out.svg.exists() && out.png.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Delignette-Muller & Dutang, *J. Stat. Softw.* 64(4) (2015), §2.2 and
/// Fig. 3 (`denscomp`, `cdfcomp`, `qqcomp`, `ppcomp`); Freedman & Diaconis,
/// *Z. Wahrscheinlichkeitstheorie verw. Gebiete* 57 (1981) 453–476.
pub fn diagnostics(stem: impl AsRef<Path>, fig: &Figure, chart: &Diagnostics) -> Result<Written> {
    let prepared = chart.validate()?;
    output::write(stem.as_ref(), fig, &prepared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn with_quantity(q: &str) -> Diagnostics {
        Diagnostics {
            samples: vec![1.0],
            data_label: String::new(),
            quantity: q.into(),
            fits: vec![],
        }
    }

    #[test]
    fn units_come_from_the_brackets() {
        let l = with_quantity("serving size [g]").labels();
        assert_eq!(l.density, "density [1/g]");
        assert_eq!(l.sample, "sample quantile [g]");
        let l = with_quantity("speed [m/s]").labels();
        assert_eq!(l.density, "density [1/(m/s)]");
        let l = with_quantity("ratio").labels();
        assert_eq!(l.density, "density [–]");
        assert_eq!(l.theoretical, "theoretical quantile [–]");
    }

    #[test]
    fn no_fits_is_an_error() {
        assert!(matches!(
            with_quantity("x [m]").validate(),
            Err(Error::Empty { .. })
        ));
    }
}
