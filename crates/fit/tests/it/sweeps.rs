//! Sweeps: the worm p-curve, thread-count independence, refinement, profiles.

use approx::assert_abs_diff_eq;
use fit::{
    profile, Axis, Binomial, Direction, Directions, FitOptions, GridSweep, NegativeBinomial,
    Normal, Objective, Split, Target,
};

use crate::{CLOSED_FORM_TOL, WORMS};

/// Spacing of the 10,001-point grid on [0, 1].
const GRID_STEP: f64 = 1e-4;

/// Agreement of a forward sweep (batch evaluation, vectorised logarithm)
/// with the per-point objective (libm's logarithm), in units of
/// `ε·Σ|terms|`: the two logarithms differ by < 1.52 ulp (< 1 and < 0.52
/// ulp from exact), and the terms are combined by the same operations.
const BATCH_TERMS_TOL: f64 = 2.0;

/// Agreement of a forward sweep with the exact KL, in units of
/// `ε·Σ|terms|`: KL is the small difference of large terms (0.33 nats from
/// terms of size ≈ 13 at p = 0.57), so the formula itself, evaluated in
/// f64, is only this close (measured: both the batch and the per-point
/// value within 15 ulps of the KL, ≈ 0.7 ε·Σ|terms|, over 1,204 points).
const EXACT_TERMS_TOL: f64 = 2.0;

/// `Σ|terms|` of the worms' forward KL to Binomial(10, p),
/// `−H − E ln C(10, K) − m ln p − (10 − m) ln(1 − p)`, `m = 5.7`.
fn worm_terms(p: f64) -> f64 {
    let t = Target::from_counts(&WORMS).unwrap();
    let probs = t.probabilities().unwrap();
    let mut c = 1.0f64; // C(10, k), exact in f64
    let mut e_ln_c = 0.0;
    for (k, &pk) in probs.iter().enumerate() {
        e_ln_c += pk * c.ln();
        c = c * (10 - k) as f64 / (k + 1) as f64;
    }
    t.entropy().unwrap() + e_ln_c + (5.7 * p.ln()).abs() + (4.3 * (1.0 - p).ln()).abs()
}

fn run_on(threads: usize, f: impl FnOnce() -> fit::Sweep + Send) -> fit::Sweep {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn p_sweep_finds_the_same_minimum_and_refines_it() {
    let t = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    let s = GridSweep::new(&t, &b)
        .axes([Axis::linspace("p", 0.0, 1.0, 10_001).unwrap()])
        .run()
        .unwrap();
    assert_eq!(s.len(), 10_001);
    let best = s.argmin_forward.as_ref().unwrap();
    // Closed form p = 0.57 is grid point 5700.
    assert_eq!(best.index, vec![5700]);
    assert_abs_diff_eq!(
        best.params.get("p").unwrap(),
        0.57,
        epsilon = GRID_STEP / 2.0
    );
    assert_abs_diff_eq!(best.value_bits, 0.476_875_530_914_633_836, epsilon = 1e-12);
    // Ends: forward is +∞ at p = 0 (data at k > 0); reverse at p = 1 is
    // KL(δ₁₀‖data) = ln(1/0.07) (mpmath: 2.65926003693277806293063).
    assert_eq!(s.forward_nats[0], f64::INFINITY);
    assert_abs_diff_eq!(
        s.reverse_nats[10_000],
        2.659_260_036_932_778_063,
        epsilon = 1e-14
    );
    let r = s.refine(&t, &b, Direction::Forward).unwrap();
    assert_abs_diff_eq!(
        r.params().get("p").unwrap(),
        0.57,
        epsilon = CLOSED_FORM_TOL
    );
    let rr = s.refine(&t, &b, Direction::Reverse).unwrap();
    // mpmath (tools/reference/fit_worms.py) "reverse Binomial p*".
    assert_abs_diff_eq!(
        rr.params().get("p").unwrap(),
        0.540_025_449_623_693_093,
        epsilon = CLOSED_FORM_TOL
    );
}

#[test]
fn forward_sweep_agrees_with_the_objective_and_with_mpmath() {
    let t = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    let axis = Axis::linspace("p", 0.0, 1.0, 10_001).unwrap();
    let s = GridSweep::new(&t, &b)
        .axis(axis.clone())
        .directions(Directions::Forward)
        .run()
        .unwrap();
    let o = Objective::new(&t, &b, Direction::Forward).unwrap();
    for (&p, &got) in axis.values().iter().zip(&s.forward_nats) {
        let want = o.value(&[p]).unwrap();
        if want.is_finite() {
            let tol = BATCH_TERMS_TOL * f64::EPSILON * worm_terms(p);
            assert!((got - want).abs() <= tol, "p = {p}: {got} vs {want}");
        } else {
            assert_eq!(got.to_bits(), want.to_bits(), "p = {p}");
        }
    }
    // tools/reference/sweep_worms.py (mpmath, 40 digits): KL in nats at
    // grid point i, p = i/10000 as the f64 on the grid.
    for (i, exact) in [
        (1, 45.996_765_935_755_520_847_782_78),
        (500, 10.793_630_919_114_061_736_926_83),
        (3000, 1.893_743_037_584_230_614_480_888),
        (5700, 0.330_544_929_731_505_480_886_180_4),
        (9000, 3.999_066_633_113_853_256_901_599),
        (9999, 33.102_429_421_989_805_505_035_44),
    ] {
        let p = axis.values()[i];
        let tol = EXACT_TERMS_TOL * f64::EPSILON * worm_terms(p);
        assert_abs_diff_eq!(s.forward_nats[i], exact, epsilon = tol);
    }
}

#[test]
fn one_thread_and_four_threads_are_bit_identical() {
    let t = Target::from_counts(&WORMS).unwrap();
    let axes = [
        Axis::linspace("r", 0.5, 30.0, 40).unwrap(),
        Axis::linspace("p", 0.05, 0.95, 37).unwrap(),
    ];
    let one = run_on(1, || {
        GridSweep::new(&t, &NegativeBinomial)
            .axes(axes.iter().cloned())
            .run()
            .unwrap()
    });
    let four = run_on(4, || {
        GridSweep::new(&t, &NegativeBinomial)
            .axes(axes.iter().cloned())
            .run()
            .unwrap()
    });
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&one.forward_nats), bits(&four.forward_nats));
    assert_eq!(bits(&one.reverse_nats), bits(&four.reverse_nats));
    assert_eq!(one.argmin_forward, four.argmin_forward);
    // Grid order: flat index = i_r * 37 + i_p.
    let o = fit::Objective::new(&t, &NegativeBinomial, Direction::Forward).unwrap();
    let v = o
        .value(&[axes[0].values()[5], axes[1].values()[11]])
        .unwrap();
    assert_eq!(one.forward_nats[5 * 37 + 11].to_bits(), v.to_bits());

    // The batch paths, with runs cut at thread-dependent places (10,007
    // points: chunks of 1,250 on 1 thread, 312 on 4; runs of ≤ 256):
    // Binomial's vectorised logarithm along p, and the Normal's runs along μ
    // (ln σ shared) and along σ (vectorised logarithm).
    let b = Binomial::new(10).unwrap();
    let p = [Axis::linspace("p", 0.0, 1.0, 10_007).unwrap()];
    let one = run_on(1, || {
        GridSweep::new(&t, &b)
            .axes(p.iter().cloned())
            .run()
            .unwrap()
    });
    let four = run_on(4, || {
        GridSweep::new(&t, &b)
            .axes(p.iter().cloned())
            .run()
            .unwrap()
    });
    assert_eq!(bits(&one.forward_nats), bits(&four.forward_nats));
    assert_eq!(bits(&one.reverse_nats), bits(&four.reverse_nats));
    assert_eq!(one.argmin_forward, four.argmin_forward);
    assert_eq!(one.argmin_reverse, four.argmin_reverse);
    let mix = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
    let mu = Axis::linspace("mu", -6.0, 6.0, 301).unwrap();
    let sigma = Axis::linspace("sigma", 0.5, 5.0, 97).unwrap();
    for axes in [[sigma.clone(), mu.clone()], [mu, sigma]] {
        let forward = || {
            GridSweep::new(&mix, &Normal)
                .axes(axes.iter().cloned())
                .directions(Directions::Forward)
                .run()
                .unwrap()
        };
        let (one, four) = (run_on(1, forward), run_on(4, forward));
        assert_eq!(bits(&one.forward_nats), bits(&four.forward_nats));
        assert_eq!(one.argmin_forward, four.argmin_forward);
    }
}

