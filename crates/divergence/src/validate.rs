//! Input conventions: what counts as a probability vector, and how to make one
//! from counts.

use crate::error::{Arg, Error, Result};
use crate::sum::sum_and_min;

/// How far the sum of a probability vector may be from 1.
///
/// A vector `p` is accepted when `|Σ pᵢ − 1| ≤ SUM_TOLERANCE` (the sum itself
/// computed with compensated summation). The value leaves room for the
/// rounding of a vector normalised in floating point (about `n·ε/2`, i.e.
/// `≈ 1e-9` only beyond `n ≈ 10¹⁰` entries) while catching a vector that was
/// never normalised or was printed with a handful of digits. Nothing is ever
/// renormalised silently: use [`normalize`] or [`from_counts`] for data that
/// are not probabilities yet.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// Checks one entry; `NaN` fails both comparisons and lands in `NotFinite`.
#[inline]
fn check_entry(arg: Arg, index: usize, value: f64) -> Result<()> {
    if !value.is_finite() {
        Err(Error::NotFinite { arg, index, value })
    } else if value < 0.0 {
        Err(Error::Negative { arg, index, value })
    } else {
        Ok(())
    }
}

/// Checks entries (finite, non-negative) and returns their compensated sum:
/// one vectorised pass, and a scan for the offending index only on failure.
fn checked_sum(arg: Arg, v: &[f64]) -> Result<f64> {
    if v.is_empty() {
        return Err(Error::Empty { arg });
    }
    let (sum, min) = sum_and_min(v);
    if !(sum.is_finite() && min >= 0.0) {
        for (index, &value) in v.iter().enumerate() {
            check_entry(arg, index, value)?;
        }
    }
    Ok(sum)
}

/// Validates one probability vector.
pub(crate) fn check_distribution(arg: Arg, v: &[f64]) -> Result<()> {
    let sum = checked_sum(arg, v)?;
    if (sum - 1.0).abs() > SUM_TOLERANCE {
        return Err(Error::NotNormalized {
            arg,
            sum,
            tolerance: SUM_TOLERANCE,
        });
    }
    Ok(())
}

/// Lane sums from a fused pass are plain (uncompensated) sums, so they are
/// trusted only when clearly within [`SUM_TOLERANCE`]: within this fraction
/// of it. Anything else goes through [`check_pair`].
const FUSED_SUM_SLACK: f64 = 0.5;

/// Whether what a fused pass learned of `p` and `q` (their lane sums and
/// whether every entry was non-negative) clearly passes validation; when it
/// does not, the caller runs [`check_pair`], which names the offending entry
/// (or passes, for sums merely close to the tolerance).
pub(crate) fn fused_pass_is_clearly_valid(non_negative: bool, sum_p: f64, sum_q: f64) -> bool {
    let fine = |s: f64| (s - 1.0).abs() <= FUSED_SUM_SLACK * SUM_TOLERANCE;
    non_negative && fine(sum_p) && fine(sum_q)
}

/// Validates a pair of probability vectors of equal length.
pub(crate) fn check_pair(p: &[f64], q: &[f64]) -> Result<()> {
    check_distribution(Arg::P, p)?;
    check_distribution(Arg::Q, q)?;
    if p.len() != q.len() {
        return Err(Error::LengthMismatch {
            p: p.len(),
            q: q.len(),
        });
    }
    Ok(())
}

/// Turns non-negative weights (e.g. a histogram's counts) into a probability
/// vector by dividing by their sum.
///
/// # Formula
/// ```text
/// pᵢ = wᵢ / Σⱼ wⱼ     (Σ with compensated summation)
/// ```
///
/// # Errors
/// [`Error::Empty`] for no weights, [`Error::Negative`] / [`Error::NotFinite`]
/// naming the bad index, [`Error::ZeroMass`] when all weights are zero.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let p = divergence::normalize(&[1.0, 3.0])?;
/// assert_eq!(p, vec![0.25, 0.75]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// The explicit counterpart of the silent normalisation in SciPy's
/// `scipy.stats.entropy` (see scipy issue #12553).
pub fn normalize(weights: &[f64]) -> Result<Vec<f64>> {
    let total = checked_sum(Arg::Counts, weights)?;
    if total == 0.0 {
        return Err(Error::ZeroMass { arg: Arg::Counts });
    }
    Ok(weights.iter().map(|w| w / total).collect())
}

/// Turns integer counts (a histogram) into a probability vector.
///
/// # Formula
/// ```text
/// pᵢ = nᵢ / Σⱼ nⱼ
/// ```
///
/// # Errors
/// [`Error::Empty`] for no counts, [`Error::ZeroMass`] when every count is 0.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// // Space worms with 0, 1, …, 10 teeth.
/// let counts = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];
/// let p = divergence::from_counts(&counts)?;
/// assert_eq!(p[5], 0.21);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// The empirical distribution of a sample, e.g. Cover & Thomas, *Elements of
/// Information Theory* (2nd ed.), §11.1.
pub fn from_counts(counts: &[u64]) -> Result<Vec<f64>> {
    if counts.is_empty() {
        return Err(Error::Empty { arg: Arg::Counts });
    }
    // Exact integer total (u128 cannot overflow for any slice in memory).
    let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
    if total == 0 {
        return Err(Error::ZeroMass { arg: Arg::Counts });
    }
    let total = total as f64;
    Ok(counts.iter().map(|&c| c as f64 / total).collect())
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn counts_become_probabilities() {
        let p = from_counts(&[1, 1, 2]).unwrap();
        assert_eq!(p, vec![0.25, 0.25, 0.5]);
        assert_eq!(
            from_counts(&[0, 0]),
            Err(Error::ZeroMass { arg: Arg::Counts })
        );
        assert_eq!(from_counts(&[]), Err(Error::Empty { arg: Arg::Counts }));
    }

    #[test]
    fn normalize_rejects_bad_weights() {
        assert!(matches!(
            normalize(&[1.0, -2.0]),
            Err(Error::Negative { index: 1, .. })
        ));
        assert!(matches!(
            normalize(&[1.0, f64::NAN]),
            Err(Error::NotFinite { index: 1, .. })
        ));
        assert_eq!(
            normalize(&[0.0, 0.0]),
            Err(Error::ZeroMass { arg: Arg::Counts })
        );
    }

    #[test]
    fn tolerance_is_enforced_both_ways() {
        assert!(check_distribution(Arg::P, &[0.5, 0.5 + 0.5e-9]).is_ok());
        assert!(matches!(
            check_distribution(Arg::P, &[0.5, 0.5 + 2e-9]),
            Err(Error::NotNormalized { arg: Arg::P, .. })
        ));
        assert!(matches!(
            check_distribution(Arg::Q, &[0.333333, 0.333333, 0.333333]),
            Err(Error::NotNormalized { arg: Arg::Q, .. })
        ));
    }
}
