//! Bootstrap percentile intervals, in two steps so that the replicates can
//! be computed in shards (on several machines) and joined: the refits of a
//! range of replicates, then the intervals from all of them.

use std::ops::Range;

use rayon::prelude::*;

use super::{ConfidenceIntervals, IntervalMethod};
use crate::error::{Error, Result};
use crate::family::Family;
use crate::fitting::FitOptions;
use crate::report::FitReport;
use crate::rng::SplitMix64;
use crate::sample::ModelSampler;
use crate::target::{Repr, Target};

/// One bootstrap replicate's refit: its parameters (in the family's order)
/// and minimised objective.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Replicate {
    /// The refitted parameters.
    pub params: Vec<f64>,
    /// The refit's minimised objective (nats).
    pub objective_nats: f64,
}

impl Replicate {
    /// A replicate with these parameters and objective (to rebuild one read
    /// from a file).
    pub fn new(params: Vec<f64>, objective_nats: f64) -> Replicate {
        Replicate {
            params,
            objective_nats,
        }
    }
}

/// Refits replicates `range` of the bootstrap `method`
/// ([`IntervalMethod::Bootstrap`] or [`IntervalMethod::ParametricBootstrap`],
/// whose `replicates` is the total `B`) of `report`, a forward fit of
/// `family` to `target`: `None` for a replicate whose refit failed or did
/// not converge.
///
/// Replicate `b` depends only on the data, the fit, the seed and `b` (its
/// own SplitMix64 stream), so shards `0..k`, `k..B` computed anywhere and
/// concatenated are the replicates of one run, bit for bit, on any number
/// of threads.
///
/// # Errors
/// As [`super::confidence_intervals`]; [`Error::InvalidParameter`] for a
/// range beyond `B` or a method that is not a bootstrap.
///
/// # Example
/// ```
/// use fit::{bootstrap_intervals, bootstrap_replicates, confidence_intervals, fit};
/// use fit::{Direction, IntervalMethod, Normal, Target};
/// let x: Vec<f64> = (0..40).map(|i| (f64::from(i) * 0.7).cos()).collect();
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let m = IntervalMethod::Bootstrap { replicates: 100, seed: 3 };
/// // Two shards, joined, give the one-run intervals.
/// let mut reps = bootstrap_replicates(&data, &Normal, &r, m, 0..60)?;
/// reps.extend(bootstrap_replicates(&data, &Normal, &r, m, 60..100)?);
/// let joined = bootstrap_intervals(&["mu", "sigma"], m, 0.95, &reps)?;
/// assert_eq!(joined, confidence_intervals(&data, &Normal, &r, m, 0.95)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bootstrap_replicates(
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
    method: IntervalMethod,
    range: Range<usize>,
) -> Result<Vec<Option<Replicate>>> {
    let unsupported = super::check_forward_fit(target, family, report)?;
    let (replicates, seed, parametric) = bootstrap_of(method)?;
    if range.start > range.end || range.end > replicates {
        return Err(Error::InvalidParameter {
            name: "replicate range".into(),
            value: range.end as f64,
            reason: "replicates are numbered from 0 to B - 1",
        });
    }
    target.refuse_weights(
        "a bootstrap",
        "resampling rows ignores their weights; use Wald or profile intervals",
    )?;
    let data = Resampler::new(target)
        .ok_or_else(|| unsupported("a bootstrap needs observations (samples or counts)"))?;
    let model = if parametric {
        Some(ModelSampler::new(target, family, report)?)
    } else {
        None
    };
    // Each refit starts from its own data (closed forms stay closed forms),
    // as the fit it resamples did.
    let options = FitOptions::new(report.direction());
    Ok(range
        .into_par_iter()
        .map(|b| {
            let mut rng = SplitMix64::stream(seed, b as u64);
            let t = match &model {
                Some(m) => m.draw(&mut rng)?,
                None => data.draw(&mut rng)?,
            };
            let r = options.fit(&t, family).ok().filter(FitReport::converged)?;
            Some(Replicate::new(r.params().values(), r.objective_nats()))
        })
        .collect())
}

