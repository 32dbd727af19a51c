//! Poisson(λ).

use statrs::function::factorial::ln_factorial;

use super::{xlny, Family, Param, SufficientStatistics, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use divergence::simd as batch;
use divergence::simd::PointFn as _;

/// Poisson(λ) on `0, 1, 2, …`.
///
/// # Formula
/// ```text
/// ln q(k) = k ln λ − λ − ln k!
/// H(data, q) = λ − m ln λ + E ln K!      forward-KL optimum: λ = m
/// ```
///
/// # Example
/// ```
/// let data = fit::Target::from_counts(&[1, 2, 1])?;
/// let r = fit::fit(&data, &fit::Poisson, fit::Direction::Forward)?;
/// assert!((r.params().get("lambda").unwrap() - 1.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Casella & Berger, *Statistical Inference* (2nd ed.), Example 7.2.5.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Poisson;

fn ln_fact(x: f64) -> f64 {
    if x >= 0.0 && x.fract() == 0.0 {
        ln_factorial(x as u64)
    } else {
        f64::NEG_INFINITY
    }
}

impl Family for Poisson {
    fn name(&self) -> String {
        "Poisson".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("lambda", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: None,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        let lf = ln_fact(x);
        if lf == f64::NEG_INFINITY {
            return lf;
        }
        xlny(x, t[0]) - t[0] - lf
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        g[0] = x / t[0] - 1.0;
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0]
    }
    /// The maximum-likelihood estimate `λ = mean`.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(Some(Start::Exact(vec![data.mean()])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Poisson {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(ln_fact(x) == f64::NEG_INFINITY)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        Some(vec![data.expect(&|x| x), data.expect(&ln_fact), 0.0])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        // The batch formula, one point at a time: one home for it.
        self.run(s).at::<false>(t[0])
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        g[0] = 1.0 - s[0] / t[0];
    }
    fn cross_entropy_along(
        &self,
        _t: &[f64],
        _slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        if s[2] > 0.0 {
            out.fill(f64::INFINITY);
            return;
        }
        batch::map(&self.run(s), values, out);
    }
}

impl Poisson {
    /// The cross-entropy as a function of `λ`, from the statistics.
    fn run(&self, s: &[f64]) -> CrossEntropyRun {
        CrossEntropyRun {
            mean: s[0],
            e_ln_fact: s[1],
        }
    }
}

/// `H(data, Poisson(λ))` as a function of `λ`, with the vectorisable `ln`.
struct CrossEntropyRun {
    /// `m = E K`.
    mean: f64,
    /// `E ln K!`.
    e_ln_fact: f64,
}

impl batch::PointFn for CrossEntropyRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, lambda: f64) -> f64 {
        lambda - batch::xlny::<FMA>(self.mean, lambda) + self.e_ln_fact
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cross_entropy_matches_the_sum() {
        let t = crate::Target::from_counts(&[1, 4, 2, 0, 3]).unwrap();
        let s = Poisson.statistics(&t).unwrap();
        let direct = -crate::Expectation::expect(&t, &|x| Poisson.ln_density(&[1.7], x));
        approx::assert_relative_eq!(
            Poisson.cross_entropy(&[1.7], &s),
            direct,
            max_relative = 1e-14
        );
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let t = crate::Target::from_counts(&[1, 4, 2, 0, 3]).unwrap();
        let lambdas: Vec<f64> = (0..=500)
            .map(|i| i as f64 * 0.037)
            .chain([1e-310, 1e300])
            .collect();
        // λ − m ln λ + E ln K!
        let terms = |t: &[f64], s: &[f64]| t[0] + (s[0] * t[0].ln()).abs() + s[1];
        crate::family::testing::check_along(&Poisson, &t, &[1.0], 0, &lambdas, terms);
        // Data on a non-integer: +∞ everywhere.
        let half = crate::Target::samples(&[0.5]).unwrap();
        let s = Poisson.statistics(&half).unwrap();
        let mut out = [0.0; 3];
        Poisson.cross_entropy_along(&[1.0], 0, &[0.1, 1.0, 9.0], &s, &mut out);
        assert!(out.iter().all(|v| v.is_infinite()));
    }

    #[test]
    fn score() {
        for k in 0..8 {
            crate::check_score(&Poisson, &[2.3], k as f64).unwrap();
        }
    }
}
