//! Branch-free `ln(p/q)` for one lane, shared by the vectorised kernels.
//!
//! No logarithm call and one division: `p = 2ᵉ·a`, `q = 2ᶠ·b` with
//! mantissas `a, b ∈ [1, 2)`; one of them is doubled so that
//! `a/b ∈ [√½, √2]`, and `k = e − f ± 1`. Then `ln(p/q) = k ln 2 + 2 artanh s`
//! with `s = (a − b)/(a + b)` (`a − b` exact, `|s| ≤ 0.1716`) and
//! `2 artanh s = 2s + s·R(s²)`, `R` the minimax polynomial of fdlibm's
//! `e_log.c`. For `k = 0` (`p/q ∈ [√½, √2]`) nothing cancels, so the
//! logarithm is accurate relative to itself even when `p ≈ q`.

/// `a·b + c`, fused when the caller was compiled for FMA hardware (a fused
/// multiply-add without hardware support is a slow library call).
#[inline(always)]
pub(crate) fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// fdlibm's minimax coefficients for `ln((1 + s)/(1 − s)) = 2s + s·R(s²)`,
/// `|s| ≤ 3 − 2√2 ≈ 0.1716`, `|R − Σ Lgₖ s²ᵏ| < 2⁻⁵⁸·⁴⁵` (`e_log.c`, Sun
/// Microsystems, 1993).
const LG: [f64; 7] = [
    f64::from_bits(0x3fe5_5555_5555_5593),
    f64::from_bits(0x3fd9_9999_9997_fa04),
    f64::from_bits(0x3fd2_4924_9422_9359),
    f64::from_bits(0x3fcc_71c5_1d8e_78af),
    f64::from_bits(0x3fc7_4664_96cb_03de),
    f64::from_bits(0x3fc3_9a09_d078_c69f),
    f64::from_bits(0x3fc2_f112_df3e_5244),
];
/// `ln 2` split so that `k·LN2_HI` is exact for every exponent difference.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// `ln 2 − LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const MANTISSA: u64 = 0x000f_ffff_ffff_ffff;
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
/// `2⁵²` as bits: `from_bits(MAGIC | e) = 2⁵² + e` reads a small integer
/// as a float without an integer conversion (which AVX2 lacks for 64 bits).
const MAGIC: u64 = 0x4330_0000_0000_0000;

/// `R(z)` of [`LG`] by Estrin's scheme (depth 4 instead of Horner's 7).
#[inline(always)]
pub(crate) fn lg_poly<const FMA: bool>(z: f64) -> f64 {
    let z2 = z * z;
    let z4 = z2 * z2;
    let c01 = madd::<FMA>(z, LG[1], LG[0]);
    let c23 = madd::<FMA>(z, LG[3], LG[2]);
    let c45 = madd::<FMA>(z, LG[5], LG[4]);
    let c0123 = madd::<FMA>(z2, c23, c01);
    let c456 = madd::<FMA>(z2, LG[6], c45);
    z * madd::<FMA>(z4, c456, c0123)
}

/// `ln(p/q) = k ln 2 + 2s + s·r`, reduced.
#[derive(Clone, Copy)]
pub(crate) struct Reduced {
    /// Power of two, as a float.
    pub k: f64,
    /// `(a − b)/(a + b)` of the reduced mantissas.
    pub s: f64,
    /// `R(s²)`.
    pub r: f64,
}

/// The reduction of `p/q` for positive normal `p` and `q` (other inputs give
/// meaningless finite numbers, never a trap).
#[inline(always)]
pub(crate) fn reduce<const FMA: bool>(pi: f64, qi: f64) -> Reduced {
    let (bp, bq) = (pi.to_bits(), qi.to_bits());
    let (ep, eq) = (bp >> 52, bq >> 52); // biased exponents
    let a = f64::from_bits((bp & MANTISSA) | ONE_BITS);
    let b = f64::from_bits((bq & MANTISSA) | ONE_BITS);
    let halve = a > core::f64::consts::SQRT_2 * b;
    let double = core::f64::consts::SQRT_2 * a < b;
    let a = if double { 2.0 * a } else { a };
    let b = if halve { 2.0 * b } else { b };
    let k = (f64::from_bits(MAGIC | ep) - f64::from_bits(MAGIC | eq))
        + (if halve { 1.0 } else { 0.0 } - if double { 1.0 } else { 0.0 });
    let s = (a - b) / (a + b);
    Reduced {
        k,
        s,
        r: lg_poly::<FMA>(s * s),
    }
}

