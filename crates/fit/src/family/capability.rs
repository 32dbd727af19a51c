//! Optional capabilities of a family, each an opt-in trait.
//!
//! A [`super::Family`] reports what it can do through its `as_*` accessors
//! ([`super::Family::as_statistics`], [`super::Family::as_expect_under`],
//! [`super::Family::as_cdf`], [`super::Family::as_normal`]), which return `None` unless
//! the family implements the trait and says so with `Some(self)`. A family
//! without a capability is taken down the general path (sums over the data,
//! quadrature of its own density), never through a placeholder value: every
//! method of a capability is required, so a half-implemented capability does
//! not compile.

use crate::target::Expectation;

/// Exponential-family statistics: the cross-entropy against the data from a
/// few numbers `E_data T(X)` computed once, so that a forward-KL evaluation
/// (and a sweep point) costs O(1) instead of a pass over the data.
///
/// # Formula
/// ```text
/// H(data, q_θ) = −E_data ln q_θ(X) = A(θ) − η(θ)·E_data T(X) − E_data ln h(X)
/// ```
///
/// # Example
/// ```
/// use fit::{Family, SufficientStatistics, Target, Poisson};
/// let counts = Target::from_counts(&[3, 5, 2])?; // 0, 1, 2 events
/// let s = Poisson.as_statistics().unwrap();
/// let stats = s.statistics(&counts).unwrap();
/// let direct = -(0..3).map(|k| counts.probabilities().unwrap()[k]
///     * Poisson.ln_density(&[0.9], k as f64)).sum::<f64>();
/// assert!((s.cross_entropy(&[0.9], &stats) - direct).abs() < 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Wainwright & Jordan, *Graphical Models, Exponential Families, and
/// Variational Inference* (2008), §3.2.
pub trait SufficientStatistics: Sync + core::fmt::Debug {
    /// The data summaries `E_data T(X)`; `None` when this kind of data has
    /// none (then the objective sums over the data).
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>>;
    /// `H(data, q_θ)` from [`SufficientStatistics::statistics`], in nats
    /// (`+∞` where the data put mass outside the support).
    fn cross_entropy(&self, theta: &[f64], stats: &[f64]) -> f64;
    /// `∂/∂θ H(data, q_θ)`, written into `grad`.
    fn cross_entropy_gradient(&self, theta: &[f64], stats: &[f64], grad: &mut [f64]);
    /// [`SufficientStatistics::cross_entropy`] at many points at once: the
    /// points equal `theta` except that parameter `slot` takes each of
    /// `values` (`theta[slot]` itself is ignored), results into `out` (as
    /// long as `values`). This is the inner loop of a grid sweep, a run along
    /// its last axis. The default calls `cross_entropy` per point; override
    /// it to share per-run work (`ln σ` while `μ` varies) or with a loop that
    /// LLVM can vectorise (`divergence::simd`).
    ///
    /// An override must make `out[j]` depend on `values[j]` alone, never on
    /// `j` or on the length of the run, so that a sweep does not depend on
    /// how it is split between threads; and it must agree with
    /// `cross_entropy` to a few ulps of the terms it sums.
    ///
    /// # Formula
    /// ```text
    /// out[j] = H(data, q_θ⁽ʲ⁾),   θ⁽ʲ⁾ᵢ = values[j] if i = slot, θᵢ otherwise
    /// ```
    ///
    /// A `slot` outside `theta` leaves `out` untouched (sweeps pass a
    /// parameter's index).
    fn cross_entropy_along(
        &self,
        theta: &[f64],
        slot: usize,
        values: &[f64],
        stats: &[f64],
        out: &mut [f64],
    ) {
        if slot >= theta.len() {
            return;
        }
        let mut t = theta.to_vec();
        for (o, &v) in out.iter_mut().zip(values) {
            t[slot] = v;
            *o = self.cross_entropy(&t, stats);
        }
    }
}

/// Expectations under the model, `E_{q_θ} f(X)`, for a continuous family:
/// reverse KL against continuous targets needs them.
pub trait ExpectUnder: Sync + core::fmt::Debug {
    /// `E_{q_θ} f(X)`; `None` where the quadrature fails.
    fn expect_under(&self, theta: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64>;

    /// Several expectations `E_{q_θ} fᵢ(X)` from one pass over the
    /// quadrature nodes: `f(x, v)` writes `fᵢ(x)` into `v[i]`, the results go
    /// to `out` (reverse KL and its gradient share one evaluation of the
    /// target's density per node). Returns `false` where a quadrature fails.
    /// The default calls [`ExpectUnder::expect_under`] once per component.
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
}

/// The cumulative distribution function `P(X ≤ x)` (the binned KL of
/// samples with bins uses it).
pub trait Cdf: Sync + core::fmt::Debug {
    /// `P(X ≤ x)` under `q_θ`, in `[0, 1]`.
    fn cdf(&self, theta: &[f64], x: f64) -> f64;
}

/// The expected (Fisher) information per observation, for families whose
/// log-likelihood is not twice differentiable at the optimum (a Laplace's
/// kink at `x = μ`): there the observed information, a Hessian, is not
/// defined, and standard errors come from this instead.
///
/// # Formula
/// ```text
/// I(θ)ᵢⱼ = E_θ[∂ᵢ ln q(X; θ) ∂ⱼ ln q(X; θ)],   Cov(θ̂) ≈ (n I(θ̂))⁻¹
/// ```
///
/// # Reference
/// Lehmann & Casella, *Theory of Point Estimation* (2nd ed., 1998), §6.5
/// (asymptotic efficiency without second derivatives).
pub trait FisherInformation: Sync + core::fmt::Debug {
    /// `I(θ)` per observation, `k × k` in row-major order, in the natural
    /// parameters.
    fn fisher_information(&self, theta: &[f64]) -> Vec<f64>;
}

/// Families whose every member is the Normal `N(θᵢ, θⱼ²)`: reverse KL
/// against continuous targets then takes the Normal fast paths (quadrature
/// on fixed lattices with the target's log-density cached between
/// evaluations, and sweeps over equally spaced means as convolutions).
pub trait NormalMembers: Sync + core::fmt::Debug {
    /// `(i, j)`: `θᵢ` is the mean, `θⱼ` the standard deviation, and no other
    /// parameter changes `q_θ`.
    fn normal_slots(&self) -> (usize, usize);
}
