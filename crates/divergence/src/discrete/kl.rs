//! Kullback–Leibler divergence between probability vectors.

use crate::discrete::kernel::{kl_pass, KlPass};
use crate::discrete::pointwise::kl_term;
use crate::error::Result;
use crate::sum::{non_negative, Neumaier};
use crate::validate::{check_pair, fused_pass_is_clearly_valid};

/// Kullback–Leibler divergence `KL(p‖q)` in nats: the information lost when
/// `q` (the model) is used in place of `p` (the data).
///
/// # Formula
/// ```text
/// KL(p‖q) = Σᵢ pᵢ ln(pᵢ / qᵢ)        terms with pᵢ = 0 are 0;
///                                    qᵢ = 0 < pᵢ gives +∞
/// ```
/// Evaluated term by term without cancellation (see the crate docs,
/// *Accuracy*) and summed with compensated summation; the result is never
/// negative.
///
/// # Errors
/// [`crate::Error`] when `p` or `q` is empty, has a negative, NaN or infinite
/// entry, does not sum to 1 within [`crate::SUM_TOLERANCE`], or when the
/// lengths differ. `q = 0 < p` is not an error: the answer is `+∞`.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// // The worm data against a uniform model on 0…10 teeth.
/// let p = divergence::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let q = vec![1.0 / 11.0; 11];
/// let kl = divergence::kl(&p, &q)?;
/// assert!((divergence::Unit::Bits.from_nats(kl) - 0.338).abs() < 5e-4);
/// assert_eq!(divergence::kl(&[0.5, 0.5], &[1.0, 0.0])?, f64::INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// S. Kullback and R. A. Leibler, "On information and sufficiency",
/// *Ann. Math. Statist.* 22 (1951) 79–86; Cover & Thomas, *Elements of
/// Information Theory* (2nd ed.), eq. (2.26).
pub fn kl(p: &[f64], q: &[f64]) -> Result<f64> {
    if p.len() != q.len() || p.is_empty() {
        check_pair(p, q)?;
    }
    // One fused pass validates, sums and computes; errors are then
    // reported exactly as the separate validation would.
    let pass = kl_pass(p, q);
    if !fused_pass_is_clearly_valid(!pass.bad, pass.sum_p, pass.sum_q) {
        check_pair(p, q)?;
    }
    Ok(finish(p, q, pass))
}

fn finish(p: &[f64], q: &[f64], pass: KlPass) -> f64 {
    if !(pass.special || pass.bad) {
        return non_negative(pass.kl.total());
    }
    // Zeros, subnormals or `−0.0` somewhere (inputs already validated):
    // the exact scalar path, term by term.
    let (mut pos, mut mixed) = (Neumaier::default(), Neumaier::default());
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 {
            continue;
        }
        if qi == 0.0 {
            return f64::INFINITY;
        }
        kl_term(pi, qi, &mut pos, &mut mixed);
    }
    pos.merge(mixed);
    non_negative(pos.total())
}

/// [`kl`] without validation, for callers that validated once (e.g. a model
/// evaluated many times against the same data).
pub(crate) fn kl_unchecked(p: &[f64], q: &[f64]) -> f64 {
    finish(p, q, kl_pass(p, q))
}

/// Reverse Kullback–Leibler divergence `KL(q‖p)` in nats: the same measure
/// with the arguments swapped, spelled out so that fitting code can say
/// "reverse" instead of swapping arguments by hand.
///
/// # Formula
/// ```text
/// KL(q‖p) = Σᵢ qᵢ ln(qᵢ / pᵢ)
/// ```
///
/// # Errors
/// As [`kl`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
/// assert_eq!(divergence::reverse_kl(&p, &q)?, divergence::kl(&q, &p)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// As [`kl`]; for the mode-seeking behaviour of the reverse direction see
/// Goodfellow, Bengio & Courville, *Deep Learning* (2016), §3.13, Fig. 3.6.
pub fn reverse_kl(p: &[f64], q: &[f64]) -> Result<f64> {
    // Validate in the caller's order so that errors name the right argument.
    check_pair(p, q)?;
    Ok(kl_unchecked(q, p))
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn negative_zero_is_a_zero() {
        // −0.0 passes validation (it is not below 0) and must act as +0.0,
        // although the fused pass flags it; ln 2 exactly (identity).
        assert_eq!(kl(&[-0.0, 1.0], &[0.5, 0.5]).unwrap(), 2f64.ln());
        assert_eq!(kl(&[1.0, 0.0], &[1.0, -0.0]).unwrap(), 0.0);
        assert_eq!(kl(&[0.5, 0.5], &[1.0, -0.0]).unwrap(), f64::INFINITY);
    }

    #[test]
    fn special_lanes_anywhere_in_a_long_vector_take_the_exact_path() {
        // A subnormal p, and a q = 0 < p, deep inside a threaded pass.
        let n = crate::blocks::PARALLEL_MIN_LEN + 1000;
        let q = vec![1.0 / n as f64; n];
        let mut p = q.clone();
        let tiny = 1e-310;
        p[n - 7] = tiny;
        p[n - 8] = q[n - 8] + (q[n - 7] - tiny);
        // Every other term is 0 exactly (p = q).
        let want = p[n - 8] * (p[n - 8] / q[n - 8]).ln() + tiny * (tiny / q[n - 7]).ln();
        approx::assert_relative_eq!(kl(&p, &q).unwrap(), want, max_relative = 1e-14);
        let mut q0 = q.clone();
        q0[n - 7] = 0.0;
        q0[n - 8] += q[n - 7];
        assert_eq!(kl(&p, &q0).unwrap(), f64::INFINITY);
    }
}
