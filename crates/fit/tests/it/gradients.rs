//! Analytic gradients of every objective against central differences.

use fit::{
    Beta, Binomial, Direction, Family, Gamma, Geometric, LogNormal, NegativeBinomial, Normal,
    Objective, Poisson, Split, Target,
};
use proptest::prelude::*;

use crate::WORMS;

/// Relative step of the central difference.
const FD_STEP: f64 = 1e-6;
/// Accepted |analytic − numeric| / (1 + |analytic|).
const FD_TOL: f64 = 2e-5;

fn check(target: &Target, family: &dyn Family, direction: Direction, theta: &[f64]) {
    let o = Objective::new(target, family, direction).unwrap();
    let g = o.gradient(theta).unwrap();
    for i in 0..theta.len() {
        let h = FD_STEP * theta[i].abs().max(1e-2);
        let (mut a, mut b) = (theta.to_vec(), theta.to_vec());
        a[i] += h;
        b[i] -= h;
        let fd = (o.value(&a).unwrap() - o.value(&b).unwrap()) / (2.0 * h);
        assert!(
            (g[i] - fd).abs() <= FD_TOL * (1.0 + g[i].abs()),
            "{} {direction} ∂{i} at {theta:?}: analytic {} vs numeric {fd}",
            family.name(),
            g[i]
        );
    }
}

fn worms() -> Target {
    Target::from_counts(&WORMS).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn discrete_one_parameter(p in 0.05f64..0.95) {
        let t = worms();
        for d in [Direction::Forward, Direction::Reverse, Direction::CrossEntropy] {
            check(&t, &Binomial::new(10).unwrap(), d, &[p]);
            check(&t, &Split::new(11, 6).unwrap(), d, &[p]);
        }
        check(&t, &Geometric, Direction::Forward, &[p]);
        check(&t, &Poisson, Direction::Forward, &[10.0 * p]);
    }

    #[test]
    fn negative_binomial(r in 0.5f64..20.0, p in 0.05f64..0.95) {
        check(&worms(), &NegativeBinomial, Direction::Forward, &[r, p]);
    }

    #[test]
    fn normal_against_the_mixture(mu in -5.0f64..5.0, sigma in 0.3f64..5.0) {
        let t = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
        check(&t, &Normal, Direction::Forward, &[mu, sigma]);
        check(&t, &Normal, Direction::Reverse, &[mu, sigma]);
    }

    #[test]
    fn continuous_families_on_samples(a in 0.3f64..5.0, b in 0.3f64..5.0) {
        let t = Target::samples(&[0.1, 0.25, 0.4, 0.5, 0.9]).unwrap();
        check(&t, &Gamma, Direction::Forward, &[a, b]);
        check(&t, &Beta, Direction::Forward, &[a, b]);
        check(&t, &LogNormal, Direction::Forward, &[a - 2.0, b]);
    }
}
