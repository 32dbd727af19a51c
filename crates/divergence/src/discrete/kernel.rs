//! The fused, vectorisable KL kernel: validation, normalisation sums and the
//! divergence in one pass over the two arrays.
//!
//! Every lane runs the same branch-free code (both the near-`p = q` series
//! and the logarithm are computed, then one is selected), so LLVM vectorises
//! the loop; on x86-64 CPUs with AVX2 and FMA a copy compiled for them (with
//! fused multiply-adds) is chosen at run time. The two copies may differ in
//! the last bit; both meet the accuracy tests. Rare lanes — a ratio `p/q` that
//! overflows, underflows or is infinite — are flagged and finished by the
//! scalar code in [`super::pointwise`].

use crate::discrete::pointwise::{NEAR_HI, NEAR_LO, T_COEFFS};
use crate::sum::two_sum;

/// Lanes per step; 4 fills an AVX2 register and gives 4 independent
/// accumulator chains.
const LANES: usize = 4;

/// What one pass over `(p, q)` learns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KlPass {
    /// Compensated `Σ q φ(p/q)` over near lanes (non-negative terms).
    pub pos: f64,
    /// Compensated `Σ (p − q)` over near lanes plus `Σ p ln(p/q)` over far lanes.
    pub mixed: f64,
    /// `Σ p` and `Σ q` (for the normalisation check).
    pub sum_p: f64,
    /// See `sum_p`.
    pub sum_q: f64,
    /// Some entry is negative, NaN or infinite.
    pub bad: bool,
    /// Some lane with `p > 0` needs the scalar path (`q = 0`, or `p/q` not a
    /// normal number); those lanes contributed nothing.
    pub special: bool,
}

/// Natural logarithm of a positive normal `x`, < 1 ulp, branch-free.
///
/// The algorithm of fdlibm's `e_log.c` (Sun Microsystems, 1993): reduce to
/// `x = 2ᵏ·m` with `m ∈ [√½, √2)`, then `ln m = 2s + s·R(s²)`,
/// `s = (m − 1)/(m + 1)`, with fdlibm's minimax coefficients `Lg1…Lg7`.
/// `a·b + c`, fused when the caller was compiled for FMA hardware (a fused
/// multiply-add without hardware support is a slow library call).
#[inline(always)]
fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn ln_positive_normal_with<const FMA: bool>(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3fe62e42_fee00000);
    const LN2_LO: f64 = f64::from_bits(0x3dea39ef_35793c76);
    const LG1: f64 = f64::from_bits(0x3fe55555_55555593);
    const LG2: f64 = f64::from_bits(0x3fd99999_9997fa04);
    const LG3: f64 = f64::from_bits(0x3fd24924_94229359);
    const LG4: f64 = f64::from_bits(0x3fcc71c5_1d8e78af);
    const LG5: f64 = f64::from_bits(0x3fc74664_96cb03de);
    const LG6: f64 = f64::from_bits(0x3fc39a09_d078c69f);
    const LG7: f64 = f64::from_bits(0x3fc2f112_df3e5244);
    let bits = x.to_bits();
    // Mantissa into [1, 2), then into [√½, √2) by moving the top half down.
    let m1 = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let high = m1 > core::f64::consts::SQRT_2;
    let m = if high { 0.5 * m1 } else { m1 };
    // Exponent as f64 without an integer conversion: 2⁵² + e read as a float.
    let e_biased = f64::from_bits(0x4330_0000_0000_0000 | (bits >> 52)) - 4_503_599_627_370_496.0;
    let k = e_biased - 1023.0 + if high { 1.0 } else { 0.0 };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * madd::<FMA>(w, madd::<FMA>(w, LG6, LG4), LG2);
    let t2 = z * madd::<FMA>(w, madd::<FMA>(w, madd::<FMA>(w, LG7, LG5), LG3), LG1);
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

/// `q φ(p/q) = (p + q)·u²·(1 + u(1 + u)·T(u²))`, `u = (p − q)/(p + q)`.
#[inline(always)]
pub(crate) fn near_term(p: f64, q: f64) -> f64 {
    near_term_with::<false>(p, q)
}

#[inline(always)]
fn near_term_with<const FMA: bool>(p: f64, q: f64) -> f64 {
    let s = p + q;
    let u = (p - q) / s;
    let w = u * u;
    let mut t = 0.0;
    for c in T_COEFFS {
        t = madd::<FMA>(t, w, c);
    }
    s * w * madd::<FMA>(u * (1.0 + u), t, 1.0)
}

/// One lane's share of one element.
struct Contribution {
    pos: f64,
    mixed: f64,
    bad: bool,
    special: bool,
}

