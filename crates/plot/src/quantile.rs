//! Quantiles of a fitted distribution by inverting its CDF with a
//! bracketing root finder, for Q–Q plots of families without a closed-form
//! quantile function.

/// Bisection stops when the bracket is this narrow relative to its ends
/// (or to 1 near zero): far below a pixel on any plot.
pub(crate) const QUANTILE_REL_TOL: f64 = 1e-12;

/// Most times a bracket end is pushed outward (the step doubling each
/// time) before the quantile is declared out of reach: 2¹²⁰ times the
/// data's spread covers every finite `f64` a fitted CDF can reach.
pub(crate) const MAX_BRACKET_EXPANSIONS: u32 = 120;

/// Most bisection steps: 1100 halvings take any finite bracket down to a
/// single `f64` spacing, so [`QUANTILE_REL_TOL`] is met first.
const MAX_BISECTIONS: u32 = 1100;

/// The `p`-quantile of the distribution with CDF `cdf`: the `x` where
/// `cdf(x) = p`, found by expanding the bracket `[lo, hi]` (any interval,
/// typically the samples' range) until `cdf(lo) ≤ p ≤ cdf(hi)`, then
/// bisecting.
///
/// # Formula
/// ```text
/// Q(p) = inf { x : F(x) ≥ p }
/// bracket: lo ← lo − 2ᵏ·s while F(lo) > p;  hi ← hi + 2ᵏ·s while F(hi) < p
/// bisect:  m = (lo + hi)/2;  F(m) < p ⇒ lo = m, else hi = m
/// ```
/// with `s = hi − lo` (or 1 for a degenerate start).
///
/// # Errors
/// `None` when `p ∉ (0, 1)`, the start is not finite, the CDF returns NaN,
/// or no bracket is found within [`MAX_BRACKET_EXPANSIONS`] doublings.
///
/// # Panics
/// Never.
///
/// # Reference
/// Press et al., *Numerical Recipes*, 3rd ed. (2007), §9.1 (bracketing and
/// bisection).
pub(crate) fn quantile(cdf: impl Fn(f64) -> f64, p: f64, start: (f64, f64)) -> Option<f64> {
    let (mut lo, mut hi) = (start.0.min(start.1), start.0.max(start.1));
    let valid = p > 0.0 && p < 1.0 && lo.is_finite() && hi.is_finite();
    if !valid {
        return None;
    }
    let base = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let mut step = base;
    for expansions in 0..=MAX_BRACKET_EXPANSIONS {
        let f = cdf(lo);
        if f.is_nan() {
            return None;
        }
        if f <= p {
            break;
        }
        if expansions == MAX_BRACKET_EXPANSIONS {
            return None;
        }
        lo -= step;
        step *= 2.0;
    }
    let mut step = base;
    for expansions in 0..=MAX_BRACKET_EXPANSIONS {
        let f = cdf(hi);
        if f.is_nan() {
            return None;
        }
        if f >= p {
            break;
        }
        if expansions == MAX_BRACKET_EXPANSIONS {
            return None;
        }
        hi += step;
        step *= 2.0;
    }
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    for _ in 0..MAX_BISECTIONS {
        if hi - lo <= QUANTILE_REL_TOL * lo.abs().max(hi.abs()).max(1.0) {
            break;
        }
        let mid = lo + (hi - lo) / 2.0;
        let f = cdf(mid);
        if f.is_nan() {
            return None;
        }
        if f < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo + (hi - lo) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agreement with closed-form quantiles, in absolute terms on O(1)
    /// values.
    const TOL: f64 = 1e-10;

    #[test]
    fn exponential_quantile_matches_closed_form() {
        // F(x) = 1 − e^{−x} for x ≥ 0: Q(p) = −ln(1 − p).
        let cdf = |x: f64| if x <= 0.0 { 0.0 } else { 1.0 - (-x).exp() };
        // Near p = 1, 1 − e^{−x} itself loses digits (condition 1/(1 − p)),
        // so the check stops at 0.999.
        for &p in &[1e-6, 0.1, 0.5, 0.9, 0.999] {
            let q = quantile(cdf, p, (2.0, 3.0)).unwrap();
            assert!(
                (q - -(1.0 - p).ln()).abs() < TOL * q.max(1.0),
                "p = {p}: {q}"
            );
        }
    }

    #[test]
    fn bracket_expands_both_ways() {
        // Logistic CDF centred far from the start.
        let cdf = |x: f64| 1.0 / (1.0 + (-(x - 1e4)).exp());
        let q = quantile(cdf, 0.5, (0.0, 1.0)).unwrap();
        assert!((q - 1e4).abs() < 1e-6);
        let cdf = |x: f64| 1.0 / (1.0 + (-(x + 1e4)).exp());
        let q = quantile(cdf, 0.5, (0.0, 0.0)).unwrap();
        assert!((q + 1e4).abs() < 1e-6);
    }

    #[test]
    fn out_of_range_and_nan_give_none() {
        let cdf = |x: f64| x.clamp(0.0, 1.0);
        assert!(quantile(cdf, 0.0, (0.0, 1.0)).is_none());
        assert!(quantile(cdf, 1.0, (0.0, 1.0)).is_none());
        assert!(quantile(cdf, f64::NAN, (0.0, 1.0)).is_none());
        assert!(quantile(|_| f64::NAN, 0.5, (0.0, 1.0)).is_none());
        // A CDF that never reaches p (a defective distribution).
        assert!(quantile(|_| 0.2, 0.5, (0.0, 1.0)).is_none());
    }
}
