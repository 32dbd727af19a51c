//! Student's t with location and scale, written as a [`Model`]: its score
//! comes from automatic differentiation.

use super::quantile::{median, sorted};
use super::{Cdf, Model, Param, Real, Support};
use crate::error::Result;
use crate::start::{DataSummary, Degeneracy, Start};

/// `1/Φ⁻¹(3/4)`: the median absolute deviation times this estimates a
/// Normal's standard deviation (the start of the scale).
const MAD_TO_SD: f64 = 1.482_602_218_505_602;
/// The starting degrees of freedom: tails clearly heavier than a Normal's,
/// with finite variance and kurtosis.
const START_DF: f64 = 5.0;
/// A fitted `ν` above this is reported as degenerate: the t is then a
/// Normal to within `1/ν` in every quantity a fit can see, and the
/// likelihood is flat in `ν`, growing towards `ν → ∞`.
const NORMAL_LIMIT_DF: f64 = 1e4;
/// From this `a = ν/2` on, `ln Γ(a + ½) − ln Γ(a) − ½ ln a` is taken from
/// its asymptotic series (truncation error < 2·10⁻³/a⁹ < 10⁻¹⁸): the two
/// `ln Γ` values it would otherwise subtract grow like `a ln a`, and their
/// rounding error would let a huge `ν` look better than the Normal limit.
const SERIES_FROM: f64 = 50.0;

/// Student's t with location `mu`, scale `sigma > 0` and degrees of freedom
/// `nu > 0` on the real line.
///
/// # Formula
/// ```text
/// z = (x − μ)/σ
/// ln q(x) = ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ) − ln σ − (ν+1)/2 · ln(1 + z²/ν)
/// F(x)    = 1 − ½ I_{ν/(ν+z²)}(ν/2, ½)   for z ≥ 0 (symmetric for z < 0)
/// start:    μ = median,   σ = 1.4826 · median|x − median|,   ν = 5
/// ```
/// The maximum-likelihood estimate has no closed form. The likelihood can
/// be flat in `ν`: for data with tails no heavier than a Normal's it
/// increases all the way to `ν → ∞` (the Normal), and such a fit is
/// reported as [`crate::Status::Degenerate`] (`ν` above 10⁴) rather than
/// converged; fit a [`crate::Normal`] instead. Without samples the start is
/// the mean and standard deviation, `ν = 5`.
///
/// # Errors
/// Fits fail with [`crate::Error::DegenerateData`] when every observation
/// is equal.
///
/// # Example
/// ```
/// use fit::{fit, Direction, StudentT, Target};
/// let x = [-9.0, -1.2, -0.6, -0.3, 0.0, 0.2, 0.5, 0.8, 1.1, 1.9, 7.5];
/// let r = fit(&Target::samples(&x)?, &StudentT, Direction::Forward)?;
/// assert!(r.converged() && r.params().get("nu").unwrap() < 5.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
/// vol. 2, 2nd ed. (1995), ch. 28; Lange, Little & Taylor, "Robust
/// statistical modeling using the t distribution", *JASA* 84 (1989)
/// 881–896 (maximum likelihood, the flat likelihood in `ν`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StudentT;

