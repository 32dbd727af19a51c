#!/usr/bin/env python3
"""Reference values for crates/divergence/tests/distributions.rs.

Every value is an integral or a sum computed by mpmath at 50 significant
digits (tanh-sinh quadrature split at the modes, mp.quad), independently of
the Rust code, except where a line says otherwise (the two-dimensional
integrals run at 20 digits; the 3-D normal uses the textbook closed form with
an explicit inverse and determinant, a different algorithm from the Rust
Cholesky solve, after checking that form against a 2-D integral). Printed to
20 significant digits.

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


# ------------------------------------------------------------------------
# Densities that are infinite at an end of their support (shape < 1), and
# the multivariate pairs. Parameters are the binary (f64) values the Rust
# tests use.
from mpmath import gamma as G, matrix, det, inverse, lu_solve

mp.dps = 50


def ln_gamma_pdf(shape, rate):
    a, b = mpf(shape), mpf(rate)
    return lambda x: a * log(b) - loggamma(a) + (a - 1) * log(x) - b * x


def ln_beta_pdf(a, b):
    a, b = mpf(a), mpf(b)
    c = loggamma(a + b) - loggamma(a) - loggamma(b)
    return lambda x: c + (a - 1) * log(x) + (b - 1) * log(1 - x)


g08 = ln_gamma_pdf(0.8, 1.5)
half_line = [0, mpf(1) / 4, 1, 4, 16, inf]
beta_sing = ln_beta_pdf(0.5, 2.0)
singular = [
    ("kl_gamma08_gamma2", kl(g08, ln_gamma_pdf(2.0, 1.0), half_line)),
    ("kl_gamma08_exp1", kl(g08, ln_gamma_pdf(1, 1.0), half_line)),
    ("kl_exp1_gamma08", kl(ln_gamma_pdf(1, 1.0), g08, half_line)),
    ("entropy_gamma08", cross_entropy(g08, g08, half_line)),
    ("kl_beta_05_2_beta_2_3", kl(beta_sing, ln_beta_pdf(2.0, 3.0), [0, mpf(1) / 2, 1])),
    ("kl_beta_05_07_beta_2_3", kl(ln_beta_pdf(0.5, 0.7), ln_beta_pdf(2.0, 3.0), [0, mpf(1) / 2, 1])),  # singular at 1 too
]
for name, v in singular:
    print(f"{name} = {nstr(v, 20)}")

# Closed forms (Penny 2001; Gil et al. 2013) as independent checks of the
# singular quadratures above.
from mpmath import psi, beta as Bf


def kl_gamma_closed(a1, b1, a2, b2):
    a1, b1, a2, b2 = map(mpf, (a1, b1, a2, b2))
    return ((a1 - a2) * psi(0, a1) - loggamma(a1) + loggamma(a2)
            + a2 * log(b1 / b2) + a1 * (b2 - b1) / b1)


assert fabs(singular[0][1] - kl_gamma_closed(0.8, 1.5, 2.0, 1.0)) < mpf(10) ** -30
assert fabs(singular[1][1] - kl_gamma_closed(0.8, 1.5, 1, 1.0)) < mpf(10) ** -30
assert fabs(singular[2][1] - kl_gamma_closed(1, 1.0, 0.8, 1.5)) < mpf(10) ** -30

# Categorical: a finite sum. statrs divides by the f64 sum of the inputs,
# which for these inputs is exactly 1.0, so its masses are the f64 inputs.
cat_p = [mpf(0.1), mpf(0.2), mpf(0.3), mpf(0.4)]
cat_q = [mpf(0.25)] * 4
print(f"kl_categorical = {nstr(sum(a * log(a / b) for a, b in zip(cat_p, cat_q)), 20)}")
print(f"entropy_categorical = {nstr(-sum(a * log(a) for a in cat_p), 20)}")


# Dirichlet on the 2-simplex: a 2-D integral, x₁ = v, x₂ = (1 − v)·y.
def ln_dirichlet(alpha):
    al = [mpf(a) for a in alpha]
    c = loggamma(sum(al)) - sum(loggamma(a) for a in al)
    return lambda xs: c + sum((a - 1) * log(x) for a, x in zip(al, xs))


def simplex_kl(alpha, beta):
    lp, lq = ln_dirichlet(alpha), ln_dirichlet(beta)

    def f(v, y):
        xs = (v, (1 - v) * y, (1 - v) * (1 - y))
        a, b = lp(xs), lq(xs)
        return exp(a) * (a - b) * (1 - v)
    return quad(f, [0, 1], [0, 1])


def dirichlet_closed(alpha, beta):
    a, b = [mpf(x) for x in alpha], [mpf(x) for x in beta]
    a0, b0 = sum(a), sum(b)
    return (loggamma(a0) - sum(loggamma(x) for x in a) - loggamma(b0) + sum(loggamma(x) for x in b)
            + sum((x - y) * (psi(0, x) - psi(0, a0)) for x, y in zip(a, b)))


mp.dps = 20
dir_a, dir_b = [1.5, 2.0, 0.7], [2.0, 1.0, 3.0]
kl_dir = simplex_kl(dir_a, dir_b)
print(f"kl_dirichlet = {nstr(kl_dir, 15)}  (2-D quadrature, mp.dps = 20)")
mp.dps = 50
assert fabs(kl_dir - dirichlet_closed(dir_a, dir_b)) < mpf(10) ** -12


# Multivariate normal: 2-D integral at 20 digits, then the textbook closed
# form (explicit inverse and determinant) at 50 digits in 2-D and 3-D.
def mvn_closed(m1, c1, m2, c2):
    k = len(m1)
    m1, m2 = matrix([mpf(x) for x in m1]), matrix([mpf(x) for x in m2])
    c1 = matrix([[mpf(x) for x in row] for row in c1])
    c2 = matrix([[mpf(x) for x in row] for row in c2])
    i2 = inverse(c2)
    d = m2 - m1
    tr = sum((i2 * c1)[i, i] for i in range(k))
    maha = (d.T * i2 * d)[0, 0]
    return (tr + maha - k + log(det(c2) / det(c1))) / 2


def mvn_ln_pdf(m, c):
    m = matrix([mpf(x) for x in m])
    c = matrix([[mpf(x) for x in row] for row in c])
    ic, ld = inverse(c), log(det(c))
    k = len(m)
    return lambda x: -((x - m).T * ic * (x - m))[0, 0] / 2 - ld / 2 - k * log(2 * pi) / 2


m1_2, c1_2 = [0.5, -1.0], [[2.0, 0.3], [0.3, 0.5]]
m2_2, c2_2 = [0.0, 0.0], [[1.0, -0.2], [-0.2, 1.5]]
mp.dps = 20
lp2, lq2 = mvn_ln_pdf(m1_2, c1_2), mvn_ln_pdf(m2_2, c2_2)


def mvn_integrand(x, y):
    v = matrix([x, y])
    a, b = lp2(v), lq2(v)
    return exp(a) * (a - b)


kl_mvn2_quad = quad(mvn_integrand, [-inf, 0.5, inf], [-inf, -1, inf])
mp.dps = 50
kl_mvn2 = mvn_closed(m1_2, c1_2, m2_2, c2_2)
assert fabs(kl_mvn2_quad - kl_mvn2) < mpf(10) ** -12, (kl_mvn2_quad, kl_mvn2)
print(f"kl_mvn_2d = {nstr(kl_mvn2, 20)}  (2-D quadrature agrees to 1e-12)")
m1_3, c1_3 = [1.0, 2.0, -0.5], [[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.8]]
m2_3, c2_3 = [0.0, 1.5, 0.0], [[1.0, 0.1, 0.0], [0.1, 3.0, -0.4], [0.0, -0.4, 0.6]]
print(f"kl_mvn_3d = {nstr(mvn_closed(m1_3, c1_3, m2_3, c2_3), 20)}")
c3 = matrix([[mpf(x) for x in row] for row in c1_3])
print(f"entropy_mvn_3d = {nstr(log(det(2 * pi * mp.e * c3)) / 2, 20)}")

# Issue #12: mixtures with narrow or far-apart components, which a
# quadrature without a break point per component misses.
mp.dps = 50


def kl_1d(lp, lq, points):
    return quad(lambda x: exp(lp(x)) * (lp(x) - lq(x)), points)


spike = ln_mixture([0.999, 0.001], [ln_normal(0, 1), ln_normal(10, 0.0001)])
pts = [-inf, -8, 0, 8, 10 - 0.01, 10 - 0.0005, 10, 10 + 0.0005, 10 + 0.01, 12, inf]
print(f"kl_spike_vs_normal2 = {nstr(kl_1d(spike, ln_normal(0, 2), pts), 20)}")
far = ln_mixture([0.5, 0.5], [ln_normal(-1000, 1), ln_normal(1000, 1)])
pts = [-inf, -1010, -1000, -990, 990, 1000, 1010, inf]
print(f"kl_far_vs_normal1000 = {nstr(kl_1d(far, ln_normal(0, 1000), pts), 20)}")

# Issue #12: a series over a support too large to enumerate from 0:
# KL(Binomial(1e9, 1/2) ‖ Poisson(5e8)), summed over the mode ± 14 sd
# (sd = 15811; the rest is below 1e-40), terms by exact log-gamma.
mp.dps = 30
n, lam = 10 ** 9, mpf(5 * 10 ** 8)
half = mpf(1) / 2
ln_binom_norm = loggamma(n + 1) + n * log(half)


def binom_poisson_term(k):
    lp = ln_binom_norm - loggamma(k + 1) - loggamma(n - k + 1)
    lq = k * log(lam) - lam - loggamma(k + 1)
    return exp(lp) * (lp - lq)


kl_bp = sum(binom_poisson_term(k) for k in range(5 * 10 ** 8 - 221_000, 5 * 10 ** 8 + 221_001))
print(f"kl_binomial_1e9_vs_poisson = {nstr(kl_bp, 20)}")

# Issue #12: Student-t with 2 < df < 3 against a Normal: finite, but the
# integrand decays only like |x|^(1 - df): split at every power of 10 up to
# 1e30 and add the analytic tail beyond (C x^(1-df)/... , below 1e-14).
mp.dps = 40


def kl_t_normal(nu):
    nu = mpf(nu)
    c = loggamma((nu + 1) / 2) - loggamma(nu / 2) - log(nu * pi) / 2
    lt = lambda x: c - (nu + 1) / 2 * log(1 + x * x / nu)
    ln = ln_normal(0, 1)
    f = lambda x: exp(lt(x)) * (lt(x) - ln(x))
    big = mpf(10) ** 30
    body = 2 * quad(f, [0] + [mpf(10) ** k for k in range(0, 31)])
    # beyond L: p ~ C x^-(nu+1), integrand ~ C x^(1-nu)/2, integral C L^(2-nu)/(2(nu-2))
    cc = exp(c) * nu ** ((nu + 1) / 2)
    return body + 2 * cc * big ** (2 - nu) / (2 * (nu - 2))


for nu in ["2.5", "2.1"]:
    print(f"kl_t{nu}_vs_normal = {nstr(kl_t_normal(nu), 20)}")
