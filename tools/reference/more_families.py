#!/usr/bin/env python3
"""Exact maximum-likelihood fits of the location-scale and heavy-tailed
families added in issue #14 (item 5), for crates/fit tests.

Reads (paths relative to the repository root) the one-column CSV files
written by tools/reference/real_data.py:
    crates/fit/tests/data/groundbeef.csv, faithful_waiting.csv, rivers.csv,
    precip.csv
and writes
    crates/fit/tests/data/more_families.json -- for every data set, the
    maximum-likelihood fit of laplace, logistic, gumbel, cauchy, student_t,
    inverse_gamma, log_logistic and pareto (x_m fixed at the smallest
    observation, its joint MLE), with the log-likelihood.

Every fit is computed on the f64 values klfit reads from the CSV files:
closed forms for laplace (median, mean |x - median|) and pareto
(alpha = 1 / (mean ln x - ln x_m)); otherwise mpmath.findroot at 40
significant digits on the analytic score, started from SciPy's `fit`
(stats.logistic, gumbel_r, cauchy, t, invgamma and fisk with floc=0). The
score at the reported point is checked to be ~0 by an independent
numerical derivative (mpmath.diff) of the log-likelihood, except for
laplace, whose log-likelihood has a kink at mu = median (checked in b only).
Log-likelihoods are exact mpmath sums, rounded to f64. A fit whose optimum
is at a limit of the parameter space (student_t with nu -> infinity, when
the data are lighter-tailed than any t) is stored with "params": null and
the profile log-likelihood's limit (the Normal's).

Parameter conventions (klfit's): laplace mu, b; logistic mu, s; gumbel (for
maxima) mu, beta; cauchy x0, gamma; student_t mu, sigma, nu; inverse_gamma
alpha (shape), beta (scale: 1/X ~ Gamma(alpha, rate beta)); log_logistic
alpha (scale), beta (shape); pareto alpha with xm recorded.

Pinned: Python 3.11.7, mpmath 1.3.0, NumPy 2.4.6, SciPy 1.17.1 (see
tools/reference/requirements.txt).
Run:    python3 tools/reference/more_families.py   (from the repository root;
        takes about a minute)
"""
import json
import os
import platform

import mpmath
import numpy as np
import scipy
from mpmath import mp, mpf
from scipy import stats

mp.dps = 40

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "crates", "fit", "tests", "data")
GENERATED_BY = "tools/reference/more_families.py"
SETS = ["groundbeef", "faithful_waiting", "rivers", "precip"]
# A fitted student_t nu above this is taken as the Normal limit nu -> infinity.
NU_LIMIT = 1e6


def column(name):
    """The one-column CSV as klfit reads it (skip '#' lines and the header)."""
    with open(os.path.join(DATA, f"{name}.csv")) as f:
        rows = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    return [float(r) for r in rows[1:]]


# ---------------------------------------------------------------------------
# Log-densities and their analytic scores (mpmath)
# ---------------------------------------------------------------------------

def lp_laplace(x, mu, b):
    return -mp.log(2 * b) - abs(x - mu) / b


def lp_logistic(x, mu, s):
    z = (x - mu) / s
    return -z - mp.log(s) - 2 * mp.log1p(mp.exp(-z))


def sc_logistic(x, mu, s):
    z = (x - mu) / s
    t = mp.tanh(z / 2)
    return [t / s, -1 / s + z * t / s]


def lp_gumbel(x, mu, beta):
    z = (x - mu) / beta
    return -mp.log(beta) - z - mp.exp(-z)


def sc_gumbel(x, mu, beta):
    z = (x - mu) / beta
    e = 1 - mp.exp(-z)
    return [e / beta, -1 / beta + z * e / beta]


def lp_cauchy(x, x0, g):
    z = (x - x0) / g
    return -mp.log(mp.pi) - mp.log(g) - mp.log1p(z * z)


def sc_cauchy(x, x0, g):
    z = (x - x0) / g
    return [2 * z / (g * (1 + z * z)), -1 / g + 2 * z * z / (g * (1 + z * z))]


def lp_student_t(x, mu, sigma, nu):
    z = (x - mu) / sigma
    return (mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2
            - mp.log(sigma) - (nu + 1) / 2 * mp.log1p(z * z / nu))


