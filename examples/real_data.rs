//! Real data, fitted and checked the way R's fitdistrplus does it: three
//! public data sets shipped in `crates/fit/tests/data/`, each fitted by
//! maximum likelihood (forward KL to the samples), with standard errors,
//! AIC, goodness-of-fit statistics and diagnostic figures.
//!
//! - `groundbeef.csv` (serving sizes of 254 children, grams): gamma,
//!   Weibull and lognormal, ranked by AIC, as in Delignette-Muller & Dutang
//!   (2015), §2 — gamma fits best, lognormal worst.
//! - `faithful_waiting.csv` (272 waiting times between Old Faithful
//!   eruptions, minutes): a 2-component mixture of Normals against one
//!   Normal.
//! - `toxocara.csv` (parasites in 53 feral cats): Poisson against negative
//!   binomial; the overdispersed counts need the latter.
//!
//! Writes `results/real_data/`: `groundbeef_diagnostics`,
//! `faithful_diagnostics` (fitdistrplus's four panels: histogram and
//! densities, CDFs, Q–Q, P–P) and `toxocara_frequencies` (observed against
//! expected counts), `groundbeef_gamma_profile_alpha` and `…_beta` (the
//! profile likelihood of each gamma parameter with its 95% interval), each
//! as SVG and PNG, and `real_data.json` (every report and its goodness of
//! fit, ranked by AIC per data set).
//!
//! Run: `cargo run --release --example real_data`.

use std::error::Error;
use std::path::{Path, PathBuf};

use klfit::fit::{
    confidence_intervals, fit, goodness_of_fit, profile_likelihood, Direction, Family, FitReport,
    Gamma, GoodnessOfFit, IntervalMethod, LogNormal, MixtureOfNormals, NegativeBinomial, Normal,
    Poisson, Target, Weibull,
};
use klfit::plot::{
    bars_with_models, curves, diagnostics, diagnostics_of, frequencies_of, profile_curve, Figure,
};
use serde_json::{json, Value};

/// Where the data files live, relative to the workspace root.
const DATA_DIR: &str = "crates/fit/tests/data";

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/real_data");
    let sets = run(&out)?;
    for set in &sets {
        println!("== {} (n = {}), ranked by AIC ==", set.file, set.n);
        for (report, gof) in &set.fits {
            print!("{report}");
            println!("  goodness of fit: {}\n", describe_gof(gof));
        }
    }
    println!("figures and JSON written to {}", out.display());
    Ok(())
}

/// One data set with its fits, best AIC first.
struct DataSet {
    file: &'static str,
    n: usize,
    fits: Vec<(FitReport, GoodnessOfFit)>,
}

/// The one-column CSV: `#` comment lines, a header, one number per line.
fn column(file: &str) -> Result<Vec<f64>, Box<dyn Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DATA_DIR)
        .join(file);
    let text = std::fs::read_to_string(&path)?;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| Ok(l.parse::<f64>()?))
        .collect()
}

/// Counts of the non-negative integer samples `xs` at 0, 1, …, max.
fn counts(xs: &[f64]) -> Vec<u64> {
    let max = xs.iter().copied().fold(0.0, f64::max) as usize;
    let mut c = vec![0u64; max + 1];
    for &x in xs {
        c[x as usize] += 1;
    }
    c
}

/// Fits every family to `target`, with its goodness of fit, best AIC first.
fn fit_all(
    target: &Target,
    families: &[&dyn Family],
) -> Result<Vec<(FitReport, GoodnessOfFit)>, Box<dyn Error>> {
    let mut fits = families
        .iter()
        .map(|&f| {
            let r = fit(target, f, Direction::Forward)?.ensure_converged()?;
            let g = goodness_of_fit(target, f, &r)?;
            Ok((r, g))
        })
        .collect::<Result<Vec<_>, Box<dyn Error>>>()?;
    fits.sort_by(|a, b| {
        let aic = |r: &FitReport| r.aic().unwrap_or(f64::INFINITY);
        aic(&a.0).total_cmp(&aic(&b.0))
    });
    Ok(fits)
}

