//! Weighted samples (issue #14, item 4): fits, log-likelihood, AIC/BIC and
//! standard errors of `Σ wᵢ ln q(xᵢ)`, against
//! `tools/reference/weights.py` (mpmath 1.3.0 at 40 digits, findroot on
//! the weighted score, information by mpmath.diff; Python 3.11.7, stored
//! in `crates/fit/tests/data/weights.json`) for non-integer weights, and
//! against the repeated samples for whole-number weights; what weighted
//! data refuse, and bad weights.

use crate::column;
use fit::{
    confidence_intervals, fit, goodness_of_fit, Direction, Error, Family, Gamma, IntervalMethod,
    MixtureOfNormals, Normal, Target, Weibull,
};
use serde_json::Value;

/// Parameters, log-likelihood and information criteria agree to this
/// (relative).
const TOL: f64 = 1e-9;
/// Standard errors (a numerical Hessian here) agree to this (relative).
const SE_TOL: f64 = 1e-6;

fn close(what: &str, got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{what}: {got} vs {want} (relative {:.1e})",
        (got - want).abs() / want.abs()
    );
}

#[test]
fn non_integer_weights_match_the_mpmath_reference() {
    let text = std::fs::read_to_string(crate::data_dir().join("weights.json")).unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    let x = column("faithful_waiting.csv");
    let w: Vec<f64> = (0..x.len()).map(|i| 0.5 + 0.25 * (i % 4) as f64).collect();
    let data = Target::weighted_samples(&x, &w).unwrap();
    assert!(data.is_weighted());
    assert_eq!(data.count(), Some(x.len() as u64));
    close(
        "total weight",
        data.total_weight().unwrap(),
        reference["total_weight"].as_f64().unwrap(),
        1e-15,
    );
    for (name, want) in reference["fits"].as_object().unwrap() {
        let f: Box<dyn Family> = match name.as_str() {
            "gamma" => Box::new(Gamma),
            "weibull" => Box::new(Weibull),
            "normal" => Box::new(Normal),
            _ => panic!("{name}"),
        };
        let r = fit(&data, f.as_ref(), Direction::Forward).unwrap();
        assert!(r.converged(), "{r}");
        for (p, v) in want["params"].as_object().unwrap() {
            close(
                &format!("{name} {p}"),
                r.params().get(p).unwrap(),
                v.as_f64().unwrap(),
                TOL,
            );
        }
        for (p, v) in want["std_errors"].as_object().unwrap() {
            let se = r.std_errors().unwrap().get(p).unwrap();
            close(&format!("{name} se {p}"), se, v.as_f64().unwrap(), SE_TOL);
        }
        close(
            "loglik",
            r.log_likelihood().unwrap(),
            want["loglik"].as_f64().unwrap(),
            TOL,
        );
        close("aic", r.aic().unwrap(), want["aic"].as_f64().unwrap(), TOL);
        close("bic", r.bic().unwrap(), want["bic"].as_f64().unwrap(), TOL);
        // Wald and profile intervals are defined for weighted data.
        for m in [IntervalMethod::Wald, IntervalMethod::Profile] {
            let ci = confidence_intervals(&data, f.as_ref(), &r, m, 0.95).unwrap();
            for (p, v) in r.params().iter() {
                let [lo, hi] = ci.get(p).unwrap();
                assert!(lo < v && v < hi, "{name} {p} {m:?}");
            }
        }
    }
}

