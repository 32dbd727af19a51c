//! Normal(μ, σ).

use divergence::quadrature::{Adaptive, Integrator, NormalTrapezoid};

use super::{Cdf, ExpectUnder, Family, NormalMembers, Param, SufficientStatistics, Support};
use crate::error::Result;
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use divergence::simd as batch;

/// `ln N(x; m, s²)`.
#[inline]
pub(crate) fn ln_normal(x: f64, m: f64, s: f64) -> f64 {
    const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
    let z = (x - m) / s;
    -0.5 * z * z - s.ln() - HALF_LN_2PI
}

/// `E[f(X)]`, `X ~ N(μ, σ²)`: see [`normal_expectations`].
pub(crate) fn normal_expectation(mu: f64, sigma: f64, f: &dyn Fn(f64) -> f64) -> f64 {
    let mut out = [0.0];
    normal_expectations(mu, sigma, &|x, v| v[0] = f(x), &mut out);
    out[0]
}

/// `E[fᵢ(X)]`, `X ~ N(μ, σ²)`, for every component of `f` in one pass: the
/// divergence crate's nested trapezoidal rule (73–577 nodes, error
/// estimate), falling back to its adaptive Gauss–Kronrod per component where
/// the rule's estimate is not met (wide Normals over a target with sharp
/// features). `NaN` where both fail.
pub(crate) fn normal_expectations(
    mu: f64,
    sigma: f64,
    f: &dyn Fn(f64, &mut [f64]),
    out: &mut [f64],
) {
    const STACK: usize = 8;
    let m = out.len();
    let mut err_small = [0.0; STACK];
    let mut err_big = Vec::new();
    let err = if m <= STACK {
        &mut err_small[..m]
    } else {
        err_big.resize(m, 0.0);
        &mut err_big[..]
    };
    if NormalTrapezoid::default()
        .expectations(mu, sigma, f, out, err)
        .is_ok()
    {
        return;
    }
    let Ok(n) = divergence::statrs::distribution::Normal::new(mu, sigma) else {
        out.fill(f64::NAN);
        return;
    };
    let adaptive = Adaptive::default();
    for (i, o) in out.iter_mut().enumerate() {
        let mut v = vec![0.0; m];
        *o = adaptive
            .expectation(&n, |x| {
                f(x, &mut v);
                v[i]
            })
            .map_or(f64::NAN, |e| e.value);
    }
}

/// Normal(μ, σ) with both parameters free.
///
/// # Formula
/// ```text
/// ln q(x) = −ln σ − ½ ln 2π − (x−μ)²/(2σ²)
/// H(data, q) = ln σ + ½ ln 2π + (v + (m−μ)²)/(2σ²),   m = E X, v = Var X   (O(1))
/// forward-KL optimum (moment matching): μ = m, σ = √v
/// ```
/// Reverse KL against a continuous target, `−H(q) − E_q ln p`, takes the
/// Normal fast path ([`crate::NormalMembers`]): the nested trapezoidal rule on
/// fixed dyadic lattices (`divergence::quadrature::NormalLattice`), with the
/// target's log-density cached between evaluations and the gradient from
/// the same nodes (about 300 cached nodes per evaluation near `σ = 1`,
/// agreeing with mpmath to `10⁻¹⁵`); where the target has features too
/// narrow for that rule at the given `σ`, adaptive Gauss–Kronrod. Other
/// expectations under the model (and reverse KL against a target whose
/// log-density is not finite everywhere) use the nested trapezoidal rule in
/// the standardised variable (`divergence::quadrature::NormalTrapezoid`),
/// with adaptive Gauss–Kronrod as the fallback. Against a Normal or a
/// mixture of Normals the data's moments are exact, so forward KL is
/// closed-form.
///
/// # Example
/// ```
/// let mix = fit::Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
/// let r = fit::fit(&mix, &fit::Normal, fit::Direction::Forward)?;
/// assert!((r.params().get("sigma").unwrap() - 10f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Bishop, *Pattern Recognition and Machine Learning* (2006), §10.1.2 and
/// Fig. 10.3 (forward KL moment-matches, reverse KL seeks modes).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Normal;

