//! KL is not symmetric: one Normal fitted to a two-peaked mixture
//! P = 0.5·N(−3, 1) + 0.5·N(3, 1).
//!
//! Minimising the forward divergence KL(P‖N(μ, σ)) straddles both peaks
//! (moment matching: μ = 0, σ = √10); minimising the reverse divergence
//! KL(N(μ, σ)‖P) picks one peak (mode seeking), as in Fig. 3.6 of
//! Goodfellow, Bengio & Courville, *Deep Learning* (2016). The reverse fit is
//! started from every local minimum of a (μ, σ) grid and reports every
//! distinct local minimum it finds, sorted by KL.
//!
//! Writes `results/kl_asymmetry/`: `fits` (P with both fits),
//! `landscape_forward`, `landscape_reverse` (SVG and PNG each) and
//! `kl_asymmetry.json`.
//!
//! Run: `cargo run --release --example kl_asymmetry`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::distribution::{Density, Mixture};
use klfit::divergence::statrs::distribution::Normal as NormalDist;
use klfit::divergence::Unit;
use klfit::fit::{fit, landscape, Axis, Direction, FitOptions, FitReport, Normal, Target};
use klfit::plot::{self, Densities, Figure, Marker, Scale, Series};
use serde_json::json;

/// Grid of the landscapes: μ from −6 to 6, σ from 0.3 to 5.
const MU_RANGE: (f64, f64) = (-6.0, 6.0);
/// See [`MU_RANGE`].
const SIGMA_RANGE: (f64, f64) = (0.3, 5.0);
/// Grid points along μ and σ for the published figures.
const GRID: (usize, usize) = (121, 95);

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/kl_asymmetry");
    let a = run(&out, GRID)?;
    let show = |label: &str, r: &FitReport| {
        println!(
            "{label:<28} μ = {:>9.6}  σ = {:.6}  KL = {:.6} nats  ({}, {} iterations)",
            r.params().get("mu").unwrap_or(f64::NAN),
            r.params().get("sigma").unwrap_or(f64::NAN),
            r.objective_nats(),
            r.termination(),
            r.iterations()
        )
    };
    show("forward KL(P‖N) minimum", &a.forward);
    for (k, r) in a.reverse.iter().enumerate() {
        show(&format!("reverse KL(N‖P) minimum #{}", k + 1), r);
    }
    println!("written to {}", out.display());
    Ok(())
}

struct Asymmetry {
    forward: FitReport,
    reverse: Vec<FitReport>,
}

/// The target P as a divergence-crate mixture of statrs Normals.
fn bimodal() -> Result<Mixture<NormalDist>, Box<dyn Error>> {
    Ok(Mixture::new(
        &[0.5, 0.5],
        vec![NormalDist::new(-3.0, 1.0)?, NormalDist::new(3.0, 1.0)?],
    )?)
}

