#!/usr/bin/env python3
"""SciPy/statsmodels peers of `fit/gamma/*`, `fit/lognormal/*` and
`fit/negbin/1e6` in `benches/fit.rs` (issue #15, item 3).

The data are the benches':
- gamma: stratified samples of Gamma(shape 4, rate 0.05), its quantiles at
  (i + 1/2)/n (`inference.samples`, `scipy.stats.gamma.ppf`; the bench uses
  statrs's inverse CDF, equal to ~1e-13);
- lognormal: exp(1 + 0.5 Φ⁻¹(u)) at u = (i + 1/2)/n (`scipy.stats.lognorm.ppf`;
  the bench uses statrs's Normal inverse CDF, equal to ~1e-15);
- negative binomial: the failures before each third success in one stream
  of Bernoulli(1/4) trials, trial i a success when SplitMix64(i) >> 11 < 2**51
  (integer arithmetic, so the counts are the bench's, bit for bit).

The peers are the one-line fits people use: `scipy.stats.gamma.fit(x, floc=0)`,
`scipy.stats.lognorm.fit(x, floc=0)`, and statsmodels' intercept-only
`NegativeBinomial(y, ones).fit(disp=0)` (NB2: the same family as klfit's
NegativeBinomial(r, p), with r = 1/alpha and p = 1/(1 + alpha·mean)). Each
peer's answer is its log-likelihood over the samples (for SciPy,
`sum(dist.logpdf(x, *params))`; for statsmodels, `llf`), which klfit's must
reach or exceed.

    python3 benches/peers/large_fits.py
"""
import timeit

import numpy as np
import scipy.stats as st

import inference

MU, SIGMA = 1.0, 0.5
NEGBIN_R = 3
NEGBIN_SUCCESS_BELOW = np.uint64(1 << 51)
SIZES = {"1e6": 1_000_000, "1e7": 10_000_000}


def gamma_samples(n):
    return inference.samples(n)


def lognormal_samples(n):
    return st.lognorm(SIGMA, scale=np.exp(MU)).ppf((np.arange(n) + 0.5) / n)


def splitmix64(i):
    """SplitMix64's output for the counters `i` (uint64 array), wrapping."""
    with np.errstate(over="ignore"):
        z = (i + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def negbin_counts(n):
    """The bench's `negbin_counts(n)`: failures before each third success."""
    trials = int(n * NEGBIN_R * 4 * 1.05) + 1000  # mean r/p trials per count, with room
    success = (splitmix64(np.arange(trials, dtype=np.uint64)) >> np.uint64(11)) < NEGBIN_SUCCESS_BELOW
    ends = np.flatnonzero(success)[NEGBIN_R - 1::NEGBIN_R]
    assert len(ends) >= n, "too few trials"
    ends = ends[:n]
    starts = np.concatenate([[-1], ends[:-1]])
    return (ends - starts - NEGBIN_R).astype(np.int64)


def fit_gamma(x):
    a, _, scale = st.gamma.fit(x, floc=0)
    return (a, 1.0 / scale), float(np.sum(st.gamma.logpdf(x, a, scale=scale)))


def fit_lognormal(x):
    s, _, scale = st.lognorm.fit(x, floc=0)
    return (np.log(scale), s), float(np.sum(st.lognorm.logpdf(x, s, scale=scale)))


def fit_negbin(y):
    from statsmodels.discrete.discrete_model import NegativeBinomial

    res = NegativeBinomial(y, np.ones(len(y))).fit(disp=0)
    mean, alpha = np.exp(res.params[0]), res.params[1]
    return (1.0 / alpha, 1.0 / (1.0 + alpha * mean)), float(res.llf)


def main():
    for label, n in SIZES.items():
        repeat = 3 if n <= 1_000_000 else 1
        for name, make, f in [("gamma", gamma_samples, fit_gamma),
                              ("lognormal", lognormal_samples, fit_lognormal)]:
            x = make(n)
            t = min(timeit.repeat(lambda: f(x), number=1, repeat=repeat))
            params, ll = f(x)
            print(f"fit/{name}/{label}: {t * 1e3:.1f} ms (best of {repeat}), params {params}, "
                  f"loglik {ll!r}")
    y = negbin_counts(1_000_000)
    t = min(timeit.repeat(lambda: fit_negbin(y), number=1, repeat=3))
    params, ll = fit_negbin(y)
    print(f"fit/negbin/1e6: {t * 1e3:.1f} ms (best of 3), (r, p) {params}, loglik {ll!r}")


if __name__ == "__main__":
    main()
