//! Shared bin edges for two 1-D samples.

use crate::error::{Error, Result};

/// How the bins of [`crate::histogram_divergences`] are chosen.
///
/// Bins are `[e₀, e₁), [e₁, e₂), …, [e_{B−1}, e_B]`; values below `e₀`
/// count in the first bin and values above `e_B` in the last, so no sample
/// is dropped (a monitored sample that drifts outside the reference range
/// piles up in the end bins, where the divergence sees it).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Binning {
    /// `n` bins at the reference sample's quantiles `j/n` (linear
    /// interpolation between order statistics, Hyndman & Fan type 7, R's
    /// and NumPy's default), so each holds about `1/n` of the reference.
    /// Repeated values can make quantiles coincide; coinciding edges are
    /// merged, so the result may have fewer than `n` bins (see
    /// [`crate::HistogramDivergences::edges`]).
    Quantile(usize),
    /// `n` bins of equal width over the pooled range `[min, max]` of both
    /// samples.
    Fixed(usize),
    /// These edges: finite, strictly increasing, at least 2.
    Edges(Vec<f64>),
}

impl Binning {
    /// The edges `e₀ < … < e_B` for these samples (both non-empty, finite).
    pub(crate) fn edges(&self, reference: &[f64], current: &[f64]) -> Result<Vec<f64>> {
        let count = |n: usize| -> Result<usize> {
            if n == 0 {
                Err(Error::InvalidOption {
                    name: "bins",
                    value: 0.0,
                    expected: "at least 1 bin",
                })
            } else {
                Ok(n)
            }
        };
        let mut edges = match self {
            Binning::Quantile(n) => {
                let n = count(*n)?;
                let mut s = reference.to_vec();
                s.sort_unstable_by(f64::total_cmp);
                (0..=n).map(|j| quantile(&s, j as f64 / n as f64)).collect()
            }
            Binning::Fixed(n) => {
                let n = count(*n)?;
                let (lo, hi) = reference
                    .iter()
                    .chain(current)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                // Interpolated as lo·(1 − t) + hi·t, so the ends are exact
                // and huge ranges do not overflow hi − lo.
                (0..=n)
                    .map(|j| {
                        let t = j as f64 / n as f64;
                        lo * (1.0 - t) + hi * t
                    })
                    .collect()
            }
            Binning::Edges(e) => {
                if e.len() < 2 {
                    return Err(Error::InvalidEdges {
                        index: e.len(),
                        value: f64::NAN,
                    });
                }
                for (i, w) in e.windows(2).enumerate() {
                    if !w[0].is_finite() {
                        return Err(Error::InvalidEdges {
                            index: i,
                            value: w[0],
                        });
                    }
                    if !(w[1].is_finite() && w[1] > w[0]) {
                        return Err(Error::InvalidEdges {
                            index: i + 1,
                            value: w[1],
                        });
                    }
                }
                e.clone()
            }
        };
        edges.dedup_by(|a, b| a <= b);
        Ok(edges)
    }
}

/// Type-7 quantile of sorted `s` at `u ∈ [0, 1]`.
fn quantile(s: &[f64], u: f64) -> f64 {
    let h = (s.len() - 1) as f64 * u;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    let t = h - lo as f64;
    s[lo] * (1.0 - t) + s[hi] * t
}

/// Counts of `x` in the bins of `edges` (`B = edges.len() − 1` bins, at
/// least 1); values outside `[e₀, e_B]` go to the end bins.
pub(crate) fn counts(x: &[f64], edges: &[f64]) -> Vec<u64> {
    let bins = edges.len().saturating_sub(1).max(1);
    let inner = if edges.len() > 2 {
        &edges[1..edges.len() - 1]
    } else {
        &[][..]
    };
    let mut c = vec![0u64; bins];
    for &v in x {
        c[inner.partition_point(|&e| e <= v)] += 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_edges_of_one_to_five() {
        // Type 7 quartiles of 1..=5 are 1, 2, 3, 4, 5 (R: quantile(1:5)).
        let r = [5.0, 1.0, 4.0, 2.0, 3.0];
        let e = Binning::Quantile(4).edges(&r, &[]).unwrap();
        assert_eq!(e, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn values_outside_the_range_fall_into_the_end_bins() {
        let e = [0.0, 1.0, 2.0];
        assert_eq!(counts(&[-5.0, 0.5, 1.0, 2.0, 9.0], &e), vec![2, 3]);
    }

    #[test]
    fn coinciding_quantiles_are_merged() {
        let e = Binning::Quantile(4)
            .edges(&[1.0, 1.0, 1.0, 1.0, 2.0], &[])
            .unwrap();
        assert_eq!(e, vec![1.0, 2.0]);
    }

    #[test]
    fn bad_edges_are_named() {
        let b = Binning::Edges(vec![0.0, 1.0, 1.0]);
        assert!(matches!(
            b.edges(&[0.5], &[0.5]),
            Err(Error::InvalidEdges { index: 2, .. })
        ));
        let b = Binning::Edges(vec![0.0]);
        assert!(b.edges(&[0.5], &[0.5]).is_err());
    }
}