def sc_student_t(x, mu, sigma, nu):
    z = (x - mu) / sigma
    w = 1 + z * z / nu
    return [(nu + 1) * z / (sigma * nu * w),
            -1 / sigma + (nu + 1) * z * z / (sigma * nu * w),
            (mp.digamma((nu + 1) / 2) - mp.digamma(nu / 2)) / 2 - 1 / (2 * nu)
            - mp.log(w) / 2 + (nu + 1) / 2 * z * z / (nu * nu * w)]


def lp_inverse_gamma(x, a, b):
    return a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(x) - b / x


def lp_log_logistic(x, a, b):
    u = b * (mp.log(x) - mp.log(a))
    return mp.log(b) - mp.log(x) + u - 2 * mp.log1p(mp.exp(u))


def sc_log_logistic(x, a, b):
    u = b * (mp.log(x) - mp.log(a))
    d = 1 - 2 / (1 + mp.exp(-u))  # 1 - 2 sigmoid(u)
    return [-b / a * d, 1 / b + (mp.log(x) - mp.log(a)) * d]


def lp_pareto(x, alpha, xm):
    return mp.log(alpha) + alpha * mp.log(xm) - (alpha + 1) * mp.log(x)


def loglik(lp, x, theta):
    return mp.fsum(lp(xi, *theta) for xi in x)


def total_score(sc, x, theta):
    per = [sc(xi, *theta) for xi in x]
    return [mp.fsum(p[i] for p in per) for i in range(len(theta))]


def scaled_score(lp, x, theta, which=None):
    """max_i |theta_i * d(mean loglik)/d theta_i| by mpmath.diff (independent of
    the analytic scores); `which` restricts the check to some parameters."""
    out = []
    for i in (which if which is not None else range(len(theta))):
        def f(t, i=i):
            th = list(theta)
            th[i] = t
            return loglik(lp, x, th)
        out.append(abs(theta[i] * mp.diff(f, theta[i]) / len(x)))
    return max(out)


def entry(names, theta, ll, method, stationarity, **extra):
    e = {"params": {k: float(v) for k, v in zip(names, theta)},
         "loglik": float(ll), "method": method,
         "max_abs_scaled_score": float(stationarity)}
    e.update(extra)
    return e


def root(sc, x, start):
    th = mp.findroot(lambda *t: total_score(sc, x, t), [mpf(v) for v in start])
    return [th[i] for i in range(len(start))]


# ---------------------------------------------------------------------------
# Fits
# ---------------------------------------------------------------------------

