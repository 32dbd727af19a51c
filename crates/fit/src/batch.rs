//! Vectorisable batch loops: one formula applied to a slice of parameter
//! values, with a branch-free logarithm so that LLVM can vectorise the loop.
//!
//! `f64::ln` is a call into the C library, which stops vectorisation and
//! costs ~3 ns; a grid sweep of a family with sufficient statistics is little
//! more than one or two logarithms per point. Here a family writes its
//! per-point formula once ([`PointFn::at`], using [`ln`]/[`xlny`]) and
//! [`map`] runs it over the slice, on x86-64 CPUs with AVX2 and FMA through a
//! copy compiled for them (chosen at run time, as `divergence`'s KL kernel
//! does).
//!
//! Every element is computed by the same operations whether it falls in a
//! vector lane or in the scalar remainder (no reassociation, and fused
//! multiply-adds only where written), so `out[j]` depends on `values[j]`
//! alone, never on its position or the slice's length: a sweep stays
//! bit-identical on 1 and on N threads. The AVX2 copy and the portable one
//! may differ in the last bit; both are < 1 ulp from the exact logarithm.

/// A per-point formula `v ↦ f(v)` for [`map`]. `FMA` is `true` in the copy
/// compiled for fused multiply-add hardware.
pub(crate) trait PointFn {
    /// `f(v)`; must be `#[inline(always)]` and free of calls (use [`ln`]).
    fn at<const FMA: bool>(&self, v: f64) -> f64;
}

/// `out[j] = f(values[j])` for `j < min(len)`.
#[allow(unsafe_code)] // the run-time CPU dispatch
pub(crate) fn map<F: PointFn>(f: &F, values: &[f64], out: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `map_avx2_fma` was compiled for.
        unsafe { map_avx2_fma(f, values, out) };
        return;
    }
    map_generic::<false, F>(f, values, out);
}

#[inline(always)]
fn map_generic<const FMA: bool, F: PointFn>(f: &F, values: &[f64], out: &mut [f64]) {
    for (o, &v) in out.iter_mut().zip(values) {
        *o = f.at::<FMA>(v);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_avx2_fma<F: PointFn>(f: &F, values: &[f64], out: &mut [f64]) {
    map_generic::<true, F>(f, values, out);
}

/// `a·b + c`, fused when compiled for FMA hardware (a fused multiply-add
/// without it is a slow library call).
#[inline(always)]
pub(crate) fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// `2⁵⁴`, to bring subnormal arguments into the normal range.
const TWO_54: f64 = 18_014_398_509_481_984.0;

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
/// comparison is needed.
///
/// # Reference
/// fdlibm `e_log.c` (Sun Microsystems, 1993), as in the `divergence`
/// crate's KL kernel; the reduction of musl's `log.c`. Extended here to
/// zero, subnormal and non-finite arguments.
#[inline(always)]
pub(crate) fn ln<const FMA: bool>(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3fe62e42_fee00000);
    const LN2_LO: f64 = f64::from_bits(0x3dea39ef_35793c76);
    const LG1: f64 = f64::from_bits(0x3fe55555_55555593);
    const LG2: f64 = f64::from_bits(0x3fd99999_9997fa04);
    const LG3: f64 = f64::from_bits(0x3fd24924_94229359);
    const LG4: f64 = f64::from_bits(0x3fcc71c5_1d8e78af);
    const LG5: f64 = f64::from_bits(0x3fc74664_96cb03de);
    const LG6: f64 = f64::from_bits(0x3fc39a09_d078c69f);
    const LG7: f64 = f64::from_bits(0x3fc2f112_df3e5244);
    /// The bits of (a value just below) `√½`.
    const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_0000_0000;
    let tiny = x < f64::MIN_POSITIVE;
    let xs = if tiny { x * TWO_54 } else { x };
    let u = xs
        .to_bits()
        .wrapping_add(0x3ff0_0000_0000_0000 - SQRT_HALF_BITS);
    let m = f64::from_bits((u & 0x000f_ffff_ffff_ffff) + SQRT_HALF_BITS);
    // Exponent as f64 without an integer conversion: 2⁵² + e read as a float.
    let e = f64::from_bits(0x4330_0000_0000_0000 | (u >> 52)) - 4_503_599_627_370_496.0;
    let k = e - if tiny { 1023.0 + 54.0 } else { 1023.0 };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * madd::<FMA>(w, madd::<FMA>(w, LG6, LG4), LG2);
    let t2 = z * madd::<FMA>(w, madd::<FMA>(w, madd::<FMA>(w, LG7, LG5), LG3), LG1);
    let r = t2 + t1;
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
#[inline(always)]
pub(crate) fn xlny<const FMA: bool>(x: f64, y: f64) -> f64 {
    // The logarithm is taken whatever `x` is: with it inside the `else`
    // LLVM keeps a branch and does not vectorise the loop.
    let l = ln::<FMA>(y);
    if x == 0.0 {
        0.0
    } else {
        x * l
    }
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

    struct Ln;
    impl PointFn for Ln {
        #[inline(always)]
        fn at<const FMA: bool>(&self, v: f64) -> f64 {
            ln::<FMA>(v)
        }
    }

    #[test]
    fn map_gives_each_element_the_bits_it_gets_alone() {
        // Lanes and the scalar remainder must agree: a sweep cuts runs at
        // thread-dependent places.
        let values: Vec<f64> = (0..1003).map(|i| 1e-3 + i as f64 * 0.37).collect();
        let mut whole = vec![0.0; values.len()];
        map(&Ln, &values, &mut whole);
        for (j, &v) in values.iter().enumerate() {
            let mut one = [0.0];
            map(&Ln, &[v], &mut one);
            assert_eq!(one[0].to_bits(), whole[j].to_bits(), "element {j}");
        }
        for cut in [1, 3, 5, 17, 500] {
            let mut parts = vec![0.0; values.len()];
            let (a, b) = parts.split_at_mut(cut);
            map(&Ln, &values[..cut], a);
            map(&Ln, &values[cut..], b);
            assert!(parts
                .iter()
                .zip(&whole)
                .all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }
}
