//! Branch-free `ln(p/q)` for one lane, shared by the vectorised kernels.
//!
//! No logarithm call and one division: `p = 2ᵉ·a`, `q = 2ᶠ·b` with
//! mantissas `a, b ∈ [1, 2)`; one of them is doubled so that
//! `a/b ∈ [√½, √2]`, and `k = e − f ± 1`. Then `ln(p/q) = k ln 2 + 2 artanh s`
//! with `s = (a − b)/(a + b)` (`a − b` exact, `|s| ≤ 0.1716`) and
//! `2 artanh s = 2s + s·R(s²)`, `R` the minimax polynomial of fdlibm's
//! `e_log.c`. For `k = 0` (`p/q ∈ [√½, √2]`) nothing cancels, so the
//! logarithm is accurate relative to itself even when `p ≈ q`.

use core::mem::MaybeUninit;

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

/// A per-element formula `(p, q) ↦ f(p, q)` for [`map_pairs`]; `FMA` is
/// `true` in the copy compiled for fused multiply-add hardware.
pub(crate) trait PairFn: Sync {
    /// `f(p, q)`: branch-free and call-free, so that the loop vectorises.
    fn at<const FMA: bool>(&self, p: f64, q: f64) -> f64;
}

/// `sign·ln(p/q) + shift`; meaningless where `p` or `q` is zero or
/// subnormal ([`Checks::lowest`] says so).
pub(crate) struct LnRatio {
    /// Factor of the logarithm.
    pub sign: f64,
    /// Added to the product.
    pub shift: f64,
}

impl PairFn for LnRatio {
    #[inline(always)]
    fn at<const FMA: bool>(&self, p: f64, q: f64) -> f64 {
        madd::<FMA>(
            self.sign,
            ln_reduced::<FMA>(reduce::<FMA>(p, q)),
            self.shift,
        )
    }
}

/// `−p/q`, `0` where `p = 0` (`q = 0 < p` gives `−∞` by itself).
pub(crate) struct NegRatio;

impl PairFn for NegRatio {
    #[inline(always)]
    fn at<const FMA: bool>(&self, p: f64, q: f64) -> f64 {
        let r = -p / q;
        if p == 0.0 {
            0.0
        } else {
            r
        }
    }
}

/// What [`map_pairs`] learns of its inputs on the way (for validation
/// without a second pass).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checks {
    /// `Σ p`, summed in lanes (non-finite if an entry is NaN or ±∞).
    pub sum_p: f64,
    /// `Σ q`, likewise.
    pub sum_q: f64,
    /// The smallest entry of either vector (NaN entries skipped).
    pub lowest: f64,
}

/// `f(pᵢ, qᵢ)` for every `i`, vectorised, over the threads of
/// [`crate::blocks`] for long vectors (each element is computed alone, so
/// the output does not depend on them), and the sums and minimum of the
/// inputs. Slices of different lengths are cut to the shorter. Every output
/// element is written exactly once (the blocks cover `0..n`).
pub(crate) fn map_pairs<F: PairFn>(f: &F, p: &[f64], q: &[f64]) -> (Vec<f64>, Checks) {
    let n = p.len().min(q.len());
    let mut blocks = Vec::new();
    let out = crate::output::filled(n, |spare| {
        blocks = crate::blocks::map_blocks_mut(spare, |r, part| {
            map_block(f, &p[r.clone()], &q[r], part)
        });
    });
    let mut checks = Checks {
        sum_p: 0.0,
        sum_q: 0.0,
        lowest: f64::INFINITY,
    };
    for b in blocks {
        checks.sum_p += b.sum_p;
        checks.sum_q += b.sum_q;
        checks.lowest = min(b.lowest, checks.lowest);
    }
    (out, checks)
}

