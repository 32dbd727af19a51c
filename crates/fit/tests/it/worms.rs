//! The worm data end to end: Binomial, Split, Uniform, every solver, both directions.

use approx::assert_abs_diff_eq;
use fit::{compare, fit, Binomial, Direction, FitOptions, Poisson, Solver, Split, Target, Uniform};

use crate::{CLOSED_FORM_TOL, MPMATH_TOL, QUOTED_3DP_TOL, WORMS};

fn worms() -> Target {
    Target::from_counts(&WORMS).unwrap()
}

#[test]
fn binomial_forward_every_solver_hits_the_closed_form() {
    let b = Binomial::new(10).unwrap();
    for solver in Solver::applicable(1, true) {
        let r = FitOptions::new(Direction::Forward)
            .solver(solver)
            .fit(&worms(), &b)
            .unwrap();
        assert!(r.converged(), "{solver}: {r}");
        // Closed form: p = mean/n = 5.7/10.
        assert_abs_diff_eq!(
            r.params().get("p").unwrap(),
            0.57,
            epsilon = CLOSED_FORM_TOL
        );
        // mpmath: tools/reference/fit_worms.py, "KL(data||Binom(10,.57)) bits".
        assert_abs_diff_eq!(
            r.kl_forward_bits().unwrap(),
            0.476_875_530_914_633_836,
            epsilon = MPMATH_TOL
        );
        assert_abs_diff_eq!(
            r.kl_forward_bits().unwrap(),
            0.477,
            epsilon = QUOTED_3DP_TOL
        );
        // Reverse at p = 0.57: mpmath "KL(Binom(10,.57)||data) bits".
        assert_abs_diff_eq!(
            r.kl_reverse_bits().unwrap(),
            0.267_376_520_392_295_758,
            epsilon = 1e-9
        );
        // mpmath: log-likelihood = −N(H + KL).
        assert_abs_diff_eq!(
            r.log_likelihood().unwrap(),
            -249.381_750_343_681_992_8,
            epsilon = 1e-9
        );
        assert_abs_diff_eq!(
            r.aic().unwrap(),
            2.0 + 2.0 * 249.381_750_343_681_992_8,
            epsilon = 1e-9
        );
        assert_eq!(r.n(), Some(100));
        // The solver ran from the closed form and confirmed it.
        assert!(r.cost_evals() + r.gradient_evals() > 0);
    }
}

#[test]
fn split_forward_every_solver() {
    let s = Split::new(11, 6).unwrap();
    for solver in Solver::applicable(1, true) {
        let r = FitOptions::new(Direction::Forward)
            .solver(solver)
            .fit(&worms(), &s)
            .unwrap();
        assert!(r.converged(), "{solver}: {r}");
        // Closed form: t = data mass of 6..10 = (12+12+8+8+7)/100.
        assert_abs_diff_eq!(
            r.params().get("t").unwrap(),
            0.47,
            epsilon = CLOSED_FORM_TOL
        );
        // mpmath "KL(data||Split t=.47) bits"; the issue quotes 0.338.
        assert_abs_diff_eq!(
            r.kl_forward_bits().unwrap(),
            0.337_795_304_371_250_913,
            epsilon = MPMATH_TOL
        );
        assert_abs_diff_eq!(
            r.kl_forward_bits().unwrap(),
            0.338,
            epsilon = QUOTED_3DP_TOL
        );
    }
}

#[test]
fn reverse_fits_match_mpmath() {
    for solver in Solver::applicable(1, true) {
        let opts = FitOptions::new(Direction::Reverse).solver(solver);
        let b = opts.fit(&worms(), &Binomial::new(10).unwrap()).unwrap();
        assert!(b.converged(), "{b}");
        // mpmath findroot of d/dp KL(q_p‖data): "reverse Binomial p*".
        assert_abs_diff_eq!(
            b.params().get("p").unwrap(),
            0.540_025_449_623_693_093,
            epsilon = CLOSED_FORM_TOL
        );
        assert_abs_diff_eq!(
            b.kl_reverse_bits().unwrap(),
            0.251_389_262_970_476_948,
            epsilon = MPMATH_TOL
        );
        let s = opts.fit(&worms(), &Split::new(11, 6).unwrap()).unwrap();
        // mpmath "reverse Split t*".
        assert_abs_diff_eq!(
            s.params().get("t").unwrap(),
            0.589_898_927_429_324_898,
            epsilon = CLOSED_FORM_TOL
        );
        assert_abs_diff_eq!(
            s.kl_reverse_bits().unwrap(),
            0.365_011_801_320_571_803,
            epsilon = MPMATH_TOL
        );
    }
}

