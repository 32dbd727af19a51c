//! Unnormalised log-densities, the targets of variational inference.

/// `ln p̃(x) = ln p(x) + ln Z` with an unknown constant `ln Z`.
///
/// Implemented for every `Fn(f64) -> f64 + Send + Sync` closure.
///
/// # Formula
/// ```text
/// E_q[ln q − ln p̃] = KL(q‖p) − ln Z      (the negative ELBO)
/// ```
///
/// # Reference
/// Blei, Kucukelbir & McAuliffe, "Variational inference: a review for
/// statisticians", *JASA* 112 (2017), eq. (13).
pub trait LogDensity: Send + Sync {
    /// `ln p̃(x)`.
    fn ln_density(&self, x: f64) -> f64;
}

impl<F: Fn(f64) -> f64 + Send + Sync> LogDensity for F {
    fn ln_density(&self, x: f64) -> f64 {
        self(x)
    }
}

impl core::fmt::Debug for dyn LogDensity {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("LogDensity")
    }
}
