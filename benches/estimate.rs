//! Criterion benches of the kNN KL estimator (`estimate::kl_knn`), n = m =
//! 10⁵, k = 1, in 1-D (sorted path) and 5-D (k-d trees), each asserting its
//! answer. The peer, SciPy's cKDTree on the same samples:
//! `python3 benches/peers/knn.py`.
//!
//! `cargo bench --bench estimate` (add `-- --test` for a quick check).
//! Times are for the estimate alone (standard error from the per-point
//! terms, which costs one pass), as the peer computes no standard error.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use estimate::{kl_knn, KnnOptions, Samples, Uncertainty};
use std::hint::black_box;

mod common;

/// Standard Normal draws from the LCG of `benches/divergence.rs` (same
/// seed) by Box–Muller, one Normal per pair of uniforms: the inputs of
/// `benches/peers/knn.py`'s `samples(n, d)` (up to the last bit of the
/// platform's ln and cos).
pub fn normals(count: usize) -> Vec<f64> {
    let mut state: u64 = 0x853c_49e6_748f_ea9b;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    (0..count)
        .map(|_| {
            let (u, v) = (next(), next());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        })
        .collect()
}

/// P = N(0, I_d) and Q = N(μ·1, σ² I_d) with (μ, σ) = (1, 2) in 1-D and
/// (0.5, 1.5) otherwise; n points each, P's draws first.
pub fn samples(n: usize, d: usize) -> (Samples, Samples) {
    let z = normals(2 * n * d);
    let (mu, sigma) = if d == 1 { (1.0, 2.0) } else { (0.5, 1.5) };
    let p = z[..n * d].to_vec();
    let q = z[n * d..].iter().map(|x| mu + sigma * x).collect();
    (
        Samples::from_row_major(p, d).unwrap(),
        Samples::from_row_major(q, d).unwrap(),
    )
}

/// Closed form of KL(N(0, I)‖N(μ·1, σ² I)) in d dimensions.
fn truth(d: usize) -> f64 {
    let (mu, sigma) = if d == 1 { (1.0f64, 2.0f64) } else { (0.5, 1.5) };
    let d = d as f64;
    0.5 * (d / (sigma * sigma) + d * mu * mu / (sigma * sigma) - d + 2.0 * d * sigma.ln())
}

fn bench_knn(c: &mut Criterion) {
    let options = KnnOptions::new()
        .with_uncertainty(Uncertainty::PerPointTerms)
        .unwrap();
    let mut group = c.benchmark_group("knn");
    group.sample_size(10);
    for d in [1usize, 5] {
        let n = 100_000;
        let (p, q) = samples(n, d);
        let r = kl_knn(&p, &q, &options).unwrap();
        // Finite, and within 5 standard errors plus the kNN bias (< 0.05
        // nats at 1e5 in 5-D, examples/knn_kl.rs) of the closed form.
        assert!(r.estimate.is_finite() && r.std_error > 0.0);
        assert!(
            (r.estimate - truth(d)).abs() < 5.0 * r.std_error + 0.05,
            "{r:?} vs {}",
            truth(d)
        );
        let id = format!("knn/{d}d/1e5");
        common::record(&id, "kl_nats", r.estimate);
        group.bench_with_input(
            BenchmarkId::new(format!("{d}d"), "1e5"),
            &(p, q),
            |b, (p, q)| {
                b.iter(|| {
                    kl_knn(black_box(p), black_box(q), &options)
                        .unwrap()
                        .estimate
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_knn);
criterion_main!(benches);
