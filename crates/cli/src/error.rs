//! The tool's one error type and its exit codes.

use std::path::PathBuf;

/// Exit code for a problem with the command line: unknown model, measure or
/// option, a bad parameter, an impossible grid.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for a problem with the data or the files: unreadable, malformed,
/// negative counts, a fit that cannot be done on these data.
pub const EXIT_DATA: u8 = 1;

/// Everything that can go wrong. Each variant prints as one line naming the
/// problem (and, for data files, the line and column).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// clap rejected the command line (first line of its message).
    #[error("{message}")]
    Usage {
        /// clap's message, without the `error: ` prefix.
        message: String,
    },
    /// A file that cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file (`-` for standard input).
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file or directory that cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Standard output could not be written (other than by its reader
    /// going away, which is not an error).
    #[error("writing standard output: {source}")]
    Stdout {
        /// The I/O error.
        source: std::io::Error,
    },
    /// An output path that is an input, or another output, of the same run.
    #[error("{0}")]
    SameFile(String),
    /// A CSV file that does not parse.
    #[error("{path}:{line}:{column}: {reason}")]
    Csv {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (field number).
        column: usize,
        /// What is wrong.
        reason: String,
    },
    /// A count that is negative.
    #[error("{path}:{line}:{column}: count {value} is negative")]
    NegativeCount {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The count as written.
        value: String,
    },
    /// A count that is not a whole number.
    #[error("{path}:{line}:{column}: count {value} is not a whole number")]
    NonIntegerCount {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The count as written.
        value: String,
    },
    /// A count beyond [`crate::data::MAX_COUNT`].
    #[error(
        "{path}:{line}:{column}: count {value} is larger than the largest supported count {max:e}"
    )]
    CountTooLarge {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The count as written.
        value: String,
        /// The largest count accepted.
        max: u64,
    },
    /// A missing value (empty, `NA`, `NaN`, …) where `--skip-missing` was
    /// not given.
    #[error(
        "{path}:{line}:{column}: missing value ({}); use --skip-missing to drop rows with missing values",
        if value.is_empty() { "empty field" } else { value.as_str() }
    )]
    MissingValue {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The field as written (empty for an empty field).
        value: String,
    },
    /// A sample that is not a whole number where a discrete model needs
    /// counts.
    #[error("{path}:{line}:1: sample {value} is not a whole number; discrete models need integer counts")]
    NonIntegerSample {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// The sample.
        value: f64,
    },
    /// A file with no data rows (or only zero counts).
    #[error("{path}: no data ({reason})")]
    EmptyData {
        /// The file.
        path: String,
        /// Why.
        reason: &'static str,
    },
    /// A distribution or model specification that does not parse.
    #[error("cannot parse {spec:?} at column {column}: {reason}")]
    Spec {
        /// The specification.
        spec: String,
        /// 1-based character position.
        column: usize,
        /// What was expected.
        reason: String,
    },
    /// A name that is not a known model, distribution or measure.
    #[error("unknown {kind} {name:?} (known: {known})")]
    Unknown {
        /// `"model"`, `"distribution"`, `"measure"`, …
        kind: &'static str,
        /// The name given.
        name: String,
        /// The accepted names.
        known: &'static str,
    },
    /// A parameter that is missing, malformed or out of range.
    #[error("{context}: parameter {name} = {value}: {reason}")]
    Parameter {
        /// The spec or option it belongs to.
        context: String,
        /// The parameter.
        name: String,
        /// Its value as written.
        value: String,
        /// What is allowed.
        reason: String,
    },
    /// A grid or shard option that describes no valid grid.
    #[error("impossible grid {spec:?}: {reason}")]
    Grid {
        /// The option as written.
        spec: String,
        /// What is wrong.
        reason: String,
    },
    /// A combination of inputs the tool cannot compute (rather than give a
    /// wrong number).
    #[error("{0}")]
    Unsupported(String),
    /// Shard files that do not belong together or are incomplete.
    #[error("cannot merge: {0}")]
    Merge(String),
    /// The fitting engine rejected a model or the data.
    #[error("{model}: {source}")]
    Fit {
        /// The model spec.
        model: String,
        /// The engine's error.
        source: fit::Error,
    },
    /// The divergence crate rejected a distribution.
    #[error("{context}: {source}")]
    Divergence {
        /// What was being computed.
        context: String,
        /// The error.
        source: divergence::Error,
    },
    /// A figure could not be drawn or written.
    #[error("figure {name}: {source}")]
    Plot {
        /// The figure.
        name: String,
        /// The error.
        source: plot::Error,
    },
    /// A JSON file that does not parse or has the wrong schema.
    #[error("{path}: {reason}")]
    Json {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Result type of the tool.
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// The process exit code: [`EXIT_USAGE`] for command-line problems,
    /// [`EXIT_DATA`] for data and file problems.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. }
            | Error::Spec { .. }
            | Error::Unknown { .. }
            | Error::Parameter { .. }
            | Error::Grid { .. }
            | Error::SameFile(_)
            | Error::Unsupported(_) => EXIT_USAGE,
            Error::Fit {
                source:
                    fit::Error::InvalidParameter { .. }
                    | fit::Error::ParameterCount { .. }
                    | fit::Error::UnknownParameter { .. }
                    | fit::Error::InvalidBounds { .. }
                    | fit::Error::InvalidGrid { .. }
                    | fit::Error::SolverMismatch { .. },
                ..
            } => EXIT_USAGE,
            Error::Divergence {
                source:
                    divergence::Error::InvalidParameter { .. }
                    | divergence::Error::UnknownName { .. }
                    | divergence::Error::Mismatch { .. }
                    | divergence::Error::NotNormalized { .. }
                    | divergence::Error::Negative { .. },
                ..
            } => EXIT_USAGE,
            _ => EXIT_DATA,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn exit_codes_split_usage_from_data() {
        let usage = Error::Unknown {
            kind: "model",
            name: "zipf".into(),
            known: "",
        };
        assert_eq!(usage.exit_code(), EXIT_USAGE);
        let data = Error::EmptyData {
            path: "x.csv".into(),
            reason: "no rows",
        };
        assert_eq!(data.exit_code(), EXIT_DATA);
    }
}
