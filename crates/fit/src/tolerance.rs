//! Named tolerances and default solver settings, in one place.

/// Brent's absolute tolerance on the bracket (argmin's `t`); the final
/// digits come from the gradient polish, so this only has to be small.
pub const BRENT_ABS_TOL: f64 = 1e-11;
/// Golden-section's relative bracket tolerance.
pub const GOLDEN_REL_TOL: f64 = 1e-10;
/// L-BFGS stops when the unconstrained gradient norm is below this.
pub const LBFGS_GRAD_TOL: f64 = 1e-11;
/// L-BFGS stops when the cost changes by less than this between iterations.
pub const LBFGS_COST_TOL: f64 = 1e-16;
/// L-BFGS history length.
pub const LBFGS_MEMORY: usize = 7;
/// Nelder–Mead stops when the standard deviation of the simplex's costs is
/// below this times `max(1, |cost at the start|)`: above the rounding noise
/// of a cost (a few ε·|cost|), which an absolute 1e-15 was not, so the
/// simplex ran to its iteration cap on real data. The polish that follows
/// takes the last digits from the gradient.
pub const NELDER_MEAD_SD_TOL: f64 = 1e-13;
/// Default iteration cap for every solver.
pub const DEFAULT_MAX_ITERS: u64 = 1000;
/// The polish stops when the gradient norm (unconstrained space) is below this.
pub const POLISH_GRAD_TOL: f64 = 1e-14;
/// At most this many Newton steps in the polish.
pub const POLISH_MAX_STEPS: usize = 8;
/// Relative step of the central differences that build the polish's Hessian.
pub const HESSIAN_FD_STEP: f64 = 1e-5;
/// A fit is reported as converged only if its final gradient norm is below
/// this times `max(1, |objective|)` (in addition to the solver having stopped
/// of its own accord rather than at the iteration limit).
pub const CONVERGED_GRAD_TOL: f64 = 1e-6;
/// Two local minima are the same when every parameter agrees to this (relative).
pub const DISTINCT_MINIMUM_TOL: f64 = 1e-4;
/// Model mass outside a histogram's support above which reverse KL is `+∞`.
pub const OUTSIDE_MASS_TOL: f64 = 1e-12;
/// Expectations under a Normal integrate `z ∈ [−QUAD_Z_MAX, QUAD_Z_MAX]`
/// (standardised); the Normal mass outside is `≈ 1e-32`.
pub const QUAD_Z_MAX: f64 = 12.0;
/// Equal panels the z-range is first split into.
pub const QUAD_PANELS: usize = 8;
/// Absolute error target of a Normal expectation.
pub const QUAD_ABS_TOL: f64 = 1e-15;
/// Relative error target of a Normal expectation.
pub const QUAD_REL_TOL: f64 = 1e-13;
/// Maximum bisection depth per panel.
pub const QUAD_MAX_DEPTH: u32 = 20;
/// A polish step may raise the cost by at most this (relative to `1 + |cost|`):
/// the rounding noise of a KL evaluation.
pub const POLISH_COST_SLACK: f64 = 1e-13;
/// A polish step that at least halves the gradient norm (with a
/// positive-definite Hessian) may raise the cost by up to this (relative to
/// `1 + |cost|`): near the optimum the cost changes by `½ gᵀH⁻¹g`, far below
/// the rounding noise of an objective summed from special functions
/// (measured: 1.1e-13 for the beta-binomial of `examples/custom_model.rs`,
/// whose gradient still fell from 2.4e-8 to 2.3e-15), so there the
/// gradient, not the cost, tells the better point.
pub const POLISH_NOISE_SLACK: f64 = 1e-11;
/// EM stops when the cross-entropy changes by less than this (relative to `1 + |H|`).
pub const EM_REL_TOL: f64 = 1e-14;
/// EM reports a collapse when a component's standard deviation falls below this.
pub const EM_MIN_SIGMA: f64 = 1e-150;
/// An axis of Normal means counts as equally spaced (and a reverse-KL
/// sweep along it becomes a convolution) when every value is within this
/// many units of rounding of its largest magnitude from the arithmetic
/// progression through its ends; the sweep then evaluates the progression
/// (`Axis::linspace` is within 2 units).
pub const UNIFORM_AXIS_ULPS: f64 = 16.0;
/// Most points of one lattice of the target's log-density in a reverse-KL
/// convolution sweep (32 MiB); lines that would need more are evaluated
/// point by point.
pub const CONVOLUTION_MAX_LATTICE: usize = 1 << 22;
/// Largest Binomial `n` whose `ln C(n, k)` row is tabulated at construction
/// (8 MiB); larger `n` evaluate `ln Γ` per call.
pub const LN_CHOOSE_TABLE_MAX: u64 = 1 << 20;
/// Default cap on objective plus gradient evaluations of one solver run,
/// checked inside the solver loop: a run that reaches it stops at the best
/// point seen and is reported as not converged.
pub const DEFAULT_MAX_EVALS: u64 = 20_000;
/// The Newton polish (a dense finite-difference Hessian) runs only for
/// families with at most this many parameters.
pub const POLISH_MAX_PARAMS: usize = 64;
/// A parameter with two finite bounds within this fraction of their width
/// from one of them, after a fit that did not start from a closed form, is
/// a degenerate optimum.
pub const AT_BOUND_TOL: f64 = 1e-9;
/// A mixture component whose weight is below this is empty (degenerate).
pub const MIXTURE_MIN_WEIGHT: f64 = 1e-6;
/// A mixture component whose standard deviation is below this fraction of
/// the data's has collapsed onto a point (the likelihood is unbounded).
pub const MIXTURE_MIN_SIGMA_REL: f64 = 1e-6;
/// A mixture component responsible for fewer observations than this sits
/// on one or two points: a spurious maximum of an unbounded likelihood
/// (McLachlan & Peel, *Finite Mixture Models*, 2000, §3.10).
pub const MIXTURE_MIN_MEMBERS: f64 = 2.5;
/// EM initialisations and their agreement are computed on at most this many
/// samples (an evenly strided subset of the sorted data); the best one is
/// then run on all the data.
pub const EM_INIT_SAMPLES: usize = 20_000;
/// Seeded k-means++ initialisations of a mixture fit (besides the quantile split).
pub const EM_KMEANS_SEEDS: u64 = 3;
/// Two EM runs agree when their mean log-likelihoods differ by less than
/// this (relative).
pub const EM_AGREE_TOL: f64 = 1e-9;
/// A negative binomial whose `r` exceeds this times `max(1, mean)` has run
/// to the Poisson limit; a start at the limit takes this `r` (the excess
/// variance `mean²/r` is then below `mean`·1e-6).
pub const NEGBIN_POISSON_LIMIT: f64 = 1e6;
/// Samples per block of a parallel pass over samples; blocks are merged in
/// order, so results do not depend on the thread count.
pub const SAMPLE_BLOCK: usize = 8192;
/// Sample counts from which passes over samples run in parallel.
pub const PARALLEL_SAMPLES: usize = 65_536;
/// Relative step of the central differences of [`crate::check_score`] and
/// [`crate::check_gradient`] (`h = CHECK_FD_STEP·max(1, |θᵢ|)`, kept inside
/// the bounds): the truncation error `h²|f‴|/6` and the rounding error
/// `ε|f|/h` are both ~1e-10 relative.
pub const CHECK_FD_STEP: f64 = 1e-6;
/// Accepted `|analytic − numeric| ≤ CHECK_FD_TOL·(1 + |analytic|)` in the
/// checkers: far above the ~1e-10 error of the difference, far below a
/// wrong term in a score.
pub const CHECK_FD_TOL: f64 = 1e-6;
/// Profile-likelihood interval ends are located to this width of the
/// bracket in the parameter's unconstrained coordinate, relative to
/// `1 + |z|` (the profile itself is known to ~1e-12 relative, which moves
/// an end by ~1e-10 standard errors).
pub const PROFILE_Z_TOL: f64 = 1e-11;
/// Doublings of the outward step before a profile-likelihood interval is
/// declared open to the parameter's bound (2⁶⁰ standard errors).
pub const PROFILE_MAX_DOUBLINGS: u32 = 60;
/// Iterations of the end's root search (Illinois false position; each is a
/// refit of the other parameters).
pub const PROFILE_MAX_ROOT_ITERS: u32 = 100;
/// Halvings of a profile-likelihood step whose refit failed, back towards
/// the last point inside the interval, before the failure is reported.
pub const PROFILE_MAX_RETREATS: u32 = 40;
/// A profile deviance that changes by less than this (relative to
/// `1 + |ℓ(θ̂)|`) over a doubling of the outward step has levelled off
/// below the cut: the interval is open to the parameter's bound. Rounding
/// moves a log-likelihood by ~1e-14 relative.
pub const PROFILE_FLAT_TOL: f64 = 1e-12;
/// Draws of the parametric bootstrap are inverted from the CDF to this
/// relative width (far below any statistic's sensitivity).
pub const SAMPLE_X_TOL: f64 = 1e-13;
/// Bisections of one CDF inversion (a bracket of width 2⁶⁰·x shrinks to
/// `SAMPLE_X_TOL` in ~100).
pub const SAMPLE_MAX_BISECTIONS: u32 = 200;
