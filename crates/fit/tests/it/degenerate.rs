//! Degenerate data never hang, panic, or come back "converged" at a
//! collapsed optimum (issue #11).
//!
//! The generators: one sample, two samples, all equal, values at a
//! support's edge (0), magnitudes 1e-300 and 1e300, a spread of 1 on top of
//! 1e15, one histogram bin, counts of 1e15, under-dispersed counts, and a
//! dozen ordinary values that once hung a mixture fit. Every built-in
//! family is fitted to each in both directions with the default solver and
//! every solver that applies, under an evaluation cap of [`CAP`]; each fit
//! must return `Ok` or `Err`, spend at most the cap plus the polish's
//! budget, and a converged fit must have finite parameters and objective
//! and pass the family's own degeneracy test.

use fit::{
    Beta, Binomial, Categorical, DataSummary, Direction, Exponential, Family, FitOptions, Gamma,
    Geometric, LogNormal, MixtureOfNormals, NegativeBinomial, Normal, Poisson, Solver, Split,
    Status, Target, Uniform,
};

/// The evaluation cap of every fit here.
const CAP: u64 = 2_000;
/// Evaluations the Newton polish may add after the solver: 8 steps of a
/// finite-difference Hessian (2k gradients) plus a cost and a gradient, for
/// up to 8 parameters.
const POLISH_BUDGET: u64 = 8 * (2 * 8 + 2) + 2;

fn sample_sets() -> Vec<(&'static str, Vec<f64>)> {
    vec![
        ("one sample", vec![1.0]),
        ("two samples", vec![1.0, 2.0]),
        ("all equal", vec![5.0; 3]),
        ("thirty equal halves", vec![0.5; 30]),
        ("zero at the edge", vec![0.0, 1.0, 2.0, 3.0]),
        ("negative", vec![-1.0, 0.5, 2.0]),
        ("tiny", vec![1e-300, 2e-300, 3e-300, 5e-300]),
        ("huge", vec![1e300, 2e300, 3e300]),
        (
            "offset 1e15",
            (0..20).map(|i| 1e15 + f64::from(i)).collect(),
        ),
        (
            "twelve values",
            vec![
                2.19, 3.13, 3.02, 1.21, 0.18, 1.45, 2.15, 4.61, 0.76, 4.6, 1.46, 1.65,
            ],
        ),
        ("inside (0, 1)", vec![0.1, 0.4, 0.45, 0.9]),
    ]
}

fn histograms() -> Vec<(&'static str, Target)> {
    vec![
        ("one bin", Target::from_counts_at(5, &[7]).unwrap()),
        ("zero only", Target::from_counts(&[4]).unwrap()),
        (
            "counts of 1e15",
            Target::from_counts(&[1_000_000_000_000_000, 1_000_000_000_000_000, 1]).unwrap(),
        ),
        (
            "worms (under-dispersed)",
            Target::from_counts(&crate::WORMS).unwrap(),
        ),
        ("one each", Target::from_counts(&[1, 1]).unwrap()),
        (
            "far",
            Target::from_counts_at(1_000_000, &[1, 2, 1]).unwrap(),
        ),
    ]
}

fn continuous() -> Vec<Box<dyn Family>> {
    vec![
        Box::new(Normal),
        Box::new(LogNormal),
        Box::new(Exponential),
        Box::new(Gamma),
        Box::new(Beta),
        Box::new(MixtureOfNormals::new(2).unwrap()),
        Box::new(MixtureOfNormals::new(3).unwrap()),
    ]
}

fn discrete() -> Vec<Box<dyn Family>> {
    vec![
        Box::new(Uniform::new(0, 10).unwrap()),
        Box::new(Binomial::new(10).unwrap()),
        Box::new(Split::new(11, 6).unwrap()),
        Box::new(Categorical::new(11).unwrap()),
        Box::new(Poisson),
        Box::new(Geometric),
        Box::new(NegativeBinomial),
    ]
}

