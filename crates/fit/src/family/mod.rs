//! Parametric model families: the [`Family`] trait and the built-in families.
//!
//! Discrete: [`Uniform`], [`Binomial`], [`Split`], [`Categorical`], [`Poisson`], [`Geometric`],
//! [`NegativeBinomial`]. Continuous: [`Normal`], [`LogNormal`],
//! [`Exponential`], [`Gamma`], [`Beta`], [`MixtureOfNormals`].

mod beta;
mod binomial;
mod categorical;
mod exponential;
mod gamma;
mod geometric;
mod lognormal;
mod negative_binomial;
pub(crate) mod normal;
mod normal_mixture;
mod poisson;
mod split;
mod uniform;

pub use beta::Beta;
pub use binomial::Binomial;
pub use categorical::Categorical;
pub use exponential::Exponential;
pub use gamma::Gamma;
pub use geometric::Geometric;
pub use lognormal::LogNormal;
pub use negative_binomial::NegativeBinomial;
pub use normal::Normal;
pub use normal_mixture::MixtureOfNormals;
pub use poisson::Poisson;
pub use split::Split;
pub use uniform::Uniform;

use crate::error::{Error, Result};
use crate::start::{DataSummary, Degeneracy, Start};
use crate::target::Expectation;

/// One named parameter and its closed bounds `[lower, upper]` (either may be
/// infinite).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Param {
    /// The name, as it appears in reports (`"p"`, `"mu"`, …).
    pub name: std::borrow::Cow<'static, str>,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

impl Param {
    /// A parameter with bounds.
    pub const fn new(name: &'static str, lower: f64, upper: f64) -> Param {
        Param {
            name: std::borrow::Cow::Borrowed(name),
            lower,
            upper,
        }
    }

    /// A parameter with a name built at run time (e.g. `"p3"`).
    pub fn named(name: String, lower: f64, upper: f64) -> Param {
        Param {
            name: std::borrow::Cow::Owned(name),
            lower,
            upper,
        }
    }

    /// Maps `θ ∈ (lower, upper)` to the real line: scaled logit for two
    /// finite bounds, log for one, identity for none.
    ///
    /// # Formula
    /// ```text
    /// (a, b): z = ln((θ−a)/(b−θ))   [a, ∞): z = ln(θ−a)   (−∞, b]: z = −ln(b−θ)
    /// ```
    pub fn to_unconstrained(&self, theta: f64) -> f64 {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => ((theta - self.lower) / (self.upper - theta)).ln(),
            (true, false) => (theta - self.lower).ln(),
            (false, true) => -(self.upper - theta).ln(),
            (false, false) => theta,
        }
    }

    /// The inverse of [`Param::to_unconstrained`], and `dθ/dz`.
    pub fn to_constrained(&self, z: f64) -> (f64, f64) {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => {
                let w = self.upper - self.lower;
                let s = if z >= 0.0 {
                    1.0 / (1.0 + (-z).exp())
                } else {
                    let e = z.exp();
                    e / (1.0 + e)
                };
                let t = (self.lower + w * s).clamp(self.lower, self.upper);
                (t, w * s * (1.0 - s))
            }
            // A line search may probe z far out; e^z is kept a positive
            // normal number so that θ stays strictly inside its bound (an
            // underflow to the bound itself would make a scale zero and the
            // objective NaN, which stops the search).
            (true, false) => {
                let e = z.exp().clamp(f64::MIN_POSITIVE, f64::MAX);
                (self.lower + e, e)
            }
            (false, true) => {
                let e = (-z).exp().clamp(f64::MIN_POSITIVE, f64::MAX);
                (self.upper - e, e)
            }
            (false, false) => (z, 1.0),
        }
    }
}

/// Where a family's density lives.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Support {
    /// Integers `lower ..= upper` (`upper = None`: unbounded above).
    Integers {
        /// Smallest value.
        lower: i64,
        /// Largest value, if any.
        upper: Option<i64>,
    },
    /// Reals in `[lower, upper]` (a closed interval where an end is finite).
    Reals {
        /// Lower end (may be `−∞`).
        lower: f64,
        /// Upper end (may be `+∞`).
        upper: f64,
    },
    /// Reals strictly between `lower` and `upper`: the density is zero or
    /// its logarithm not finite at a finite end (`x > 0` for a Gamma or a
    /// LogNormal, `0 < x < 1` for a Beta).
    OpenReals {
        /// Lower end (may be `−∞`).
        lower: f64,
        /// Upper end (may be `+∞`).
        upper: f64,
    },
}

