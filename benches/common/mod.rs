//! Shared by the criterion benches: hands each bench's answer to
//! `benches/peers/run_all.py`, which compares it with the peers' answers.

use std::io::Write;
use std::sync::Once;

/// The first [`record`] of a bench process also records the SIMD level its
/// kernels ran at.
static LEVEL_RECORDED: Once = Once::new();

/// Appends `id<TAB>key<TAB>value` to the file named by `KLFIT_BENCH_ANSWERS`,
/// if that variable is set; otherwise does nothing. Called once per bench,
/// outside the timed loop. Values are printed shortest-round-trip. The
/// first call of a process writes `simd<TAB>level<TAB><level>` before it,
/// the [`divergence::simd::Level`] the kernels of this process ran at
/// (`Level::detect()`), for the table's header.
pub fn record(id: &str, key: &str, value: f64) {
    let Some(path) = std::env::var_os("KLFIT_BENCH_ANSWERS") else {
        return;
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("KLFIT_BENCH_ANSWERS is writable");
    LEVEL_RECORDED.call_once(|| {
        let level = divergence::simd::Level::detect();
        writeln!(f, "simd\tlevel\t{level:?}").expect("KLFIT_BENCH_ANSWERS is writable");
    });
    writeln!(f, "{id}\t{key}\t{value:?}").expect("KLFIT_BENCH_ANSWERS is writable");
}
