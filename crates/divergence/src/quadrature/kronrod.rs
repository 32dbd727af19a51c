//! The 15-point Gauss–Kronrod rule (from `bilby`) driven adaptively and as a
//! fixed composite rule, on the mapped variable of a [`Region`].

use core::cell::{Cell, RefCell};

use bilby::{AdaptiveIntegrator, GKPair, GaussKronrod};

use crate::error::{Error, Result};
use crate::quadrature::region::{Region, Transform};
use crate::quadrature::{Estimate, Integrator, Method};
use crate::sum::Neumaier;

/// Default absolute tolerance of [`Adaptive`] (nats, for information measures).
pub const DEFAULT_ABSOLUTE_TOLERANCE: f64 = 1e-12;
/// Default relative tolerance of [`Adaptive`].
pub const DEFAULT_RELATIVE_TOLERANCE: f64 = 1e-12;
/// Default cap on the number of subintervals of [`Adaptive`].
pub const DEFAULT_MAX_SUBINTERVALS: usize = 2000;

/// The rule both integrators use: QUADPACK's 7-point Gauss / 15-point
/// Kronrod pair, as shipped by `bilby`.
const PAIR: GKPair = GKPair::G7K15;
/// Nodes of [`PAIR`].
const NODES: usize = 15;
/// Relative error at which a result counts as converged whatever the
/// tolerances: `100·ε`, QUADPACK's rounding floor.
const ROUNDING_FLOOR: f64 = 100.0 * f64::EPSILON;

/// What the integrand returned that stops the integration: the first NaN,
/// and the signs of infinities seen.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    nan: Option<(f64, f64)>,
    plus_infinity: Option<f64>,
    minus_infinity: Option<f64>,
}

/// Integrand in the mapped variable: `f(x(t))·|dx/dt|`, with `f = 0`
/// short-circuiting an infinite Jacobian at the ends.
///
/// bilby takes `Fn` integrands and has no way to stop early, while ours
/// are `FnMut` and a NaN must be reported with its abscissa: the state
/// lives in `Cell`s. A non-finite value is recorded and replaced by 0, so
/// bilby's sums stay finite; after a NaN the user's function is no longer
/// called (bilby then converges at once), and the flags decide the outcome.
struct Mapped<F> {
    f: RefCell<F>,
    transform: Transform,
    evaluations: Cell<usize>,
    flags: Cell<Flags>,
    stopped: Cell<bool>,
}

impl<F: FnMut(f64) -> f64> Mapped<F> {
    fn new(f: F, transform: Transform) -> Self {
        Mapped {
            f: RefCell::new(f),
            transform,
            evaluations: Cell::new(0),
            flags: Cell::new(Flags::default()),
            stopped: Cell::new(false),
        }
    }

    #[inline]
    fn eval(&self, t: f64) -> f64 {
        if self.stopped.get() {
            return 0.0;
        }
        self.evaluations.set(self.evaluations.get() + 1);
        let (x, jac) = self.transform.apply(t);
        if jac == 0.0 {
            // The map has left the representable range (eᵘ under- or
            // overflowed): the integrand is not evaluated at an end point,
            // where a density may be infinite.
            return 0.0;
        }
        let fx = (self.f.borrow_mut())(x);
        if fx == 0.0 {
            return 0.0;
        }
        if fx.is_finite() {
            return fx * jac;
        }
        let mut flags = self.flags.get();
        if fx.is_nan() {
            flags.nan.get_or_insert((x, fx));
        } else if fx > 0.0 {
            flags.plus_infinity.get_or_insert(x);
        } else {
            flags.minus_infinity.get_or_insert(x);
        }
        self.flags.set(flags);
        // A NaN ends the work; an infinity decides the value, but the rest
        // is still evaluated so that infinities of both signs are caught.
        self.stopped.set(flags.nan.is_some());
        0.0
    }

