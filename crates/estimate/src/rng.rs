//! A small, seeded random number generator for reproducible resampling.
//! The same generator as `fit`'s (`crates/fit/src/rng.rs`), copied because
//! `estimate` does not depend on `fit`.

/// SplitMix64 (Steele, Lea & Flood, *Fast splittable pseudorandom number
/// generators*, OOPSLA 2014). [`SplitMix64::stream`] derives the generator of
/// one replicate from a seed and the replicate's index, so a parallel
/// resampling gives the same numbers on 1 and on N threads.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

/// The Weyl increment (the golden ratio times 2⁶⁴).
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl SplitMix64 {
    /// The generator of stream `index` under `seed`: its state is a hash of
    /// both, so streams start far apart instead of one step apart.
    pub(crate) fn stream(seed: u64, index: u64) -> Self {
        SplitMix64(mix(seed ^ mix(index.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }

    /// Uniform on `0..n` (`n > 0`) by the multiply-shift map of 64 random
    /// bits (Lemire, *ACM TOMACS* 29(1), 2019; bias below `n/2⁶⁴`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// `size` distinct indices of `0..n`, uniformly without replacement, in
    /// increasing order (partial Fisher–Yates shuffle, then sorted so that
    /// a subsample keeps the rows' original order).
    pub(crate) fn subset(&mut self, n: usize, size: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..size.min(n) {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(size.min(n));
        idx.sort_unstable();
        idx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first output of seed 1234567 from Vigna's reference
    /// `splitmix64.c` (prng.di.unimi.it), reached through `stream`'s state.
    #[test]
    fn matches_the_reference_sequence() {
        let mut r = SplitMix64(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
    }

    #[test]
    fn subsets_are_distinct_sorted_and_in_range() {
        let mut r = SplitMix64::stream(3, 9);
        let s = r.subset(100, 50);
        assert_eq!(s.len(), 50);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert!(s.iter().all(|&i| i < 100));
    }
}
