//! x
pub use divergence;
pub use fit;
pub use plot;