fn map_block<F: PairFn>(f: &F, p: &[f64], q: &[f64], out: &mut [MaybeUninit<f64>]) -> Checks {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `map_block_avx2` was compiled for.
        return unsafe { map_block_avx2(f, p, q, out) };
    }
    map_block_generic::<false, F>(f, p, q, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_block_avx2<F: PairFn>(f: &F, p: &[f64], q: &[f64], out: &mut [MaybeUninit<f64>]) -> Checks {
    map_block_generic::<true, F>(f, p, q, out)
}

#[inline(always)]
fn map_block_generic<const FMA: bool, F: PairFn>(
    f: &F,
    p: &[f64],
    q: &[f64],
    out: &mut [MaybeUninit<f64>],
) -> Checks {
    const LANES: usize = 4;
    let mut lowest = [f64::INFINITY; LANES];
    let (mut sp, mut sq) = ([0.0; LANES], [0.0; LANES]);
    let mut lane = |o: &mut MaybeUninit<f64>, l: usize, pi: f64, qi: f64| {
        o.write(f.at::<FMA>(pi, qi));
        sp[l] += pi;
        sq[l] += qi;
        lowest[l] = min(min(pi, qi), lowest[l]);
    };
    let mut oc = out.chunks_exact_mut(LANES);
    let (pc, qc) = (p.chunks_exact(LANES), q.chunks_exact(LANES));
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
    Checks {
        sum_p: sp.iter().sum(),
        sum_q: sq.iter().sum(),
        lowest: lowest.iter().copied().fold(f64::INFINITY, min),
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn ln_ratio_maps_are_within_two_ulps_of_the_system_logarithm() {
        // q = 1 keeps the ratio exact, so `p.ln()` (< 1 ulp) is a reference,
        // from 2⁻¹⁰²² to 1 and across p ≈ 1 where nothing may cancel.
        let mut p: Vec<f64> = (0..20_000)
            .map(|i| f64::MIN_POSITIVE * 1.036f64.powi(i))
            .take_while(|&x| x <= 1.0)
            .collect();
        p.extend((1..2000).map(|i| 1.0 - f64::from(i) * 1e-7));
        p.extend((1..2000).map(|i| 1.0 + f64::from(i) * 3e-4));
        let ones = vec![1.0; p.len()];
        let ln = LnRatio {
            sign: 1.0,
            shift: 0.0,
        };
        let (got, checks) = map_pairs(&ln, &p, &ones);
        assert!(checks.lowest >= f64::MIN_POSITIVE);
        for (&x, &g) in p.iter().zip(&got) {
            let want = x.ln();
            let ulp = f64::EPSILON * want.abs().max(f64::MIN_POSITIVE);
            assert!((g - want).abs() <= 2.0 * ulp, "ln {x}: {g} vs {want}");
        }
        let (_, checks) = map_pairs(&ln, &[0.5, 0.0], &[0.5, 1.0]);
        assert_eq!(checks.lowest, 0.0);
    }

    #[test]
    fn long_maps_match_the_formula_and_sum_their_inputs() {
        // Threaded (≥ 2¹⁸ elements): every output is its own element's.
        let n = crate::blocks::PARALLEL_MIN_LEN + 12_345;
        let p: Vec<f64> = (0..n).map(|i| 1.0 + (i % 7) as f64).collect();
        let q: Vec<f64> = (0..n).map(|i| 2.0 + (i % 5) as f64).collect();
        let (got, checks) = map_pairs(&NegRatio, &p, &q);
        assert!(got
            .iter()
            .zip(p.iter().zip(&q))
            .all(|(&g, (&a, &b))| g == -a / b));
        assert_eq!(checks.sum_p, p.iter().sum::<f64>()); // small integers: exact
        assert_eq!(checks.sum_q, q.iter().sum::<f64>());
        assert_eq!(checks.lowest, 1.0);
        let (got, _) = map_pairs(&NegRatio, &[0.0, 0.5, 0.5], &[0.0, 0.0, 0.25]);
        assert_eq!(got, vec![0.0, f64::NEG_INFINITY, -2.0]);
    }
}
