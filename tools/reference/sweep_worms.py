"""Reference values for the worm p-sweep test (crates/fit/tests/it/sweeps.rs).

Run:  python3 tools/reference/sweep_worms.py     (mpmath 1.3.0)
Prints KL(data || Binomial(10, p)) in nats, to 25 digits, at grid points
p = i/10000 of `Axis::linspace("p", 0.0, 1.0, 10_001)`, each taken as the
f64 the grid holds (the exact binary value, not the decimal).
"""
import mpmath as mp

mp.mp.dps = 40
counts = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]
N = sum(counts)
data = [mp.mpf(c) / N for c in counts]


def forward_kl(p):
    q = [mp.binomial(10, k) * p**k * (1 - p) ** (10 - k) for k in range(11)]
    return mp.fsum(x * mp.log(x / y) for x, y in zip(data, q) if x > 0)


for i in [1, 500, 3000, 5700, 9000, 9999]:
    p = mp.mpf(i / 10000)  # the f64 i/10000, exactly (Axis::linspace's value)
    print(i, mp.nstr(forward_kl(p), 25))