#[test]
fn uniform_and_entropy() {
    let r = fit(&worms(), &Uniform::new(0, 10).unwrap(), Direction::Forward).unwrap();
    assert!(r.converged());
    assert_eq!(r.solver(), fit::Solver::None);
    // mpmath "KL(data||Uniform) bits"; issue: 0.338.
    assert_abs_diff_eq!(
        r.kl_forward_bits().unwrap(),
        0.338_489_004_461_535_524,
        epsilon = MPMATH_TOL
    );
    // mpmath "H bits"; issue: 3.12.
    let h = divergence::Unit::Bits.from_nats(worms().entropy().unwrap());
    assert_abs_diff_eq!(h, 3.120_942_614_175_761_733, epsilon = MPMATH_TOL);
}

#[test]
fn cross_entropy_direction_has_the_same_optimum() {
    let r = FitOptions::new(Direction::CrossEntropy)
        .fit(&worms(), &Binomial::new(10).unwrap())
        .unwrap();
    // Closed form: p = mean/n.
    assert_abs_diff_eq!(
        r.params().get("p").unwrap(),
        0.57,
        epsilon = CLOSED_FORM_TOL
    );
}

#[test]
fn comparison_table_ranks_and_serialises() {
    let (b, s, u, p) = (
        Binomial::new(10).unwrap(),
        Split::new(11, 6).unwrap(),
        Uniform::new(0, 10).unwrap(),
        Poisson,
    );
    let table = compare(
        &worms(),
        &[&b, &s, &u, &p],
        &FitOptions::new(Direction::Forward),
    )
    .unwrap();
    let names: Vec<&str> = table.fits.iter().map(|f| f.model()).collect();
    // KL in bits (mpmath, tools/reference/fit_worms.py): Poisson(5.7) 0.1542
    // < Split 0.3378 < Uniform 0.3385 < Binomial 0.4769.
    assert_eq!(
        names,
        [
            "Poisson",
            "Split(0..5|6..10)",
            "Uniform{0..10}",
            "Binomial(n=10)"
        ]
    );
    assert_abs_diff_eq!(
        table.fits[0].kl_forward_bits().unwrap(),
        0.154_242_349_129_127_792,
        epsilon = MPMATH_TOL
    );
    // Poisson puts mass on k > 10, where the data have none: reverse KL is +∞.
    assert_eq!(table.fits[0].kl_reverse_bits(), Some(f64::INFINITY));
    let text = table.to_string();
    println!("{text}");
    assert!(text.contains("Binomial(n=10)") && text.contains("converged"));
    let json = serde_json::to_value(&table).unwrap();
    let binom = json["fits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "Binomial(n=10)")
        .unwrap();
    assert!((binom["params"]["p"].as_f64().unwrap() - 0.57).abs() < CLOSED_FORM_TOL);
    assert!(binom["termination"].is_string());
    assert!(binom["iterations"].is_u64());
}

#[test]
fn non_convergence_is_reported_not_hidden() {
    let r = FitOptions::new(Direction::Forward)
        .solver(Solver::GoldenSection)
        .max_iters(3)
        .polish(false)
        .fit(&worms(), &Binomial::new(10).unwrap())
        .unwrap();
    assert!(!r.converged());
    assert!(
        r.termination()
            .to_string()
            .contains("Maximum number of iterations"),
        "{}",
        r.termination()
    );
    assert!(r.to_string().contains("NOT CONVERGED"));
    assert!(matches!(
        r.ensure_converged(),
        Err(fit::Error::NotConverged { .. })
    ));
}

/// Without the Newton polish, derivative-free solvers stop where the cost is
/// flat to rounding: |p − p*| ≈ √(2ε·KL/KL'') ≈ 1e-8 here.
const UNPOLISHED_TOL: f64 = 1e-8;

#[test]
fn raw_solver_accuracy_without_polish() {
    let b = Binomial::new(10).unwrap();
    for solver in Solver::applicable(1, true) {
        let r = FitOptions::new(Direction::Forward)
            .solver(solver)
            .polish(false)
            .fit(&worms(), &b)
            .unwrap();
        let err = (r.params().get("p").unwrap() - 0.57).abs();
        let polished = FitOptions::new(Direction::Forward)
            .solver(solver)
            .fit(&worms(), &b)
            .unwrap();
        println!(
            "{solver}: |p − 0.57| = {err:.2e} without polish ({} iterations, {} costs), {:.2e} with ({} steps)",
            r.iterations(),
            r.cost_evals(),
            (polished.params().get("p").unwrap() - 0.57).abs(),
            polished.polish_steps()
        );
        assert_eq!(r.polish_steps(), 0);
        // Closed form p = 0.57.
        assert!(err < UNPOLISHED_TOL, "{solver}: {err}");
    }
}
