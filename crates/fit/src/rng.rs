//! A small, seeded random number generator for reproducible resampling and
//! initialisation.

/// SplitMix64 (Steele, Lea & Flood, *Fast splittable pseudorandom number
/// generators*, OOPSLA 2014): a 64-bit state advanced by a Weyl constant and
/// passed through a strong output mix. Its streams are reproducible on every
/// platform and independent of threads; [`SplitMix64::stream`] derives the
/// generator of one replicate from a seed and the replicate's index, so a
/// parallel bootstrap gives the same numbers on 1 and on N threads.
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
    /// The generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The generator of stream `index` under `seed`: its state is a hash of
    /// both, so streams start far apart in the 2⁶⁴-long sequence instead of
    /// one step apart (which would make them shifted copies of each other).
    pub(crate) fn stream(seed: u64, index: u64) -> Self {
        SplitMix64(mix(seed ^ mix(index.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }

    /// Uniform on `[0, 1)` with 53 random bits.
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform on `0..n` (`n > 0`) by the multiply-shift map of 64 random
    /// bits (Lemire, *ACM TOMACS* 29(1), 2019, without the rejection step:
    /// the bias is below `n/2⁶⁴`).
    /// A uniform draw on the open interval (0, 1): `(k + ½)/2⁵³`.
    pub(crate) fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first outputs of seed 1234567, from the reference C code of
    /// Vigna's `splitmix64.c` (prng.di.unimi.it): state += γ, then the mix.
    #[test]
    fn matches_the_reference_sequence() {
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn streams_differ_and_below_stays_in_range() {
        let (mut a, mut b) = (SplitMix64::stream(7, 0), SplitMix64::stream(7, 1));
        assert_ne!(a.next_u64(), b.next_u64());
        assert!((0..1000).all(|_| a.below(13) < 13));
    }
}
