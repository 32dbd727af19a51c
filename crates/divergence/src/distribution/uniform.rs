//! Continuous uniform pairs.

use statrs::distribution::Uniform;

use crate::distribution::{Entropy, KlDivergence};
use crate::error::Result;

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