#[test]
fn split_boundary_profile_sweeps_the_integer_and_solves_the_weight() {
    let t = Target::from_counts(&WORMS).unwrap();
    let bounds: Vec<i64> = (1..=10).collect();
    let p = profile(
        &t,
        "boundary",
        &bounds,
        |b| Split::new(11, b as u64),
        &FitOptions::new(Direction::Forward),
    )
    .unwrap();
    assert_eq!(p.fits.len(), 10);
    // At boundary 6 the weight is the article's t = 0.47 (closed form: data mass of 6..10).
    assert_abs_diff_eq!(
        p.fits[5].params().get("t").unwrap(),
        0.47,
        epsilon = CLOSED_FORM_TOL
    );
    let best = &p.fits[p.best.unwrap()];
    assert!(p
        .fits
        .iter()
        .all(|f| best.objective_nats() <= f.objective_nats()));
}

/// A reverse-only sweep has its length; asking it for forward values, or
/// any sweep for cross-entropy, is an error naming the direction.
#[test]
fn sweep_length_and_missing_directions() {
    let t = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    let s = GridSweep::new(&t, &b)
        .axis(Axis::linspace("p", 0.01, 0.99, 99).unwrap())
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    assert_eq!(s.len(), 99);
    assert!(!s.is_empty());
    assert_eq!(s.values(Direction::Reverse).unwrap().len(), 99);
    for d in [Direction::Forward, Direction::CrossEntropy] {
        let e = s.values(d).unwrap_err();
        assert!(matches!(e, fit::Error::NotSwept { .. }), "{e}");
        assert!(s.array(d).is_err());
    }
    assert_eq!(s.array(Direction::Reverse).unwrap().shape(), &[99]);
}

/// A grid whose number of points overflows `usize` is an error, not a wrap.
#[test]
fn grid_size_overflow_is_an_error() {
    let t = Target::samples(&[0.1, 0.5, 2.0, 3.5]).unwrap();
    let mix = fit::MixtureOfNormals::new(2).unwrap();
    let n = 1 << 16; // four axes: 2⁶⁴ points
    let e = GridSweep::new(&t, &mix)
        .axis(Axis::linspace("mu1", -1.0, 1.0, n).unwrap())
        .axis(Axis::linspace("mu2", -1.0, 1.0, n).unwrap())
        .axis(Axis::linspace("sigma1", 0.5, 1.0, n).unwrap())
        .axis(Axis::linspace("sigma2", 0.5, 1.0, n).unwrap())
        .directions(Directions::Forward)
        .run()
        .unwrap_err();
    assert!(e.to_string().contains("overflow"), "{e}");
}
