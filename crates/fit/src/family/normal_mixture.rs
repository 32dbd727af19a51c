//! A mixture of k Normals as a model family.

use super::normal::{ln_normal, normal_expectation};
use super::{Cdf, ExpectUnder, Family, Param, Support};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Degeneracy, Start};
use crate::tolerance::{MIXTURE_MIN_MEMBERS, MIXTURE_MIN_SIGMA_REL, MIXTURE_MIN_WEIGHT};

/// A mixture of `k` Normals with free weights, means and standard deviations.
///
/// Parameters, in order: `w1 … wk` (summing to 1), `mu1 … muk`,
/// `sigma1 … sigmak`. Gradient solvers use softmax for the weights and log
/// for the scales. Fit it by expectation–maximisation with [`crate::em`] or
/// by the generic solvers: EM's objective is exactly forward KL to the data.
///
/// # Formula
/// ```text
/// q(x) = Σⱼ wⱼ φ((x − μⱼ)/σⱼ)/σⱼ,   rⱼ(x) = wⱼ N(x; μⱼ, σⱼ) / q(x)
/// ∂ln q/∂wⱼ = rⱼ/wⱼ,  ∂ln q/∂μⱼ = rⱼ (x−μⱼ)/σⱼ²,  ∂ln q/∂σⱼ = rⱼ ((x−μⱼ)²/σⱼ³ − 1/σⱼ)
/// ```
///
/// # Errors
/// [`MixtureOfNormals::new`] rejects `k = 0`.
///
/// # Example
/// ```
/// use fit::{em, MixtureOfNormals, Target};
/// let data = Target::normal_mixture(&[(0.3, -2.0, 1.0), (0.7, 2.0, 0.5)])?;
/// let r = em(&data, &MixtureOfNormals::new(2)?, Some(&[0.5, 0.5, -1.0, 1.0, 1.0, 1.0]), 2000)?;
/// assert!((r.params().get("mu2").unwrap() - 2.0).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Dempster, Laird & Rubin, *JRSS B* 39 (1977) 1–38; Bishop (2006), §9.2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixtureOfNormals {
    k: usize,
}

impl MixtureOfNormals {
    /// A mixture of `k` Normals.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `k = 0`.
    pub fn new(k: usize) -> Result<Self> {
        if k == 0 {
            return Err(Error::InvalidParameter {
                name: "k".into(),
                value: 0.0,
                reason: "a mixture needs at least one component",
            });
        }
        Ok(MixtureOfNormals { k })
    }

    /// The number of components.
    pub fn components(&self) -> usize {
        self.k
    }

    /// `Err(DegenerateData)` unless the data have more distinct values than
    /// the mixture has components, and a positive variance.
    pub(crate) fn identifiable(&self, data: &DataSummary<'_>) -> Result<()> {
        let k = self.k;
        if data.distinct() <= k {
            return Err(Error::DegenerateData {
                family: self.name(),
                reason: format!(
                    "a mixture of {k} Normals needs at least {} distinct values; the data have {}",
                    k + 1,
                    data.distinct()
                ),
            });
        }
        data.require_spread(&self.name())
    }

    /// The quantile split of sorted samples: `k` groups of equal size, each
    /// group's share, mean and standard deviation (floored at 1e-3 of the
    /// data's, `sd`).
    pub(crate) fn quantile_split(&self, sorted: &[f64], sd: f64) -> Vec<f64> {
        let (k, n) = (self.k, sorted.len());
        let mut t = vec![1.0 / k as f64; k];
        let (mut means, mut sds) = (Vec::with_capacity(k), Vec::with_capacity(k));
        for j in 0..k {
            let g = &sorted[(j * n / k).min(n - 1)..((j + 1) * n / k).max(j * n / k + 1).min(n)];
            let m = g.iter().sum::<f64>() / g.len() as f64;
            let v = g.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / g.len() as f64;
            means.push(m);
            sds.push(v.sqrt().max(1e-3 * sd));
        }
        t.extend(means);
        t.extend(sds);
        t
    }

    /// Responsibilities `rⱼ(x)` into `r`; returns `ln q(x)`.
    pub(crate) fn responsibilities(&self, t: &[f64], x: f64, r: &mut [f64]) -> f64 {
        let k = self.k;
        let mut max = f64::NEG_INFINITY;
        for j in 0..k {
            r[j] = if t[j] > 0.0 {
                t[j].ln() + ln_normal(x, t[k + j], t[2 * k + j])
            } else {
                f64::NEG_INFINITY
            };
            max = max.max(r[j]);
        }
        if max == f64::NEG_INFINITY {
            r.fill(0.0);
            return max;
        }
        let mut s = 0.0;
        for v in r.iter_mut() {
            *v = (*v - max).exp();
            s += *v;
        }
        for v in r.iter_mut() {
            *v /= s;
        }
        max + s.ln()
    }
}

