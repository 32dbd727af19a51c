//! Criterion benches of the fit crate: grid sweeps and fits on the worm data
//! and the two-peaked mixture.
//!
//! `cargo bench --bench fit` (add `-- --test` for a quick check that every
//! bench runs and its answer is right).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use klfit::fit::{
    fit, sweep, sweep_directions, Axis, Binomial, Direction, Directions, FitOptions, Normal,
    Solver, Split, Target,
};
use std::hint::black_box;

/// The worm data (issue #4).
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];
/// Closed-form agreement required of every fit (issue #4).
const CLOSED_FORM_TOL: f64 = 1e-9;

fn bench_sweep(c: &mut Criterion) {
    let worms = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    let mut group = c.benchmark_group("sweep/binomial");
    group.sample_size(10);
    for (label, n) in [("1e3", 1_001), ("1e5", 100_001), ("1e6", 1_000_001)] {
        let axis = Axis::linspace("p", 0.0, 1.0, n).unwrap();
        // Closed form: the forward minimum on the grid is p = 0.57.
        let s = sweep(&worms, &b, std::slice::from_ref(&axis), None).unwrap();
        let best = s.argmin_forward.unwrap().params.get("p").unwrap();
        assert!((best - 0.57).abs() <= 0.5 / (n - 1) as f64, "{best}");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &axis, |bch, axis| {
            bch.iter(|| {
                sweep(
                    black_box(&worms),
                    &b,
                    black_box(std::slice::from_ref(axis)),
                    None,
                )
                .unwrap()
            })
        });
    }
    group.finish();
    // Forward only: O(1) per point from the sufficient statistics, the
    // workload of the NumPy peer (benches/peers/fit.py).
    let mut group = c.benchmark_group("sweep/binomial-forward");
    group.sample_size(10);
    for (label, n) in [("1e3", 1_001), ("1e5", 100_001), ("1e6", 1_000_001)] {
        let axis = Axis::linspace("p", 0.0, 1.0, n).unwrap();
        let grid = std::slice::from_ref(&axis);
        let s = sweep_directions(&worms, &b, grid, None, Directions::Forward).unwrap();
        let best = s.argmin_forward.unwrap().params.get("p").unwrap();
        assert!((best - 0.57).abs() <= 0.5 / (n - 1) as f64, "{best}");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &axis, |bch, axis| {
            bch.iter(|| {
                sweep_directions(
                    black_box(&worms),
                    &b,
                    black_box(std::slice::from_ref(axis)),
                    None,
                    Directions::Forward,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

fn bench_fit(c: &mut Criterion) {
    let worms = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    let split = Split::new(11, 6).unwrap();
    let mut group = c.benchmark_group("fit");
    for solver in [
        Solver::Brent,
        Solver::GoldenSection,
        Solver::Lbfgs,
        Solver::NelderMead,
    ] {
        let opts = FitOptions::new(Direction::Forward).solver(solver);
        // Closed form: p = mean/n = 0.57; t = mass of 6..10 = 0.47.
        let p = opts.fit(&worms, &b).unwrap().params.get("p").unwrap();
        assert!((p - 0.57).abs() < CLOSED_FORM_TOL, "{solver}: {p}");
        let t = opts.fit(&worms, &split).unwrap().params.get("t").unwrap();
        assert!((t - 0.47).abs() < CLOSED_FORM_TOL, "{solver}: {t}");
        group.bench_function(format!("binomial/{solver}"), |bch| {
            bch.iter(|| opts.fit(black_box(&worms), black_box(&b)).unwrap())
        });
        group.bench_function(format!("split/{solver}"), |bch| {
            bch.iter(|| opts.fit(black_box(&worms), black_box(&split)).unwrap())
        });
    }
    let mix = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
    // Closed form: moment matching, σ = √10.
    let sigma = fit(&mix, &Normal, Direction::Forward)
        .unwrap()
        .params
        .get("sigma")
        .unwrap();
    assert!((sigma - 10f64.sqrt()).abs() < 1e-7);
    group.bench_function("normal/mixture/forward", |bch| {
        bch.iter(|| fit(black_box(&mix), &Normal, Direction::Forward).unwrap())
    });
    let rev = FitOptions::new(Direction::Reverse).start(vec![2.0, 1.5]);
    // scipy/mpmath (tools/reference/fit_worms.py): reverse minimum at μ = 2.984306.
    let mu = rev.fit(&mix, &Normal).unwrap().params.get("mu").unwrap();
    assert!((mu - 2.984_306).abs() < 1e-6, "{mu}");
    group.sample_size(20);
    group.bench_function("normal/mixture/reverse", |bch| {
        bch.iter(|| rev.fit(black_box(&mix), &Normal).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_sweep, bench_fit);
criterion_main!(benches);
