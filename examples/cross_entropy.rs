//! KL = cross-entropy − entropy, shown on the worm data: minimising the
//! cross-entropy H(data, Binomial(10, p)) over `p` lands on the same optimum
//! as minimising KL(data‖Binomial(10, p)), because the two curves differ by
//! the constant H(data).
//!
//! Writes `results/cross_entropy/`: the figure `cross_entropy_vs_kl` (SVG,
//! PNG) and `cross_entropy.json`.
//!
//! Run: `cargo run --release --example cross_entropy`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::{self, Unit};
use klfit::fit::{fit, Axis, Binomial, Direction, Family, FitReport, GridSweep, Target};
use klfit::plot::{curves, Curves, Figure, Series};
use serde_json::json;

/// 100 worms; how many have 0, 1, …, 10 teeth.
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];
/// The range of `p` drawn.
const P_WINDOW: (f64, f64) = (0.3, 0.85);
/// Points of the sweep over `p`.
const GRID_POINTS: usize = 10_001;

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/cross_entropy");
    let s = run(&out, GRID_POINTS)?;
    println!("H(data) = {:.4} bits", s.entropy_bits);
    for r in [&s.by_kl, &s.by_cross_entropy] {
        println!(
            "minimising {:<13}: p = {:.9}, KL = {:.4} bits, H(data, model) = {:.4} bits ({}, {} iterations)",
            r.direction().as_str(),
            r.params().get("p").unwrap_or(f64::NAN),
            r.kl_forward_bits().unwrap_or(f64::NAN),
            Unit::Bits.from_nats(r.cross_entropy_nats().unwrap_or(f64::NAN)),
            r.termination(),
            r.iterations()
        );
    }
    println!(
        "largest |H(data, model) − KL − H(data)| over the sweep: {:.2e} bits",
        s.max_identity_gap_bits
    );
    println!("written to {}", out.display());
    Ok(())
}

struct Summary {
    entropy_bits: f64,
    by_kl: FitReport,
    by_cross_entropy: FitReport,
    max_identity_gap_bits: f64,
}

fn run(out: &Path, grid_points: usize) -> Result<Summary, Box<dyn Error>> {
    let data = Target::from_counts(&WORMS)?;
    let p_data = divergence::from_counts(&WORMS)?;
    let h_bits = Unit::Bits.from_nats(divergence::entropy(&p_data)?);
    let family = Binomial::new(10)?;

    let by_kl = fit(&data, &family, Direction::Forward)?;
    let by_cross_entropy = fit(&data, &family, Direction::CrossEntropy)?;

    // The curves: KL from the sweep (sufficient statistics), cross-entropy
    // from the model's pmf through the divergence crate, so the identity is
    // checked, not assumed.
    // A window around the optimum, on a linear scale, so that the constant
    // offset H(data) between the two curves is visible as such.
    let s = GridSweep::new(&data, &family)
        .axes([Axis::linspace("p", P_WINDOW.0, P_WINDOW.1, grid_points)?])
        .run()?;
    let ps = s.axes[0].values().to_vec();
    let kl = s.values_in(Direction::Forward, Unit::Bits)?;
    let ce: Vec<f64> = ps
        .iter()
        .map(|&p| {
            let q: Vec<f64> = (0..=10)
                .map(|k| family.ln_density(&[p], f64::from(k)).exp())
                .collect();
            divergence::cross_entropy(&p_data, &q).map(|h| Unit::Bits.from_nats(h))
        })
        .collect::<Result<_, _>>()?;
    let max_gap = kl
        .iter()
        .zip(&ce)
        .filter(|(k, c)| k.is_finite() && c.is_finite())
        .map(|(k, c)| (c - k - h_bits).abs())
        .fold(0.0, f64::max);

    let p_opt = by_kl.params().get("p").unwrap_or(f64::NAN);
    curves(
        out.join("cross_entropy_vs_kl"),
        &Figure::new(
            "Cross-entropy = entropy + KL: one optimum",
            "binomial p [–]",
            "information [bits]",
        ),
        &Curves::new(vec![
            Series::new("H(data, Binomial(10, p)) — cross-entropy", ps.clone(), ce),
            Series::new("KL(data‖Binomial(10, p))", ps.clone(), kl),
            Series::new(
                format!("H(data) = {h_bits:.3} bits"),
                ps.clone(),
                vec![h_bits; ps.len()],
            ),
        ])
        .with_vline(format!("argmin of both: p = {p_opt:.3}"), p_opt),
    )?;

    std::fs::write(
        out.join("cross_entropy.json"),
        serde_json::to_string_pretty(&json!({
            "entropy_bits": h_bits,
            "minimise_kl": by_kl,
            "minimise_cross_entropy": by_cross_entropy,
            "max_identity_gap_bits": max_gap,
            "grid_points": grid_points,
        }))? + "\n",
    )?;
    Ok(Summary {
        entropy_bits: h_bits,
        by_kl,
        by_cross_entropy,
        max_identity_gap_bits: max_gap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_point_same_optimum_for_kl_and_cross_entropy() {
        let out = std::env::temp_dir().join(format!("klfit-cross-entropy-{}", std::process::id()));
        let s = run(&out, 501).unwrap();
        let p_kl = s.by_kl.params().get("p").unwrap();
        let p_ce = s.by_cross_entropy.params().get("p").unwrap();
        // Closed form for both: p = mean/n = 5.7/10.
        assert!((p_kl - 0.57).abs() < 1e-9 && (p_ce - 0.57).abs() < 1e-9);
        // H(p, q) = H(p) + KL(p‖q) to rounding over the whole curve.
        assert!(
            s.max_identity_gap_bits < 1e-12,
            "{}",
            s.max_identity_gap_bits
        );
        assert!(out.join("cross_entropy_vs_kl.png").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
