//! The chart types, one per file.

mod comparison;
mod curves;
mod densities;
mod diagnostics;
mod grouped;
mod landscape;
mod lines;

pub use comparison::{bars_with_models, DiscreteComparison};
pub use curves::{curves, Curves};
pub use densities::{densities, Densities};
pub use diagnostics::{diagnostics, DiagnosticFit, Diagnostics, DIAGNOSTICS_SIZE};
pub use grouped::{grouped_bars, GroupedBars};
pub use landscape::{landscape, Contours, Landscape};
