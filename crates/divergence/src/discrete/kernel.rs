//! The fused, vectorisable KL kernel: validation, normalisation sums and the
//! divergence in one pass over the two arrays.
//!
//! Every lane runs the same branch-free code: no logarithm call, one
//! division, one polynomial shared by the near-`p = q` split and the far
//! logarithm (see [`contribution`]), so LLVM vectorises the loop; on x86-64
//! CPUs with AVX2 and FMA a copy compiled for them (with fused multiply-adds)
//! is chosen at run time ([`crate::simd::Level`]). The two copies may differ in the last bit; both
//! meet the accuracy tests. Long vectors are cut into the fixed blocks of
//! [`crate::blocks`] (threads for the longest) and the block results merged
//! in order. Rare inputs — a zero `q` under a positive `p`, subnormal
//! entries — are detected and redone by the scalar code in
//! [`super::pointwise`].

use crate::discrete::lanes::min;
use crate::simd::{lg_poly, ln_reduced, madd, reduce, Kernel, Level, Reduced};
use crate::sum::{two_sum, Neumaier};

/// Lanes per step; 4 fills an AVX2 register and gives 4 independent
/// accumulator chains.
const LANES: usize = 4;

/// What one pass over `(p, q)` learns.
///
/// The terms are summed with Knuth's TwoSum per lane (Ogita, Rump & Oishi's
/// `Sum2`): the error is at most `ε|KL| + γₙ²·Σ|termᵢ|`, so the exact but
/// cancelling differences `p − q` of the near lanes cost nothing even when
/// KL is `10⁻¹⁹` (Ogita, Rump & Oishi, "Accurate sum and dot product",
/// SIAM J. Sci. Comput. 26 (2005) 1955–1988, Prop. 4.5).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KlPass {
    /// `Σ p ln(p/q)` over the lanes the kernel took (see [`contribution`]).
    pub kl: Neumaier,
    /// `Σ p` and `Σ q` (for the normalisation check).
    pub sum_p: f64,
    /// See `sum_p`.
    pub sum_q: f64,
    /// Some entry is negative, NaN or infinite.
    pub bad: bool,
    /// Some lane with `p > 0` has a zero or subnormal entry (or a `−0.0`
    /// made `bad` true): `kl` is meaningless, the scalar path must redo it.
    pub special: bool,
}

impl KlPass {
    /// Appends the pass over the elements that follow this one's.
    fn merge(&mut self, next: KlPass) {
        self.kl.merge(next.kl);
        self.sum_p += next.sum_p;
        self.sum_q += next.sum_q;
        self.bad |= next.bad;
        self.special |= next.special;
    }
}

/// The term of one element, with no logarithm call and one division.
///
/// For positive normal `p` and `q`, write `p = 2ᵉ·a`, `q = 2ᶠ·b` with
/// mantissas `a, b ∈ [1, 2)`, double one of them so that `a/b ∈ [√½, √2]`,
/// and let `k = e − f ± 1`. Then `ln(p/q) = k ln 2 + 2 artanh s` with
/// `s = (a − b)/(a + b)`, `|s| ≤ 0.1716` (`a − b` is exact), and
/// `2 artanh s = 2s + s·R(s²)`.
///
/// - `k = 0` (`p/q ∈ [√½, √2]`, so `p − q` is exact): the term is split as
///   `p ln(p/q) = (p + q)·g(s) + (p − q)` with
///   `g(s) = (1 + s) artanh s − s = s² + ½ s(1 + s)·R(s²) ≥ 0`. The
///   non-negative `(p + q)g` goes to `pos`, the exact `p − q` to `mixed`;
///   for normalised vectors the differences cancel and `pos` carries the
///   answer with no cancellation at all, even when KL is `10⁻¹⁹`.
/// - `k ≠ 0`: `|ln(p/q)| ≥ ln 2 − 0.35`, so `p·(k ln 2 + 2s + sR)` is
///   accurate to a few ulps and goes to `mixed`.
///
/// Returns `(to pos, to mixed)`. `p = 0` (with `q ≥ 0` normal or zero)
/// gives `(0, 0)` with no special case: either `k = 0` and `p + q = p − q =
/// 0`, or `k ≠ 0` and `p·ln = 0`. Other lanes with a zero, subnormal or
/// invalid entry give meaningless finite numbers; the caller detects them
/// from the lane minima and sums and recomputes the whole sum.
#[inline(always)]
fn contribution<const FMA: bool>(pi: f64, qi: f64) -> (f64, f64) {
    let Reduced { k, s, r } = reduce::<FMA>(pi, qi);
    if k == 0.0 {
        let z = s * s;
        ((pi + qi) * madd::<FMA>(0.5 * s * (1.0 + s), r, z), pi - qi)
    } else {
        (0.0, pi * ln_reduced::<FMA>(Reduced { k, s, r }))
    }
}

