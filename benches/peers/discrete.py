#!/usr/bin/env python3
"""NumPy/SciPy peers of `benches/divergence.rs`, on bit-identical inputs.

Run from the repository root (or let `benches/peers/run_all.py` do it):

    python3 -m pip install -r benches/peers/requirements.txt
    python3 benches/peers/discrete.py [n ...]

Prints, per n, the best-of-repeats time and answer of
  KL:        `np.sum(p*np.log(p/q))`, `scipy.special.rel_entr(p, q).sum()`,
             `scipy.stats.entropy(p, q)`, and a read-and-sum of the two
             arrays (`p.sum() + q.sum()`, the memory-bandwidth floor);
  gradient:  `np.log(p/q) + 1` (wrt p) and `-p/q` (wrt q), answer = sum of
             the entries (peers of `gradient/kl_wrt_p|q/n`).
"""
import sys
import timeit

import numpy as np
import scipy
import scipy.special
import scipy.stats

MASK = (1 << 64) - 1
LCG_A, LCG_C = 6364136223846793005, 1442695040888963407
SEED = 0x853C49E6748FEA9B


def _lcg_states(count):
    """`count` successive states of the LCG of benches/divergence.rs.

    The first block is stepped in Python; later blocks jump ahead by the
    block length B at once: s_{k+B} = A_B s_k + C_B (mod 2^64), with uint64
    arithmetic wrapping exactly as Rust's `wrapping_mul`/`wrapping_add`.
    """
    block = min(count, 4096)
    first = np.empty(block, dtype=np.uint64)
    state = SEED
    for i in range(block):
        state = (state * LCG_A + LCG_C) & MASK
        first[i] = state
    a_b, c_b = 1, 0  # compose B steps: s -> a_b s + c_b
    for _ in range(block):
        a_b, c_b = (a_b * LCG_A) & MASK, (c_b * LCG_A + LCG_C) & MASK
    out = np.empty(count, dtype=np.uint64)
    out[:block] = first
    a_b, c_b = np.uint64(a_b), np.uint64(c_b)
    with np.errstate(over="ignore"):
        for start in range(block, count, block):
            stop = min(start + block, count)
            out[start:stop] = out[start - block:stop - block] * a_b + c_b
    return out


def vectors(n):
    """The inputs of benches/divergence.rs `vectors(n)`, bit for bit."""
    vals = _lcg_states(2 * n)
    out = ((vals >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    p, q = out[:n], out[n:]
    return p / p.sum(), q / q.sum()


def best(stmt, number, repeat=7):
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def kl_peers(p, q):
    """(name, callable returning the KL in nats) per peer."""
    return [
        ("np.sum(p*np.log(p/q))", lambda: float(np.sum(p * np.log(p / q)))),
        ("scipy.special.rel_entr(p,q).sum()", lambda: float(scipy.special.rel_entr(p, q).sum())),
        ("scipy.stats.entropy(p,q)", lambda: float(scipy.stats.entropy(p, q))),
        ("read-and-sum p.sum()+q.sum()", lambda: float(p.sum() + q.sum())),
    ]


def gradient_peers(p, q):
    """(klfit gradient name, peer name, callable returning the gradient)."""
    return [
        ("kl_wrt_p", "np.log(p/q)+1", lambda: np.log(p / q) + 1.0),
        ("kl_wrt_q", "-p/q", lambda: -p / q),
    ]


def number_for(n):
    return max(1, 200_000 // n)


def main():
    sizes = [int(float(a)) for a in sys.argv[1:]] or [1_000, 100_000, 1_000_000]
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"{'n':>10} {'workload':<34} {'time':>12} {'answer':>22}")
    for n in sizes:
        p, q = vectors(n)
        for name, f in kl_peers(p, q):
            t = best(f, number_for(n))
            print(f"{n:>10} {name:<34} {t * 1e3:>9.4f} ms {f():>22.16g}")
        for _, name, f in gradient_peers(p, q):
            t = best(f, number_for(n))
            print(f"{n:>10} {'gradient ' + name:<34} {t * 1e3:>9.4f} ms {float(f().sum()):>22.16g}")


if __name__ == "__main__":
    main()
