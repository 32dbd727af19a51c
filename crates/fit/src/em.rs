//! Expectation–maximisation for a mixture of Normals.

use std::time::Instant;

use crate::error::{Error, Result};
use crate::family::{check_params, Family, MixtureOfNormals};
use crate::fitting::{build_report, Run};
use crate::objective::{Direction, Objective};
use crate::report::FitReport;
use crate::solver::Solver;
use crate::target::{Expectation, Repr, Target};
use crate::tolerance::{EM_MIN_SIGMA, EM_REL_TOL};

/// Fits a [`MixtureOfNormals`] by expectation–maximisation, minimising
/// forward KL(data‖model) (for samples: maximising the likelihood).
///
/// Each iteration cannot increase forward KL. It stops when the relative
/// change of the cross-entropy is below [`EM_REL_TOL`] (`converged`), when a
/// component collapses (weight 0 or `σ <` [`EM_MIN_SIGMA`]: not converged),
/// or after `max_iters` (not converged).
///
/// # Formula
/// ```text
/// E: rⱼ(x) = wⱼ N(x; μⱼ, σⱼ) / Σₗ wₗ N(x; μₗ, σₗ)
/// M: wⱼ = E rⱼ,   μⱼ = E[rⱼ X]/wⱼ,   σⱼ² = E[rⱼ (X − μⱼ)²]/wⱼ     (E over the data)
/// ```
///
/// # Errors
/// [`Error::Unsupported`] for a histogram or unnormalised target;
/// [`Error::ParameterCount`]/[`Error::InvalidParameter`] for a bad start.
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
    let k = family.components();
    let mut theta = start.map_or_else(|| family.start(), <[f64]>::to_vec);
    check_params(family, &theta)?;
    let mut ce = obj.cross_entropy(&theta);
    let mut iterations = 0;
    let mut evals = 1;
    let mut termination = "Maximum number of iterations reached".to_string();
    let mut converged = false;
    while iterations < max_iters {
        iterations += 1;
        let resp = |x: f64, j: usize| {
            let mut r = vec![0.0; k];
            family.responsibilities(&theta, x, &mut r);
            r[j]
        };
        let mut next = vec![0.0; 3 * k];
        let mut collapsed = false;
        for j in 0..k {
            let w = target.expect(&|x| resp(x, j));
            let m = target.expect(&|x| resp(x, j) * x) / w;
            let v = target.expect(&|x| resp(x, j) * (x - m) * (x - m)) / w;
            next[j] = w;
            next[k + j] = m;
            next[2 * k + j] = v.sqrt();
            collapsed |= w.is_nan() || w <= 0.0 || v.is_nan() || v.sqrt() < EM_MIN_SIGMA;
        }
        if collapsed {
            termination = "a component collapsed (zero weight or zero width)".into();
            break;
        }
        // Renormalise the weights' rounding so that Family::check accepts them.
        let total: f64 = next[..k].iter().sum();
        next[..k].iter_mut().for_each(|w| *w /= total);
        theta = next;
        let new_ce = obj.cross_entropy(&theta);
        evals += 1;
        let change = (ce - new_ce).abs();
        ce = new_ce;
        if change <= EM_REL_TOL * (1.0 + ce.abs()) {
            termination = "EM converged".into();
            converged = true;
            break;
        }
    }
    Ok(build_report(
        &obj,
        Solver::ExpectationMaximization,
        &theta,
        Run {
            termination,
            solver_converged: converged,
            iterations,
            cost_evals: evals,
            gradient_evals: 0,
            polish_steps: 0,
            seconds: t0.elapsed().as_secs_f64(),
        },
    ))
}
