//! One file per subcommand.

pub mod fit;
pub mod kl;
pub mod kl_samples;
pub mod merge;
pub mod sweep;
