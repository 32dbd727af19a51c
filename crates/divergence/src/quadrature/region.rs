//! The integration region and its change of variables onto a bounded interval.

use crate::error::{Error, Result};

/// Where an integrand lives: the support `[lower, upper]` (either end may be
/// infinite) plus a location and a spread used to centre and scale the
/// variable before quadrature.
///
/// Quadrature is carried out in a bounded variable `t ∈ (−1, 1)`. A
/// support with a finite end is first mapped onto the whole line by a
/// logarithm (half-lines) or a logit (intervals), `u`, which is then centred
/// on `location` and scaled by `spread` exactly like the real line. The
/// logarithmic map turns an integrable endpoint singularity `(x − a)^(α−1)`
/// (a Gamma or Beta density with shape `α < 1`) into the exponentially
/// decaying `e^(αu)`, so Gauss–Kronrod converges on it as fast as on a
/// smooth integrand; the centring keeps a narrow density far from the
/// origin (say `N(3, 0.01)`) from falling between the nodes.
///
/// # Formula
/// ```text
/// t ∈ (−1, 1),  u = u₀ + σ_u·t/(1 − t²),  du/dt = σ_u(1 + t²)/(1 − t²)²
/// (−∞, ∞):  x = u,             u₀ = c,              σ_u = s
/// [a, ∞):   x = a + eᵘ,        u₀ = ln(c − a),      σ_u = ln(1 + s/(c − a))
/// (−∞, b]:  x = b − eᵘ,        u₀ = ln(b − c),      σ_u = ln(1 + s/(b − c))
/// [a, b]:   x = a + (b − a)/(1 + e⁻ᵘ),  u₀ = logit((c − a)/(b − a)),
///           σ_u = s/((b − a)·π(1 − π)),  π = (c − a)/(b − a)
/// ```
/// (`c` is `location`, `s` is `spread`; where `c` sits on a finite end,
/// `u₀ = ln s` and `σ_u = 1`, and `σ_u` is clamped to `[10⁻⁶, 4]`.)
/// The initial partition of `t` has break points at `u = u₀ + k·σ_u` for
/// `k ∈ {0, ±½, ±1, ±2, ±4, ±8, ±16}`.
///
/// # Errors
/// [`Error::InvalidParameter`] if a bound is NaN, `lower ≥ upper`,
/// `location` is not finite, or `spread` is not finite and positive.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use divergence::quadrature::{integrate, Region};
/// let r = Region::new(f64::NEG_INFINITY, f64::INFINITY, 3.0, 0.01)?;
/// let mass = integrate(|x| (-0.5 * ((x - 3.0) / 0.01_f64).powi(2)).exp(), &r)?;
/// assert!((mass.value - 0.01 * (2.0 * std::f64::consts::PI).sqrt()).abs() < 1e-14);
/// // An integrable singularity at an end of the support: ∫₀¹ x^(−0.9) dx = 10.
/// let unit = Region::new(0.0, 1.0, 0.5, 0.3)?;
/// let e = integrate(|x: f64| x.powf(-0.9), &unit)?;
/// assert!((e.value - 10.0).abs() < 1e-10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// R. Piessens et al., *QUADPACK* (Springer, 1983), §2.2 (transformation of
/// infinite ranges, routine QAGI); the logarithmic and logit maps that
/// remove endpoint singularities: P. J. Davis and P. Rabinowitz, *Methods of
/// Numerical Integration* (2nd ed., 1984), §3.9 and §2.12.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    lower: f64,
    upper: f64,
    location: f64,
    spread: f64,
    /// Narrow features `(location, scale)` (mixture components) that get
    /// break points of their own, so that no subinterval straddles one
    /// unseen; the first `n_features` are set.
    features: [(f64, f64); MAX_FEATURES],
    n_features: usize,
    /// Power-law tails on the real line: map through `sinh`, so the
    /// quadrature reaches `|x| ≈ 1e308` instead of stopping near `1e16`.
    heavy_tails: bool,
}

/// Most features a [`Region`] places break points around (the narrowest
/// are kept).
pub const MAX_FEATURES: usize = 16;

/// Which end(s) of the support are finite; `u` is the centred line variable.
#[derive(Debug, Clone, Copy)]
enum Ends {
    None,
    /// The real line through `x = c + s·sinh(u)`, for power-law tails.
    Sinh(f64, f64),
    Lower(f64),
    Upper(f64),
    Both(f64, f64),
}

#[derive(Debug, Clone, Copy)]
struct Map {
    ends: Ends,
    /// Centre `u₀` of the line variable.
    c: f64,
    /// Scale `σ_u` of the line variable.
    s: f64,
}

/// Bounds on the scale of the line variable of a half-line or interval.
const MIN_LOG_SCALE: f64 = 1e-6;
const MAX_LOG_SCALE: f64 = 4.0;

