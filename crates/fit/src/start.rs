//! Where a fit starts: a one-pass summary of the data, the start a family
//! computes from it, and the degeneracies a fitted optimum can have.

use crate::target::{Expectation, Repr, Target};

/// Distinct values are counted up to this many (enough to tell whether a
/// family or a mixture has as many distinct points as it needs).
pub const DISTINCT_COUNT_CAP: usize = 32;

/// What a family needs to know about the data to start a fit: size, range,
/// mean, variance, the mean logarithms, how many distinct values.
///
/// Built once per fit by one or two passes over the data (unweighted
/// samples: their cached [`crate::SampleMoments`]). For a histogram
/// the moments are weighted by the probabilities; for a known density they
/// are its closed-form or quadrature moments and the range is unknown
/// (`±∞`); an unnormalised log-density has no summary
/// ([`DataSummary::is_known`] is `false`).
///
/// # Formula
/// ```text
/// mean = E X,   variance = E (X − mean)²   (two passes, the second corrects the first)
/// mean_ln = E ln X  (all X > 0),   mean_ln_complement = E ln(1 − X)  (all X < 1)
/// ```
///
/// # Example
/// ```
/// let data = fit::Target::samples(&[1.0, 2.0, 4.0])?;
/// let s = fit::DataSummary::new(&data);
/// assert_eq!(s.n(), Some(3));
/// assert!((s.mean() - 7.0 / 3.0).abs() < 1e-15);
/// assert_eq!(s.distinct(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DataSummary<'a> {
    target: &'a Target,
    n: Option<u64>,
    mean: f64,
    variance: f64,
    min: f64,
    max: f64,
    mean_ln: Option<f64>,
    mean_ln_complement: Option<f64>,
    distinct: usize,
}

impl<'a> DataSummary<'a> {
    /// Summarises `target`.
    ///
    /// # Panics
    /// Never.
    pub fn new(target: &'a Target) -> DataSummary<'a> {
        // Unweighted samples: the cached one-pass moments, shared with the
        // families' sufficient statistics.
        if let (Repr::Samples(s), Some(m)) = (&target.repr, target.sample_moments()) {
            let mean_ln_complement = (m.max < 1.0).then(|| target.expect(&|x| (-x).ln_1p()));
            return DataSummary {
                target,
                n: target.count(),
                mean: m.mean,
                variance: m.variance,
                min: m.min,
                max: m.max,
                mean_ln: m.mean_ln,
                mean_ln_complement,
                distinct: count_distinct(s.xs.iter().copied()),
            };
        }
        let (min, max, distinct) = match &target.repr {
            Repr::Samples(s) => {
                let (lo, hi) =
                    s.xs.iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                            (a.min(x), b.max(x))
                        });
                (lo, hi, count_distinct(s.xs.iter().copied()))
            }
            Repr::Histogram(h) => {
                let used = || {
                    h.probs
                        .iter()
                        .enumerate()
                        .filter(|(_, &p)| p > 0.0)
                        .map(|(i, _)| h.x(i))
                };
                let lo = used().next().unwrap_or(f64::NAN);
                let hi = used().next_back().unwrap_or(f64::NAN);
                (lo, hi, used().take(DISTINCT_COUNT_CAP).count())
            }
            Repr::Density(_) | Repr::LogDensity(_) => {
                (f64::NEG_INFINITY, f64::INFINITY, DISTINCT_COUNT_CAP)
            }
        };
        let (mean, variance) = match &target.repr {
            Repr::LogDensity(_) => (f64::NAN, f64::NAN),
            _ => target.mean_variance().unwrap_or_else(|| {
                let m0 = target.expect(&|x| x);
                let d = target.expect(&|x| x - m0);
                let m = m0 + d;
                let v = target.expect(&|x| (x - m) * (x - m));
                (m, v.max(0.0))
            }),
        };
        let finite_data = !matches!(target.repr, Repr::Density(_) | Repr::LogDensity(_));
        let mean_ln = (finite_data && min > 0.0).then(|| target.expect(&f64::ln));
        let mean_ln_complement =
            (finite_data && max < 1.0).then(|| target.expect(&|x| (-x).ln_1p()));
        DataSummary {
            target,
            n: target.count(),
            mean,
            variance,
            min,
            max,
            mean_ln,
            mean_ln_complement,
            distinct,
        }
    }

    /// The data summarised.
    pub fn target(&self) -> &'a Target {
        self.target
    }

    /// Whether moments are known (not for an unnormalised log-density, nor
    /// for a density whose moments the quadrature could not find).
    pub fn is_known(&self) -> bool {
        self.mean.is_finite() && self.variance.is_finite()
    }

    /// The number of observations (samples or counts), if known.
    pub fn n(&self) -> Option<u64> {
        self.n
    }

    /// `E X`.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// `E (X − E X)²` (divisor `n`, the maximum-likelihood variance).
    pub fn variance(&self) -> f64 {
        self.variance
    }

    /// The smallest observation (`−∞` for a density).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The largest observation (`+∞` for a density).
    pub fn max(&self) -> f64 {
        self.max
    }

    /// `E ln X` when every observation is positive.
    pub fn mean_ln(&self) -> Option<f64> {
        self.mean_ln
    }

    /// `E ln(1 − X)` when every observation is below 1.
    pub fn mean_ln_complement(&self) -> Option<f64> {
        self.mean_ln_complement
    }

    /// How many distinct values the data take, counted up to
    /// [`DISTINCT_COUNT_CAP`] (a density counts as the cap).
    pub fn distinct(&self) -> usize {
        self.distinct
    }

    /// The raw samples, for a samples target.
    pub fn samples(&self) -> Option<&'a [f64]> {
        match &self.target.repr {
            Repr::Samples(s) => Some(&s.xs),
            _ => None,
        }
    }

    /// `Err(DegenerateData)` naming `family` unless the data take at least
    /// two distinct values with a positive, finite variance.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`].
    pub fn require_spread(&self, family: &str) -> crate::Result<()> {
        let reason = if self.distinct >= 2 && self.variance.is_infinite() {
            format!(
                "the variance overflows a double (values up to {:e}): rescale the data",
                self.max.abs().max(self.min.abs())
            )
        } else if self.distinct >= 2 && self.variance == 0.0 {
            format!(
                "the variance underflows to 0 (values of magnitude {:e}): rescale the data",
                self.max.abs().max(self.min.abs())
            )
        } else if self.distinct >= 2 && self.variance > 0.0 {
            return Ok(());
        } else {
            match self.n {
                Some(1) => format!("one observation ({}) has zero variance", self.min),
                Some(n) => format!(
                    "all {n} observations equal {}: zero variance, so the scale would collapse to 0",
                    self.min
                ),
                None => "the data have zero variance".to_string(),
            }
        };
        Err(crate::Error::DegenerateData {
            family: family.to_string(),
            reason,
        })
    }
}

