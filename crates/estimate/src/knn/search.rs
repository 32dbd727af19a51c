//! Exact k-th nearest-neighbour distances: sorted arrays in one dimension, a
//! k-d tree (kiddo) in 2 to [`MAX_DIMENSION`] dimensions.
//!
//! Both sets are first multiplied by one power of two that brings the
//! largest |coordinate| into `[½, 1)`. That is exact (no rounding, unless a
//! coordinate becomes subnormal), leaves every ratio of distances unchanged
//! and keeps squared distances (at most `4d`) far from overflow, so data at
//! 1e300 or 1e-300 are searched like data at 1.

use std::num::NonZeroUsize;

use kiddo::{ImmutableKdTree, SquaredEuclidean};
use rayon::prelude::*;

use super::Ties;
use crate::error::{Arg, Error, Result};
use crate::samples::Samples;

/// Largest dimension of the k-d tree search (its const-generic dimensions
/// are compiled for 2 ..= this; 1-D data take the sorted path). k-d trees
/// lose their advantage over brute force well before this.
pub const MAX_DIMENSION: usize = 20;

/// Largest number of rows one k-d tree indexes (kiddo's `u32` items).
const MAX_ROWS: usize = u32::MAX as usize;

/// Per point of `P`, the logarithm of the k-th neighbour distance among the
/// other points of `P` (`ln ρ`) and, if `Q` is given, among the points of
/// `Q` (`ln ν`), both in the *scaled* units (see [`Distances::ln_scale`]).
#[derive(Debug, Clone)]
pub(crate) struct Distances {
    /// `ln ρₖ(i)`, one per point of `P` (in an order fixed by the data).
    pub(crate) ln_rho: Vec<f64>,
    /// `ln νₖ(i)`, in the same order, when `Q` was given.
    pub(crate) ln_nu: Option<Vec<f64>>,
    /// Add to a scaled log-distance to get it in the data's units.
    pub(crate) ln_scale: f64,
    /// Zero-distance neighbours skipped under [`Ties::SkipZeroDistances`].
    pub(crate) skipped: usize,
}

/// The power-of-two exponent `e` with `max_abs·2⁻ᵉ ∈ [½, 1)` (0 for 0).
fn exponent(max_abs: f64) -> i32 {
    if max_abs == 0.0 {
        return 0;
    }
    let biased = ((max_abs.to_bits() >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: log2 is exact enough to land within a factor 2, and
        // the scaling then only needs to be a power of two.
        return max_abs.log2().floor() as i32 + 1;
    }
    // max_abs = 1.f × 2^(biased − 1023) ∈ [2^(e−1), 2^e).
    biased - 1022
}

/// `x·2⁻ᵉ`, in at most two exact steps (2^±1074 is not one f64).
fn scale(x: f64, e: i32) -> f64 {
    let half = e / 2;
    x * 2f64.powi(-half) * 2f64.powi(-(e - half))
}

/// Checks the sizes and computes the distances.
pub(crate) fn distances(
    p: &Samples,
    q: Option<&Samples>,
    k: usize,
    ties: Ties,
) -> Result<Distances> {
    let d = p.dimension();
    if let Some(q) = q {
        if q.dimension() != d {
            return Err(Error::DimensionMismatch {
                p: d,
                q: q.dimension(),
            });
        }
    }
    if d > MAX_DIMENSION {
        return Err(Error::DimensionTooLarge {
            dimension: d,
            max: MAX_DIMENSION,
        });
    }
    if p.len() < k + 1 {
        return Err(Error::TooFewSamples {
            arg: Arg::P,
            rows: p.len(),
            k,
            needed: k + 1,
        });
    }
    if let Some(q) = q {
        if q.len() < k {
            return Err(Error::TooFewSamples {
                arg: Arg::Q,
                rows: q.len(),
                k,
                needed: k,
            });
        }
    }
    for s in std::iter::once(p).chain(q) {
        if s.len() > MAX_ROWS {
            return Err(Error::TooManySamples {
                rows: s.len(),
                max: MAX_ROWS,
            });
        }
    }
    let e = exponent(q.map_or(p.max_abs(), |q| p.max_abs().max(q.max_abs())));
    let scaled =
        |s: &Samples| -> Vec<f64> { s.as_row_major().iter().map(|&x| scale(x, e)).collect() };
    let sp = scaled(p);
    let sq = q.map(scaled);
    let ctx = Context { p, q, k, ties };
    let (ln_rho, ln_nu, skipped) = if d == 1 {
        sorted_1d(&ctx, &sp, sq.as_deref())?
    } else {
        dispatch(d, &ctx, &sp, sq.as_deref())?
    };
    Ok(Distances {
        ln_rho,
        ln_nu,
        ln_scale: f64::from(e) * std::f64::consts::LN_2,
        skipped,
    })
}

/// What every search needs besides the scaled coordinates.
struct Context<'a> {
    p: &'a Samples,
    q: Option<&'a Samples>,
    k: usize,
    ties: Ties,
}

