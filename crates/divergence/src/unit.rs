//! Units of information: nats, bits, or any logarithm base.

use crate::error::{Error, Result};

/// The unit an information quantity is expressed in.
///
/// Every measure in this crate computes in nats (natural logarithms);
/// [`Unit::from_nats`] converts, so that no caller ever divides by `ln 2`.
///
/// # Formula
/// ```text
/// x[base b] = x[nats] / ln b        bits: b = 2, hartleys (bans): b = 10
/// ```
///
/// # Example
/// ```
/// use divergence::Unit;
/// let h_nats = divergence::entropy(&[0.5, 0.5])?;
/// assert_eq!(Unit::Bits.from_nats(h_nats), 1.0);
/// let hex = Unit::base(16.0)?;
/// assert!((hex.from_nats(h_nats) - 0.25).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas, *Elements of Information Theory* (2nd ed.), §2.1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum Unit {
    /// Natural logarithm (the default).
    #[default]
    Nats,
    /// Base-2 logarithm.
    Bits,
    /// Base-10 logarithm (hartleys, bans, dits).
    Hartleys,
    /// Any other base `b > 0`, `b ≠ 1`; build it with [`Unit::base`].
    Base(f64),
}

impl Unit {
    /// A unit for logarithm base `b`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `b` is finite, `b > 0` and `b ≠ 1`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(divergence::Unit::base(2.0)?, divergence::Unit::Bits);
    /// assert!(divergence::Unit::base(1.0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[allow(clippy::float_cmp)] // exact bases map to the named units
    pub fn base(b: f64) -> Result<Unit> {
        if b == 2.0 {
            return Ok(Unit::Bits);
        } else if b == 10.0 {
            return Ok(Unit::Hartleys);
        } else if b == core::f64::consts::E {
            return Ok(Unit::Nats);
        }
        if b.is_finite() && b > 0.0 && b != 1.0 {
            Ok(Unit::Base(b))
        } else {
            Err(Error::InvalidParameter {
                name: "base",
                value: b,
                reason: "a logarithm base must be finite, positive and not 1",
            })
        }
    }

    /// `ln b` for this unit's base `b`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(divergence::Unit::Bits.ln_base(), std::f64::consts::LN_2);
    /// ```
    pub fn ln_base(self) -> f64 {
        match self {
            Unit::Nats => 1.0,
            Unit::Bits => core::f64::consts::LN_2,
            Unit::Hartleys => core::f64::consts::LN_10,
            Unit::Base(b) => b.ln(),
        }
    }

    /// Converts a quantity in nats to this unit. `±inf` and `NaN` pass through.
    ///
    /// # Formula
    /// ```text
    /// x[base b] = x[nats] / ln b
    /// ```
    ///
    /// # Example
    /// ```
    /// use divergence::Unit;
    /// assert_eq!(Unit::Bits.from_nats(std::f64::consts::LN_2), 1.0);
    /// assert_eq!(Unit::Bits.from_nats(f64::INFINITY), f64::INFINITY);
    /// ```
    pub fn from_nats(self, nats: f64) -> f64 {
        match self {
            Unit::Nats => nats,
            _ => nats / self.ln_base(),
        }
    }

    /// Converts a quantity in this unit to nats (the inverse of
    /// [`Unit::from_nats`]).
    ///
    /// # Example
    /// ```
    /// use divergence::Unit;
    /// assert_eq!(Unit::Bits.to_nats(1.0), std::f64::consts::LN_2);
    /// ```
    pub fn to_nats(self, value: f64) -> f64 {
        match self {
            Unit::Nats => value,
            _ => value * self.ln_base(),
        }
    }

    /// The unit's name for tables and axis labels: `nats`, `bits`,
    /// `hartleys`, `log_b units`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(divergence::Unit::Bits.symbol(), "bits");
    /// ```
    pub fn symbol(self) -> String {
        match self {
            Unit::Nats => "nats".into(),
            Unit::Bits => "bits".into(),
            Unit::Hartleys => "hartleys".into(),
            Unit::Base(b) => format!("log_{b} units"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_infinities() {
        for u in [
            Unit::Nats,
            Unit::Bits,
            Unit::Hartleys,
            Unit::base(3.0).unwrap(),
        ] {
            approx::assert_relative_eq!(u.to_nats(u.from_nats(0.7)), 0.7, max_relative = 1e-15);
            assert_eq!(u.from_nats(f64::INFINITY), f64::INFINITY);
        }
    }

    #[test]
    fn invalid_bases_are_errors() {
        for b in [0.0, -2.0, 1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Unit::base(b),
                Err(Error::InvalidParameter { name: "base", .. })
            ));
        }
    }
}
