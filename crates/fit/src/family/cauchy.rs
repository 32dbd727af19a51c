//! Cauchy(x₀, γ), written as a [`Model`]: its score comes from automatic
//! differentiation.

use super::quantile::{median, quantile, sorted};
use super::{Cdf, Model, Param, Real, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};

/// The lower and upper quartiles: a Cauchy's are `x₀ ∓ γ`.
const QUARTILES: (f64, f64) = (0.25, 0.75);

/// Cauchy with location `x0` and scale `gamma > 0` on the real line.
///
/// # Formula
/// ```text
/// ln q(x) = −ln π − ln γ − ln(1 + ((x − x₀)/γ)²)
/// F(x)    = ½ + atan((x − x₀)/γ)/π
/// start:    x₀ = median,   γ = (Q₃ − Q₁)/2    (the quartiles are x₀ ∓ γ)
/// ```
/// The maximum-likelihood estimate has no closed form, and the likelihood
/// in `x₀` can have several local maxima for small or clustered samples;
/// the quantile start above is consistent, so the fit climbs the right one
/// for samples of moderate size. Without samples (a histogram, a density)
/// the fit starts from the mean and standard deviation.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Cauchy, Direction, Target};
/// let x = [-3.0, -0.8, -0.2, 0.1, 0.4, 0.9, 1.5, 12.0];
/// let r = fit(&Target::samples(&x)?, &Cauchy, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("gamma").unwrap() > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 16 (quantiles: §16.2, estimation: §16.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cauchy;

impl Model for Cauchy {
    fn name(&self) -> String {
        "Cauchy".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("x0", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("gamma", 0.0, f64::INFINITY),
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
        let (x0, gamma) = (t[0], t[1]);
        let z = (-x0 + x) / gamma;
        -gamma.ln() - core::f64::consts::PI.ln() - (z * z).ln_1p()
    }
    /// `∂/∂x₀ = 2z/(γ(1 + z²))`, `∂/∂γ = (z² − 1)/(γ(1 + z²))`,
    /// `z = (x − x₀)/γ` (hand-written for speed; tested against automatic
    /// differentiation).
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (x0, gamma) = (t[0], t[1]);
        let z = (x - x0) / gamma;
        let d = gamma * (1.0 + z * z);
        g[0] = 2.0 * z / d;
        g[1] = (z * z - 1.0) / d;
    }
    /// The median and half the interquartile range for samples (the
    /// standard deviation when the quartiles coincide); the mean and
    /// standard deviation otherwise.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let sd = data.variance().sqrt();
        let t = match data.samples() {
            Some(xs) => {
                let s = sorted(xs);
                let half_iqr = 0.5 * (quantile(&s, QUARTILES.1) - quantile(&s, QUARTILES.0));
                vec![median(&s), if half_iqr > 0.0 { half_iqr } else { sd }]
            }
            None => vec![data.mean(), sd],
        };
        Ok(t.iter()
            .all(|v| v.is_finite())
            .then_some(Start::Estimate(t)))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for Cauchy {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        0.5 + ((x - t[0]) / t[1]).atan() / core::f64::consts::PI
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&Cauchy, &[0.3, 1.7], 2.1).unwrap();
        crate::check_score(&Cauchy, &[0.3, 1.7], -40.0).unwrap();
    }

    /// The quartiles are x₀ ∓ γ, from the formula.
    #[test]
    fn quartiles() {
        let t = [1.0, 2.0];
        assert!((Cauchy.cdf(&t, 3.0) - QUARTILES.1).abs() < 1e-15);
        assert!((Cauchy.cdf(&t, -1.0) - QUARTILES.0).abs() < 1e-15);
    }
}
