//! A named parameter with bounds, and the maps to the unconstrained space.

/// One named parameter and its closed bounds `[lower, upper]` (either may be
/// infinite).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Param {
    /// The name, as it appears in reports (`"p"`, `"mu"`, …).
    pub name: std::borrow::Cow<'static, str>,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

impl Param {
    /// A parameter with bounds.
    pub const fn new(name: &'static str, lower: f64, upper: f64) -> Param {
        Param {
            name: std::borrow::Cow::Borrowed(name),
            lower,
            upper,
        }
    }

    /// A parameter with a name built at run time (e.g. `"p3"`).
    pub fn named(name: String, lower: f64, upper: f64) -> Param {
        Param {
            name: std::borrow::Cow::Owned(name),
            lower,
            upper,
        }
    }

    /// Maps `θ ∈ (lower, upper)` to the real line: scaled logit for two
    /// finite bounds, log for one, identity for none.
    ///
    /// # Formula
    /// ```text
    /// (a, b): z = ln((θ−a)/(b−θ))   [a, ∞): z = ln(θ−a)   (−∞, b]: z = −ln(b−θ)
    /// ```
    pub fn to_unconstrained(&self, theta: f64) -> f64 {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => ((theta - self.lower) / (self.upper - theta)).ln(),
            (true, false) => (theta - self.lower).ln(),
            (false, true) => -(self.upper - theta).ln(),
            (false, false) => theta,
        }
    }

    /// The inverse of [`Param::to_unconstrained`], and `dθ/dz`.
    pub fn to_constrained(&self, z: f64) -> (f64, f64) {
        match (self.lower.is_finite(), self.upper.is_finite()) {
            (true, true) => {
                let w = self.upper - self.lower;
                let s = if z >= 0.0 {
                    1.0 / (1.0 + (-z).exp())
                } else {
                    let e = z.exp();
                    e / (1.0 + e)
                };
                let t = (self.lower + w * s).clamp(self.lower, self.upper);
                (t, w * s * (1.0 - s))
            }
            // A line search may probe z far out; e^z is kept a positive
            // normal number so that θ stays strictly inside its bound (an
            // underflow to the bound itself would make a scale zero and the
            // objective NaN, which stops the search).
            (true, false) => {
                let e = z.exp().clamp(f64::MIN_POSITIVE, f64::MAX);
                (self.lower + e, e)
            }
            (false, true) => {
                let e = (-z).exp().clamp(f64::MIN_POSITIVE, f64::MAX);
                (self.upper - e, e)
            }
            (false, false) => (z, 1.0),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn transforms_round_trip() {
        for p in [
            Param::new("a", 0.0, 1.0),
            Param::new("b", 2.0, f64::INFINITY),
            Param::new("c", f64::NEG_INFINITY, 3.0),
            Param::new("d", f64::NEG_INFINITY, f64::INFINITY),
        ] {
            let t = if p.lower.is_finite() {
                p.lower + 0.3
            } else {
                p.upper.min(1.0) - 0.4
            };
            let (back, d) = p.to_constrained(p.to_unconstrained(t));
            assert_relative_eq!(back, t, max_relative = 1e-14);
            let z = p.to_unconstrained(t);
            let fd = (p.to_constrained(z + 1e-6).0 - p.to_constrained(z - 1e-6).0) / 2e-6;
            assert_relative_eq!(d, fd, max_relative = 1e-6);
        }
    }
}
