//! Weibull(k, λ), written as a [`Model`]: its score comes from automatic
//! differentiation.

use super::{Cdf, Model, Param, Real, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Euler–Mascheroni constant `γ`: `E ln X = ln λ − γ/k` for a Weibull.
const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Weibull(k, λ) on `x > 0`: shape `k`, scale `λ`.
///
/// # Formula
/// ```text
/// ln q(x) = ln k − ln λ + (k − 1) ln(x/λ) − (x/λ)^k
/// F(x)    = 1 − exp(−(x/λ)^k)
/// start:  ln X has standard deviation π/(k√6) and mean ln λ − γ/k
/// MLE:    g(k) = Σ xᵢᵏ ln xᵢ / Σ xᵢᵏ − 1/k − mean ln x = 0,  λ = (mean xᵏ)^{1/k}
/// score:  ∂/∂k = 1/k + ln(x/λ)(1 − (x/λ)^k),   ∂/∂λ = (k/λ)((x/λ)^k − 1)
/// ```
/// The score is written by hand for speed (it runs once per sample per
/// gradient) and tested against automatic differentiation of `ln q`.
/// For samples the maximum-likelihood shape is the root of the profile
/// equation `g`, found by safeguarded Newton steps from the log-moment
/// estimate (one pass over the data per step, `xᵏ` scaled by the largest
/// sample so nothing overflows), and reported as the exact optimum; for
/// other data the fit starts from the log-moment estimate and runs L-BFGS
/// on the score from automatic differentiation of `ln q` ([`Model`]).
///
/// # Example
/// ```
/// use fit::{fit, Direction, Target, Weibull};
/// let x = [0.8, 1.1, 1.9, 0.4, 1.3, 2.2, 0.9, 1.6];
/// let r = fit(&Target::samples(&x)?, &Weibull, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("shape").unwrap() > 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 1, 2nd ed. (1994), ch. 21 (moments of `ln X`: §21.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weibull;

impl Model for Weibull {
    fn name(&self) -> String {
        "Weibull".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("shape", 0.0, f64::INFINITY),
            Param::new("scale", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::OpenReals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() || x <= 0.0 {
            return D::from(f64::NEG_INFINITY);
        }
        let (k, lambda) = (t[0], t[1]);
        let ln_ratio = -lambda.ln() + x.ln(); // ln(x/λ)
        k.ln() - lambda.ln() + (k - 1.0) * ln_ratio - (k * ln_ratio).exp()
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (k, lambda) = (t[0], t[1]);
        if x.is_nan() || x <= 0.0 {
            g[..2].fill(0.0);
            return;
        }
        let ln_ratio = (x / lambda).ln();
        let power = (k * ln_ratio).exp(); // (x/λ)^k
        g[0] = 1.0 / k + ln_ratio * (1.0 - power);
        g[1] = k / lambda * (power - 1.0);
    }
    /// For samples, the maximum-likelihood estimate (the root of the profile
    /// equation, [`Start::Exact`]); otherwise, or if Newton's method does not
    /// settle, the log-moment estimate `k = π/(s√6)`, `λ = exp(m + γ/k)`, with
    /// `m` and `s` the mean and standard deviation of `ln x`.
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when every `ln x` is the same.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let Some(m) = data.mean_ln() else {
            return Ok(None);
        };
        let v = data.target().expect(&|x| (x.ln() - m) * (x.ln() - m));
        if v.is_nan() || v <= 0.0 {
            data.require_spread(&Model::name(self))?;
            return Err(Error::DegenerateData {
                family: Model::name(self),
                reason: "the logarithms of the data have zero variance".into(),
            });
        }
        let k = core::f64::consts::PI / (6.0 * v).sqrt();
        let lambda = (m + EULER_GAMMA / k).exp();
        if let Some(mle) = data.samples().and_then(|xs| profile_mle(xs, k)) {
            return Ok(Some(Start::Exact(mle)));
        }
        Ok(Some(Start::Estimate(vec![k, lambda])))
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

/// Newton steps on the profile equation stop when the step is below this,
/// relative to `k`.
const PROFILE_NEWTON_TOL: f64 = 1e-14;
/// At most this many Newton steps (it converges in about 6).
const PROFILE_NEWTON_STEPS: usize = 50;

/// The maximum-likelihood `(k, λ)` of positive samples `xs` from the start
/// `k0`: Newton's method on the profile equation `g(k) = 0` (`g` rises from
/// `−∞` at 0 to a positive limit, so a bracket `[lo, hi]` with `g(lo) < 0 <
/// g(hi)` is kept and a step that leaves it is replaced by bisection).
/// `None` if the samples do not pin it down.
fn profile_mle(xs: &[f64], k0: f64) -> Option<Vec<f64>> {
    let n = xs.len() as f64;
    let ln: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
    let top = ln.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mean_ln = ln.iter().sum::<f64>() / n;
    // g(k), g'(k) and Σ xᵏ/max(x)ᵏ in one pass (weights ≤ 1: no overflow).
    let profile = |k: f64| {
        let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for &l in &ln {
            let w = (k * (l - top)).exp();
            s0 += w;
            s1 += w * l;
            s2 += w * l * l;
        }
        let a = s1 / s0;
        (a - 1.0 / k - mean_ln, s2 / s0 - a * a + 1.0 / (k * k), s0)
    };
    let (mut lo, mut hi) = (0.0, f64::INFINITY);
    let mut k = k0;
    for _ in 0..PROFILE_NEWTON_STEPS {
        let (g, dg, _) = profile(k);
        if !g.is_finite() || !dg.is_finite() || dg <= 0.0 {
            return None;
        }
        if g < 0.0 {
            lo = k;
        } else {
            hi = k;
        }
        let mut next = k - g / dg;
        if !(next > lo && next < hi) {
            next = if hi.is_finite() {
                0.5 * (lo + hi)
            } else {
                2.0 * k
            };
        }
        let done = (next - k).abs() <= PROFILE_NEWTON_TOL * k;
        k = next;
        if done {
            let (_, _, s0) = profile(k);
            // λ = (mean xᵏ)^{1/k} = max(x) · (s0/n)^{1/k}.
            let lambda = top.exp() * (s0 / n).powf(1.0 / k);
            return (k.is_finite() && lambda.is_finite() && lambda > 0.0).then(|| vec![k, lambda]);
        }
    }
    None
}

impl Cdf for Weibull {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            -(-(x / t[1]).powf(t[0])).exp_m1()
        }
    }
}
