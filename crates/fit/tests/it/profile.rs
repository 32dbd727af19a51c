//! Fits with a parameter held ([`fit::Fixed`]) and profile-likelihood
//! intervals on real data (issue #14, items 2 and 4), against
//! `tools/reference/profile.py` (mpmath 1.3.0 at 40 digits, inner optima in
//! closed form or by findroot on the analytic score, fixed fits
//! cross-checked with SciPy 1.17.1's frozen-parameter `fit`; Python
//! 3.11.7), stored in `crates/fit/tests/data/profile.json`.

use crate::column;
use fit::{
    confidence_intervals, fit, profile_likelihood, Direction, Error, Exponential, Family,
    FitReport, Fixed, Gamma, IntervalMethod, LogNormal, Normal, Poisson, StudentT, Target, Weibull,
};
use serde_json::Value;

/// Interval ends and fixed-parameter estimates agree with the reference to
/// this (relative): the ends are roots of a deviance known to ~1e-12.
const END_TOL: f64 = 1e-7;
/// Log-likelihoods agree to this (relative).
const LOGLIK_TOL: f64 = 1e-11;

fn reference() -> Value {
    let text = std::fs::read_to_string(crate::data_dir().join("profile.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn family(name: &str) -> Box<dyn Family> {
    match name {
        "gamma" => Box::new(Gamma),
        "weibull" => Box::new(Weibull),
        "lognormal" => Box::new(LogNormal),
        "normal" => Box::new(Normal),
        _ => panic!("no family {name}"),
    }
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{what}: {got} vs reference {want} (relative {:.1e})",
        (got - want).abs() / want.abs()
    );
}

fn data(set: &str) -> Target {
    let file = match set {
        "groundbeef" => "groundbeef.csv",
        "faithful_waiting" => "faithful_waiting.csv",
        _ => panic!("no data set {set}"),
    };
    Target::samples(&column(file)).unwrap()
}

#[test]
fn profile_intervals_match_the_mpmath_references() {
    let reference = reference();
    for (set, fits) in reference["datasets"].as_object().unwrap() {
        let data = data(set);
        for (name, want) in fits.as_object().unwrap() {
            let f = family(name);
            let r = fit(&data, f.as_ref(), Direction::Forward).unwrap();
            let ci =
                confidence_intervals(&data, f.as_ref(), &r, IntervalMethod::Profile, 0.95).unwrap();
            let wald =
                confidence_intervals(&data, f.as_ref(), &r, IntervalMethod::Wald, 0.95).unwrap();
            for (p, ends) in want["profile_95"].as_object().unwrap() {
                let got = ci.get(p).unwrap();
                for (k, end) in ends.as_array().unwrap().iter().enumerate() {
                    let what = format!("{set} {name} {p} end {k}");
                    close(&what, got[k], end.as_f64().unwrap(), END_TOL);
                }
                // The likelihood is skewed: the profile interval is not the
                // Wald interval, though close to it on 254 observations.
                let w = wald.get(p).unwrap();
                assert!(
                    (got[0] - w[0]).abs() > 1e-6 * w[0].abs(),
                    "{set} {name} {p}"
                );
                assert!((got[1] - got[0]) < 1.2 * (w[1] - w[0]), "{set} {name} {p}");
            }
        }
    }
}

#[test]
fn fits_with_a_parameter_held_match_the_references() {
    let reference = reference();
    for (set, fits) in reference["datasets"].as_object().unwrap() {
        let data = data(set);
        for (name, want) in fits.as_object().unwrap() {
            let Some(fixed) = want.get("fixed") else {
                continue;
            };
            let base = family(name);
            let (held, value) = fixed["held"].as_object().unwrap().iter().next().unwrap();
            let f = Fixed::new(base.as_ref(), &[(held, value.as_f64().unwrap())]).unwrap();
            let r = fit(&data, &f, Direction::Forward).unwrap();
            assert!(r.converged(), "{set} {}: {r}", f.name());
            assert_eq!(r.params().len(), 1);
            for (p, v) in fixed["params"].as_object().unwrap() {
                let what = format!("{set} {} {p}", f.name());
                close(&what, r.params().get(p).unwrap(), v.as_f64().unwrap(), 1e-9);
            }
            let ll = fixed["loglik"].as_f64().unwrap();
            close("loglik", r.log_likelihood().unwrap(), ll, LOGLIK_TOL);
            // One free parameter: AIC counts it alone (fitdistrplus's fix.arg).
            close("aic", r.aic().unwrap(), 2.0 - 2.0 * ll, LOGLIK_TOL);
            assert!(r.std_errors().is_some(), "{}", f.name());
            // Holding a parameter at its estimate changes nothing.
            let full = fit(&data, base.as_ref(), Direction::Forward).unwrap();
            let at = full.params().get(held).unwrap();
            let same = fit(
                &data,
                &Fixed::new(base.as_ref(), &[(held, at)]).unwrap(),
                Direction::Forward,
            )
            .unwrap();
            close(
                "held at the MLE",
                same.log_likelihood().unwrap(),
                full.log_likelihood().unwrap(),
                1e-12,
            );
        }
    }
}

/// The deviance at each end of a profile interval is the χ²₁ quantile.
fn ends_are_on_the_cut(data: &Target, f: &dyn Family, r: &FitReport, ci: [f64; 2], p: &str) {
    let cut = reference()["chi2_1_095"].as_f64().unwrap();
    let finite: Vec<f64> = ci.iter().copied().filter(|v| v.is_finite()).collect();
    let prof = profile_likelihood(data, f, r, p, &finite).unwrap();
    for (v, ll) in finite.iter().zip(&prof.log_likelihood) {
        let dev = 2.0 * (prof.max_log_likelihood - ll);
        assert!(
            (dev - cut).abs() < 1e-6,
            "{} {p} at {v}: deviance {dev}",
            f.name()
        );
    }
}

#[test]
fn one_parameter_and_open_ended_profiles() {
    // Exponential: the profile is the likelihood itself.
    let beef = data("groundbeef");
    let r = fit(&beef, &Exponential, Direction::Forward).unwrap();
    let ci = confidence_intervals(&beef, &Exponential, &r, IntervalMethod::Profile, 0.95).unwrap();
    let l = ci.get("lambda").unwrap();
    assert!(l[0] < r.params().get("lambda").unwrap() && r.params().get("lambda").unwrap() < l[1]);
    ends_are_on_the_cut(&beef, &Exponential, &r, l, "lambda");

    // Poisson counts: the deviance is 2n(λ̂ ln(λ̂/λ) − (λ̂ − λ)) in closed
    // form (the data's entropy cancels; a histogram's objective is KL, its
    // log-likelihood the cross-entropy).
    let cats = crate::counts(&column("toxocara.csv"));
    let r = fit(&cats, &Poisson, Direction::Forward).unwrap();
    let ci = confidence_intervals(&cats, &Poisson, &r, IntervalMethod::Profile, 0.95).unwrap();
    let (hat, n) = (
        r.params().get("lambda").unwrap(),
        cats.count().unwrap() as f64,
    );
    let cut = reference()["chi2_1_095"].as_f64().unwrap();
    for end in ci.get("lambda").unwrap() {
        let dev = 2.0 * n * (hat * (hat / end).ln() - (hat - end));
        assert!(
            (dev - cut).abs() < 1e-8,
            "Poisson end {end}: deviance {dev}"
        );
    }

    // Evenly spread Normal quantiles have lighter tails than any t: the
    // likelihood rises all the way to ν = ∞, so the interval of ν is open.
    let n = 200;
    let normal = statrs::distribution::Normal::standard();
    let x: Vec<f64> = (0..n)
        .map(|i| {
            use statrs::distribution::ContinuousCDF;
            normal.inverse_cdf((f64::from(i) + 0.5) / f64::from(n))
        })
        .collect();
    let t = Target::samples(&x).unwrap();
    let r = fit(&t, &StudentT, Direction::Forward).unwrap();
    let ci = confidence_intervals(&t, &StudentT, &r, IntervalMethod::Profile, 0.95).unwrap();
    let nu = ci.get("nu").unwrap();
    assert!(
        nu[1] == f64::INFINITY && nu[0].is_finite() && nu[0] > 1.0,
        "{nu:?}"
    );
    ends_are_on_the_cut(&t, &StudentT, &r, nu, "nu");
    let mu = ci.get("mu").unwrap();
    ends_are_on_the_cut(&t, &StudentT, &r, mu, "mu");
}

#[test]
fn misuse_is_an_error() {
    let beef = data("groundbeef");
    let r = fit(&beef, &Gamma, Direction::Forward).unwrap();
    assert!(matches!(
        profile_likelihood(&beef, &Gamma, &r, "shape", &[1.0]),
        Err(Error::UnknownParameter { .. })
    ));
    assert!(matches!(
        profile_likelihood(&beef, &Weibull, &r, "shape", &[1.0]),
        Err(Error::ReportMismatch { .. })
    ));
    let rev = fit(&beef, &Gamma, Direction::Reverse);
    if let Ok(rev) = rev {
        assert!(matches!(
            confidence_intervals(&beef, &Gamma, &rev, IntervalMethod::Profile, 0.95),
            Err(Error::Unsupported { .. })
        ));
    }
    // A point of the profile outside the bounds is the refit's error.
    assert!(profile_likelihood(&beef, &Gamma, &r, "alpha", &[-1.0]).is_err());
    // One observation: the fit is degenerate, the profile an error, never a panic.
    let one = Target::samples(&[3.0]).unwrap();
    if let Ok(r1) = fit(&one, &Normal, Direction::Forward) {
        let _ = confidence_intervals(&one, &Normal, &r1, IntervalMethod::Profile, 0.95);
    }
}
