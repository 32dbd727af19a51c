"""Reference values for crates/fit tests (worm data, Normal vs mixture).

Run:  python3 tools/reference/fit_worms.py     (mpmath 1.3.0, scipy 1.17.1)
Prints 30-digit values quoted in crates/fit/tests/it/*.rs.
"""
import mpmath as mp
from scipy import optimize

mp.mp.dps = 40
counts = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]
N = sum(counts)
p = [mp.mpf(c) / N for c in counts]
ln2 = mp.log(2)


def kl(a, b):
    return mp.fsum(x * mp.log(x / y) for x, y in zip(a, b) if x > 0)


def binom(pp):
    return [mp.binomial(10, k) * pp**k * (1 - pp) ** (10 - k) for k in range(11)]


def split(t, b=6):
    return [(1 - t) / b if k < b else t / (11 - b) for k in range(11)]


H = -mp.fsum(x * mp.log(x) for x in p)
print("mean", mp.fsum(k * x for k, x in enumerate(p)))
print("H bits", mp.nstr(H / ln2, 30))
print("KL(data||Uniform) bits", mp.nstr(kl(p, [mp.mpf(1) / 11] * 11) / ln2, 30))
print("KL(data||Binom(10,.57)) bits", mp.nstr(kl(p, binom(mp.mpf("0.57"))) / ln2, 30))
print("KL(Binom(10,.57)||data) bits", mp.nstr(kl(binom(mp.mpf("0.57")), p) / ln2, 30))
print("KL(data||Split t=.47) bits", mp.nstr(kl(p, split(mp.mpf("0.47"))) / ln2, 30))
print("log-likelihood Binom", mp.nstr(-N * (H + kl(p, binom(mp.mpf("0.57")))), 30))

# Reverse-KL optimum of Binomial(10, p): root of d/dp KL(q_p || data).
f = lambda pp: kl(binom(pp), p)
prev = mp.findroot(lambda pp: mp.diff(f, pp), mp.mpf("0.55"))
print("reverse Binomial p*", mp.nstr(prev, 30), "KL bits", mp.nstr(f(prev) / ln2, 30))
g = lambda t: kl(split(t), p)
trev = mp.findroot(lambda t: mp.diff(g, t), mp.mpf("0.5"))
print("reverse Split t*", mp.nstr(trev, 30), "KL bits", mp.nstr(g(trev) / ln2, 30))

# Reverse KL( N(mu, s) || 0.5 N(-3,1) + 0.5 N(3,1) ): local minima.
def mix_ln(x):
    return mp.log(0.5 * mp.npdf(x, -3, 1) + 0.5 * mp.npdf(x, 3, 1))


def rkl(mu, s):
    mu, s = mp.mpf(mu), mp.mpf(s)
    h = mp.log(s * mp.sqrt(2 * mp.pi * mp.e))
    return -h - mp.quad(lambda x: mp.npdf(x, mu, s) * mix_ln(x), [-mp.inf, mu - 8 * s, mu, mu + 8 * s, mp.inf])


mp.mp.dps = 20
res = optimize.minimize(lambda v: float(rkl(v[0], v[1])), [3.0, 1.0], method="Nelder-Mead",
                        options={"xatol": 1e-10, "fatol": 1e-14})
print("reverse Normal minimum near +3:", res.x, res.fun)

mp.mp.dps = 30
print("E ln cosh(3X), X~N(0,3.6^2):", mp.nstr(mp.quad(lambda z: mp.npdf(z) * mp.log(mp.cosh(3 * 3.6 * z)), [-mp.inf, 0, mp.inf]), 20))
lam = mp.mpf("5.7")
pois = [mp.exp(-lam) * lam**k / mp.factorial(k) for k in range(11)]
print("KL(data||Poisson(5.7)) bits", mp.nstr(kl(p, pois) / ln2, 30))
# Forward KL(mixture || N(0, sqrt 10)) in nats.
mix = lambda x: 0.5 * mp.npdf(x, -3, 1) + 0.5 * mp.npdf(x, 3, 1)
Hmix = -mp.quad(lambda x: mix(x) * mp.log(mix(x)), [-mp.inf, -3, 0, 3, mp.inf])
CE = 0.5 * mp.log(2 * mp.pi * 10) + mp.mpf(1) / 2
print("KL(mix||N(0,sqrt10)) nats", mp.nstr(CE - Hmix, 25), "H(mix)", mp.nstr(Hmix, 25))

# The broad reverse-KL minimum on mu = 0 and its curvature.
mp.mp.dps = 25


def rkl0(mu, s):
    h = mp.log(s * mp.sqrt(2 * mp.pi * mp.e))
    return -h - mp.quad(lambda x: mp.npdf(x, mu, s) * mix_ln(x), [-mp.inf, mu - 8 * s, -3, 0, 3, mu + 8 * s, mp.inf])


s0 = mp.findroot(lambda s: mp.diff(lambda t: rkl0(0, t), s), 2.74)
print("broad minimum sigma*", s0, "KL", rkl0(0, s0))
print("d2/dmu2", mp.diff(lambda m: rkl0(m, s0), 0, 2), "d2/ds2", mp.diff(lambda t: rkl0(0, t), s0, 2))

# Binned KL for samples: x_i = Phi^{-1}((i + 1/2)/200), Normal MLE, edges -2..2.
from scipy import stats
import numpy as np

x = stats.norm.ppf((np.arange(200) + 0.5) / 200)
mu, sd = x.mean(), np.sqrt(np.mean((x - x.mean()) ** 2))
edges = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
cnt, _ = np.histogram(x, edges)
pb = cnt / cnt.sum()
qb = np.diff(stats.norm.cdf(edges, mu, sd))
qb = qb / qb.sum()
print("samples MLE sd", repr(sd), "binned KL bits", repr(float(np.sum(pb * np.log(pb / qb)) / np.log(2))))
