#!/usr/bin/env python3
"""Reference KL divergences for the kNN estimator tests of crates/estimate
(tests/validation.rs), written to crates/estimate/tests/data/knn_kl.json.

Each pair has a closed form; where a quadrature is cheap it is computed too,
independently, and the two must agree to 1e-25 (30-digit mpmath):

  normal_1d       N(0, 1) || N(1, 2^2)            closed form (Penny 2001)
  normal_5d       N(0, L1 L1^T) || N(mu2, L2 L2^T) closed form
                  1/2 [tr(S2^-1 S1) + (mu2-mu1)^T S2^-1 (mu2-mu1) - d + ln(det S2/det S1)]
  exp_gamma       Exp(1) || Gamma(shape 2, rate 1.5)  closed form and quadrature
  laplace_normal  Laplace(0, 1) || N(0.5, 1.5^2)      quadrature (tanh-sinh, split at 0)
                  and the closed form -ln(2b) - 1 + ln(s sqrt(2 pi)) + (2b^2 + mu^2)/(2 s^2)

Pinned: Python 3, mpmath==1.3.0 (pip install -r tools/reference/requirements.txt)
Run:    python3 tools/reference/knn_kl.py
"""
import json
from pathlib import Path

import mpmath
from mpmath import mp, mpf, matrix, log, exp, sqrt, pi, quad, euler, loggamma, inf, lu_solve, det

mp.dps = 30
OUT = Path(__file__).resolve().parents[2] / "crates" / "estimate" / "tests" / "data" / "knn_kl.json"

# The Cholesky factors and mean of the 5-D test, as in tests/validation.rs.
L1 = [[1.0, 0, 0, 0, 0], [0.5, 1.2, 0, 0, 0], [-0.3, 0.4, 0.9, 0, 0],
      [0.2, -0.1, 0.3, 1.1, 0], [0.1, 0.2, -0.2, 0.4, 0.8]]
L2 = [[1.5, 0, 0, 0, 0], [-0.4, 1.3, 0, 0, 0], [0.3, 0.2, 1.4, 0, 0],
      [0.0, 0.5, -0.3, 1.2, 0], [0.2, -0.3, 0.1, 0.2, 1.6]]
MU2 = [0.5, -0.3, 0.2, 0.0, 0.4]


def normal_1d():
    m1, s1, m2, s2 = mpf(0), mpf(1), mpf(1), mpf(2)
    return log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mpf(1) / 2


def normal_5d():
    d = 5
    a, b = matrix(L1), matrix(L2)
    s1, s2 = a * a.T, b * b.T
    mu = matrix(MU2)
    tr = sum((lu_solve(s2, s1[:, j]))[j] for j in range(d))
    maha = (mu.T * lu_solve(s2, mu))[0]
    return (tr + maha - d + log(det(s2) / det(s1))) / 2


def exp_gamma():
    lam, a, b = mpf(1), mpf(2), mpf(1.5)
    # E[x] = 1/lam, E[ln x] = -euler - ln lam.
    closed = log(lam) - 1 - (a * log(b) - loggamma(a) + (a - 1) * (-euler - log(lam)) - b / lam)
    ln_p = lambda x: log(lam) - lam * x
    ln_q = lambda x: a * log(b) - loggamma(a) + (a - 1) * log(x) - b * x
    quadrature = quad(lambda x: exp(ln_p(x)) * (ln_p(x) - ln_q(x)), [0, 1, 10, inf])
    assert abs(closed - quadrature) < mpf(10) ** -25, (closed, quadrature)
    return closed


def laplace_normal():
    bl, mu, s = mpf(1), mpf(0.5), mpf(1.5)
    ln_p = lambda x: -log(2 * bl) - abs(x) / bl
    ln_q = lambda x: -log(s * sqrt(2 * pi)) - (x - mu) ** 2 / (2 * s**2)
    quadrature = quad(lambda x: exp(ln_p(x)) * (ln_p(x) - ln_q(x)), [-inf, -10, 0, 10, inf])
    closed = -log(2 * bl) - 1 + log(s * sqrt(2 * pi)) + (2 * bl**2 + mu**2) / (2 * s**2)
    assert abs(closed - quadrature) < mpf(10) ** -25, (closed, quadrature)
    return quadrature


def main():
    refs = {
        "normal_1d": ("N(0,1) || N(1,2^2)", normal_1d()),
        "normal_5d": ("N(0, L1 L1^T) || N(mu2, L2 L2^T), L1, L2, mu2 in the script", normal_5d()),
        "exp_gamma": ("Exp(rate 1) || Gamma(shape 2, rate 1.5)", exp_gamma()),
        "laplace_normal": ("Laplace(0, 1) || N(0.5, 1.5^2)", laplace_normal()),
    }
    doc = {
        "generator": "tools/reference/knn_kl.py",
        "versions": {"mpmath": mpmath.__version__, "dps": mp.dps},
        "references": {k: {"pair": p, "kl_nats": float(v), "kl_30_digits": mpmath.nstr(v, 30)}
                       for k, (p, v) in refs.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    for k, (p, v) in refs.items():
        print(f"{k:16} {mpmath.nstr(v, 20)}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
