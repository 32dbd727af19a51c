//! Confidence intervals for fitted parameters and for the fitted objective:
//! Wald intervals from the standard errors, profile-likelihood intervals,
//! and nonparametric bootstrap percentile intervals.

mod bootstrap;
mod profile;

pub use bootstrap::{bootstrap_intervals, bootstrap_replicates, Replicate};
pub use profile::{likelihood_ratio_cut, profile_likelihood, LikelihoodProfile};

use statrs::distribution::{ContinuousCDF, Normal as StdNormal};

use crate::error::{Error, Result};
use crate::family::Family;
use crate::objective::Direction;
use crate::report::FitReport;
use crate::target::Target;

/// How a confidence interval is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum IntervalMethod {
    /// `θ̂ ± z·se` from the observed information ([`FitReport::std_errors`]).
    Wald,
    /// `{ψ : 2(ℓ(θ̂) − ℓₚ(ψ)) ≤ χ²₁(level)}`, the parameter values the
    /// likelihood-ratio test does not reject ([`profile_likelihood`]).
    Profile,
    /// Percentile intervals of `replicates` refits to the data resampled
    /// with replacement, seeded by `seed`.
    Bootstrap {
        /// Resamples (each refitted).
        replicates: usize,
        /// The seed; the same seed gives the same intervals on any number
        /// of threads.
        seed: u64,
    },
    /// Percentile intervals of `replicates` refits to samples of the data's
    /// size drawn from the fitted model, seeded by `seed`.
    ParametricBootstrap {
        /// Samples drawn (each refitted).
        replicates: usize,
        /// The seed, as for [`IntervalMethod::Bootstrap`].
        seed: u64,
    },
}

/// Confidence intervals of one fit; see [`confidence_intervals`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ConfidenceIntervals {
    /// How they were computed.
    pub method: IntervalMethod,
    /// The confidence level (e.g. 0.95).
    pub level: f64,
    /// `[lower, upper]` per parameter, in the family's order (JSON:
    /// `{name: [lower, upper]}`).
    #[serde(serialize_with = "as_map")]
    pub params: Vec<(String, [f64; 2])>,
    /// `[lower, upper]` of the minimised objective in nats (bootstrap only:
    /// the refits' objectives).
    pub objective_nats: Option<[f64; 2]>,
    /// Bootstrap replicates whose refit failed or did not converge (left
    /// out of the percentiles).
    pub failed: usize,
}

impl ConfidenceIntervals {
    /// The interval of parameter `name`.
    pub fn get(&self, name: &str) -> Option<[f64; 2]> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
    }
}

