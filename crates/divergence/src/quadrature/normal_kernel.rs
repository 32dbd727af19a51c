//! The trapezoidal rule for a Normal centred on a lattice point, as a fixed
//! weight vector: `E f(X)` becomes one dot product with `f`'s values on the
//! lattice, so a row of Normals with equally spaced means (a parameter grid)
//! is a discrete convolution of one table of `f`.

use crate::error::{Error, Result};
use crate::quadrature::normal_trapezoid::NORMAL_TRAPEZOID_Z_MAX;

/// A run of Gaussian weights is re-anchored on an exact `exp` every this
/// many nodes; in between, each weight costs three multiplications and
/// carries at most `ANCHOR_EVERY` roundings (`< 2·10⁻¹⁵` relative).
const ANCHOR_EVERY: usize = 16;
/// `out[i] = scale·exp(−(z₀ + i·dz)²/2)`, with two `exp` per
/// [`ANCHOR_EVERY`] nodes instead of one per node.
///
/// # Formula
/// ```text
/// z = zₐ + t·dz:   exp(−z²/2) = exp(−zₐ²/2) · exp(−zₐ·dz)ᵗ · exp(−t²dz²/2)
/// ```
fn gaussian_run(scale: f64, z0: f64, dz: f64, out: &mut [f64]) {
    let mut tail = [0.0; ANCHOR_EVERY];
    for (t, e) in tail.iter_mut().enumerate() {
        let u = t as f64 * dz;
        *e = (-0.5 * u * u).exp();
    }
    for (b, block) in out.chunks_mut(ANCHOR_EVERY).enumerate() {
        let za = z0 + (b * ANCHOR_EVERY) as f64 * dz;
        let anchor = scale * (-0.5 * za * za).exp();
        let ratio = (-za * dz).exp();
        let mut power = 1.0;
        for (o, e) in block.iter_mut().zip(&tail) {
            *o = anchor * power * e;
            power *= ratio;
        }
    }
}

/// `1/√(2π)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// Most weights a kernel may have (`2M + 1`): `σ/h ≤ 2¹⁸/18`.
const MAX_WEIGHTS: usize = 1 << 18;
/// Independent partial sums of the dot product (a multiple of 2, so that
/// lane parity is node parity; 8 lets the compiler use SIMD registers).
const LANES: usize = 8;

/// The trapezoidal weights of `N(c, σ²)` on the nodes `c + m·h`,
/// `|m·h| ≤ 9σ`, and their two nested rules.
///
/// [`NormalKernel::apply`] takes `f`'s values on those nodes and returns the
/// rule with step `h` and the one with step `2h` (the even `m`): their
/// difference is the error estimate of the coarser, and about the square of
/// it that of the finer, for an `f` analytic in a strip around the real
/// axis (see [`crate::quadrature::NormalTrapezoid`]). The weights depend on
/// `σ` and `h` only, so one kernel serves every centre `c` on the lattice.
///
/// # Formula
/// ```text
/// T_h(c)  = Σ_{m=−M}^{M} w_m f(c + m·h),   w_m = (|h|/σ) φ(m·h/σ),   M = ⌊9σ/|h|⌋
/// T_2h(c) = 2 Σ_{m even} w_m f(c + m·h),    estimate |T_h − T_2h|
/// ```
///
/// # Errors
/// [`NormalKernel::new`]: [`Error::InvalidParameter`] unless `σ` and `h`
/// are finite, `σ > 0`, `h ≠ 0`, and `9σ/|h| < 2¹⁷` (at most 2¹⁸ weights).
///
/// # Panics
/// [`NormalKernel::apply`] panics if the window's length is not
/// [`NormalKernel::len`].
///
/// # Example
/// ```
/// use divergence::quadrature::NormalKernel;
/// // E X² for X ~ N(0.3, 1.2²) with nodes 0.3 + 0.25 m: μ² + σ².
/// let k = NormalKernel::new(1.2, 0.25)?;
/// let m = k.half_width() as f64;
/// let window: Vec<f64> = (0..k.len()).map(|i| (0.3 + (i as f64 - m) * 0.25f64).powi(2)).collect();
/// let (fine, coarse) = k.apply(&window);
/// assert!((fine - (0.09 + 1.44)).abs() < 1e-13);
/// assert!((fine - coarse).abs() < 1e-9); // the 2h rule resolves a quadratic too
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// L. N. Trefethen and J. A. C. Weideman, "The exponentially convergent
/// trapezoidal rule", *SIAM Review* 56 (2014) 385–458, Thm 5.1 (real line).
#[derive(Debug, Clone, PartialEq)]
pub struct NormalKernel {
    weights: Vec<f64>,
    half: usize,
}

