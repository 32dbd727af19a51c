//! Writing results: all the files of one run, or none of them.
//!
//! A run first names its inputs and outputs in a [`Plan`], before any work:
//! an output that is an input, or that another output of the same run
//! also names, is refused there (paths compared after following symbolic
//! links, canonically where the file exists). The results are then written
//! through one [`Transaction`]: each file to a temporary file in its
//! destination's directory (figures to a temporary directory next to the
//! figure directory first), and only when every output has been written are
//! the temporary files renamed into place. If anything fails, the
//! temporary files are removed and every file that existed is as it was; a
//! reader sees the old file or the new one, never half of either.
//!
//! An output that is a symbolic link is written through: the file it
//! points to is replaced and the link stays a link. An output that is not a
//! regular file (a FIFO, `/dev/null`, `/dev/stderr`) is written directly;
//! `-`, `/dev/stdout` and `/proc/self/fd/1` are standard output.
//!
//! Nothing here panics on a failed write. Standard output goes through
//! [`stdout`]: a reader that went away (a closed pipe, `| head`) ends the
//! output silently, as Unix tools do, and any other failure (a full disk) is
//! an [`Error::Stdout`]. Standard error is best effort ([`stderr`]): there is
//! nowhere left to report its failure.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::{Error, Result};

/// The most symbolic links followed from one output path (Linux's limit).
const MAX_LINKS: usize = 40;

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// Standard output.
    Stdout,
    /// A regular file (or a new one), replaced atomically.
    File {
        /// The path as given.
        path: PathBuf,
        /// The file actually replaced: `path` with symbolic links followed.
        target: PathBuf,
    },
    /// A special file (FIFO, device, `/dev/stderr`), written in place.
    Direct(PathBuf),
}

impl Sink {
    /// Resolves `arg`: `-` is standard output; a path is followed through
    /// its symbolic links to the file it would replace.
    ///
    /// # Errors
    /// [`Error::Write`] if the path is a directory, its directory does not
    /// exist, or its links do not resolve.
    pub fn new(arg: &str) -> Result<Sink> {
        if arg == "-" {
            return Ok(Sink::Stdout);
        }
        let path = PathBuf::from(arg);
        let fail = |source: io::Error| Error::Write {
            path: path.clone(),
            source,
        };
        if arg.is_empty() {
            return Err(fail(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an empty path names no file",
            )));
        }
        let mut p = path.clone();
        for _ in 0..MAX_LINKS {
            if is_stdout_alias(&p) {
                return Ok(Sink::Stdout);
            }
            // The kernel's own links (/proc/self/fd/2 → "pipe:[…]") do not
            // resolve as paths: write through the path as given.
            if p.starts_with("/proc") || p.starts_with("/dev/fd") {
                return Ok(Sink::Direct(path));
            }
            match fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => {
                    let to = fs::read_link(&p).map_err(fail)?;
                    p = parent(&p).join(to);
                }
                Ok(m) if m.is_dir() => return Err(fail(io::Error::other("is a directory"))),
                Ok(m) if m.is_file() => return Ok(Sink::File { path, target: p }),
                Ok(_) => return Ok(Sink::Direct(path)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    let dir = parent(&p);
                    if !dir.is_dir() {
                        return Err(fail(io::Error::new(
                            io::ErrorKind::NotFound,
                            format!("directory {} does not exist", dir.display()),
                        )));
                    }
                    return Ok(Sink::File { path, target: p });
                }
                Err(e) => return Err(fail(e)),
            }
        }
        Err(fail(io::Error::other("too many levels of symbolic links")))
    }

    /// Whether this is standard output.
    pub fn is_stdout(&self) -> bool {
        matches!(self, Sink::Stdout)
    }
}

/// `/dev/stdout` and its aliases: written as standard output, so that the
/// summary moves to standard error as it does for `-`.
fn is_stdout_alias(p: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|a| p == Path::new(a))
}

