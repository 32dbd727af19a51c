//! Exported checkers: a score or an objective gradient against central
//! finite differences, for the tests of your own families.

use super::{check_params, Family, Param};
use crate::error::{Error, Mismatch, Result};
use crate::objective::Objective;
use crate::tolerance::{CHECK_FD_STEP, CHECK_FD_TOL};

/// Checks a family's score `∂ ln q_θ(x)/∂θ` ([`Family::grad_ln_density`],
/// hand-written or automatic) against central finite differences of
/// [`Family::ln_density`] at `theta` and `x`.
///
/// # Formula
/// ```text
/// |gᵢ − (ln q(θ + hᵢeᵢ) − ln q(θ − hᵢeᵢ))/(2hᵢ)| ≤ CHECK_FD_TOL·(1 + |gᵢ|)
/// hᵢ = CHECK_FD_STEP·min(max(1, |θᵢ|), distance to a bound), inside the bounds
/// ```
///
/// # Errors
/// [`Error::ParameterCount`] / [`Error::InvalidParameter`] for a `theta`
/// the family does not accept; [`Error::DerivativeMismatch`] naming the
/// first parameter whose score disagrees.
///
/// # Example
/// ```
/// fit::check_score(&fit::Gamma, &[2.5, 0.7], 3.0)?;
/// # Ok::<(), fit::Error>(())
/// ```
pub fn check_score(family: &dyn Family, theta: &[f64], x: f64) -> Result<()> {
    check_params(family, theta)?;
    let mut g = vec![0.0; theta.len()];
    family.grad_ln_density(theta, x, &mut g);
    compare("score", family, theta, Some(x), &g, |t| {
        family.ln_density(t, x)
    })
}

/// Checks an objective's gradient ([`Objective::gradient`]) against
/// central finite differences of [`Objective::value`] at `theta`, with the
/// step and tolerance of [`check_score`].
///
/// # Errors
/// As [`check_score`], and the errors of [`Objective::value`].
///
/// # Example
/// ```
/// use fit::{check_gradient, Direction, Gamma, Objective, Target};
/// let data = Target::samples(&[0.5, 1.5, 2.0, 4.0])?;
/// check_gradient(&Objective::new(&data, &Gamma, Direction::Forward)?, &[1.5, 0.8])?;
/// # Ok::<(), fit::Error>(())
/// ```
pub fn check_gradient(objective: &Objective<'_>, theta: &[f64]) -> Result<()> {
    let g = objective.gradient(theta)?;
    compare("gradient", objective.family, theta, None, &g, |t| {
        objective.value_unchecked(t)
    })
}

/// Compares `g` with central differences of `f` along each parameter.
fn compare(
    what: &'static str,
    family: &dyn Family,
    theta: &[f64],
    x: Option<f64>,
    g: &[f64],
    f: impl Fn(&[f64]) -> f64,
) -> Result<()> {
    for (i, p) in family.params().iter().enumerate() {
        let h = step(p, theta[i]);
        if h.is_nan() || h <= 0.0 {
            return Err(Error::InvalidParameter {
                name: p.name.to_string(),
                value: theta[i],
                reason: "on a bound: a central difference needs room on both sides",
            });
        }
        let (mut a, mut b) = (theta.to_vec(), theta.to_vec());
        a[i] += h;
        b[i] -= h;
        let numeric = (f(&a) - f(&b)) / (2.0 * h);
        let analytic = g[i];
        let ok = (analytic - numeric).abs() <= CHECK_FD_TOL * (1.0 + analytic.abs());
        if !ok {
            return Err(Error::DerivativeMismatch(Box::new(Mismatch {
                what,
                family: family.name(),
                param: p.name.to_string(),
                theta: theta.to_vec(),
                x,
                analytic,
                numeric,
            })));
        }
    }
    Ok(())
}

/// `CHECK_FD_STEP` times the parameter's scale: `max(1, |t|)`, or its
/// distance to a finite bound if that is smaller (a scale of 10⁻³ wants a
/// step relative to 10⁻³, not to 1); at most half the distance to a bound.
fn step(p: &Param, t: f64) -> f64 {
    let to_bound = (t - p.lower).min(p.upper - t);
    let h = CHECK_FD_STEP * t.abs().max(1.0).min(to_bound);
    h.min(0.5 * (t - p.lower)).min(0.5 * (p.upper - t))
}
