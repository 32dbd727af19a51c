//! Expectation–maximisation for a mixture of Normals: one EM run, the
//! data-driven initialisations, and the multi-start fit that
//! [`crate::FitOptions::fit`] runs by default for mixtures.

use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::family::{check_params, Family, MixtureOfNormals};
use crate::fitting::{build_report, degeneracy, FitOptions, Run};
use crate::objective::{Direction, Objective};
use crate::report::FitReport;
use crate::rng::SplitMix64;
use crate::solver::Solver;
use crate::solver::Termination;
use crate::start::{DataSummary, Degeneracy};
use crate::target::{Expectation, Repr, Target};
use crate::tolerance::{
    EM_AGREE_TOL, EM_INIT_SAMPLES, EM_KMEANS_SEEDS, EM_MIN_SIGMA, EM_REL_TOL, PARALLEL_SAMPLES,
    SAMPLE_BLOCK,
};

/// Fits a [`MixtureOfNormals`] by expectation–maximisation, minimising
/// forward KL(data‖model) (for samples: maximising the likelihood), from
/// `start` or, without one, from the best of several data-driven
/// initialisations (as [`crate::FitOptions::fit`] does by default).
///
/// Each iteration cannot increase forward KL. A run stops when the relative
/// change of the cross-entropy is below [`EM_REL_TOL`] (`converged`), when a
/// component collapses (weight 0 or `σ <` [`EM_MIN_SIGMA`]: degenerate), or
/// after `max_iters` (not converged). For samples, an iteration is one
/// parallel pass over the data.
///
/// # Formula
/// ```text
/// E: rⱼ(x) = wⱼ N(x; μⱼ, σⱼ) / Σₗ wₗ N(x; μₗ, σₗ)
/// M: wⱼ = E rⱼ,   μⱼ = E[rⱼ X]/wⱼ,   σⱼ² = E[rⱼ (X − μⱼ)²]/wⱼ     (E over the data)
/// ```
///
/// # Errors
/// [`Error::Unsupported`] for a histogram or unnormalised target;
/// [`Error::ParameterCount`]/[`Error::InvalidParameter`] for a bad start;
/// [`Error::DegenerateData`] for data with fewer distinct values than
/// components plus one.
///
/// # Panics
/// Never.
///
/// # Example
/// See [`MixtureOfNormals`].
///
/// # Reference
/// Dempster, Laird & Rubin (1977); Bishop (2006), §9.2.2 and §9.4 (EM
/// maximises a lower bound whose gap is a KL divergence).
pub fn em(
    target: &Target,
    family: &MixtureOfNormals,
    start: Option<&[f64]>,
    max_iters: u64,
) -> Result<FitReport> {
    let t0 = Instant::now();
    if !matches!(target.repr, Repr::Samples(_) | Repr::Density(_)) {
        return Err(Error::Unsupported {
            family: family.name(),
            target: target.kind(),
            direction: Direction::Forward.as_str(),
            reason: "EM needs expectations over a continuous target (samples or a density)",
        });
    }
    let obj = Objective::new(target, family, Direction::Forward)?;
    let summary = DataSummary::new(target);
    let opts = FitOptions::new(Direction::Forward).max_iters(max_iters);
    fit_mixture(&obj, family, &summary, start, &opts, t0)
}

