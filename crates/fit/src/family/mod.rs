//! Parametric model families: the [`Family`] trait, its optional
//! capabilities, [`Model`] (a family written as its formula, with automatic
//! score), the exported checkers, and the built-in families.
//!
//! Discrete: [`Uniform`], [`Binomial`], [`Split`], [`Categorical`], [`Poisson`], [`Geometric`],
//! [`NegativeBinomial`]. Continuous: [`Normal`], [`LogNormal`],
//! [`Exponential`], [`Gamma`], [`Beta`], [`Weibull`], [`MixtureOfNormals`],
//! [`Laplace`], [`Logistic`], [`Gumbel`], [`Cauchy`], [`StudentT`],
//! [`InverseGamma`], [`LogLogistic`], [`Pareto`].

mod beta;
mod binomial;
mod capability;
mod categorical;
mod cauchy;
mod checker;
mod exponential;
mod fixed;
mod gamma;
mod geometric;
mod gumbel;
mod inverse_gamma;
mod laplace;
mod log_logistic;
mod logistic;
mod lognormal;
mod model;
mod negative_binomial;
pub(crate) mod normal;
mod normal_mixture;
mod param;
mod pareto;
mod poisson;
mod quantile;
mod real;
mod split;
mod student_t;
mod support;
mod uniform;
mod weibull;

pub use beta::Beta;
pub use binomial::Binomial;
pub use capability::{Cdf, ExpectUnder, FisherInformation, NormalMembers, SufficientStatistics};
pub use categorical::Categorical;
pub use cauchy::Cauchy;
pub use checker::{check_gradient, check_score};
pub use exponential::Exponential;
pub use fixed::Fixed;
pub use gamma::Gamma;
pub use geometric::Geometric;
pub use gumbel::Gumbel;
pub use inverse_gamma::InverseGamma;
pub use laplace::Laplace;
pub use log_logistic::LogLogistic;
pub use logistic::Logistic;
pub use lognormal::LogNormal;
pub use model::{autodiff_score, start_in, Model};
pub use negative_binomial::NegativeBinomial;
pub use normal::Normal;
pub use normal_mixture::MixtureOfNormals;
pub use param::Param;
pub use pareto::Pareto;
pub use poisson::Poisson;
pub use real::Real;
pub use split::Split;
pub use student_t::StudentT;
pub use support::Support;
pub use uniform::Uniform;
pub use weibull::Weibull;

use crate::error::{Error, Result};
use crate::start::{DataSummary, Degeneracy, Start};