/// `q φ(p/q)` for `p/q ∈ [√½, √2]`, the non-negative part of the term split
/// of [`contribution`] (`φ(r) = r ln r − r + 1`), for scalar callers.
#[inline]
pub(crate) fn near_term(p: f64, q: f64) -> f64 {
    let s = (p - q) / (p + q);
    let z = s * s;
    (p + q) * (0.5 * s * (1.0 + s) * lg_poly::<false>(z) + z)
}

#[inline(always)]
fn pass_generic<const FMA: bool>(p: &[f64], q: &[f64]) -> KlPass {
    let mut sum = [0.0; LANES];
    let mut sum_c = [0.0; LANES];
    let mut sp = [0.0; LANES];
    let mut sq = [0.0; LANES];
    // The smallest of: every negative entry, and `min(p, q)` where `p > 0`.
    // Below 0: invalid input; below `MIN_POSITIVE`: a lane for the scalar
    // path. (NaN and ±∞ entries make a sum non-finite instead.)
    let mut lowest = [f64::INFINITY; LANES];
    let mut lane = |l: usize, pi: f64, qi: f64| {
        let (to_pos, to_mix) = contribution::<FMA>(pi, qi);
        sp[l] += pi;
        sq[l] += qi;
        let m = min(pi, qi);
        lowest[l] = min(if (pi > 0.0) | (m < 0.0) { m } else { 1.0 }, lowest[l]);
        two_sum(&mut sum[l], &mut sum_c[l], to_pos);
        two_sum(&mut sum[l], &mut sum_c[l], to_mix);
    };
    let n = p.len().min(q.len());
    let (pc, qc) = (p[..n].chunks_exact(LANES), q[..n].chunks_exact(LANES));
    let (p_tail, q_tail) = (pc.remainder(), qc.remainder());
    for (pch, qch) in pc.zip(qc) {
        for l in 0..LANES {
            lane(l, pch[l], qch[l]);
        }
    }
    for (l, (&pi, &qi)) in p_tail.iter().zip(q_tail).enumerate() {
        lane(l, pi, qi);
    }
    let mut out = KlPass::default();
    let mut low = f64::INFINITY;
    for l in 0..LANES {
        out.kl.add(sum[l]);
        out.kl.add(sum_c[l]);
        out.sum_p += sp[l];
        out.sum_q += sq[l];
        low = low.min(lowest[l]);
    }
    out.bad = !(low >= 0.0 && out.sum_p.is_finite() && out.sum_q.is_finite());
    out.special = low < f64::MIN_POSITIVE;
    out
}

/// One pass over a block, in the best copy this CPU runs.
fn pass_block(p: &[f64], q: &[f64]) -> KlPass {
    Level::detect().run(Pass { p, q })
}

/// [`pass_block`]'s loop, for [`Level::run`].
struct Pass<'a> {
    p: &'a [f64],
    q: &'a [f64],
}

impl Kernel for Pass<'_> {
    type Output = KlPass;

    #[inline(always)]
    fn run<const FMA: bool>(self) -> KlPass {
        pass_generic::<FMA>(self.p, self.q)
    }
}

