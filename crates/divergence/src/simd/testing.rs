//! What the tests of every dispatched kernel share: the lanes that must
//! agree across levels, the levels this CPU runs and a distance in ulps.

use super::Level;

/// Special lanes: zeros, subnormals, the normal extremes, 1 and its
/// neighbours, numbers whose ratios are huge, infinity and NaN (tests add
/// the negatives and pair them up so that `p = q` and `p/q = 10⁶⁰⁰` occur).
pub(crate) const SPECIAL: [f64; 14] = [
    0.0,
    5e-324,
    1e-310,
    f64::MIN_POSITIVE,
    1e-300,
    0.25,
    0.7,
    1.0,
    1.3,
    4.0,
    1e300,
    f64::MAX,
    f64::INFINITY,
    f64::NAN,
];

/// Accepted distance between two levels' `ln`: both are < 1 ulp from the
/// exact logarithm (fdlibm's bound), i.e. one of the two floats around it.
pub(crate) const LEVELS_MAX_ULPS: f64 = 1.0;

/// The levels this CPU runs, the generic one first.
pub(crate) fn levels() -> impl Iterator<Item = Level> {
    Level::ALL
        .iter()
        .copied()
        .filter(|&level| level <= Level::detect())
}

/// How many floats apart `a` and `b` are: 0 for equal bits or two NaNs,
/// infinite where the signs differ or one is not finite and the other is.
pub(crate) fn ulps_apart(a: f64, b: f64) -> f64 {
    if a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) {
        0.0
    } else if a.is_sign_negative() != b.is_sign_negative() || !(a.is_finite() && b.is_finite()) {
        f64::INFINITY
    } else {
        a.to_bits().abs_diff(b.to_bits()) as f64
    }
}
