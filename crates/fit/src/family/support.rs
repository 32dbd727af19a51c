//! Where a family's density lives.

/// Where a family's density lives.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Support {
    /// Integers `lower ..= upper` (`upper = None`: unbounded above).
    Integers {
        /// Smallest value.
        lower: i64,
        /// Largest value, if any.
        upper: Option<i64>,
    },
    /// Reals in `[lower, upper]` (a closed interval where an end is finite).
    Reals {
        /// Lower end (may be `−∞`).
        lower: f64,
        /// Upper end (may be `+∞`).
        upper: f64,
    },
    /// Reals strictly between `lower` and `upper`: the density is zero or
    /// its logarithm not finite at a finite end (`x > 0` for a Gamma or a
    /// LogNormal, `0 < x < 1` for a Beta).
    OpenReals {
        /// Lower end (may be `−∞`).
        lower: f64,
        /// Upper end (may be `+∞`).
        upper: f64,
    },
}

impl Support {
    /// Whether `x` lies in the support (whole numbers in range for
    /// [`Support::Integers`]).
    ///
    /// # Example
    /// ```
    /// use fit::Support;
    /// let positive = Support::OpenReals { lower: 0.0, upper: f64::INFINITY };
    /// assert!(positive.contains(0.5) && !positive.contains(0.0));
    /// let counts = Support::Integers { lower: 0, upper: None };
    /// assert!(counts.contains(3.0) && !counts.contains(2.5) && !counts.contains(-1.0));
    /// ```
    pub fn contains(&self, x: f64) -> bool {
        match *self {
            Support::Integers { lower, upper } => {
                x.is_finite()
                    && x.fract() == 0.0
                    && x >= lower as f64
                    && upper.is_none_or(|u| x <= u as f64)
            }
            Support::Reals { lower, upper } => x >= lower && x <= upper,
            Support::OpenReals { lower, upper } => x > lower && x < upper,
        }
    }
}

impl core::fmt::Display for Support {
    /// The support as a user reads it: `x > 0`, `0 < x < 1`, `integers 0..=10`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let interval = |f: &mut core::fmt::Formatter<'_>, lower: f64, upper: f64, lt: &str| match (
            lower.is_finite(),
            upper.is_finite(),
        ) {
            (false, false) => f.write_str("any real x"),
            (true, false) => write!(f, "x {} {lower}", if lt == "<" { ">" } else { "≥" }),
            (false, true) => write!(f, "x {lt} {upper}"),
            (true, true) => write!(f, "{lower} {lt} x {lt} {upper}"),
        };
        match *self {
            Support::Integers { lower, upper: None } => write!(f, "whole numbers ≥ {lower}"),
            Support::Integers {
                lower,
                upper: Some(u),
            } => write!(f, "whole numbers {lower}..={u}"),
            Support::Reals { lower, upper } => interval(f, lower, upper, "≤"),
            Support::OpenReals { lower, upper } => interval(f, lower, upper, "<"),
        }
    }
}
