//! Shannon entropy and cross-entropy of probability vectors.

use crate::error::{Arg, Result};
use crate::sum::{non_negative, Neumaier};
use crate::validate::{check_distribution, check_pair};

/// Shannon entropy `H(p)` in nats.
///
/// # Formula
/// ```text
/// H(p) = −Σᵢ pᵢ ln pᵢ          terms with pᵢ = 0 are 0
/// ```
///
/// # Errors
/// [`crate::Error`] when `p` is empty, has a negative, NaN or infinite
/// entry, or does not sum to 1 within [`crate::SUM_TOLERANCE`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let p = divergence::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let h = divergence::Unit::Bits.from_nats(divergence::entropy(&p)?);
/// assert!((h - 3.12).abs() < 5e-3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// C. E. Shannon, "A mathematical theory of communication", *Bell Syst.
/// Tech. J.* 27 (1948); Cover & Thomas (2nd ed.), eq. (2.1).
pub fn entropy(p: &[f64]) -> Result<f64> {
    check_distribution(Arg::P, p)?;
    let mut acc = Neumaier::default();
    for &pi in p {
        if pi > 0.0 {
            acc.add(-pi * pi.ln());
        }
    }
    Ok(non_negative(acc.total()))
}

/// Cross-entropy `H(p, q)` in nats: the average code length when events
/// drawn from `p` are coded for `q`.
///
/// # Formula
/// ```text
/// H(p, q) = −Σᵢ pᵢ ln qᵢ = H(p) + KL(p‖q)     terms with pᵢ = 0 are 0;
///                                             qᵢ = 0 < pᵢ gives +∞
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
/// let (p, q) = ([0.25, 0.75], [0.5, 0.5]);
/// let h_pq = divergence::cross_entropy(&p, &q)?;
/// let sum = divergence::entropy(&p)? + divergence::kl(&p, &q)?;
/// assert!((h_pq - sum).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), Problem 2.x and §5.4 ("wrong code").
pub fn cross_entropy(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let mut acc = Neumaier::default();
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 {
            continue;
        }
        if qi == 0.0 {
            return Ok(f64::INFINITY);
        }
        acc.add(-pi * qi.ln());
    }
    Ok(non_negative(acc.total()))
}
