//! Fitting: options, the fit itself, and multi-start.

use std::time::Instant;

use rayon::prelude::*;

use crate::check;
use crate::error::{Error, Result};
use crate::family::{check_params, Family};
use crate::objective::{Direction, Objective};
use crate::report::{FitReport, Params, Status};
use crate::solver::{adapter, polish, Solver, Termination};
use crate::start::{DataSummary, Degeneracy, Start};
use crate::target::{Repr, Target};
use crate::tolerance::{
    AT_BOUND_TOL, CONVERGED_GRAD_TOL, DEFAULT_MAX_EVALS, DEFAULT_MAX_ITERS, DISTINCT_MINIMUM_TOL,
    POLISH_MAX_PARAMS,
};

/// Fits `family` to `target` by minimising `direction` with the default
/// solver (Brent for one bounded parameter, L-BFGS otherwise).
///
/// # Errors
/// See [`FitOptions::fit`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{fit, Binomial, Direction, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit(&worms, &Binomial::new(10)?, Direction::Forward)?;
/// assert!((r.kl_forward_bits().unwrap() - 0.477).abs() < 5e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fit(target: &Target, family: &dyn Family, direction: Direction) -> Result<FitReport> {
    FitOptions::new(direction).fit(target, family)
}

/// How to fit: direction, solver, start, bracket, iteration and evaluation
/// caps, polish.
///
/// Without an explicit start, a fit starts where the data say
/// ([`Family::data_start`]): a forward fit whose optimum is in closed form
/// reports it directly (solver `closed_form`) unless a solver is chosen, a
/// mixture of Normals runs EM from several initialisations, and the
/// family's fixed [`Family::start`] is the fallback.
///
/// # Example
/// ```
/// use fit::{Binomial, Direction, FitOptions, Solver, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = FitOptions::new(Direction::Reverse)
///     .solver(Solver::NelderMead)
///     .start(vec![0.3])
///     .fit(&worms, &Binomial::new(10)?)?;
/// assert!(r.converged());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FitOptions {
    direction: Direction,
    solver: Option<Solver>,
    max_iters: u64,
    max_evals: u64,
    start: Option<Vec<f64>>,
    bracket: Option<(f64, f64)>,
    polish: bool,
}

impl FitOptions {
    /// Defaults for `direction`: the family's default solver and start,
    /// [`DEFAULT_MAX_ITERS`], polish on.
    pub fn new(direction: Direction) -> FitOptions {
        FitOptions {
            direction,
            solver: None,
            max_iters: DEFAULT_MAX_ITERS,
            max_evals: DEFAULT_MAX_EVALS,
            start: None,
            bracket: None,
            polish: true,
        }
    }

