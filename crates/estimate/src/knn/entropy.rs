//! The Kozachenko–Leonenko kNN estimator of differential entropy.

use divergence::statrs::function::gamma::{digamma, ln_gamma};

use super::{distances, standard_error, KnnEstimate, KnnOptions};
use crate::error::Result;
use crate::samples::Samples;
use crate::sum::neumaier;

/// Differential entropy `H(P) = −E_P[ln p]` in nats from `n` samples of `P`
/// in `d` dimensions, by the Kozachenko–Leonenko k-nearest-neighbour
/// estimator, with a standard error.
///
/// # Formula
/// ```text
/// Ĥ(P) = ψ(n) − ψ(k) + ln V_d + (d/n) Σᵢ ln ρₖ(i)
///
/// ρₖ(i): Euclidean distance from xᵢ to its k-th nearest neighbour among
///        the other n − 1 points;  V_d = π^(d/2) / Γ(d/2 + 1), the volume
///        of the unit ball;  ψ the digamma function
/// ```
/// Consistent as `n → ∞`; its bias, like that of [`crate::kl_knn`], grows
/// with `d`. Unlike the KL estimator, this one is not scale invariant:
/// scaling the data by `c` adds `d ln c`.
///
/// # Errors
/// As [`crate::kl_knn`] for `P` alone.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use estimate::{entropy_knn, KnnOptions, Samples};
/// // 4000 draws of Uniform(0, 1) (a 64-bit LCG's top bits): H = 0.
/// let mut s = 42u64;
/// let x: Vec<f64> = (0..4000).map(|_| {
///     s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
///     (s >> 11) as f64 / (1u64 << 53) as f64
/// }).collect();
/// let p = Samples::from_row_major(x, 1)?;
/// let h = entropy_knn(&p, &KnnOptions::new())?;
/// println!("H = {:.3} ± {:.3} nats", h.estimate, h.std_error);
/// assert!(h.estimate.abs() < 4.0 * h.std_error);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// L. F. Kozachenko and N. N. Leonenko, "Sample estimate of the entropy of
/// a random vector", *Problems Inform. Transmission* 23(2) (1987) 95–101;
/// A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual
/// information", *Phys. Rev. E* 69 (2004) 066138, eq. (20).
pub fn entropy_knn(p: &Samples, options: &KnnOptions) -> Result<KnnEstimate> {
    let (estimate, terms, skipped) = entropy_point(p, options)?;
    let n = p.len();
    let std_error = standard_error(
        options.uncertainty(),
        n,
        0,
        options.k() + 1,
        &terms,
        |rp, _| entropy_point(&p.select(rp), options).map(|r| r.0),
    )?;
    Ok(KnnEstimate {
        estimate,
        std_error,
        n,
        m: 0,
        k: options.k(),
        d: p.dimension(),
        uncertainty: options.uncertainty(),
        skipped,
    })
}

/// `ln V_d`, the log-volume of the d-dimensional unit ball.
pub(crate) fn ln_unit_ball(d: usize) -> f64 {
    let h = d as f64 / 2.0;
    h * std::f64::consts::PI.ln() - ln_gamma(h + 1.0)
}

/// The point estimate, its per-point terms `d ln ρₖ(i)` (data units) and
/// the zeros skipped.
pub(crate) fn entropy_point(p: &Samples, options: &KnnOptions) -> Result<(f64, Vec<f64>, usize)> {
    let dist = distances(p, None, options.k(), options.ties())?;
    let d = p.dimension();
    let terms: Vec<f64> = dist
        .ln_rho
        .iter()
        .map(|r| d as f64 * (r + dist.ln_scale))
        .collect();
    let n = p.len();
    let constant = digamma(n as f64) - digamma(options.k() as f64) + ln_unit_ball(d);
    Ok((
        neumaier(terms.iter().copied()) / n as f64 + constant,
        terms,
        dist.skipped,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ball_volumes() {
        // V₁ = 2, V₂ = π, V₃ = 4π/3 (elementary geometry).
        approx::assert_relative_eq!(ln_unit_ball(1), 2f64.ln(), max_relative = 1e-14);
        approx::assert_relative_eq!(
            ln_unit_ball(2),
            std::f64::consts::PI.ln(),
            max_relative = 1e-14
        );
        approx::assert_relative_eq!(
            ln_unit_ball(3),
            (4.0 * std::f64::consts::PI / 3.0).ln(),
            max_relative = 1e-14
        );
    }
}
