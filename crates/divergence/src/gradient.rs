//! Gradients of the discrete measures with respect to `p`, `q`, and to
//! logits (the softmax parameterisation used by fitting code).
//!
//! All functions validate their inputs as the measures do and return one
//! partial derivative per entry. Boundary values follow the limits of the
//! formula: `ln 0 = −∞`, `x/0 = ±∞`; they are documented per function.

use crate::discrete::kl::kl_unchecked;
use crate::discrete::lanes::{map_pairs, Checks, LnRatio, NegRatio, PairFn};
use crate::discrete::pointwise::ln_ratio;
use crate::error::{Arg, Error, Result};
use crate::sum::Neumaier;
use crate::validate::{check_distribution, check_pair, fused_pass_is_clearly_valid};

/// Gradient of `KL(p‖q)` with respect to `p` (the first argument).
///
/// # Formula
/// ```text
/// ∂KL/∂pᵢ = ln(pᵢ/qᵢ) + 1        pᵢ = 0 < qᵢ: −∞;  qᵢ = 0: +∞
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
/// let g = divergence::gradient::kl_wrt_p(&[0.5, 0.5], &[0.5, 0.5])?;
/// assert_eq!(g, vec![1.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), eq. (2.26).
pub fn kl_wrt_p(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    let (mut g, checks) = validated_map(
        &LnRatio {
            sign: 1.0,
            shift: 1.0,
        },
        p,
        q,
    )?;
    if checks.lowest < f64::MIN_POSITIVE {
        // Zeros and subnormals: the limits, and the scalar logarithm.
        for ((gi, &pi), &qi) in g.iter_mut().zip(p).zip(q) {
            if !(pi.is_normal() && qi.is_normal()) {
                *gi = match (pi == 0.0, qi == 0.0) {
                    (_, true) => f64::INFINITY,
                    (true, false) => f64::NEG_INFINITY,
                    (false, false) => ln_ratio(pi, qi) + 1.0,
                };
            }
        }
    }
    Ok(g)
}

/// Gradient of `KL(p‖q)` with respect to `q` (the second argument); the
/// same as the gradient of the cross-entropy `H(p, q)` with respect to `q`.
///
/// # Formula
/// ```text
/// ∂KL/∂qᵢ = −pᵢ/qᵢ               pᵢ = 0: 0;  qᵢ = 0 < pᵢ: −∞
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
/// let g = divergence::gradient::kl_wrt_q(&[0.25, 0.75], &[0.5, 0.5])?;
/// assert_eq!(g, vec![-0.5, -1.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), eq. (2.26).
pub fn kl_wrt_q(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    Ok(validated_map(&NegRatio, p, q)?.0)
}

/// `f` over the pairs, validating `p` and `q` on the way: the separate
/// validation (which names the offending entry) runs only when the fused
/// sums and minimum are not clearly fine.
fn validated_map<F: PairFn>(f: &F, p: &[f64], q: &[f64]) -> Result<(Vec<f64>, Checks)> {
    if p.len() != q.len() || p.is_empty() {
        check_pair(p, q)?;
    }
    let (out, checks) = map_pairs(f, p, q);
    if !fused_pass_is_clearly_valid(checks.lowest >= 0.0, checks.sum_p, checks.sum_q) {
        check_pair(p, q)?;
    }
    Ok((out, checks))
}

/// Gradient of the cross-entropy `H(p, q)` with respect to `p`.
///
/// # Formula
/// ```text
/// ∂H(p, q)/∂pᵢ = −ln qᵢ          qᵢ = 0: +∞
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
/// let g = divergence::gradient::cross_entropy_wrt_p(&[0.5, 0.5], &[0.5, 0.5])?;
/// assert_eq!(g, vec![std::f64::consts::LN_2; 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), §5.4.
pub fn cross_entropy_wrt_p(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    check_pair(p, q)?;
    Ok(q.iter().map(|&qi| -qi.ln()).collect())
}

/// Gradient of the cross-entropy `H(p, q)` with respect to `q`.
///
/// # Formula
/// ```text
/// ∂H(p, q)/∂qᵢ = −pᵢ/qᵢ          pᵢ = 0: 0;  qᵢ = 0 < pᵢ: −∞
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
/// assert_eq!(
///     divergence::gradient::cross_entropy_wrt_q(&p, &q)?,
///     divergence::gradient::kl_wrt_q(&p, &q)?
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), §5.4.
pub fn cross_entropy_wrt_q(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    kl_wrt_q(p, q)
}

