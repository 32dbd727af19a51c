//! Draws samples from a fitted family by inverting its CDF, for the
//! parametric bootstrap.

use crate::error::{Error, Result};
use crate::family::{Family, Support};
use crate::report::FitReport;
use crate::rng::SplitMix64;
use crate::target::Target;
use crate::tolerance::{SAMPLE_MAX_BISECTIONS, SAMPLE_X_TOL};

/// `n` draws from `family` at `theta`, sorted: uniforms on (0, 1) from
/// `rng`, sorted, then each mapped through the inverse CDF. Sorted
/// uniforms let one monotone search serve them all: each inversion starts
/// from the previous draw. `scale` (a spread of the data, > 0) sets the
/// first search step.
///
/// # Formula
/// ```text
/// x = F⁻¹(u) = inf{x : F(x) ≥ u},   u ~ U(0, 1)
/// ```
/// Continuous families are inverted by bisection to `SAMPLE_X_TOL`
/// (relative); discrete ones by walking the cumulative mass function.
///
/// # Errors
/// [`Error::Unsupported`] for a continuous family without a CDF.
///
/// # Reference
/// Devroye, *Non-Uniform Random Variate Generation* (1986), §II.2.
fn draw_sorted(
    family: &dyn Family,
    theta: &[f64],
    n: usize,
    scale: f64,
    rng: &mut SplitMix64,
) -> Result<Vec<f64>> {
    let mut u: Vec<f64> = (0..n).map(|_| rng.open01()).collect();
    u.sort_by(f64::total_cmp);
    match family.support() {
        Support::Integers { lower, upper } => Ok(walk(family, theta, lower, upper, &u)),
        Support::Reals { lower, upper } | Support::OpenReals { lower, upper } => {
            let cdf = family.as_cdf().ok_or_else(|| Error::Unsupported {
                family: family.name(),
                target: "samples",
                direction: "parametric bootstrap",
                reason: "drawing from a continuous family needs its CDF (fit::Cdf)",
            })?;
            let f = |x: f64| cdf.cdf(theta, x);
            let step0 = if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            };
            let mut prev: Option<f64> = None;
            Ok(u.iter()
                .map(|&ui| {
                    let x = invert(&f, ui, lower, upper, prev, step0);
                    prev = Some(x);
                    x
                })
                .collect())
        }
    }
}

