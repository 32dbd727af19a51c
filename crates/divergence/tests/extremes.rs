//! Closed forms at extreme parameter ratios (issue #12): from 1 ± 1e-12 to
//! 1e±300, against 60-digit mpmath values of the textbook formulas at the
//! same doubles (`tools/reference/closed_forms_extreme.py`, mpmath 1.3.0).
//! A divergence is `+∞` exactly when the true value overflows a double,
//! and never 0 or NaN where it is positive.

// The references carry the digits mpmath printed, beyond f64.
#![allow(clippy::excessive_precision)]

mod reference {
    include!("reference/extreme_cases.rs");
}

use divergence::KlDivergence;
use statrs::distribution::{
    Bernoulli, Beta, Binomial, Exp, Gamma, Geometric, Laplace, LogNormal, Normal, Poisson,
};

/// Accepted relative error: a few units of rounding of each operation of
/// the cancellation-free forms (a logarithm, a division, a short series).
const REL_TOL: f64 = 4e-15;

fn kl(family: &str, p: &[f64]) -> f64 {
    match family {
        "Normal" => {
            let (a, b) = (
                Normal::new(p[0], p[1]).unwrap(),
                Normal::new(p[2], p[3]).unwrap(),
            );
            let v = a.kl_divergence(&b).unwrap();
            // LogNormal(μ, σ) is Normal(μ, σ) of the logarithm: the same KL.
            let (la, lb) = (
                LogNormal::new(p[0], p[1]).unwrap(),
                LogNormal::new(p[2], p[3]).unwrap(),
            );
            assert_eq!(la.kl_divergence(&lb).unwrap().to_bits(), v.to_bits());
            v
        }
        "Laplace" => Laplace::new(p[0], p[1])
            .unwrap()
            .kl_divergence(&Laplace::new(p[2], p[3]).unwrap())
            .unwrap(),
        "Exp" => Exp::new(p[0])
            .unwrap()
            .kl_divergence(&Exp::new(p[1]).unwrap())
            .unwrap(),
        "Poisson" => Poisson::new(p[0])
            .unwrap()
            .kl_divergence(&Poisson::new(p[1]).unwrap())
            .unwrap(),
        "Bernoulli" => Bernoulli::new(p[0])
            .unwrap()
            .kl_divergence(&Bernoulli::new(p[1]).unwrap())
            .unwrap(),
        "Binomial7" => Binomial::new(p[0], 7)
            .unwrap()
            .kl_divergence(&Binomial::new(p[1], 7).unwrap())
            .unwrap(),
        "Geometric" => Geometric::new(p[0])
            .unwrap()
            .kl_divergence(&Geometric::new(p[1]).unwrap())
            .unwrap(),
        "Gamma" => Gamma::new(p[0], p[1])
            .unwrap()
            .kl_divergence(&Gamma::new(p[2], p[3]).unwrap())
            .unwrap(),
        "Beta" => Beta::new(p[0], p[1])
            .unwrap()
            .kl_divergence(&Beta::new(p[2], p[3]).unwrap())
            .unwrap(),
        f => panic!("no family {f}"),
    }
}

#[test]
fn closed_forms_match_mpmath_from_near_equal_to_1e300_apart() {
    let mut worst: (f64, &str, &[f64]) = (0.0, "", &[]);
    for &(family, params, want) in reference::EXTREME_CASES {
        let got = kl(family, params);
        if want.is_infinite() {
            assert_eq!(got, f64::INFINITY, "{family} {params:?}");
            continue;
        }
        assert!(
            got.is_finite() && got > 0.0,
            "{family} {params:?}: {got} (want {want:e})"
        );
        let rel = (got - want).abs() / want;
        if rel > worst.0 {
            worst = (rel, family, params);
        }
        assert!(
            rel <= REL_TOL,
            "{family} {params:?}: {got:e} vs {want:e} (relative {rel:.1e})"
        );
    }
    eprintln!(
        "worst relative error {:.1e} at {} {:?}",
        worst.0, worst.1, worst.2
    );
}
