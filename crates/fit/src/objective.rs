//! The objective functions: forward KL, reverse KL and cross-entropy between a
//! target and a member of a family, with analytic gradients.

use divergence::quadrature::{Adaptive, Integrator};

use crate::error::{Error, Result};
use crate::family::{check_params, Family, Param, SufficientStatistics};
use crate::target::{Expectation, Histogram, LnDensityLattice, Repr, Target};
use crate::tolerance::OUTSIDE_MASS_TOL;

/// Which quantity a fit minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// Forward KL(data‖model): mass-covering; maximum likelihood for samples.
    Forward,
    /// Reverse KL(model‖data): mode-seeking; variational inference.
    Reverse,
    /// Cross-entropy H(data, model) = H(data) + KL(data‖model).
    CrossEntropy,
}

impl Direction {
    /// `"forward"`, `"reverse"` or `"cross_entropy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Reverse => "reverse",
            Direction::CrossEntropy => "cross_entropy",
        }
    }
}

impl core::fmt::Display for Direction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An objective `θ ↦ D(θ)` for one target, family and direction, in nats.
///
/// Built once (validating compatibility and precomputing sufficient
/// statistics), then evaluated many times.
///
/// # Formula
/// ```text
/// forward        KL(p‖q_θ) = H(p, q_θ) − H(p)
///                ∇ = −E_p ∇ln q_θ                         (or from sufficient statistics)
/// reverse        KL(q_θ‖p) = E_q[ln q_θ − ln p]
///                ∇ = E_q[(ln q_θ − ln p + 1) ∇ln q_θ]       (score function; the +1 term
///                                                          vanishes when q sums to 1)
/// cross-entropy  H(p, q_θ) = −E_p ln q_θ
/// ```
/// For discrete targets `E_q` is a sum over the histogram's support (model
/// mass outside it makes reverse KL `+∞`); for continuous targets it is the
/// family's own quadrature ([`crate::ExpectUnder`]), except for Normal
/// families ([`crate::NormalMembers`]): `−H(q) − E_q ln p` and its gradient
/// from one pass of a lattice rule over the target's log-density, cached
/// between evaluations (`divergence::quadrature::NormalLattice`). For raw samples the
/// forward objective is the mean negative log-likelihood (KL up to the
/// constant `−H(p̂)`); for an unnormalised target the reverse objective is
/// `KL(q‖p) − ln Z`.
///
/// # Errors
/// [`Objective::new`]: [`Error::Unsupported`] for a discrete family against a
/// continuous target or vice versa, reverse KL against samples, anything but
/// reverse against an unnormalised density, or reverse KL against a
/// continuous target with a family that has no [`crate::ExpectUnder`].
///
/// # Example
/// ```
/// use fit::{Binomial, Direction, Objective, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let b = Binomial::new(10)?;
/// let kl = Objective::new(&worms, &b, Direction::Forward)?.value(&[0.57])?;
/// assert!((divergence::Unit::Bits.from_nats(kl) - 0.477).abs() < 5e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Murphy, *Probabilistic Machine Learning: Advanced Topics* (2023), §6.3
/// (score-function gradients) and §10.1 (variational inference).
#[derive(Debug, Clone)]
pub struct Objective<'a> {
    pub(crate) target: &'a Target,
    pub(crate) family: &'a dyn Family,
    pub(crate) direction: Direction,
    pub(crate) params: Vec<Param>,
    /// The family's [`SufficientStatistics`] and the data's statistics.
    stats: Option<(&'a dyn SufficientStatistics, Vec<f64>)>,
    /// `H(data)`, computed once (a quadrature for a density target).
    entropy: Option<f64>,
    /// The target's log-density on the lattices of the Normal fast path.
    lattice: LnDensityLattice,
}

