//! Sweeps: the worm p-curve, thread-count independence, refinement, profiles.

use approx::assert_abs_diff_eq;
use fit::{profile, sweep, Axis, Binomial, Direction, FitOptions, NegativeBinomial, Split, Target};

use crate::{CLOSED_FORM_TOL, WORMS};

/// Spacing of the 10,001-point grid on [0, 1].
const GRID_STEP: f64 = 1e-4;

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
    let s = sweep(
        &t,
        &b,
        &[Axis::linspace("p", 0.0, 1.0, 10_001).unwrap()],
        None,
    )
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
    assert_abs_diff_eq!(r.params.get("p").unwrap(), 0.57, epsilon = CLOSED_FORM_TOL);
    let rr = s.refine(&t, &b, Direction::Reverse).unwrap();
    // mpmath (tools/reference/fit_worms.py) "reverse Binomial p*".
    assert_abs_diff_eq!(
        rr.params.get("p").unwrap(),
        0.540_025_449_623_693_093,
        epsilon = CLOSED_FORM_TOL
    );
}

#[test]
fn one_thread_and_four_threads_are_bit_identical() {
    let t = Target::from_counts(&WORMS).unwrap();
    let axes = [
        Axis::linspace("r", 0.5, 30.0, 40).unwrap(),
        Axis::linspace("p", 0.05, 0.95, 37).unwrap(),
    ];
    let one = run_on(1, || sweep(&t, &NegativeBinomial, &axes, None).unwrap());
    let four = run_on(4, || sweep(&t, &NegativeBinomial, &axes, None).unwrap());
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
        p.fits[5].params.get("t").unwrap(),
        0.47,
        epsilon = CLOSED_FORM_TOL
    );
    let best = &p.fits[p.best.unwrap()];
    assert!(p
        .fits
        .iter()
        .all(|f| best.objective_nats <= f.objective_nats));
}
