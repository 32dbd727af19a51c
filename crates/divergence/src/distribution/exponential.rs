//! Exponential pairs.

use statrs::distribution::Exp;

use crate::distribution::special::ratio_minus_1_minus_ln;
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// Exp ‖ Exp (rate parametrisation), closed form.
///
/// # Formula
/// ```text
/// KL(Exp(λ₁)‖Exp(λ₂)) = ln(λ₁/λ₂) + λ₂/λ₁ − 1 = u − ln(1 + u),  u = (λ₂ − λ₁)/λ₁
/// ```
///
/// # Errors
/// Never.
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Exp;
/// let kl = Exp::new(1.0)?.kl_divergence(&Exp::new(2.0)?)?;
/// assert!((kl - (1.0 - 2f64.ln())).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Gil, Alajaji & Linder, *Information Sciences* 249 (2013) 124–131,
/// Table 2 (exponential, limit α → 1).
impl KlDivergence for Exp {
    fn kl_divergence(&self, q: &Exp) -> Result<f64> {
        let (l1, l2) = (self.rate(), q.rate());
        Ok(ratio_minus_1_minus_ln(l2, l1))
    }
}

/// Gradient order `[rate]`.
///
/// # Formula
/// ```text
/// ∂/∂λ₁ = 1/λ₁ − λ₂/λ₁²      ∂/∂λ₂ = 1/λ₁ − 1/λ₂
/// ```
impl KlGradient for Exp {
    type Gradient = PairGradient<1, 1>;
    fn kl_gradient(&self, q: &Exp) -> Result<PairGradient<1, 1>> {
        let (l1, l2) = (self.rate(), q.rate());
        Ok(PairGradient {
            p: [(l1 - l2) / (l1 * l1)],
            q: [1.0 / l1 - 1.0 / l2],
        })
    }
}

/// # Formula
/// ```text
/// H(Exp(λ)) = 1 − ln λ
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Table 17.1.
impl Entropy for Exp {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(1.0 - self.rate().ln())
    }
}
