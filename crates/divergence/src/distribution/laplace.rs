//! Laplace pairs.

use statrs::distribution::Laplace;

use crate::distribution::special::{expm1_neg_plus, ratio_minus_1_minus_ln};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// Laplace ‖ Laplace (location `μ`, scale `b`), closed form.
///
/// # Formula
/// ```text
/// KL = ln(b₂/b₁) + |μ₁ − μ₂|/b₂ + (b₁/b₂) e^{−|μ₁ − μ₂|/b₁} − 1
///    = [r − 1 − ln r] + r (e^{−y} − 1 + y),    r = b₁/b₂,  y = |μ₁ − μ₂|/b₁
/// ```
/// (the second form is a sum of non-negative terms, free of cancellation).
///
/// # Errors
/// Never.
///
/// # Reference
/// Gil, Alajaji & Linder, *Information Sciences* 249 (2013) 124–131,
/// Table 3 (Laplace, limit α → 1).
impl KlDivergence for Laplace {
    fn kl_divergence(&self, q: &Laplace) -> Result<f64> {
        let (m1, b1, m2, b2) = (self.location(), self.scale(), q.location(), q.scale());
        let r = b1 / b2;
        Ok(ratio_minus_1_minus_ln(b1, b2) + r * expm1_neg_plus((m1 - m2).abs() / b1))
    }
}

/// Gradient order `[location, scale]`; differentiable everywhere (also at
/// `μ₁ = μ₂`, where the location derivatives are 0).
///
/// # Formula
/// ```text
/// ∂/∂μ₁ = sgn(μ₁ − μ₂)(1 − e^{−d/b₁})/b₂ = −∂/∂μ₂,          d = |μ₁ − μ₂|
/// ∂/∂b₁ = −1/b₁ + e^{−d/b₁}(1 + d/b₁)/b₂
/// ∂/∂b₂ = 1/b₂ − d/b₂² − (b₁/b₂²) e^{−d/b₁}
/// ```
impl KlGradient for Laplace {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &Laplace) -> Result<PairGradient<2, 2>> {
        let (m1, b1, m2, b2) = (self.location(), self.scale(), q.location(), q.scale());
        let d = (m1 - m2).abs();
        let e = (-d / b1).exp();
        let dm = (m1 - m2).signum() * -(-d / b1).exp_m1() / b2;
        Ok(PairGradient {
            p: [dm, -1.0 / b1 + e * (1.0 + d / b1) / b2],
            q: [-dm, 1.0 / b2 - d / (b2 * b2) - b1 / (b2 * b2) * e],
        })
    }
}

/// # Formula
/// ```text
/// H(Laplace(μ, b)) = 1 + ln(2b)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Table 17.1.
impl Entropy for Laplace {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(1.0 + (2.0 * self.scale()).ln())
    }
}
