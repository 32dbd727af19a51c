//! One test per numerical convention written in the crate docs.

use divergence::{
    chi_squared, cross_entropy, entropy, from_counts, hellinger, jeffreys, jensen_shannon, kl,
    normalize, renyi, reverse_kl, total_variation, Arg, Error, Measure, Unit, SUM_TOLERANCE,
};

type Measure2 = fn(&[f64], &[f64]) -> divergence::Result<f64>;

/// Every two-argument measure, for conventions that hold for all of them.
const ALL: [(&str, Measure2); 10] = [
    ("kl", kl),
    ("reverse_kl", reverse_kl),
    ("cross_entropy", cross_entropy),
    ("js", jensen_shannon),
    ("jeffreys", jeffreys),
    ("renyi_2", |p, q| renyi(p, q, 2.0)),
    ("hellinger", hellinger),
    ("tv", total_variation),
    ("chi2", chi_squared),
    ("entropy", |p, _| entropy(p)),
];

#[test]
fn zeros_in_p_contribute_nothing() {
    // Dropping entries where p = q = 0 changes nothing.
    let (p, q) = ([0.5, 0.0, 0.5], [0.25, 0.0, 0.75]);
    let (p2, q2) = ([0.5, 0.5], [0.25, 0.75]);
    for (name, f) in ALL {
        assert_eq!(f(&p, &q).unwrap(), f(&p2, &q2).unwrap(), "{name}");
    }
    // And p = 0 < q contributes nothing to KL: KL([1,0]‖[½,½]) = ln 2.
    assert_eq!(
        kl(&[1.0, 0.0], &[0.5, 0.5]).unwrap(),
        std::f64::consts::LN_2
    );
    assert_eq!(entropy(&[1.0, 0.0]).unwrap(), 0.0);
}

#[test]
fn q_zero_where_p_positive_is_infinite_not_an_error() {
    let (p, q) = ([0.5, 0.5], [1.0, 0.0]);
    assert_eq!(kl(&p, &q), Ok(f64::INFINITY));
    assert_eq!(cross_entropy(&p, &q), Ok(f64::INFINITY));
    assert_eq!(jeffreys(&p, &q), Ok(f64::INFINITY));
    assert_eq!(chi_squared(&p, &q), Ok(f64::INFINITY));
    assert_eq!(renyi(&p, &q, 2.0), Ok(f64::INFINITY));
    assert_eq!(Unit::Bits.from_nats(kl(&p, &q).unwrap()), f64::INFINITY);
    // The bounded measures stay finite.
    assert!(jensen_shannon(&p, &q).unwrap().is_finite());
    assert!(hellinger(&p, &q).unwrap().is_finite());
    assert!(renyi(&p, &q, 0.5).unwrap().is_finite());
    // Disjoint supports: every order is infinite.
    assert_eq!(renyi(&[1.0, 0.0], &[0.0, 1.0], 0.5), Ok(f64::INFINITY));
}

#[test]
fn negative_entries_are_errors_naming_index_and_value() {
    for (name, f) in ALL {
        let e = f(&[0.5, 0.5], &[1.5, -0.5]);
        if name == "entropy" {
            continue; // entropy ignores q
        }
        assert_eq!(
            e,
            Err(Error::Negative {
                arg: Arg::Q,
                index: 1,
                value: -0.5
            }),
            "{name}"
        );
        let e = f(&[-0.25, 1.25], &[0.5, 0.5]);
        assert!(
            matches!(e, Err(Error::Negative { arg: Arg::P, index: 0, value }) if value == -0.25),
            "{name}"
        );
    }
}

