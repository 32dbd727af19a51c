//! Fonts, colours, line widths and legend placement shared by every chart,
//! scaled with the figure size so that text stays readable from 800×600 up.

use plotters::chart::SeriesLabelPosition;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::font::FAMILY;
use crate::Figure;

/// Okabe–Ito colours: distinguishable with the common colour-vision
/// deficiencies and in greyscale print (yellow left out: invisible on white).
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// Colour of the `i`-th series.
pub(crate) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Sizes derived from the figure size.
pub(crate) struct Theme {
    scale: f64,
}

impl Theme {
    pub(crate) fn new((w, h): (u32, u32)) -> Self {
        let s = (f64::from(w) / 1000.0).min(f64::from(h) / 700.0);
        Self {
            scale: s.clamp(0.8, 8.0),
        }
    }

    /// A length in pixels at the 1000×700 reference size, scaled.
    pub(crate) fn px(&self, base: f64) -> u32 {
        (base * self.scale).round().max(1.0) as u32
    }

    pub(crate) fn font_px(&self, base: f64) -> f64 {
        base * self.scale
    }

    pub(crate) fn title_font(&self) -> TextStyle<'static> {
        (FAMILY, self.font_px(28.0))
            .into_font()
            .style(FontStyle::Bold)
            .into()
    }
    pub(crate) fn axis_font(&self) -> TextStyle<'static> {
        (FAMILY, self.font_px(22.0)).into_font().into()
    }
    pub(crate) fn tick_font(&self) -> TextStyle<'static> {
        (FAMILY, self.font_px(18.0)).into_font().into()
    }
    pub(crate) fn legend_font(&self) -> TextStyle<'static> {
        (FAMILY, self.font_px(18.0)).into_font().into()
    }
    pub(crate) fn annotation_font(&self) -> TextStyle<'static> {
        (FAMILY, self.font_px(16.0)).into_font().into()
    }
    pub(crate) fn line_width(&self) -> u32 {
        self.px(3.0)
    }

    /// A chart builder with title, margins and label areas sized for the
    /// fonts.
    pub(crate) fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        fig: &Figure,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(area);
        b.caption(fig.title(), self.title_font())
            .margin(self.px(16.0))
            .margin_right(self.px(30.0))
            .x_label_area_size(self.px(70.0))
            .y_label_area_size(self.px(105.0));
        b
    }

    /// A chart builder like [`Theme::builder`] without a title (the
    /// caller drew it across several areas).
    pub(crate) fn builder_untitled<'a, 'b, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(area);
        b.margin(self.px(16.0))
            .x_label_area_size(self.px(70.0))
            .y_label_area_size(self.px(105.0));
        b
    }

    /// Mesh colours: a faint grid that does not compete with the data.
    pub(crate) fn bold_grid(&self) -> ShapeStyle {
        BLACK.mix(0.15).stroke_width(1)
    }
    pub(crate) fn light_grid(&self) -> ShapeStyle {
        BLACK.mix(0.05).stroke_width(1)
    }

    /// Size of the legend box in pixels for the given labels.
    pub(crate) fn legend_box(&self, labels: &[&str]) -> (f64, f64) {
        let chars = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
        let font = self.font_px(18.0);
        let w = chars * 0.62 * font + f64::from(self.px(44.0)) + 3.0 * f64::from(self.px(12.0));
        let h = labels.len() as f64 * (font * 1.25 + 4.0) + 2.0 * f64::from(self.px(12.0));
        (w, h)
    }

    /// Draws the legend of `chart` at `pos`.
    pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
        &self,
        chart: &mut ChartContext<'a, DB, CT>,
        pos: SeriesLabelPosition,
    ) -> crate::output::Drawn {
        chart
            .configure_series_labels()
            .position(pos)
            .margin(self.px(12.0))
            .legend_area_size(self.px(44.0))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.5))
            .label_font(self.legend_font())
            .draw()
            .map_err(crate::output::fail)
    }
}

/// Picks the legend position whose box covers the fewest data points.
///
/// `points` are in plot-area fractions (0 = left/bottom, 1 = right/top),
/// `box_frac` the legend box's (width, height) as fractions of the plot
/// area. Ties go to the upper corners, right first.
pub(crate) fn legend_position(points: &[(f64, f64)], box_frac: (f64, f64)) -> SeriesLabelPosition {
    use SeriesLabelPosition as P;
    let (bw, bh) = (box_frac.0.min(1.0), box_frac.1.min(1.0));
    // Margin of the legend box inside the plot area, as a fraction.
    let m = 0.02;
    let candidates = [
        (P::UpperRight, 1.0 - m - bw, 1.0 - m - bh),
        (P::UpperLeft, m, 1.0 - m - bh),
        (P::UpperMiddle, 0.5 - bw / 2.0, 1.0 - m - bh),
        (P::LowerRight, 1.0 - m - bw, m),
        (P::LowerLeft, m, m),
        (P::MiddleRight, 1.0 - m - bw, 0.5 - bh / 2.0),
        (P::MiddleLeft, m, 0.5 - bh / 2.0),
        (P::LowerMiddle, 0.5 - bw / 2.0, m),
    ];
    let pad = 0.015;
    let mut best = (usize::MAX, P::UpperRight);
    for (pos, x0, y0) in candidates {
        let n = points
            .iter()
            .filter(|&&(x, y)| {
                x >= x0 - pad && x <= x0 + bw + pad && y >= y0 - pad && y <= y0 + bh + pad
            })
            .count();
        if n < best.0 {
            best = (n, pos);
        }
    }
    best.1
}

/// Points along the segment from `a` to `b`, so that a long line crossing a
/// corner counts as occupying it.
pub(crate) fn densify(a: (f64, f64), b: (f64, f64), out: &mut Vec<(f64, f64)>) {
    const STEPS: usize = 24;
    for k in 0..=STEPS {
        let t = k as f64 / STEPS as f64;
        out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
    }
}

/// Formats a tick value compactly: `0.25`, `3`, `1e-3`, `2.5e4`.
pub(crate) fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        // 1.0e-3 -> 1e-3
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_avoids_data() {
        // Data fills the upper right corner only.
        let pts: Vec<_> = (0..100)
            .map(|i| (0.7 + 0.003 * i as f64, 0.7 + 0.003 * i as f64))
            .collect();
        assert_eq!(
            legend_position(&pts, (0.3, 0.2)),
            SeriesLabelPosition::UpperLeft
        );
        assert_eq!(
            legend_position(&[], (0.3, 0.2)),
            SeriesLabelPosition::UpperRight
        );
    }

    #[test]
    fn ticks_are_compact() {
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(3.0), "3");
        assert_eq!(tick(0.0001), "1e-4");
        assert_eq!(tick(-0.0), "0");
    }
}
