//! The split (block) model: two blocks of a finite support, uniform within each.

use super::{Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;
use divergence::simd as batch;
use divergence::simd::PointFn as _;

/// The split model on `{0, …, len−1}`: blocks `0..boundary` and
/// `boundary..len`, uniform within each; the parameter `t` is the mass of
/// the upper block.
///
/// The worm article's model is `Split::new(11, 6)`: blocks 0–5 and 6–10.
///
/// # Formula
/// ```text
/// q(k) = (1−t)/boundary  for k < boundary,   t/(len − boundary)  otherwise
/// forward-KL optimum: t = data mass of the upper block
/// ```
///
/// # Errors
/// [`Split::new`] rejects `boundary = 0` or `boundary ≥ len`.
///
/// # Example
/// ```
/// let worms = fit::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let r = fit::fit(&worms, &fit::Split::new(11, 6)?, fit::Direction::Forward)?;
/// assert!((r.params().get("t").unwrap() - 0.47).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    len: u64,
    boundary: u64,
}

impl Split {
    /// Blocks `0..boundary` and `boundary..len`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `0 < boundary < len`.
    pub fn new(len: u64, boundary: u64) -> Result<Self> {
        if boundary == 0 || boundary >= len {
            return Err(Error::InvalidParameter {
                name: "boundary".into(),
                value: boundary as f64,
                reason: "need 0 < boundary < len so that both blocks are non-empty",
            });
        }
        Ok(Split { len, boundary })
    }

    /// The first support point of the upper block.
    pub fn boundary(&self) -> u64 {
        self.boundary
    }

    fn block(&self, x: f64) -> Option<bool> {
        (x >= 0.0 && x < self.len as f64).then_some(x >= self.boundary as f64)
    }
}

impl Family for Split {
    fn name(&self) -> String {
        format!(
            "Split(0..{}|{}..{})",
            self.boundary - 1,
            self.boundary,
            self.len - 1
        )
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("t", 0.0, 1.0)]
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: Some(self.len as i64 - 1),
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        match self.block(x) {
            None => f64::NEG_INFINITY,
            Some(false) => (1.0 - t[0]).ln() - (self.boundary as f64).ln(),
            Some(true) => t[0].ln() - ((self.len - self.boundary) as f64).ln(),
        }
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        g[0] = match self.block(x) {
            Some(true) => 1.0 / t[0],
            _ => -1.0 / (1.0 - t[0]),
        };
    }
    fn start(&self) -> Vec<f64> {
        vec![0.5]
    }
    /// The maximum-likelihood estimate: the data's mass in the upper block.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let t = data.target();
        let upper = t.expect(&|x| f64::from(u8::from(self.block(x) == Some(true))));
        Ok(Some(Start::Exact(vec![upper.clamp(0.0, 1.0)])))
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Split {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        let upper = data.expect(&|x| f64::from(u8::from(self.block(x) == Some(true))));
        let outside = data.expect(&|x| f64::from(u8::from(self.block(x).is_none())));
        Some(vec![upper, outside])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[1] > 0.0 {
            return f64::INFINITY;
        }
        // The batch formula, one point at a time: one home for it.
        self.run(s).at::<false>(t[0])
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        g[0] = (1.0 - s[0]) / (1.0 - t[0]) - s[0] / t[0];
    }
    fn cross_entropy_along(
        &self,
        _t: &[f64],
        _slot: usize,
        values: &[f64],
        s: &[f64],
        out: &mut [f64],
    ) {
        if s[1] > 0.0 {
            out.fill(f64::INFINITY);
            return;
        }
        batch::map(&self.run(s), values, out);
    }
}

impl Split {
    /// The cross-entropy as a function of `t`, from the statistics.
    fn run(&self, s: &[f64]) -> CrossEntropyRun {
        CrossEntropyRun {
            upper: s[0],
            lower: 1.0 - s[0],
            lower_len: self.boundary as f64,
            upper_len: (self.len - self.boundary) as f64,
        }
    }
}

/// `H(data, Split(t))` as a function of `t`, with the vectorisable `ln`.
struct CrossEntropyRun {
    /// Data mass of the upper block.
    upper: f64,
    /// `1 −` that.
    lower: f64,
    /// Points in the lower block.
    lower_len: f64,
    /// Points in the upper block.
    upper_len: f64,
}

impl batch::PointFn for CrossEntropyRun {
    #[inline(always)]
    fn at<const FMA: bool>(&self, t: f64) -> f64 {
        -(batch::xlny::<FMA>(self.lower, (1.0 - t) / self.lower_len)
            + batch::xlny::<FMA>(self.upper, t / self.upper_len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_score;

    #[test]
    fn construction_and_score() {
        assert!(Split::new(11, 0).is_err());
        assert!(Split::new(11, 11).is_err());
        let s = Split::new(11, 6).unwrap();
        for k in 0..11 {
            check_score(&s, &[0.3], k as f64).unwrap();
        }
        let total: f64 = (0..11).map(|k| s.ln_density(&[0.3], k as f64).exp()).sum();
        approx::assert_relative_eq!(total, 1.0, epsilon = 1e-14);
    }

    #[test]
    fn batch_cross_entropy_matches_the_per_point_one() {
        let worms = crate::Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]).unwrap();
        let ts: Vec<f64> = (0..=1000).map(|i| i as f64 / 1000.0).collect();
        // −((1 − u) ln((1 − t)/b) + u ln(t/(len − b))),  u = upper mass
        let terms = |t: &[f64], s: &[f64]| {
            ((1.0 - s[0]) * ((1.0 - t[0]) / 6.0).ln()).abs() + (s[0] * (t[0] / 5.0).ln()).abs()
        };
        let s = Split::new(11, 6).unwrap();
        crate::family::testing::check_along(&s, &worms, &[0.5], 0, &ts, terms);
    }
}
