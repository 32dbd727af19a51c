//! Per-element maps over two probability vectors, vectorised through
//! [`crate::simd`]: `ln(p/q)` (its ratio reduction, one division and no
//! logarithm call) and `−p/q` for the gradients, with the sums and minimum
//! of the inputs learnt on the way.

use core::mem::MaybeUninit;

use crate::simd::{ln_reduced, madd, reduce, Kernel, Level};

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
/// `true` in the copy compiled for fused multiply-add hardware. `Copy`, so
/// that the loop works on a local copy of its parameters.
pub(crate) trait PairFn: Sync + Copy {
    /// `f(p, q)`: branch-free and call-free, so that the loop vectorises.
    fn at<const FMA: bool>(&self, p: f64, q: f64) -> f64;
}

/// `sign·ln(p/q) + shift`; meaningless where `p` or `q` is zero or
/// subnormal ([`Checks::lowest`] says so).
#[derive(Clone, Copy)]
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
#[derive(Clone, Copy)]
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
    // SAFETY: the blocks of `map_blocks_mut` cover `0..n`, and `map_block`
    // writes every element of its block.
    let out = unsafe {
        crate::output::filled(n, |spare| {
            blocks = crate::blocks::map_blocks_mut(spare, |r, part| {
                map_block(f, &p[r.clone()], &q[r], part)
            });
        })
    };
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

/// One block of [`map_pairs`], in the best copy this CPU runs.
fn map_block<F: PairFn>(f: &F, p: &[f64], q: &[f64], out: &mut [MaybeUninit<f64>]) -> Checks {
    Level::detect().run(MapBlock { f, p, q, out })
}

/// [`map_block`]'s loop, for [`Level::run`].
struct MapBlock<'a, F> {
    f: &'a F,
    p: &'a [f64],
    q: &'a [f64],
    out: &'a mut [MaybeUninit<f64>],
}

impl<F: PairFn> Kernel for MapBlock<'_, F> {
    type Output = Checks;

    #[inline(always)]
    fn run<const FMA: bool>(self) -> Checks {
        // Through `self.f` LLVM would reload the formula's parameters after
        // every store to `out` (see `Kernel` on aliasing); a local copy
        // stays in registers.
        let f = *self.f;
        map_block_generic::<FMA, F>(&f, self.p, self.q, self.out)
    }
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
        // All lanes are read before any is written: inlined into a level's
        // trampoline, `out` is not known not to alias `p` and `q`, and a
        // write between the reads keeps LLVM from loading them as a vector.
        let pv: [f64; LANES] = core::array::from_fn(|l| pch[l]);
        let qv: [f64; LANES] = core::array::from_fn(|l| qch[l]);
        for l in 0..LANES {
            lane(&mut och[l], l, pv[l], qv[l]);
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

    /// Accepted distance between two levels' `ln(p/q)`: each is within 2
    /// ulps of the system logarithm (the test above).
    const RATIO_LEVELS_MAX_ULPS: f64 = 4.0;

    /// `f` over `(p, q)` at `level`.
    fn map_at<F: PairFn>(level: Level, f: &F, p: &[f64], q: &[f64]) -> (Vec<f64>, Checks) {
        let mut checks = None;
        // SAFETY: one block over the whole output, every element written.
        let out = unsafe {
            crate::output::filled(p.len(), |spare| {
                checks = Some(level.run(MapBlock {
                    f,
                    p,
                    q,
                    out: spare,
                }));
            })
        };
        (out, checks.expect("the block ran"))
    }

    #[test]
    fn every_level_agrees_with_the_generic_copy_on_special_lanes() {
        use crate::simd::testing::{levels, ulps_apart, SPECIAL};
        // Every pair of special lanes (p = q, huge ratios, zeros, subnormals,
        // ∞, NaN), one negative entry, and whole-vector sums and minima.
        let (mut p, mut q): (Vec<f64>, Vec<f64>) = SPECIAL
            .iter()
            .flat_map(|&a| SPECIAL.iter().map(move |&b| (a, b)))
            .unzip();
        p.push(-0.5);
        q.push(0.5);
        let normal = |x: f64| x >= f64::MIN_POSITIVE && x.is_finite();
        let ln = LnRatio {
            sign: 1.0,
            shift: 0.0,
        };
        let (ln_generic, checks_generic) = map_at(Level::Generic, &ln, &p, &q);
        let (neg_generic, _) = map_at(Level::Generic, &NegRatio, &p, &q);
        for level in levels() {
            let (got, checks) = map_at(level, &ln, &p, &q);
            for (i, (&g, &w)) in got.iter().zip(&ln_generic).enumerate() {
                // Lanes with a zero, subnormal or non-finite entry are
                // meaningless by contract (the checks send them elsewhere);
                // p = q is exactly 0 everywhere.
                let (a, b) = (p[i], q[i]);
                if normal(a) && normal(b) {
                    let bound = if a == b { 0.0 } else { RATIO_LEVELS_MAX_ULPS };
                    assert!(
                        ulps_apart(g, w) <= bound,
                        "{level:?}: ln({a}/{b}) = {g} vs {w}"
                    );
                }
            }
            for (got, want) in [
                (checks.sum_p, checks_generic.sum_p),
                (checks.sum_q, checks_generic.sum_q),
                (checks.lowest, checks_generic.lowest),
            ] {
                assert_eq!(ulps_apart(got, want), 0.0, "{level:?}: {checks:?}");
            }
            // A division is correctly rounded on every level.
            let (got, _) = map_at(level, &NegRatio, &p, &q);
            assert!(got
                .iter()
                .zip(&neg_generic)
                .all(|(&g, &w)| ulps_apart(g, w) == 0.0));
        }
    }
}