def fit_laplace(xf):
    x = sorted(mpf(v) for v in xf)
    n = len(x)
    mu = x[n // 2] if n % 2 else (x[n // 2 - 1] + x[n // 2]) / 2
    b = mp.fsum(abs(xi - mu) for xi in x) / n
    return entry(["mu", "b"], [mu, b], loglik(lp_laplace, x, [mu, b]),
                 "closed form (median; mean |x - median|); score checked in b",
                 scaled_score(lp_laplace, x, [mu, b], which=[1]))


def fit_scipy(lp, sc, names, start, method):
    def fit(xf):
        x = [mpf(v) for v in xf]
        th = root(sc, x, start(xf))
        return entry(names, th, loglik(lp, x, th), method, scaled_score(lp, x, th))
    return fit


def start_logistic(xf):
    mu, s = stats.logistic.fit(xf)
    return [mu, s]


def start_gumbel(xf):
    mu, beta = stats.gumbel_r.fit(xf)
    return [mu, beta]


def start_cauchy(xf):
    x0, g = stats.cauchy.fit(xf)
    return [x0, g]


def start_log_logistic(xf):
    b, _, a = stats.fisk.fit(xf, floc=0)
    return [a, b]


def fit_student_t(xf):
    x = [mpf(v) for v in xf]
    nu0, mu0, s0 = stats.t.fit(xf)
    if nu0 < NU_LIMIT:
        try:
            th = root(sc_student_t, x, [mu0, s0, nu0])
            if 0 < th[2] < NU_LIMIT and th[1] > 0:
                return entry(["mu", "sigma", "nu"], th, loglik(lp_student_t, x, th),
                             "mpmath findroot on the score, 40 digits",
                             scaled_score(lp_student_t, x, th))
        except (ValueError, ZeroDivisionError):
            pass
    # The supremum is the Normal limit: check that the profile log-likelihood
    # still increases in nu at NU_LIMIT.
    n = len(x)
    m = mp.fsum(x) / n
    s = mp.sqrt(mp.fsum((xi - m) ** 2 for xi in x) / n)
    ll_normal = mp.fsum(-((xi - m) / s) ** 2 / 2 for xi in x) - n * (mp.log(s) + mp.log(2 * mp.pi) / 2)
    return {"params": None, "loglik": float(ll_normal),
            "method": f"no finite maximum: SciPy's nu = {nu0:.3g}; the supremum is the Normal "
                      "limit nu -> infinity, whose log-likelihood is given"}


def fit_inverse_gamma(xf):
    x = [mpf(v) for v in xf]
    n = len(x)
    mr = mp.fsum(1 / xi for xi in x) / n
    mlx = mp.fsum(mp.log(xi) for xi in x) / n
    a0, _, _ = stats.invgamma.fit(xf, floc=0)
    # Profile: beta = alpha / mean(1/x); ln alpha - digamma(alpha) = ln mean(1/x) + mean ln x.
    a = mp.findroot(lambda a: mp.log(a) - mp.digamma(a) - mp.log(mr) - mlx, mpf(a0))
    th = [a, a / mr]
    return entry(["alpha", "beta"], th, loglik(lp_inverse_gamma, x, th),
                 "mpmath findroot on the profile score in alpha, 40 digits "
                 "(beta = alpha / mean(1/x)); full score checked",
                 scaled_score(lp_inverse_gamma, x, th))


def fit_pareto(xf):
    x = [mpf(v) for v in xf]
    xm = min(x)
    alpha = len(x) / mp.fsum(mp.log(xi / xm) for xi in x)
    return entry(["alpha"], [alpha], loglik(lp_pareto, x, [alpha, xm]),
                 "closed form alpha = 1 / (mean ln x - ln xm), xm = min(x) fixed",
                 scaled_score(lambda xi, a: lp_pareto(xi, a, xm), x, [alpha]),
                 xm=float(xm))


FITS = {
    "laplace": fit_laplace,
    "logistic": fit_scipy(lp_logistic, sc_logistic, ["mu", "s"], start_logistic,
                          "mpmath findroot on the score, 40 digits"),
    "gumbel": fit_scipy(lp_gumbel, sc_gumbel, ["mu", "beta"], start_gumbel,
                        "mpmath findroot on the score, 40 digits"),
    "cauchy": fit_scipy(lp_cauchy, sc_cauchy, ["x0", "gamma"], start_cauchy,
                        "mpmath findroot on the score, 40 digits"),
    "student_t": fit_student_t,
    "inverse_gamma": fit_inverse_gamma,
    "log_logistic": fit_scipy(lp_log_logistic, sc_log_logistic, ["alpha", "beta"],
                              start_log_logistic, "mpmath findroot on the score, 40 digits"),
    "pareto": fit_pareto,
}


def main():
    out = {
        "generated_by": GENERATED_BY,
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scipy": scipy.__version__, "mpmath": mpmath.__version__},
        "notes": ("Maximum-likelihood fits on the f64 values of each CSV file; loglik is the "
                  "natural-log likelihood summed over the n observations. "
                  "max_abs_scaled_score = max_i |theta_i * d(loglik/n)/d theta_i| at the fit, by "
                  "numerical differentiation in mpmath (40 digits). params null: no finite "
                  "maximum (see method)."),
        "datasets": {},
    }
    for name in SETS:
        xf = column(name)
        fits = {}
        for fam, fit in FITS.items():
            fits[fam] = fit(xf)
            if fits[fam]["params"] is not None:
                assert fits[fam]["max_abs_scaled_score"] < 1e-25, (name, fam, fits[fam])
        out["datasets"][name] = {"file": f"{name}.csv", "n": len(xf), "fits": fits}
    path = os.path.join(DATA, "more_families.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print("Wrote " + os.path.relpath(path, ROOT))
    for name, d in out["datasets"].items():
        for fam, fit in d["fits"].items():
            k = len(fit["params"] or {})
            ps = ", ".join(f"{p}={v:.12g}" for p, v in (fit["params"] or {}).items())
            print(f"  {name:17s} {fam:14s} loglik={fit['loglik']:.13g} "
                  f"AIC={2 * k - 2 * fit['loglik']:.6g}  {ps}  "
                  f"[score {fit.get('max_abs_scaled_score', float('nan')):.1e}]")


if __name__ == "__main__":
    main()
