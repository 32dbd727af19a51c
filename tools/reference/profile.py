#!/usr/bin/env python3
"""Profile-likelihood intervals and fits with a parameter held fixed, for
crates/fit tests (issue #14, items 2 and 4).

Reads crates/fit/tests/data/groundbeef.csv (column "serving") and
faithful_waiting.csv (column "waiting") and writes
crates/fit/tests/data/profile.json with, for each (data set, family):

* "mle", "loglik": the maximum-likelihood estimate and log-likelihood;
* "profile_95": for every parameter psi, the 95% profile-likelihood
  interval {psi : 2 (l(mle) - l_p(psi)) <= chi2_1(0.95)}, where
  l_p(psi) = max over the other parameter of l. The inner maximisation is
  in closed form where it exists (gamma: beta = alpha / mean x; Weibull:
  scale = (mean x^k)^(1/k); lognormal and Normal: the mean and the root
  mean square of the deviations) and otherwise mpmath.findroot on the
  analytic score of the other parameter; the ends are mpmath.findroot
  (Anderson's method, bracketed) on the deviance;
* "fixed": maximum-likelihood fits with one parameter held (the other
  by the same inner maximisation), with the log-likelihood, cross-checked
  against SciPy's fit with that parameter frozen (f0/f1, floc=0).

Everything at 40 significant digits on the f64 values klfit reads, rounded
to f64 at the end. Parameters (klfit's): gamma alpha (shape), beta (rate);
weibull shape, scale; lognormal mu, sigma (of ln x); normal mu, sigma
(divisor n).

Pinned: Python 3.11.7, mpmath 1.3.0, NumPy 2.4.6, SciPy 1.17.1 (see
tools/reference/requirements.txt).
Run:    python3 tools/reference/profile.py   (from the repository root; a few
        seconds)
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
CUT = mpf(stats.chi2.ppf(0.95, 1))  # refined below at 40 digits


def read_csv(fname, column):
    with open(os.path.join(DATA, fname)) as f:
        rows = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    assert rows[0] == column, (fname, rows[0])
    return [float(r) for r in rows[1:]]


class Family:
    """ln L, the inner maximiser over the other parameter, and the MLE."""

    def __init__(self, name, xs):
        self.name = name
        self.x = [mpf(v) for v in xs]
        self.n = len(xs)
        self.slx = mpmath.fsum(mpmath.log(v) for v in self.x)
        self.sx = mpmath.fsum(self.x)

    def loglik(self, t):
        a, b = t
        n, x = self.n, self.x
        if self.name == "gamma":
            return n * (a * mpmath.log(b) - mpmath.loggamma(a)) + (a - 1) * self.slx - b * self.sx
        if self.name == "weibull":
            return (n * mpmath.log(a) - n * a * mpmath.log(b) + (a - 1) * self.slx
                    - mpmath.fsum((v / b) ** a for v in x))
        if self.name == "lognormal":
            return (-self.slx - n * mpmath.log(b) - n * mpmath.log(2 * mpmath.pi) / 2
                    - mpmath.fsum((mpmath.log(v) - a) ** 2 for v in x) / (2 * b * b))
        if self.name == "normal":
            return (-n * mpmath.log(b) - n * mpmath.log(2 * mpmath.pi) / 2
                    - mpmath.fsum((v - a) ** 2 for v in x) / (2 * b * b))
        raise ValueError(self.name)

    def inner(self, j, psi):
        """The other parameter maximising ln L with parameter j = psi."""
        n, x = self.n, self.x
        if self.name == "gamma":
            if j == 0:
                return psi * n / self.sx
            # digamma(a) = ln beta + mean ln x
            rhs = mpmath.log(psi) + self.slx / n
            return mpmath.findroot(lambda a: mpmath.digamma(a) - rhs, self.mle[0])
        if self.name == "weibull":
            if j == 0:
                return (mpmath.fsum(v ** psi for v in x) / n) ** (1 / psi)
            lam = psi

            def score_k(k):
                return (n / k - n * mpmath.log(lam) + self.slx
                        - mpmath.fsum((v / lam) ** k * mpmath.log(v / lam) for v in x))
            return mpmath.findroot(score_k, self.mle[0])
        ys = [mpmath.log(v) for v in x] if self.name == "lognormal" else x
        if j == 0:
            return mpmath.sqrt(mpmath.fsum((y - psi) ** 2 for y in ys) / n)
        return mpmath.fsum(ys) / n

    def full(self, j, psi):
        o = self.inner(j, psi)
        return [psi, o] if j == 0 else [o, psi]

    def profile(self, j, psi):
        return self.loglik(self.full(j, psi))

    def fit(self):
        n, x = self.n, self.x
        if self.name in ("lognormal", "normal"):
            ys = [mpmath.log(v) for v in x] if self.name == "lognormal" else x
            mu = mpmath.fsum(ys) / n
            self.mle = [mu, mpmath.sqrt(mpmath.fsum((y - mu) ** 2 for y in ys) / n)]
            return
        start = {"gamma": lambda: stats.gamma.fit(np.array(x, dtype=float), floc=0)[0],
                 "weibull": lambda: stats.weibull_min.fit(np.array(x, dtype=float), floc=0)[0]}
        a0 = mpf(start[self.name]())
        # The profile of parameter 0 is one-dimensional: maximise it.
        self.mle = [a0, None]
        a = mpmath.findroot(lambda a: mpmath.diff(lambda s: self.profile(0, s), a), a0)
        self.mle = self.full(0, a)


def interval(fam, j, cut):
    """The two ends of {psi : 2 (l_hat - l_p(psi)) <= cut}."""
    lhat = fam.loglik(fam.mle)
    h = fam.mle[j]

    def dev(psi):
        return 2 * (lhat - fam.profile(j, psi)) - cut

    # Step out from the MLE until the deviance is positive, then bracket.
    se = abs(h) * mpf("0.05")
    ends = []
    for side in (-1, 1):
        step = se
        inside = h
        while True:
            psi = h + side * step
            if psi <= 0 and fam.name != "normal" and not (fam.name == "lognormal" and j == 0):
                psi = inside / 2
            if dev(psi) > 0:
                break
            inside = psi
            step *= 2
        ends.append(mpmath.findroot(dev, (inside, psi), solver="anderson"))
    return ends


def main():
    global CUT
    CUT = mpmath.findroot(lambda c: mpmath.gammainc(mpf(1) / 2, 0, c / 2, regularized=True)
                          - mpf("0.95"), CUT)
    sets = {
        "groundbeef": (read_csv("groundbeef.csv", "serving"), ["gamma", "weibull", "lognormal"],
                       {"gamma": ("alpha", 4.0), "weibull": ("shape", 2.0),
                        "lognormal": ("sigma", 0.5)}),
        "faithful_waiting": (read_csv("faithful_waiting.csv", "waiting"), ["normal", "gamma"],
                             {"normal": ("sigma", 10.0), "gamma": ("alpha", 30.0)}),
    }
    out = {
        "generated_by": "tools/reference/profile.py",
        "versions": {"python": platform.python_version(), "mpmath": mpmath.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "chi2_1_095": float(CUT),
        "datasets": {},
    }
    for ds, (xs, families, fixed) in sets.items():
        res = {}
        for name in families:
            fam = Family(name, xs)
            fam.fit()
            names = {"gamma": ["alpha", "beta"], "weibull": ["shape", "scale"],
                     "lognormal": ["mu", "sigma"], "normal": ["mu", "sigma"]}[name]
            entry = {"mle": {k: float(v) for k, v in zip(names, fam.mle)},
                     "loglik": float(fam.loglik(fam.mle)), "profile_95": {}}
            for j, pn in enumerate(names):
                lo, hi = interval(fam, j, CUT)
                entry["profile_95"][pn] = [float(lo), float(hi)]
            if name in fixed:
                pn, v = fixed[name]
                j = names.index(pn)
                t = fam.full(j, mpf(v))
                ll = fam.loglik(t)
                arr = np.array(xs)
                if name == "gamma":
                    sp = stats.gamma.fit(arr, fa=v, floc=0)
                    sp_free = 1 / sp[2]
                elif name == "weibull":
                    sp = stats.weibull_min.fit(arr, f0=v, floc=0)
                    sp_free = sp[2]
                elif name == "lognormal":
                    sp = stats.lognorm.fit(arr, f0=v, floc=0)
                    sp_free = np.log(sp[2])
                else:
                    sp = stats.norm.fit(arr, fscale=v)
                    sp_free = sp[0]
                other = names[1 - j]
                assert abs(float(t[1 - j]) - sp_free) <= 1e-4 * abs(sp_free), (ds, name, t, sp)
                entry["fixed"] = {"held": {pn: v}, "params": {other: float(t[1 - j])},
                                  "loglik": float(ll), "scipy_free_param": float(sp_free)}
            res[name] = entry
            print(ds, name, entry)
        out["datasets"][ds] = res
    with open(os.path.join(DATA, "profile.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