    /// The outcome forced by a non-finite integrand value, if any: an error
    /// for NaN or for infinities of both signs, `±∞` otherwise.
    fn non_finite(&self, method: Method) -> Option<Result<Estimate>> {
        let flags = self.flags.get();
        match flags {
            Flags {
                nan: Some((x, value)),
                ..
            } => Some(Err(Error::IntegrandNotFinite { x, value })),
            Flags {
                plus_infinity: Some(x),
                minus_infinity: Some(_),
                ..
            } => Some(Err(Error::IntegrandNotFinite { x, value: f64::NAN })),
            Flags {
                plus_infinity: Some(_),
                ..
            } => Some(Ok(infinite(f64::INFINITY, method))),
            Flags {
                minus_infinity: Some(_),
                ..
            } => Some(Ok(infinite(f64::NEG_INFINITY, method))),
            _ => None,
        }
    }
}

fn infinite(value: f64, method: Method) -> Estimate {
    Estimate {
        value,
        error: 0.0,
        method,
    }
}

/// Globally adaptive 15-point Gauss–Kronrod quadrature (QUADPACK's QAG
/// strategy, run by `bilby`'s `AdaptiveIntegrator` with `GKPair::G7K15`) on
/// the centred and scaled variable of a [`Region`]: the panel with the
/// largest error estimate is bisected until the summed estimate meets the
/// tolerance. The change of variables, the initial break points, the
/// subinterval cap and the reporting of non-finite values are ours.
///
/// # Formula
/// ```text
/// ∫ f(x) dx = Σ_panels ∫ f(x(t)) |dx/dt| dt,
/// error per panel  ε = I_asc · min(1, (200 |K₁₅ − G₇| / I_asc)^{3/2}),
/// converged when   Σ ε ≤ max(absolute, relative·|I|, 100·eps·|I|)
/// ```
///
/// # Errors
/// [`Error::NotConverged`] (with the best value) when
/// `max_subintervals` is reached or bisection stalls at the rounding floor
/// above the tolerance; [`Error::IntegrandNotFinite`] (with the abscissa)
/// when the integrand returns NaN or infinities of both signs. An integrand
/// that is `+∞` (or `−∞`) somewhere gives the value `±∞`, not an error.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::{Adaptive, Integrator, Region};
/// let quad = Adaptive::new(1e-14, 1e-14, 500)?;
/// let r = Region::real_line(0.0, 1.0)?;
/// let e = quad.integrate(|x| (-x * x).exp(), &r)?;
/// assert!((e.value - std::f64::consts::PI.sqrt()).abs() < 1e-14 && e.error < 1e-13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// R. Piessens, E. de Doncker-Kapenga, C. W. Überhuber and D. K. Kahaner,
/// *QUADPACK: A Subroutine Package for Automatic Integration* (Springer,
/// 1983), routines QK15 and QAG; error estimate eq. (2.2.23).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adaptive {
    absolute: f64,
    relative: f64,
    max_subintervals: usize,
}

impl Default for Adaptive {
    fn default() -> Self {
        Adaptive {
            absolute: DEFAULT_ABSOLUTE_TOLERANCE,
            relative: DEFAULT_RELATIVE_TOLERANCE,
            max_subintervals: DEFAULT_MAX_SUBINTERVALS,
        }
    }
}

impl Adaptive {
    /// A driver with the given absolute and relative tolerances and
    /// subinterval cap.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless both tolerances are finite and
    /// non-negative, not both zero, and `max_subintervals ≥ 1`.
    pub fn new(absolute: f64, relative: f64, max_subintervals: usize) -> Result<Adaptive> {
        for (name, v) in [("absolute", absolute), ("relative", relative)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::InvalidParameter {
                    name,
                    value: v,
                    reason: "a tolerance must be finite and non-negative",
                });
            }
        }
        if absolute == 0.0 && relative == 0.0 {
            return Err(Error::InvalidParameter {
                name: "absolute",
                value: absolute,
                reason: "absolute and relative tolerances cannot both be zero",
            });
        }
        if max_subintervals == 0 {
            return Err(Error::InvalidParameter {
                name: "max_subintervals",
                value: 0.0,
                reason: "at least one subinterval is needed",
            });
        }
        Ok(Adaptive {
            absolute,
            relative,
            max_subintervals,
        })
    }
}

