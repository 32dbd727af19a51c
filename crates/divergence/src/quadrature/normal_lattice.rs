//! Expectations under a Normal from a function's values on the fixed dyadic
//! lattices `x = j·2ᵉ`: the nested trapezoidal rule of
//! [`crate::quadrature::NormalTrapezoid`], with nodes that do not move with
//! `μ` or `σ`, so that a caller evaluating many nearby Normals (a solver's
//! line search, a Newton polish) computes the integrand once per lattice
//! point and caches it ([`LatticeValues`]).

use crate::error::{Error, Result};
use crate::quadrature::normal_trapezoid::NORMAL_TRAPEZOID_Z_MAX;

/// `1/√(2π)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// The coarsest level's step is the largest power of two `≤ H0_Z·σ`, so its
/// standardised step lies in `(H0_Z/2, H0_Z]` (the first level of
/// [`crate::quadrature::NormalTrapezoid`]).
const H0_Z: f64 = 0.5;
/// Levels `0..=LEVELS`: the finest has a standardised step in
/// `(2⁻⁹, 2⁻⁸]`, about 4600 nodes. Beyond, an adaptive rule is cheaper.
const LEVELS: i32 = 7;
/// Largest lattice index: `j·2ᵉ` is then exact and `j` fits an `i64`.
const MAX_INDEX: f64 = 4_503_599_627_370_496.0; // 2⁵²
/// Default acceptance of [`NormalLattice`]: the last two levels agree to
/// this, relative to `1 + |value|`, in every component. On the test pairs
/// (Normals against two-peaked mixtures, `σ ∈ [0.1, 8]`) the accepted value
/// is then within `10⁻¹³·(1 + |value|)` of the exact one.
pub const NORMAL_LATTICE_DEFAULT_ACCEPT: f64 = 1e-10;
/// Two levels that agree to this many units of rounding of the sums
/// (`ε·Σ|wᵢ fᵢ|(1 + zᵢ²)`) are also accepted: closer agreement cannot be
/// observed (a large constant in `f`, as in `ln p` far from `p`'s mass,
/// cancels in the `μ` and `σ` moments).
const ROUNDING_FLOOR: f64 = 256.0 * f64::EPSILON;

/// Nodes are processed in blocks of this many (weights first, then sums).
const BLOCK: usize = 64;
/// Independent partial sums within a block (lets the compiler use SIMD).
const LANES: usize = 8;

/// `Σ wvᵢ·(1, zᵢ, zᵢ² − 1, |1 + zᵢ²|)` over one block, in [`LANES`] lanes.
fn block_sums(z: &[f64], wv: &[f64]) -> [f64; 4] {
    let mut acc = [[0.0; LANES]; 4];
    for (zc, pc) in z.chunks(LANES).zip(wv.chunks(LANES)) {
        for (l, (&z, &p)) in zc.iter().zip(pc).enumerate() {
            let z2 = z * z;
            acc[0][l] += p;
            acc[1][l] += p * z;
            acc[2][l] += p * (z2 - 1.0);
            acc[3][l] += p.abs() * (1.0 + z2);
        }
    }
    acc.map(|a| ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])))
}

/// Neumaier's compensated sum.
#[derive(Debug, Clone, Copy, Default)]
struct Neumaier {
    sum: f64,
    carry: f64,
}

impl Neumaier {
    #[inline]
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.carry += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
    }

    fn value(self) -> f64 {
        self.sum + self.carry
    }
}

/// A function's values on the dyadic lattices `x = j·2ᵉ`, as
/// [`NormalLattice`] asks for them: typically a cache, so that each lattice
/// point is evaluated once however many Normals are integrated.
///
/// # Example
/// ```
/// use divergence::quadrature::{DirectLattice, LatticeValues};
/// let mut square = DirectLattice::new(|x: f64| x * x);
/// // x = j/4 for j = −2 ..= 2.
/// assert_eq!(square.values(-2, -2, 2), &[0.25, 0.0625, 0.0, 0.0625, 0.25]);
/// ```
pub trait LatticeValues {
    /// `f(j·2^exponent)` for `j = lo ..= hi` (`hi − lo + 1` values; `lo ≤ hi`).
    fn values(&mut self, exponent: i32, lo: i64, hi: i64) -> &[f64];
}

/// [`LatticeValues`] that evaluate the function on every request (no cache).
#[derive(Debug, Clone)]
pub struct DirectLattice<F> {
    f: F,
    buf: Vec<f64>,
}