impl<'a> Objective<'a> {
    /// Validates the combination and precomputes data summaries.
    ///
    /// # Errors
    /// See the type's docs.
    pub fn new(target: &'a Target, family: &'a dyn Family, direction: Direction) -> Result<Self> {
        let unsupported = |reason| Error::Unsupported {
            family: family.name(),
            target: target.kind(),
            direction: direction.as_str(),
            reason,
        };
        if target.is_discrete() != family.is_discrete() {
            return Err(unsupported(
                "a discrete family needs a histogram target and a continuous family a continuous one",
            ));
        }
        match (&target.repr, direction) {
            (Repr::Samples(_), Direction::Reverse) => {
                return Err(unsupported(
                    "reverse KL needs the data's density; samples have none (use forward = maximum likelihood)",
                ))
            }
            (Repr::LogDensity(_), Direction::Forward | Direction::CrossEntropy) => {
                return Err(unsupported(
                    "an unnormalised density only supports reverse KL (the normaliser drops out only there)",
                ))
            }
            (Repr::Density(_) | Repr::LogDensity(_), Direction::Reverse)
                if family.as_expect_under().is_none() =>
            {
                return Err(unsupported(
                    "the family cannot take expectations under itself (it does not implement fit::ExpectUnder)",
                ))
            }
            _ => {}
        }
        let stats = match &target.repr {
            Repr::LogDensity(_) => None,
            _ => family
                .as_statistics()
                .and_then(|s| Some((s, s.statistics(target)?))),
        };
        Ok(Objective {
            target,
            family,
            direction,
            params: family.params(),
            stats,
            entropy: target.entropy(),
            lattice: LnDensityLattice::default(),
        })
    }

    /// The direction.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The objective at `theta`, in nats.
    ///
    /// # Errors
    /// [`Error::ParameterCount`] or [`Error::InvalidParameter`] for a `theta`
    /// of the wrong length, not finite or outside the bounds.
    pub fn value(&self, theta: &[f64]) -> Result<f64> {
        check_params(self.family, theta)?;
        Ok(self.value_unchecked(theta))
    }

    /// The gradient `∂D/∂θ` at `theta`.
    ///
    /// # Errors
    /// As [`Objective::value`].
    pub fn gradient(&self, theta: &[f64]) -> Result<Vec<f64>> {
        check_params(self.family, theta)?;
        let mut g = vec![0.0; theta.len()];
        self.gradient_unchecked(theta, &mut g);
        Ok(g)
    }

    pub(crate) fn value_unchecked(&self, theta: &[f64]) -> f64 {
        match self.direction {
            Direction::Forward => match self.entropy {
                Some(h) => self.cross_entropy(theta) - h,
                None => self.cross_entropy(theta),
            },
            Direction::CrossEntropy => self.cross_entropy(theta),
            Direction::Reverse => self.reverse(theta),
        }
    }

    /// The objective at the points that equal `theta` except that parameter
    /// `slot` takes each of `values` (a run along one grid axis), into `out`
    /// (as long as `values`). Each value depends on its own point only, never
    /// on its place in the run, so a sweep is independent of how it is cut
    /// into runs. `theta[slot]` is scratch. Forward KL and cross-entropy
    /// from sufficient statistics go through the family's batch method,
    /// [`SufficientStatistics::cross_entropy_along`].
    pub(crate) fn values_along(
        &self,
        theta: &mut [f64],
        slot: usize,
        values: &[f64],
        out: &mut [f64],
    ) {
        match (&self.stats, self.direction) {
            // What `cross_entropy` does per point, a run at a time.
            (Some((ss, s)), Direction::Forward | Direction::CrossEntropy) => {
                ss.cross_entropy_along(theta, slot, values, s, out);
                if let (Direction::Forward, Some(h)) = (self.direction, self.entropy) {
                    out.iter_mut().for_each(|o| *o -= h);
                }
            }
            _ => {
                for (o, &v) in out.iter_mut().zip(values) {
                    theta[slot] = v;
                    *o = self.value_unchecked(theta);
                }
            }
        }
    }

