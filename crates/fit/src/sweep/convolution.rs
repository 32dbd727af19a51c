//! Reverse KL of a Normal family over a grid whose means are equally spaced:
//! every line of the grid along the mean's axis is a discrete convolution of
//! one table of the target's log-density with a Gaussian kernel
//! (`divergence::quadrature::NormalKernel`), instead of a quadrature with its
//! own `exp`/`ln` evaluations per grid point.
//!
//! # Formula
//! ```text
//! μᵢ = μ₀ + i·Δ,   lattice xⱼ = μ₀ + j·Δ/K,   Lⱼ = ln p(xⱼ)
//! KL(N(μᵢ, σ²)‖p) = −½ ln(2πe) − ln σ − Σₘ wₘ L_{iK + m·s},   wₘ = (h/σ) φ(m·h/σ),  h = s·Δ/K
//! ```
//! A cell is accepted when the rules with steps `h` and `2h` agree to
//! `NORMAL_LATTICE_DEFAULT_ACCEPT·(1 + |E ln p|)`, the acceptance of the
//! per-point rule (`divergence::quadrature::NormalLattice`). Steps are
//! tried from `σ/2` down by factors of about 0.8; a line starts at the
//! largest step that the middle cell of the axis accepts, and a cell that
//! does not accept it tries the smaller steps, then lattices two and four
//! times as fine (local to the line), then the per-point objective. Every
//! choice depends only on the cell and its line (its `σ` and the whole axis
//! of means), never on which part of the grid is computed or on the number
//! of threads, so results are bit-identical however the sweep is split.

use core::ops::Range;
use std::collections::BTreeMap;

use divergence::quadrature::{NormalKernel, NORMAL_LATTICE_DEFAULT_ACCEPT, NORMAL_TRAPEZOID_Z_MAX};
use rayon::prelude::*;

use super::progress::Progress;
use super::Axis;
use crate::objective::{Direction, Objective, HALF_LN_2PI_E};
use crate::target::Repr;
use crate::tolerance::{CONVOLUTION_MAX_LATTICE, UNIFORM_AXIS_ULPS};

/// The first lattice of a line has a step at most `σ/(4·LATTICE_PER_SIGMA)`
/// (rounded down to a power of two before dividing by 4, so that lines
/// with similar `σ` share one lattice).
const LATTICE_PER_SIGMA: f64 = 32.0;
/// A line's kernel step is at least this many lattice steps at first, so
/// that the step can be matched to the target within about 25%.
const MIN_STRIDE: f64 = 4.0;
/// The kernel step starts at `σ·START_STEP` (the first level of the
/// per-point rule) and shrinks by this factor until accepted.
const START_STEP: f64 = 0.5;
/// Ratio of successive kernel steps tried on one lattice.
const SHRINK: f64 = 0.8;
/// Line-local lattices (2, 4, … times finer) tried before the per-point path.
const LOCAL_REFINEMENTS: usize = 2;

/// One line of the grid along the means' axis: the cells `i_lo ..= i_hi`
/// (indices along the axis) that lie in the requested range.
struct Line {
    /// Flat index of the line's cell `i = 0` (in the whole grid).
    flat0: usize,
    i_lo: usize,
    i_hi: usize,
    sigma: f64,
    /// Lattice refinement `K` (lattice step `Δ/K`), `None`: per-point path.
    k: Option<usize>,
}

/// `ln p(μ₀ + j·Δ/K)` for `j = lo ..`.
struct Lattice {
    lo: i64,
    values: Vec<f64>,
}

/// The geometry shared by all lines: first mean, spacing, axis length.
#[derive(Clone, Copy)]
struct Means {
    mu0: f64,
    delta: f64,
    n: usize,
}

