//! The one place where argmin is met: its `CostFunction`/`Gradient` impls for
//! our objectives, and the translation of its state into ours.

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};

use super::Termination;
use argmin::solver::brent::BrentOpt;
use argmin::solver::goldensectionsearch::GoldenSectionSearch;
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::LBFGS;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::Solver;
use crate::error::Result;
use crate::objective::Objective;
use crate::tolerance::{
    BRENT_ABS_TOL, GOLDEN_REL_TOL, LBFGS_COST_TOL, LBFGS_GRAD_TOL, LBFGS_MEMORY, NELDER_MEAD_SD_TOL,
};

/// What a solver run produced, before polishing.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub(crate) theta: Vec<f64>,
    pub(crate) termination: Termination,
    pub(crate) solver_converged: bool,
    pub(crate) iterations: u64,
    pub(crate) cost_evals: u64,
    pub(crate) gradient_evals: u64,
}

/// Evaluations counted by our own problem wrappers (argmin's counters miss
/// the evaluations L-BFGS makes inside its line search), the cap on their
/// sum, and the best point seen, so that a run stopped by the cap or by an
/// error inside argmin still reports where it got to.
struct Counts {
    cost: AtomicU64,
    gradient: AtomicU64,
    cap: u64,
    best: Mutex<Option<(f64, Vec<f64>)>>,
}

/// The message of the error a capped evaluation returns into argmin.
const CAP_REACHED: &str = "klfit: evaluation cap reached";

impl Counts {
    fn new(cap: u64) -> Counts {
        Counts {
            cost: AtomicU64::new(0),
            gradient: AtomicU64::new(0),
            cap,
            best: Mutex::new(None),
        }
    }

    fn total(&self) -> u64 {
        self.cost.load(Ordering::Relaxed) + self.gradient.load(Ordering::Relaxed)
    }

    /// Counts one evaluation; an error once the cap is reached, which stops
    /// argmin from inside its loop (line searches included).
    fn tick(&self, counter: &AtomicU64) -> core::result::Result<(), argmin::core::Error> {
        if self.total() >= self.cap {
            return Err(argmin::core::Error::msg(CAP_REACHED));
        }
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Remembers `theta` if its value is the lowest seen.
    fn offer(&self, value: f64, theta: impl FnOnce() -> Vec<f64>) {
        if value.is_nan() {
            return;
        }
        let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        if best.as_ref().is_none_or(|(v, _)| value < *v) {
            *best = Some((value, theta()));
        }
    }
}

/// One bounded parameter, in θ space.
struct Scalar<'o, 'a> {
    obj: &'o Objective<'a>,
    counts: &'o Counts,
}

impl CostFunction for Scalar<'_, '_> {
    type Param = f64;
    type Output = f64;
    fn cost(&self, x: &f64) -> core::result::Result<f64, argmin::core::Error> {
        self.counts.tick(&self.counts.cost)?;
        let v = self.obj.value_unchecked(&[*x]);
        self.counts.offer(v, || vec![*x]);
        Ok(v)
    }
}

/// Any number of parameters, in the unconstrained z space, with the
/// objective multiplied by a positive constant `scale`.
///
/// L-BFGS's first step is the raw negative gradient (its curvature estimate
/// starts at the identity); for L-BFGS `scale = 1/max(1, ‖∇f(z₀)‖)`, so that
/// first step has length at most 1 in z (a factor e in a scale parameter)
/// instead of leaping to where the objective cannot be evaluated. Scaling
/// does not move the minimiser; later steps use the observed curvature and
/// are unaffected. The gradient tolerance becomes relative to ‖∇f(z₀)‖.
struct Unconstrained<'o, 'a> {
    obj: &'o Objective<'a>,
    counts: &'o Counts,
    scale: f64,
}

impl CostFunction for Unconstrained<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, z: &Vec<f64>) -> core::result::Result<f64, argmin::core::Error> {
        self.counts.tick(&self.counts.cost)?;
        let v = self.obj.value_z(z);
        self.counts.offer(v, || self.obj.theta_of(z));
        Ok(self.scale * v)
    }
}

impl Gradient for Unconstrained<'_, '_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, z: &Vec<f64>) -> core::result::Result<Vec<f64>, argmin::core::Error> {
        self.counts.tick(&self.counts.gradient)?;
        let mut g = self.obj.gradient_z(z);
        g.iter_mut().for_each(|x| *x *= self.scale);
        Ok(g)
    }
}

