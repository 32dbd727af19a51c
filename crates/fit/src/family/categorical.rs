//! Categorical: free probabilities on a finite support, via softmax.

use super::{Family, Param, SufficientStatistics, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Start};
use crate::target::Expectation;

/// Categorical on `{0, …, k−1}` with every probability free
/// (`p0, …, p{k−1}`, summing to 1). Gradient solvers use the softmax
/// parameterisation `p = softmax(z)`.
///
/// # Formula
/// ```text
/// ln q(i) = ln pᵢ,   pᵢ = e^{zᵢ} / Σⱼ e^{zⱼ},   ∂D/∂zᵢ = pᵢ (gᵢ − Σⱼ pⱼ gⱼ)
/// forward-KL optimum: p = the data (KL = 0)
/// ```
///
/// # Errors
/// [`Categorical::new`] rejects `k = 0`; parameters must sum to 1 within
/// `divergence::SUM_TOLERANCE`.
///
/// # Example
/// ```
/// let data = fit::Target::from_counts(&[1, 3, 4])?;
/// let r = fit::fit(&data, &fit::Categorical::new(3)?, fit::Direction::Forward)?;
/// assert!((r.params().get("p2").unwrap() - 0.5).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Bishop (2006), §4.3.4 (softmax), §2.2 (multinomial MLE).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Categorical {
    k: usize,
}

impl Categorical {
    /// Categorical on `0..k`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `k = 0`.
    pub fn new(k: usize) -> Result<Self> {
        if k == 0 {
            return Err(Error::InvalidParameter {
                name: "k".into(),
                value: 0.0,
                reason: "a categorical needs at least one category",
            });
        }
        Ok(Categorical { k })
    }

    fn index(&self, x: f64) -> Option<usize> {
        (x >= 0.0 && x.fract() == 0.0 && (x as usize) < self.k).then_some(x as usize)
    }
}

impl Family for Categorical {
    fn name(&self) -> String {
        format!("Categorical(k={})", self.k)
    }
    fn params(&self) -> Vec<Param> {
        (0..self.k)
            .map(|i| Param::named(format!("p{i}"), 0.0, 1.0))
            .collect()
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: Some(self.k as i64 - 1),
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        self.index(x).map_or(f64::NEG_INFINITY, |i| t[i].ln())
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        g.fill(0.0);
        if let Some(i) = self.index(x) {
            g[i] = 1.0 / t[i];
        }
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0 / self.k as f64; self.k]
    }
    /// The maximum-likelihood estimate: the data's frequencies.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        let crate::target::Repr::Histogram(h) = &data.target().repr else {
            return Ok(None);
        };
        let mut p = vec![0.0; self.k];
        for (i, &q) in h.probs.iter().enumerate() {
            match self.index(h.x(i)) {
                Some(j) => p[j] = q,
                None if q > 0.0 => return Ok(None),
                None => {}
            }
        }
        Ok(Some(Start::Exact(p)))
    }
    fn check(&self, t: &[f64]) -> Result<()> {
        let sum: f64 = t.iter().sum();
        if (sum - 1.0).abs() > divergence::SUM_TOLERANCE {
            return Err(Error::InvalidParameter {
                name: "sum of p".into(),
                value: sum,
                reason: "categorical probabilities must sum to 1",
            });
        }
        Ok(())
    }
    fn to_unconstrained(&self, t: &[f64]) -> Vec<f64> {
        t.iter().map(|p| p.ln()).collect()
    }
    fn to_constrained(&self, z: &[f64]) -> Vec<f64> {
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        e.iter().map(|v| v / s).collect()
    }
    fn pull_back(&self, z: &[f64], g: &[f64]) -> Vec<f64> {
        let p = self.to_constrained(z);
        let mean: f64 = p.iter().zip(g).map(|(a, b)| a * b).sum();
        p.iter().zip(g).map(|(pi, gi)| pi * (gi - mean)).collect()
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Categorical {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        if let Some((start, probs)) = data.histogram() {
            // One pass: the frequencies, and the mass outside 0..k.
            let mut s = vec![0.0; self.k + 1];
            for (i, &p) in probs.iter().enumerate() {
                let x = (start + i as i64) as f64;
                match self.index(x) {
                    Some(j) => s[j] += p,
                    None => s[self.k] += p,
                }
            }
            return Some(s);
        }
        let mut s: Vec<f64> = (0..self.k)
            .map(|i| data.expect(&|x| f64::from(u8::from(self.index(x) == Some(i)))))
            .collect();
        s.push(data.expect(&|x| f64::from(u8::from(self.index(x).is_none()))));
        Some(s)
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        if s[self.k] > 0.0 {
            return f64::INFINITY;
        }
        -t.iter()
            .zip(s)
            .map(|(&p, &w)| super::xlny(w, p))
            .sum::<f64>()
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        for ((gi, &p), &w) in g.iter_mut().zip(t).zip(s) {
            *gi = if w == 0.0 { 0.0 } else { -w / p };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, Objective, Target};

    #[test]
    fn softmax_chain_rule_matches_differences() {
        let t = Target::from_counts(&[1, 3, 4, 2]).unwrap();
        let c = Categorical::new(4).unwrap();
        for d in [Direction::Forward, Direction::Reverse] {
            let o = Objective::new(&t, &c, d).unwrap();
            let z = [0.3, -0.2, 0.9, 0.1];
            let g = o.gradient_z(&z);
            for i in 0..4 {
                let h = 1e-6;
                let (mut a, mut b) = (z, z);
                a[i] += h;
                b[i] -= h;
                let fd = (o.value_z(&a) - o.value_z(&b)) / (2.0 * h);
                assert!((g[i] - fd).abs() < 1e-7, "{d} {i}: {} vs {fd}", g[i]);
            }
        }
        assert!(Categorical::new(0).is_err());
        assert!(o_err(&c));
    }

    fn o_err(c: &Categorical) -> bool {
        c.check(&[0.5, 0.2, 0.2, 0.2]).is_err()
    }
}
