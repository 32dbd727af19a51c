#!/usr/bin/env python3
"""SciPy peer of `benches/estimate.rs`: the kNN KL estimator as people copy
it (scipy.spatial.cKDTree, query k+1 on P for rho, k on Q for nu; the same
formula as klfit's estimate::kl_knn), on the same samples.

    python3 benches/peers/knn.py [n]

Prints per workload the best-of-repeats time and the estimate, for the
default single-threaded query and for workers=-1 (all CPUs).
"""
import sys
import timeit

import numpy as np
import scipy
from scipy.spatial import cKDTree

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from discrete import _lcg_states  # noqa: E402  (the LCG of benches/divergence.rs)


def normals(count):
    """benches/estimate.rs `normals(count)`: Box-Muller, one per uniform pair."""
    s = _lcg_states(2 * count)
    u = ((s >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    return np.sqrt(-2.0 * np.log(u[0::2])) * np.cos(2.0 * np.pi * u[1::2])


def samples(n, d):
    """benches/estimate.rs `samples(n, d)`: P = N(0, I), Q = N(mu, sigma^2 I)."""
    z = normals(2 * n * d)
    mu, sigma = (1.0, 2.0) if d == 1 else (0.5, 1.5)
    return z[: n * d].reshape(n, d), (mu + sigma * z[n * d:]).reshape(n, d)


def knn_kl(x, y, k=1, workers=1):
    """KL(P||Q) from samples x ~ P (n x d) and y ~ Q (m x d)."""
    n, d = x.shape
    m = y.shape[0]
    rho = cKDTree(x).query(x, k=k + 1, workers=workers)[0][:, -1]
    nu = cKDTree(y).query(x, k=k, workers=workers)[0]
    nu = nu if k == 1 else nu[:, -1]
    return d * np.mean(np.log(nu / rho)) + np.log(m / (n - 1))


def peers(x, y):
    """(name, callable returning the estimate in nats) per peer."""
    return [
        ("scipy cKDTree (workers=1)", lambda: float(knn_kl(x, y))),
        ("scipy cKDTree (workers=-1)", lambda: float(knn_kl(x, y, workers=-1))),
    ]


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    for d in (1, 5):
        x, y = samples(n, d)
        for name, f in peers(x, y):
            t = min(timeit.repeat(f, number=1, repeat=5))
            print(f"knn/{d}d/{n:.0e}  {name:<28} {t * 1e3:9.2f} ms  {f():.12g}")


if __name__ == "__main__":
    main()
