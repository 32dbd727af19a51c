//! Negative binomial(r, p).

use statrs::function::factorial::ln_factorial;
use statrs::function::gamma::{digamma, ln_gamma};

use super::{xlny, Family, Param, Support};
use crate::error::Result;
use crate::start::{DataSummary, Degeneracy, Start};
use crate::tolerance::NEGBIN_POISSON_LIMIT;

/// Negative binomial on `0, 1, …`: failures before the `r`-th success, `r > 0`
/// real. Not an exponential family in `r`, so evaluations sum over the data.
///
/// # Formula
/// ```text
/// ln q(k) = ln Γ(k+r) − ln Γ(r) − ln k! + r ln p + k ln(1−p)
/// ∂r = ψ(k+r) − ψ(r) + ln p,   ∂p = r/p − k/(1−p)
/// ```
///
/// # Example
/// ```
/// let data = fit::Target::from_counts(&[3, 5, 4, 3, 2, 1, 1])?;
/// let r = fit::fit(&data, &fit::NegativeBinomial, fit::Direction::Forward)?;
/// assert!(r.converged());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kemp & Kotz, *Univariate Discrete Distributions* (3rd ed.), §5.1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NegativeBinomial;

impl Family for NegativeBinomial {
    fn name(&self) -> String {
        "NegativeBinomial".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("r", 0.0, f64::INFINITY),
            Param::new("p", 0.0, 1.0),
        ]
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
        let (r, p) = (t[0], t[1]);
        ln_gamma(x + r) - ln_gamma(r) - ln_factorial(x as u64) + r * p.ln() + xlny(x, 1.0 - p)
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (r, p) = (t[0], t[1]);
        g[0] = digamma(x + r) - digamma(r) + p.ln();
        g[1] = r / p - x / (1.0 - p);
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 0.5]
    }
    /// Method of moments, `p = mean/var`, `r = mean²/(var − mean)`; when
    /// `var ≤ mean` the counts are not over-dispersed and the likelihood
    /// increases toward the Poisson limit `r → ∞`: a [`Start::Limit`] at
    /// `r =` [`NEGBIN_POISSON_LIMIT`]`·max(1, mean)` with the mean matched.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let (m, v) = (data.mean(), data.variance());
        if v > m && m > 0.0 {
            return Ok(Some(Start::Estimate(vec![m * m / (v - m), m / v])));
        }
        let r = NEGBIN_POISSON_LIMIT * m.max(1.0);
        Ok(Some(Start::Limit {
            theta: vec![r, r / (r + m)],
            degeneracy: Degeneracy::new(
                "r",
                format!(
                    "the variance ({v:.6}) does not exceed the mean ({m:.6}): no finite maximum exists; \
                     the fit is the Poisson limit r → ∞ (fit poisson instead)"
                ),
            ),
        }))
    }
    /// `r` beyond [`NEGBIN_POISSON_LIMIT`]`·max(1, mean)`: the fit ran to the
    /// Poisson limit.
    fn degeneracy(&self, t: &[f64], data: &DataSummary<'_>) -> Option<Degeneracy> {
        (t[0] > NEGBIN_POISSON_LIMIT * data.mean().max(1.0)).then(|| {
            Degeneracy::new(
                "r",
                format!(
                    "{:.3e} ran to the Poisson limit r → ∞ (the counts are not over-dispersed)",
                    t[0]
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        for k in 0..8 {
            crate::check_score(&NegativeBinomial, &[2.5, 0.4], k as f64).unwrap();
        }
    }
}
