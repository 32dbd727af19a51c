//! The traits through which named distributions expose closed forms.

use crate::error::Result;

/// Kullback–Leibler divergence `KL(self‖q)` in nats between two named
/// distributions, in closed form (or an exact finite sum). `self` is the
/// reference ("data"), `q` the approximation ("model").
///
/// Support mismatch (`self` puts mass where `q` has none) gives `+∞`, a
/// value, not an error. See the crate docs for the table of implemented
/// pairs.
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::{Normal, Uniform};
/// let (p, q) = (Normal::new(0.0, 1.0)?, Normal::new(1.0, 2.0)?);
/// let exact = 2f64.ln() + (1.0 + 1.0) / 8.0 - 0.5;
/// assert!((p.kl_divergence(&q)? - exact).abs() < 1e-15);
/// let (u2, u1) = (Uniform::new(0.0, 2.0)?, Uniform::new(0.0, 1.0)?);
/// assert_eq!(u2.kl_divergence(&u1)?, f64::INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait KlDivergence<Q: ?Sized = Self> {
    /// `KL(self‖q)` in nats.
    ///
    /// # Errors
    /// Only where the pair's docs say so (statrs constructors have already
    /// validated the parameters).
    fn kl_divergence(&self, q: &Q) -> Result<f64>;

    /// Cross-entropy `H(self, q) = H(self) + KL(self‖q)` in nats; `+∞` on
    /// support mismatch.
    ///
    /// # Errors
    /// As [`KlDivergence::kl_divergence`] and [`Entropy::entropy_nats`].
    fn cross_entropy(&self, q: &Q) -> Result<f64>
    where
        Self: Entropy,
    {
        let kl = self.kl_divergence(q)?;
        if kl == f64::INFINITY {
            return Ok(kl);
        }
        Ok(self.entropy_nats()? + kl)
    }
}

/// Entropy in nats of a named distribution (differential entropy for
/// continuous ones, Shannon entropy for discrete ones).
///
/// Named `entropy_nats` so that it does not clash with statrs's
/// `Distribution::entropy` (which returns `Option<f64>` in nats).
///
/// # Example
/// ```
/// use divergence::Entropy;
/// use statrs::distribution::Normal;
/// let h = Normal::new(0.0, 1.0)?.entropy_nats()?;
/// assert!((h - 0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E).ln()).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Entropy {
    /// `H(self)` in nats.
    ///
    /// # Errors
    /// Only where the family's docs say so (series that fail to converge).
    fn entropy_nats(&self) -> Result<f64>;
}

/// Partial derivatives of `KL(p‖q)` with respect to the parameters of `p`
/// (`M` of them) and of `q` (`N` of them), in the order the family's docs
/// give (e.g. `[mean, std_dev]` for a Normal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairGradient<const M: usize, const N: usize> {
    /// `∂KL/∂θ_p`.
    pub p: [f64; M],
    /// `∂KL/∂θ_q`.
    pub q: [f64; N],
}

/// Partial derivatives of `KL(p‖q)` with respect to two parameter vectors
/// whose length is known only at run time: the probabilities of two
/// categorical distributions, the concentrations of two Dirichlets.
/// Entry `i` of `p` is `∂KL/∂θ_p[i]`, in the order the family's docs give.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorGradient {
    /// `∂KL/∂θ_p`, one entry per parameter of `p`.
    pub p: Vec<f64>,
    /// `∂KL/∂θ_q`, one entry per parameter of `q`.
    pub q: Vec<f64>,
}

/// Partial derivatives of `KL(N(μ₁, Σ₁)‖N(μ₂, Σ₂))` with respect to both
/// means (vectors) and both covariances (matrices).
///
/// The covariance derivatives treat the `k²` entries of `Σ` as independent
/// variables (the usual matrix-calculus convention, Petersen & Pedersen,
/// *The Matrix Cookbook*, §2); the matrices are symmetric, so along a
/// symmetric perturbation `Σ + h(Eᵢⱼ + Eⱼᵢ)`, `i ≠ j`, the derivative is
/// `2·cov[(i, j)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MultivariateNormalGradient {
    /// `∂KL/∂μ₁`.
    pub mean_p: nalgebra::DVector<f64>,
    /// `∂KL/∂Σ₁` (`k × k`, symmetric).
    pub cov_p: nalgebra::DMatrix<f64>,
    /// `∂KL/∂μ₂`.
    pub mean_q: nalgebra::DVector<f64>,
    /// `∂KL/∂Σ₂` (`k × k`, symmetric).
    pub cov_q: nalgebra::DMatrix<f64>,
}

/// Gradient of a closed-form `KL(self‖q)` with respect to both
/// distributions' parameters.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::Normal;
/// let g = Normal::new(0.0, 1.0)?.kl_gradient(&Normal::new(1.0, 2.0)?)?;
/// // ∂KL/∂μ₂ = −(μ₁ − μ₂)/σ₂² = 1/4
/// assert!((g.q[0] - 0.25).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait KlGradient<Q: ?Sized = Self>: KlDivergence<Q> {
    /// The gradient type: [`PairGradient`] for fixed parameter counts,
    /// [`VectorGradient`] or [`MultivariateNormalGradient`] otherwise.
    type Gradient;
    /// `(∂KL/∂θ_p, ∂KL/∂θ_q)`.
    ///
    /// # Errors
    /// As [`KlDivergence::kl_divergence`].
    fn kl_gradient(&self, q: &Q) -> Result<Self::Gradient>;
}