/// One fused pass over `p` and `q` (equal lengths assumed; extra entries of
/// the longer slice are ignored), block by block over
/// [`crate::blocks`], merged in order, so the result does not depend on the
/// number of threads.
pub(crate) fn kl_pass(p: &[f64], q: &[f64]) -> KlPass {
    let n = p.len().min(q.len());
    let mut total = KlPass::default();
    for block in crate::blocks::map_blocks(n, |r| pass_block(&p[r.clone()], &q[r])) {
        total.merge(block);
    }
    total
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;
    use crate::discrete::pointwise::{NEAR_HI, NEAR_LO};

    /// `p ln(p/q)` as the kernel computes it, for one element.
    fn term<const FMA: bool>(p: f64, q: f64) -> f64 {
        let (pos, mixed) = contribution::<FMA>(p, q);
        let mut acc = Neumaier::default();
        acc.add(pos);
        acc.add(mixed);
        acc.total()
    }

    #[test]
    fn far_terms_match_the_system_logarithm() {
        // One side a power of two keeps the ratio exact, so
        // `p·ln(p/q)` from the system logarithm (< 1 ulp) is a reference;
        // mantissas sweep [1, 2) and exponent differences reach ±1022 (all a
        // probability can have; `p/q` beyond that needs a subnormal entry,
        // which the scalar path takes).
        let mut worst = 0.0f64;
        for j in [-1022, -600, -30, -3, -2, -1] {
            let pow = 2f64.powi(j);
            let mut m = 1.0;
            while m < 2.0 {
                for e in [-1022, -500, -31, -4, -2, -1] {
                    let x = m * 2f64.powi(e);
                    for (p, q, want) in [
                        (
                            x,
                            pow,
                            x * (m.ln() + f64::from(e - j) * core::f64::consts::LN_2),
                        ),
                        (
                            pow,
                            x,
                            -pow * (m.ln() + f64::from(e - j) * core::f64::consts::LN_2),
                        ),
                    ] {
                        if (NEAR_LO..=NEAR_HI).contains(&(p / q)) {
                            continue;
                        }
                        for got in [term::<false>(p, q), term::<true>(p, q)] {
                            // ulps, subnormal results included
                            let ulp = (f64::EPSILON * want.abs()).max(f64::from_bits(1));
                            worst = worst.max((got - want).abs() / ulp);
                        }
                    }
                }
                m += 0.000_37;
            }
        }
        assert!(worst <= 3.0, "worst error {worst} ulps");
    }

    #[test]
    fn both_copies_agree_to_the_last_bits() {
        let p = [0.1, 0.2, 0.3, 0.15, 0.25];
        let q = [0.3, 0.2, 0.1, 0.25, 0.15];
        let (a, b) = (pass_generic::<false>(&p, &q), pass_generic::<true>(&p, &q));
        let (ta, tb) = (a.kl.total(), b.kl.total());
        approx::assert_relative_eq!(ta, tb, max_relative = 4.0 * f64::EPSILON);
    }

    #[test]
    fn threaded_pass_equals_the_sequential_block_fold_bit_for_bit() {
        let n = crate::blocks::PARALLEL_MIN_LEN + 5 * crate::blocks::BLOCK + 17;
        let raw = |i: usize, a: f64| 1.0 + (a * i as f64).sin().abs();
        let (p, q): (Vec<f64>, Vec<f64>) = (0..n).map(|i| (raw(i, 0.37), raw(i, 0.11))).unzip();
        let mut want = KlPass::default();
        for start in (0..n).step_by(crate::blocks::BLOCK) {
            let end = (start + crate::blocks::BLOCK).min(n);
            want.merge(pass_block(&p[start..end], &q[start..end]));
        }
        let got = kl_pass(&p, &q);
        assert_eq!(got.kl.total().to_bits(), want.kl.total().to_bits());
        assert_eq!(got.sum_p.to_bits(), want.sum_p.to_bits());
    }

    #[test]
    fn every_level_agrees_with_the_generic_copy_on_special_lanes() {
        use crate::simd::testing::{levels, ulps_apart, SPECIAL};
        // Each pair alone (the scalar tail) and all pairs at once (the
        // lanes): the flags and input sums are the same bits on every level,
        // the divergence the same to the accuracy both copies are tested to.
        let pairs: Vec<(f64, f64)> = SPECIAL
            .iter()
            .flat_map(|&a| SPECIAL.iter().map(move |&b| (a, b)))
            .chain([(-0.5, 0.5), (0.5, -0.0)])
            .collect();
        let (p, q): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        let cases = pairs
            .iter()
            .map(|(a, b)| (vec![*a], vec![*b]))
            .chain([(p, q)]);
        for (p, q) in cases {
            let want = Level::Generic.run(Pass { p: &p, q: &q });
            for level in levels() {
                let got = Level::run(level, Pass { p: &p, q: &q });
                assert_eq!(
                    (got.bad, got.special),
                    (want.bad, want.special),
                    "{p:?} {q:?}"
                );
                assert_eq!(ulps_apart(got.sum_p, want.sum_p), 0.0);
                assert_eq!(ulps_apart(got.sum_q, want.sum_q), 0.0);
                // (A term that overflows, as `f64::MAX·ln(f64::MAX/2⁻¹⁰²²)`
                // does, gives NaN on every level.)
                let (g, w) = (got.kl.total(), want.kl.total());
                let close = approx::relative_eq!(g, w, max_relative = 4.0 * f64::EPSILON);
                let trusted = !(want.bad || want.special);
                assert!(
                    !trusted || close || ulps_apart(g, w) == 0.0,
                    "{p:?} {q:?}: {g} vs {w}"
                );
            }
        }
    }
}
