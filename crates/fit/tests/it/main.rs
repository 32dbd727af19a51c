//! Integration tests of the fit crate (one binary, as jiff does).

// Reference values are quoted with the digits mpmath printed, beyond f64.
#![allow(clippy::excessive_precision)]

mod continuous;
mod degenerate;
mod errors;
mod families;
mod family_api;
mod gradients;
mod inference;
mod more_families;
mod real_data;
mod reverse;
mod sweeps;
mod worms;

/// The worm data from issue #4: number of worms with 0, 1, …, 10 teeth.
pub const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

/// Agreement required between a solver and a closed-form optimum (issue #4).
pub const CLOSED_FORM_TOL: f64 = 1e-9;

/// Agreement required with a value quoted to 3 decimals in the issue.
pub const QUOTED_3DP_TOL: f64 = 5e-4;

/// Agreement with a 30-digit mpmath reference (tools/reference/fit_worms.py).
pub const MPMATH_TOL: f64 = 1e-12;
