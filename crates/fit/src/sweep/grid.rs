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
    /// a whole sweep, the start of the slice for [`GridSweep::range`].
    pub offset: usize,
    /// KL(data‖model) in nats at each grid point (empty if not requested,
    /// see [`GridSweep::directions`]).
    pub forward_nats: Vec<f64>,
    /// KL(model‖data) in nats at each grid point (empty if not requested).
    pub reverse_nats: Vec<f64>,
    /// The grid point with the smallest forward KL (first on ties).
    pub argmin_forward: Option<GridPoint>,
    /// The grid point with the smallest reverse KL (first on ties).
    pub argmin_reverse: Option<GridPoint>,
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
    /// Both (the default).
    Both,
}

/// A grid sweep, built step by step: forward and/or reverse KL at every
/// point of the grid spanned by its axes, evaluated by [`GridSweep::run`] in
/// parallel (rayon), in grid order.
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
/// not named by an axis are taken from [`GridSweep::base`] (default [`Family::start`]). A
/// progress bar appears on a terminal for sweeps longer than about a second.
///
/// # Formula
/// ```text
/// flat index = Σₐ iₐ · Πₑ₍ₑ>ₐ₎ nₑ      (last axis fastest)
/// ```
///
/// A [`GridSweep::range`] evaluates one contiguous slice of the grid's flat
/// indices (row-major, last axis fastest): the building block for spreading
/// a sweep too large for one machine over a job scheduler. The slices of a
/// partition, concatenated, equal the whole sweep bit for bit (every point
/// is evaluated from its own parameters); argmins are those of the slice,
/// with grid indices of the whole grid. [`GridSweep::directions`] chooses
/// forward, reverse or both (the default); a direction not requested has
/// an empty value vector and no argmin.
///
/// # Errors
/// [`Error::UnknownParameter`] for an axis that names no parameter,
/// [`Error::InvalidGrid`] for no axes, a repeated axis or values outside the
/// parameter's bounds; [`Error::ParameterCount`]/[`Error::InvalidParameter`]
/// for a bad `base`; [`Error::Unsupported`] when a requested direction is
/// (with both requested, an unsupported reverse gives NaN per point);
/// [`Error::InvalidGrid`] for a grid whose size overflows `usize`, or a range
/// that is empty or runs past the grid.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{Axis, Binomial, Directions, GridSweep, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let b = Binomial::new(10)?;
/// let s = GridSweep::new(&worms, &b)
///     .axis(Axis::linspace("p", 0.0, 1.0, 10_001)?)
///     .directions(Directions::Forward)
///     .run()?;
/// let best = s.argmin_forward.as_ref().unwrap();
/// assert!((best.params.get("p").unwrap() - 0.57).abs() < 1e-12);
/// assert_eq!(s.len(), 10_001);
/// // One slice of the flat indices, for a job array: equal to the whole, bit for bit.
/// let half = GridSweep::new(&worms, &b)
///     .axis(Axis::linspace("p", 0.0, 1.0, 10_001)?)
///     .directions(Directions::Forward)
///     .range(5_000..10_001)
///     .run()?;
/// assert_eq!(half.forward_nats[..], s.forward_nats[5_000..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a GridSweep does nothing until .run()"]
pub struct GridSweep<'a> {
    target: &'a Target,
    family: &'a dyn Family,
    axes: Vec<Axis>,
    base: Option<Vec<f64>>,
    directions: Directions,
    range: Option<core::ops::Range<usize>>,
}

impl<'a> GridSweep<'a> {
    /// A sweep of `family` against `target`, with no axes yet, both
    /// directions, the whole grid, and the family's start as the base point.
    pub fn new(target: &'a Target, family: &'a dyn Family) -> Self {
        GridSweep {
            target,
            family,
            axes: Vec::new(),
            base: None,
            directions: Directions::Both,
            range: None,
        }
    }

    /// Adds an axis (the last one added varies fastest).
    pub fn axis(mut self, axis: Axis) -> Self {
        self.axes.push(axis);
        self
    }

    /// Adds several axes, in order.
    pub fn axes(mut self, axes: impl IntoIterator<Item = Axis>) -> Self {
        self.axes.extend(axes);
        self
    }

