//! Writing results: atomically to files (temporary file + rename), or to
//! standard output for `-`.
//!
//! Nothing here panics on a failed write. Standard output goes through
//! [`stdout`]: a reader that went away (a closed pipe, `| head`) ends the
//! output silently, as Unix tools do, and any other failure (a full disk) is
//! an [`Error::Stdout`]. Standard error is best effort ([`stderr`]): there is
//! nowhere left to report its failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Sink {
    /// `-` is standard output, anything else a file.
    pub fn new(arg: &str) -> Sink {
        if arg == "-" {
            Sink::Stdout
        } else {
            Sink::File(PathBuf::from(arg))
        }
    }

    /// Whether this is standard output.
    pub fn is_stdout(&self) -> bool {
        matches!(self, Sink::Stdout)
    }

    /// Checks, before any work is done, that the file's directory exists,
    /// so that a run fails before it computes rather than after.
    ///
    /// # Errors
    /// [`Error::Write`] if the parent directory is missing or the path is a
    /// directory.
    pub fn check(&self) -> Result<()> {
        let Sink::File(path) = self else {
            return Ok(());
        };
        if path.is_dir() {
            return Err(Error::Write {
                path: path.clone(),
                source: std::io::Error::other("is a directory"),
            });
        }
        let dir = parent(path);
        if !dir.is_dir() {
            return Err(Error::Write {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("directory {} does not exist", dir.display()),
                ),
            });
        }
        Ok(())
    }

    /// Writes `bytes`: to standard output, or to a temporary file in the
    /// target's directory that is then renamed over the target, so a reader
    /// sees the old file or the new one, never half of either.
    ///
    /// # Errors
    /// [`Error::Write`] on any I/O error; the target is then unchanged.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Stdout => stdout(bytes),
            Sink::File(path) => write_atomic(path, bytes),
        }
    }
}

/// Set once standard output's reader has gone away.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `bytes` to standard output and flushes it.
///
/// A closed pipe (`EPIPE`) is not an error: the reader has all it wanted,
/// so this and every later write to standard output are skipped, and the
/// run finishes (and writes its files) as if it had been read.
///
/// # Errors
/// [`Error::Stdout`] for any other failure (`/dev/full`: no space left).
pub fn stdout(bytes: &[u8]) -> Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(source) => Err(Error::Stdout { source }),
    }
}

/// Writes `text` to standard error, ignoring failures: messages are best
/// effort, since a failure to write one cannot itself be reported.
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
///
/// # Errors
/// [`Error::Write`]; the temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = parent(path).join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let res = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Creates the figure directory.
///
/// # Errors
/// [`Error::Write`] if it cannot be created.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// A float in CSV and text: Rust's shortest round-trip form (`inf`, `NaN`
/// for non-finite values), so that output is exact and reproducible.
pub fn num(x: f64) -> String {
    format!("{x}")
}

/// Serialises `value` as pretty JSON with a final newline.
///
/// # Errors
/// [`Error::Json`] (never for the tool's own types).
pub fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(value).map_err(|e| Error::Json {
        path: "-".into(),
        reason: e.to_string(),
    })?;
    v.push(b'\n');
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("klfit-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(Sink::File(dir.join("missing/x.json")).check().is_err());
        assert!(Sink::File(dir.clone()).check().is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
