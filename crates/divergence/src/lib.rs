//! Entropy, cross-entropy, Kullback–Leibler divergence and its relatives,
//! computed to the last bits.
//!
//! # Quick start
//! ```
//! use divergence::{cross_entropy, entropy, from_counts, kl, Unit};
//!
//! // 100 space worms with 0, 1, …, 10 teeth.
//! let data = from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
//! let uniform = vec![1.0 / 11.0; 11];
//!
//! let h = entropy(&data)?;                 // nats
//! let d = kl(&data, &uniform)?;            // KL(data‖model), nats
//! println!("H = {:.2} bits, KL = {:.3} bits", Unit::Bits.from_nats(h), Unit::Bits.from_nats(d));
//!
//! // KL = cross-entropy − entropy.
//! assert!((cross_entropy(&data, &uniform)? - h - d).abs() < 1e-15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Conventions
//! Written once here; each has its own test in `tests/conventions.rs`.
//!
//! - **Argument order.** `kl(p, q) = Σ p ln(p/q)`: `p` is the reference
//!   (the data), `q` the approximation (the model). *Forward* KL is
//!   `KL(data‖model)`, *reverse* KL is `KL(model‖data)` ([`reverse_kl`]).
//! - **Units.** Every information measure returns nats. [`Unit`] converts to
//!   bits, hartleys or any base; [`Measure::compute_in`] does it for any
//!   measure. Hellinger, total variation and χ² are dimensionless.
//! - **Zeros.** Terms with `pᵢ = 0` contribute 0 (`0 ln 0 = 0`). Where
//!   `qᵢ = 0 < pᵢ`, KL, cross-entropy, Jeffreys, χ² and Rényi of order
//!   `α > 1` are `+∞` — a value, not an error, because that is the
//!   mathematical answer: the model calls an observed event impossible.
//! - **Bad entries are errors.** Negative, NaN or infinite entries, empty
//!   vectors and length mismatches give an [`Error`] naming the argument,
//!   the index and the value. Nothing panics on user input.
//! - **No silent normalisation.** A vector must sum to 1 within
//!   [`SUM_TOLERANCE`] (`1e-9`); otherwise [`Error::NotNormalized`]. Turn
//!   counts or weights into probabilities explicitly with [`from_counts`] or
//!   [`normalize`].
//!
//! # Accuracy
//! - Sums are compensated (Neumaier's accumulator; Knuth's TwoSum per lane in
//!   the vectorised kernels), so rounding error does not grow with the
//!   length of the vectors.
//! - Where `pᵢ ≈ qᵢ` the term `pᵢ ln(pᵢ/qᵢ)` is not formed: KL is evaluated as
//!   `Σ q φ(p/q) + Σ (p − q)` with `φ(r) = r ln r − r + 1 ≥ 0` expanded in
//!   `u = (p − q)/(p + q)` and `p − q` exact (Sterbenz). For normalised
//!   inputs the second sum vanishes exactly and the first has no
//!   cancellation, so a divergence of `10⁻¹⁹` between vectors that differ by
//!   `10⁻⁹` is returned to a few ulps, where the naive formula returns noise
//!   of either sign.
//! - Ratios `p/q` that would overflow or underflow never form: the kernels
//!   take `ln(p/q)` from the exponents and mantissas of `p` and `q`.
//! - Results are never negative: KL, Jeffreys, JS and Rényi are clamped at
//!   0, which matters only for inputs whose sums differ by less than the
//!   tolerance.
//!
//! These claims are tested against 50-digit references computed by
//! `tools/reference/discrete.py` (mpmath).
//!
//! # Threads
//! [`kl`] (and what is built on it) splits vectors of 2¹⁸ elements or more
//! into fixed blocks and spreads them over scoped threads: as many as
//! `KLFIT_NUM_THREADS`, else `RAYON_NUM_THREADS`, else the CPUs the process
//! may use (read once). Block boundaries depend only on the length and block
//! results are merged in order, so the answer is bit-identical for every
//! thread count. Shorter vectors never start a thread.
//!
//! # Vectorisation
//! The kernels are written once and compiled for each instruction-set
//! [`simd::Level`] (portable, or AVX2 with FMA), the best chosen at run time;
//! their branch-free logarithm and that dispatch are public in [`simd`], for
//! other crates' loops (`fit`'s grid sweeps use them).
//!
//! # Contents
//! | function | quantity | unit |
//! |---|---|---|
//! | [`entropy`] | `H(p) = −Σ p ln p` | nats |
//! | [`cross_entropy`] | `H(p, q) = −Σ p ln q` | nats |
//! | [`kl`], [`reverse_kl`] | `KL(p‖q)`, `KL(q‖p)` | nats |
//! | [`jensen_shannon`], [`jensen_shannon_distance`] | `JS`, `√JS` | nats, √nats |
//! | [`jeffreys`] | `KL(p‖q) + KL(q‖p)` | nats |
//! | [`renyi`] | `D_α(p‖q)` | nats |
//! | [`hellinger`], [`total_variation`], [`chi_squared`] | distances | none |
//! | [`gradient`] | partial derivatives wrt `p`, `q`, logits | nats per unit |
//!
//! # Named distributions
//! Whole distributions (statrs's types) are compared through
//! [`KlDivergence`] (closed form, nats), [`Entropy`], cross-entropy
//! ([`KlDivergence::cross_entropy`], `= H(P) + KL(P‖Q)`) and
//! [`KlGradient`] (derivatives wrt both distributions' parameters: a
//! fixed-size [`PairGradient`] for scalar families, a [`VectorGradient`]
//! for Categorical and Dirichlet, a [`MultivariateNormalGradient`] of
//! vectors and matrices for MultivariateNormal). Pairs without a
//! closed form — finite [`Mixture`]s, Student-t against Normal, any two
//! [`Density`]s or [`Mass`]es — go through [`quadrature`], which returns an
//! [`Estimate`] `{ value, error, method }`. Support mismatch is `+∞`;
//! a dimension mismatch between multivariate distributions is an error.
//!
//! ```
//! use divergence::{quadrature::kl_quadrature, KlDivergence, Mixture};
//! use statrs::distribution::Normal;
//! let data = Mixture::new(&[0.5, 0.5], vec![Normal::new(-3.0, 1.0)?, Normal::new(3.0, 1.0)?])?;
//! let model = Normal::new(0.0, 10f64.sqrt())?;
//! let forward = kl_quadrature(&data, &model)?;   // KL(data‖model)
//! let reverse = kl_quadrature(&model, &data)?;   // KL(model‖data)
//! assert!(forward.error < 1e-10 && reverse.error < 1e-10);
//! let closed = Normal::new(0.0, 1.0)?.kl_divergence(&model)?;
//! assert!(closed > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! | `P ‖ Q` | method | gradient order | reference |
//! |---|---|---|---|
//! | Normal ‖ Normal | closed form | `[mean, std_dev]` | Penny (2001) eq. 2 |
//! | LogNormal ‖ LogNormal | closed form (= Normal on logs) | `[location, scale]` | Gil et al. (2013) |
//! | Exp ‖ Exp | closed form | `[rate]` | Gil et al. (2013) |
//! | Gamma ‖ Gamma | closed form | `[shape, rate]` | Penny (2001) eq. 15 |
//! | Beta ‖ Beta | closed form | `[a, b]` | Gil et al. (2013) |
//! | Laplace ‖ Laplace | closed form | `[location, scale]` | Gil et al. (2013) |
//! | Uniform ‖ Uniform | closed form, `+∞` unless nested | `[min, max]` (nested only) | Cover & Thomas §8 |
//! | Poisson ‖ Poisson | closed form (entropy: series) | `[lambda]` | Kullback (1959) |
//! | Bernoulli ‖ Bernoulli | closed form | `[p]` | Cover & Thomas ex. 2.3.1 |
//! | Binomial ‖ Binomial | same `n`: closed form; else exact finite sum / `+∞` | `[p]` (same `n`) | Kullback (1959) |
//! | Geometric ‖ Geometric | closed form | `[p]` | direct summation |
//! | Categorical ‖ Categorical | exact sum ([`kl`]), padded to the longer support, `+∞` if `Q` lacks a used category | [`VectorGradient`]: `P(0..K)`, `Q(0..K)` on the padded support | Cover & Thomas eq. 2.26 |
//! | Dirichlet ‖ Dirichlet | closed form; [`Error::DimensionMismatch`] for different `K` | [`VectorGradient`]: `α`, `β` | Penny (2001) |
//! | MultivariateNormal ‖ MultivariateNormal | closed form by Cholesky solves; [`Error::DimensionMismatch`] for different dimensions | [`MultivariateNormalGradient`]: `μ₁`, `Σ₁`, `μ₂`, `Σ₂` (vectors, matrices) | Penny (2001); Petersen & Pedersen (2012) |
//! | any [`Density`] ‖ [`Density`] (Mixture, StudentsT, Cauchy, cross-family) | adaptive Gauss–Kronrod ([`quadrature::kl_quadrature`]) or [`quadrature::FixedRule`] | under the integral via [`quadrature::expectation`] | QUADPACK |
//! | any [`Mass`] ‖ [`Mass`] | series with tail bound ([`quadrature::kl_series`]) | — | — |
//!
//! Dirichlet and MultivariateNormal are implemented for statrs's
//! dynamically sized types (`Dirichlet<nalgebra::Dyn>`,
//! `MultivariateNormal<nalgebra::Dyn>`, what their `new` returns). The
//! quadrature maps half-lines and intervals through a logarithm / logit, so
//! densities that are infinite at a zero end (Gamma or Beta with shape < 1)
//! converge; at a non-zero end, resolution stops at the float spacing there
//! (see [`quadrature::Region`]).

// Every public item documents formula, errors, example and reference.
#![deny(missing_docs)]
// Floats are compared with tolerances (approx) or with an explicit allow.
#![deny(clippy::float_cmp)]

mod blocks;
mod discrete;
pub mod distribution;
mod error;
pub mod gradient;
mod output;
pub mod quadrature;
pub mod simd;
mod sum;
mod unit;
mod validate;

pub use discrete::{
    chi_squared, cross_entropy, entropy, hellinger, jeffreys, jensen_shannon,
    jensen_shannon_distance, kl, renyi, reverse_kl, total_variation, Measure,
};
pub use distribution::{
    Density, Entropy, KlDivergence, KlGradient, Mass, Mixture, MultivariateNormalGradient,
    PairGradient, Tails, VectorGradient,
};
pub use error::{Arg, Error, Result};
pub use output::vec_with_capacity;
pub use quadrature::{Estimate, Method};
/// The statrs version whose distribution types the closed forms are implemented for.
pub use statrs;
pub use unit::Unit;
pub use validate::{from_counts, normalize, SUM_TOLERANCE};
