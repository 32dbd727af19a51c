//! The parallel evaluation of one objective over a slice of a grid: chunks
//! for rayon, runs along the last axis for the objective, and the argmin
//! found on the way.
//!
//! Every value is computed from its own grid point (the objective's values
//! along a run never depend on where the run was cut), and the argmin is
//! merged in grid order, so the result does not depend on the number of
//! threads. Only the output vector is allocated; it is written once, in
//! parallel. Reverse sweeps of a Normal over equally spaced means go to
//! [`super::convolution`] instead, which has the same guarantees.

use core::mem::MaybeUninit;

use rayon::prelude::*;

use super::convolution;
use super::progress::Progress;
use super::Axis;
use crate::objective::Objective;

/// Most grid points per parallel work item (and per progress tick).
const CHUNK: usize = 4096;
/// Most points per call of the objective along a run: a stack buffer that
/// stays in L1 while its argmin is taken and it is copied out.
const RUN: usize = 256;

/// The grid being swept.
pub(super) struct Grid<'a> {
    /// The axes, in order (the last varies fastest).
    pub(super) axes: &'a [Axis],
    /// The parameter each axis sets.
    pub(super) slots: &'a [usize],
    /// The length of each axis.
    pub(super) shape: &'a [usize],
    /// Every parameter, at the base point.
    pub(super) base: &'a [f64],
}

/// A value on the grid and its flat index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Best {
    /// Flat (row-major) index in the whole grid.
    pub(super) flat: usize,
    /// The objective there.
    pub(super) value: f64,
}

/// The objective at the grid points `offset .. offset + total` (flat,
/// row-major), in parallel: the values in grid order, and the first of the
/// smallest non-NaN values (IEEE total order). The one `unsafe` block of
/// this crate: the output is written once, straight into spare capacity
/// (no zeroing pass, whose page faults dominated large sweeps).
#[allow(unsafe_code)]
pub(super) fn fill(
    obj: &Objective<'_>,
    grid: &Grid<'_>,
    offset: usize,
    total: usize,
    progress: &Progress,
) -> (Vec<f64>, Option<Best>) {
    let range = offset..offset + total;
    if let Some(v) =
        convolution::reverse_normal(obj, grid.axes, grid.slots, grid.base, range, progress)
    {
        let best = minimum_of(&v, offset);
        return (v, best);
    }
    let chunk_len = (total / (8 * rayon::current_num_threads())).clamp(1, CHUNK);
    let mut out: Vec<f64> = Vec::with_capacity(total);
    let best = out.spare_capacity_mut()[..total]
        .par_chunks_mut(chunk_len)
        .enumerate()
        .map(|(c, chunk)| {
            let best = fill_chunk(obj, grid, offset + c * chunk_len, chunk);
            progress.tick_n(chunk.len() as u64);
            best
        })
        .reduce(|| None, first_minimum);
    // SAFETY: the chunks partition the first `total` slots of the spare
    // capacity and `fill_chunk` writes every slot of its chunk (it returns
    // only when `done == chunk.len()`); a panic unwinds before this line.
    unsafe { out.set_len(total) };
    (out, best)
}

/// Writes the objective at the flat indices `first ..` into `chunk`, run by
/// run along the last axis; returns the chunk's first minimum.
fn fill_chunk(
    obj: &Objective<'_>,
    grid: &Grid<'_>,
    first: usize,
    chunk: &mut [MaybeUninit<f64>],
) -> Option<Best> {
    let last = grid.axes.len() - 1;
    let (run_values, run_slot, run_n) =
        (grid.axes[last].values(), grid.slots[last], grid.shape[last]);
    let mut theta = grid.base.to_vec();
    // Odometer over the axes (last fastest): one division per axis per
    // chunk, not per point.
    let mut idx = vec![0; grid.shape.len()];
    let mut rest = first;
    for (i, n) in idx.iter_mut().zip(grid.shape).rev() {
        *i = rest % n;
        rest /= n;
    }
    for ((a, &slot), &i) in grid.axes.iter().zip(grid.slots).zip(&idx) {
        theta[slot] = a.values()[i];
    }
    let mut buf = [0.0; RUN];
    let mut best = None;
    let mut done = 0;
    while done < chunk.len() {
        let i0 = idx[last];
        let len = (run_n - i0).min(chunk.len() - done).min(RUN);
        let values = &mut buf[..len];
        obj.values_along(&mut theta, run_slot, &run_values[i0..i0 + len], values);
        chunk[done..done + len].write_copy_of_slice(values);
        best = first_minimum(best, minimum_of(values, first + done));
        done += len;
        idx[last] += len;
        if idx[last] == run_n {
            idx[last] = 0;
            // Carry into the outer axes (past the grid's end only when the
            // chunk is finished).
            for d in (0..last).rev() {
                idx[d] += 1;
                if idx[d] < grid.shape[d] {
                    theta[grid.slots[d]] = grid.axes[d].values()[idx[d]];
                    break;
                }
                idx[d] = 0;
                theta[grid.slots[d]] = grid.axes[d].values()[0];
            }
        }
    }
    best
}

/// `f64::total_cmp`'s order as a signed integer: the bits, with the
/// magnitude bits of negative numbers flipped.
#[inline]
fn total_order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

/// Lanes of the vectorisable minimum search.
const LANES: usize = 4;