/// Reverse KL at the grid points `range` (flat, row-major) by convolution,
/// when the objective is reverse KL of a Normal family against a continuous
/// target and one axis carries the Normal's mean with equally spaced values;
/// `None` otherwise (the caller evaluates point by point).
pub(crate) fn reverse_normal(
    obj: &Objective<'_>,
    axes: &[Axis],
    slots: &[usize],
    base: &[f64],
    range: Range<usize>,
    progress: &Progress,
) -> Option<Vec<f64>> {
    if obj.direction != Direction::Reverse
        || !matches!(obj.target.repr, Repr::Density(_) | Repr::LogDensity(_))
    {
        return None;
    }
    let (mu_slot, sigma_slot) = obj.family.as_normal()?.normal_slots();
    let a = slots.iter().position(|&s| s == mu_slot)?;
    let means = equally_spaced(axes[a].values())?;
    let shape: Vec<usize> = axes.iter().map(Axis::len).collect();
    let theta_at = |flat: usize| -> Vec<f64> {
        let mut theta = base.to_vec();
        let mut rest = flat;
        for ((axis, &slot), &n) in axes.iter().zip(slots).zip(&shape).rev() {
            theta[slot] = axis.values()[rest % n];
            rest /= n;
        }
        theta
    };
    let stride: usize = shape[a + 1..].iter().product();
    let block = means.n * stride;
    let mut lines = Vec::new();
    for outer in range.start / block..=(range.end - 1) / block {
        for inner in 0..stride {
            let flat0 = outer * block + inner;
            // Cells i with flat0 + i·stride in range.
            let i_lo = range.start.saturating_sub(flat0).div_ceil(stride);
            let Some(last) = (range.end - 1).checked_sub(flat0) else {
                continue;
            };
            let i_hi = (last / stride).min(means.n - 1);
            if i_lo > i_hi {
                continue;
            }
            let sigma = *theta_at(flat0).get(sigma_slot)?;
            lines.push(Line {
                flat0,
                i_lo,
                i_hi,
                sigma,
                k: first_refinement(sigma, means),
            });
        }
    }
    // One shared lattice per refinement K, covering every line that uses it.
    let mut spans: BTreeMap<usize, (i64, i64)> = BTreeMap::new();
    for line in &lines {
        if let Some(k) = line.k {
            let (lo, hi) = span(line.sigma, k, means);
            let e = spans.entry(k).or_insert((lo, hi));
            *e = (e.0.min(lo), e.1.max(hi));
        }
    }
    let lattices: BTreeMap<usize, Lattice> = spans
        .into_iter()
        .map(|(k, (lo, hi))| (k, lattice(obj, means, k, lo, hi)))
        .collect();
    let per_line: Vec<Vec<f64>> = lines
        .par_iter()
        .map(|line| {
            let v = line_values(obj, line, means, &lattices, |i| {
                obj.value_unchecked(&theta_at(line.flat0 + i * stride))
            });
            progress.tick_n(v.len() as u64);
            v
        })
        .collect();
    let mut out = vec![f64::NAN; range.len()];
    for (line, values) in lines.iter().zip(per_line) {
        for (i, v) in (line.i_lo..=line.i_hi).zip(values) {
            out[line.flat0 + i * stride - range.start] = v;
        }
    }
    Some(out)
}

/// `(μ₀, Δ, n)` when `values` are within [`UNIFORM_AXIS_ULPS`] of the
/// arithmetic progression through their ends (and at least two).
fn equally_spaced(values: &[f64]) -> Option<Means> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let (mu0, last) = (values[0], values[n - 1]);
    let delta = (last - mu0) / (n - 1) as f64;
    let tol = UNIFORM_AXIS_ULPS * f64::EPSILON * mu0.abs().max(last.abs());
    let uniform = values
        .iter()
        .enumerate()
        .all(|(i, &v)| (v - (mu0 + i as f64 * delta)).abs() <= tol);
    (uniform && delta != 0.0).then_some(Means { mu0, delta, n })
}

/// The first lattice refinement of a line with this `σ`; `None` when the
/// lattice would exceed [`CONVOLUTION_MAX_LATTICE`] points.
fn first_refinement(sigma: f64, means: Means) -> Option<usize> {
    let step = 2f64.powi((sigma / LATTICE_PER_SIGMA).log2().floor() as i32) / MIN_STRIDE;
    let k = (means.delta.abs() / step).ceil();
    let points = means.n as f64 * k + 2.0 * reach(sigma, means.delta.abs() / k);
    (k.is_finite() && k >= 1.0 && points <= CONVOLUTION_MAX_LATTICE as f64).then_some(k as usize)
}

