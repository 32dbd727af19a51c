//! Output vectors of the element-wise maps (gradients).
//!
//! A long output is written once, in parallel blocks, straight into the
//! vector's spare capacity (no zeroing pass). On Linux, outputs of 4 MiB or
//! more are advised onto transparent huge pages (`madvise(MADV_HUGEPAGE)`,
//! as NumPy does for its arrays): a fresh allocation then faults in 2 MiB at
//! a time instead of 4 KiB, which at 10⁷ elements is most of the cost of
//! the map. The advice is only advice: where the kernel refuses it nothing
//! changes.

use core::mem::MaybeUninit;

/// Outputs of at least this many bytes get the huge-page advice.
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// A vector of `n` elements, each written by `fill`, which is handed the
/// uninitialised storage.
///
/// # Safety
/// `fill` must write every one of the `n` elements it is handed (or
/// panic): the vector's length is set to `n` after it returns, and an
/// element it skipped would be read uninitialised.
pub(crate) unsafe fn filled(n: usize, fill: impl FnOnce(&mut [MaybeUninit<f64>])) -> Vec<f64> {
    let mut v = vec_with_capacity(n);
    let spare = &mut v.spare_capacity_mut()[..n];
    fill(spare);
    // SAFETY: `fill` wrote every one of the first `n` elements (the
    // caller's obligation above).
    unsafe { v.set_len(n) };
    v
}

/// An empty vector with room for `n` elements, for a long vector that is
/// about to be written once: on Linux, from 4 MiB on, its storage is
/// advised onto transparent huge pages (`madvise(MADV_HUGEPAGE)`, as NumPy
/// does for its arrays), so that the first writes fault in 2 MiB at a time
/// instead of 4 KiB. `fit` copies samples into one.
///
/// # Formula
/// ```text
/// len = 0,   capacity ≥ n,   huge-page advice iff 8n bytes ≥ 4 MiB (Linux)
/// ```
/// The advice is only advice: where the kernel refuses it nothing changes.
///
/// # Panics
/// As [`Vec::with_capacity`], when `8n` bytes overflow `isize`.
///
/// # Example
/// ```
/// let mut v = divergence::vec_with_capacity(1 << 20);
/// v.extend_from_slice(&[1.0, 2.0]);
/// assert_eq!(v, [1.0, 2.0]);
/// assert!(v.capacity() >= 1 << 20);
/// ```
///
/// # Reference
/// Linux `madvise(2)`, `MADV_HUGEPAGE`; NumPy's `hugepage` allocation
/// setting (`numpy/_core/src/multiarray/alloc.c`).
pub fn vec_with_capacity(n: usize) -> Vec<f64> {
    let mut v: Vec<f64> = Vec::with_capacity(n);
    advise_huge_pages(&mut v);
    v
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(v: &mut Vec<f64>) {
    const HUGE: usize = 2 << 20;
    let bytes = v.capacity() * core::mem::size_of::<f64>();
    if bytes < HUGE_PAGE_MIN_BYTES {
        return;
    }
    let start = v.as_mut_ptr() as usize;
    let (lo, hi) = (start.next_multiple_of(HUGE), (start + bytes) / HUGE * HUGE);
    if hi > lo {
        // SAFETY: [lo, hi) lies inside the vector's own allocation; the
        // advice changes no contents and its failure is harmless.
        unsafe { libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_: &mut Vec<f64>) {}
