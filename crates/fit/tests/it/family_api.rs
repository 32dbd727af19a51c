//! The `Family` API (issue #13): a family written as its formula fits in
//! both directions with no capability; one with sufficient statistics gets
//! the O(1) path; the built-in analytic scores agree with automatic
//! differentiation of the textbook formulas; every reported KL is the
//! `divergence` kernels' value.

use std::sync::atomic::{AtomicU64, Ordering};

use fit::{
    autodiff_score, check_score, fit, Beta, Binomial, Categorical, Cauchy, Direction, Error,
    Exponential, Family, FitOptions, FitReport, Gamma, Geometric, Gumbel, LogLogistic, LogNormal,
    Logistic, MixtureOfNormals, Model, NegativeBinomial, Normal, Param, Poisson, Real, Split,
    SufficientStatistics, Support, Target, Uniform, Weibull,
};

use crate::WORMS;

/// toxocara counts per cat (fitdistrplus's `toxocara` data, tests/data).
fn toxocara() -> Target {
    crate::counts(&crate::column("toxocara.csv"))
}

/// Poisson(λ) written as a formula only: no statistics, no expectations,
/// no CDF, no data start, the score by automatic differentiation.
#[derive(Debug)]
struct FormulaPoisson;

impl Model for FormulaPoisson {
    fn name(&self) -> String {
        "FormulaPoisson".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("lambda", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: None,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], k: f64) -> D {
        if k < 0.0 || k.fract() != 0.0 {
            return D::from(f64::NEG_INFINITY);
        }
        t[0].ln() * k - t[0] - Real::ln_gamma(k + 1.0)
    }
}

/// The fields of a report that must be numbers, never NaN.
fn assert_no_nan(r: &FitReport) {
    let fields = [
        Some(r.objective_nats()),
        r.kl_forward_nats(),
        r.kl_reverse_nats(),
        r.cross_entropy_nats(),
        r.log_likelihood(),
        r.aic(),
        r.bic(),
        Some(r.gradient_norm()),
    ];
    assert!(
        fields.iter().flatten().all(|v| !v.is_nan()) && r.params().iter().all(|(_, v)| !v.is_nan()),
        "{r}"
    );
}

