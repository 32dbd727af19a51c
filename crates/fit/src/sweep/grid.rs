//! N-D grid sweeps of forward and reverse KL.

use divergence::Unit;

use super::fill::{fill, Best, Grid};
use super::progress::Progress;
use super::Axis;
use crate::error::{Error, Result};
use crate::family::{check_params, Family};
use crate::fitting::FitOptions;
use crate::objective::{Direction, Objective};
use crate::report::{FitReport, Params};
use crate::solver::Solver;
use crate::target::Target;

/// One grid point: its index per axis, its parameters and its value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GridPoint {
    /// Index along each axis.
    pub index: Vec<usize>,
    /// All parameters of the family at this point.
    pub params: Params,
    /// The objective in nats.
    pub value_nats: f64,
    /// The objective in bits.
    pub value_bits: f64,
}

/// Forward and reverse KL over a grid, in grid order (row-major: the last
/// axis varies fastest).
///
/// Values are `+∞` where the model misses data (forward) or puts mass where
/// the data have none (reverse), and `NaN` where a direction is unavailable
/// (reverse for samples). For samples "forward" is the cross-entropy (mean
/// negative log-likelihood).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sweep {
    /// The family's name.
    pub model: String,
    /// The swept axes, in order.
    pub axes: Vec<Axis>,
    /// Parameters held fixed (every parameter, at the base point).
    pub base: Params,
    /// Flat (row-major, last axis fastest) index of the first value: 0 for
    /// a whole sweep, the start of the slice for [`sweep_range`].
    pub offset: usize,
    /// KL(data‖model) in nats at each grid point (empty if not requested,
    /// see [`sweep_directions`]).
    pub forward_nats: Vec<f64>,
    /// KL(model‖data) in nats at each grid point (empty if not requested).
    pub reverse_nats: Vec<f64>,
    /// The grid point with the smallest forward KL (first on ties).
    pub argmin_forward: Option<GridPoint>,
    /// The grid point with the smallest reverse KL (first on ties).
    pub argmin_reverse: Option<GridPoint>,
}

/// Evaluates forward and reverse KL at every point of the grid spanned by
/// `axes`, in parallel (rayon), in grid order.
///
/// Each point is computed independently from the validated target, so the
/// result is bit-identical on 1 thread and on N threads; no grid × support
/// array is ever formed (families with sufficient statistics cost O(1) per
/// point in the forward direction, evaluated a run along the last axis at a
/// time by [`crate::SufficientStatistics::cross_entropy_along`]). Reverse KL of a
/// Normal family ([`crate::NormalMembers`]) against a continuous target,
/// over an axis of equally spaced means, is a convolution of one table of
/// the target's log-density per line of the grid (same acceptance as the
/// per-point rule, same guarantees); it agrees with [`Objective::value`] to
/// about 10⁻¹⁵. The argmins are found during the parallel pass. Parameters
/// not named by an axis are taken from `base` (default [`Family::start`]). A
/// progress bar appears on a terminal for sweeps longer than about a second.
///
/// # Formula
/// ```text
/// flat index = Σₐ iₐ · Πₑ₍ₑ>ₐ₎ nₑ      (last axis fastest)
/// ```
///
/// # Errors
/// [`Error::UnknownParameter`] for an axis that names no parameter,
/// [`Error::InvalidGrid`] for no axes, a repeated axis or values outside the
/// parameter's bounds; [`Error::ParameterCount`]/[`Error::InvalidParameter`]
/// for a bad `base`; [`Error::Unsupported`] when even the forward direction is.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{sweep, Axis, Binomial, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let s = sweep(&worms, &Binomial::new(10)?, &[Axis::linspace("p", 0.0, 1.0, 10_001)?], None)?;
/// let best = s.argmin_forward.unwrap();
/// assert!((best.params.get("p").unwrap() - 0.57).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sweep(
    target: &Target,
    family: &dyn Family,
    axes: &[Axis],
    base: Option<&[f64]>,
) -> Result<Sweep> {
    sweep_directions(target, family, axes, base, Directions::Both)
}

/// Which directions a sweep evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Directions {
    /// Forward KL(data‖model) only: O(1) per point for families with
    /// sufficient statistics.
    Forward,
    /// Reverse KL(model‖data) only.
    Reverse,
    /// Both (what [`sweep`] does).
    Both,
}

