//! Kullback–Leibler divergence between probability vectors.

use crate::discrete::kernel::{kl_pass, KlPass};
use crate::discrete::pointwise::kl_term;
use crate::error::Result;
use crate::sum::{non_negative, Neumaier};
use crate::validate::{check_pair, SUM_TOLERANCE};

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
    if pass.bad
        || (pass.sum_p - 1.0).abs() > PASS_SUM_SLACK * SUM_TOLERANCE
        || (pass.sum_q - 1.0).abs() > PASS_SUM_SLACK * SUM_TOLERANCE
    {
        check_pair(p, q)?;
    }
    Ok(finish(p, q, pass))
}

/// The fused pass sums in lanes without compensation, so its sums are only
/// trusted to be "clearly fine"; anything within this factor of the tolerance
/// is re-checked with the compensated validation.
const PASS_SUM_SLACK: f64 = 0.5;

fn finish(p: &[f64], q: &[f64], pass: KlPass) -> f64 {
    let mut pos = Neumaier::default();
    let mut mixed = Neumaier::default();
    pos.add(pass.pos);
    mixed.add(pass.mixed);
    if pass.special {
        for (&pi, &qi) in p.iter().zip(q) {
            if pi == 0.0 {
                continue;
            }
            if qi == 0.0 {
                return f64::INFINITY;
            }
            if !(pi / qi).is_normal() {
                kl_term(pi, qi, &mut pos, &mut mixed);
            }
        }
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
