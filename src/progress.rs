//! Progress of a long scan on a terminal: `scanning 412/2000 files (38/s, 11s)` on
//! standard error, redrawn at most four times a second and cleared at the end.
//!
//! Only for a person watching: off when standard error is not a terminal (CI logs, a
//! pipe) or with `--quiet`, and not drawn at all for scans that finish within
//! [`SHOW_AFTER`], so a pre-commit hook never flickers. Counting a unit is an atomic
//! increment and a clock read; the benchmark (`benches/process.rs`) shows no cost.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A scan shorter than this shows no progress.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether to report progress: a person is watching standard error and did not ask for quiet.
pub fn wanted(quiet: bool, stderr_is_terminal: bool) -> bool {
    !quiet && stderr_is_terminal
}

/// Counts scanned units; draws only when enabled and the scan has run for [`SHOW_AFTER`].
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    enabled: bool,
    started: Instant,
    drawing: AtomicBool,
}

impl Progress {
    pub fn new(total: usize, enabled: bool) -> Progress {
        let style =
            ProgressStyle::with_template("scanning {pos}/{len} files ({per_sec}, {elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        Progress {
            bar: ProgressBar::hidden().with_style(style),
            enabled,
            started: Instant::now(),
            drawing: AtomicBool::new(false),
        }
        .with_len(total)
    }

    fn with_len(self, total: usize) -> Progress {
        self.bar
            .set_length(u64::try_from(total).unwrap_or(u64::MAX));
        self
    }

    /// One more unit scanned.
    pub fn inc(&self) {
        self.bar.inc(1);
        if self.enabled
            && !self.drawing.load(Ordering::Relaxed)
            && self.started.elapsed() >= SHOW_AFTER
            && !self.drawing.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        }
    }

    /// Whether anything is (or will be) drawn.
    pub fn is_drawing(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// Removes the line, so the report starts on a clean terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_watched_terminal_gets_progress() {
        assert!(wanted(false, true));
        assert!(!wanted(true, true));
        assert!(!wanted(false, false));
        assert!(!wanted(true, false));
    }

    #[test]
    fn disabled_progress_never_draws_however_long_the_scan() {
        let progress = Progress {
            started: Instant::now()
                .checked_sub(SHOW_AFTER * 2)
                .unwrap_or_else(Instant::now),
            ..Progress::new(3, false)
        };
        progress.inc();
        progress.inc();
        assert!(!progress.is_drawing());
        progress.finish();
    }

    #[test]
    fn enabled_progress_waits_before_drawing() {
        let progress = Progress::new(3, true);
        progress.inc();
        // Well within SHOW_AFTER of its start: still hidden.
        assert!(!progress.is_drawing());
        progress.finish();
    }
}
