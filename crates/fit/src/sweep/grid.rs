//! N-D grid sweeps of forward and reverse KL.

use divergence::Unit;
use rayon::prelude::*;

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
    /// KL(data‖model) in nats at each grid point.
    pub forward_nats: Vec<f64>,
    /// KL(model‖data) in nats at each grid point.
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
/// point in the forward direction). Parameters not named by an axis are
/// taken from `base` (default [`Family::start`]). A progress bar appears on a
/// terminal for sweeps longer than about a second.
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
        if a.values().iter().any(|&v| v < p.lower || v > p.upper) {
            return Err(Error::InvalidGrid {
                name: a.name().to_string(),
                reason: "values outside the parameter's bounds",
            });
        }
        slots.push(slot);
    }
    let forward = Objective::new(target, family, Direction::Forward)?;
    let reverse = Objective::new(target, family, Direction::Reverse).ok();
    let shape: Vec<usize> = axes.iter().map(Axis::len).collect();
    let total: usize = shape.iter().product();
    let point = |flat: usize| -> Vec<f64> {
        let mut theta = base.clone();
        let mut rest = flat;
        for (a, (&slot, &n)) in axes.iter().zip(slots.iter().zip(&shape)).rev() {
            theta[slot] = a.values()[rest % n];
            rest /= n;
        }
        theta
    };
    let progress = Progress::new(total as u64);
    let values: Vec<(f64, f64)> = (0..total)
        .into_par_iter()
        .map(|flat| {
            let theta = point(flat);
            let f = forward.value_unchecked(&theta);
            let r = reverse
                .as_ref()
                .map_or(f64::NAN, |o| o.value_unchecked(&theta));
            progress.tick();
            (f, r)
        })
        .collect();
    progress.finish();
    let (forward_nats, reverse_nats): (Vec<f64>, Vec<f64>) = values.into_iter().unzip();
    let names = || params.iter().map(|p| p.name.to_string());
    let best = |v: &[f64]| -> Option<GridPoint> {
        let (flat, &value) = v
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_nan())
            .min_by(|a, b| a.1.total_cmp(b.1))?;
        Some(grid_point(
            flat,
            value,
            &shape,
            Params::new(names(), &point(flat)),
        ))
    };
    Ok(Sweep {
        model: family.name(),
        axes: axes.to_vec(),
        base: Params::new(names(), &base),
        argmin_forward: best(&forward_nats),
        argmin_reverse: best(&reverse_nats),
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
