//! Rényi divergence of order α.

use crate::discrete::kl::kl_unchecked;
use crate::discrete::pointwise::ln_ratio;
use crate::error::{Error, Result};
use crate::sum::Neumaier;
use crate::validate::check_pair;

/// Rényi divergence `D_α(p‖q)` of order `α ∈ [0, ∞]` in nats.
///
/// `α = 1` is [`crate::kl`] (the limit), `α = ½` is `−2 ln` of the
/// Bhattacharyya coefficient, `α = ∞` is `ln max pᵢ/qᵢ`.
///
/// # Formula
/// ```text
/// D_α(p‖q) = 1/(α−1) · ln Σᵢ pᵢ^α qᵢ^(1−α)
/// D_0(p‖q) = −ln Σ_{pᵢ>0} qᵢ          D_∞(p‖q) = ln max_{pᵢ>0} pᵢ/qᵢ
/// ```
/// Evaluated as `ln1p(Σᵢ pᵢ·expm1((1−α)·ln(qᵢ/pᵢ)) + Σ_{pᵢ>0} pᵢ − 1)/(α−1)`
/// so that nearly equal `p` and `q` keep their digits. For `α > 1`,
/// `qᵢ = 0 < pᵢ` gives `+∞`; for `α < 1` such terms contribute 0 and the
/// result is `+∞` only when `p` and `q` have disjoint supports.
///
/// # Errors
/// [`Error::InvalidParameter`] for `α < 0` or `α = NaN`, and as
/// [`crate::kl`] for the vectors.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
/// let d2 = divergence::renyi(&p, &q, 2.0)?;
/// // Σ p²/q = 0.81/0.5 + 0.01/0.5 = 1.64
/// assert!((d2 - 1.64f64.ln()).abs() < 1e-15);
/// assert_eq!(divergence::renyi(&p, &q, 1.0)?, divergence::kl(&p, &q)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// A. Rényi, "On measures of entropy and information", *Proc. 4th Berkeley
/// Symp.* 1 (1961) 547–561; T. van Erven and P. Harremoës, "Rényi divergence
/// and Kullback–Leibler divergence", *IEEE Trans. Inf. Theory* 60 (2014),
/// Definitions 1–3.
pub fn renyi(p: &[f64], q: &[f64], alpha: f64) -> Result<f64> {
    if alpha.is_nan() || alpha < 0.0 {
        return Err(Error::InvalidParameter {
            name: "alpha",
            value: alpha,
            reason: "the Rényi order must be in [0, ∞]",
        });
    }
    check_pair(p, q)?;
    #[allow(clippy::float_cmp)] // α = 1 is the exact KL limit
    if alpha == 1.0 {
        return Ok(kl_unchecked(p, q));
    }
    let support = p.iter().zip(q).filter(|(&pi, _)| pi > 0.0);
    if alpha == f64::INFINITY {
        let mut max = f64::NEG_INFINITY;
        for (&pi, &qi) in support {
            if qi == 0.0 {
                return Ok(f64::INFINITY);
            }
            max = max.max(ln_ratio(pi, qi));
        }
        return Ok(max.max(0.0));
    }
    // s − 1 where s = Σ pᵢ^α qᵢ^(1−α), accumulated without forming s.
    let mut acc = Neumaier::default();
    acc.add(-1.0);
    for (&pi, &qi) in support {
        acc.add(pi);
        if qi == 0.0 {
            if alpha > 1.0 {
                return Ok(f64::INFINITY);
            }
            acc.add(-pi); // pᵢ^α·0^(1−α) = 0 for α < 1
        } else {
            acc.add(pi * ((1.0 - alpha) * ln_ratio(qi, pi)).exp_m1());
        }
    }
    let s_minus_1 = acc.total();
    if s_minus_1 <= -1.0 {
        // Disjoint supports (only possible for α < 1).
        return Ok(f64::INFINITY);
    }
    Ok((s_minus_1.ln_1p() / (alpha - 1.0)).max(0.0))
}
