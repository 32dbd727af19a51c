//! Geometric pairs (support `{1, 2, …}`, as statrs).

use statrs::distribution::Geometric;

use crate::distribution::special::{complement_ratio_minus_1_minus_ln, ratio_minus_1_minus_ln};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// `(1 − p) ln(1 − p)` with `0 ln 0 = 0`.
fn xlogx_complement(p: f64) -> f64 {
    let c = 1.0 - p;
    if c == 0.0 {
        0.0
    } else {
        c * (-p).ln_1p()
    }
}

/// Geometric ‖ Geometric, closed form; `+∞` when `p₂ = 1 > p₁`.
///
/// # Formula
/// ```text
/// KL(Geo(p₁)‖Geo(p₂)) = ln(p₁/p₂) + ((1 − p₁)/p₁) ln((1 − p₁)/(1 − p₂))
/// ```
/// (`E[k − 1] = (1 − p₁)/p₁` times the log-ratio of the success-free factor).
///
/// # Errors
/// Never.
///
/// # Reference
/// Direct summation of `Σ p₁(1−p₁)^{k−1} ln(p₁(1−p₁)^{k−1} / p₂(1−p₂)^{k−1})`;
/// Cover & Thomas (2nd ed.), eq. (2.26).
impl KlDivergence for Geometric {
    fn kl_divergence(&self, q: &Geometric) -> Result<f64> {
        let (p1, p2) = (self.p(), q.p());
        if p1 >= 1.0 {
            return Ok(-p2.ln());
        }
        if p2 >= 1.0 {
            return Ok(f64::INFINITY);
        }
        // KL = f(p₂/p₁) + ((1 − p₁)/p₁) f((1 − p₂)/(1 − p₁)), f(r) = r − 1 − ln r:
        // the linear terms of −ln r cancel exactly (1 − r₁ + m(1 − r₂) = 0
        // with m = (1 − p₁)/p₁, the mean number of failures), leaving two
        // non-negative terms and no cancellation when p₁ ≈ p₂.
        let m = (1.0 - p1) / p1;
        Ok(ratio_minus_1_minus_ln(p2, p1) + m * complement_ratio_minus_1_minus_ln(p1, p2))
    }
}

/// Gradient order `[p]`.
///
/// # Formula
/// ```text
/// ∂/∂p₁ = −ln((1 − p₁)/(1 − p₂))/p₁²      ∂/∂p₂ = −1/p₂ + (1 − p₁)/(p₁(1 − p₂))
/// ```
impl KlGradient for Geometric {
    type Gradient = PairGradient<1, 1>;
    fn kl_gradient(&self, q: &Geometric) -> Result<PairGradient<1, 1>> {
        let (p1, p2) = (self.p(), q.p());
        Ok(PairGradient {
            p: [-((-p1).ln_1p() - (-p2).ln_1p()) / (p1 * p1)],
            q: [-1.0 / p2 + (1.0 - p1) / (p1 * (1.0 - p2))],
        })
    }
}

/// # Formula
/// ```text
/// H(Geo(p)) = (−(1 − p) ln(1 − p) − p ln p)/p
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Problem 2.1.
impl Entropy for Geometric {
    fn entropy_nats(&self) -> Result<f64> {
        let p = self.p();
        Ok((-xlogx_complement(p) - p * p.ln()) / p)
    }
}
