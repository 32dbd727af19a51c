//! Options and result of the kNN estimators.

use crate::error::{Error, Result};

/// Replicates of [`Uncertainty::HalfSampling`] when none are asked for.
pub const DEFAULT_HALF_SAMPLES: usize = 50;

/// What to do when a neighbour distance is exactly 0 (repeated points),
/// where `ln(νₖ/ρₖ)` is infinite.
///
/// Continuous distributions never repeat a point, so a zero distance means
/// the data are rounded or discrete, and the estimator's assumptions fail:
/// by default that is an error naming the rows, not a silent fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Ties {
    /// `ρₖ(i) = 0` (`k` other points of `P` equal to `xᵢ`) is
    /// [`Error::DuplicatePoint`]; `νₖ(i) = 0` (`k` points of `Q` equal to
    /// `xᵢ`) is [`Error::CoincidentPoint`]. A single repeat with `k ≥ 2`
    /// is not an error: the k-th distance is still positive.
    #[default]
    Error,
    /// Neighbours at distance exactly 0 are skipped: `ρₖ(i)` and `νₖ(i)` are
    /// the k-th smallest *positive* distances. This treats repeated values
    /// as one point, a bias for heavily rounded data (the estimate then
    /// describes the distinct values); [`KnnEstimate::skipped`] counts the
    /// neighbours skipped, so a caller can report how much it mattered.
    SkipZeroDistances,
}

/// How the standard error of a kNN estimate is computed.
///
/// The estimate is a mean of per-point terms `tᵢ = d ln(νₖ(i)/ρₖ(i))`, but
/// the terms are *dependent*: points share neighbours, and every `νₖ(i)`
/// depends on the same sample from `Q`. Resampling with replacement (the
/// ordinary bootstrap) is wrong here: a resample repeats points, which
/// makes `ρ = 0` and the estimate infinite. Both methods below avoid it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Uncertainty {
    /// Half-sampling (the delete-d jackknife with `d = n/2`): each replicate
    /// draws ⌊n/2⌋ points of `P` and ⌊m/2⌋ of `Q` *without replacement*
    /// and re-estimates; the standard error is the standard deviation of
    /// the replicate estimates. For a mean, `Var(half-sample mean − full
    /// mean) = σ²/n` exactly, so no rescaling is needed (Shao & Wu, *Ann.
    /// Statist.* 17 (1989) 1176–1197, with `r = d = n/2`); it sees the
    /// dependence between terms and the variability of `Q`. No point is
    /// repeated, so ties cannot appear. Costs `replicates` estimates at half
    /// size. Replicate `r` draws from SplitMix64 stream `(seed, r)`, so the
    /// answer does not depend on the thread count.
    HalfSampling {
        /// Number of half-samples (at least 2).
        replicates: usize,
        /// Seed of the subsampling streams.
        seed: u64,
    },
    /// The standard error of the mean of the `n` per-point terms,
    /// `s(t)/√n`. Free, but it treats the terms as independent and so
    /// understates the error: over 40 seeds at n = m = 2000 it was 20 %
    /// (1-D) to 27 % (5-D) below the actual spread of the estimates, where
    /// half-sampling was 15–20 % above it (conservative).
    /// `tests/it/uncertainty.rs` checks both directions and the coverage.
    PerPointTerms,
}

impl Default for Uncertainty {
    /// Half-sampling with [`DEFAULT_HALF_SAMPLES`] replicates and seed 0.
    fn default() -> Self {
        Uncertainty::HalfSampling {
            replicates: DEFAULT_HALF_SAMPLES,
            seed: 0,
        }
    }
}

/// Options of the kNN estimators: neighbour order `k`, the [`Ties`] rule
/// and the [`Uncertainty`] method. Build with [`KnnOptions::new`] (`k = 1`,
/// [`Ties::Error`], half-sampling with 50 replicates, seed 0) and the
/// `with_*` setters.
///
/// `k = 1` is the default, as in Wang, Kulkarni & Verdú (2009) and
/// Pérez-Cruz (2008): the smallest bias for a given `n`; larger `k` lowers
/// the variance and raises the bias.
///
/// # Example
/// ```
/// use estimate::{KnnOptions, Uncertainty};
/// let o = KnnOptions::new().with_k(3)?.with_uncertainty(Uncertainty::PerPointTerms)?;
/// assert_eq!(o.k(), 3);
/// assert!(KnnOptions::new().with_k(0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KnnOptions {
    k: usize,
    ties: Ties,
    uncertainty: Uncertainty,
}

impl Default for KnnOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl KnnOptions {
    /// `k = 1`, [`Ties::Error`], [`Uncertainty::default`].
    pub fn new() -> Self {
        Self {
            k: 1,
            ties: Ties::Error,
            uncertainty: Uncertainty::default(),
        }
    }

    /// Sets the neighbour order `k`.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] for `k = 0`.
    pub fn with_k(mut self, k: usize) -> Result<Self> {
        if k == 0 {
            return Err(Error::InvalidOption {
                name: "k",
                value: 0.0,
                expected: "k ≥ 1",
            });
        }
        self.k = k;
        Ok(self)
    }

    /// Sets the rule for zero distances.
    pub fn with_ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }

    /// Sets the standard-error method.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] for half-sampling with fewer than 2
    /// replicates.
    pub fn with_uncertainty(mut self, uncertainty: Uncertainty) -> Result<Self> {
        if let Uncertainty::HalfSampling { replicates, .. } = uncertainty {
            if replicates < 2 {
                return Err(Error::InvalidOption {
                    name: "replicates",
                    value: replicates as f64,
                    expected: "at least 2 half-samples",
                });
            }
        }
        self.uncertainty = uncertainty;
        Ok(self)
    }

    /// The neighbour order.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The tie rule.
    pub fn ties(&self) -> Ties {
        self.ties
    }

    /// The standard-error method.
    pub fn uncertainty(&self) -> Uncertainty {
        self.uncertainty
    }
}

/// A kNN estimate with its standard error and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct KnnEstimate {
    /// The estimate, in nats.
    pub estimate: f64,
    /// Its standard error, in nats (see [`Uncertainty`]).
    pub std_error: f64,
    /// Points of `P`.
    pub n: usize,
    /// Points of `Q` (0 for an entropy).
    pub m: usize,
    /// Neighbour order.
    pub k: usize,
    /// Dimension.
    pub d: usize,
    /// How `std_error` was computed.
    pub uncertainty: Uncertainty,
    /// Zero-distance neighbours skipped under [`Ties::SkipZeroDistances`]
    /// (always 0 under [`Ties::Error`]).
    pub skipped: usize,
}
