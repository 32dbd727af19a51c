//! Laplace(μ, b), written as a [`Model`]: its score comes from automatic
//! differentiation.

use super::quantile::{median, sorted};
use super::{Cdf, FisherInformation, Model, Param, Real, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Laplace (double exponential) with location `mu` and scale `b > 0` on the
/// real line.
///
/// # Formula
/// ```text
/// ln q(x) = −ln(2b) − |x − μ|/b
/// F(x)    = ½ exp((x − μ)/b)            for x < μ
///         = 1 − ½ exp(−(x − μ)/b)       for x ≥ μ
/// MLE:      μ̂ = median(x),   b̂ = mean |x − μ̂|
/// ```
/// The maximum-likelihood estimate is in closed form ([`Start::Exact`]),
/// so a forward fit to samples with the default solver reports it without
/// iterating. For an even number of samples every `μ` between the two
/// middle values is a maximum (with the same `b̂`); the median, their
/// midpoint, is reported. `ln q` has a kink at `x = μ`; the score there is
/// taken as the subgradient `0` in `μ`. A gradient solver chosen
/// explicitly starts at the MLE and stays there, but when observations tie
/// with the median the score in `μ` does not vanish (the log-likelihood is
/// not differentiable there), so it cannot certify the optimum and reports
/// the fit as not converged. Other targets (a histogram, a density) start
/// from `μ = mean`, `b = E|X − mean|`.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal (`b̂ = 0`).
///
/// # Example
/// ```
/// use fit::{fit, Direction, Laplace, Target};
/// let x = [1.0, 2.0, 4.0, 7.0, 11.0];
/// let r = fit(&Target::samples(&x)?, &Laplace, Direction::Forward)?;
/// assert_eq!(r.params().get("mu"), Some(4.0)); // the median
/// assert!((r.params().get("b").unwrap() - 3.0).abs() < 1e-12); // (3+2+0+3+7)/5
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 2, 2nd ed. (1995), ch. 24 (maximum likelihood: §24.4); Kotz,
/// Kozubowski & Podgórski, *The Laplace Distribution and Generalizations*
/// (2001), §2.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Laplace;

impl Model for Laplace {
    fn name(&self) -> String {
        "Laplace".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("b", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() {
            return D::from(f64::NEG_INFINITY);
        }
        let (mu, b) = (t[0], t[1]);
        // |x − μ| with the subgradient 0 at the kink.
        let dist = if x > mu.value() {
            -mu + x
        } else if x < mu.value() {
            mu - x
        } else {
            D::from(0.0)
        };
        -(b * 2.0).ln() - dist / b
    }
    /// The closed-form MLE for samples; `mean` and `E|X − mean|` otherwise.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let start = match data.samples() {
            Some(xs) => {
                let mu = median(&sorted(xs));
                let b = xs.iter().map(|x| (x - mu).abs()).sum::<f64>() / xs.len() as f64;
                Start::Exact(vec![mu, b])
            }
            None => {
                let mu = data.mean();
                Start::Estimate(vec![mu, data.target().expect(&|x| (x - mu).abs())])
            }
        };
        Ok(start.theta().iter().all(|v| v.is_finite()).then_some(start))
    }
    fn as_fisher_information(&self) -> Option<&dyn FisherInformation> {
        Some(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

/// `I(μ, b) = diag(1/b², 1/b²)` per observation: the log-likelihood is
/// piecewise linear in `μ`, so its second derivative (the observed
/// information) is 0 almost everywhere and says nothing; the median's
/// asymptotic standard error is `b/√n`.
///
/// # Reference
/// Kotz, Kozubowski & Podgórski, *The Laplace Distribution and
/// Generalizations* (2001), §2.6.1 (Fisher information).
impl FisherInformation for Laplace {
    fn fisher_information(&self, theta: &[f64]) -> Vec<f64> {
        let w = 1.0 / (theta[1] * theta[1]);
        vec![w, 0.0, 0.0, w]
    }
}

impl Cdf for Laplace {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        let z = (x - t[0]) / t[1];
        if z < 0.0 {
            0.5 * z.exp()
        } else {
            1.0 - 0.5 * (-z).exp()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&Laplace, &[0.3, 1.7], 2.1).unwrap();
        crate::check_score(&Laplace, &[0.3, 1.7], -4.0).unwrap();
    }

    /// F(μ) = ½ and F(μ + b ln 2) = 3/4, from the formula.
    #[test]
    fn cdf() {
        let t = [1.0, 2.0];
        assert!((Laplace.cdf(&t, 1.0) - 0.5).abs() < 1e-15);
        assert!((Laplace.cdf(&t, 1.0 + 2.0 * 2f64.ln()) - 0.75).abs() < 1e-15);
        assert!((Laplace.cdf(&t, 1.0 - 2.0 * 2f64.ln()) - 0.25).abs() < 1e-15);
    }
}
