//! Pareto(x_m, α) with its scale `x_m` fixed, written as a [`Model`]: its
//! score comes from automatic differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};

/// Pareto (type I) with a fixed scale `x_m > 0` and a fitted shape
/// `alpha > 0` on `x ≥ x_m`.
///
/// The support depends on `x_m`, which the fitting framework does not
/// model (its supports are fixed per family): the likelihood in `x_m`
/// grows up to `x_m = min(x)`, where it stops, an optimum on the boundary
/// that no score vanishes at. So `x_m` is fixed at construction and only
/// `α` is fitted; to fit both, construct with `x_m` = the smallest
/// observation (the joint MLE of `x_m`; the CLI's `pareto` does this by
/// default), and the shape below is then the joint MLE of `α`.
///
/// # Formula
/// ```text
/// ln q(x) = ln α + α ln x_m − (α + 1) ln x    (x ≥ x_m)
/// F(x)    = 1 − (x_m/x)^α
/// MLE:      α̂ = 1 / (E ln X − ln x_m)
/// ```
///
/// # Errors
/// [`Pareto::new`]: [`Error::InvalidParameter`] for `x_m` not finite and
/// positive. Fits fail with [`Error::DegenerateData`] when every
/// observation equals `x_m`, and with a support error when one lies below
/// it.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Pareto, Target};
/// let x = [1.0, 1.5, 2.0, 4.0];
/// let r = fit(&Target::samples(&x)?, &Pareto::new(1.0)?, Direction::Forward)?;
/// let want = 4.0 / (1.5f64.ln() + 2f64.ln() + 4f64.ln());
/// assert!((r.params().get("alpha").unwrap() - want).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 20 (maximum likelihood: §20.3, eq. 20.38).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pareto {
    xm: f64,
}

impl Pareto {
    /// Pareto with scale `xm`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `xm` is finite and positive.
    ///
    /// # Panics
    /// Never.
    pub fn new(xm: f64) -> Result<Pareto> {
        if xm.is_finite() && xm > 0.0 {
            Ok(Pareto { xm })
        } else {
            Err(Error::InvalidParameter {
                name: "xm".into(),
                value: xm,
                reason: "a Pareto scale must be finite and positive",
            })
        }
    }

    /// The fixed scale `x_m`.
    pub fn xm(&self) -> f64 {
        self.xm
    }
}

impl Model for Pareto {
    fn name(&self) -> String {
        format!("Pareto(xm={})", self.xm)
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("alpha", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: self.xm,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() || x < self.xm {
            return D::from(f64::NEG_INFINITY);
        }
        let alpha = t[0];
        alpha.ln() + alpha * self.xm.ln() - (alpha + 1.0) * x.ln()
    }
    /// The closed-form MLE `α̂ = 1/(E ln X − ln x_m)` ([`Start::Exact`]).
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when every observation equals `x_m`.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let Some(mean_ln) = data.mean_ln() else {
            return Ok(None);
        };
        let s = mean_ln - self.xm.ln();
        if s.is_nan() || s <= 0.0 {
            return Err(Error::DegenerateData {
                family: Model::name(self),
                reason: format!(
                    "every observation equals x_m = {}: the shape would be infinite",
                    self.xm
                ),
            });
        }
        Ok(s.recip().is_finite().then(|| Start::Exact(vec![s.recip()])))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl Cdf for Pareto {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= self.xm {
            0.0
        } else {
            -(t[0] * (self.xm / x).ln()).exp_m1()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        let p = Pareto::new(2.0).unwrap();
        crate::check_score(&p, &[1.7], 2.1).unwrap();
        crate::check_score(&p, &[0.4], 300.0).unwrap();
    }

    #[test]
    fn scale_is_validated() {
        for xm in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Pareto::new(xm),
                Err(Error::InvalidParameter { .. })
            ));
        }
    }

    /// F(2 x_m) = 1 − 2^(−α), from the formula.
    #[test]
    fn cdf() {
        let p = Pareto::new(3.0).unwrap();
        assert!((p.cdf(&[1.5], 6.0) - (1.0 - 2f64.powf(-1.5))).abs() < 1e-15);
        assert!(p.cdf(&[1.5], 2.0).abs() < 1e-300);
    }
}