    /// Chooses the solver.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = Some(solver);
        self
    }

    /// Caps the solver's iterations (EM's too).
    pub fn max_iters(mut self, n: u64) -> Self {
        self.max_iters = n;
        self
    }

    /// Caps the objective plus gradient evaluations of one solver run
    /// (default [`DEFAULT_MAX_EVALS`]). The cap is checked at every
    /// evaluation, inside line searches too; a run that reaches it reports
    /// the best point it evaluated as not converged.
    pub fn max_evals(mut self, n: u64) -> Self {
        self.max_evals = n;
        self
    }

    /// Starts from `theta` (natural parameters) instead of [`Family::start`].
    pub fn start(mut self, theta: Vec<f64>) -> Self {
        self.start = Some(theta);
        self
    }

    /// Bracket `[lower, upper]` for Brent and golden-section search (default:
    /// the parameter's bounds, which must then be finite).
    pub fn bracket(mut self, lower: f64, upper: f64) -> Self {
        self.bracket = Some((lower, upper));
        self
    }

    /// Turns the Newton polish on the analytic gradient on or off.
    pub fn polish(mut self, on: bool) -> Self {
        self.polish = on;
        self
    }

    /// The iteration cap.
    pub(crate) fn max_iters_value(&self) -> u64 {
        self.max_iters
    }

    /// The direction.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Runs the fit.
    ///
    /// A fit that stops without converging is returned with `converged =
    /// false` and the solver's reason; call [`FitReport::ensure_converged`]
    /// to make that an error.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for an impossible target/family/direction
    /// combination; [`Error::ParameterCount`] / [`Error::InvalidParameter`]
    /// for a bad start (gradient solvers need it strictly inside the bounds);
    /// [`Error::InvalidBounds`] for a bad or infinite bracket with Brent or
    /// golden-section; [`Error::SolverMismatch`] for a 1-D solver on several
    /// parameters; [`Error::NonFiniteStart`] when the objective is infinite
    /// at the start; [`Error::Solver`] when argmin fails.
    ///
    /// # Panics
    /// Never.
    pub fn fit(&self, target: &Target, family: &dyn Family) -> Result<FitReport> {
        let t0 = Instant::now();
        let obj = Objective::new(target, family, self.direction)?;
        check::data_in_support(target, family, self.direction)?;
        let summary = DataSummary::new(target);
        let forward = self.direction != Direction::Reverse;
        // EM makes its own starts (sorting the samples once for all of them).
        if let (true, None, Some(m)) = (forward, self.solver, family.as_mixture_of_normals()) {
            if matches!(target.repr, Repr::Samples(_) | Repr::Density(_)) {
                target.refuse_weights(
                    "a mixture fit",
                    "EM and its k-means starts read the samples unweighted",
                )?;
                return crate::em::fit_mixture(&obj, m, &summary, self.start.as_deref(), self, t0);
            }
        }
        let data_start = match (summary.is_known(), target.is_weighted()) {
            (false, _) => None,
            (true, false) => family.data_start(&summary)?,
            // The families' closed forms read the samples unweighted: a
            // start for the solver, never the answer.
            (true, true) => match family.data_start(&summary)? {
                Some(Start::Exact(t)) => Some(Start::Estimate(t)),
                other => other,
            },
        };
        if forward && self.start.is_none() {
            match &data_start {
                Some(Start::Limit { theta, degeneracy }) => {
                    check_params(family, theta)?;
                    return closed_form(
                        &obj,
                        theta,
                        Termination::Limit(degeneracy.clone()),
                        Some(degeneracy.clone()),
                        t0,
                    );
                }
                Some(Start::Exact(theta)) if self.solver.is_none() => {
                    check_params(family, theta)?;
                    return closed_form(&obj, theta, Termination::ClosedForm, None, t0);
                }
                _ => {}
            }
        }
        let params = &obj.params;
        let k = params.len();
        let bracket = match (self.bracket, params.first()) {
            (Some((lo, hi)), Some(p)) => {
                let bad = |reason| Error::InvalidBounds {
                    name: p.name.to_string(),
                    lower: lo,
                    upper: hi,
                    reason,
                };
                if !lo.is_finite() || !hi.is_finite() || lo >= hi {
                    return Err(bad("need finite lower < upper"));
                }
                if lo < p.lower || hi > p.upper {
                    return Err(bad("the bracket leaves the parameter's bounds"));
                }
                (lo, hi)
            }
            (None, Some(p)) => (p.lower, p.upper),
            (_, None) => (f64::NAN, f64::NAN),
        };
        let bounded = k == 1 && bracket.0.is_finite() && bracket.1.is_finite();
        let solver = self.solver.unwrap_or(Solver::default_for(k, bounded));
        let mismatch = |reason| Error::SolverMismatch {
            solver: solver.as_str(),
            family: family.name(),
            reason,
        };
        match solver {
            Solver::None if k > 0 => return Err(mismatch("the family has free parameters")),
            Solver::Brent | Solver::GoldenSection if k != 1 => {
                return Err(mismatch("a 1-D solver needs exactly one parameter"))
            }
            Solver::Brent | Solver::GoldenSection if !bounded => {
                return Err(Error::InvalidBounds {
                    name: params[0].name.to_string(),
                    lower: bracket.0,
                    upper: bracket.1,
                    reason: "a 1-D solver needs a finite bracket (the parameter is unbounded): \
                             choose lbfgs or nelder-mead, or give a bracket",
                })
            }
            Solver::ExpectationMaximization => {
                return Err(mismatch("EM is run by fit::em, for a MixtureOfNormals"))
            }
            Solver::ClosedForm => {
                return Err(mismatch(
                    "closed_form is reported, not chosen: leave the solver unset",
                ))
            }
            Solver::Lbfgs | Solver::NelderMead if k == 0 => {
                return Err(mismatch("the family has no free parameter"))
            }
            _ => {}
        }
        let gradient_solver = matches!(solver, Solver::Lbfgs | Solver::NelderMead);
        let interior = |t: &[f64]| {
            check_params(family, t).is_ok()
                && family.to_unconstrained(t).iter().all(|z| z.is_finite())
        };
        // A data start on a bound (a closed form with an empty category)
        // cannot start a solver in z; the fixed start can.
        let start = match (&self.start, &data_start) {
            (Some(s), _) => s.clone(),
            (None, Some(d)) if !gradient_solver || interior(d.theta()) => d.theta().to_vec(),
            _ => family.start(),
        };
        check_params(family, &start)?;
        if gradient_solver {
            let z0 = family.to_unconstrained(&start);
            if let Some(i) = z0.iter().position(|z| !z.is_finite()) {
                return Err(Error::InvalidParameter {
                    name: params[i].name.to_string(),
                    value: start[i],
                    reason: "a gradient solver's start must lie strictly inside the bounds",
                });
            }
        }
        if gradient_solver || self.direction == Direction::Reverse {
            let v0 = obj.value_unchecked(&start);
            if !v0.is_finite() {
                if self.direction == Direction::Reverse {
                    if let Some(e) = check::reverse_support_error(target, family) {
                        return Err(e);
                    }
                }
                if gradient_solver {
                    return Err(Error::NonFiniteStart { value: v0, start });
                }
            }
        }
        let mut raw = adapter::run(
            &obj,
            solver,
            &start,
            bracket,
            self.max_iters,
            self.max_evals,
        )?;
        if bounded && matches!(solver, Solver::Brent | Solver::GoldenSection) {
            settle_on_bracket_ends(&obj, &mut raw, bracket)?;
        }
        let (theta, steps, ce, ge) =
            if self.polish && k <= POLISH_MAX_PARAMS && raw.theta.iter().all(|t| t.is_finite()) {
                let p = polish::polish(&obj, &raw.theta);
                (p.theta, p.steps, p.cost_evals, p.gradient_evals)
            } else {
                (raw.theta.clone(), 0, 0, 0)
            };
        let exact = matches!(data_start, Some(Start::Exact(_))) && forward;
        let degeneracy = degeneracy(&obj, &summary, &theta, exact);
        build_report(
            &obj,
            solver,
            &theta,
            Run {
                termination: raw.termination,
                solver_converged: raw.solver_converged,
                degeneracy,
                iterations: raw.iterations,
                cost_evals: raw.cost_evals + ce,
                gradient_evals: raw.gradient_evals + ge,
                polish_steps: steps,
                runs: (1, 1),
                seconds: t0.elapsed().as_secs_f64(),
            },
        )
    }

    /// Runs the fit from every start (in parallel) and reports each distinct
    /// local minimum, sorted by objective, plus saddle points and runs that
    /// did not converge. Reverse KL to a multimodal target has several local
    /// minima; this is how to see them all.
    ///
    /// # Errors
    /// As [`FitOptions::fit`], for the first start that fails.
    ///
    /// # Example
    /// ```
    /// use fit::{Direction, FitOptions, Normal, Target};
    /// let mix = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
    /// let starts = vec![vec![-4.0, 1.0], vec![4.0, 1.0]];
    /// let ms = FitOptions::new(Direction::Reverse).multi_start(&mix, &Normal, &starts)?;
    /// assert_eq!(ms.minima.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn multi_start(
        &self,
        target: &Target,
        family: &dyn Family,
        starts: &[Vec<f64>],
    ) -> Result<MultiStart> {
        let obj = Objective::new(target, family, self.direction)?;
        let runs: Vec<FitReport> = starts
            .par_iter()
            .map(|s| self.clone().start(s.clone()).fit(target, family))
            .collect::<Result<_>>()?;
        let mut out = MultiStart {
            minima: Vec::new(),
            saddles: Vec::new(),
            not_converged: Vec::new(),
            starts: starts.len(),
        };
        for r in runs {
            if !r.converged() {
                out.not_converged.push(r);
                continue;
            }
            let theta = r.params.values();
            let list = if polish::is_minimum(&obj, &theta) {
                &mut out.minima
            } else {
                &mut out.saddles
            };
            let seen = list.iter().any(|m| {
                m.params
                    .values()
                    .iter()
                    .zip(&theta)
                    .all(|(a, b)| (a - b).abs() <= DISTINCT_MINIMUM_TOL * a.abs().max(1.0))
            });
            if !seen {
                list.push(r);
            }
        }
        out.minima
            .sort_by(|a, b| a.objective_nats.total_cmp(&b.objective_nats));
        out.saddles
            .sort_by(|a, b| a.objective_nats.total_cmp(&b.objective_nats));
        Ok(out)
    }
}

