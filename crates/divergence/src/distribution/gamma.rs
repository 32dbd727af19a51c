//! Gamma pairs (shape–rate parametrisation, as statrs).

use statrs::distribution::Gamma;
use statrs::function::gamma::{digamma, ln_gamma};

use crate::distribution::special::{ln_gamma_bregman, ln_ratio, ratio_minus_1_minus_ln, trigamma};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// Gamma ‖ Gamma, closed form (shape `α`, rate `β`).
///
/// # Formula
/// ```text
/// KL = (α₁ − α₂) ψ(α₁) − ln Γ(α₁) + ln Γ(α₂) + α₂ ln(β₁/β₂) + α₁ (β₂ − β₁)/β₁
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// W. D. Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart
/// densities" (2001), eq. (15), converted from scale to rate.
impl KlDivergence for Gamma {
    fn kl_divergence(&self, q: &Gamma) -> Result<f64> {
        let (a1, b1, a2, b2) = (self.shape(), self.rate(), q.shape(), q.rate());
        // D(α₂, α₁) + α₁ f(β₂/β₁) + (α₁ − α₂) ln(β₂/β₁), f(r) = r − 1 − ln r:
        // the first two are non-negative and computed to their own
        // precision, the third is the only cross term.
        let v = ln_gamma_bregman(a2, a1)
            + a1 * ratio_minus_1_minus_ln(b2, b1)
            + (a1 - a2) * ln_ratio(b2, b1);
        Ok(v.max(0.0))
    }
}

/// Gradient order `[shape, rate]`.
///
/// # Formula
/// ```text
/// ∂/∂α₁ = (α₁ − α₂) ψ₁(α₁) + (β₂ − β₁)/β₁       ∂/∂β₁ = α₂/β₁ − α₁β₂/β₁²
/// ∂/∂α₂ = ψ(α₂) − ψ(α₁) + ln(β₁/β₂)             ∂/∂β₂ = α₁/β₁ − α₂/β₂
/// ```
impl KlGradient for Gamma {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &Gamma) -> Result<PairGradient<2, 2>> {
        let (a1, b1, a2, b2) = (self.shape(), self.rate(), q.shape(), q.rate());
        Ok(PairGradient {
            p: [
                (a1 - a2) * trigamma(a1) + (b2 - b1) / b1,
                a2 / b1 - a1 * b2 / (b1 * b1),
            ],
            q: [
                digamma(a2) - digamma(a1) + ln_ratio(b1, b2),
                a1 / b1 - a2 / b2,
            ],
        })
    }
}

/// # Formula
/// ```text
/// H(Gamma(α, β)) = α − ln β + ln Γ(α) + (1 − α) ψ(α)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Table 17.1.
impl Entropy for Gamma {
    fn entropy_nats(&self) -> Result<f64> {
        let (a, b) = (self.shape(), self.rate());
        Ok(a - b.ln() + ln_gamma(a) + (1.0 - a) * digamma(a))
    }
}