/// Percentile intervals at `level` of the parameters `names` (in the
/// family's order) from all `B` replicates of the bootstrap `method` (in
/// any order; `None` for failed refits, which are left out and counted).
///
/// # Formula
/// ```text
/// [Q*(α/2), Q*(1 − α/2)],  α = 1 − level,  Q* the type-7 quantiles
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a level outside `(0, 1)`, a method that
/// is not a bootstrap, a replicate count other than its `B`, or a
/// replicate with the wrong number of parameters;
/// [`Error::NotConverged`] when fewer than half of the refits converged.
///
/// # Reference
/// Efron & Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 13;
/// Hyndman & Fan, *Am. Stat.* 50 (1996) 361–365 (quantile type 7).
pub fn bootstrap_intervals(
    names: &[&str],
    method: IntervalMethod,
    level: f64,
    fits: &[Option<Replicate>],
) -> Result<ConfidenceIntervals> {
    super::check_level(level)?;
    let (replicates, _, _) = bootstrap_of(method)?;
    let bad = |reason| Error::InvalidParameter {
        name: "replicates".into(),
        value: fits.len() as f64,
        reason,
    };
    if fits.len() != replicates {
        return Err(bad("the replicates given are not the method's B"));
    }
    let ok: Vec<&Replicate> = fits.iter().flatten().collect();
    if ok.iter().any(|r| r.params.len() != names.len()) {
        return Err(bad(
            "a replicate has another number of parameters than the fit",
        ));
    }
    let failed = replicates - ok.len();
    if ok.len() * 2 < replicates {
        return Err(Error::NotConverged {
            model: names.join(", "),
            solver: "bootstrap".into(),
            termination: format!("{failed} of {replicates} bootstrap refits failed"),
            iterations: replicates as u64,
        });
    }
    let alpha = 1.0 - level;
    let interval = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        [quantile(&v, alpha / 2.0), quantile(&v, 1.0 - alpha / 2.0)]
    };
    let params = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.to_string(),
                interval(ok.iter().map(|r| r.params[i]).collect()),
            )
        })
        .collect();
    Ok(ConfidenceIntervals {
        method,
        level,
        params,
        objective_nats: Some(interval(ok.iter().map(|r| r.objective_nats).collect())),
        failed,
    })
}

/// `(B, seed, parametric)` of a bootstrap method.
fn bootstrap_of(method: IntervalMethod) -> Result<(usize, u64, bool)> {
    let (replicates, seed, parametric) = match method {
        IntervalMethod::Bootstrap { replicates, seed } => (replicates, seed, false),
        IntervalMethod::ParametricBootstrap { replicates, seed } => (replicates, seed, true),
        _ => {
            return Err(Error::InvalidParameter {
                name: "method".into(),
                value: f64::NAN,
                reason: "replicates belong to a bootstrap method",
            })
        }
    };
    if replicates < 2 {
        return Err(Error::InvalidParameter {
            name: "replicates".into(),
            value: replicates as f64,
            reason: "a bootstrap needs at least 2 replicates",
        });
    }
    Ok((replicates, seed, parametric))
}

/// The `p`-quantile of sorted values, R's type 7 (linear interpolation
/// between the order statistics at `(n − 1)p`).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

/// Draws a resample of the observations, with replacement.
enum Resampler<'t> {
    /// Raw samples.
    Samples(&'t [f64]),
    /// A histogram of counts: the observations' values, one per count.
    Counts {
        start: i64,
        len: usize,
        values: Vec<usize>,
    },
}

impl<'t> Resampler<'t> {
    fn new(target: &'t Target) -> Option<Self> {
        match &target.repr {
            Repr::Samples(s) => Some(Resampler::Samples(&s.xs)),
            Repr::Histogram(h) => {
                let n = h.total? as f64;
                let mut values = Vec::new();
                for (i, p) in h.probs.iter().enumerate() {
                    values.extend(std::iter::repeat_n(i, (p * n).round() as usize));
                }
                Some(Resampler::Counts {
                    start: h.start,
                    len: h.probs.len(),
                    values,
                })
            }
            _ => None,
        }
    }

    /// One resample of the same size; `None` if it is not a valid target.
    fn draw(&self, rng: &mut SplitMix64) -> Option<Target> {
        match self {
            Resampler::Samples(xs) => {
                let r: Vec<f64> = (0..xs.len()).map(|_| xs[rng.below(xs.len())]).collect();
                Target::samples(&r).ok()
            }
            Resampler::Counts { start, len, values } => {
                let mut counts = vec![0u64; *len];
                for _ in 0..values.len() {
                    counts[values[rng.below(values.len())]] += 1;
                }
                Target::from_counts_at(*start, &counts).ok()
            }
        }
    }
}
