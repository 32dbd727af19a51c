//! What a model is fitted to: a histogram, a known density, samples, or an
//! unnormalised log-density.

mod histogram;
mod lattice;
mod log_density;
mod moments;
mod samples;

use std::sync::Arc;

use ndarray::ArrayView1;

pub(crate) use histogram::Histogram;
pub(crate) use lattice::LnDensityLattice;
pub use log_density::LogDensity;
pub use moments::SampleMoments;
pub(crate) use samples::Samples;

use divergence::statrs::distribution::Normal as NormalDist;
use divergence::Mixture;

use crate::error::{Error, Result};

/// Expectations under a data distribution, the one operation a family needs
/// to compute its sufficient statistics.
pub trait Expectation {
    /// `E_data[f(X)]`.
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64;
    /// `(E X, Var X)` in closed form where the data know it (a Normal or a
    /// mixture of Normals), else `None` (the default): families whose
    /// sufficient statistics are the first two moments use it instead of
    /// quadrature.
    fn mean_variance(&self) -> Option<(f64, f64)> {
        None
    }
    /// `(start, probabilities)` when the data are a histogram on
    /// `start, start + 1, …`, else `None` (the default): families with one
    /// statistic per support point (a categorical) read them in one pass
    /// instead of one expectation per point.
    fn histogram(&self) -> Option<(i64, &[f64])> {
        None
    }
    /// The one-pass [`SampleMoments`] when the data are unweighted raw
    /// samples, else `None` (the default): families whose statistics are
    /// moments of `x` or `ln x` read them here instead of passing over the
    /// samples once per expectation.
    fn sample_moments(&self) -> Option<SampleMoments> {
        None
    }
}

/// A known density: the `divergence` distribution, its entropy (one
/// adaptive quadrature at construction) and, where closed-form, its mean and
/// variance.
#[derive(Clone)]
pub(crate) struct KnownDensity {
    pub(crate) density: Arc<dyn divergence::Density + Send + Sync>,
    entropy: f64,
    moments: Option<(f64, f64)>,
}

impl core::fmt::Debug for KnownDensity {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KnownDensity")
            .field("entropy", &self.entropy)
            .field("moments", &self.moments)
            .finish_non_exhaustive()
    }
}

impl KnownDensity {
    /// `E_p f` by the divergence crate's adaptive quadrature; `NaN` if it fails.
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        divergence::quadrature::expectation(&*self.density, f).map_or(f64::NAN, |e| e.value)
    }
}

/// `(mean, variance)` of a Normal or a mixture of Normals, in closed form.
fn normal_moments(d: &dyn core::any::Any) -> Option<(f64, f64)> {
    use divergence::statrs::statistics::Distribution;
    let parts = |n: &NormalDist| {
        (
            n.mean().unwrap_or(f64::NAN),
            n.variance().unwrap_or(f64::NAN),
        )
    };
    if let Some(n) = d.downcast_ref::<NormalDist>() {
        return Some(parts(n));
    }
    let m = d.downcast_ref::<Mixture<NormalDist>>()?;
    let mean: f64 = m
        .weights()
        .iter()
        .zip(m.components())
        .map(|(w, c)| w * parts(c).0)
        .sum();
    let var: f64 = m
        .weights()
        .iter()
        .zip(m.components())
        .map(|(w, c)| {
            let (mu, v) = parts(c);
            w * (v + (mu - mean) * (mu - mean))
        })
        .sum();
    Some((mean, var))
}

