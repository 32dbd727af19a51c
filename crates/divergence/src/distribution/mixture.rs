//! Finite mixtures of 1-D continuous distributions.

use crate::distribution::Density;
use crate::error::{Arg, Error, Result};
use crate::validate::check_distribution;

/// A finite mixture `Σ wᵢ pᵢ(x)` of 1-D continuous components of one type
/// (e.g. a two-peaked mixture of [`statrs::distribution::Normal`]s).
///
/// Mixtures have no closed-form KL divergence; they implement [`Density`],
/// so [`crate::quadrature::kl_quadrature`] and the other quadrature
/// measures accept them on either side.
///
/// # Formula
/// ```text
/// ln p(x) = m + ln Σᵢ exp(ln wᵢ + ln pᵢ(x) − m),   m = maxᵢ (ln wᵢ + ln pᵢ(x))
/// centre  = Σ wᵢ cᵢ,   spread² = Σ wᵢ (sᵢ² + (cᵢ − centre)²)
/// ```
/// (log-sum-exp, evaluated in one pass; `cᵢ, sᵢ` are the components'
/// [`Density::centre`] and [`Density::spread`]).
///
/// # Errors
/// [`Mixture::new`] returns [`Error::Empty`] for no components,
/// [`Error::Mismatch`] when weights and components differ in number, and
/// [`Error::Negative`], [`Error::NotFinite`] or [`Error::NotNormalized`]
/// (with `arg = Arg::Counts`) for bad weights. Weights must sum to 1 within
/// [`crate::SUM_TOLERANCE`]; they are not silently normalised.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::{Density, Mixture};
/// use statrs::distribution::Normal;
/// let m = Mixture::new(&[0.5, 0.5], vec![Normal::new(-3.0, 1.0)?, Normal::new(3.0, 1.0)?])?;
/// assert!((m.centre() - 0.0).abs() < 1e-15);
/// assert!((m.spread() - 10f64.sqrt()).abs() < 1e-15);
/// // Far in the tail the log-density stays finite (no exp underflow).
/// assert!((m.ln_density(-100.0) - (0.5f64.ln() - 0.5 * 97.0f64.powi(2)
///     - 0.5 * (2.0 * std::f64::consts::PI).ln())).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// G. McLachlan and D. Peel, *Finite Mixture Models* (Wiley, 2000), §1.2.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixture<D> {
    weights: Vec<f64>,
    ln_weights: Vec<f64>,
    components: Vec<D>,
}

impl<D: Density> Mixture<D> {
    /// A mixture with the given weights (summing to 1) and components.
    ///
    /// # Errors
    /// See the type-level docs.
    pub fn new(weights: &[f64], components: Vec<D>) -> Result<Mixture<D>> {
        if components.is_empty() {
            return Err(Error::Empty { arg: Arg::Counts });
        }
        if weights.len() != components.len() {
            return Err(Error::Mismatch {
                what: "mixture weights for the components",
                expected: components.len(),
                found: weights.len(),
            });
        }
        check_distribution(Arg::Counts, weights)?;
        Ok(Mixture {
            weights: weights.to_vec(),
            ln_weights: weights.iter().map(|w| w.ln()).collect(),
            components,
        })
    }

    /// The weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The components.
    pub fn components(&self) -> &[D] {
        &self.components
    }
}

impl<D: Density> Mixture<D> {
    /// `ln Σⱼ wⱼ exp(ln_c(componentⱼ))` in one pass (`s·exp(m)` is the
    /// running sum), `−∞` when every term is.
    #[inline]
    fn ln_sum(&self, ln_c: impl Fn(&D) -> f64) -> f64 {
        let (mut m, mut s) = (f64::NEG_INFINITY, 0.0);
        for (lw, c) in self.ln_weights.iter().zip(&self.components) {
            let v = lw + ln_c(c);
            if v == f64::NEG_INFINITY {
                continue;
            }
            if v > m {
                s = s * (m - v).exp() + 1.0;
                m = v;
            } else {
                s += (v - m).exp();
            }
        }
        if m == f64::NEG_INFINITY {
            m
        } else {
            m + s.ln()
        }
    }
}

impl<D: Density> Density for Mixture<D> {
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        self.ln_sum(|c| c.ln_density(x))
    }

    /// Log-sum-exp of the components' [`Density::ln_density_below`].
    fn ln_density_below(&self, end: f64, y: f64) -> f64 {
        self.ln_sum(|c| c.ln_density_below(end, y))
    }

    /// Whether a component of positive weight is singular at the
    /// mixture's upper end.
    fn singular_at_upper_end(&self) -> bool {
        let end = self.support().1;
        self.components
            .iter()
            .zip(&self.weights)
            .any(|(c, &w)| w > 0.0 && c.singular_at_upper_end() && c.support().1 >= end)
    }

    /// The heaviest component's moments and the slowest log-decay.
    fn tails(&self) -> crate::distribution::Tails {
        self.components
            .iter()
            .zip(&self.weights)
            .filter(|(_, &w)| w > 0.0)
            .map(|(c, _)| c.tails())
            .fold(crate::distribution::Tails::light(f64::INFINITY), |a, t| {
                crate::distribution::Tails {
                    moments_below: a.moments_below.min(t.moments_below),
                    log_decay: a.log_decay.min(t.log_decay),
                }
            })
    }

    /// Every component's features (components of weight 0 excluded).
    fn features(&self) -> Vec<(f64, f64)> {
        self.components
            .iter()
            .zip(&self.weights)
            .filter(|(_, &w)| w > 0.0)
            .flat_map(|(c, _)| c.features())
            .collect()
    }

    fn support(&self) -> (f64, f64) {
        self.components
            .iter()
            .zip(&self.weights)
            .filter(|(_, &w)| w > 0.0)
            .map(|(c, _)| c.support())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (lo, hi)| {
                (a.min(lo), b.max(hi))
            })
    }

    fn centre(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.components)
            .map(|(w, c)| w * c.centre())
            .sum()
    }

    fn spread(&self) -> f64 {
        let mu = self.centre();
        let v: f64 = self
            .weights
            .iter()
            .zip(&self.components)
            .map(|(w, c)| w * (c.spread().powi(2) + (c.centre() - mu).powi(2)))
            .sum();
        v.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Continuous, Normal};

    #[test]
    fn log_density_matches_the_direct_sum() {
        let c = vec![
            Normal::new(-3.0, 1.0).unwrap(),
            Normal::new(3.0, 1.0).unwrap(),
        ];
        let m = Mixture::new(&[0.25, 0.75], c.clone()).unwrap();
        for x in [-5.0, -3.0, 0.0, 0.1, 4.0] {
            let direct = 0.25 * c[0].pdf(x) + 0.75 * c[1].pdf(x);
            approx::assert_relative_eq!(m.ln_density(x), direct.ln(), max_relative = 1e-14);
        }
    }

    #[test]
    fn bad_weights_are_errors() {
        let c = || {
            vec![
                Normal::new(0.0, 1.0).unwrap(),
                Normal::new(1.0, 1.0).unwrap(),
            ]
        };
        assert!(matches!(
            Mixture::new(&[0.5], c()),
            Err(Error::Mismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            Mixture::new(&[0.6, 0.6], c()),
            Err(Error::NotNormalized { .. })
        ));
        assert!(matches!(
            Mixture::new(&[1.5, -0.5], c()),
            Err(Error::Negative { index: 1, .. })
        ));
        assert!(matches!(
            Mixture::<Normal>::new(&[], vec![]),
            Err(Error::Empty { .. })
        ));
    }
}