impl<F: FnMut(f64) -> f64> DirectLattice<F> {
    /// Serves `f` on request.
    pub fn new(f: F) -> DirectLattice<F> {
        DirectLattice { f, buf: Vec::new() }
    }
}

impl<F: FnMut(f64) -> f64> LatticeValues for DirectLattice<F> {
    fn values(&mut self, exponent: i32, lo: i64, hi: i64) -> &[f64] {
        let h = 2f64.powi(exponent);
        self.buf.clear();
        self.buf.extend((lo..=hi).map(|j| (self.f)(j as f64 * h)));
        &self.buf
    }
}

/// `E f(X)` and its derivatives in `μ` and `σ` for `X ~ N(μ, σ²)`, from
/// one pass of [`NormalLattice::score_moments`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreMoments {
    /// `[E f(X), E Z f(X), E (Z² − 1) f(X)]`, `Z = (X − μ)/σ`.
    pub value: [f64; 3],
    /// The estimated absolute error of each component: the difference
    /// between the last two levels.
    pub error: [f64; 3],
    /// Lattice points used.
    pub nodes: usize,
}

/// The nested trapezoidal rule for Normal expectations on the fixed dyadic
/// lattices `x = j·2ᵉ`.
///
/// Level 0 uses the lattice `h₀ = 2ᵉ⁰`, the largest power of two `≤ σ/2`;
/// level `k` halves the step and adds the odd multiples; every level keeps
/// the nodes with `|x − μ| ≤ 9σ`. The rule stops at the first level `≥ 1`
/// whose three moments agree with the previous level's to the acceptance
/// tolerance (or to rounding: `256ε·Σ|wf|(1 + z²)`), and gives up after
/// level 7 with [`Error::NotConverged`].
///
/// The nodes are those of [`crate::quadrature::NormalTrapezoid`] shifted by
/// less than a step (the trapezoidal rule on ℝ converges geometrically for
/// any offset), but they are lattice points: values of `f` can be reused
/// between Normals with different `μ` and with `σ` within a factor of two.
/// Each node's `z = (x − μ)/σ` and weight are computed afresh and the sums
/// are compensated, so that the moments are smooth in `μ` and `σ` to a few
/// units of rounding (a solver's line search relies on that).
///
/// The first moment is `E f`; the other two are the score-function
/// derivatives, so `E f` and its gradient come from the same nodes.
///
/// # Formula
/// ```text
/// T_h[g] = (h/σ) Σ_{|jh − μ| ≤ 9σ} φ((jh − μ)/σ) g(jh),   |T_h − E g| ≈ C·exp(−2πd/h)
/// moments: E f,  E Z f = σ ∂/∂μ E f,  E (Z² − 1) f = σ ∂/∂σ E f,   Z = (X − μ)/σ
/// error estimate: |T_h − T_{2h}|
/// ```
/// (`d`: half-width of the strip around the real axis where `f` is analytic.)
///
/// # Errors
/// [`NormalLattice::score_moments`]: [`Error::InvalidParameter`] for a `μ`
/// that is not finite, a `σ` that is not finite and positive, or a Normal so
/// narrow and far from 0 that its nodes are beyond `j = 2⁵²`;
/// [`Error::IntegrandNotFinite`] for a NaN or infinite value of `f` at a
/// node; [`Error::NotConverged`] (with the finest level's value) when
/// level 7 does not meet the tolerance; [`Error::Mismatch`] when the
/// [`LatticeValues`] return a slice of the wrong length.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::{DirectLattice, NormalLattice};
/// // E X², X ~ N(0.7, 1.9²): μ² + σ²; ∂/∂μ = 2μ, ∂/∂σ = 2σ.
/// let (mu, sigma) = (0.7, 1.9);
/// let m = NormalLattice::default().score_moments(mu, sigma, &mut DirectLattice::new(|x| x * x))?;
/// assert!((m.value[0] - (mu * mu + sigma * sigma)).abs() < 1e-13);
/// assert!((m.value[1] / sigma - 2.0 * mu).abs() < 1e-13);
/// assert!((m.value[2] / sigma - 2.0 * sigma).abs() < 1e-13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// L. N. Trefethen and J. A. C. Weideman, "The exponentially convergent
/// trapezoidal rule", *SIAM Review* 56 (2014) 385–458, Thm 5.1 (real line);
/// R. J. Williams, "Simple statistical gradient-following algorithms",
/// *Machine Learning* 8 (1992) 229–256 (score-function derivatives).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalLattice {
    accept: f64,
}

impl Default for NormalLattice {
    fn default() -> Self {
        NormalLattice {
            accept: NORMAL_LATTICE_DEFAULT_ACCEPT,
        }
    }
}

