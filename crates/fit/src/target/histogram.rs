//! A histogram on a run of consecutive integers.

use crate::error::Result;

/// Probabilities (and counts, when known) on `start, start+1, …`.
#[derive(Debug, Clone)]
pub(crate) struct Histogram {
    pub(crate) start: i64,
    pub(crate) probs: Vec<f64>,
    pub(crate) ln_probs: Vec<f64>,
    pub(crate) total: Option<u64>,
    pub(crate) entropy: f64,
}

impl Histogram {
    pub(crate) fn from_counts(start: i64, counts: &[u64]) -> Result<Self> {
        let probs = divergence::from_counts(counts)?;
        let total = counts.iter().map(|&c| u128::from(c)).sum::<u128>();
        let mut h = Self::build(start, probs)?;
        h.total = u64::try_from(total).ok();
        Ok(h)
    }

    pub(crate) fn from_probabilities(start: i64, p: &[f64]) -> Result<Self> {
        // Validates: non-negative, finite, normalised.
        divergence::entropy(p)?;
        Self::build(start, p.to_vec())
    }

    fn build(start: i64, probs: Vec<f64>) -> Result<Self> {
        let entropy = divergence::entropy(&probs)?;
        let ln_probs = probs.iter().map(|p| p.ln()).collect();
        Ok(Histogram {
            start,
            probs,
            ln_probs,
            total: None,
            entropy,
        })
    }

    /// The support point of bin `i`.
    #[inline]
    pub(crate) fn x(&self, i: usize) -> f64 {
        (self.start + i as i64) as f64
    }

    pub(crate) fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        self.probs
            .iter()
            .enumerate()
            .filter(|(_, &p)| p > 0.0)
            .map(|(i, &p)| p * f(self.x(i)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn worm_mean_and_entropy() {
        let h = Histogram::from_counts(0, &[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]).unwrap();
        // Issue #4: mean 5.7 teeth, entropy 3.12 bits.
        assert_relative_eq!(h.expect(&|x| x), 5.7, epsilon = 1e-12);
        assert!((divergence::Unit::Bits.from_nats(h.entropy) - 3.12).abs() < 5e-3);
        assert_eq!(h.total, Some(100));
    }

    #[test]
    fn unnormalised_probabilities_are_rejected() {
        assert!(Histogram::from_probabilities(0, &[0.5, 0.4]).is_err());
        assert!(Histogram::from_probabilities(0, &[0.5, f64::NAN]).is_err());
    }
}
