//! Any `divergence` density (statrs distributions, `divergence::Mixture`s of
//! them) as a target, integrated by the divergence crate's adaptive quadrature.

use super::Density;

/// Adapter from [`divergence::Density`] to this crate's [`Density`].
pub(crate) struct External<D>(pub(crate) D);

impl<D> core::fmt::Debug for External<D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("External")
    }
}

impl<D: divergence::Density + Send + Sync> Density for External<D> {
    fn ln_pdf(&self, x: f64) -> f64 {
        self.0.ln_density(x)
    }

    /// `NaN` if the quadrature fails (e.g. an integrand that is not finite).
    fn expect(&self, f: &dyn Fn(f64) -> f64) -> f64 {
        divergence::quadrature::expectation(&self.0, f).map_or(f64::NAN, |e| e.value)
    }

    fn entropy(&self) -> f64 {
        divergence::quadrature::entropy_quadrature(&self.0).map_or(f64::NAN, |e| e.value)
    }
}
