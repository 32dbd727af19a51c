//! Variational Bayes on the worm data: approximate a posterior by a Normal
//! by minimising the reverse divergence KL(Normal‖posterior), knowing the
//! posterior only up to its normalising constant.
//!
//! Each worm has 10 tooth sites, each kept with probability `p`; the worms
//! kept 570 of their 1000 sites. Under a uniform prior the posterior is
//! exactly Beta(571, 431). A Normal on `p` itself would put mass outside
//! (0, 1), where the posterior is zero, so KL(Normal‖posterior) would be
//! `+∞` for every Normal; as automatic-differentiation VI does
//! (Kucukelbir et al., *JMLR* 18 (2017), §2.3), the Normal is fitted to
//! the posterior of `θ = logit p`, whose unnormalised log-density is
//! `ln p̃(θ) = 571 ln σ(θ) + 431 ln(1 − σ(θ))` on the whole real line
//! (the Jacobian `p(1 − p)` included). The fit sees only `ln p̃`; the
//! constant `ln Z = ln B(571, 431)` drops out and is added back afterwards
//! to report the divergence itself. KL is invariant under the change of
//! variables, so the numbers compare the logit-normal approximation with
//! the exact Beta on `p`, in both directions (quadrature with error
//! estimates).
//!
//! Writes `results/variational_bayes/`: `posterior` (SVG, PNG) and
//! `variational_bayes.json`.
//!
//! Run: `cargo run --release --example variational_bayes`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::distribution::Density;
use klfit::divergence::quadrature::kl_quadrature;
use klfit::divergence::statrs::distribution::{Beta, Normal as NormalDist};
use klfit::divergence::statrs::function::beta::ln_beta;
use klfit::fit::{Direction, FitOptions, FitReport, Normal, Solver, Target};
use klfit::plot::{densities, Densities, Figure, Series};
use serde_json::json;

/// 100 worms; how many have 0, 1, …, 10 teeth.
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/variational_bayes");
    let v = run(&out)?;
    println!(
        "exact posterior      Beta({}, {}): mean {:.6}, sd {:.6}",
        v.a, v.b, v.beta_mean, v.beta_sd
    );
    println!(
        "variational          logit p ~ N({:.6}, {:.6}) by reverse KL ({}, {} iterations)",
        v.mu,
        v.sigma,
        v.fit.termination(),
        v.fit.iterations()
    );
    println!(
        "KL(approximation‖posterior) = {:.3e} nats (the minimised direction; {:.3e} by quadrature)",
        v.kl_reverse, v.kl_reverse_check
    );
    println!(
        "KL(posterior‖approximation) = {:.3e} nats (± {:.1e}, quadrature)",
        v.kl_forward, v.kl_forward_error
    );
    println!("written to {}", out.display());
    Ok(())
}

struct Variational {
    a: f64,
    b: f64,
    beta_mean: f64,
    beta_sd: f64,
    fit: FitReport,
    mu: f64,
    sigma: f64,
    kl_reverse: f64,
    kl_reverse_check: f64,
    kl_forward: f64,
    kl_forward_error: f64,
}

/// `ln(1 + eˣ)` without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// The exact posterior of `θ = logit p` when `p ~ Beta(a, b)`:
/// `ln p(θ) = a ln σ(θ) + b ln(1 − σ(θ)) − ln B(a, b)`.
#[derive(Debug, Clone, Copy)]
struct LogitBeta {
    a: f64,
    b: f64,
}

impl LogitBeta {
    /// The log-density without its normalising constant.
    fn ln_unnormalized(&self, theta: f64) -> f64 {
        -self.a * softplus(-theta) - self.b * softplus(theta)
    }
}