/// A parametric family of distributions `q_θ`: what every fit, sweep and
/// comparison takes, as `&dyn Family`.
///
/// Five methods are required: the name, the parameters with their bounds,
/// the support, `ln q_θ(x)` and its score `∂ ln q_θ(x)/∂θ`. To bring your own
/// family, implement [`Model`] instead (four methods, the score by automatic
/// differentiation); implement `Family` directly for a hand-written score or
/// to add capabilities. Everything else is optional and has a correct
/// default:
/// - a fixed [`Family::start`] (default: inside the bounds), a data-driven
///   [`Family::data_start`], [`Family::degeneracy`] and [`Family::check`];
/// - capabilities, each an opt-in trait announced by its accessor:
///   [`SufficientStatistics`] (O(1) forward KL and vectorised sweep runs),
///   [`ExpectUnder`] (reverse KL against continuous targets), [`Cdf`]
///   (binned KL), [`NormalMembers`] (the Normal fast paths), and
///   [`Family::as_mixture_of_normals`] (expectation–maximisation). A family
///   without one takes the general path, never a placeholder value.
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
/// }
/// let data = fit::Target::from_counts(&[3, 1])?;
/// let r = fit::fit(&data, &Coin, fit::Direction::Forward)?;
/// assert!((r.params().get("p").unwrap() - 0.25).abs() < 1e-9);
/// fit::check_score(&Coin, &[0.3], 1.0)?; // the score against finite differences
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Family: Send + Sync + core::fmt::Debug {
    /// A readable name with the fixed settings, e.g. `"Binomial(n=10)"`.
    fn name(&self) -> String;
    /// The free parameters, in order.
    fn params(&self) -> Vec<Param>;
    /// The support of every member of the family.
    fn support(&self) -> Support;
    /// `ln q_θ(x)` (`−∞` outside the support). Callers pass a `theta` as
    /// long as [`Family::params`] and inside its bounds (every entry point
    /// of this crate checks that first); [`Family::try_ln_density`] checks
    /// it for you.
    ///
    /// # Panics
    /// An implementation may panic on a `theta` shorter than
    /// [`Family::params`] (the built-in families index it).
    fn ln_density(&self, theta: &[f64], x: f64) -> f64;
    /// `∂/∂θ ln q_θ(x)` (the score), written into `grad` (as long as
    /// `theta`). Check it with [`check_score`].
    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]);

    /// [`Family::ln_density`] after checking `theta`: its length, that it
    /// is finite and inside the bounds, and [`Family::check`].
    ///
    /// # Errors
    /// [`Error::ParameterCount`] or [`Error::InvalidParameter`].
    ///
    /// # Example
    /// ```
    /// use fit::{Family, Normal};
    /// assert!(Normal.try_ln_density(&[0.0, 1.0], 0.0).is_ok());
    /// assert!(Normal.try_ln_density(&[0.0], 0.0).is_err()); // σ missing
    /// ```
    fn try_ln_density(&self, theta: &[f64], x: f64) -> Result<f64> {
        check_params(self, theta)?;
        Ok(self.ln_density(theta, x))
    }

    /// A fixed starting point inside the bounds: the fallback when
    /// [`Family::data_start`] has nothing to say. Default: [`start_in`].
    fn start(&self) -> Vec<f64> {
        start_in(&self.params())
    }

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

    /// Exponential-family statistics, if the family has them: `Some(self)`
    /// from a family that implements [`SufficientStatistics`]. Default
    /// `None`: forward KL sums over the data.
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        None
    }

    /// Expectations under the model, if the family can take them:
    /// `Some(self)` from a family that implements [`ExpectUnder`]. Default
    /// `None`: no reverse KL against continuous targets.
    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        None
    }

    /// The CDF, if known: `Some(self)` from a family that implements
    /// [`Cdf`]. Default `None`: no binned KL for samples with bins.
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        None
    }

    /// The expected information, for a family whose log-likelihood is not
    /// twice differentiable: `Some(self)` from a family that implements
    /// [`FisherInformation`]. Default `None`: standard errors come from the
    /// observed information.
    fn as_fisher_information(&self) -> Option<&dyn FisherInformation> {
        None
    }

    /// `Some(self)` from a family whose members are all Normals
    /// ([`NormalMembers`]). Default `None`: the general reverse-KL path.
    fn as_normal(&self) -> Option<&dyn NormalMembers> {
        None
    }

    /// `Some` when the family is a [`MixtureOfNormals`]: forward fits to
    /// samples or a density then run expectation–maximisation from several
    /// data-driven initialisations ([`crate::em`]) before the gradient
    /// polish. `None` (the default) otherwise.
    fn as_mixture_of_normals(&self) -> Option<&MixtureOfNormals> {
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
pub(crate) fn check_params<F: Family + ?Sized>(family: &F, theta: &[f64]) -> Result<()> {
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
    //! Agreement of a family's batch sweep runs with its per-point formula.
    use super::Family;

    /// Accepted |batch − per point| of
    /// [`super::SufficientStatistics::cross_entropy_along`], in units of
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
        let stats = f.as_statistics().unwrap();
        let s = stats.statistics(data).unwrap();
        let mut run = vec![0.0; values.len()];
        stats.cross_entropy_along(theta, slot, values, &s, &mut run);
        let mut t = theta.to_vec();
        for (&v, &got) in values.iter().zip(&run) {
            t[slot] = v;
            let want = stats.cross_entropy(&t, &s);
            let mut alone = [0.0];
            stats.cross_entropy_along(theta, slot, &[v], &s, &mut alone);
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
}
