//! `KL(P‖Q)` from samples of `P` against a model `Q` whose log-density is
//! known: Monte Carlo with both log-densities, or kNN entropy plus Monte
//! Carlo cross-entropy when `p` is unknown.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::knn::{standard_error, KnnOptions, Uncertainty};
use crate::samples::Samples;
use crate::sum::{mean_and_se, neumaier};

/// How a [`ModelEstimate`] was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModelMethod {
    /// Monte Carlo mean of `ln p(x) − ln q(x)` ([`kl_model`]).
    BothDensities,
    /// kNN entropy of `P` plus Monte Carlo cross-entropy ([`kl_model_knn`]).
    KnnEntropy {
        /// Neighbour order of the entropy estimate.
        k: usize,
        /// How the standard error was computed.
        uncertainty: Uncertainty,
    },
}

/// `KL(P‖Q)` estimated from samples of `P` against a model `Q`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ModelEstimate {
    /// The estimate, in nats (`+∞` if `ln q(xᵢ) = −∞` for some sample).
    pub estimate: f64,
    /// Its standard error, in nats (NaN when the estimate is `+∞`).
    pub std_error: f64,
    /// Samples of `P` used.
    pub n: usize,
    /// The method.
    pub method: ModelMethod,
}

/// Evaluates a log-density at every row, in parallel, in row order; NaN
/// and `+∞` are errors, `−∞` is returned as it is.
fn log_densities<F>(p: &Samples, f: &F, which: &'static str) -> Result<Vec<f64>>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let v: Vec<f64> = (0..p.len()).into_par_iter().map(|i| f(p.row(i))).collect();
    match v.iter().position(|x| x.is_nan() || *x == f64::INFINITY) {
        Some(row) => Err(Error::BadLogDensity {
            which,
            row,
            value: v[row],
        }),
        None => Ok(v),
    }
}

/// `KL(P‖Q)` in nats by Monte Carlo, from samples of `P` and both
/// log-densities.
///
/// # Formula
/// ```text
/// KL(P‖Q) = E_P[ln p(X) − ln q(X)] ≈ (1/n) Σᵢ (ln p(xᵢ) − ln q(xᵢ)),
/// standard error s/√n of the n terms (independent samples)
/// ```
/// Unbiased, with an exact standard error when the samples are
/// independent draws from `P`. `ln q(xᵢ) = −∞` (the model calls a sample
/// impossible) gives `+∞`, a value, not an error.
///
/// # Errors
/// [`Error::BadLogDensity`] if `ln p` is NaN or `±∞` at a sample (a draw
/// from `P` has a positive, finite density) or `ln q` is NaN or `+∞`.
/// [`Error::TooFewSamples`] for fewer than 2 samples.
///
/// # Panics
/// Never (unless a closure panics).
///
/// # Example
/// ```
/// use estimate::{kl_model, Samples};
/// // P = N(0, 1) against Q = N(1, 1): KL = ½ (closed form).
/// let x: Vec<f64> = (1..1000).map(|i| {
///     // Normal quantiles of an even grid: a stand-in for samples.
///     let u = i as f64 / 1000.0;
///     (2.0f64).sqrt() * erfinv(2.0 * u - 1.0)
/// }).collect();
/// # fn erfinv(y: f64) -> f64 { // Winitzki's approximation, enough here
/// #   let a = 0.147; let l = (1.0 - y * y).ln();
/// #   let t = 2.0 / (std::f64::consts::PI * a) + l / 2.0;
/// #   y.signum() * ((t * t - l / a).sqrt() - t).sqrt() }
/// let p = Samples::from_row_major(x, 1)?;
/// let ln_n = |m: f64| move |x: &[f64]| -0.5 * (x[0] - m).powi(2) - 0.5 * (2.0 * std::f64::consts::PI).ln();
/// let r = kl_model(&p, ln_n(0.0), ln_n(1.0))?;
/// assert!((r.estimate - 0.5).abs() < 1e-2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Cover & Thomas, *Elements of Information Theory* (2nd ed.), eq. (8.46)
/// (KL as an expectation); the Monte Carlo standard error is that of a
/// sample mean.
pub fn kl_model<F, G>(p: &Samples, ln_p: F, ln_q: G) -> Result<ModelEstimate>
where
    F: Fn(&[f64]) -> f64 + Sync,
    G: Fn(&[f64]) -> f64 + Sync,
{
    if p.len() < 2 {
        return Err(Error::TooFewSamples {
            arg: crate::error::Arg::P,
            rows: p.len(),
            k: 0,
            needed: 2,
        });
    }
    let lp = log_densities(p, &ln_p, "ln p")?;
    if let Some(row) = lp.iter().position(|x| x.is_infinite()) {
        return Err(Error::BadLogDensity {
            which: "ln p",
            row,
            value: lp[row],
        });
    }
    let lq = log_densities(p, &ln_q, "ln q")?;
    let terms: Vec<f64> = lp.iter().zip(&lq).map(|(a, b)| a - b).collect();
    let (estimate, std_error) = finish(&terms);
    Ok(ModelEstimate {
        estimate,
        std_error,
        n: p.len(),
        method: ModelMethod::BothDensities,
    })
}