impl Density for LogitBeta {
    fn ln_density(&self, theta: f64) -> f64 {
        self.ln_unnormalized(theta) - ln_beta(self.a, self.b)
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn centre(&self) -> f64 {
        (self.a / self.b).ln() // the mode
    }
    fn spread(&self) -> f64 {
        (1.0 / self.a + 1.0 / self.b).sqrt() // curvature at the mode
    }
}

fn run(out: &Path) -> Result<Variational, Box<dyn Error>> {
    let kept: u64 = WORMS.iter().enumerate().map(|(k, &c)| k as u64 * c).sum();
    let sites: u64 = 10 * WORMS.iter().sum::<u64>();
    let (a, b) = (kept as f64 + 1.0, (sites - kept) as f64 + 1.0); // uniform prior = Beta(1, 1)
    let posterior = LogitBeta { a, b };

    // The fit sees only the unnormalised log-posterior of θ = logit p.
    let target = Target::unnormalized(move |theta: f64| posterior.ln_unnormalized(theta));
    let fit = FitOptions::new(Direction::Reverse)
        .solver(Solver::Lbfgs)
        .fit(&target, &Normal)?
        .ensure_converged()?;
    let (mu, sigma) = (
        fit.params().get("mu").unwrap_or(f64::NAN),
        fit.params().get("sigma").unwrap_or(f64::NAN),
    );
    // objective = KL(q‖posterior) − ln Z, with Z = B(a, b).
    let kl_reverse = fit.objective_nats() + ln_beta(a, b);
    let normal = NormalDist::new(mu, sigma)?;
    let kl_forward = kl_quadrature(&posterior, &normal)?;
    // The same reverse divergence by quadrature against the normalised
    // posterior: an independent check of `objective + ln Z`.
    let kl_reverse_check = kl_quadrature(&normal, &posterior)?;

    // The two densities on p: Beta, and the logit-normal N(logit p)/(p(1 − p)).
    let beta = Beta::new(a, b)?;
    let (beta_mean, beta_sd) = (
        a / (a + b),
        (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt(),
    );
    let xs: Vec<f64> = (0..=400)
        .map(|i| 0.50 + 0.14 * f64::from(i) / 400.0)
        .collect();
    densities(
        out.join("posterior"),
        &Figure::new(
            "Variational Bayes: the Beta posterior and its reverse-KL logit-normal fit",
            "tooth-keeping probability p [–]",
            "posterior density [1/p]",
        ),
        &Densities::new(
            Series::from_fn(format!("exact posterior Beta({a}, {b})"), xs.clone(), |x| {
                beta.ln_density(x).exp()
            }),
            vec![Series::from_fn(
                format!("variational: logit p ~ N({mu:.4}, {sigma:.4})"),
                xs,
                |p| (normal.ln_density((p / (1.0 - p)).ln()) - (p * (1.0 - p)).ln()).exp(),
            )],
        ),
    )?;
    let v = Variational {
        a,
        b,
        beta_mean,
        beta_sd,
        fit,
        mu,
        sigma,
        kl_reverse,
        kl_reverse_check: kl_reverse_check.value,
        kl_forward: kl_forward.value,
        kl_forward_error: kl_forward.error,
    };
    std::fs::write(
        out.join("variational_bayes.json"),
        serde_json::to_string_pretty(&json!({
            "posterior": { "family": "Beta", "a": a, "b": b, "mean": beta_mean, "sd": beta_sd },
            "variational": { "family": "Normal on logit p", "mu": mu, "sigma": sigma },
            "kl_approximation_posterior_nats": v.kl_reverse,
            "kl_posterior_approximation_nats": v.kl_forward,
            "kl_posterior_approximation_error": v.kl_forward_error,
            "report": v.fit,
        }))? + "\n",
    )?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_point_normal_matches_the_beta_posterior() {
        let out = std::env::temp_dir().join(format!("klfit-vb-{}", std::process::id()));
        let v = run(&out).unwrap();
        assert_eq!((v.a, v.b), (571.0, 431.0)); // 570 of 1000 tooth sites kept
                                                // The logit-normal's centre and width match the Beta's: logit of the
                                                // mode 570/1000, and by the delta method sd(logit p) ≈ sd(p)/(p(1−p))
                                                // with sd(p) = √(ab/((a+b)²(a+b+1))) = 0.015637 for Beta(571, 431).
        let logit_mode = (570.0f64 / 430.0).ln();
        assert!((v.mu - logit_mode).abs() < 1e-2, "{}", v.mu);
        let delta_sd = v.beta_sd / (v.beta_mean * (1.0 - v.beta_mean));
        assert!(
            (v.sigma / delta_sd - 1.0).abs() < 1e-2,
            "{} vs {delta_sd}",
            v.sigma
        );
        // Both directions small and positive (the posterior is nearly
        // Gaussian at 1000 sites); the quadrature is sure of its digits.
        assert!(
            v.kl_reverse > 0.0 && v.kl_reverse < 1e-3,
            "{}",
            v.kl_reverse
        );
        assert!(
            v.kl_forward > 0.0 && v.kl_forward < 1e-3,
            "{}",
            v.kl_forward
        );
        assert!(v.kl_forward_error < 1e-10);
        // objective + ln B(a, b) is the divergence itself.
        assert!(
            (v.kl_reverse - v.kl_reverse_check).abs() < 1e-9,
            "{} vs {}",
            v.kl_reverse,
            v.kl_reverse_check
        );
        assert!(out.join("posterior.png").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
