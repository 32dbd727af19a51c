//! Poisson(λ).

use statrs::function::factorial::ln_factorial;

use super::{xlny, Family, Param, Support};
use crate::target::Expectation;

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
/// assert!((r.params.get("lambda").unwrap() - 1.0).abs() < 1e-9);
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
    fn sufficient_statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let outside = data.expect(&|x| f64::from(u8::from(ln_fact(x) == f64::NEG_INFINITY)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        Some(vec![data.expect(&|x| x), data.expect(&ln_fact), 0.0])
    }
    fn cross_entropy_from_statistics(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        t[0] - xlny(s[0], t[0]) + s[1]
    }
    fn cross_entropy_gradient_from_statistics(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        g[0] = 1.0 - s[0] / t[0];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cross_entropy_matches_the_sum() {
        let t = crate::Target::from_counts(&[1, 4, 2, 0, 3]).unwrap();
        let s = Poisson.sufficient_statistics(&t).unwrap();
        let direct = -crate::Expectation::expect(&t, &|x| Poisson.ln_density(&[1.7], x));
        approx::assert_relative_eq!(
            Poisson.cross_entropy_from_statistics(&[1.7], &s),
            direct,
            max_relative = 1e-14
        );
    }

    #[test]
    fn score() {
        for k in 0..8 {
            crate::family::testing::check_score(&Poisson, &[2.3], k as f64);
        }
    }
}
