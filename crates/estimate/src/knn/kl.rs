//! The kNN estimator of `KL(P‖Q)` from samples of both.

use ndarray::ArrayView2;

use super::{distances, standard_error, KnnEstimate, KnnOptions};
use crate::error::{Arg, Error, Result};
use crate::samples::Samples;
use crate::sum::neumaier;

/// `KL(P‖Q)` in nats from `n` samples of `P` and `m` samples of `Q` in `d`
/// dimensions, by the k-nearest-neighbour estimator of Wang, Kulkarni &
/// Verdú, with a standard error.
///
/// # Formula
/// ```text
/// D̂(P‖Q) = (d/n) Σᵢ ln(νₖ(i) / ρₖ(i)) + ln(m / (n − 1))
///
/// ρₖ(i): Euclidean distance from xᵢ to its k-th nearest neighbour among
///        the other n − 1 points of P
/// νₖ(i): distance from xᵢ to its k-th nearest neighbour among the m
///        points of Q
/// ```
/// (For `k > 1` the paper's correction `ψ(k) − ψ(k)` vanishes when the
/// same `k` is used in both sets, as here.) The per-point terms
/// `d ln(νₖ/ρₖ)` are computed in parallel and summed in a fixed order with
/// a compensated sum, so the answer is bit-identical for every thread
/// count.
///
/// **Bias.** The estimator is asymptotically unbiased and mean-square
/// consistent as `n, m → ∞` with `k` fixed (Wang et al. 2009, Theorems 1
/// and 2); for finite samples it is biased, by an amount that shrinks
/// roughly like `n^(−1/d)` for smooth densities and so grows with the
/// dimension. The paper notes that the bias is worse where the densities
/// differ a lot or in the tails, where neighbours are far; it also shows
/// that `k = 1` often has the smallest bias. Compare estimates at several
/// `n` (as `examples/knn_kl.rs` does) before trusting a number in d ≥ 5.
///
/// **Scale.** Multiplying both sets by one constant does not change the
/// estimate; data are searched after an exact rescaling by a power of two,
/// so coordinates of 1e300 or 1e-300 neither overflow nor underflow.
///
/// **Search.** 1-D: sorted arrays and binary search, `O((n + m) log(n + m))`.
/// 2 to [`crate::MAX_DIMENSION`] dimensions: exact k-d tree queries (kiddo).
///
/// # Errors
/// - [`Error::DimensionMismatch`], [`Error::DimensionTooLarge`];
/// - [`Error::TooFewSamples`]: `n < k + 1` or `m < k` (and `n < 2(k + 1)`
///   for half-sampling);
/// - [`Error::DuplicatePoint`], [`Error::CoincidentPoint`]: a zero
///   distance under [`crate::Ties::Error`];
/// - [`Error::TooFewDistinct`] under [`crate::Ties::SkipZeroDistances`];
/// - [`Error::DynamicRange`]: distinct points whose squared distance
///   underflows after rescaling (data spanning ~150 decades in d ≥ 2,
///   ~300 in 1-D).
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use estimate::{kl_knn, KnnOptions, Samples};
/// // Two small samples on a line: P near 0, Q shifted by 1.
/// let p = Samples::from_row_major((0..200).map(|i| (i as f64 * 0.618).fract()).collect(), 1)?;
/// let q = Samples::from_row_major((0..300).map(|i| 1.0 + (i as f64 * 0.414).fract()).collect(), 1)?;
/// let r = kl_knn(&p, &q, &KnnOptions::new())?;
/// assert!(r.estimate > 1.0 && r.std_error > 0.0);
/// assert_eq!((r.n, r.m, r.k, r.d), (200, 300, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Q. Wang, S. R. Kulkarni and S. Verdú, "Divergence estimation for
/// multidimensional densities via k-nearest-neighbor distances", *IEEE
/// Trans. Inf. Theory* 55(5) (2009) 2392–2405, eq. (5) (k = 1) and (17);
/// F. Pérez-Cruz, "Kullback–Leibler divergence estimation of continuous
/// distributions", *Proc. IEEE ISIT* (2008) 1666–1670.
pub fn kl_knn(p: &Samples, q: &Samples, options: &KnnOptions) -> Result<KnnEstimate> {
    let (estimate, terms, skipped) = point(p, q, options)?;
    let (n, m, k) = (p.len(), q.len(), options.k());
    let std_error = standard_error(options.uncertainty(), n, m, k + 1, &terms, |rp, rq| {
        let (qs, ps) = (q.select(rq), p.select(rp));
        if qs.len() < k {
            return Err(Error::TooFewSamples {
                arg: Arg::Q,
                rows: m,
                k,
                needed: 2 * k,
            });
        }
        point(&ps, &qs, options).map(|r| r.0)
    })?;
    Ok(KnnEstimate {
        estimate,
        std_error,
        n,
        m,
        k,
        d: p.dimension(),
        uncertainty: options.uncertainty(),
        skipped,
    })
}

/// [`kl_knn`] on two `n × d` and `m × d` arrays (rows are points): the
/// entry point for data read from files.
///
/// # Errors
/// As [`crate::Samples::new`] (empty input, NaN or ±∞ naming row and
/// column) and [`kl_knn`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// let p = ndarray::Array2::from_shape_fn((100, 2), |(i, j)| ((i * 7 + j * 3) as f64 * 0.37).sin());
/// let q = ndarray::Array2::from_shape_fn((150, 2), |(i, j)| ((i * 5 + j) as f64 * 0.29).cos());
/// let r = estimate::kl_knn_arrays(p.view(), q.view(), &estimate::KnnOptions::new())?;
/// assert!(r.estimate.is_finite());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// As [`kl_knn`].
pub fn kl_knn_arrays(
    p: ArrayView2<'_, f64>,
    q: ArrayView2<'_, f64>,
    options: &KnnOptions,
) -> Result<KnnEstimate> {
    let p = Samples::new(p)?;
    let q = Samples::new(q)?;
    kl_knn(&p, &q, options)
}

/// The point estimate, its per-point terms and the zeros skipped.
fn point(p: &Samples, q: &Samples, options: &KnnOptions) -> Result<(f64, Vec<f64>, usize)> {
    let dist = distances(p, Some(q), options.k(), options.ties())?;
    let d = p.dimension() as f64;
    let ln_nu = dist.ln_nu.as_deref().unwrap_or(&[]);
    // Both distances are in the same scaled units: the scale cancels.
    let terms: Vec<f64> = dist
        .ln_rho
        .iter()
        .zip(ln_nu)
        .map(|(r, v)| d * (v - r))
        .collect();
    let (n, m) = (p.len() as f64, q.len() as f64);
    let estimate = neumaier(terms.iter().copied()) / n + (m / (n - 1.0)).ln();
    Ok((estimate, terms, dist.skipped))
}
