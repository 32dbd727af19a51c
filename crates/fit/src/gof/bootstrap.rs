//! p-values of the goodness-of-fit statistics by parametric bootstrap:
//! the statistics' distribution when the model is true and its parameters
//! are estimated from the data, as they were.

use rayon::prelude::*;

use super::{goodness_of_fit, GoodnessOfFit};
use crate::error::{Error, Result};
use crate::family::Family;
use crate::fitting::FitOptions;
use crate::objective::Direction;
use crate::report::FitReport;
use crate::rng::SplitMix64;
use crate::sample::ModelSampler;
use crate::target::Target;

/// Parametric-bootstrap p-values of one fit's statistics; see
/// [`goodness_of_fit_bootstrap`]. A statistic that does not apply (KS for
/// a discrete fit) has none.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct BootstrapPValues {
    /// Replicates drawn.
    pub replicates: usize,
    /// The seed.
    pub seed: u64,
    /// Kolmogorov–Smirnov.
    pub ks: Option<f64>,
    /// Cramér–von Mises.
    pub cvm: Option<f64>,
    /// Anderson–Darling.
    pub ad: Option<f64>,
    /// Pearson's χ² (cells chosen afresh for each replicate by the same
    /// rule, as for the data).
    pub chi2: Option<f64>,
    /// Replicates whose refit failed or did not converge (left out).
    pub failed: usize,
}

/// [`goodness_of_fit`] with p-values that account for the fitted
/// parameters: `replicates` samples of the data's size are drawn from the
/// fitted model, the model is refitted to each, and each statistic of the
/// data is ranked among the refits' statistics.
///
/// # Formula
/// ```text
/// x*_b ~ q(·; θ̂),  θ̂*_b = fit(x*_b),  T*_b = T(x*_b; θ̂*_b),  b = 1…B
/// p = (1 + #{b : T*_b ≥ T}) / (1 + B)
/// ```
/// Replicate `b` draws from its own seeded stream (SplitMix64 of `seed`
/// and `b`), by inverting the model's CDF (discrete models: their
/// cumulative mass); replicates run in parallel and the p-values do not
/// depend on the number of threads. The χ² p-value of
/// [`super::ChiSquaredTest`] ignores the estimation; this one does not.
///
/// # Errors
/// Those of [`goodness_of_fit`]; [`Error::InvalidParameter`] for fewer than
/// 2 replicates; [`Error::Unsupported`] for a reverse fit;
/// [`Error::NotConverged`] when fewer than half of the refits converge.
///
/// # Example
/// ```
/// use fit::{fit, goodness_of_fit_bootstrap, Direction, Normal, Target};
/// let x: Vec<f64> = (1..=60).map(|i| (f64::from(i) * 0.61).sin() * 3.0).collect();
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let g = goodness_of_fit_bootstrap(&data, &Normal, &r, 99, 7)?;
/// let p = g.p_values.unwrap();
/// assert!(p.ks.unwrap() > 0.0 && p.ks.unwrap() <= 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Stute, Gonzáles Manteiga & Presedo Quindimil, "Bootstrap based
/// goodness-of-fit tests", *Metrika* 40 (1993) 243–256; SciPy's
/// `scipy.stats.goodness_of_fit` (the `(1 + count)/(1 + B)` rule).
pub fn goodness_of_fit_bootstrap(
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
    replicates: usize,
    seed: u64,
) -> Result<GoodnessOfFit> {
    let mut observed = goodness_of_fit(target, family, report)?;
    if replicates < 2 {
        return Err(Error::InvalidParameter {
            name: "replicates".into(),
            value: replicates as f64,
            reason: "a bootstrap needs at least 2 replicates",
        });
    }
    if report.direction() == Direction::Reverse {
        return Err(Error::Unsupported {
            family: family.name(),
            target: target.kind(),
            direction: report.direction().as_str(),
            reason: "bootstrap p-values are for forward fits (maximum likelihood)",
        });
    }
    let sampler = ModelSampler::new(target, family, report)?;
    let options = FitOptions::new(report.direction());
    let stats: Vec<Option<GoodnessOfFit>> = (0..replicates)
        .into_par_iter()
        .map(|b| {
            let mut rng = SplitMix64::stream(seed, b as u64);
            let t = sampler.draw(&mut rng)?;
            let r = options.fit(&t, family).ok().filter(FitReport::converged)?;
            goodness_of_fit(&t, family, &r).ok()
        })
        .collect();
    let ok: Vec<&GoodnessOfFit> = stats.iter().flatten().collect();
    let failed = replicates - ok.len();
    if ok.len() * 2 < replicates {
        return Err(Error::NotConverged {
            model: family.name(),
            solver: "parametric bootstrap".into(),
            termination: format!("{failed} of {replicates} refits failed"),
            iterations: replicates as u64,
        });
    }
    let p = |value: Option<f64>, of: &dyn Fn(&GoodnessOfFit) -> Option<f64>| {
        let t = value?;
        let above = ok.iter().filter(|g| of(g).is_some_and(|v| v >= t)).count();
        Some((1 + above) as f64 / (1 + ok.len()) as f64)
    };
    observed.p_values = Some(BootstrapPValues {
        replicates,
        seed,
        ks: p(observed.ks, &|g| g.ks),
        cvm: p(observed.cvm, &|g| g.cvm),
        ad: p(observed.ad, &|g| g.ad),
        chi2: p(observed.chi2.as_ref().map(|c| c.statistic), &|g| {
            g.chi2.as_ref().map(|c| c.statistic)
        }),
        failed,
    });
    Ok(observed)
}
