//! Binomial(n, p) with `n` fixed.

use statrs::function::factorial::ln_binomial;

use super::{xlny, Family, Param, Support};
use crate::error::{Error, Result};
use crate::target::Expectation;

/// Binomial(n, p) on `0..=n` with `n` fixed and `p` free.
///
/// # Formula
/// ```text
/// ln q(k) = ln C(n,k) + k ln p + (n−k) ln(1−p)
/// H(data, q) = −E ln C(n,K) − m ln p − (n−m) ln(1−p),  m = E K   (O(1))
/// forward-KL optimum: p = m / n
/// ```
///
/// # Errors
/// [`Binomial::new`] rejects `n = 0`.
///
/// # Example
/// ```
/// let worms = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit::fit(&worms, &fit::Binomial::new(10)?, fit::Direction::Forward)?;
/// assert!((r.params.get("p").unwrap() - 0.57).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), §11.1 (types); the optimum is the binomial MLE.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Binomial {
    n: u64,
}

impl Binomial {
    /// Binomial with `n` trials.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `n = 0`.
    pub fn new(n: u64) -> Result<Self> {
        if n == 0 {
            return Err(Error::InvalidParameter {
                name: "n".into(),
                value: 0.0,
                reason: "a binomial needs at least one trial",
            });
        }
        Ok(Binomial { n })
    }

    fn k(&self, x: f64) -> Option<u64> {
        (x >= 0.0 && x <= self.n as f64 && x.fract() == 0.0).then_some(x as u64)
    }
}

impl Family for Binomial {
    fn name(&self) -> String {
        format!("Binomial(n={})", self.n)
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("p", 0.0, 1.0)]
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: Some(self.n as i64),
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        let Some(k) = self.k(x) else {
            return f64::NEG_INFINITY;
        };
        let p = t[0];
        ln_binomial(self.n, k) + xlny(k as f64, p) + xlny((self.n - k) as f64, 1.0 - p)
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let p = t[0];
        g[0] = x / p - (self.n as f64 - x) / (1.0 - p);
    }
    fn start(&self) -> Vec<f64> {
        vec![0.5]
    }
    fn sufficient_statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let m = data.expect(&|x| x);
        let lc = data.expect(&|x| match self.k(x) {
            Some(k) => ln_binomial(self.n, k),
            None => f64::NEG_INFINITY,
        });
        Some(vec![m, lc])
    }
    fn cross_entropy_from_statistics(&self, t: &[f64], s: &[f64]) -> f64 {
        let p = t[0];
        -(s[1] + xlny(s[0], p) + xlny(self.n as f64 - s[0], 1.0 - p))
    }
    fn cross_entropy_gradient_from_statistics(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let p = t[0];
        g[0] = -s[0] / p + (self.n as f64 - s[0]) / (1.0 - p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::testing::check_score;

    #[test]
    fn score_matches_differences() {
        let b = Binomial::new(10).unwrap();
        for k in 0..=10 {
            check_score(&b, &[0.37], k as f64);
        }
        assert!(Binomial::new(0).is_err());
    }

    #[test]
    fn pmf_sums_to_one() {
        let b = Binomial::new(10).unwrap();
        let s: f64 = (0..=10)
            .map(|k| b.ln_density(&[0.57], k as f64).exp())
            .sum();
        approx::assert_relative_eq!(s, 1.0, epsilon = 1e-14);
        assert!(b.ln_density(&[0.5], 11.0).is_infinite());
    }
}
