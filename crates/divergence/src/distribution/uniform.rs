//! Continuous uniform pairs.

use statrs::distribution::Uniform;

use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::{Error, Result};

/// Uniform ‖ Uniform, closed form; `+∞` unless `[a₁, b₁] ⊆ [a₂, b₂]`.
///
/// # Formula
/// ```text
/// KL(U(a₁,b₁)‖U(a₂,b₂)) = ln((b₂ − a₂)/(b₁ − a₁))   if a₂ ≤ a₁ and b₁ ≤ b₂
///                       = +∞                        otherwise
/// ```
///
/// # Errors
/// Never.
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Uniform;
/// let (narrow, wide) = (Uniform::new(0.0, 1.0)?, Uniform::new(0.0, 2.0)?);
/// assert!((narrow.kl_divergence(&wide)? - 2f64.ln()).abs() < 1e-15);
/// assert_eq!(wide.kl_divergence(&narrow)?, f64::INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), eq. (8.46) applied to uniform densities.
impl KlDivergence for Uniform {
    fn kl_divergence(&self, q: &Uniform) -> Result<f64> {
        if self.min() < q.min() || self.max() > q.max() {
            return Ok(f64::INFINITY);
        }
        Ok(((q.max() - q.min()) / (self.max() - self.min())).ln())
    }
}

/// Gradient order `[min, max]` for both arguments, where the divergence is
/// finite (`[a₁, b₁] ⊆ [a₂, b₂]`). At a touching end (`a₁ = a₂` or
/// `b₁ = b₂`) the formula gives the one-sided derivative from inside the
/// nested region.
///
/// # Formula
/// ```text
/// ∂/∂a₁ = 1/(b₁ − a₁)     ∂/∂b₁ = −1/(b₁ − a₁)
/// ∂/∂a₂ = −1/(b₂ − a₂)    ∂/∂b₂ = 1/(b₂ − a₂)
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] (naming the bound of `P` that lies outside
/// `Q`'s support) when the divergence is `+∞`: it is then `+∞` on a whole
/// neighbourhood and has no gradient.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::Uniform;
/// let g = Uniform::new(0.0, 1.0)?.kl_gradient(&Uniform::new(-1.0, 3.0)?)?;
/// assert_eq!((g.p, g.q), ([1.0, -1.0], [-0.25, 0.25]));
/// assert!(Uniform::new(0.0, 5.0)?.kl_gradient(&Uniform::new(-1.0, 3.0)?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), eq. (8.46) for uniform
/// densities.
impl KlGradient for Uniform {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &Uniform) -> Result<PairGradient<2, 2>> {
        let (a1, b1, a2, b2) = (self.min(), self.max(), q.min(), q.max());
        let outside = |name, value| {
            Err(Error::InvalidParameter {
                name,
                value,
                reason: "P's support is not inside Q's: KL is +inf there and has no gradient",
            })
        };
        if a1 < a2 {
            return outside("min", a1);
        }
        if b1 > b2 {
            return outside("max", b1);
        }
        let (w1, w2) = (b1 - a1, b2 - a2);
        Ok(PairGradient {
            p: [1.0 / w1, -1.0 / w1],
            q: [-1.0 / w2, 1.0 / w2],
        })
    }
}

/// # Formula
/// ```text
/// H(U(a, b)) = ln(b − a)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Example 8.1.1.
impl Entropy for Uniform {
    fn entropy_nats(&self) -> Result<f64> {
        Ok((self.max() - self.min()).ln())
    }
}