/// Lattice steps from a cell to the edge of its kernel, `⌊9σ/step⌋`.
fn reach(sigma: f64, step: f64) -> f64 {
    (NORMAL_TRAPEZOID_Z_MAX * sigma / step).floor()
}

/// The lattice indices a line with this `σ` needs at refinement `k`: every
/// cell of the axis (its middle cell sets the stride) with the kernel's
/// reach.
fn span(sigma: f64, k: usize, means: Means) -> (i64, i64) {
    let r = reach(sigma, means.delta.abs() / k as f64) as i64;
    (-r, (means.n - 1) as i64 * k as i64 + r)
}

/// `ln p(μ₀ + j·Δ/k)` for `j = lo ..= hi`, in parallel.
fn lattice(obj: &Objective<'_>, means: Means, k: usize, lo: i64, hi: i64) -> Lattice {
    let step = means.delta / k as f64;
    let mut values = vec![0.0; (hi - lo + 1) as usize];
    values
        .par_chunks_mut(4096)
        .enumerate()
        .for_each(|(c, chunk)| {
            for (t, v) in chunk.iter_mut().enumerate() {
                let j = lo + (c * 4096 + t) as i64;
                *v = obj.target.ln_density_at(means.mu0 + j as f64 * step);
            }
        });
    Lattice { lo, values }
}

/// What the nested rules say at one cell.
#[derive(Clone, Copy)]
enum Outcome {
    /// They agree: `E ln p`.
    Accepted(f64),
    /// They disagree: try a smaller step.
    Refine,
    /// Not finite (the target's log-density is not finite in the window):
    /// no step will do; evaluate the point.
    Point,
}

/// The outcome of `(T_h, T_2h)` under the per-point acceptance.
fn judge((fine, coarse): (f64, f64)) -> Outcome {
    if !(fine.is_finite() && coarse.is_finite()) {
        Outcome::Point
    } else if (fine - coarse).abs() <= NORMAL_LATTICE_DEFAULT_ACCEPT * (1.0 + fine.abs()) {
        Outcome::Accepted(fine)
    } else {
        Outcome::Refine
    }
}

/// The outcome at lattice index `c` by `kernel` at stride `s`, gathering
/// the window.
fn gathered(
    lattice: &Lattice,
    kernel: &NormalKernel,
    s: usize,
    c: i64,
    window: &mut Vec<f64>,
) -> Outcome {
    let start = c - (kernel.half_width() * s) as i64 - lattice.lo;
    if start < 0 || start as usize >= lattice.values.len() {
        return Outcome::Point;
    }
    window.clear();
    window.extend(
        lattice.values[start as usize..]
            .iter()
            .step_by(s)
            .take(kernel.len()),
    );
    if window.len() != kernel.len() {
        return Outcome::Point;
    }
    judge(kernel.apply(window))
}

/// The strides tried on a lattice, from the one matching `σ/2` down to 1,
/// by factors of about [`SHRINK`].
fn strides(sigma: f64, lattice_step: f64) -> impl Iterator<Item = usize> {
    let first = ((START_STEP * sigma / lattice_step).floor() as usize).max(1);
    core::iter::successors(Some(first), |&s| {
        (s > 1).then(|| ((s as f64 * SHRINK).floor() as usize).clamp(1, s - 1))
    })
}

