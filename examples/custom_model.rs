//! Bring your own model: a family defined here, outside the crates, by
//! implementing the public `fit::Model` trait — its name, parameters,
//! support and log-density, nothing else — the template to copy. The score
//! the gradient solvers need comes from automatic differentiation of the
//! log-density (forward-mode dual numbers), and a test checks it with the
//! exported `fit::check_score`.
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

use klfit::divergence::statrs::function::factorial::ln_binomial;
use klfit::fit::{
    compare, Binomial, Comparison, Direction, Family, FitOptions, Model, Param, Real, Split,
    Support, Target, Uniform,
};
use klfit::plot::{bars_with_models, comparison_of, Figure};

/// 100 worms; how many have 0, 1, …, 10 teeth.
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

/// The beta-binomial family with a fixed number of trials `n`.
///
/// ```text
/// ln q(k; α, β) = ln C(n, k) + ln B(k + α, n − k + β) − ln B(α, β),  k = 0…n
/// ```
/// (Johnson, Kemp & Kotz, *Univariate Discrete Distributions*, 3rd ed., §6.7.2.)
/// The formula is all there is: the score `∂ ln q/∂(α, β)` comes from
/// automatic differentiation of `ln_density`.
#[derive(Debug, Clone)]
struct BetaBinomial {
    n: u64,
}

impl Model for BetaBinomial {
    fn name(&self) -> String {
        format!("BetaBinomial(n={})", self.n)
    }

    fn params(&self) -> Vec<Param> {
        // Both shapes positive: the solvers work on log α, log β, and the
        // default start is (1, 1), the uniform mixing distribution.
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

    fn ln_density<D: Real>(&self, theta: &[D], k: f64) -> D {
        let (a, b, n) = (theta[0], theta[1], self.n as f64);
        if k.fract() != 0.0 || !(0.0..=n).contains(&k) {
            return D::from(f64::NEG_INFINITY);
        }
        (a + k).ln_beta(b + (n - k)) - a.ln_beta(b) + ln_binomial(self.n, k as u64)
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/custom_model");
    let table = run(&out)?;
    println!("{table}");
    for r in &table.fits {
        println!(
            "{:<20} {} after {} iterations, gradient norm {:.1e}",
            r.model(),
            r.termination(),
            r.iterations(),
            r.gradient_norm()
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
    let report = |family: &dyn Family| {
        table
            .fits
            .iter()
            .find(|r| r.is_fit_of(family))
            .ok_or_else(|| format!("{} missing from the comparison", family.name()))
    };
    let (bb, bin) = (report(&custom)?, report(&binomial)?);
    let mut chart = comparison_of(support, &observed, &[(&custom, bb), (&binomial, bin)])?;
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

    use klfit::fit::check_score;

    /// Agreement of the fitted shapes with the mpmath optimum (relative):
    /// the objective is flat to 1e-13 within 1e-7 of it, so this checks the
    /// Newton polish on the automatic gradient, not the line search.
    const MLE_TOL: f64 = 1e-10;

    /// The automatic score agrees with finite differences of the formula
    /// (the exported checker), at small, equal and lopsided shapes.
    #[test]
    fn score_matches_finite_differences() {
        let f = BetaBinomial { n: 10 };
        for &(a, b) in &[(0.7, 2.5), (3.0, 3.0), (12.0, 0.4)] {
            for k in 0..=10 {
                check_score(&f, &[a, b], f64::from(k)).unwrap();
            }
        }
    }

    #[test]
    fn pmf_sums_to_one() {
        let f = BetaBinomial { n: 10 };
        let total: f64 = (0..=10)
            .map(|k| Family::ln_density(&f, &[2.0, 5.0], f64::from(k)).exp())
            .sum();
        assert!((total - 1.0).abs() < 1e-13);
    }

    #[test]
    fn entry_point_the_extra_parameter_pays_off() {
        let out = std::env::temp_dir().join(format!("klfit-custom-model-{}", std::process::id()));
        let table = run(&out).unwrap();
        let custom = BetaBinomial { n: 10 };
        let binomial = Binomial::new(10).unwrap();
        let bb = table.fits.iter().find(|r| r.is_fit_of(&custom)).unwrap();
        let bin = table.fits.iter().find(|r| r.is_fit_of(&binomial)).unwrap();
        assert!(bb.converged(), "{}", bb.termination());
        // Two shapes, no closed form: the default gradient solver, on the
        // automatic score.
        assert_eq!(bb.solver(), klfit::fit::Solver::Lbfgs);
        // The maximum-likelihood shapes, from
        // `python3 tools/reference/beta_binomial_worms.py` (mpmath 1.3.0,
        // 40 digits): α = 3.5209484365003113717, β = 2.6337283460617635622.
        let (a, b) = (
            bb.params().get("alpha").unwrap(),
            bb.params().get("beta").unwrap(),
        );
        assert!((a - 3.520_948_436_500_311).abs() < MLE_TOL * a, "α = {a}");
        assert!((b - 2.633_728_346_061_764).abs() < MLE_TOL * b, "β = {b}");
        // The beta-binomial contains the binomial as α, β → ∞ with α/(α+β) = p,
        // so its optimum cannot be worse.
        assert!(bb.kl_forward_bits().unwrap() < bin.kl_forward_bits().unwrap());
        // Its mean matches the data's (a first-order condition of forward KL
        // for this family is E[k] = 5.7 only approximately; check loosely).
        assert!((10.0 * a / (a + b) - 5.7).abs() < 0.2);
        assert!(out.join("data_vs_beta_binomial.png").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