#[test]
fn nan_and_infinite_entries_are_errors() {
    for (name, f) in ALL {
        let e = f(&[f64::NAN, 1.0], &[0.5, 0.5]);
        assert!(
            matches!(e, Err(Error::NotFinite { arg: Arg::P, index: 0, value }) if value.is_nan()),
            "{name}: {e:?}"
        );
        let e = f(&[0.0, 1.0], &[0.5, 0.5, f64::INFINITY]);
        if name != "entropy" {
            assert!(
                matches!(
                    e,
                    Err(Error::NotFinite {
                        arg: Arg::Q,
                        index: 2,
                        ..
                    })
                ),
                "{name}: {e:?}"
            );
        }
    }
}

#[test]
fn length_mismatch_is_an_error() {
    for (name, f) in ALL {
        if name == "entropy" {
            continue;
        }
        assert_eq!(
            f(&[0.5, 0.5], &[0.25, 0.25, 0.5]),
            Err(Error::LengthMismatch { p: 2, q: 3 }),
            "{name}"
        );
    }
}

#[test]
fn empty_input_is_an_error() {
    for (name, f) in ALL {
        assert_eq!(f(&[], &[]), Err(Error::Empty { arg: Arg::P }), "{name}");
    }
    assert_eq!(kl(&[1.0], &[]), Err(Error::Empty { arg: Arg::Q }));
}

#[test]
fn unnormalised_vectors_are_errors_never_silently_normalised() {
    let counts = [2.0, 2.0, 6.0];
    for (name, f) in ALL {
        let e = f(&counts, &[0.2, 0.2, 0.6]);
        assert!(
            matches!(e, Err(Error::NotNormalized { arg: Arg::P, sum, tolerance })
                if sum == 10.0 && tolerance == SUM_TOLERANCE),
            "{name}: {e:?}"
        );
    }
    // The explicit ways in.
    let p = normalize(&counts).unwrap();
    assert_eq!(p, vec![0.2, 0.2, 0.6]);
    assert_eq!(from_counts(&[2, 2, 6]).unwrap(), p);
    assert_eq!(kl(&p, &p), Ok(0.0));
}

#[test]
fn units_convert_every_information_measure() {
    let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
    let all = [
        Measure::Kl,
        Measure::ReverseKl,
        Measure::CrossEntropy,
        Measure::JensenShannon,
        Measure::Jeffreys,
        Measure::Renyi(0.5),
    ];
    for m in all {
        let nats = m.compute(&p, &q).unwrap();
        let bits = m.compute_in(&p, &q, Unit::Bits).unwrap();
        approx::assert_relative_eq!(bits, nats / std::f64::consts::LN_2, max_relative = 1e-15);
        assert!(m.has_unit());
    }
    let d = Measure::JensenShannonDistance;
    approx::assert_relative_eq!(
        d.compute_in(&p, &q, Unit::Bits).unwrap(),
        d.compute(&p, &q).unwrap() / std::f64::consts::LN_2.sqrt(),
        max_relative = 1e-15
    );
    for m in [
        Measure::Hellinger,
        Measure::TotalVariation,
        Measure::ChiSquared,
    ] {
        assert!(!m.has_unit());
        assert_eq!(m.compute_in(&p, &q, Unit::Bits), m.compute(&p, &q));
    }
}

#[test]
fn measure_names_parse_and_unknown_names_are_errors() {
    assert_eq!("kl".parse::<Measure>(), Ok(Measure::Kl));
    assert_eq!("renyi:0.5".parse::<Measure>(), Ok(Measure::Renyi(0.5)));
    assert!(matches!(
        "renyi:x".parse::<Measure>(),
        Err(Error::UnknownName {
            kind: "measure",
            ..
        })
    ));
    assert!(matches!(
        renyi(&[1.0], &[1.0], -1.0),
        Err(Error::InvalidParameter { name: "alpha", .. })
    ));
}

#[test]
fn results_are_never_negative() {
    // Vectors that sum to 1 only within the tolerance: Σp ln(p/q) on these
    // floats is −1e-12 < 0; KL reports 0.
    let p = [0.5, 0.5 - 1e-12];
    let q = [0.5, 0.5];
    assert_eq!(kl(&p, &q), Ok(0.0));
}
