//! The space worms: a histogram of teeth approximated by a uniform, a
//! binomial and a two-block "split" model, with KL as the yardstick.
//!
//! Fits Binomial(10, p) and the split model (blocks 0–5 and 6–10, weight
//! `t` on 6–10) by minimising KL in both directions, sweeps KL over `p` and
//! `t` (10,001 points each, in parallel), prints a table in bits and writes
//! into `results/space_worms/`: the figures `data`, `data_vs_uniform`,
//! `data_vs_binomial`, `kl_vs_binomial_p`, `kl_vs_split_t`,
//! `split_vs_data`, `asymmetry` (each as SVG and PNG) and
//! `space_worms.json`.
//!
//! Run: `cargo run --release --example space_worms`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::divergence::{self, Unit};
use klfit::fit::{
    fit, Axis, Binomial, Direction, Family, FitReport, GridSweep, Split, Target, Uniform,
};
use klfit::plot::{
    bars_with_models, comparison_of, curves, grouped_bars, sweep_curves, Figure, GroupedBars,
    NamedValues, Scale,
};
use serde_json::json;

/// 100 worms; how many have 0, 1, …, 10 teeth.
const WORMS: [u64; 11] = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];
/// Teeth per worm at most: the binomial's `n`.
const MAX_TEETH: u64 = 10;
/// First tooth count of the split model's upper block (blocks 0–5, 6–10).
const SPLIT_AT: u64 = 6;
/// Points per KL-versus-parameter sweep.
const GRID_POINTS: usize = 10_001;

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/space_worms");
    let story = run(&out, GRID_POINTS)?;
    println!("{}", story.table);
    let bits = |r: &FitReport| r.kl_forward_bits().unwrap_or(f64::NAN);
    let param = |r: &FitReport, name: &str| r.params().get(name).unwrap_or(f64::NAN);
    println!(
        "Headline: H(data) = {:.2} bits; KL(data‖uniform) = {:.3} bits; \
         minimising KL gives binomial p = {:.2} ({:.3} bits) and split t = {:.2} ({:.3} bits).",
        story.entropy_bits,
        bits(&story.uniform),
        param(&story.binomial, "p"),
        bits(&story.binomial),
        param(&story.split, "t"),
        bits(&story.split),
    );
    println!("figures and JSON written to {}", out.display());
    Ok(())
}

/// What the run found (the numbers the test checks).
struct Story {
    entropy_bits: f64,
    uniform: FitReport,
    binomial: FitReport,
    split: FitReport,
    table: String,
}

