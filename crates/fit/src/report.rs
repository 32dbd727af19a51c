//! What a fit returns: the fit report and its named parameters.

use std::time::Duration;

use divergence::Unit;
use serde::ser::SerializeMap;

use crate::error::{Error, Result};
use crate::family::Family;
use crate::objective::Direction;
use crate::solver::{Solver, Termination};
use crate::start::Degeneracy;

/// How a fit ended, as a type: converged, not converged, or degenerate.
///
/// Serialises as `{"kind": "converged"}`, `{"kind": "not_converged"}` or
/// `{"kind": "degenerate", "parameter": "w1", "reason": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// The solver stopped of its own accord at a point where the gradient
    /// vanishes (or the optimum is in closed form).
    Converged,
    /// The solver stopped at its iteration or evaluation cap, broke down,
    /// or stopped where the gradient does not vanish.
    NotConverged,
    /// The optimum is degenerate: a parameter ran to a limit the data do
    /// not support, or the data put the optimum at a limit
    /// ([`crate::Start::Limit`]). Never counted as converged.
    Degenerate(Degeneracy),
}

impl Status {
    /// `"converged"`, `"NOT CONVERGED"` or `"DEGENERATE (parameter)"`, as the tables print it.
    pub fn label(&self) -> String {
        match self {
            Status::Converged => "converged".into(),
            Status::NotConverged => "NOT CONVERGED".into(),
            Status::Degenerate(d) => format!("DEGENERATE ({})", d.parameter),
        }
    }
}

/// Named parameter values in the family's order; serialises as a JSON
/// object `{"p": 0.57}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params(Vec<(String, f64)>);

impl Params {
    pub(crate) fn new(names: impl IntoIterator<Item = String>, values: &[f64]) -> Params {
        Params(names.into_iter().zip(values.iter().copied()).collect())
    }

    /// The value of parameter `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// The values in order.
    pub fn values(&self) -> Vec<f64> {
        self.0.iter().map(|(_, v)| *v).collect()
    }

    /// `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(n, v)| (n.as_str(), *v))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl serde::Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl core::fmt::Display for Params {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for (i, (n, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n} = {v:.6}")?;
        }
        Ok(())
    }
}

/// Everything about one fit: the optimum, both KL directions, and how the
/// solver got there. A fit that did not converge says so
/// ([`FitReport::converged`] is `false`, with the [`Termination`] reason and
/// the [`Status`]); use [`FitReport::ensure_converged`] to turn that into an
/// error.
///
/// Read it through its accessors. Each divergence is stored once, in nats,
/// and converted on access (`kl_forward_nats`/`kl_forward_bits`, or
/// [`FitReport::kl_forward`] with a [`Unit`]). KL values are `None` where they
/// are not meaningful: forward KL for raw continuous samples (their entropy
/// is not finite: see [`FitReport::cross_entropy_nats`] instead), reverse KL
/// for samples or for an unnormalised target. Over a histogram every KL and
/// the cross-entropy come from the `divergence` kernels (exact to a few
/// ulps, never negative). The JSON form keeps the field names of schema
/// `klfit-fit/1` (nats and bits side by side).
///
/// # Formula
/// ```text
/// log-likelihood = −N·(H(data) + KL(data‖model)) = −N·H(data, model)
/// AIC = 2k − 2 ln L,   BIC = k ln N − 2 ln L
/// ```
///
/// # Example
/// ```
/// use fit::{fit, Binomial, Direction, Solver, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let b = Binomial::new(10)?;
/// let r = fit(&worms, &b, Direction::Forward)?;
/// assert!(r.is_fit_of(&b) && r.converged());
/// assert_eq!(r.solver(), Solver::ClosedForm);
/// assert!((r.kl_forward(divergence::Unit::Bits).unwrap() - 0.477).abs() < 5e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Akaike, *IEEE Trans. Autom. Control* 19 (1974) 716–723; Schwarz,
/// *Ann. Statist.* 6 (1978) 461–464; Burnham & Anderson, *Model Selection
/// and Multimodel Inference* (2nd ed.), §2.2 (AIC as an estimate of KL).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FitReport {
    pub(crate) model: String,
    pub(crate) direction: Direction,
    pub(crate) solver: Solver,
    pub(crate) params: Params,
    pub(crate) objective_nats: f64,
    pub(crate) kl_forward_nats: Option<f64>,
    pub(crate) kl_reverse_nats: Option<f64>,
    pub(crate) cross_entropy_nats: Option<f64>,
    pub(crate) binned_kl_nats: Option<f64>,
    pub(crate) termination: Termination,
    pub(crate) status: Status,
    pub(crate) runs: u32,
    pub(crate) runs_agreed: u32,
    pub(crate) iterations: u64,
    pub(crate) cost_evals: u64,
    pub(crate) gradient_evals: u64,
    pub(crate) polish_steps: u64,
    pub(crate) gradient_norm: f64,
    pub(crate) wall_time_secs: f64,
    pub(crate) n: Option<u64>,
    pub(crate) log_likelihood: Option<f64>,
    pub(crate) aic: Option<f64>,
    pub(crate) bic: Option<f64>,
    pub(crate) std_errors: Option<Params>,
    pub(crate) correlation: Option<Vec<Vec<f64>>>,
}

