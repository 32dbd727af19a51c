//! Logistic(μ, s), written as a [`Model`]: its score comes from automatic
//! differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};

/// `√3/π`: the logistic's scale is its standard deviation times this.
const SD_TO_SCALE: f64 = 0.551_328_895_421_792_1;

/// Logistic with location `mu` and scale `s > 0` on the real line.
///
/// # Formula
/// ```text
/// z = (x − μ)/s
/// ln q(x) = −|z| − ln s − 2 ln(1 + e^(−|z|))
/// F(x)    = 1/(1 + e^(−z))
/// start:    μ = mean,   s = sd·√3/π      (Var X = s²π²/3)
/// ```
/// The maximum-likelihood estimate has no closed form; the fit starts from
/// the moment estimate above.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Logistic, Target};
/// let x = [-2.1, -0.4, 0.3, 0.9, 1.4, 2.8, 0.1, -1.0];
/// let r = fit(&Target::samples(&x)?, &Logistic, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("s").unwrap() > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 2, 2nd ed. (1995), ch. 23 (moments: §23.3, estimation: §23.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Logistic;

impl Model for Logistic {
    fn name(&self) -> String {
        "Logistic".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("s", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() {
            return D::from(f64::NEG_INFINITY);
        }
        let (mu, s) = (t[0], t[1]);
        // −|z|, written so that e^(−|z|) never overflows.
        let neg_abs_z = if x >= mu.value() {
            (mu - x) / s
        } else {
            (-mu + x) / s
        };
        neg_abs_z - s.ln() - neg_abs_z.exp().ln_1p() * 2.0
    }
    /// `∂/∂μ = tanh(z/2)/s`, `∂/∂s = (z·tanh(z/2) − 1)/s`, `z = (x − μ)/s`
    /// (hand-written for speed; tested against automatic differentiation).
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (mu, s) = (t[0], t[1]);
        let z = (x - mu) / s;
        let th = (0.5 * z).tanh();
        g[0] = th / s;
        g[1] = (z * th - 1.0) / s;
    }
    /// The moment estimate `μ = mean`, `s = sd·√3/π`.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let t = vec![data.mean(), data.variance().sqrt() * SD_TO_SCALE];
        Ok(t.iter()
            .all(|v| v.is_finite())
            .then_some(Start::Estimate(t)))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for Logistic {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        1.0 / (1.0 + (-(x - t[0]) / t[1]).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&Logistic, &[0.3, 1.7], 2.1).unwrap();
        crate::check_score(&Logistic, &[0.3, 1.7], -4.0).unwrap();
    }

    #[test]
    fn constant_is_sqrt3_over_pi() {
        assert!((SD_TO_SCALE - 3f64.sqrt() / core::f64::consts::PI).abs() < 1e-16);
    }

    /// F(μ + s ln 3) = 3/4, from the formula; the density far out is finite.
    #[test]
    fn cdf_and_tails() {
        let t = [1.0, 2.0];
        assert!((Logistic.cdf(&t, 1.0 + 2.0 * 3f64.ln()) - 0.75).abs() < 1e-15);
        assert!(Model::ln_density(&Logistic, &t, -1e4).is_finite());
        assert!(Model::ln_density(&Logistic, &t, 1e4).is_finite());
    }
}