/// The readable reason, and whether the solver stopped of its own accord.
///
/// A `SolverExit` (e.g. L-BFGS whose line search finds no descent
/// direction because the gradient is at rounding level) counts as stopping
/// of its own accord; whether the point is an optimum is then decided by
/// the first-order check in `build_report` (gradient norm below
/// `CONVERGED_GRAD_TOL`), never by the solver's word alone. Hitting the
/// iteration limit, an interrupt or an abort never count.
fn reason(r: Option<&TerminationReason>) -> (Termination, bool) {
    match r {
        Some(r) => (
            match r {
                TerminationReason::MaxItersReached => Termination::MaxItersReached,
                TerminationReason::TargetCostReached => Termination::TargetCostReached,
                TerminationReason::Interrupt => Termination::Interrupt,
                TerminationReason::SolverConverged => Termination::SolverConverged,
                TerminationReason::Timeout => Termination::Timeout,
                TerminationReason::SolverExit(s) => Termination::SolverExit(s.clone()),
            },
            matches!(
                r,
                TerminationReason::SolverConverged
                    | TerminationReason::TargetCostReached
                    | TerminationReason::SolverExit(_)
            ),
        ),
        None => (Termination::NotTerminated, false),
    }
}

/// Runs `solver` from `start` (θ space); `bracket` for the 1-D solvers. At
/// most `max_iters` iterations and `max_evals` objective plus gradient
/// evaluations; a run stopped by the evaluation cap, or by an error inside
/// argmin (a line search or simplex that broke down), returns the best
/// point it evaluated, not converged, with the reason in the user's terms.
pub(crate) fn run(
    obj: &Objective<'_>,
    solver: Solver,
    start: &[f64],
    bracket: (f64, f64),
    max_iters: u64,
    max_evals: u64,
) -> Result<Raw> {
    match solver {
        Solver::None | Solver::ExpectationMaximization | Solver::ClosedForm => Ok(Raw {
            theta: start.to_vec(),
            termination: Termination::NoFreeParameter,
            solver_converged: true,
            iterations: 0,
            cost_evals: 0,
            gradient_evals: 0,
        }),
        Solver::Brent | Solver::GoldenSection => {
            let (lo, hi) = bracket;
            let counts = Counts::new(max_evals);
            let problem = Scalar {
                obj,
                counts: &counts,
            };
            if solver == Solver::Brent {
                let s = BrentOpt::new(lo, hi).set_tolerance(f64::EPSILON.sqrt(), BRENT_ABS_TOL);
                let run = Executor::new(problem, s)
                    .configure(|st| st.max_iters(max_iters))
                    .run();
                Ok(match run {
                    Ok(r) => finish(&r.state, |x: &f64| vec![*x], vec![f64::NAN], &counts),
                    Err(e) => stopped(&e, &counts, vec![f64::NAN]),
                })
            } else {
                let s = GoldenSectionSearch::new(lo, hi)?.with_tolerance(GOLDEN_REL_TOL)?;
                let x0 = start[0].clamp(lo, hi);
                let run = Executor::new(problem, s)
                    .configure(|st| st.param(x0).max_iters(max_iters))
                    .run();
                Ok(match run {
                    Ok(r) => finish(&r.state, |x: &f64| vec![*x], vec![f64::NAN], &counts),
                    Err(e) => stopped(&e, &counts, vec![f64::NAN]),
                })
            }
        }
        Solver::Lbfgs | Solver::NelderMead => {
            let z0 = obj.z_of(start);
            let counts = Counts::new(max_evals);
            let scale = if solver == Solver::Lbfgs {
                counts.gradient.fetch_add(1, Ordering::Relaxed);
                let g0 = obj.gradient_z(&z0);
                let norm = g0.iter().map(|x| x * x).sum::<f64>().sqrt();
                if norm.is_finite() {
                    1.0 / norm.max(1.0)
                } else {
                    1.0
                }
            } else {
                1.0
            };
            let problem = Unconstrained {
                obj,
                counts: &counts,
                scale,
            };
            let to_theta = |z: &Vec<f64>| obj.theta_of(z);
            let fallback = start.to_vec();
            if solver == Solver::Lbfgs {
                let s = LBFGS::new(MoreThuenteLineSearch::new(), LBFGS_MEMORY)
                    .with_tolerance_grad(LBFGS_GRAD_TOL)?
                    .with_tolerance_cost(LBFGS_COST_TOL)?;
                let run = Executor::new(problem, s)
                    .configure(|st| st.param(z0).max_iters(max_iters))
                    .run();
                Ok(match run {
                    Ok(r) => finish(&r.state, to_theta, fallback, &counts),
                    Err(e) => stopped(&e, &counts, fallback),
                })
            } else {
                // Initial simplex: the start and one step of 0.5 along each axis of z.
                let mut simplex = vec![z0.clone()];
                for i in 0..z0.len() {
                    let mut v = z0.clone();
                    v[i] += 0.5;
                    simplex.push(v);
                }
                let f0 = obj.value_z(&z0);
                let sd_tol = NELDER_MEAD_SD_TOL
                    * if f0.is_finite() {
                        f0.abs().max(1.0)
                    } else {
                        1.0
                    };
                let s = NelderMead::new(simplex).with_sd_tolerance(sd_tol)?;
                let run = Executor::new(problem, s)
                    .configure(|st| st.max_iters(max_iters))
                    .run();
                Ok(match run {
                    Ok(r) => finish(&r.state, to_theta, fallback, &counts),
                    Err(e) => stopped(&e, &counts, fallback),
                })
            }
        }
    }
}

