//! Raw continuous samples.

use rayon::prelude::*;

use super::SampleMoments;
use crate::error::{Error, Result};
use crate::tolerance::{PARALLEL_SAMPLES, SAMPLE_BLOCK};

/// Samples, optionally with bin edges for a binned KL.
#[derive(Debug, Clone)]
pub(crate) struct Samples {
    pub(crate) xs: Vec<f64>,
    /// Bin edges and the samples' bin probabilities.
    pub(crate) bins: Option<(Vec<f64>, Vec<f64>)>,
    /// Observation weights (positive, finite), when the data are weighted.
    pub(crate) ws: Option<Vec<f64>>,
    /// `Σ wᵢ`, or the number of samples when unweighted.
    pub(crate) total: f64,
    /// The moments of `xs`, unweighted (computed while copying them in).
    moments: SampleMoments,
}

impl Samples {
    pub(crate) fn new(xs: &[f64], edges: Option<&[f64]>) -> Result<Self> {
        if xs.is_empty() {
            return Err(Error::EmptyData);
        }
        // One pass copies the samples and summarises them; a non-finite
        // sample shows in the summary, and only then is it searched for (a
        // finite sum can also overflow).
        let (owned, moments) = SampleMoments::copy_of(xs);
        if !(moments.mean.is_finite() && moments.min.is_finite() && moments.max.is_finite()) {
            if let Some((index, &value)) = xs.iter().enumerate().find(|(_, x)| !x.is_finite()) {
                return Err(Error::InvalidData {
                    index,
                    value,
                    reason: "samples must be finite",
                });
            }
        }
        let bins = match edges {
            None => None,
            Some(e) => {
                let bad = |reason| Error::InvalidGrid {
                    name: "bin edges".into(),
                    reason,
                };
                if e.len() < 2 {
                    return Err(bad("need at least two edges"));
                }
                if e.iter().any(|x| !x.is_finite()) || e.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(bad("edges must be finite and strictly increasing"));
                }
                let mut counts = vec![0u64; e.len() - 1];
                for &x in xs {
                    // Bins are [eᵢ, eᵢ₊₁), the last one closed; samples outside are dropped.
                    let i = e.partition_point(|&edge| edge <= x);
                    if i >= 1 && i < e.len() {
                        counts[i - 1] += 1;
                    } else if x.to_bits() == e[e.len() - 1].to_bits() {
                        // the last bin is closed on the right
                        counts[e.len() - 2] += 1;
                    }
                }
                let p = divergence::from_counts(&counts)?;
                Some((e.to_vec(), p))
            }
        };
        Ok(Samples {
            xs: owned,
            bins,
            ws: None,
            total: xs.len() as f64,
            moments,
        })
    }

    /// Samples `xs` with weights `ws` (each positive and finite).
    pub(crate) fn weighted(xs: &[f64], ws: &[f64]) -> Result<Self> {
        let mut s = Samples::new(xs, None)?;
        if ws.len() != xs.len() {
            return Err(Error::WeightCount {
                samples: xs.len(),
                weights: ws.len(),
            });
        }
        if let Some((index, &value)) = ws
            .iter()
            .enumerate()
            .find(|(_, w)| !w.is_finite() || **w <= 0.0)
        {
            return Err(Error::InvalidData {
                index,
                value,
                reason: "weights must be positive and finite",
            });
        }
        // Neumaier's sum: the total of 10⁸ weights keeps every digit.
        let (mut total, mut c) = (0.0_f64, 0.0_f64);
        for &w in ws {
            let t = total + w;
            c += if total.abs() >= w.abs() {
                (total - t) + w
            } else {
                (w - t) + total
            };
            total = t;
        }
        s.total = total + c;
        if !s.total.is_finite() {
            return Err(Error::InvalidData {
                index: ws.len() - 1,
                value: s.total,
                reason: "the weights' total overflows a double",
            });
        }
        s.ws = Some(ws.to_vec());
        Ok(s)
    }

    /// The [`SampleMoments`] of the samples, unweighted (the caller checks
    /// that there are no weights).
    pub(crate) fn moments(&self) -> SampleMoments {
        self.moments
    }

    pub(crate) fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        match &self.ws {
            None => self.xs.iter().map(|&x| f(x)).sum::<f64>() / self.total,
            Some(ws) => self.xs.iter().zip(ws).map(|(&x, w)| w * f(x)).sum::<f64>() / self.total,
        }
    }

    /// `out = (1/n) Σᵢ f(xᵢ)` (weighted: `Σᵢ wᵢ f(xᵢ) / Σᵢ wᵢ`) for a vector-valued `f` (`f(x, v)` writes into
    /// `v`), in one pass: blocks of [`SAMPLE_BLOCK`] samples, in parallel
    /// from [`PARALLEL_SAMPLES`] on, merged in block order so the result is
    /// the same on any number of threads.
    pub(crate) fn mean_of(&self, out: &mut [f64], f: &(dyn Fn(f64, &mut [f64]) + Sync)) {
        let k = out.len();
        let n = self.xs.len();
        let block = |b: usize| {
            let range = b * SAMPLE_BLOCK..((b + 1) * SAMPLE_BLOCK).min(n);
            let mut acc = vec![0.0; k];
            let mut v = vec![0.0; k];
            match &self.ws {
                None => {
                    for &x in &self.xs[range] {
                        f(x, &mut v);
                        acc.iter_mut().zip(&v).for_each(|(a, b)| *a += b);
                    }
                }
                Some(ws) => {
                    for (&x, &w) in self.xs[range.clone()].iter().zip(&ws[range]) {
                        f(x, &mut v);
                        acc.iter_mut().zip(&v).for_each(|(a, b)| *a += w * b);
                    }
                }
            }
            acc
        };
        let blocks = n.div_ceil(SAMPLE_BLOCK);
        let parts: Vec<Vec<f64>> = if n >= PARALLEL_SAMPLES {
            (0..blocks).into_par_iter().map(block).collect()
        } else {
            (0..blocks).map(block).collect()
        };
        out.fill(0.0);
        for p in parts {
            out.iter_mut().zip(p).for_each(|(o, v)| *o += v);
        }
        out.iter_mut().for_each(|o| *o /= self.total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_samples_and_edges_are_errors() {
        assert!(matches!(Samples::new(&[], None), Err(Error::EmptyData)));
        assert!(matches!(
            Samples::new(&[1.0, f64::NAN], None),
            Err(Error::InvalidData { index: 1, .. })
        ));
        assert!(Samples::new(&[1.0], Some(&[0.0])).is_err());
        assert!(Samples::new(&[1.0], Some(&[1.0, 0.0])).is_err());
        let s = Samples::new(&[0.5, 1.5, 2.0], Some(&[0.0, 1.0, 2.0])).unwrap();
        assert_eq!(s.bins.unwrap().1, vec![1.0 / 3.0, 2.0 / 3.0]);
    }
}
