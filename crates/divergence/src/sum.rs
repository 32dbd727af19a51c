//! Compensated summation, so that rounding error does not grow with `n`.

/// Neumaier's improved Kahan–Babuška accumulator.
///
/// The error of the final sum is bounded by `2ε|S| + O(nε²)Σ|xᵢ|`, i.e. it
/// does not grow with the number of terms as a plain running sum does.
///
/// Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur
/// Summation endlicher Summen", ZAMM 54 (1974) 39–51.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Neumaier {
    sum: f64,
    compensation: f64,
}

impl Neumaier {
    /// Adds one term.
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// Merges another accumulator (for blocked or lane-wise sums).
    #[inline]
    pub(crate) fn merge(&mut self, other: Neumaier) {
        self.add(other.sum);
        self.compensation += other.compensation;
    }

    /// The compensated total. An infinite running sum is returned as it is
    /// (its compensation is `inf − inf = NaN` and carries no information).
    #[inline]
    pub(crate) fn total(self) -> f64 {
        if self.sum.is_infinite() {
            self.sum
        } else {
            self.sum + self.compensation
        }
    }
}

/// Compensated sum of an iterator of terms.
pub(crate) fn sum_iter<I: IntoIterator<Item = f64>>(terms: I) -> f64 {
    let mut acc = Neumaier::default();
    for x in terms {
        acc.add(x);
    }
    acc.total()
}

/// Compensated accumulation of `x` into the lane `(s, c)` with Knuth's
/// branch-free TwoSum: `t + err = s + x` exactly, whatever the magnitudes
/// (Neumaier's guarantee without its comparison, so loops over lanes
/// vectorise).
///
/// Reference: D. E. Knuth, *The Art of Computer Programming* vol. 2
/// (3rd ed.), §4.2.2, Theorem B.
#[inline(always)]
pub(crate) fn two_sum(s: &mut f64, c: &mut f64, x: f64) {
    let t = *s + x;
    let z = t - *s;
    *c += (*s - (t - z)) + (x - z);
    *s = t;
}

/// Lanes of the vectorised sums: two AVX2 registers, so that two
/// independent TwoSum chains hide each other's latency.
const LANES: usize = 4;

/// Compensated sum and minimum of `v` in one vectorisable pass.
///
/// A NaN or infinite entry makes the sum non-finite (NaN is skipped by the
/// minimum), a negative one shows in the minimum, so `sum.is_finite() &&
/// min >= 0` certifies every entry at the cost of one read.
pub(crate) fn sum_and_min(v: &[f64]) -> (f64, f64) {
    // Hand-written intrinsics, not a `Kernel` compiled per level: the level
    // only says whether AVX2 is there (every level from `Avx2Fma` up).
    #[cfg(target_arch = "x86_64")]
    if crate::simd::Level::detect() >= crate::simd::Level::Avx2Fma {
        // SAFETY: the CPU supports the feature `sum_and_min_avx2` was compiled for.
        return unsafe { sum_and_min_avx2(v) };
    }
    sum_and_min_generic(v)
}

/// [`sum_and_min_generic`] in AVX2 intrinsics (LLVM does not vectorise the
/// TwoSum of loaded values by itself): two registers of 4 lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn sum_and_min_avx2(v: &[f64]) -> (f64, f64) {
    use core::arch::x86_64::{
        __m256d, _mm256_add_pd, _mm256_loadu_pd, _mm256_min_pd, _mm256_set1_pd, _mm256_setzero_pd,
        _mm256_storeu_pd, _mm256_sub_pd,
    };
    #[inline]
    #[target_feature(enable = "avx2")]
    fn step(s: &mut __m256d, c: &mut __m256d, m: &mut __m256d, x: __m256d) {
        let t = _mm256_add_pd(*s, x);
        let z = _mm256_sub_pd(t, *s);
        let e = _mm256_add_pd(_mm256_sub_pd(*s, _mm256_sub_pd(t, z)), _mm256_sub_pd(x, z));
        *c = _mm256_add_pd(*c, e);
        *s = t;
        // minpd(x, m) returns m when x is NaN, as the generic code does.
        *m = _mm256_min_pd(x, *m);
    }
    let (mut s0, mut c0, mut s1, mut c1) = (
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
    );
    let (mut m0, mut m1) = (_mm256_set1_pd(f64::INFINITY), _mm256_set1_pd(f64::INFINITY));
    let chunks = v.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        // SAFETY: `chunk` has 8 elements: two unaligned loads of 4.
        let (x0, x1) = unsafe {
            (
                _mm256_loadu_pd(chunk.as_ptr()),
                _mm256_loadu_pd(chunk.as_ptr().add(4)),
            )
        };
        step(&mut s0, &mut c0, &mut m0, x0);
        step(&mut s1, &mut c1, &mut m1, x1);
    }
    let mut lanes = [[0.0; 4]; 6];
    for (out, reg) in lanes.iter_mut().zip([s0, c0, s1, c1, m0, m1]) {
        // SAFETY: `out` holds 4 doubles.
        unsafe { _mm256_storeu_pd(out.as_mut_ptr(), reg) };
    }
    let mut total = Neumaier::default();
    for x in lanes[..4].iter().flatten() {
        total.add(*x);
    }
    let mut min = lanes[4..]
        .iter()
        .flatten()
        .fold(f64::INFINITY, |a, &b| if b < a { b } else { a });
    for &x in tail {
        total.add(x);
        min = if x < min { x } else { min };
    }
    (total.total(), min)
}

