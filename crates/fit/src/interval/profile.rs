//! The profile log-likelihood of one parameter, and the interval where it
//! stays within a χ²₁ quantile of its maximum.

use statrs::distribution::{ContinuousCDF, Normal as StdNormal};

use crate::error::{Error, Result};
use crate::family::{Family, Fixed, Param};
use crate::fitting::FitOptions;
use crate::objective::{Direction, Objective};
use crate::report::{FitReport, Status};
use crate::target::Target;
use crate::tolerance::{
    PROFILE_FLAT_TOL, PROFILE_MAX_DOUBLINGS, PROFILE_MAX_RETREATS, PROFILE_MAX_ROOT_ITERS,
    PROFILE_Z_TOL,
};

/// The profile log-likelihood of one parameter at given values; see
/// [`profile_likelihood`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct LikelihoodProfile {
    /// The profiled parameter.
    pub param: String,
    /// Its values, as asked for.
    pub values: Vec<f64>,
    /// `ℓₚ` at each value: the log-likelihood maximised over the other
    /// parameters (nats).
    pub log_likelihood: Vec<f64>,
    /// The maximum `ℓ(θ̂)` of the fit the profile belongs to (nats).
    pub max_log_likelihood: f64,
}

/// The profile log-likelihood of parameter `param` of `family` over
/// `values`: at each value the other parameters are refitted (by
/// [`Fixed`]), starting from the previous value's optimum, so order the
/// values outward from the estimate for the cheapest refits.
///
/// # Formula
/// ```text
/// ℓₚ(ψ) = max_λ ℓ(ψ, λ),   ℓ = −n · H(data, q)
/// ```
///
/// # Errors
/// [`Error::ReportMismatch`] for a report of another family;
/// [`Error::UnknownParameter`]; [`Error::Unsupported`] for a reverse fit, a
/// target without observations, or a family whose parameters cannot be
/// held one at a time; [`Error::NotConverged`] when a refit does not
/// converge; the errors of [`FitOptions::fit`].
///
/// # Example
/// ```
/// use fit::{fit, profile_likelihood, Direction, Normal, Target};
/// let x = [4.1, 5.3, 3.8, 6.0, 5.1, 4.4, 5.7];
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let mu = r.params().get("mu").unwrap();
/// let p = profile_likelihood(&data, &Normal, &r, "mu", &[mu, mu + 0.5, mu + 1.0])?;
/// assert!((p.log_likelihood[0] - p.max_log_likelihood).abs() < 1e-9);
/// assert!(p.log_likelihood[2] < p.log_likelihood[1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Pawitan, *In All Likelihood* (2001), §3.4 (profile likelihood).
pub fn profile_likelihood(
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
    param: &str,
    values: &[f64],
) -> Result<LikelihoodProfile> {
    let profiler = Profiler::new(target, family, report)?;
    let j = profiler.slot(param)?;
    let mut warm = profiler.others(&report.params().values(), j);
    let log_likelihood = values
        .iter()
        .map(|&v| profiler.at(j, v, &mut warm))
        .collect::<Result<_>>()?;
    Ok(LikelihoodProfile {
        param: param.to_string(),
        values: values.to_vec(),
        log_likelihood,
        max_log_likelihood: profiler.ll_hat,
    })
}

impl LikelihoodProfile {
    /// The deviance `2(ℓ(θ̂) − ℓₚ(ψ))` at each value (≥ 0 up to rounding).
    pub fn deviance(&self) -> Vec<f64> {
        self.log_likelihood
            .iter()
            .map(|ll| 2.0 * (self.max_log_likelihood - ll))
            .collect()
    }
}

/// The deviance below which a profile-likelihood interval at `level`
/// keeps a value: the χ²₁ quantile at `level` (3.8415 at 0.95).
///
/// # Formula
/// ```text
/// χ²₁(level) = Φ⁻¹((1 + level)/2)²
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a level outside `(0, 1)`.
///
/// # Example
/// ```
/// // qchisq(0.95, 1) in R.
/// assert!((fit::likelihood_ratio_cut(0.95)? - 3.841_458_820_694_124).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Wilks, *Ann. Math. Statist.* 9 (1938) 60–62.
pub fn likelihood_ratio_cut(level: f64) -> Result<f64> {
    if level.is_nan() || level <= 0.0 || level >= 1.0 {
        return Err(Error::InvalidParameter {
            name: "level".into(),
            value: level,
            reason: "a confidence level lies strictly between 0 and 1",
        });
    }
    let z = StdNormal::standard().inverse_cdf(0.5 + level / 2.0);
    Ok(z * z)
}

/// Evaluates profile log-likelihoods of one fit.
pub(super) struct Profiler<'a> {
    target: &'a Target,
    family: &'a dyn Family,
    params: Vec<Param>,
    theta_hat: Vec<f64>,
    ll_hat: f64,
    n: f64,
}

