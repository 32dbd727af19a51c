//! KL divergence from samples alone: the kNN estimator of Wang, Kulkarni &
//! Verdú (2009) against the closed form, as the sample size grows.
//!
//! Two pairs: N(0, 1)‖N(1, 2²) in one dimension, and two Normals with full
//! (non-diagonal) covariances in five. For each n = m from 10² to 10⁵
//! (seeded draws), the estimate with k = 1 and its half-sampling standard
//! error; the truth is the closed form from the `divergence` crate. In 1-D
//! the estimate sits on the truth from about a thousand samples; in 5-D it
//! is biased low (by ≈ 0.2 nats at n = 500, averaged over seeds in
//! `crates/estimate/tests/it/validation.rs`), a bias that shrinks slowly
//! with n, as the theory says (roughly like n^(−1/d)).
//!
//! Writes `results/knn_kl/`: `estimate_vs_n_1d` and `estimate_vs_n_5d`
//! (SVG and PNG) and `knn_kl.json` with every number.
//!
//! Run: `cargo run --release --example knn_kl`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::statrs::distribution::{MultivariateNormal, Normal};
use klfit::divergence::KlDivergence;
use klfit::estimate::{kl_knn, KnnEstimate, KnnOptions, Samples, Uncertainty};
use klfit::plot::{curves, Curves, Figure, Scale, Series};
use serde_json::json;

/// Sample sizes n = m of the published figure.
const SIZES: [usize; 10] = [
    100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
];
/// Half-samples per standard error.
const REPLICATES: usize = 30;
/// Seed of the draws and of the half-sampling.
const SEED: u64 = 2009;
/// Lower Cholesky factor of P's covariance in 5-D (row-major; as in
/// `crates/estimate/tests/it/validation.rs`).
const L1: [f64; 25] = [
    1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.2, 0.0, 0.0, 0.0, -0.3, 0.4, 0.9, 0.0, 0.0, 0.2, -0.1, 0.3,
    1.1, 0.0, 0.1, 0.2, -0.2, 0.4, 0.8,
];
/// Lower Cholesky factor of Q's covariance in 5-D.
const L2: [f64; 25] = [
    1.5, 0.0, 0.0, 0.0, 0.0, -0.4, 1.3, 0.0, 0.0, 0.0, 0.3, 0.2, 1.4, 0.0, 0.0, 0.0, 0.5, -0.3,
    1.2, 0.0, 0.2, -0.3, 0.1, 0.2, 1.6,
];
/// Q's mean in 5-D (P's is 0).
const MU2: [f64; 5] = [0.5, -0.3, 0.2, 0.0, 0.4];

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/knn_kl");
    let runs = run(&out, &SIZES, REPLICATES)?;
    for r in &runs {
        println!("{} (true KL = {:.4} nats)", r.name, r.truth);
        for e in &r.estimates {
            println!(
                "  n = m = {:>6}: {:.4} ± {:.4} nats ({:+.2} SE from the truth)",
                e.n,
                e.estimate,
                e.std_error,
                (e.estimate - r.truth) / e.std_error
            );
        }
    }
    println!("written to {}", out.display());
    Ok(())
}

/// One pair of distributions: its estimates over the sample sizes.
struct Run {
    name: &'static str,
    stem: &'static str,
    truth: f64,
    estimates: Vec<KnnEstimate>,
}

/// SplitMix64 uniforms and Box–Muller Normals (Steele, Lea & Flood 2014).
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (((z ^ (z >> 31)) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    /// `n` draws of N(mean, L Lᵀ).
    fn mvn(&mut self, n: usize, mean: &[f64], l: &[f64]) -> Result<Samples, Box<dyn Error>> {
        let d = mean.len();
        let mut data = Vec::with_capacity(n * d);
        let mut z = vec![0.0; d];
        for _ in 0..n {
            z.iter_mut().for_each(|v| *v = self.normal());
            for i in 0..d {
                data.push(mean[i] + (0..=i).map(|j| l[i * d + j] * z[j]).sum::<f64>());
            }
        }
        Ok(Samples::from_row_major(data, d)?)
    }
}

/// Σ = L Lᵀ, row-major.
fn covariance(l: &[f64], d: usize) -> Vec<f64> {
    let mut s = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..d {
            s[i * d + j] = (0..d).map(|k| l[i * d + k] * l[j * d + k]).sum();
        }
    }
    s
}

