//! Atomic writing of a figure as SVG and PNG.
//!
//! Each file is rendered to a hidden temporary file in the destination
//! directory and renamed over the target only when complete, so a reader
//! never sees a half-written figure and a failed run leaves the previous
//! figure intact. Renames within one directory are atomic on POSIX systems.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::theme::Theme;
use crate::{font, Error, Figure, Result, Written};

/// What a chart's drawing code returns: the backend's message on failure.
pub(crate) type Drawn = core::result::Result<(), String>;

/// Converts any plotters drawing error into its message.
pub(crate) fn fail<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

/// A validated chart that can draw itself on any plotters backend.
pub(crate) trait Render {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fig: &Figure,
        theme: &Theme,
    ) -> Drawn;
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = stem.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn temp_path(dir: &Path, name: &str, ext: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // The extension stays last: the PNG encoder picks the format from it.
    dir.join(format!(".{name}.{}-{n}.tmp.{ext}", std::process::id()))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Removes a temporary file when dropped unless it was renamed into place.
struct TempFile(PathBuf, bool);

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.1 {
            let _ = fs::remove_file(&self.0);
        }
    }
}

fn render_svg(chart: &impl Render, fig: &Figure, theme: &Theme, tmp: &Path) -> Result<()> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, fig.size()).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(fail)
            .and_then(|()| chart.render(&root, fig, theme))
            .and_then(|()| root.present().map_err(fail));
        drawn.map_err(|reason| Error::Render {
            path: tmp.to_path_buf(),
            reason,
        })?;
    }
    let mut file = fs::File::create(tmp).map_err(io(tmp))?;
    file.write_all(svg.as_bytes()).map_err(io(tmp))?;
    file.sync_all().map_err(io(tmp))
}

fn render_png(chart: &impl Render, fig: &Figure, theme: &Theme, tmp: &Path) -> Result<()> {
    let root = BitMapBackend::new(tmp, fig.size()).into_drawing_area();
    let drawn = root
        .fill(&WHITE)
        .map_err(fail)
        .and_then(|()| chart.render(&root, fig, theme))
        .and_then(|()| root.present().map_err(fail));
    drop(root);
    drawn.map_err(|reason| Error::Render {
        path: tmp.to_path_buf(),
        reason,
    })?;
    fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(tmp))
}

/// Renders `chart` to `<stem>.svg` and `<stem>.png`, atomically.
pub(crate) fn write(stem: &Path, fig: &Figure, chart: &impl Render) -> Result<Written> {
    font::ensure_registered()?;
    let name = match stem.file_name().and_then(|n| n.to_str()) {
        Some(n) if !stem.as_os_str().to_string_lossy().ends_with(['/', '\\']) => n.to_owned(),
        _ => {
            return Err(Error::InvalidPath {
                path: stem.to_path_buf(),
            })
        }
    };
    let dir = match stem.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(io(&dir))?;

    let theme = Theme::new(fig.size());
    let written = Written {
        svg: with_suffix(stem, ".svg"),
        png: with_suffix(stem, ".png"),
    };
    let mut svg_tmp = TempFile(temp_path(&dir, &name, "svg"), false);
    let mut png_tmp = TempFile(temp_path(&dir, &name, "png"), false);
    render_svg(chart, fig, &theme, &svg_tmp.0)?;
    render_png(chart, fig, &theme, &png_tmp.0)?;
    fs::rename(&svg_tmp.0, &written.svg).map_err(io(&written.svg))?;
    svg_tmp.1 = true;
    fs::rename(&png_tmp.0, &written.png).map_err(io(&written.png))?;
    png_tmp.1 = true;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_is_appended_not_substituted() {
        assert_eq!(
            with_suffix(Path::new("out/kl.p0.5"), ".svg"),
            PathBuf::from("out/kl.p0.5.svg")
        );
    }
}
