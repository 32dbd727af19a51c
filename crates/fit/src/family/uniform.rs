//! The uniform distribution on a run of integers.

use super::{Family, Param, Support};
use crate::error::{Error, Result};

/// Uniform on `{lower, …, upper}`: no free parameter.
///
/// # Formula
/// ```text
/// q(k) = 1/(upper − lower + 1)
/// ```
///
/// # Example
/// ```
/// let worms = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit::fit(&worms, &fit::Uniform::new(0, 10)?, fit::Direction::Forward)?;
/// assert!((r.kl_forward_bits().unwrap() - 0.338).abs() < 5e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uniform {
    lower: i64,
    upper: i64,
}

impl Uniform {
    /// Uniform on `lower..=upper`.
    ///
    /// # Errors
    /// [`Error::InvalidBounds`] when `lower > upper`.
    pub fn new(lower: i64, upper: i64) -> Result<Self> {
        if lower > upper {
            return Err(Error::InvalidBounds {
                name: "support".into(),
                lower: lower as f64,
                upper: upper as f64,
                reason: "lower must not exceed upper",
            });
        }
        Ok(Uniform { lower, upper })
    }
}

impl Family for Uniform {
    fn name(&self) -> String {
        format!("Uniform{{{}..{}}}", self.lower, self.upper)
    }
    fn params(&self) -> Vec<Param> {
        Vec::new()
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: self.lower,
            upper: Some(self.upper),
        }
    }
    fn ln_density(&self, _: &[f64], x: f64) -> f64 {
        if x >= self.lower as f64 && x <= self.upper as f64 {
            -((self.upper - self.lower + 1) as f64).ln()
        } else {
            f64::NEG_INFINITY
        }
    }
    fn grad_ln_density(&self, _: &[f64], _: f64, _: &mut [f64]) {}
    fn start(&self) -> Vec<f64> {
        Vec::new()
    }
}
