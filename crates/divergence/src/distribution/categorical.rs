//! Categorical pairs.

use statrs::distribution::{Categorical, Discrete};
use statrs::statistics::Max;

use crate::discrete::{entropy, kl};
use crate::distribution::{Entropy, KlDivergence, KlGradient, VectorGradient};
use crate::error::Result;
use crate::gradient::{kl_wrt_p, kl_wrt_q};

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

/// Gradient with respect to each probability `P(k)` and `Q(k)`, on the
/// same padded support as [`KlDivergence`] (both vectors have
/// `K = max(K_P, K_Q)` entries); computed by [`crate::gradient::kl_wrt_p`]
/// and [`crate::gradient::kl_wrt_q`].
///
/// The probabilities are treated as independent variables (no simplex
/// constraint); the derivative along a direction that keeps the sum at 1,
/// `eᵢ − eⱼ`, is `g[i] − g[j]`, and the softmax chain rule is
/// [`crate::gradient::kl_wrt_q_logits`].
///
/// # Formula
/// ```text
/// ∂KL/∂P(k) = ln(P(k)/Q(k)) + 1      Q(k) = 0: +∞;  P(k) = 0 < Q(k): −∞
/// ∂KL/∂Q(k) = −P(k)/Q(k)             P(k) = 0: 0;   Q(k) = 0 < P(k): −∞
/// ```
///
/// # Errors
/// Never (statrs validated and normalised the probabilities).
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::Categorical;
/// let p = Categorical::new(&[0.5, 0.5])?;
/// let q = Categorical::new(&[0.25, 0.75])?;
/// let g = p.kl_gradient(&q)?;
/// assert!((g.p[0] - (2f64.ln() + 1.0)).abs() < 1e-15);
/// assert!((g.q[1] + 2.0 / 3.0).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), eq. (2.26).
impl KlGradient for Categorical {
    type Gradient = VectorGradient;
    fn kl_gradient(&self, q: &Categorical) -> Result<VectorGradient> {
        let len = self.max().max(q.max()) + 1;
        let (pm, qm) = (masses(self, len), masses(q, len));
        Ok(VectorGradient {
            p: kl_wrt_p(&pm, &qm)?,
            q: kl_wrt_q(&pm, &qm)?,
        })
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