impl Support {
    /// Whether `x` lies in the support (whole numbers in range for
    /// [`Support::Integers`]).
    ///
    /// # Example
    /// ```
    /// use fit::Support;
    /// let positive = Support::OpenReals { lower: 0.0, upper: f64::INFINITY };
    /// assert!(positive.contains(0.5) && !positive.contains(0.0));
    /// let counts = Support::Integers { lower: 0, upper: None };
    /// assert!(counts.contains(3.0) && !counts.contains(2.5) && !counts.contains(-1.0));
    /// ```
    pub fn contains(&self, x: f64) -> bool {
        match *self {
            Support::Integers { lower, upper } => {
                x.is_finite()
                    && x.fract() == 0.0
                    && x >= lower as f64
                    && upper.is_none_or(|u| x <= u as f64)
            }
            Support::Reals { lower, upper } => x >= lower && x <= upper,
            Support::OpenReals { lower, upper } => x > lower && x < upper,
        }
    }
}

impl core::fmt::Display for Support {
    /// The support as a user reads it: `x > 0`, `0 < x < 1`, `integers 0..=10`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let interval = |f: &mut core::fmt::Formatter<'_>, lower: f64, upper: f64, lt: &str| match (
            lower.is_finite(),
            upper.is_finite(),
        ) {
            (false, false) => f.write_str("any real x"),
            (true, false) => write!(f, "x {} {lower}", if lt == "<" { ">" } else { "≥" }),
            (false, true) => write!(f, "x {lt} {upper}"),
            (true, true) => write!(f, "{lower} {lt} x {lt} {upper}"),
        };
        match *self {
            Support::Integers { lower, upper: None } => write!(f, "whole numbers ≥ {lower}"),
            Support::Integers {
                lower,
                upper: Some(u),
            } => write!(f, "whole numbers {lower}..={u}"),
            Support::Reals { lower, upper } => interval(f, lower, upper, "≤"),
            Support::OpenReals { lower, upper } => interval(f, lower, upper, "<"),
        }
    }
}

