//! Screening: every built-in family whose support covers the data, fitted
//! in parallel and ranked by AIC.

use rayon::prelude::*;

use crate::check;
use crate::error::Result;
use crate::family::{
    Beta, Binomial, Cauchy, Exponential, Family, Gamma, Geometric, Gumbel, InverseGamma, Laplace,
    LogLogistic, LogNormal, Logistic, NegativeBinomial, Normal, Poisson, StudentT, Weibull,
};
use crate::fitting::FitOptions;
use crate::objective::Direction;
use crate::report::FitReport;
use crate::start::DataSummary;
use crate::target::Target;

/// One fitted family of a [`Screening`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Screened {
    /// The family.
    pub family: Box<dyn Family>,
    /// Its fit.
    pub report: FitReport,
}

/// The result of [`screen`]: the fits, best first, and the families that
/// could not be fitted, with the reason.
#[derive(Debug)]
#[non_exhaustive]
pub struct Screening {
    /// Converged fits by AIC (then BIC, then the objective), then the
    /// degenerate and not converged ones the same way: a degenerate
    /// optimum never ranks above a proper one.
    pub fits: Vec<Screened>,
    /// `(family, reason)` for each candidate whose fit failed.
    pub skipped: Vec<(String, String)>,
}

/// The built-in families a screening tries on `target`: for counts (a
/// histogram on whole numbers ≥ 0) Poisson, geometric, negative binomial
/// and Binomial(n = the largest count); for samples Normal, Laplace,
/// Logistic, Gumbel, Cauchy and StudentT, and where the samples are
/// positive LogNormal, Exponential, Gamma, Weibull, InverseGamma and
/// LogLogistic, and Beta inside (0, 1). Only families whose support holds
/// every observation; not Pareto, whose support depends on its scale
/// `x_m` (fit it by name).
pub fn candidates(target: &Target) -> Vec<Box<dyn Family>> {
    let summary = DataSummary::new(target);
    let all: Vec<Box<dyn Family>> = if target.is_discrete() {
        let mut v: Vec<Box<dyn Family>> = vec![
            Box::new(Poisson),
            Box::new(Geometric),
            Box::new(NegativeBinomial),
        ];
        let max = summary.max();
        if max.is_finite() && max >= 1.0 && max <= u32::MAX as f64 {
            if let Ok(b) = Binomial::new(max as u64) {
                v.push(Box::new(b));
            }
        }
        v
    } else {
        vec![
            Box::new(Normal),
            Box::new(LogNormal),
            Box::new(Exponential),
            Box::new(Gamma),
            Box::new(Weibull),
            Box::new(Beta),
            Box::new(Laplace),
            Box::new(Logistic),
            Box::new(Gumbel),
            Box::new(Cauchy),
            Box::new(StudentT),
            Box::new(InverseGamma),
            Box::new(LogLogistic),
        ]
    };
    all.into_iter()
        .filter(|f| check::data_in_support(target, f.as_ref(), Direction::Forward).is_ok())
        .collect()
}

/// Fits every family of [`candidates`] to `target` with `options` (in
/// parallel), and ranks the fits by AIC; a family whose fit fails (a
/// degenerate start, data it cannot identify) is listed in
/// [`Screening::skipped`] with the error's message, never dropped silently.
///
/// # Errors
/// None of its own: every family's error is recorded in `skipped`.
///
/// # Example
/// ```
/// use fit::{screen, Direction, FitOptions, Target};
/// let counts = Target::from_counts(&[14, 8, 5, 1, 6, 2, 1, 1, 0, 2])?;
/// let s = screen(&counts, &FitOptions::new(Direction::Forward))?;
/// // AIC (SciPy 1.17.1 MLEs): geometric 159.48, negative binomial 161.39
/// // (its extra parameter does not pay), Poisson 191.56 (overdispersed).
/// assert_eq!(s.fits[0].report.model(), "Geometric");
/// assert_eq!(s.fits[1].report.model(), "NegativeBinomial");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Burnham & Anderson, *Model Selection and Multimodel Inference* (2nd
/// ed., 2002), §2.2–2.6 (ranking by AIC).
pub fn screen(target: &Target, options: &FitOptions) -> Result<Screening> {
    let all = candidates(target).len();
    screen_part(target, options, 0..all)
}

/// [`screen`] over the candidates `range` of [`candidates`] only, ranked
/// among themselves: the shards of a screening split over machines. The
/// candidates' order depends only on the data, so the shards' fits, ranked
/// together by the same rule (converged first, then AIC, BIC and the
/// objective), are one run's.
///
/// # Errors
/// None of its own; a range beyond the candidates is cut to them.
///
/// # Example
/// ```
/// use fit::{candidates, screen, screen_part, Direction, FitOptions, Target};
/// let counts = Target::from_counts(&[14, 8, 5, 1, 6, 2, 1, 1, 0, 2])?;
/// let opts = FitOptions::new(Direction::Forward);
/// let n = candidates(&counts).len();
/// let (a, b) = (screen_part(&counts, &opts, 0..2)?, screen_part(&counts, &opts, 2..n)?);
/// assert_eq!(a.fits.len() + b.fits.len() + a.skipped.len() + b.skipped.len(), n);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn screen_part(
    target: &Target,
    options: &FitOptions,
    range: std::ops::Range<usize>,
) -> Result<Screening> {
    let mut all = candidates(target);
    let end = range.end.min(all.len());
    let start = range.start.min(end);
    all.truncate(end);
    let results: Vec<(Box<dyn Family>, Result<FitReport>)> = all
        .split_off(start)
        .into_par_iter()
        .map(|f| {
            let r = options.fit(target, f.as_ref());
            (f, r)
        })
        .collect();
    let mut fits = Vec::new();
    let mut skipped = Vec::new();
    for (family, r) in results {
        match r {
            Ok(report) => fits.push(Screened { family, report }),
            Err(e) => skipped.push((family.name(), e.to_string())),
        }
    }
    let key = |r: &FitReport| r.aic().unwrap_or(f64::INFINITY);
    fits.sort_by(|a, b| {
        b.report
            .converged()
            .cmp(&a.report.converged())
            .then(key(&a.report).total_cmp(&key(&b.report)))
            .then(
                (a.report.bic().unwrap_or(f64::INFINITY))
                    .total_cmp(&b.report.bic().unwrap_or(f64::INFINITY)),
            )
            .then(
                a.report
                    .objective_nats()
                    .total_cmp(&b.report.objective_nats()),
            )
    });
    Ok(Screening { fits, skipped })
}
