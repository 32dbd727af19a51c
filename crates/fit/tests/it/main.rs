//! Integration tests of the fit crate (one binary, as jiff does).

// Reference values are quoted with the digits mpmath printed, beyond f64.
#![allow(clippy::excessive_precision)]

mod continuous;
mod degenerate;
mod errors;
mod families;
mod family_api;
mod gof_bootstrap;
mod gradients;
mod inference;
mod more_families;
mod profile;
mod real_data;
mod reverse;
mod sweeps;
mod weights;
mod worms;

/// The worm data from issue #4: number of worms with 0, 1, …, 10 teeth.
pub const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

/// Agreement required between a solver and a closed-form optimum (issue #4).
pub const CLOSED_FORM_TOL: f64 = 1e-9;

/// Agreement required with a value quoted to 3 decimals in the issue.
pub const QUOTED_3DP_TOL: f64 = 5e-4;

/// Agreement with a 30-digit mpmath reference (tools/reference/fit_worms.py).
pub const MPMATH_TOL: f64 = 1e-12;

/// The folder of the public data sets and their reference values.
pub fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A one-column CSV of tests/data (`#` comments, a header, one number per
/// line).
pub fn column(file: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(data_dir().join(file)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.trim().parse::<f64>().unwrap())
        .collect()
}

/// Whole-number samples as a histogram of counts on `0..=max`.
pub fn counts(xs: &[f64]) -> fit::Target {
    let max = xs.iter().copied().fold(0.0, f64::max) as usize;
    let mut c = vec![0u64; max + 1];
    xs.iter().for_each(|&x| c[x as usize] += 1);
    fit::Target::from_counts(&c).unwrap()
}

/// Runs `f` on a rayon pool of `threads` threads (results must not depend
/// on the count).
pub fn run_on<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}
