//! Binomial(n, p) with `n` fixed.

use std::sync::Arc;

use statrs::function::factorial::ln_binomial;

use super::{xlny, Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use crate::tolerance::LN_CHOOSE_TABLE_MAX;
use divergence::simd as batch;
use divergence::simd::PointFn as _;

/// Binomial(n, p) on `0..=n` with `n` fixed and `p` free.
///
/// # Formula
/// ```text
/// ln q(k) = ln C(n,k) + k ln p + (n−k) ln(1−p)
/// H(data, q) = −E ln C(n,K) − m ln p − (n−m) ln(1−p),  m = E K   (O(1))
/// forward-KL optimum: p = m / n
/// ```
/// `ln C(n, k)` is tabulated once at construction (for `n ≤`
/// [`crate::tolerance::LN_CHOOSE_TABLE_MAX`]), so a reverse-KL evaluation over a
/// histogram costs two logarithms, plus one exponential per support point.
///
/// # Errors
/// [`Binomial::new`] rejects `n = 0`.
///
/// # Example
/// ```
/// let worms = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit::fit(&worms, &fit::Binomial::new(10)?, fit::Direction::Forward)?;
/// assert!((r.params().get("p").unwrap() - 0.57).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), §11.1 (types); the optimum is the binomial MLE.
#[derive(Debug, Clone)]
pub struct Binomial {
    n: u64,
    /// `ln C(n, k)` for `k = 0..=n`; empty above `LN_CHOOSE_TABLE_MAX`.
    ln_choose: Arc<[f64]>,
}

impl PartialEq for Binomial {
    fn eq(&self, other: &Self) -> bool {
        self.n == other.n
    }
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
        let ln_choose = if n <= LN_CHOOSE_TABLE_MAX {
            (0..=n).map(|k| ln_binomial(n, k)).collect()
        } else {
            Arc::from(Vec::new())
        };
        Ok(Binomial { n, ln_choose })
    }

    /// The number of trials.
    pub fn n(&self) -> u64 {
        self.n
    }

    #[inline]
    fn ln_c(&self, k: u64) -> f64 {
        match self.ln_choose.get(k as usize) {
            Some(&v) => v,
            None => ln_binomial(self.n, k),
        }
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
        self.ln_c(k) + xlny(k as f64, p) + xlny((self.n - k) as f64, 1.0 - p)
    }
    fn ln_density_run(&self, t: &[f64], start: i64, out: &mut [f64]) {
        let (lp, lq) = (t[0].ln(), (1.0 - t[0]).ln());
        let n = self.n as f64;
        for (i, o) in out.iter_mut().enumerate() {
            let x = start + i as i64;
            *o = match u64::try_from(x) {
                Ok(k) if k <= self.n => {
                    let kf = k as f64;
                    // 0·ln 0 = 0 at p ∈ {0, 1}
                    let a = if k == 0 { 0.0 } else { kf * lp };
                    let b = if k == self.n { 0.0 } else { (n - kf) * lq };
                    self.ln_c(k) + a + b
                }
                _ => f64::NEG_INFINITY,
            };
        }
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let p = t[0];
        g[0] = x / p - (self.n as f64 - x) / (1.0 - p);
    }
    fn start(&self) -> Vec<f64> {
        vec![0.5]
    }
    /// The maximum-likelihood estimate `p = mean/n`.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(Some(Start::Exact(vec![
            (data.mean() / self.n as f64).clamp(0.0, 1.0)
        ])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Binomial {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let m = data.expect(&|x| x);
        let lc = data.expect(&|x| match self.k(x) {
            Some(k) => self.ln_c(k),
            None => f64::NEG_INFINITY,
        });
        Some(vec![m, lc])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        // The batch formula, one point at a time: one home for it.
        self.run(s).at::<false>(t[0])
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let p = t[0];
        g[0] = -s[0] / p + (self.n as f64 - s[0]) / (1.0 - p);
    }
    fn cross_entropy_along(
        &self,
        _t: &[f64],
        _slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        batch::map(&self.run(s), values, out);
    }
}

impl Binomial {
    /// The cross-entropy as a function of `p`, from the statistics.
    fn run(&self, s: &[f64]) -> CrossEntropyRun {
        CrossEntropyRun {
            mean: s[0],
            rest: self.n as f64 - s[0],
            e_ln_c: s[1],
        }
    }
}

/// `H(data, Binomial(n, p))` as a function of `p`: the per-point formula of
/// [`SufficientStatistics::cross_entropy`] of a Binomial with the vectorisable `ln`.
struct CrossEntropyRun {
    /// `m = E K`.
    mean: f64,
    /// `n − m`.
    rest: f64,
    /// `E ln C(n, K)`.
    e_ln_c: f64,
}

impl batch::PointFn for CrossEntropyRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, p: f64) -> f64 {
        -(self.e_ln_c + batch::xlny::<FMA>(self.mean, p) + batch::xlny::<FMA>(self.rest, 1.0 - p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_score;
    use crate::family::testing::check_along;

    #[test]
    fn score_matches_differences() {
        let b = Binomial::new(10).unwrap();
        for k in 0..=10 {
            check_score(&b, &[0.37], k as f64).unwrap();
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

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let worms = crate::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]).unwrap();
        let b = Binomial::new(10).unwrap();
        let ps: Vec<f64> = (0..=1001)
            .map(|i| i as f64 / 1001.0)
            .chain([1e-300, 5e-324])
            .collect();
        // −(E ln C + m ln p + (n − m) ln(1 − p))
        let terms = |n: f64| {
            move |t: &[f64], s: &[f64]| {
                s[1].abs() + xlny(s[0], t[0]).abs() + xlny(n - s[0], 1.0 - t[0]).abs()
            }
        };
        check_along(&b, &worms, &[0.5], 0, &ps, terms(10.0));
        // m = 0 and m = n: the 0·ln 0 = 0 convention at p = 0 and p = 1.
        for counts in [[5, 0, 0], [0, 0, 5]] {
            let t = crate::Target::from_counts(&counts).unwrap();
            check_along(&Binomial::new(2).unwrap(), &t, &[0.5], 0, &ps, terms(2.0));
        }
    }

    #[test]
    fn run_matches_pointwise_including_the_ends() {
        let b = Binomial::new(10).unwrap();
        let mut out = [0.0; 14];
        for p in [0.0, 0.37, 1.0] {
            b.ln_density_run(&[p], -1, &mut out);
            for (i, &v) in out.iter().enumerate() {
                let x = (i as i64 - 1) as f64;
                approx::assert_relative_eq!(v, b.ln_density(&[p], x), epsilon = 1e-13);
            }
        }
        // Beyond the table, ln Γ is used.
        let big = Binomial::new(LN_CHOOSE_TABLE_MAX + 1).unwrap();
        assert!(big.ln_density(&[0.5], 3.0).is_finite());
    }
}