/// The identity of a path for comparisons: canonical where it exists,
/// else its canonical directory and its name, else made absolute.
fn identity(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (fs::canonicalize(parent(p)), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// One file a run reads or writes, for [`Plan`]'s comparisons.
#[derive(Debug)]
struct Claim {
    /// How the user named it: `--json out.json`, `the input data.csv`,
    /// `the figure figs/sweep.svg of --plot figs`.
    name: String,
    /// [`identity`] of the file, `None` for standard output.
    key: Option<PathBuf>,
    output: bool,
    /// Written in place ([`Sink::Direct`]): two outputs may share it.
    direct: bool,
}

/// The inputs and outputs of one run, checked before any work is done.
#[derive(Debug, Default)]
pub struct Plan {
    claims: Vec<Claim>,
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Records an input file (`-`, standard input, and arguments that name
    /// no file, such as a distribution, are not files).
    ///
    /// # Errors
    /// [`Error::SameFile`] if an output already recorded is this file.
    pub fn input(&mut self, arg: &str) -> Result<()> {
        let p = Path::new(arg.trim());
        if arg.trim() == "-" || !p.exists() {
            return Ok(());
        }
        self.claim(Claim {
            name: format!("the input {arg}"),
            key: Some(identity(p)),
            output: false,
            direct: false,
        })
    }

    /// Resolves and records the output of `option` (`--json`, `--csv`).
    ///
    /// # Errors
    /// As [`Sink::new`]; [`Error::SameFile`] if it is an input or another
    /// output of this run.
    pub fn output(&mut self, option: &str, arg: Option<&str>) -> Result<Option<Sink>> {
        let Some(arg) = arg else {
            return Ok(None);
        };
        let sink = Sink::new(arg)?;
        let key = match &sink {
            Sink::Stdout => None,
            Sink::File { target, .. } => Some(identity(target)),
            Sink::Direct(p) => Some(identity(p)),
        };
        self.claim(Claim {
            name: format!("{option} {arg}"),
            key,
            output: true,
            direct: matches!(sink, Sink::Direct(_)),
        })?;
        Ok(Some(sink))
    }

    /// Checks and records the figure directory of `--plot DIR` and the
    /// figures a run may write into it.
    ///
    /// # Errors
    /// [`Error::Write`] if `DIR` (or the nearest existing directory above
    /// it) is not a directory; as [`Plan::output`] for each figure.
    pub fn plot(&mut self, dir: Option<&Path>, figures: &[&str]) -> Result<Option<PlotDir>> {
        let Some(dir) = dir else {
            return Ok(None);
        };
        let not_dir = |p: &Path| Error::Write {
            path: p.to_path_buf(),
            source: io::Error::other("not a directory"),
        };
        let mut existing = dir;
        while !existing.exists() {
            existing = match existing.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
        }
        if !existing.is_dir() {
            return Err(not_dir(existing));
        }
        for f in figures {
            let p = dir.join(f);
            let key = match Sink::new(&p.to_string_lossy()) {
                Ok(Sink::File { target, .. }) => identity(&target),
                Ok(Sink::Direct(d)) => identity(&d),
                _ => identity(&p),
            };
            self.claim(Claim {
                name: format!("the figure {} of --plot {}", p.display(), dir.display()),
                key: Some(key),
                output: true,
                direct: false,
            })?;
        }
        Ok(Some(PlotDir {
            dir: dir.to_path_buf(),
        }))
    }

    fn claim(&mut self, c: Claim) -> Result<()> {
        for other in &self.claims {
            if !(c.output || other.output) || (c.direct && other.direct) {
                continue;
            }
            let clash = match (&c.key, &other.key) {
                (None, None) => {
                    return Err(Error::SameFile(format!(
                        "{} and {} both write to standard output",
                        other.name, c.name
                    )))
                }
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if clash {
                let (out, other) = if c.output { (&c, other) } else { (other, &c) };
                return Err(Error::SameFile(format!(
                    "{} is the same file as {}{}",
                    out.name,
                    other.name,
                    if other.output {
                        ""
                    } else {
                        "; writing it would replace the input"
                    }
                )));
            }
        }
        self.claims.push(c);
        Ok(())
    }
}

/// A checked `--plot DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotDir {
    dir: PathBuf,
}

/// One file written to a temporary name, waiting for its rename.
#[derive(Debug)]
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    /// A second name for the file `target` was before the rename.
    backup: Option<PathBuf>,
    /// Renamed into place (undone if a later rename fails).
    placed: bool,
}

/// The outputs of one run, written to temporary files and put in place
/// together by [`Transaction::commit`]. Dropped without a commit (an error
/// on the way), it removes every temporary file and every directory it
/// created, leaving the file system as it was.
#[derive(Debug, Default)]
pub struct Transaction {
    staged: Vec<Staged>,
    temp_dirs: Vec<PathBuf>,
    created_dirs: Vec<PathBuf>,
}

impl Transaction {
    /// A transaction with nothing written yet.
    pub fn new() -> Transaction {
        Transaction::default()
    }

    /// Writes `bytes` to `sink`: standard output and special files now, a
    /// file to a temporary file that [`Transaction::commit`] renames.
    ///
    /// # Errors
    /// [`Error::Stdout`] or [`Error::Write`].
    pub fn write(&mut self, sink: &Sink, bytes: &[u8]) -> Result<()> {
        match sink {
            Sink::Stdout => stdout(bytes),
            // Appending: a /dev/fd/N the shell opened on a regular file is
            // not cut under the descriptor that also writes to it.
            Sink::Direct(path) => fs::OpenOptions::new()
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
                .map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                }),
            Sink::File { path, target } => {
                let tmp = self.stage(target, "tmp");
                let res = fs::File::create(&tmp).and_then(|mut f| {
                    keep_permissions(target, &f)?;
                    f.write_all(bytes)?;
                    f.sync_all()
                });
                res.map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })
            }
        }
    }

    /// Draws figures with `draw` into a temporary directory next to the
    /// figure directory, then moves each into a temporary name in the
    /// directory it will replace (creating the figure directory if needed).
    ///
    /// # Errors
    /// `draw`'s error, or [`Error::Write`].
    pub fn figures(
        &mut self,
        plot: &PlotDir,
        draw: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        let dir = &plot.dir;
        self.create_dirs(dir)?;
        let fail = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        let tmp_dir = temp_name(dir, "dir");
        fs::create_dir(&tmp_dir).map_err(fail(dir))?;
        self.temp_dirs.push(tmp_dir.clone());
        draw(&tmp_dir)?;
        let mut names = fs::read_dir(&tmp_dir)
            .and_then(|entries| {
                entries
                    .map(|e| e.map(|e| e.file_name()))
                    .collect::<io::Result<Vec<_>>>()
            })
            .map_err(fail(dir))?;
        names.sort();
        for name in names {
            let drawn = tmp_dir.join(&name);
            let dest = dir.join(&name);
            match Sink::new(&dest.to_string_lossy())? {
                Sink::File { target, .. } => {
                    let tmp = self.stage(&target, "tmp");
                    fs::rename(&drawn, &tmp)
                        .or_else(|_| fs::copy(&drawn, &tmp).map(|_| ()))
                        .and_then(|()| {
                            let f = fs::File::open(&tmp)?;
                            keep_permissions(&target, &f)
                        })
                        .map_err(fail(&dest))?;
                }
                sink => {
                    let bytes = fs::read(&drawn).map_err(fail(&dest))?;
                    self.write(&sink, &bytes)?;
                }
            }
        }
        Ok(())
    }

    /// Puts every staged file in place. Each replaced file first gets a
    /// second name (a hard link, or a copy where links are not supported),
    /// so that if a rename fails the ones before it are undone.
    ///
    /// # Errors
    /// [`Error::Write`]; every file is then as it was before the run.
    pub fn commit(mut self) -> Result<()> {
        for i in 0..self.staged.len() {
            let target = self.staged[i].target.clone();
            if fs::symlink_metadata(&target).is_ok() {
                let backup = temp_name(&target, "old");
                fs::hard_link(&target, &backup)
                    .or_else(|_| fs::copy(&target, &backup).map(|_| ()))
                    .map_err(|source| Error::Write {
                        path: target.clone(),
                        source,
                    })?;
                self.staged[i].backup = Some(backup);
            }
        }
        for i in 0..self.staged.len() {
            let s = &self.staged[i];
            if let Err(source) = fs::rename(&s.tmp, &s.target) {
                let path = s.target.clone();
                self.undo();
                return Err(Error::Write { path, source });
            }
            self.staged[i].placed = true;
        }
        for s in std::mem::take(&mut self.staged) {
            if let Some(b) = s.backup {
                let _ = fs::remove_file(b);
            }
        }
        self.created_dirs.clear();
        Ok(())
    }

    /// Restores the files already renamed over, from their second names.
    fn undo(&mut self) {
        for s in self.staged.iter_mut().filter(|s| s.placed) {
            let restored = match &s.backup {
                Some(b) => fs::rename(b, &s.target),
                None => fs::remove_file(&s.target),
            };
            match restored {
                Ok(()) => s.backup = None,
                Err(_) => {
                    if let Some(b) = s.backup.take() {
                        stderr(&format!(
                            "klfit: note: the previous {} is kept as {}\n",
                            s.target.display(),
                            b.display()
                        ));
                    }
                }
            }
            s.placed = false;
        }
    }

    /// A temporary name next to `target`, removed on drop unless committed.
    fn stage(&mut self, target: &Path, kind: &str) -> PathBuf {
        let tmp = temp_name(target, kind);
        self.staged.push(Staged {
            tmp: tmp.clone(),
            target: target.to_path_buf(),
            backup: None,
            placed: false,
        });
        tmp
    }

    /// Creates `dir` and its missing parents, remembering each one so that
    /// a failed run removes them again.
    fn create_dirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        for d in missing.into_iter().rev() {
            fs::create_dir(&d).map_err(|source| Error::Write {
                path: d.clone(),
                source,
            })?;
            self.created_dirs.push(d);
        }
        Ok(())
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        self.undo();
        for s in &self.staged {
            let _ = fs::remove_file(&s.tmp);
            if let Some(b) = &s.backup {
                let _ = fs::remove_file(b);
            }
        }
        for d in &self.temp_dirs {
            let _ = fs::remove_dir_all(d);
        }
        for d in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

