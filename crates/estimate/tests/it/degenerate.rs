//! Degenerate inputs: one point, repeats, identical sets, extreme scales,
//! NaN, mismatched dimensions; and thread-count independence.

use estimate::{kl_knn, kl_knn_arrays, Arg, Error, KnnOptions, Samples, Ties, Uncertainty};

use crate::support::{draw, Rng};
use crate::validation::normal_pair_5d;

fn per_point() -> KnnOptions {
    KnnOptions::new()
        .with_uncertainty(Uncertainty::PerPointTerms)
        .unwrap()
}

fn one_d(v: &[f64]) -> Samples {
    Samples::from_row_major(v.to_vec(), 1).unwrap()
}

#[test]
fn one_point_is_too_few() {
    let r = kl_knn(&one_d(&[1.0]), &one_d(&[0.0, 2.0]), &per_point());
    assert!(matches!(
        r,
        Err(Error::TooFewSamples {
            arg: Arg::P,
            rows: 1,
            k: 1,
            needed: 2
        })
    ));
    // Half-sampling needs two points per half.
    let r = kl_knn(
        &one_d(&[1.0, 3.0, 4.0]),
        &one_d(&[0.0, 2.0]),
        &KnnOptions::new(),
    );
    assert!(matches!(r, Err(Error::TooFewSamples { .. })), "{r:?}");
}

#[test]
fn a_repeated_point_of_p_is_named() {
    let p = one_d(&[0.3, 1.7, 0.9, 1.7, 2.5]);
    let q = one_d(&[0.0, 1.0, 2.0]);
    match kl_knn(&p, &q, &per_point()) {
        Err(Error::DuplicatePoint {
            row,
            other,
            value,
            k: 1,
        }) => {
            assert_eq!((row.min(other), row.max(other)), (1, 3));
            approx::assert_relative_eq!(value, 1.7);
        }
        r => panic!("{r:?}"),
    }
    // k = 2: one repeat leaves the 2nd neighbour at a positive distance.
    assert!(kl_knn(&p, &q, &per_point().with_k(2).unwrap()).is_ok());
    // The opt-in rule skips the zero and counts it.
    let r = kl_knn(&p, &q, &per_point().with_ties(Ties::SkipZeroDistances)).unwrap();
    assert!(r.estimate.is_finite());
    assert_eq!(r.skipped, 2);
}

#[test]
fn a_repeated_point_in_5d_is_named() {
    let mut rng = Rng::new(9);
    let (p, q) = normal_pair_5d(&mut rng, 200);
    let mut data = p.as_row_major().to_vec();
    let copy: Vec<f64> = data[5 * 17..5 * 18].to_vec();
    data[5 * 42..5 * 43].copy_from_slice(&copy);
    let p = Samples::from_row_major(data, 5).unwrap();
    match kl_knn(&p, &q, &per_point()) {
        Err(Error::DuplicatePoint { row, other, .. }) => {
            assert_eq!((row.min(other), row.max(other)), (17, 42));
        }
        r => panic!("{r:?}"),
    }
    let r = kl_knn(&p, &q, &per_point().with_ties(Ties::SkipZeroDistances)).unwrap();
    assert_eq!(r.skipped, 2);
}

#[test]
fn a_point_of_p_equal_to_a_point_of_q_is_named() {
    let p = one_d(&[0.3, 1.1, 2.5]);
    let q = one_d(&[0.0, 1.1, 2.0]);
    assert!(matches!(
        kl_knn(&p, &q, &per_point()),
        Err(Error::CoincidentPoint {
            p_row: 1,
            q_row: 1,
            k: 1,
            ..
        })
    ));
}

#[test]
fn identical_sets_leave_only_the_sample_size_term() {
    // Q = P: under the default rule every point of P coincides with one of
    // Q (an error); skipping zero distances makes νₖ = ρₖ for every point,
    // so every term is 0 and D̂ = ln(m/(n − 1)) = ln(n/(n − 1)) ≈ 1/n, the
    // estimator's correction term, not 0.
    let mut rng = Rng::new(7);
    for d in [1usize, 3] {
        let n = 1000;
        let p = Samples::from_row_major((0..n * d).map(|_| rng.normal()).collect(), d).unwrap();
        assert!(matches!(
            kl_knn(&p, &p, &per_point()),
            Err(Error::CoincidentPoint { .. })
        ));
        let r = kl_knn(&p, &p, &per_point().with_ties(Ties::SkipZeroDistances)).unwrap();
        let want = (n as f64 / (n - 1) as f64).ln();
        approx::assert_relative_eq!(r.estimate, want, max_relative = 1e-12);
        assert_eq!(r.skipped, n);
    }
}

#[test]
fn two_samples_of_one_distribution_give_about_zero() {
    let mut rng = Rng::new(8);
    let p = draw(20_000, || rng.normal());
    let q = draw(20_000, || rng.normal());
    let r = kl_knn(&p, &q, &KnnOptions::new()).unwrap();
    assert!(r.estimate.abs() < 3.0 * r.std_error, "{r:?}");
}