#[test]
fn a_family_with_no_capability_fits_both_directions() {
    let f = FormulaPoisson;
    let as_family: &dyn Family = &f;
    assert!(
        as_family.as_statistics().is_none()
            && as_family.as_expect_under().is_none()
            && as_family.as_cdf().is_none()
    );
    for data in [toxocara(), Target::from_counts(&WORMS).unwrap()] {
        let plain = fit(&data, &f, Direction::Forward).unwrap();
        let built_in = fit(&data, &Poisson, Direction::Forward).unwrap();
        assert_no_nan(&plain);
        assert!(plain.converged(), "{plain}");
        // The MLE is the mean (closed form); the general path finds it.
        let (a, b) = (plain.params().values()[0], built_in.params().values()[0]);
        assert!((a - b).abs() <= 1e-9 * b, "{a} vs {b}");
        assert!(
            (plain.kl_forward_nats().unwrap() - built_in.kl_forward_nats().unwrap()).abs() < 1e-12
        );
    }
    // Reverse KL over a histogram: the model's mass beyond the largest count
    // makes it +∞ for every λ, which is an error naming the cause, not NaN.
    let worms = Target::from_counts(&WORMS).unwrap();
    assert!(matches!(
        fit(&worms, &f, Direction::Reverse),
        Err(Error::InfiniteEverywhere { .. })
    ));
    // Reverse KL with a bounded formula family: a binomial written as a formula.
    #[derive(Debug)]
    struct FormulaBinomial;
    impl Model for FormulaBinomial {
        fn name(&self) -> String {
            "FormulaBinomial(n=10)".into()
        }
        fn params(&self) -> Vec<Param> {
            vec![Param::new("p", 0.0, 1.0)]
        }
        fn support(&self) -> Support {
            Support::Integers {
                lower: 0,
                upper: Some(10),
            }
        }
        fn ln_density<D: Real>(&self, t: &[D], k: f64) -> D {
            if !(0.0..=10.0).contains(&k) || k.fract() != 0.0 {
                return D::from(f64::NEG_INFINITY);
            }
            let ln_choose =
                Real::ln_gamma(11.0) - Real::ln_gamma(k + 1.0) - Real::ln_gamma(11.0 - k);
            t[0].ln() * k + (-t[0]).ln_1p() * (10.0 - k) + ln_choose
        }
    }
    for d in [Direction::Forward, Direction::Reverse] {
        let plain = fit(&worms, &FormulaBinomial, d).unwrap();
        let built_in = fit(&worms, &Binomial::new(10).unwrap(), d).unwrap();
        assert_no_nan(&plain);
        assert!(plain.converged(), "{plain}");
        let (a, b) = (plain.params().values()[0], built_in.params().values()[0]);
        assert!((a - b).abs() < 1e-9, "{d}: {a} vs {b}");
    }
    // Continuous samples, forward: the formula path sums over the data.
    let xs = [0.3, 1.1, 2.0, 0.7, 4.2, 1.6];
    let r = fit(
        &Target::samples(&xs).unwrap(),
        &FormulaExponential,
        Direction::Forward,
    )
    .unwrap();
    assert_no_nan(&r);
    let mle = xs.len() as f64 / xs.iter().sum::<f64>();
    assert!((r.params().values()[0] - mle).abs() < 1e-9 * mle);
    // Reverse KL against a density needs expectations under the model: a
    // clear error for a family without them.
    let density = Target::normal_mixture(&[(1.0, 2.0, 1.0)]).unwrap();
    let e = fit(&density, &FormulaExponential, Direction::Reverse).unwrap_err();
    assert!(e.to_string().contains("ExpectUnder"), "{e}");
}

/// Exponential(λ) as a formula.
#[derive(Debug)]
struct FormulaExponential;

