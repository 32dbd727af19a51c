#!/usr/bin/env python3
"""Weighted maximum-likelihood fits (issue #14, item 4), for crates/fit tests.

Data: crates/fit/tests/data/faithful_waiting.csv (column "waiting", 272
rows, in file order) with the non-integer weights
    w_i = 0.5 + 0.25 * (i mod 4),   i = 0, 1, ..., 271 (row index).
The weighted log-likelihood l(theta) = sum_i w_i ln q(x_i; theta)
(fitdistrplus::mledist's, there with integer weights) is maximised for
gamma (alpha shape, beta rate), Weibull (shape, scale) and Normal (mu,
sigma), by mpmath.findroot on the analytic weighted score at 40 digits
(Normal: the weighted mean and root-mean-square deviation in closed form);
"std_errors" are the square roots of the diagonal of the inverse observed
information -d^2 l / d theta^2 (mpmath.diff), as fitdistrplus's vcov;
"bic" uses ln(rows), as fitdistrplus (n = length(data)).

Writes crates/fit/tests/data/weights.json.
Pinned: Python 3.11.7, mpmath 1.3.0, SciPy 1.17.1 (starting points only).
Run:    python3 tools/reference/weights.py   (from the repository root;
        a few seconds)
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


def read_csv(fname, column):
    with open(os.path.join(DATA, fname)) as f:
        rows = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    assert rows[0] == column, (fname, rows[0])
    return [float(r) for r in rows[1:]]


def loglik(name, t, x, w):
    a, b = t
    if name == "gamma":
        return mpmath.fsum(wi * (a * mpmath.log(b) - mpmath.loggamma(a) + (a - 1) * mpmath.log(xi)
                                 - b * xi) for xi, wi in zip(x, w))
    if name == "weibull":
        return mpmath.fsum(wi * (mpmath.log(a) - a * mpmath.log(b) + (a - 1) * mpmath.log(xi)
                                 - (xi / b) ** a) for xi, wi in zip(x, w))
    return mpmath.fsum(wi * (-mpmath.log(b) - mpmath.log(2 * mpmath.pi) / 2
                             - (xi - a) ** 2 / (2 * b * b)) for xi, wi in zip(x, w))


def mle(name, x, w):
    W = mpmath.fsum(w)
    if name == "normal":
        mu = mpmath.fsum(wi * xi for xi, wi in zip(x, w)) / W
        return [mu, mpmath.sqrt(mpmath.fsum(wi * (xi - mu) ** 2 for xi, wi in zip(x, w)) / W)]
    xf = np.array([float(v) for v in x])
    if name == "gamma":
        # beta = alpha * W / sum w x; alpha solves the profile score.
        swx = mpmath.fsum(wi * xi for xi, wi in zip(x, w))
        swlx = mpmath.fsum(wi * mpmath.log(xi) for xi, wi in zip(x, w))
        a0 = mpf(stats.gamma.fit(xf, floc=0)[0])
        a = mpmath.findroot(
            lambda a: W * mpmath.log(a * W / swx) - W * mpmath.digamma(a) + swlx, a0)
        return [a, a * W / swx]
    # Weibull: scale^k = sum w x^k / W; k solves the profile score.
    swlx = mpmath.fsum(wi * mpmath.log(xi) for xi, wi in zip(x, w))

    def score(k):
        s0 = mpmath.fsum(wi * xi ** k for xi, wi in zip(x, w))
        s1 = mpmath.fsum(wi * xi ** k * mpmath.log(xi) for xi, wi in zip(x, w))
        return W / k + swlx - W * s1 / s0
    k0 = mpf(stats.weibull_min.fit(xf, floc=0)[0])
    k = mpmath.findroot(score, k0)
    lam = (mpmath.fsum(wi * xi ** k for xi, wi in zip(x, w)) / W) ** (1 / k)
    return [k, lam]


def main():
    xs = read_csv("faithful_waiting.csv", "waiting")
    x = [mpf(v) for v in xs]
    w = [mpf("0.5") + mpf("0.25") * (i % 4) for i in range(len(x))]
    out = {
        "generated_by": "tools/reference/weights.py",
        "versions": {"python": platform.python_version(), "mpmath": mpmath.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "file": "faithful_waiting.csv",
        "weights": "0.5 + 0.25 * (row index mod 4)",
        "total_weight": float(mpmath.fsum(w)),
        "fits": {},
    }
    names = {"gamma": ["alpha", "beta"], "weibull": ["shape", "scale"], "normal": ["mu", "sigma"]}
    for name, pn in names.items():
        t = mle(name, x, w)
        f = lambda a, b: loglik(name, [a, b], x, w)
        # The score must vanish at the optimum.
        g = [mpmath.diff(f, tuple(t), (1, 0)), mpmath.diff(f, tuple(t), (0, 1))]
        assert all(abs(v) < mpf(10) ** -20 for v in g), (name, g)
        h = mpmath.matrix(2, 2)
        h[0, 0] = -mpmath.diff(f, tuple(t), (2, 0))
        h[1, 1] = -mpmath.diff(f, tuple(t), (0, 2))
        h[0, 1] = h[1, 0] = -mpmath.diff(f, tuple(t), (1, 1))
        cov = h ** -1
        ll = loglik(name, t, x, w)
        out["fits"][name] = {
            "params": {pn[0]: float(t[0]), pn[1]: float(t[1])},
            "loglik": float(ll),
            "std_errors": {pn[0]: float(mpmath.sqrt(cov[0, 0])),
                           pn[1]: float(mpmath.sqrt(cov[1, 1]))},
            "aic": float(4 - 2 * ll),
            "bic": float(2 * mpmath.log(len(x)) - 2 * ll),
        }
        print(name, out["fits"][name])
    with open(os.path.join(DATA, "weights.json"), "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
