//! The 15-point Gauss–Kronrod rule, its adaptive driver and a fixed composite rule.

use crate::error::{Error, Result};
use crate::quadrature::region::{Region, Transform};
use crate::quadrature::{Estimate, Integrator, Method};
use crate::sum::Neumaier;

/// Kronrod abscissae on `[−1, 1]` (positive half; odd indices are the
/// 7-point Gauss abscissae), from QUADPACK's `qk15`.
#[allow(clippy::excessive_precision)] // published 33-digit constants, kept verbatim
const XGK: [f64; 8] = [
    0.991_455_371_120_812_639_206_854_697_526_329,
    0.949_107_912_342_758_524_526_189_684_047_851,
    0.864_864_423_359_769_072_789_712_788_640_926,
    0.741_531_185_599_394_439_863_864_773_280_788,
    0.586_087_235_467_691_130_294_144_845_693_013,
    0.405_845_151_377_397_166_906_606_412_076_961,
    0.207_784_955_007_898_467_600_689_403_773_245,
    0.0,
];
/// Kronrod weights, matching [`XGK`].
#[allow(clippy::excessive_precision)] // published 33-digit constants, kept verbatim
const WGK: [f64; 8] = [
    0.022_935_322_010_529_224_963_732_008_058_970,
    0.063_092_092_629_978_553_290_700_663_189_204,
    0.104_790_010_322_250_183_839_876_322_541_518,
    0.140_653_259_715_525_918_745_189_590_510_238,
    0.169_004_726_639_267_902_826_583_426_598_550,
    0.190_350_578_064_785_409_913_256_402_421_014,
    0.204_432_940_075_298_892_414_161_999_234_649,
    0.209_482_141_084_727_828_012_999_174_891_714,
];
/// 7-point Gauss weights (`XGK[1], XGK[3], XGK[5]` and the centre).
#[allow(clippy::excessive_precision)] // published 33-digit constants, kept verbatim
const WG: [f64; 4] = [
    0.129_484_966_168_869_693_270_611_432_679_082,
    0.279_705_391_489_276_667_901_467_771_423_780,
    0.381_830_050_505_118_944_950_369_775_488_975,
    0.417_959_183_673_469_387_755_102_040_816_327,
];

/// Default absolute tolerance of [`Adaptive`] (nats, for information measures).
pub const DEFAULT_ABSOLUTE_TOLERANCE: f64 = 1e-12;
/// Default relative tolerance of [`Adaptive`].
pub const DEFAULT_RELATIVE_TOLERANCE: f64 = 1e-12;
/// Default cap on the number of subintervals of [`Adaptive`].
pub const DEFAULT_MAX_SUBINTERVALS: usize = 2000;

/// One Gauss–Kronrod panel `[a, b]` in the mapped variable.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: f64,
    b: f64,
    value: f64,
    error: f64,
    abs: f64,
}

/// Integrand in the mapped variable: `f(x(t))·|dx/dt|`, with `f = 0`
/// short-circuiting an infinite Jacobian at the ends.
struct Mapped<F> {
    f: F,
    transform: Transform,
    evaluations: usize,
}

impl<F: FnMut(f64) -> f64> Mapped<F> {
    #[inline]
    fn eval(&mut self, t: f64) -> Result<f64> {
        self.evaluations += 1;
        let (x, jac) = self.transform.apply(t);
        if jac == 0.0 {
            // The map has left the representable range (eᵘ under- or
            // overflowed): the integrand is not evaluated at an end point,
            // where a density may be infinite.
            return Ok(0.0);
        }
        let fx = (self.f)(x);
        if fx == 0.0 {
            return Ok(0.0);
        }
        if fx.is_nan() {
            return Err(Error::IntegrandNotFinite { x, value: fx });
        }
        Ok(fx * jac)
    }

    /// QUADPACK `qk15` on `[a, b]`.
    fn gk15(&mut self, a: f64, b: f64) -> Result<Segment> {
        let c = 0.5 * (a + b);
        let h = 0.5 * (b - a);
        let fc = self.eval(c)?;
        let mut fv1 = [0.0; 7];
        let mut fv2 = [0.0; 7];
        let mut resg = fc * WG[3];
        let mut resk = fc * WGK[7];
        let mut resabs = resk.abs();
        for j in 0..7 {
            let dx = h * XGK[j];
            let (f1, f2) = (self.eval(c - dx)?, self.eval(c + dx)?);
            fv1[j] = f1;
            fv2[j] = f2;
            if j % 2 == 1 {
                resg += WG[j / 2] * (f1 + f2);
            }
            resk += WGK[j] * (f1 + f2);
            resabs += WGK[j] * (f1.abs() + f2.abs());
        }
        let value = resk * h;
        if value.is_infinite() {
            return Ok(Segment {
                a,
                b,
                value,
                error: 0.0,
                abs: f64::INFINITY,
            });
        }
        if value.is_nan() {
            // Infinities of both signs inside one panel.
            return Err(Error::IntegrandNotFinite { x: c, value });
        }
        let reskh = 0.5 * resk;
        let mut resasc = WGK[7] * (fc - reskh).abs();
        for j in 0..7 {
            resasc += WGK[j] * ((fv1[j] - reskh).abs() + (fv2[j] - reskh).abs());
        }
        let ah = h.abs();
        resabs *= ah;
        resasc *= ah;
        let mut error = ((resk - resg) * h).abs();
        if resasc != 0.0 && error != 0.0 {
            error = resasc * (200.0 * error / resasc).powf(1.5).min(1.0);
        }
        if resabs > f64::MIN_POSITIVE / (50.0 * f64::EPSILON) {
            error = error.max(50.0 * f64::EPSILON * resabs);
        }
        Ok(Segment {
            a,
            b,
            value,
            error,
            abs: resabs,
        })
    }
}

