//! Normal(μ, σ).

use super::{Family, Param, Support};
use crate::quadrature::normal_expectation;
use crate::target::density::ln_normal;
use crate::target::Expectation;

/// Normal(μ, σ) with both parameters free.
///
/// # Formula
/// ```text
/// ln q(x) = −ln σ − ½ ln 2π − (x−μ)²/(2σ²)
/// H(data, q) = ln σ + ½ ln 2π + (v + (m−μ)²)/(2σ²),   m = E X, v = Var X   (O(1))
/// forward-KL optimum (moment matching): μ = m, σ = √v
/// ```
/// Expectations under the model use Gauss–Hermite quadrature, which makes
/// reverse KL against continuous targets available.
///
/// # Example
/// ```
/// let mix = fit::NormalMixture::new(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
/// let r = fit::fit(&fit::Target::density(mix), &fit::Normal, fit::Direction::Forward)?;
/// assert!((r.params.get("sigma").unwrap() - 10f64.sqrt()).abs() < 1e-7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Bishop, *Pattern Recognition and Machine Learning* (2006), §10.1.2 and
/// Fig. 10.3 (forward KL moment-matches, reverse KL seeks modes).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Normal;

impl Family for Normal {
    fn name(&self) -> String {
        "Normal".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("sigma", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        ln_normal(x, t[0], t[1])
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (m, s) = (t[0], t[1]);
        let z = (x - m) / s;
        g[0] = z / s;
        g[1] = (z * z - 1.0) / s;
    }
    fn start(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
    fn sufficient_statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let m = data.expect(&|x| x);
        let v = data.expect(&|x| (x - m) * (x - m));
        Some(vec![m, v])
    }
    fn cross_entropy_from_statistics(&self, t: &[f64], s: &[f64]) -> f64 {
        const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
        let (mu, sigma) = (t[0], t[1]);
        let d = s[0] - mu;
        sigma.ln() + HALF_LN_2PI + (s[1] + d * d) / (2.0 * sigma * sigma)
    }
    fn cross_entropy_gradient_from_statistics(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let (mu, sigma) = (t[0], t[1]);
        let d = s[0] - mu;
        g[0] = -d / (sigma * sigma);
        g[1] = 1.0 / sigma - (s[1] + d * d) / (sigma * sigma * sigma);
    }
    fn expect_under(&self, t: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64> {
        Some(normal_expectation(t[0], t[1], f))
    }
    fn cdf(&self, t: &[f64], x: f64) -> Option<f64> {
        Some(normal_cdf(x, t[0], t[1]))
    }
}

/// `Φ((x − μ)/σ)` via `erfc`, accurate in both tails.
pub(crate) fn normal_cdf(x: f64, mu: f64, sigma: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-(x - mu) / (sigma * core::f64::consts::SQRT_2))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        for x in [-2.0, 0.1, 3.0] {
            crate::family::testing::check_score(&Normal, &[0.4, 1.7], x);
        }
    }
}
