//! The library behind `klfit`, the command-line tool: its CSV reader, its
//! specification language and the sweep file format, with the subcommands
//! built on them. The `klfit` binary is a thin `main` over this crate; the
//! library exists so that the fuzz targets in `fuzz/` (and tests) can call
//! the parsers directly. It is the CLI's own code, not a stable API: use
//! the `klfit` facade crate from Rust programs.
//!
//! The three readers of untrusted input, each of which returns an error and
//! never panics:
//!
//! - [`data::parse`]: CSV text (a histogram or samples);
//! - [`spec::parse`] with [`distribution::from_spec`] (what `klfit kl`
//!   accepts) or [`model::parse`] (what `klfit fit` and `klfit sweep`
//!   accept);
//! - [`sweep_file::SweepFile`] read from JSON with `serde_json`, then
//!   checked by [`commands::merge::merge`] (what `klfit merge` does).
//!
//! # Example
//!
//! ```
//! use klfit_cli::data::{self, Dataset, ReadOptions};
//! use klfit_cli::{distribution, model, spec};
//!
//! let text = "value,count\n0,2\n1,5\n2,3\n";
//! let parsed = data::parse("counts.csv", text, ReadOptions::default())?;
//! let ds = Dataset { source: "counts.csv".into(), data: parsed.data };
//! assert_eq!(ds.describe(), "histogram of 10 counts on 0..2");
//!
//! let m = model::parse("binomial(n=2)", &ds)?;
//! assert_eq!(m.spec, "binomial(n=2)");
//!
//! let d = distribution::from_spec(&spec::parse("mixture(0.5*normal(0,1),0.5*normal(3,1))")?)?;
//! assert!(matches!(d, distribution::Dist::Continuous(_)));
//!
//! // Bad input is an error, never a panic.
//! assert!(spec::parse("normal(0,").is_err());
//! assert!(data::parse("bad.csv", "value,count\n1,-3\n", ReadOptions::default()).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// No unsafe code in this crate.
#![forbid(unsafe_code)]
// Every public item is documented, as in the library crates.
#![deny(missing_docs)]
// Floats are compared with tolerances or with an explicit allow.
#![deny(clippy::float_cmp)]

pub mod args;
pub mod bootstrap_file;
pub mod commands;
pub mod data;
pub mod distribution;
pub mod error;
pub mod grid;
pub mod model;
pub mod output;
pub mod screen_file;
pub mod spec;
pub mod sweep_file;

pub use error::{Error, Result};