/// The fitted report of `family` among `fits`.
fn report_of<'a>(
    fits: &'a [(FitReport, GoodnessOfFit)],
    family: &dyn Family,
) -> Result<&'a FitReport, Box<dyn Error>> {
    fits.iter()
        .map(|(r, _)| r)
        .find(|r| r.is_fit_of(family))
        .ok_or_else(|| format!("no fit of {}", family.name()).into())
}

fn describe_gof(g: &GoodnessOfFit) -> String {
    let mut parts = Vec::new();
    for (name, v) in [("KS D", g.ks), ("CvM W²", g.cvm), ("AD A²", g.ad)] {
        if let Some(v) = v {
            parts.push(format!("{name} = {v:.4}"));
        }
    }
    if let Some(c) = &g.chi2 {
        let p = c
            .p_value
            .map_or_else(|| "—".to_string(), |p| format!("{p:.3}"));
        parts.push(format!(
            "χ² = {:.2} on {} cells (df {}, p = {p})",
            c.statistic,
            c.observed.len(),
            c.df
        ));
    }
    parts.join(", ")
}

fn to_json(set: &DataSet) -> Value {
    json!({
        "file": set.file,
        "n": set.n,
        "ranked_by_aic": set.fits.iter().map(|(r, g)| json!({
            "report": r,
            "goodness_of_fit": g,
        })).collect::<Vec<_>>(),
    })
}

fn run(out: &Path) -> Result<Vec<DataSet>, Box<dyn Error>> {
    // Ground beef: the fitdistrplus example.
    let file = "groundbeef.csv";
    let beef = column(file)?;
    let target = Target::samples(&beef)?;
    let fits = fit_all(&target, &[&Gamma, &Weibull, &LogNormal])?;
    let d = diagnostics_of(
        &beef,
        file,
        "serving size [g]",
        &[
            (&Gamma, report_of(&fits, &Gamma)?),
            (&Weibull, report_of(&fits, &Weibull)?),
            (&LogNormal, report_of(&fits, &LogNormal)?),
        ],
    )?;
    diagnostics(
        out.join("groundbeef_diagnostics"),
        &d.figure(
            "Ground beef serving sizes: gamma, Weibull and lognormal fits (maximum likelihood)",
        )?,
        &d,
    )?;
    // Gamma's shape is a pure number; its rate is per gram.
    let units = |p: &str| if p == "beta" { "1/g" } else { "dimensionless" };
    profile_figures(out, &target, &Gamma, report_of(&fits, &Gamma)?, units)?;
    let groundbeef = DataSet {
        file,
        n: beef.len(),
        fits,
    };

    // Old Faithful: two eruption regimes.
    let file = "faithful_waiting.csv";
    let waiting = column(file)?;
    let target = Target::samples(&waiting)?;
    let mixture = MixtureOfNormals::new(2)?;
    let fits = fit_all(&target, &[&mixture, &Normal])?;
    let d = diagnostics_of(
        &waiting,
        file,
        "waiting time [min]",
        &[
            (&mixture, report_of(&fits, &mixture)?),
            (&Normal, report_of(&fits, &Normal)?),
        ],
    )?;
    diagnostics(
        out.join("faithful_diagnostics"),
        &d.figure("Old Faithful waiting times: two-Normal mixture versus one Normal")?,
        &d,
    )?;
    let faithful = DataSet {
        file,
        n: waiting.len(),
        fits,
    };

    // Toxocara: overdispersed counts.
    let file = "toxocara.csv";
    let cats = column(file)?;
    let target = Target::from_counts(&counts(&cats))?;
    let fits = fit_all(&target, &[&Poisson, &NegativeBinomial])?;
    let chart = frequencies_of(
        &cats,
        file,
        &[
            (&Poisson, report_of(&fits, &Poisson)?),
            (&NegativeBinomial, report_of(&fits, &NegativeBinomial)?),
        ],
    )?;
    bars_with_models(
        out.join("toxocara_frequencies"),
        &Figure::new(
            "Toxocara cati in feral cats: observed and expected frequencies",
            "parasites per cat [count]",
            "frequency [cats]",
        )
        .with_size(1400, 800)?,
        &chart,
    )?;
    let toxocara = DataSet {
        file,
        n: cats.len(),
        fits,
    };

    let sets = vec![groundbeef, faithful, toxocara];
    let json = json!({
        "estimation": "maximum likelihood (forward KL to the samples), fit::fit with default options",
        "data_dir": DATA_DIR,
        "data_sets": sets.iter().map(to_json).collect::<Vec<_>>(),
    });
    std::fs::write(
        out.join("real_data.json"),
        serde_json::to_string_pretty(&json)? + "\n",
    )?;
    Ok(sets)
}

