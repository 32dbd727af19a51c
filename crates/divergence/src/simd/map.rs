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
    use crate::simd::ln;

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
}