/// Mean and standard error, `(+∞, NaN)` if a term is `+∞`.
fn finish(terms: &[f64]) -> (f64, f64) {
    if terms.iter().any(|t| t.is_infinite()) {
        return (f64::INFINITY, f64::NAN);
    }
    mean_and_se(terms)
}

/// `KL(P‖Q)` in nats from samples of `P` when only the model's
/// log-density `ln q` is known: the kNN (Kozachenko–Leonenko) entropy of
/// `P` subtracted from the Monte Carlo cross-entropy.
///
/// # Formula
/// ```text
/// KL(P‖Q) = H(P, Q) − H(P)
///         ≈ −(1/n) Σᵢ ln q(xᵢ) − Ĥ_KL(P)          (Ĥ_KL: crate::entropy_knn)
/// ```
/// The standard error follows `options`' [`Uncertainty`]: half-sampling
/// re-estimates both parts on each half-sample; per-point terms use
/// `−d ln ρₖ(i) − ln q(xᵢ)`. The entropy part carries the kNN bias (see
/// [`crate::kl_knn`]).
///
/// # Errors
/// [`Error::BadLogDensity`] if `ln q` is NaN or `+∞` at a sample; as
/// [`crate::entropy_knn`] otherwise.
///
/// # Panics
/// Never (unless the closure panics).
///
/// # Example
/// ```
/// use estimate::{kl_model_knn, KnnOptions, Samples};
/// // P = Uniform(0, 1) (a 64-bit LCG's top bits), Q = Exponential(1):
/// // KL = −H(P) + E[x] = 0 + ½.
/// let mut s = 7u64;
/// let x: Vec<f64> = (0..4000).map(|_| {
///     s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
///     (s >> 11) as f64 / (1u64 << 53) as f64
/// }).collect();
/// let p = Samples::from_row_major(x, 1)?;
/// let r = kl_model_knn(&p, |x: &[f64]| -x[0], &KnnOptions::new())?;
/// assert!((r.estimate - 0.5).abs() < 4.0 * r.std_error);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Kozachenko & Leonenko (1987), as in [`crate::entropy_knn`]; Cover &
/// Thomas (2nd ed.), eq. (2.90) for `KL = H(P, Q) − H(P)`.
pub fn kl_model_knn<G>(p: &Samples, ln_q: G, options: &KnnOptions) -> Result<ModelEstimate>
where
    G: Fn(&[f64]) -> f64 + Sync,
{
    let (h, h_terms, _) = crate::knn::entropy_point(p, options)?;
    let lq = log_densities(p, &ln_q, "ln q")?;
    let n = p.len();
    let method = ModelMethod::KnnEntropy {
        k: options.k(),
        uncertainty: options.uncertainty(),
    };
    if lq.iter().any(|x| x.is_infinite()) {
        return Ok(ModelEstimate {
            estimate: f64::INFINITY,
            std_error: f64::NAN,
            n,
            method,
        });
    }
    let estimate = -neumaier(lq.iter().copied()) / n as f64 - h;
    let terms: Vec<f64> = h_terms.iter().zip(&lq).map(|(t, q)| -t - q).collect();
    let std_error = standard_error(
        options.uncertainty(),
        n,
        0,
        options.k() + 1,
        &terms,
        |rp, _| {
            let (hs, _, _) = crate::knn::entropy_point(&p.select(rp), options)?;
            Ok(-neumaier(rp.iter().map(|&i| lq[i])) / rp.len() as f64 - hs)
        },
    )?;
    Ok(ModelEstimate {
        estimate,
        std_error,
        n,
        method,
    })
}