    /// The values of the parameters no axis sets (a full parameter vector;
    /// the entries of swept parameters are ignored). Default:
    /// [`Family::start`].
    pub fn base(mut self, base: &[f64]) -> Self {
        self.base = Some(base.to_vec());
        self
    }

    /// Which directions to evaluate (default [`Directions::Both`]).
    pub fn directions(mut self, directions: Directions) -> Self {
        self.directions = directions;
        self
    }

    /// Evaluates only the flat indices `range` of the grid.
    pub fn range(mut self, range: core::ops::Range<usize>) -> Self {
        self.range = Some(range);
        self
    }

    /// Runs the sweep in parallel.
    ///
    /// # Errors
    /// See [`GridSweep`].
    pub fn run(&self) -> Result<Sweep> {
        let (target, family, axes, directions) =
            (self.target, self.family, &self.axes[..], self.directions);
        let params = family.params();
        let base = self.base.clone().unwrap_or_else(|| family.start());
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
        let Some(grid_total) = shape.iter().try_fold(1usize, |t, &n| t.checked_mul(n)) else {
            return Err(Error::InvalidGrid {
                name: String::new(),
                reason: "the grid has more points than fit in memory addresses (usize overflows)",
            });
        };
        let range = self.range.clone().unwrap_or(0..grid_total);
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
    /// Number of grid points swept (whichever directions were requested).
    pub fn len(&self) -> usize {
        self.forward_nats.len().max(self.reverse_nats.len())
    }

    /// Whether no point was swept (never, for a sweep that succeeded).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of `direction` in nats, in grid order.
    ///
    /// # Errors
    /// [`Error::NotSwept`] for a direction this sweep did not compute
    /// (cross-entropy, or a direction left out by
    /// [`GridSweep::directions`]).
    pub fn values(&self, direction: Direction) -> Result<&[f64]> {
        let v: &[f64] = match direction {
            Direction::Forward => &self.forward_nats,
            Direction::Reverse => &self.reverse_nats,
            Direction::CrossEntropy => &[],
        };
        if v.is_empty() {
            return Err(Error::NotSwept {
                direction: direction.as_str(),
            });
        }
        Ok(v)
    }

    /// [`Sweep::values`] converted to `unit`.
    ///
    /// # Errors
    /// As [`Sweep::values`].
    pub fn values_in(&self, direction: Direction, unit: Unit) -> Result<Vec<f64>> {
        Ok(self
            .values(direction)?
            .iter()
            .map(|&x| unit.from_nats(x))
            .collect())
    }

    /// The values of `direction` as an n-dimensional array, one dimension
    /// per axis in order (its length along dimension `a` is `axes[a].len()`):
    /// a view of [`Sweep::values`], no copy.
    ///
    /// # Errors
    /// As [`Sweep::values`]; [`Error::InvalidGrid`] for a slice of the grid
    /// ([`GridSweep::range`]), which has no shape.
    ///
    /// # Example
    /// ```
    /// use fit::{Axis, Direction, GridSweep, Normal, Target};
    /// let data = Target::samples(&[0.1, 0.4, 1.3, 2.0])?;
    /// let s = GridSweep::new(&data, &Normal)
    ///     .axis(Axis::linspace("mu", -1.0, 2.0, 31)?)
    ///     .axis(Axis::linspace("sigma", 0.5, 2.0, 16)?)
    ///     .run()?;
    /// let a = s.array(Direction::Forward)?;
    /// assert_eq!(a.shape(), &[31, 16]);
    /// assert_eq!(a[[3, 5]], s.forward_nats[3 * 16 + 5]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn array(&self, direction: Direction) -> Result<ndarray::ArrayViewD<'_, f64>> {
        let v = self.values(direction)?;
        let shape: Vec<usize> = self.axes.iter().map(Axis::len).collect();
        ndarray::ArrayViewD::from_shape(ndarray::IxDyn(&shape), v).map_err(|_| Error::InvalidGrid {
            name: self.model.clone(),
            reason: "a slice of the grid (GridSweep::range) has no shape",
        })
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
