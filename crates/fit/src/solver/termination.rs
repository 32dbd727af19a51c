//! Why a fit stopped, as a type.

use crate::start::Degeneracy;

/// Why a fit stopped: argmin's own reason (each of its
/// `TerminationReason`s has a variant here, translated where the crate
/// meets argmin, so argmin's types stay out of this API), or one of the
/// reasons klfit adds (the evaluation cap, a breakdown inside the
/// solver, a closed form, a limit the data force, expectation–maximisation's
/// own ends). Whether the point is an optimum is [`crate::Status`]'s
/// question; this is the solver's side of the story.
///
/// Displays (and serialises, so the JSON field stays a string) as a
/// sentence, e.g. `"Solver converged"`, `"stopped at the evaluation cap
/// (20000)"`.
///
/// # Example
/// ```
/// use fit::{fit, Binomial, Direction, Target, Termination};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit(&worms, &Binomial::new(10)?, Direction::Forward)?;
/// assert_eq!(r.termination(), &Termination::ClosedForm);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Termination {
    /// The solver converged by its own criterion.
    SolverConverged,
    /// The solver reached its target cost.
    TargetCostReached,
    /// The solver reached [`crate::FitOptions::max_iters`].
    MaxItersReached,
    /// The run was interrupted (SIGINT, SIGTERM or SIGHUP).
    Interrupt,
    /// The solver's time limit was reached.
    Timeout,
    /// The solver exited early, with its reason.
    SolverExit(String),
    /// argmin's state carried no reason.
    NotTerminated,
    /// The run hit [`crate::FitOptions::max_evals`] (objective plus
    /// gradient evaluations); the best point evaluated is reported.
    MaxEvals {
        /// The cap.
        cap: u64,
    },
    /// The solver broke down (a degenerate simplex or line search); the
    /// best point evaluated is reported.
    BrokeDown,
    /// A 1-D solver's point was worse than an end of its bracket, which is
    /// reported instead.
    BracketEnd {
        /// The bracket end.
        end: f64,
        /// How the solver itself stopped.
        solver: Box<Termination>,
    },
    /// The optimum is in closed form; no solver ran.
    ClosedForm,
    /// The data put the optimum at a limit of the parameter space.
    Limit(Degeneracy),
    /// The family has no free parameter.
    NoFreeParameter,
    /// Expectation–maximisation met its relative tolerance.
    EmConverged,
    /// Expectation–maximisation stopped at its iteration cap.
    EmIterationCap {
        /// The cap.
        cap: u64,
    },
    /// A mixture component collapsed (zero weight or zero width) during
    /// expectation–maximisation.
    EmCollapsed,
}

impl core::fmt::Display for Termination {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Termination::SolverConverged => f.write_str("Solver converged"),
            Termination::TargetCostReached => f.write_str("Target cost value reached"),
            Termination::MaxItersReached => f.write_str("Maximum number of iterations reached"),
            Termination::Interrupt => f.write_str("Interrupt"),
            Termination::Timeout => f.write_str("Timeout reached"),
            Termination::SolverExit(reason) => f.write_str(reason),
            Termination::NotTerminated => f.write_str("not terminated"),
            Termination::MaxEvals { cap } => write!(f, "stopped at the evaluation cap ({cap})"),
            Termination::BrokeDown => f.write_str(
                "the solver broke down (a degenerate simplex or line search); the best point evaluated is reported",
            ),
            Termination::BracketEnd { end, solver } => {
                write!(f, "{solver}; the bracket end {end} is lower than the solver's point")
            }
            Termination::ClosedForm => f.write_str("closed-form optimum"),
            Termination::Limit(d) => write!(f, "the data put the optimum at a limit: {d}"),
            Termination::NoFreeParameter => f.write_str("no free parameter"),
            Termination::EmConverged => f.write_str("EM converged"),
            Termination::EmIterationCap { cap } => {
                write!(f, "EM stopped at its iteration cap ({cap})")
            }
            Termination::EmCollapsed => {
                f.write_str("a component collapsed (zero weight or zero width)")
            }
        }
    }
}

impl serde::Serialize for Termination {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
