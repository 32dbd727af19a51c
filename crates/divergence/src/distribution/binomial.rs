//! Bernoulli and binomial pairs.

use statrs::distribution::{Bernoulli, Binomial};

use crate::discrete::entropy;
use crate::distribution::special::{complement_ratio_minus_1_minus_ln, ratio_minus_1_minus_ln};
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::{Error, Result};
use crate::quadrature::{entropy_series, kl_series};

/// `KL(Ber(a)‖Ber(b))` as a sum of two non-negative terms, `p·f(q/p)` per
/// outcome with `f(r) = r − 1 − ln r`: no cancellation when `a ≈ b`, and no
/// loss of a tiny `a` or `b` in `1 − a` (the second ratio is formed from the
/// exact difference `(a − b)/(1 − a)` and `ln(1 − x)` as `ln_1p(−x)`).
fn kl_bernoulli(a: f64, b: f64) -> f64 {
    if (b <= 0.0 && a > 0.0) || (b >= 1.0 && a < 1.0) {
        return f64::INFINITY;
    }
    let one = if a > 0.0 {
        a * ratio_minus_1_minus_ln(b, a)
    } else {
        0.0
    };
    let zero = if a < 1.0 {
        (1.0 - a) * complement_ratio_minus_1_minus_ln(a, b)
    } else {
        0.0
    };
    one + zero
}

/// Bernoulli ‖ Bernoulli, closed form.
///
/// # Formula
/// ```text
/// KL(Ber(p)‖Ber(q)) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q))
///                   = p f(q/p) + (1 − p) f((1 − q)/(1 − p)),   f(r) = r − 1 − ln r ≥ 0
/// ```
/// The second form has no cancellation (both terms are non-negative) and
/// keeps a tiny `p` or `q`. `+∞` when `q ∈ {0, 1}` and `p ≠ q`.
///
/// # Errors
/// Never.
///
/// # Reference
/// Cover & Thomas (2nd ed.), Example 2.3.1.
impl KlDivergence for Bernoulli {
    fn kl_divergence(&self, q: &Bernoulli) -> Result<f64> {
        Ok(kl_bernoulli(self.p(), q.p()))
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
            return Ok(self.n() as f64 * kl_bernoulli(a, b));
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
