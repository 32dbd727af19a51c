//! Binned KL, JS and PSI for monitoring.

use estimate::{histogram_divergences, Binning, Error, Smoothing};

#[test]
fn identical_samples_have_zero_divergence() {
    let x: Vec<f64> = (0..500).map(|i| (i as f64 * 0.37).sin()).collect();
    for b in [Binning::Quantile(10), Binning::Fixed(7)] {
        let h = histogram_divergences(&x, &x, &b, Smoothing::None).unwrap();
        assert!(h.kl.abs() < 1e-15 && h.js.abs() < 1e-15 && h.psi.abs() < 1e-15);
    }
}

#[test]
fn psi_of_a_two_bin_example() {
    // p = (½, ½), q = (¼, ¾): PSI = ¼ ln 2 − ¼ ln(2/3) = ¼ ln 3,
    // KL(p‖q) = ½ ln 2 + ½ ln(2/3) = ½ ln(4/3) (by hand).
    let reference = [0.5, 1.5];
    let current = [0.5, 1.5, 1.5, 1.5];
    let h = histogram_divergences(
        &reference,
        &current,
        &Binning::Edges(vec![0.0, 1.0, 2.0]),
        Smoothing::None,
    )
    .unwrap();
    approx::assert_relative_eq!(h.psi, 0.25 * 3f64.ln(), max_relative = 1e-14);
    approx::assert_relative_eq!(h.kl, 0.5 * (4.0f64 / 3.0).ln(), max_relative = 1e-14);
    assert_eq!(h.reference_counts, vec![1, 1]);
    assert_eq!(h.current_counts, vec![1, 3]);
}

#[test]
fn an_empty_current_bin_is_infinite_without_smoothing_and_finite_with_it() {
    let reference: Vec<f64> = (0..100).map(|i| i as f64).collect();
    let current: Vec<f64> = (0..100).map(|i| 50.0 + i as f64 / 2.0).collect();
    let b = Binning::Quantile(4);
    let h = histogram_divergences(&reference, &current, &b, Smoothing::None).unwrap();
    assert!(h.kl.is_infinite() && h.kl > 0.0);
    assert!(h.psi.is_infinite() && h.psi > 0.0);
    assert!(h.js.is_finite() && h.js <= 2f64.ln());
    let s = histogram_divergences(&reference, &current, &b, Smoothing::Additive(0.5)).unwrap();
    assert!(s.kl.is_finite() && s.psi.is_finite() && s.psi > s.kl);
    // (0 + ½)/(100 + 4·½) in the first two bins.
    approx::assert_relative_eq!(
        s.current_probabilities[0],
        0.5 / 102.0,
        max_relative = 1e-15
    );
}

#[test]
fn values_beyond_the_reference_range_count_in_the_end_bins() {
    let reference: Vec<f64> = (0..=10).map(f64::from).collect();
    let current = [-100.0, 5.0, 1e300];
    let h = histogram_divergences(&reference, &current, &Binning::Quantile(2), Smoothing::None)
        .unwrap();
    assert_eq!(h.edges, vec![0.0, 5.0, 10.0]);
    assert_eq!(h.current_counts, vec![1, 2]);
}

#[test]
fn fixed_bins_span_the_pooled_range() {
    let h = histogram_divergences(
        &[0.0, 1.0],
        &[3.0, 4.0],
        &Binning::Fixed(4),
        Smoothing::Additive(1.0),
    )
    .unwrap();
    assert_eq!(h.edges, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    assert_eq!(h.reference_counts, vec![1, 1, 0, 0]);
    assert_eq!(h.current_counts, vec![0, 0, 0, 2]);
}

#[test]
fn bad_inputs_are_errors() {
    let x = [1.0, 2.0];
    assert!(matches!(
        histogram_divergences(&x, &[1.0, f64::NAN], &Binning::Fixed(2), Smoothing::None),
        Err(Error::NotFinite {
            row: 1,
            column: 0,
            ..
        })
    ));
    assert!(matches!(
        histogram_divergences(&x, &x, &Binning::Fixed(0), Smoothing::None),
        Err(Error::InvalidOption { name: "bins", .. })
    ));
    assert!(matches!(
        histogram_divergences(&x, &x, &Binning::Fixed(2), Smoothing::Additive(0.0)),
        Err(Error::InvalidOption { name: "alpha", .. })
    ));
    assert!(matches!(
        histogram_divergences(&[], &x, &Binning::Fixed(2), Smoothing::None),
        Err(Error::Empty { .. })
    ));
}