impl Model for StudentT {
    fn name(&self) -> String {
        "StudentT".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("sigma", 0.0, f64::INFINITY),
            Param::new("nu", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        if x.is_nan() {
            return D::from(f64::NEG_INFINITY);
        }
        let (mu, sigma, nu) = (t[0], t[1], t[2]);
        let z = (-mu + x) / sigma;
        // ½ ln(νπ) = ½ ln(ν/2) + ½ ln 2π.
        ln_gamma_half_ratio(nu * 0.5)
            - sigma.ln()
            - (nu + 1.0) * 0.5 * (z * z / nu).ln_1p()
            - (2.0 * core::f64::consts::PI).ln() * 0.5
    }
    /// The score by hand (checked against automatic differentiation in the
    /// tests); the `ν`-only term `½ g′(ν/2)` is computed once per `ν` and
    /// thread, as a sample's points share it.
    ///
    /// ```text
    /// w = (ν + 1)/(ν + z²)
    /// ∂μ = w z/σ,   ∂σ = (w z² − 1)/σ
    /// ∂ν = ½ g′(ν/2) − ½ ln(1 + z²/ν) + (ν + 1) z²/(2ν(ν + z²))
    /// g(a) = ln Γ(a + ½) − ln Γ(a) − ½ ln a
    /// ```
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let (mu, sigma, nu) = (t[0], t[1], t[2]);
        let z = (x - mu) / sigma;
        let z2 = z * z;
        let w = (nu + 1.0) / (nu + z2);
        g[0] = w * z / sigma;
        g[1] = (w * z2 - 1.0) / sigma;
        g[2] = 0.5 * half_ratio_slope(0.5 * nu) - 0.5 * (z2 / nu).ln_1p()
            + (nu + 1.0) * z2 / (2.0 * nu * (nu + z2));
    }
    /// The median, the scaled median absolute deviation (the standard
    /// deviation when it is 0) and `ν = 5`.
    ///
    /// # Errors
    /// [`crate::Error::DegenerateData`] for zero spread.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        data.require_spread(&Model::name(self))?;
        let sd = data.variance().sqrt();
        let t = match data.samples() {
            Some(xs) => {
                let s = sorted(xs);
                let m = median(&s);
                let mad = median(&sorted(
                    &xs.iter().map(|x| (x - m).abs()).collect::<Vec<_>>(),
                ));
                let scale = if mad > 0.0 { MAD_TO_SD * mad } else { sd };
                vec![m, scale, START_DF]
            }
            None => vec![data.mean(), sd, START_DF],
        };
        Ok(t.iter()
            .all(|v| v.is_finite())
            .then_some(Start::Estimate(t)))
    }
    /// `ν` above 10⁴: the optimum is the Normal limit `ν → ∞`.
    fn degeneracy(&self, theta: &[f64], _data: &DataSummary<'_>) -> Option<Degeneracy> {
        (theta[2] > NORMAL_LIMIT_DF).then(|| {
            Degeneracy::new(
                "nu",
                format!(
                    "nu = {:e} → ∞: the tails are no heavier than a Normal's; fit a Normal",
                    theta[2]
                ),
            )
        })
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

/// `ln Γ(a + ½) − ln Γ(a) − ½ ln a`, accurate for large `a` too.
///
/// # Formula
/// ```text
/// a < 50:  ln Γ(a + ½) − ln Γ(a) − ½ ln a
/// a ≥ 50:  −1/(8a) + 1/(192a³) − 1/(640a⁵) + 17/(14336a⁷)
/// ```
///
/// # Reference
/// The Stirling series of `ln Γ` (Abramowitz & Stegun 6.1.40) for
/// `Γ(a + ½)/Γ(a)`; Tricomi & Erdélyi, *Pacific J. Math.* 1 (1951)
/// 133–142. Coefficients checked against mpmath (50 digits) in the tests.
fn ln_gamma_half_ratio<D: Real>(a: D) -> D {
    if a.value() < SERIES_FROM {
        return (a + 0.5).ln_gamma() - a.ln_gamma() - a.ln() * 0.5;
    }
    let r = a.recip();
    let r2 = r * r;
    r * ((r2 * ((r2 * (17.0 / 14336.0) - 1.0 / 640.0) * r2 + 1.0 / 192.0)) - 1.0 / 8.0)
}

thread_local! {
    /// The last `(a, g′(a))` of [`half_ratio_slope`] on this thread.
    static SLOPE: core::cell::Cell<(u64, f64)> = const { core::cell::Cell::new((u64::MAX, 0.0)) };
}

/// `g′(a)`, the derivative of [`ln_gamma_half_ratio`] (by one dual-number
/// pass through the same formula, so the two switch to the series
/// together), remembered for the last `a` on each thread: a score over a
/// sample asks for the same `a` at every point.
fn half_ratio_slope(a: f64) -> f64 {
    let key = a.to_bits();
    SLOPE.with(|c| {
        let (k, v) = c.get();
        if k == key {
            return v;
        }
        let d: num_dual::Dual64 = ln_gamma_half_ratio(num_dual::Dual64::new(a, 1.0));
        c.set((key, d.eps));
        d.eps
    })
}

impl Cdf for StudentT {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        let (z, nu) = ((x - t[0]) / t[1], t[2]);
        let tail = 0.5 * statrs::function::beta::beta_reg(0.5 * nu, 0.5, nu / (nu + z * z));
        if z >= 0.0 {
            1.0 - tail
        } else {
            tail
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        crate::check_score(&StudentT, &[0.3, 1.7, 4.0], 2.1).unwrap();
        crate::check_score(&StudentT, &[0.3, 1.7, 0.8], -30.0).unwrap();
    }

    /// The hand-written score equals automatic differentiation of the
    /// formula, on both sides of the series switch and in the tails.
    #[test]
    fn hand_score_is_the_automatic_one() {
        for t in [
            [0.3, 1.7, 4.0],
            [0.3, 1.7, 0.8],
            [-2.0, 0.01, 150.0],
            [5.0, 3e3, 2e4],
        ] {
            for x in [-1e6, -30.0, -1.0, 0.3, 2.1, 1e3] {
                let mut hand = [0.0; 3];
                let mut auto = [0.0; 3];
                Model::grad_ln_density(&StudentT, &t, x, &mut hand);
                crate::autodiff_score(&StudentT, &t, x, &mut auto);
                for (h, a) in hand.iter().zip(&auto) {
                    assert!(
                        (h - a).abs() <= 1e-10 * (1.0 + a.abs()),
                        "{t:?} x={x}: {hand:?} vs {auto:?}"
                    );
                }
            }
        }
    }

    /// mpmath (50 digits): loggamma(a + 1/2) − loggamma(a) − log(a)/2.
    #[test]
    #[allow(clippy::excessive_precision)] // the digits mpmath printed
    fn half_ratio_on_both_sides_of_the_switch() {
        for (a, want) in [
            (10.0, -0.012_494_807_174_728_820),
            (50.0, -0.002_499_958_338_331_816_3),
            (1000.0, -0.000_124_999_994_791_668_23),
        ] {
            let got: f64 = ln_gamma_half_ratio(a);
            // statrs's ln Γ is good to ~1e-15 relative; ln Γ(10.5) ≈ 13.9.
            assert!((got - want).abs() < 1e-13, "{a}: {got} vs {want}");
        }
        // Continuity at the switch.
        let below: f64 = ln_gamma_half_ratio(SERIES_FROM * (1.0 - f64::EPSILON));
        let above: f64 = ln_gamma_half_ratio(SERIES_FROM);
        assert!((below - above).abs() < 1e-13);
    }

    #[test]
    fn mad_constant() {
        // Φ⁻¹(3/4) = 0.6744897501960817 (mpmath: sqrt(2)*erfinv(0.5)).
        assert!((MAD_TO_SD * 0.674_489_750_196_081_7 - 1.0).abs() < 1e-15);
    }

    /// ν = 1 is the Cauchy: F(μ + σ) = 3/4; ν = 2 has F(z) = ½ + z/(2√(2 + z²)).
    #[test]
    fn cdf() {
        assert!((StudentT.cdf(&[1.0, 2.0, 1.0], 3.0) - 0.75).abs() < 1e-14);
        let z: f64 = -1.3;
        let want = 0.5 + z / (2.0 * (2.0 + z * z).sqrt());
        assert!((StudentT.cdf(&[0.0, 1.0, 2.0], z) - want).abs() < 1e-14);
    }
}
