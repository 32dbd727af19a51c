//! Drawing primitives shared by the charts: axis ranges that skip
//! infinities, broken lines, marker glyphs.

use plotters::element::{ComposedElement, DashedPathElement, EmptyElement};
use plotters::prelude::*;

use std::ops::Range;

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;

use crate::Scale;

/// An f64 axis (linear or logarithmic) with ticks exactly at `keys` (all
/// of them when they fit, every k-th otherwise); with no keys, the inner
/// axis's own choice.
pub(crate) struct Ticked<R> {
    pub(crate) inner: R,
    pub(crate) keys: Vec<f64>,
}

/// A linear axis with ticks at given points.
pub(crate) fn keyed(range: Range<f64>, keys: Vec<f64>) -> Ticked<RangedCoordf64> {
    Ticked {
        inner: range.into(),
        keys,
    }
}

/// A logarithmic axis over `lo..hi` (both > 0) with 1-2-5 ticks.
pub(crate) fn log_axis(lo: f64, hi: f64) -> Ticked<LogCoord<f64>> {
    Ticked {
        inner: (lo..hi).log_scale().into(),
        keys: log_ticks(lo, hi),
    }
}

/// Tick values for a log axis: 1…9 × 10ᵏ over short ranges, 1-2-5 over a
/// few decades, powers of ten (thinned to about eight) beyond.
pub(crate) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let decades = (hi / lo).log10();
    let mantissas: &[f64] = if decades <= 1.2 {
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    } else if decades <= 3.5 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let step = ((decades / 8.0).ceil() as i32).max(1);
    let (k0, k1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let mut out = Vec::new();
    for k in (k0..=k1).filter(|k| (k - k0) % step == 0) {
        for &m in mantissas {
            let v = m * 10f64.powi(k);
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                out.push(v);
            }
        }
    }
    out
}

impl<R: Ranged<ValueType = f64>> Ranged for Ticked<R> {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(v, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if self.keys.len() < 2 {
            return self.inner.key_points(hint);
        }
        let max = hint.max_num_points().max(1);
        let stride = self.keys.len().div_ceil(max);
        self.keys.iter().copied().step_by(stride).collect()
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// Smallest and largest value admissible on `scale` (finite, and positive
/// on a log scale), or `None` if there is none.
pub(crate) fn extent(values: impl IntoIterator<Item = f64>, scale: Scale) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|&v| scale.admits(v))
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widens `(lo, hi)` by `frac` of its span on each side (in the scale's
/// linear coordinate); a degenerate range is opened up. With `from_zero`
/// on a linear scale, a non-negative range starts at exactly 0.
pub(crate) fn padded(lo: f64, hi: f64, scale: Scale, frac: f64, from_zero: bool) -> (f64, f64) {
    match scale {
        Scale::Linear => {
            let (mut lo, mut hi) = (lo, hi);
            if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()).max(1e-300) {
                let d = (hi.abs() * 0.1).max(1e-3);
                lo -= d;
                hi += d;
                if from_zero && lo < 0.0 && (hi - d) >= 0.0 {
                    lo = 0.0;
                }
                return (lo, hi);
            }
            let span = hi - lo;
            let lo = if from_zero && lo >= 0.0 {
                0.0
            } else {
                lo - frac * span
            };
            (lo, hi + frac * span)
        }
        Scale::Log => {
            let (mut l, mut h) = (lo.log10(), hi.log10());
            if h - l < 1e-9 {
                l -= 0.5;
                h += 0.5;
            } else {
                let span = h - l;
                l -= frac * span;
                h += frac * span;
            }
            (10f64.powf(l), 10f64.powf(h))
        }
    }
}

/// Splits a curve into runs of consecutive drawable points: a point whose
/// `y` is not admissible on `scale` (±∞, NaN, ≤ 0 on a log scale) breaks
/// the line.
pub(crate) fn runs(xs: &[f64], ys: &[f64], scale: Scale) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if scale.admits(y) {
            cur.push((x, y));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Vertex offsets (pixels) of the `k`-th marker shape of radius `r`:
/// circle, triangle, square, diamond, downward triangle, in turn.
pub(crate) fn outline(k: usize, r: i32) -> Vec<(i32, i32)> {
    let rf = f64::from(r);
    let poly = |n: usize, phase: f64, scale: f64| -> Vec<(i32, i32)> {
        (0..n)
            .map(|i| {
                let a = phase + std::f64::consts::TAU * i as f64 / n as f64;
                (
                    (scale * rf * a.cos()).round() as i32,
                    (scale * rf * a.sin()).round() as i32,
                )
            })
            .collect()
    };
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4};
    match k % 5 {
        0 => poly(20, 0.0, 1.0),
        1 => poly(3, -FRAC_PI_2, 1.25),
        2 => poly(4, FRAC_PI_4, 1.15),
        3 => poly(4, 0.0, 1.3),
        _ => poly(3, FRAC_PI_2, 1.25),
    }
}

/// A marker glyph: a filled polygon with an outline, anchored at `C`.
pub(crate) type Glyph<C, DB> = ComposedElement<C, DB, Polygon<(i32, i32)>, PathElement<(i32, i32)>>;

/// A filled marker glyph with a contrasting outline, anchored at `at`.
pub(crate) fn glyph<DB: DrawingBackend, C>(
    k: usize,
    at: C,
    r: i32,
    fill: RGBColor,
    edge: RGBColor,
    edge_width: u32,
) -> Glyph<C, DB> {
    let pts = outline(k, r);
    let mut closed = pts.clone();
    closed.push(pts[0]);
    EmptyElement::at(at)
        + Polygon::new(pts, fill.filled())
        + PathElement::new(closed, edge.stroke_width(edge_width))
}

/// A dashed (or, with `dashed == false`, solid) line element.
pub(crate) type Line<C> = DashedPathElement<std::vec::IntoIter<C>, i32>;

/// A line through `pts`; solid lines are one dash longer than the line.
pub(crate) fn line<C: Clone>(
    pts: Vec<C>,
    style: ShapeStyle,
    dashed: bool,
    dash: i32,
    gap: i32,
) -> Line<C> {
    if dashed {
        DashedPathElement::new(pts, dash.max(1), gap.max(1), style)
    } else {
        DashedPathElement::new(pts, i32::MAX / 4, 1, style)
    }
}

/// A legend sample line with a glyph in its middle.
pub(crate) type LineGlyph<DB> =
    ComposedElement<(i32, i32), DB, PathElement<(i32, i32)>, Glyph<(i32, i32), DB>>;

/// A legend sample: a short line with the `k`-th marker glyph in its
/// middle, starting at backend point `p`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn legend_line_glyph<DB: DrawingBackend>(
    p: (i32, i32),
    style: ShapeStyle,
    len: i32,
    k: usize,
    r: i32,
    fill: RGBColor,
    edge: RGBColor,
    edge_width: u32,
) -> LineGlyph<DB> {
    let pts: Vec<(i32, i32)> = outline(k, r)
        .into_iter()
        .map(|(x, y)| (x + len / 2, y))
        .collect();
    let mut closed = pts.clone();
    closed.push(pts[0]);
    EmptyElement::at(p)
        + PathElement::new(vec![(0, 0), (len, 0)], style)
        + Polygon::new(pts, fill.filled())
        + PathElement::new(closed, edge.stroke_width(edge_width))
}

