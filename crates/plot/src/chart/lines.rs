//! The line-chart engine behind [`crate::curves`] and [`crate::densities`]:
//! broken lines over finite points, an optional shaded reference curve,
//! dashed vertical markers, point markers, and a legend placed where it
//! covers the least data.

use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::draw::{extent, glyph, legend_line, log_axis, padded, runs};
use crate::output::{fail, Drawn, Render};
use crate::theme::{color, densify, legend_position, tick, Theme};
use crate::{check, Error, Figure, Marker, Result, Scale, Series, VLine};

/// Validated input of a line chart with its axis ranges.
pub(crate) struct LineChart<'a> {
    pub(crate) shaded: Option<&'a Series>,
    pub(crate) series: &'a [Series],
    pub(crate) vlines: &'a [VLine],
    pub(crate) markers: &'a [Marker],
    pub(crate) y_scale: Scale,
    pub(crate) x_scale: Scale,
    x: (f64, f64),
    y: (f64, f64),
}

impl<'a> LineChart<'a> {
    /// Validates everything and computes the axis ranges.
    pub(crate) fn new(
        shaded: Option<&'a Series>,
        series: &'a [Series],
        vlines: &'a [VLine],
        markers: &'a [Marker],
        y_scale: Scale,
        x_scale: Scale,
    ) -> Result<Self> {
        if shaded.is_none() {
            check::non_empty("series list", series)?;
        }
        for s in shaded.into_iter().chain(series) {
            check::series(s, y_scale)?;
        }
        for v in vlines {
            check::finite_value(&format!("vertical line {:?} x", v.label), v.x)?;
        }
        for m in markers {
            check::finite_value(&format!("marker {:?} x", m.label), m.x)?;
            check::finite_value(&format!("marker {:?} y", m.label), m.y)?;
        }
        let all = || shaded.into_iter().chain(series);
        let xs = all()
            .flat_map(|s| {
                s.xs.iter()
                    .zip(&s.ys)
                    .filter(|(&x, &y)| y_scale.admits(y) && x_scale.admits(x))
                    .map(|(&x, _)| x)
            })
            .chain(vlines.iter().map(|v| v.x))
            .chain(markers.iter().map(|m| m.x));
        let ys = all()
            .flat_map(|s| s.ys.iter().copied())
            .chain(markers.iter().map(|m| m.y));
        // Both are Some: every series has an admissible point.
        let (x0, x1) = extent(xs, x_scale).unwrap_or((1.0, 10.0));
        let (y0, y1) = extent(ys, y_scale).ok_or_else(|| Error::NothingToPlot {
            what: "markers".into(),
            log_scale: true,
        })?;
        let x_pad = if vlines.is_empty() && markers.is_empty() {
            0.0
        } else {
            0.02
        };
        let x = padded(x0, x1, x_scale, x_pad, false);
        let y = padded(y0, y1, y_scale, 0.06, true);
        Ok(Self {
            shaded,
            series,
            vlines,
            markers,
            y_scale,
            x_scale,
            x,
            y,
        })
    }

    fn labels(&self) -> Vec<&str> {
        self.shaded
            .into_iter()
            .chain(self.series)
            .map(|s| s.label.as_str())
            .chain(self.vlines.iter().map(|v| v.label.as_str()))
            .chain(self.markers.iter().map(|m| m.label.as_str()))
            .collect()
    }

    /// Data points in plot-area fractions, for legend placement.
    fn occupied(&self) -> Vec<(f64, f64)> {
        let s = self.y_scale;
        let xs = self.x_scale;
        let (fy0, fy1) = (s.forward(self.y.0), s.forward(self.y.1));
        let (fx0, fx1) = (xs.forward(self.x.0), xs.forward(self.x.1));
        let nx = |x: f64| (xs.forward(x) - fx0) / (fx1 - fx0);
        let ny = |y: f64| (s.forward(y) - fy0) / (fy1 - fy0);
        let mut pts = Vec::new();
        for series in self.shaded.into_iter().chain(self.series) {
            for run in self.runs(series) {
                for w in run.windows(2) {
                    densify((nx(w[0].0), ny(w[0].1)), (nx(w[1].0), ny(w[1].1)), &mut pts);
                }
                pts.extend(run.iter().map(|&(x, y)| (nx(x), ny(y))));
            }
        }
        if let Some(sh) = self.shaded {
            // The shaded area is data too: sample it down to the axis.
            for (&x, &y) in sh.xs.iter().zip(&sh.ys) {
                if s.admits(y) && xs.admits(x) {
                    densify((nx(x), 0.0), (nx(x), ny(y)), &mut pts);
                }
            }
        }
        for v in self.vlines {
            densify((nx(v.x), 0.0), (nx(v.x), 1.0), &mut pts);
        }
        pts.extend(self.markers.iter().map(|m| (nx(m.x), ny(m.y))));
        pts
    }

    /// The drawable runs of a series: points admitted by both scales.
    fn runs(&self, series: &Series) -> Vec<Vec<(f64, f64)>> {
        runs(&series.xs, &series.ys, self.y_scale)
            .into_iter()
            .flat_map(|run| {
                let mut out = vec![Vec::new()];
                for (x, y) in run {
                    if self.x_scale.admits(x) {
                        if let Some(r) = out.last_mut() {
                            r.push((x, y));
                        }
                    } else if out.last().is_some_and(|r| !r.is_empty()) {
                        out.push(Vec::new());
                    }
                }
                out.into_iter().filter(|r| !r.is_empty())
            })
            .collect()
    }