impl Integrator for Adaptive {
    fn integrate<F: FnMut(f64) -> f64>(&self, f: F, region: &Region) -> Result<Estimate> {
        let transform = Transform::new(region);
        let m = Mapped::new(f, transform);
        let ts = transform.breakpoints(region);
        let (t0, t1) = (ts[0], ts[ts.len() - 1]);
        let breaks = &ts[1..ts.len() - 1];
        let seeds = ts.len() - 1;
        // bilby caps evaluations, we cap subintervals: n seeds and k
        // bisections give n + k panels for 15(n + 2k) evaluations.
        let bisections = self.max_subintervals.saturating_sub(seeds);
        let quad = AdaptiveIntegrator::default()
            .with_pair(PAIR)
            .with_abs_tol(self.absolute)
            .with_rel_tol(self.relative)
            .with_max_evals(
                NODES.saturating_mul(seeds.saturating_add(bisections.saturating_mul(2))),
            );
        let r = quad
            .integrate_with_breaks(t0, t1, breaks, |t| m.eval(t))
            .map_err(|e| Error::InvalidParameter {
                name: "region",
                value: f64::NAN,
                reason: bilby_reason(&e),
            })?;
        let method = Method::GaussKronrod {
            subintervals: seeds + (r.num_evals / NODES).saturating_sub(seeds) / 2,
            evaluations: m.evaluations.get(),
        };
        if let Some(outcome) = m.non_finite(method) {
            return outcome;
        }
        // bilby's test is `error ≤ max(absolute, relative·|I|)`; QUADPACK
        // (and this crate before bilby) also accepts an error at the rounding
        // floor. `|I| ≤ ∫|f|`, so this floor is never looser than QUADPACK's.
        let tolerance = self
            .absolute
            .max(self.relative * r.value.abs())
            .max(ROUNDING_FLOOR * r.value.abs());
        if !(r.converged || r.error_estimate <= tolerance) {
            return Err(Error::NotConverged {
                method: "Gauss-Kronrod",
                value: r.value,
                error: r.error_estimate,
                tolerance,
                evaluations: m.evaluations.get(),
            });
        }
        Ok(Estimate {
            value: r.value,
            error: r.error_estimate,
            method,
        })
    }
}

/// bilby's input errors cannot arise from a validated [`Region`] and
/// [`Adaptive`]; they are mapped rather than unwrapped so nothing panics.
fn bilby_reason(e: &bilby::QuadratureError) -> &'static str {
    match e {
        bilby::QuadratureError::InvalidInput(reason) => reason,
        _ => "the quadrature backend rejected the mapped interval",
    }
}

/// A fixed composite 15-point Gauss–Kronrod rule (`bilby`'s `GaussKronrod`
/// with `GKPair::G7K15`, one call per panel) on `panels` equal panels of
/// the mapped variable: no adaptation, so the cost is exactly
/// `15·panels` integrand evaluations, which is what a parameter sweep calling
/// it millions of times wants. Its error estimate (Kronrod against the
/// embedded Gauss rule) is reported, not enforced: check
/// [`Estimate::error`].
///
/// # Formula
/// ```text
/// ∫ f dx ≈ Σ_{panels} Σ_{i=1}^{15} w_i f(x(t_i)) |dx/dt(t_i)|
/// ```
///
/// # Errors
/// [`FixedRule::new`]: [`Error::InvalidParameter`] when `panels = 0`.
/// Integration: [`Error::IntegrandNotFinite`] when the integrand returns NaN
/// (or infinities of both signs).
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::{FixedRule, Integrator};
/// use statrs::distribution::Normal;
/// let rule = FixedRule::new(64)?;
/// let (p, q) = (Normal::new(0.0, 1.0)?, Normal::new(1.0, 2.0)?);
/// let e = rule.kl(&p, &q)?;
/// let exact = 2f64.ln() + 2.0 / 8.0 - 0.5;
/// assert!((e.value - exact).abs() < 1e-13 && e.error < 1e-10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// QUADPACK (Piessens et al., 1983), routine QK15; composite rules:
/// P. J. Davis and P. Rabinowitz, *Methods of Numerical Integration*
/// (2nd ed., 1984), §2.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedRule {
    panels: usize,
}

impl FixedRule {
    /// A composite rule with `panels` panels (`15·panels` nodes).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `panels = 0`.
    pub fn new(panels: usize) -> Result<FixedRule> {
        if panels == 0 {
            return Err(Error::InvalidParameter {
                name: "panels",
                value: 0.0,
                reason: "a composite rule needs at least one panel",
            });
        }
        Ok(FixedRule { panels })
    }

