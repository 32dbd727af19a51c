//! Goodness of fit of a fitted model: Kolmogorov–Smirnov, Cramér–von Mises
//! and Anderson–Darling statistics for continuous fits, Pearson's χ² on
//! data-driven cells for every fit.

mod bootstrap;

pub use bootstrap::{goodness_of_fit_bootstrap, BootstrapPValues};

use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::error::{Error, Result};
use crate::family::{Family, Support};
use crate::report::FitReport;
use crate::target::{Repr, Target};

/// Goodness-of-fit statistics of one fit; see [`goodness_of_fit`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct GoodnessOfFit {
    /// Kolmogorov–Smirnov `D` (continuous fits to samples).
    pub ks: Option<f64>,
    /// Cramér–von Mises `W²` (continuous fits to samples).
    pub cvm: Option<f64>,
    /// Anderson–Darling `A²` (continuous fits to samples; `+∞` when the
    /// model gives a sample CDF 0 or 1).
    pub ad: Option<f64>,
    /// Pearson's χ² on cells with about the same number of observations
    /// (`None` for fewer than `1.5·meancount + 1` observations).
    pub chi2: Option<ChiSquaredTest>,
    /// p-values that account for the estimated parameters, by parametric
    /// bootstrap ([`goodness_of_fit_bootstrap`]; `None` from
    /// [`goodness_of_fit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_values: Option<BootstrapPValues>,
}

/// Pearson's χ² test on the cells `(−∞, b₁], (b₁, b₂], …, (b_last, ∞)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ChiSquaredTest {
    /// The upper ends `bᵢ` of the cells (the last cell is open).
    pub breaks: Vec<f64>,
    /// Observations per cell.
    pub observed: Vec<f64>,
    /// `n` times the model's mass per cell.
    pub expected: Vec<f64>,
    /// `Σ (observed − expected)²/expected`.
    pub statistic: f64,
    /// Cells − 1 − fitted parameters (may be ≤ 0).
    pub df: i64,
    /// The upper tail of χ²(df) at the statistic, for `df > 0`. It ignores
    /// that the parameters were fitted to the same data (cells with few
    /// expected counts make it unreliable too).
    pub p_value: Option<f64>,
}

/// Goodness-of-fit statistics of `report`, a fit of `family` to `target`,
/// as R's fitdistrplus (`gofstat`) defines them.
///
/// # Formula
/// With `F` the fitted CDF and `x₍₁₎ ≤ … ≤ x₍ₙ₎` the sorted samples:
/// ```text
/// D  = maxᵢ max(|F(x₍ᵢ₎) − i/n|, |F(x₍ᵢ₎) − (i−1)/n|)
/// W² = 1/(12n) + Σᵢ (F(x₍ᵢ₎) − (2i−1)/(2n))²
/// A² = −n − (1/n) Σᵢ (2i−1)(ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎)))
/// χ² = Σ_cells (O − E)²/E,  E = n·(F(bᵢ) − F(bᵢ₋₁)),  df = cells − 1 − k
/// ```
/// The χ² cells follow fitdistrplus: `m = round(n/(4n)^{2/5})`; while more
/// than `⌈1.5m⌉` observations remain, the `m`-th smallest remaining value
/// closes a cell and every value up to it is removed. The last, open cell
/// is dropped when both the model and the data put all their mass below
/// its lower end. For a discrete family `F(b) = P(X ≤ b)` is summed from
/// its mass function.
///
/// # Errors
/// [`Error::ReportMismatch`] when `report` is not a fit of `family`;
/// [`Error::Unsupported`] for data without observations (a density, or
/// probabilities without counts), or a continuous family without a
/// [`crate::Cdf`].
///
/// # Example
/// ```
/// use fit::{fit, goodness_of_fit, Direction, Normal, Target};
/// let x: Vec<f64> = (1..=40).map(|i| (f64::from(i) - 0.5) / 40.0).collect();
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let g = goodness_of_fit(&data, &Normal, &r)?;
/// assert!(g.ks.unwrap() < 0.1 && g.chi2.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// D'Agostino & Stephens, *Goodness-of-Fit Techniques* (1986), §4.2
/// (EDF statistics); Delignette-Muller & Dutang, *J. Stat. Softw.* 64(4)
/// (2015), §3.1 and the `gofstat` function of fitdistrplus (cells).
pub fn goodness_of_fit(
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
) -> Result<GoodnessOfFit> {
    if !report.is_fit_of(family) {
        return Err(Error::ReportMismatch {
            report: report.model().to_string(),
            family: family.name(),
        });
    }
    target.refuse_weights(
        "goodness of fit",
        "the statistics' distributions are those of unweighted samples, as fitdistrplus's gofstat",
    )?;
    let theta = report.params().values();
    let unsupported = |reason| Error::Unsupported {
        family: family.name(),
        target: target.kind(),
        direction: "goodness of fit",
        reason,
    };
    let sorted = observations(target)
        .ok_or_else(|| unsupported("goodness of fit needs observations (samples or counts)"))?;
    let cdf: Box<dyn Fn(f64) -> f64> = match family.support() {
        Support::Integers { lower, .. } => Box::new(discrete_cdf(family, &theta, lower)),
        _ => {
            let c = family.as_cdf().ok_or_else(|| {
                unsupported("the family has no CDF (it does not implement fit::Cdf)")
            })?;
            let t = theta.clone();
            Box::new(move |x| c.cdf(&t, x))
        }
    };
    let continuous = !family.is_discrete();
    let (ks, cvm, ad) = if continuous {
        let (ks, cvm, ad) = edf_statistics(&sorted, &cdf);
        (Some(ks), Some(cvm), Some(ad))
    } else {
        (None, None, None)
    };
    Ok(GoodnessOfFit {
        ks,
        cvm,
        ad,
        chi2: chi_squared(&sorted, &cdf, theta.len()),
        p_values: None,
    })
}

