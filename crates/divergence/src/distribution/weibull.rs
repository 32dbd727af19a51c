//! Weibull pairs.

use statrs::distribution::Weibull;

use crate::distribution::special::{exp_m1_minus, ln_gamma_bregman, EULER_GAMMA};
use crate::distribution::{Entropy, KlDivergence};
use crate::error::Result;

/// Weibull ‖ Weibull (shape `k`, scale `λ`), closed form.
///
/// # Formula
/// ```text
/// KL = ln(k₁/k₂) + k₂ ln(λ₂/λ₁) + γ(k₂/k₁ − 1) + (λ₁/λ₂)^{k₂} Γ(1 + k₂/k₁) − 1
///    = D(r) + (eᵘ − 1 − u),   r = k₂/k₁,   u = k₂ ln(λ₁/λ₂) + ln Γ(1 + r),
///      D(r) = ln Γ(r) − ln Γ(1) − ψ(1)(r − 1)  (γ = −ψ(1), Euler's constant)
/// ```
/// The second form is a sum of two non-negative terms, each computed
/// without cancellation near `p = q` (the first as a Bregman divergence of
/// `ln Γ`, the second from its series).
///
/// # Errors
/// Never.
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Weibull;
/// let p = Weibull::new(2.0, 1.0)?;
/// assert_eq!(p.kl_divergence(&p)?, 0.0);
/// // k = 1 is the exponential: KL(Exp(1)‖Exp(1/2)) = ln 2 − 1/2 + … = 2 − 1 − ln 2.
/// let (a, b) = (Weibull::new(1.0, 1.0)?, Weibull::new(1.0, 2.0)?);
/// assert!((a.kl_divergence(&b)? - (2f64.ln() + 0.5 - 1.0)).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Bauckhage, "Computing the Kullback–Leibler divergence between two
/// Weibull distributions", arXiv:1310.3713 (2013), eq. (11).
impl KlDivergence for Weibull {
    fn kl_divergence(&self, q: &Weibull) -> Result<f64> {
        let (k1, l1, k2, l2) = (self.shape(), self.scale(), q.shape(), q.scale());
        let r = k2 / k1;
        let u = k2 * (l1 / l2).ln() + statrs::function::gamma::ln_gamma(1.0 + r);
        Ok((ln_gamma_bregman(r, 1.0) + exp_m1_minus(u)).max(0.0))
    }
}

/// # Formula
/// ```text
/// H(Weibull(k, λ)) = γ(1 − 1/k) + ln(λ/k) + 1
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 21.
impl Entropy for Weibull {
    fn entropy_nats(&self) -> Result<f64> {
        let (k, l) = (self.shape(), self.scale());
        Ok(EULER_GAMMA * (1.0 - 1.0 / k) + (l / k).ln() + 1.0)
    }
}
