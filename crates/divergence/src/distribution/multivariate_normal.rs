//! Multivariate normal pairs.

use nalgebra::{DMatrix, DVector, Dyn};
use statrs::distribution::MultivariateNormal;

use crate::distribution::special::u_minus_ln1p;
use crate::distribution::{Entropy, KlDivergence, KlGradient, MultivariateNormalGradient};
use crate::error::{Error, Result};
use crate::sum::Neumaier;

/// Multivariate normal ‖ multivariate normal, closed form, evaluated with
/// Cholesky factors and triangular solves (no explicit inverse, no
/// determinant).
///
/// With `Σᵢ = LᵢLᵢᵀ` (statrs's stored Cholesky factors), `M = L₂⁻¹L₁` is
/// lower triangular with diagonal `mᵢᵢ = (L₁)ᵢᵢ/(L₂)ᵢᵢ`, so
/// `tr(Σ₂⁻¹Σ₁) − k − ln(det Σ₁/det Σ₂) = Σᵢ φ(mᵢᵢ² − 1) + Σ_{i>j} mᵢⱼ²`
/// with `φ(u) = u − ln(1 + u) ≥ 0`: a sum of non-negative terms, without the
/// cancellation of the textbook form when `Σ₁ ≈ Σ₂`.
///
/// # Formula
/// ```text
/// KL = ½ [ tr(Σ₂⁻¹Σ₁) + (μ₂ − μ₁)ᵀ Σ₂⁻¹ (μ₂ − μ₁) − k + ln(det Σ₂ / det Σ₁) ]
///    = ½ [ Σᵢ φ(mᵢᵢ² − 1) + Σ_{i>j} mᵢⱼ² + ‖L₂⁻¹(μ₁ − μ₂)‖² ]
/// ```
///
/// # Errors
/// [`Error::DimensionMismatch`] when the two have different dimensions.
///
/// # Example
/// ```
/// use divergence::{Error, KlDivergence};
/// use statrs::distribution::MultivariateNormal;
/// let p = MultivariateNormal::new(vec![0.0, 0.0], vec![1.0, 0.0, 0.0, 1.0])?;
/// let q = MultivariateNormal::new(vec![1.0, 0.0], vec![2.0, 0.0, 0.0, 2.0])?;
/// // ½[tr = 1 + Mahalanobis ½ − 2 + ln 4]
/// assert!((p.kl_divergence(&q)? - 0.5 * (1.5 - 2.0 + 4f64.ln())).abs() < 1e-15);
/// let r = MultivariateNormal::new(vec![0.0], vec![1.0])?;
/// assert!(matches!(p.kl_divergence(&r), Err(Error::DimensionMismatch { p: 2, q: 1 })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// W. D. Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart
/// densities", Wellcome Dept. of Cognitive Neurology, UCL (2001), section
/// "Multivariate Normal densities"; Cholesky evaluation: G. H. Golub and
/// C. F. Van Loan, *Matrix Computations* (4th ed., 2013), §4.2.
impl KlDivergence for MultivariateNormal<Dyn> {
    fn kl_divergence(&self, q: &MultivariateNormal<Dyn>) -> Result<f64> {
        let (k, kq) = (self.mu().len(), q.mu().len());
        if k != kq {
            return Err(Error::DimensionMismatch { p: k, q: kq });
        }
        let (l1, l2) = (self.clone_cov_chol_decomp(), q.clone_cov_chol_decomp());
        let mut sum = Neumaier::default();
        // M = L₂⁻¹ L₁ and z = L₂⁻¹ (μ₁ − μ₂) by forward substitution.
        let m = solve_lower(&l2, l1);
        let z = solve_lower(
            &l2,
            DMatrix::from_column_slice(k, 1, (self.mu() - q.mu()).as_slice()),
        );
        for j in 0..k {
            for i in j..k {
                let v = m[(i, j)];
                if i == j {
                    sum.add(u_minus_ln1p((v - 1.0) * (v + 1.0)));
                } else {
                    sum.add(v * v);
                }
            }
            sum.add(z[j] * z[j]);
        }
        Ok((0.5 * sum.total()).max(0.0))
    }
}

