//! Standard errors of the kNN estimates: half-sampling or per-point terms.

use rayon::prelude::*;

use super::Uncertainty;
use crate::error::{Arg, Error, Result};
use crate::rng::SplitMix64;
use crate::sum::{mean_and_se, neumaier};

/// The standard error of an estimate that is a mean of `terms` over the
/// `n` points of `P` (plus a constant), computed as `uncertainty` says.
///
/// `estimate_on(rows_p, rows_q)` re-estimates on the given rows of `P` and
/// `Q` (`rows_q` empty when `m = 0`, an estimate that uses no `Q`).
/// `min_half` is the smallest half of `P` the estimator accepts.
pub(crate) fn standard_error<F>(
    uncertainty: Uncertainty,
    n: usize,
    m: usize,
    min_half: usize,
    terms: &[f64],
    estimate_on: F,
) -> Result<f64>
where
    F: Fn(&[usize], &[usize]) -> Result<f64> + Sync,
{
    match uncertainty {
        Uncertainty::PerPointTerms => Ok(mean_and_se(terms).1),
        Uncertainty::HalfSampling { replicates, seed } => {
            if n / 2 < min_half {
                return Err(Error::TooFewSamples {
                    arg: Arg::P,
                    rows: n,
                    k: min_half - 1,
                    needed: 2 * min_half,
                });
            }
            let results: Vec<Result<f64>> = (0..replicates)
                .into_par_iter()
                .map(|r| {
                    let mut rng = SplitMix64::stream(seed, r as u64);
                    let rows_p = rng.subset(n, n / 2);
                    let rows_q = if m == 0 {
                        Vec::new()
                    } else {
                        rng.subset(m, m / 2)
                    };
                    estimate_on(&rows_p, &rows_q)
                })
                .collect();
            // First error by replicate index: independent of the threads.
            let values = results.into_iter().collect::<Result<Vec<f64>>>()?;
            let mean = neumaier(values.iter().copied()) / values.len() as f64;
            let ss = neumaier(values.iter().map(|v| (v - mean) * (v - mean)));
            Ok((ss / (values.len() - 1) as f64).sqrt())
        }
    }
}
