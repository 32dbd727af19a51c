//! Fit parametric models by minimising Kullback–Leibler divergence.
//!
//! Hand the engine data (a [`Target`]) and a model family (a [`Family`]);
//! it returns the parameters that minimise KL, how the solver got there
//! (a [`FitReport`]), and on request the whole KL-versus-parameter curve or
//! surface ([`GridSweep`], [`landscape`]).
//!
//! # Quick start: the space worms
//! ```
//! use fit::{fit, GridSweep, Axis, Binomial, Direction, Split, Target};
//!
//! // 100 worms; the number with 0, 1, …, 10 teeth.
//! let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
//!
//! // Forward KL(data‖model): Binomial(10, p) has its optimum at p = mean/10.
//! let b = fit(&worms, &Binomial::new(10)?, Direction::Forward)?;
//! assert!(b.converged());
//! assert!((b.params().get("p").unwrap() - 0.57).abs() < 1e-9);
//! assert!((b.kl_forward_bits().unwrap() - 0.477).abs() < 5e-4);
//!
//! // The article's split model: blocks 0–5 and 6–10, t = mass of 6–10.
//! let s = fit(&worms, &Split::new(11, 6)?, Direction::Forward)?;
//! assert!((s.params().get("t").unwrap() - 0.47).abs() < 1e-9);
//! println!("{s}");
//!
//! // The whole curve, both directions, in parallel.
//! let curve = GridSweep::new(&worms, &Binomial::new(10)?)
//!     .axes([Axis::linspace("p", 0.0, 1.0, 10_001)?])
//!     .run()?;
//! assert!((curve.argmin_forward.unwrap().params.get("p").unwrap() - 0.57).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Conventions
//! - **Directions.** Forward = `KL(data‖model)` (mass-covering; maximum
//!   likelihood for samples), reverse = `KL(model‖data)` (mode-seeking;
//!   variational inference), cross-entropy = `H(data, model)`. The argument
//!   order is the `divergence` crate's: `kl(p = data, q = model)`.
//! - **Units.** Everything is computed in nats; reports also give bits.
//! - **Parameters** are named; [`Params`] serialises as `{"p": 0.57}`.
//!   Gradient solvers work on an unconstrained parameterisation (logit for
//!   probabilities, log for scales; [`Param::to_unconstrained`]).
//! - **Termination is never dropped.** Every [`FitReport`] carries the
//!   solver's termination reason, iterations, evaluation counts and final
//!   gradient norm; `converged = false` is reported as such, and
//!   [`FitReport::ensure_converged`] turns it into an error.
//! - **Errors, not panics**, for invalid data, parameters, bounds and grids.
//!
//! # Targets and families
//! Targets: histograms from counts or probabilities, known densities (any
//! `divergence::Density`: statrs distributions and `divergence::Mixture`s,
//! via [`Target::distribution`]; [`Target::normal_mixture`] for short), raw samples (forward KL to
//! the empirical distribution is maximum likelihood up to a constant, so
//! those fits report the mean negative log-likelihood = cross-entropy), and
//! unnormalised log-densities (reverse KL only: `ln Z` drops out).
//! Families: [`Uniform`], [`Binomial`], [`Split`], [`Categorical`],
//! [`Poisson`], [`Geometric`], [`NegativeBinomial`], [`Normal`],
//! [`LogNormal`], [`Exponential`], [`Gamma`], [`Beta`], [`MixtureOfNormals`]
//! (also by expectation–maximisation, [`em`]), or your own: implement
//! [`Model`] (name, parameters, support and `ln_density` written once over
//! [`Real`]; the score comes from automatic differentiation) or, for a
//! hand-written score and optional capabilities, [`Family`]. Capabilities
//! are opt-in traits: [`SufficientStatistics`] reduces forward KL to the
//! data's sufficient statistics, so a sweep point costs O(1) (the built-in
//! ones evaluate a sweep's runs in vectorised batches from
//! `divergence::simd`); [`ExpectUnder`], [`Cdf`] and [`NormalMembers`]
//! enable reverse KL against densities, binned KL and the Normal fast
//! paths. [`check_score`] and [`check_gradient`] test a score or a gradient
//! against finite differences.
//!
//! ```
//! use fit::{check_score, fit, Direction, Model, Param, Real, Support, Target};
//! /// Poisson(λ) as its formula: ln q(k) = k ln λ − λ − ln k!
//! #[derive(Debug)]
//! struct MyPoisson;
//! impl Model for MyPoisson {
//!     fn name(&self) -> String { "MyPoisson".into() }
//!     fn params(&self) -> Vec<Param> { vec![Param::new("lambda", 0.0, f64::INFINITY)] }
//!     fn support(&self) -> Support { Support::Integers { lower: 0, upper: None } }
//!     fn ln_density<D: Real>(&self, t: &[D], k: f64) -> D {
//!         t[0].ln() * k - t[0] - Real::ln_gamma(k + 1.0)
//!     }
//! }
//! let counts = Target::from_counts(&[14, 8, 5, 1, 6])?; // cats with 0…4 worms
//! let r = fit(&counts, &MyPoisson, Direction::Forward)?;
//! assert!((r.params().get("lambda").unwrap() - 45.0 / 34.0).abs() < 1e-8); // the mean
//! check_score(&MyPoisson, &[1.2], 3.0)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Solvers
//! [`Solver::Brent`] and [`Solver::GoldenSection`] for one bounded parameter,
//! [`Solver::Lbfgs`] (More–Thuente) and [`Solver::NelderMead`] for any
//! number (argmin, met in one adapter module). Each is followed by a Newton
//! polish on the analytic gradient, so that derivative-free solvers also
//! land within ~1e-12 of a closed-form optimum. [`FitOptions::multi_start`]
//! reports every distinct local minimum, sorted by KL.
//!
//! # Contents
//! | item | what it does |
//! |---|---|
//! | [`fit`], [`FitOptions`] | one fit → [`FitReport`] (params, KL both ways in nats and bits, termination, counts, AIC/BIC) |
//! | [`FitOptions::multi_start`] | every distinct local minimum → [`MultiStart`] |
//! | [`em`] | expectation–maximisation for [`MixtureOfNormals`] |
//! | [`compare`] | several families on the same data, ranked → [`Comparison`] (table and JSON) |
//! | [`GridSweep`] | N-D grid of forward and/or reverse KL, in parallel → [`Sweep`] (values as `ndarray` views, + [`Sweep::refine`]) |
//! | [`landscape`] | 2-D row-major surface with its grid minima → [`Landscape`] |
//! | [`profile`] | integer × continuous: sweep the integer, solve the rest → [`Profile`] |
//! | [`Objective`] | the objective and its analytic gradient at any θ |

