//! Jeffreys divergence (symmetrised KL).

use crate::discrete::pointwise::ln_ratio;
use crate::error::Result;
use crate::sum::{non_negative, Neumaier};
use crate::validate::check_pair;

/// Jeffreys divergence `J(p, q) = KL(p‖q) + KL(q‖p)` in nats.
///
/// # Formula
/// ```text
/// J(p, q) = Σᵢ (pᵢ − qᵢ) ln(pᵢ / qᵢ)      both zero: 0; exactly one zero: +∞
/// ```
/// Every term is non-negative, so there is no cancellation.
///
/// # Errors
/// As [`crate::kl`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
/// let j = divergence::jeffreys(&p, &q)?;
/// let both = divergence::kl(&p, &q)? + divergence::kl(&q, &p)?;
/// assert!((j - both).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// H. Jeffreys, "An invariant form for the prior probability in estimation
/// problems", *Proc. R. Soc. A* 186 (1946) 453–461.
pub fn jeffreys(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let mut acc = Neumaier::default();
    for (&pi, &qi) in p.iter().zip(q) {
        #[allow(clippy::float_cmp)] // identical entries contribute exactly 0
        if pi == qi {
            continue;
        }
        if pi == 0.0 || qi == 0.0 {
            return Ok(f64::INFINITY);
        }
        acc.add((pi - qi) * ln_ratio(pi, qi));
    }
    Ok(non_negative(acc.total()))
}
