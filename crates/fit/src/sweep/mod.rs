//! Grid sweeps of the objectives: 1-D curves, 2-D landscapes, N-D grids, and
//! integer × continuous profiles.

mod axis;
mod convolution;
mod fill;
mod grid;
mod landscape;
mod profile;
mod progress;

pub use axis::Axis;
pub use grid::{Directions, GridPoint, GridSweep, Sweep};
pub use landscape::{landscape, Landscape};
pub use profile::{profile, Profile};
