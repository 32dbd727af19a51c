//! Dirichlet pairs.

use nalgebra::Dyn;
use statrs::distribution::Dirichlet;
use statrs::function::gamma::{digamma, ln_gamma};

use crate::distribution::special::trigamma;
use crate::distribution::{Entropy, KlDivergence, KlGradient, VectorGradient};
use crate::error::{Error, Result};
use crate::sum::{sum_iter, Neumaier};

/// Dirichlet ‖ Dirichlet, closed form (concentrations `α` and `β`, both
/// with `K` entries).
///
/// # Formula
/// ```text
/// KL = ln Γ(α₀) − Σ ln Γ(αₖ) − ln Γ(β₀) + Σ ln Γ(βₖ)
///      + Σ (αₖ − βₖ)(ψ(αₖ) − ψ(α₀)),        α₀ = Σ αₖ,  β₀ = Σ βₖ
/// ```
/// For `K = 2` this is the Beta ‖ Beta formula.
///
/// # Errors
/// [`Error::DimensionMismatch`] when the two have different numbers of
/// categories (they are distributions on different simplices).
///
/// # Example
/// ```
/// use divergence::{Error, KlDivergence};
/// use statrs::distribution::Dirichlet;
/// let p = Dirichlet::new(vec![1.0, 1.0, 1.0])?;
/// let q = Dirichlet::new(vec![2.0, 1.0, 1.0])?;
/// // ln Γ(3) − ln Γ(4) + ln Γ(2) + (1 − 2)(ψ(1) − ψ(3)) = 3/2 − ln 3
/// assert!((p.kl_divergence(&q)? - (1.5 - 3f64.ln())).abs() < 1e-14);
/// let r = Dirichlet::new(vec![1.0, 1.0])?;
/// assert!(matches!(p.kl_divergence(&r), Err(Error::DimensionMismatch { p: 3, q: 2 })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// W. D. Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart
/// densities", Wellcome Dept. of Cognitive Neurology, UCL (2001), section
/// "Dirichlet densities".
impl KlDivergence for Dirichlet<Dyn> {
    fn kl_divergence(&self, q: &Dirichlet<Dyn>) -> Result<f64> {
        let (a, b) = same_dimension(self, q)?;
        let (a0, b0) = (sum_iter(a.iter().copied()), sum_iter(b.iter().copied()));
        let psi0 = digamma(a0);
        let mut v = Neumaier::default();
        v.add(ln_gamma(a0));
        v.add(-ln_gamma(b0));
        for (&ak, &bk) in a.iter().zip(b.iter()) {
            v.add(ln_gamma(bk) - ln_gamma(ak));
            v.add((ak - bk) * (digamma(ak) - psi0));
        }
        Ok(v.total().max(0.0))
    }
}

fn same_dimension<'a>(
    p: &'a Dirichlet<Dyn>,
    q: &'a Dirichlet<Dyn>,
) -> Result<(&'a nalgebra::DVector<f64>, &'a nalgebra::DVector<f64>)> {
    let (a, b) = (p.alpha(), q.alpha());
    if a.len() != b.len() {
        return Err(Error::DimensionMismatch {
            p: a.len(),
            q: b.len(),
        });
    }
    Ok((a, b))
}

/// Gradient with respect to the concentrations `α` (of `P`) and `β` (of
/// `Q`), one entry per category, in order.
///
/// # Formula
/// ```text
/// ∂KL/∂αₖ = (αₖ − βₖ) ψ₁(αₖ) − (α₀ − β₀) ψ₁(α₀)
/// ∂KL/∂βₖ = ψ(βₖ) − ψ(β₀) − ψ(αₖ) + ψ(α₀)
/// ```
/// (`ψ` digamma, `ψ₁` trigamma.) For `K = 2` these are the Beta ‖ Beta
/// derivatives.
///
/// # Errors
/// [`Error::DimensionMismatch`] when the two have different numbers of
/// categories.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::Dirichlet;
/// let p = Dirichlet::new(vec![1.0, 1.0, 1.0])?;
/// let q = Dirichlet::new(vec![2.0, 1.0, 1.0])?;
/// let g = p.kl_gradient(&q)?;
/// // ∂KL/∂β₁ = ψ(2) − ψ(4) − ψ(1) + ψ(3) = (ψ(2) − ψ(1)) − (ψ(4) − ψ(3)) = 1 − 1/3
/// assert!((g.q[0] - 2.0 / 3.0).abs() < 1e-14);
/// // At P = Q the divergence is stationary.
/// assert!(p.kl_gradient(&p)?.p.iter().all(|d| d.abs() < 1e-15));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Penny (2001), section "Dirichlet densities";
/// trigamma: Abramowitz & Stegun, eq. 6.4.12.
impl KlGradient for Dirichlet<Dyn> {
    type Gradient = VectorGradient;
    fn kl_gradient(&self, q: &Dirichlet<Dyn>) -> Result<VectorGradient> {
        let (a, b) = same_dimension(self, q)?;
        let (a0, b0) = (sum_iter(a.iter().copied()), sum_iter(b.iter().copied()));
        let d0 = sum_iter(a.iter().zip(b.iter()).map(|(&ak, &bk)| ak - bk));
        let (common_p, psi_a0, psi_b0) = (d0 * trigamma(a0), digamma(a0), digamma(b0));
        Ok(VectorGradient {
            p: a.iter()
                .zip(b.iter())
                .map(|(&ak, &bk)| (ak - bk) * trigamma(ak) - common_p)
                .collect(),
            q: a.iter()
                .zip(b.iter())
                .map(|(&ak, &bk)| (digamma(bk) - psi_b0) - (digamma(ak) - psi_a0))
                .collect(),
        })
    }
}

/// # Formula
/// ```text
/// H = Σ ln Γ(αₖ) − ln Γ(α₀) + (α₀ − K) ψ(α₀) − Σ (αₖ − 1) ψ(αₖ)
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// S. Kotz, N. Balakrishnan and N. L. Johnson, *Continuous Multivariate
/// Distributions*, Vol. 1 (2nd ed., Wiley 2000), ch. 49.
impl Entropy for Dirichlet<Dyn> {
    fn entropy_nats(&self) -> Result<f64> {
        let a = self.alpha();
        let a0 = sum_iter(a.iter().copied());
        let mut v = Neumaier::default();
        v.add(-ln_gamma(a0));
        v.add((a0 - a.len() as f64) * digamma(a0));
        for &ak in a.iter() {
            v.add(ln_gamma(ak));
            v.add(-(ak - 1.0) * digamma(ak));
        }
        Ok(v.total())
    }
}
