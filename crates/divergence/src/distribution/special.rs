//! Small special functions shared by the closed forms.

/// `u − ln(1 + u)` (`= r − 1 − ln r` with `r = 1 + u`) without cancellation
/// near `u = 0`; `u ≥ −1`. Callers form `u` as an exact difference ratio;
/// far from `u = 0` use [`ratio_minus_1_minus_ln`], which does not lose `r`
/// in `1 + u` when `r` is tiny.
pub(crate) fn u_minus_ln1p(u: f64) -> f64 {
    if u.abs() < 0.5 {
        // Σ_{k≥2} (−1)^k u^k / k, 0.5^56/56 < 2⁻⁶¹.
        let mut term = u * u;
        let mut s = 0.0;
        let mut k = 2.0;
        while k < 60.0 {
            let t = term / k;
            s += t;
            if t.abs() <= f64::EPSILON * 1e-3 * s.abs() {
                break;
            }
            term *= -u;
            k += 1.0;
        }
        s
    } else if u <= -1.0 {
        f64::INFINITY
    } else {
        u - u.ln_1p()
    }
}

/// `r − 1 − ln r` for `r = a/b` (`a, b > 0`), accurate over the whole
/// range: the series of [`u_minus_ln1p`] on the exact difference
/// `(a − b)/b` near `r = 1`, else `r − 1 − ln r`, and where `r` underflows
/// or overflows `r − 1 − (ln a − ln b)`. `+∞` only when
/// `a/b` itself overflows (the true value then exceeds the largest double
/// less a logarithm, i.e. it is `+∞` to double precision).
pub(crate) fn ratio_minus_1_minus_ln(a: f64, b: f64) -> f64 {
    let u = (a - b) / b;
    let r = a / b;
    if u.abs() < 0.5 {
        u_minus_ln1p(u)
    } else if r.is_finite() && r >= f64::MIN_POSITIVE {
        // ln of the rounded ratio: relative error ~ε, where ln a − ln b
        // would carry ε·|ln a| of cancellation.
        r - 1.0 - r.ln()
    } else {
        r - 1.0 - (a.ln() - b.ln())
    }
}

/// `ln(a/b)` accurate when `a ≈ b` (`ln_1p` of the exact difference).
pub(crate) fn ln_ratio(a: f64, b: f64) -> f64 {
    let d = a - b;
    if d.abs() < 0.5 * b {
        (d / b).ln_1p()
    } else {
        a.ln() - b.ln()
    }
}

/// `e^{−y} − 1 + y ≥ 0` for `y ≥ 0`, without cancellation at small `y`.
pub(crate) fn expm1_neg_plus(y: f64) -> f64 {
    if y < 0.5 {
        // Σ_{k≥2} (−y)^k / k!
        let (mut term, mut s, mut k) = (y * y / 2.0, 0.0_f64, 2.0);
        while term.abs() > f64::EPSILON * 1e-3 * s.abs() && k < 40.0 {
            s += term;
            k += 1.0;
            term *= -y / k;
        }
        s
    } else {
        (-y).exp_m1() + y
    }
}

/// Trigamma `ψ₁(x) = d²/dx² ln Γ(x)` for `x > 0`: recurrence up to `x ≥ 10`,
/// then the asymptotic series (Abramowitz & Stegun 6.4.12), relative error
/// below `1e-15`.
pub(crate) fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    let series = 1.0 / 6.0
        + z * (-1.0 / 30.0
            + z * (1.0 / 42.0
                + z * (-1.0 / 30.0 + z * (5.0 / 66.0 + z * (-691.0 / 2730.0 + z * 7.0 / 6.0)))));
    acc + 1.0 / x + z / 2.0 + series * z / x
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // mpmath references, quoted in full
mod tests {
    use super::*;

    #[test]
    fn trigamma_matches_mpmath() {
        // mpmath 1.3.0: psi(1, 0.5) = pi**2/2, psi(1, 1) = pi**2/6,
        // psi(1, 7.25) = 0.147879233158932169652
        let pi2 = std::f64::consts::PI.powi(2);
        approx::assert_relative_eq!(trigamma(0.5), pi2 / 2.0, max_relative = 1e-14);
        approx::assert_relative_eq!(trigamma(1.0), pi2 / 6.0, max_relative = 1e-14);
        approx::assert_relative_eq!(trigamma(7.25), TRIGAMMA_7_25, max_relative = 1e-14);
    }

    /// `mpmath.psi(1, 7.25)` (mpmath 1.3.0, mp.dps = 30).
    const TRIGAMMA_7_25: f64 = 0.147_879_233_158_932_169_652;

    #[test]
    fn expm1_branches_agree() {
        let y = 0.5f64;
        approx::assert_relative_eq!(
            expm1_neg_plus(y - 1e-12),
            (-y).exp_m1() + y,
            max_relative = 1e-10
        );
        approx::assert_relative_eq!(
            expm1_neg_plus(1e-4),
            4.999_833_337_499_916_668e-9,
            max_relative = 1e-14
        );
    }

    #[test]
    fn series_and_direct_branches_agree() {
        // u − ln(1+u) at u = 0.5 and 1e-5, by mpmath 1.3.0 (mp.dps = 30):
        // u - log1p(u)
        approx::assert_relative_eq!(
            u_minus_ln1p(0.5),
            0.094_534_891_891_835_62,
            max_relative = 1e-15
        );
        approx::assert_relative_eq!(
            u_minus_ln1p(1e-5),
            4.999_966_666_916_665e-11,
            max_relative = 1e-15
        );
        approx::assert_relative_eq!(
            u_minus_ln1p(0.499_999_999),
            u_minus_ln1p(0.500_000_001),
            max_relative = 1e-7
        );
    }
}
