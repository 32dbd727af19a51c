#!/usr/bin/env python3
"""Parametric-bootstrap goodness-of-fit p-values, for crates/fit tests
(issue #14, item 3), computed independently of klfit with NumPy/SciPy.

For each (data set, family) below: the maximum-likelihood fit (Normal:
mean and standard deviation with divisor n; gamma: scipy.stats.gamma.fit
with floc=0), N_MC samples of the data's size drawn from it with NumPy's
generator, each refitted the same way, and the Kolmogorov-Smirnov,
Cramer-von Mises and Anderson-Darling statistics (fitdistrplus/SciPy
definitions) of the data and of every sample at its own fit;
p = (1 + #{T* >= T}) / (1 + N_MC). The p-values are Monte Carlo estimates:
each is stored with its standard error sqrt(p (1 - p) / N_MC), and a test
must allow for both its own and this Monte Carlo error.

SciPy's scipy.stats.goodness_of_fit is the same procedure except that it
fits the Normal's scale with divisor n - 1 (Lilliefors' convention), so its
p-values for the Normal are recorded only as "scipy_goodness_of_fit", for
comparison.

Reads the one-column CSV files of crates/fit/tests/data/ and writes
crates/fit/tests/data/gof_bootstrap.json.

Pinned: Python 3.11.7, NumPy 2.4.6, SciPy 1.17.1.
Run:    python3 tools/reference/gof_bootstrap.py   (from the repository root;
        about a minute)
"""
import json
import math
import os
import platform

import numpy as np
import scipy
from scipy import stats

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "crates", "fit", "tests", "data")
N_MC = 4999
N_MC_SCIPY = 1999
SEED = 20261203

CASES = [
    # (file, column, klfit family, scipy distribution, known params)
    ("precip.csv", "precip", "normal", stats.norm, {}),
    ("gasoline_yield.csv", "yield", "normal", stats.norm, {}),
    ("gasoline_yield.csv", "yield", "gamma", stats.gamma, {"loc": 0.0}),
    ("groundbeef.csv", "serving", "gamma", stats.gamma, {"loc": 0.0}),
]


def read_csv(fname, column):
    with open(os.path.join(DATA, fname)) as f:
        rows = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    assert rows[0] == column, (fname, rows[0])
    return np.array([float(r) for r in rows[1:]])


def fit(family, x):
    if family == "normal":
        return (x.mean(), x.std())
    a, _, scale = stats.gamma.fit(x, floc=0)
    return (a, scale)


def cdf(family, params, x):
    if family == "normal":
        return stats.norm.cdf(x, params[0], params[1])
    return stats.gamma.cdf(x, params[0], scale=params[1])


def draw(family, params, n, rng):
    if family == "normal":
        return rng.normal(params[0], params[1], n)
    return rng.gamma(params[0], params[1], n)


def statistics(family, x):
    x = np.sort(x)
    n = len(x)
    f = cdf(family, fit(family, x), x)
    i = np.arange(1, n + 1)
    ks = max(np.max(np.abs(f - i / n)), np.max(np.abs(f - (i - 1) / n)))
    cvm = 1 / (12 * n) + np.sum((f - (2 * i - 1) / (2 * n)) ** 2)
    ad = -n - np.sum((2 * i - 1) * (np.log(f) + np.log1p(-f[::-1]))) / n
    return {"ks": ks, "cvm": cvm, "ad": ad}


def main():
    out = {
        "generated_by": "tools/reference/gof_bootstrap.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scipy": scipy.__version__},
        "n_mc_samples": N_MC,
        "cases": [],
    }
    for i, (fname, column, family, dist, known) in enumerate(CASES):
        x = read_csv(fname, column)
        n = len(x)
        rng = np.random.default_rng(SEED + i)
        params = fit(family, x)
        observed = statistics(family, x)
        above = {k: 0 for k in observed}
        for _ in range(N_MC):
            s = statistics(family, draw(family, params, n, rng))
            for k in observed:
                above[k] += s[k] >= observed[k]
        entry = {"file": fname, "family": family, "n": int(n), "statistics": observed,
                 "p_values": {}, "mc_std_error": {}, "scipy_goodness_of_fit": {}}
        for k in observed:
            p = (1 + above[k]) / (1 + N_MC)
            entry["p_values"][k] = p
            entry["mc_std_error"][k] = math.sqrt(max(p * (1 - p), 1.0 / N_MC) / N_MC)
            res = stats.goodness_of_fit(dist, x, known_params=known, statistic=k,
                                        n_mc_samples=N_MC_SCIPY,
                                        rng=np.random.default_rng(SEED + i))
            entry["scipy_goodness_of_fit"][k] = float(res.pvalue)
        print(entry)
        out["cases"].append(entry)
    with open(os.path.join(DATA, "gof_bootstrap.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
