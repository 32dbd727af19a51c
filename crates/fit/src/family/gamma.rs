//! Gamma(shape α, rate β).

use statrs::function::gamma::{digamma, ln_gamma};

use super::{Cdf, Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::{Expectation, SampleMoments};

/// Gamma with shape `alpha` and rate `beta` on `(0, ∞)`.
///
/// # Formula
/// ```text
/// ln q(x) = α ln β − ln Γ(α) + (α−1) ln x − βx
/// H(data, q) = −α ln β + ln Γ(α) − (α−1) E ln X + β E X
/// ```
///
/// # Example
/// ```
/// let xs = [0.5, 1.0, 1.5, 2.0, 3.0];
/// let r = fit::fit(&fit::Target::samples(&xs)?, &fit::Gamma, fit::Direction::Forward)?;
/// assert!(r.converged());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Minka, "Estimating a Gamma distribution" (2002).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Gamma;

impl Family for Gamma {
    fn name(&self) -> String {
        "Gamma".into()
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
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let (a, b) = (t[0], t[1]);
        a * b.ln() - ln_gamma(a) + (a - 1.0) * x.ln() - b * x
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (a, b) = (t[0], t[1]);
        g[0] = b.ln() - digamma(a) + x.ln();
        g[1] = a / b - x;
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 1.0]
    }
    /// Minka's closed-form approximation of the shape from
    /// `s = ln(mean) − mean(ln x)`, within 1.5 % of the MLE, and the rate
    /// `shape/mean`; moments (`mean²/var`, `mean/var`) where `ln x` is
    /// unknown (a density target).
    ///
    /// # Formula
    /// ```text
    /// α₀ = (3 − s + √((s − 3)² + 24 s)) / (12 s),   β₀ = α₀ / mean
    /// ```
    ///
    /// # Errors
    /// [`Error::DegenerateData`] for zero variance.
    ///
    /// # Reference
    /// Minka, *Estimating a Gamma distribution* (2002), eq. (6); Choi &
    /// Wette, *Technometrics* 11 (1969) 683–690.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&self.name())?;
        let m = data.mean();
        let shape = match data.mean_ln() {
            Some(ml) => {
                let s = m.ln() - ml;
                if s.is_nan() || s <= 0.0 {
                    return Err(Error::DegenerateData {
                        family: self.name(),
                        reason: "ln(mean) − mean(ln x) is 0 to rounding: the data are too close to constant".into(),
                    });
                }
                minka_shape(s)
            }
            None => m * m / data.variance(),
        };
        let t = vec![shape, shape / m];
        Ok(t.iter()
            .all(|v| v.is_finite() && *v > 0.0)
            .then_some(Start::Estimate(t)))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

/// Minka's closed-form approximation of the Gamma shape from
/// `s = ln E X − E ln X > 0` (within 1.5 % of the MLE); also the start of
/// [`super::InverseGamma`], whose reciprocal is a Gamma.
///
/// # Formula
/// ```text
/// α₀ = (3 − s + √((s − 3)² + 24 s)) / (12 s)
/// ```
///
/// # Reference
/// Minka, *Estimating a Gamma distribution* (2002), eq. (6).
pub(crate) fn minka_shape(s: f64) -> f64 {
    (3.0 - s + ((s - 3.0) * (s - 3.0) + 24.0 * s).sqrt()) / (12.0 * s)
}

impl SufficientStatistics for Gamma {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        if let Some(SampleMoments {
            mean,
            mean_ln: Some(mean_ln),
            ..
        }) = data.sample_moments()
        {
            return Some(vec![mean, mean_ln, 0.0]);
        }
        let outside = data.expect(&|x| f64::from(u8::from(x <= 0.0)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        Some(vec![data.expect(&|x| x), data.expect(&|x| x.ln()), 0.0])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        let (a, b) = (t[0], t[1]);
        -a * b.ln() + ln_gamma(a) - (a - 1.0) * s[1] + b * s[0]
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let (a, b) = (t[0], t[1]);
        g[0] = -b.ln() + digamma(a) - s[1];
        g[1] = -a / b + s[0];
    }
}

impl Cdf for Gamma {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            statrs::function::gamma::gamma_lr(t[0], t[1] * x)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        crate::check_score(&Gamma, &[2.2, 0.7], 1.3).unwrap();
    }
}
