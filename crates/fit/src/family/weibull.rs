//! Weibull(k, λ), written as a [`Model`]: its score comes from automatic
//! differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Euler–Mascheroni constant `γ`: `E ln X = ln λ − γ/k` for a Weibull.
const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Weibull(k, λ) on `x > 0`: shape `k`, scale `λ`.
///
/// # Formula
/// ```text
/// ln q(x) = ln k − ln λ + (k − 1) ln(x/λ) − (x/λ)^k
/// F(x)    = 1 − exp(−(x/λ)^k)
/// start:  ln X has standard deviation π/(k√6) and mean ln λ − γ/k
/// ```
/// The maximum-likelihood estimate has no closed form; the fit starts from
/// the log-moment estimate above and runs L-BFGS on the score from
/// automatic differentiation of `ln q` ([`Model`]).
///
/// # Example
/// ```
/// use fit::{fit, Direction, Target, Weibull};
/// let x = [0.8, 1.1, 1.9, 0.4, 1.3, 2.2, 0.9, 1.6];
/// let r = fit(&Target::samples(&x)?, &Weibull, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("shape").unwrap() > 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 21 (moments of `ln X`: §21.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weibull;

impl Model for Weibull {
    fn name(&self) -> String {
        "Weibull".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("shape", 0.0, f64::INFINITY),
            Param::new("scale", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::OpenReals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() || x <= 0.0 {
            return D::from(f64::NEG_INFINITY);
        }
        let (k, lambda) = (t[0], t[1]);
        let ln_ratio = -lambda.ln() + x.ln(); // ln(x/λ)
        k.ln() - lambda.ln() + (k - 1.0) * ln_ratio - (k * ln_ratio).exp()
    }
    /// The log-moment estimate: `k = π/(s√6)`, `λ = exp(m + γ/k)`, with `m`
    /// and `s` the mean and standard deviation of `ln x`.
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when every `ln x` is the same.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let Some(m) = data.mean_ln() else {
            return Ok(None);
        };
        let v = data.target().expect(&|x| (x.ln() - m) * (x.ln() - m));
        if v.is_nan() || v <= 0.0 {
            data.require_spread(&Model::name(self))?;
            return Err(Error::DegenerateData {
                family: Model::name(self),
                reason: "the logarithms of the data have zero variance".into(),
            });
        }
        let k = core::f64::consts::PI / (6.0 * v).sqrt();
        let lambda = (m + EULER_GAMMA / k).exp();
        Ok(Some(Start::Estimate(vec![k, lambda])))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for Weibull {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            -(-(x / t[1]).powf(t[0])).exp_m1()
        }
    }
}
