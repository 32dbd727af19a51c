//! Named distributions: closed-form divergences, entropies and gradients
//! between statrs's distribution types, finite mixtures, and the traits the
//! numerical fallback ([`crate::quadrature`]) works through.

mod beta;
mod binomial;
mod categorical;
mod density;
mod dirichlet;
mod exponential;
mod gamma;
mod geometric;
mod gumbel;
mod laplace;
mod loader;
mod mixture;
mod multivariate_normal;
mod normal;
mod poisson;
mod special;
mod traits;
mod uniform;
mod weibull;

pub use density::{Density, Mass, Tails};
pub use mixture::Mixture;
pub use traits::{
    Entropy, KlDivergence, KlGradient, MultivariateNormalGradient, PairGradient, VectorGradient,
};