/// Counts distinct values up to [`DISTINCT_COUNT_CAP`].
fn count_distinct(xs: impl Iterator<Item = f64>) -> usize {
    let mut seen: Vec<u64> = Vec::with_capacity(DISTINCT_COUNT_CAP);
    for x in xs {
        // +0.0 and −0.0 are one value.
        let bits = (x + 0.0).to_bits();
        if !seen.contains(&bits) {
            seen.push(bits);
            if seen.len() == DISTINCT_COUNT_CAP {
                break;
            }
        }
    }
    seen.len()
}

/// A starting point that a family computes from the data
/// ([`crate::Family::data_start`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Start {
    /// The optimum of forward KL in closed form (the maximum-likelihood
    /// estimate for samples and counts). A forward fit with the default
    /// solver reports it directly, confirmed by the gradient; a chosen
    /// solver starts from it.
    Exact(Vec<f64>),
    /// An estimate (moments, an approximation) for the solver to start from.
    Estimate(Vec<f64>),
    /// The data put the optimum at a limit of the parameter space: `theta`
    /// is a point as close to it as makes no difference to the fit, which is
    /// reported as [`crate::Status::Degenerate`] without iterating.
    Limit {
        /// The point near the limit.
        theta: Vec<f64>,
        /// Why, in the user's terms.
        degeneracy: Degeneracy,
    },
}

impl Start {
    /// The starting point.
    pub fn theta(&self) -> &[f64] {
        match self {
            Start::Exact(t) | Start::Estimate(t) | Start::Limit { theta: t, .. } => t,
        }
    }
}

/// Why a fitted optimum is degenerate: which parameter, and what happened
/// to it, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Degeneracy {
    /// The parameter at fault (e.g. `"w1"`, `"sigma2"`, `"r"`).
    pub parameter: String,
    /// What is wrong (e.g. `"weight ≈ 0: the component is empty"`).
    pub reason: String,
}

impl Degeneracy {
    /// A degeneracy of `parameter`.
    pub fn new(parameter: impl Into<String>, reason: impl Into<String>) -> Degeneracy {
        Degeneracy {
            parameter: parameter.into(),
            reason: reason.into(),
        }
    }
}

impl core::fmt::Display for Degeneracy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.parameter, self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_samples_and_counts() {
        let t = Target::samples(&[1e15 + 1.0, 1e15 + 2.0, 1e15 + 3.0]).unwrap();
        let s = DataSummary::new(&t);
        assert!((s.mean() - (1e15 + 2.0)).abs() < 1e-9 * 1e15);
        assert!((s.variance() - 2.0 / 3.0).abs() < 1e-9);
        let h = Target::from_counts_at(2, &[0, 3, 1]).unwrap();
        let s = DataSummary::new(&h);
        assert_eq!((s.min(), s.max(), s.distinct()), (3.0, 4.0, 2));
        assert_eq!(s.n(), Some(4));
        assert!(s.mean_ln().is_some() && s.mean_ln_complement().is_none());
    }

    #[test]
    fn zero_variance_is_named() {
        let t = Target::samples(&[5.0, 5.0, 5.0]).unwrap();
        let e = DataSummary::new(&t).require_spread("Normal").unwrap_err();
        assert!(e.to_string().contains("all 3 observations equal 5"), "{e}");
        let one = Target::samples(&[1.0]).unwrap();
        assert!(DataSummary::new(&one).require_spread("Normal").is_err());
    }
}