    /// Number of integrand evaluations per integral.
    pub fn nodes(&self) -> usize {
        15 * self.panels
    }
}

impl Integrator for FixedRule {
    fn integrate<F: FnMut(f64) -> f64>(&self, f: F, region: &Region) -> Result<Estimate> {
        let transform = Transform::new(region);
        let (t0, t1) = transform.t_range();
        let m = Mapped::new(f, transform);
        let rule = GaussKronrod::new(PAIR);
        let (mut v, mut e) = (Neumaier::default(), 0.0);
        let h = (t1 - t0) / self.panels as f64;
        for i in 0..self.panels {
            let a = t0 + h * i as f64;
            let b = if i + 1 == self.panels { t1 } else { a + h };
            let (value, error) = rule.integrate(a, b, |t| m.eval(t));
            v.add(value);
            e += error;
        }
        let method = Method::FixedRule {
            nodes: self.nodes(),
        };
        if let Some(outcome) = m.non_finite(method) {
            return outcome;
        }
        Ok(Estimate {
            value: v.total(),
            error: e,
            method,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_with_the_best_value() {
        let quad = Adaptive::new(0.0, 1e-15, 3).unwrap();
        let r = Region::new(0.0, 1.0, 0.5, 0.1).unwrap();
        let e = quad.integrate(|x: f64| x.sqrt().recip(), &r);
        assert!(matches!(e, Err(Error::NotConverged { .. })));
    }

    #[test]
    fn nan_is_an_error_naming_its_abscissa() {
        let r = Region::real_line(0.0, 1.0).unwrap();
        let e = Adaptive::default().integrate(
            |x| {
                if x > 2.0 {
                    f64::NAN
                } else {
                    1.0 / (1.0 + x * x)
                }
            },
            &r,
        );
        assert!(matches!(e, Err(Error::IntegrandNotFinite { x, .. }) if x > 2.0));
        let e = FixedRule::new(8)
            .unwrap()
            .integrate(|x| if x > 2.0 { f64::NAN } else { 0.0 }, &r);
        assert!(matches!(e, Err(Error::IntegrandNotFinite { x, .. }) if x > 2.0));
    }

    #[test]
    fn infinities_give_a_value_or_an_error_by_sign() {
        let r = Region::real_line(0.0, 1.0).unwrap();
        let plus = |x: f64| {
            if x > 1.0 {
                f64::INFINITY
            } else {
                (-x * x).exp()
            }
        };
        let e = Adaptive::default().integrate(plus, &r).unwrap();
        assert!(e.value.is_infinite() && e.value > 0.0);
        let both = |x: f64| {
            if x > 1.0 {
                f64::INFINITY
            } else if x < -1.0 {
                f64::NEG_INFINITY
            } else {
                0.0
            }
        };
        let e = Adaptive::default().integrate(both, &r);
        assert!(matches!(e, Err(Error::IntegrandNotFinite { .. })));
    }

    #[test]
    fn subinterval_cap_counts_panels() {
        let quad = Adaptive::new(0.0, 1e-15, 40).unwrap();
        let r = Region::new(0.0, 1.0, 0.5, 0.1).unwrap();
        match quad.integrate(|x: f64| (50.0 * x).sin().abs(), &r) {
            Ok(Estimate {
                method: Method::GaussKronrod { subintervals, .. },
                ..
            }) => assert!(subintervals <= 40),
            Err(Error::NotConverged { evaluations, .. }) => assert!(evaluations <= 15 * 2 * 40),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_huge_cap_does_not_overflow() {
        let quad = Adaptive::new(1e-12, 1e-12, usize::MAX).unwrap();
        let r = Region::real_line(0.0, 1.0).unwrap();
        let e = quad.integrate(|x| (-x * x).exp(), &r).unwrap();
        approx::assert_abs_diff_eq!(e.value, core::f64::consts::PI.sqrt(), epsilon = 1e-12);
    }

    #[test]
    fn nan_is_an_error() {
        let r = Region::real_line(0.0, 1.0).unwrap();
        let e = Adaptive::default().integrate(|_| f64::NAN, &r);
        assert!(matches!(e, Err(Error::IntegrandNotFinite { .. })));
    }
}