/// What a model is fitted to.
///
/// | constructor | data | meaningful objectives |
/// |---|---|---|
/// | [`Target::from_counts`], [`Target::from_probabilities`] | histogram on integers `start, start+1, …` | forward, reverse, cross-entropy; log-likelihood, AIC, BIC for counts |
/// | [`Target::distribution`], [`Target::normal_mixture`] | a normalised density: any `divergence::Density` (statrs distributions, `divergence::Mixture`s) | forward, reverse, cross-entropy |
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
    Density(KnownDensity),
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
    ///
    /// Accepts a slice, a `&Vec<f64>`, a `&[f64; N]` or an
    /// `ndarray::ArrayView1<f64>` (strided views are copied once).
    pub fn from_probabilities<'v>(p: impl Into<ArrayView1<'v, f64>>) -> Result<Target> {
        let p = p.into();
        Ok(Target {
            repr: Repr::Histogram(Histogram::from_probabilities(0, &contiguous(&p))?),
        })
    }

    /// A known, normalised density: a statrs distribution (`Normal`,
    /// `Gamma`, `Beta`, …) or a `divergence::Mixture` of them — any
    /// [`divergence::Density`]. Its entropy is computed once here by the
    /// divergence crate's adaptive quadrature; for a Normal or a mixture of
    /// Normals the mean and variance are exact (so forward KL to a Normal
    /// model is closed-form). Reverse KL integrates under the model. If the
    /// entropy quadrature fails (an entropy that is not finite), forward KL
    /// is `NaN`; cross-entropy and reverse KL are unaffected.
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// use divergence::{statrs::distribution::Normal, Mixture};
    /// let mix = Mixture::new(&[0.5, 0.5], vec![Normal::new(-3.0, 1.0)?, Normal::new(3.0, 1.0)?])?;
    /// let t = fit::Target::distribution(mix);
    /// let r = fit::fit(&t, &fit::Normal, fit::Direction::Forward)?;
    /// assert!((r.params().get("sigma").unwrap() - 10f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn distribution<D>(d: D) -> Target
    where
        D: divergence::Density + Send + Sync + 'static,
    {
        let entropy = divergence::quadrature::entropy_quadrature(&d).map_or(f64::NAN, |e| e.value);
        let moments = normal_moments(&d);
        Target {
            repr: Repr::Density(KnownDensity {
                density: Arc::new(d),
                entropy,
                moments,
            }),
        }
    }

    /// Shorthand for [`Target::distribution`] of a `divergence::Mixture` of
    /// statrs Normals, from `(weight, mean, standard deviation)` triples.
    ///
    /// # Formula
    /// ```text
    /// p(x) = Σⱼ wⱼ φ((x − μⱼ)/σⱼ)/σⱼ
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a mean that is not finite or a
    /// standard deviation that is not finite and positive;
    /// [`Error::Divergence`] for no components or weights that are negative,
    /// not finite or do not sum to 1 within `divergence::SUM_TOLERANCE` (they
    /// are never renormalised).
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// let t = fit::Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
    /// assert_eq!(t.kind(), "density");
    /// assert!(fit::Target::normal_mixture(&[(0.7, 0.0, 1.0)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Reference
    /// McLachlan & Peel, *Finite Mixture Models* (2000), §1.2.
    pub fn normal_mixture(components: &[(f64, f64, f64)]) -> Result<Target> {
        let mut normals = Vec::with_capacity(components.len());
        for &(_, m, s) in components {
            let bad = |name: &str, value: f64, reason| Error::InvalidParameter {
                name: name.to_string(),
                value,
                reason,
            };
            if !m.is_finite() {
                return Err(bad("mean", m, "must be finite"));
            }
            if !(s.is_finite() && s > 0.0) {
                return Err(bad("sd", s, "must be finite and positive"));
            }
            normals.push(
                NormalDist::new(m, s).map_err(|_| bad("sd", s, "must be finite and positive"))?,
            );
        }
        let weights: Vec<f64> = components.iter().map(|c| c.0).collect();
        Ok(Target::distribution(Mixture::new(&weights, normals)?))
    }

    /// Raw continuous samples (forward fits are maximum likelihood).
    ///
    /// # Errors
    /// [`crate::Error::EmptyData`] for no samples, [`crate::Error::InvalidData`]
    /// for a NaN or infinite sample.
    ///
    /// # Example
    /// ```
    /// use fit::Target;
    /// let v = vec![0.3, 1.2, 2.5];
    /// let from_slice = Target::samples(&v)?;
    /// // An ndarray column works too (here a strided view, copied once).
    /// let table = ndarray::array![[0.3, 9.0], [1.2, 9.0], [2.5, 9.0]];
    /// let from_column = Target::samples(table.column(0))?;
    /// assert_eq!(from_slice.count(), from_column.count());
    /// # Ok::<(), fit::Error>(())
    /// ```
    pub fn samples<'v>(xs: impl Into<ArrayView1<'v, f64>>) -> Result<Target> {
        let xs = xs.into();
        Ok(Target {
            repr: Repr::Samples(Samples::new(&contiguous(&xs), None)?),
        })
    }

    /// Samples with observation weights: each sample counts `wᵢ` times in
    /// the log-likelihood, as with fitdistrplus's `weights` (whole numbers
    /// there; here any positive number).
    ///
    /// # Formula
    /// ```text
    /// ℓ(θ) = Σᵢ wᵢ ln q(xᵢ; θ),   H(data, q) = −ℓ / Σᵢ wᵢ
    /// ```
    /// Standard errors come from the observed information of this `ℓ`
    /// (for whole-number weights, those of the samples repeated `wᵢ`
    /// times); [`Target::count`] is the number of samples, so BIC is
    /// `k ln n − 2ℓ` with `n` the rows, as in fitdistrplus. The families'
    /// closed-form starts are computed unweighted and refined by the solver
    /// (fitdistrplus warns the same of its starts). A mixture of Normals,
    /// goodness of fit and the bootstraps refuse weighted data
    /// ([`crate::Error::Weighted`]), as fitdistrplus's plots and `gofstat`
    /// do.
    ///
    /// # Errors
    /// As [`Target::samples`]; [`crate::Error::WeightCount`] for lengths
    /// that differ; [`crate::Error::InvalidData`] for a weight that is not
    /// positive and finite, or a total that overflows.
    ///
    /// # Example
    /// ```
    /// use fit::{fit, Direction, Normal, Target};
    /// // Weights 2 and 1 are the samples 1, 1, 4.
    /// let w = Target::weighted_samples(&[1.0, 4.0], &[2.0, 1.0])?;
    /// let e = Target::samples(&[1.0, 1.0, 4.0])?;
    /// let (a, b) = (fit(&w, &Normal, Direction::Forward)?, fit(&e, &Normal, Direction::Forward)?);
    /// assert!((a.params().get("mu").unwrap() - 2.0).abs() < 1e-9);
    /// assert!((a.log_likelihood().unwrap() - b.log_likelihood().unwrap()).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Reference
    /// The `weights` argument of `fitdistrplus::mledist` (Delignette-Muller
    /// & Dutang, *J. Stat. Softw.* 64(4), 2015).
    pub fn weighted_samples<'v, 'w>(
        xs: impl Into<ArrayView1<'v, f64>>,
        ws: impl Into<ArrayView1<'w, f64>>,
    ) -> Result<Target> {
        let (xs, ws) = (xs.into(), ws.into());
        Ok(Target {
            repr: Repr::Samples(Samples::weighted(&contiguous(&xs), &contiguous(&ws))?),
        })
    }

    /// Whether the data are weighted samples.
    pub fn is_weighted(&self) -> bool {
        matches!(&self.repr, Repr::Samples(s) if s.ws.is_some())
    }

    /// The total weight of the observations: `Σ wᵢ` for weighted samples,
    /// else [`Target::count`].
    pub fn total_weight(&self) -> Option<f64> {
        match &self.repr {
            Repr::Samples(s) => Some(s.total),
            _ => self.count().map(|n| n as f64),
        }
    }

    /// Refuses weighted samples for `what`.
    pub(crate) fn refuse_weights(&self, what: &'static str, why: &'static str) -> Result<()> {
        if self.is_weighted() {
            return Err(crate::Error::Weighted { what, why });
        }
        Ok(())
    }

    /// Raw samples with bin edges, so reports also give a binned KL.
    ///
    /// # Errors
    /// As [`Target::samples`], and [`crate::Error::InvalidGrid`] unless the
    /// edges are finite, strictly increasing and at least two.
    pub fn samples_binned<'v>(xs: impl Into<ArrayView1<'v, f64>>, edges: &[f64]) -> Result<Target> {
        let xs = xs.into();
        Ok(Target {
            repr: Repr::Samples(Samples::new(&contiguous(&xs), Some(edges))?),
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
            Repr::Density(d) => Some(d.entropy),
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

    /// `ln p(x)` of a continuous target (a known density or an unnormalised
    /// log-density); `NaN` for histograms and samples.
    pub(crate) fn ln_density_at(&self, x: f64) -> f64 {
        match &self.repr {
            Repr::Density(d) => d.density.ln_density(x),
            Repr::LogDensity(d) => d.ln_density(x),
            Repr::Histogram(_) | Repr::Samples(_) => f64::NAN,
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

    fn mean_variance(&self) -> Option<(f64, f64)> {
        match &self.repr {
            Repr::Density(d) => d.moments,
            _ => None,
        }
    }

    fn histogram(&self) -> Option<(i64, &[f64])> {
        match &self.repr {
            Repr::Histogram(h) => Some((h.start, &h.probs)),
            _ => None,
        }
    }

    /// Computed when the samples were taken in (one pass with the copy).
    fn sample_moments(&self) -> Option<SampleMoments> {
        match &self.repr {
            Repr::Samples(s) if s.ws.is_none() => Some(s.moments()),
            _ => None,
        }
    }
}

/// The view's elements as a slice: borrowed when contiguous, else copied.
fn contiguous<'v>(v: &'v ArrayView1<'_, f64>) -> std::borrow::Cow<'v, [f64]> {
    match v.as_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(v.to_vec()),
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