impl Context<'_> {
    /// The error for a k-th distance of 0 from row `row` of `P` to row
    /// `other` of `arg`: equal rows are a tie, different rows an underflow.
    fn zero_distance(&self, row: usize, other: usize, arg: Arg) -> Error {
        let (set, k) = match arg {
            Arg::P => (self.p, self.k),
            Arg::Q => (self.q.unwrap_or(self.p), self.k),
        };
        if self.p.row(row) != set.row(other) {
            return Error::DynamicRange { row, other, arg };
        }
        let value = self.p.row(row)[0];
        match arg {
            Arg::P => Error::DuplicatePoint {
                row,
                other,
                value,
                k,
            },
            Arg::Q => Error::CoincidentPoint {
                p_row: row,
                q_row: other,
                value,
                k,
            },
        }
    }
}

/// One point's result: `ln ρ`, `ln ν` (NaN without `Q`), zeros skipped.
type PointResult = Result<(f64, f64, usize)>;

/// Gathers per-point results in order; the first error *by position* wins,
/// so the error reported does not depend on the thread count.
fn gather(results: Vec<PointResult>, with_q: bool) -> Result<(Vec<f64>, Option<Vec<f64>>, usize)> {
    let mut rho = Vec::with_capacity(results.len());
    let mut nu = Vec::with_capacity(if with_q { results.len() } else { 0 });
    let mut skipped = 0;
    for r in results {
        let (a, b, s) = r?;
        rho.push(a);
        if with_q {
            nu.push(b);
        }
        skipped += s;
    }
    Ok((rho, with_q.then_some(nu), skipped))
}

// ---------------------------------------------------------------- 1-D path

/// Values sorted ascending with their original rows (ties by row).
fn sorted_with_rows(v: &[f64]) -> (Vec<f64>, Vec<usize>) {
    // Pairs sort faster than indices into `v` (no indirection per compare).
    let mut pairs: Vec<(f64, usize)> = v.iter().copied().zip(0..).collect();
    pairs.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    pairs.into_iter().unzip()
}

/// The k-th smallest `|x − s[j]|` over `j` walking outwards from the gap
/// `(left, right)` of the sorted `s` (left = last index < gap, exclusive
/// of any excluded position), skipping zeros if asked. Returns the distance,
/// the sorted position it came from, and how many zeros were skipped;
/// `None` if `s` runs out first.
fn kth_outwards(
    s: &[f64],
    x: f64,
    mut left: Option<usize>,
    mut right: usize,
    k: usize,
    skip_zero: bool,
) -> Option<(f64, usize, usize)> {
    let (mut count, mut skipped) = (0, 0);
    loop {
        let dl = left.map(|l| x - s[l]);
        let dr = (right < s.len()).then(|| s[right] - x);
        let (dist, pos) = match (left, dl, dr) {
            (Some(l), Some(a), b) if b.is_none_or(|b| a <= b) => {
                left = l.checked_sub(1);
                (a, l)
            }
            (_, _, Some(b)) => {
                right += 1;
                (b, right - 1)
            }
            _ => return None,
        };
        if skip_zero && dist == 0.0 {
            skipped += 1;
            continue;
        }
        count += 1;
        if count == k {
            return Some((dist, pos, skipped));
        }
    }
}

