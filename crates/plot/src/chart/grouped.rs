//! Grouped bars: several quantities per category, e.g. KL(data‖model) next
//! to KL(model‖data) for each model.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::draw::{keyed, padded};
use crate::output::{fail, Drawn, Render};
use crate::theme::{color, densify, legend_position, Theme};
use crate::{check, output, Error, Figure, NamedValues, Result, Scale, Written};

/// Input of [`grouped_bars`]: for each series one value per category.
///
/// Values may be `+∞` (reverse KL is infinite when the model puts mass
/// where the data has none): such a bar is drawn to near the top of the
/// axis, hatched lighter and labelled `∞`.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBars {
    /// Category names along the x axis (e.g. the models).
    pub categories: Vec<String>,
    /// The bar series (e.g. `"KL(data‖model)"`, `"KL(model‖data)"`), each
    /// with one value per category.
    pub series: Vec<NamedValues>,
}

impl GroupedBars {
    fn validate(&self) -> Result<(f64, f64)> {
        check::non_empty("categories", &self.categories)?;
        check::non_empty("series list", &self.series)?;
        let mut finite = Vec::new();
        for s in &self.series {
            let what = format!("values of {:?}", s.label);
            check::same_len(&what, self.categories.len(), s.values.len())?;
            if let Some(index) = s
                .values
                .iter()
                .position(|v| v.is_nan() || *v == f64::NEG_INFINITY)
            {
                return Err(Error::NotFinite {
                    what,
                    index,
                    value: s.values[index],
                });
            }
            finite.extend(s.values.iter().copied().filter(|v| v.is_finite()));
        }
        let hi = finite.iter().fold(0f64, |a, &b| a.max(b));
        let lo = finite.iter().fold(0f64, |a, &b| a.min(b));
        let hi = if hi > lo { hi } else { lo + 1.0 };
        // Head room for the value labels above the bars.
        let (lo, hi) = padded(lo, hi, Scale::Linear, 0.05, true);
        Ok((lo, hi + 0.1 * (hi - lo)))
    }
}

struct Prepared<'a> {
    g: &'a GroupedBars,
    y: (f64, f64),
}

/// Three significant digits, no exponent for ordinary KL values.
fn value_label(v: f64) -> String {
    if v.is_infinite() {
        return "∞".into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        return format!("{v:.2e}");
    }
    let digits = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    };
    format!("{v:.digits$}")
}

impl Render for Prepared<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let g = self.g;
        let n = g.categories.len();
        let m = g.series.len();
        let (x0, x1) = (-0.5, n as f64 - 0.5);
        let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let mut chart = theme
            .builder(root, fig)
            .build_cartesian_2d(keyed(x0..x1, keys), self.y.0..self.y.1)
            .map_err(fail)?;
        let names = |v: &f64| {
            let i = v.round();
            if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                g.categories[i as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_desc(fig.x_label())
            .y_desc(fig.y_label())
            .axis_desc_style(theme.axis_font())
            .label_style(theme.tick_font())
            .bold_line_style(theme.bold_grid())
            .light_line_style(theme.light_grid())
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&names)
            .y_label_formatter(&|v| crate::theme::tick(*v))
            .y_labels(10)
            .draw()
            .map_err(fail)?;

        let group_w = 0.8;
        let w = group_w / m as f64;
        let base = 0f64.max(self.y.0);
        let inf_top = self.y.0 + 0.93 * (self.y.1 - self.y.0);
        let px = theme.px(14.0) as i32;
        let legend_len = theme.px(32.0) as i32;
        let show_values = n * m <= 40;
        let font = theme
            .annotation_font()
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let mut occ = Vec::new();
        let nx = |x: f64| (x - x0) / (x1 - x0);
        let ny = |y: f64| (y - self.y.0) / (self.y.1 - self.y.0);
        for (j, s) in g.series.iter().enumerate() {
            let col = color(j);
            let bars: Vec<(f64, f64, f64, bool)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let left = i as f64 - group_w / 2.0 + j as f64 * w;
                    let top = if v.is_finite() { v } else { inf_top };
                    (left, left + w, top, v.is_finite())
                })
                .collect();
            for &(l, r, t, _) in &bars {
                for x in [l, (l + r) / 2.0, r] {
                    densify((nx(x), ny(base)), (nx(x), ny(t) + 0.06), &mut occ);
                }
            }
            chart
                .draw_series(bars.iter().map(|&(l, r, t, fin)| {
                    let style = if fin {
                        col.filled()
                    } else {
                        col.mix(0.45).filled()
                    };
                    Rectangle::new([(l + 0.01, base), (r - 0.01, t)], style)
                }))
                .map_err(fail)?
                .label(&s.label)
                .legend(move |(x, y)| {
                    Rectangle::new(
                        [(x, y - px / 2), (x + legend_len, y + px / 2)],
                        col.filled(),
                    )
                });
            if show_values {
                chart
                    .draw_series(bars.iter().zip(&s.values).map(|(&(l, r, t, _), &v)| {
                        Text::new(value_label(v), ((l + r) / 2.0, t), font.clone())
                    }))
                    .map_err(fail)?;
            }
        }
        if m > 1 {
            let labels: Vec<&str> = g.series.iter().map(|s| s.label.as_str()).collect();
            let (w, h) = theme.legend_box(&labels);
            let (pw, ph) = chart.plotting_area().dim_in_pixel();
            let pos = legend_position(&occ, (w / f64::from(pw), h / f64::from(ph)));
            theme.legend(&mut chart, pos)?;
        }
        Ok(())
    }
}

/// Draws grouped bars, one group per category and one bar per series, with
/// each bar's value printed above it (up to 40 bars), writing
/// `<stem>.svg` and `<stem>.png`. The asymmetry view: KL(data‖model) and
/// KL(model‖data) side by side for each model.
///
/// `+∞` values are drawn as lighter bars reaching 93 % of the axis height
/// and labelled `∞`; they do not affect the axis range.
///
/// # Errors
/// - [`crate::Error::Empty`]: no categories or no series.
/// - [`crate::Error::LengthMismatch`]: a series has not one value per category.
/// - [`crate::Error::NotFinite`]: a value is NaN or `−∞`.
/// - [`crate::Error::InvalidPath`], [`crate::Error::Io`], [`crate::Error::Render`]: output failures.
///
/// # Panics
/// Never panics.
///
/// # Example
/// ```
/// use plot::{grouped_bars, Figure, GroupedBars, NamedValues};
/// let bars = GroupedBars {
///     categories: vec!["uniform".into(), "Binomial(10, 0.57)".into()],
///     series: vec![
///         NamedValues::new("KL(data‖model)", vec![0.34, 0.56]),
///         NamedValues::new("KL(model‖data)", vec![0.31, f64::INFINITY]),
///     ],
/// };
/// let fig = Figure::new("KL is not symmetric", "model", "KL [bits]");
/// let stem = std::env::temp_dir().join("klfit-plot-doc").join("asymmetry");
/// grouped_bars(&stem, &fig, &bars)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn grouped_bars(stem: impl AsRef<Path>, fig: &Figure, chart: &GroupedBars) -> Result<Written> {
    let y = chart.validate()?;
    output::write(stem.as_ref(), fig, &Prepared { g: chart, y })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_labels() {
        assert_eq!(value_label(0.3384), "0.338");
        assert_eq!(value_label(12.345), "12.3");
        assert_eq!(value_label(f64::INFINITY), "∞");
    }
}
