//! Bring your own model: a family defined here, outside the crates, by
//! implementing the public `fit::Family` trait — the template to copy.
//!
//! The family is the beta-binomial BB(n = 10; α, β): each worm keeps each of
//! its 10 teeth with a probability that itself varies from worm to worm
//! (Beta(α, β)), which allows more spread than the binomial. It is fitted
//! to the worm data by minimising KL(data‖model) with L-BFGS on the
//! unconstrained parameters (log α, log β) and compared with the built-in
//! uniform, binomial and split models.
//!
//! Writes `results/custom_model/`: `data_vs_beta_binomial` (SVG, PNG) and
//! `custom_model.json` (the ranked comparison).
//!
//! Run: `cargo run --release --example custom_model`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::statrs::function::beta::ln_beta;
use klfit::divergence::statrs::function::factorial::ln_binomial;
use klfit::divergence::statrs::function::gamma::digamma;
use klfit::fit::{
    compare, Binomial, Comparison, Direction, Family, FitOptions, Param, Split, Support, Target,
    Uniform,
};
use klfit::plot::{bars_with_models, comparison_of, Figure};

/// 100 worms; how many have 0, 1, …, 10 teeth.
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

/// The beta-binomial family with a fixed number of trials `n`.
///
/// ```text
/// ln q(k; α, β) = ln C(n, k) + ln B(k + α, n − k + β) − ln B(α, β),  k = 0…n
/// ∂/∂α ln q = ψ(k + α) − ψ(n + α + β) − ψ(α) + ψ(α + β)
/// ∂/∂β ln q = ψ(n − k + β) − ψ(n + α + β) − ψ(β) + ψ(α + β)
/// ```
/// (Johnson, Kemp & Kotz, *Univariate Discrete Distributions*, 3rd ed., §6.7.2.)
#[derive(Debug, Clone)]
struct BetaBinomial {
    n: u64,
}

impl Family for BetaBinomial {
    fn name(&self) -> String {
        format!("BetaBinomial(n={})", self.n)
    }

    fn params(&self) -> Vec<Param> {
        // Both shapes positive: the default map to the unconstrained space
        // is then log α, log β.
        vec![
            Param::new("alpha", 0.0, f64::INFINITY),
            Param::new("beta", 0.0, f64::INFINITY),
        ]
    }

    fn support(&self) -> Support {
        Support::Integers {
            lower: 0,
            upper: Some(self.n as i64),
        }
    }

    fn ln_density(&self, theta: &[f64], x: f64) -> f64 {
        let (a, b, n) = (theta[0], theta[1], self.n as f64);
        if x.fract() != 0.0 || !(0.0..=n).contains(&x) {
            return f64::NEG_INFINITY;
        }
        ln_binomial(self.n, x as u64) + ln_beta(x + a, n - x + b) - ln_beta(a, b)
    }

    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]) {
        let (a, b, n) = (theta[0], theta[1], self.n as f64);
        let common = digamma(a + b) - digamma(n + a + b);
        grad[0] = digamma(x + a) - digamma(a) + common;
        grad[1] = digamma(n - x + b) - digamma(b) + common;
    }

    fn start(&self) -> Vec<f64> {
        vec![1.0, 1.0]
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/custom_model");
    let table = run(&out)?;
    println!("{table}");
    for r in &table.fits {
        println!(
            "{:<20} {} after {} iterations, gradient norm {:.1e}",
            r.model, r.termination, r.iterations, r.gradient_norm
        );
    }
    println!("written to {}", out.display());
    Ok(())
}

