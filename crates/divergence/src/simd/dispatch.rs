//! Run-time CPU dispatch: which instruction-set level this CPU has, detected
//! once, and one trampoline per level that compiles a [`Kernel`] for it.

use std::sync::OnceLock;

/// An instruction-set level that kernels are compiled for, ordered from the
/// most portable to the fastest: a CPU of one level has every feature of
/// the levels before it.
///
/// A kernel written once ([`Kernel::run`]) is compiled again inside each
/// level's trampoline, where LLVM may use that level's instructions;
/// [`Level::detect`] picks the best level the CPU has, once per process.
///
/// Adding a level (AVX-512, say) is one variant here, placed by its
/// capability, with its feature test in `Level::supported`, and one
/// trampoline with its arm in [`Level::run`].
///
/// # Example
/// ```
/// use divergence::simd::Level;
/// let best = Level::detect();
/// assert!(Level::ALL.contains(&best));
/// assert!(best >= Level::Generic);
/// ```
///
/// # Reference
/// The levels follow the x86-64 micro-architecture levels of the System V
/// psABI (x86-64-v3 has AVX2 and FMA).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Portable code: no instruction beyond the compilation target's, and no
    /// fused multiply-add (a library call without hardware support).
    Generic,
    /// x86-64 with AVX2 and FMA: 4 lanes of `f64` per instruction and fused
    /// multiply-adds.
    Avx2Fma,
}

/// The level found by the first [`Level::detect`].
static DETECTED: OnceLock<Level> = OnceLock::new();

impl Level {
    /// Every level, from the most portable to the fastest.
    pub const ALL: &'static [Level] = &[Level::Generic, Level::Avx2Fma];

    /// The best level this CPU runs, detected on the first call and cached.
    ///
    /// Never panics.
    ///
    /// # Example
    /// ```
    /// use divergence::simd::Level;
    /// assert_eq!(Level::detect(), Level::detect());
    /// ```
    pub fn detect() -> Level {
        *DETECTED.get_or_init(|| {
            Self::ALL
                .iter()
                .rev()
                .copied()
                .find(|level| level.supported())
                .unwrap_or(Level::Generic)
        })
    }

    /// Whether this CPU has the features of `self`.
    fn supported(self) -> bool {
        match self {
            Level::Generic => true,
            #[cfg(target_arch = "x86_64")]
            Level::Avx2Fma => {
                std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
            }
            #[cfg(not(target_arch = "x86_64"))]
            Level::Avx2Fma => false,
        }
    }

    /// Runs `kernel` in the copy compiled for `self`, or for the best level
    /// this CPU has if that is lower (so no level's instructions ever run on
    /// a CPU without them). `Level::detect().run(kernel)` is the fastest
    /// copy.
    ///
    /// # Formula
    /// ```text
    /// run(level, kernel) = kernel.run::<FMA>()   compiled for min(level, detect())
    /// ```
    /// Never panics (unless the kernel does).
    ///
    /// # Example
    /// ```
    /// use divergence::simd::{madd, Kernel, Level};
    /// struct Dot<'a>(&'a [f64], &'a [f64]);
    /// impl Kernel for Dot<'_> {
    ///     type Output = f64;
    ///     #[inline(always)]
    ///     fn run<const FMA: bool>(self) -> f64 {
    ///         self.0.iter().zip(self.1).fold(0.0, |acc, (a, b)| madd::<FMA>(*a, *b, acc))
    ///     }
    /// }
    /// let (a, b) = ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]);
    /// for &level in Level::ALL {
    ///     assert_eq!(level.run(Dot(&a, &b)), 32.0);
    /// }
    /// ```
    ///
    /// # Reference
    /// The `#[target_feature]` attribute and `is_x86_feature_detected!`
    /// (The Rust Reference, "Code generation attributes").
    #[inline]
    pub fn run<K: Kernel>(self, kernel: K) -> K::Output {
        match self.min(Self::detect()) {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` found AVX2 and FMA on this CPU (the level is
            // at most the detected one).
            Level::Avx2Fma => unsafe { avx2_fma(kernel) },
            _ => kernel.run::<false>(),
        }
    }
}

/// A loop written once and compiled for every [`Level`]: its
/// [`run`](Kernel::run) is inlined into each level's trampoline.
///
/// The body must be `#[inline(always)]` and call nothing that is not (use
/// [`ln`](crate::simd::ln), [`madd`](crate::simd::madd)), or the call
/// leaves the level's copy and runs portable code. The slices a kernel
/// holds reach the loop through a struct, not as function arguments, so
/// LLVM does not know that an output slice does not alias the inputs: a
/// plain loop is still vectorised (behind a run-time overlap check), but a
/// loop unrolled by hand over a group of lanes must read all of the group
/// before writing any of it, or the reads are not combined into vector
/// loads.
///
/// # Example
/// See [`Level::run`].
pub trait Kernel {
    /// What the loop returns.
    type Output;

    /// The loop. `FMA` is `true` in the copies for levels with fused
    /// multiply-add (pass it to [`madd`](crate::simd::madd) and the
    /// logarithms).
    fn run<const FMA: bool>(self) -> Self::Output;
}

/// The [`Level::Avx2Fma`] copy of `kernel`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn avx2_fma<K: Kernel>(kernel: K) -> K::Output {
    kernel.run::<true>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_is_cached_and_within_the_levels() {
        let best = Level::detect();
        assert!(Level::ALL.contains(&best));
        assert_eq!(Level::detect(), best);
        assert!(Level::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Level::ALL.iter().all(|&l| l.supported() == (l <= best)));
    }

    struct Fused;
    impl Kernel for Fused {
        type Output = bool;
        #[inline(always)]
        fn run<const FMA: bool>(self) -> bool {
            FMA
        }
    }

    #[test]
    fn a_level_runs_its_copy_or_the_best_one_below() {
        let best = Level::detect();
        assert!(!Level::Generic.run(Fused));
        for &level in Level::ALL {
            assert_eq!(level.run(Fused), level.min(best) >= Level::Avx2Fma);
        }
    }
}