/// Gives a temporary file the permissions of the file it will replace.
fn keep_permissions(target: &Path, tmp: &fs::File) -> io::Result<()> {
    match fs::metadata(target) {
        Ok(m) => tmp.set_permissions(m.permissions()),
        Err(_) => Ok(()),
    }
}

/// A hidden name next to `target`: `.NAME.klfit-PID-N.KIND`, with NAME cut
/// so the whole stays within the 255 bytes a file name may have.
fn temp_name(target: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut cut = name.len().min(100);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    parent(target).join(format!(
        ".{}.klfit-{}-{}.{kind}",
        &name[..cut],
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
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

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("klfit-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn file(p: &Path) -> Sink {
        Sink::new(p.to_str().unwrap()).unwrap()
    }

    #[test]
    fn commit_replaces_and_leaves_no_temporary() {
        let dir = scratch("commit");
        let p = dir.join("a.json");
        for text in ["one", "two"] {
            let mut tx = Transaction::new();
            tx.write(&file(&p), text.as_bytes()).unwrap();
            tx.commit().unwrap();
        }
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(names(&dir), ["a.json"]);
        assert!(matches!(
            Sink::new(dir.join("missing/x.json").to_str().unwrap()),
            Err(Error::Write { .. })
        ));
        assert!(matches!(
            Sink::new(dir.to_str().unwrap()),
            Err(Error::Write { .. })
        ));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dropped_transaction_changes_nothing() {
        let dir = scratch("drop");
        let (a, b) = (dir.join("a.json"), dir.join("b.csv"));
        fs::write(&a, "old a").unwrap();
        let figs = dir.join("new/figs");
        let plot = Plan::new().plot(Some(&figs), &["f.svg"]).unwrap().unwrap();
        {
            let mut tx = Transaction::new();
            tx.write(&file(&a), b"new a").unwrap();
            tx.write(&file(&b), b"new b").unwrap();
            tx.figures(&plot, |d| {
                fs::write(d.join("f.svg"), "fig").map_err(|source| Error::Write {
                    path: d.to_path_buf(),
                    source,
                })
            })
            .unwrap();
        }
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(names(&dir), ["a.json"]);
    }

    #[test]
    fn a_failed_rename_undoes_the_earlier_ones() {
        let dir = scratch("undo");
        let (a, b) = (dir.join("a.json"), dir.join("b.csv"));
        fs::write(&a, "old a").unwrap();
        let mut tx = Transaction::new();
        tx.write(&file(&a), b"new a").unwrap();
        tx.write(&file(&b), b"new b").unwrap();
        // b.csv's temporary file vanishes: its rename, after a.json's, fails.
        for n in names(&dir).iter().filter(|n| n.starts_with(".b.csv.")) {
            fs::remove_file(dir.join(n)).unwrap();
        }
        assert!(matches!(tx.commit(), Err(Error::Write { path, .. }) if path == b));
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(names(&dir), ["a.json"]);
    }

    #[test]
    fn links_are_written_through_and_special_files_in_place() {
        let dir = scratch("links");
        let real = dir.join("real.json");
        fs::write(&real, "old").unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let sink = file(&link);
        assert_eq!(
            sink,
            Sink::File {
                path: link.clone(),
                target: dir.join("real.json")
            }
        );
        // A dangling link names the file it would create.
        let dangling = dir.join("dangling.json");
        std::os::unix::fs::symlink("new.json", &dangling).unwrap();
        assert!(
            matches!(file(&dangling), Sink::File { target, .. } if target == dir.join("new.json"))
        );
        assert_eq!(
            Sink::new("/dev/null").unwrap(),
            Sink::Direct("/dev/null".into())
        );
        assert_eq!(Sink::new("/dev/stdout").unwrap(), Sink::Stdout);
        assert_eq!(Sink::new("-").unwrap(), Sink::Stdout);
        let mut tx = Transaction::new();
        tx.write(&sink, b"new").unwrap();
        tx.write(&Sink::new("/dev/null").unwrap(), b"gone").unwrap();
        tx.commit().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn plans_refuse_an_output_that_is_an_input_or_another_output() {
        let dir = scratch("plan");
        let data = dir.join("data.csv");
        fs::write(&data, "x\n1\n").unwrap();
        let d = data.to_str().unwrap();
        let mut plan = Plan::new();
        plan.input(d).unwrap();
        assert!(
            matches!(plan.output("--json", Some(d)), Err(Error::SameFile(m)) if m.contains("input"))
        );
        let out = dir.join("out.json");
        let o = out.to_str().unwrap();
        let mut plan = Plan::new();
        plan.output("--json", Some(o)).unwrap();
        assert!(matches!(
            plan.output("--csv", Some(o)),
            Err(Error::SameFile(_))
        ));
        assert!(
            matches!(plan.input(o), Ok(())),
            "out.json does not exist yet"
        );
        let mut plan = Plan::new();
        plan.output("--json", Some("-")).unwrap();
        assert!(matches!(
            plan.output("--csv", Some("/dev/stdout")),
            Err(Error::SameFile(_))
        ));
        let mut plan = Plan::new();
        plan.output("--json", Some("/dev/null")).unwrap();
        assert!(plan.output("--csv", Some("/dev/null")).is_ok());
        let mut plan = Plan::new();
        plan.output("--json", Some(dir.join("figs/sweep.svg").to_str().unwrap()))
            .unwrap_err();
        fs::create_dir(dir.join("figs")).unwrap();
        let svg = dir.join("figs/sweep.svg");
        plan.output("--json", Some(svg.to_str().unwrap())).unwrap();
        assert!(matches!(
            plan.plot(Some(&dir.join("figs")), &["sweep.svg"]),
            Err(Error::SameFile(m)) if m.contains("the figure")
        ));
    }

    #[test]
    fn temporary_names_fit_in_a_file_name() {
        let long = "é".repeat(120);
        let t = temp_name(Path::new(&long), "tmp");
        assert!(t.file_name().unwrap().len() <= 255);
    }
}
