//! A family given by its formula: [`Model`], and its score by automatic
//! differentiation.

use num_dual::Dual64;

use super::{
    Cdf, ExpectUnder, Family, FisherInformation, Param, Real, SufficientStatistics, Support,
};
use crate::error::Result;
use crate::start::{DataSummary, Degeneracy, Start};

/// A parametric family written as its log-density and nothing else: the
/// way to bring your own model. Every `Model` is a [`Family`] (a blanket
/// implementation), so it fits in both directions with every solver, sweeps
/// and compares; the score `∂ ln q_θ(x)/∂θ` comes from forward-mode dual
/// numbers ([`num_dual`]) over the same formula, exact to rounding, with no
/// hand-written derivative.
///
/// Write [`Model::ln_density`] generically over [`Real`]. The optional
/// methods give a hand-written score for speed ([`Model::grad_ln_density`]),
/// a fixed start (default: inside the bounds, see
/// [`Model::start`]), a data-driven start, a degeneracy check, extra
/// validity conditions, and the capabilities of [`Family`] (`as_cdf` and
/// the others, forwarded as they are).
///
/// # Example
/// ```
/// use fit::{Model, Param, Real, Support};
/// /// Rayleigh(σ): ln q(x) = ln x − 2 ln σ − x²/(2σ²), x ≥ 0.
/// #[derive(Debug)]
/// struct Rayleigh;
/// impl Model for Rayleigh {
///     fn name(&self) -> String { "Rayleigh".into() }
///     fn params(&self) -> Vec<Param> { vec![Param::new("sigma", 0.0, f64::INFINITY)] }
///     fn support(&self) -> Support { Support::Reals { lower: 0.0, upper: f64::INFINITY } }
///     fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
///         -t[0].ln() * 2.0 - (t[0] * t[0]).recip() * (x * x / 2.0) + x.ln()
///     }
/// }
/// let data = fit::Target::samples(&[0.5, 1.2, 2.0, 0.9, 1.6])?;
/// let r = fit::fit(&data, &Rayleigh, fit::Direction::Forward)?;
/// // The MLE: σ² = Σx²/(2n).
/// let want = ((0.25 + 1.44 + 4.0 + 0.81 + 2.56) / 10.0f64).sqrt();
/// assert!((r.params().get("sigma").unwrap() - want).abs() < 1e-8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Model: Send + Sync + core::fmt::Debug {
    /// A readable name with the fixed settings, e.g. `"BetaBinomial(n=10)"`.
    fn name(&self) -> String;
    /// The free parameters, in order.
    fn params(&self) -> Vec<Param>;
    /// The support of every member of the family.
    fn support(&self) -> Support;
    /// `ln q_θ(x)` (`−∞` outside the support), for any number type `D`.
    fn ln_density<D: Real>(&self, theta: &[D], x: f64) -> D;

    /// The score `∂ ln q_θ(x)/∂θ`, written into `grad`. Default: automatic
    /// differentiation of [`Model::ln_density`] ([`autodiff_score`]);
    /// override it with a hand-written score for speed, and test the two
    /// against each other.
    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]) {
        autodiff_score(self, theta, x, grad);
    }

    /// A fixed starting point inside the bounds. Default: [`start_in`]
    /// of the parameters.
    fn start(&self) -> Vec<f64> {
        start_in(&self.params())
    }
    /// A starting point computed from the data; see
    /// [`Family::data_start`]. Default: none.
    ///
    /// # Errors
    /// As [`Family::data_start`].
    fn data_start(&self, _data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(None)
    }
    /// Extra validity conditions beyond the bounds; see [`Family::check`].
    ///
    /// # Errors
    /// As [`Family::check`].
    fn check(&self, _theta: &[f64]) -> Result<()> {
        Ok(())
    }
    /// A degenerate optimum; see [`Family::degeneracy`]. Default: none.
    fn degeneracy(&self, _theta: &[f64], _data: &DataSummary<'_>) -> Option<Degeneracy> {
        None
    }
    /// See [`Family::as_statistics`]. Default `None`.
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        None
    }
    /// See [`Family::as_expect_under`]. Default `None`.
    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        None
    }
    /// See [`Family::as_cdf`]. Default `None`.
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        None
    }
    /// See [`Family::as_fisher_information`]. Default `None`.
    fn as_fisher_information(&self) -> Option<&dyn FisherInformation> {
        None
    }
}

