//! Branch-free logarithms for one lane: the full `ln x` and the ratio form
//! `ln(p/q)`, on one set of constants.
//!
//! `ln x`: `x = 2ᵏ·m` with `m ∈ [≈√½, ≈√2)`, `f = m − 1`, `s = f/(2 + f)`,
//! and `ln x = k ln 2 + f − f²/2 + s·(f²/2 + R(s²))`; the reduction to `m`
//! is musl's: adding `1 − 0x3fe6a09e…` to the bits carries into the exponent
//! exactly when the mantissa is above ≈√2, so no comparison is needed.
//!
//! `ln(p/q)`, with no logarithm call and one division: `p = 2ᵉ·a`,
//! `q = 2ᶠ·b` with mantissas `a, b ∈ [1, 2)`; one of them is doubled so that
//! `a/b ∈ [√½, √2]`, and `k = e − f ± 1`. Then
//! `ln(p/q) = k ln 2 + 2 artanh s` with `s = (a − b)/(a + b)` (`a − b`
//! exact, `|s| ≤ 0.1716`) and `2 artanh s = 2s + s·R(s²)`. For `k = 0`
//! (`p/q ∈ [√½, √2]`) nothing cancels, so the logarithm is accurate relative
//! to itself even when `p ≈ q`.
//!
//! In both, `R` is the minimax polynomial of fdlibm's `e_log.c`.

/// `a·b + c`, fused when the caller was compiled for FMA hardware (a fused
/// multiply-add without hardware support is a slow library call).
///
/// # Formula
/// ```text
/// madd::<true>(a, b, c)  = fl(a·b + c)          (one rounding)
/// madd::<false>(a, b, c) = fl(fl(a·b) + c)      (two roundings)
/// ```
/// Never panics.
///
/// # Example
/// ```
/// use divergence::simd::madd;
/// assert_eq!(madd::<false>(2.0, 3.0, 1.0), 7.0);
/// assert_eq!(madd::<true>(2.0, 3.0, 1.0), 7.0);
/// ```
///
/// # Reference
/// IEEE 754-2008, §5.4.1 (`fusedMultiplyAdd`).
#[inline(always)]
pub fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// fdlibm's minimax coefficients `Lg1…Lg7` for
/// `ln((1 + s)/(1 − s)) = 2s + s·R(s²)`, `|s| ≤ 3 − 2√2 ≈ 0.1716`,
/// `|R − Σ Lgₖ s²ᵏ| < 2⁻⁵⁸·⁴⁵` (`e_log.c`, Sun Microsystems, 1993).
const LG: [f64; 7] = [
    f64::from_bits(0x3fe5_5555_5555_5593),
    f64::from_bits(0x3fd9_9999_9997_fa04),
    f64::from_bits(0x3fd2_4924_9422_9359),
    f64::from_bits(0x3fcc_71c5_1d8e_78af),
    f64::from_bits(0x3fc7_4664_96cb_03de),
    f64::from_bits(0x3fc3_9a09_d078_c69f),
    f64::from_bits(0x3fc2_f112_df3e_5244),
];
/// `ln 2` split so that `k·LN2_HI` is exact for every exponent difference.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// `ln 2 − LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// The mantissa bits of an `f64`.
const MANTISSA: u64 = 0x000f_ffff_ffff_ffff;
/// The bits of `1.0` (biased exponent 1023, mantissa 0).
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
/// `2⁵²` as bits: `from_bits(MAGIC | e) = 2⁵² + e` reads a small integer
/// as a float without an integer conversion (which AVX2 lacks for 64 bits).
const MAGIC: u64 = 0x4330_0000_0000_0000;
/// The bits of (a value just below) `√½`, musl's bound of the reduced
/// mantissa.
const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_0000_0000;
/// `2⁵⁴`, to bring subnormal arguments into the normal range.
const TWO_54: f64 = 18_014_398_509_481_984.0;
/// The exponent bias of an `f64`.
const BIAS: f64 = 1023.0;

/// `R(z)` of [`LG`] by Estrin's scheme (depth 4 instead of Horner's 7).
#[inline(always)]
pub(crate) fn lg_poly<const FMA: bool>(z: f64) -> f64 {
    let z2 = z * z;
    let z4 = z2 * z2;
    let c01 = madd::<FMA>(z, LG[1], LG[0]);
    let c23 = madd::<FMA>(z, LG[3], LG[2]);
    let c45 = madd::<FMA>(z, LG[5], LG[4]);
    let c0123 = madd::<FMA>(z2, c23, c01);
    let c456 = madd::<FMA>(z2, LG[6], c45);
    z * madd::<FMA>(z4, c456, c0123)
}

