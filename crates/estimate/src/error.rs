//! The crate's one error type.

/// Which sample set an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Arg {
    /// The samples from `P`, the reference ("data").
    P,
    /// The samples from `Q`, the approximation ("model").
    Q,
}

impl core::fmt::Display for Arg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Arg::P => "P",
            Arg::Q => "Q",
        })
    }
}

/// Everything that can go wrong in this crate.
///
/// Variants name the sample set, row and column involved so that a caller
/// (the CLI) can point at the offending line of an input file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A sample set has no rows, or its rows have no columns.
    #[error("the samples have {rows} rows of {columns} columns: at least one of each is needed")]
    Empty {
        /// Rows given.
        rows: usize,
        /// Columns given.
        columns: usize,
    },
    /// Row-major data whose length is not a multiple of the dimension.
    #[error("{len} values do not make rows of {dimension} columns")]
    Ragged {
        /// Number of values given.
        len: usize,
        /// Dimension asked for.
        dimension: usize,
    },
    /// A coordinate is NaN or infinite.
    #[error("row {row}, column {column} holds {value}: samples must be finite")]
    NotFinite {
        /// Row (sample) index, from 0.
        row: usize,
        /// Column (coordinate) index, from 0.
        column: usize,
        /// The value.
        value: f64,
    },
    /// `P` and `Q` live in spaces of different dimension.
    #[error("dimension mismatch: P has {p} columns, Q has {q}")]
    DimensionMismatch {
        /// Columns of `P`.
        p: usize,
        /// Columns of `Q`.
        q: usize,
    },
    /// More columns than the nearest-neighbour search supports.
    #[error("{dimension} dimensions: the kNN search supports at most {max}")]
    DimensionTooLarge {
        /// Columns given.
        dimension: usize,
        /// [`crate::MAX_DIMENSION`].
        max: usize,
    },
    /// Too few rows for the `k` asked for.
    #[error("{arg} has {rows} rows; k = {k} needs at least {needed}")]
    TooFewSamples {
        /// Which sample set.
        arg: Arg,
        /// Rows given.
        rows: usize,
        /// The neighbour order.
        k: usize,
        /// Rows needed.
        needed: usize,
    },
    /// A point of `P` has `k` other points of `P` at distance 0, so
    /// `ρₖ = 0` and `ln(νₖ/ρₖ)` is infinite.
    #[error(
        "row {row} of P is repeated (also row {other}, first coordinate {value}): \
         with k = {k} its k-th neighbour is at distance 0; remove duplicates, \
         raise k or choose Ties::SkipZeroDistances"
    )]
    DuplicatePoint {
        /// Row of `P` whose `k`-th neighbour distance is 0.
        row: usize,
        /// A row of `P` equal to it.
        other: usize,
        /// The first coordinate of the repeated point.
        value: f64,
        /// The neighbour order.
        k: usize,
    },
    /// A point of `P` has `k` points of `Q` at distance 0, so `νₖ = 0` and
    /// `ln(νₖ/ρₖ)` is `−∞`.
    #[error(
        "row {p_row} of P equals row {q_row} of Q (first coordinate {value}): \
         with k = {k} its k-th neighbour in Q is at distance 0; choose \
         Ties::SkipZeroDistances to skip such neighbours"
    )]
    CoincidentPoint {
        /// Row of `P`.
        p_row: usize,
        /// A row of `Q` equal to it.
        q_row: usize,
        /// The first coordinate of the shared point.
        value: f64,
        /// The neighbour order.
        k: usize,
    },
    /// Under [`crate::Ties::SkipZeroDistances`], a point has fewer than `k`
    /// neighbours at a positive distance (too few distinct points).
    #[error("row {row} of P has fewer than k = {k} distinct neighbours in {arg}")]
    TooFewDistinct {
        /// Where the neighbours were sought.
        arg: Arg,
        /// Row of `P`.
        row: usize,
        /// The neighbour order.
        k: usize,
    },
    /// Two different points are so close, relative to the largest
    /// coordinate, that their distance underflows to 0 after the search's
    /// rescaling (the largest |coordinate| is brought to about 1): in d ≥ 2
    /// when the data span more than ~10¹⁵⁰ between the largest coordinate
    /// and the smallest neighbour distance (squares), in 1-D ~10³⁰⁰.
    #[error(
        "rows {row} of P and {other} of {arg} differ but their squared distance \
         underflows: the data span too many decades for a Euclidean search"
    )]
    DynamicRange {
        /// Row of `P`.
        row: usize,
        /// The other row.
        other: usize,
        /// Which set the other row is in.
        arg: Arg,
    },
    /// An option is out of its range.
    #[error("option {name} = {value} is invalid: {expected}")]
    InvalidOption {
        /// The option.
        name: &'static str,
        /// Its value, as given.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
    /// Histogram edges that are not finite and strictly increasing, or too few.
    #[error("edge {index} = {value} is invalid: edges must be finite and strictly increasing, at least 2")]
    InvalidEdges {
        /// Position of the offending edge.
        index: usize,
        /// The edge.
        value: f64,
    },
    /// A user-supplied log-density returned NaN or `+∞`.
    #[error("the log-density {which} is {value} at row {row}")]
    BadLogDensity {
        /// `"ln p"` or `"ln q"`.
        which: &'static str,
        /// Row of the sample.
        row: usize,
        /// The value returned.
        value: f64,
    },
    /// More points than the k-d tree can index (2³² − 1).
    #[error("{rows} rows exceed the k-d tree's limit of {max}")]
    TooManySamples {
        /// Rows given.
        rows: usize,
        /// The limit.
        max: usize,
    },
    /// An error from the `divergence` crate (a histogram's probabilities).
    #[error(transparent)]
    Divergence(#[from] divergence::Error),
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<super::Error>();
    }
}
