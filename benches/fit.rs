//! Criterion benches of the fit crate: grid sweeps and fits on the worm data
//! and the two-peaked mixture, and the fits of large samples users wait for
//! (issue #15: gamma, lognormal, negative binomial).
//!
//! `cargo bench --bench fit` (add `-- --test` for a quick check that every
//! bench runs and its answer is right).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use klfit::fit::{
    confidence_intervals, fit, landscape, screen, Axis, Binomial, Direction, Directions,
    FitOptions, Gamma, GridSweep, IntervalMethod, LogNormal, MixtureOfNormals, NegativeBinomial,
    Normal, Solver, Split, Target,
};
use std::hint::black_box;

mod common;

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
        let s = GridSweep::new(&worms, &b).axis(axis.clone()).run().unwrap();
        let am = s.argmin_forward.unwrap();
        let best = am.params.get("p").unwrap();
        assert!((best - 0.57).abs() <= 0.5 / (n - 1) as f64, "{best}");
        common::record(&format!("sweep/binomial/{label}"), "p", best);
        common::record(&format!("sweep/binomial/{label}"), "kl_nats", am.value_nats);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &axis, |bch, axis| {
            bch.iter(|| {
                GridSweep::new(black_box(&worms), &b)
                    .axes(black_box(std::slice::from_ref(axis)).iter().cloned())
                    .run()
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
        let s = GridSweep::new(&worms, &b)
            .axes(grid.iter().cloned())
            .directions(Directions::Forward)
            .run()
            .unwrap();
        let am = s.argmin_forward.unwrap();
        let best = am.params.get("p").unwrap();
        assert!((best - 0.57).abs() <= 0.5 / (n - 1) as f64, "{best}");
        let id = format!("sweep/binomial-forward/{label}");
        common::record(&id, "p", best);
        common::record(&id, "kl_nats", am.value_nats);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &axis, |bch, axis| {
            bch.iter(|| {
                GridSweep::new(black_box(&worms), &b)
                    .axes(black_box(std::slice::from_ref(axis)).iter().cloned())
                    .directions(Directions::Forward)
                    .run()
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
        let p = opts.fit(&worms, &b).unwrap().params().get("p").unwrap();
        assert!((p - 0.57).abs() < CLOSED_FORM_TOL, "{solver}: {p}");
        let t = opts.fit(&worms, &split).unwrap().params().get("t").unwrap();
        assert!((t - 0.47).abs() < CLOSED_FORM_TOL, "{solver}: {t}");
        common::record(&format!("fit/binomial/{solver}"), "p", p);
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
        .params()
        .get("sigma")
        .unwrap();
    assert!((sigma - 10f64.sqrt()).abs() < 1e-7);
    common::record("fit/normal/mixture/forward", "sigma", sigma);
    group.bench_function("normal/mixture/forward", |bch| {
        bch.iter(|| fit(black_box(&mix), &Normal, Direction::Forward).unwrap())
    });
    let rev = FitOptions::new(Direction::Reverse).start(vec![2.0, 1.5]);
    // scipy/mpmath (tools/reference/fit_worms.py): reverse minimum at μ = 2.984306.
    let mu = rev.fit(&mix, &Normal).unwrap().params().get("mu").unwrap();
    assert!((mu - 2.984_306).abs() < 1e-6, "{mu}");
    common::record("fit/normal/mixture/reverse", "mu", mu);
    group.sample_size(20);
    group.bench_function("normal/mixture/reverse", |bch| {
        bch.iter(|| rev.fit(black_box(&mix), &Normal).unwrap())
    });
    group.finish();
}

/// The (μ, σ) grid of the landscape benches: 300 × 300 over μ ∈ [−6, 6],
/// σ ∈ [0.5, 5] (the peer, `benches/peers/landscape.py`, uses the same).
fn landscape_axes() -> (Axis, Axis) {
    (
        Axis::linspace("mu", -6.0, 6.0, 300).unwrap(),
        Axis::linspace("sigma", 0.5, 5.0, 300).unwrap(),
    )
}

/// The grid minimum of a row-major (σ rows, μ columns) surface: its value,
/// |μ| and σ. (The landscape's own minima list only strict local minima; the
/// forward surface's is a tie between μ = ±6/299.)
fn grid_min(v: &[f64], mu: &Axis, sigma: &Axis) -> (f64, f64, f64) {
    let (k, min) = v
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, x)| x.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let nx = mu.len();
    (min, mu.values()[k % nx].abs(), sigma.values()[k / nx])
}

/// Records the grid minimum of a surface and the sum of its finite values,
/// for the peer to compare.
fn record_surface(id: &str, v: &[f64], mu: &Axis, sigma: &Axis) {
    let (min, abs_mu, s) = grid_min(v, mu, sigma);
    common::record(id, "min_nats", min);
    common::record(id, "abs_mu_at_min", abs_mu);
    common::record(id, "sigma_at_min", s);
    common::record(id, "sum_nats", v.iter().filter(|x| x.is_finite()).sum());
}

fn bench_landscape(c: &mut Criterion) {
    let mix = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
    let (mu, sigma) = landscape_axes();
    let (dmu, dsigma) = (12.0 / 299.0, 4.5 / 299.0);
    let l = landscape(&mix, &Normal, mu.clone(), sigma.clone(), None).unwrap();
    assert_eq!(l.forward_nats.len(), 300 * 300);
    assert_eq!(l.reverse_nats.len(), 300 * 300);
    // Forward: moment matching, μ = 0, σ = √10, to within a grid step.
    let (_, f_mu, f_sigma) = grid_min(&l.forward_nats, &mu, &sigma);
    assert!(f_mu <= dmu, "{f_mu}");
    assert!((f_sigma - 10f64.sqrt()).abs() <= dsigma, "{f_sigma}");
    // Reverse: one minimum per peak; the best at |μ| = 2.984306 (issue #4),
    // to within a grid step.
    let (_, r_mu, _) = grid_min(&l.reverse_nats, &mu, &sigma);
    assert!((r_mu - 2.984_306).abs() <= dmu, "{r_mu}");
    assert!(l.reverse_minima.len() >= 2); // one near each peak
    record_surface(
        "landscape/normal_mixture/300x300/forward",
        &l.forward_nats,
        &mu,
        &sigma,
    );
    record_surface(
        "landscape/normal_mixture/300x300/reverse",
        &l.reverse_nats,
        &mu,
        &sigma,
    );
    let mut group = c.benchmark_group("landscape");
    group.sample_size(10);
    // Both directions, with the minima search: what `klfit sweep` draws.
    group.bench_function("normal_mixture/300x300", |bch| {
        bch.iter(|| landscape(black_box(&mix), &Normal, mu.clone(), sigma.clone(), None).unwrap())
    });
    // One direction each: the workloads of the NumPy peers.
    for (name, dir) in [
        ("normal_mixture-reverse/300x300", Directions::Reverse),
        ("normal_mixture-forward/300x300", Directions::Forward),
    ] {
        let axes = [sigma.clone(), mu.clone()];
        let s = GridSweep::new(&mix, &Normal)
            .axes(axes.iter().cloned())
            .directions(dir)
            .run()
            .unwrap();
        let want = match dir {
            Directions::Reverse => (&s.reverse_nats, &l.reverse_nats),
            _ => (&s.forward_nats, &l.forward_nats),
        };
        assert_eq!(want.0, want.1);
        group.bench_function(name, |bch| {
            bch.iter(|| {
                GridSweep::new(black_box(&mix), &Normal)
                    .axes(axes.iter().cloned())
                    .directions(dir)
                    .run()
                    .unwrap()
            })
        });
    }
    group.finish();
}

/// 1e6 stratified samples of 0.3·N(−2, 1) + 0.7·N(3, 1.5): component 1
/// takes the first 30 % of the indices, each component's samples are its
/// Normal quantiles at (i + ½)/m. Deterministic, and the peer
/// (`benches/peers/mixture.py`) builds the same values with SciPy's
/// `norm.ppf`.
fn mixture_samples(n: usize) -> Vec<f64> {
    use klfit::divergence::statrs::distribution::{ContinuousCDF, Normal as N};
    let m1 = n * 3 / 10;
    let (a, b) = (N::new(-2.0, 1.0).unwrap(), N::new(3.0, 1.5).unwrap());
    let q = |d: &N, i: usize, m: usize| d.inverse_cdf((i as f64 + 0.5) / m as f64);
    (0..m1)
        .map(|i| q(&a, i, m1))
        .chain((0..n - m1).map(|i| q(&b, i, n - m1)))
        .collect()
}

fn bench_mixture(c: &mut Criterion) {
    let mut group = c.benchmark_group("fit/mixture2");
    group.sample_size(10);
    let xs = mixture_samples(1_000_000);
    let data = Target::samples(&xs).unwrap();
    let mix = MixtureOfNormals::new(2).unwrap();
    let r = fit(&data, &mix, Direction::Forward).unwrap();
    assert!(r.converged(), "{r}");
    let ll = r.log_likelihood().unwrap();
    // The maximum likelihood is at least the generating parameters' (up
    // to the stratification, which only raises it).
    assert!((r.params().get("w1").unwrap() - 0.3).abs() < 1e-3, "{r}");
    common::record("fit/mixture2/1e6", "loglik", ll);
    group.bench_function("1e6", |bch| {
        bch.iter(|| fit(black_box(&data), &mix, Direction::Forward).unwrap())
    });
    group.finish();
}

/// `n` stratified samples of Gamma(shape 4, rate 0.05): its quantiles at
/// `(i + 1/2)/n` (statrs's inverse CDF; the peers use `scipy.stats.gamma.ppf`,
/// equal to ~1e-13).
fn gamma_samples(n: usize) -> Vec<f64> {
    use klfit::divergence::statrs::distribution::{ContinuousCDF, Gamma as G};
    let g = G::new(4.0, 0.05).unwrap();
    (0..n)
        .map(|i| g.inverse_cdf((i as f64 + 0.5) / n as f64))
        .collect()
}

/// Issue #14, row (a): a gamma fit to 10⁴ samples with its standard errors
/// and 1000-replicate bootstrap percentile intervals (the peer:
/// `scipy.stats.bootstrap` over `gamma.fit(floc=0)`).
fn bench_inference(c: &mut Criterion) {
    let mut group = c.benchmark_group("inference");
    group.sample_size(10);
    let data = Target::samples(&gamma_samples(10_000)).unwrap();
    let boot = IntervalMethod::Bootstrap {
        replicates: 1000,
        seed: 1,
    };
    let run = || {
        let r = fit(&data, &Gamma, Direction::Forward).unwrap();
        let ci = confidence_intervals(&data, &Gamma, &r, boot, 0.95).unwrap();
        (r, ci)
    };
    let (r, ci) = run();
    assert!(r.std_errors().is_some() && ci.failed == 0, "{r}");
    common::record(
        "inference/gamma-bootstrap/1e4",
        "shape",
        r.params().get("alpha").unwrap(),
    );
    common::record("inference/gamma-bootstrap/1e4", "ci_width", {
        let [lo, hi] = ci.get("alpha").unwrap();
        hi - lo
    });
    group.bench_function("gamma-bootstrap/1e4", |bch| bch.iter(|| black_box(run())));
    group.finish();
}

/// Issue #14, row (b): `--model all` on 10⁵ positive samples (the twelve
/// continuous candidates of `fit::candidates`; the peer: a loop of
/// `scipy.stats.<dist>.fit` over the same families, with the location fixed
/// at 0 where the family has none).
fn bench_screen(c: &mut Criterion) {
    let mut group = c.benchmark_group("screen");
    group.sample_size(10);
    let data = Target::samples(&gamma_samples(100_000)).unwrap();
    let options = FitOptions::new(Direction::Forward);
    let s = screen(&data, &options).unwrap();
    assert!(s.skipped.is_empty() && s.fits.iter().all(|f| f.report.converged()));
    for f in &s.fits {
        let key = format!("loglik_{}", f.report.model().to_lowercase());
        common::record("screen/all/1e5", &key, f.report.log_likelihood().unwrap());
    }
    group.bench_function("all/1e5", |bch| {
        bch.iter(|| screen(black_box(&data), &options).unwrap())
    });
    group.finish();
}

/// `n` stratified samples of LogNormal(μ = 1, σ = 0.5): `exp(μ + σ·Φ⁻¹(u))`
/// at `u = (i + 1/2)/n` (statrs's Normal inverse CDF; the peer,
/// `benches/peers/large_fits.py`, uses `scipy.stats.lognorm.ppf`, equal to
/// ~1e-15).
fn lognormal_samples(n: usize) -> Vec<f64> {
    use klfit::divergence::statrs::distribution::{ContinuousCDF, Normal as N};
    let z = N::new(0.0, 1.0).unwrap();
    (0..n)
        .map(|i| (1.0 + 0.5 * z.inverse_cdf((i as f64 + 0.5) / n as f64)).exp())
        .collect()
}

/// SplitMix64's output for counter `i` (Steele, Lea & Flood, "Fast
/// splittable pseudorandom number generators", OOPSLA 2014): integer
/// arithmetic only, so the peer reproduces every bit with NumPy's `uint64`.
fn splitmix64(i: u64) -> u64 {
    let mut z = (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Successes needed per negative binomial count of the bench data.
const NEGBIN_R: u64 = 3;
/// A trial succeeds when its top 53 bits are below this: p = 2⁵¹/2⁵³ = ¼.
const NEGBIN_SUCCESS_BELOW: u64 = 1 << 51;

/// `n` negative binomial(r = 3, p = ¼) counts: the failures before each
/// third success in one stream of Bernoulli trials, trial `i` a success
/// when `splitmix64(i) >> 11 < 2⁵¹`. Integer-exact, so the peer
/// (`benches/peers/large_fits.py`) builds the same counts.
fn negbin_counts(n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    let (mut failures, mut successes, mut i) = (0u32, 0u64, 0u64);
    while out.len() < n {
        if splitmix64(i) >> 11 < NEGBIN_SUCCESS_BELOW {
            successes += 1;
            if successes == NEGBIN_R {
                out.push(failures);
                (failures, successes) = (0, 0);
            }
        } else {
            failures += 1;
        }
        i += 1;
    }
    out
}

/// The histogram of integer data, `counts[k] = #{i : xᵢ = k}`: how a user
/// turns a column of counts into a [`Target::from_counts`] (one pass).
fn histogram(xs: &[u32]) -> Vec<u64> {
    let top = xs.iter().copied().max().unwrap_or(0) as usize;
    let mut counts = vec![0u64; top + 1];
    for &x in xs {
        counts[x as usize] += 1;
    }
    counts
}

/// Issue #15, item 3: fits of large samples, timed from the raw samples
/// (building the [`Target`], i.e. the pass over the data, is part of the
/// wait). Peers: `scipy.stats.gamma.fit(x, floc=0)`,
/// `scipy.stats.lognorm.fit(x, floc=0)` and statsmodels' intercept-only
/// `NegativeBinomial` (`benches/peers/large_fits.py`); klfit's
/// log-likelihood must reach theirs.
fn bench_large_fits(c: &mut Criterion) {
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    for (label, n) in [("1e6", 1_000_000), ("1e7", 10_000_000)] {
        let gx = gamma_samples(n);
        let lx = lognormal_samples(n);
        let run = |xs: &[f64], family: &dyn klfit::fit::Family| {
            let data = Target::samples(xs).unwrap();
            fit(&data, family, Direction::Forward).unwrap()
        };
        let g = run(&gx, &Gamma);
        assert!(g.converged(), "{g}");
        // Stratified samples of Gamma(4, 0.05): the MLE is the generating
        // shape and rate to within a few 1e-4 (not a reference, a sanity
        // bound; the peer's log-likelihood is the reference).
        let (alpha, beta) = (
            g.params().get("alpha").unwrap(),
            g.params().get("beta").unwrap(),
        );
        assert!(
            (alpha - 4.0).abs() < 1e-2 && (beta - 0.05).abs() < 1e-3,
            "{g}"
        );
        let id = format!("fit/gamma/{label}");
        common::record(&id, "shape", alpha);
        common::record(&id, "rate", beta);
        common::record(&id, "loglik", g.log_likelihood().unwrap());
        // Closed form: μ = mean ln x, σ² = mean (ln x − μ)², the generating
        // (1, 0.5) to within the stratification.
        let l = run(&lx, &LogNormal);
        assert!(l.converged(), "{l}");
        let (mu, sigma) = (
            l.params().get("mu").unwrap(),
            l.params().get("sigma").unwrap(),
        );
        assert!((mu - 1.0).abs() < 1e-6 && (sigma - 0.5).abs() < 1e-3, "{l}");
        let id = format!("fit/lognormal/{label}");
        common::record(&id, "mu", mu);
        common::record(&id, "sigma", sigma);
        common::record(&id, "loglik", l.log_likelihood().unwrap());
        group.bench_function(format!("gamma/{label}"), |bch| {
            bch.iter(|| run(black_box(&gx), &Gamma))
        });
        group.bench_function(format!("lognormal/{label}"), |bch| {
            bch.iter(|| run(black_box(&lx), &LogNormal))
        });
    }
    // The generator is the peer's: SplitMix64 seeded with 0 starts with
    // 0xe220a8397b1dcdaf (Vigna's splitmix64.c), and the first counts are
    // `large_fits.negbin_counts(20)[:8]` (benches/peers/large_fits.py).
    assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
    assert_eq!(negbin_counts(20)[..8], [4, 22, 3, 3, 6, 7, 11, 11]);
    let counts = negbin_counts(1_000_000);
    let run = |xs: &[u32]| {
        let data = Target::from_counts(&histogram(xs)).unwrap();
        fit(&data, &NegativeBinomial, Direction::Forward).unwrap()
    };
    let nb = run(&counts);
    assert!(nb.converged(), "{nb}");
    let (r, p) = (nb.params().get("r").unwrap(), nb.params().get("p").unwrap());
    // The generating (3, ¼) to within a few standard errors (~0.01, ~0.001).
    assert!((r - 3.0).abs() < 0.05 && (p - 0.25).abs() < 0.005, "{nb}");
    common::record("fit/negbin/1e6", "r", r);
    common::record("fit/negbin/1e6", "p", p);
    common::record("fit/negbin/1e6", "loglik", nb.log_likelihood().unwrap());
    group.bench_function("negbin/1e6", |bch| bch.iter(|| run(black_box(&counts))));
    group.finish();
}

criterion_group!(
    benches,
    bench_sweep,
    bench_fit,
    bench_mixture,
    bench_landscape,
    bench_inference,
    bench_screen,
    bench_large_fits
);
criterion_main!(benches);
