//! Measures between probability vectors over the same finite support.

pub(crate) mod distances;
pub(crate) mod entropy;
pub(crate) mod jeffreys;
pub(crate) mod jensen_shannon;
pub(crate) mod kernel;
pub(crate) mod kl;
pub(crate) mod lanes;
pub(crate) mod measure;
pub(crate) mod pointwise;
pub(crate) mod renyi;

pub use distances::{chi_squared, hellinger, total_variation};
pub use entropy::{cross_entropy, entropy};
pub use jeffreys::jeffreys;
pub use jensen_shannon::{jensen_shannon, jensen_shannon_distance};
pub use kl::{kl, reverse_kl};
pub use measure::Measure;
pub use renyi::renyi;
