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
    /// A distribution whose parameters do not make one (weights or
    /// probabilities that do not sum to 1, …).
    #[error("{spec}: {reason}")]
    Distribution {
        /// The spec as written.
        spec: String,
        /// What is wrong, in the spec's terms.
        reason: String,
    },
    /// Standard input named for two inputs: it can be read only once.
    #[error("{first} and {second} are both standard input, which can be read only once; save one of them to a file")]
    StdinTwice {
        /// The first argument that names it (`P = -`).
        first: String,
        /// The second.
        second: String,
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
    #[error("{model}: {}", fit_text(.source))]
    Fit {
        /// The model spec.
        model: String,
        /// The engine's error.
        source: fit::Error,
    },
    /// The divergence crate rejected a distribution.
    #[error("{context}: {}", divergence_text(.source))]
    Divergence {
        /// What was being computed.
        context: String,
        /// The error.
        source: divergence::Error,
    },
    /// A figure could not be drawn or written.
    #[error("figure {name}: {}", plain(&.source.to_string()))]
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

/// The fitting engine's message in the user's terms: solvers by their
/// `--solver` names, divergence errors as [`divergence_text`], and never a
/// Rust item's name ([`plain`]).
fn fit_text(e: &fit::Error) -> String {
    match e {
        fit::Error::Divergence(d) => divergence_text(d),
        fit::Error::SolverMismatch {
            solver,
            family,
            reason,
        } => {
            let solver = match *solver {
                "golden_section" => "golden",
                "nelder_mead" => "nelder-mead",
                s => s,
            };
            plain(&format!("--solver {solver} cannot fit {family}: {reason}"))
        }
        e => plain(&e.to_string()),
    }
}

/// The divergence crate's message in the user's terms: P and Q as the
/// command line names them, sums that miss 1 without the library calls
/// that would fix them in Rust.
fn divergence_text(e: &divergence::Error) -> String {
    use divergence::{Arg, Error as D};
    let side = |arg: &Arg| match arg {
        Arg::P => "P".to_string(),
        Arg::Q => "Q".to_string(),
        other => other.to_string(),
    };
    match e {
        D::NotNormalized { arg, sum, .. } => {
            let shown = (sum * 1e12).round() / 1e12;
            match arg {
                Arg::P | Arg::Q => format!("{}'s probabilities sum to {shown}, not 1", side(arg)),
                _ => format!("the weights sum to {shown}, not 1"),
            }
        }
        D::Negative { arg, index, value } => {
            format!("{} has a negative entry {value} (at {index})", side(arg))
        }
        D::NotFinite { arg, index, value } => {
            format!(
                "{} has an entry {value} (at {index}) that is not a finite number",
                side(arg)
            )
        }
        D::Empty { arg } => format!("{} has no entries", side(arg)),
        e => plain(&e.to_string()),
    }
}

/// `text` without the parts that name Rust items (`a::b`): asides in
/// parentheses and clauses after `; ` that do are dropped, and any other
/// such name is cut to its last segment. Engine messages may address Rust
/// callers; the tool's users write no Rust.
fn plain(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        if rest[open..=close].contains("::") {
            kept.push_str(rest[..open].trim_end());
        } else {
            kept.push_str(&rest[..=close]);
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    let clauses: Vec<&str> = kept.split("; ").collect();
    let mut out: Vec<&str> = clauses
        .iter()
        .copied()
        .filter(|c| !c.contains("::"))
        .collect();
    if out.is_empty() {
        out = clauses;
    }
    out.join("; ")
        .split(' ')
        .map(|w| match w.rfind("::") {
            Some(i) => &w[i + 2..],
            None => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

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
            | Error::Distribution { .. }
            | Error::StdinTwice { .. }
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
    fn engine_messages_name_no_rust_items() {
        assert_eq!(
            plain("the family cannot take expectations under itself (it does not implement fit::ExpectUnder)"),
            "the family cannot take expectations under itself"
        );
        assert_eq!(
            plain(
                "q sums to 2, not 1 (tolerance 1e-9); build it with divergence::normalize instead"
            ),
            "q sums to 2, not 1 (tolerance 1e-9)"
        );
        assert_eq!(
            plain("EM is run by fit::em, for a MixtureOfNormals"),
            "EM is run by em, for a MixtureOfNormals"
        );
        let e = Error::Divergence {
            context: "Categorical ‖ Categorical".into(),
            source: divergence::Error::NotNormalized {
                arg: divergence::Arg::Q,
                sum: 1.1,
                tolerance: 1e-9,
            },
        };
        assert_eq!(
            e.to_string(),
            "Categorical ‖ Categorical: Q's probabilities sum to 1.1, not 1"
        );
        let e = Error::Fit {
            model: "gamma".into(),
            source: fit::Error::SolverMismatch {
                solver: "golden_section",
                family: "Gamma".into(),
                reason: "a 1-D solver needs exactly one parameter",
            },
        };
        assert_eq!(
            e.to_string(),
            "gamma: --solver golden cannot fit Gamma: a 1-D solver needs exactly one parameter"
        );
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
