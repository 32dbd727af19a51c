#!/usr/bin/env python3
"""Reference values for crates/divergence/tests/distributions.rs.

Every value is an integral computed by mpmath at 50 significant digits
(tanh-sinh quadrature split at the modes, mp.quad), independently of the
Rust code. Printed to 20 significant digits.

Pinned: Python 3, mpmath==1.3.0  (pip install mpmath==1.3.0)
Run:    python3 tools/reference/distributions.py
"""
from mpmath import mp, mpf, quad, log, exp, sqrt, pi, inf, loggamma, nstr, fabs

mp.dps = 50


def ln_normal(mu, s):
    mu, s = mpf(mu), mpf(s)
    return lambda x: -((x - mu) / s) ** 2 / 2 - log(s) - log(2 * pi) / 2


def ln_mixture(ws, comps):
    def f(x):
        return log(sum(mpf(w) * exp(c(x)) for w, c in zip(ws, comps)))
    return f


def ln_laplace(mu, b):
    mu, b = mpf(mu), mpf(b)
    return lambda x: -fabs(x - mu) / b - log(2 * b)


def ln_student(nu, mu=0, s=1):
    nu, mu, s = mpf(nu), mpf(mu), mpf(s)
    c = loggamma((nu + 1) / 2) - loggamma(nu / 2) - log(sqrt(nu * pi) * s)
    return lambda x: c - (nu + 1) / 2 * log(1 + ((x - mu) / s) ** 2 / nu)


def kl(lp, lq, points):
    return quad(lambda x: exp(lp(x)) * (lp(x) - lq(x)), points)


def cross_entropy(lp, lq, points):
    return quad(lambda x: -exp(lp(x)) * lq(x), points)


mix = ln_mixture([mpf(1) / 2, mpf(1) / 2], [ln_normal(-3, 1), ln_normal(3, 1)])
wide = ln_normal(0, sqrt(10))
line = [-inf, -6, -3, 0, 3, 6, inf]
# Binary (f64) parameter values, as the Rust test sees them.
narrow_p, narrow_q = ln_normal(3, mpf(0.01)), ln_normal(mpf(3.01), mpf(0.02))
narrow_pts = [-inf, mpf("2.9"), mpf("2.98"), 3, mpf("3.02"), mpf("3.1"), inf]
lap, std = ln_laplace(0, 1), ln_normal(0, 1)
t3 = ln_student(3)

values = [
    ("kl_mixture_normal", kl(mix, wide, line)),
    ("kl_normal_mixture", kl(wide, mix, line)),
    ("entropy_mixture", cross_entropy(mix, mix, line)),
    ("cross_entropy_mixture_normal", cross_entropy(mix, wide, line)),
    ("kl_narrow_offset", kl(narrow_p, narrow_q, narrow_pts)),
    ("kl_laplace_normal", kl(lap, std, [-inf, -1, 0, 1, inf])),
    ("kl_normal_laplace", kl(std, lap, [-inf, -1, 0, 1, inf])),
    ("kl_student3_normal", kl(t3, std, [-inf, -10, -1, 0, 1, 10, inf])),
    ("kl_normal_student3", kl(std, t3, [-inf, -1, 0, 1, inf])),
]

for name, v in values:
    print(f"{name} = {nstr(v, 20)}")

# Independent cross-checks of the quadratures above against closed forms
# (differential entropies of Laplace and Student-t, second moments).
from mpmath import digamma, beta as B

h_t3 = 2 * (digamma(2) - digamma(mpf(3) / 2)) + log(sqrt(3) * B(mpf(3) / 2, mpf(1) / 2))
checks = [
    (values[7][1], -h_t3 + log(2 * pi) / 2 + mpf(3) / 2),
    (values[5][1], -(1 + log(2)) + log(2 * pi) / 2 + 1),
    (values[4][1], log(mpf(0.02) / mpf(0.01)) + (mpf(0.01) ** 2 + (mpf(3.01) - 3) ** 2) / (2 * mpf(0.02) ** 2) - mpf(1) / 2),
    (values[3][1], log(2 * pi * 10) / 2 + mpf(1) / 2),
]
for got, want in checks:
    assert fabs(got - want) < mpf(10) ** -30, (got, want)
