//! What to do with empty bins.

use crate::error::{Error, Result};

/// Treatment of empty bins in [`crate::histogram_divergences`]. There is no
/// silent default constant: the caller chooses.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Smoothing {
    /// Probabilities are the raw relative frequencies. A bin that is empty
    /// in the current sample but not in the reference makes KL and PSI
    /// `+∞` (returned as `f64::INFINITY`, the mathematical answer); JS stays
    /// finite (at most ln 2).
    None,
    /// Add `α > 0` to every bin's count before normalising (Laplace's rule
    /// for `α = 1`, Jeffreys's for `α = ½`): `pᵢ = (cᵢ + α)/(N + Bα)`.
    /// Every divergence is then finite.
    Additive(f64),
}

impl Smoothing {
    /// The probabilities of `counts`.
    pub(crate) fn probabilities(self, counts: &[u64]) -> Result<Vec<f64>> {
        let alpha = match self {
            Smoothing::None => 0.0,
            Smoothing::Additive(a) if a.is_finite() && a > 0.0 => a,
            Smoothing::Additive(a) => {
                return Err(Error::InvalidOption {
                    name: "alpha",
                    value: a,
                    expected: "a finite α > 0 (or Smoothing::None)",
                })
            }
        };
        let w: Vec<f64> = counts.iter().map(|&c| c as f64 + alpha).collect();
        Ok(divergence::normalize(&w)?)
    }
}
