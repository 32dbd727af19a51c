#!/usr/bin/env python3
"""Python/SciPy peers of `benches/distributions.rs`.

    python3 benches/peers/distributions.py

  closed form  KL(N(0,1) || N(1,2)) by the textbook formula in plain Python
               (`math`), peer of `kl/closed/normal`;
  quadrature   KL(0.5 N(-3,1) + 0.5 N(3,1) || N(0, sqrt 10)) by
               `scipy.integrate.quad` over (-inf, inf), integrand in `math`,
               peer of `kl/quadrature/mixture_normal` (and `kl/fixed64/...`).
"""
import math
import timeit

import scipy.integrate

LN_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
SIGMA_Q = math.sqrt(10.0)


def kl_normal_closed(m1=0.0, s1=1.0, m2=1.0, s2=2.0):
    return math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2.0 * s2 * s2) - 0.5


def _ln_mix(x):
    a, b = -0.5 * (x + 3.0) ** 2, -0.5 * (x - 3.0) ** 2
    m = max(a, b)
    return m + math.log(0.5 * math.exp(a - m) + 0.5 * math.exp(b - m)) - LN_SQRT_2PI


def _integrand(x):
    lp = _ln_mix(x)
    lq = -0.5 * (x / SIGMA_Q) ** 2 - math.log(SIGMA_Q) - LN_SQRT_2PI
    return math.exp(lp) * (lp - lq)


def kl_mixture_quad():
    return scipy.integrate.quad(_integrand, -math.inf, math.inf, epsabs=1e-13, epsrel=1e-12)[0]


def best(f, number, repeat=7):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def main():
    for name, f, number in [
        ("closed form KL(N(0,1)||N(1,2)), math", kl_normal_closed, 100_000),
        ("quad KL(mixture||N(0,sqrt10)), scipy.integrate.quad", kl_mixture_quad, 50),
    ]:
        print(f"{name:<55} {best(f, number) * 1e6:>10.3f} us  {f():.16g}")


if __name__ == "__main__":
    main()