    pub(crate) fn gradient_unchecked(&self, theta: &[f64], g: &mut [f64]) {
        match self.direction {
            Direction::Forward | Direction::CrossEntropy => self.cross_entropy_gradient(theta, g),
            Direction::Reverse => self.reverse_gradient(theta, g),
        }
    }

    /// `H(data, q_θ)`; `None` where the data have no expectations.
    pub(crate) fn cross_entropy(&self, theta: &[f64]) -> f64 {
        if let Some((ss, s)) = &self.stats {
            return ss.cross_entropy(theta, s);
        }
        if let Repr::Samples(samples) = &self.target.repr {
            let mut m = [0.0];
            samples.mean_of(&mut m, &|x, v| v[0] = self.family.ln_density(theta, x));
            return -m[0];
        }
        -self.target.expect(&|x| self.family.ln_density(theta, x))
    }

    fn cross_entropy_gradient(&self, theta: &[f64], g: &mut [f64]) {
        if let Some((ss, s)) = &self.stats {
            ss.cross_entropy_gradient(theta, s, g);
            return;
        }
        if let Repr::Samples(samples) = &self.target.repr {
            // One pass for every component (k passes would each re-evaluate
            // the whole score).
            samples.mean_of(g, &|x, v| self.family.grad_ln_density(theta, x, v));
            g.iter_mut().for_each(|gi| *gi = -*gi);
            return;
        }
        let k = theta.len();
        for (i, gi) in g.iter_mut().enumerate() {
            *gi = -self.target.expect(&|x| {
                let mut small = [0.0; SMALL];
                let mut big = Vec::new();
                let b = scratch(k, &mut small, &mut big);
                self.family.grad_ln_density(theta, x, b);
                b[i]
            });
        }
    }

    /// Reverse KL (or `−ELBO` for an unnormalised target); `NaN` for samples.
    pub(crate) fn reverse(&self, theta: &[f64]) -> f64 {
        if let Some((_, sigma, m)) = self.normal_moments(theta, false) {
            // KL = −H(N(μ, σ)) − E ln p,  H = ½ ln(2πe) + ln σ.
            return -(HALF_LN_2PI_E + sigma.ln()) - m[0];
        }
        match &self.target.repr {
            Repr::Histogram(h) => {
                let mut small = [0.0; SMALL_SUPPORT];
                let mut big = Vec::new();
                let lq_all = support_scratch(h.probs.len(), &mut small, &mut big);
                self.family.ln_density_run(theta, h.start, lq_all);
                let mut sum = 0.0;
                let mut mass = 0.0;
                for ((&p, &lp), &lq) in h.probs.iter().zip(&h.ln_probs).zip(lq_all.iter()) {
                    if lq == f64::NEG_INFINITY {
                        continue;
                    }
                    let q = lq.exp();
                    if q == 0.0 {
                        continue;
                    }
                    if p == 0.0 {
                        return f64::INFINITY;
                    }
                    sum += q * (lq - lp);
                    mass += q;
                }
                if 1.0 - mass > OUTSIDE_MASS_TOL {
                    return f64::INFINITY;
                }
                sum
            }
            Repr::Density(d) => self
                .family
                .as_expect_under()
                .and_then(|e| {
                    e.expect_under(theta, &|x| {
                        self.family.ln_density(theta, x) - d.density.ln_density(x)
                    })
                })
                .unwrap_or(f64::NAN),
            Repr::LogDensity(d) => self
                .family
                .as_expect_under()
                .and_then(|e| {
                    e.expect_under(theta, &|x| {
                        self.family.ln_density(theta, x) - d.ln_density(x)
                    })
                })
                .unwrap_or(f64::NAN),
            Repr::Samples(_) => f64::NAN,
        }
    }