/// A parametric family of distributions `q_θ`.
///
/// Implement the required methods to fit your own family; the optional ones
/// make it faster (sufficient statistics turn a forward-KL evaluation into
/// O(1), and [`Family::cross_entropy_from_statistics_along`] lets a sweep
/// evaluate many points per call) or enable reverse KL against continuous
/// targets ([`Family::expect_under`]).
///
/// Parameters are in the family's natural space `θ`; gradient solvers work
/// on `z = Param::to_unconstrained(θ)` per parameter.
///
/// # Example
/// ```
/// use fit::{Family, Param, Support};
/// /// A coin: P(1) = p.
/// #[derive(Debug)]
/// struct Coin;
/// impl Family for Coin {
///     fn name(&self) -> String { "Coin".into() }
///     fn params(&self) -> Vec<Param> { vec![Param::new("p", 0.0, 1.0)] }
///     fn support(&self) -> Support { Support::Integers { lower: 0, upper: Some(1) } }
///     fn ln_density(&self, t: &[f64], x: f64) -> f64 {
///         match x as i64 { 1 => t[0].ln(), 0 => (1.0 - t[0]).ln(), _ => f64::NEG_INFINITY }
///     }
///     fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
///         g[0] = if x as i64 == 1 { 1.0 / t[0] } else { -1.0 / (1.0 - t[0]) };
///     }
///     fn start(&self) -> Vec<f64> { vec![0.5] }
/// }
/// let data = fit::Target::from_counts(&[3, 1])?;
/// let r = fit::fit(&data, &Coin, fit::Direction::Forward)?;
/// assert!((r.params.get("p").unwrap() - 0.25).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Family: Send + Sync + core::fmt::Debug {
    /// A readable name with the fixed settings, e.g. `"Binomial(n=10)"`.
    fn name(&self) -> String;
    /// The free parameters, in order.
    fn params(&self) -> Vec<Param>;
    /// The support of every member of the family.
    fn support(&self) -> Support;
    /// `ln q_θ(x)` (`−∞` outside the support).
    fn ln_density(&self, theta: &[f64], x: f64) -> f64;
    /// `∂/∂θ ln q_θ(x)` (the score), written into `grad`.
    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]);
    /// A fixed starting point inside the bounds: the fallback when
    /// [`Family::data_start`] has nothing to say.
    fn start(&self) -> Vec<f64>;

    /// A starting point computed from the data: the closed-form optimum of
    /// forward KL where one exists ([`Start::Exact`]: the maximum-likelihood
    /// estimate for samples and counts), else a moment or approximate
    /// estimate ([`Start::Estimate`]), or the statement that the optimum
    /// lies at a limit of the parameter space ([`Start::Limit`]). For
    /// reverse KL the same summary of the target serves as a start.
    /// `Ok(None)` (the default) falls back to [`Family::start`].
    ///
    /// # Errors
    /// [`Error::DegenerateData`] when the data cannot identify the family
    /// (zero variance for a two-parameter family, fewer distinct values than
    /// a mixture has components).
    fn data_start(&self, _data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(None)
    }

    /// Whether the fitted `theta` is a degenerate optimum the data do not
    /// support (a mixture component with weight ≈ 0 or a width collapsed
    /// onto a data point, a parameter run off to a limit). `None` (the
    /// default) when nothing is known to be wrong. Such a fit is reported
    /// with [`crate::Status::Degenerate`], never as converged.
    fn degeneracy(&self, _theta: &[f64], _data: &DataSummary<'_>) -> Option<Degeneracy> {
        None
    }

    /// Data summaries `E_data T(X)` from which the cross-entropy follows in
    /// O(1): implement for exponential families. `None` (the default) means
    /// "sum over the data".
    fn sufficient_statistics(&self, _data: &dyn Expectation) -> Option<Vec<f64>> {
        None
    }
    /// `H(data, q_θ) = −E_data ln q_θ` from [`Family::sufficient_statistics`].
    fn cross_entropy_from_statistics(&self, _theta: &[f64], _stats: &[f64]) -> f64 {
        f64::NAN
    }
    /// [`Family::cross_entropy_from_statistics`] at many points at once:
    /// the points equal `theta` except that parameter `slot` takes each of
    /// `values` (`theta[slot]` itself is ignored), results into `out` (as
    /// long as `values`). This is the inner loop of a grid sweep, a run along
    /// its last axis. The default calls `cross_entropy_from_statistics` per
    /// point; override it to share per-run work (`ln σ` while `μ` varies) or
    /// with a loop that LLVM can vectorise.
    ///
    /// An override must make `out[j]` depend on `values[j]` alone, never on
    /// `j` or on the length of the run, so that a sweep does not depend on
    /// how it is split between threads; and it must agree with
    /// `cross_entropy_from_statistics` to a few ulps of the terms it sums.
    ///
    /// # Formula
    /// ```text
    /// out[j] = H(data, q_θ⁽ʲ⁾),   θ⁽ʲ⁾ᵢ = values[j] if i = slot, θᵢ otherwise
    /// ```
    ///
    /// # Panics
    /// The default panics if `slot ≥ theta.len()`; sweeps pass a parameter's
    /// index.
    ///
    /// # Example
    /// ```
    /// use fit::{Binomial, Family, Target};
    /// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
    /// let b = Binomial::new(10)?;
    /// let stats = b.sufficient_statistics(&worms).unwrap();
    /// let mut out = [0.0; 3];
    /// b.cross_entropy_from_statistics_along(&[0.5], 0, &[0.3, 0.57, 0.9], &stats, &mut out);
    /// let one = b.cross_entropy_from_statistics(&[0.57], &stats);
    /// assert!((out[1] - one).abs() < 1e-14); // the same formula, to rounding
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn cross_entropy_from_statistics_along(
        &self,
        theta: &[f64],
        slot: usize,
        values: &[f64],
        stats: &[f64],
        out: &mut [f64],
    ) {
        let mut t = theta.to_vec();
        for (o, &v) in out.iter_mut().zip(values) {
            t[slot] = v;
            *o = self.cross_entropy_from_statistics(&t, stats);
        }
    }
    /// `∂/∂θ H(data, q_θ)` from [`Family::sufficient_statistics`].
    fn cross_entropy_gradient_from_statistics(
        &self,
        _theta: &[f64],
        _stats: &[f64],
        grad: &mut [f64],
    ) {
        grad.fill(f64::NAN);
    }
    /// `ln q_θ(start + i)` for `i = 0, 1, …, out.len() − 1`, written into
    /// `out`: the model on a histogram's support, the inner loop of reverse
    /// KL against count data. The default calls [`Family::ln_density`] per
    /// point; override it when per-θ work can be shared between points (a
    /// Binomial takes `ln p` and `ln(1 − p)` once). Must agree with
    /// `ln_density` to rounding.
    fn ln_density_run(&self, theta: &[f64], start: i64, out: &mut [f64]) {
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.ln_density(theta, (start + i as i64) as f64);
        }
    }
    /// `E_{q_θ} f(X)` for a continuous family (enables reverse KL against
    /// continuous targets). `None` by default.
    fn expect_under(&self, _theta: &[f64], _f: &dyn Fn(f64) -> f64) -> Option<f64> {
        None
    }

    /// Several expectations `E_{q_θ} fᵢ(X)` from one pass over the
    /// quadrature nodes: `f(x, v)` writes `fᵢ(x)` into `v[i]`, the results go
    /// to `out` (reverse KL and its gradient share one evaluation of the
    /// target's density per node). Returns `false` if the family has no
    /// [`Family::expect_under`]. The default calls `expect_under` once per
    /// component.
    fn expect_under_many(
        &self,
        theta: &[f64],
        f: &dyn Fn(f64, &mut [f64]),
        out: &mut [f64],
    ) -> bool {
        let m = out.len();
        for (i, o) in out.iter_mut().enumerate() {
            let g = |x: f64| {
                let mut v = vec![0.0; m];
                f(x, &mut v);
                v[i]
            };
            match self.expect_under(theta, &g) {
                Some(e) => *o = e,
                None => return false,
            }
        }
        true
    }

    /// The cumulative distribution function `P(X ≤ x)`, where known
    /// (enables the binned KL for samples with bins). `None` by default.
    fn cdf(&self, _theta: &[f64], _x: f64) -> Option<f64> {
        None
    }

    /// `Some((i, j))` when every member is the Normal `N(θᵢ, θⱼ²)`: `θᵢ` is
    /// its mean, `θⱼ` its standard deviation, and no other parameter changes
    /// `q_θ`. `None` (the default) otherwise. Reverse KL against continuous
    /// targets then takes the Normal fast paths: quadrature on fixed
    /// lattices with the target's log-density cached between evaluations,
    /// and sweeps over equally spaced means as convolutions.
    fn normal_slots(&self) -> Option<(usize, usize)> {
        None
    }

    /// `Some` when the family is a [`MixtureOfNormals`]: forward fits to
    /// samples or a density then run expectation–maximisation from several
    /// data-driven initialisations ([`crate::em`]) before the gradient
    /// polish. `None` (the default) otherwise.
    fn mixture_of_normals(&self) -> Option<&MixtureOfNormals> {
        None
    }

    /// Extra validity conditions beyond the per-parameter bounds (e.g. a
    /// probability vector summing to 1). Default: none.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the violated condition.
    fn check(&self, _theta: &[f64]) -> Result<()> {
        Ok(())
    }

    /// The map θ → z to the unconstrained space used by gradient solvers.
    /// Default: [`Param::to_unconstrained`] per parameter.
    fn to_unconstrained(&self, theta: &[f64]) -> Vec<f64> {
        self.params()
            .iter()
            .zip(theta)
            .map(|(p, &t)| p.to_unconstrained(t))
            .collect()
    }

    /// The map z → θ. Default: [`Param::to_constrained`] per parameter.
    fn to_constrained(&self, z: &[f64]) -> Vec<f64> {
        self.params()
            .iter()
            .zip(z)
            .map(|(p, &zi)| p.to_constrained(zi).0)
            .collect()
    }

    /// The chain rule `∂D/∂z = (∂θ/∂z)ᵀ ∂D/∂θ` at `z`. Default: the
    /// diagonal Jacobian of the per-parameter maps.
    fn pull_back(&self, z: &[f64], grad_theta: &[f64]) -> Vec<f64> {
        self.params()
            .iter()
            .zip(z)
            .zip(grad_theta)
            .map(|((p, &zi), &g)| g * p.to_constrained(zi).1)
            .collect()
    }

    /// Whether the support is a set of integers.
    fn is_discrete(&self) -> bool {
        matches!(self.support(), Support::Integers { .. })
    }
}

