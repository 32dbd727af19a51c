//! Gumbel(μ, β) for maxima, written as a [`Model`]: its score comes from
//! automatic differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};

/// Euler–Mascheroni constant `γ`: the Gumbel's mean is `μ + γβ`.
const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
/// `√6/π`: the Gumbel's scale is its standard deviation times this.
const SD_TO_SCALE: f64 = 0.779_696_801_233_676;

/// Gumbel (type I extreme value, for maxima) with location `mu` and scale
/// `beta > 0` on the real line.
///
/// # Formula
/// ```text
/// z = (x − μ)/β
/// ln q(x) = −ln β − z − e^(−z)
/// F(x)    = exp(−e^(−z))
/// start:    β = sd·√6/π,   μ = mean − γβ     (E X = μ + γβ, Var X = π²β²/6)
/// ```
/// The maximum-likelihood estimate has no closed form; the fit starts from
/// the moment estimate above. For minima, fit `−x`.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Gumbel, Target};
/// let x = [3.1, 4.0, 2.7, 5.9, 3.6, 4.4, 3.3, 7.2];
/// let r = fit(&Target::samples(&x)?, &Gumbel, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("beta").unwrap() > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 2, 2nd ed. (1995), ch. 22 (moments: §22.3, estimation: §22.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gumbel;

impl Model for Gumbel {
    fn name(&self) -> String {
        "Gumbel".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("beta", 0.0, f64::INFINITY),
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
        let (mu, beta) = (t[0], t[1]);
        let neg_z = (mu - x) / beta;
        -beta.ln() + neg_z - neg_z.exp()
    }
    /// `∂/∂μ = (1 − e^w)/β`, `∂/∂β = (w e^w − w − 1)/β`, `w = (μ − x)/β`
    /// (hand-written for speed; tested against automatic differentiation).
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (mu, beta) = (t[0], t[1]);
        let w = (mu - x) / beta;
        let e = w.exp();
        g[0] = (1.0 - e) / beta;
        g[1] = (w * e - w - 1.0) / beta;
    }
    /// The moment estimate `β = sd·√6/π`, `μ = mean − γβ`.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let beta = data.variance().sqrt() * SD_TO_SCALE;
        let t = vec![data.mean() - EULER_GAMMA * beta, beta];
        Ok(t.iter()
            .all(|v| v.is_finite())
            .then_some(Start::Estimate(t)))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for Gumbel {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        (-(-(x - t[0]) / t[1]).exp()).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&Gumbel, &[0.3, 1.7], 2.1).unwrap();
        crate::check_score(&Gumbel, &[0.3, 1.7], -1.5).unwrap();
    }

    #[test]
    fn constant_is_sqrt6_over_pi() {
        assert!((SD_TO_SCALE - 6f64.sqrt() / core::f64::consts::PI).abs() < 1e-16);
    }

    /// F(μ) = e^(−1), from the formula.
    #[test]
    fn cdf_at_location() {
        assert!((Gumbel.cdf(&[2.0, 3.0], 2.0) - (-1f64).exp()).abs() < 1e-16);
    }
}
