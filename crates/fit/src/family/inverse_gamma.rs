//! InverseGamma(α, β), written as a [`Model`]: its score comes from
//! automatic differentiation.

use super::gamma::minka_shape;
use super::{Cdf, Model, Param, Real, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Inverse gamma with shape `alpha > 0` and scale `beta > 0` on `x > 0`:
/// `1/X` is Gamma(α, rate β).
///
/// # Formula
/// ```text
/// ln q(x) = α ln β − ln Γ(α) − (α + 1) ln x − β/x
/// F(x)    = Q(α, β/x)     (the upper regularised incomplete gamma function)
/// start:    the Gamma's start on y = 1/x:
///           s = ln E Y − E ln Y,   α = (3 − s + √((s − 3)² + 24 s))/(12 s),   β = α / E Y
/// ```
/// The maximum-likelihood estimate has no closed form; the fit starts from
/// Minka's approximation for the Gamma of `1/x` (within 1.5 % in `α`).
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Direction, InverseGamma, Target};
/// let x = [0.4, 0.7, 0.5, 1.9, 0.8, 3.5, 0.6, 1.1];
/// let r = fit(&Target::samples(&x)?, &InverseGamma, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("alpha").unwrap() > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 17 (§17.2: the reciprocal of a gamma
/// variable); Minka, *Estimating a Gamma distribution* (2002), eq. (6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InverseGamma;

impl Model for InverseGamma {
    fn name(&self) -> String {
        "InverseGamma".into()
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
        alpha * beta.ln() - alpha.ln_gamma() - (alpha + 1.0) * x.ln() - beta / x
    }
    /// The Gamma's start on `1/x` (above).
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let Some(mean_ln) = data.mean_ln() else {
            return Ok(None);
        };
        let mean_recip = data.target().expect(&f64::recip);
        // E ln(1/X) = −E ln X.
        let s = mean_recip.ln() + mean_ln;
        if s.is_nan() || s <= 0.0 {
            return Err(Error::DegenerateData {
                family: Model::name(self),
                reason:
                    "ln E(1/x) − E ln(1/x) is 0 to rounding: the data are too close to constant"
                        .into(),
            });
        }
        let alpha = minka_shape(s);
        let t = vec![alpha, alpha / mean_recip];
        Ok(t.iter()
            .all(|v| v.is_finite() && *v > 0.0)
            .then_some(Start::Estimate(t)))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

/// An exponential family in `(ln x, 1/x)`: forward KL from two numbers.
///
/// ```text
/// H(data, q) = −α ln β + ln Γ(α) + (α + 1) E ln X + β E[1/X]
/// ∂/∂α = −ln β + ψ(α) + E ln X,   ∂/∂β = −α/β + E[1/X]
/// ```
impl SufficientStatistics for InverseGamma {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(x.is_nan() || x <= 0.0)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        Some(vec![data.expect(&f64::ln), data.expect(&f64::recip), 0.0])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        let (alpha, beta) = (t[0], t[1]);
        -alpha * beta.ln() + Real::ln_gamma(alpha) + (alpha + 1.0) * s[0] + beta * s[1]
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let (alpha, beta) = (t[0], t[1]);
        g[0] = -beta.ln() + statrs::function::gamma::digamma(alpha) + s[0];
        g[1] = -alpha / beta + s[1];
    }
}

impl Cdf for InverseGamma {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            statrs::function::gamma::gamma_ur(t[0], t[1] / x)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&InverseGamma, &[2.2, 0.7], 1.3).unwrap();
        crate::check_score(&InverseGamma, &[0.6, 5.0], 0.05).unwrap();
    }

    /// α = 1: F(x) = exp(−β/x), from the formula.
    #[test]
    fn cdf_of_shape_one() {
        let (b, x) = (2.0, 3.0);
        assert!((InverseGamma.cdf(&[1.0, b], x) - (-b / x).exp()).abs() < 1e-15);
    }
}
