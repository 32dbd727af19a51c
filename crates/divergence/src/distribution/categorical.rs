//! Categorical pairs.

use statrs::distribution::{Categorical, Discrete};
use statrs::statistics::Max;

use crate::discrete::{entropy, kl};
use crate::distribution::{Entropy, KlDivergence};
use crate::error::Result;

/// The probabilities `P(0), …, P(K − 1)` of a categorical distribution.
fn masses(d: &Categorical, len: u64) -> Vec<f64> {
    (0..len).map(|k| d.pmf(k)).collect()
}

/// Categorical ‖ Categorical: the discrete [`crate::kl`] of the two
/// probability vectors, with its accuracy guarantees.
///
/// statrs's `Categorical` is a distribution on `{0, 1, …}` that is zero
/// beyond its last category, so categorical distributions with different
/// numbers of categories are compared on the union of their supports: the
/// shorter vector is padded with zeros. The result is `+∞` exactly when `P`
/// gives positive probability to a category to which `Q` gives none (in
/// particular when `P` has more categories than `Q` and uses them).
///
/// # Formula
/// ```text
/// KL = Σ_{k=0}^{K−1} P(k) ln(P(k)/Q(k)),   K = max(K_P, K_Q),
/// 0 ln(0/q) = 0,   p ln(p/0) = +∞ for p > 0
/// ```
///
/// # Errors
/// Never: statrs validated and normalised the probabilities (note that
/// `Categorical::new` normalises its input silently; build the vector with
/// [`crate::normalize`] or [`crate::from_counts`] first to keep control).
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Categorical;
/// let p = Categorical::new(&[0.5, 0.25, 0.25])?;
/// let q = Categorical::new(&[0.25, 0.25, 0.5])?;
/// let exact = 0.5 * 2f64.ln() + 0.25 * 0.5f64.ln();
/// assert!((p.kl_divergence(&q)? - exact).abs() < 1e-16);
/// let two = Categorical::new(&[0.5, 0.5])?;
/// assert_eq!(p.kl_divergence(&two)?, f64::INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas, *Elements of Information Theory* (2nd ed.), eq. (2.26).
impl KlDivergence for Categorical {
    fn kl_divergence(&self, q: &Categorical) -> Result<f64> {
        let len = self.max().max(q.max()) + 1;
        kl(&masses(self, len), &masses(q, len))
    }
}

/// Shannon entropy of the probability vector ([`crate::entropy`]).
///
/// # Formula
/// ```text
/// H = −Σ_k P(k) ln P(k)
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// Cover & Thomas (2nd ed.), eq. (2.1).
impl Entropy for Categorical {
    fn entropy_nats(&self) -> Result<f64> {
        entropy(&masses(self, self.max() + 1))
    }
}
