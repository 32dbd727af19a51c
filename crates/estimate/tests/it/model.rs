//! KL between samples and a model with known log-density.

use estimate::{kl_model, kl_model_knn, Error, KnnOptions, ModelMethod, Samples};

use crate::support::{draw, reference, Rng};

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

fn ln_normal(mu: f64, sigma: f64) -> impl Fn(&[f64]) -> f64 + Sync {
    move |x: &[f64]| -0.5 * ((x[0] - mu) / sigma).powi(2) - sigma.ln() - LN_SQRT_2PI
}

#[test]
fn monte_carlo_with_both_densities() {
    let mut rng = Rng::new(21);
    let p = draw(20_000, || rng.normal());
    let r = kl_model(&p, ln_normal(0.0, 1.0), ln_normal(1.0, 2.0)).unwrap();
    let truth = reference("normal_1d");
    assert!((r.estimate - truth).abs() < 3.0 * r.std_error, "{r:?}");
    assert_eq!(r.method, ModelMethod::BothDensities);
}

#[test]
fn knn_entropy_plus_cross_entropy() {
    let mut rng = Rng::new(22);
    let p = draw(20_000, || rng.laplace(0.0, 1.0));
    let r = kl_model_knn(&p, ln_normal(0.5, 1.5), &KnnOptions::new()).unwrap();
    let truth = reference("laplace_normal");
    println!(
        "Laplace‖N by kNN entropy: {} ± {} (truth {truth})",
        r.estimate, r.std_error
    );
    assert!((r.estimate - truth).abs() < 3.0 * r.std_error, "{r:?}");
}

#[test]
fn a_model_that_excludes_a_sample_gives_infinity() {
    let p = Samples::from_row_major(vec![-1.0, 0.5, 2.0, 3.0], 1).unwrap();
    // Exponential(1) density: ln q = −∞ for x < 0.
    let ln_exp = |x: &[f64]| if x[0] < 0.0 { f64::NEG_INFINITY } else { -x[0] };
    let r = kl_model(&p, ln_normal(0.0, 1.0), ln_exp).unwrap();
    assert!(r.estimate.is_infinite() && r.estimate > 0.0);
    assert!(r.std_error.is_nan());
    let r = kl_model_knn(&p, ln_exp, &KnnOptions::new()).unwrap();
    assert!(r.estimate.is_infinite() && r.estimate > 0.0);
}

#[test]
fn nan_log_densities_are_named() {
    let p = Samples::from_row_major(vec![-1.0, 0.5, 2.0], 1).unwrap();
    let bad = |x: &[f64]| if x[0] > 1.0 { f64::NAN } else { 0.0 };
    assert!(matches!(
        kl_model(&p, bad, ln_normal(0.0, 1.0)),
        Err(Error::BadLogDensity {
            which: "ln p",
            row: 2,
            ..
        })
    ));
    assert!(matches!(
        kl_model(&p, ln_normal(0.0, 1.0), bad),
        Err(Error::BadLogDensity {
            which: "ln q",
            row: 2,
            ..
        })
    ));
}

#[test]
fn kozachenko_leonenko_entropy_of_normals() {
    use estimate::entropy_knn;
    // H(N(0, Σ)) = ½ ln((2πe)^d det Σ) (Cover & Thomas, Theorem 8.4.1);
    // det(L Lᵀ) = Π Lᵢᵢ² for the 5-D factor of validation.rs.
    let mut rng = Rng::new(23);
    let p = draw(20_000, || 3.0 * rng.normal());
    let h = entropy_knn(&p, &KnnOptions::new()).unwrap();
    let truth = 0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E * 9.0).ln();
    assert!(
        (h.estimate - truth).abs() < 3.0 * h.std_error,
        "{h:?} vs {truth}"
    );
    let (p5, _) = crate::validation::normal_pair_5d(&mut rng, 20_000);
    let h = entropy_knn(&p5, &KnnOptions::new()).unwrap();
    let l = crate::validation::L1;
    let ln_det: f64 = (0..5).map(|i| 2.0 * l[i * 6].ln()).sum();
    let truth = 0.5 * (5.0 * (2.0 * std::f64::consts::PI * std::f64::consts::E).ln() + ln_det);
    println!(
        "5-D entropy: {} ± {} (truth {truth})",
        h.estimate, h.std_error
    );
    assert!(
        (h.estimate - truth).abs() < 3.0 * h.std_error,
        "{h:?} vs {truth}"
    );
    assert_eq!(h.m, 0);
}
