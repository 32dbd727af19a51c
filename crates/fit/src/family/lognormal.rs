//! LogNormal(μ, σ).

use super::normal::{ln_normal, normal_expectation, normal_expectations};
use super::{Cdf, ExpectUnder, Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::{Expectation, SampleMoments};

/// LogNormal(μ, σ): `ln X ~ N(μ, σ²)`.
///
/// # Formula
/// ```text
/// ln q(x) = ln φ((ln x − μ)/σ) − ln σ − ln x
/// forward-KL optimum: μ = E ln X, σ² = Var ln X
/// ```
///
/// # Example
/// ```
/// let xs: Vec<f64> = [0.5, 1.0, 2.0, 4.0].to_vec();
/// let r = fit::fit(&fit::Target::samples(&xs)?, &fit::LogNormal, fit::Direction::Forward)?;
/// assert!((r.params().get("mu").unwrap() - 2f64.ln() / 2.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LogNormal;

impl Family for LogNormal {
    fn name(&self) -> String {
        "LogNormal".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![
            Param::new("mu", f64::NEG_INFINITY, f64::INFINITY),
            Param::new("sigma", 0.0, f64::INFINITY),
        ]
    }
    fn support(&self) -> Support {
        Support::OpenReals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            return f64::NEG_INFINITY;
        }
        ln_normal(x.ln(), t[0], t[1]) - x.ln()
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let z = (x.ln() - t[0]) / t[1];
        g[0] = z / t[1];
        g[1] = (z * z - 1.0) / t[1];
    }
    fn start(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
    /// The maximum-likelihood estimate: mean and standard deviation (divisor
    /// `n`) of `ln x`.
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when every `ln x` is the same.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let Some(m) = data.mean_ln() else {
            return Ok(None);
        };
        let t = data.target();
        let (m, v) = match t.sample_moments() {
            Some(SampleMoments {
                mean_ln: Some(m),
                variance_ln: Some(v),
                ..
            }) => (m, v),
            _ => {
                let m = m + t.expect(&|x| x.ln() - m);
                (m, t.expect(&|x| (x.ln() - m) * (x.ln() - m)))
            }
        };
        if v.is_nan() || v <= 0.0 {
            data.require_spread(&self.name())?;
            return Err(Error::DegenerateData {
                family: self.name(),
                reason: "the logarithms of the data have zero variance".into(),
            });
        }
        Ok(Some(Start::Exact(vec![m, v.sqrt()])))
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
}

impl SufficientStatistics for LogNormal {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        if let Some(SampleMoments {
            mean_ln: Some(m),
            variance_ln: Some(v),
            ..
        }) = data.sample_moments()
        {
            return Some(vec![m, v, 0.0]);
        }
        let outside = data.expect(&|x| f64::from(u8::from(x <= 0.0)));
        if outside > 0.0 {
            return Some(vec![f64::NAN, f64::NAN, outside]);
        }
        let m = data.expect(&|x| x.ln());
        let v = data.expect(&|x| (x.ln() - m) * (x.ln() - m));
        Some(vec![m, v, 0.0])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[2] > 0.0 {
            return f64::INFINITY;
        }
        super::Normal.cross_entropy(t, &s[..2]) + s[0]
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        super::Normal.cross_entropy_gradient(t, &s[..2], g);
    }
    fn cross_entropy_along(
        &self,
        t: &[f64],
        slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        if s[2] > 0.0 {
            out.fill(f64::INFINITY);
            return;
        }
        super::Normal.cross_entropy_along(t, slot, values, &s[..2], out);
        out.iter_mut().for_each(|o| *o += s[0]);
    }
}

impl ExpectUnder for LogNormal {
    fn expect_under(&self, t: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64> {
        Some(normal_expectation(t[0], t[1], &|y| f(y.exp())))
    }
    fn expect_under_many(&self, t: &[f64], f: &dyn Fn(f64, &mut [f64]), out: &mut [f64]) -> bool {
        normal_expectations(t[0], t[1], &|y, v| f(y.exp(), v), out);
        true
    }
}

impl Cdf for LogNormal {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            super::normal::normal_cdf(x.ln(), t[0], t[1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn score() {
        for x in [0.2, 1.0, 3.0] {
            crate::check_score(&LogNormal, &[0.4, 0.7], x).unwrap();
        }
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let data = crate::Target::samples(&[0.2, 0.9, 1.1, 4.0]).unwrap();
        // ln σ + ln √(2π) + (v + (m − μ)²)/(2σ²) + m,  m = E ln X
        let terms = |t: &[f64], s: &[f64]| {
            let d = s[0] - t[0];
            t[1].ln().abs() + 0.92 + (s[1] + d * d) / (2.0 * t[1] * t[1]) + s[0].abs()
        };
        let sigmas: Vec<f64> = (1..=300).map(|i| i as f64 * 0.05).collect();
        crate::family::testing::check_along(&LogNormal, &data, &[0.1, 1.0], 1, &sigmas, terms);
        crate::family::testing::check_along(&LogNormal, &data, &[0.1, 1.0], 0, &sigmas, terms);
    }
}
