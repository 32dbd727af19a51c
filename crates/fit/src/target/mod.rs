//! What a model is fitted to: a histogram, a known density, samples, or an
//! unnormalised log-density.

pub(crate) mod density;
mod external;
mod histogram;
mod log_density;
mod samples;

use std::sync::Arc;

pub use density::{Density, NormalMixture};
pub(crate) use histogram::Histogram;
pub use log_density::LogDensity;
pub(crate) use samples::Samples;

use crate::error::Result;

/// Expectations under a data distribution, the one operation a family needs
/// to compute its sufficient statistics.
pub trait Expectation {
    /// `E_data[f(X)]`.
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64;
}

/// What a model is fitted to.
///
/// | constructor | data | meaningful objectives |
/// |---|---|---|
/// | [`Target::from_counts`], [`Target::from_probabilities`] | histogram on integers `start, start+1, …` | forward, reverse, cross-entropy; log-likelihood, AIC, BIC for counts |
/// | [`Target::density`] | a normalised density, e.g. [`NormalMixture`] | forward, reverse, cross-entropy |
/// | [`Target::samples`] | raw continuous samples | forward (= maximum likelihood), reported as cross-entropy = mean NLL |
/// | [`Target::unnormalized`] | `ln p̃(x)`, `p̃ = Z·p` | reverse only (variational inference) |
///
/// Forward KL to the empirical distribution of samples is maximum
/// likelihood up to a constant: `KL(p̂‖q) = −H(p̂) − (1/N) Σ ln q(xᵢ)`, and only
/// the second term depends on the model. For continuous samples `H(p̂)` is
/// not finite, so a samples fit reports the mean negative log-likelihood
/// (the cross-entropy) and, when bins are given, a binned KL.
///
/// # Example
/// ```
/// let worms = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// assert_eq!(worms.kind(), "histogram");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Target {
    pub(crate) repr: Repr,
}

#[derive(Debug, Clone)]
pub(crate) enum Repr {
    Histogram(Histogram),
    Density(Arc<dyn Density>),
    Samples(Samples),
    LogDensity(Arc<dyn LogDensity>),
}

impl Target {
    /// A histogram of integer counts on the support `0, 1, …, counts.len()−1`.
    ///
    /// # Formula
    /// ```text
    /// pₖ = nₖ / N,   N = Σ nₖ
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Divergence`] for no counts or all counts zero.
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// let t = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
    /// assert_eq!(t.count(), Some(100));
    /// assert!(fit::Target::from_counts(&[0, 0]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Reference
    /// Cover & Thomas, *Elements of Information Theory* (2nd ed.), §11.1.
    pub fn from_counts(counts: &[u64]) -> Result<Target> {
        Self::from_counts_at(0, counts)
    }

    /// A histogram of counts on the support `start, start+1, …`.
    ///
    /// # Errors
    /// As [`Target::from_counts`].
    pub fn from_counts_at(start: i64, counts: &[u64]) -> Result<Target> {
        Ok(Target {
            repr: Repr::Histogram(Histogram::from_counts(start, counts)?),
        })
    }

    /// A histogram given as probabilities on `0, 1, …` (no log-likelihood,
    /// AIC or BIC: the sample size is unknown).
    ///
    /// # Errors
    /// [`crate::Error::Divergence`] unless the vector is a probability vector
    /// (non-negative, finite, summing to 1 within `divergence::SUM_TOLERANCE`);
    /// it is never renormalised silently.
    pub fn from_probabilities(p: &[f64]) -> Result<Target> {
        Ok(Target {
            repr: Repr::Histogram(Histogram::from_probabilities(0, p)?),
        })
    }

    /// A known, normalised density such as a [`NormalMixture`].
    pub fn density(d: impl Density + 'static) -> Target {
        Target {
            repr: Repr::Density(Arc::new(d)),
        }
    }

    /// Any distribution the `divergence` crate can integrate: a statrs
    /// distribution (`Normal`, `Gamma`, `Beta`, …) or a `divergence::Mixture`
    /// of them; expectations use the divergence crate's adaptive quadrature.
    ///
    /// # Example
    /// ```
    /// use divergence::{statrs::distribution::Normal, Mixture};
    /// let mix = Mixture::new(&[0.5, 0.5], vec![Normal::new(-3.0, 1.0)?, Normal::new(3.0, 1.0)?])?;
    /// let t = fit::Target::distribution(mix);
    /// let r = fit::fit(&t, &fit::Normal, fit::Direction::Forward)?;
    /// assert!((r.params.get("sigma").unwrap() - 10f64.sqrt()).abs() < 1e-7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn distribution<D>(d: D) -> Target
    where
        D: divergence::Density + Send + Sync + 'static,
    {
        Target {
            repr: Repr::Density(Arc::new(external::External(d))),
        }
    }