impl Region {
    /// A region with support `[lower, upper]`, centred on `location`
    /// (clamped into the support) and scaled by `spread`.
    pub fn new(lower: f64, upper: f64, location: f64, spread: f64) -> Result<Region> {
        let bad = |name, value, reason| {
            Err(Error::InvalidParameter {
                name,
                value,
                reason,
            })
        };
        if lower.is_nan() || lower == f64::INFINITY {
            return bad(
                "lower",
                lower,
                "the lower bound must be a number below +inf",
            );
        }
        if upper.is_nan() || upper <= lower {
            return bad(
                "upper",
                upper,
                "the upper bound must be a number above the lower bound",
            );
        }
        if !location.is_finite() {
            return bad("location", location, "the location must be finite");
        }
        if !(spread.is_finite() && spread > 0.0) {
            return bad("spread", spread, "the spread must be finite and positive");
        }
        Ok(Region {
            lower,
            upper,
            location: location.clamp(lower, upper),
            spread,
            features: [(0.0, 0.0); MAX_FEATURES],
            n_features: 0,
            heavy_tails: false,
        })
    }

    /// The same region with break points around each feature
    /// `(location, scale)` as well (the [`MAX_FEATURES`] narrowest; features
    /// that are not finite, have no positive scale or lie outside the
    /// support are ignored): a narrow mixture component far from the
    /// centre is then bracketed by subintervals of its own width instead of
    /// falling inside one wide subinterval whose two rules both miss it.
    pub fn with_features(mut self, features: &[(f64, f64)]) -> Region {
        let mut fs: Vec<(f64, f64)> = features
            .iter()
            .copied()
            .filter(|&(l, s)| {
                l.is_finite() && s.is_finite() && s > 0.0 && l >= self.lower && l <= self.upper
            })
            .collect();
        fs.sort_by(|a, b| a.1.total_cmp(&b.1));
        fs.truncate(MAX_FEATURES);
        self.n_features = fs.len();
        self.features[..fs.len()].copy_from_slice(&fs);
        self
    }

    /// The same region for an integrand with power-law tails (a density
    /// whose moments stop at some order, [`crate::Tails`]). On the real
    /// line the line variable `u` then maps through `x = c + s·sinh(u)`:
    /// the plain map `x = c + s·u` cannot get past `|x| ≈ s/ε` (≈ 4.5e15·s),
    /// and the tail it cuts off, ∝ `|x|^(2−α)` for a Student-t of `ν = α`
    /// against a Normal, is far above the tolerance when `α` is near 2.
    pub fn with_heavy_tails(mut self, heavy: bool) -> Region {
        self.heavy_tails = heavy;
        self
    }

    /// The features set by [`Region::with_features`].
    pub fn features(&self) -> &[(f64, f64)] {
        &self.features[..self.n_features]
    }

    /// The whole real line, centred on `location` and scaled by `spread`.
    ///
    /// # Errors
    /// As [`Region::new`].
    pub fn real_line(location: f64, spread: f64) -> Result<Region> {
        Region::new(f64::NEG_INFINITY, f64::INFINITY, location, spread)
    }

    /// Lower bound of the support.
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// Upper bound of the support.
    pub fn upper(&self) -> f64 {
        self.upper
    }

    /// The centre used by the change of variables.
    pub fn location(&self) -> f64 {
        self.location
    }

    /// The scale used by the change of variables.
    pub fn spread(&self) -> f64 {
        self.spread
    }

    fn map(&self) -> Map {
        let (a, b, c, s) = (self.lower, self.upper, self.location, self.spread);
        let clamp = |v: f64| v.clamp(MIN_LOG_SCALE, MAX_LOG_SCALE);
        // Centre and scale of u = ln(distance from the finite end).
        let log_centre = |d: f64| {
            if d > 0.0 {
                (d.ln(), clamp((s / d).ln_1p()))
            } else {
                (s.ln(), 1.0)
            }
        };
        match (a.is_finite(), b.is_finite()) {
            (false, false) if self.heavy_tails => Map {
                ends: Ends::Sinh(c, s),
                c: 0.0,
                s: 1.0,
            },
            (false, false) => Map {
                ends: Ends::None,
                c,
                s,
            },
            (true, false) => {
                let (c, s) = log_centre(c - a);
                Map {
                    ends: Ends::Lower(a),
                    c,
                    s,
                }
            }
            (false, true) => {
                let (c, s) = log_centre(b - c);
                Map {
                    ends: Ends::Upper(b),
                    c,
                    s,
                }
            }
            (true, true) => {
                let w = b - a;
                let pi = (c - a) / w;
                let (c, s) = if pi > 0.0 && pi < 1.0 {
                    ((pi / (1.0 - pi)).ln(), clamp(s / (w * pi * (1.0 - pi))))
                } else {
                    (0.0, 1.0)
                };
                Map {
                    ends: Ends::Both(a, b),
                    c,
                    s,
                }
            }
        }
    }
}

/// `x`, or the first float above `a` when `x` has rounded onto the end `a`
/// (a non-zero end cannot resolve points closer than its own spacing; the
/// density there is evaluated at the nearest interior float instead of at
/// the end, where it may be infinite).
#[inline]
fn above(a: f64, x: f64) -> f64 {
    if x > a {
        x
    } else {
        a + (a.abs() * f64::EPSILON).max(f64::MIN_POSITIVE)
    }
}

