//! Expectations under a Normal by adaptive Gauss–Kronrod quadrature.
//!
//! Interim: the divergence crate's `quadrature` module is the long-term home
//! (it was not there when this was written). Gauss–Hermite was tried first
//! and rejected: for `ln p` of a two-peaked mixture (analytic only in a strip
//! of half-width ≈ 0.5 around the real axis) under a Normal of width 3.6 it
//! is off by 5 %; adaptive G7–K15 on `z ∈ [−Z, Z]` is accurate to ~1e-13.

use crate::tolerance::{QUAD_ABS_TOL, QUAD_MAX_DEPTH, QUAD_PANELS, QUAD_REL_TOL, QUAD_Z_MAX};

/// Kronrod 15-point nodes (non-negative half) and weights; Gauss 7-point
/// weights on the odd Kronrod nodes. Piessens et al., *QUADPACK* (1983), `qk15`.
#[allow(clippy::excessive_precision)] // QUADPACK's published digits, kept verbatim
const XGK: [f64; 8] = [
    0.991_455_371_120_812_639_206_854_697_526_329,
    0.949_107_912_342_758_524_526_189_684_047_851,
    0.864_864_423_359_769_072_789_712_788_640_926,
    0.741_531_185_599_394_439_863_864_773_280_788,
    0.586_087_235_467_691_130_294_144_845_693_013,
    0.405_845_151_377_397_166_906_606_412_076_961,
    0.207_784_955_007_898_467_600_689_403_773_245,
    0.0,
];
#[allow(clippy::excessive_precision)]
const WGK: [f64; 8] = [
    0.022_935_322_010_529_224_963_732_008_058_970,
    0.063_092_092_629_978_553_290_700_663_189_204,
    0.104_790_010_322_250_183_839_876_322_541_518,
    0.140_653_259_715_525_918_745_189_590_510_238,
    0.169_004_726_639_267_902_826_583_426_598_550,
    0.190_350_578_064_785_409_913_256_402_421_014,
    0.204_432_940_075_298_892_414_161_999_234_649,
    0.209_482_141_084_727_828_012_999_174_891_714,
];
#[allow(clippy::excessive_precision)]
const WG: [f64; 4] = [
    0.129_484_966_168_869_693_270_611_432_679_082,
    0.279_705_391_489_276_667_901_467_771_423_780,
    0.381_830_050_505_118_944_950_369_775_488_975,
    0.417_959_183_673_469_387_755_102_040_816_327,
];

/// `(Kronrod estimate, error estimate)` of `∫ₐᵇ g`, with QUADPACK's
/// error heuristic `resasc · min(1, (200 |K − G| / resasc)^1.5)`.
fn gk15(g: &dyn Fn(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let fc = g(c);
    let mut fv = [0.0; 15];
    fv[7] = fc;
    let mut k = WGK[7] * fc;
    let mut gauss = WG[3] * fc;
    for j in 0..7 {
        let x = h * XGK[j];
        let (f1, f2) = (g(c - x), g(c + x));
        fv[j] = f1;
        fv[14 - j] = f2;
        k += WGK[j] * (f1 + f2);
        if j % 2 == 1 {
            gauss += WG[j / 2] * (f1 + f2);
        }
    }
    let mean = 0.5 * k;
    let resasc = (0..15)
        .map(|i| WGK[if i < 8 { i } else { 14 - i }] * (fv[i] - mean).abs())
        .sum::<f64>()
        * h.abs();
    let diff = ((k - gauss) * h).abs();
    let err = if resasc != 0.0 && diff != 0.0 {
        resasc * (200.0 * diff / resasc).powf(1.5).min(1.0)
    } else {
        diff
    };
    (k * h, err)
}

fn adapt(g: &dyn Fn(f64) -> f64, a: f64, b: f64, est: (f64, f64), tol: f64, depth: u32) -> f64 {
    if est.1 <= tol || depth >= QUAD_MAX_DEPTH {
        return est.0;
    }
    let m = 0.5 * (a + b);
    let (l, r) = (gk15(g, a, m), gk15(g, m, b));
    adapt(g, a, m, l, 0.5 * tol, depth + 1) + adapt(g, m, b, r, 0.5 * tol, depth + 1)
}

/// `E[f(X)]`, `X ~ N(μ, σ²)`.
///
/// # Formula
/// ```text
/// E f = ∫_{−Z}^{Z} φ(z) f(μ + σz) dz      (Z = QUAD_Z_MAX; φ(Z) ≈ 1e-32)
/// ```
/// on `QUAD_PANELS` equal panels, each refined adaptively until the
/// Gauss–Kronrod error estimate is below its share of
/// `max(QUAD_ABS_TOL, QUAD_REL_TOL·|first pass|)`.
pub(crate) fn normal_expectation(mu: f64, sigma: f64, f: &dyn Fn(f64) -> f64) -> f64 {
    const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_677_939_946_059_934_4;
    let g = |z: f64| INV_SQRT_2PI * (-0.5 * z * z).exp() * f(mu + sigma * z);
    let width = 2.0 * QUAD_Z_MAX / QUAD_PANELS as f64;
    let panels: Vec<(f64, f64, (f64, f64))> = (0..QUAD_PANELS)
        .map(|i| {
            let a = -QUAD_Z_MAX + i as f64 * width;
            let b = a + width;
            (a, b, gk15(&g, a, b))
        })
        .collect();
    let first: f64 = panels.iter().map(|p| p.2 .0.abs()).sum();
    let tol = QUAD_ABS_TOL.max(QUAD_REL_TOL * first) / QUAD_PANELS as f64;
    panels
        .into_iter()
        .map(|(a, b, est)| adapt(&g, a, b, est, tol, 0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn moments_are_exact() {
        // Closed form: E X = μ, E X² = μ² + σ², E X⁴ = μ⁴ + 6μ²σ² + 3σ⁴.
        let (mu, s) = (0.7, 1.9);
        assert_relative_eq!(normal_expectation(mu, s, &|_| 1.0), 1.0, epsilon = 1e-14);
        assert_relative_eq!(normal_expectation(mu, s, &|x| x), mu, epsilon = 1e-13);
        assert_relative_eq!(
            normal_expectation(mu, s, &|x| x * x),
            mu * mu + s * s,
            max_relative = 1e-13
        );
        let m4 = mu.powi(4) + 6.0 * mu * mu * s * s + 3.0 * s.powi(4);
        assert_relative_eq!(
            normal_expectation(mu, s, &|x| x.powi(4)),
            m4,
            max_relative = 1e-12
        );
    }

    #[test]
    fn ln_cosh_under_a_wide_normal() {
        // mpmath: quad(lambda z: npdf(z)*log(cosh(3*3.6*z)), [-inf, 0, inf])
        //   = 7.9543127847879919478 (tools/reference/fit_worms.py prints it).
        let v = normal_expectation(0.0, 3.6, &|x: f64| (3.0 * x).cosh().ln());
        assert_relative_eq!(v, 7.954_312_784_787_992, max_relative = 1e-12);
    }
}
