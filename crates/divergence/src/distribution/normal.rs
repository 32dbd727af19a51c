//! Normal and log-normal pairs.

use statrs::distribution::{LogNormal, Normal};

use crate::distribution::density::normal_parts;
use crate::distribution::special::u_minus_ln1p;
use crate::distribution::{Entropy, KlDivergence, KlGradient, PairGradient};
use crate::error::Result;

/// `KL(N(μ₁,σ₁)‖N(μ₂,σ₂))`, without cancellation when `σ₁ ≈ σ₂` and
/// without underflow or overflow of `σ²` at any ratio: `½[r² − 1 − ln r²]`
/// with `r = σ₁/σ₂`, from the exact difference `u = r² − 1` near `r = 1`
/// and from `ln σ₁ − ln σ₂` elsewhere.
pub(crate) fn kl_normal(m1: f64, s1: f64, m2: f64, s2: f64) -> f64 {
    let u = ((s1 - s2) / s2) * ((s1 + s2) / s2);
    let scale = if u.abs() < 0.5 {
        u_minus_ln1p(u)
    } else {
        // r² − 1 − 2 ln r; r² as (r/√2)²·2 keeps the largest finite values.
        let r = s1 / s2;
        let ln_r = if r.is_finite() && r >= f64::MIN_POSITIVE {
            r.ln()
        } else {
            s1.ln() - s2.ln()
        };
        let h = r * core::f64::consts::FRAC_1_SQRT_2;
        2.0 * h * h - 1.0 - 2.0 * ln_r
    };
    let d = (m1 - m2) / s2;
    (0.5 * scale + 0.5 * d * d).max(0.0)
}

fn gradient_normal(m1: f64, s1: f64, m2: f64, s2: f64) -> PairGradient<2, 2> {
    let d = m1 - m2;
    let v2 = s2 * s2;
    PairGradient {
        p: [d / v2, -1.0 / s1 + s1 / v2],
        q: [-d / v2, 1.0 / s2 - (s1 * s1 + d * d) / (v2 * s2)],
    }
}

fn entropy_normal(s: f64) -> f64 {
    0.5 * (1.0 + (2.0 * core::f64::consts::PI).ln()) + s.ln()
}

/// Normal ‖ Normal, closed form.
///
/// # Formula
/// ```text
/// KL = ln(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½
///    = ½[u − ln(1 + u)] + (μ₁ − μ₂)²/(2σ₂²),   u = (σ₁ − σ₂)(σ₁ + σ₂)/σ₂²
/// ```
/// The second form has no cancellation when `σ₁ ≈ σ₂`.
///
/// # Errors
/// Never (statrs validated the parameters).
///
/// # Example
/// ```
/// use divergence::KlDivergence;
/// use statrs::distribution::Normal;
/// let (p, q) = (Normal::new(0.0, 1.0)?, Normal::new(0.0, 1.0 + 1e-9)?);
/// // 2nd-order expansion: KL ≈ (δσ/σ)² = 1e-18, kept to full relative precision.
/// assert!((p.kl_divergence(&q)? / 1e-18 - 1.0).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// W. D. Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart
/// densities", Wellcome Dept. of Cognitive Neurology, UCL (2001), eq. (2)
/// (univariate case).
impl KlDivergence for Normal {
    fn kl_divergence(&self, q: &Normal) -> Result<f64> {
        let ((m1, s1), (m2, s2)) = (normal_parts(self), normal_parts(q));
        Ok(kl_normal(m1, s1, m2, s2))
    }
}

/// Gradient order `[mean, std_dev]` for both arguments.
///
/// # Formula
/// ```text
/// ∂/∂μ₁ = (μ₁ − μ₂)/σ₂²        ∂/∂σ₁ = −1/σ₁ + σ₁/σ₂²
/// ∂/∂μ₂ = −(μ₁ − μ₂)/σ₂²       ∂/∂σ₂ = 1/σ₂ − (σ₁² + (μ₁ − μ₂)²)/σ₂³
/// ```
///
/// # Reference
/// Differentiation of Penny (2001), eq. (2).
impl KlGradient for Normal {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &Normal) -> Result<PairGradient<2, 2>> {
        let ((m1, s1), (m2, s2)) = (normal_parts(self), normal_parts(q));
        Ok(gradient_normal(m1, s1, m2, s2))
    }
}

/// # Formula
/// ```text
/// H(N(μ, σ)) = ½ ln(2πeσ²)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), eq. (8.9).
impl Entropy for Normal {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(entropy_normal(normal_parts(self).1))
    }
}

/// LogNormal ‖ LogNormal: KL is invariant under the bijection `x ↦ ln x`,
/// so it equals the Normal formula on `(location, scale)`.
///
/// # Formula
/// ```text
/// KL(LN(μ₁,σ₁)‖LN(μ₂,σ₂)) = KL(N(μ₁,σ₁)‖N(μ₂,σ₂))
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// M. Gil, F. Alajaji and T. Linder, "Rényi divergence measures for commonly
/// used univariate continuous distributions", *Information Sciences* 249
/// (2013) 124–131, Table 3 (limit α → 1); invariance: Kullback,
/// *Information Theory and Statistics* (1959), ch. 2, Thm 4.1.
impl KlDivergence for LogNormal {
    fn kl_divergence(&self, q: &LogNormal) -> Result<f64> {
        Ok(kl_normal(
            self.location(),
            self.scale(),
            q.location(),
            q.scale(),
        ))
    }
}

/// Gradient order `[location, scale]`, as for [`Normal`].
impl KlGradient for LogNormal {
    type Gradient = PairGradient<2, 2>;
    fn kl_gradient(&self, q: &LogNormal) -> Result<PairGradient<2, 2>> {
        Ok(gradient_normal(
            self.location(),
            self.scale(),
            q.location(),
            q.scale(),
        ))
    }
}

/// # Formula
/// ```text
/// H(LN(μ, σ)) = μ + ½ ln(2πeσ²)
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Table 17.1.
impl Entropy for LogNormal {
    fn entropy_nats(&self) -> Result<f64> {
        Ok(self.location() + entropy_normal(self.scale()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_normals_have_zero_divergence() {
        let n = Normal::new(3.0, 0.01).unwrap();
        approx::assert_abs_diff_eq!(n.kl_divergence(&n).unwrap(), 0.0);
    }
}
