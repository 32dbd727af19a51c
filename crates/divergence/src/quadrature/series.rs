//! Sums over discrete supports, with a bound on the neglected tail.

use crate::distribution::Mass;
use crate::error::{Error, Result};
use crate::quadrature::{cross_entropy_integrand, kl_integrand, Estimate, Method};
use crate::sum::Neumaier;

/// Hard cap on the number of terms of an infinite series.
const MAX_TERMS: usize = 10_000_000;
/// Terms after the stopping test over which the ratio bound is taken.
const RATIO_WINDOW: usize = 8;

/// Sums `term(k, ln p_k)` over `p`'s support.
///
/// A finite support of at most [`MAX_TERMS`] values is summed exactly
/// ([`Method::FiniteSum`]). Otherwise (an infinite support, or one too
/// large to enumerate, such as Binomial(10⁹, ½)) the sum starts at the
/// centre of `p` and walks outwards in both directions; each walk stops at
/// the support's end or once the last [`RATIO_WINDOW`] term ratios are
/// below 1 and the geometric tail bound `|t_k| r/(1 − r)` (with `r` the
/// largest recent ratio) is below the rounding level. The bound is rigorous
/// when the ratio of successive terms is non-increasing away from the mode,
/// as it is for log-concave masses (binomial, Poisson, geometric, negative
/// binomial).
fn sum_terms<P, T>(p: &P, mut term: T) -> Result<Estimate>
where
    P: Mass + ?Sized,
    T: FnMut(u64, f64) -> f64,
{
    let (lo, hi) = p.support();
    let mut state = Walk::default();
    if let Some(hi) = hi.filter(|&hi| hi - lo < MAX_TERMS as u64) {
        for k in lo..=hi {
            if let Some(inf) = state.add(term(k, p.ln_mass(k)), k)? {
                return Ok(inf);
            }
        }
        return Ok(Estimate {
            value: state.acc.total(),
            error: 2.0 * f64::EPSILON * state.abs,
            method: Method::FiniteSum { terms: state.n },
        });
    }
    let top = hi.unwrap_or(u64::MAX);
    let centre = p.centre();
    let start = if centre.is_finite() && centre > lo as f64 {
        (centre.floor() as u64).clamp(lo, top)
    } else {
        lo
    };
    // Upwards from the centre, then downwards from just below it.
    let mut up = Side::default();
    let mut k = start;
    loop {
        let t = term(k, p.ln_mass(k));
        if let Some(inf) = state.add(t, k)? {
            return Ok(inf);
        }
        if k == top || up.done(t, state.abs) {
            break;
        }
        state.check_cap()?;
        k += 1;
    }
    let mut down = Side::default();
    let mut k = start;
    while k > lo {
        k -= 1;
        let t = term(k, p.ln_mass(k));
        if let Some(inf) = state.add(t, k)? {
            return Ok(inf);
        }
        if down.done(t, state.abs) {
            break;
        }
        state.check_cap()?;
    }
    Ok(Estimate {
        value: state.acc.total(),
        error: 2.0 * f64::EPSILON * state.abs + up.tail + down.tail,
        method: Method::Series { terms: state.n },
    })
}

/// The running sum of a series.
#[derive(Default)]
struct Walk {
    acc: Neumaier,
    abs: f64,
    n: usize,
}

impl Walk {
    /// Adds a term; `Some` when the term is infinite (the sum is then that
    /// infinity), an error when it is NaN.
    fn add(&mut self, t: f64, k: u64) -> Result<Option<Estimate>> {
        self.n += 1;
        if t.is_nan() {
            return Err(Error::IntegrandNotFinite {
                x: k as f64,
                value: t,
            });
        }
        if t.is_infinite() {
            return Ok(Some(Estimate {
                value: t,
                error: 0.0,
                method: Method::Series { terms: self.n },
            }));
        }
        self.acc.add(t);
        self.abs += t.abs();
        Ok(None)
    }

    fn check_cap(&self) -> Result<()> {
        if self.n >= MAX_TERMS {
            return Err(Error::NotConverged {
                method: "series",
                value: self.acc.total(),
                error: f64::INFINITY,
                tolerance: f64::EPSILON * self.abs,
                evaluations: self.n,
            });
        }
        Ok(())
    }
}

/// The stopping test of one direction of a walk away from the centre.
struct Side {
    ratios: [f64; RATIO_WINDOW],
    prev: f64,
    zeros: usize,
    seen: usize,
    /// The bound on what the walk left out.
    tail: f64,
}

impl Default for Side {
    fn default() -> Self {
        Side {
            ratios: [f64::INFINITY; RATIO_WINDOW],
            prev: f64::NAN,
            zeros: 0,
            seen: 0,
            tail: 0.0,
        }
    }
}

impl Side {
    /// Whether the terms beyond `t` are negligible against `abs`.
    fn done(&mut self, t: f64, abs: f64) -> bool {
        self.seen += 1;
        self.ratios[self.seen % RATIO_WINDOW] = if self.prev == 0.0 {
            0.0
        } else {
            t.abs() / self.prev.abs()
        };
        self.prev = t;
        self.zeros = if t == 0.0 { self.zeros + 1 } else { 0 };
        if self.zeros >= RATIO_WINDOW {
            return true;
        }
        let r = self.ratios.iter().copied().fold(0.0, f64::max);
        if r < 1.0 {
            let tail = t.abs() * r / (1.0 - r);
            if tail <= f64::EPSILON * 1e-2 * abs.max(f64::MIN_POSITIVE) {
                self.tail = tail;
                return true;
            }
        }
        false
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
