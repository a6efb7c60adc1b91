//! Progress bars on standard error for the long parts of a command: reading a CSV file (bytes
//! read of its size) and extracting (sources done of all the sources).
//!
//! Whether bars are shown is decided once per command, from `-q` and from whether stderr is a
//! terminal, and handed down explicitly as a [`Progress`] value (`Load` keeps one, the extraction
//! takes one). When bars are off, no indicatif bar is ever created: a [`Bar`] is then an empty
//! shell whose methods return at once, so that output to a pipe, a file or CI costs one branch.
//! Loaders report each row to [`Bar::row`], which passes it on to the bar only once every
//! [`ROWS_PER_UPDATE`] rows. (indicatif itself also draws nothing when TERM is unset or `dumb`.)
//!
//! A bar is cleared when it is dropped, finished or not (a load that fails drops its bar before
//! its problems are printed), so that what a command prints afterwards is not mixed with it.

use std::io::{self, IsTerminal};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

/// How many rows a loader reads between two updates of its bar. Small enough that a file whose
/// rows are slow (each row of sources.csv reads and indexes a whole text) still moves, large
/// enough that updating costs nothing next to storing the rows.
pub const ROWS_PER_UPDATE: u64 = 1024;

/// Whether a command shows progress bars on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    shown: bool,
}

impl Progress {
    /// No bars, whatever stderr is.
    pub const HIDDEN: Progress = Progress { shown: false };

    /// Bars on stderr, unless `quiet` (`-q`) or stderr is not a terminal (a pipe, a file, CI).
    pub fn on_stderr(quiet: bool) -> Self {
        Progress::new(quiet, io::stderr().is_terminal())
    }

    /// Bars only when `terminal` is true and `quiet` is false.
    pub fn new(quiet: bool, terminal: bool) -> Self {
        Progress {
            shown: terminal && !quiet,
        }
    }

    /// Whether bars are shown.
    pub fn is_shown(self) -> bool {
        self.shown
    }

    /// A bar for reading the CSV file `path`, counting bytes against its size; for standard input
    /// (`-`), whose size is unknown, a spinner counting bytes, and nothing when standard input is a
    /// terminal itself (someone is typing the rows there). Update it with [`Bar::row`].
    pub fn file(self, path: &Path) -> Bar {
        if !self.shown {
            return Bar::none();
        }
        if path == Path::new("-") {
            if io::stdin().is_terminal() {
                return Bar::none();
            }
            return Bar::some(
                ProgressBar::new_spinner()
                    .with_style(style("{prefix}  {spinner} {bytes} read").tick_chars("-\\|/ "))
                    .with_prefix("standard input"),
            );
        }
        // A size that cannot be read leaves the bar at 0 bytes; the load reports the real error.
        let size = path.metadata().map_or(0, |m| m.len());
        Bar::some(
            ProgressBar::new(size)
                .with_style(style("{prefix}  [{bar:40}] {bytes}/{total_bytes}"))
                .with_prefix(path.display().to_string()),
        )
    }

    /// A bar counting the sources extracted from, of `total`. Update it with [`Bar::inc`].
    pub fn sources(self, total: u64) -> Bar {
        if !self.shown {
            return Bar::none();
        }
        Bar::some(
            ProgressBar::new(total)
                .with_style(style("{prefix}  [{bar:40}] {pos}/{len} sources"))
                .with_prefix("extracting"),
        )
    }

    /// A bar counting the files read, of `total`. Update it with [`Bar::inc`].
    pub fn files(self, total: u64) -> Bar {
        if !self.shown {
            return Bar::none();
        }
        Bar::some(
            ProgressBar::new(total)
                .with_style(style("{prefix}  [{bar:40}] {pos}/{len} files"))
                .with_prefix("adding"),
        )
    }
}

/// A style from a template; the templates are fixed in this module, so a bad one is a bug.
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("a valid progress template")
        .progress_chars("=> ")
}

/// One progress bar on stderr, or nothing when bars are off.
pub struct Bar {
    bar: Option<ProgressBar>,
    /// Rows seen since the bar was last updated.
    rows: u64,
}

impl Bar {
    fn none() -> Self {
        Bar { bar: None, rows: 0 }
    }

    fn some(bar: ProgressBar) -> Self {
        Bar {
            bar: Some(bar),
            rows: 0,
        }
    }

    /// One more row read; `position` is how far into the input it ends (in the unit of the bar:
    /// bytes for a file). The bar moves once every [`ROWS_PER_UPDATE`] rows.
    #[inline]
    pub fn row(&mut self, position: impl FnOnce() -> u64) {
        if let Some(bar) = &self.bar {
            self.rows += 1;
            if self.rows == ROWS_PER_UPDATE {
                self.rows = 0;
                bar.set_position(position());
            }
        }
    }

    /// `n` more items done (sources extracted from).
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use indicatif::ProgressDrawTarget;

    use super::*;

    #[test]
    fn no_bar_is_created_when_stderr_is_not_a_terminal() {
        let progress = Progress::new(false, false);
        assert!(!progress.is_shown());
        assert!(progress.file(Path::new("Cargo.toml")).bar.is_none());
        assert!(progress.file(Path::new("-")).bar.is_none());
        assert!(progress.sources(5).bar.is_none());
    }

    #[test]
    fn no_bar_is_created_when_quiet_even_on_a_terminal() {
        let progress = Progress::new(true, true);
        assert!(!progress.is_shown());
        assert!(progress.file(Path::new("Cargo.toml")).bar.is_none());
        assert!(progress.sources(5).bar.is_none());
        assert!(Progress::HIDDEN.sources(5).bar.is_none());
    }

    #[test]
    fn a_terminal_gets_a_bar_sized_to_the_file() {
        let bar = Progress::new(false, true).file(Path::new("Cargo.toml"));
        let inner = bar.bar.as_ref().expect("a bar");
        // Keep the test's own stderr clean.
        inner.set_draw_target(ProgressDrawTarget::hidden());
        let size = std::fs::metadata("Cargo.toml").unwrap().len();
        assert_eq!(inner.length(), Some(size));
    }

    #[test]
    fn rows_move_the_bar_in_batches() {
        let mut bar = Bar::some(ProgressBar::hidden());
        let mut asked = 0;
        for row in 1..ROWS_PER_UPDATE {
            bar.row(|| {
                asked += 1;
                row * 10
            });
        }
        assert_eq!((bar.bar.as_ref().unwrap().position(), asked), (0, 0));
        bar.row(|| ROWS_PER_UPDATE * 10);
        assert_eq!(bar.bar.as_ref().unwrap().position(), ROWS_PER_UPDATE * 10);
    }

    #[test]
    fn a_missing_bar_never_asks_for_the_position() {
        let mut bar = Bar::none();
        for _ in 0..(3 * ROWS_PER_UPDATE) {
            bar.row(|| unreachable!("no bar, no position"));
        }
        bar.inc(1);
    }
}