impl<'a> Profiler<'a> {
    pub(super) fn new(
        target: &'a Target,
        family: &'a dyn Family,
        report: &FitReport,
    ) -> Result<Profiler<'a>> {
        let unsupported = super::check_forward_fit(target, family, report)?;
        let (Some(ll_hat), Some(n)) = (report.log_likelihood(), target.total_weight()) else {
            return Err(unsupported(
                "a profile likelihood needs observations (samples or counts)",
            ));
        };
        Ok(Profiler {
            target,
            family,
            params: family.params(),
            theta_hat: report.params().values(),
            ll_hat,
            n,
        })
    }

    pub(super) fn slot(&self, name: &str) -> Result<usize> {
        self.params
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| Error::UnknownParameter {
                family: self.family.name(),
                name: name.to_string(),
            })
    }

    /// `theta` without its `j`th component.
    fn others(&self, theta: &[f64], j: usize) -> Vec<f64> {
        (0..theta.len())
            .filter(|&i| i != j)
            .map(|i| theta[i])
            .collect()
    }

    /// `ℓₚ` of parameter `j` at `value`; `warm` holds the other
    /// parameters' last optimum and is updated.
    fn at(&self, j: usize, value: f64, warm: &mut Vec<f64>) -> Result<f64> {
        let name = &self.params[j].name;
        if self.params.len() == 1 {
            let obj = Objective::new(self.target, self.family, Direction::Forward)?;
            crate::family::check_params(self.family, &[value])?;
            return Ok(-self.n * obj.cross_entropy(&[value]));
        }
        let fixed = Fixed::new(self.family, &[(name, value)])?;
        let warm_fit = FitOptions::new(Direction::Forward)
            .start(warm.clone())
            .fit(self.target, &fixed);
        // A warm start that fails (the optimum moved out of its basin, or
        // the start left the domain) gets one more chance from the data.
        // A refit whose optimum is at a limit (a t's ν → ∞) still gives
        // the supremum of the likelihood, which is what a profile needs.
        let reached = |r: &FitReport| !matches!(r.status(), Status::NotConverged);
        let r = match warm_fit {
            Ok(r) if reached(&r) => r,
            _ => FitOptions::new(Direction::Forward).fit(self.target, &fixed)?,
        };
        if !reached(&r) {
            return Err(Error::NotConverged {
                model: fixed.name(),
                solver: r.solver().to_string(),
                termination: format!("profile refit at {name} = {value}: {}", r.termination()),
                iterations: r.iterations(),
            });
        }
        *warm = r.params().values();
        r.log_likelihood().ok_or(Error::EmptyData)
    }

    /// The `level` profile-likelihood interval of parameter `j`. `se` (the
    /// Wald standard error, when known) sets the first outward step.
    pub(super) fn interval(&self, j: usize, level: f64, se: Option<f64>) -> Result<[f64; 2]> {
        let cut = likelihood_ratio_cut(level)?;
        let p = &self.params[j];
        let z_hat = p.to_unconstrained(self.theta_hat[j]);
        let (_, dtheta_dz) = p.to_constrained(z_hat);
        let step = match se {
            Some(s) if s.is_finite() && s > 0.0 && dtheta_dz > 0.0 => s / dtheta_dz,
            _ => 0.1 * (1.0 + z_hat.abs()),
        };
        let lower = self.end(j, cut, z_hat, -step)?;
        let upper = self.end(j, cut, z_hat, step)?;
        Ok([lower, upper])
    }

    /// One end of the interval: outward from `z_hat` by `step` (doubling)
    /// until the deviance exceeds `cut`, then Illinois false position.
    fn end(&self, j: usize, cut: f64, z_hat: f64, step: f64) -> Result<f64> {
        let p = &self.params[j];
        let bound = if step < 0.0 { p.lower } else { p.upper };
        let mut warm = self.others(&self.theta_hat, j);
        let deviance = |z: f64, warm: &mut Vec<f64>| -> Result<Option<(f64, f64)>> {
            let theta = p.to_constrained(z).0;
            if !theta.is_finite() || theta <= p.lower || theta >= p.upper {
                return Ok(None);
            }
            Ok(Some((
                theta,
                2.0 * (self.ll_hat - self.at(j, theta, warm)?) - cut,
            )))
        };
        // Inside: (z, deviance − cut < 0); outside: the first z beyond.
        let (mut zin, mut din) = (z_hat, -cut);
        let mut out = None;
        let mut h = step;
        for doubling in 0..PROFILE_MAX_DOUBLINGS {
            let mut z = z_hat + h;
            // A refit far out may fail (a t with ν = 10⁻⁸ has no usable
            // scale): retreat towards the last point inside.
            let mut retreats = 0;
            let at = loop {
                match deviance(z, &mut warm) {
                    Ok(at) => break at,
                    Err(_) if retreats < PROFILE_MAX_RETREATS => {
                        z = zin + (z - zin) / 2.0;
                        retreats += 1;
                    }
                    Err(e) => return Err(e),
                }
            };
            match at {
                None => return Ok(bound),
                Some((_, d)) if d > 0.0 => {
                    out = Some((z, d));
                    break;
                }
                Some((_, d)) => {
                    // The likelihood levels off below the cut (a t's ν on
                    // light-tailed data): the interval is open to the bound.
                    let flat = (d - din).abs() <= PROFILE_FLAT_TOL * (1.0 + self.ll_hat.abs());
                    if flat && doubling > 0 {
                        return Ok(bound);
                    }
                    (zin, din) = (z, d);
                }
            }
            h = 2.0 * (z - z_hat);
        }
        let Some((mut zout, mut dout)) = out else {
            return Ok(bound);
        };
        // Illinois: false position that halves the value kept at an end
        // which two steps in a row did not replace.
        let mut last_inside = None;
        let mut best = p.to_constrained(zin).0;
        for _ in 0..PROFILE_MAX_ROOT_ITERS {
            if (zout - zin).abs() <= PROFILE_Z_TOL * (1.0 + zin.abs()) {
                break;
            }
            let z = zin - din * (zout - zin) / (dout - din);
            let Some((theta, d)) = deviance(z, &mut warm)? else {
                return Ok(bound);
            };
            best = theta;
            if d == 0.0 {
                break;
            }
            let inside = d < 0.0;
            if inside {
                (zin, din) = (z, d);
            } else {
                (zout, dout) = (z, d);
            }
            if last_inside == Some(inside) {
                if inside {
                    dout /= 2.0;
                } else {
                    din /= 2.0;
                }
            }
            last_inside = Some(inside);
        }
        Ok(best)
    }
}