/// `ln(p/q)` from its reduction: `k·LN2_HI + (2s + (s·r + k·LN2_LO))`.
#[inline(always)]
pub(crate) fn ln_reduced<const FMA: bool>(red: Reduced) -> f64 {
    let Reduced { k, s, r } = red;
    madd::<FMA>(k, LN2_HI, madd::<FMA>(s, r, k * LN2_LO) + 2.0 * s)
}

/// The smaller of `a` and `b`, written so that it compiles to one `minpd`
/// (a NaN `a` yields `b`).
#[inline(always)]
pub(crate) fn min(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// `sign·ln(pᵢ/qᵢ) + shift` for every `i`, vectorised, and whether some
/// entry is below [`f64::MIN_POSITIVE`] (zero, subnormal or negative): the
/// outputs at such entries are meaningless and the caller must redo them.
pub(crate) fn ln_ratios(p: &[f64], q: &[f64], sign: f64, shift: f64) -> (Vec<f64>, bool) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `ln_ratios_avx2` was compiled for.
        return unsafe { ln_ratios_avx2(p, q, sign, shift) };
    }
    ln_ratios_generic::<false>(p, q, sign, shift)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn ln_ratios_avx2(p: &[f64], q: &[f64], sign: f64, shift: f64) -> (Vec<f64>, bool) {
    ln_ratios_generic::<true>(p, q, sign, shift)
}

#[inline(always)]
fn ln_ratios_generic<const FMA: bool>(
    p: &[f64],
    q: &[f64],
    sign: f64,
    shift: f64,
) -> (Vec<f64>, bool) {
    const LANES: usize = 4;
    let n = p.len().min(q.len());
    let mut out = vec![0.0; n];
    let mut lowest = [f64::INFINITY; LANES];
    let mut lane = |o: &mut f64, l: usize, pi: f64, qi: f64| {
        *o = madd::<FMA>(sign, ln_reduced::<FMA>(reduce::<FMA>(pi, qi)), shift);
        lowest[l] = min(min(pi, qi), lowest[l]);
    };
    let mut oc = out.chunks_exact_mut(LANES);
    let (pc, qc) = (p[..n].chunks_exact(LANES), q[..n].chunks_exact(LANES));
    let (p_tail, q_tail) = (pc.remainder(), qc.remainder());
    for ((och, pch), qch) in (&mut oc).zip(pc).zip(qc) {
        for l in 0..LANES {
            lane(&mut och[l], l, pch[l], qch[l]);
        }
    }
    for (l, ((o, &pi), &qi)) in oc
        .into_remainder()
        .iter_mut()
        .zip(p_tail)
        .zip(q_tail)
        .enumerate()
    {
        lane(o, l, pi, qi);
    }
    let low = lowest.iter().copied().fold(f64::INFINITY, f64::min);
    (out, low < f64::MIN_POSITIVE) // never NaN: `min` skips NaN
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn ln_ratios_are_within_two_ulps_of_the_system_logarithm() {
        // q = 1 keeps the ratio exact, so `p.ln()` (< 1 ulp) is a reference,
        // from 2⁻¹⁰²² to 1 and across p ≈ 1 where nothing may cancel.
        let mut p: Vec<f64> = (0..20_000)
            .map(|i| f64::MIN_POSITIVE * 1.036f64.powi(i))
            .take_while(|&x| x <= 1.0)
            .collect();
        p.extend((1..2000).map(|i| 1.0 - f64::from(i) * 1e-7));
        p.extend((1..2000).map(|i| 1.0 + f64::from(i) * 3e-4));
        let ones = vec![1.0; p.len()];
        let (got, special) = ln_ratios(&p, &ones, 1.0, 0.0);
        assert!(!special);
        for (&x, &g) in p.iter().zip(&got) {
            let want = x.ln();
            let ulp = f64::EPSILON * want.abs().max(f64::MIN_POSITIVE);
            assert!((g - want).abs() <= 2.0 * ulp, "ln {x}: {g} vs {want}");
        }
        let (_, special) = ln_ratios(&[0.5, 0.0], &[0.5, 1.0], 1.0, 0.0);
        assert!(special);
    }
}