/// A legend sample line, dashed or solid, starting at backend point `p`.
pub(crate) fn legend_line(
    p: (i32, i32),
    style: ShapeStyle,
    dashed: bool,
    len: i32,
) -> Line<(i32, i32)> {
    line(
        vec![(p.0, p.1), (p.0 + len, p.1)],
        style,
        dashed,
        len / 4,
        len / 6,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_skips_infinities_and_nonpositive_on_log() {
        let v = [f64::INFINITY, 0.0, 2.0, f64::NAN, 5.0];
        assert_eq!(extent(v, Scale::Linear), Some((0.0, 5.0)));
        assert_eq!(extent(v, Scale::Log), Some((2.0, 5.0)));
        assert_eq!(extent([f64::INFINITY], Scale::Linear), None);
    }

    #[test]
    fn log_ticks_follow_the_range() {
        assert_eq!(log_ticks(1.0, 10.0).len(), 10);
        assert_eq!(
            log_ticks(0.1, 100.0),
            vec![0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert!(log_ticks(1e-10, 1e10).len() <= 11);
    }

    #[test]
    fn runs_break_at_gaps() {
        let r = runs(
            &[0.0, 1.0, 2.0, 3.0],
            &[1.0, f64::INFINITY, 2.0, 3.0],
            Scale::Linear,
        );
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn padding_handles_degenerate_ranges() {
        let (lo, hi) = padded(1.0, 1.0, Scale::Linear, 0.05, true);
        assert!(lo < 1.0 && hi > 1.0);
        let (lo, hi) = padded(0.1, 10.0, Scale::Linear, 0.05, true);
        assert!(lo.abs() < 1e-300 && hi > 10.0);
        let (lo, hi) = padded(1.0, 1.0, Scale::Log, 0.05, false);
        assert!(lo < 1.0 && hi > 1.0);
    }
}