impl<M: Model> Family for M {
    fn name(&self) -> String {
        Model::name(self)
    }
    fn params(&self) -> Vec<Param> {
        Model::params(self)
    }
    fn support(&self) -> Support {
        Model::support(self)
    }
    fn ln_density(&self, theta: &[f64], x: f64) -> f64 {
        Model::ln_density(self, theta, x)
    }
    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]) {
        Model::grad_ln_density(self, theta, x, grad);
    }
    fn start(&self) -> Vec<f64> {
        Model::start(self)
    }
    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        Model::data_start(self, data)
    }
    fn check(&self, theta: &[f64]) -> Result<()> {
        Model::check(self, theta)
    }
    fn degeneracy(&self, theta: &[f64], data: &DataSummary<'_>) -> Option<Degeneracy> {
        Model::degeneracy(self, theta, data)
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Model::as_statistics(self)
    }
    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        Model::as_expect_under(self)
    }
    fn as_cdf(&self) -> Option<&dyn Cdf> {
        Model::as_cdf(self)
    }
    fn as_fisher_information(&self) -> Option<&dyn FisherInformation> {
        Model::as_fisher_information(self)
    }
}

/// Families with at most this many parameters seed their dual numbers on
/// the stack.
const STACK_PARAMS: usize = 8;

/// The score `∂ ln q_θ(x)/∂θ` of a [`Model`] by forward-mode automatic
/// differentiation: one evaluation of the formula in [`Dual64`] per
/// parameter, exact to rounding. Written into `grad` (as long as `theta`).
///
/// # Example
/// ```
/// use fit::{autodiff_score, Model, Param, Real, Support};
/// #[derive(Debug)]
/// struct Exp;
/// impl Model for Exp {
///     fn name(&self) -> String { "Exp".into() }
///     fn params(&self) -> Vec<Param> { vec![Param::new("rate", 0.0, f64::INFINITY)] }
///     fn support(&self) -> Support { Support::Reals { lower: 0.0, upper: f64::INFINITY } }
///     fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D { t[0].ln() - t[0] * x }
/// }
/// let mut g = [0.0];
/// autodiff_score(&Exp, &[2.0], 0.25, &mut g);
/// assert!((g[0] - (1.0 / 2.0 - 0.25)).abs() < 1e-15);
/// ```
pub fn autodiff_score<M: Model + ?Sized>(model: &M, theta: &[f64], x: f64, grad: &mut [f64]) {
    let mut small = [Dual64::from_re(0.0); STACK_PARAMS];
    let mut big = Vec::new();
    let duals: &mut [Dual64] = if theta.len() <= STACK_PARAMS {
        &mut small[..theta.len()]
    } else {
        big.resize(theta.len(), Dual64::from_re(0.0));
        &mut big
    };
    for (d, &t) in duals.iter_mut().zip(theta) {
        *d = Dual64::from_re(t);
    }
    for (i, g) in grad.iter_mut().enumerate().take(theta.len()) {
        duals[i].eps = 1.0;
        *g = model.ln_density(duals, x).eps;
        duals[i].eps = 0.0;
    }
}

/// A default starting point inside each parameter's bounds: the midpoint of
/// two finite bounds, one unit inside a single finite bound (`1` for a
/// positive parameter), `0` for an unbounded one.
///
/// # Example
/// ```
/// use fit::{start_in, Param};
/// let p = [Param::new("p", 0.0, 1.0), Param::new("s", 0.0, f64::INFINITY),
///          Param::new("m", f64::NEG_INFINITY, f64::INFINITY)];
/// assert_eq!(start_in(&p), vec![0.5, 1.0, 0.0]);
/// ```
pub fn start_in(params: &[Param]) -> Vec<f64> {
    params
        .iter()
        .map(|p| match (p.lower.is_finite(), p.upper.is_finite()) {
            (true, true) => p.lower + 0.5 * (p.upper - p.lower),
            (true, false) => p.lower + 1.0,
            (false, true) => p.upper - 1.0,
            (false, false) => 0.0,
        })
        .collect()
}
