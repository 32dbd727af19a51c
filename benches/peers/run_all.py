#!/usr/bin/env python3
"""klfit side by side with the tools users would pick instead (issue #7).

One session, from the repository root:

    python3 benches/peers/run_all.py

1. installs the Python peers' pinned deps (`python3 -m pip install -q -r
   benches/peers/requirements.txt`); PyTorch is used only if `import torch`
   already works, never installed;
2. runs the criterion benches it needs (short warm-up/measurement times) and
   reads each mean from `<target>/criterion/<id>/new/estimates.json`
   (`<target>` = $CARGO_TARGET_DIR or ./target); the answers come from the
   benches themselves through $KLFIT_BENCH_ANSWERS (benches/common/mod.rs);
   the sweep benches and KL at 1e6/1e7 run once more with
   RAYON_NUM_THREADS=1 (baseline `threads1`) against RAYON_NUM_THREADS=2;
3. times the NumPy/SciPy peers on the same workloads (best of repeats);
4. prints one markdown table and writes it to results/benchmarks.md.

Before timing (the benches, then the peers) it waits up to --max-wait
seconds for a 1-minute load average below 0.5 (issue #15) and says in the
table's header whether the machine got that quiet. The header also names the
CPU's SIMD level (from the /proc/cpuinfo flags) and the level klfit's kernels
ran at (`divergence::simd::Level::detect()`, recorded by the benches).

Options: --measurement-time S (default 3), --warm-up-time S (default 1),
--max-wait S (default 300), --skip-pip, --no-write.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "benches" / "peers"
COMMAND = "python3 benches/peers/run_all.py"

# Bench IDs (criterion regex filters, per bench target) this script needs.
SIZES = [1_000, 100_000, 1_000_000, 10_000_000]
BENCHES = {
    "divergence": r"^(kl/discrete|gradient/kl_wrt_p|gradient/kl_wrt_q)/[0-9]+$",
    "distributions": r"^kl/(closed/normal|quadrature/mixture_normal|fixed64/mixture_normal)$",
    "estimate": r"^knn/(1d|5d)/1e5$",
    "fit": r"^(sweep/binomial/1e6|sweep/binomial-forward/1e6|fit/binomial/brent"
    r"|fit/normal/mixture/(forward|reverse)|fit/mixture2/1e6"
    r"|landscape/normal_mixture(-reverse|-forward)?/300x300"
    r"|inference/gamma-bootstrap/1e4|screen/all/1e5"
    r"|fit/(gamma|lognormal)/(1e6|1e7)|fit/negbin/1e6)$",
}
THREAD_IDS = ["sweep/binomial/1e6", "sweep/binomial-forward/1e6", "landscape/normal_mixture/300x300",
              "kl/discrete/1000000", "kl/discrete/10000000"]
# Per bench target, what runs once more on 1 thread (RAYON_NUM_THREADS=1 pins
# both the rayon sweeps and divergence's scoped threads).
THREADS_FILTERS = {
    "fit": r"^(sweep/binomial/1e6|sweep/binomial-forward/1e6|landscape/normal_mixture/300x300)$",
    "divergence": r"^kl/discrete/(1000000|10000000)$",
}


def sh(cmd, env=None, check=True):
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check)


def out(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def read_estimates(baseline):
    """full_id -> mean point estimate (seconds) of every bench in `baseline`."""
    res = {}
    for bj in (target_dir() / "criterion").glob(f"**/{baseline}/benchmark.json"):
        full_id = json.loads(bj.read_text())["full_id"]
        est = json.loads((bj.parent / "estimates.json").read_text())
        res[full_id] = est["mean"]["point_estimate"] * 1e-9
    return res


def read_answers(path):
    """(id, key) -> the bench's answer: a float, or text (the SIMD level)."""
    ans = {}
    for line in Path(path).read_text().splitlines():
        bid, key, val = line.split("\t")
        try:
            ans[(bid, key)] = float(val)
        except ValueError:
            ans[(bid, key)] = val
    return ans


# Quiet enough to time: the 1-minute load average below this (issue #15).
QUIET_LOAD = 0.5
POLL_SECONDS = 5


