//! Solvers: which one, and the argmin adapter that runs it.

pub(crate) mod adapter;
pub(crate) mod polish;
mod termination;

pub use termination::Termination;

/// The optimisation algorithm.
///
/// | solver | parameters | space | uses gradient |
/// |---|---|---|---|
/// | `Brent` | exactly 1, finite bracket | θ | no |
/// | `GoldenSection` | exactly 1, finite bracket | θ | no |
/// | `Lbfgs` | any | unconstrained z | yes (More–Thuente line search) |
/// | `NelderMead` | any | unconstrained z | no |
///
/// Every solver is followed by a Newton polish on the analytic gradient
/// (see [`crate::FitOptions::polish`]): derivative-free minimisers stop
/// where the cost is flat to rounding, `|θ − θ*| ≈ √ε`; a root of the
/// gradient is determined to `≈ ε`.
///
/// # Reference
/// Brent, *Algorithms for Minimization without Derivatives* (1973), ch. 5;
/// Kiefer (1953) for golden-section search; Nocedal & Wright, *Numerical
/// Optimization* (2nd ed.), §7.2 (L-BFGS); Moré & Thuente, *ACM TOMS* 20
/// (1994) 286–307; Nelder & Mead, *Comput. J.* 7 (1965) 308–313.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Solver {
    /// Brent's parabolic/golden minimiser on a bracket.
    Brent,
    /// Golden-section search on a bracket.
    GoldenSection,
    /// Limited-memory BFGS with the More–Thuente line search.
    Lbfgs,
    /// The Nelder–Mead simplex.
    NelderMead,
    /// No free parameter: the objective is only evaluated.
    None,
    /// Expectation–maximisation (only via [`crate::em`], for [`crate::MixtureOfNormals`]).
    ExpectationMaximization,
    /// No iteration: the optimum in closed form ([`crate::Start::Exact`]),
    /// or a limit the data force ([`crate::Start::Limit`]).
    ClosedForm,
}

impl Solver {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Solver::Brent => "brent",
            Solver::GoldenSection => "golden_section",
            Solver::Lbfgs => "lbfgs",
            Solver::NelderMead => "nelder_mead",
            Solver::None => "none",
            Solver::ExpectationMaximization => "em",
            Solver::ClosedForm => "closed_form",
        }
    }

    /// The default for `k` parameters with the given finite-bracket status:
    /// none for 0, Brent for one bounded parameter, L-BFGS otherwise.
    pub fn default_for(k: usize, bounded: bool) -> Solver {
        match (k, bounded) {
            (0, _) => Solver::None,
            (1, true) => Solver::Brent,
            _ => Solver::Lbfgs,
        }
    }

    /// Every solver applicable to `k` parameters with/without a finite bracket.
    pub fn applicable(k: usize, bounded: bool) -> Vec<Solver> {
        match (k, bounded) {
            (0, _) => vec![Solver::None],
            (1, true) => vec![
                Solver::Brent,
                Solver::GoldenSection,
                Solver::Lbfgs,
                Solver::NelderMead,
            ],
            _ => vec![Solver::Lbfgs, Solver::NelderMead],
        }
    }
}

impl core::fmt::Display for Solver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}