fn run(out: &Path) -> Result<Comparison, Box<dyn Error>> {
    let data = Target::from_counts(&WORMS)?;
    let custom = BetaBinomial { n: 10 };
    let (binomial, split, uniform) = (Binomial::new(10)?, Split::new(11, 6)?, Uniform::new(0, 10)?);
    // Each family's default solver: L-BFGS for the two shapes, Brent for
    // the one-parameter families, none for the uniform.
    let options = FitOptions::new(Direction::Forward);
    let table = compare(&data, &[&custom, &binomial, &split, &uniform], &options)?;

    let support: Vec<i64> = (0..WORMS.len() as i64).collect();
    let observed: Vec<f64> = WORMS.iter().map(|&c| c as f64 / 100.0).collect();
    let report = |name: &str| {
        table
            .fits
            .iter()
            .find(|r| r.model == name)
            .ok_or_else(|| format!("{name} missing from the comparison"))
    };
    let (bb, bin) = (report("BetaBinomial(n=10)")?, report("Binomial(n=10)")?);
    let mut chart = comparison_of(support, &observed, &[(&custom, bb), (&binomial, bin)]);
    chart.observed.label = "observed worms".into();
    bars_with_models(
        out.join("data_vs_beta_binomial"),
        &Figure::new(
            "A user-defined family: beta-binomial versus binomial, KL(data‖model)",
            "number of teeth",
            "probability [–]",
        ),
        &chart,
    )?;
    std::fs::write(
        out.join("custom_model.json"),
        serde_json::to_string_pretty(&table)? + "\n",
    )?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central-difference step and agreement for the score check.
    const FD_STEP: f64 = 1e-6;
    const FD_TOLERANCE: f64 = 1e-6;

    #[test]
    fn score_matches_finite_differences() {
        let f = BetaBinomial { n: 10 };
        for &(a, b) in &[(0.7, 2.5), (3.0, 3.0), (12.0, 0.4)] {
            for k in 0..=10 {
                let x = f64::from(k);
                let mut g = [0.0; 2];
                f.grad_ln_density(&[a, b], x, &mut g);
                let fd_a = (f.ln_density(&[a + FD_STEP, b], x)
                    - f.ln_density(&[a - FD_STEP, b], x))
                    / (2.0 * FD_STEP);
                let fd_b = (f.ln_density(&[a, b + FD_STEP], x)
                    - f.ln_density(&[a, b - FD_STEP], x))
                    / (2.0 * FD_STEP);
                assert!(
                    (g[0] - fd_a).abs() < FD_TOLERANCE,
                    "∂α at k={k}: {} vs {fd_a}",
                    g[0]
                );
                assert!(
                    (g[1] - fd_b).abs() < FD_TOLERANCE,
                    "∂β at k={k}: {} vs {fd_b}",
                    g[1]
                );
            }
        }
    }

    #[test]
    fn pmf_sums_to_one() {
        let f = BetaBinomial { n: 10 };
        let total: f64 = (0..=10)
            .map(|k| f.ln_density(&[2.0, 5.0], f64::from(k)).exp())
            .sum();
        assert!((total - 1.0).abs() < 1e-13);
    }

    #[test]
    fn entry_point_the_extra_parameter_pays_off() {
        let out = std::env::temp_dir().join(format!("klfit-custom-model-{}", std::process::id()));
        let table = run(&out).unwrap();
        let bb = table
            .fits
            .iter()
            .find(|r| r.model == "BetaBinomial(n=10)")
            .unwrap();
        let bin = table
            .fits
            .iter()
            .find(|r| r.model == "Binomial(n=10)")
            .unwrap();
        assert!(bb.converged, "{}", bb.termination);
        // The beta-binomial contains the binomial as α, β → ∞ with α/(α+β) = p,
        // so its optimum cannot be worse.
        assert!(bb.kl_forward_bits.unwrap() < bin.kl_forward_bits.unwrap());
        // Its mean matches the data's (a first-order condition of forward KL
        // for this family is E[k] = 5.7 only approximately; check loosely).
        let (a, b) = (
            bb.params.get("alpha").unwrap(),
            bb.params.get("beta").unwrap(),
        );
        assert!((10.0 * a / (a + b) - 5.7).abs() < 0.2);
        assert!(out.join("data_vs_beta_binomial.png").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