impl NormalKernel {
    /// The kernel of `N(·, σ²)` on a lattice of step `h` (either sign: the
    /// weights are symmetric).
    ///
    /// # Errors
    /// See the type's docs.
    pub fn new(sigma: f64, h: f64) -> Result<NormalKernel> {
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(Error::InvalidParameter {
                name: "sigma",
                value: sigma,
                reason: "must be finite and positive",
            });
        }
        let reach = NORMAL_TRAPEZOID_Z_MAX * sigma / h.abs();
        if !(h.is_finite() && h != 0.0 && reach < (MAX_WEIGHTS / 2) as f64) {
            return Err(Error::InvalidParameter {
                name: "h",
                value: h,
                reason: "must be finite, non-zero and at least 9σ/2^17",
            });
        }
        let half = reach.floor() as usize;
        let mut right = vec![0.0; half + 1];
        let step = h.abs() / sigma;
        gaussian_run(INV_SQRT_2PI * step, 0.0, step, &mut right);
        let weights = right[1..]
            .iter()
            .rev()
            .chain(right.iter())
            .copied()
            .collect();
        Ok(NormalKernel { weights, half })
    }

    /// `M`: the nodes are `c + m·h` for `m = −M ..= M`.
    pub fn half_width(&self) -> usize {
        self.half
    }

    /// `2M + 1`, the number of weights (never zero).
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Always false: a kernel has at least its centre weight.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// `(T_h, T_2h)` for `window[k] = f(c + (k − M)·h)`, `k = 0 ..= 2M`.
    /// A NaN or infinite value in the window makes both sums non-finite
    /// (or NaN).
    ///
    /// # Panics
    /// If `window.len() != self.len()`.
    pub fn apply(&self, window: &[f64]) -> (f64, f64) {
        assert_eq!(window.len(), self.weights.len(), "one value per weight");
        // The weights are symmetric: w_t (f(c + t·h) + f(c − t·h)), t = 1..=M,
        // in lanes of equal parity of t.
        let m = self.half;
        let w = &self.weights[m + 1..];
        let (left, right) = (&window[..m], &window[m + 1..]);
        let mut acc = [0.0; LANES];
        let full = m / LANES;
        for c in 0..full {
            let wc = &w[c * LANES..(c + 1) * LANES];
            let rc = &right[c * LANES..(c + 1) * LANES];
            let lc = &left[m - (c + 1) * LANES..m - c * LANES];
            for l in 0..LANES {
                acc[l] += wc[l] * (rc[l] + lc[LANES - 1 - l]);
            }
        }
        // Lane l holds t = l + 1 (mod LANES): odd t in even lanes.
        let mut odd = (acc[0] + acc[2]) + (acc[4] + acc[6]);
        let mut even = (acc[1] + acc[3]) + (acc[5] + acc[7]);
        for i in full * LANES..m {
            let p = w[i] * (right[i] + left[m - 1 - i]);
            if i % 2 == 0 {
                odd += p;
            } else {
                even += p;
            }
        }
        let centre = self.weights[m] * window[m];
        // T_h: all t; T_2h: even t only (t = 0 included), doubled.
        (centre + (even + odd), 2.0 * (centre + even))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn gaussian_run_matches_exp() {
        let mut w = vec![0.0; 200];
        gaussian_run(0.5, -9.1, 0.093, &mut w);
        for (i, &v) in w.iter().enumerate() {
            let z = -9.1 + i as f64 * 0.093;
            assert_relative_eq!(v, 0.5 * (-0.5 * z * z).exp(), max_relative = 4e-15);
        }
    }

    #[test]
    fn weights_are_the_normal_density() {
        let k = NormalKernel::new(0.8, -0.1).unwrap();
        assert_eq!(k.half_width(), 72);
        assert_eq!(k.len(), 145);
        for (i, &w) in k.weights.iter().enumerate() {
            let z = (i as f64 - 72.0) * 0.1 / 0.8;
            let exact = 0.1 / 0.8 * (-0.5 * z * z).exp() / (2.0 * core::f64::consts::PI).sqrt();
            assert_relative_eq!(w, exact, max_relative = 4e-15);
        }
    }

    #[test]
    fn moments_and_the_nested_rule() {
        // Closed form: E X⁴ = μ⁴ + 6μ²σ² + 3σ⁴, X ~ N(μ, σ²); h = σ/4 resolves
        // it to rounding, and so does 2h.
        let (mu, s, h) = (-1.3, 2.0, 0.5);
        let k = NormalKernel::new(s, h).unwrap();
        let m = k.half_width() as i64;
        let window: Vec<f64> = (-m..=m).map(|i| (mu + i as f64 * h).powi(4)).collect();
        let (fine, coarse) = k.apply(&window);
        let exact = mu.powi(4) + 6.0 * mu * mu * s * s + 3.0 * s.powi(4);
        assert_relative_eq!(fine, exact, max_relative = 1e-13);
        assert_relative_eq!(coarse, exact, max_relative = 1e-13);
        // ln cosh 3x under N(0, 1.2²) (mpmath, see normal_lattice.rs):
        // 2.26846777357860424310; with h = 0.1 the 2h rule is off by 1e-8.
        let k = NormalKernel::new(1.2, 0.1).unwrap();
        let m = k.half_width() as i64;
        let window: Vec<f64> = (-m..=m)
            .map(|i| (3.0 * i as f64 * 0.1).cosh().ln())
            .collect();
        let (fine, coarse) = k.apply(&window);
        assert_relative_eq!(fine, 2.268_467_773_578_604, max_relative = 1e-14);
        assert!((fine - coarse).abs() > 1e-9);
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(NormalKernel::new(0.0, 0.1).is_err());
        assert!(NormalKernel::new(1.0, 0.0).is_err());
        assert!(NormalKernel::new(1.0, f64::NAN).is_err());
        assert!(NormalKernel::new(1.0, 1e-6).is_err());
        let k = NormalKernel::new(1.0, 0.5).unwrap();
        let mut w = vec![1.0; k.len()];
        w[3] = f64::NEG_INFINITY;
        assert!(!k.apply(&w).0.is_finite());
    }
}