impl FitReport {
    /// The family's name, with its fixed settings (`"Binomial(n=10)"`).
    pub fn model(&self) -> &str {
        &self.model
    }
    /// Whether this report is a fit of `family`: the same name and the
    /// same parameters (names, in order). Use it instead of comparing names.
    pub fn is_fit_of(&self, family: &dyn Family) -> bool {
        let params = family.params();
        self.model == family.name()
            && params.len() == self.params.len()
            && params
                .iter()
                .zip(self.params.iter())
                .all(|(p, (n, _))| p.name == n)
    }
    /// What was minimised.
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// The solver used.
    pub fn solver(&self) -> Solver {
        self.solver
    }
    /// The optimum.
    pub fn params(&self) -> &Params {
        &self.params
    }
    /// The minimised objective in nats.
    pub fn objective_nats(&self) -> f64 {
        self.objective_nats
    }
    /// KL(data‖model) in `unit`.
    pub fn kl_forward(&self, unit: Unit) -> Option<f64> {
        self.kl_forward_nats.map(|v| unit.from_nats(v))
    }
    /// KL(data‖model) in nats.
    pub fn kl_forward_nats(&self) -> Option<f64> {
        self.kl_forward_nats
    }
    /// KL(data‖model) in bits.
    pub fn kl_forward_bits(&self) -> Option<f64> {
        self.kl_forward(Unit::Bits)
    }
    /// KL(model‖data) in `unit` (`KL − ln Z` for an unnormalised target is
    /// the objective instead).
    pub fn kl_reverse(&self, unit: Unit) -> Option<f64> {
        self.kl_reverse_nats.map(|v| unit.from_nats(v))
    }
    /// KL(model‖data) in nats.
    pub fn kl_reverse_nats(&self) -> Option<f64> {
        self.kl_reverse_nats
    }
    /// KL(model‖data) in bits.
    pub fn kl_reverse_bits(&self) -> Option<f64> {
        self.kl_reverse(Unit::Bits)
    }
    /// H(data, model) in `unit` (the mean negative log-likelihood for samples).
    pub fn cross_entropy(&self, unit: Unit) -> Option<f64> {
        self.cross_entropy_nats.map(|v| unit.from_nats(v))
    }
    /// H(data, model) in nats.
    pub fn cross_entropy_nats(&self) -> Option<f64> {
        self.cross_entropy_nats
    }
    /// KL between the samples' bin frequencies and the model's bin masses
    /// (conditional on the binned range), in `unit`; samples with bins only.
    pub fn binned_kl(&self, unit: Unit) -> Option<f64> {
        self.binned_kl_nats.map(|v| unit.from_nats(v))
    }
    /// [`FitReport::binned_kl`] in bits.
    pub fn binned_kl_bits(&self) -> Option<f64> {
        self.binned_kl(Unit::Bits)
    }
    /// Why the solver stopped.
    pub fn termination(&self) -> &Termination {
        &self.termination
    }
    /// The solver stopped of its own accord where the gradient is small and
    /// the optimum is not degenerate: `status() == &Status::Converged`.
    pub fn converged(&self) -> bool {
        self.status == Status::Converged
    }
    /// How the fit ended.
    pub fn status(&self) -> &Status {
        &self.status
    }
    /// Solver runs made from different starts (EM initialisations of a
    /// mixture; 1 otherwise).
    pub fn runs(&self) -> u32 {
        self.runs
    }
    /// How many of those runs reached the reported optimum.
    pub fn runs_agreed(&self) -> u32 {
        self.runs_agreed
    }
    /// Solver iterations.
    pub fn iterations(&self) -> u64 {
        self.iterations
    }
    /// Objective evaluations (solver + polish).
    pub fn cost_evals(&self) -> u64 {
        self.cost_evals
    }
    /// Gradient evaluations (solver + polish).
    pub fn gradient_evals(&self) -> u64 {
        self.gradient_evals
    }
    /// Newton polish steps accepted after the solver.
    pub fn polish_steps(&self) -> u64 {
        self.polish_steps
    }
    /// Euclidean norm of the objective's gradient at the optimum in the
    /// unconstrained space z that gradient solvers use (θ-space if the
    /// optimum lies on a bound).
    pub fn gradient_norm(&self) -> f64 {
        self.gradient_norm
    }
    /// Wall-clock time in seconds.
    pub fn wall_time_secs(&self) -> f64 {
        self.wall_time_secs
    }
    /// Sample size `N` for count data or samples.
    pub fn n(&self) -> Option<u64> {
        self.n
    }
    /// `ln L`, natural log.
    pub fn log_likelihood(&self) -> Option<f64> {
        self.log_likelihood
    }
    /// Akaike information criterion.
    pub fn aic(&self) -> Option<f64> {
        self.aic
    }
    /// Bayesian information criterion.
    pub fn bic(&self) -> Option<f64> {
        self.bic
    }
    /// Standard errors of the parameters from the observed Fisher
    /// information (the Hessian of `−ln L` at the optimum): for converged
    /// forward or cross-entropy fits to samples or counts with an interior
    /// optimum and a positive-definite information matrix; `None` otherwise.
    ///
    /// # Formula
    /// ```text
    /// Cov(θ̂) = (−∇² ln L(θ̂))⁻¹,   se_i = √Cov_ii
    /// ```
    ///
    /// # Example
    /// ```
    /// use fit::{fit, Direction, Normal, Target};
    /// let x = [1.0, 2.0, 4.0, 7.0];
    /// let r = fit(&Target::samples(&x)?, &Normal, Direction::Forward)?;
    /// let (sigma, se) = (r.params().get("sigma").unwrap(), r.std_errors().unwrap());
    /// // For a Normal: se(μ) = σ/√n, se(σ) = σ/√(2n).
    /// assert!((se.get("mu").unwrap() - sigma / 2.0).abs() < 1e-6 * sigma);
    /// assert!((se.get("sigma").unwrap() - sigma / 8f64.sqrt()).abs() < 1e-6 * sigma);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn std_errors(&self) -> Option<&Params> {
        self.std_errors.as_ref()
    }
    /// The correlation matrix of the parameters (same conditions as
    /// [`FitReport::std_errors`]), in the parameters' order.
    pub fn correlation(&self) -> Option<&[Vec<f64>]> {
        self.correlation.as_deref()
    }

    /// `Ok(self)` if the fit converged, else [`Error::NotConverged`]
    /// (degenerate fits included).
    ///
    /// # Errors
    /// [`Error::NotConverged`] with the solver's termination reason.
    pub fn ensure_converged(self) -> Result<Self> {
        if self.converged() {
            Ok(self)
        } else {
            Err(Error::NotConverged {
                model: self.model,
                solver: self.solver.as_str().to_string(),
                termination: self.termination.to_string(),
                iterations: self.iterations,
            })
        }
    }

    /// The wall time as a `Duration`.
    pub fn wall_time(&self) -> Duration {
        Duration::from_secs_f64(self.wall_time_secs)
    }
}

