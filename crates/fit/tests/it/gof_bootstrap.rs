//! Parametric-bootstrap p-values of the goodness-of-fit statistics (issue
//! #14, item 3) against an independent NumPy/SciPy implementation of the
//! same procedure (4999 Monte Carlo samples, maximum-likelihood refits;
//! `tools/reference/gof_bootstrap.py`, Python 3.11.7, NumPy 2.4.6, SciPy
//! 1.17.1; for gamma it is `scipy.stats.goodness_of_fit` itself), stored in
//! `crates/fit/tests/data/gof_bootstrap.json`. Both sides are Monte Carlo
//! estimates, so they must agree within their joint sampling error.

use crate::column;
use crate::run_on;
use fit::{
    fit, goodness_of_fit_bootstrap, Direction, Error, Family, Gamma, NegativeBinomial, Normal,
    Target,
};
use serde_json::Value;

/// Replicates drawn here.
const B: usize = 999;
/// Agreement in standard errors of the difference of two Monte Carlo
/// p-values (plus one step of either's resolution).
const SIGMAS: f64 = 4.0;

fn reference() -> Value {
    let text = std::fs::read_to_string(crate::data_dir().join("gof_bootstrap.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn p_values_agree_with_scipy_goodness_of_fit() {
    let reference = reference();
    let b_ref = reference["n_mc_samples"].as_f64().unwrap();
    for case in reference["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let family: Box<dyn Family> = match case["family"].as_str().unwrap() {
            "normal" => Box::new(Normal),
            "gamma" => Box::new(Gamma),
            f => panic!("no family {f}"),
        };
        let data = Target::samples(&column(file)).unwrap();
        let r = fit(&data, family.as_ref(), Direction::Forward).unwrap();
        let g = goodness_of_fit_bootstrap(&data, family.as_ref(), &r, B, 11).unwrap();
        let p = g.p_values.as_ref().unwrap();
        assert_eq!(p.failed, 0, "{file}");
        for (stat, got) in [("ks", p.ks), ("cvm", p.cvm), ("ad", p.ad)] {
            let got = got.unwrap();
            let want = case["p_values"][stat].as_f64().unwrap();
            let q = want.max(1.0 / b_ref);
            let se = (q * (1.0 - q) * (1.0 / B as f64 + 1.0 / b_ref)).sqrt();
            let tol = SIGMAS * se + 1.0 / B as f64;
            assert!(
                (got - want).abs() <= tol,
                "{file} {} {stat}: p = {got}, SciPy {want} (tolerance {tol:.4})",
                family.name()
            );
            // The statistic at the reference's fit (exact for the Normal,
            // SciPy's numerical gamma.fit to ~1e-6 otherwise).
            let t = case["statistics"][stat].as_f64().unwrap();
            let mine = match stat {
                "ks" => g.ks,
                "cvm" => g.cvm,
                _ => g.ad,
            }
            .unwrap();
            assert!((mine - t).abs() < 1e-4 * t, "{file} {stat}: {mine} vs {t}");
        }
    }
}

#[test]
fn p_values_are_reproducible_and_independent_of_threads() {
    let data = Target::samples(&column("gasoline_yield.csv")).unwrap();
    let r = fit(&data, &Gamma, Direction::Forward).unwrap();
    let go = |seed| goodness_of_fit_bootstrap(&data, &Gamma, &r, 200, seed).unwrap();
    let one = run_on(1, || go(3));
    let two = run_on(2, || go(3));
    assert_eq!(one, two);
    assert_ne!(one.p_values, go(4).p_values);
}

#[test]
fn discrete_fits_and_misuse() {
    // Toxocara and the negative binomial: χ² only; its bootstrap p-value
    // is near the asymptotic one (0.1123 from fitdistrplus's gofstat, df 4).
    let cats = crate::counts(&column("toxocara.csv"));
    let r = fit(&cats, &NegativeBinomial, Direction::Forward).unwrap();
    let g = goodness_of_fit_bootstrap(&cats, &NegativeBinomial, &r, B, 5).unwrap();
    let p = g.p_values.unwrap();
    assert!(p.ks.is_none() && p.ad.is_none());
    let chi2 = p.chi2.unwrap();
    assert!(chi2 > 0.02 && chi2 < 0.5, "{chi2}");
    // A fit the data reject: the smallest p-value there is.
    let beef = Target::samples(&column("groundbeef.csv")).unwrap();
    let r = fit(&beef, &Normal, Direction::Forward).unwrap();
    let g = goodness_of_fit_bootstrap(&beef, &Normal, &r, 99, 5).unwrap();
    assert_eq!(g.p_values.unwrap().ad, Some(0.01));
    assert!(matches!(
        goodness_of_fit_bootstrap(&beef, &Normal, &r, 1, 5),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        goodness_of_fit_bootstrap(&beef, &Gamma, &r, 10, 5),
        Err(Error::ReportMismatch { .. })
    ));
}
