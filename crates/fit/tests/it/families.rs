//! Categorical, mixtures of Normals (EM and generic solvers), statrs targets,
//! binned KL for samples.

use approx::assert_abs_diff_eq;
use divergence::statrs::distribution::{ContinuousCDF, Normal as StatrsNormal};
use fit::{em, fit, Categorical, Direction, FitOptions, MixtureOfNormals, Normal, Solver, Target};

use crate::{CLOSED_FORM_TOL, WORMS};

/// EM stops on a relative cross-entropy change of 1e-14; parameters then
/// agree with the optimum to about √(1e-14) times the problem's scale.
const EM_PARAM_TOL: f64 = 1e-5;

/// 200 deterministic "samples": the Normal quantiles Φ⁻¹((i + ½)/200).
fn normal_quantiles(mu: f64, sd: f64, n: usize) -> Vec<f64> {
    let d = StatrsNormal::new(mu, sd).unwrap();
    (0..n)
        .map(|i| d.inverse_cdf((i as f64 + 0.5) / n as f64))
        .collect()
}

#[test]
fn categorical_recovers_the_histogram() {
    let t = Target::from_counts(&WORMS).unwrap();
    for solver in [Solver::Lbfgs, Solver::NelderMead] {
        let r = FitOptions::new(Direction::Forward)
            .solver(solver)
            .max_iters(20_000)
            .fit(&t, &Categorical::new(11).unwrap())
            .unwrap();
        // Closed form: p = the data, KL = 0.
        let p = r.params().values();
        for (a, b) in p.iter().zip(t.probabilities().unwrap()) {
            assert_abs_diff_eq!(a, b, epsilon = 1e-6);
        }
        assert!(r.kl_forward_nats().unwrap() < 1e-10, "{r}");
    }
}

#[test]
fn em_recovers_a_mixture_density_exactly() {
    let truth = [(0.3, -2.0, 1.0), (0.7, 2.0, 0.5)];
    let t = Target::normal_mixture(&truth).unwrap();
    let m = MixtureOfNormals::new(2).unwrap();
    let r = em(&t, &m, Some(&[0.5, 0.5, -1.0, 1.0, 1.0, 1.0]), 5000).unwrap();
    assert!(r.converged(), "{r}");
    assert_eq!(r.solver(), fit::Solver::ExpectationMaximization);
    // The model family contains the target: the optimum is the target itself, KL = 0.
    for (name, v) in [
        ("w1", 0.3),
        ("w2", 0.7),
        ("mu1", -2.0),
        ("mu2", 2.0),
        ("sigma1", 1.0),
        ("sigma2", 0.5),
    ] {
        assert_abs_diff_eq!(r.params().get(name).unwrap(), v, epsilon = EM_PARAM_TOL);
    }
    assert!(r.kl_forward_nats().unwrap() < 1e-9);
}

#[test]
fn em_and_lbfgs_agree_on_samples() {
    let mut xs = normal_quantiles(-3.0, 1.0, 100);
    xs.extend(normal_quantiles(3.0, 1.0, 100));
    let t = Target::samples(&xs).unwrap();
    let m = MixtureOfNormals::new(2).unwrap();
    let start = [0.5, 0.5, -1.0, 1.0, 1.0, 1.0];
    let e = em(&t, &m, Some(&start), 5000).unwrap();
    let l = FitOptions::new(Direction::Forward)
        .start(start.to_vec())
        .fit(&t, &m)
        .unwrap();
    assert!(e.converged() && l.converged(), "{e}\n{l}");
    for (a, b) in e.params().values().iter().zip(l.params().values()) {
        assert_abs_diff_eq!(a, &b, epsilon = EM_PARAM_TOL);
    }
    // Same objective: mean negative log-likelihood.
    assert_abs_diff_eq!(
        e.cross_entropy_nats().unwrap(),
        l.cross_entropy_nats().unwrap(),
        epsilon = 1e-12
    );
    // By symmetry of the data the components mirror each other.
    assert_abs_diff_eq!(
        l.params().get("mu1").unwrap(),
        -l.params().get("mu2").unwrap(),
        epsilon = 1e-6
    );
    assert!(matches!(
        em(&Target::from_counts(&WORMS).unwrap(), &m, None, 10),
        Err(fit::Error::Unsupported { .. })
    ));
}

#[test]
fn statrs_mixture_target_agrees_with_normal_mixture() {
    let mix = divergence::Mixture::new(
        &[0.5, 0.5],
        vec![
            StatrsNormal::new(-3.0, 1.0).unwrap(),
            StatrsNormal::new(3.0, 1.0).unwrap(),
        ],
    )
    .unwrap();
    let a = fit(&Target::distribution(mix), &Normal, Direction::Forward).unwrap();
    // Closed form: moment matching, μ = 0, σ = √10.
    assert_abs_diff_eq!(
        a.params().get("sigma").unwrap(),
        10f64.sqrt(),
        epsilon = 1e-7
    );
    assert_abs_diff_eq!(a.params().get("mu").unwrap(), 0.0, epsilon = 1e-7);
    // mpmath (tools/reference/fit_worms.py): KL(mix‖N(0, √10)) = 0.46199461346794507 nats.
    assert_abs_diff_eq!(
        a.kl_forward_nats().unwrap(),
        0.461_994_613_467_945_075,
        epsilon = 1e-10
    );
}

#[test]
fn samples_with_bins_report_a_binned_kl() {
    let xs = normal_quantiles(0.0, 1.0, 200);
    let t = Target::samples_binned(&xs, &[-2.0, -1.0, 0.0, 1.0, 2.0]).unwrap();
    let r = fit(&t, &Normal, Direction::Forward).unwrap();
    // numpy (tools/reference/fit_worms.py): MLE sd 0.9967929692642782,
    // binned KL 1.088281348097276e-06 bits.
    assert_abs_diff_eq!(
        r.params().get("sigma").unwrap(),
        0.996_792_969_264_278_2,
        epsilon = CLOSED_FORM_TOL
    );
    assert_abs_diff_eq!(
        r.binned_kl_bits().unwrap(),
        1.088_281_348_097_276e-6,
        epsilon = 1e-12
    );
}
