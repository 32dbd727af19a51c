//! Known normalised densities as targets.

use crate::error::{Error, Result};
use crate::quadrature::normal_expectation;

/// A normalised 1-D density that can take expectations of functions under
/// itself (implement it for your own target).
pub trait Density: Send + Sync + core::fmt::Debug {
    /// `ln p(x)`.
    fn ln_pdf(&self, x: f64) -> f64;
    /// `E_p[f(X)]`, to near machine precision for smooth `f`.
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64;
    /// Differential entropy `−E_p ln p` in nats.
    fn entropy(&self) -> f64 {
        -self.expect(&|x| self.ln_pdf(x))
    }
}

/// A finite mixture of Normals, `Σ wⱼ N(μⱼ, σⱼ²)`.
///
/// # Formula
/// ```text
/// p(x) = Σⱼ wⱼ φ((x − μⱼ)/σⱼ)/σⱼ,   E_p f = Σⱼ wⱼ E_{N(μⱼ,σⱼ²)} f   (Gauss–Hermite per component)
/// ```
///
/// # Errors
/// See [`NormalMixture::new`].
///
/// # Example
/// ```
/// use fit::{Density, NormalMixture};
/// let m = NormalMixture::new(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
/// assert!((m.expect(&|x| x * x) - 10.0).abs() < 1e-12); // 1 + 3²
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// McLachlan & Peel, *Finite Mixture Models* (2000), §1.2.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalMixture {
    components: Vec<(f64, f64, f64)>,
}

impl NormalMixture {
    /// Builds a mixture from `(weight, mean, standard deviation)` triples.
    ///
    /// # Errors
    /// [`Error::EmptyData`] for no components; [`Error::InvalidParameter`]
    /// for a weight that is negative or not finite, weights not summing to
    /// 1 within `divergence::SUM_TOLERANCE`, a non-finite mean, or a standard
    /// deviation that is not finite and positive.
    ///
    /// # Panics
    /// Never.
    pub fn new(components: &[(f64, f64, f64)]) -> Result<Self> {
        if components.is_empty() {
            return Err(Error::EmptyData);
        }
        let bad = |name: &str, value: f64, reason| Error::InvalidParameter {
            name: name.to_string(),
            value,
            reason,
        };
        for &(w, m, s) in components {
            if !(w.is_finite() && w >= 0.0) {
                return Err(bad("weight", w, "must be finite and non-negative"));
            }
            if !m.is_finite() {
                return Err(bad("mean", m, "must be finite"));
            }
            if !(s.is_finite() && s > 0.0) {
                return Err(bad("sd", s, "must be finite and positive"));
            }
        }
        let total: f64 = components.iter().map(|c| c.0).sum();
        if (total - 1.0).abs() > divergence::SUM_TOLERANCE {
            return Err(bad("weights", total, "must sum to 1"));
        }
        Ok(NormalMixture {
            components: components.to_vec(),
        })
    }

    /// The `(weight, mean, sd)` components.
    pub fn components(&self) -> &[(f64, f64, f64)] {
        &self.components
    }

    /// `d/dx ln p(x)`.
    pub fn d_ln_pdf(&self, x: f64) -> f64 {
        let lp = self.ln_pdf(x);
        self.components
            .iter()
            .map(|&(w, m, s)| {
                let z = (x - m) / s;
                w * (ln_normal(x, m, s) - lp).exp() * (-z / s)
            })
            .sum::<f64>()
    }
}

pub(crate) fn ln_normal(x: f64, m: f64, s: f64) -> f64 {
    const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
    let z = (x - m) / s;
    -0.5 * z * z - s.ln() - HALF_LN_2PI
}

impl Density for NormalMixture {
    fn ln_pdf(&self, x: f64) -> f64 {
        // log-sum-exp over components, two passes, no allocation
        let term = |&(w, m, s): &(f64, f64, f64)| w.ln() + ln_normal(x, m, s);
        let live = || self.components.iter().filter(|c| c.0 > 0.0);
        let max = live().map(term).fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            return max;
        }
        max + live().map(|c| (term(c) - max).exp()).sum::<f64>().ln()
    }

    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        self.components
            .iter()
            .filter(|c| c.0 > 0.0)
            .map(|&(w, m, s)| w * normal_expectation(m, s, f))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn one_component_entropy_is_closed_form() {
        // Closed form: H(N(μ,σ²)) = ½ ln(2πeσ²).
        let m = NormalMixture::new(&[(1.0, 0.3, 2.0)]).unwrap();
        let h = 0.5 * (2.0 * core::f64::consts::PI * core::f64::consts::E * 4.0).ln();
        assert_relative_eq!(m.entropy(), h, max_relative = 1e-13);
    }

    #[test]
    fn invalid_components_are_errors() {
        assert!(NormalMixture::new(&[]).is_err());
        assert!(NormalMixture::new(&[(0.5, 0.0, 1.0)]).is_err());
        assert!(NormalMixture::new(&[(1.0, 0.0, 0.0)]).is_err());
        assert!(NormalMixture::new(&[(1.0, f64::NAN, 1.0)]).is_err());
    }

    #[test]
    fn derivative_matches_central_difference() {
        let m = NormalMixture::new(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
        for x in [-4.0, -1.0, 0.3, 2.5] {
            let h = 1e-5;
            let fd = (m.ln_pdf(x + h) - m.ln_pdf(x - h)) / (2.0 * h);
            assert_relative_eq!(m.d_ln_pdf(x), fd, epsilon = 1e-7);
        }
    }
}
