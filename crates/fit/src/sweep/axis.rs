//! One axis of a parameter grid.

use std::sync::Arc;

use crate::error::{Error, Result};

/// The values one parameter takes in a sweep: finite and strictly increasing.
///
/// The values are shared, not copied, when an axis is cloned (a [`crate::Sweep`]
/// keeps its axes, and a million-point axis is 8 MB).
///
/// # Example
/// ```
/// let p = fit::Axis::linspace("p", 0.0, 1.0, 11)?;
/// assert_eq!(p.values()[3], 0.3);
/// assert!(fit::Axis::linspace("p", 1.0, 0.0, 11).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Axis {
    name: String,
    #[serde(serialize_with = "serialize_values")]
    values: Arc<[f64]>,
}

/// Serialises the shared values as a plain sequence (as a `Vec<f64>` would be).
fn serialize_values<S: serde::Serializer>(
    v: &Arc<[f64]>,
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&**v, s)
}

impl Axis {
    /// An axis from explicit values.
    ///
    /// # Errors
    /// [`Error::InvalidGrid`] for no values, a NaN or infinite value, or
    /// values that are not strictly increasing.
    pub fn new(name: &str, values: Vec<f64>) -> Result<Axis> {
        let bad = |reason| Error::InvalidGrid {
            name: name.to_string(),
            reason,
        };
        if values.is_empty() {
            return Err(bad("no values"));
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err(bad("values must be finite"));
        }
        if values.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("values must be strictly increasing"));
        }
        Ok(Axis {
            name: name.to_string(),
            values: values.into(),
        })
    }

    /// `n` evenly spaced values from `lower` to `upper` inclusive.
    ///
    /// # Formula
    /// ```text
    /// vᵢ = lower + (upper − lower)·(i/(n − 1)),   i = 0 … n−1   (v₀, vₙ₋₁ exact)
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidGrid`] for `n = 0`, `n = 1` with `lower ≠ upper`,
    /// non-finite ends or `lower ≥ upper` with `n > 1`.
    pub fn linspace(name: &str, lower: f64, upper: f64, n: usize) -> Result<Axis> {
        if n == 1 {
            #[allow(clippy::float_cmp)] // one point: both ends must be that point
            if lower != upper {
                return Err(Error::InvalidGrid {
                    name: name.to_string(),
                    reason: "one point needs lower == upper",
                });
            }
            return Axis::new(name, vec![lower]);
        }
        if n == 0 {
            return Axis::new(name, Vec::new());
        }
        // i/(n−1) is correctly rounded, so a grid on [0, 1] hits 0.3, 0.57, … exactly.
        let last = (n - 1) as f64;
        let mut v: Vec<f64> = (0..n)
            .map(|i| lower + (upper - lower) * (i as f64 / last))
            .collect();
        v[n - 1] = upper;
        Axis::new(name, v)
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The values.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Always false: an axis has at least one value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_axes_are_errors() {
        assert!(Axis::new("x", vec![]).is_err());
        assert!(Axis::new("x", vec![0.0, 0.0]).is_err());
        assert!(Axis::new("x", vec![0.0, f64::NAN]).is_err());
        assert!(Axis::linspace("x", 0.0, 1.0, 0).is_err());
        assert!(Axis::linspace("x", 0.0, f64::INFINITY, 3).is_err());
        let last = Axis::linspace("x", 0.0, 1.0, 10_001).unwrap().values()[10_000];
        assert_eq!(last.to_bits(), 1f64.to_bits());
    }

    #[test]
    fn clones_share_values_and_serialise_as_a_list() {
        let a = Axis::linspace("p", 0.0, 1.0, 3).unwrap();
        let b = a.clone();
        assert!(std::ptr::eq(a.values(), b.values()));
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"name":"p","values":[0.0,0.5,1.0]}"#
        );
    }
}