/// Natural logarithm, < 1 ulp, branch-free (integer ops and selects
/// only), with `f64::ln`'s special values: `ln 0 = −∞`, `ln ∞ = ∞`, NaN for
/// negative or NaN arguments.
///
/// # Formula
/// ```text
/// x = 2ᵏ·m,  m ∈ [≈√½, ≈√2),  f = m − 1,  s = f/(2 + f)
/// ln x = k·ln2_hi − ((f²/2 − (s·(f²/2 + R(s²)) + k·ln2_lo)) − f)
/// ```
/// with `R` fdlibm's degree-14 minimax polynomial (coefficients `Lg1…Lg7`).
/// The reduction to `m` is musl's: adding `1 − 0x3fe6a09e…` to the bits
/// carries into the exponent exactly when the mantissa is above ≈√2, so no
/// comparison is needed. Never panics.
///
/// # Example
/// ```
/// use divergence::simd::ln;
/// let x = 0.3;
/// assert!((ln::<false>(x) - x.ln()).abs() <= f64::EPSILON * x.ln().abs());
/// assert_eq!(ln::<true>(0.0), f64::NEG_INFINITY);
/// assert!(ln::<false>(-1.0).is_nan());
/// ```
///
/// # Reference
/// fdlibm `e_log.c` (Sun Microsystems, 1993), as in the discrete KL
/// kernel; the reduction of musl's `log.c`. Extended here to zero,
/// subnormal and non-finite arguments.
#[inline(always)]
pub fn ln<const FMA: bool>(x: f64) -> f64 {
    let tiny = x < f64::MIN_POSITIVE;
    let xs = if tiny { x * TWO_54 } else { x };
    let u = xs.to_bits().wrapping_add(ONE_BITS - SQRT_HALF_BITS);
    let m = f64::from_bits((u & MANTISSA) + SQRT_HALF_BITS);
    // Exponent as f64 without an integer conversion: 2⁵² + e read as a float.
    let e = f64::from_bits(MAGIC | (u >> 52)) - f64::from_bits(MAGIC);
    let k = e - if tiny { BIAS + 54.0 } else { BIAS };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let r = lg_poly::<FMA>(s * s);
    let hfsq = 0.5 * f * f;
    let y = k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
    // Special arguments (the arithmetic above is garbage for them).
    let y = if x == 0.0 { f64::NEG_INFINITY } else { y };
    let y = if x == f64::INFINITY { f64::INFINITY } else { y };
    if x >= 0.0 {
        y
    } else {
        f64::NAN
    }
}

/// `x ln y` with `0 ln y = 0` (so `0 ln 0 = 0`), using [`ln`].
///
/// # Formula
/// ```text
/// xlny(x, y) = 0        if x = 0 (whatever y is, NaN included)
///            = x·ln y   otherwise
/// ```
/// Never panics.
///
/// # Example
/// ```
/// use divergence::simd::xlny;
/// assert_eq!(xlny::<false>(0.0, 0.0), 0.0);
/// assert_eq!(xlny::<false>(2.0, 1.0), 0.0);
/// assert_eq!(xlny::<true>(2.0, 0.0), f64::NEG_INFINITY);
/// ```
///
/// # Reference
/// The convention `0 ln 0 = 0` of Cover & Thomas, *Elements of Information
/// Theory* (2nd ed.), §2.1.
#[inline(always)]
pub fn xlny<const FMA: bool>(x: f64, y: f64) -> f64 {
    // The logarithm is taken whatever `x` is: with it inside the `else`
    // LLVM keeps a branch and does not vectorise the loop.
    let l = ln::<FMA>(y);
    if x == 0.0 {
        0.0
    } else {
        x * l
    }
}

/// `ln(p/q) = k ln 2 + 2s + s·r`, reduced.
#[derive(Clone, Copy)]
pub(crate) struct Reduced {
    /// Power of two, as a float.
    pub k: f64,
    /// `(a − b)/(a + b)` of the reduced mantissas.
    pub s: f64,
    /// `R(s²)`.
    pub r: f64,
}

