//! Rényi divergence of order α.

use crate::discrete::kl::kl_unchecked;
use crate::discrete::pointwise::{ln_ratio, NEAR_HI, NEAR_LO};
use crate::error::{Error, Result};
use crate::sum::{non_negative, Neumaier};
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
/// Evaluated as `ln1p(s − 1)/(α−1)` with `s − 1` accumulated from
/// second-order terms where `pᵢ ≈ qᵢ` (see the source), so that nearly
/// equal `p` and `q` keep their digits; when a term `pᵢ^α qᵢ^(1−α)`
/// overflows, `ln s` is taken by log-sum-exp instead. For `α > 1`,
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
        return Ok(non_negative(max));
    }
    if alpha > 1.0 && support.clone().any(|(_, &qi)| qi == 0.0) {
        return Ok(f64::INFINITY);
    }
    let b = 1.0 - alpha;
    // s − 1 = Σ p(e^{bx} − 1) + (Σp − 1),  x = ln(q/p), s = Σ p^α q^(1−α).
    // Near p = q the first-order parts cancel between terms; there
    //   p(e^{bx} − 1) = p·(em2(bx) − b·em2(x)) + b·(q − p),  em2(y) = eʸ − 1 − y,
    // where q − p is exact and the em2 difference is second order.
    let mut acc = Neumaier::default();
    let mut linear = Neumaier::default();
    acc.add(-1.0);
    for (&pi, &qi) in support.clone() {
        acc.add(pi);
        if qi == 0.0 {
            acc.add(-pi); // α < 1: pᵢ^α·0^(1−α) = 0
            continue;
        }
        let r = qi / pi;
        let x = ln_ratio(qi, pi);
        if (NEAR_LO..=NEAR_HI).contains(&r) {
            acc.add(pi * (em2(b * x) - b * em2(x)));
            linear.add(qi - pi);
        } else {
            acc.add(pi * (b * x).exp_m1());
        }
    }
    acc.add(b * linear.total());
    let s_minus_1 = acc.total();
    if s_minus_1.is_finite() {
        if s_minus_1 <= -1.0 {
            return Ok(f64::INFINITY); // disjoint supports (α < 1)
        }
        return Ok(non_negative(s_minus_1.ln_1p() / (alpha - 1.0)));
    }
    // Some pᵢ^α qᵢ^(1−α) overflowed: ln s by log-sum-exp instead.
    let logs: Vec<f64> = support
        .filter(|(_, &qi)| qi > 0.0)
        .map(|(&pi, &qi)| pi.ln() + b * ln_ratio(qi, pi))
        .collect();
    let m = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ln_s = m + crate::sum::sum_iter(logs.iter().map(|l| (l - m).exp())).ln();
    Ok(non_negative(ln_s / (alpha - 1.0)))
}

/// `eʸ − 1 − y`, accurate to a few ulps for all `y` (series for `|y| ≤ 1`).
fn em2(y: f64) -> f64 {
    if y.abs() > 1.0 {
        return y.exp_m1() - y;
    }
    // y²·Σₖ yᵏ/(k+2)!, k = 0…18 (1/21! < 2e-20 bounds the truncation).
    let mut acc = 0.0_f64;
    let mut k = 18;
    loop {
        acc = acc.mul_add(y, INV_FACT[k + 2]);
        if k == 0 {
            break;
        }
        k -= 1;
    }
    y * y * acc
}

/// `1/k!` for `k = 0…20`.
const INV_FACT: [f64; 21] = {
    let mut t = [1.0; 21];
    let mut k = 1;
    while k < 21 {
        t[k] = t[k - 1] / k as f64;
        k += 1;
    }
    t
};

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn em2_matches_series_and_direct_forms() {
        // e^1 − 2 = 0.71828182845904523536… (e's digits; OEIS A001113).
        approx::assert_relative_eq!(
            em2(1.0),
            0.718_281_828_459_045_2,
            max_relative = 4.0 * f64::EPSILON
        );
        // em2(1e-5) = 1e-10/2 + 1e-15/6 + …: 5.000016666708333e-11 (mpmath 1.3.0:
        // mp.dps=30; exp(mpf('1e-5')) - 1 - mpf('1e-5')).
        approx::assert_relative_eq!(
            em2(1e-5),
            5.000_016_666_708_333e-11,
            max_relative = 4.0 * f64::EPSILON
        );
        approx::assert_relative_eq!(
            em2(-3.0),
            (-3.0f64).exp_m1() + 3.0,
            max_relative = 4.0 * f64::EPSILON
        );
    }
}
