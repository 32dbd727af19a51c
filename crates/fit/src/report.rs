//! What a fit returns: the fit report and its named parameters.

use std::time::Duration;

use divergence::Unit;
use serde::ser::SerializeMap;

use crate::error::{Error, Result};
use crate::objective::Direction;
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
/// solver got there. A fit that did not converge says so (`converged =
/// false`, with the solver's termination reason); use
/// [`FitReport::ensure_converged`] to turn that into an error.
///
/// KL values are `None` where they are not meaningful: forward KL for raw
/// continuous samples (their entropy is not finite: see `cross_entropy_nats`
/// instead), reverse KL for samples or for an unnormalised target.
///
/// # Formula
/// ```text
/// log-likelihood = −N·(H(data) + KL(data‖model)) = −N·H(data, model)
/// AIC = 2k − 2 ln L,   BIC = k ln N − 2 ln L
/// ```
///
/// # Reference
/// Akaike, *IEEE Trans. Autom. Control* 19 (1974) 716–723; Schwarz,
/// *Ann. Statist.* 6 (1978) 461–464; Burnham & Anderson, *Model Selection
/// and Multimodel Inference* (2nd ed.), §2.2 (AIC as an estimate of KL).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FitReport {
    /// The family's name.
    pub model: String,
    /// What was minimised.
    pub direction: Direction,
    /// The solver used.
    pub solver: String,
    /// The optimum.
    pub params: Params,
    /// The minimised objective in nats.
    pub objective_nats: f64,
    /// KL(data‖model) in nats.
    pub kl_forward_nats: Option<f64>,
    /// KL(data‖model) in bits.
    pub kl_forward_bits: Option<f64>,
    /// KL(model‖data) in nats (`KL − ln Z` for an unnormalised target is in `objective_nats`).
    pub kl_reverse_nats: Option<f64>,
    /// KL(model‖data) in bits.
    pub kl_reverse_bits: Option<f64>,
    /// H(data, model) in nats (the mean negative log-likelihood for samples).
    pub cross_entropy_nats: Option<f64>,
    /// KL between the samples' bin frequencies and the model's bin masses
    /// (conditional on the binned range), in bits; samples with bins only.
    pub binned_kl_bits: Option<f64>,
    /// The solver's termination reason, readable.
    pub termination: String,
    /// Solver said "converged" and the final gradient is small (and the
    /// optimum is not degenerate): `status == Status::Converged`.
    pub converged: bool,
    /// How the fit ended.
    pub status: Status,
    /// Solver runs made from different starts (EM initialisations of a
    /// mixture; 1 otherwise).
    pub runs: u32,
    /// How many of those runs reached the reported optimum.
    pub runs_agreed: u32,
    /// Solver iterations.
    pub iterations: u64,
    /// Objective evaluations (solver + polish).
    pub cost_evals: u64,
    /// Gradient evaluations (solver + polish).
    pub gradient_evals: u64,
    /// Newton polish steps accepted after the solver.
    pub polish_steps: u64,
    /// Euclidean norm of the objective's gradient at the optimum in the
    /// unconstrained space z that gradient solvers use (θ-space if the
    /// optimum lies on a bound).
    pub gradient_norm: f64,
    /// Wall-clock time in seconds.
    pub wall_time_secs: f64,
    /// Sample size `N` for count data or samples.
    pub n: Option<u64>,
    /// `ln L`, natural log.
    pub log_likelihood: Option<f64>,
    /// Akaike information criterion.
    pub aic: Option<f64>,
    /// Bayesian information criterion.
    pub bic: Option<f64>,
}

impl FitReport {
    /// `Ok(self)` if the fit converged, else [`Error::NotConverged`]
    /// (degenerate fits included).
    ///
    /// # Errors
    /// [`Error::NotConverged`] with the solver's termination reason.
    pub fn ensure_converged(self) -> Result<Self> {
        if self.converged {
            Ok(self)
        } else {
            Err(Error::NotConverged {
                model: self.model,
                solver: self.solver,
                termination: self.termination,
                iterations: self.iterations,
            })
        }
    }

    /// The wall time as a `Duration`.
    pub fn wall_time(&self) -> Duration {
        Duration::from_secs_f64(self.wall_time_secs)
    }
}

pub(crate) fn bits(x: Option<f64>) -> Option<f64> {
    x.map(|v| Unit::Bits.from_nats(v))
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
        writeln!(
            f,
            "  KL(data‖model):  {} bits   KL(model‖data): {} bits",
            opt(self.kl_forward_bits, 4),
            opt(self.kl_reverse_bits, 4)
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
