//! One per-point formula over a slice of values, in the best copy this CPU
//! runs.

use super::{Kernel, Level};

/// A per-point formula `v ↦ f(v)` for [`map`]. `FMA` is `true` in the copy
/// compiled for fused multiply-add hardware.
///
/// # Example
/// See [`map`].
pub trait PointFn {
    /// `f(v)`; must be `#[inline(always)]` and free of calls (use
    /// [`ln`](super::ln)).
    fn at<const FMA: bool>(&self, v: f64) -> f64;
}

/// `out[j] = f(values[j])` for `j < min(len)`, vectorised, in the copy for
/// [`Level::detect`].
///
/// Every element is computed by the same operations whether it falls in a
/// vector lane or in the scalar remainder, so `out[j]` depends on
/// `values[j]` alone (see the [module docs](super)).
///
/// # Formula
/// ```text
/// out[j] = f(values[j]),   0 ≤ j < min(values.len(), out.len())
/// ```
/// Never panics (unless `f` does); extra entries of the longer slice are
/// left alone.
///
/// # Example
/// ```
/// use divergence::simd::{self, PointFn};
/// struct Ln;
/// impl PointFn for Ln {
///     #[inline(always)]
///     fn at<const FMA: bool>(&self, v: f64) -> f64 {
///         simd::ln::<FMA>(v)
///     }
/// }
/// let mut out = [0.0; 3];
/// simd::map(&Ln, &[1.0, 0.0, f64::INFINITY], &mut out);
/// assert_eq!(out, [0.0, f64::NEG_INFINITY, f64::INFINITY]);
/// ```
///
/// # Reference
/// fdlibm `e_log.c` (Sun Microsystems, 1993) for the logarithm a formula
/// usually calls.
pub fn map<F: PointFn>(f: &F, values: &[f64], out: &mut [f64]) {
    Level::detect().run(PointMap { f, values, out });
}

/// [`map`]'s loop, for [`Level::run`].
struct PointMap<'a, F> {
    f: &'a F,
    values: &'a [f64],
    out: &'a mut [f64],
}

impl<F: PointFn> Kernel for PointMap<'_, F> {
    type Output = ();

    #[inline(always)]
    fn run<const FMA: bool>(self) {
        for (o, &v) in self.out.iter_mut().zip(self.values) {
            *o = self.f.at::<FMA>(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::testing::{levels, ulps_apart, LEVELS_MAX_ULPS, SPECIAL};
    use crate::simd::{ln, xlny};

    struct Ln;
    impl PointFn for Ln {
        #[inline(always)]
        fn at<const FMA: bool>(&self, v: f64) -> f64 {
            ln::<FMA>(v)
        }
    }

    #[test]
    fn map_gives_each_element_the_bits_it_gets_alone() {
        // Lanes and the scalar remainder must agree: a sweep cuts runs at
        // thread-dependent places.
        let values: Vec<f64> = (0..1003).map(|i| 1e-3 + i as f64 * 0.37).collect();
        let mut whole = vec![0.0; values.len()];
        map(&Ln, &values, &mut whole);
        for (j, &v) in values.iter().enumerate() {
            let mut one = [0.0];
            map(&Ln, &[v], &mut one);
            assert_eq!(one[0].to_bits(), whole[j].to_bits(), "element {j}");
        }
        for cut in [1, 3, 5, 17, 500] {
            let mut parts = vec![0.0; values.len()];
            let (a, b) = parts.split_at_mut(cut);
            map(&Ln, &values[..cut], a);
            map(&Ln, &values[cut..], b);
            assert!(parts
                .iter()
                .zip(&whole)
                .all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }

    /// `x ln y` with `x` fixed, to map `xlny` over `y`.
    struct XLnY(f64);
    impl PointFn for XLnY {
        #[inline(always)]
        fn at<const FMA: bool>(&self, v: f64) -> f64 {
            xlny::<FMA>(self.0, v)
        }
    }

    /// `f` over `values` at `level`.
    fn map_at<F: PointFn>(level: Level, f: &F, values: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; values.len()];
        level.run(PointMap {
            f,
            values,
            out: &mut out,
        });
        out
    }

    #[test]
    #[allow(clippy::float_cmp)] // which arguments have exact logarithms
    fn every_level_agrees_with_the_generic_copy_on_special_lanes() {
        // Negative and near-1 arguments besides the shared special lanes;
        // 7 entries per copy of the list puts each in a lane and in the tail.
        let mut values: Vec<f64> = SPECIAL.iter().flat_map(|&x| [x, -x]).collect();
        values.extend([1.0 + f64::EPSILON, 1.0 - f64::EPSILON / 2.0, 3.0]);
        let exact = |x: f64| x == 0.0 || x == 1.0 || !(x > 0.0 && x.is_finite());
        for x in [0.0, 2.0] {
            let generic = map_at(Level::Generic, &XLnY(x), &values);
            for level in levels() {
                let got = map_at(level, &XLnY(x), &values);
                for ((&v, &g), &w) in values.iter().zip(&got).zip(&generic) {
                    // ln's special values are selected, not computed: the
                    // same bits on every level; elsewhere both copies are
                    // < 1 ulp from the exact value, so at most 1 ulp apart.
                    let bound = if exact(v) || x == 0.0 {
                        0.0
                    } else {
                        LEVELS_MAX_ULPS
                    };
                    assert!(
                        ulps_apart(g, w) <= bound,
                        "{level:?}: {x}·ln {v} = {g} vs {w}"
                    );
                }
            }
        }
        let generic = map_at(Level::Generic, &Ln, &values);
        for level in levels() {
            let got = map_at(level, &Ln, &values);
            for ((&v, &g), &w) in values.iter().zip(&got).zip(&generic) {
                let bound = if exact(v) { 0.0 } else { LEVELS_MAX_ULPS };
                assert!(ulps_apart(g, w) <= bound, "{level:?}: ln {v} = {g} vs {w}");
            }
        }
    }
}