impl NormalLattice {
    /// A rule accepting a level when every moment agrees with the previous
    /// level's to `accept·(1 + |moment|)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `accept` is finite and positive.
    pub fn new(accept: f64) -> Result<NormalLattice> {
        if !(accept.is_finite() && accept > 0.0) {
            return Err(Error::InvalidParameter {
                name: "accept",
                value: accept,
                reason: "must be finite and positive",
            });
        }
        Ok(NormalLattice { accept })
    }

    /// `[E f(X), E Z f(X), E (Z² − 1) f(X)]` for `X ~ N(μ, σ²)`, `Z = (X −
    /// μ)/σ`, from `f`'s values on the dyadic lattices. See the type's docs.
    ///
    /// # Errors
    /// See the type's docs.
    pub fn score_moments<L: LatticeValues + ?Sized>(
        &self,
        mu: f64,
        sigma: f64,
        f: &mut L,
    ) -> Result<ScoreMoments> {
        if !mu.is_finite() {
            return Err(Error::InvalidParameter {
                name: "mu",
                value: mu,
                reason: "must be finite",
            });
        }
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(Error::InvalidParameter {
                name: "sigma",
                value: sigma,
                reason: "must be finite and positive",
            });
        }
        let reach = NORMAL_TRAPEZOID_Z_MAX * sigma;
        let e0 = (H0_Z * sigma).log2().floor() as i32;
        if (mu.abs() + reach) / 2f64.powi(e0 - LEVELS) > MAX_INDEX {
            return Err(Error::InvalidParameter {
                name: "mu",
                value: mu,
                reason: "too far from 0 for the lattice at this sigma (|mu|/sigma > 2^44)",
            });
        }
        // Blocks of nodes are summed in lanes and the block sums are added
        // with compensation, so that the moments are smooth in μ and σ to a
        // few units of rounding (a solver's line search relies on that).
        let mut sums = [Neumaier::default(); 3];
        let mut magnitude = 0.0;
        let mut prev = [f64::NAN; 3];
        let mut out = [0.0; 3];
        let mut err = [f64::INFINITY; 3];
        let mut nodes = 0;
        let inv_sigma = 1.0 / sigma;
        let (mut zs, mut wv) = ([0.0; BLOCK], [0.0; BLOCK]);
        for level in 0..=LEVELS {
            let e = e0 - level;
            let h = 2f64.powi(e);
            let lo = ((mu - reach) / h).ceil() as i64;
            let hi = ((mu + reach) / h).floor() as i64;
            // Level 0: every lattice point; later: the odd multiples only.
            let (first, step) = match level {
                0 => (lo, 1),
                _ => (lo + i64::from(lo.rem_euclid(2) == 0), 2),
            };
            // x − μ = (j − c)·h − r with r = μ − c·h exact (Sterbenz), so each
            // z carries its own rounding only, not one shared error of
            // ulp(μ)/σ (which would make the moments jitter with μ).
            let c = (mu / h).round();
            let r = mu - c * h;
            let c = c as i64;
            if first <= hi {
                let values = f.values(e, lo, hi);
                let expected = (hi - lo + 1) as usize;
                if values.len() != expected {
                    return Err(Error::Mismatch {
                        what: "lattice values for the requested range",
                        expected,
                        found: values.len(),
                    });
                }
                let count = ((hi - first) / step + 1) as usize;
                let used = values[(first - lo) as usize..]
                    .iter()
                    .step_by(step as usize);
                let mut used = used.take(count);
                for start in (0..count).step_by(BLOCK) {
                    let n = BLOCK.min(count - start);
                    let j0 = first - c + start as i64 * step;
                    for (k, z) in zs[..n].iter_mut().enumerate() {
                        *z = ((j0 + k as i64 * step) as f64 * h - r) * inv_sigma;
                    }
                    for ((p, &z), &v) in wv[..n].iter_mut().zip(&zs[..n]).zip(&mut used) {
                        *p = INV_SQRT_2PI * (-0.5 * z * z).exp() * v;
                    }
                    let [s0, s1, s2, m] = block_sums(&zs[..n], &wv[..n]);
                    sums[0].add(s0);
                    sums[1].add(s1);
                    sums[2].add(s2);
                    magnitude += m;
                }
                nodes += count;
                // One test per level: a NaN or infinite value poisons the sums.
                if !magnitude.is_finite() {
                    let k = values.iter().position(|v| !v.is_finite()).unwrap_or(0);
                    return Err(Error::IntegrandNotFinite {
                        x: (lo + k as i64) as f64 * h,
                        value: values[k],
                    });
                }
            }
            let scale = h / sigma;
            let floor = ROUNDING_FLOOR * scale * magnitude;
            let mut ok = level > 0;
            for i in 0..3 {
                out[i] = scale * sums[i].value();
                err[i] = (out[i] - prev[i]).abs();
                ok &= err[i] <= (self.accept * (1.0 + out[i].abs())).max(floor);
                prev[i] = out[i];
            }
            if ok {
                return Ok(ScoreMoments {
                    value: out,
                    error: err,
                    nodes,
                });
            }
        }
        Err(Error::NotConverged {
            method: "normal lattice",
            value: out[0],
            error: err.iter().copied().fold(0.0, f64::max),
            tolerance: self.accept,
            evaluations: nodes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn polynomial_moments_are_exact() {
        // Closed form: E X⁴ = μ⁴ + 6μ²σ² + 3σ⁴; ∂/∂μ = 4μ³ + 12μσ²,
        // ∂/∂σ = 12μ²σ + 12σ³. The derivative moments are accurate relative
        // to E|f| (a large constant in f cancels in them).
        let r = NormalLattice::default();
        for (mu, s) in [(0.7, 1.9), (-8.0, 0.1), (8.0, 10.0), (1e3, 1e-3)] {
            let mut f = DirectLattice::new(|x: f64| x.powi(4));
            let m = r.score_moments(mu, s, &mut f).unwrap();
            let e4 = mu.powi(4) + 6.0 * mu * mu * s * s + 3.0 * s.powi(4);
            assert_relative_eq!(m.value[0], e4, max_relative = 1e-12);
            let dmu = 4.0 * mu.powi(3) + 12.0 * mu * s * s;
            assert!((m.value[1] - s * dmu).abs() <= 1e-13 * e4, "{mu} {s}");
            let ds = 12.0 * mu * mu * s + 12.0 * s.powi(3);
            assert!((m.value[2] - s * ds).abs() <= 1e-13 * e4, "{mu} {s}");
        }
    }

    #[test]
    fn ln_cosh_refines_and_unresolved_features_give_up() {
        // mpmath (dps 30): quad(lambda z: npdf(z)*log(cosh(3*1.2*z)),
        //   [-inf, -2, -1, -0.5, 0, 0.5, 1, 2, inf]) = 2.26846777357860424310
        //   (see normal_trapezoid.rs; analytic only for |Im x| < π/6).
        let r = NormalLattice::default();
        let mut f = DirectLattice::new(|x: f64| (3.0 * x).cosh().ln());
        let m = r.score_moments(0.0, 1.2, &mut f).unwrap();
        assert_relative_eq!(m.value[0], 2.268_467_773_578_604, max_relative = 1e-14);
        assert!(m.nodes > 73);
        // σ = 100: the finest level's step, 1/4 in x, cannot resolve a peak
        // of width 0.01 (analytic only for |Im x| < 0.01).
        let mut peak = DirectLattice::new(|x: f64| 1.0 / (1.0 + (x / 0.01).powi(2)));
        assert!(matches!(
            r.score_moments(0.0, 100.0, &mut peak),
            Err(Error::NotConverged { .. })
        ));
    }

    #[test]
    fn bad_arguments_are_errors() {
        let r = NormalLattice::default();
        let mut f = DirectLattice::new(|x: f64| x);
        assert!(r.score_moments(f64::NAN, 1.0, &mut f).is_err());
        assert!(r.score_moments(0.0, 0.0, &mut f).is_err());
        assert!(r.score_moments(0.0, f64::INFINITY, &mut f).is_err());
        assert!(matches!(
            r.score_moments(1e10, 1e-10, &mut f),
            Err(Error::InvalidParameter { name: "mu", .. })
        ));
        let mut g = DirectLattice::new(|x: f64| 1.0 / x);
        assert!(matches!(
            r.score_moments(0.0, 1.0, &mut g),
            Err(Error::IntegrandNotFinite { .. })
        ));
        struct Short;
        impl LatticeValues for Short {
            fn values(&mut self, _: i32, _: i64, _: i64) -> &[f64] {
                &[1.0, 2.0]
            }
        }
        assert!(matches!(
            r.score_moments(0.0, 1.0, &mut Short),
            Err(Error::Mismatch { found: 2, .. })
        ));
        assert!(NormalLattice::new(0.0).is_err());
        assert!(NormalLattice::new(f64::NAN).is_err());
    }
}