fn run(out: &Path, grid_points: usize) -> Result<Story, Box<dyn Error>> {
    let data = Target::from_counts(&WORMS)?;
    let p_data = divergence::from_counts(&WORMS)?;
    let entropy_bits = Unit::Bits.from_nats(divergence::entropy(&p_data)?);
    let mean: f64 = p_data.iter().enumerate().map(|(k, p)| k as f64 * p).sum();

    let uniform_family = Uniform::new(0, MAX_TEETH as i64)?;
    let binomial_family = Binomial::new(MAX_TEETH)?;
    let split_family = Split::new(WORMS.len() as u64, SPLIT_AT)?;
    let families: [(&str, &dyn Family); 3] = [
        ("uniform", &uniform_family),
        ("binomial", &binomial_family),
        ("split", &split_family),
    ];

    // Fit every model in both directions.
    let mut fits = Vec::new();
    for (name, family) in families {
        for direction in [Direction::Forward, Direction::Reverse] {
            fits.push((name, family, fit(&data, family, direction)?));
        }
    }
    let forward = |name: &str| {
        fits.iter()
            .find(|(n, _, r)| *n == name && r.direction() == Direction::Forward)
            .map(|(_, _, r)| r.clone())
            .expect("every model is fitted forward")
    };
    let (uniform, binomial, split) = (forward("uniform"), forward("binomial"), forward("split"));

    std::fs::create_dir_all(out)?;
    let support: Vec<i64> = (0..WORMS.len() as i64).collect();
    let teeth = |title: &str| Figure::new(title, "number of teeth", "probability [–]");

    // The data alone, then against each forward-fitted model.
    let mut alone = comparison_of(support.clone(), &p_data, &[])?;
    alone.observed.label = "observed worms".into();
    bars_with_models(
        out.join("data"),
        &teeth(&format!(
            "Space-worm teeth (100 worms, H = {entropy_bits:.2} bits)"
        )),
        &alone,
    )?;
    for (stem, family, report, name) in [
        (
            "data_vs_uniform",
            &uniform_family as &dyn Family,
            &uniform,
            "the uniform model",
        ),
        (
            "data_vs_binomial",
            &binomial_family,
            &binomial,
            "the binomial model",
        ),
        (
            "split_vs_data",
            &split_family,
            &split,
            "the optimal split model",
        ),
    ] {
        let mut chart = comparison_of(support.clone(), &p_data, &[(family, report)])?;
        chart.observed.label = "observed worms".into();
        bars_with_models(
            out.join(stem),
            &teeth(&format!("Worm teeth versus {name}")),
            &chart,
        )?;
    }

    // KL versus the binomial's p and the split weight t, both directions.
    let mut sweeps = Vec::new();
    for (family, param, optimum, extra) in [
        (
            &binomial_family as &dyn Family,
            "p",
            &binomial,
            Some(("moment estimate p = mean/10", mean / 10.0)),
        ),
        (&split_family, "t", &split, None),
    ] {
        let axis = Axis::linspace(param, 0.0, 1.0, grid_points)?;
        let s = GridSweep::new(&data, family).axes([axis]).run()?;
        let x_opt = optimum.params().get(param).unwrap_or(f64::NAN);
        let kl_opt = optimum.kl_forward_bits().unwrap_or(f64::NAN);
        // Both curves with their grid minima, plus the solver's optimum.
        let mut chart = sweep_curves(&s, Unit::Bits)?
            .with_y_scale(Scale::Log)
            .with_vline(
                format!(
                    "solver's minimum of KL(data‖model): {param} = {x_opt:.3} → {kl_opt:.3} bits"
                ),
                x_opt,
            );
        if let Some((label, x)) = extra {
            chart = chart.with_vline(format!("{label} = {x:.3}"), x);
        }
        let stem = format!(
            "kl_vs_{}_{param}",
            if param == "p" { "binomial" } else { "split" }
        );
        curves(
            out.join(stem),
            &Figure::new(
                format!("KL versus {} {param}", family.name()),
                format!("{param} [–]"),
                "KL [bits]",
            ),
            &chart,
        )?;
        sweeps.push(s);
    }

    // The asymmetry: each forward-fitted model measured both ways.
    grouped_bars(
        out.join("asymmetry"),
        &Figure::new("KL is not symmetric", "model (forward-fitted)", "KL [bits]"),
        &GroupedBars {
            categories: vec!["uniform".into(), "binomial".into(), "split".into()],
            series: vec![
                NamedValues::new(
                    "KL(data‖model)",
                    [&uniform, &binomial, &split]
                        .map(|r| r.kl_forward_bits().unwrap_or(f64::NAN))
                        .to_vec(),
                ),
                NamedValues::new(
                    "KL(model‖data)",
                    [&uniform, &binomial, &split]
                        .map(|r| r.kl_reverse_bits().unwrap_or(f64::NAN))
                        .to_vec(),
                ),
            ],
        },
    )?;

    // The table and the JSON.
    let mut table = format!(
        "Space worms: entropy H(data) = {entropy_bits:.3} bits, mean {mean:.2} teeth\n\n{:<9} {:<8} {:<12} {:>16} {:>16} {:>6}  {}\n",
        "model", "fitted", "parameters", "KL(data‖model)", "KL(model‖data)", "iters", "termination"
    );
    let mut json_fits = Vec::new();
    for (name, _, r) in &fits {
        let (kl_nats, kl_bits) = match r.direction() {
            Direction::Reverse => (r.kl_reverse_nats(), r.kl_reverse_bits()),
            _ => (r.kl_forward_nats(), r.kl_forward_bits()),
        };
        table.push_str(&format!(
            "{name:<9} {:<8} {:<12} {:>11.3} bits {:>11.3} bits {:>6}  {}\n",
            r.direction().as_str(),
            if r.params().is_empty() {
                "–".to_string()
            } else {
                format!("{}", r.params()).replace(".000000", "")
            },
            r.kl_forward_bits().unwrap_or(f64::NAN),
            r.kl_reverse_bits().unwrap_or(f64::NAN),
            r.iterations(),
            r.termination(),
        ));
        json_fits.push(json!({
            "model": name,
            "direction": r.direction().as_str(),
            "params": r.params(),
            "kl_bits": kl_bits,
            "kl_nats": kl_nats,
            "termination": r.termination(),
            "iterations": r.iterations(),
            "report": r,
        }));
    }
    let doc = json!({
        "data": { "teeth": support, "counts": WORMS },
        "entropy_bits": entropy_bits,
        "mean_teeth": mean,
        "fits": json_fits,
        "sweeps": sweeps.iter().map(|s| json!({
            "model": s.model,
            "parameter": s.axes[0].name(),
            "points": s.len(),
            "argmin_forward": s.argmin_forward,
            "argmin_reverse": s.argmin_reverse,
        })).collect::<Vec<_>>(),
        "versions": { "klfit": env!("CARGO_PKG_VERSION") },
    });
    std::fs::write(
        out.join("space_worms.json"),
        serde_json::to_string_pretty(&doc)? + "\n",
    )?;

    Ok(Story {
        entropy_bits,
        uniform,
        binomial,
        split,
        table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article's numbers (rounded as it prints them).
    const ARTICLE_ROUNDING: f64 = 5e-4;

    #[test]
    fn entry_point_reproduces_the_article() {
        let out = std::env::temp_dir().join(format!("klfit-space-worms-{}", std::process::id()));
        let story = run(&out, 1001).unwrap();
        assert!((story.entropy_bits - 3.12).abs() < 5e-3);
        assert!((story.uniform.kl_forward_bits().unwrap() - 0.338).abs() < ARTICLE_ROUNDING);
        assert!((story.binomial.params().get("p").unwrap() - 0.57).abs() < 1e-9);
        assert!((story.binomial.kl_forward_bits().unwrap() - 0.477).abs() < ARTICLE_ROUNDING);
        assert!((story.split.params().get("t").unwrap() - 0.47).abs() < 1e-9);
        assert!((story.split.kl_forward_bits().unwrap() - 0.338).abs() < ARTICLE_ROUNDING);
        for stem in [
            "data",
            "data_vs_uniform",
            "data_vs_binomial",
            "kl_vs_binomial_p",
            "kl_vs_split_t",
            "split_vs_data",
            "asymmetry",
        ] {
            assert!(out.join(format!("{stem}.png")).exists(), "{stem}.png");
            assert!(out.join(format!("{stem}.svg")).exists(), "{stem}.svg");
        }
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("space_worms.json")).unwrap())
                .unwrap();
        let fits = doc["fits"].as_array().unwrap();
        assert_eq!(fits.len(), 6);
        assert!(fits
            .iter()
            .any(|f| f["model"] == "split" && f["direction"] == "reverse"));
        std::fs::remove_dir_all(&out).unwrap();
    }
}