fn run(out: &Path, sizes: &[usize], replicates: usize) -> Result<Vec<Run>, Box<dyn Error>> {
    let options = KnnOptions::new().with_uncertainty(Uncertainty::HalfSampling {
        replicates,
        seed: SEED,
    })?;
    // The truths, from the divergence crate's closed forms.
    let truth_1d = Normal::new(0.0, 1.0)?.kl_divergence(&Normal::new(1.0, 2.0)?)?;
    let truth_5d = MultivariateNormal::new(vec![0.0; 5], covariance(&L1, 5))?
        .kl_divergence(&MultivariateNormal::new(MU2.to_vec(), covariance(&L2, 5))?)?;

    let mut runs = vec![
        Run {
            name: "d = 1, N(0, 1) ‖ N(1, 2²)",
            stem: "estimate_vs_n_1d",
            truth: truth_1d,
            estimates: vec![],
        },
        Run {
            name: "d = 5, N(0, Σ₁) ‖ N(μ₂, Σ₂), full Σ",
            stem: "estimate_vs_n_5d",
            truth: truth_5d,
            estimates: vec![],
        },
    ];
    for (i, &n) in sizes.iter().enumerate() {
        let mut rng = Rng(SEED ^ ((i as u64) << 32));
        let (p, q) = (rng.mvn(n, &[0.0], &[1.0])?, rng.mvn(n, &[1.0], &[2.0])?);
        runs[0].estimates.push(kl_knn(&p, &q, &options)?);
        let (p, q) = (rng.mvn(n, &[0.0; 5], &L1)?, rng.mvn(n, &MU2, &L2)?);
        runs[1].estimates.push(kl_knn(&p, &q, &options)?);
    }

    for r in &runs {
        let ns: Vec<f64> = r.estimates.iter().map(|e| e.n as f64).collect();
        let band = |sign: f64| -> Vec<f64> {
            r.estimates
                .iter()
                .map(|e| e.estimate + sign * 1.96 * e.std_error)
                .collect()
        };
        // Solid and dashed alternate by position: the estimate and the
        // truth solid, both band edges dashed.
        let chart = Curves::new(vec![
            Series::new(
                "kNN estimate (k = 1)",
                ns.clone(),
                r.estimates.iter().map(|e| e.estimate).collect(),
            ),
            Series::new("estimate − 1.96 SE (95 % band)", ns.clone(), band(-1.0)),
            Series::new(
                format!("true KL = {:.4} nats (closed form)", r.truth),
                ns.clone(),
                vec![r.truth; ns.len()],
            ),
            Series::new("estimate + 1.96 SE (95 % band)", ns.clone(), band(1.0)),
        ])
        .with_x_scale(Scale::Log);
        curves(
            out.join(r.stem),
            &Figure::new(
                format!("kNN estimate of KL(P‖Q) versus n: {}", r.name),
                "samples n per set (n = m) [–]",
                "KL divergence [nats]",
            ),
            &chart,
        )?;
    }

    let doc = json!({
        "estimator": "kNN KL, Wang, Kulkarni & Verdú (2009), k = 1",
        "klfit_version": env!("CARGO_PKG_VERSION"),
        "uncertainty": format!("half-sampling, {replicates} replicates, seed {SEED}"),
        "seed": SEED,
        "pairs": runs.iter().map(|r| json!({
            "pair": r.name,
            "true_kl_nats": r.truth,
            "estimates": r.estimates.iter().map(|e| json!({
                "n": e.n, "m": e.m, "d": e.d, "k": e.k,
                "estimate_nats": e.estimate,
                "std_error_nats": e.std_error,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "l1": L1, "l2": L2, "mu2": MU2,
    });
    std::fs::write(
        out.join("knn_kl.json"),
        serde_json::to_string_pretty(&doc)? + "\n",
    )?;
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_point_estimates_approach_the_truth() {
        let out = std::env::temp_dir().join(format!("klfit-knn-kl-{}", std::process::id()));
        let runs = run(&out, &[200, 5_000], 10).unwrap();
        // 1-D: within 3 SE at n = 5000 (truth ln 2 + 2/8 − ½, closed form).
        let r = &runs[0];
        approx::assert_relative_eq!(r.truth, 2f64.ln() - 0.25, max_relative = 1e-14);
        let e = r.estimates[1];
        assert!((e.estimate - r.truth).abs() < 3.0 * e.std_error, "{e:?}");
        // 5-D: within 3 SE at n = 5000, and the standard error falls
        // like 1/√n (√25 = 5; at least 3 allows for the noise of 10
        // half-samples).
        let r = &runs[1];
        let (small, large) = (r.estimates[0], r.estimates[1]);
        assert!(
            (large.estimate - r.truth).abs() < 3.0 * large.std_error,
            "{large:?}"
        );
        assert!(
            large.std_error * 3.0 < small.std_error,
            "{small:?} {large:?}"
        );
        for stem in ["estimate_vs_n_1d", "estimate_vs_n_5d"] {
            assert!(out.join(format!("{stem}.png")).exists(), "{stem}");
        }
        assert!(out.join("knn_kl.json").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