/// The outcome of [`FitOptions::multi_start`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct MultiStart {
    /// Distinct local minima (positive-definite Hessian), best first.
    pub minima: Vec<FitReport>,
    /// Distinct converged stationary points that are not minima.
    pub saddles: Vec<FitReport>,
    /// Runs that did not converge (never silently dropped).
    pub not_converged: Vec<FitReport>,
    /// How many starts were run.
    pub starts: usize,
}

/// A report at a point that needed no solver: a closed-form optimum or a
/// limit the data force.
fn closed_form(
    obj: &Objective<'_>,
    theta: &[f64],
    termination: Termination,
    degeneracy: Option<Degeneracy>,
    t0: Instant,
) -> Result<FitReport> {
    build_report(
        obj,
        Solver::ClosedForm,
        theta,
        Run {
            termination,
            solver_converged: true,
            degeneracy,
            iterations: 0,
            cost_evals: 0,
            gradient_evals: 0,
            polish_steps: 0,
            runs: (1, 1),
            seconds: t0.elapsed().as_secs_f64(),
        },
    )
}

/// Whether `theta` is a degenerate optimum: the family's own test
/// ([`Family::degeneracy`]), else a parameter with two finite bounds that
/// ended on one of them although the data did not put it there in closed
/// form.
pub(crate) fn degeneracy(
    obj: &Objective<'_>,
    summary: &DataSummary<'_>,
    theta: &[f64],
    exact: bool,
) -> Option<Degeneracy> {
    if let Some(d) = obj.family.degeneracy(theta, summary) {
        return Some(d);
    }
    if exact {
        return None;
    }
    obj.params.iter().zip(theta).find_map(|(p, &t)| {
        let width = p.upper - p.lower;
        if !width.is_finite() {
            return None;
        }
        let bound = if t - p.lower <= AT_BOUND_TOL * width {
            p.lower
        } else if p.upper - t <= AT_BOUND_TOL * width {
            p.upper
        } else {
            return None;
        };
        Some(Degeneracy::new(
            p.name.to_string(),
            format!(
                "ended on its bound {bound}: the optimum lies on the edge of the parameter space"
            ),
        ))
    })
}