/// The first smallest non-NaN entry of `v` in IEEE total order (so `−0`
/// precedes `+0`), with flat index `first` + its position.
fn minimum_of(v: &[f64], first: usize) -> Option<Best> {
    // A vectorisable pass with `<`: per lane, the first strictly smallest
    // value below +∞ (NaN never compares less).
    let mut lane_min = [f64::INFINITY; LANES];
    let mut lane_at = [usize::MAX; LANES];
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    for (c, x) in chunks.enumerate() {
        for l in 0..LANES {
            let less = x[l] < lane_min[l];
            lane_min[l] = if less { x[l] } else { lane_min[l] };
            lane_at[l] = if less { c * LANES + l } else { lane_at[l] };
        }
    }
    for (l, &x) in tail.iter().enumerate() {
        if x < lane_min[l] {
            (lane_min[l], lane_at[l]) = (x, v.len() - tail.len() + l);
        }
    }
    let mut at = usize::MAX;
    for l in 0..LANES {
        if lane_at[l] != usize::MAX
            && (at == usize::MAX
                || lane_min[l] < v[at]
                || (lane_min[l] <= v[at] && lane_at[l] < at))
        {
            at = lane_at[l];
        }
    }
    // `<` and the total order agree except on ±0 (equal for `<`), and
    // nothing is below +∞ when every entry is +∞ or NaN: there the exact
    // scalar pass decides.
    if at == usize::MAX || v[at] == 0.0 {
        return minimum_exact(v, first);
    }
    Some(Best {
        flat: first + at,
        value: v[at],
    })
}

/// [`minimum_of`] by the total-order key, one entry at a time.
fn minimum_exact(v: &[f64], first: usize) -> Option<Best> {
    // Every non-NaN key is below i64::MAX (+∞'s is 0x7ff0…0), so NaN, given
    // i64::MAX, is never taken.
    let (mut best_key, mut best_i) = (i64::MAX, None);
    for (i, &x) in v.iter().enumerate() {
        let k = if x.is_nan() {
            i64::MAX
        } else {
            total_order_key(x)
        };
        if k < best_key {
            (best_key, best_i) = (k, Some(i));
        }
    }
    best_i.map(|i| Best {
        flat: first + i,
        value: v[i],
    })
}

/// The better of two candidates, `a` preceding `b` in grid order: the
/// smaller in total order, `a` on ties. Associative, so rayon's in-order
/// reduction gives the serial answer whatever the split.
fn first_minimum(a: Option<Best>, b: Option<Best>) -> Option<Best> {
    match (a, b) {
        (Some(x), Some(y)) if y.value.total_cmp(&x.value).is_lt() => Some(y),
        (Some(x), _) => Some(x),
        (None, y) => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The serial definition: `min_by(total_cmp)` over the non-NaN values,
    /// which returns the first of equal minima.
    fn serial(v: &[f64]) -> Option<Best> {
        v.iter()
            .enumerate()
            .filter(|(_, x)| !x.is_nan())
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(flat, &value)| Best { flat, value })
    }

    fn bits(b: Option<Best>) -> Option<(usize, u64)> {
        b.map(|b| (b.flat, b.value.to_bits()))
    }

    #[test]
    fn the_minimum_is_the_serial_one_for_every_split() {
        let v = [
            f64::NAN,
            3.0,
            0.0,
            1.0,
            -0.0,
            f64::INFINITY,
            -0.0,
            f64::NAN,
            2.0,
            -0.0,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
            5.0,
        ];
        for n in 1..=v.len() {
            let want = serial(&v[..n]);
            assert_eq!(bits(minimum_of(&v[..n], 0)), bits(want), "n = {n}");
            assert_eq!(bits(minimum_exact(&v[..n], 0)), bits(want), "n = {n}");
            for cut in 0..=n {
                let split = first_minimum(minimum_of(&v[..cut], 0), minimum_of(&v[cut..n], cut));
                assert_eq!(bits(split), bits(want), "n = {n}, cut = {cut}");
            }
        }
        assert_eq!(minimum_of(&[f64::NAN, f64::NAN], 0), None);
        assert_eq!(
            bits(minimum_of(&[f64::INFINITY, f64::INFINITY], 7)),
            Some((7, f64::INFINITY.to_bits()))
        );
    }

    #[test]
    fn the_vectorised_search_finds_the_first_of_repeated_minima() {
        // Entries drawn (by a fixed LCG) from a set with repeats, NaN,
        // infinities and signed zeros, at every length and lane alignment.
        let pool = [
            f64::NAN,
            1.0,
            2.0,
            -3.0,
            -3.0,
            0.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
        ];
        let mut state = 12_345u64;
        for n in 0..48 {
            for _ in 0..40 {
                let v: Vec<f64> = (0..n)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        pool[(state >> 33) as usize % pool.len()]
                    })
                    .collect();
                assert_eq!(
                    bits(minimum_of(&v, 3)),
                    bits(serial(&v).map(|b| Best {
                        flat: b.flat + 3,
                        ..b
                    })),
                    "{v:?}"
                );
            }
        }
    }

    #[test]
    fn total_order_key_orders_as_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -5e-324,
            -0.0,
            0.0,
            5e-324,
            1.0,
            f64::MAX,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(total_order_key(w[0]) < total_order_key(w[1]), "{w:?}");
        }
    }
}
