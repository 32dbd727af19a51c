//! Beta(a, b).

use statrs::function::beta::ln_beta;
use statrs::function::gamma::digamma;

use super::{Cdf, Family, Param, SufficientStatistics, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Beta(a, b) on `(0, 1)`.
///
/// # Formula
/// ```text
/// ln q(x) = (a−1) ln x + (b−1) ln(1−x) − ln B(a, b)
/// H(data, q) = ln B(a,b) − (a−1) E ln X − (b−1) E ln(1−X)
/// ```
///
/// # Example
/// ```
/// let xs = [0.2, 0.4, 0.5, 0.6, 0.7];
/// let r = fit::fit(&fit::Target::samples(&xs)?, &fit::Beta, fit::Direction::Forward)?;
/// assert!(r.converged());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Beta;

impl Family for Beta {
    fn name(&self) -> String {
        "Beta".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("a", 0.0, f64::INFINITY),
            Param::new("b", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::OpenReals {
            lower: 0.0,
            upper: 1.0,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 || x >= 1.0 {
            return f64::NEG_INFINITY;
        }
        (t[0] - 1.0) * x.ln() + (t[1] - 1.0) * (-x).ln_1p() - ln_beta(t[0], t[1])
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let ab = digamma(t[0] + t[1]);
        g[0] = x.ln() - digamma(t[0]) + ab;
        g[1] = (-x).ln_1p() - digamma(t[1]) + ab;
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 1.0]
    }
    /// Method of moments: `c = mean(1 − mean)/var − 1`, `a = mean·c`,
    /// `b = (1 − mean)·c` (`c > 0` for any data strictly inside (0, 1)).
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero variance.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&self.name())?;
        let m = data.mean();
        let c = m * (1.0 - m) / data.variance() - 1.0;
        let t = vec![m * c, (1.0 - m) * c];
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

impl SufficientStatistics for Beta {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(x <= 0.0 || x >= 1.0)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        Some(vec![
            data.expect(&|x| x.ln()),
            data.expect(&|x| (-x).ln_1p()),
            0.0,
        ])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        ln_beta(t[0], t[1]) - (t[0] - 1.0) * s[0] - (t[1] - 1.0) * s[1]
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let ab = digamma(t[0] + t[1]);
        g[0] = digamma(t[0]) - ab - s[0];
        g[1] = digamma(t[1]) - ab - s[1];
    }
}

impl Cdf for Beta {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else if x >= 1.0 {
            1.0
        } else {
            statrs::function::beta::beta_reg(t[0], t[1], x)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        crate::check_score(&Beta, &[2.2, 0.7], 0.3).unwrap();
    }
}