/// Gradient with respect to both means and both covariance matrices,
/// evaluated from the Cholesky factors `Σᵢ = LᵢLᵢᵀ` by triangular solves:
/// `Σ⁻¹ = (L⁻¹)ᵀL⁻¹`, `Σ₂⁻¹Σ₁Σ₂⁻¹ = (L₂⁻ᵀM)(L₂⁻ᵀM)ᵀ` with `M = L₂⁻¹L₁`,
/// and `Σ₂⁻¹(μ₂ − μ₁) = L₂⁻ᵀ L₂⁻¹(μ₂ − μ₁)`, where `Lᵢ⁻¹` comes from a
/// forward substitution against the identity (no LU, no determinant).
/// See [`MultivariateNormalGradient`] for the matrix convention.
///
/// # Formula
/// ```text
/// ∂KL/∂μ₁ = Σ₂⁻¹(μ₁ − μ₂)             ∂KL/∂Σ₁ = ½ (Σ₂⁻¹ − Σ₁⁻¹)
/// ∂KL/∂μ₂ = Σ₂⁻¹(μ₂ − μ₁)             ∂KL/∂Σ₂ = ½ (Σ₂⁻¹ − Σ₂⁻¹(Σ₁ + δδᵀ)Σ₂⁻¹),  δ = μ₁ − μ₂
/// ```
///
/// # Errors
/// [`Error::DimensionMismatch`] when the two have different dimensions.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::KlGradient;
/// use statrs::distribution::MultivariateNormal;
/// let p = MultivariateNormal::new(vec![0.0, 0.0], vec![1.0, 0.0, 0.0, 1.0])?;
/// let q = MultivariateNormal::new(vec![1.0, 0.0], vec![2.0, 0.0, 0.0, 2.0])?;
/// let g = p.kl_gradient(&q)?;
/// // ∂KL/∂μ₂ = Σ₂⁻¹(μ₂ − μ₁) = (1/2, 0)
/// assert!((g.mean_q[0] - 0.5).abs() < 1e-15 && g.mean_q[1].abs() < 1e-15);
/// // ∂KL/∂Σ₁ = ½(Σ₂⁻¹ − Σ₁⁻¹) = −¼ I
/// assert!((g.cov_p[(0, 0)] + 0.25).abs() < 1e-15 && g.cov_p[(0, 1)].abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// K. B. Petersen and M. S. Pedersen, *The Matrix Cookbook* (2012),
/// eqs. (57), (61) and (86) applied to Penny (2001), section "Multivariate
/// Normal densities".
impl KlGradient for MultivariateNormal<Dyn> {
    type Gradient = MultivariateNormalGradient;
    fn kl_gradient(&self, q: &MultivariateNormal<Dyn>) -> Result<MultivariateNormalGradient> {
        let (k, kq) = (self.mu().len(), q.mu().len());
        if k != kq {
            return Err(Error::DimensionMismatch { p: k, q: kq });
        }
        let (l1, l2) = (self.clone_cov_chol_decomp(), q.clone_cov_chol_decomp());
        let identity = DMatrix::<f64>::identity(k, k);
        // Inverse factors: Σᵢ⁻¹ = AᵢᵀAᵢ with Aᵢ = Lᵢ⁻¹.
        let a1 = solve_lower(&l1, identity.clone());
        let a2 = solve_lower(&l2, identity);
        let prec1 = a1.transpose() * &a1;
        let prec2 = a2.transpose() * &a2;
        // w = Σ₂⁻¹(μ₁ − μ₂) = A₂ᵀ(A₂(μ₁ − μ₂)).
        let delta = DVector::from_column_slice((self.mu() - q.mu()).as_slice());
        let w = a2.transpose() * (&a2 * &delta);
        // Σ₂⁻¹Σ₁Σ₂⁻¹ = BBᵀ with B = A₂ᵀ(A₂L₁).
        let b = a2.transpose() * (&a2 * &l1);
        let sandwich = &b * b.transpose() + &w * w.transpose();
        let cov_q = 0.5 * (&prec2 - sandwich);
        let cov_p = 0.5 * (&prec2 - prec1);
        Ok(MultivariateNormalGradient {
            mean_q: -&w,
            mean_p: w,
            cov_p: symmetrise(cov_p),
            cov_q: symmetrise(cov_q),
        })
    }
}

/// `(X + Xᵀ)/2`: removes the rounding asymmetry of products like `AᵀA`.
fn symmetrise(x: DMatrix<f64>) -> DMatrix<f64> {
    0.5 * (&x + x.transpose())
}

/// `L⁻¹B` for lower-triangular `L` with a positive diagonal (a Cholesky
/// factor, so the solve cannot fail).
fn solve_lower(l: &DMatrix<f64>, mut b: DMatrix<f64>) -> DMatrix<f64> {
    let ok = l.solve_lower_triangular_mut(&mut b);
    debug_assert!(ok, "a Cholesky factor has a non-zero diagonal");
    b
}

/// # Formula
/// ```text
/// H = ½ ln det(2πeΣ) = k/2 · (1 + ln 2π) + Σᵢ ln Lᵢᵢ
/// ```
///
/// # Errors
/// Never.
///
/// # Reference
/// Cover & Thomas (2nd ed.), Theorem 8.4.1.
impl Entropy for MultivariateNormal<Dyn> {
    fn entropy_nats(&self) -> Result<f64> {
        let l = self.clone_cov_chol_decomp();
        let k = l.nrows();
        let mut h = Neumaier::default();
        h.add(0.5 * k as f64 * (1.0 + (2.0 * core::f64::consts::PI).ln()));
        for i in 0..k {
            h.add(l[(i, i)].ln());
        }
        Ok(h.total())
    }
}
