//! Poisson pairs.

use statrs::distribution::Poisson;

use crate::distribution::special::{ln_ratio, ratio_minus_1_minus_ln};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;
use crate::quadrature::entropy_series;

/// Poisson ‖ Poisson, closed form.
///
/// # Formula
/// ```text
/// KL(Poi(λ₁)‖Poi(λ₂)) = λ₁ ln(λ₁/λ₂) + λ₂ − λ₁ = λ₁ [u − ln(1 + u)],  u = (λ₂ − λ₁)/λ₁
/// ```
///
/// # Errors
/// Never.
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Poisson;
/// let kl = Poisson::new(3.0)?.kl_divergence(&Poisson::new(5.0)?)?;
/// assert!((kl - (3.0 * (0.6f64).ln() + 2.0)).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Kullback, *Information Theory and Statistics* (1959), ch. 3, Example 2.2
/// (Poisson populations).
impl KlDivergence for Poisson {
    fn kl_divergence(&self, q: &Poisson) -> Result<f64> {
        let (l1, l2) = (self.lambda(), q.lambda());
        Ok(l1 * ratio_minus_1_minus_ln(l2, l1))
    }
}

/// Gradient order `[lambda]`.
///
/// # Formula
/// ```text
/// ∂/∂λ₁ = ln(λ₁/λ₂)      ∂/∂λ₂ = 1 − λ₁/λ₂
/// ```
impl KlGradient for Poisson {
    type Gradient = PairGradient<1, 1>;
    fn kl_gradient(&self, q: &Poisson) -> Result<PairGradient<1, 1>> {
        let (l1, l2) = (self.lambda(), q.lambda());
        Ok(PairGradient {
            p: [ln_ratio(l1, l2)],
            q: [1.0 - l1 / l2],
        })
    }
}

/// Entropy by summation ([`entropy_series`]): the Poisson entropy has no
/// closed form (statrs's `entropy()` is an asymptotic approximation).
///
/// # Formula
/// ```text
/// H(Poi(λ)) = −Σ_k p_k ln p_k,  tail bounded geometrically
/// ```
///
/// # Errors
/// [`crate::Error::NotConverged`] if the series needs more than 10⁷ terms.
impl Entropy for Poisson {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(entropy_series(self)?.value)
    }
}
