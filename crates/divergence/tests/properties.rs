//! Property tests: Gibbs' inequality, the cross-entropy decomposition, and
//! every gradient against central finite differences.

use divergence::gradient::{
    cross_entropy_wrt_p, entropy_wrt_p, kl_reverse_wrt_q_logits, kl_wrt_p, kl_wrt_q,
    kl_wrt_q_logits, softmax,
};
use divergence::{cross_entropy, entropy, kl, normalize};
use proptest::prelude::*;

/// Central-difference step.
const FD_STEP: f64 = 1e-6;
/// Agreement required between an analytic gradient and central differences
/// (truncation O(h²) ≈ 1e-12 plus rounding ε/h ≈ 1e-10, relative to the scale).
const FD_TOLERANCE: f64 = 1e-6;

/// Strictly positive probability vectors of length 2..12.
fn distribution() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.01f64..1.0, 2..12).prop_map(|w| normalize(&w).unwrap())
}

fn pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..12).prop_flat_map(|n| {
        let v = || prop::collection::vec(0.01f64..1.0, n).prop_map(|w| normalize(&w).unwrap());
        (v(), v())
    })
}

/// ∂f/∂xᵢ by central differences, perturbing one coordinate (off the simplex:
/// the formulas are the unconstrained partial derivatives).
fn central_difference(f: impl Fn(&[f64]) -> f64, x: &[f64], i: usize) -> f64 {
    let (mut up, mut down) = (x.to_vec(), x.to_vec());
    up[i] += FD_STEP;
    down[i] -= FD_STEP;
    (f(&up) - f(&down)) / (2.0 * FD_STEP)
}

fn raw_kl(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(a, b)| a * (a / b).ln()).sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= FD_TOLERANCE * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #[test]
    fn gibbs_inequality((p, q) in pair()) {
        prop_assert!(kl(&p, &q).unwrap() >= 0.0);
        prop_assert_eq!(kl(&p, &p).unwrap(), 0.0);
    }

    #[test]
    fn cross_entropy_is_entropy_plus_kl((p, q) in pair()) {
        let lhs = cross_entropy(&p, &q).unwrap();
        let rhs = entropy(&p).unwrap() + kl(&p, &q).unwrap();
        prop_assert!((lhs - rhs).abs() <= 8.0 * f64::EPSILON * lhs.max(1.0), "{} vs {}", lhs, rhs);
    }

    #[test]
    fn kl_gradients_match_finite_differences((p, q) in pair()) {
        let gp = kl_wrt_p(&p, &q).unwrap();
        let gq = kl_wrt_q(&p, &q).unwrap();
        for i in 0..p.len() {
            let fd_p = central_difference(|x| raw_kl(x, &q), &p, i);
            let fd_q = central_difference(|x| raw_kl(&p, x), &q, i);
            prop_assert!(close(gp[i], fd_p), "∂/∂p[{}]: {} vs {}", i, gp[i], fd_p);
            prop_assert!(close(gq[i], fd_q), "∂/∂q[{}]: {} vs {}", i, gq[i], fd_q);
        }
    }

    #[test]
    fn entropy_gradients_match_finite_differences((p, q) in pair()) {
        let gh = entropy_wrt_p(&p).unwrap();
        let gc = cross_entropy_wrt_p(&p, &q).unwrap();
        let h = |x: &[f64]| -x.iter().map(|a| a * a.ln()).sum::<f64>();
        let ce = |x: &[f64]| -x.iter().zip(&q).map(|(a, b)| a * b.ln()).sum::<f64>();
        for i in 0..p.len() {
            prop_assert!(close(gh[i], central_difference(h, &p, i)));
            prop_assert!(close(gc[i], central_difference(ce, &p, i)));
        }
    }

    #[test]
    fn logit_gradients_match_finite_differences(
        p in distribution(),
        seed in prop::collection::vec(-3.0f64..3.0, 12),
    ) {
        let z = &seed[..p.len()];
        let forward = |z: &[f64]| raw_kl(&p, &softmax(z).unwrap());
        let reverse = |z: &[f64]| raw_kl(&softmax(z).unwrap(), &p);
        let gf = kl_wrt_q_logits(&p, z).unwrap();
        let gr = kl_reverse_wrt_q_logits(&p, z).unwrap();
        for i in 0..p.len() {
            let fd_f = central_difference(forward, z, i);
            let fd_r = central_difference(reverse, z, i);
            prop_assert!(close(gf[i], fd_f), "forward ∂/∂z[{}]: {} vs {}", i, gf[i], fd_f);
            prop_assert!(close(gr[i], fd_r), "reverse ∂/∂z[{}]: {} vs {}", i, gr[i], fd_r);
        }
    }
}
