//! Sample quantiles for the data-driven starts of the location–scale
//! families (median, quartiles, median absolute deviation).

/// The samples sorted ascending (NaN-free by construction of a target).
pub(crate) fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// The `p`-quantile of ascending `sorted` by linear interpolation between
/// order statistics (Hyndman & Fan's type 7, R's default); `NaN` when
/// `sorted` is empty.
///
/// # Formula
/// ```text
/// h = (n − 1) p,   Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)   (0-based)
/// ```
///
/// # Reference
/// Hyndman & Fan, "Sample quantiles in statistical packages", *The
/// American Statistician* 50 (1996) 361–365, definition 7.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let h = last as f64 * p;
    let i = (h.floor() as usize).min(last);
    let j = (i + 1).min(last);
    sorted[i] + (h - i as f64) * (sorted[j] - sorted[i])
}

/// The median of ascending `sorted` (the mean of the two middle values for
/// an even count).
pub(crate) fn median(sorted: &[f64]) -> f64 {
    quantile(sorted, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R 4.x: `quantile(c(1, 2, 4, 8), c(0.25, 0.5, 0.75))` = 1.75, 3, 5.
    #[test]
    fn type_7_quantiles() {
        let x = [1.0, 2.0, 4.0, 8.0];
        assert!((quantile(&x, 0.25) - 1.75).abs() < 1e-15);
        assert!((median(&x) - 3.0).abs() < 1e-15);
        assert!((quantile(&x, 0.75) - 5.0).abs() < 1e-15);
        assert!(median(&[]).is_nan());
        assert_eq!(sorted(&[3.0, -1.0, 2.0]), vec![-1.0, 2.0, 3.0]);
    }
}
