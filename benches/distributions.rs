//! Closed-form and quadrature KL divergences between named distributions;
//! each benchmark asserts its answer. Run: `cargo bench --bench distributions`.

use criterion::{criterion_group, criterion_main, Criterion};
use divergence::quadrature::{kl_quadrature, FixedRule, Integrator};
use divergence::statrs::distribution::{Gamma, Normal};
use divergence::{KlDivergence, Mixture};
use std::hint::black_box;

mod common;

/// KL(0.5·N(−3,1) + 0.5·N(3,1) ‖ N(0, √10)), from
/// `python3 tools/reference/distributions.py` (mpmath 1.3.0): kl_mixture_normal.
#[allow(clippy::excessive_precision)] // quoted as printed by mpmath
const KL_MIXTURE_NORMAL: f64 = 0.461_994_613_467_945_075_29;

fn closed(c: &mut Criterion) {
    let (p, q) = (
        Normal::new(0.0, 1.0).unwrap(),
        Normal::new(1.0, 2.0).unwrap(),
    );
    let exact = 2f64.ln() + 2.0 / 8.0 - 0.5;
    assert!((p.kl_divergence(&q).unwrap() - exact).abs() < 1e-15);
    common::record("kl/closed/normal", "kl_nats", p.kl_divergence(&q).unwrap());
    c.bench_function("kl/closed/normal", |b| {
        b.iter(|| black_box(&p).kl_divergence(black_box(&q)).unwrap())
    });
    let (g1, g2) = (Gamma::new(2.0, 1.5).unwrap(), Gamma::new(3.5, 0.7).unwrap());
    assert!(g1.kl_divergence(&g2).unwrap() > 0.0);
    common::record("kl/closed/gamma", "kl_nats", g1.kl_divergence(&g2).unwrap());
    c.bench_function("kl/closed/gamma", |b| {
        b.iter(|| black_box(&g1).kl_divergence(black_box(&g2)).unwrap())
    });
}

fn quadrature(c: &mut Criterion) {
    let p = Mixture::new(
        &[0.5, 0.5],
        vec![
            Normal::new(-3.0, 1.0).unwrap(),
            Normal::new(3.0, 1.0).unwrap(),
        ],
    )
    .unwrap();
    let q = Normal::new(0.0, 10f64.sqrt()).unwrap();
    let e = kl_quadrature(&p, &q).unwrap();
    assert!((e.value - KL_MIXTURE_NORMAL).abs() < 1e-12 && e.error < 1e-10);
    common::record("kl/quadrature/mixture_normal", "kl_nats", e.value);
    c.bench_function("kl/quadrature/mixture_normal", |b| {
        b.iter(|| kl_quadrature(black_box(&p), black_box(&q)).unwrap())
    });
    let rule = FixedRule::new(64).unwrap();
    let fixed = rule.kl(&p, &q).unwrap().value;
    assert!((fixed - KL_MIXTURE_NORMAL).abs() < 1e-12);
    common::record("kl/fixed64/mixture_normal", "kl_nats", fixed);
    c.bench_function("kl/fixed64/mixture_normal", |b| {
        b.iter(|| rule.kl(black_box(&p), black_box(&q)).unwrap())
    });
}

criterion_group!(benches, closed, quadrature);
criterion_main!(benches);