    /// Raw continuous samples (forward fits are maximum likelihood).
    ///
    /// # Errors
    /// [`crate::Error::EmptyData`] for no samples, [`crate::Error::InvalidData`]
    /// for a NaN or infinite sample.
    pub fn samples(xs: &[f64]) -> Result<Target> {
        Ok(Target {
            repr: Repr::Samples(Samples::new(xs, None)?),
        })
    }

    /// Raw samples with bin edges, so reports also give a binned KL.
    ///
    /// # Errors
    /// As [`Target::samples`], and [`crate::Error::InvalidGrid`] unless the
    /// edges are finite, strictly increasing and at least two.
    pub fn samples_binned(xs: &[f64], edges: &[f64]) -> Result<Target> {
        Ok(Target {
            repr: Repr::Samples(Samples::new(xs, Some(edges))?),
        })
    }

    /// An unnormalised log-density `ln p̃(x) = ln p(x) + ln Z`: only reverse
    /// KL can be fitted, and `ln Z` drops out of the gradient.
    pub fn unnormalized(f: impl LogDensity + 'static) -> Target {
        Target {
            repr: Repr::LogDensity(Arc::new(f)),
        }
    }

    /// `"histogram"`, `"density"`, `"samples"` or `"unnormalized"`.
    pub fn kind(&self) -> &'static str {
        match &self.repr {
            Repr::Histogram(_) => "histogram",
            Repr::Density(_) => "density",
            Repr::Samples(_) => "samples",
            Repr::LogDensity(_) => "unnormalized",
        }
    }

    /// Total count `N` for count data, else `None`.
    pub fn count(&self) -> Option<u64> {
        match &self.repr {
            Repr::Histogram(h) => h.total,
            Repr::Samples(s) => Some(s.xs.len() as u64),
            _ => None,
        }
    }

    /// Entropy of the data in nats, where it is finite and known.
    pub fn entropy(&self) -> Option<f64> {
        match &self.repr {
            Repr::Histogram(h) => Some(h.entropy),
            Repr::Density(d) => Some(d.entropy()),
            _ => None,
        }
    }

    /// The histogram's probabilities, if this is a histogram.
    pub fn probabilities(&self) -> Option<&[f64]> {
        match &self.repr {
            Repr::Histogram(h) => Some(&h.probs),
            _ => None,
        }
    }

    /// Whether the data live on the integers.
    pub(crate) fn is_discrete(&self) -> bool {
        matches!(self.repr, Repr::Histogram(_))
    }
}

impl Expectation for Target {
    /// `E_data f`; `NaN` for an unnormalised log-density (no expectations exist).
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        match &self.repr {
            Repr::Histogram(h) => h.expect(f),
            Repr::Density(d) => d.expect(f),
            Repr::Samples(s) => s.expect(f),
            Repr::LogDensity(_) => f64::NAN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_is_send_sync() {
        fn assert_traits<T: Send + Sync>() {}
        assert_traits::<Target>();
    }
}
