//! Exponential(λ).

use super::{Cdf, Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use divergence::simd as batch;
use divergence::simd::PointFn as _;

/// Exponential with rate `lambda` on `[0, ∞)`.
///
/// # Formula
/// ```text
/// ln q(x) = ln λ − λx,   H(data, q) = −ln λ + λ m,   optimum λ = 1/m
/// ```
///
/// # Example
/// ```
/// let r = fit::fit(&fit::Target::samples(&[1.0, 3.0])?, &fit::Exponential, fit::Direction::Forward)?;
/// assert!((r.params().get("lambda").unwrap() - 0.5).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Exponential;

impl Family for Exponential {
    fn name(&self) -> String {
        "Exponential".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("lambda", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        if x < 0.0 {
            f64::NEG_INFINITY
        } else {
            t[0].ln() - t[0] * x
        }
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        g[0] = 1.0 / t[0] - x;
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0]
    }
    /// The maximum-likelihood estimate `λ = 1/mean`.
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when every observation is 0 (or the mean
    /// is too small for `1/mean` to be finite).
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let rate = 1.0 / data.mean();
        if !(rate.is_finite() && rate > 0.0) {
            return Err(Error::DegenerateData {
                family: self.name(),
                reason: format!("the mean is {}: the rate 1/mean is not finite", data.mean()),
            });
        }
        Ok(Some(Start::Exact(vec![rate])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl SufficientStatistics for Exponential {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(x < 0.0)));
        Some(vec![data.expect(&|x| x), outside])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[1] > 0.0 {
            return f64::INFINITY;
        }
        // The batch formula, one point at a time: one home for it.
        CrossEntropyRun { mean: s[0] }.at::<false>(t[0])
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        g[0] = -1.0 / t[0] + s[0];
    }
    fn cross_entropy_along(
        &self,
        _t: &[f64],
        _slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        if s[1] > 0.0 {
            out.fill(f64::INFINITY);
            return;
        }
        batch::map(&CrossEntropyRun { mean: s[0] }, values, out);
    }
}

impl Cdf for Exponential {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            -(-t[0] * x).exp_m1()
        }
    }
}

/// `H(data, Exponential(λ))` as a function of `λ`, with the vectorisable `ln`.
struct CrossEntropyRun {
    /// `E X`.
    mean: f64,
}

impl batch::PointFn for CrossEntropyRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, lambda: f64) -> f64 {
        -batch::ln::<FMA>(lambda) + lambda * self.mean
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        crate::check_score(&Exponential, &[0.7], 2.0).unwrap();
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let t = crate::Target::samples(&[0.3, 1.0, 2.9]).unwrap();
        let lambdas: Vec<f64> = (0..=1000)
            .map(|i| i as f64 * 0.013)
            .chain([1e-310, 1e300])
            .collect();
        // −ln λ + λ m
        let terms = |t: &[f64], s: &[f64]| t[0].ln().abs() + t[0] * s[0];
        crate::family::testing::check_along(&Exponential, &t, &[1.0], 0, &lambdas, terms);
    }
}
