//! k-nearest-neighbour estimators: KL divergence between two sample sets
//! ([`kl_knn`]) and differential entropy of one ([`entropy_knn`]).

mod entropy;
mod kl;
mod options;
mod resample;
mod search;

pub use entropy::entropy_knn;
pub use kl::{kl_knn, kl_knn_arrays};
pub use options::{KnnEstimate, KnnOptions, Ties, Uncertainty, DEFAULT_HALF_SAMPLES};
pub use search::MAX_DIMENSION;

pub(crate) use entropy::entropy_point;
pub(crate) use resample::standard_error;
pub(crate) use search::distances;