impl Family for Normal {
    fn name(&self) -> String {
        "Normal".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("sigma", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        ln_normal(x, t[0], t[1])
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (m, s) = (t[0], t[1]);
        let z = (x - m) / s;
        g[0] = z / s;
        g[1] = (z * z - 1.0) / s;
    }
    fn start(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
    /// The maximum-likelihood estimate: the mean and the standard
    /// deviation with divisor `n`.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero variance.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&self.name())?;
        Ok(Some(Start::Exact(vec![
            data.mean(),
            data.variance().sqrt(),
        ])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        Some(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
    fn as_normal(&self) -> Option<&dyn NormalMembers> {
        Some(self)
    }
}

impl SufficientStatistics for Normal {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        if let Some((m, v)) = data.mean_variance() {
            return Some(vec![m, v]);
        }
        let m = data.expect(&|x| x);
        let v = data.expect(&|x| (x - m) * (x - m));
        Some(vec![m, v])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        let (mu, sigma) = (t[0], t[1]);
        let d = s[0] - mu;
        sigma.ln() + HALF_LN_2PI + (s[1] + d * d) / (2.0 * sigma * sigma)
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        let (mu, sigma) = (t[0], t[1]);
        let d = s[0] - mu;
        g[0] = -d / (sigma * sigma);
        g[1] = 1.0 / sigma - (s[1] + d * d) / (sigma * sigma * sigma);
    }
    fn cross_entropy_along(
        &self,
        t: &[f64],
        slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        if slot == 0 {
            // μ varies: ln σ and 2σ² once per run, the same operations as
            // per point (so the same bits), and no logarithm in the loop.
            let sigma = t[1];
            let c = sigma.ln() + HALF_LN_2PI;
            let two_var = 2.0 * sigma * sigma;
            for (o, &mu) in out.iter_mut().zip(values) {
                let d = s[0] - mu;
                *o = c + (s[1] + d * d) / two_var;
            }
        } else {
            let d = s[0] - t[0];
            let run = SigmaRun {
                second_moment: s[1] + d * d,
            };
            batch::map(&run, values, out);
        }
    }
}

impl ExpectUnder for Normal {
    fn expect_under(&self, t: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64> {
        Some(normal_expectation(t[0], t[1], f))
    }
    fn expect_under_many(&self, t: &[f64], f: &dyn Fn(f64, &mut [f64]), out: &mut [f64]) -> bool {
        normal_expectations(t[0], t[1], f, out);
        true
    }
}

impl Cdf for Normal {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        normal_cdf(x, t[0], t[1])
    }
}

impl NormalMembers for Normal {
    fn normal_slots(&self) -> (usize, usize) {
        (0, 1)
    }
}

/// `ln √(2π)`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// `H(data, N(μ, σ²))` as a function of `σ` at fixed `μ`, with the
/// vectorisable `ln`.
struct SigmaRun {
    /// `E (X − μ)² = Var X + (E X − μ)²`.
    second_moment: f64,
}

impl batch::PointFn for SigmaRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, sigma: f64) -> f64 {
        batch::ln::<FMA>(sigma) + HALF_LN_2PI + self.second_moment / (2.0 * sigma * sigma)
    }
}

/// `Φ((x − μ)/σ)` via `erfc`, accurate in both tails.
pub(crate) fn normal_cdf(x: f64, mu: f64, sigma: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-(x - mu) / (sigma * core::f64::consts::SQRT_2))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        for x in [-2.0, 0.1, 3.0] {
            crate::check_score(&Normal, &[0.4, 1.7], x).unwrap();
        }
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let data = crate::Target::samples(&[-1.0, 0.3, 0.4, 2.5, 7.0]).unwrap();
        // ln σ + ln √(2π) + (v + (m − μ)²)/(2σ²)
        let terms = |t: &[f64], s: &[f64]| {
            let d = s[0] - t[0];
            t[1].ln().abs() + HALF_LN_2PI + (s[1] + d * d) / (2.0 * t[1] * t[1])
        };
        let mus: Vec<f64> = (0..=400).map(|i| -20.0 + i as f64 * 0.1).collect();
        let sigmas: Vec<f64> = (1..=400)
            .map(|i| i as f64 * 0.05)
            .chain([1e-300, 1e300])
            .collect();
        crate::family::testing::check_along(&Normal, &data, &[0.0, 1.3], 0, &mus, terms);
        crate::family::testing::check_along(&Normal, &data, &[0.7, 1.0], 1, &sigmas, terms);
    }
}
