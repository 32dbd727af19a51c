//! Bernoulli and binomial pairs.

use statrs::distribution::{Bernoulli, Binomial};

use crate::discrete::{entropy, kl};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::{Error, Result};
use crate::quadrature::{entropy_series, kl_series};

/// Bernoulli ‖ Bernoulli, closed form (the two-point [`crate::kl`]).
///
/// # Formula
/// ```text
/// KL(Ber(p)‖Ber(q)) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q))
/// ```
/// `+∞` when `q ∈ {0, 1}` and `p ≠ q`.
///
/// # Errors
/// Never.
///
/// # Reference
/// Cover & Thomas (2nd ed.), Example 2.3.1.
impl KlDivergence for Bernoulli {
    fn kl_divergence(&self, q: &Bernoulli) -> Result<f64> {
        let (a, b) = (self.p(), q.p());
        kl(&[1.0 - a, a], &[1.0 - b, b])
    }
}

/// Gradient order `[p]`.
///
/// # Formula
/// ```text
/// ∂/∂p = ln(p/q) − ln((1 − p)/(1 − q))      ∂/∂q = −p/q + (1 − p)/(1 − q)
/// ```
impl KlGradient for Bernoulli {
    type Gradient = PairGradient<1, 1>;
    fn kl_gradient(&self, q: &Bernoulli) -> Result<PairGradient<1, 1>> {
        let (a, b) = (self.p(), q.p());
        Ok(PairGradient {
            p: [(a / b).ln() - ((1.0 - a) / (1.0 - b)).ln()],
            q: [-a / b + (1.0 - a) / (1.0 - b)],
        })
    }
}

/// # Formula
/// ```text
/// H(Ber(p)) = −p ln p − (1 − p) ln(1 − p)
/// ```
impl Entropy for Bernoulli {
    fn entropy_nats(&self) -> Result<f64> {
        let p = self.p();
        entropy(&[1.0 - p, p])
    }
}

/// Binomial ‖ Binomial. Same `n`: closed form `n·KL(Ber(p₁)‖Ber(p₂))`.
/// Different `n`: `+∞` if `P` has mass above `n₂` (`n₁ > n₂`, `p₁ > 0`),
/// otherwise the exact finite sum over `k = 0…n₁`.
///
/// # Formula
/// ```text
/// n₁ = n₂ = n:  KL = n [p₁ ln(p₁/p₂) + (1 − p₁) ln((1 − p₁)/(1 − p₂))]
/// otherwise:    KL = Σ_{k=0}^{n₁} P(k) (ln P(k) − ln Q(k))
/// ```
///
/// # Errors
/// Never in practice (the finite sum cannot fail to converge).
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Binomial;
/// let (p, q) = (Binomial::new(0.3, 10)?, Binomial::new(0.5, 10)?);
/// let per_trial = 0.3 * (0.6f64).ln() + 0.7 * (1.4f64).ln();
/// assert!((p.kl_divergence(&q)? - 10.0 * per_trial).abs() < 1e-14);
/// assert_eq!(Binomial::new(0.5, 11)?.kl_divergence(&q)?, f64::INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Kullback, *Information Theory and Statistics* (1959), ch. 2, Thm 3.1
/// (additivity over independent trials); Cover & Thomas (2nd ed.), eq. (2.26).
impl KlDivergence for Binomial {
    fn kl_divergence(&self, q: &Binomial) -> Result<f64> {
        let (a, b) = (self.p(), q.p());
        if self.n() == q.n() {
            return Ok(self.n() as f64 * kl(&[1.0 - a, a], &[1.0 - b, b])?);
        }
        if a == 0.0 {
            // P is the point mass at 0.
            return Ok(-(q.n() as f64) * (-b).ln_1p());
        }
        Ok(kl_series(self, q)?.value)
    }
}

/// Gradient order `[p]` (the success probability; `n` is discrete), for
/// two binomials with the same number of trials: `n` times the Bernoulli
/// gradient.
///
/// # Formula
/// ```text
/// ∂/∂p₁ = n [ln(p₁/p₂) − ln((1 − p₁)/(1 − p₂))]
/// ∂/∂p₂ = n [−p₁/p₂ + (1 − p₁)/(1 − p₂)]
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] (naming `Q`'s `n`) when the numbers of
/// trials differ: that divergence is an exact finite sum or `+∞`, not this
/// closed form.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::Binomial;
/// let g = Binomial::new(0.3, 10)?.kl_gradient(&Binomial::new(0.5, 10)?)?;
/// assert!((g.q[0] - 10.0 * (-0.6 + 1.4)).abs() < 1e-13);
/// assert!(Binomial::new(0.3, 10)?.kl_gradient(&Binomial::new(0.5, 11)?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Kullback (1959), ch. 2, Thm 3.1 applied to
/// Cover & Thomas (2nd ed.), Example 2.3.1.
impl KlGradient for Binomial {
    type Gradient = PairGradient<1, 1>;
    fn kl_gradient(&self, q: &Binomial) -> Result<PairGradient<1, 1>> {
        if self.n() != q.n() {
            return Err(Error::InvalidParameter {
                name: "n",
                value: q.n() as f64,
                reason: "the closed-form gradient needs the same number of trials in P and Q",
            });
        }
        let (a, b, n) = (self.p(), q.p(), self.n() as f64);
        Ok(PairGradient {
            p: [n * ((a / b).ln() - ((1.0 - a) / (1.0 - b)).ln())],
            q: [n * (-a / b + (1.0 - a) / (1.0 - b))],
        })
    }
}

/// Exact finite sum over `k = 0…n`.
///
/// # Formula
/// ```text
/// H(Bin(n, p)) = −Σ_{k=0}^{n} P(k) ln P(k)
/// ```
impl Entropy for Binomial {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(entropy_series(self)?.value)
    }
}
