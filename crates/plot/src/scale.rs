//! Linear or logarithmic mapping of values onto an axis or colour bar.

/// How values are mapped onto an axis or a colour scale.
///
/// KL divergences often span several decades (a few millibits near the
/// optimum, tens of bits at the edge of a parameter range), where
/// [`Scale::Log`] shows the structure that a linear axis flattens. On a log
/// scale, values that are zero or negative cannot be placed and are skipped
/// like infinities (on a colour scale they take the lowest colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scale {
    /// Equal distances for equal differences.
    #[default]
    Linear,
    /// Equal distances for equal ratios (base 10 ticks).
    Log,
}

impl Scale {
    /// Whether `v` can be placed on this scale.
    pub(crate) fn admits(self, v: f64) -> bool {
        v.is_finite() && (self == Scale::Linear || v > 0.0)
    }

    /// Maps `v` to the coordinate in which the scale is linear.
    pub(crate) fn forward(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log => v.log10(),
        }
    }
}
