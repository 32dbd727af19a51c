//! Accuracy against 50-digit references.
//!
//! Every reference value comes from `tools/reference/discrete.py` (Python
//! 3.11.7, mpmath 1.3.0, mp.dps = 60), which writes
//! `tests/reference/discrete_cases.rs`; the inputs there are exact f64 bit
//! patterns, so the references are the exact values of each measure on the
//! very floats the tests pass in.

// The references are exact values; some of them are ln 2 to the last bit.
#[allow(dead_code, clippy::approx_constant)]
mod reference {
    include!("reference/discrete_cases.rs");
}

use divergence::{
    chi_squared, cross_entropy, entropy, hellinger, jeffreys, jensen_shannon, kl, renyi,
    reverse_kl, total_variation,
};
use reference::{Case, CASES};

/// Allowed error on every case, in units of the f64 spacing at the reference
/// value ("a few ulps"). Covers the hard cases too: nearly equal vectors,
/// entries near 1e-300 and subnormals, overflowing ratios.
const MAX_ULPS: f64 = 4.0;

fn floats(bits: &[u64]) -> Vec<f64> {
    bits.iter().map(|&b| f64::from_bits(b)).collect()
}

/// Error of `got` in ulps of `want` (0 when both are the same infinity).
fn ulps(got: f64, want: f64) -> f64 {
    if got == want {
        return 0.0;
    }
    let spacing = f64::EPSILON * want.abs().max(f64::MIN_POSITIVE);
    (got - want).abs() / spacing
}

type Measure = fn(&[f64], &[f64]) -> divergence::Result<f64>;
type Reference = fn(&Case) -> f64;

fn measures() -> Vec<(&'static str, Measure, Reference)> {
    vec![
        ("kl", kl, |c| c.kl),
        ("reverse_kl", reverse_kl, |c| c.reverse_kl),
        ("entropy", |p, _| entropy(p), |c| c.entropy_p),
        ("cross_entropy", cross_entropy, |c| c.cross_entropy),
        ("js", jensen_shannon, |c| c.js),
        ("jeffreys", jeffreys, |c| c.jeffreys),
        ("renyi_0.5", |p, q| renyi(p, q, 0.5), |c| c.renyi_half),
        ("renyi_2", |p, q| renyi(p, q, 2.0), |c| c.renyi_2),
        ("hellinger", hellinger, |c| c.hellinger),
        ("tv", total_variation, |c| c.tv),
        ("chi2", chi_squared, |c| c.chi2),
    ]
}

#[test]
fn every_measure_is_within_a_few_ulps_of_mpmath() {
    let mut failures = Vec::new();
    for case in CASES {
        let (p, q) = (floats(case.p), floats(case.q));
        for (name, f, want) in measures() {
            let got = f(&p, &q).unwrap();
            let want = want(case);
            let e = ulps(got, want);
            println!(
                "{:>16} {:>14}: {got:e} vs {want:e} ({e:.2} ulps)",
                case.name, name
            );
            if e.is_nan() || e > MAX_ULPS {
                failures.push(format!(
                    "{} {name}: got {got:e}, want {want:e} ({e:.1} ulps)",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_hard_case_defeats_the_naive_formula() {
    // Shows that `perturbed_1e-9` tests something: the textbook sum is off
    // by orders of magnitude (or has the wrong sign) where `kl` is exact.
    let case = CASES.iter().find(|c| c.name == "perturbed_1e-9").unwrap();
    let (p, q) = (floats(case.p), floats(case.q));
    let naive: f64 = p.iter().zip(&q).map(|(a, b)| a * (a / b).ln()).sum();
    assert!(ulps(naive, case.kl) > 1e6, "naive = {naive:e}");
    assert!(ulps(kl(&p, &q).unwrap(), case.kl) <= MAX_ULPS);
}

#[test]
fn summation_error_does_not_grow_with_n() {
    // n = 2²³ ≈ 8.4e6: p uniform (2⁻²³ each, exact), q alternating
    // 2⁻²³(1 ± h) with h = 2⁻¹⁰ (exact, sums to exactly 1). Then exactly
    // KL(p‖q) = −½ ln(1 − h²) and H(p) = 23 ln 2 (identities; mpmath 1.3.0
    // agrees: mp.dps=40; -log(1-mpf(2)**-20)/2 = 4.76837385556016e-7).
    let n = 1usize << 23;
    let h = 2f64.powi(-10);
    let p = vec![2f64.powi(-23); n];
    let q: Vec<f64> = (0..n)
        .map(|i| 2f64.powi(-23) * if i % 2 == 0 { 1.0 + h } else { 1.0 - h })
        .collect();
    let want_kl = -0.5 * (-h * h).ln_1p();
    assert!(ulps(kl(&p, &q).unwrap(), want_kl) <= MAX_ULPS);
    let want_h = 23.0 * std::f64::consts::LN_2;
    assert!(ulps(entropy(&p).unwrap(), want_h) <= MAX_ULPS);
    // A plain running sum is visibly worse on the same input.
    let naive_h: f64 = p.iter().map(|x| -x * x.ln()).sum();
    assert!(ulps(naive_h, want_h) > 100.0 * MAX_ULPS);
}