    fn reverse_gradient(&self, theta: &[f64], g: &mut [f64]) {
        if let Some(((i, j), sigma, m)) = self.normal_moments(theta, true) {
            // ∂/∂μ = −E[Z ln p]/σ,  ∂/∂σ = −1/σ − E[(Z² − 1) ln p]/σ.
            g.fill(0.0);
            g[i] = -m[1] / sigma;
            g[j] = -(1.0 + m[2]) / sigma;
            return;
        }
        let k = theta.len();
        let mut s = vec![0.0; k];
        match &self.target.repr {
            Repr::Histogram(h) => {
                g.fill(0.0);
                let mut small = [0.0; SMALL_SUPPORT];
                let mut big = Vec::new();
                let lq_all = support_scratch(h.probs.len(), &mut small, &mut big);
                self.family.ln_density_run(theta, h.start, lq_all);
                for (i, (&lp, &lq)) in h.ln_probs.iter().zip(lq_all.iter()).enumerate() {
                    if lq == f64::NEG_INFINITY {
                        continue;
                    }
                    let q = lq.exp();
                    if q == 0.0 {
                        continue;
                    }
                    self.family.grad_ln_density(theta, h.x(i), &mut s);
                    let w = q * (lq - lp + 1.0);
                    for (gj, sj) in g.iter_mut().zip(&s) {
                        *gj += w * sj;
                    }
                }
            }
            Repr::Density(_) | Repr::LogDensity(_) => {
                let ln_p = |x: f64| match &self.target.repr {
                    Repr::Density(d) => d.density.ln_density(x),
                    Repr::LogDensity(d) => d.ln_density(x),
                    _ => f64::NAN,
                };
                // One pass: ln p once per node for every component.
                let f = |x: f64, v: &mut [f64]| {
                    self.family.grad_ln_density(theta, x, v);
                    let d = self.family.ln_density(theta, x) - ln_p(x);
                    v.iter_mut().for_each(|vj| *vj *= d);
                };
                let done = self
                    .family
                    .as_expect_under()
                    .is_some_and(|e| e.expect_under_many(theta, &f, g));
                if !done {
                    g.fill(f64::NAN);
                }
            }
            Repr::Samples(_) => g.fill(f64::NAN),
        }
    }

    /// The Normal fast path of reverse KL against a continuous target: the
    /// slots of `μ` and `σ`, `σ`, and `[E ln p, E Z ln p, E (Z² − 1) ln p]`
    /// under `N(μ, σ²)` from the lattice
    /// rule on the cached target log-density, or, where that rule does not
    /// converge (a feature of the target too narrow for its finest level at
    /// this `σ`), from adaptive Gauss–Kronrod (then only the first moment,
    /// or with `gradient` only the other two; the rest NaN). `None` (take the general
    /// path) unless the family is a Normal ([`crate::NormalMembers`], two
    /// distinct slots) and one of them succeeds: a log-density that is not
    /// finite at a node (a target with bounded support, where reverse KL is
    /// `+∞`) goes the general way.
    fn normal_moments(
        &self,
        theta: &[f64],
        gradient: bool,
    ) -> Option<((usize, usize), f64, [f64; 3])> {
        if !matches!(self.target.repr, Repr::Density(_) | Repr::LogDensity(_)) {
            return None;
        }
        let (i, j) = self
            .family
            .as_normal()
            .map(|n| n.normal_slots())
            .filter(|(i, j)| i != j)?;
        let (&mu, &sigma) = (theta.get(i)?, theta.get(j)?);
        match self.lattice.score_moments(self.target, mu, sigma) {
            Ok(m) => Some(((i, j), sigma, m.value)),
            Err(divergence::Error::NotConverged { .. }) => {
                let n = divergence::statrs::distribution::Normal::new(mu, sigma).ok()?;
                let adaptive = Adaptive::default();
                let ln_p = |x: f64| self.target.ln_density_at(x);
                let e = |g: &dyn Fn(f64) -> f64| adaptive.expectation(&n, g).ok().map(|e| e.value);
                let z = |x: f64| (x - mu) / sigma;
                // Only what is asked for (the rest NaN): 1 or 2 quadratures.
                let m = if gradient {
                    [
                        f64::NAN,
                        e(&|x| z(x) * ln_p(x))?,
                        e(&|x| (z(x) * z(x) - 1.0) * ln_p(x))?,
                    ]
                } else {
                    [e(&ln_p)?, f64::NAN, f64::NAN]
                };
                Some(((i, j), sigma, m))
            }
            Err(_) => None,
        }
    }