/// [`sweep`], evaluating only the requested `directions`; a direction not
/// requested has an empty value vector and no argmin.
///
/// # Errors
/// As [`sweep`]; [`Error::Unsupported`] when only reverse is requested and
/// it is unsupported for this target and family.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{sweep_directions, Axis, Binomial, Directions, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let grid = [Axis::linspace("p", 0.0, 1.0, 10_001)?];
/// let s = sweep_directions(&worms, &Binomial::new(10)?, &grid, None, Directions::Forward)?;
/// assert!((s.argmin_forward.unwrap().params.get("p").unwrap() - 0.57).abs() < 1e-12);
/// assert!(s.reverse_nats.is_empty() && s.argmin_reverse.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sweep_directions(
    target: &Target,
    family: &dyn Family,
    axes: &[Axis],
    base: Option<&[f64]>,
    directions: Directions,
) -> Result<Sweep> {
    let total = axes.iter().map(Axis::len).product();
    sweep_range(target, family, axes, base, directions, 0..total)
}

/// [`sweep_directions`] over one contiguous slice `range` of the grid's
/// flat indices (row-major, last axis fastest): the building block for
/// spreading a sweep too large for one machine over a job scheduler. The
/// slices of a partition, concatenated, equal the whole sweep bit for bit
/// (every point is evaluated from its own parameters); argmins are those
/// of the slice, with grid indices of the whole grid.
///
/// # Errors
/// As [`sweep_directions`], and [`Error::InvalidGrid`] for an empty range
/// or one that runs past the grid.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{sweep, sweep_range, Axis, Binomial, Directions, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let axes = [Axis::linspace("p", 0.0, 1.0, 101)?];
/// let whole = sweep(&worms, &Binomial::new(10)?, &axes, None)?;
/// let half = sweep_range(&worms, &Binomial::new(10)?, &axes, None, Directions::Both, 50..101)?;
/// assert_eq!(half.offset, 50);
/// assert_eq!(half.forward_nats[..], whole.forward_nats[50..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sweep_range(
    target: &Target,
    family: &dyn Family,
    axes: &[Axis],
    base: Option<&[f64]>,
    directions: Directions,
    range: core::ops::Range<usize>,
) -> Result<Sweep> {
    let params = family.params();
    let base = base.map_or_else(|| family.start(), <[f64]>::to_vec);
    check_params(family, &base)?;
    if axes.is_empty() {
        return Err(Error::InvalidGrid {
            name: String::new(),
            reason: "a sweep needs at least one axis",
        });
    }
    let mut slots = Vec::with_capacity(axes.len());
    for a in axes {
        let Some(slot) = params.iter().position(|p| p.name == a.name()) else {
            return Err(Error::UnknownParameter {
                family: family.name(),
                name: a.name().to_string(),
            });
        };
        if slots.contains(&slot) {
            return Err(Error::InvalidGrid {
                name: a.name().to_string(),
                reason: "the same parameter appears on two axes",
            });
        }
        let p = &params[slot];
        // An axis is strictly increasing: its ends bound it.
        let v = a.values();
        if v[0] < p.lower || v[v.len() - 1] > p.upper {
            return Err(Error::InvalidGrid {
                name: a.name().to_string(),
                reason: "values outside the parameter's bounds",
            });
        }
        slots.push(slot);
    }
    // Joint constraints (a categorical's probabilities summing to 1) are
    // checked at every corner of the grid: a point off the constraint has
    // no meaning, and its "KL" could be negative.
    for corner in 0..(1usize << axes.len().min(16)) {
        let mut t = base.clone();
        for (i, (a, &slot)) in axes.iter().zip(&slots).enumerate() {
            let v = a.values();
            t[slot] = if corner >> i & 1 == 0 {
                v[0]
            } else {
                v[v.len() - 1]
            };
        }
        if family.check(&t).is_err() {
            return Err(Error::InvalidGrid {
                name: axes[0].name().to_string(),
                reason: "the grid leaves the family's joint constraint on its parameters \
                         (e.g. categorical probabilities must sum to 1): sweep only values \
                         that keep it",
            });
        }
    }
    let (forward, reverse) = match directions {
        Directions::Forward => (
            Some(Objective::new(target, family, Direction::Forward)?),
            None,
        ),
        Directions::Reverse => (
            None,
            Some(Objective::new(target, family, Direction::Reverse)?),
        ),
        Directions::Both => (
            Some(Objective::new(target, family, Direction::Forward)?),
            Objective::new(target, family, Direction::Reverse).ok(),
        ),
    };
    let shape: Vec<usize> = axes.iter().map(Axis::len).collect();
    let grid_total: usize = shape.iter().product();
    if range.is_empty() || range.end > grid_total {
        return Err(Error::InvalidGrid {
            name: String::new(),
            reason: "the range of grid points is empty or runs past the grid",
        });
    }
    let (offset, total) = (range.start, range.len());
    let grid = Grid {
        axes,
        slots: &slots,
        shape: &shape,
        base: &base,
    };
    let passes = usize::from(forward.is_some()) + usize::from(reverse.is_some());
    let progress = Progress::new((total * passes) as u64);
    let (forward_nats, forward_best) = forward.as_ref().map_or((Vec::new(), None), |o| {
        fill(o, &grid, offset, total, &progress)
    });
    let (reverse_nats, reverse_best) = match (&reverse, directions) {
        (Some(o), _) => fill(o, &grid, offset, total, &progress),
        // Both requested, reverse unsupported: NaN ("unavailable") per point.
        (None, Directions::Both) => (vec![f64::NAN; total], None),
        (None, _) => (Vec::new(), None),
    };
    progress.finish();
    let names = || params.iter().map(|p| p.name.to_string());
    let grid_best = |b: Option<Best>| -> Option<GridPoint> {
        let b = b?;
        let mut theta = base.clone();
        let mut rest = b.flat;
        for (a, (&slot, &n)) in axes.iter().zip(slots.iter().zip(&shape)).rev() {
            theta[slot] = a.values()[rest % n];
            rest /= n;
        }
        Some(grid_point(
            b.flat,
            b.value,
            &shape,
            Params::new(names(), &theta),
        ))
    };
    Ok(Sweep {
        model: family.name(),
        axes: axes.to_vec(),
        base: Params::new(names(), &base),
        offset,
        argmin_forward: grid_best(forward_best),
        argmin_reverse: grid_best(reverse_best),
        forward_nats,
        reverse_nats,
    })
}

