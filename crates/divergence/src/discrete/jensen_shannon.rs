//! Jensen–Shannon divergence and distance.

use crate::discrete::kl::kl_unchecked;
use crate::error::Result;
use crate::validate::check_pair;

/// Jensen–Shannon divergence `JS(p, q)` in nats: symmetric, always finite,
/// bounded by `ln 2`.
///
/// # Formula
/// ```text
/// JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m),     m = (p + q)/2
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
/// let js = divergence::jensen_shannon(&[1.0, 0.0], &[0.0, 1.0])?;
/// assert!((js - std::f64::consts::LN_2).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// J. Lin, "Divergence measures based on the Shannon entropy", *IEEE Trans.
/// Inf. Theory* 37 (1991) 145–151, eq. (4.1).
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| 0.5 * (a + b)).collect();
    Ok(0.5 * kl_unchecked(p, &m) + 0.5 * kl_unchecked(q, &m))
}

/// Jensen–Shannon distance `√JS(p, q)`, a metric, with `JS` in nats.
///
/// The square root of a quantity in nats: to express it for base `b`
/// divide by `√(ln b)` (for bits, `√JS` in bits equals SciPy's
/// `scipy.spatial.distance.jensenshannon(p, q, base=2)`).
///
/// # Formula
/// ```text
/// d_JS(p, q) = √JS(p, q)
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
/// let d = divergence::jensen_shannon_distance(&[1.0, 0.0], &[0.0, 1.0])?;
/// assert!((d - std::f64::consts::LN_2.sqrt()).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// D. M. Endres and J. E. Schindelin, "A new metric for probability
/// distributions", *IEEE Trans. Inf. Theory* 49 (2003) 1858–1860.
pub fn jensen_shannon_distance(p: &[f64], q: &[f64]) -> Result<f64> {
    jensen_shannon(p, q).map(f64::sqrt)
}