/// A 1-D solver only probes the inside of its bracket: where the objective
/// is finite only at an end (reverse KL of a Binomial against counts with a
/// gap, finite only at `p = 0`) it returns a non-finite point or a worse
/// one. The ends are evaluated too and the lowest finite value wins (the
/// solver's point on a tie); the degeneracy check then reports a point on
/// a bound as such.
///
/// # Errors
/// [`Error::InfiniteEverywhere`] when neither the solver's point nor an end
/// has a finite objective.
fn settle_on_bracket_ends(
    obj: &Objective<'_>,
    raw: &mut adapter::Raw,
    bracket: (f64, f64),
) -> Result<()> {
    let value = |t: f64| {
        let v = obj.value_unchecked(&[t]);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let solver_point = raw.theta.first().copied().filter(|t| t.is_finite());
    let mut best = solver_point.map(|t| (t, value(t)));
    for end in [bracket.0, bracket.1] {
        let v = value(end);
        if v < best.map_or(f64::INFINITY, |b| b.1) {
            best = Some((end, v));
        }
    }
    raw.cost_evals += 2;
    match best {
        Some((t, v)) if v.is_finite() => {
            if solver_point != Some(t) {
                raw.termination = Termination::BracketEnd {
                    end: t,
                    solver: Box::new(raw.termination.clone()),
                };
                raw.theta = vec![t];
            }
            Ok(())
        }
        _ => Err(Error::InfiniteEverywhere {
            family: obj.family.name(),
            direction: obj.direction.as_str(),
            reason: "the 1-D solver and both ends of the bracket found no finite value".into(),
        }),
    }
}

/// How a solver run went.
pub(crate) struct Run {
    pub(crate) termination: Termination,
    pub(crate) solver_converged: bool,
    pub(crate) degeneracy: Option<Degeneracy>,
    /// (runs made, runs that reached the reported optimum)
    pub(crate) runs: (u32, u32),
    pub(crate) iterations: u64,
    pub(crate) cost_evals: u64,
    pub(crate) gradient_evals: u64,
    pub(crate) polish_steps: u64,
    pub(crate) seconds: f64,
}

pub(crate) fn build_report(
    obj: &Objective<'_>,
    solver: Solver,
    theta: &[f64],
    run: Run,
) -> Result<FitReport> {
    let v = obj.all(theta)?;
    // The norm in the unconstrained space z, where it is zero at an interior
    // optimum even for constrained families (simplex weights); θ-space if
    // the optimum sits on a bound (z infinite).
    let z = obj.z_of(theta);
    let g = if z.iter().all(|v| v.is_finite()) {
        obj.gradient_z(&z)
    } else {
        let mut g = vec![0.0; theta.len()];
        obj.gradient_unchecked(theta, &mut g);
        g
    };
    // fold from +0.0: an empty f64 sum is -0.0, which would print as "-0".
    let gradient_norm = g.iter().fold(0.0, |a, x| a + x * x).sqrt();
    // First-order optimality, scaled like the objective: its gradient is
    // only known to the relative accuracy of its value, which for an
    // unnormalised target carries the offset −ln Z (Nocedal & Wright,
    // *Numerical Optimization*, 2nd ed., §2.2 and eq. (7.15) use the same
    // max(1, |f|) scaling).
    let objective = obj.value_unchecked(theta);
    // A closed form is exact by construction; its gradient may not exist
    // (an empty category of a categorical sits on a bound).
    let converged = run.solver_converged
        && objective.is_finite()
        && (theta.is_empty()
            || solver == Solver::ClosedForm
            || gradient_norm.is_finite()
                && gradient_norm < CONVERGED_GRAD_TOL * objective.abs().max(1.0));
    let status = match (run.degeneracy, converged) {
        (Some(d), _) => Status::Degenerate(d),
        (None, true) => Status::Converged,
        (None, false) => Status::NotConverged,
    };
    let k = theta.len() as f64;
    let n = obj.target.count();
    // The log-likelihood's weight: the number of observations, or the
    // total of their weights.
    let total = obj.target.total_weight();
    let inference = match (&status, total) {
        (Status::Converged, Some(w)) => crate::inference::standard_errors(obj, theta, w),
        _ => None,
    };
    let ll = match (total, v.cross_entropy) {
        (Some(w), Some(ce)) => Some(-w * ce),
        _ => None,
    };
    Ok(FitReport {
        model: obj.family.name(),
        direction: obj.direction,
        solver,
        params: Params::new(obj.params.iter().map(|p| p.name.to_string()), theta),
        objective_nats: objective,
        kl_forward_nats: v.forward,
        kl_reverse_nats: v.reverse,
        cross_entropy_nats: v.cross_entropy,
        binned_kl_nats: binned_kl(obj, theta),
        termination: run.termination,
        status,
        runs: run.runs.0,
        runs_agreed: run.runs.1,
        iterations: run.iterations,
        cost_evals: run.cost_evals,
        gradient_evals: run.gradient_evals,
        polish_steps: run.polish_steps,
        gradient_norm,
        wall_time_secs: run.seconds,
        n,
        log_likelihood: ll,
        aic: ll.map(|l| 2.0 * k - 2.0 * l),
        bic: ll.zip(n).map(|(l, n)| k * (n as f64).ln() - 2.0 * l),
        std_errors: inference
            .as_ref()
            .map(|(se, _)| Params::new(obj.params.iter().map(|p| p.name.to_string()), se)),
        correlation: inference.map(|(_, c)| c),
    })
}

/// KL(sample bin frequencies ‖ model bin masses conditional on the binned
/// range), in nats; `None` without bins or without a CDF.
fn binned_kl(obj: &Objective<'_>, theta: &[f64]) -> Option<f64> {
    let crate::target::Repr::Samples(s) = &obj.target.repr else {
        return None;
    };
    let (edges, p) = s.bins.as_ref()?;
    let cdf: Vec<f64> = edges
        .iter()
        .map(|&e| obj.family.as_cdf().map(|c| c.cdf(theta, e)))
        .collect::<Option<_>>()?;
    let masses: Vec<f64> = cdf.windows(2).map(|w| (w[1] - w[0]).max(0.0)).collect();
    match divergence::normalize(&masses) {
        Ok(q) => divergence::kl(p, &q).ok(),
        Err(_) => Some(f64::INFINITY),
    }
}