#[inline(always)]
fn contribution<const FMA: bool>(pi: f64, qi: f64) -> Contribution {
    let ok_range = 0.0..f64::INFINITY; // NaN is outside every range
    let bad = !ok_range.contains(&pi) | !ok_range.contains(&qi);
    let r = pi / qi;
    let live = pi > 0.0;
    let normal = (f64::MIN_POSITIVE..=f64::MAX).contains(&r);
    let near = (NEAR_LO..=NEAR_HI).contains(&r);
    let near_pos = near_term_with::<FMA>(pi, qi);
    // Keep the logarithm's argument a normal number in every lane.
    let far = pi * ln_positive_normal_with::<FMA>(if normal { r } else { 1.0 });
    let (to_pos, to_mix) = if near {
        (near_pos, pi - qi)
    } else {
        (0.0, far)
    };
    let ok = live & normal;
    Contribution {
        pos: if ok { to_pos } else { 0.0 },
        mixed: if ok { to_mix } else { 0.0 },
        bad,
        special: live & !normal,
    }
}

#[inline(always)]
fn pass_generic<const FMA: bool>(p: &[f64], q: &[f64]) -> KlPass {
    let mut pos = [0.0; LANES];
    let mut pos_c = [0.0; LANES];
    let mut mix = [0.0; LANES];
    let mut mix_c = [0.0; LANES];
    let mut sp = [0.0; LANES];
    let mut sq = [0.0; LANES];
    let mut bad = [false; LANES];
    let mut special = [false; LANES];
    let n = p.len().min(q.len());
    let (pc, qc) = (p[..n].chunks_exact(LANES), q[..n].chunks_exact(LANES));
    let (p_tail, q_tail) = (pc.remainder(), qc.remainder());
    for (pch, qch) in pc.zip(qc) {
        for l in 0..LANES {
            let c = contribution::<FMA>(pch[l], qch[l]);
            bad[l] |= c.bad;
            special[l] |= c.special;
            sp[l] += pch[l];
            sq[l] += qch[l];
            two_sum(&mut pos[l], &mut pos_c[l], c.pos);
            two_sum(&mut mix[l], &mut mix_c[l], c.mixed);
        }
    }
    for (l, (&pi, &qi)) in p_tail.iter().zip(q_tail).enumerate() {
        let c = contribution::<FMA>(pi, qi);
        bad[l] |= c.bad;
        special[l] |= c.special;
        sp[l] += pi;
        sq[l] += qi;
        two_sum(&mut pos[l], &mut pos_c[l], c.pos);
        two_sum(&mut mix[l], &mut mix_c[l], c.mixed);
    }
    let mut out = KlPass {
        pos: 0.0,
        mixed: 0.0,
        sum_p: 0.0,
        sum_q: 0.0,
        bad: false,
        special: false,
    };
    let (mut pos_total, mut mix_total) = (
        crate::sum::Neumaier::default(),
        crate::sum::Neumaier::default(),
    );
    for l in 0..LANES {
        pos_total.add(pos[l]);
        pos_total.add(pos_c[l]);
        mix_total.add(mix[l]);
        mix_total.add(mix_c[l]);
        out.sum_p += sp[l];
        out.sum_q += sq[l];
        out.bad |= bad[l];
        out.special |= special[l];
    }
    out.pos = pos_total.total();
    out.mixed = mix_total.total();
    out
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn pass_avx2(p: &[f64], q: &[f64]) -> KlPass {
    pass_generic::<true>(p, q)
}

/// One fused pass over `p` and `q` (equal lengths assumed; extra entries of
/// the longer slice are ignored).
pub(crate) fn kl_pass(p: &[f64], q: &[f64]) -> KlPass {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `pass_avx2` was compiled for.
        return unsafe { pass_avx2(p, q) };
    }
    pass_generic::<false>(p, q)
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn ln_matches_the_system_logarithm_within_one_ulp() {
        // Sweep 2e5 points over the whole normal range, plus the edges.
        let mut x = f64::MIN_POSITIVE;
        let mut worst = 0.0f64;
        let mut check = |x: f64| {
            let (got, want) = (ln_positive_normal_with::<false>(x), x.ln());
            let ulp = f64::EPSILON * want.abs().max(f64::MIN_POSITIVE);
            worst = worst.max((got - want).abs() / ulp);
        };
        while x < f64::MAX / 1.004 {
            check(x);
            x *= 1.0036;
        }
        for x in [
            1.0,
            1.0 + f64::EPSILON,
            1.0 - f64::EPSILON / 2.0,
            2.0,
            0.5,
            f64::MAX,
        ] {
            check(x);
        }
        assert!(worst <= 1.0, "worst error {worst} ulps");
    }

    #[test]
    fn both_copies_agree_to_the_last_bits() {
        let p = [0.1, 0.2, 0.3, 0.15, 0.25];
        let q = [0.3, 0.2, 0.1, 0.25, 0.15];
        let (a, b) = (pass_generic::<false>(&p, &q), pass_generic::<true>(&p, &q));
        approx::assert_relative_eq!(a.pos, b.pos, max_relative = 4.0 * f64::EPSILON);
        approx::assert_relative_eq!(a.mixed, b.mixed, max_relative = 4.0 * f64::EPSILON);
        for x in [0.3, 1.0 + 1e-12, 7.5e300, 2.3e-308] {
            approx::assert_relative_eq!(
                ln_positive_normal_with::<true>(x),
                x.ln(),
                max_relative = 2.0 * f64::EPSILON
            );
        }
    }
}
