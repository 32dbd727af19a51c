//! The crate's one error type.

/// Everything that can go wrong while fitting or sweeping.
///
/// Variants carry structured fields (the offending name, index or value) so a
/// caller can match on them; argmin's own error is wrapped once, in
/// [`Error::Solver`], and never leaks as `anyhow`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The divergence crate rejected an input (empty, negative, not normalised, …).
    #[error(transparent)]
    Divergence(#[from] divergence::Error),
    /// argmin failed (an invalid solver setting or a line search that broke down).
    #[error(transparent)]
    Solver(#[from] argmin::core::Error),
    /// Data handed to a target constructor are unusable.
    #[error("invalid data at index {index}: {value} ({reason})")]
    InvalidData {
        /// Position of the bad entry.
        index: usize,
        /// The entry.
        value: f64,
        /// What was expected.
        reason: &'static str,
    },
    /// A target with no data points.
    #[error("the target has no data")]
    EmptyData,
    /// A model parameter (or a family's construction argument) is out of its domain.
    #[error("parameter {name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// Its value.
        value: f64,
        /// What the domain is.
        reason: &'static str,
    },
    /// A parameter vector of the wrong length.
    #[error("{family} has {expected} parameters, got {got}")]
    ParameterCount {
        /// The family.
        family: String,
        /// How many it has.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// Parameters of a family that cannot be held as asked ([`crate::Fixed`]).
    #[error("{family}: cannot hold parameters: {reason}")]
    CannotHold {
        /// The family.
        family: String,
        /// Why not.
        reason: &'static str,
    },
    /// Weights and samples of different lengths.
    #[error("{weights} weights for {samples} samples: give one weight per sample")]
    WeightCount {
        /// How many samples.
        samples: usize,
        /// How many weights.
        weights: usize,
    },
    /// What weighted data do not support.
    #[error("{what} is not defined for weighted samples ({why})")]
    Weighted {
        /// The computation asked for.
        what: &'static str,
        /// Why not.
        why: &'static str,
    },
    /// A parameter name the family does not have.
    #[error("{family} has no parameter {name:?}")]
    UnknownParameter {
        /// The family.
        family: String,
        /// The name given.
        name: String,
    },
    /// Bounds with `lower ≥ upper`, NaN, or infinite where a finite bracket is needed.
    #[error("invalid bounds for {name}: [{lower}, {upper}] ({reason})")]
    InvalidBounds {
        /// The parameter.
        name: String,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
        /// What is wrong.
        reason: &'static str,
    },
    /// A grid axis that is empty, unsorted or not finite.
    #[error("invalid grid axis {name:?}: {reason}")]
    InvalidGrid {
        /// The axis.
        name: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A solver that cannot handle this problem (e.g. Brent with two parameters).
    #[error("solver {solver} cannot fit {family}: {reason}")]
    SolverMismatch {
        /// The solver.
        solver: &'static str,
        /// The family.
        family: String,
        /// Why not.
        reason: &'static str,
    },
    /// The combination of target, family and direction is not supported.
    #[error("{family} against a {target} target in direction {direction}: {reason}")]
    Unsupported {
        /// The family.
        family: String,
        /// The kind of target.
        target: &'static str,
        /// The objective's direction.
        direction: &'static str,
        /// Why not.
        reason: &'static str,
    },
    /// A fit that did not converge, returned by [`crate::FitReport::ensure_converged`].
    #[error(
        "{model} fit with {solver} did not converge: {termination} after {iterations} iterations"
    )]
    NotConverged {
        /// The model.
        model: String,
        /// The solver.
        solver: String,
        /// The solver's termination reason.
        termination: String,
        /// Iterations used.
        iterations: u64,
    },
    /// The objective is not finite at the starting point.
    #[error(
        "objective is {value} at the start {start:?}: pick a start where the model covers the data"
    )]
    NonFiniteStart {
        /// The objective value.
        value: f64,
        /// The start.
        start: Vec<f64>,
    },
    /// Data outside the family's support (forward KL would be `+∞` for
    /// every parameter).
    #[error("{family} needs data with {support}; {}", match index {
        Some(i) => format!("sample {i} is {value}"),
        None => format!("the data have the value {value}"),
    })]
    OutsideSupport {
        /// The family.
        family: String,
        /// Its support, readable (`x > 0`).
        support: String,
        /// Position of the first offending sample (samples only).
        index: Option<usize>,
        /// The offending value.
        value: f64,
    },
    /// Data from which the family cannot be fitted (zero variance, too few
    /// distinct values).
    #[error("{family} cannot be fitted to these data: {reason}")]
    DegenerateData {
        /// The family.
        family: String,
        /// What is wrong, in the user's terms.
        reason: String,
    },
    /// The objective is `+∞` for every parameter value, whatever the solver.
    #[error("{direction} KL is +∞ for every {family}: {reason}")]
    InfiniteEverywhere {
        /// The family.
        family: String,
        /// The direction.
        direction: &'static str,
        /// Why.
        reason: String,
    },
    /// A fit report used with a family it was not fitted with.
    #[error("the report of {report} is not a fit of {family}")]
    ReportMismatch {
        /// The report's model.
        report: String,
        /// The family given with it.
        family: String,
    },
    /// A sweep's values asked for in a direction it did not compute.
    #[error("the sweep has no {direction} values: request that direction with GridSweep::directions (sweeps store forward and reverse KL)")]
    NotSwept {
        /// The direction asked for.
        direction: &'static str,
    },
    /// An analytic derivative disagrees with central finite differences
    /// ([`crate::check_score`], [`crate::check_gradient`]).
    #[error("{0}")]
    DerivativeMismatch(Box<Mismatch>),
}

/// Where and by how much a derivative disagrees with finite differences:
/// the payload of [`Error::DerivativeMismatch`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{what} of {family} wrt {param} at θ = {theta:?}{}: analytic {analytic:e}, finite differences {numeric:e}", match x { Some(x) => format!(", x = {x}"), None => String::new() })]
#[non_exhaustive]
pub struct Mismatch {
    /// `"score"` (of `ln q_θ(x)`) or `"gradient"` (of an objective).
    pub what: &'static str,
    /// The family.
    pub family: String,
    /// The parameter whose derivative disagrees.
    pub param: String,
    /// Where.
    pub theta: Vec<f64>,
    /// The data point, for a score.
    pub x: Option<f64>,
    /// The analytic (or automatic) derivative.
    pub analytic: f64,
    /// The central difference.
    pub numeric: f64,
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
    fn divergence_errors_convert() {
        let e: Error = divergence::from_counts(&[]).unwrap_err().into();
        assert!(matches!(e, Error::Divergence(_)));
    }
}
