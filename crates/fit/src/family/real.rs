//! The number type a [`super::Model`] is written over: `f64` for values,
//! forward-mode dual numbers for derivatives.

use num_dual::{Dual64, DualNum};

/// A real number that may carry derivatives: the type parameter of
/// [`super::Model::ln_density`]. Write the formula once with the arithmetic
/// operators, the methods of [`num_dual::DualNum`] (`ln`, `exp`, `ln_1p`,
/// `powi`, `sqrt`, …) and the special functions below; it is evaluated with
/// `f64` for values and with [`Dual64`] for the exact score. Constants from
/// the data enter as `D::from(x)`.
///
/// Implemented for `f64` and [`Dual64`].
///
/// # Example
/// ```
/// use fit::Real;
/// /// ln of the Gamma(α, β) density at x, for any `D`.
/// fn ln_gamma_pdf<D: Real>(a: D, b: D, x: f64) -> D {
///     a * b.ln() - a.ln_gamma() + (a - 1.0) * x.ln() - b * x
/// }
/// let v: f64 = ln_gamma_pdf(2.0, 3.0, 0.5);
/// assert!((v - (2.0 * 3f64.ln() + 0.5f64.ln() - 1.5)).abs() < 1e-15);
/// ```
pub trait Real: DualNum<Primitive = f64> + Copy + Send + Sync {
    /// The value without its derivatives.
    fn value(self) -> f64;
    /// `ln Γ(x)` for `x > 0` (`statrs::function::gamma::ln_gamma`; its
    /// derivative is the digamma function `ψ(x)`).
    fn ln_gamma(self) -> Self;
    /// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)`.
    fn ln_beta(self, b: Self) -> Self {
        self.ln_gamma() + b.ln_gamma() - (self + b).ln_gamma()
    }
}

impl Real for f64 {
    fn value(self) -> f64 {
        self
    }
    fn ln_gamma(self) -> f64 {
        statrs::function::gamma::ln_gamma(self)
    }
    fn ln_beta(self, b: f64) -> f64 {
        statrs::function::beta::ln_beta(self, b)
    }
}

impl Real for Dual64 {
    fn value(self) -> f64 {
        self.re
    }
    fn ln_gamma(self) -> Dual64 {
        Dual64::new(
            statrs::function::gamma::ln_gamma(self.re),
            self.eps * statrs::function::gamma::digamma(self.re),
        )
    }
}