/// The default forward fit of a mixture: EM from `start`, or from every
/// data-driven initialisation (on at most [`EM_INIT_SAMPLES`] samples),
/// the best of which is then run on all the data.
pub(crate) fn fit_mixture(
    obj: &Objective<'_>,
    family: &MixtureOfNormals,
    summary: &DataSummary<'_>,
    start: Option<&[f64]>,
    opts: &FitOptions,
    t0: Instant,
) -> Result<FitReport> {
    let k = family.components();
    let max_iters = opts.max_iters_value().max(1);
    let (best, runs) = match start {
        Some(s) => {
            check_params(family, s)?;
            (run(obj.target, family, s.to_vec(), max_iters), (1, 1))
        }
        None => {
            family.identifiable(summary)?;
            let sub = summary.samples().map(|xs| subsample(xs, EM_INIT_SAMPLES));
            let inits = initialisations(family, summary, sub.as_deref());
            let sub_target = match &sub {
                Some(xs) if xs.len() < summary.samples().map_or(0, <[f64]>::len) => {
                    Some(Target::samples(xs)?)
                }
                _ => None,
            };
            let init_target = sub_target.as_ref().unwrap_or(obj.target);
            let results: Vec<EmRun> = inits
                .into_iter()
                .map(|t| run(init_target, family, t, max_iters))
                .collect();
            let n_runs = results.len();
            // A proper optimum beats any degenerate one, whatever their
            // likelihoods; degeneracy is judged on the data the runs saw.
            let init_summary = sub_target.as_ref().map(DataSummary::new);
            let judged = init_summary.as_ref().unwrap_or(summary);
            let proper =
                |r: &EmRun| r.collapsed.is_none() && family.degeneracy(&r.theta, judged).is_none();
            let key = |r: &EmRun| (proper(r), r.mean_ll);
            let keys: Vec<(bool, f64)> = results.iter().map(key).collect();
            let (best_proper, best_ll) = keys
                .iter()
                .copied()
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .ok_or(Error::EmptyData)?;
            let agreed = keys
                .iter()
                .filter(|(p, ll)| {
                    *p == best_proper
                        && (ll - best_ll).abs() <= EM_AGREE_TOL * best_ll.abs().max(1.0)
                })
                .count();
            let winner = results
                .into_iter()
                .zip(keys)
                .max_by(|(_, a), (_, b)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .map(|(r, _)| r)
                .ok_or(Error::EmptyData)?;
            let best = if sub_target.is_some() && winner.collapsed.is_none() {
                let mut full = run(obj.target, family, winner.theta.clone(), max_iters);
                full.iterations += winner.iterations;
                full
            } else {
                winner
            };
            (best, (n_runs as u32, agreed.max(1) as u32))
        }
    };
    let mut theta = best.theta;
    order_components(k, &mut theta);
    let degenerate = best
        .collapsed
        .or_else(|| degeneracy(obj, summary, &theta, false));
    build_report(
        obj,
        Solver::ExpectationMaximization,
        &theta,
        Run {
            termination: best.termination,
            solver_converged: best.converged,
            degeneracy: degenerate,
            iterations: best.iterations,
            cost_evals: best.iterations + 1,
            gradient_evals: 0,
            polish_steps: 0,
            runs,
            seconds: t0.elapsed().as_secs_f64(),
        },
    )
}

/// One EM run's outcome.
struct EmRun {
    theta: Vec<f64>,
    /// Mean log-likelihood (−cross-entropy) at `theta`.
    mean_ll: f64,
    iterations: u64,
    converged: bool,
    collapsed: Option<Degeneracy>,
    termination: Termination,
}

/// EM from `theta` until the cross-entropy settles, a component collapses,
/// or `max_iters`.
fn run(target: &Target, family: &MixtureOfNormals, mut theta: Vec<f64>, max_iters: u64) -> EmRun {
    let mut previous = f64::NAN;
    let mut iterations = 0;
    let mut out = EmRun {
        theta: Vec::new(),
        mean_ll: f64::NAN,
        iterations: 0,
        converged: false,
        collapsed: None,
        termination: Termination::EmIterationCap { cap: max_iters },
    };
    while iterations < max_iters {
        let (next, mean_ll) = step(target, family, &theta);
        iterations += 1;
        // `mean_ll` belongs to `theta`, the point the step started from.
        out.mean_ll = mean_ll;
        let change = (mean_ll - previous).abs();
        previous = mean_ll;
        match next {
            Err(d) => {
                out.collapsed = Some(d);
                out.termination = Termination::EmCollapsed;
                break;
            }
            Ok(next) => {
                if change <= EM_REL_TOL * (1.0 + mean_ll.abs()) {
                    out.converged = true;
                    out.termination = Termination::EmConverged;
                    break;
                }
                theta = next;
            }
        }
    }
    if !out.converged && out.collapsed.is_none() {
        out.mean_ll = -mixture_cross_entropy(target, family, &theta);
    }
    out.theta = theta;
    out.iterations = iterations;
    out
}

/// `H(data, q_θ)`.
fn mixture_cross_entropy(target: &Target, family: &MixtureOfNormals, theta: &[f64]) -> f64 {
    -target.expect(&|x| family.ln_density(theta, x))
}

/// One EM step from `t`: the next parameters (or the collapse that stopped
/// it) and the mean log-likelihood at `t`.
fn step(
    target: &Target,
    family: &MixtureOfNormals,
    t: &[f64],
) -> (core::result::Result<Vec<f64>, Degeneracy>, f64) {
    let k = family.components();
    // Per component: Σ r, Σ r (x − μ), Σ r (x − μ)², relative to the
    // current μ (no cancellation near convergence); and Σ ln q.
    let sums = match &target.repr {
        Repr::Samples(s) => sample_sums(&s.xs, family, t),
        _ => {
            let mut v = vec![0.0; 3 * k + 1];
            for j in 0..k {
                let mu = t[k + j];
                let r = |x: f64, f: &dyn Fn(f64) -> f64| {
                    let mut rr = vec![0.0; k];
                    family.responsibilities(t, x, &mut rr);
                    rr[j] * f(x)
                };
                v[3 * j] = target.expect(&|x| r(x, &|_| 1.0));
                v[3 * j + 1] = target.expect(&|x| r(x, &|x| x - mu));
                v[3 * j + 2] = target.expect(&|x| r(x, &|x| (x - mu) * (x - mu)));
            }
            v[3 * k] = target.expect(&|x| family.ln_density(t, x));
            v
        }
    };
    let mean_ll = sums[3 * k];
    let total: f64 = (0..k).map(|j| sums[3 * j]).sum();
    let mut next = vec![0.0; 3 * k];
    for j in 0..k {
        let (s0, s1, s2) = (sums[3 * j], sums[3 * j + 1], sums[3 * j + 2]);
        let w = s0 / total;
        let shift = s1 / s0;
        let var = s2 / s0 - shift * shift;
        if w.is_nan() || w <= 0.0 || var.is_nan() || var.sqrt() < EM_MIN_SIGMA {
            let (name, what) = if w > 0.0 {
                (format!("sigma{}", j + 1), "collapsed onto a data point")
            } else {
                (format!("w{}", j + 1), "fell to 0")
            };
            return (
                Err(Degeneracy::new(
                    name,
                    format!("{what}: the likelihood has no proper maximum there"),
                )),
                mean_ll,
            );
        }
        next[j] = w;
        next[k + j] = t[k + j] + shift;
        next[2 * k + j] = var.sqrt();
    }
    // Renormalise the weights' rounding so that Family::check accepts them.
    let wsum: f64 = next[..k].iter().sum();
    next[..k].iter_mut().for_each(|w| *w /= wsum);
    (Ok(next), mean_ll)
}

/// The E-step sums over samples in one pass, in blocks of
/// [`SAMPLE_BLOCK`] merged in order (the same result on any number of
/// threads), divided by `n`.
fn sample_sums(xs: &[f64], family: &MixtureOfNormals, t: &[f64]) -> Vec<f64> {
    let k = family.components();
    // ln(wⱼ/σⱼ) − ½ ln 2π and 1/σⱼ once per pass, not once per sample.
    let c: Vec<f64> = (0..k)
        .map(|j| (t[j] / t[2 * k + j]).ln() - HALF_LN_2PI)
        .collect();
    let inv: Vec<f64> = (0..k).map(|j| 1.0 / t[2 * k + j]).collect();
    let block = |chunk: &[f64]| {
        let mut acc = vec![0.0; 3 * k + 1];
        let mut a = vec![0.0; k];
        for &x in chunk {
            let mut top = 0;
            for j in 0..k {
                let z = (x - t[k + j]) * inv[j];
                a[j] = c[j] - 0.5 * z * z;
                if a[j] > a[top] {
                    top = j;
                }
            }
            let max = a[top];
            let mut s = 0.0;
            for (j, aj) in a.iter_mut().enumerate() {
                // The largest term is exactly 1: one exp fewer per sample.
                *aj = if j == top { 1.0 } else { (*aj - max).exp() };
                s += *aj;
            }
            let inv_s = 1.0 / s;
            for j in 0..k {
                let d = x - t[k + j];
                let rj = a[j] * inv_s;
                acc[3 * j] += rj;
                acc[3 * j + 1] += rj * d;
                acc[3 * j + 2] += rj * d * d;
            }
            acc[3 * k] += max + s.ln();
        }
        acc
    };
    let parts: Vec<Vec<f64>> = if xs.len() >= PARALLEL_SAMPLES {
        xs.par_chunks(SAMPLE_BLOCK).map(block).collect()
    } else {
        xs.chunks(SAMPLE_BLOCK).map(block).collect()
    };
    let mut sums = vec![0.0; 3 * k + 1];
    for p in parts {
        sums.iter_mut().zip(p).for_each(|(s, v)| *s += v);
    }
    let n = xs.len() as f64;
    sums.iter_mut().for_each(|s| *s /= n);
    sums
}

/// `ln √(2π)`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// At most `m` samples: all of them, or an evenly strided subset of the
/// sorted samples (so the subset keeps the data's quantiles).
fn subsample(xs: &[f64], m: usize) -> Vec<f64> {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    if sorted.len() <= m {
        return sorted;
    }
    let stride = sorted.len() as f64 / m as f64;
    (0..m)
        .map(|i| sorted[((i as f64 + 0.5) * stride) as usize])
        .collect()
}

/// Components sorted by mean, so reports name them in a stable order.
fn order_components(k: usize, theta: &mut [f64]) {
    let mut idx: Vec<usize> = (0..k).collect();
    idx.sort_by(|&a, &b| theta[k + a].total_cmp(&theta[k + b]));
    let old = theta.to_vec();
    for (new, &j) in idx.iter().enumerate() {
        theta[new] = old[j];
        theta[k + new] = old[k + j];
        theta[2 * k + new] = old[2 * k + j];
    }
}

/// The deterministic initialisations: the quantile split
/// ([`Family::data_start`]) and [`EM_KMEANS_SEEDS`] seeded k-means++
/// clusterings of the (sub)sampled data.
fn initialisations(
    family: &MixtureOfNormals,
    summary: &DataSummary<'_>,
    sorted: Option<&[f64]>,
) -> Vec<Vec<f64>> {
    let k = family.components();
    let sd = summary.variance().sqrt();
    let mut out = Vec::new();
    match sorted {
        Some(xs) => out.push(family.quantile_split(xs, sd)),
        None => {
            if let Ok(Some(s)) = family.data_start(summary) {
                out.push(s.theta().to_vec());
            }
        }
    }
    if let Some(sorted) = sorted {
        for seed in 1..=EM_KMEANS_SEEDS {
            if let Some(t) = kmeans_start(sorted, k, seed, sd) {
                if !out.iter().any(|o| o == &t) {
                    out.push(t);
                }
            }
        }
    }
    if out.is_empty() {
        out.push(family.start());
    }
    out
}

/// k-means++ seeding (Arthur & Vassilvitskii, SODA 2007) and 20 Lloyd
/// iterations on sorted 1-D data, turned into mixture parameters (cluster
/// shares, means, standard deviations floored at a fraction of the data's).
fn kmeans_start(sorted: &[f64], k: usize, seed: u64, sd: f64) -> Option<Vec<f64>> {
    let n = sorted.len();
    if n < k || sd.is_nan() || sd <= 0.0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut centres = vec![sorted[((rng.next_f64() * n as f64) as usize).min(n - 1)]];
    let mut d2: Vec<f64> = sorted.iter().map(|x| (x - centres[0]).powi(2)).collect();
    while centres.len() < k {
        let total: f64 = d2.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let mut u = rng.next_f64() * total;
        let mut pick = n - 1;
        for (i, &d) in d2.iter().enumerate() {
            u -= d;
            if u <= 0.0 {
                pick = i;
                break;
            }
        }
        let c = sorted[pick];
        centres.push(c);
        d2.iter_mut()
            .zip(sorted)
            .for_each(|(d, x)| *d = d.min((x - c).powi(2)));
    }
    let mut assign = vec![0usize; n];
    for _ in 0..20 {
        centres.sort_by(f64::total_cmp);
        for (a, &x) in assign.iter_mut().zip(sorted) {
            *a = (0..k)
                .min_by(|&i, &j| (x - centres[i]).abs().total_cmp(&(x - centres[j]).abs()))
                .unwrap_or(0);
        }
        for (j, c) in centres.iter_mut().enumerate() {
            let (s, m) = assign
                .iter()
                .zip(sorted)
                .filter(|(a, _)| **a == j)
                .fold((0.0, 0usize), |(s, m), (_, x)| (s + x, m + 1));
            if m > 0 {
                *c = s / m as f64;
            }
        }
    }
    let mut theta = vec![0.0; 3 * k];
    for j in 0..k {
        let members: Vec<f64> = assign
            .iter()
            .zip(sorted)
            .filter(|(a, _)| **a == j)
            .map(|(_, &x)| x)
            .collect();
        if members.is_empty() {
            return None;
        }
        let m = members.iter().sum::<f64>() / members.len() as f64;
        let v = members.iter().map(|x| (x - m).powi(2)).sum::<f64>() / members.len() as f64;
        theta[j] = members.len() as f64 / n as f64;
        theta[k + j] = m;
        theta[2 * k + j] = v.sqrt().max(1e-3 * sd);
    }
    Some(theta)
}