/// One figure per parameter of `family`'s fit to the ground beef data:
/// its profile deviance, the χ²₁ cut and the 95% profile-likelihood
/// interval (`groundbeef_<family>_profile_<param>`); `unit` names each
/// parameter's unit.
fn profile_figures(
    out: &Path,
    target: &Target,
    family: &dyn Family,
    report: &FitReport,
    unit: impl Fn(&str) -> &'static str,
) -> Result<(), Box<dyn Error>> {
    const LEVEL: f64 = 0.95;
    /// Points per curve, over the interval widened by half its width.
    const POINTS: u32 = 81;
    let ci = confidence_intervals(target, family, report, IntervalMethod::Profile, LEVEL)?;
    for (name, [lo, hi]) in &ci.params {
        let (a, b) = (lo - 0.5 * (hi - lo), hi + 0.5 * (hi - lo));
        let grid: Vec<f64> = (0..POINTS)
            .map(|i| a + f64::from(i) * (b - a) / f64::from(POINTS - 1))
            .filter(|&v| v > 0.0)
            .collect();
        let profile = profile_likelihood(target, family, report, name, &grid)?;
        let chart = profile_curve(&profile, Some([*lo, *hi]), LEVEL)?;
        let family_name = family.name().to_lowercase();
        curves(
            out.join(format!("groundbeef_{family_name}_profile_{name}")),
            &Figure::new(
                format!(
                    "Ground beef, {}: profile likelihood of {name}, 95% interval [{lo:.4}, {hi:.4}]",
                    family.name()
                ),
                format!("{name} [{}] (held; the other parameter refitted)", unit(name)),
                "deviance 2(ℓ̂ − ℓₚ) [nats]",
            ),
            &chart,
        )?;
        println!(
            "{} {name}: 95% profile-likelihood interval [{lo:.6}, {hi:.6}]",
            family.name()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_point_reproduces_fitdistrplus_ranking() {
        let out = std::env::temp_dir().join(format!("klfit-real-data-{}", std::process::id()));
        let sets = run(&out).unwrap();
        let beef = &sets[0];
        let aic = |family: &dyn Family| report_of(&beef.fits, family).unwrap().aic().unwrap();
        // fitdistrplus's order (Delignette-Muller & Dutang 2015, §2): AIC =
        // 4 − 2·loglik with the log-likelihoods of
        // crates/fit/tests/data/reference.json (tools/reference/real_data.py):
        // gamma 2511.25 < Weibull 2514.45 < lognormal 2526.64.
        assert!(aic(&Gamma) < aic(&Weibull), "gamma should beat Weibull");
        assert!(
            aic(&Weibull) < aic(&LogNormal),
            "Weibull should beat lognormal"
        );
        assert!(beef.fits[0].0.is_fit_of(&Gamma));
        // The mixture describes the two eruption regimes better.
        let faithful = &sets[1];
        assert!(faithful.fits[0]
            .0
            .is_fit_of(&MixtureOfNormals::new(2).unwrap()));
        // Overdispersed counts: the negative binomial wins.
        assert!(sets[2].fits[0].0.is_fit_of(&NegativeBinomial));
        for stem in [
            "groundbeef_diagnostics",
            "faithful_diagnostics",
            "toxocara_frequencies",
        ] {
            for ext in ["svg", "png"] {
                let f = out.join(format!("{stem}.{ext}"));
                assert!(f.exists(), "{} missing", f.display());
            }
        }
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("real_data.json")).unwrap())
                .unwrap();
        assert_eq!(json["data_sets"].as_array().unwrap().len(), 3);
        std::fs::remove_dir_all(&out).unwrap();
    }
}
