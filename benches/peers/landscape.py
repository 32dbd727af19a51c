#!/usr/bin/env python3
"""NumPy peers of `landscape/normal_mixture*/300x300` (benches/fit.rs).

Forward and reverse KL between N(mu, sigma) and 0.5 N(-3,1) + 0.5 N(3,1)
on the bench's 300 x 300 grid (mu in [-6, 6], sigma in [0.5, 5]), each by
NumPy broadcasting over a fixed quadrature grid -- the vectorised way a
NumPy user computes a landscape:

  reverse  KL(N || mix) = E_{t ~ N(0,1)}[ln N(mu + sigma t) - ln mix(mu + sigma t)]
           with K-node probabilists' Gauss-Hermite in t: a (300, 300, K) array;
  forward  KL(mix || N) = -H(mix) - E_mix[ln N(x; mu, sigma)]
           with 16 Gauss-Hermite nodes per mixture component, (300, 300, 32)
           (exact: ln N is quadratic in x); H(mix), one number, by a fine
           trapezoid outside the timing.

    python3 benches/peers/landscape.py [K]

Answers: the grid minimum (value, |mu|, sigma) and the sum of the surface.
"""
import math
import sys
import timeit

import numpy as np

MU = np.linspace(-6.0, 6.0, 300)
SIGMA = np.linspace(0.5, 5.0, 300)
LN_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
NODES = 128


def _gh(k):
    t, w = np.polynomial.hermite_e.hermegauss(k)
    return t, w / math.sqrt(2.0 * math.pi)


def ln_mixture(x):
    return np.logaddexp(-0.5 * (x + 3.0) ** 2, -0.5 * (x - 3.0) ** 2) + math.log(0.5) - LN_SQRT_2PI


def reverse_landscape(k=NODES):
    """KL(N(mu, sigma) || mix), rows sigma, columns mu."""
    t, w = _gh(k)
    sigma = SIGMA[:, None, None]
    x = MU[None, :, None] + sigma * t  # (300, 300, k)
    ln_q = -0.5 * t * t - np.log(sigma) - LN_SQRT_2PI
    return np.sum((ln_q - ln_mixture(x)) * w, axis=-1)


def _neg_entropy_mixture():
    x = np.linspace(-20.0, 20.0, 400_001)
    lp = ln_mixture(x)
    return float(np.sum(np.exp(lp) * lp) * (x[1] - x[0]))


NEG_H = _neg_entropy_mixture()


def forward_landscape(k=16):
    """KL(mix || N(mu, sigma)), rows sigma, columns mu."""
    t, w = _gh(k)
    x = np.concatenate([t - 3.0, t + 3.0])
    wx = np.concatenate([0.5 * w, 0.5 * w])
    neg_h = NEG_H
    sigma = SIGMA[:, None, None]
    z = (x - MU[None, :, None]) / sigma  # (300, 300, 2k)
    ln_n = -0.5 * z * z - np.log(sigma) - LN_SQRT_2PI
    return neg_h - np.sum(ln_n * wx, axis=-1)


def answers(v):
    """Grid minimum (value, |mu|, sigma) and the sum of the finite values."""
    k = int(np.argmin(v))
    j, i = divmod(k, v.shape[1])
    return {
        "min_nats": float(v[j, i]),
        "abs_mu_at_min": abs(float(MU[i])),
        "sigma_at_min": float(SIGMA[j]),
        "sum_nats": float(np.sum(v[np.isfinite(v)])),
    }


def best(f, number=1, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def main():
    k = int(sys.argv[1]) if len(sys.argv) > 1 else NODES
    t = best(lambda: reverse_landscape(k))
    print(f"reverse 300x300, NumPy broadcasting, {k} nodes: {t * 1e3:.1f} ms  "
          f"{answers(reverse_landscape(k))}")
    t = best(forward_landscape)
    print(f"forward 300x300, NumPy broadcasting: {t * 1e3:.1f} ms  {answers(forward_landscape())}")


if __name__ == "__main__":
    main()
