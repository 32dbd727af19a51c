//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong while validating input or writing a figure.
///
/// Variants name the offending input (`what`, e.g. `series "forward KL" ys`),
/// so a caller can tell which series or grid is at fault. Infinite values
/// (KL can be `+∞`) are *not* errors: they are skipped where a number is
/// needed and documented on each function.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input that needs at least one entry has none.
    #[error("{what} is empty")]
    Empty {
        /// Which input was empty.
        what: String,
    },
    /// Two inputs that must have the same length do not.
    #[error("{what} has {found} entries, expected {expected}")]
    LengthMismatch {
        /// Which input has the wrong length.
        what: String,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// An entry that must be a finite number is NaN or infinite.
    #[error("{what}[{index}] = {value} is not a finite number")]
    NotFinite {
        /// Which input holds the entry.
        what: String,
        /// Position of the entry.
        index: usize,
        /// The entry.
        value: f64,
    },
    /// An input has entries, but none that can be drawn (all NaN or
    /// infinite, or none positive on a logarithmic axis).
    #[error("{what} has no finite{} value to plot", if *.log_scale { " positive" } else { "" })]
    NothingToPlot {
        /// Which input.
        what: String,
        /// Whether the axis is logarithmic, so only positive values count.
        log_scale: bool,
    },
    /// Grid coordinates must be strictly increasing.
    #[error("{what} must be strictly increasing, but entry {index} is not above entry {}", .index - 1)]
    NotIncreasing {
        /// Which coordinate vector.
        what: String,
        /// The first entry that is not above its predecessor (≥ 1).
        index: usize,
    },
    /// A scalar option is outside its domain.
    #[error("{name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The option's name.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What the domain is.
        reason: &'static str,
    },
    /// A fit report drawn with a family it was not fitted with.
    #[error("the report of {report} cannot be drawn as {family}: it is not a fit of that family")]
    ReportFamilyMismatch {
        /// The report's model.
        report: String,
        /// The family given with it.
        family: String,
    },
    /// A family that cannot be drawn as a continuous distribution: it is
    /// discrete or has no CDF (does not implement `fit::Cdf`).
    #[error("{family} has no continuous CDF: diagnostic plots need a continuous family implementing fit::Cdf")]
    NoCdf {
        /// The family's name.
        family: String,
    },
    /// Expected frequencies asked of a continuous family (its density at
    /// whole numbers is not a probability).
    #[error("{family} is continuous: expected frequencies need a discrete family")]
    NotDiscrete {
        /// The family's name.
        family: String,
    },
    /// The output path stem has no file name (empty, `..`, or ends in `/`).
    #[error("output stem {path:?} has no file name")]
    InvalidPath {
        /// The stem given.
        path: PathBuf,
    },
    /// Creating the output directory or writing, syncing or renaming a file
    /// failed.
    #[error("cannot write {path:?}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The plotting backend failed while drawing or encoding.
    #[error("rendering {path:?} failed: {reason}")]
    Render {
        /// The file being rendered.
        path: PathBuf,
        /// The backend's message.
        reason: String,
    },
    /// The embedded font could not be registered (a corrupt build).
    #[error("the embedded DejaVu font could not be loaded")]
    Font,
}

/// Result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn messages_name_the_input() {
        let e = Error::NotIncreasing {
            what: "xs".into(),
            index: 3,
        };
        assert!(e.to_string().contains("entry 3 is not above entry 2"));
        let e = Error::NothingToPlot {
            what: "series \"KL\" ys".into(),
            log_scale: true,
        };
        assert!(e.to_string().contains("no finite positive value"));
    }
}
