#!/usr/bin/env python3
"""NumPy/SciPy peers of `benches/divergence.rs`, on bit-identical inputs.

Run from the repository root, right after (or while) the Rust bench runs:

    python3 -m pip install -r benches/peers/requirements.txt
    python3 benches/peers/discrete.py [n ...]

Prints, per n, the best-of-repeats time of `np.sum(p*np.log(p/q))`,
`scipy.special.rel_entr(p, q).sum()`, `scipy.stats.entropy(p, q)` and a
read-and-sum of the two arrays (`p.sum() + q.sum()`), with each answer.
"""
import sys
import timeit

import numpy as np
import scipy
import scipy.special
import scipy.stats

MASK = (1 << 64) - 1


def vectors(n):
    """The LCG of benches/divergence.rs `vectors(n)`, then normalised."""
    state = 0x853C49E6748FEA9B
    out = np.empty(2 * n)
    # vectorised LCG: x_{k} = a^k x_0 + c (a^k - 1)/(a - 1) is awkward mod 2^64;
    # a plain loop is fast enough for n <= 1e7 with Python ints in chunks.
    a, c = 6364136223846793005, 1442695040888963407
    vals = np.empty(2 * n, dtype=np.uint64)
    for i in range(2 * n):
        state = (state * a + c) & MASK
        vals[i] = state
    out = ((vals >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    p, q = out[:n], out[n:]
    return p / p.sum(), q / q.sum()


def best(stmt, number, repeat=7):
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def main():
    sizes = [int(float(a)) for a in sys.argv[1:]] or [1_000, 100_000, 1_000_000]
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"{'n':>10} {'workload':<34} {'time':>12} {'answer':>22}")
    for n in sizes:
        p, q = vectors(n)
        number = max(1, 200_000 // n)
        rows = [
            ("np.sum(p*np.log(p/q))", lambda: np.sum(p * np.log(p / q))),
            ("scipy.special.rel_entr(p,q).sum()", lambda: scipy.special.rel_entr(p, q).sum()),
            ("scipy.stats.entropy(p,q)", lambda: scipy.stats.entropy(p, q)),
            ("read-and-sum p.sum()+q.sum()", lambda: p.sum() + q.sum()),
        ]
        for name, f in rows:
            t = best(f, number)
            print(f"{n:>10} {name:<34} {t * 1e3:>9.4f} ms {f():>22.16g}")


if __name__ == "__main__":
    main()