/// Components beyond this count allocate their responsibilities on the heap.
const STACK_COMPONENTS: usize = 16;

impl Family for MixtureOfNormals {
    fn name(&self) -> String {
        format!("MixtureOfNormals(k={})", self.k)
    }
    fn params(&self) -> Vec<Param> {
        let k = self.k;
        let mut v: Vec<Param> = (1..=k)
            .map(|j| Param::named(format!("w{j}"), 0.0, 1.0))
            .collect();
        v.extend((1..=k).map(|j| Param::named(format!("mu{j}"), f64::NEG_INFINITY, f64::INFINITY)));
        v.extend((1..=k).map(|j| Param::named(format!("sigma{j}"), 0.0, f64::INFINITY)));
        v
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        let mut small = [0.0; STACK_COMPONENTS];
        let mut big = Vec::new();
        let r = if self.k <= STACK_COMPONENTS {
            &mut small[..self.k]
        } else {
            big.resize(self.k, 0.0);
            &mut big[..]
        };
        self.responsibilities(t, x, r)
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        let k = self.k;
        let (w, rest) = g.split_at_mut(k);
        self.responsibilities(t, x, w);
        for j in 0..k {
            let r = w[j];
            let (m, s) = (t[k + j], t[2 * k + j]);
            let d = x - m;
            rest[j] = r * d / (s * s);
            rest[k + j] = r * (d * d / (s * s * s) - 1.0 / s);
            w[j] = if t[j] > 0.0 { r / t[j] } else { 0.0 };
        }
    }
    fn start(&self) -> Vec<f64> {
        let k = self.k;
        let mut v = vec![1.0 / k as f64; k];
        v.extend((0..k).map(|j| {
            if k == 1 {
                0.0
            } else {
                -1.0 + 2.0 * j as f64 / (k - 1) as f64
            }
        }));
        v.extend(vec![1.0; k]);
        v
    }
    /// The quantile split: the sorted samples cut into `k` groups of equal
    /// size, each group's share, mean and standard deviation (floored at
    /// 1e-3 of the data's); for a density, means spread evenly over
    /// `mean ± sd`.
    ///
    /// # Errors
    /// [`Error::DegenerateData`] for fewer than `k + 1` distinct values or
    /// zero variance.
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        self.identifiable(data)?;
        let (k, m, sd) = (self.k, data.mean(), data.variance().sqrt());
        if let Some(xs) = data.samples() {
            let mut sorted = xs.to_vec();
            sorted.sort_unstable_by(f64::total_cmp);
            return Ok(Some(Start::Estimate(self.quantile_split(&sorted, sd))));
        }
        let mut t = vec![1.0 / k as f64; k];
        t.extend((0..k).map(|j| {
            if k == 1 {
                m
            } else {
                m + sd * (2.0 * j as f64 / (k - 1) as f64 - 1.0)
            }
        }));
        t.extend(vec![sd / k as f64; k]);
        Ok(Some(Start::Estimate(t)))
    }
    /// A component with weight below [`MIXTURE_MIN_WEIGHT`], a standard
    /// deviation below [`MIXTURE_MIN_SIGMA_REL`] of the data's, or (for
    /// samples) fewer than [`MIXTURE_MIN_MEMBERS`] observations.
    fn degeneracy(&self, t: &[f64], data: &DataSummary<'_>) -> Option<Degeneracy> {
        let k = self.k;
        let sd = data.variance().sqrt();
        (0..k).find_map(|j| {
            let (w, s) = (t[j], t[2 * k + j]);
            if w < MIXTURE_MIN_WEIGHT {
                return Some(Degeneracy::new(
                    format!("w{}", j + 1),
                    format!("weight {w:.1e} ≈ 0: component {} is empty", j + 1),
                ));
            }
            if s < MIXTURE_MIN_SIGMA_REL * sd {
                return Some(Degeneracy::new(
                    format!("sigma{}", j + 1),
                    format!(
                        "{s:.1e} collapsed onto a data point (the likelihood is unbounded there)"
                    ),
                ));
            }
            match data.n() {
                Some(n) if data.samples().is_some() && w * (n as f64) < MIXTURE_MIN_MEMBERS => {
                    Some(Degeneracy::new(
                        format!("w{}", j + 1),
                        format!(
                            "component {} holds {:.2} observations: a spurious maximum on one or two points",
                            j + 1,
                            w * n as f64
                        ),
                    ))
                }
                _ => None,
            }
        })
    }
    fn as_mixture_of_normals(&self) -> Option<&MixtureOfNormals> {
        Some(self)
    }
    fn check(&self, t: &[f64]) -> Result<()> {
        let sum: f64 = t[..self.k].iter().sum();
        if (sum - 1.0).abs() > divergence::SUM_TOLERANCE {
            return Err(Error::InvalidParameter {
                name: "sum of weights".into(),
                value: sum,
                reason: "mixture weights must sum to 1",
            });
        }
        Ok(())
    }
    fn to_unconstrained(&self, t: &[f64]) -> Vec<f64> {
        let k = self.k;
        let mut z: Vec<f64> = t[..k].iter().map(|w| w.ln()).collect();
        z.extend_from_slice(&t[k..2 * k]);
        z.extend(t[2 * k..].iter().map(|s| s.ln()));
        z
    }
    fn to_constrained(&self, z: &[f64]) -> Vec<f64> {
        let k = self.k;
        let m = z[..k].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z[..k].iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        let mut t: Vec<f64> = e.iter().map(|v| v / s).collect();
        t.extend_from_slice(&z[k..2 * k]);
        t.extend(z[2 * k..].iter().map(|v| v.exp()));
        t
    }
    fn pull_back(&self, z: &[f64], g: &[f64]) -> Vec<f64> {
        let k = self.k;
        let t = self.to_constrained(z);
        let mean: f64 = t[..k].iter().zip(g).map(|(a, b)| a * b).sum();
        let mut out: Vec<f64> = (0..k).map(|j| t[j] * (g[j] - mean)).collect();
        out.extend_from_slice(&g[k..2 * k]);
        out.extend((0..k).map(|j| g[2 * k + j] * t[2 * k + j]));
        out
    }
    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        Some(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Some(self)
    }
}

