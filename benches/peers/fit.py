#!/usr/bin/env python3
"""NumPy/SciPy peers of `benches/fit.rs` (issue #4), same inputs.

Run from the repository root right after the Rust bench, in the same session:

    python3 -m pip install -r benches/peers/requirements.txt
    CARGO_TARGET_DIR=/work/target-fit cargo bench --bench fit -- --warm-up-time 1 --measurement-time 3
    python3 benches/peers/fit.py

Prints workload, best-of-repeats time and answer for
  1. the sufficient-statistics NumPy sweep of forward KL over 1e6 values of p
     (peer of `sweep/binomial-forward/1e6`);
  2. the `scipy.stats.binom.pmf` broadcasting sweep of forward KL over the same
     grid (peer of `sweep/binomial-forward/1e6` and `sweep/binomial/1e6`);
  3. the reverse-KL fit of one Normal to 0.5 N(-3,1) + 0.5 N(3,1) with
     `scipy.optimize.minimize(method="L-BFGS-B", jac=True)`, objective and
     score-function gradient by `scipy.integrate.quad`, on (mu, ln sigma) from
     (2.0, ln 1.5) (peer of `fit/normal/mixture/reverse`).
  4. the forward-KL fit of p of Binomial(10, p) to the worms with
     `scipy.optimize.minimize_scalar(method="bounded")` (Brent's method on
     [0, 1], xatol=1e-10), objective from `scipy.stats.binom.logpmf`
     (peer of `fit/binomial/brent`);
  5. the forward-KL fit of one Normal to the mixture with L-BFGS-B, objective
     and gradient by `quad` under the mixture (peer of
     `fit/normal/mixture/forward`; answer sigma = sqrt 10).
Answers agree with the Rust benches' assertions: p* = 0.57 on the grid
(exactly, grid index 570000), and mu* = 2.984306 within 1e-5 (L-BFGS-B's
default gtol = 1e-5 bounds SciPy's accuracy; ours is asserted to 1e-6).
"""
import math
import timeit

import numpy as np
import scipy
import scipy.integrate
import scipy.optimize
import scipy.stats
from scipy.special import gammaln

WORMS = np.array([2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7], dtype=float)
N_TRIALS = 10
GRID = 1_000_001


