//! Figures for klfit: KL-versus-parameter curves, data-versus-model
//! overlays, densities, 2-D KL landscapes and asymmetry bar charts.
//!
//! Every function takes an output *stem* and writes `<stem>.svg` and
//! `<stem>.png` (default 1000×700 px, see [`Figure::with_size`]). Files are
//! rendered to a temporary file in the same directory and renamed into
//! place, so an earlier figure is never half-overwritten; the directory is
//! created if missing. Inputs are plain structs defined here ([`Series`],
//! [`NamedValues`], [`VLine`], [`Marker`], …), so the crate does not depend
//! on the fitting API.
//!
//! # Quick start
//! ```
//! use plot::{curves, Curves, Figure, Series};
//!
//! // KL(data‖Binomial(10, p)) for the space-worm data, in bits.
//! let data: Vec<f64> = [2., 2., 2., 7., 19., 21., 12., 12., 8., 8., 7.]
//!     .iter().map(|c| c / 100.0).collect();
//! let kl = |p: f64| -> f64 {
//!     let mut c = 1.0;
//!     (0..=10).map(|k| {
//!         if k > 0 { c = c * (11 - k) as f64 / k as f64; }
//!         let q = c * p.powi(k) * (1.0 - p).powi(10 - k);
//!         data[k as usize] * (data[k as usize] / q).log2()
//!     }).sum()
//! };
//! let ps: Vec<f64> = (1..100).map(|i| i as f64 / 100.0).collect();
//! let chart = Curves::new(vec![Series::from_fn("KL(data‖Binomial(10, p))", ps, kl)])
//!     .with_vline("moment estimate p = 0.570", 0.57);
//! let fig = Figure::new("KL versus p", "binomial p [–]", "KL(data‖model) [bits]");
//! let out = curves(std::env::temp_dir().join("klfit-plot-doc/quick"), &fig, &chart)?;
//! assert!(out.svg.exists() && out.png.exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Conventions
//! - **Labels carry units.** [`Figure`] takes the title and both axis
//!   labels; write the unit in brackets (`"KL [bits]"`, `"binomial p [–]"`).
//! - **Infinities are skipped, not errors.** KL is `+∞` where the model
//!   gives zero probability to observed data. Such points break lines and
//!   are ignored by axis ranges; grouped bars show them as `∞`; landscape
//!   cells are grey. NaN-only or empty inputs, mismatched lengths and
//!   non-finite coordinates are errors ([`Error`]); nothing panics on user
//!   input.
//! - **Decades.** [`Scale::Log`] for curve y axes and landscape colours.
//! - **Legends** appear when a chart has more than one entry, in the
//!   corner that covers the fewest data points.
//! - **Looks.** Okabe–Ito colours with alternating solid/dashed lines and
//!   distinct marker shapes (readable without colour), viridis for
//!   heatmaps, embedded DejaVu Sans (see `assets/DejaVu-LICENSE.txt`), so
//!   output does not depend on system fonts.
//!
//! # Contents
//! | function | figure |
//! |---|---|
//! | [`curves`] | KL (or cross-entropy) versus a parameter, with vertical and point markers |
//! | [`bars_with_models`] | observed histogram as bars, model pmfs as lines |
//! | [`densities`] | shaded target density with fitted densities |
//! | [`landscape`] | 2-D heatmap with colour bar, contours and minima |
//! | [`grouped_bars`] | KL(data‖model) next to KL(model‖data) per model |
//! | [`diagnostics`] | fitdistrplus's four panels for continuous fits: histogram and densities, CDFs, Q–Q, P–P ([`diagnostics_of`]) |
//!
//! For counts, [`frequencies_of`] gives observed against expected
//! frequencies per value, drawn by [`bars_with_models`].

// No unsafe code in this crate.
#![forbid(unsafe_code)]
// Every public item is documented: what it draws, errors, panics, example.
#![deny(missing_docs)]
// Floats are compared with tolerances or an explicit allow.
#![deny(clippy::float_cmp)]

mod bins;
mod chart;
mod check;
mod colormap;
mod contour;
mod draw;
mod error;
mod figure;
mod font;
mod from_fit;
mod marker;
mod output;
mod quantile;
mod scale;
mod series;
mod theme;

pub use chart::*;
pub use error::{Error, Result};
pub use figure::{Figure, Written, DEFAULT_SIZE, MAX_SIZE, MIN_SIZE};
pub use from_fit::{
    comparison_of, diagnostics_of, frequencies_of, landscape_of, profile_curve, sweep_curves,
};
pub use marker::{Marker, VLine};
pub use scale::Scale;
pub use series::{NamedValues, Series};