fn totals<'a>(segments: impl Iterator<Item = &'a Segment>) -> (f64, f64, f64) {
    let (mut v, mut e, mut a) = (Neumaier::default(), Neumaier::default(), 0.0);
    for s in segments {
        v.add(s.value);
        e.add(s.error);
        a += s.abs;
    }
    (v.total(), e.total(), a)
}

/// Globally adaptive 15-point Gauss–Kronrod quadrature (QUADPACK's QAG
/// strategy) on the centred and scaled variable of a [`Region`]: the panel
/// with the largest error estimate is bisected until the summed estimate
/// meets the tolerance.
///
/// # Formula
/// ```text
/// ∫ f(x) dx = Σ_panels ∫ f(x(t)) |dx/dt| dt,
/// error per panel  ε = I_asc · min(1, (200 |K₁₅ − G₇| / I_asc)^{3/2}),
/// converged when   Σ ε ≤ max(absolute, relative·|I|, 100·eps·∫|f|)
/// ```
///
/// # Errors
/// [`Error::NotConverged`] (with the best value) when
/// `max_subintervals` is reached or panels become too small to split;
/// [`Error::IntegrandNotFinite`] when the integrand returns NaN.
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
        let mut m = Mapped {
            f,
            transform,
            evaluations: 0,
        };
        let breaks = transform.breakpoints(region);
        let mut segs = Vec::with_capacity(breaks.len() + 64);
        let mut exhausted = Vec::new();
        for w in breaks.windows(2) {
            segs.push(m.gk15(w[0], w[1])?);
        }
        loop {
            let (value, error, abs) = totals(segs.iter().chain(exhausted.iter()));
            if value.is_infinite() {
                return Ok(Estimate {
                    value,
                    error: 0.0,
                    method: Method::GaussKronrod {
                        subintervals: segs.len() + exhausted.len(),
                        evaluations: m.evaluations,
                    },
                });
            }
            let tolerance = self
                .absolute
                .max(self.relative * value.abs())
                .max(100.0 * f64::EPSILON * abs);
            let n = segs.len() + exhausted.len();
            if error <= tolerance {
                return Ok(Estimate {
                    value,
                    error,
                    method: Method::GaussKronrod {
                        subintervals: n,
                        evaluations: m.evaluations,
                    },
                });
            }
            if n >= self.max_subintervals || segs.is_empty() {
                return Err(Error::NotConverged {
                    method: "Gauss-Kronrod",
                    value,
                    error,
                    tolerance,
                    evaluations: m.evaluations,
                });
            }
            let (i, _) = segs
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.error.total_cmp(&b.1.error))
                .expect("segs is not empty");
            let s = segs.swap_remove(i);
            let mid = 0.5 * (s.a + s.b);
            if !(mid > s.a && mid < s.b) || (s.b - s.a) <= 1e3 * f64::EPSILON * mid.abs().max(1e-3)
            {
                exhausted.push(s);
                continue;
            }
            segs.push(m.gk15(s.a, mid)?);
            segs.push(m.gk15(mid, s.b)?);
        }
    }
}

/// A fixed composite 15-point Gauss–Kronrod rule on `panels` equal panels of
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
/// Integration: [`Error::IntegrandNotFinite`] when the integrand returns NaN.
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
        let mut m = Mapped {
            f,
            transform,
            evaluations: 0,
        };
        let (mut v, mut e) = (Neumaier::default(), 0.0);
        let h = (t1 - t0) / self.panels as f64;
        for i in 0..self.panels {
            let a = t0 + h * i as f64;
            let b = if i + 1 == self.panels { t1 } else { a + h };
            let s = m.gk15(a, b)?;
            v.add(s.value);
            e += s.error;
        }
        Ok(Estimate {
            value: v.total(),
            error: e,
            method: Method::FixedRule {
                nodes: self.nodes(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kronrod_and_gauss_weights_integrate_polynomials_exactly() {
        // K15 is exact to degree 22, G7 to degree 13 (QUADPACK docs).
        for deg in 0..=22u32 {
            let mut k = WGK[7] * if deg == 0 { 1.0 } else { 0.0 };
            let mut g = WG[3] * if deg == 0 { 1.0 } else { 0.0 };
            for j in 0..7 {
                let x = XGK[j];
                let f = x.powi(deg as i32) + (-x).powi(deg as i32);
                k += WGK[j] * f;
                if j % 2 == 1 {
                    g += WG[j / 2] * f;
                }
            }
            let exact = if deg % 2 == 0 {
                2.0 / (deg as f64 + 1.0)
            } else {
                0.0
            };
            approx::assert_abs_diff_eq!(k, exact, epsilon = 1e-15);
            if deg <= 13 {
                approx::assert_abs_diff_eq!(g, exact, epsilon = 1e-15);
            }
        }
    }

    #[test]
    fn gives_up_with_the_best_value() {
        let quad = Adaptive::new(0.0, 1e-15, 3).unwrap();
        let r = Region::new(0.0, 1.0, 0.5, 0.1).unwrap();
        let e = quad.integrate(|x: f64| x.sqrt().recip(), &r);
        assert!(matches!(e, Err(Error::NotConverged { .. })));
    }

    #[test]
    fn nan_is_an_error() {
        let r = Region::real_line(0.0, 1.0).unwrap();
        let e = Adaptive::default().integrate(|_| f64::NAN, &r);
        assert!(matches!(e, Err(Error::IntegrandNotFinite { .. })));
    }
}