impl ExpectUnder for MixtureOfNormals {
    fn expect_under(&self, t: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64> {
        let k = self.k;
        Some(
            (0..k)
                .filter(|&j| t[j] > 0.0)
                .map(|j| t[j] * normal_expectation(t[k + j], t[2 * k + j], f))
                .sum(),
        )
    }
}

impl Cdf for MixtureOfNormals {
    fn cdf(&self, t: &[f64], x: f64) -> f64 {
        let k = self.k;
        (0..k)
            .map(|j| t[j] * super::normal::normal_cdf(x, t[k + j], t[2 * k + j]))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_score;

    #[test]
    fn score_matches_differences() {
        let m = MixtureOfNormals::new(2).unwrap();
        // Weights perturbed independently: the score is wrt the raw weights.
        for x in [-2.0, 0.3, 1.7] {
            check_score(&m, &[0.3, 0.7, -1.0, 1.5, 0.8, 1.3], x).unwrap();
        }
        assert!(MixtureOfNormals::new(0).is_err());
    }

    #[test]
    fn unconstrained_gradients_match_differences() {
        use crate::{Direction, Objective, Target};
        let m = MixtureOfNormals::new(2).unwrap();
        let density = Target::normal_mixture(&[(0.4, -1.0, 1.0), (0.6, 2.0, 0.7)]).unwrap();
        let samples = Target::samples(&[-1.5, -0.2, 0.4, 1.9, 2.2, 3.0]).unwrap();
        let cases = [
            (&density, Direction::Forward),
            (&density, Direction::Reverse),
            (&samples, Direction::Forward),
        ];
        let z = [0.2, -0.3, -0.8, 1.7, 0.1, -0.2];
        for (t, d) in cases {
            let o = Objective::new(t, &m, d).unwrap();
            let g = o.gradient_z(&z);
            for i in 0..z.len() {
                // Central difference, relative step 1e-6.
                let h = 1e-6;
                let (mut a, mut b) = (z, z);
                a[i] += h;
                b[i] -= h;
                let fd = (o.value_z(&a) - o.value_z(&b)) / (2.0 * h);
                assert!(
                    (g[i] - fd).abs() < 1e-6 * (1.0 + g[i].abs()),
                    "{d} ∂z{i}: {} vs {fd}",
                    g[i]
                );
            }
        }
    }
}