fn run(out: &Path, grid: (usize, usize)) -> Result<Asymmetry, Box<dyn Error>> {
    let target = Target::distribution(bimodal()?);

    // Forward: one convex problem.
    let forward = fit(&target, &Normal, Direction::Forward)?.ensure_converged()?;

    // Both landscapes on one grid; the reverse one seeds the multi-start.
    let land = landscape(
        &target,
        &Normal,
        Axis::linspace("mu", MU_RANGE.0, MU_RANGE.1, grid.0)?,
        Axis::linspace("sigma", SIGMA_RANGE.0, SIGMA_RANGE.1, grid.1)?,
        None,
    )?;
    let reverse = FitOptions::new(Direction::Reverse)
        .multi_start(&target, &Normal, &land.minima_starts(Direction::Reverse))?
        .minima;

    // P with both fits.
    let p = bimodal()?;
    let xs: Vec<f64> = (0..=600).map(|i| -9.0 + 0.03 * f64::from(i)).collect();
    let normal_pdf = |r: &FitReport| -> Result<Series, Box<dyn Error>> {
        let (mu, sigma) = (
            r.params().get("mu").unwrap_or(f64::NAN),
            r.params().get("sigma").unwrap_or(f64::NAN),
        );
        let n = NormalDist::new(mu, sigma)?;
        let label = format!(
            "{} fit: N({mu:.2}, {sigma:.2}), KL = {:.3} nats",
            r.direction().as_str(),
            r.objective_nats()
        );
        Ok(Series::from_fn(label, xs.clone(), |x| {
            n.ln_density(x).exp()
        }))
    };
    let mut curves = vec![normal_pdf(&forward)?];
    if let Some(best) = reverse.first() {
        curves.push(normal_pdf(best)?);
    }
    plot::densities(
        out.join("fits"),
        &Figure::new(
            "One Normal fitted to P: forward KL straddles the peaks, reverse KL picks one",
            "x [–]",
            "probability density [1/x]",
        ),
        &Densities::new(
            Series::from_fn("P = ½N(−3, 1) + ½N(3, 1)", xs.clone(), |x| {
                p.ln_density(x).exp()
            }),
            curves,
        ),
    )?;

    // The landscapes, every local minimum marked.
    for (direction, stem, label, minima) in [
        (
            Direction::Forward,
            "landscape_forward",
            "KL(P‖N(μ, σ)) [nats]",
            std::slice::from_ref(&forward),
        ),
        (
            Direction::Reverse,
            "landscape_reverse",
            "KL(N(μ, σ)‖P) [nats]",
            reverse.as_slice(),
        ),
    ] {
        // The grid in nats from fit's landscape; the markers are the
        // solver-refined minima rather than the grid's.
        let mut chart = plot::landscape_of(&land, direction, Unit::Nats)?;
        chart.value_label = label.into();
        chart.color_scale = Scale::Log;
        chart.minima.clear();
        for r in minima {
            // `+ 0.0` turns a printed "-0.00" into "0.00".
            let (mu, sigma) = (
                r.params().get("mu").unwrap_or(f64::NAN) + 0.0,
                r.params().get("sigma").unwrap_or(f64::NAN),
            );
            chart.minima.push(Marker::new(
                format!(
                    "local minimum μ = {mu:.2}, σ = {sigma:.2}: {:.3} nats",
                    r.objective_nats()
                ),
                mu,
                sigma,
            ));
        }
        plot::landscape(
            out.join(stem),
            &Figure::new(
                format!(
                    "{} KL over (μ, σ)",
                    if direction == Direction::Reverse {
                        "Reverse"
                    } else {
                        "Forward"
                    }
                ),
                "mean μ [–]",
                "standard deviation σ [–]",
            ),
            &chart,
        )?;
    }

    let point = |r: &FitReport| {
        json!({
            "mu": r.params().get("mu"),
            "sigma": r.params().get("sigma"),
            "kl_nats": r.objective_nats(),
            "termination": r.termination(),
            "iterations": r.iterations(),
        })
    };
    let doc = json!({
        "target": "0.5*N(-3,1) + 0.5*N(3,1)",
        "forward": point(&forward),
        "reverse": reverse.iter().map(point).collect::<Vec<_>>(),
        "grid": { "mu": MU_RANGE, "sigma": SIGMA_RANGE, "points": grid },
        "reports": { "forward": forward, "reverse": reverse },
    });
    std::fs::write(
        out.join("kl_asymmetry.json"),
        serde_json::to_string_pretty(&doc)? + "\n",
    )?;
    Ok(Asymmetry { forward, reverse })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_point_forward_straddles_reverse_picks_a_peak() {
        let out = std::env::temp_dir().join(format!("klfit-kl-asymmetry-{}", std::process::id()));
        let a = run(&out, (41, 32)).unwrap();
        // Moment matching (closed form): μ = 0, σ² = 1 + 3² = 10.
        assert!(a.forward.params().get("mu").unwrap().abs() < 1e-7);
        assert!((a.forward.params().get("sigma").unwrap() - 10f64.sqrt()).abs() < 1e-7);
        // The best reverse minima sit on the peaks (μ ≈ ±2.98, σ ≈ 1.02;
        // tools/reference/fit_worms.py checks them with mpmath).
        let best = &a.reverse[0];
        assert!((best.params().get("mu").unwrap().abs() - 2.984).abs() < 1e-2);
        assert!((best.params().get("sigma").unwrap() - 1.023).abs() < 1e-2);
        assert!(a
            .reverse
            .iter()
            .any(|r| r.params().get("mu").unwrap() > 2.9));
        assert!(a
            .reverse
            .iter()
            .any(|r| r.params().get("mu").unwrap() < -2.9));
        assert!(a
            .reverse
            .windows(2)
            .all(|w| w[0].objective_nats() <= w[1].objective_nats()));
        for stem in ["fits", "landscape_forward", "landscape_reverse"] {
            assert!(out.join(format!("{stem}.png")).exists(), "{stem}");
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}
