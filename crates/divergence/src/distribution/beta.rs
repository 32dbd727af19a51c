//! Beta pairs.

use statrs::distribution::Beta;
use statrs::function::beta::ln_beta;
use statrs::function::gamma::digamma;

use crate::distribution::special::{ln_gamma_bregman_step, trigamma};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// Beta ‖ Beta, closed form.
///
/// # Formula
/// ```text
/// KL = ln B(a₂,b₂) − ln B(a₁,b₁) + (a₁ − a₂)ψ(a₁) + (b₁ − b₂)ψ(b₁)
///      + (a₂ − a₁ + b₂ − b₁)ψ(a₁ + b₁)
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// Gil, Alajaji & Linder, *Information Sciences* 249 (2013) 124–131,
/// Table 2 (beta, limit α → 1).
impl KlDivergence for Beta {
    fn kl_divergence(&self, q: &Beta) -> Result<f64> {
        let (a1, b1, a2, b2) = (self.shape_a(), self.shape_b(), q.shape_a(), q.shape_b());
        // ln B = ln Γ(a) + ln Γ(b) − ln Γ(a + b), so KL is a sum of Bregman
        // divergences of ln Γ, each free of the cancellation of the
        // textbook form's four large terms.
        // The step of a + b from the two exact differences, not from the
        // rounded sums.
        let (ha, hb) = (a2 - a1, b2 - b1);
        let v = ln_gamma_bregman_step(a1, ha) + ln_gamma_bregman_step(b1, hb)
            - ln_gamma_bregman_step(a1 + b1, ha + hb);
        Ok(v.max(0.0))
    }
}

/// Gradient order `[a, b]`.
///
/// # Formula
/// ```text
/// ∂/∂a₁ = (a₁ − a₂)ψ₁(a₁) + (a₂ − a₁ + b₂ − b₁)ψ₁(a₁ + b₁)
/// ∂/∂b₁ = (b₁ − b₂)ψ₁(b₁) + (a₂ − a₁ + b₂ − b₁)ψ₁(a₁ + b₁)
/// ∂/∂a₂ = ψ(a₂) − ψ(a₂ + b₂) − ψ(a₁) + ψ(a₁ + b₁)
/// ∂/∂b₂ = ψ(b₂) − ψ(a₂ + b₂) − ψ(b₁) + ψ(a₁ + b₁)
/// ```
impl KlGradient for Beta {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &Beta) -> Result<PairGradient<2, 2>> {
        let (a1, b1, a2, b2) = (self.shape_a(), self.shape_b(), q.shape_a(), q.shape_b());
        let c = (a2 - a1 + b2 - b1) * trigamma(a1 + b1);
        let (s1, s2) = (digamma(a1 + b1), digamma(a2 + b2));
        Ok(PairGradient {
            p: [(a1 - a2) * trigamma(a1) + c, (b1 - b2) * trigamma(b1) + c],
            q: [
                digamma(a2) - s2 - digamma(a1) + s1,
                digamma(b2) - s2 - digamma(b1) + s1,
            ],
        })
    }
}

/// # Formula
/// ```text
/// H(Beta(a, b)) = ln B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Table 17.1.
impl Entropy for Beta {
    fn entropy_nats(&self) -> Result<f64> {
        let (a, b) = (self.shape_a(), self.shape_b());
        Ok(
            ln_beta(a, b) - (a - 1.0) * digamma(a) - (b - 1.0) * digamma(b)
                + (a + b - 2.0) * digamma(a + b),
        )
    }
}