def best(f, number=1, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def sufficient_statistics_sweep(p_grid, probs):
    k = np.arange(N_TRIALS + 1)
    ln_c = gammaln(N_TRIALS + 1) - gammaln(k + 1) - gammaln(N_TRIALS - k + 1)
    nz = probs > 0
    h = -np.sum(probs[nz] * np.log(probs[nz]))
    mean = np.dot(probs, k)
    e_ln_c = np.dot(probs, ln_c)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = -h - e_ln_c - mean * np.log(p_grid) - (N_TRIALS - mean) * np.log1p(-p_grid)
    return kl


def pmf_broadcast_sweep(p_grid, probs):
    k = np.arange(N_TRIALS + 1)[:, None]
    q = scipy.stats.binom.pmf(k, N_TRIALS, p_grid[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.sum(probs[:, None] * (np.log(probs[:, None]) - np.log(q)), axis=0)
    return kl


INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def ln_mixture(x):
    a = -0.5 * (x + 3.0) ** 2
    b = -0.5 * (x - 3.0) ** 2
    m = max(a, b)
    return m + math.log(0.5 * math.exp(a - m) + 0.5 * math.exp(b - m)) + math.log(INV_SQRT_2PI)


def reverse_objective(z):
    """KL(N(mu, sigma) || mixture) and its gradient wrt (mu, ln sigma), by quad."""
    mu, sigma = z[0], math.exp(z[1])
    ln_norm = -math.log(sigma) + math.log(INV_SQRT_2PI)

    def parts(t):  # t standardised; weight phi(t) in the integrand
        x = mu + sigma * t
        w = INV_SQRT_2PI * math.exp(-0.5 * t * t)
        d = ln_norm - 0.5 * t * t - ln_mixture(x)
        return w, d

    lim = 12.0
    kl = scipy.integrate.quad(lambda t: (lambda w, d: w * d)(*parts(t)), -lim, lim, limit=200)[0]
    # Score function: d/dmu ln q = t/sigma, d/d ln sigma ln q = t^2 - 1.
    g_mu = scipy.integrate.quad(lambda t: (lambda w, d: w * d * t / sigma)(*parts(t)), -lim, lim, limit=200)[0]
    g_ls = scipy.integrate.quad(lambda t: (lambda w, d: w * d * (t * t - 1.0))(*parts(t)), -lim, lim, limit=200)[0]
    return kl, np.array([g_mu, g_ls])


def reverse_fit():
    return scipy.optimize.minimize(
        reverse_objective, x0=np.array([2.0, math.log(1.5)]), method="L-BFGS-B", jac=True
    )


def binomial_brent(probs):
    k = np.arange(N_TRIALS + 1)
    nz = probs > 0
    neg_h = float(np.sum(probs[nz] * np.log(probs[nz])))

    def kl(p):
        return neg_h - float(np.dot(probs, scipy.stats.binom.logpmf(k, N_TRIALS, p)))

    return scipy.optimize.minimize_scalar(
        kl, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-10}
    )


def _mix_pdf(x):
    return INV_SQRT_2PI * 0.5 * (math.exp(-0.5 * (x + 3.0) ** 2) + math.exp(-0.5 * (x - 3.0) ** 2))


def forward_objective(z):
    """KL(mixture || N(mu, sigma)) up to the constant -H(mixture), and its
    gradient wrt (mu, ln sigma), each by quad under the mixture."""
    mu, sigma = z[0], math.exp(z[1])
    lim = 15.0

    def e(f):
        return scipy.integrate.quad(lambda x: _mix_pdf(x) * f(x), -lim, lim, limit=200)[0]

    ce = e(lambda x: 0.5 * ((x - mu) / sigma) ** 2) + math.log(sigma) - math.log(INV_SQRT_2PI)
    g_mu = -e(lambda x: (x - mu)) / sigma ** 2
    g_ls = 1.0 - e(lambda x: (x - mu) ** 2) / sigma ** 2
    return ce, np.array([g_mu, g_ls])


def forward_fit():
    return scipy.optimize.minimize(
        forward_objective, x0=np.array([0.0, 0.0]), method="L-BFGS-B", jac=True
    )


def main():
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"{'workload':<58} {'time':>12}  answer")
    probs = WORMS / WORMS.sum()
    p_grid = np.linspace(0.0, 1.0, GRID)

    kl = sufficient_statistics_sweep(p_grid, probs)
    i = int(np.nanargmin(kl))
    t = best(lambda: sufficient_statistics_sweep(p_grid, probs), repeat=7)
    print(f"{'binomial sweep 1e6, NumPy sufficient statistics (forward)':<58} {t * 1e3:>9.3f} ms  "
          f"p*={p_grid[i]:.6f} (index {i}), KL={kl[i] / math.log(2):.12f} bits")

    kl = pmf_broadcast_sweep(p_grid, probs)
    i = int(np.nanargmin(kl))
    t = best(lambda: pmf_broadcast_sweep(p_grid, probs), repeat=3)
    print(f"{'binomial sweep 1e6, scipy.stats.binom.pmf broadcast (forward)':<58} {t * 1e3:>9.3f} ms  "
          f"p*={p_grid[i]:.6f} (index {i}), KL={kl[i] / math.log(2):.12f} bits")

    r = binomial_brent(probs)
    t = best(lambda: binomial_brent(probs), number=20, repeat=5)
    print(f"{'binomial fit, minimize_scalar bounded (Brent) + binom.logpmf':<58} {t * 1e3:>9.3f} ms  "
          f"p={r.x:.10f}, nfev={r.nfev}")

    r = forward_fit()
    t = best(forward_fit, number=5, repeat=5)
    print(f"{'forward-KL Normal fit, L-BFGS-B + quad (jac=True)':<58} {t * 1e3:>9.3f} ms  "
          f"mu={r.x[0]:.7f}, sigma={math.exp(r.x[1]):.7f}, nfev={r.nfev}")

    r = reverse_fit()
    t = best(reverse_fit, number=5, repeat=5)
    print(f"{'reverse-KL Normal fit, L-BFGS-B + quad (jac=True)':<58} {t * 1e3:>9.3f} ms  "
          f"mu={r.x[0]:.7f}, sigma={math.exp(r.x[1]):.7f}, KL={r.fun:.10f} nats, "
          f"nfev={r.nfev}, success={r.success}")


if __name__ == "__main__":
    main()
