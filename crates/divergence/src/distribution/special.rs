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

/// `r − 1 − ln r` for `r = (1 − b)/(1 − a)` (`a < 1`, `b ≤ 1`), from the
/// exact difference `u = (a − b)/(1 − a)` and `ln(1 − x)` as `ln_1p(−x)`, so
/// that a tiny `a` or `b` is not lost in `1 − a`.
pub(crate) fn complement_ratio_minus_1_minus_ln(a: f64, b: f64) -> f64 {
    let u = (a - b) / (1.0 - a);
    if u.abs() < 0.5 {
        u_minus_ln1p(u)
    } else {
        u - ((-b).ln_1p() - (-a).ln_1p())
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

/// Euler's constant `γ = −ψ(1)` (OEIS A001620).
pub(crate) const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// `eᵘ − 1 − u ≥ 0` for any `u`, without cancellation at small `|u|`.
pub(crate) fn exp_m1_minus(u: f64) -> f64 {
    if u.abs() < 0.5 {
        expm1_neg_plus(-u)
    } else {
        u.exp_m1() - u
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

/// Polygamma `ψ⁽ᵐ⁾(x) = dᵐ⁺¹/dxᵐ⁺¹ ln Γ(x)` for `m ≥ 1`, `x > 0`: the
/// recurrence `ψ⁽ᵐ⁾(x) = ψ⁽ᵐ⁾(x + 1) + (−1)ᵐ⁺¹ m!/xᵐ⁺¹` up to `x ≥ 20 + m`,
/// then the asymptotic series with Bernoulli numbers (Abramowitz & Stegun
/// 6.4.11), relative error below `1e-15` for `m ≤ 8`.
pub(crate) fn polygamma(m: u32, mut x: f64) -> f64 {
    const B2K: [f64; 8] = [
        1.0 / 6.0,
        -1.0 / 30.0,
        1.0 / 42.0,
        -1.0 / 30.0,
        5.0 / 66.0,
        -691.0 / 2730.0,
        7.0 / 6.0,
        -3617.0 / 510.0,
    ];
    let mf = f64::from(m);
    let fact = |n: u32| (1..=n).map(f64::from).product::<f64>();
    let sign = if m % 2 == 1 { 1.0 } else { -1.0 };
    let m_fact = fact(m);
    let mut acc = 0.0;
    while x < 20.0 + mf {
        acc += m_fact / x.powf(mf + 1.0);
        x += 1.0;
    }
    // (m−1)!/xᵐ + m!/(2xᵐ⁺¹) + Σ B₂ₖ (2k+m−1)!/((2k)! x²ᵏ⁺ᵐ)
    let mut series = fact(m - 1) / x.powf(mf) + m_fact / (2.0 * x.powf(mf + 1.0));
    for (i, b) in B2K.iter().enumerate() {
        let k = i as u32 + 1;
        series += b * fact(2 * k + m - 1) / (fact(2 * k) * x.powf(f64::from(2 * k) + mf));
    }
    sign * (acc + series)
}

/// The Bregman divergence of `ln Γ`: `ln Γ(y) − ln Γ(x) − (y − x) ψ(x) ≥ 0`,
/// without the cancellation of the three terms when `y ≈ x` (its Taylor
/// series in `h = y − x` with polygamma coefficients when `|h| ≤ x/100`),
/// else directly. The building block of the Gamma and Beta closed forms:
/// their KL is a sum of such divergences, each computed to its own
/// relative precision rather than to that of `ln Γ`.
///
/// # Formula
/// ```text
/// D(y, x) = Σ_{k≥2} ψ⁽ᵏ⁻¹⁾(x) hᵏ / k!,   h = y − x
/// ```
pub(crate) fn ln_gamma_bregman(y: f64, x: f64) -> f64 {
    ln_gamma_bregman_step(x, y - x)
}

/// [`ln_gamma_bregman`] of `(x + h, x)` from the step `h` itself, for a
/// caller who knows `h` more exactly than the rounded `x + h` would tell
/// (the Beta closed form's `(a₂ + b₂) − (a₁ + b₁)`).
pub(crate) fn ln_gamma_bregman_step(x: f64, h: f64) -> f64 {
    use statrs::function::gamma::{digamma, ln_gamma};
    let y = x + h;
    if h.abs() <= 0.01 * x {
        let (mut sum, mut hk_over_kfact) = (0.0, h);
        for k in 2..=9u32 {
            hk_over_kfact *= h / f64::from(k);
            let t = polygamma(k - 1, x) * hk_over_kfact;
            sum += t;
            if t.abs() <= 1e-3 * f64::EPSILON * sum.abs() {
                break;
            }
        }
        sum.max(0.0)
    } else {
        (ln_gamma(y) - ln_gamma(x) - h * digamma(x)).max(0.0)
    }
}

#[cfg(test)]
mod polygamma_tests {
    use super::*;

    #[test]
    fn polygamma_at_1_and_against_trigamma() {
        // ψ⁽¹⁾(1) = π²/6, ψ⁽²⁾(1) = −2ζ(3), ψ⁽³⁾(1) = π⁴/15 (A&S 6.4.2).
        let pi2 = core::f64::consts::PI * core::f64::consts::PI;
        assert!((polygamma(1, 1.0) / (pi2 / 6.0) - 1.0).abs() < 1e-15);
        assert!((polygamma(2, 1.0) / -2.404_113_806_319_188_5 - 1.0).abs() < 1e-15);
        assert!((polygamma(3, 1.0) / (pi2 * pi2 / 15.0) - 1.0).abs() < 1e-15);
        for x in [0.3, 2.5, 17.0, 1e3, 1e6] {
            assert!((polygamma(1, x) / trigamma(x) - 1.0).abs() < 1e-14, "{x}");
        }
    }

    #[test]
    fn bregman_is_continuous_across_its_two_branches() {
        for x in [0.5, 3.0, 1e6] {
            let h = 0.01 * x;
            let a = ln_gamma_bregman(x + h * (1.0 - 1e-9), x);
            let b = ln_gamma_bregman(x + h * (1.0 + 1e-9), x);
            assert!((a / b - 1.0).abs() < 1e-8, "{x}: {a} {b}");
        }
    }
}
