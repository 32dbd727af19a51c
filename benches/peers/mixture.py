#!/usr/bin/env python3
"""scikit-learn peer of `fit/mixture2/1e6` in `benches/fit.rs` (issue #11).

The data are the bench's: 1e6 stratified samples of 0.3 N(-2, 1) + 0.7 N(3, 1.5),
component 1 taking the first 30 % of the indices, each component's samples its
Normal quantiles at (i + 1/2)/m (scipy.stats.norm.ppf; the bench uses statrs's
inverse CDF, equal to ~1e-15).

The peer is `sklearn.mixture.GaussianMixture(n_components=2)` with its defaults
(k-means initialisation, tol=1e-3, n_init=1, random_state=0), the one-line fit
people use; the answer compared is the total log-likelihood
(`score(X) * n`), which klfit's EM must reach or exceed.

    python3 benches/peers/mixture.py
"""
import timeit

import numpy as np
import scipy.stats
from sklearn.mixture import GaussianMixture


def samples(n=1_000_000):
    m1 = n * 3 // 10
    a = scipy.stats.norm(-2.0, 1.0).ppf((np.arange(m1) + 0.5) / m1)
    b = scipy.stats.norm(3.0, 1.5).ppf((np.arange(n - m1) + 0.5) / (n - m1))
    return np.concatenate([a, b]).reshape(-1, 1)


def fit_sklearn(x):
    gm = GaussianMixture(n_components=2, random_state=0).fit(x)
    return gm, float(gm.score(x) * x.shape[0])


def main():
    x = samples()
    gm, ll = fit_sklearn(x)
    t = min(timeit.repeat(lambda: fit_sklearn(x), number=1, repeat=3))
    print(f"GaussianMixture(2) on 1e6 samples: {t*1e3:.1f} ms, loglik {ll!r}, "
          f"weights {gm.weights_}, means {gm.means_.ravel()}, iterations {gm.n_iter_}")


if __name__ == "__main__":
    main()
