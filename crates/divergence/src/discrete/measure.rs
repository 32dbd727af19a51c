//! Every discrete measure behind one enum, with unit conversion.

use crate::error::Result;
use crate::unit::Unit;

/// A divergence between two probability vectors, chosen at run time (as a
/// command-line tool or a fitting objective does).
///
/// # Example
/// ```
/// use divergence::{Measure, Unit};
/// let (p, q) = ([0.5, 0.5], [0.25, 0.75]);
/// let bits = Measure::Kl.compute_in(&p, &q, Unit::Bits)?;
/// assert!((bits - Unit::Bits.from_nats(divergence::kl(&p, &q)?)).abs() < 1e-15);
/// assert_eq!("renyi:2".parse::<Measure>()?, Measure::Renyi(2.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Measure {
    /// [`crate::kl`]: `KL(p‖q)`.
    Kl,
    /// [`crate::reverse_kl`]: `KL(q‖p)`.
    ReverseKl,
    /// [`crate::cross_entropy`]: `H(p, q)`.
    CrossEntropy,
    /// [`crate::jensen_shannon`].
    JensenShannon,
    /// [`crate::jensen_shannon_distance`].
    JensenShannonDistance,
    /// [`crate::jeffreys`].
    Jeffreys,
    /// [`crate::renyi`] of the given order.
    Renyi(f64),
    /// [`crate::hellinger`] (dimensionless).
    Hellinger,
    /// [`crate::total_variation`] (dimensionless).
    TotalVariation,
    /// [`crate::chi_squared`] (dimensionless).
    ChiSquared,
}

/// How a measure's value scales with the logarithm base.
enum Scaling {
    /// Information in nats: divide by `ln b`.
    Log,
    /// Square root of information: divide by `√(ln b)`.
    SqrtLog,
    /// No logarithm inside: unit-free.
    None,
}

impl Measure {
    /// The measure's value, in nats where it is an information quantity.
    ///
    /// # Errors
    /// Those of the underlying function (see the variant's link).
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// use divergence::Measure;
    /// let tv = Measure::TotalVariation.compute(&[0.9, 0.1], &[0.5, 0.5])?;
    /// assert!((tv - 0.4).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compute(&self, p: &[f64], q: &[f64]) -> Result<f64> {
        match *self {
            Measure::Kl => crate::kl(p, q),
            Measure::ReverseKl => crate::reverse_kl(p, q),
            Measure::CrossEntropy => crate::cross_entropy(p, q),
            Measure::JensenShannon => crate::jensen_shannon(p, q),
            Measure::JensenShannonDistance => crate::jensen_shannon_distance(p, q),
            Measure::Jeffreys => crate::jeffreys(p, q),
            Measure::Renyi(alpha) => crate::renyi(p, q, alpha),
            Measure::Hellinger => crate::hellinger(p, q),
            Measure::TotalVariation => crate::total_variation(p, q),
            Measure::ChiSquared => crate::chi_squared(p, q),
        }
    }

    /// The measure's value in `unit`. Dimensionless measures (Hellinger,
    /// total variation, χ²) are returned unchanged whatever the unit;
    /// the Jensen–Shannon distance is divided by `√(ln b)`.
    ///
    /// # Formula
    /// ```text
    /// information measures: x / ln b     √JS: x / √(ln b)     others: x
    /// ```
    ///
    /// # Errors
    /// Those of the underlying function.
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// use divergence::{Measure, Unit};
    /// let js = Measure::JensenShannon.compute_in(&[1.0, 0.0], &[0.0, 1.0], Unit::Bits)?;
    /// assert!((js - 1.0).abs() < 1e-15); // JS of disjoint supports is 1 bit
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compute_in(&self, p: &[f64], q: &[f64], unit: Unit) -> Result<f64> {
        let v = self.compute(p, q)?;
        Ok(match self.scaling() {
            Scaling::Log => unit.from_nats(v),
            Scaling::SqrtLog => v / unit.ln_base().sqrt(),
            Scaling::None => v,
        })
    }

    /// Whether the value depends on the unit (false for Hellinger, TV, χ²).
    ///
    /// # Example
    /// ```
    /// assert!(divergence::Measure::Kl.has_unit());
    /// assert!(!divergence::Measure::Hellinger.has_unit());
    /// ```
    pub fn has_unit(&self) -> bool {
        !matches!(self.scaling(), Scaling::None)
    }

    fn scaling(&self) -> Scaling {
        match self {
            Measure::Hellinger | Measure::TotalVariation | Measure::ChiSquared => Scaling::None,
            Measure::JensenShannonDistance => Scaling::SqrtLog,
            _ => Scaling::Log,
        }
    }
}

impl core::str::FromStr for Measure {
    type Err = crate::Error;

    /// Parses `kl`, `reverse`, `cross-entropy`, `js`, `js-distance`,
    /// `jeffreys`, `renyi:ALPHA`, `hellinger`, `tv`, `chi2`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || crate::Error::UnknownName {
            kind: "measure",
            name: s.to_string(),
        };
        Ok(match s {
            "kl" => Measure::Kl,
            "reverse" | "reverse-kl" => Measure::ReverseKl,
            "cross-entropy" | "ce" => Measure::CrossEntropy,
            "js" => Measure::JensenShannon,
            "js-distance" => Measure::JensenShannonDistance,
            "jeffreys" => Measure::Jeffreys,
            "hellinger" => Measure::Hellinger,
            "tv" => Measure::TotalVariation,
            "chi2" => Measure::ChiSquared,
            _ => {
                let alpha = s.strip_prefix("renyi:").ok_or_else(bad)?;
                let alpha: f64 = alpha.parse().map_err(|_| bad())?;
                Measure::Renyi(alpha)
            }
        })
    }
}