fn solvers(f: &dyn Family) -> Vec<Option<Solver>> {
    let params = f.params();
    let bounded = params.len() == 1 && params[0].lower.is_finite() && params[0].upper.is_finite();
    std::iter::once(None)
        .chain(
            Solver::applicable(params.len(), bounded)
                .into_iter()
                .map(Some),
        )
        .collect()
}

fn run(what: &str, target: &Target, f: &dyn Family) -> usize {
    let mut fits = 0;
    for direction in [Direction::Forward, Direction::Reverse] {
        for solver in solvers(f) {
            let mut opts = FitOptions::new(direction).max_evals(CAP);
            if let Some(s) = solver {
                opts = opts.solver(s);
            }
            let Ok(r) = opts.fit(target, f) else { continue };
            fits += 1;
            let label = format!("{what} / {} / {direction} / {solver:?}", f.name());
            assert!(
                r.cost_evals() + r.gradient_evals() <= CAP + POLISH_BUDGET
                    || r.solver() == fit::Solver::ExpectationMaximization,
                "{label}: {} evaluations",
                r.cost_evals() + r.gradient_evals()
            );
            if *r.status() == Status::Converged {
                assert!(r.objective_nats().is_finite(), "{label}: {r}");
                assert!(
                    r.params().values().iter().all(|t| t.is_finite()),
                    "{label}: {r}"
                );
                let theta = r.params().values();
                assert!(
                    f.degeneracy(&theta, &DataSummary::new(target)).is_none(),
                    "{label}: degenerate but converged: {r}"
                );
            }
            assert_eq!(r.converged(), *r.status() == Status::Converged, "{label}");
        }
    }
    fits
}

#[test]
fn degenerate_data_always_return_and_are_never_converged_when_collapsed() {
    let mut fits = 0;
    for (what, xs) in sample_sets() {
        let t = Target::samples(&xs).unwrap();
        for f in continuous() {
            fits += run(what, &t, f.as_ref());
        }
    }
    for (what, t) in histograms() {
        for f in discrete() {
            fits += run(what, &t, f.as_ref());
        }
    }
    assert!(fits > 100, "only {fits} fits returned Ok");
}

