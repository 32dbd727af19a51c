//! The two neighbour searches (sorted 1-D, k-d tree) against a brute-force
//! O(n·(n + m)) evaluation of the same formula, written out here.

use estimate::{kl_knn, KnnOptions, Samples, Ties, Uncertainty};

use crate::support::Rng;

/// D̂ = (d/n) Σ ln(νₖ/ρₖ) + ln(m/(n − 1)) by sorting all distances, zero
/// distances skipped if `skip_zero` (the point itself always is).
fn brute(p: &Samples, q: &Samples, k: usize, skip_zero: bool) -> f64 {
    let dist = |a: &[f64], b: &[f64]| -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    };
    let (n, m, d) = (p.len(), q.len(), p.dimension() as f64);
    let kth = |mut v: Vec<f64>| -> f64 {
        if skip_zero {
            v.retain(|&x| x > 0.0);
        }
        v.sort_by(f64::total_cmp);
        v[k - 1]
    };
    let mut sum = 0.0;
    for i in 0..n {
        let rho = kth((0..n)
            .filter(|&j| j != i)
            .map(|j| dist(p.row(i), p.row(j)))
            .collect());
        let nu = kth((0..m).map(|j| dist(p.row(i), q.row(j))).collect());
        sum += (nu / rho).ln();
    }
    d * sum / n as f64 + (m as f64 / (n - 1) as f64).ln()
}

fn options(k: usize, ties: Ties) -> KnnOptions {
    KnnOptions::new()
        .with_k(k)
        .unwrap()
        .with_ties(ties)
        .with_uncertainty(Uncertainty::PerPointTerms)
        .unwrap()
}

#[test]
fn both_searches_match_brute_force_for_several_k_and_d() {
    let mut rng = Rng::new(31);
    for d in [1usize, 2, 3, 7] {
        let (n, m) = (300, 250);
        let p = Samples::from_row_major((0..n * d).map(|_| rng.normal()).collect(), d).unwrap();
        let q = Samples::from_row_major((0..m * d).map(|_| 0.3 + 1.2 * rng.normal()).collect(), d)
            .unwrap();
        for k in [1, 2, 4] {
            let got = kl_knn(&p, &q, &options(k, Ties::Error)).unwrap().estimate;
            let want = brute(&p, &q, k, false);
            approx::assert_relative_eq!(got, want, max_relative = 1e-12, epsilon = 1e-12);
        }
    }
}

#[test]
fn skipping_zero_distances_matches_brute_force_on_rounded_data() {
    // Rounded to one decimal: many repeats within P and between P and Q.
    let mut rng = Rng::new(32);
    for d in [1usize, 2] {
        let round = |x: f64| (x * 10.0).round() / 10.0;
        let p = Samples::from_row_major((0..200 * d).map(|_| round(rng.normal())).collect(), d)
            .unwrap();
        let q =
            Samples::from_row_major((0..150 * d).map(|_| round(0.5 + rng.normal())).collect(), d)
                .unwrap();
        for k in [1, 3] {
            let r = kl_knn(&p, &q, &options(k, Ties::SkipZeroDistances)).unwrap();
            let want = brute(&p, &q, k, true);
            approx::assert_relative_eq!(r.estimate, want, max_relative = 1e-12, epsilon = 1e-12);
            assert!(r.skipped > 0);
        }
    }
}