/// Checks length, finiteness and bounds of `theta`.
pub(crate) fn check_params(family: &dyn Family, theta: &[f64]) -> Result<()> {
    let params = family.params();
    if params.len() != theta.len() {
        return Err(Error::ParameterCount {
            family: family.name(),
            expected: params.len(),
            got: theta.len(),
        });
    }
    for (p, &t) in params.iter().zip(theta) {
        if !t.is_finite() || t < p.lower || t > p.upper {
            return Err(Error::InvalidParameter {
                name: p.name.to_string(),
                value: t,
                reason: "outside the parameter's bounds",
            });
        }
    }
    family.check(theta)
}

/// `x ln y` with `0 ln 0 = 0`.
#[inline]
pub(crate) fn xlny(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x * y.ln()
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Central-difference check of a family's score.
    use super::Family;

    /// Relative step of the central difference.
    pub(crate) const FD_STEP: f64 = 1e-6;
    /// Accepted |analytic − numeric| / (1 + |analytic|).
    pub(crate) const FD_TOL: f64 = 1e-5;

    /// Accepted |batch − per point| of
    /// [`Family::cross_entropy_from_statistics_along`], in units of
    /// `ε·Σ|terms|` (the absolute values of the terms the formula adds): a
    /// batch logarithm is < 1 ulp from the exact value and libm's < 0.52
    /// ulp, so the two differ by < 1.52 ulp each, and the terms are
    /// combined by the same operations.
    pub(crate) const ALONG_TOL: f64 = 2.0;

    /// Checks the batch method against the per-point one along `slot` at
    /// `values` (within [`ALONG_TOL`]; non-finite values exactly), and that
    /// each value of a run has the bits it gets alone.
    /// `terms(θ, stats)` is `Σ|terms|` of the family's formula at `θ`.
    pub(crate) fn check_along(
        f: &dyn Family,
        data: &crate::Target,
        theta: &[f64],
        slot: usize,
        values: &[f64],
        terms: impl Fn(&[f64], &[f64]) -> f64,
    ) {
        let s = f.sufficient_statistics(data).unwrap();
        let mut run = vec![0.0; values.len()];
        f.cross_entropy_from_statistics_along(theta, slot, values, &s, &mut run);
        let mut t = theta.to_vec();
        for (&v, &got) in values.iter().zip(&run) {
            t[slot] = v;
            let want = f.cross_entropy_from_statistics(&t, &s);
            let mut alone = [0.0];
            f.cross_entropy_from_statistics_along(theta, slot, &[v], &s, &mut alone);
            assert_eq!(alone[0].to_bits(), got.to_bits(), "{} at {t:?}", f.name());
            if want.is_finite() {
                let tol = ALONG_TOL * f64::EPSILON * terms(&t, &s);
                assert!(
                    (got - want).abs() <= tol,
                    "{} at {t:?}: {got} vs {want} (tolerance {tol:e})",
                    f.name()
                );
            } else {
                assert_eq!(got.to_bits(), want.to_bits(), "{} at {t:?}", f.name());
            }
        }
    }

    pub(crate) fn check_score(f: &dyn Family, theta: &[f64], x: f64) {
        let mut g = vec![0.0; theta.len()];
        f.grad_ln_density(theta, x, &mut g);
        for i in 0..theta.len() {
            let h = FD_STEP * theta[i].abs().max(1.0);
            let (mut a, mut b) = (theta.to_vec(), theta.to_vec());
            a[i] += h;
            b[i] -= h;
            let fd = (f.ln_density(&a, x) - f.ln_density(&b, x)) / (2.0 * h);
            assert!(
                (g[i] - fd).abs() <= FD_TOL * (1.0 + g[i].abs()),
                "{} score[{i}] at {theta:?}, x={x}: {} vs {fd}",
                f.name(),
                g[i]
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn transforms_round_trip() {
        for p in [
            Param::new("a", 0.0, 1.0),
            Param::new("b", 2.0, f64::INFINITY),
            Param::new("c", f64::NEG_INFINITY, 3.0),
            Param::new("d", f64::NEG_INFINITY, f64::INFINITY),
        ] {
            let t = if p.lower.is_finite() {
                p.lower + 0.3
            } else {
                p.upper.min(1.0) - 0.4
            };
            let (back, d) = p.to_constrained(p.to_unconstrained(t));
            assert_relative_eq!(back, t, max_relative = 1e-14);
            let z = p.to_unconstrained(t);
            let fd = (p.to_constrained(z + 1e-6).0 - p.to_constrained(z - 1e-6).0) / 2e-6;
            assert_relative_eq!(d, fd, max_relative = 1e-6);
        }
    }
}
