//! Vectorisable loops: a branch-free logarithm, so that LLVM can vectorise
//! a loop that takes one, and the run-time CPU dispatch that compiles such a
//! loop for the best instruction set the CPU has. Every vectorised kernel of
//! the workspace goes through this module (the discrete KL kernel, the
//! gradients, `fit`'s grid sweeps).
//!
//! `f64::ln` is a call into the C library, which stops vectorisation and
//! costs ~3 ns; a grid sweep of a family with sufficient statistics is little
//! more than one or two logarithms per point. Here a caller writes its
//! per-point formula once ([`PointFn::at`], using [`ln`]/[`xlny`]) and
//! [`map`] runs it over the slice, on x86-64 CPUs with AVX2 and FMA through a
//! copy compiled for them (chosen at run time by [`Level::detect`]; any loop
//! can be compiled per level as a [`Kernel`]).
//!
//! Every element is computed by the same operations whether it falls in a
//! vector lane or in the scalar remainder (no reassociation, and fused
//! multiply-adds only where written), so `out[j]` depends on `values[j]`
//! alone, never on its position or the slice's length: a sweep stays
//! bit-identical on 1 and on N threads. The AVX2 copy and the portable one
//! may differ in the last bit; both are < 1 ulp from the exact logarithm.
//!
//! # Formula
//! ```text
//! x = 2ᵏ·m,  m ∈ [≈√½, ≈√2),  f = m − 1,  s = f/(2 + f)
//! ln x = k·ln2_hi − ((f²/2 − (s·(f²/2 + R(s²)) + k·ln2_lo)) − f)
//! R(z) = Lg1·z + Lg2·z² + … + Lg7·z⁷      (|R − ideal| < 2⁻⁵⁸·⁴⁵)
//! ```
//! The ratio `ln(p/q)` of the discrete kernels reduces both mantissas at
//! once (`k = e − f ± 1`, `s = (a − b)/(a + b)`) and shares `R`.
//!
//! # Example
//! ```
//! use divergence::simd::{self, PointFn};
//!
//! /// `−ln λ + λ·mean`: the exponential family's cross-entropy at rate λ.
//! struct CrossEntropy {
//!     mean: f64,
//! }
//! impl PointFn for CrossEntropy {
//!     #[inline(always)]
//!     fn at<const FMA: bool>(&self, lambda: f64) -> f64 {
//!         -simd::ln::<FMA>(lambda) + lambda * self.mean
//!     }
//! }
//! let rates = [0.5, 1.0, 2.0];
//! let mut out = [0.0; 3];
//! simd::map(&CrossEntropy { mean: 1.0 }, &rates, &mut out);
//! assert!((out[1] - 1.0).abs() < 1e-15);
//! ```
//!
//! # Reference
//! fdlibm `e_log.c` (Sun Microsystems, 1993) for `Lg1…Lg7` and the
//! evaluation; the reduction of musl's `log.c` (adding `1 − 0x3fe6a09e…`
//! to the bits carries into the exponent exactly when the mantissa is above
//! ≈√2, so no comparison is needed). Extended here to zero, subnormal and
//! non-finite arguments.

mod dispatch;
mod ln;
mod map;
#[cfg(test)]
pub(crate) mod testing;

pub use dispatch::{Kernel, Level};
pub(crate) use ln::{lg_poly, ln_reduced, reduce, Reduced};
pub use ln::{ln, madd, xlny};
pub use map::{map, PointFn};