/// The reduction of `p/q` for positive normal `p` and `q` (other inputs give
/// meaningless finite numbers, never a trap).
#[inline(always)]
pub(crate) fn reduce<const FMA: bool>(pi: f64, qi: f64) -> Reduced {
    let (bp, bq) = (pi.to_bits(), qi.to_bits());
    let (ep, eq) = (bp >> 52, bq >> 52); // biased exponents
    let a = f64::from_bits((bp & MANTISSA) | ONE_BITS);
    let b = f64::from_bits((bq & MANTISSA) | ONE_BITS);
    let halve = a > core::f64::consts::SQRT_2 * b;
    let double = core::f64::consts::SQRT_2 * a < b;
    let a = if double { 2.0 * a } else { a };
    let b = if halve { 2.0 * b } else { b };
    let k = (f64::from_bits(MAGIC | ep) - f64::from_bits(MAGIC | eq))
        + (if halve { 1.0 } else { 0.0 } - if double { 1.0 } else { 0.0 });
    let s = (a - b) / (a + b);
    Reduced {
        k,
        s,
        r: lg_poly::<FMA>(s * s),
    }
}

/// `ln(p/q)` from its reduction: `k·LN2_HI + (2s + (s·r + k·LN2_LO))`.
#[inline(always)]
pub(crate) fn ln_reduced<const FMA: bool>(red: Reduced) -> f64 {
    let Reduced { k, s, r } = red;
    madd::<FMA>(k, LN2_HI, madd::<FMA>(s, r, k * LN2_LO) + 2.0 * s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepted error of [`ln`] against the C library's `ln` (itself within
    /// ~0.5 ulp of the exact value): fdlibm's bound.
    const LN_MAX_ULPS: f64 = 1.0;

    /// Largest |ln::<FMA>(x) − x.ln()| in ulps of the latter over `xs`.
    fn worst_ulps<const FMA: bool>(xs: impl Iterator<Item = f64>) -> f64 {
        let mut worst = 0.0f64;
        for x in xs {
            let (got, want) = (ln::<FMA>(x), x.ln());
            let ulp = f64::EPSILON * want.abs().max(f64::MIN_POSITIVE);
            worst = worst.max((got - want).abs() / ulp);
        }
        worst
    }

    /// A geometric sweep over the whole positive range, subnormals
    /// included, plus values near 1 where `ln` is small, plus the edges.
    fn arguments() -> impl Iterator<Item = f64> {
        let geometric = std::iter::successors(Some(5e-324_f64), |x| {
            let y = x * 1.0036;
            (y < f64::MAX / 1.004).then_some(y.max(x + 5e-324))
        });
        let near_one = (1..20_000).flat_map(|i| {
            let d = i as f64 * 1e-9;
            [1.0 + d, 1.0 - d]
        });
        let edges = [
            1.0,
            1.0 + f64::EPSILON,
            1.0 - f64::EPSILON / 2.0,
            2.0,
            0.5,
            core::f64::consts::SQRT_2,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE * (1.0 - f64::EPSILON),
            f64::MAX,
        ];
        geometric.chain(near_one).chain(edges)
    }

    #[test]
    fn ln_is_within_one_ulp_of_the_system_logarithm() {
        let portable = worst_ulps::<false>(arguments());
        let fused = worst_ulps::<true>(arguments());
        assert!(portable <= LN_MAX_ULPS, "portable: {portable} ulps");
        assert!(fused <= LN_MAX_ULPS, "fused: {fused} ulps");
    }

    #[test]
    #[allow(clippy::float_cmp)] // special values are exact
    fn ln_special_values_are_the_system_ones() {
        for x in [0.0, -0.0, f64::INFINITY, 1.0] {
            assert_eq!(ln::<false>(x), x.ln(), "{x}");
            assert_eq!(ln::<true>(x), x.ln(), "{x}");
        }
        for x in [-1.0, -5e-324, f64::NEG_INFINITY, f64::NAN] {
            assert!(ln::<false>(x).is_nan() && ln::<true>(x).is_nan(), "{x}");
        }
        assert_eq!(xlny::<false>(0.0, 0.0), 0.0);
        assert_eq!(xlny::<false>(2.0, 0.0), f64::NEG_INFINITY);
    }
}