/// The observations, sorted: the samples, or each value of a histogram as
/// often as it was counted. `None` without observations.
pub(crate) fn observations(target: &Target) -> Option<Vec<f64>> {
    let mut xs = match &target.repr {
        Repr::Samples(s) => s.xs.clone(),
        Repr::Histogram(h) => {
            let n = h.total? as f64;
            let mut xs = Vec::new();
            for (i, p) in h.probs.iter().enumerate() {
                let count = (p * n).round() as usize;
                xs.extend(std::iter::repeat_n(h.x(i), count));
            }
            xs
        }
        _ => return None,
    };
    xs.sort_by(f64::total_cmp);
    Some(xs)
}

/// `P(X ≤ b)` of a discrete family, summed from its lowest value.
fn discrete_cdf<'f>(family: &'f dyn Family, theta: &[f64], lower: i64) -> impl Fn(f64) -> f64 + 'f {
    let theta = theta.to_vec();
    move |b: f64| {
        if b < lower as f64 {
            return 0.0;
        }
        let last = b.floor() as i64;
        let mut run = vec![0.0; (last - lower + 1) as usize];
        family.ln_density_run(&theta, lower, &mut run);
        run.iter().map(|l| l.exp()).sum::<f64>().min(1.0)
    }
}

/// `(D, W², A²)` of the sorted samples against `cdf`.
fn edf_statistics(sorted: &[f64], cdf: &dyn Fn(f64) -> f64) -> (f64, f64, f64) {
    let n = sorted.len() as f64;
    let f: Vec<f64> = sorted.iter().map(|&x| cdf(x)).collect();
    let mut ks: f64 = 0.0;
    let mut cvm = 1.0 / (12.0 * n);
    let mut ad_sum = 0.0;
    for (i, &fi) in f.iter().enumerate() {
        let rank = (i + 1) as f64;
        ks = ks
            .max((fi - rank / n).abs())
            .max((fi - (rank - 1.0) / n).abs());
        let d = fi - (2.0 * rank - 1.0) / (2.0 * n);
        cvm += d * d;
        let mirror = f[f.len() - 1 - i];
        ad_sum += (2.0 * rank - 1.0) * (fi.ln() + (-mirror).ln_1p());
    }
    (ks, cvm, -n - ad_sum / n)
}

/// Pearson's χ² on fitdistrplus's cells; `None` for too few observations.
fn chi_squared(sorted: &[f64], cdf: &dyn Fn(f64) -> f64, k: usize) -> Option<ChiSquaredTest> {
    let n = sorted.len();
    let nf = n as f64;
    let meancount = (nf / (4.0 * nf).powf(0.4)).round_ties_even().max(1.0) as usize;
    let keep = (1.5 * meancount as f64).ceil() as usize;
    let mut breaks = Vec::new();
    let mut rest = sorted;
    while rest.len() > keep {
        let limit = rest[meancount - 1];
        breaks.push(limit);
        let cut = rest.partition_point(|&x| x <= limit);
        rest = &rest[cut..];
    }
    if breaks.is_empty() {
        return None;
    }
    let mut observed = Vec::with_capacity(breaks.len() + 1);
    let mut expected = Vec::with_capacity(breaks.len() + 1);
    let (mut below_obs, mut below_model) = (0usize, 0.0);
    for &b in &breaks {
        let at_obs = sorted.partition_point(|&x| x <= b);
        let at_model = cdf(b);
        observed.push((at_obs - below_obs) as f64);
        expected.push(nf * (at_model - below_model));
        below_obs = at_obs;
        below_model = at_model;
    }
    #[allow(clippy::float_cmp)] // fitdistrplus's rule: exactly all the mass
    let closed = below_model == 1.0 && below_obs == n;
    if !closed {
        observed.push((n - below_obs) as f64);
        expected.push(nf * (1.0 - below_model));
    }
    let statistic = observed
        .iter()
        .zip(&expected)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum();
    let df = observed.len() as i64 - 1 - k as i64;
    let p_value = (df > 0)
        .then(|| ChiSquared::new(df as f64).ok().map(|c| c.sf(statistic)))
        .flatten();
    Some(ChiSquaredTest {
        breaks,
        observed,
        expected,
        statistic,
        df,
        p_value,
    })
}