/// `x`, or the first float below `b` when `x` has rounded onto the end `b`.
#[inline]
fn below(b: f64, x: f64) -> f64 {
    if x < b {
        x
    } else {
        b - (b.abs() * f64::EPSILON).max(f64::MIN_POSITIVE)
    }
}

/// The change of variables of a [`Region`], evaluated in the hot loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Transform(Map);

impl Transform {
    pub(crate) fn new(region: &Region) -> Transform {
        Transform(region.map())
    }

    /// The `t` interval.
    pub(crate) fn t_range(&self) -> (f64, f64) {
        (-1.0, 1.0)
    }

    /// `(x(t), |dx/dt|)`. Where `x` leaves the representable range the
    /// Jacobian is reported as 0 (the integrand is not evaluated there).
    #[inline]
    pub(crate) fn apply(&self, t: f64) -> (f64, f64) {
        let Map { ends, c, s } = self.0;
        let d = (1.0 - t) * (1.0 + t);
        let u = c + s * (t / d);
        let du = s * (1.0 + t * t) / (d * d);
        match ends {
            Ends::None => (u, du),
            Ends::Sinh(c, s) => {
                let x = c + s * u.sinh();
                if x.is_finite() {
                    (x, s * u.cosh() * du)
                } else {
                    (x, 0.0)
                }
            }
            Ends::Lower(a) => {
                let e = u.exp();
                let x = above(a, a + e);
                if x.is_finite() && e > 0.0 {
                    (x, e * du)
                } else {
                    (x, 0.0)
                }
            }
            Ends::Upper(b) => {
                let e = u.exp();
                let x = below(b, b - e);
                if x.is_finite() && e > 0.0 {
                    (x, e * du)
                } else {
                    (x, 0.0)
                }
            }
            Ends::Both(a, b) => {
                let w = b - a;
                // σ(u) = 1/(1 + e⁻ᵘ); measure from the nearer end so that
                // points next to either end keep their relative accuracy.
                let e = (-u.abs()).exp();
                let near = e / (1.0 + e);
                let x = if u <= 0.0 {
                    above(a, a + w * near)
                } else {
                    below(b, b - w * near)
                };
                (x, w * near / (1.0 + e) * du)
            }
        }
    }

    /// `t(u)` for the line variable, for placing break points.
    fn t_of_u(&self, u: f64) -> f64 {
        let z = (u - self.0.c) / self.0.s;
        2.0 * z / (1.0 + (1.0 + 4.0 * z * z).sqrt())
    }

    /// `t(x)`, the inverse map.
    pub(crate) fn inverse(&self, x: f64) -> f64 {
        let u = match self.0.ends {
            Ends::None => x,
            Ends::Sinh(c, s) => ((x - c) / s).asinh(),
            Ends::Lower(a) => (x - a).ln(),
            Ends::Upper(b) => (b - x).ln(),
            Ends::Both(a, b) => ((x - a) / (b - x)).ln(),
        };
        self.t_of_u(u)
    }

    /// Initial break points in `t`, sorted, including both ends: around
    /// the centre on the scale of the line variable, and around every
    /// feature of the region at its own scale.
    pub(crate) fn breakpoints(&self, region: &Region) -> Vec<f64> {
        let (t0, t1) = self.t_range();
        let mut ts = vec![t0, t1];
        for k in [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0] {
            for sign in [-1.0, 1.0] {
                let t = self.t_of_u(self.0.c + sign * k * self.0.s);
                if t > t0 && t < t1 {
                    ts.push(t);
                }
            }
        }
        for &(l, s) in region.features() {
            for k in [0.0, 0.5, 1.0, 2.0, 4.0, 8.0] {
                for sign in [-1.0, 1.0] {
                    let x = l + sign * k * s;
                    if x > region.lower && x < region.upper {
                        let t = self.inverse(x);
                        if t > t0 && t < t1 {
                            ts.push(t);
                        }
                    }
                }
            }
        }
        ts.sort_by(f64::total_cmp);
        ts.dedup_by(|a, b| (*a - *b).abs() <= 1e-12);
        ts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_inverts() {
        for r in [
            Region::real_line(3.0, 0.5).unwrap(),
            Region::new(1.0, f64::INFINITY, 2.0, 0.5).unwrap(),
            Region::new(f64::NEG_INFINITY, 1.0, -2.0, 0.5).unwrap(),
            Region::new(-1.0, 4.0, 2.0, 0.5).unwrap(),
        ] {
            let tr = Transform::new(&r);
            for x in [-0.5, 1.5, 2.0, 3.9] {
                if x > r.lower() && x < r.upper() {
                    approx::assert_relative_eq!(tr.apply(tr.inverse(x)).0, x, max_relative = 1e-14);
                }
            }
        }
    }

    #[test]
    fn invalid_regions_are_errors() {
        assert!(Region::new(1.0, 1.0, 1.0, 1.0).is_err());
        assert!(Region::new(f64::NAN, 1.0, 0.0, 1.0).is_err());
        assert!(Region::real_line(0.0, 0.0).is_err());
        assert!(Region::real_line(f64::NAN, 1.0).is_err());
    }
}
