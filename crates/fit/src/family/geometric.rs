//! Geometric(p), counting failures before the first success.

use super::{xlny, Family, Param, SufficientStatistics, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use divergence::simd as batch;
use divergence::simd::PointFn as _;

/// Geometric(p) on `0, 1, 2, …` (failures before the first success; statrs's
/// `Geometric` counts trials, i.e. is shifted by one).
///
/// # Formula
/// ```text
/// ln q(k) = ln p + k ln(1−p)
/// H(data, q) = −ln p − m ln(1−p)      forward-KL optimum: p = 1/(1+m)
/// ```
///
/// # Example
/// ```
/// let data = fit::Target::from_counts(&[1, 1, 1, 1])?; // mean 1.5
/// let r = fit::fit(&data, &fit::Geometric, fit::Direction::Forward)?;
/// assert!((r.params().get("p").unwrap() - 0.4).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Geometric;

impl Family for Geometric {
    fn name(&self) -> String {
        "Geometric".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("p", 0.0, 1.0)]
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: None,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        if x < 0.0 || x.fract() != 0.0 {
            return f64::NEG_INFINITY;
        }
        t[0].ln() + xlny(x, 1.0 - t[0])
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        g[0] = 1.0 / t[0] - x / (1.0 - t[0]);
    }
    fn start(&self) -> Vec<f64> {
        vec![0.5]
    }
    /// The maximum-likelihood estimate `p = 1/(1 + mean)`.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(Some(Start::Exact(vec![1.0 / (1.0 + data.mean())])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Geometric {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(x < 0.0 || x.fract() != 0.0)));
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
        g[0] = -1.0 / t[0] + s[0] / (1.0 - t[0]);
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

/// `H(data, Geometric(p))` as a function of `p`, with the vectorisable `ln`.
struct CrossEntropyRun {
    /// `m = E K`.
    mean: f64,
}

impl batch::PointFn for CrossEntropyRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, p: f64) -> f64 {
        -batch::ln::<FMA>(p) - batch::xlny::<FMA>(self.mean, 1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        for k in 0..8 {
            crate::check_score(&Geometric, &[0.3], k as f64).unwrap();
        }
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let t = crate::Target::from_counts(&[5, 3, 0, 1]).unwrap();
        let ps: Vec<f64> = (0..=1000).map(|i| i as f64 / 1000.0).collect();
        // −ln p − m ln(1 − p)
        let terms = |t: &[f64], s: &[f64]| t[0].ln().abs() + (s[0] * (1.0 - t[0]).ln()).abs();
        crate::family::testing::check_along(&Geometric, &t, &[0.5], 0, &ps, terms);
    }
}