#[test]
fn whole_number_weights_are_repeated_samples() {
    // Ground beef: each distinct serving weighted by its multiplicity.
    let x = column("groundbeef.csv");
    let mut distinct: Vec<(f64, f64)> = Vec::new();
    for &v in &x {
        match distinct.last_mut() {
            Some((d, c)) if d.to_bits() == v.to_bits() => *c += 1.0,
            _ => distinct.push((v, 1.0)),
        }
    }
    let (xs, ws): (Vec<f64>, Vec<f64>) = distinct.iter().copied().unzip();
    let weighted = Target::weighted_samples(&xs, &ws).unwrap();
    let repeated = Target::samples(&x).unwrap();
    for f in [&Gamma as &dyn Family, &Weibull, &Normal] {
        let (a, b) = (
            fit(&weighted, f, Direction::Forward).unwrap(),
            fit(&repeated, f, Direction::Forward).unwrap(),
        );
        for ((p, u), (_, v)) in a.params().iter().zip(b.params().iter()) {
            close(&format!("{} {p}", f.name()), u, v, TOL);
        }
        close(
            "loglik",
            a.log_likelihood().unwrap(),
            b.log_likelihood().unwrap(),
            1e-12,
        );
        close("aic", a.aic().unwrap(), b.aic().unwrap(), 1e-12);
        for ((p, u), (_, v)) in a
            .std_errors()
            .unwrap()
            .iter()
            .zip(b.std_errors().unwrap().iter())
        {
            close(&format!("{} se {p}", f.name()), u, v, SE_TOL);
        }
        // BIC counts rows, as fitdistrplus (n = length(data)).
        let k = a.params().len() as f64;
        let rows = (xs.len() as f64).ln();
        close(
            "bic",
            a.bic().unwrap(),
            k * rows - 2.0 * a.log_likelihood().unwrap(),
            1e-12,
        );
    }
}

#[test]
fn weighted_data_refusals_and_bad_weights() {
    let x = [1.0, 2.0, 4.0, 7.0];
    let w = [1.0, 0.5, 2.0, 1.5];
    let data = Target::weighted_samples(&x, &w).unwrap();
    let r = fit(&data, &Gamma, Direction::Forward).unwrap();
    assert!(matches!(
        goodness_of_fit(&data, &Gamma, &r),
        Err(Error::Weighted { .. })
    ));
    let boot = IntervalMethod::Bootstrap {
        replicates: 10,
        seed: 1,
    };
    assert!(matches!(
        confidence_intervals(&data, &Gamma, &r, boot, 0.95),
        Err(Error::Weighted { .. })
    ));
    let mix = MixtureOfNormals::new(2).unwrap();
    assert!(matches!(
        fit(&data, &mix, Direction::Forward),
        Err(Error::Weighted { .. })
    ));
    assert!(matches!(
        Target::weighted_samples(&x, &w[..3]),
        Err(Error::WeightCount {
            samples: 4,
            weights: 3
        })
    ));
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let mut v = w;
        v[2] = bad;
        assert!(matches!(
            Target::weighted_samples(&x, &v),
            Err(Error::InvalidData { index: 2, .. })
        ));
    }
    assert!(matches!(
        Target::weighted_samples(&x, &[1e308; 4]),
        Err(Error::InvalidData { .. })
    ));
    // Huge and tiny weights: only their ratios matter to the estimate.
    let tiny = Target::weighted_samples(&x, &w.map(|v| v * 1e-300)).unwrap();
    let huge = Target::weighted_samples(&x, &w.map(|v| v * 1e300)).unwrap();
    let (a, b) = (
        fit(&tiny, &Gamma, Direction::Forward).unwrap(),
        fit(&huge, &Gamma, Direction::Forward).unwrap(),
    );
    for ((p, u), (_, v)) in a.params().iter().zip(r.params().iter()) {
        close(&format!("tiny {p}"), u, v, 1e-8);
    }
    for ((p, u), (_, v)) in b.params().iter().zip(r.params().iter()) {
        close(&format!("huge {p}"), u, v, 1e-8);
    }
    // One weighted point: degenerate, never a panic or "converged".
    let one = Target::weighted_samples(&[3.0], &[5.0]).unwrap();
    match fit(&one, &Normal, Direction::Forward) {
        Ok(r) => assert!(!r.converged(), "{r}"),
        Err(e) => assert!(matches!(e, Error::DegenerateData { .. }), "{e}"),
    }
}