fn sorted_1d(
    ctx: &Context<'_>,
    p: &[f64],
    q: Option<&[f64]>,
) -> Result<(Vec<f64>, Option<Vec<f64>>, usize)> {
    let (sp, rows_p) = sorted_with_rows(p);
    let sorted_q = q.map(sorted_with_rows);
    let skip = ctx.ties == Ties::SkipZeroDistances;
    let k = ctx.k;
    let results: Vec<PointResult> = (0..sp.len())
        .into_par_iter()
        .map(|j| {
            let x = sp[j];
            let row = rows_p[j];
            let (rho, at, s1) = kth_outwards(&sp, x, j.checked_sub(1), j + 1, k, skip).ok_or(
                Error::TooFewDistinct {
                    arg: Arg::P,
                    row,
                    k,
                },
            )?;
            if rho == 0.0 {
                return Err(ctx.zero_distance(row, rows_p[at], Arg::P));
            }
            let (ln_nu, s2) = match &sorted_q {
                None => (f64::NAN, 0),
                Some((sq, rows_q)) => {
                    let gap = sq.partition_point(|&v| v < x);
                    let (nu, at, s2) = kth_outwards(sq, x, gap.checked_sub(1), gap, k, skip)
                        .ok_or(Error::TooFewDistinct {
                            arg: Arg::Q,
                            row,
                            k,
                        })?;
                    if nu == 0.0 {
                        return Err(ctx.zero_distance(row, rows_q[at], Arg::Q));
                    }
                    (nu.ln(), s2)
                }
            };
            Ok((rho.ln(), ln_nu, s1 + s2))
        })
        .collect();
    gather(results, q.is_some())
}

// ------------------------------------------------------------ k-d tree path

