#!/usr/bin/env python3
"""Maximum-likelihood beta-binomial BB(n = 10; α, β) for the worm data.

Reference for examples/custom_model.rs (issue #13): the stationary point of
the mean negative log-likelihood, found with mpmath 1.3.0 at 40 digits by
Newton's method on the numerically differentiated gradient.

    python3 tools/reference/beta_binomial_worms.py
"""
import mpmath as mp

mp.mp.dps = 40
COUNTS = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]
N = 10


def nll(a, b):
    total = sum(COUNTS)
    return -sum(
        c * (mp.log(mp.binomial(N, k)) + mp.log(mp.beta(k + a, N - k + b)) - mp.log(mp.beta(a, b)))
        for k, c in enumerate(COUNTS)
    ) / total


def gradient(a, b):
    return [mp.diff(lambda x: nll(x, b), a), mp.diff(lambda y: nll(a, y), b)]


alpha, beta = mp.findroot(gradient, (mp.mpf("3.5"), mp.mpf("2.6")))
print(f"alpha = {mp.nstr(alpha, 20)}")
print(f"beta  = {mp.nstr(beta, 20)}")
print(f"mean negative log-likelihood = {mp.nstr(nll(alpha, beta), 20)}")
