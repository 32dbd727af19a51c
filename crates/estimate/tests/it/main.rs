//! Integration tests of the estimate crate, one binary (as jiff does).

// Reference values are compared with explicit tolerances.
#![deny(clippy::float_cmp)]

mod brute_force;
mod degenerate;
mod histogram;
mod model;
mod support;
mod uncertainty;
mod validation;
