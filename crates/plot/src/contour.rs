//! Contour lines by marching squares on a rectilinear grid.

/// Line segments where the bilinear-interpolated field crosses `level`.
///
/// `z(i, j)` is the value at `(xs[i], ys[j])`; `None` marks a missing
/// value (±∞, NaN), and cells touching one are skipped. Saddle cells are
/// resolved with the cell-centre average.
pub(crate) fn segments(
    xs: &[f64],
    ys: &[f64],
    z: impl Fn(usize, usize) -> Option<f64>,
    level: f64,
) -> Vec<[(f64, f64); 2]> {
    let mut out = Vec::new();
    if xs.len() < 2 || ys.len() < 2 {
        return out;
    }
    for i in 0..xs.len() - 1 {
        for j in 0..ys.len() - 1 {
            let (Some(a), Some(b), Some(c), Some(d)) =
                (z(i, j), z(i + 1, j), z(i + 1, j + 1), z(i, j + 1))
            else {
                continue;
            };
            // Corners counter-clockwise: a (x0,y0), b (x1,y0), c (x1,y1), d (x0,y1).
            let (x0, x1, y0, y1) = (xs[i], xs[i + 1], ys[j], ys[j + 1]);
            let cross = |va: f64, vb: f64, pa: (f64, f64), pb: (f64, f64)| {
                if (va >= level) != (vb >= level) {
                    let t = (level - va) / (vb - va);
                    Some((pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1)))
                } else {
                    None
                }
            };
            let bottom = cross(a, b, (x0, y0), (x1, y0));
            let right = cross(b, c, (x1, y0), (x1, y1));
            let top = cross(d, c, (x0, y1), (x1, y1));
            let left = cross(a, d, (x0, y0), (x0, y1));
            match (bottom, right, top, left) {
                (Some(p), Some(q), Some(r), Some(s)) => {
                    let centre = (a + b + c + d) / 4.0;
                    if (centre >= level) == (a >= level) {
                        // a joins the centre: cut off corners b and d.
                        out.push([p, q]);
                        out.push([r, s]);
                    } else {
                        out.push([s, p]);
                        out.push([q, r]);
                    }
                }
                _ => {
                    let pts: Vec<(f64, f64)> =
                        [bottom, right, top, left].into_iter().flatten().collect();
                    if pts.len() == 2 {
                        out.push([pts[0], pts[1]]);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_contour_has_the_right_radius() {
        let g: Vec<f64> = (0..=40).map(|i| -2.0 + 0.1 * f64::from(i)).collect();
        let segs = segments(&g, &g, |i, j| Some(g[i].powi(2) + g[j].powi(2)), 1.0);
        assert!(segs.len() > 20);
        for s in &segs {
            for p in s {
                let r = (p.0 * p.0 + p.1 * p.1).sqrt();
                assert!((r - 1.0).abs() < 0.01, "r = {r}");
            }
        }
    }

    #[test]
    fn missing_values_skip_cells() {
        let g = [0.0, 1.0];
        assert!(segments(&g, &g, |_, _| None, 0.5).is_empty());
        assert!(segments(&[0.0], &g, |_, _| Some(1.0), 0.5).is_empty());
    }
}
