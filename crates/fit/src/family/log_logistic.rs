//! LogLogistic(α, β), written as a [`Model`]: its score comes from
//! automatic differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// `π/√3`: a logistic's standard deviation over its scale.
const LOGISTIC_SD_OVER_SCALE: f64 = 1.813_799_364_234_217_8;

/// Log-logistic (Fisk) with scale `alpha > 0` (the median) and shape
/// `beta > 0` on `x > 0`: `ln X` is Logistic(ln α, 1/β).
///
/// # Formula
/// ```text
/// u = β (ln x − ln α)
/// ln q(x) = ln β − ln x + u − 2 ln(1 + e^u)
/// F(x)    = 1/(1 + (x/α)^(−β))
/// start:    ln α = E ln X,   β = π / (√3 · sd(ln X))
/// ```
/// The maximum-likelihood estimate has no closed form; the fit starts from
/// the log-moments above. Without `ln x` (a density target) it starts from
/// the fixed point.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Direction, LogLogistic, Target};
/// let x = [0.8, 1.1, 1.9, 0.4, 1.3, 2.2, 0.9, 5.6];
/// let r = fit(&Target::samples(&x)?, &LogLogistic, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("beta").unwrap() > 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 2, 2nd ed. (1995), ch. 23, §23.10 (the log-logistic); Fisk, "The
/// graduation of income distributions", *Econometrica* 29 (1961) 171–185.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogLogistic;

impl Model for LogLogistic {
    fn name(&self) -> String {
        "LogLogistic".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("alpha", 0.0, f64::INFINITY),
            Param::new("beta", 0.0, f64::INFINITY),
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
        let (alpha, beta) = (t[0], t[1]);
        let u = beta * (-alpha.ln() + x.ln());
        // u − 2 ln(1 + e^u) = −|u| − 2 ln(1 + e^(−|u|)): no overflow.
        let neg_abs_u = if u.value() >= 0.0 { -u } else { u };
        beta.ln() - x.ln() + neg_abs_u - neg_abs_u.exp().ln_1p() * 2.0
    }
    /// `∂/∂α = (β/α)·tanh(u/2)`, `∂/∂β = (1 − u·tanh(u/2))/β`,
    /// `u = β ln(x/α)` (hand-written for speed; tested against automatic
    /// differentiation).
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (alpha, beta) = (t[0], t[1]);
        if x.is_nan() || x <= 0.0 {
            g[..2].fill(0.0);
            return;
        }
        let u = beta * (x / alpha).ln();
        let th = (0.5 * u).tanh();
        g[0] = beta / alpha * th;
        g[1] = (1.0 - u * th) / beta;
    }
    /// The log-moment estimate `ln α = E ln X`, `β = π/(√3 sd(ln X))`.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] when every `ln x` is the same.
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
        let t = vec![m.exp(), LOGISTIC_SD_OVER_SCALE / v.sqrt()];
        Ok(t.iter()
            .all(|v| v.is_finite() && *v > 0.0)
            .then_some(Start::Estimate(t)))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for LogLogistic {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            1.0 / (1.0 + (x / t[0]).powf(-t[1]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&LogLogistic, &[2.2, 0.7], 1.3).unwrap();
        crate::check_score(&LogLogistic, &[0.5, 3.0], 40.0).unwrap();
    }

    #[test]
    fn constant_is_pi_over_sqrt3() {
        assert!((LOGISTIC_SD_OVER_SCALE - core::f64::consts::PI / 3f64.sqrt()).abs() < 1e-15);
    }

    /// The scale is the median: F(α) = ½.
    #[test]
    fn median_is_scale() {
        assert!((LogLogistic.cdf(&[3.0, 2.5], 3.0) - 0.5).abs() < 1e-15);
    }
}
