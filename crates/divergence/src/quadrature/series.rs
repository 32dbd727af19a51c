//! Sums over discrete supports, with a bound on the neglected tail.

use crate::distribution::Mass;
use crate::error::{Error, Result};
use crate::quadrature::{cross_entropy_integrand, kl_integrand, Estimate, Method};
use crate::sum::Neumaier;

/// Hard cap on the number of terms of an infinite series.
const MAX_TERMS: usize = 10_000_000;
/// Terms after the stopping test over which the ratio bound is taken.
const RATIO_WINDOW: usize = 8;

/// Sums `term(k, ln p_k)` over `p`'s support. On an infinite support the
/// sum stops, past the centre of `p`, once the last [`RATIO_WINDOW`] term
/// ratios are below 1 and the geometric tail bound `|t_k| r/(1 − r)` (with
/// `r` the largest recent ratio) is below the rounding level; this bound is
/// rigorous when the ratio of successive terms is non-increasing, as it is
/// for Poisson, geometric and negative-binomial tails.
fn sum_terms<P, T>(p: &P, mut term: T) -> Result<Estimate>
where
    P: Mass + ?Sized,
    T: FnMut(u64, f64) -> f64,
{
    let (lo, hi) = p.support();
    let centre = p.centre();
    let mut acc = Neumaier::default();
    let mut abs = 0.0;
    let mut ratios = [f64::INFINITY; RATIO_WINDOW];
    let mut prev = f64::NAN;
    let mut zeros = 0usize;
    let mut n = 0usize;
    let mut k = lo;
    loop {
        let t = term(k, p.ln_mass(k));
        n += 1;
        if t.is_nan() {
            return Err(Error::IntegrandNotFinite {
                x: k as f64,
                value: t,
            });
        }
        if t.is_infinite() {
            return Ok(Estimate {
                value: t,
                error: 0.0,
                method: Method::Series { terms: n },
            });
        }
        acc.add(t);
        abs += t.abs();
        let rounding = 2.0 * f64::EPSILON * abs;
        if Some(k) == hi {
            return Ok(Estimate {
                value: acc.total(),
                error: rounding,
                method: Method::FiniteSum { terms: n },
            });
        }
        if hi.is_none() && (k as f64) > centre {
            ratios[n % RATIO_WINDOW] = if prev == 0.0 {
                0.0
            } else {
                t.abs() / prev.abs()
            };
            zeros = if t == 0.0 { zeros + 1 } else { 0 };
            let r = ratios.iter().copied().fold(0.0, f64::max);
            if zeros >= RATIO_WINDOW {
                return Ok(Estimate {
                    value: acc.total(),
                    error: rounding,
                    method: Method::Series { terms: n },
                });
            }
            if r < 1.0 {
                let tail = t.abs() * r / (1.0 - r);
                if tail <= f64::EPSILON * 1e-2 * abs.max(f64::MIN_POSITIVE) {
                    return Ok(Estimate {
                        value: acc.total(),
                        error: rounding + tail,
                        method: Method::Series { terms: n },
                    });
                }
            }
        }
        prev = t;
        if n >= MAX_TERMS || k == u64::MAX {
            return Err(Error::NotConverged {
                method: "series",
                value: acc.total(),
                error: f64::INFINITY,
                tolerance: f64::EPSILON * abs,
                evaluations: n,
            });
        }
        k += 1;
    }
}

fn mismatch<P: Mass + ?Sized, Q: Mass + ?Sized>(p: &P, q: &Q) -> Option<Estimate> {
    let (pa, pb) = p.support();
    let (qa, qb) = q.support();
    let upper_ok = match (pb, qb) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a <= b,
    };
    (pa < qa || !upper_ok).then_some(Estimate {
        value: f64::INFINITY,
        error: 0.0,
        method: Method::SupportMismatch,
    })
}

/// `KL(P‖Q)` in nats between two pmfs on the non-negative integers, summed
/// over `P`'s support (exactly if finite; with a tail bound if infinite).
///
/// # Formula
/// ```text
/// KL(P‖Q) = Σ_k p_k (ln p_k − ln q_k),   error ≤ 2ε Σ|t_k| + |t_K| r/(1 − r)
/// ```
///
/// # Errors
/// [`Error::NotConverged`] after 10⁷ terms; [`Error::IntegrandNotFinite`]
/// for a NaN term.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::kl_series;
/// use statrs::distribution::Poisson;
/// let (p, q) = (Poisson::new(3.0)?, Poisson::new(5.0)?);
/// let e = kl_series(&p, &q)?;
/// let exact = 3.0 * (3.0f64 / 5.0).ln() + 5.0 - 3.0;
/// assert!((e.value - exact).abs() < 1e-14 && e.error < 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas, *Elements of Information Theory* (2nd ed.), eq. (2.26).
pub fn kl_series<P: Mass + ?Sized, Q: Mass + ?Sized>(p: &P, q: &Q) -> Result<Estimate> {
    if let Some(e) = mismatch(p, q) {
        return Ok(e);
    }
    let mut e = sum_terms(p, |k, lp| kl_integrand(lp, q.ln_mass(k)))?;
    e.value = e.value.max(0.0);
    Ok(e)
}

/// Cross-entropy `H(P, Q)` in nats between two pmfs, summed as [`kl_series`].
///
/// # Formula
/// ```text
/// H(P, Q) = −Σ_k p_k ln q_k
/// ```
///
/// # Errors
/// As [`kl_series`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::{cross_entropy_series, entropy_series, kl_series};
/// use statrs::distribution::Geometric;
/// let (p, q) = (Geometric::new(0.3)?, Geometric::new(0.6)?);
/// let h = cross_entropy_series(&p, &q)?.value;
/// assert!((h - entropy_series(&p)?.value - kl_series(&p, &q)?.value).abs() < 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), §2.3.
pub fn cross_entropy_series<P: Mass + ?Sized, Q: Mass + ?Sized>(p: &P, q: &Q) -> Result<Estimate> {
    if let Some(e) = mismatch(p, q) {
        return Ok(e);
    }
    sum_terms(p, |k, lp| cross_entropy_integrand(lp, q.ln_mass(k)))
}

/// Shannon entropy `H(P)` in nats of a pmf, summed as [`kl_series`].
///
/// # Formula
/// ```text
/// H(P) = −Σ_k p_k ln p_k
/// ```
///
/// # Errors
/// As [`kl_series`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::entropy_series;
/// use statrs::distribution::Bernoulli;
/// let h = entropy_series(&Bernoulli::new(0.5)?)?;
/// assert!((h.value - 2f64.ln()).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas (2nd ed.), eq. (2.1).
pub fn entropy_series<P: Mass + ?Sized>(p: &P) -> Result<Estimate> {
    sum_terms(p, |_, lp| cross_entropy_integrand(lp, lp))
}