/// `inf{x : F(x) ≥ u}` for a continuous CDF on `(lower, upper)`, searching
/// up from `from` (a point with `F ≤ u`) when given.
fn invert(
    f: &dyn Fn(f64) -> f64,
    u: f64,
    lower: f64,
    upper: f64,
    from: Option<f64>,
    step0: f64,
) -> f64 {
    // A point below: the previous draw, the finite lower bound, or a
    // search down from 0 (clamped into the support).
    let start = from.unwrap_or_else(|| {
        if lower.is_finite() {
            lower
        } else {
            0.0_f64.min(upper)
        }
    });
    let mut lo = start;
    let mut step = step0;
    while lo > lower && f(lo) > u {
        lo = (lo - step).max(lower);
        step *= 2.0;
    }
    // A point above, doubling the step up to the upper bound.
    let mut hi = lo;
    step = step0;
    while hi < upper && f(hi) < u {
        lo = hi;
        hi = if upper.is_finite() {
            (hi + step).min(upper)
        } else {
            hi + step
        };
        step *= 2.0;
        if !hi.is_finite() {
            return hi;
        }
    }
    for _ in 0..SAMPLE_MAX_BISECTIONS {
        if hi - lo <= SAMPLE_X_TOL * lo.abs().max(hi.abs()) {
            break;
        }
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < u {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Sorted `u` mapped to the smallest integers whose cumulative mass
/// reaches them, in one walk up from `lower`.
fn walk(family: &dyn Family, theta: &[f64], lower: i64, upper: Option<i64>, u: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(u.len());
    let mut k = lower;
    let mut cum = family.ln_density(theta, k as f64).exp();
    for &ui in u {
        while cum < ui && upper.is_none_or(|hi| k < hi) {
            k += 1;
            let p = family.ln_density(theta, k as f64).exp();
            // Past the last representable mass the walk cannot reach `ui`
            // (rounding left the total just below 1): stay at the last k.
            if p == 0.0 && cum > 1.0 - 1e-12 {
                break;
            }
            cum += p;
        }
        out.push(k as f64);
    }
    out
}

/// Sorted whole-number draws as a histogram from their smallest value.
fn counts_of_sorted(sorted: &[f64]) -> Option<Target> {
    let (lo, hi) = (*sorted.first()? as i64, *sorted.last()? as i64);
    let mut counts = vec![0u64; usize::try_from(hi - lo).ok()? + 1];
    for &x in sorted {
        counts[(x as i64 - lo) as usize] += 1;
    }
    Target::from_counts_at(lo, &counts).ok()
}

/// Draws samples of the data's size from the fitted model.
pub(crate) struct ModelSampler<'a> {
    family: &'a dyn Family,
    theta: Vec<f64>,
    n: usize,
    /// The data's interquartile range (or range): the first step of the
    /// CDF inversion.
    scale: f64,
    /// Whether the data are a histogram of counts (and draws become one).
    counts: bool,
}

impl<'a> ModelSampler<'a> {
    /// A sampler of `report`'s fit of `family` to `target`.
    ///
    /// # Errors
    /// [`Error::EmptyData`] without observations; [`Error::Unsupported`]
    /// for a continuous family without a CDF.
    pub(crate) fn new(target: &Target, family: &'a dyn Family, report: &FitReport) -> Result<Self> {
        let sorted = crate::gof::observations(target).unwrap_or_default();
        let n = sorted.len();
        if n == 0 {
            return Err(Error::EmptyData);
        }
        if !family.is_discrete() && family.as_cdf().is_none() {
            return Err(Error::Unsupported {
                family: family.name(),
                target: target.kind(),
                direction: report.direction().as_str(),
                reason: "a parametric bootstrap draws through the model's CDF (fit::Cdf)",
            });
        }
        let (q1, q3) = (sorted[n / 4], sorted[(3 * n) / 4]);
        Ok(ModelSampler {
            family,
            theta: report.params().values(),
            n,
            scale: if q3 > q1 {
                q3 - q1
            } else {
                sorted[n - 1] - sorted[0]
            },
            counts: matches!(target.repr, crate::target::Repr::Histogram(_)),
        })
    }

    /// One sample as a target like the data; `None` if it is not a valid one.
    pub(crate) fn draw(&self, rng: &mut SplitMix64) -> Option<Target> {
        let x = draw_sorted(self.family, &self.theta, self.n, self.scale, rng).ok()?;
        if self.counts {
            counts_of_sorted(&x)
        } else {
            Target::samples(&x).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Gamma, Normal, Poisson};

    /// The empirical CDF of many draws is within the Kolmogorov bound of
    /// the model's (D√n < 1.95 has probability 0.999 under H₀).
    #[test]
    fn draws_follow_the_model() {
        let n = 20_000;
        let mut rng = SplitMix64::new(3);
        for (f, theta) in [
            (&Normal as &dyn Family, vec![-3.0, 0.5]),
            (&Gamma, vec![2.5, 0.1]),
        ] {
            let x = draw_sorted(f, &theta, n, 1.0, &mut rng).unwrap();
            let cdf = f.as_cdf().unwrap();
            let d = x
                .iter()
                .enumerate()
                .map(|(i, &xi)| {
                    let c = cdf.cdf(&theta, xi);
                    (c - i as f64 / n as f64)
                        .abs()
                        .max((c - (i + 1) as f64 / n as f64).abs())
                })
                .fold(0.0, f64::max);
            assert!(d * (n as f64).sqrt() < 1.95, "{}: D = {d}", f.name());
        }
        let x = draw_sorted(&Poisson, &[3.5], n, 1.0, &mut rng).unwrap();
        let mean = x.iter().sum::<f64>() / n as f64;
        assert!((mean - 3.5).abs() < 4.0 * (3.5 / n as f64).sqrt(), "{mean}");
        assert!(x.iter().all(|v| v.fract() == 0.0 && *v >= 0.0));
    }
}