#[inline(always)]
fn sum_and_min_generic(v: &[f64]) -> (f64, f64) {
    let (mut s, mut c, mut m) = ([0.0; LANES], [0.0; LANES], [f64::INFINITY; LANES]);
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    let mut lane = |l: usize, x: f64| {
        two_sum(&mut s[l], &mut c[l], x);
        m[l] = if x < m[l] { x } else { m[l] };
    };
    for chunk in chunks {
        for (l, &x) in chunk.iter().enumerate() {
            lane(l, x);
        }
    }
    for (l, &x) in tail.iter().enumerate() {
        lane(l, x);
    }
    let mut total = Neumaier::default();
    for l in 0..LANES {
        total.add(s[l]);
        total.add(c[l]);
    }
    let min = m
        .iter()
        .fold(f64::INFINITY, |a, &b| if b < a { b } else { a });
    // `total()` hides a NaN compensation behind an infinite sum; either way
    // the sum is not finite, which is all the caller needs to know.
    (total.total(), min)
}

/// `max(x, 0)` that keeps NaN visible (`f64::max` would turn NaN into 0).
#[inline]
pub(crate) fn non_negative(x: f64) -> f64 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn cancels_what_a_running_sum_loses() {
        // 1 + 1e100 + 1 - 1e100 = 2; a plain sum gives 0.
        let terms = [1.0, 1e100, 1.0, -1e100];
        assert_eq!(terms.iter().sum::<f64>(), 0.0);
        assert_eq!(sum_iter(terms), 2.0);
    }

    #[test]
    fn sum_and_min_flags_bad_entries_in_one_pass() {
        let (s, m) = sum_and_min(&[0.25, 0.25, 0.125, 0.125, 0.25]);
        assert_eq!((s, m), (1.0, 0.125));
        assert!(!sum_and_min(&[0.5, f64::NAN, 0.5]).0.is_finite());
        assert!(!sum_and_min(&[0.5, f64::INFINITY, 0.5]).0.is_finite());
        assert!(sum_and_min(&[0.5, -0.1, 0.6]).1 < 0.0);
        // Compensation: 1 + 1e100 + 1 − 1e100 = 2 across lanes and tail.
        assert_eq!(sum_and_min(&[1.0, 1e100, 1.0, -1e100, 0.0]).0, 2.0);
        // The same through the 8-wide vector body (and the generic copy).
        let mut v = vec![0.0; 21];
        for (i, x) in [1.0, 1e100, 1.0, -1e100].into_iter().enumerate() {
            v[4 * i + 1] = x;
        }
        v[20] = 0.5;
        for f in [sum_and_min, sum_and_min_generic] {
            assert_eq!(f(&v), (2.5, -1e100));
            let mut bad = v.clone();
            bad[9] = f64::NAN;
            assert!(!f(&bad).0.is_finite());
            bad[9] = f64::INFINITY;
            assert!(!f(&bad).0.is_finite());
        }
    }

    #[test]
    fn infinities_survive_and_nan_is_not_hidden() {
        let mut acc = Neumaier::default();
        acc.add(1.0);
        acc.add(f64::INFINITY);
        acc.add(2.0);
        assert_eq!(acc.total(), f64::INFINITY);
        assert!(non_negative(f64::NAN).is_nan());
        assert_eq!(non_negative(-1e-30), 0.0);
    }

    #[test]
    fn error_does_not_grow_with_n() {
        // 0.1 is not representable; ten million copies sum to 1e6 * (0.1 rounded).
        // The exact value of 10^7 * fl(0.1) is 1000000.0000000000555...,
        // which rounds to 1e6 in f64 (computed with Python's fractions.Fraction).
        let n = 10_000_000;
        let s = sum_iter(std::iter::repeat_n(0.1, n));
        assert_eq!(s, 1_000_000.0);
        let naive: f64 = std::iter::repeat_n(0.1, n).sum();
        assert!((naive - 1_000_000.0).abs() > 1e-6);
    }

    #[test]
    fn the_dispatched_copy_agrees_with_the_generic_one_on_special_lanes() {
        use crate::simd::testing::{ulps_apart, SPECIAL};
        // The AVX2 copy sums in 8 lanes, the generic one in 4: the minimum
        // and whether the sum is finite are the same, the sums agree to
        // their compensated accuracy (2ε|S| each).
        // `f64::MAX` is left out: `f64::MAX + 1e300` overflows, so whether a
        // sum with both is finite depends on the order of the additions.
        let values: Vec<f64> = SPECIAL
            .iter()
            .filter(|&&x| x != f64::MAX)
            .flat_map(|&x| [x, -x, 0.5])
            .collect();
        for start in 0..values.len() {
            for end in start..=values.len() {
                let v = &values[start..end];
                let ((s, m), (sg, mg)) = (sum_and_min(v), sum_and_min_generic(v));
                assert_eq!(ulps_apart(m, mg), 0.0, "{v:?}");
                assert_eq!(s.is_finite(), sg.is_finite(), "{v:?}");
                if sg.is_finite() {
                    approx::assert_relative_eq!(s, sg, max_relative = 4.0 * f64::EPSILON);
                }
            }
        }
    }
}
