#!/usr/bin/env python3
"""SciPy peers of `inference/gamma-bootstrap/1e4` and `screen/all/1e5` in
`benches/fit.rs` (issue #14).

The data are the benches': stratified samples of Gamma(shape 4, rate 0.05),
its quantiles at (i + 1/2)/n (`scipy.stats.gamma.ppf`; the benches use
statrs's inverse CDF, equal to ~1e-13).

(a) `scipy.stats.bootstrap` (percentile method, 1000 resamples, seeded) over
    `gamma.fit(x, floc=0)`'s shape, after the fit itself; the answer compared
    is the fitted shape (the bootstrap interval is Monte Carlo: a different
    generator gives a different interval).
(b) the loop people write instead of `klfit fit DATA --model all`:
    `scipy.stats.<dist>.fit` over the same twelve families (`FAMILIES`); the
    answers are the log-likelihoods, which klfit's must reach or exceed.

    python3 benches/peers/inference.py
"""
import timeit

import numpy as np
import scipy.stats as st

SHAPE, RATE = 4.0, 0.05


def samples(n):
    return st.gamma(SHAPE, scale=1.0 / RATE).ppf((np.arange(n) + 0.5) / n)


def gamma_bootstrap(x, replicates=1000, seed=1):
    shape, _, scale = st.gamma.fit(x, floc=0)
    res = st.bootstrap(
        (x,),
        lambda s: st.gamma.fit(s, floc=0)[0],
        n_resamples=replicates,
        method="percentile",
        vectorized=False,
        random_state=np.random.default_rng(seed),
    )
    return shape, res.confidence_interval


# klfit's `screen` candidates for positive samples (fit::candidates), in
# SciPy's names, with the location fixed at 0 where klfit's family has none.
FAMILIES = {
    "normal": (st.norm, {}),
    "lognormal": (st.lognorm, {"floc": 0}),
    "exponential": (st.expon, {"floc": 0}),
    "gamma": (st.gamma, {"floc": 0}),
    "weibull": (st.weibull_min, {"floc": 0}),
    "laplace": (st.laplace, {}),
    "logistic": (st.logistic, {}),
    "gumbel": (st.gumbel_r, {}),
    "cauchy": (st.cauchy, {}),
    "studentt": (st.t, {}),
    "inversegamma": (st.invgamma, {"floc": 0}),
    "loglogistic": (st.fisk, {"floc": 0}),
}


def screen(x):
    """family -> log-likelihood of SciPy's fit."""
    out = {}
    for name, (dist, kw) in FAMILIES.items():
        params = dist.fit(x, **kw)
        out[name] = float(np.sum(dist.logpdf(x, *params)))
    return out


def main():
    x = samples(10_000)
    t = min(timeit.repeat(lambda: gamma_bootstrap(x), number=1, repeat=1))
    shape, ci = gamma_bootstrap(x)
    print(f"(a) gamma fit + 1000-replicate bootstrap, 1e4 samples: {t:.2f} s; shape {shape!r}, CI {ci}")
    y = samples(100_000)
    t = min(timeit.repeat(lambda: screen(y), number=1, repeat=1))
    print(f"(b) {len(FAMILIES)} scipy fits on 1e5 samples: {t:.2f} s; {screen(y)}")


if __name__ == "__main__":
    main()
