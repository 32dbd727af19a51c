//! Kullback–Leibler divergence from samples: when you have data, not
//! densities.
//!
//! # Quick start
//! ```
//! use estimate::{kl_knn_arrays, KnnOptions, Uncertainty};
//! use ndarray::Array2;
//!
//! // 500 points of P and 800 of Q in 2-D (deterministic stand-ins for
//! // samples; Q is P's pattern shifted by one unit in x).
//! let p = Array2::from_shape_fn((500, 2), |(i, j)| ((i * (j + 2)) as f64 * 0.618_034).fract());
//! let q = Array2::from_shape_fn((800, 2), |(i, j)| ((i * (j + 2)) as f64 * 0.414_214).fract() + 0.5 * (1 - j) as f64);
//! let options = KnnOptions::new()
//!     .with_k(1)?
//!     .with_uncertainty(Uncertainty::HalfSampling { replicates: 20, seed: 7 })?;
//! let r = kl_knn_arrays(p.view(), q.view(), &options)?;
//! println!("KL(P‖Q) = {:.3} ± {:.3} nats (n = {}, m = {}, d = {})", r.estimate, r.std_error, r.n, r.m, r.d);
//! assert!(r.estimate > 0.0 && r.std_error > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Contents
//! | function | quantity | needs |
//! |---|---|---|
//! | [`kl_knn`], [`kl_knn_arrays`] | `KL(P‖Q)`, kNN estimator (Wang, Kulkarni & Verdú 2009) | samples of `P` and `Q`, any `d ≤ 20` |
//! | [`entropy_knn`] | `H(P)`, Kozachenko–Leonenko | samples of `P` |
//! | [`kl_model`] | `KL(P‖Q)`, Monte Carlo | samples of `P`, `ln p` and `ln q` |
//! | [`kl_model_knn`] | `KL(P‖Q) = H(P, Q) − H(P)`, kNN entropy + Monte Carlo | samples of `P`, `ln q` |
//! | [`histogram_divergences`] | KL, JS, PSI of binned 1-D samples (monitoring) | two 1-D samples |
//!
//! # Conventions
//! - **Argument order** as in `divergence`: `P` is the reference (the
//!   data), `Q` the approximation; every result is in nats.
//! - **Samples** are rows of an `n × d` array ([`Samples`]), validated once:
//!   NaN or ±∞ is an error naming row and column.
//! - **Every estimate comes with a standard error** and the method that
//!   produced it ([`Uncertainty`]); seeded resampling gives the same
//!   numbers on any number of threads.
//! - **Repeated points are an error by default** ([`Ties`]): the kNN
//!   estimators divide by neighbour distances, which are 0 for repeats.
//! - **Infinities are values**: a model that gives probability 0 to an
//!   observed sample, or an empty bin under [`Smoothing::None`], gives
//!   `+∞`, as in `divergence`.
//! - **Determinism**: per-point terms are computed in parallel (rayon) and
//!   summed in a fixed order with a compensated sum.
//!
//! Binned divergences are computed by `divergence` itself (`kl`,
//! `jensen_shannon`, `jeffreys`), never by a second copy of the formula.

// Every public item documents formula, errors, example and reference.
#![deny(missing_docs)]
// Floats are compared with tolerances or an explicit allow.
#![deny(clippy::float_cmp)]

mod error;
mod histogram;
mod knn;
mod model;
mod rng;
mod samples;
mod sum;

pub use error::{Arg, Error, Result};
pub use histogram::{histogram_divergences, Binning, HistogramDivergences, Smoothing};
pub use knn::{
    entropy_knn, kl_knn, kl_knn_arrays, KnnEstimate, KnnOptions, Ties, Uncertainty,
    DEFAULT_HALF_SAMPLES, MAX_DIMENSION,
};
pub use model::{kl_model, kl_model_knn, ModelEstimate, ModelMethod};
pub use samples::Samples;

#[cfg(test)]
mod tests {
    /// Everything a rayon pool or another thread may hold is `Send + Sync`.
    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<super::Samples>();
        check::<super::KnnOptions>();
        check::<super::KnnEstimate>();
        check::<super::ModelEstimate>();
        check::<super::HistogramDivergences>();
        check::<super::Error>();
    }
}