/// A run that argmin ended with an error: the evaluation cap, or a
/// breakdown inside the solver. Reports the best point evaluated (else
/// `fallback`), never as converged; argmin's own text (which may ask the
/// reader to file a bug report against argmin) is not passed on.
fn stopped(e: &argmin::core::Error, counts: &Counts, fallback: Vec<f64>) -> Raw {
    let termination = if e.to_string().contains(CAP_REACHED) {
        Termination::MaxEvals { cap: counts.cap }
    } else {
        Termination::BrokeDown
    };
    let best = counts.best.lock().unwrap_or_else(|e| e.into_inner()).take();
    Raw {
        theta: best.map_or(fallback, |(_, t)| t),
        termination,
        solver_converged: false,
        iterations: 0,
        cost_evals: counts.cost.load(Ordering::Relaxed),
        gradient_evals: counts.gradient.load(Ordering::Relaxed),
    }
}

/// Translates argmin's final state into a [`Raw`].
fn finish<S: State>(
    st: &S,
    to_theta: impl Fn(&S::Param) -> Vec<f64>,
    fallback: Vec<f64>,
    counts: &Counts,
) -> Raw {
    let (termination, solver_converged) = reason(st.get_termination_reason());
    Raw {
        theta: st.get_best_param().map_or(fallback, to_theta),
        termination,
        solver_converged,
        iterations: st.get_iter(),
        cost_evals: counts.cost.load(Ordering::Relaxed),
        gradient_evals: counts.gradient.load(Ordering::Relaxed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmin_breakdowns_are_reported_in_our_words_at_the_best_point() {
        let counts = Counts::new(10);
        counts.offer(2.0, || vec![2.0]);
        counts.offer(1.0, || vec![1.0]);
        counts.offer(f64::NAN, || vec![9.0]);
        let e = argmin::core::Error::msg(
            "Potential bug: the simplex is degenerate. This is potentially a bug. Please file a report",
        );
        let raw = stopped(&e, &counts, vec![0.0]);
        assert_eq!(raw.theta, vec![1.0]);
        assert!(!raw.solver_converged);
        assert!(
            !raw.termination.to_string().contains("file a report")
                && !raw.termination.to_string().contains("bug"),
            "{}",
            raw.termination
        );
        let capped = stopped(&argmin::core::Error::msg(CAP_REACHED), &counts, vec![0.0]);
        assert_eq!(capped.termination, Termination::MaxEvals { cap: 10 });
    }

    #[test]
    fn the_cap_stops_evaluations() {
        let counts = Counts::new(2);
        assert!(counts.tick(&counts.cost).is_ok());
        assert!(counts.tick(&counts.gradient).is_ok());
        assert!(counts.tick(&counts.cost).is_err());
        assert_eq!(counts.total(), 2);
    }
}