/// The values of one line's cells `i_lo ..= i_hi`; `point(i)` is the
/// per-point objective at cell `i` (the fallback).
///
/// On each lattice (the shared one, then line-local ones twice and four
/// times as fine): the axis's middle cell fixes the first stride; every
/// cell not yet done tries it and the smaller strides in turn.
fn line_values(
    obj: &Objective<'_>,
    line: &Line,
    means: Means,
    lattices: &BTreeMap<usize, Lattice>,
    point: impl Fn(usize) -> f64,
) -> Vec<f64> {
    let sigma = line.sigma;
    let neg_h = -(HALF_LN_2PI_E + sigma.ln());
    // None: pending; Some(None): per point; Some(Some(v)): done.
    let mut cells: Vec<Option<Option<f64>>> = vec![None; line.i_hi - line.i_lo + 1];
    let mut window = Vec::new();
    let mut local;
    'lattices: for refinement in 0..=LOCAL_REFINEMENTS {
        let Some(k) = line.k.map(|k| k << refinement) else {
            break;
        };
        let (lo, hi) = span(line.sigma, k, means);
        let lattice = if refinement == 0 {
            match lattices.get(&k) {
                Some(l) => l,
                None => break,
            }
        } else {
            if (hi - lo) as usize > CONVOLUTION_MAX_LATTICE {
                break;
            }
            local = lattice(obj, means, k, lo, hi);
            &local
        };
        let step = means.delta / k as f64;
        let ladder: Vec<usize> = strides(sigma, step).collect();
        // The first stride: the largest that the axis's middle cell accepts.
        let mid = (means.n / 2 * k) as i64;
        let mut first = None;
        for (p, &s) in ladder.iter().enumerate() {
            let Ok(kernel) = NormalKernel::new(sigma, s as f64 * step) else {
                continue;
            };
            match gathered(lattice, &kernel, s, mid, &mut window) {
                Outcome::Accepted(_) => {
                    first = Some(p);
                    break;
                }
                Outcome::Refine => {}
                Outcome::Point => break 'lattices,
            }
        }
        let Some(first) = first else { continue };
        for &s in &ladder[first..] {
            let pending = cells.iter().filter(|c| c.is_none()).count();
            if pending == 0 {
                break 'lattices;
            }
            let Ok(kernel) = NormalKernel::new(sigma, s as f64 * step) else {
                continue;
            };
            // Contiguous windows pay when many cells use this stride.
            let phases = (pending * kernel.len() >= (hi - lo) as usize)
                .then(|| Phases::new(lattice, s, lo, hi));
            for (cell, i) in cells.iter_mut().zip(line.i_lo..) {
                if cell.is_some() {
                    continue;
                }
                let c = (i * k) as i64;
                let outcome = match phases.as_ref().map(|p| p.window(c, &kernel)) {
                    Some(Some(w)) => judge(kernel.apply(w)),
                    Some(None) => Outcome::Point,
                    None => gathered(lattice, &kernel, s, c, &mut window),
                };
                *cell = match outcome {
                    Outcome::Accepted(e) => Some(Some(neg_h - e)),
                    Outcome::Refine => None,
                    Outcome::Point => Some(None),
                };
            }
        }
    }
    cells
        .into_iter()
        .zip(line.i_lo..)
        .map(|(c, i)| c.flatten().unwrap_or_else(|| point(i)))
        .collect()
}

/// The lattice indices `lo ..= hi` de-interleaved by a stride `s`, so that
/// the nodes of one kernel window are contiguous.
struct Phases {
    /// Lattice index of the first node.
    lo: i64,
    s: usize,
    /// `data[offset[r] + t]` is the node `lo + r + t·s`.
    data: Vec<f64>,
    offset: Vec<usize>,
}

impl Phases {
    fn new(lattice: &Lattice, s: usize, lo: i64, hi: i64) -> Phases {
        let lo = lo.max(lattice.lo);
        let from = (lo - lattice.lo) as usize;
        let to = ((hi - lattice.lo + 1).max(0) as usize).min(lattice.values.len());
        let part = &lattice.values[from..to.max(from)];
        let mut data = Vec::with_capacity(part.len());
        let mut offset = Vec::with_capacity(s);
        for r in 0..s.min(part.len()) {
            offset.push(data.len());
            data.extend(part[r..].iter().step_by(s));
        }
        Phases {
            lo,
            s,
            data,
            offset,
        }
    }

    /// The kernel window centred on lattice index `c`, if inside.
    fn window(&self, c: i64, kernel: &NormalKernel) -> Option<&[f64]> {
        let start = c - (kernel.half_width() * self.s) as i64 - self.lo;
        if start < 0 {
            return None;
        }
        let (r, t) = (start as usize % self.s, start as usize / self.s);
        let begin = *self.offset.get(r)? + t;
        let end = self.offset.get(r + 1).copied().unwrap_or(self.data.len());
        (begin + kernel.len() <= end).then(|| &self.data[begin..begin + kernel.len()])
    }
}
