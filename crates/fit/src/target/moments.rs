//! One vectorised pass over raw samples to the summaries that the
//! closed-form starts and the sufficient statistics of the common families
//! read: extremes, and the mean and variance of `x` and of `ln x`.

use divergence::simd::{ln, Kernel, Level};
use rayon::prelude::*;

use crate::tolerance::{PARALLEL_SAMPLES, SAMPLE_BLOCK};

/// The one-pass summaries of unweighted samples `x₁ … x_n`: what a Normal,
/// LogNormal, Gamma or Exponential fit needs from the data, so that after
/// this pass every objective evaluation is O(1).
///
/// Computed while [`crate::Target::samples`] copies the samples in (the
/// same pass, block by block, so the samples are read from memory once)
/// and kept with them (see [`crate::Expectation::sample_moments`]).
///
/// # Formula
/// ```text
/// mean     = (1/n) Σ xᵢ                 variance     = (1/n) Σ (xᵢ − mean)²
/// mean_ln  = (1/n) Σ ln xᵢ              variance_ln  = (1/n) Σ (ln xᵢ − mean_ln)²
/// ```
/// Each block of samples is summed twice (the mean, then the deviations
/// from it, with the corrected two-pass formula) and the blocks are merged
/// in order by Chan, Golub & LeVeque's update, so the result does not
/// depend on the number of threads and keeps the accuracy of the two-pass
/// algorithm. `ln` is `divergence::simd::ln` (< 1 ulp).
///
/// # Example
/// ```
/// use fit::{Expectation, Target};
/// let t = Target::samples(&[1.0, 2.0, 4.0])?;
/// let m = t.sample_moments().unwrap();
/// assert!((m.mean - 7.0 / 3.0).abs() < 1e-15);
/// assert!((m.mean_ln.unwrap() - 2f64.ln()).abs() < 1e-15);
/// # Ok::<(), fit::Error>(())
/// ```
///
/// # Reference
/// Chan, Golub & LeVeque, "Algorithms for computing the sample variance:
/// analysis and recommendations", *Am. Stat.* 37 (1983) 242–247, eq. (2.1)
/// (the merge) and (1.7) (the corrected two-pass sum).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SampleMoments {
    /// The number of samples.
    pub count: usize,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// `(1/n) Σ xᵢ`.
    pub mean: f64,
    /// `(1/n) Σ (xᵢ − mean)²` (the maximum-likelihood variance, divisor n).
    pub variance: f64,
    /// `(1/n) Σ ln xᵢ`; `None` unless every sample is positive.
    pub mean_ln: Option<f64>,
    /// `(1/n) Σ (ln xᵢ − mean_ln)²`; `None` unless every sample is positive.
    pub variance_ln: Option<f64>,
}

/// Lanes of the block sums: independent accumulators, four AVX2 (two
/// AVX-512) registers, so that consecutive additions do not wait for each
/// other.
const LANES: usize = 16;

/// Count, mean and sum of squared deviations of one quantity over a run of
/// samples.
#[derive(Debug, Clone, Copy)]
struct Moments2 {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments2 {
    /// Appends `next` (Chan, Golub & LeVeque's pairwise update).
    fn merge(self, next: Moments2) -> Moments2 {
        let n = self.n + next.n;
        let delta = next.mean - self.mean;
        Moments2 {
            n,
            mean: self.mean + delta * (next.n / n),
            m2: self.m2 + next.m2 + delta * delta * (self.n * next.n / n),
        }
    }
}

/// What one block learns.
#[derive(Debug, Clone, Copy)]
struct Block {
    min: f64,
    max: f64,
    x: Moments2,
    ln: Moments2,
}

impl Block {
    fn merge(self, next: Block) -> Block {
        Block {
            min: self.min.min(next.min),
            max: self.max.max(next.max),
            x: self.x.merge(next.x),
            ln: self.ln.merge(next.ln),
        }
    }
}

/// The passes over one block, compiled per [`Level`].
struct BlockPass<'a> {
    xs: &'a [f64],
}

