//! A progress bar (indicatif) for long sweeps: it appears only after about a
//! second and only when stderr is a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Sweeps that finish sooner than this show nothing.
const SHOW_AFTER_SECS: f64 = 1.0;
/// Ticks between checks of the clock (keeps the hot loop cheap).
const CHECK_EVERY: u64 = 256;

/// Counts finished grid points from any thread.
pub(crate) struct Progress {
    bar: ProgressBar,
    start: Instant,
    terminal: bool,
    shown: AtomicBool,
    done: AtomicU64,
}

impl Progress {
    pub(crate) fn new(total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} grid points, eta {eta}")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            start: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            done: AtomicU64::new(0),
        }
    }

    /// `n` more points done.
    pub(crate) fn tick_n(&self, n: u64) {
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        let done = before + n;
        if !self.terminal || done / CHECK_EVERY == before / CHECK_EVERY {
            return;
        }
        if !self.shown.load(Ordering::Relaxed) {
            if self.start.elapsed().as_secs_f64() < SHOW_AFTER_SECS {
                return;
            }
            if !self.shown.swap(true, Ordering::Relaxed) {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
        self.bar.set_position(done);
    }

    pub(crate) fn finish(&self) {
        if self.shown.load(Ordering::Relaxed) {
            self.bar.finish_and_clear();
        }
    }
}
