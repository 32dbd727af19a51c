//! Divergences that are not measured in nats: Hellinger, total variation, χ².

use crate::error::Result;
use crate::sum::{non_negative, Neumaier};
use crate::validate::check_pair;

/// Hellinger distance `H(p, q) ∈ [0, 1]` (dimensionless).
///
/// # Formula
/// ```text
/// H(p, q) = √( ½ Σᵢ (√pᵢ − √qᵢ)² ),   √p − √q evaluated as (p − q)/(√p + √q)
/// ```
///
/// # Errors
/// As [`crate::kl`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// assert_eq!(divergence::hellinger(&[1.0, 0.0], &[0.0, 1.0])?, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// E. Hellinger, *J. Reine Angew. Math.* 136 (1909) 210–271; A. B. Tsybakov,
/// *Introduction to Nonparametric Estimation* (2009), Definition 2.3.
pub fn hellinger(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let mut acc = Neumaier::default();
    for (&pi, &qi) in p.iter().zip(q) {
        let s = pi.sqrt() + qi.sqrt();
        if s > 0.0 {
            let d = (pi - qi) / s;
            acc.add(d * d);
        }
    }
    Ok((0.5 * acc.total()).max(0.0).sqrt().min(1.0))
}

/// Total variation distance `TV(p, q) ∈ [0, 1]` (dimensionless).
///
/// # Formula
/// ```text
/// TV(p, q) = ½ Σᵢ |pᵢ − qᵢ| = max_A |P(A) − Q(A)|
/// ```
///
/// # Errors
/// As [`crate::kl`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let tv = divergence::total_variation(&[0.9, 0.1], &[0.5, 0.5])?;
/// assert!((tv - 0.4).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Tsybakov (2009), Definition 2.4; Pinsker's inequality
/// `TV ≤ √(KL/2)`: Cover & Thomas (2nd ed.), Lemma 11.6.1.
pub fn total_variation(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let mut acc = Neumaier::default();
    for (&pi, &qi) in p.iter().zip(q) {
        acc.add((pi - qi).abs());
    }
    Ok((0.5 * acc.total()).clamp(0.0, 1.0))
}

/// Pearson's χ² divergence `χ²(p‖q)` (dimensionless).
///
/// # Formula
/// ```text
/// χ²(p‖q) = Σᵢ (pᵢ − qᵢ)² / qᵢ       qᵢ = pᵢ = 0: 0;  qᵢ = 0 < pᵢ: +∞
/// ```
///
/// # Errors
/// As [`crate::kl`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let c = divergence::chi_squared(&[0.9, 0.1], &[0.5, 0.5])?;
/// assert!((c - 0.64).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// K. Pearson, *Phil. Mag.* 50 (1900) 157–175; Tsybakov (2009),
/// Definition 2.5.
pub fn chi_squared(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let mut acc = Neumaier::default();
    for (&pi, &qi) in p.iter().zip(q) {
        if qi == 0.0 {
            if pi > 0.0 {
                return Ok(f64::INFINITY);
            }
            continue;
        }
        let d = pi - qi;
        acc.add(d * (d / qi));
    }
    Ok(non_negative(acc.total()))
}
