//! Histogram bins for a density estimate: the Freedman–Diaconis rule,
//! Sturges's rule where the interquartile range is zero.

/// Most bins a histogram gets, whatever the rule says: a few outliers far
/// from a tight core would otherwise give thousands of one-pixel spikes.
pub(crate) const MAX_BINS: usize = 200;

/// Equal-width histogram bins over sorted samples: `edges` (one more than
/// the bins, from the smallest sample to at least the largest) and the
/// density of each bin, `countᵢ / (n · width)`, so that the bars' total
/// area is 1.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bins {
    pub(crate) edges: Vec<f64>,
    pub(crate) densities: Vec<f64>,
}

/// The sample quantile of sorted `xs` by linear interpolation between
/// order statistics (Hyndman & Fan's type 7, R's default).
///
/// # Formula
/// ```text
/// h = (n − 1)·p,  Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)   (0-based)
/// ```
///
/// # Panics
/// Never; `xs` must be non-empty (the callers check).
pub(crate) fn sample_quantile(xs: &[f64], p: f64) -> f64 {
    let h = (xs.len() - 1) as f64 * p;
    let i = h.floor() as usize;
    let j = (i + 1).min(xs.len() - 1);
    xs[i] + (h - i as f64) * (xs[j] - xs[i])
}

/// Freedman–Diaconis bins for the sorted, finite, non-empty samples `xs`.
///
/// # Formula
/// ```text
/// width = 2 · IQR · n^(−1/3)                  (Freedman–Diaconis)
/// width = (max − min) / (⌈log₂ n⌉ + 1)        (Sturges, when IQR = 0)
/// bins  = min(⌈(max − min)/width⌉, MAX_BINS), at least 1
/// ```
/// `IQR = Q(0.75) − Q(0.25)` with [`sample_quantile`]. When every sample is
/// equal, one bin of width 1 is centred on the value. A sample on an inner
/// edge counts in the bin to its right; the largest sample in the last.
///
/// # Panics
/// Never; `xs` must be non-empty and sorted (the callers check).
///
/// # Reference
/// Freedman & Diaconis, *Z. Wahrscheinlichkeitstheorie verw. Gebiete* 57
/// (1981) 453–476; Sturges, *J. Am. Stat. Assoc.* 21 (1926) 65–66; R's
/// `grDevices::nclass.FD`.
pub(crate) fn freedman_diaconis(xs: &[f64]) -> Bins {
    let n = xs.len();
    let (min, max) = (xs[0], xs[n - 1]);
    let span = max - min;
    if span <= 0.0 {
        return Bins {
            edges: vec![min - 0.5, min + 0.5],
            densities: vec![1.0],
        };
    }
    let iqr = sample_quantile(xs, 0.75) - sample_quantile(xs, 0.25);
    let width = if iqr > 0.0 {
        2.0 * iqr * (n as f64).powf(-1.0 / 3.0)
    } else {
        span / ((n as f64).log2().ceil() + 1.0)
    };
    let bins = ((span / width).ceil() as usize).clamp(1, MAX_BINS);
    let width = if bins == MAX_BINS {
        span / bins as f64
    } else {
        width
    };
    let edges: Vec<f64> = (0..=bins).map(|i| min + i as f64 * width).collect();
    let mut counts = vec![0usize; bins];
    for &x in xs {
        let i = (((x - min) / width).floor() as usize).min(bins - 1);
        counts[i] += 1;
    }
    let densities = counts
        .iter()
        .map(|&c| c as f64 / (n as f64 * width))
        .collect();
    Bins { edges, densities }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_is_r_type_7() {
        // R: quantile(c(1, 2, 4, 8), c(0.25, 0.75)) = 1.75, 5.
        let xs = [1.0, 2.0, 4.0, 8.0];
        assert!((sample_quantile(&xs, 0.25) - 1.75).abs() < 1e-15);
        assert!((sample_quantile(&xs, 0.75) - 5.0).abs() < 1e-15);
        assert!((sample_quantile(&xs, 1.0) - 8.0).abs() < 1e-15);
    }

    #[test]
    fn freedman_diaconis_width_and_unit_area() {
        let xs: Vec<f64> = (0..1000).map(|i| f64::from(i) / 999.0).collect();
        let b = freedman_diaconis(&xs);
        // IQR = 0.5, n^(−1/3) = 0.1: width 0.1, 10 bins.
        assert_eq!(b.densities.len(), 10);
        assert!((b.edges[1] - b.edges[0] - 0.1).abs() < 1e-12);
        let area: f64 = b.densities.iter().map(|d| d * 0.1).sum();
        assert!((area - 1.0).abs() < 1e-12);
    }

    #[test]
    fn sturges_when_iqr_is_zero() {
        // 14 equal values and two outliers: IQR = 0, n = 16, 5 bins.
        let mut xs = vec![5.0; 14];
        xs.insert(0, 0.0);
        xs.push(10.0);
        let b = freedman_diaconis(&xs);
        assert_eq!(b.densities.len(), 5);
        assert!((b.edges[5] - 10.0).abs() < 1e-12);
    }

    #[test]
    fn constant_and_outlier_samples_stay_bounded() {
        let b = freedman_diaconis(&[3.0, 3.0]);
        assert_eq!(b.edges, vec![2.5, 3.5]);
        let mut xs: Vec<f64> = (0..100).map(|i| f64::from(i) * 1e-6).collect();
        xs.push(1e6);
        assert_eq!(freedman_diaconis(&xs).densities.len(), MAX_BINS);
    }
}
