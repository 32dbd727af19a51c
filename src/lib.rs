// The README is the facade's documentation, so its Rust example is compiled
// and run by `cargo test` (doctest) and cannot drift from the API.
#![doc = include_str!("../README.md")]
// Every public item is documented.
#![deny(missing_docs)]

/// Entropy, cross-entropy, KL and relatives; named distributions; quadrature.
pub use divergence;
/// KL from samples: kNN estimators, Monte Carlo against a model, binned
/// KL/JS/PSI for monitoring.
pub use estimate;
/// Model families, KL objectives, solvers, sweeps and fit reports.
pub use fit;
/// Figures: KL curves, data-versus-model bars, densities, landscapes.
pub use plot;