/// Calls `tree_search::<D>` for the runtime dimension `d` (2 ..= 20).
fn dispatch(
    d: usize,
    ctx: &Context<'_>,
    p: &[f64],
    q: Option<&[f64]>,
) -> Result<(Vec<f64>, Option<Vec<f64>>, usize)> {
    macro_rules! by_dimension {
        ($($dim:literal)*) => {
            match d {
                $($dim => tree_search::<$dim>(ctx, p, q),)*
                _ => unreachable!("dimension {d} was checked against MAX_DIMENSION"),
            }
        };
    }
    by_dimension!(2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
}

type Tree<const D: usize> = ImmutableKdTree<f64, D>;

fn points<const D: usize>(flat: &[f64]) -> Vec<[f64; D]> {
    flat.chunks_exact(D)
        .map(|c| {
            let mut a = [0.0; D];
            a.copy_from_slice(c);
            a
        })
        .collect()
}

fn build<const D: usize>(pts: &[[f64; D]]) -> Result<Tree<D>> {
    Tree::<D>::new_from_slice(pts).map_err(|_| Error::TooManySamples {
        rows: pts.len(),
        max: MAX_ROWS,
    })
}

/// The k-th smallest squared distance from `x` to the points of `tree`,
/// not counting `exclude` zero distances (the query point itself), and
/// skipping further zeros if asked. Returns (squared distance, row it came
/// from, zeros skipped), or `None` if the tree has too few points.
fn kth_in_tree<const D: usize>(
    tree: &Tree<D>,
    size: usize,
    x: &[f64; D],
    k: usize,
    exclude: usize,
    skip_zero: bool,
) -> Option<(f64, usize, usize)> {
    if k == 1 && exclude == 0 && !skip_zero {
        // The common case of ν₁: one neighbour, no allocation.
        let r = tree
            .query(x)
            .nearest_one::<SquaredEuclidean<f64>>()
            .execute();
        return Some((r.distance, r.item as usize, 0));
    }
    let mut want = k + exclude;
    loop {
        let n = NonZeroUsize::new(want.min(size))?;
        let found = tree
            .query(x)
            .nearest_n::<SquaredEuclidean<f64>>(n)
            .execute();
        let zeros = found.iter().filter(|r| r.distance == 0.0).count();
        let skip = if skip_zero { zeros } else { exclude.min(zeros) };
        let need = k + skip;
        if need <= found.len() {
            let r = &found[need - 1];
            return Some((r.distance, r.item as usize, skip.saturating_sub(exclude)));
        }
        if want >= size {
            return None;
        }
        want = (need).max(2 * want);
    }
}

/// A point of the tree at distance 0 from `x` other than `row` itself
/// (for the error message; `fallback` if the search finds none).
fn other_zero<const D: usize>(tree: &Tree<D>, x: &[f64; D], row: usize, fallback: usize) -> usize {
    NonZeroUsize::new(2)
        .map(|n| {
            tree.query(x)
                .nearest_n::<SquaredEuclidean<f64>>(n)
                .execute()
        })
        .and_then(|f| f.iter().map(|r| r.item as usize).find(|&i| i != row))
        .unwrap_or(fallback)
}

fn tree_search<const D: usize>(
    ctx: &Context<'_>,
    p: &[f64],
    q: Option<&[f64]>,
) -> Result<(Vec<f64>, Option<Vec<f64>>, usize)> {
    let pts_p = points::<D>(p);
    let tree_p = build(&pts_p)?;
    let pts_q = q.map(points::<D>);
    let tree_q = pts_q.as_deref().map(build).transpose()?;
    let q_size = pts_q.as_ref().map_or(0, Vec::len);
    let skip = ctx.ties == Ties::SkipZeroDistances;
    let k = ctx.k;
    let results: Vec<PointResult> = pts_p
        .par_iter()
        .enumerate()
        .map(|(row, x)| {
            let (rho2, at, s1) =
                kth_in_tree(&tree_p, pts_p.len(), x, k, 1, skip).ok_or(Error::TooFewDistinct {
                    arg: Arg::P,
                    row,
                    k,
                })?;
            if rho2 == 0.0 {
                return Err(ctx.zero_distance(row, other_zero(&tree_p, x, row, at), Arg::P));
            }
            let (ln_nu, s2) = match &tree_q {
                None => (f64::NAN, 0),
                Some(tq) => {
                    let (nu2, at, s2) =
                        kth_in_tree(tq, q_size, x, k, 0, skip).ok_or(Error::TooFewDistinct {
                            arg: Arg::Q,
                            row,
                            k,
                        })?;
                    if nu2 == 0.0 {
                        return Err(ctx.zero_distance(row, at, Arg::Q));
                    }
                    (0.5 * nu2.ln(), s2)
                }
            };
            Ok((0.5 * rho2.ln(), ln_nu, s1 + s2))
        })
        .collect();
    gather(results, q.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_brings_the_maximum_into_half_one() {
        for m in [1e-310, 1e-300, 0.3, 0.5, 1.0, 3.0, 1e300, f64::MAX] {
            let s = scale(m, exponent(m));
            assert!((0.5..1.0).contains(&s), "{m} -> {s}");
        }
    }

    #[test]
    fn kth_outwards_walks_both_sides() {
        let s = [0.0, 1.0, 3.0, 3.5, 10.0];
        // From x = 3 (position 2, excluded): 0.5, 2, 3, 7.
        let walk = |k| kth_outwards(&s, 3.0, Some(1), 3, k, false).map(|r| r.0);
        assert_eq!(walk(1), Some(0.5));
        assert_eq!(walk(2), Some(2.0));
        assert_eq!(walk(3), Some(3.0));
        assert_eq!(walk(4), Some(7.0));
        assert_eq!(walk(5), None);
    }
}
