//! The integration region and its change of variables onto a bounded interval.

use crate::error::{Error, Result};

/// Where an integrand lives: the support `[lower, upper]` (either end may be
/// infinite) plus a location and a spread used to centre and scale the
/// variable before quadrature.
///
/// Quadrature is carried out in a bounded variable `t`; the map depends on
/// which ends are infinite and is centred on `location` and scaled by
/// `spread`, so that a narrow density far from the origin (say `N(3, 0.01)`)
/// occupies a good part of the `t` interval instead of a single node.
///
/// # Formula
/// ```text
/// (−∞, ∞):  x = c + s·t/(1 − t²),   t ∈ (−1, 1),  dx/dt = s(1 + t²)/(1 − t²)²
/// [a, ∞):   x = a + s·t/(1 − t),    t ∈ [0, 1),   s = (c − a) + spread
/// (−∞, b]:  x = b − s·t/(1 − t),    t ∈ [0, 1),   s = (b − c) + spread
/// [a, b]:   x = a + (b − a)·t,      t ∈ [0, 1]
/// ```
/// The initial partition of `t` has break points at `x = c + k·spread` for
/// `k ∈ {0, ±½, ±1, ±2, ±4, ±8, ±16}` inside the support.
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// R. Piessens et al., *QUADPACK* (Springer, 1983), §2.2 (transformation of
/// infinite ranges, routine QAGI).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    lower: f64,
    upper: f64,
    location: f64,
    spread: f64,
}

#[derive(Debug, Clone, Copy)]
enum Map {
    Line { c: f64, s: f64 },
    Upper { a: f64, s: f64 },
    Lower { b: f64, s: f64 },
    Finite { a: f64, w: f64 },
}

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
        })
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
        match (a.is_finite(), b.is_finite()) {
            (false, false) => Map::Line { c, s },
            (true, false) => Map::Upper { a, s: (c - a) + s },
            (false, true) => Map::Lower { b, s: (b - c) + s },
            (true, true) => Map::Finite { a, w: b - a },
        }
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
        match self.0 {
            Map::Line { .. } => (-1.0, 1.0),
            _ => (0.0, 1.0),
        }
    }

    /// `(x(t), |dx/dt|)`.
    #[inline]
    pub(crate) fn apply(&self, t: f64) -> (f64, f64) {
        match self.0 {
            Map::Line { c, s } => {
                let d = (1.0 - t) * (1.0 + t);
                (c + s * (t / d), s * (1.0 + t * t) / (d * d))
            }
            Map::Upper { a, s } => {
                let d = 1.0 - t;
                (a + s * (t / d), s / (d * d))
            }
            Map::Lower { b, s } => {
                let d = 1.0 - t;
                (b - s * (t / d), s / (d * d))
            }
            Map::Finite { a, w } => (a + w * t, w),
        }
    }

    /// `t(x)`, the inverse map, for placing break points.
    pub(crate) fn inverse(&self, x: f64) -> f64 {
        match self.0 {
            Map::Line { c, s } => {
                let z = (x - c) / s;
                2.0 * z / (1.0 + (1.0 + 4.0 * z * z).sqrt())
            }
            Map::Upper { a, s } => {
                let u = (x - a) / s;
                u / (1.0 + u)
            }
            Map::Lower { b, s } => {
                let u = (b - x) / s;
                u / (1.0 + u)
            }
            Map::Finite { a, w } => (x - a) / w,
        }
    }

    /// Initial break points in `t`, sorted, including both ends.
    pub(crate) fn breakpoints(&self, region: &Region) -> Vec<f64> {
        let (t0, t1) = self.t_range();
        let mut ts = vec![t0, t1];
        for k in [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0] {
            for sign in [-1.0, 1.0] {
                let x = region.location + sign * k * region.spread;
                if x > region.lower && x < region.upper {
                    let t = self.inverse(x);
                    if t > t0 && t < t1 {
                        ts.push(t);
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