    /// Forward KL, reverse KL and cross-entropy at `theta`, where
    /// meaningful, as a report gives them. Over a histogram they come from
    /// the `divergence` kernels ([`divergence::kl`], [`divergence::reverse_kl`],
    /// [`divergence::cross_entropy`]) on the data's probability vector and
    /// the model's, extended by one cell for the model's mass outside the
    /// data's support (data mass 0 there): exact to a few ulps and never
    /// negative, where the objective's fast form `H(p, q) − H(p)` may be off
    /// by `ε·H`. Model mass outside the support below
    /// [`OUTSIDE_MASS_TOL`] is rounding and does not make reverse KL `+∞`.
    /// Elsewhere forward KL is the cross-entropy minus the target's entropy,
    /// never below 0.
    ///
    /// # Errors
    /// [`Error::Divergence`] when the model's probabilities on the
    /// histogram's support sum to more than 1 (a family whose `ln_density`
    /// is not normalised).
    pub(crate) fn all(&self, theta: &[f64]) -> Result<Values> {
        if let Repr::Histogram(h) = &self.target.repr {
            return self.histogram_values(h, theta);
        }
        let ce = match self.target.repr {
            Repr::LogDensity(_) => None,
            _ => Some(self.cross_entropy(theta)),
        };
        let forward = match (ce, self.entropy) {
            // A quadrature's rounding must not report a negative KL (NaN stays NaN).
            (Some(c), Some(h)) => Some(if c - h < 0.0 { 0.0 } else { c - h }),
            _ => None,
        };
        let reverse = match (&self.target.repr, self.family.is_discrete()) {
            (Repr::Density(_), false) => {
                let r = self.reverse(theta);
                (!r.is_nan()).then_some(r)
            }
            _ => None,
        };
        Ok(Values {
            forward,
            reverse,
            cross_entropy: ce,
        })
    }

    /// [`Objective::all`] over a histogram, from the `divergence` kernels.
    fn histogram_values(&self, h: &Histogram, theta: &[f64]) -> Result<Values> {
        let n = h.probs.len();
        let (p, mut q) = self.histogram_vectors(h, theta);
        let forward = divergence::kl(&p, &q)?;
        let cross_entropy = divergence::cross_entropy(&p, &q)?;
        if q[n] <= OUTSIDE_MASS_TOL {
            q[n] = 0.0;
        }
        let reverse = divergence::reverse_kl(&p, &q)?;
        Ok(Values {
            forward: Some(forward),
            reverse: Some(reverse),
            cross_entropy: Some(cross_entropy),
        })
    }

    /// The data's and the model's probability vectors over the histogram's
    /// support, each extended by one cell: mass outside the support (0 for
    /// the data; `max(0, 1 − Σ q)` for the model).
    pub(crate) fn histogram_vectors(&self, h: &Histogram, theta: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = h.probs.len();
        let mut q = vec![0.0; n + 1];
        self.family.ln_density_run(theta, h.start, &mut q[..n]);
        q[..n].iter_mut().for_each(|v| *v = v.exp());
        let inside: f64 = q[..n].iter().sum();
        q[n] = (1.0 - inside).max(0.0);
        let mut p = Vec::with_capacity(n + 1);
        p.extend_from_slice(&h.probs);
        p.push(0.0);
        (p, q)
    }
}

/// `½ ln(2πe)`: `H(N(μ, σ²)) = ½ ln(2πe) + ln σ`.
pub(crate) const HALF_LN_2PI_E: f64 = 1.418_938_533_204_672_7;
/// Families with at most this many parameters get their score buffer on the stack.
const SMALL: usize = 8;
/// Histograms with at most this many bins get their `ln q` buffer on the stack.
const SMALL_SUPPORT: usize = 64;

