//! Newton polish on the analytic gradient, and the Hessian test that tells a
//! minimum from a saddle.

use crate::objective::Objective;
use crate::tolerance::{
    HESSIAN_FD_STEP, POLISH_COST_SLACK, POLISH_GRAD_TOL, POLISH_MAX_STEPS, POLISH_NOISE_SLACK,
};

/// Result of polishing.
#[derive(Debug, Clone)]
pub(crate) struct Polished {
    pub(crate) theta: Vec<f64>,
    pub(crate) steps: u64,
    pub(crate) cost_evals: u64,
    pub(crate) gradient_evals: u64,
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Central-difference Hessian of the analytic z-gradient, symmetrised.
#[allow(clippy::needless_range_loop)] // matrix index arithmetic reads clearer
pub(crate) fn hessian_z(obj: &Objective<'_>, z: &[f64]) -> Vec<Vec<f64>> {
    let k = z.len();
    let mut h = vec![vec![0.0; k]; k];
    for j in 0..k {
        let step = HESSIAN_FD_STEP * z[j].abs().max(1.0);
        let (mut a, mut b) = (z.to_vec(), z.to_vec());
        a[j] += step;
        b[j] -= step;
        let (ga, gb) = (obj.gradient_z(&a), obj.gradient_z(&b));
        for i in 0..k {
            h[i][j] = (ga[i] - gb[i]) / (2.0 * step);
        }
    }
    for i in 0..k {
        for j in 0..i {
            let m = 0.5 * (h[i][j] + h[j][i]);
            h[i][j] = m;
            h[j][i] = m;
        }
    }
    h
}

/// Cholesky factor `L` (`H = L Lᵀ`), or `None` when `H` is not positive definite.
#[allow(clippy::needless_range_loop)]
pub(crate) fn cholesky(h: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = h.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|m| l[i][m] * l[j][m]).sum();
            if i == j {
                let d = h[i][i] - s;
                if !(d > 0.0 && d.is_finite()) {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (h[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

/// `x = H⁻¹ g` from the Cholesky factor `L` of `H`.
#[allow(clippy::needless_range_loop)]
pub(crate) fn solve(l: &[Vec<f64>], g: &[f64]) -> Vec<f64> {
    let k = g.len();
    let mut y = vec![0.0; k];
    for i in 0..k {
        y[i] = (g[i] - (0..i).map(|m| l[i][m] * y[m]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        x[i] = (y[i] - (i + 1..k).map(|m| l[m][i] * x[m]).sum::<f64>()) / l[i][i];
    }
    x
}

/// Newton steps `z ← z − H⁻¹ g` while the gradient norm falls, the Hessian is
/// positive definite and the cost does not rise beyond rounding
/// ([`POLISH_COST_SLACK`]; [`POLISH_NOISE_SLACK`] for a step that at least
/// halves the gradient norm).
pub(crate) fn polish(obj: &Objective<'_>, theta: &[f64]) -> Polished {
    let k = theta.len();
    let mut out = Polished {
        theta: theta.to_vec(),
        steps: 0,
        cost_evals: 0,
        gradient_evals: 0,
    };
    if k == 0 {
        return out;
    }
    let mut z = obj.z_of(theta);
    if z.iter().any(|v| !v.is_finite()) {
        return out;
    }
    let mut f = obj.value_z(&z);
    let mut g = obj.gradient_z(&z);
    out.cost_evals += 1;
    out.gradient_evals += 1;
    for _ in 0..POLISH_MAX_STEPS {
        let gn = norm(&g);
        if gn.is_nan() || gn <= POLISH_GRAD_TOL || !f.is_finite() {
            break;
        }
        let h = hessian_z(obj, &z);
        out.gradient_evals += 2 * k as u64;
        let Some(l) = cholesky(&h) else { break };
        let d = solve(&l, &g);
        let z_new: Vec<f64> = z.iter().zip(&d).map(|(a, b)| a - b).collect();
        let f_new = obj.value_z(&z_new);
        let g_new = obj.gradient_z(&z_new);
        out.cost_evals += 1;
        out.gradient_evals += 1;
        let g_new_norm = norm(&g_new);
        let slack = if g_new_norm <= 0.5 * gn {
            POLISH_NOISE_SLACK
        } else {
            POLISH_COST_SLACK
        };
        let rounding = slack * (1.0 + f.abs());
        if g_new_norm.is_nan() || g_new_norm >= gn || f_new.is_nan() || f_new > f + rounding {
            break;
        }
        z = z_new;
        f = f_new;
        g = g_new;
        out.steps += 1;
    }
    out.theta = obj.theta_of(&z);
    out
}

/// Whether `theta` is a strict local minimum (positive-definite Hessian in z).
pub(crate) fn is_minimum(obj: &Objective<'_>, theta: &[f64]) -> bool {
    let z = obj.z_of(theta);
    z.iter().all(|v| v.is_finite()) && cholesky(&hessian_z(obj, &z)).is_some()
}
