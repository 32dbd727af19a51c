//! kNN estimates against closed forms and quadratures, at n = m = 2·10⁴
//! (10⁵ in `examples/knn_kl.rs`). References: `tests/data/knn_kl.json`,
//! written by `tools/reference/knn_kl.py` (mpmath 1.3.0, 30 digits).

use estimate::{kl_knn, KnnEstimate, KnnOptions, Samples, Uncertainty};

use crate::support::{draw, mvn, reference, Rng};

const N: usize = 20_000;

/// Estimates within this many standard errors of the truth pass.
const SE_TOLERANCE: f64 = 3.0;

/// The 5-D test's Cholesky factors and mean (as in tools/reference/knn_kl.py).
pub const L1: [f64; 25] = [
    1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.2, 0.0, 0.0, 0.0, -0.3, 0.4, 0.9, 0.0, 0.0, 0.2, -0.1, 0.3,
    1.1, 0.0, 0.1, 0.2, -0.2, 0.4, 0.8,
];
/// See [`L1`].
pub const L2: [f64; 25] = [
    1.5, 0.0, 0.0, 0.0, 0.0, -0.4, 1.3, 0.0, 0.0, 0.0, 0.3, 0.2, 1.4, 0.0, 0.0, 0.0, 0.5, -0.3,
    1.2, 0.0, 0.2, -0.3, 0.1, 0.2, 1.6,
];
/// See [`L1`].
pub const MU2: [f64; 5] = [0.5, -0.3, 0.2, 0.0, 0.4];

fn options() -> KnnOptions {
    KnnOptions::new()
        .with_uncertainty(Uncertainty::HalfSampling {
            replicates: 20,
            seed: 11,
        })
        .unwrap()
}

fn check(name: &str, r: &KnnEstimate, truth: f64) {
    println!(
        "{name}: {:.5} ± {:.5} (truth {truth:.5}, {:+.2} SE)",
        r.estimate,
        r.std_error,
        (r.estimate - truth) / r.std_error
    );
    assert!(r.std_error > 0.0 && r.std_error < 0.1, "{name}: {r:?}");
    assert!(
        (r.estimate - truth).abs() <= SE_TOLERANCE * r.std_error,
        "{name}: {} ± {} vs {truth}",
        r.estimate,
        r.std_error
    );
}

pub fn normal_pair_5d(rng: &mut Rng, n: usize) -> (Samples, Samples) {
    let p = mvn(rng, n, &[0.0; 5], &L1);
    let q = mvn(rng, n, &MU2, &L2);
    (p, q)
}

#[test]
fn normal_normal_1d() {
    let mut rng = Rng::new(1);
    let p = draw(N, || rng.normal());
    let q = draw(N, || 1.0 + 2.0 * rng.normal());
    check(
        "N‖N 1-D",
        &kl_knn(&p, &q, &options()).unwrap(),
        reference("normal_1d"),
    );
}

#[test]
fn normal_normal_5d_full_covariances() {
    let mut rng = Rng::new(2);
    let (p, q) = normal_pair_5d(&mut rng, N);
    let truth = reference("normal_5d");
    // The JSON against the closed form evaluated here with nalgebra.
    let (a, b) = (
        nalgebra::DMatrix::from_row_slice(5, 5, &L1),
        nalgebra::DMatrix::from_row_slice(5, 5, &L2),
    );
    let (s1, s2) = (&a * a.transpose(), &b * b.transpose());
    let s2inv = s2.clone().try_inverse().unwrap();
    let mu = nalgebra::DVector::from_row_slice(&MU2);
    let closed = 0.5
        * ((&s2inv * &s1).trace() + (mu.transpose() * &s2inv * &mu)[0] - 5.0
            + (s2.determinant() / s1.determinant()).ln());
    approx::assert_relative_eq!(closed, truth, max_relative = 1e-12);
    check("N‖N 5-D", &kl_knn(&p, &q, &options()).unwrap(), truth);
}

#[test]
fn exponential_gamma() {
    let mut rng = Rng::new(3);
    let p = draw(N, || rng.exponential(1.0));
    // Gamma(shape 2, rate 1.5) as a sum of two Exponential(1.5).
    let q = draw(N, || rng.exponential(1.5) + rng.exponential(1.5));
    check(
        "Exp‖Gamma",
        &kl_knn(&p, &q, &options()).unwrap(),
        reference("exp_gamma"),
    );
}

#[test]
fn laplace_normal() {
    let mut rng = Rng::new(4);
    let p = draw(N, || rng.laplace(0.0, 1.0));
    let q = draw(N, || 0.5 + 1.5 * rng.normal());
    check(
        "Laplace‖N",
        &kl_knn(&p, &q, &options()).unwrap(),
        reference("laplace_normal"),
    );
}

#[test]
fn larger_k_is_also_consistent() {
    let mut rng = Rng::new(5);
    let p = draw(N, || rng.normal());
    let q = draw(N, || 1.0 + 2.0 * rng.normal());
    let o = options().with_k(5).unwrap();
    check(
        "N‖N 1-D k=5",
        &kl_knn(&p, &q, &o).unwrap(),
        reference("normal_1d"),
    );
}

#[test]
fn bias_shrinks_with_n_in_5d() {
    // Mean over 4 seeds of the estimate at n = 500 and n = 8000; the bias
    // at n = 500 is ~0.1 nats, far above the seed-average noise.
    let truth = reference("normal_5d");
    let o = KnnOptions::new()
        .with_uncertainty(Uncertainty::PerPointTerms)
        .unwrap();
    let bias = |n: usize| -> f64 {
        let est: Vec<f64> = (0..4u64)
            .map(|s| {
                let (p, q) = normal_pair_5d(&mut Rng::new(100 + s), n);
                kl_knn(&p, &q, &o).unwrap().estimate
            })
            .collect();
        est.iter().sum::<f64>() / est.len() as f64 - truth
    };
    let (small, large) = (bias(500), bias(8000));
    println!("bias at n = 500: {small:+.4}, at n = 8000: {large:+.4}");
    assert!(large.abs() < small.abs(), "{small} {large}");
}