/// Gradient of the entropy `H(p)` with respect to `p`.
///
/// # Formula
/// ```text
/// ∂H/∂pᵢ = −ln pᵢ − 1            pᵢ = 0: +∞
/// ```
///
/// # Errors
/// As [`crate::entropy`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let g = divergence::gradient::entropy_wrt_p(&[1.0])?;
/// assert_eq!(g, vec![-1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of Cover & Thomas (2nd ed.), eq. (2.1).
pub fn entropy_wrt_p(p: &[f64]) -> Result<Vec<f64>> {
    check_distribution(Arg::P, p)?;
    Ok(p.iter().map(|&pi| -pi.ln() - 1.0).collect())
}

/// The softmax map from logits `z` to a probability vector, computed with
/// the max-shift so that large logits do not overflow.
///
/// # Formula
/// ```text
/// softmax(z)ᵢ = exp(zᵢ − m) / Σⱼ exp(zⱼ − m),   m = maxⱼ zⱼ
/// ```
///
/// # Errors
/// [`Error::Empty`] for no logits, [`Error::NotFinite`] naming a NaN or
/// infinite logit.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let q = divergence::gradient::softmax(&[0.0, 0.0, 1000.0])?;
/// assert_eq!(q[2], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// J. S. Bridle, "Probabilistic interpretation of feedforward
/// classification network outputs", in *Neurocomputing* (1990) 227–236.
pub fn softmax(z: &[f64]) -> Result<Vec<f64>> {
    check_logits(z)?;
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|&zi| (zi - m).exp()).collect();
    let mut acc = Neumaier::default();
    e.iter().for_each(|&x| acc.add(x));
    let s = acc.total();
    Ok(e.into_iter().map(|x| x / s).collect())
}

fn check_logits(z: &[f64]) -> Result<()> {
    if z.is_empty() {
        return Err(Error::Empty { arg: Arg::Q });
    }
    match z.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(Error::NotFinite {
            arg: Arg::Q,
            index,
            value: z[index],
        }),
        None => Ok(()),
    }
}

/// Gradient of the forward divergence `KL(p‖softmax(z))` (and of the
/// cross-entropy `H(p, softmax(z))`, which differs by a constant) with
/// respect to the model's logits `z`.
///
/// # Formula
/// ```text
/// ∂KL(p‖q)/∂zⱼ = qⱼ − pⱼ,     q = softmax(z)
/// ```
///
/// # Errors
/// As [`crate::kl`] for `p`; [`softmax`]'s errors for `z` (reported
/// against argument `q`).
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let g = divergence::gradient::kl_wrt_q_logits(&[1.0, 0.0], &[0.0, 0.0])?;
/// assert_eq!(g, vec![-0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Goodfellow, Bengio & Courville, *Deep Learning* (2016), §6.2.2.3.
pub fn kl_wrt_q_logits(p: &[f64], z: &[f64]) -> Result<Vec<f64>> {
    let q = softmax(z)?;
    check_pair(p, &q)?;
    Ok(q.iter().zip(p).map(|(qi, pi)| qi - pi).collect())
}

/// Gradient of the reverse divergence `KL(softmax(z)‖p)` with respect to the
/// model's logits `z` (the model is the first argument, as in variational
/// inference).
///
/// # Formula
/// ```text
/// ∂KL(q‖p)/∂zⱼ = qⱼ (ln(qⱼ/pⱼ) − KL(q‖p)),     q = softmax(z)
/// ```
/// A zero in `p` makes the divergence `+∞` for every finite `z`; the
/// gradient is then `+∞` at the zero entries and `−∞` elsewhere, never NaN.
///
/// # Errors
/// As [`kl_wrt_q_logits`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// // At q = p the reverse divergence is stationary.
/// let g = divergence::gradient::kl_reverse_wrt_q_logits(&[0.5, 0.5], &[0.0, 0.0])?;
/// assert_eq!(g, vec![0.0, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Differentiation of the softmax composed with Cover & Thomas (2nd ed.),
/// eq. (2.26); see Bishop, *Pattern Recognition and Machine Learning*
/// (2006), §10.1 for the reverse direction.
pub fn kl_reverse_wrt_q_logits(p: &[f64], z: &[f64]) -> Result<Vec<f64>> {
    let q = softmax(z)?;
    check_pair(p, &q)?;
    let kl = kl_unchecked(&q, p);
    Ok(q.iter()
        .zip(p)
        .map(|(&qi, &pi)| {
            if pi == 0.0 {
                f64::INFINITY
            } else if qi == 0.0 {
                0.0
            } else {
                qi * (ln_ratio(qi, pi) - kl)
            }
        })
        .collect())
}