/// An `n`-long buffer for `ln q` over a histogram's support.
fn support_scratch<'b>(
    n: usize,
    small: &'b mut [f64; SMALL_SUPPORT],
    big: &'b mut Vec<f64>,
) -> &'b mut [f64] {
    if n <= SMALL_SUPPORT {
        &mut small[..n]
    } else {
        big.resize(n, 0.0);
        big
    }
}

/// A `k`-long scratch buffer without allocating for small `k`.
fn scratch<'b>(k: usize, small: &'b mut [f64; SMALL], big: &'b mut Vec<f64>) -> &'b mut [f64] {
    if k <= SMALL {
        &mut small[..k]
    } else {
        big.resize(k, 0.0);
        big
    }
}

/// The three quantities at one parameter point, in nats.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Values {
    pub(crate) forward: Option<f64>,
    pub(crate) reverse: Option<f64>,
    pub(crate) cross_entropy: Option<f64>,
}

/// The unconstrained parameterisation used by gradient solvers.
impl Objective<'_> {
    /// `z = to_unconstrained(θ)`.
    pub(crate) fn z_of(&self, theta: &[f64]) -> Vec<f64> {
        self.family.to_unconstrained(theta)
    }

    /// `θ(z)`.
    pub(crate) fn theta_of(&self, z: &[f64]) -> Vec<f64> {
        self.family.to_constrained(z)
    }

    pub(crate) fn value_z(&self, z: &[f64]) -> f64 {
        self.value_unchecked(&self.theta_of(z))
    }

    pub(crate) fn gradient_z(&self, z: &[f64]) -> Vec<f64> {
        let theta = self.theta_of(z);
        let mut g = vec![0.0; theta.len()];
        self.gradient_unchecked(&theta, &mut g);
        self.family.pull_back(z, &g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Binomial, Normal, Poisson, Split};
    use approx::assert_relative_eq;

    const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

    #[test]
    fn forward_matches_divergence_crate() {
        let t = Target::from_counts(&WORMS).unwrap();
        let b = Binomial::new(10).unwrap();
        let o = Objective::new(&t, &b, Direction::Forward).unwrap();
        let q: Vec<f64> = (0..=10)
            .map(|k| b.ln_density(&[0.57], k as f64).exp())
            .collect();
        let p = t.probabilities().unwrap();
        let q_sum: f64 = q.iter().sum();
        let q: Vec<f64> = q.iter().map(|x| x / q_sum).collect();
        assert_relative_eq!(
            o.value(&[0.57]).unwrap(),
            divergence::kl(p, &q).unwrap(),
            epsilon = 1e-13
        );
        let r = Objective::new(&t, &b, Direction::Reverse).unwrap();
        assert_relative_eq!(
            r.value(&[0.57]).unwrap(),
            divergence::reverse_kl(p, &q).unwrap(),
            epsilon = 1e-13
        );
    }

    #[test]
    fn invalid_combinations_and_parameters_are_errors() {
        let t = Target::from_counts(&WORMS).unwrap();
        assert!(matches!(
            Objective::new(&t, &Normal, Direction::Forward),
            Err(Error::Unsupported { .. })
        ));
        let s = Split::new(11, 6).unwrap();
        let o = Objective::new(&t, &s, Direction::Forward).unwrap();
        assert!(matches!(
            o.value(&[1.5]),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            o.value(&[f64::NAN]),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            o.value(&[0.5, 0.5]),
            Err(Error::ParameterCount { .. })
        ));
        let samples = Target::samples(&[1.0, 2.0]).unwrap();
        assert!(Objective::new(&samples, &Normal, Direction::Reverse).is_err());
    }

    #[test]
    fn poisson_reverse_is_infinite_on_a_finite_histogram() {
        // The model puts mass on k > 10 where the data have none.
        let t = Target::from_counts(&WORMS).unwrap();
        let o = Objective::new(&t, &Poisson, Direction::Reverse).unwrap();
        assert!(o.value(&[5.7]).unwrap().is_infinite());
    }
}