impl Model for FormulaExponential {
    fn name(&self) -> String {
        "FormulaExponential".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("lambda", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density<D: Real>(&self, t: &[D], x: f64) -> D {
        t[0].ln() - t[0] * x
    }
}

/// An exponential family that counts how often it is evaluated point by
/// point and through its statistics.
#[derive(Debug, Default)]
struct Counting {
    points: AtomicU64,
    statistics: AtomicU64,
}

impl Family for Counting {
    fn name(&self) -> String {
        "Counting".into()
    }
    fn params(&self) -> Vec<Param> {
        vec![Param::new("lambda", 0.0, f64::INFINITY)]
    }
    fn support(&self) -> Support {
        Support::Reals {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }
    fn ln_density(&self, t: &[f64], x: f64) -> f64 {
        self.points.fetch_add(1, Ordering::Relaxed);
        t[0].ln() - t[0] * x
    }
    fn grad_ln_density(&self, t: &[f64], x: f64, g: &mut [f64]) {
        self.points.fetch_add(1, Ordering::Relaxed);
        g[0] = 1.0 / t[0] - x;
    }
    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        Some(self)
    }
}

impl SufficientStatistics for Counting {
    fn statistics(&self, data: &dyn fit::Expectation) -> Option<Vec<f64>> {
        Some(vec![data.expect(&|x| x)])
    }
    fn cross_entropy(&self, t: &[f64], s: &[f64]) -> f64 {
        self.statistics.fetch_add(1, Ordering::Relaxed);
        -t[0].ln() + t[0] * s[0]
    }
    fn cross_entropy_gradient(&self, t: &[f64], s: &[f64], g: &mut [f64]) {
        self.statistics.fetch_add(1, Ordering::Relaxed);
        g[0] = -1.0 / t[0] + s[0];
    }
}

#[test]
fn a_family_with_statistics_gets_the_o1_path() {
    // 100 000 samples: the general path would evaluate the density 1e5
    // times per objective evaluation.
    let xs: Vec<f64> = (0..100_000)
        .map(|i| (f64::from(i) + 0.5) / 50_000.0)
        .collect();
    let data = Target::samples(&xs).unwrap();
    let c = Counting::default();
    let options = FitOptions::new(Direction::Forward).solver(fit::Solver::Lbfgs);
    let r = options.fit(&data, &c).unwrap();
    assert!(r.converged(), "{r}");
    let mle = 1.0 / (xs.iter().sum::<f64>() / xs.len() as f64);
    assert!((r.params().values()[0] - mle).abs() < 1e-9 * mle);
    assert_eq!(
        c.points.load(Ordering::Relaxed),
        0,
        "no per-point evaluation"
    );
    assert!(c.statistics.load(Ordering::Relaxed) > 0);
}

/// A textbook log-density written once over [`Real`], named like a
/// built-in family and with its parameters: the reference for the built-in
/// hand-written score.
macro_rules! formula {
    ($name:ident, $family:expr, |$t:ident, $x:ident| $body:expr) => {
        #[derive(Debug)]
        struct $name;
        impl Model for $name {
            fn name(&self) -> String {
                Family::name(&$family)
            }
            fn params(&self) -> Vec<Param> {
                Family::params(&$family)
            }
            fn support(&self) -> Support {
                Family::support(&$family)
            }
            fn ln_density<D: Real>(&self, $t: &[D], $x: f64) -> D {
                $body
            }
        }
    };
}

formula!(BinomialF, Binomial::new(10).unwrap(), |t, k| {
    let ln_choose = Real::ln_gamma(11.0) - Real::ln_gamma(k + 1.0) - Real::ln_gamma(11.0 - k);
    t[0].ln() * k + (-t[0]).ln_1p() * (10.0 - k) + ln_choose
});
formula!(PoissonF, Poisson, |t, k| t[0].ln() * k
    - t[0]
    - Real::ln_gamma(k + 1.0));
formula!(GeometricF, Geometric, |t, k| t[0].ln()
    + (-t[0]).ln_1p() * k);
formula!(NegativeBinomialF, NegativeBinomial, |t, k| {
    (t[0] + k).ln_gamma() - t[0].ln_gamma() - Real::ln_gamma(k + 1.0)
        + t[0] * t[1].ln()
        + (-t[1]).ln_1p() * k
});
formula!(SplitF, Split::new(11, 6).unwrap(), |t, k| if k < 6.0 {
    (-t[0]).ln_1p() - 6f64.ln()
} else {
    t[0].ln() - 5f64.ln()
});
formula!(CategoricalF, Categorical::new(4).unwrap(), |t, k| t
    [k as usize]
    .ln());
formula!(NormalF, Normal, |t, x| {
    let z = (t[0] - x) / t[1];
    -(z * z) * 0.5 - t[1].ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
});
formula!(LogNormalF, LogNormal, |t, x| {
    let z = (t[0] - x.ln()) / t[1];
    -(z * z) * 0.5 - t[1].ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() - x.ln()
});
formula!(ExponentialF, Exponential, |t, x| t[0].ln() - t[0] * x);
formula!(GammaF, Gamma, |t, x| {
    t[0] * t[1].ln() - t[0].ln_gamma() + (t[0] - 1.0) * x.ln() - t[1] * x
});
formula!(BetaF, Beta, |t, x| {
    (t[0] - 1.0) * x.ln() + (t[1] - 1.0) * (-x).ln_1p() - t[0].ln_beta(t[1])
});
formula!(MixtureF, MixtureOfNormals::new(2).unwrap(), |t, x| {
    let c = |w: D, m: D, s: D| {
        let z = (m - x) / s;
        w * (-(z * z) * 0.5).exp() / s / (2.0 * std::f64::consts::PI).sqrt()
    };
    (c(t[0], t[2], t[4]) + c(t[1], t[3], t[5])).ln()
});

/// Agreement of a built-in `ln_density` with its textbook formula
/// (relative; the built-ins use more accurate forms: `xlny`, loader terms).
const FORMULA_TOL: f64 = 1e-12;
/// Agreement of a hand-written score with the automatic one (relative to
/// `1 + |score|`): both are exact to rounding of the same derivative.
const SCORE_TOL: f64 = 1e-10;

/// `family`'s value and hand-written score against the formula's value and
/// automatic score, at every `theta` and `x`.
fn agrees<M: Model>(family: &dyn Family, formula: &M, thetas: &[&[f64]], xs: &[f64]) {
    for &theta in thetas {
        for &x in xs {
            let (v, w) = (
                family.ln_density(theta, x),
                Model::ln_density(formula, theta, x),
            );
            assert!(
                (v - w).abs() <= FORMULA_TOL * (1.0 + v.abs()),
                "{} ln q at {theta:?}, {x}: {v} vs formula {w}",
                family.name()
            );
            let (mut g, mut a) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
            family.grad_ln_density(theta, x, &mut g);
            autodiff_score(formula, theta, x, &mut a);
            for (i, (gi, ai)) in g.iter().zip(&a).enumerate() {
                assert!(
                    (gi - ai).abs() <= SCORE_TOL * (1.0 + gi.abs()),
                    "{} score[{i}] at {theta:?}, {x}: hand-written {gi} vs automatic {ai}",
                    family.name()
                );
            }
            // The exported checker accepts both.
            check_score(family, theta, x).unwrap();
            check_score(formula, theta, x).unwrap();
        }
    }
}

#[test]
fn built_in_scores_agree_with_automatic_differentiation() {
    let counts: Vec<f64> = (0..=10).map(f64::from).collect();
    let reals = [-3.5, -0.2, 0.0, 0.4, 1.0, 2.7, 9.0];
    let positive = [1e-3, 0.2, 1.0, 2.5, 30.0];
    let unit = [1e-4, 0.1, 0.5, 0.93];
    agrees(
        &Binomial::new(10).unwrap(),
        &BinomialF,
        &[&[0.57], &[0.02], &[0.999]],
        &counts,
    );
    agrees(&Poisson, &PoissonF, &[&[5.7], &[0.1], &[300.0]], &counts);
    agrees(&Geometric, &GeometricF, &[&[0.3], &[0.95]], &counts);
    agrees(
        &NegativeBinomial,
        &NegativeBinomialF,
        &[&[0.4, 0.04], &[25.0, 0.8]],
        &counts,
    );
    agrees(
        &Split::new(11, 6).unwrap(),
        &SplitF,
        &[&[0.47], &[0.01]],
        &counts,
    );
    let cat = Categorical::new(4).unwrap();
    agrees(
        &cat,
        &CategoricalF,
        &[&[0.1, 0.2, 0.3, 0.4]],
        &[0.0, 1.0, 2.0, 3.0],
    );
    agrees(&Normal, &NormalF, &[&[0.3, 1.7], &[-40.0, 1e-2]], &reals);
    agrees(
        &LogNormal,
        &LogNormalF,
        &[&[0.3, 0.7], &[4.0, 2.0]],
        &positive,
    );
    agrees(&Exponential, &ExponentialF, &[&[0.7], &[120.0]], &positive);
    agrees(&Gamma, &GammaF, &[&[4.0, 0.054], &[0.3, 2.0]], &positive);
    agrees(&Beta, &BetaF, &[&[2.2, 0.7], &[0.4, 15.0]], &unit);
    let mix = MixtureOfNormals::new(2).unwrap();
    agrees(
        &mix,
        &MixtureF,
        &[&[0.3, 0.7, -1.0, 1.5, 0.8, 1.3]],
        &reals[..6],
    );
    // Models with a hand-written score against the AD of their own formula.
    agrees(
        &Weibull,
        &Weibull,
        &[&[2.19, 83.3], &[0.4, 1e-3], &[40.0, 7.0]],
        &positive,
    );
    let scales: &[&[f64]] = &[&[0.3, 1.7], &[-40.0, 0.05], &[2.0, 30.0]];
    agrees(&Logistic, &Logistic, scales, &reals);
    agrees(&Gumbel, &Gumbel, scales, &reals);
    agrees(&Cauchy, &Cauchy, scales, &reals);
    let positive_pairs: &[&[f64]] = &[&[1.3, 0.7], &[0.01, 12.0], &[80.0, 2.5]];
    agrees(&LogLogistic, &LogLogistic, positive_pairs, &positive);
}

/// `a` and `b` within `ulps` units in the last place (equal infinities too).
fn within_ulps(a: f64, b: f64, ulps: u64) -> bool {
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    a.to_bits().abs_diff(b.to_bits()) <= ulps
}

/// Reported KL against the `divergence` kernels on the same vectors, for
/// every built-in discrete family, both directions, on the worms and
/// toxocara.
#[test]
fn every_reported_kl_is_the_divergence_kernels_value() {
    let families: Vec<Box<dyn Family>> = vec![
        Box::new(Uniform::new(0, 10).unwrap()),
        Box::new(Binomial::new(10).unwrap()),
        Box::new(Split::new(11, 6).unwrap()),
        Box::new(Categorical::new(11).unwrap()),
        Box::new(Poisson),
        Box::new(Geometric),
        Box::new(NegativeBinomial),
        Box::new(FormulaPoisson),
    ];
    let mut checked = 0;
    for data in [Target::from_counts(&WORMS).unwrap(), toxocara()] {
        let p = data.probabilities().unwrap();
        for f in &families {
            for d in [Direction::Forward, Direction::Reverse] {
                let r = match fit(&data, f.as_ref(), d) {
                    Ok(r) => r,
                    // +∞ for every parameter (model mass outside the data).
                    Err(Error::InfiniteEverywhere { .. }) => continue,
                    // A bounded support that does not cover the data, or
                    // empty bins inside it that make reverse KL +∞ at the
                    // start of a gradient solver.
                    Err(Error::OutsideSupport { .. } | Error::NonFiniteStart { .. }) => continue,
                    Err(e) => panic!("{} {d}: {e}", f.name()),
                };
                // The same vectors, built here: the data with a 0 appended,
                // the model on the support with its outside mass appended.
                let theta = r.params().values();
                let mut q: Vec<f64> = (0..p.len())
                    .map(|i| f.ln_density(&theta, i as f64).exp())
                    .collect();
                let outside = (1.0 - q.iter().sum::<f64>()).max(0.0);
                q.push(outside);
                let mut pe = p.to_vec();
                pe.push(0.0);
                let forward = divergence::kl(&pe, &q).unwrap();
                if outside <= fit::tolerance::OUTSIDE_MASS_TOL {
                    *q.last_mut().unwrap() = 0.0;
                }
                let reverse = divergence::reverse_kl(&pe, &q).unwrap();
                let (rf, rr) = (r.kl_forward_nats().unwrap(), r.kl_reverse_nats().unwrap());
                assert!(rf >= 0.0 && rr >= 0.0, "{} {d}: {rf}, {rr}", f.name());
                assert!(
                    within_ulps(rf, forward, 4),
                    "{} {d}: {rf} vs {forward}",
                    f.name()
                );
                assert!(
                    within_ulps(rr, reverse, 4),
                    "{} {d}: {rr} vs {reverse}",
                    f.name()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "{checked} fits checked");
}

/// Continuous targets: forward KL is never negative, even where the fitted
/// family contains the target (KL = 0 up to quadrature rounding).
#[test]
fn forward_kl_against_a_density_is_never_negative() {
    for target in [
        Target::normal_mixture(&[(1.0, 2.0, 0.5)]).unwrap(),
        Target::normal_mixture(&[(1.0, -1e3, 1e-3)]).unwrap(),
        Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap(),
    ] {
        let r = fit(&target, &Normal, Direction::Forward).unwrap();
        assert!(r.kl_forward_nats().unwrap() >= 0.0, "{r}");
    }
}
