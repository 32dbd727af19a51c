//! Long passes over vectors: fixed blocks, spread over threads, results in
//! block order.
//!
//! The block boundaries depend only on the length, and callers merge the
//! per-block results in order, so a result is bit-identical whatever the
//! number of threads (1 included). Threads are plain scoped `std` threads
//! (no thread pool is kept): they are started only for vectors of at least
//! [`PARALLEL_MIN_LEN`] elements, where starting them costs well under 5 %
//! of the work.

use std::ops::Range;
use std::sync::OnceLock;

/// Elements per block: 2¹³ (64 KiB per `f64` array). Threads take whole
/// blocks, so small blocks balance them: at 10⁶ elements the shares differ
/// by under 1 % (2¹⁵ left one thread 5 % more work).
pub(crate) const BLOCK: usize = 1 << 13;

/// Vectors shorter than this (2¹⁸) are done on the calling thread.
pub(crate) const PARALLEL_MIN_LEN: usize = 1 << 18;

/// Threads a long pass may use: `KLFIT_NUM_THREADS`, else
/// `RAYON_NUM_THREADS` (so one setting governs every thread klfit starts),
/// else the number of CPUs this process may run on. Read once.
pub(crate) fn max_threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        ["KLFIT_NUM_THREADS", "RAYON_NUM_THREADS"]
            .iter()
            .find_map(|var| {
                std::env::var(var)
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|&n| n > 0)
            })
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// `f` applied to every block of `0..n`, results in block order.
///
/// A thread that cannot be started leaves its blocks to the calling thread.
pub(crate) fn map_blocks<T: Send>(n: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    map_blocks_into::<(), T>(n, &mut [], |r, _| f(r))
}

/// `f(block, out[block])` for every block of `0..out.len()`, results in
/// block order: each block writes its own part of `out`.
pub(crate) fn map_blocks_mut<E: Send, T: Send>(
    out: &mut [E],
    f: impl Fn(Range<usize>, &mut [E]) -> T + Sync,
) -> Vec<T> {
    map_blocks_into(out.len(), out, f)
}

/// The blocks of `0..n` over the workers; `out` is empty or `n` long (its
/// part of each block is handed to `f`).
fn map_blocks_into<E: Send, T: Send>(
    n: usize,
    out: &mut [E],
    f: impl Fn(Range<usize>, &mut [E]) -> T + Sync,
) -> Vec<T> {
    let blocks: Vec<Range<usize>> = (0..n.div_ceil(BLOCK).max(1))
        .map(|b| b * BLOCK..((b + 1) * BLOCK).min(n))
        .collect();
    let workers = if n >= PARALLEL_MIN_LEN {
        max_threads().min(blocks.len())
    } else {
        1
    };
    let has_out = !out.is_empty();
    // `mine` are consecutive blocks; `part` is their stretch of `out` (or
    // empty), starting at `mine[0].start`.
    let run = |mine: &[Range<usize>], part: &mut [E]| -> Vec<T> {
        let first = mine.first().map_or(0, |r| r.start);
        mine.iter()
            .map(|r| {
                let local = if has_out {
                    &mut part[r.start - first..r.end - first]
                } else {
                    &mut []
                };
                f(r.clone(), local)
            })
            .collect()
    };
    if workers <= 1 {
        return run(&blocks, out);
    }
    let shares: Vec<&[Range<usize>]> = blocks.chunks(blocks.len().div_ceil(workers)).collect();
    let mut results: Vec<Option<Vec<T>>> = std::thread::scope(|scope| {
        // Split `out` along the shares.
        let mut rest = &mut *out;
        let mut parts = Vec::with_capacity(shares.len());
        for mine in &shares {
            let len = if has_out {
                mine.last().map_or(0, |r| r.end) - mine.first().map_or(0, |r| r.start)
            } else {
                0
            };
            let (part, tail) = core::mem::take(&mut rest).split_at_mut(len);
            parts.push(part);
            rest = tail;
        }
        let mut parts = parts.into_iter();
        let first_part = parts.next().unwrap_or_default();
        let started: Vec<_> = shares[1..]
            .iter()
            .zip(parts)
            .map(|(&mine, part)| {
                std::thread::Builder::new().spawn_scoped(scope, move || run(mine, part))
            })
            .collect();
        let mut results = vec![Some(run(shares[0], first_part))];
        for handle in started {
            results.push(match handle {
                Ok(h) => match h.join() {
                    Ok(part) => Some(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                // Not started: its part of `out` went with the closure;
                // redone below, once the borrows have ended.
                Err(_) => None,
            });
        }
        results
    });
    for (slot, mine) in results.iter_mut().zip(&shares) {
        if slot.is_none() {
            let (start, end) = (
                mine.first().map_or(0, |r| r.start),
                mine.last().map_or(0, |r| r.end),
            );
            let part = if has_out {
                &mut out[start..end]
            } else {
                &mut []
            };
            *slot = Some(run(mine, part));
        }
    }
    results.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_range_in_order() {
        for n in [
            0,
            1,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            PARALLEL_MIN_LEN + 3 * BLOCK + 7,
        ] {
            let ranges = map_blocks(n, |r| r);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(n));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
            assert!(ranges.iter().all(|r| r.len() <= BLOCK));
        }
    }

    #[test]
    fn blocks_write_their_own_part_of_the_output() {
        let n = PARALLEL_MIN_LEN + 3 * BLOCK + 7;
        let mut out = vec![0.0; n];
        let lens = map_blocks_mut(&mut out, |r, part| {
            for (o, i) in part.iter_mut().zip(r.clone()) {
                *o = i as f64;
            }
            part.len()
        });
        assert_eq!(lens.iter().sum::<usize>(), n);
        assert!(out.iter().enumerate().all(|(i, &x)| x == i as f64));
    }
}
