#!/usr/bin/env python3
"""Reference values for the reverse-KL fast paths of crates/fit (Normal model
against continuous targets): tests in crates/fit/tests/it/reverse.rs.

Reverse KL of N(mu, sigma) against a density p, and its gradient,

    KL(N || p)   = -1/2 ln(2 pi e sigma^2) - E[ln p(mu + sigma Z)],   Z ~ N(0, 1)
    d/dmu KL     = -E[Z ln p(mu + sigma Z)] / sigma
    d/dsigma KL  = -1/sigma - E[(Z^2 - 1) ln p(mu + sigma Z)] / sigma

by mpmath tanh-sinh quadrature in z at 30 digits, split at the standardised
positions of the target's peaks, at 0 and at +-2, +-4, +-8 (so every panel is
smooth), independently of the Rust code (which uses trapezoidal rules on
lattices). Parameters are the binary f64 values the tests see: grid points
are built as Axis::linspace builds them, lower + (upper - lower) * (i / (n - 1)).

Pinned: Python 3, mpmath==1.3.0  (pip install -r tools/reference/requirements.txt)
Run:    python3 tools/reference/reverse_normal.py
Prints one Rust array literal per target, (mu, sigma, kl, d/dmu, d/dsigma).
"""
from mpmath import mp, mpf, quad, log, exp, sqrt, pi, e, npdf, nstr

mp.dps = 30


def ln_mixture(parts):
    """ln sum w_i N(x; m_i, s_i), parts = [(w, m, s)] as Python floats; and
    the cut points m_i, m_i +- 3 s_i."""
    parts = [(mpf(w), mpf(m), mpf(s)) for w, m, s in parts]

    def f(x):
        return log(sum(w * npdf(x, m, s) for w, m, s in parts))

    return f, [m + k * s for _, m, s in parts for k in (-3, 0, 3)]


def reverse(ln_p, peaks, mu, sigma):
    mu, sigma = mpf(mu), mpf(sigma)
    cuts = {mpf(c) for c in (-8, -4, -2, 0, 2, 4, 8)}
    cuts |= {(m - mu) / sigma for m in peaks if abs((m - mu) / sigma) < 12}
    pts = [-mp.inf] + sorted(cuts) + [mp.inf]
    g = lambda z: ln_p(mu + sigma * z)
    e0 = quad(lambda z: npdf(z) * g(z), pts)
    e1 = quad(lambda z: npdf(z) * z * g(z), pts)
    e2 = quad(lambda z: npdf(z) * (z * z - 1) * g(z), pts)
    kl = -log(sigma * sqrt(2 * pi * e)) - e0
    return kl, -e1 / sigma, -1 / sigma - e2 / sigma


def linspace(lower, upper, n, i):
    return lower + (upper - lower) * (i / (n - 1))


TARGETS = {
    # The bench's two-peaked mixture (benches/fit.rs).
    "TWO_PEAKS": [(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)],
    # Unequal weights and widths, peaks close together.
    "LOPSIDED": [(0.3, -1.0, 0.5), (0.7, 2.0, 1.5)],
    # A narrow spike on a broad bump: too narrow for the lattice rule's
    # finest level at sigma = 4 (the adaptive fallback), fine for the
    # landscape's convolution.
    "SPIKE": [(0.2, 0.0, 0.05), (0.8, 1.0, 2.0)],
}

# Points for Objective::value / gradient: the reverse minimum, the broad
# minimum, narrow and wide Normals, far tails.
POINTS = [
    (2.984305988536099, 1.0233685606096181),
    (2.0, 1.5),
    (0.0, 2.743769309091214),
    (0.0, 1.0),
    (3.0, 0.5),
    (-4.2, 0.35),
    (1.5, 3.0),
    (0.0, 5.0),
    (-6.0, 5.0),
    (6.0, 0.5),
    (-0.7, 8.0),
    # Wide, 1.4 sigma beside the spike of SPIKE: too narrow for the lattice
    # rule (adaptive fallback; the old rule accepted 6.6782 here).
    (-5.719063545150502, 4.006688963210702),
    # Cell (i, j) = (90, 247) of the bench's 300 x 300 landscape: the old rule
    # (NormalTrapezoid) gave 3.30475 for TWO_PEAKS here (mpmath 3.304914).
    (-2.3879598662207355, 4.217391304347826),
]

# Cells of the test landscape: mu = linspace(-6, 6, 61), sigma = linspace(0.5, 5, 46).
CELLS = [(0, 0), (7, 3), (30, 0), (30, 45), (45, 10), (60, 45), (15, 22), (52, 31)]

for name, parts in TARGETS.items():
    ln_p, peaks = ln_mixture(parts)
    print(f"// {name}: {parts}")
    print("#[rustfmt::skip]")
    print(f"const {name}_POINTS: [[f64; 5]; {len(POINTS)}] = [")
    for mu, s in POINTS:
        kl, dmu, ds = reverse(ln_p, peaks, mu, s)
        print(f"    [{mu!r}, {s!r}, {nstr(kl, 20)}, {nstr(dmu, 20)}, {nstr(ds, 20)}],")
    print("];")
    print(f"const {name}_CELLS: [(usize, usize, f64); {len(CELLS)}] = [")
    for i, j in CELLS:
        mu, s = linspace(-6.0, 6.0, 61, i), linspace(0.5, 5.0, 46, j)
        kl, _, _ = reverse(ln_p, peaks, mu, s)
        print(f"    ({i}, {j}, {nstr(kl, 20)}),")
    print("];")
