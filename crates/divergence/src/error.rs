//! The crate's one error type.

/// Which argument of a measure an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Arg {
    /// The reference distribution `p` (the "data").
    P,
    /// The approximating distribution `q` (the "model").
    Q,
    /// A vector of counts or weights handed to a constructor such as [`crate::normalize`].
    Counts,
}

impl core::fmt::Display for Arg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Arg::P => "p",
            Arg::Q => "q",
            Arg::Counts => "counts",
        })
    }
}

/// Everything that can go wrong in this crate.
///
/// Variants carry the offending index and value so that a caller can point at
/// the bad entry. Mathematical infinities (KL where `q = 0 < p`) are *values*
/// (`f64::INFINITY`), never errors.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input vector has no entries.
    #[error("{arg} is empty: a distribution needs at least one entry")]
    Empty {
        /// Which argument was empty.
        arg: Arg,
    },
    /// `p` and `q` have different lengths.
    #[error("length mismatch: p has {p} entries, q has {q}")]
    LengthMismatch {
        /// Length of `p`.
        p: usize,
        /// Length of `q`.
        q: usize,
    },
    /// An entry is negative.
    #[error("{arg}[{index}] = {value} is negative")]
    Negative {
        /// Which argument holds the entry.
        arg: Arg,
        /// Position of the entry.
        index: usize,
        /// The entry.
        value: f64,
    },
    /// An entry is NaN or infinite.
    #[error("{arg}[{index}] = {value} is not a finite number")]
    NotFinite {
        /// Which argument holds the entry.
        arg: Arg,
        /// Position of the entry.
        index: usize,
        /// The entry.
        value: f64,
    },
    /// A probability vector does not sum to 1 within [`crate::SUM_TOLERANCE`].
    #[error(
        "{arg} sums to {sum}, not 1 (tolerance {tolerance:e}); \
         build it with divergence::normalize or divergence::from_counts instead"
    )]
    NotNormalized {
        /// Which argument.
        arg: Arg,
        /// Its sum.
        sum: f64,
        /// The tolerance that was exceeded.
        tolerance: f64,
    },
    /// Counts or weights that sum to zero cannot be normalised.
    #[error("{arg} sum to zero: nothing to normalise")]
    ZeroMass {
        /// Which argument.
        arg: Arg,
    },
    /// A scalar parameter (Rényi order, logarithm base, distribution
    /// parameter, …) is outside its domain.
    #[error("parameter {name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What the domain is.
        reason: &'static str,
    },
    /// A name (of a measure, distribution, …) that this crate does not know.
    #[error("unknown {kind} {name:?}")]
    UnknownName {
        /// What kind of name was expected.
        kind: &'static str,
        /// The name given.
        name: String,
    },
    /// Adaptive quadrature or series summation stopped (subdivision or term
    /// limit, or intervals too small to split) before its error estimate met
    /// the tolerance. The best value found is reported.
    #[error(
        "{method} did not converge: value {value} with error estimate {error:e} \
         > tolerance {tolerance:e} after {evaluations} evaluations"
    )]
    NotConverged {
        /// The method that gave up (`"Gauss-Kronrod"`, `"series"`).
        method: &'static str,
        /// Best value found.
        value: f64,
        /// Its error estimate.
        error: f64,
        /// The tolerance that was asked for.
        tolerance: f64,
        /// Integrand or term evaluations spent.
        evaluations: usize,
    },
    /// An integrand or summand returned NaN (or infinities of both signs).
    #[error("integrand is not a number at x = {x}: {value}")]
    IntegrandNotFinite {
        /// The abscissa where it happened.
        x: f64,
        /// The value returned.
        value: f64,
    },
    /// Two lists that must have the same length do not (mixture weights and
    /// components, …).
    #[error("{what}: expected {expected} entries, found {found}")]
    Mismatch {
        /// What was being matched.
        what: &'static str,
        /// Entries expected.
        expected: usize,
        /// Entries found.
        found: usize,
    },
    /// Two multivariate distributions live in spaces of different
    /// dimension (a Dirichlet on 3 categories against one on 4, a 2-D
    /// normal against a 3-D one): no divergence is defined between them.
    #[error("dimension mismatch: p has dimension {p}, q has dimension {q}")]
    DimensionMismatch {
        /// Dimension of `p`.
        p: usize,
        /// Dimension of `q`.
        q: usize,
    },
}

/// Result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn messages_name_the_offending_entry() {
        let e = Error::Negative {
            arg: Arg::Q,
            index: 3,
            value: -0.5,
        };
        assert_eq!(e.to_string(), "q[3] = -0.5 is negative");
    }
}