    fn draw<'r, DB, XS, YS>(
        &self,
        root: &'r DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
        x_spec: XS,
        y_spec: YS,
    ) -> Drawn
    where
        DB: DrawingBackend + 'r,
        XS: AsRangedCoord<Value = f64>,
        XS::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
        YS: AsRangedCoord<Value = f64>,
        YS::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let mut chart = theme
            .builder(root, fig)
            .build_cartesian_2d(x_spec, y_spec)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc(fig.x_label())
            .y_desc(fig.y_label())
            .axis_desc_style(theme.axis_font())
            .label_style(theme.tick_font())
            .bold_line_style(theme.bold_grid())
            .light_line_style(theme.light_grid())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_labels(10)
            .y_labels(10)
            .draw()
            .map_err(fail)?;

        let lw = theme.line_width();
        let legend_len = theme.px(32.0) as i32;
        let s = self.y_scale;

        if let Some(sh) = self.shaded {
            let base = if s == Scale::Log {
                self.y.0
            } else {
                0f64.max(self.y.0)
            };
            let grey = RGBColor(120, 120, 120);
            for (k, run) in self.runs(sh).into_iter().enumerate() {
                let anno = chart
                    .draw_series(
                        AreaSeries::new(run, base, grey.mix(0.25))
                            .border_style(grey.stroke_width(lw)),
                    )
                    .map_err(fail)?;
                if k == 0 {
                    let px = theme.px(14.0) as i32;
                    anno.label(&sh.label).legend(move |(x, y)| {
                        Rectangle::new(
                            [(x, y - px / 2), (x + legend_len, y + px / 2)],
                            grey.mix(0.35).filled(),
                        )
                    });
                }
            }
        }

        for (i, series) in self.series.iter().enumerate() {
            let style = color(i).stroke_width(lw);
            // Alternate solid and dashed so that series differ without colour.
            let dashed = i % 2 == 1;
            for (k, run) in self.runs(series).into_iter().enumerate() {
                let anno = if dashed {
                    chart.draw_series(std::iter::once(DashedPathElement::new(
                        run,
                        theme.px(12.0) as i32,
                        theme.px(7.0) as i32,
                        style,
                    )))
                } else {
                    chart.draw_series(LineSeries::new(run, style))
                }
                .map_err(fail)?;
                if k == 0 {
                    anno.label(&series.label)
                        .legend(move |p| legend_line(p, style, dashed, legend_len));
                }
            }
        }

        let n = self.series.len();
        for (j, v) in self.vlines.iter().enumerate() {
            let c = color(n + j);
            // Lines at (nearly) the same x stay distinguishable: each later
            // line is thinner, with a shorter dash, drawn over the earlier.
            let width = (3.5 - 0.8 * j as f64).max(1.5);
            let style = c.stroke_width(theme.px(width));
            let (dash, gap) = match j % 3 {
                0 => (14.0, 8.0),
                1 => (5.0, 5.0),
                _ => (2.0, 4.0),
            };
            let (a, b) = (self.y.0, self.y.1);
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    vec![(v.x, a), (v.x, b)],
                    theme.px(dash) as i32,
                    theme.px(gap) as i32,
                    style,
                )))
                .map_err(fail)?
                .label(&v.label)
                .legend(move |p| {
                    DashedPathElement::new(
                        vec![p, (p.0 + legend_len, p.1)],
                        (legend_len / 4).min(dash as i32 * 2),
                        gap as i32,
                        style,
                    )
                });
        }

        let r = theme.px(8.0) as i32;
        let ew = theme.px(1.5);
        for (j, m) in self.markers.iter().enumerate() {
            let c = color(n + self.vlines.len() + j);
            chart
                .draw_series(std::iter::once(glyph(j, (m.x, m.y), r, c, BLACK, ew)))
                .map_err(fail)?
                .label(&m.label)
                .legend(move |(x, y)| glyph(j, (x + legend_len / 2, y), r, c, BLACK, ew));
        }

        let labels = self.labels();
        if labels.len() > 1 || !self.vlines.is_empty() || !self.markers.is_empty() {
            let (w, h) = theme.legend_box(&labels);
            let (pw, ph) = chart.plotting_area().dim_in_pixel();
            let pos = legend_position(&self.occupied(), (w / f64::from(pw), h / f64::from(ph)));
            theme.legend(&mut chart, pos)?;
        }
        Ok(())
    }
}

impl Render for LineChart<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn {
        let (x, y) = (self.x, self.y);
        match (self.x_scale, self.y_scale) {
            (Scale::Linear, Scale::Linear) => self.draw(root, fig, theme, x.0..x.1, y.0..y.1),
            (Scale::Linear, Scale::Log) => {
                self.draw(root, fig, theme, x.0..x.1, log_axis(y.0, y.1))
            }
            (Scale::Log, Scale::Linear) => {
                self.draw(root, fig, theme, log_axis(x.0, x.1), y.0..y.1)
            }
            (Scale::Log, Scale::Log) => {
                self.draw(root, fig, theme, log_axis(x.0, x.1), log_axis(y.0, y.1))
            }
        }
    }
}
