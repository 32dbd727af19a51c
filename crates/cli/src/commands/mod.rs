//! One file per subcommand.

pub mod fit;
pub mod kl;
pub mod merge;
pub mod sweep;