/// Lane-wise `(Σ (vᵢ − c), Σ (vᵢ − c)²)`, the lanes added in order at the
/// end. (A plain loop over one accumulator is a reduction LLVM may not
/// reorder, so it would not vectorise.)
#[inline(always)]
fn deviations(v: &[f64], c: f64) -> (f64, f64) {
    let (mut d, mut d2) = ([0.0; LANES], [0.0; LANES]);
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    for ch in chunks {
        for l in 0..LANES {
            let e = ch[l] - c;
            d[l] += e;
            d2[l] += e * e;
        }
    }
    for (l, &x) in tail.iter().enumerate() {
        let e = x - c;
        d[l] += e;
        d2[l] += e * e;
    }
    (d.iter().sum(), d2.iter().sum())
}

/// Lane-wise `(min, max)`.
#[inline(always)]
fn extremes(v: &[f64]) -> (f64, f64) {
    let (mut lo, mut hi) = ([f64::INFINITY; LANES], [f64::NEG_INFINITY; LANES]);
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    for ch in chunks {
        for l in 0..LANES {
            lo[l] = lo[l].min(ch[l]);
            hi[l] = hi[l].max(ch[l]);
        }
    }
    for (l, &x) in tail.iter().enumerate() {
        lo[l] = lo[l].min(x);
        hi[l] = hi[l].max(x);
    }
    (
        lo.iter().copied().fold(f64::INFINITY, f64::min),
        hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

impl Kernel for BlockPass<'_> {
    type Output = Block;

    #[inline(always)]
    fn run<const FMA: bool>(self) -> Block {
        let xs = self.xs;
        // The logarithms once, in a plain loop that LLVM vectorises (one
        // block: the buffer stays in cache for the sums).
        let mut lns = vec![0.0; xs.len()];
        for (o, &x) in lns.iter_mut().zip(xs) {
            *o = ln::<FMA>(x);
        }
        let (min, max) = extremes(xs);
        Block {
            min,
            max,
            x: two_pass(xs),
            ln: two_pass(&lns),
        }
    }
}

/// Lane-wise `Σ vᵢ`, the lanes added in order at the end.
#[inline(always)]
fn sum(v: &[f64]) -> f64 {
    let mut s = [0.0; LANES];
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    for ch in chunks {
        for l in 0..LANES {
            s[l] += ch[l];
        }
    }
    for (l, &x) in tail.iter().enumerate() {
        s[l] += x;
    }
    s.iter().sum()
}

/// The corrected two-pass moments of `v` (not empty): with `d` the
/// deviations from the first pass's mean `m₀`, `mean = m₀ + Σd/n` and
/// `m2 = Σd² − (Σd)²/n`.
#[inline(always)]
fn two_pass(v: &[f64]) -> Moments2 {
    let n = v.len() as f64;
    let m0 = sum(v) / n;
    let (d, d2) = deviations(v, m0);
    Moments2 {
        n,
        mean: m0 + d / n,
        m2: (d2 - d * d / n).max(0.0),
    }
}

impl SampleMoments {
    /// The moments of `xs` (not empty).
    #[cfg(test)]
    pub(crate) fn of(xs: &[f64]) -> SampleMoments {
        Self::copy_of(xs).1
    }

    /// A copy of `xs` (not empty) and its moments: the copy goes into
    /// storage advised onto huge pages (`divergence::vec_with_capacity`:
    /// at 10⁷ samples the 4 KiB page faults of a fresh copy cost more than
    /// the moments), then one pass over the blocks, in parallel from
    /// [`PARALLEL_SAMPLES`] on. A NaN sample makes `mean` NaN, an infinite
    /// one `min` or `max` infinite (the caller's validation reads them).
    pub(crate) fn copy_of(xs: &[f64]) -> (Vec<f64>, SampleMoments) {
        let level = Level::detect();
        let mut copy = divergence::vec_with_capacity(xs.len());
        copy.extend_from_slice(xs);
        let block = |b: &[f64]| level.run(BlockPass { xs: b });
        let parts: Vec<Block> = if xs.len() >= PARALLEL_SAMPLES {
            copy.par_chunks(SAMPLE_BLOCK).map(block).collect()
        } else {
            copy.chunks(SAMPLE_BLOCK).map(block).collect()
        };
        let all = parts
            .into_iter()
            .reduce(Block::merge)
            .expect("samples are not empty");
        let positive = all.min > 0.0;
        let moments = SampleMoments {
            count: xs.len(),
            min: all.min,
            max: all.max,
            mean: all.x.mean,
            variance: all.x.m2 / all.x.n,
            mean_ln: positive.then_some(all.ln.mean),
            variance_ln: positive.then_some(all.ln.m2 / all.ln.n),
        };
        (copy, moments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Accepted relative distance of the means from the textbook two-pass
    /// reference: both are accurate to a few ulps times √(blocks) here.
    const MOMENTS_REL_TOL: f64 = 1e-13;
    /// The same for the variances, whose relative accuracy is that of the
    /// mean times |mean|/sd (≈ 3·10⁶ for the offset data below).
    const VARIANCE_REL_TOL: f64 = 1e-9;

    /// The textbook two-pass mean and variance, with `f64::ln`.
    fn reference(xs: &[f64], f: impl Fn(f64) -> f64) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().map(|&x| f(x)).sum::<f64>() / n;
        let v = xs.iter().map(|&x| (f(x) - m) * (f(x) - m)).sum::<f64>() / n;
        (m, v)
    }

    #[test]
    fn agrees_with_the_two_pass_formula_across_blocks_and_threads() {
        // Three and a half blocks, a large offset (1e6 + spread 1: the
        // one-pass Σx² formula would lose ~12 digits of the variance).
        for n in [
            1,
            5,
            3 * SAMPLE_BLOCK + SAMPLE_BLOCK / 2,
            PARALLEL_SAMPLES + 7,
        ] {
            let xs: Vec<f64> = (0..n)
                .map(|i| 1e6 + ((i * 7919) % 1000) as f64 / 999.0)
                .collect();
            let m = SampleMoments::of(&xs);
            let (mean, var) = reference(&xs, |x| x);
            let (mean_ln, var_ln) = reference(&xs, f64::ln);
            assert_eq!(m.count, n);
            assert_relative_eq!(m.mean, mean, max_relative = MOMENTS_REL_TOL);
            assert_relative_eq!(m.mean_ln.unwrap(), mean_ln, max_relative = MOMENTS_REL_TOL);
            if n > 1 {
                assert_relative_eq!(m.variance, var, max_relative = VARIANCE_REL_TOL);
                assert_relative_eq!(
                    m.variance_ln.unwrap(),
                    var_ln,
                    max_relative = VARIANCE_REL_TOL
                );
            } else {
                assert!(m.variance.abs() < f64::MIN_POSITIVE);
            }
            // Blocks merge in order: the same bits on one thread.
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap()
                .install(|| SampleMoments::of(&xs));
            assert_eq!(one.mean.to_bits(), m.mean.to_bits());
            assert_eq!(one.variance.to_bits(), m.variance.to_bits());
        }
    }

    #[test]
    fn logarithms_only_for_positive_samples() {
        let m = SampleMoments::of(&[-1.0, 0.0, 2.0, 3.0, 4.0]);
        assert!(m.mean_ln.is_none() && m.variance_ln.is_none());
        let m = SampleMoments::of(&[0.0, 1.0]);
        assert!(m.mean_ln.is_none());
        assert_relative_eq!(m.min, 0.0);
        assert_relative_eq!(m.max, 1.0);
        // Subnormal and huge samples keep finite logarithms.
        let m = SampleMoments::of(&[5e-324, 1e300, 1.0]);
        let want = (5e-324f64.ln() + 1e300f64.ln()) / 3.0;
        assert_relative_eq!(m.mean_ln.unwrap(), want, max_relative = MOMENTS_REL_TOL);
    }
}
