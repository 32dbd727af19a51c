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
    let blocks: Vec<Range<usize>> = (0..n.div_ceil(BLOCK).max(1))
        .map(|b| b * BLOCK..((b + 1) * BLOCK).min(n))
        .collect();
    let workers = if n >= PARALLEL_MIN_LEN {
        max_threads().min(blocks.len())
    } else {
        1
    };
    if workers <= 1 {
        return blocks.into_iter().map(f).collect();
    }
    let per_worker = blocks.len().div_ceil(workers);
    let run = |mine: &[Range<usize>]| mine.iter().cloned().map(&f).collect::<Vec<T>>();
    std::thread::scope(|scope| {
        let mut shares = blocks.chunks(per_worker);
        let first = shares.next().unwrap_or_default();
        let started: Vec<_> = shares
            .map(|mine| {
                let handle = std::thread::Builder::new().spawn_scoped(scope, move || run(mine));
                (mine, handle)
            })
            .collect();
        let mut out = run(first);
        for (mine, handle) in started {
            match handle {
                Ok(h) => match h.join() {
                    Ok(part) => out.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(_) => out.extend(run(mine)),
            }
        }
        out
    })
}

#[cfg(test)]
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
}