/// The JSON form of a [`FitReport`] (schema `klfit-fit/1`: nats and bits
/// side by side, `converged` spelled out; `std_errors` and `correlation`
/// added where they are defined).
#[derive(serde::Serialize)]
struct ReportJson<'a> {
    model: &'a str,
    direction: Direction,
    solver: Solver,
    params: &'a Params,
    objective_nats: f64,
    kl_forward_nats: Option<f64>,
    kl_forward_bits: Option<f64>,
    kl_reverse_nats: Option<f64>,
    kl_reverse_bits: Option<f64>,
    cross_entropy_nats: Option<f64>,
    binned_kl_bits: Option<f64>,
    termination: &'a Termination,
    converged: bool,
    status: &'a Status,
    runs: u32,
    runs_agreed: u32,
    iterations: u64,
    cost_evals: u64,
    gradient_evals: u64,
    polish_steps: u64,
    gradient_norm: f64,
    wall_time_secs: f64,
    n: Option<u64>,
    log_likelihood: Option<f64>,
    aic: Option<f64>,
    bic: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    std_errors: Option<&'a Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correlation: Option<&'a [Vec<f64>]>,
}

impl serde::Serialize for FitReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        ReportJson {
            model: &self.model,
            direction: self.direction,
            solver: self.solver,
            params: &self.params,
            objective_nats: self.objective_nats,
            kl_forward_nats: self.kl_forward_nats,
            kl_forward_bits: self.kl_forward_bits(),
            kl_reverse_nats: self.kl_reverse_nats,
            kl_reverse_bits: self.kl_reverse_bits(),
            cross_entropy_nats: self.cross_entropy_nats,
            binned_kl_bits: self.binned_kl_bits(),
            termination: &self.termination,
            converged: self.converged(),
            status: &self.status,
            runs: self.runs,
            runs_agreed: self.runs_agreed,
            iterations: self.iterations,
            cost_evals: self.cost_evals,
            gradient_evals: self.gradient_evals,
            polish_steps: self.polish_steps,
            gradient_norm: self.gradient_norm,
            wall_time_secs: self.wall_time_secs,
            n: self.n,
            log_likelihood: self.log_likelihood,
            aic: self.aic,
            bic: self.bic,
            std_errors: self.std_errors.as_ref(),
            correlation: self.correlation.as_deref(),
        }
        .serialize(s)
    }
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{v:.digits$}"))
}

impl core::fmt::Display for FitReport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(
            f,
            "{} fitted by {} ({} KL)",
            self.model, self.solver, self.direction
        )?;
        writeln!(f, "  parameters:      {}", self.params)?;
        if let Some(se) = &self.std_errors {
            writeln!(f, "  standard errors: {se}")?;
        }
        writeln!(
            f,
            "  KL(data‖model):  {} bits   KL(model‖data): {} bits",
            opt(self.kl_forward_bits(), 4),
            opt(self.kl_reverse_bits(), 4)
        )?;
        if let (Some(ll), Some(aic), Some(bic)) = (self.log_likelihood, self.aic, self.bic) {
            writeln!(
                f,
                "  log-likelihood:  {ll:.3}   AIC: {aic:.3}   BIC: {bic:.3}"
            )?;
        }
        writeln!(
            f,
            "  {}: {} after {} iterations ({} costs, {} gradients, {} polish steps, |∇| = {:.1e}, {:.1} ms)",
            self.status.label(),
            self.termination,
            self.iterations,
            self.cost_evals,
            self.gradient_evals,
            self.polish_steps,
            self.gradient_norm,
            self.wall_time_secs * 1e3
        )
    }
}
