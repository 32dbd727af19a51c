//! Accurate pointwise pieces shared by the discrete measures.
//!
//! The naive term `p·ln(p/q)` loses every significant digit when `p ≈ q`
//! (the logarithm of a number next to 1 is tiny, and the rounding of `p/q`
//! is not). Near `p = q` we instead use the exact difference `p − q`
//! (Sterbenz's lemma: exact whenever `q/2 ≤ p ≤ 2q`) and series in
//! `u = (p − q)/(p + q)`.

use crate::discrete::kernel::near_term;
use crate::sum::Neumaier;

/// Ratios `p/q` inside `[NEAR_LO, NEAR_HI] = [√½, √2]` take the series
/// path: `p − q` is exact there (Sterbenz) and `|u| ≤ 3 − 2√2 ≈ 0.1716`,
/// the range of the kernel's polynomial. Outside, `|ln(p/q)| ≥ ½ ln 2` and
/// the plain logarithm is accurate to a few ulps.
pub(crate) const NEAR_LO: f64 = core::f64::consts::FRAC_1_SQRT_2;
/// Upper end of the series range, see [`NEAR_LO`].
pub(crate) const NEAR_HI: f64 = core::f64::consts::SQRT_2;

/// `ln(p/q)` for `p, q > 0`, accurate to a few ulps even when `p ≈ q` and
/// when `p/q` would overflow or underflow.
#[inline]
pub(crate) fn ln_ratio(p: f64, q: f64) -> f64 {
    let r = p / q;
    if (NEAR_LO..=NEAR_HI).contains(&r) {
        // p − q is exact here, so ln1p sees the true relative difference.
        ((p - q) / q).ln_1p()
    } else if r.is_normal() {
        r.ln()
    } else {
        // p/q overflowed or became subnormal: take the logs apart.
        p.ln() - q.ln()
    }
}

/// Accumulates one term of `KL(p‖q) = Σ p ln(p/q)` for `p > 0, q > 0`.
///
/// Near `p = q` the term is split as `q·φ(p/q) + (p − q)` with
/// `φ(r) = r ln r − r + 1 ≥ 0`, and
/// `q·φ(p/q) = (p + q)·((1 + u) artanh u − u)`, `u = (p − q)/(p + q)`
/// (from `ln r = 2 artanh u`; see the kernel's `contribution`). The non-negative parts go to `pos`, the
/// exact differences `p − q` and the far terms to `mixed`; for normalised
/// inputs the differences cancel exactly and `pos` carries the answer with
/// no cancellation at all, even when KL is `10⁻¹⁹`.
#[inline]
pub(crate) fn kl_term(p: f64, q: f64, pos: &mut Neumaier, mixed: &mut Neumaier) {
    let r = p / q;
    if (NEAR_LO..=NEAR_HI).contains(&r) {
        pos.add(near_term(p, q));
        mixed.add(p - q);
    } else if r.is_normal() {
        mixed.add(p * r.ln());
    } else {
        mixed.add(p * (p.ln() - q.ln()));
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn ln_ratio_is_accurate_near_one_and_at_extremes() {
        // ln(1 + 2⁻³⁰) = 2⁻³⁰ − 2⁻⁶¹ + …; (1 + 2⁻³⁰)/1 is exact, so the answer
        // is ln1p(2⁻³⁰) (identity, no external tool needed).
        let p = 1.0 + 2f64.powi(-30);
        assert_eq!(ln_ratio(p, 1.0), 2f64.powi(-30).ln_1p());
        // Overflowing ratio: ln(1/5e-324) = 744.44007192138126… (mpmath 1.3.0:
        // mp.dps=30; -log(mpf(2)**-1074)).
        approx::assert_relative_eq!(
            ln_ratio(1.0, 5e-324),
            744.440_071_921_381_3,
            max_relative = 1e-15
        );
        approx::assert_relative_eq!(
            ln_ratio(5e-324, 1.0),
            -744.440_071_921_381_3,
            max_relative = 1e-15
        );
    }
}