// Every public item is documented.
#![deny(missing_docs)]
// Floats are compared with tolerances or with an explicit allow.
#![deny(clippy::float_cmp)]
// Unsafe code only where a function allows it and says why (sweep/fill.rs).
#![deny(unsafe_code)]

mod check;
mod compare;
mod em;
mod error;
mod family;
mod fitting;
mod gof;
mod inference;
mod interval;
mod objective;
mod report;
mod rng;
mod sample;
mod screen;
mod solver;
mod start;
mod sweep;
mod target;
pub mod tolerance;

pub use compare::{compare, Comparison};
pub use em::em;
pub use error::{Error, Mismatch, Result};
pub use family::{
    autodiff_score, check_gradient, check_score, start_in, Beta, Binomial, Categorical, Cauchy,
    Cdf, ExpectUnder, Exponential, Family, FisherInformation, Fixed, Gamma, Geometric, Gumbel,
    InverseGamma, Laplace, LogLogistic, LogNormal, Logistic, MixtureOfNormals, Model,
    NegativeBinomial, Normal, NormalMembers, Param, Pareto, Poisson, Real, Split, StudentT,
    SufficientStatistics, Support, Uniform, Weibull,
};
pub use fitting::{fit, FitOptions, MultiStart};
pub use gof::{
    goodness_of_fit, goodness_of_fit_bootstrap, BootstrapPValues, ChiSquaredTest, GoodnessOfFit,
};
pub use interval::{
    bootstrap_intervals, bootstrap_replicates, confidence_intervals, likelihood_ratio_cut,
    profile_likelihood, ConfidenceIntervals, IntervalMethod, LikelihoodProfile, Replicate,
};
pub use objective::{Direction, Objective};
pub use report::{FitReport, Params, Status};
pub use screen::{candidates, screen, screen_part, Screened, Screening};
pub use solver::{Solver, Termination};
pub use start::{DataSummary, Degeneracy, Start, DISTINCT_COUNT_CAP};
pub use sweep::{
    landscape, profile, Axis, Directions, GridPoint, GridSweep, Landscape, Profile, Sweep,
};
pub use target::{Expectation, LogDensity, SampleMoments, Target};

#[cfg(test)]
mod tests {
    /// Everything a rayon sweep or multi-start touches crosses threads.
    #[test]
    fn shared_types_are_send_sync() {
        fn assert_traits<T: Send + Sync>() {}
        assert_traits::<crate::Target>();
        assert_traits::<crate::Objective<'static>>();
        assert_traits::<&dyn crate::Family>();
        assert_traits::<crate::FitReport>();
        assert_traits::<crate::Sweep>();
        assert_traits::<crate::FitOptions>();
    }
}