fn scaled(s: &Samples, c: f64) -> Samples {
    Samples::from_row_major(
        s.as_row_major().iter().map(|x| x * c).collect(),
        s.dimension(),
    )
    .unwrap()
}

#[test]
fn scale_invariance_from_1e_minus_300_to_1e300() {
    let mut rng = Rng::new(10);
    let p1 = draw(2000, || rng.normal());
    let q1 = draw(2000, || 0.5 + rng.normal());
    let (p5, q5) = normal_pair_5d(&mut rng, 2000);
    for (p, q) in [(p1, q1), (p5, q5)] {
        let base = kl_knn(&p, &q, &per_point()).unwrap().estimate;
        // 1e300: squared distances would overflow (at ~1e154) without the
        // crate's power-of-two rescaling; 1e-300: they would underflow.
        // Decimal factors round every coordinate (relative 1e-16), which
        // the closest pairs' distances amplify (a pair 1e-6 apart loses
        // ~1e-10 of its distance): agreement to 1e-10 relative.
        for c in [1e-300, 1e-200, 1e200, 1e300] {
            let r = kl_knn(&scaled(&p, c), &scaled(&q, c), &per_point()).unwrap();
            approx::assert_relative_eq!(r.estimate, base, max_relative = 1e-10);
        }
        // Powers of two scale exactly: the same bits.
        for c in [
            2f64.powi(-990),
            2f64.powi(-600),
            2f64.powi(600),
            2f64.powi(990),
        ] {
            let r = kl_knn(&scaled(&p, c), &scaled(&q, c), &per_point()).unwrap();
            assert_eq!(r.estimate.to_bits(), base.to_bits(), "{c:e}");
        }
    }
}

#[test]
fn nan_is_named_by_row_and_column() {
    let mut p = ndarray::Array2::<f64>::zeros((4, 2));
    p[[2, 1]] = f64::NAN;
    let q = ndarray::Array2::<f64>::ones((4, 2));
    match kl_knn_arrays(p.view(), q.view(), &KnnOptions::new()) {
        Err(Error::NotFinite {
            row: 2,
            column: 1,
            value,
        }) => assert!(value.is_nan()),
        r => panic!("{r:?}"),
    }
}

#[test]
fn dimensions_must_match_and_stay_within_the_maximum() {
    let p = ndarray::Array2::from_shape_fn((10, 2), |(i, j)| (i * 3 + j) as f64);
    let q = ndarray::Array2::from_shape_fn((10, 3), |(i, j)| (i * 5 + j) as f64);
    assert!(matches!(
        kl_knn_arrays(p.view(), q.view(), &per_point()),
        Err(Error::DimensionMismatch { p: 2, q: 3 })
    ));
    let big = ndarray::Array2::from_shape_fn((10, 21), |(i, j)| (i * 31 + j) as f64);
    assert!(matches!(
        kl_knn_arrays(big.view(), big.view(), &per_point()),
        Err(Error::DimensionTooLarge {
            dimension: 21,
            max: 20
        })
    ));
    // 20 dimensions work.
    let mut rng = Rng::new(12);
    let p = ndarray::Array2::from_shape_fn((300, 20), |_| rng.normal());
    let q = ndarray::Array2::from_shape_fn((300, 20), |_| rng.normal());
    assert!(kl_knn_arrays(p.view(), q.view(), &per_point())
        .unwrap()
        .estimate
        .is_finite());
}

#[test]
fn points_too_close_for_the_dynamic_range_are_an_error() {
    // After rescaling 1e300 to ~1, 1e-300 and 0 coincide.
    let p = Samples::from_row_major(vec![1e300, 0.0, 0.0, 0.0, 0.0, 1e-300], 2).unwrap();
    let q = Samples::from_row_major(vec![1.0, 1.0, 2.0, 2.0], 2).unwrap();
    assert!(matches!(
        kl_knn(&p, &q, &per_point()),
        Err(Error::DynamicRange { arg: Arg::P, .. })
    ));
}

#[test]
fn one_and_two_threads_give_bit_identical_results() {
    let mut rng = Rng::new(13);
    let p1 = draw(5000, || rng.normal());
    let q1 = draw(5000, || rng.laplace(0.0, 1.0));
    let (p5, q5) = normal_pair_5d(&mut rng, 5000);
    let opts = KnnOptions::new()
        .with_uncertainty(Uncertainty::HalfSampling {
            replicates: 8,
            seed: 99,
        })
        .unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            [
                kl_knn(&p1, &q1, &opts).unwrap(),
                kl_knn(&p5, &q5, &opts).unwrap(),
            ]
        })
    };
    let (a, b) = (run(1), run(2));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.estimate.to_bits(), y.estimate.to_bits());
        assert_eq!(x.std_error.to_bits(), y.std_error.to_bits());
    }
}