#[test]
fn the_reproductions_of_issue_11() {
    // One sample: a clear error, not a fit that never returns.
    let one = Target::samples(&[1.0]).unwrap();
    let e = fit::fit(&one, &Normal, Direction::Forward).unwrap_err();
    assert!(matches!(e, fit::Error::DegenerateData { .. }), "{e}");
    // Constant data: "zero variance", not a line-search NaN.
    let c = Target::samples(&[5.0, 5.0, 5.0]).unwrap();
    let e = fit::fit(&c, &Normal, Direction::Forward).unwrap_err();
    assert!(e.to_string().contains("zero variance"), "{e}");
    // Ordinary magnitudes: the closed form, 3800 and 2481.935…
    let s = Target::samples(&[1000.0, 2000.0, 3000.0, 5000.0, 8000.0]).unwrap();
    let r = fit::fit(&s, &Normal, Direction::Forward).unwrap();
    assert!(r.converged());
    assert!((r.params().get("mu").unwrap() - 3800.0).abs() < 1e-9);
    // sqrt(mean((x - 3800)^2)) = sqrt(6160000)
    assert!((r.params().get("sigma").unwrap() - 6_160_000f64.sqrt()).abs() < 1e-9);
    // Zero in gamma data: the value and the support, not "pick a start".
    let z = Target::samples(&[1.0, 2.0, 0.0]).unwrap();
    let e = fit::fit(&z, &Gamma, Direction::Forward).unwrap_err();
    assert!(
        e.to_string().contains("x > 0") && e.to_string().contains("sample 2 is 0"),
        "{e}"
    );
    // Under-dispersed counts: the negative binomial at its Poisson limit,
    // reported as degenerate without iterating.
    let worms = Target::from_counts(&crate::WORMS).unwrap();
    let r = fit::fit(&worms, &NegativeBinomial, Direction::Forward).unwrap();
    assert!(
        matches!(r.status(), Status::Degenerate(ref d) if d.parameter == "r"),
        "{r}"
    );
    assert!(!r.converged() && r.iterations() == 0);
    // Counts of 1e15: a KL that is never negative and a log-likelihood
    // that is never positive.
    let big = Target::from_counts(&[1_000_000_000_000_000, 1_000_000_000_000_000, 1]).unwrap();
    let r = fit::fit(&big, &NegativeBinomial, Direction::Forward).unwrap();
    assert!(
        r.kl_forward_nats().unwrap() >= 0.0 || *r.status() != Status::Converged,
        "{r}"
    );
    assert!(r.log_likelihood().unwrap() <= 0.0, "{r}");
    // Reverse KL of a Poisson to a finite histogram: +∞ for every λ, said so.
    let e = fit::fit(&worms, &Poisson, Direction::Reverse).unwrap_err();
    assert!(matches!(e, fit::Error::InfiniteEverywhere { .. }), "{e}");
    // Binomial(n=5) on data reaching 10: the value outside the support.
    let e = fit::fit(&worms, &Binomial::new(5).unwrap(), Direction::Forward).unwrap_err();
    assert!(
        matches!(e, fit::Error::OutsideSupport { value, .. } if value == 6.0),
        "{e}"
    );
    // A mixture on two points: too few distinct values.
    let two = Target::samples(&[1.0, 2.0]).unwrap();
    let e = fit::fit(&two, &MixtureOfNormals::new(2).unwrap(), Direction::Forward).unwrap_err();
    assert!(matches!(e, fit::Error::DegenerateData { .. }), "{e}");
    // Data scaled by 1e20: the closed forms and the gamma fit scale too.
    let xs: Vec<f64> = [1.0, 2.0, 3.5, 7.0].iter().map(|x| x * 1e20).collect();
    let t = Target::samples(&xs).unwrap();
    let r = fit::fit(&t, &Exponential, Direction::Forward).unwrap();
    assert!((r.params().get("lambda").unwrap() * 3.375e20 - 1.0).abs() < 1e-12);
    let r = fit::fit(&t, &Gamma, Direction::Forward).unwrap();
    assert!(r.converged(), "{r}");
    let unscaled = Target::samples(&[1.0, 2.0, 3.5, 7.0]).unwrap();
    let r1 = fit::fit(&unscaled, &Gamma, Direction::Forward).unwrap();
    let (a, a1) = (
        r.params().get("alpha").unwrap(),
        r1.params().get("alpha").unwrap(),
    );
    assert!((a - a1).abs() < 1e-9 * a1, "{a} vs {a1}");
    // Categorical on values 0 and 10000: the closed form (the data's
    // frequencies), not an O(k²) solver run.
    let mut counts = vec![0u64; 10_001];
    counts[0] = 3;
    counts[10_000] = 2;
    let wide = Target::from_counts(&counts).unwrap();
    let r = fit::fit(
        &wide,
        &Categorical::new(10_001).unwrap(),
        Direction::Forward,
    )
    .unwrap();
    assert!(r.converged() && r.iterations() == 0, "{}", r.termination());
    assert!((r.params().get("p0").unwrap() - 0.6).abs() < 1e-15);
    assert!(r.kl_forward_nats().unwrap().abs() < 1e-15);
    // Nelder–Mead on 1e15 + small offsets starts at the closed form and
    // stays there (it once said "converged" at μ = 6.23, σ = 1e15).
    let offset: Vec<f64> = (0..50).map(|i| 1e15 + f64::from(i % 7) - 3.0).collect();
    let t = Target::samples(&offset).unwrap();
    let r = FitOptions::new(Direction::Forward)
        .solver(Solver::NelderMead)
        .fit(&t, &Normal)
        .unwrap();
    let mean = offset.iter().map(|x| x - 1e15).sum::<f64>() / 50.0 + 1e15;
    assert!((r.params().get("mu").unwrap() - mean).abs() <= 1.0, "{r}");
    assert!(r.params().get("sigma").unwrap() < 3.0, "{r}");
    // Brent on an unbounded parameter: advice a user can act on.
    let e = FitOptions::new(Direction::Forward)
        .solver(Solver::Brent)
        .fit(&t, &Exponential);
    assert!(e.is_err());
}