def wait_for_quiet(max_wait):
    """Waits until the 1-minute load is below QUIET_LOAD, at most `max_wait`
    seconds; returns a sentence for the table's header."""
    start = time.monotonic()
    while True:
        load = os.getloadavg()[0]
        waited = time.monotonic() - start
        if load < QUIET_LOAD:
            return f"quiet (1-min load {load:.2f} < {QUIET_LOAD}, after waiting {waited:.0f} s)"
        if waited >= max_wait:
            return (f"**not quiet**: 1-min load still {load:.2f} ≥ {QUIET_LOAD} after waiting "
                    f"{waited:.0f} s (timed out)")
        print(f"load {load:.2f} ≥ {QUIET_LOAD}: waiting", file=sys.stderr, flush=True)
        time.sleep(POLL_SECONDS)


def cpu_simd_level():
    """The best of klfit's SIMD levels the CPU has, from /proc/cpuinfo's flags."""
    try:
        flags = set()
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags.update(line.split(":", 1)[1].split())
                break
    except OSError:
        return "unknown (no /proc/cpuinfo)"
    if {"avx512f", "avx512dq", "avx512vl", "avx2", "fma"} <= flags:
        return "AVX-512 (avx512f, avx512dq, avx512vl)"
    if {"avx2", "fma"} <= flags:
        return "AVX2 + FMA (no avx512f)" if "avx512f" not in flags else "AVX2 + FMA (avx512f without dq/vl)"
    return "generic (no AVX2 + FMA)"


def run_benches(args, answers_file, quiet):
    crit = ["--warm-up-time", str(args.warm_up_time), "--measurement-time", str(args.measurement_time)]
    env = dict(os.environ, KLFIT_BENCH_ANSWERS=answers_file)
    sh(["cargo", "bench", "-p", "klfit", "--no-run"], env=env)
    quiet.append(("benches", wait_for_quiet(args.max_wait)))
    # Threads: one run pinned to 1 thread (saved as baseline `threads1`), the
    # main run below pinned to 2.
    env1 = dict(env, RAYON_NUM_THREADS="1", KLFIT_BENCH_ANSWERS=answers_file + ".t1")
    for bench, filt in THREADS_FILTERS.items():
        sh(["cargo", "bench", "-p", "klfit", "--bench", bench, "--", *crit,
            "--save-baseline", "threads1", filt], env=env1)
    env2 = dict(env, RAYON_NUM_THREADS="2")
    for bench, filt in BENCHES.items():
        sh(["cargo", "bench", "-p", "klfit", "--bench", bench, "--", *crit, filt], env=env2)
    return read_estimates("new"), read_estimates("threads1"), read_answers(answers_file)


