//! Criterion benches of the discrete measures.
//!
//! `cargo bench --bench divergence` (add `-- --test` for a quick check that
//! every bench runs and its answer is right). The Python peers on the same
//! inputs: `python3 benches/peers/discrete.py`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

mod common;

/// Deterministic strictly positive probability vectors (a fixed LCG, so the
/// inputs match `benches/peers/discrete.py`'s `vectors(n)` exactly).
pub fn vectors(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut state: u64 = 0x853c_49e6_748f_ea9b;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let p: Vec<f64> = (0..n).map(|_| next()).collect();
    let q: Vec<f64> = (0..n).map(|_| next()).collect();
    (
        divergence::normalize(&p).unwrap(),
        divergence::normalize(&q).unwrap(),
    )
}

fn bench_kl(c: &mut Criterion) {
    let mut group = c.benchmark_group("kl/discrete");
    for n in [1_000, 100_000, 1_000_000, 10_000_000] {
        let (p, q) = vectors(n);
        // The answer is checked once per size against an independent
        // (naive, f64) evaluation; the inputs are far from each other, so
        // the naive sum is accurate to ~1e-12 relative here.
        let naive: f64 = p.iter().zip(&q).map(|(a, b)| a * (a / b).ln()).sum();
        let got = divergence::kl(&p, &q).unwrap();
        assert!((got - naive).abs() <= 1e-10 * naive, "{got} vs {naive}");
        common::record(&format!("kl/discrete/{n}"), "kl_nats", got);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &(p, q), |b, (p, q)| {
            b.iter(|| divergence::kl(black_box(p), black_box(q)).unwrap())
        });
    }
    group.finish();
}

fn bench_entropy(c: &mut Criterion) {
    let mut group = c.benchmark_group("entropy/discrete");
    for n in [1_000, 1_000_000] {
        let (p, _) = vectors(n);
        assert!(divergence::entropy(&p).unwrap() > 0.0);
        group.bench_with_input(BenchmarkId::from_parameter(n), &p, |b, p| {
            b.iter(|| divergence::entropy(black_box(p)).unwrap())
        });
    }
    group.finish();
}

/// A gradient of KL(p‖q) with respect to one argument.
type Gradient = fn(&[f64], &[f64]) -> divergence::Result<Vec<f64>>;
/// The same partial derivative for one entry `(pᵢ, qᵢ)`, written out.
type Entrywise = fn(f64, f64) -> f64;

fn bench_gradient(c: &mut Criterion) {
    // Independent per-entry formulas: ∂/∂pᵢ = ln(pᵢ/qᵢ) + 1, ∂/∂qᵢ = −pᵢ/qᵢ.
    let cases: [(&str, Gradient, Entrywise); 2] = [
        ("kl_wrt_p", divergence::gradient::kl_wrt_p, |a, b| {
            (a / b).ln() + 1.0
        }),
        ("kl_wrt_q", divergence::gradient::kl_wrt_q, |a, b| -a / b),
    ];
    for (name, grad, naive) in cases {
        let mut group = c.benchmark_group(format!("gradient/{name}"));
        for n in [1_000, 100_000, 1_000_000, 10_000_000] {
            let (p, q) = vectors(n);
            let g = grad(&p, &q).unwrap();
            assert_eq!(g.len(), n);
            for ((gi, a), b) in g.iter().zip(&p).zip(&q) {
                let want = naive(*a, *b);
                assert!(
                    (gi - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "{gi} vs {want}"
                );
            }
            // The peer compares the sum of the entries (order-independent to
            // ~1e-12 relative for these inputs).
            common::record(&format!("gradient/{name}/{n}"), "sum", g.iter().sum());
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &(p, q), |b, (p, q)| {
                b.iter(|| grad(black_box(p), black_box(q)).unwrap())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_kl, bench_gradient, bench_entropy);
criterion_main!(benches);