/// Confidence intervals at `level` for the parameters of `report`, a
/// forward-KL fit of `family` to `target` (samples or counts).
///
/// # Formula
/// ```text
/// Wald:       θ̂ᵢ ± Φ⁻¹((1 + level)/2) · seᵢ
/// profile:    {ψ : 2(ℓ(θ̂) − ℓₚ(ψ)) ≤ χ²₁(level)},  ℓₚ(ψ) = max ℓ over the
///             other parameters with θᵢ = ψ
/// bootstrap:  [Q*(α/2), Q*(1 − α/2)],  α = 1 − level,
///             Q* the quantiles (type 7: linear between order statistics)
///             of θ̂ refitted to B resamples drawn with replacement
///             (parametric: B samples drawn from q(·; θ̂), by inverting its
///             CDF)
/// ```
/// Replicate `b` draws from its own stream of a seeded generator (SplitMix64,
/// derived from `seed` and `b`), and the replicates are refitted in parallel
/// (rayon) with the same options as a single fit, each under its evaluation
/// cap; the intervals do not depend on the number of threads. A Wald
/// interval ignores the parameter's bounds (it may cross 0 for a small
/// sample); the profile's and the bootstrap's never do. A profile interval
/// follows the likelihood's shape (asymmetric for a scale, a shape or a
/// small sample) and is invariant under reparametrisation; an end the
/// likelihood never falls far enough to reach is the parameter's bound,
/// `±inf` when the bound is infinite (the degrees of freedom of a t on
/// nearly Normal data). Its ends are located by a root search in which
/// each step refits the other parameters.
///
/// # Errors
/// [`Error::ReportMismatch`] for a report of another family;
/// [`Error::InvalidParameter`] for a level outside `(0, 1)` or fewer than 2
/// replicates; [`Error::Unsupported`] for a direction other than forward,
/// data without observations, or (Wald) a fit without standard errors;
/// [`Error::NotConverged`] when fewer than half of the replicates refit
/// or (profile) a refit fails.
///
/// # Example
/// ```
/// use fit::{confidence_intervals, fit, Direction, IntervalMethod, Normal, Target};
/// let x: Vec<f64> = (0..50).map(|i| (f64::from(i) * 0.37).sin() + 2.0).collect();
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let wald = confidence_intervals(&data, &Normal, &r, IntervalMethod::Wald, 0.95)?;
/// let boot = IntervalMethod::Bootstrap { replicates: 200, seed: 1 };
/// let b = confidence_intervals(&data, &Normal, &r, boot, 0.95)?;
/// let (w, p) = (wald.get("mu").unwrap(), b.get("mu").unwrap());
/// assert!(w[0] < 2.0 && 2.0 < w[1] && p[0] < p[1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Efron & Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 13
/// (percentile intervals); Pawitan, *In All Likelihood* (2001), §§2.6,
/// 3.4 (likelihood-ratio and profile intervals); Hyndman & Fan, *Am. Stat.* 50 (1996) 361–365
/// (quantile type 7).
pub fn confidence_intervals(
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
    method: IntervalMethod,
    level: f64,
) -> Result<ConfidenceIntervals> {
    check_level(level)?;
    let unsupported = check_forward_fit(target, family, report)?;
    let names: Vec<String> = report.params().iter().map(|(n, _)| n.to_string()).collect();
    match method {
        IntervalMethod::Wald => {
            let se = report.std_errors().ok_or_else(|| {
                unsupported(
                    "no standard errors (a fit that did not converge, or data without counts)",
                )
            })?;
            let z = StdNormal::standard().inverse_cdf(0.5 + level / 2.0);
            let params = report
                .params()
                .iter()
                .zip(se.iter())
                .map(|((n, v), (_, s))| (n.to_string(), [v - z * s, v + z * s]))
                .collect();
            Ok(ConfidenceIntervals {
                method,
                level,
                params,
                objective_nats: None,
                failed: 0,
            })
        }
        IntervalMethod::Profile => {
            let profiler = profile::Profiler::new(target, family, report)?;
            let se = report.std_errors();
            let params = names
                .iter()
                .enumerate()
                .map(|(j, n)| {
                    let s = se.as_ref().and_then(|s| s.get(n));
                    Ok((n.clone(), profiler.interval(j, level, s)?))
                })
                .collect::<Result<_>>()?;
            Ok(ConfidenceIntervals {
                method,
                level,
                params,
                objective_nats: None,
                failed: 0,
            })
        }
        IntervalMethod::Bootstrap { replicates, .. }
        | IntervalMethod::ParametricBootstrap { replicates, .. } => {
            let fits = bootstrap_replicates(target, family, report, method, 0..replicates)?;
            let names: Vec<&str> = report.params().iter().map(|(n, _)| n).collect();
            bootstrap_intervals(&names, method, level, &fits)
        }
    }
}

/// `Err` unless `report` is a forward (maximum-likelihood) fit of
/// `family`; else the maker of [`Error::Unsupported`] for this fit.
fn check_forward_fit<'a>(
    target: &'a Target,
    family: &'a dyn Family,
    report: &'a FitReport,
) -> Result<impl Fn(&'static str) -> Error + 'a> {
    if !report.is_fit_of(family) {
        return Err(Error::ReportMismatch {
            report: report.model().to_string(),
            family: family.name(),
        });
    }
    let unsupported = move |reason| Error::Unsupported {
        family: family.name(),
        target: target.kind(),
        direction: report.direction().as_str(),
        reason,
    };
    if report.direction() == Direction::Reverse {
        return Err(unsupported(
            "intervals and profiles are for forward fits (maximum likelihood)",
        ));
    }
    Ok(unsupported)
}

/// `Err` unless `0 < level < 1`.
fn check_level(level: f64) -> Result<()> {
    if level.is_nan() || level <= 0.0 || level >= 1.0 {
        return Err(Error::InvalidParameter {
            name: "level".into(),
            value: level,
            reason: "a confidence level lies strictly between 0 and 1",
        });
    }
    Ok(())
}

/// `[(name, [lo, hi])]` as the JSON object `{name: [lo, hi]}`.
fn as_map<S: serde::Serializer>(
    params: &[(String, [f64; 2])],
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(params.len()))?;
    for (n, i) in params {
        m.serialize_entry(n, i)?;
    }
    m.end()
}