def best(f, number=1, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def number_for(seconds_hint):
    return max(1, int(0.05 / seconds_hint))


def timed(f, repeat=5):
    """Best-of-`repeat` time of f (auto-scaled inner loop) and its answer."""
    t0 = best(f, 1, 1)
    return best(f, number_for(t0), repeat), f()


def fmt_t(t):
    if t is None or not math.isfinite(t):
        return "–"
    for unit, s in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if t >= s:
            return f"{t / s:.3g} {unit}"
    return f"{t / 1e-9:.3g} ns"


def fmt_v(v):
    if isinstance(v, str):
        return v
    return f"{v:.10g}"


def agree(a, b, tol, kind):
    if kind == "at-least":  # klfit's answer a must reach the peer's b
        return a >= b - tol * abs(b)
    if kind == "rel":
        return abs(a - b) <= tol * max(abs(a), abs(b))
    return abs(a - b) <= tol


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--measurement-time", type=float, default=3)
    ap.add_argument("--warm-up-time", type=float, default=1)
    ap.add_argument("--max-wait", type=float, default=300,
                    help="seconds to wait for a 1-minute load below 0.5 before timing")
    ap.add_argument("--skip-pip", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    if not args.skip_pip:
        sh([sys.executable, "-m", "pip", "install", "-q", "-r", str(PEERS / "requirements.txt")])
    sys.path.insert(0, str(PEERS))
    import numpy as np
    import scipy

    import discrete
    import distributions
    import fit as fitpeers
    import inference
    import knn
    import mixture
    import landscape
    import large_fits

    try:
        import torch  # optional; never installed by this script
    except ImportError:
        torch = None

    with tempfile.TemporaryDirectory() as tmp:
        answers_file = str(Path(tmp) / "answers.tsv")
        quiet = []
        est, est1, ans = run_benches(args, answers_file, quiet)
    quiet.append(("peers", wait_for_quiet(args.max_wait)))

    rows = []  # workload, size, peer, peer_t, klfit_id, klfit_ans, peer_ans, tol, kind, target

    def row(workload, size, peer, f, bid, akey, tol, kind="rel", target=None, answer_id=None,
            repeat=5):
        t, a = timed(f, repeat)
        rows.append(dict(workload=workload, size=size, peer=peer, peer_t=t, bid=bid,
                         ka=ans.get((answer_id or bid, akey)), pa=a, tol=tol, kind=kind,
                         target=target))

    # Discrete KL and gradient.
    for n in SIZES:
        p, q = discrete.vectors(n)
        for name, f in discrete.kl_peers(p, q):
            target = None
            if n == 1_000_000 and name.startswith("np.sum"):
                target = 3.0
            if n == 1_000_000 and name.startswith("scipy.stats.entropy"):
                target = 15.0
            if n == 10_000_000 and name.startswith("read-and-sum"):
                target = 1 / 2.5
            if name.startswith("read-and-sum"):
                rows.append(dict(workload="KL discrete (floor)", size=f"{n:.0e}", peer=name,
                                 peer_t=timed(f)[0], bid=f"kl/discrete/{n}", ka=None, pa="–",
                                 tol=None, kind="rel", target=target))
                continue
            row("KL discrete", f"{n:.0e}", name, f, f"kl/discrete/{n}", "kl_nats", 1e-12,
                target=target)
        for gname, name, f in discrete.gradient_peers(p, q):
            row(f"∇ KL discrete ({gname})", f"{n:.0e}", name, lambda f=f: float(f().sum()),
                f"gradient/{gname}/{n}", "sum", 1e-9)
            if torch is not None:
                tp, tq = torch.from_numpy(p), torch.from_numpy(q)
                tf = (lambda: torch.log(tp / tq) + 1.0) if gname == "kl_wrt_p" else (lambda: -tp / tq)
                row(f"∇ KL discrete ({gname})", f"{n:.0e}", "torch", lambda tf=tf: float(tf().sum()),
                    f"gradient/{gname}/{n}", "sum", 1e-9)
        if torch is not None:
            tp, tq = torch.from_numpy(p), torch.from_numpy(q)
            row("KL discrete", f"{n:.0e}", "torch.sum(p*torch.log(p/q))",
                lambda: float(torch.sum(tp * torch.log(tp / tq))), f"kl/discrete/{n}", "kl_nats",
                1e-12)
        del p, q

    # Closed form and quadrature.
    row("KL closed form N(0,1)‖N(1,2)", "1", "Python math formula", distributions.kl_normal_closed,
        "kl/closed/normal", "kl_nats", 1e-15)
    row("KL quadrature mixture‖N(0,√10)", "1", "scipy.integrate.quad", distributions.kl_mixture_quad,
        "kl/quadrature/mixture_normal", "kl_nats", 1e-12)
    row("KL quadrature mixture‖N(0,√10)", "1 (fixed 64-node rule)", "scipy.integrate.quad",
        distributions.kl_mixture_quad, "kl/fixed64/mixture_normal", "kl_nats", 1e-12)

    # Binomial sweep on the worms, 1e6 points.
    probs = fitpeers.WORMS / fitpeers.WORMS.sum()
    grid = np.linspace(0.0, 1.0, fitpeers.GRID)

    def argmin_p(f):
        return lambda: float(grid[int(np.nanargmin(f(grid, probs)))])

    row("binomial sweep (worms)", "1e6", "NumPy sufficient statistics",
        argmin_p(fitpeers.sufficient_statistics_sweep), "sweep/binomial-forward/1e6", "p", 0,
        kind="abs", target=1.0)
    row("binomial sweep (worms)", "1e6", "scipy.stats.binom.pmf broadcasting",
        argmin_p(fitpeers.pmf_broadcast_sweep), "sweep/binomial-forward/1e6", "p", 0, kind="abs",
        target=100.0, repeat=3)
    row("binomial sweep (worms), fwd+rev", "1e6", "NumPy sufficient statistics (fwd only)",
        argmin_p(fitpeers.sufficient_statistics_sweep), "sweep/binomial/1e6", "p", 0, kind="abs")

    # 300 x 300 landscapes.
    def min_of(f):
        return lambda: landscape.answers(f())["min_nats"]

    row("reverse-KL landscape (μ,σ)", "300×300", f"NumPy broadcasting, {landscape.NODES}-node GH",
        min_of(landscape.reverse_landscape), "landscape/normal_mixture-reverse/300x300", "min_nats",
        1e-6, target=10.0, answer_id="landscape/normal_mixture/300x300/reverse")
    row("forward-KL landscape (μ,σ)", "300×300", "NumPy broadcasting, 16-node GH per component",
        min_of(landscape.forward_landscape), "landscape/normal_mixture-forward/300x300", "min_nats",
        1e-6, answer_id="landscape/normal_mixture/300x300/forward")
    row("both landscapes + minima", "300×300", "NumPy reverse + forward",
        lambda: (landscape.forward_landscape(),
                 landscape.answers(landscape.reverse_landscape())["min_nats"])[1],
        "landscape/normal_mixture/300x300", "min_nats", 1e-6,
        answer_id="landscape/normal_mixture/300x300/reverse")
    rev_surface_sum = landscape.answers(landscape.reverse_landscape())["sum_nats"]

    # Fits.
    row("fit Binomial(10,p), forward, Brent", "1", "minimize_scalar(bounded) + binom.logpmf",
        lambda: float(fitpeers.binomial_brent(probs).x), "fit/binomial/brent", "p", 1e-8,
        kind="abs")
    row("fit Normal to mixture, forward, L-BFGS", "1", "SciPy L-BFGS-B + quad",
        lambda: math.exp(fitpeers.forward_fit().x[1]), "fit/normal/mixture/forward", "sigma", 1e-6,
        kind="abs")
    row("fit Normal to mixture, reverse, L-BFGS", "1", "SciPy L-BFGS-B + quad",
        lambda: float(fitpeers.reverse_fit().x[0]), "fit/normal/mixture/reverse", "mu", 1e-5,
        kind="abs", target=50.0)
    mix_x = mixture.samples()
    row("fit 2-Normal mixture (EM), log-likelihood", "1e6", "sklearn GaussianMixture(2)",
        lambda: mixture.fit_sklearn(mix_x)[1], "fit/mixture2/1e6", "loglik", 1e-12,
        kind="at-least", target=1.0, repeat=3)
    del mix_x

    # Inference and screening (issue #14).
    gx = inference.samples(10_000)
    row("gamma fit + SEs + 1000-replicate bootstrap CIs", "1e4",
        "scipy.stats.bootstrap over gamma.fit(floc=0)", lambda: inference.gamma_bootstrap(gx)[0],
        "inference/gamma-bootstrap/1e4", "shape", 1e-6, target=50.0, repeat=1)
    sx = inference.samples(100_000)
    t_screen, lls = timed(lambda: inference.screen(sx), repeat=1)
    for i, (name, ll) in enumerate(lls.items()):
        rows.append(dict(workload=f"--model all: loglik {name}", size="1e5",
                         peer="loop of scipy.stats.<dist>.fit", peer_t=t_screen,
                         bid="screen/all/1e5", ka=ans.get(("screen/all/1e5", f"loglik_{name}")),
                         pa=ll, tol=1e-9, kind="at-least", target=20.0 if i == 0 else None))
    del gx, sx

    # kNN KL from samples (issue #16): the same draws in both (an LCG and
    # Box-Muller), so the estimates agree to rounding.
    for d, label in ((1, "1-D"), (5, "d=5")):
        kx, ky = knn.samples(100_000, d)
        for name, f in knn.peers(kx, ky):
            row(f"kNN KL 1e5×1e5 {label}", "1e5", name, f, f"knn/{d}d/1e5", "kl_nats", 1e-9)
        del kx, ky

    # Fits of large samples (issue #15): timed from the raw samples; klfit's
    # log-likelihood must reach the peer's.
    for label, n in large_fits.SIZES.items():
        repeat = 3 if n <= 1_000_000 else 1
        for name, make, f, peer in [
                ("gamma", large_fits.gamma_samples, large_fits.fit_gamma,
                 "scipy.stats.gamma.fit(x, floc=0)"),
                ("lognormal", large_fits.lognormal_samples, large_fits.fit_lognormal,
                 "scipy.stats.lognorm.fit(x, floc=0)")]:
            x = make(n)
            row(f"fit {name}, log-likelihood", label, peer, lambda f=f, x=x: f(x)[1],
                f"fit/{name}/{label}", "loglik", 1e-9, kind="at-least", target=20.0,
                repeat=repeat)
            del x
    y = large_fits.negbin_counts(1_000_000)
    row("fit negative binomial (counts), log-likelihood", "1e6",
        "statsmodels NegativeBinomial (intercept only)", lambda: large_fits.fit_negbin(y)[1],
        "fit/negbin/1e6", "loglik", 1e-9, kind="at-least", target=20.0, repeat=3)
    del y

    # Table.
    lines = [
        "| workload | size | peer | peer time | klfit time | ratio peer/klfit | klfit answer "
        "| peer answer | agree (tol) | target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for r in rows:
        kt = est.get(r["bid"])
        ratio = r["peer_t"] / kt if kt else float("nan")
        if r["ka"] is None or r["tol"] is None:
            ok = "–"
        else:
            ok = "yes" if agree(r["ka"], r["pa"], r["tol"], r["kind"]) else "**NO**"
            ok += f" ({r['kind']} {r['tol']:g})"
        tgt = "–"
        if r["target"] is not None:
            met = ratio >= r["target"]
            if r["target"] >= 1:
                want = "faster" if r["target"] == 1 else f"≥ {r['target']:g}× faster"
            else:
                want = f"within {1 / r['target']:g}× of it"
            tgt = f"{want}: {'**met**' if met else '**missed**'}"
            verdicts.append((f"{r['workload']} {r['size']} vs {r['peer']}: {want}", met, ratio))
        lines.append(
            f"| {r['workload']} | {r['size']} | {r['peer']} | {fmt_t(r['peer_t'])} | "
            f"{fmt_t(kt)} (`{r['bid']}`) | {ratio:.3g} | "
            f"{fmt_v(r['ka']) if r['ka'] is not None else '–'} | {fmt_v(r['pa'])} | {ok} | {tgt} |"
        )
    # Threads.
    lines.append("")
    lines.append("| threads workload | 1 thread | 2 threads | speed-up | target ≥ 1.7× |")
    lines.append("|---|---|---|---|---|")
    for bid in THREAD_IDS:
        t1, t2 = est1.get(bid), est.get(bid)
        s = t1 / t2 if t1 and t2 else float("nan")
        met = s >= 1.7
        if bid.startswith("sweep"):
            verdicts.append((f"{bid}: ≥ 1.7× on 2 threads vs 1", met, s))
        lines.append(f"| `{bid}` | {fmt_t(t1)} | {fmt_t(t2)} | {s:.2f}× | "
                     f"{'**met**' if met else '**missed**'} |")

    klfit_sum = ans.get(("landscape/normal_mixture/300x300/reverse", "sum_nats"))
    cpu = "unknown"
    for line in out(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "# klfit benchmarks, side by side with the peers",
        "",
        f"Regenerated by `{COMMAND}` (issue #7); all numbers from one run on {now}.",
        "",
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}",
        f"- SIMD: the CPU has {cpu_simd_level()}; klfit's kernels ran at "
        f"`Level::{ans.get(('simd', 'level'), 'unknown')}` (`divergence::simd::Level::detect()`).",
        "- Load before timing: " + "; ".join(f"{what}: {how}" for what, how in quiet) + ".",
        f"- Versions: {out(['rustc', '--version'])}; Python {platform.python_version()}, "
        f"NumPy {np.__version__}, SciPy {scipy.__version__}"
        + (f", PyTorch {torch.__version__}" if torch is not None else ", PyTorch not installed (skipped)"),
        f"- klfit times: criterion mean point estimate (`target/criterion/<id>/new/estimates.json`), "
        f"--warm-up-time {args.warm_up_time:g} --measurement-time {args.measurement_time:g}, "
        "RAYON_NUM_THREADS=2 (1 for the `threads1` column below). Peer times: best of 5 "
        "(3 for binom.pmf, the mixture and the fits at 1e6; 1 for the bootstrap, the screen and "
        "the fits at 1e7) `timeit` repeats.",
        "- Ratio = peer time / klfit time (> 1: klfit faster). Answers: KL in nats; sweeps the "
        "grid argmin p; landscapes the grid minimum of the surface; fits the fitted parameter "
        "(p, σ, μ) or the log-likelihood. `read-and-sum` is `p.sum()+q.sum()` (the memory-bandwidth floor), target: "
        "klfit within 2.5× of it.",
        "- Landscape peers: the whole 300×300 surface agrees too: sum of the reverse surface "
        f"klfit {fmt_v(klfit_sum) if klfit_sum else '–'} vs NumPy {fmt_v(rev_surface_sum)}.",
        "- The `fwd+rev` sweep and `both landscapes` rows time klfit doing more than the peer "
        "(both directions, plus the minima search).",
        "",
    ]
    summary = ["", "## Targets", ""]
    for name, met, val in verdicts:
        summary.append(f"- {name}: {'met' if met else 'MISSED'} ({val:.3g}×)")
    text = "\n".join(header + lines + summary) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "results").mkdir(exist_ok=True)
        (ROOT / "results" / "benchmarks.md").write_text(text)
        print(f"wrote {ROOT / 'results' / 'benchmarks.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
