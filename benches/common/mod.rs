//! Shared by the criterion benches: hands each bench's answer to
//! `benches/peers/run_all.py`, which compares it with the peers' answers.

use std::io::Write;

/// Appends `id<TAB>key<TAB>value` to the file named by `KLFIT_BENCH_ANSWERS`,
/// if that variable is set; otherwise does nothing. Called once per bench,
/// outside the timed loop. Values are printed shortest-round-trip.
pub fn record(id: &str, key: &str, value: f64) {
    let Some(path) = std::env::var_os("KLFIT_BENCH_ANSWERS") else {
        return;
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("KLFIT_BENCH_ANSWERS is writable");
    writeln!(f, "{id}\t{key}\t{value:?}").expect("KLFIT_BENCH_ANSWERS is writable");
}