pub(crate) fn grid_point(flat: usize, value: f64, shape: &[usize], params: Params) -> GridPoint {
    let mut index = vec![0; shape.len()];
    let mut rest = flat;
    for (i, &n) in shape.iter().enumerate().rev() {
        index[i] = rest % n;
        rest /= n;
    }
    GridPoint {
        index,
        params,
        value_nats: value,
        value_bits: Unit::Bits.from_nats(value),
    }
}

impl Sweep {
    /// Number of grid points.
    pub fn len(&self) -> usize {
        self.forward_nats.len()
    }

    /// Whether the grid is empty (never, for a sweep that succeeded).
    pub fn is_empty(&self) -> bool {
        self.forward_nats.is_empty()
    }

    /// The values of `direction` (forward or reverse) converted to `unit`.
    pub fn values_in(&self, direction: Direction, unit: Unit) -> Vec<f64> {
        let v = match direction {
            Direction::Reverse => &self.reverse_nats,
            _ => &self.forward_nats,
        };
        v.iter().map(|&x| unit.from_nats(x)).collect()
    }

    /// Refines the best grid cell of `direction` with a solver: Brent on the
    /// neighbouring cells' bracket for a 1-D sweep of a 1-parameter family,
    /// L-BFGS from the best cell otherwise.
    ///
    /// # Errors
    /// As [`FitOptions::fit`]; [`Error::InvalidGrid`] if no cell is finite.
    pub fn refine(
        &self,
        target: &Target,
        family: &dyn Family,
        direction: Direction,
    ) -> Result<FitReport> {
        let best = match direction {
            Direction::Reverse => &self.argmin_reverse,
            _ => &self.argmin_forward,
        };
        let Some(best) = best.as_ref().filter(|b| b.value_nats.is_finite()) else {
            return Err(Error::InvalidGrid {
                name: self.model.clone(),
                reason: "no finite grid value to refine",
            });
        };
        let theta = best.params.values();
        let opts = FitOptions::new(direction).start(theta.clone());
        if theta.len() == 1 && self.axes.len() == 1 {
            let v = self.axes[0].values();
            let i = best.index[0];
            let lo = v[i.saturating_sub(1)];
            let hi = v[(i + 1).min(v.len() - 1)];
            if lo < hi {
                return opts
                    .solver(Solver::Brent)
                    .bracket(lo, hi)
                    .fit(target, family);
            }
        }
        opts.solver(Solver::Lbfgs).fit(target, family)
    }
}
