//! `klfit fit DATA --model M …`: fits, ranked by KL, as a table, a JSON
//! report and figures.

use divergence::Unit;
use serde::Serialize;

use crate::args::{CiArg, DirectionArg, FitArgs, SolverArg};
use crate::bootstrap_file::BootstrapShard;
use crate::data::{self, Data, Dataset};
use crate::error::{Error, Result};
use crate::grid::Shard;
use crate::model::{self, Model};
use crate::output::{self, Plan, Sink, Transaction};
use crate::sweep_file::DataInfo;

/// Most parameters a legend entry lists.
const MAX_LEGEND_PARAMS: usize = 6;

/// Most bars a data-versus-model figure draws; wider supports are binned.
const MAX_PLOT_BARS: usize = 400;

/// The schema tag of the fit report.
pub const SCHEMA: &str = "klfit-fit/1";

/// The files `--plot DIR` may receive.
const FIGURES: &[&str] = &[
    "fit_models.svg",
    "fit_models.png",
    "fit_kl.svg",
    "fit_kl.png",
];

/// The data section of the report.
#[derive(Debug, Serialize)]
struct DataSummary {
    source: String,
    kind: &'static str,
    description: String,
    n: Option<u64>,
    support: Option<[i64; 2]>,
    entropy_nats: Option<f64>,
    entropy_bits: Option<f64>,
}

/// One row of the report: the spec and the engine's report.
#[derive(Debug, Serialize)]
struct Row<'a> {
    rank: usize,
    spec: &'a str,
    #[serde(flatten)]
    report: &'a fit::FitReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    gof: Option<&'a fit::GoodnessOfFit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ci: Option<&'a fit::ConfidenceIntervals>,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    schema: &'static str,
    klfit_version: &'static str,
    data: DataSummary,
    direction: &'static str,
    fits: Vec<Row<'a>>,
}

/// A screening shard: its candidates' rows as the report writes them, and
/// what `klfit merge` needs to check and rank them.
#[derive(Debug, Serialize)]
struct ScreenShard<'a> {
    schema: &'static str,
    klfit_version: &'static str,
    /// The parsed data's fingerprint (shards of other data do not merge).
    fingerprint: String,
    data: &'a DataSummary,
    direction: &'static str,
    /// All the candidate families, over every shard.
    candidates: u64,
    shard: Shard,
    /// The candidates `[start, end)` of this shard.
    range: [u64; 2],
    /// Families whose fit failed, with the reason.
    skipped: &'a [(String, String)],
    fits: &'a [Row<'a>],
}

/// `--shard K/N`, checked against the rest of the command line: a
/// screening (`--model all`) shards its candidate families; a bootstrap
/// (`--ci bootstrap|parametric` of one model) its replicates.
fn shard_of(a: &FitArgs, screening: bool) -> Result<Option<Shard>> {
    let Some(text) = &a.shard else {
        return Ok(None);
    };
    let usage = |message: &str| Error::Usage {
        message: format!("--shard {text}: {message}"),
    };
    if a.json.is_none() {
        return Err(usage(
            "needs --json FILE: `klfit merge` joins the shards' JSON files",
        ));
    }
    if a.plot.is_some() || a.gof || a.gof_bootstrap.is_some() {
        return Err(usage(
            "a shard holds part of the work: --plot and --gof belong to an unsharded run",
        ));
    }
    let shard = Shard::parse(text)?;
    if screening {
        if a.ci.is_some() {
            return Err(usage(
                "a screening shard holds fits: --ci belongs to an unsharded run",
            ));
        }
        return Ok(Some(shard));
    }
    let Some(CiArg::Bootstrap(b) | CiArg::Parametric(b)) = a.ci else {
        return Err(usage(
            "shards split the replicates of --ci bootstrap[:B] or parametric[:B], or the families of --model all",
        ));
    };
    if a.models.len() != 1 {
        return Err(usage("a bootstrap is sharded for one model (one --model)"));
    }
    if shard.count > b as u64 {
        return Err(usage(&format!("more shards than the {b} replicates")));
    }
    Ok(Some(shard))
}

/// A model as fitted: its name in the table and its family (with any
/// parameters `--fix` holds).
struct Fitted<'a> {
    spec: String,
    family: &'a dyn fit::Family,
}

/// Runs `klfit fit`.
///
/// # Errors
/// Data, model and fitting errors, outputs that clash with the data or
/// each other; no file is changed on error.
pub fn run(a: &FitArgs) -> Result<()> {
    let mut plan = Plan::new();
    plan.input(&a.data)?;
    let json = plan.output("--json", a.json.as_deref())?;
    let plot = plan.plot(a.plot.as_deref(), FIGURES)?;
    let ds = data::read(
        &a.data,
        data::ReadOptions {
            skip_missing: a.skip_missing,
        },
    )?;
    // A column of whole numbers is also a histogram, for discrete models
    // (their defaults, such as binomial's n, come from its support).
    let binned = ds.as_histogram();
    let spec_data = binned.as_ref().map_or(&ds, |b| &b.dataset);
    // `all` (or `all-discrete` for whole-number samples): every built-in
    // family whose support covers the data, fitted in parallel and ranked
    // by AIC (fit::screen).
    let screening = match a.models.as_slice() {
        [m] if m == "all" => Some(false),
        [m] if m == "all-discrete" => Some(true),
        ms if ms.iter().any(|m| m == "all" || m == "all-discrete") => {
            return Err(Error::Usage {
                message: "--model all (or all-discrete) screens every family and cannot be combined with other models".into(),
            })
        }
        _ => None,
    };
    let shard = shard_of(a, screening.is_some())?;
    let direction = match a.direction {
        DirectionArg::Forward => fit::Direction::Forward,
        DirectionArg::Reverse => fit::Direction::Reverse,
    };
    let solver = a.solver.map(|s| match s {
        SolverArg::Brent => fit::Solver::Brent,
        SolverArg::Golden => fit::Solver::GoldenSection,
        SolverArg::Lbfgs => fit::Solver::Lbfgs,
        SolverArg::NelderMead => fit::Solver::NelderMead,
    });
    let mut screened_fits = Vec::new();
    let mut screened_range = None;
    let mut screened_skipped = Vec::new();
    let models = match screening {
        Some(discrete) => {
            let target = if discrete {
                ds.target_for(true)?
            } else {
                ds.target()?
            };
            let mut opts = fit::FitOptions::new(direction);
            if let Some(n) = a.max_evals {
                opts = opts.max_evals(n);
            }
            // A shard fits its share of the candidates (their order
            // depends only on the data).
            let total = fit::candidates(&target).len() as u64;
            let range = match shard {
                Some(sh) if sh.count > total => {
                    return Err(Error::Usage {
                        message: format!(
                            "--shard {}/{}: more shards than the {total} candidate families",
                            sh.index, sh.count
                        ),
                    })
                }
                Some(sh) => sh.range(total),
                None => (0, total),
            };
            screened_range = Some(([range.0, range.1], total));
            let s = fit::screen_part(&target, &opts, range.0 as usize..range.1 as usize).map_err(
                |source| Error::Fit {
                    model: "all".into(),
                    source,
                },
            )?;
            screened_skipped.clone_from(&s.skipped);
            for (name, reason) in &s.skipped {
                output::stderr(&format!("klfit: note: {name} skipped: {reason}\n"));
            }
            let mut models = Vec::with_capacity(s.fits.len());
            for sc in s.fits {
                models.push(Model {
                    spec: sc.report.model().to_string(),
                    family: sc.family,
                });
                screened_fits.push(sc.report);
            }
            models
        }
        None => a
            .models
            .iter()
            .map(|m| model::parse(m, spec_data))
            .collect::<Result<Vec<Model>>>()?,
    };
    // --fix holds parameters of every model (fit::Fixed): the table, the
    // statistics, the intervals and the figures all see the held model.
    if !a.fix.is_empty() && screening.is_some() {
        return Err(Error::Usage {
            message:
                "--fix holds a parameter of named models and cannot be combined with --model all"
                    .into(),
        });
    }
    let held: Vec<(&str, f64)> = a.fix.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let fixed: Vec<Option<fit::Fixed<'_>>> = models
        .iter()
        .map(|m| {
            if held.is_empty() {
                return Ok(None);
            }
            fit::Fixed::new(m.family.as_ref(), &held)
                .map(Some)
                .map_err(|source| fit_error(&ds, &m.spec, source))
        })
        .collect::<Result<_>>()?;
    let models: Vec<Fitted<'_>> = models
        .iter()
        .zip(&fixed)
        .map(|(m, f)| match f {
            Some(f) => Fitted {
                spec: fit::Family::name(f),
                family: f,
            },
            None => Fitted {
                spec: m.spec.clone(),
                family: m.family.as_ref(),
            },
        })
        .collect();
    let all_discrete = models.iter().all(|m| m.family.is_discrete());
    let shown = match (&binned, all_discrete) {
        (Some(b), true) => &b.dataset,
        _ => &ds,
    };
    let continuous_target = ds.target()?;
    let discrete_target = if models.iter().any(|m| m.family.is_discrete()) {
        Some(ds.target_for(true)?)
    } else {
        None
    };
    let mut fits = Vec::with_capacity(models.len());
    if screening.is_some() {
        // Fitted and ranked by fit::screen already.
        fits.extend(models.iter().zip(screened_fits));
    }
    for m in models.iter().filter(|_| screening.is_none()) {
        let mut opts = fit::FitOptions::new(direction);
        if let Some(n) = a.max_evals {
            opts = opts.max_evals(n);
        }
        // A model without free parameters is only evaluated, whatever the solver.
        if let (Some(s), false) = (solver, m.family.params().is_empty()) {
            opts = opts.solver(s);
        }
        let target = match (&discrete_target, m.family.is_discrete()) {
            (Some(t), true) => t,
            _ => &continuous_target,
        };
        let r = opts
            .fit(target, m.family)
            .map_err(|source| fit_error(&ds, &m.spec, source))?;
        fits.push((m, r));
    }
    if screening.is_none() {
        fits.sort_by(|(_, a), (_, b)| {
            b.converged()
                .cmp(&a.converged())
                .then(a.objective_nats().total_cmp(&b.objective_nats()))
        });
    }
    for (m, r) in &fits {
        match &r.status() {
            fit::Status::Converged => {}
            fit::Status::Degenerate(d) => output::stderr(&format!(
                "klfit: warning: {} is degenerate ({d}); its row is marked DEGENERATE\n",
                m.spec
            )),
            _ => output::stderr(&format!(
                "klfit: warning: {} did not converge ({}); its row is marked NOT CONVERGED\n",
                m.spec,
                r.termination()
            )),
        }
    }
    let target = match (&discrete_target, all_discrete) {
        (Some(t), true) => t,
        _ => &continuous_target,
    };
    let entropy = target.entropy();
    let summary = DataSummary {
        source: ds.source.clone(),
        kind: target.kind(),
        description: match (&binned, all_discrete) {
            (Some(b), true) => b.describe(),
            _ => ds.describe(),
        },
        n: target.count(),
        support: shown.support().map(|(a, b)| [a, b]),
        entropy_nats: entropy,
        entropy_bits: entropy.map(|h| Unit::Bits.from_nats(h)),
    };
    let table = fit::Comparison {
        fits: fits.iter().map(|(_, r)| r.clone()).collect(),
    };
    // Statistics and intervals are per model: one that cannot have them
    // (no CDF, a fit that did not converge, refits that fail) is named on
    // standard error and left out, never the end of the run.
    let skip = |what: &str, spec: &str, why: &dyn std::fmt::Display| {
        output::stderr(&format!("klfit: warning: no {what} for {spec}: {why}\n"));
    };
    let gofs: Vec<Option<fit::GoodnessOfFit>> = if a.gof || a.gof_bootstrap.is_some() {
        fits.iter()
            .map(|(m, r)| {
                let target = match (&discrete_target, m.family.is_discrete()) {
                    (Some(t), true) => t,
                    _ => &continuous_target,
                };
                match a.gof_bootstrap {
                    Some(b) => fit::goodness_of_fit_bootstrap(target, m.family, r, b, a.seed),
                    None => fit::goodness_of_fit(target, m.family, r),
                }
                .map_err(|e| skip("goodness of fit", &m.spec, &e))
                .ok()
            })
            .collect()
    } else {
        vec![None; fits.len()]
    };
    let method = a.ci.map(|c| match c {
        CiArg::Wald => fit::IntervalMethod::Wald,
        CiArg::Profile => fit::IntervalMethod::Profile,
        CiArg::Parametric(replicates) => fit::IntervalMethod::ParametricBootstrap {
            replicates,
            seed: a.seed,
        },
        CiArg::Bootstrap(replicates) => fit::IntervalMethod::Bootstrap {
            replicates,
            seed: a.seed,
        },
    });
    if let (Some(shard), Some(method), Some(json)) = (shard, method, &json) {
        return write_shard(
            a,
            &ds,
            shard,
            method,
            json,
            &fits,
            &discrete_target,
            &continuous_target,
        );
    }
    let cis: Vec<Option<fit::ConfidenceIntervals>> = match method {
        Some(method) => fits
            .iter()
            .map(|(m, r)| {
                if !r.converged() {
                    skip("confidence intervals", &m.spec, &r.status().label());
                    return None;
                }
                let target = match (&discrete_target, m.family.is_discrete()) {
                    (Some(t), true) => t,
                    _ => &continuous_target,
                };
                fit::confidence_intervals(target, m.family, r, method, a.level)
                    .map_err(|e| skip("confidence intervals", &m.spec, &e))
                    .ok()
            })
            .collect(),
        None => vec![None; fits.len()],
    };
    let report = Report {
        schema: SCHEMA,
        klfit_version: env!("CARGO_PKG_VERSION"),
        data: summary,
        direction: direction.as_str(),
        fits: fits
            .iter()
            .enumerate()
            .zip(gofs.iter().zip(&cis))
            .map(|((i, (m, r)), (g, c))| Row {
                rank: i + 1,
                spec: &m.spec,
                report: r,
                gof: g.as_ref(),
                ci: c.as_ref(),
            })
            .collect(),
    };
    if let (Some(shard), Some(([start, end], candidates)), Some(sink)) =
        (shard, screened_range, &json)
    {
        let file = ScreenShard {
            schema: crate::screen_file::SCHEMA,
            klfit_version: env!("CARGO_PKG_VERSION"),
            fingerprint: ds.fingerprint(),
            data: &report.data,
            direction: report.direction,
            candidates,
            shard,
            range: [start, end],
            skipped: &screened_skipped,
            fits: &report.fits,
        };
        let mut tx = Transaction::new();
        tx.write(sink, &output::json(&file)?)?;
        let text = format!(
            "screening shard {}/{}: candidate families {start}..{end} of {candidates}\n{table}",
            shard.index, shard.count
        );
        if sink.is_stdout() {
            output::stderr(&text);
        } else {
            output::stdout(text.as_bytes())?;
        }
        return tx.commit();
    }
    let mut text = format!("data: {} from {}", report.data.description, ds.source);
    if let Some(h) = report.data.entropy_bits {
        text.push_str(&format!(", entropy {h:.4} bits"));
    }
    text.push_str(&format!("\nminimised: {} KL\n{table}", direction.as_str()));
    if a.gof || a.gof_bootstrap.is_some() {
        text.push_str(&gof_table(&fits, &gofs));
    }
    if a.ci.is_some() {
        text.push_str(&ci_table(&fits, &cis));
    }
    // Files first, standard output last, then every file at once.
    let mut tx = Transaction::new();
    if let Some(p) = &plot {
        tx.figures(p, |dir| plot_fits(dir, shown, &fits))?;
    }
    match &json {
        // Standard output carries the JSON alone when it is the sink.
        Some(s) if s.is_stdout() => {
            tx.write(s, &output::json(&report)?)?;
            output::stderr(&text);
        }
        Some(s) => {
            tx.write(s, &output::json(&report)?)?;
            output::stdout(text.as_bytes())?;
        }
        None => output::stdout(text.as_bytes())?,
    }
    tx.commit()
}

/// Refits shard `shard` of the bootstrap `method` of the one fit and writes
/// the shard file (see [`crate::bootstrap_file`]).
#[allow(clippy::too_many_arguments)]
fn write_shard(
    a: &FitArgs,
    ds: &Dataset,
    shard: Shard,
    method: fit::IntervalMethod,
    json: &Sink,
    fits: &[(&Fitted<'_>, fit::FitReport)],
    discrete_target: &Option<fit::Target>,
    continuous_target: &fit::Target,
) -> Result<()> {
    let [(m, r)] = fits else {
        return Err(Error::Usage {
            message: "--shard: a bootstrap is sharded for one model".into(),
        });
    };
    let target = match (discrete_target, m.family.is_discrete()) {
        (Some(t), true) => t,
        _ => continuous_target,
    };
    let total = match method {
        fit::IntervalMethod::Bootstrap { replicates, .. }
        | fit::IntervalMethod::ParametricBootstrap { replicates, .. } => replicates as u64,
        _ => 0,
    };
    let (start, end) = shard.range(total);
    let replicates =
        fit::bootstrap_replicates(target, m.family, r, method, start as usize..end as usize)
            .map_err(|source| fit_error(ds, &m.spec, source))?;
    let failed = replicates.iter().filter(|r| r.is_none()).count();
    let file = BootstrapShard {
        schema: crate::bootstrap_file::SCHEMA.into(),
        model: m.spec.clone(),
        family: r.model().to_string(),
        data: DataInfo {
            kind: target.kind().into(),
            description: ds.describe(),
            fingerprint: ds.fingerprint(),
        },
        params: r.params().iter().map(|(n, _)| n.to_string()).collect(),
        estimate: r.params().values(),
        method,
        level: a.level,
        shard,
        range: [start, end],
        replicates,
    };
    let mut tx = Transaction::new();
    tx.write(json, &output::json(&file)?)?;
    let text = format!(
        "{}: bootstrap shard {}/{}: replicates {start}..{end} of {total} refitted ({failed} failed)\n",
        r.model(),
        shard.index,
        shard.count
    );
    if json.is_stdout() {
        output::stderr(&text);
    } else {
        output::stdout(text.as_bytes())?;
    }
    tx.commit()
}

/// The goodness-of-fit statistics of each fit, one row per model in rank
/// order (— where a statistic does not apply).
fn gof_table(
    fits: &[(&Fitted<'_>, fit::FitReport)],
    gofs: &[Option<fit::GoodnessOfFit>],
) -> String {
    let cell = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| format!("{v:.6}"));
    let mut t = format!(
        "goodness of fit\n{:>4}  {:<22} {:>10} {:>10} {:>10} {:>12} {:>4} {:>9}\n",
        "rank", "model", "KS", "CvM", "AD", "chi2", "df", "p(chi2)"
    );
    for (i, ((_, r), g)) in fits.iter().zip(gofs).enumerate() {
        let Some(g) = g else { continue };
        let chi2 = g.chi2.as_ref();
        t.push_str(&format!(
            "{:>4}  {:<22} {:>10} {:>10} {:>10} {:>12} {:>4} {:>9}\n",
            i + 1,
            r.model(),
            cell(g.ks),
            cell(g.cvm),
            cell(g.ad),
            chi2.map_or_else(|| "—".to_string(), |c| format!("{:.4}", c.statistic)),
            chi2.map_or_else(|| "—".to_string(), |c| c.df.to_string()),
            chi2.and_then(|c| c.p_value)
                .map_or_else(|| "—".to_string(), |p| format!("{p:.4}")),
        ));
    }
    let boot: Vec<_> = fits
        .iter()
        .zip(gofs)
        .enumerate()
        .filter_map(|(i, ((_, r), g))| Some((i, r, g.as_ref()?.p_values.as_ref()?)))
        .collect();
    if let Some((_, _, first)) = boot.first() {
        let p = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| format!("{v:.4}"));
        t.push_str(&format!(
            "p-values by parametric bootstrap ({} refits, seed {})
{:>4}  {:<22} {:>10} {:>10} {:>10} {:>12} {:>6}
",
            first.replicates, first.seed, "rank", "model", "KS", "CvM", "AD", "chi2", "failed"
        ));
        for (i, r, b) in boot {
            t.push_str(&format!(
                "{:>4}  {:<22} {:>10} {:>10} {:>10} {:>12} {:>6}
",
                i + 1,
                r.model(),
                p(b.ks),
                p(b.cvm),
                p(b.ad),
                p(b.chi2),
                b.failed
            ));
        }
    }
    t
}

/// `v` with 6 decimals, or in scientific notation when that would print
/// more than a dozen digits or round it to 0.
fn number(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-4..1e6).contains(&a) {
        format!("{v:.6e}")
    } else {
        format!("{v:.6}")
    }
}

/// The confidence intervals of each fit, one row per model in rank order.
fn ci_table(
    fits: &[(&Fitted<'_>, fit::FitReport)],
    cis: &[Option<fit::ConfidenceIntervals>],
) -> String {
    let mut t = String::new();
    for (i, ((_, r), c)) in fits.iter().zip(cis).enumerate() {
        let Some(c) = c else { continue };
        if t.is_empty() {
            let how = match c.method {
                fit::IntervalMethod::Wald => "Wald".to_string(),
                fit::IntervalMethod::Profile => "profile likelihood".to_string(),
                fit::IntervalMethod::Bootstrap { replicates, seed } => {
                    format!("bootstrap percentiles, {replicates} replicates, seed {seed}")
                }
                fit::IntervalMethod::ParametricBootstrap { replicates, seed } => format!(
                    "parametric bootstrap percentiles, {replicates} replicates, seed {seed}"
                ),
                _ => "—".to_string(),
            };
            t.push_str(&format!(
                "{:.0}% confidence intervals ({how})\n",
                c.level * 100.0
            ));
        }
        let pieces: Vec<String> = c
            .params
            .iter()
            .map(|(n, [lo, hi])| format!("{n} [{}, {}]", number(*lo), number(*hi)))
            .collect();
        let mut row = format!("{:>4}  {:<22} {}", i + 1, r.model(), pieces.join(", "));
        if c.failed > 0 {
            row.push_str(&format!(" ({} refits failed)", c.failed));
        }
        t.push_str(&row);
        t.push('\n');
    }
    t
}

/// The engine's error, with the file line of a sample outside the model's
/// support.
fn fit_error(ds: &Dataset, spec: &str, source: fit::Error) -> Error {
    if let fit::Error::OutsideSupport {
        index: Some(i),
        value,
        ref support,
        ..
    } = source
    {
        if let Some(line) = ds.line_of_sample(i) {
            return Error::Csv {
                path: ds.source.clone(),
                line,
                column: 1,
                reason: format!("{value} is outside the support of {spec}, which needs {support}"),
            };
        }
    }
    Error::Fit {
        model: spec.to_string(),
        source,
    }
}

/// Draws the figures into `dir`, which exists.
fn plot_fits(
    dir: &std::path::Path,
    ds: &Dataset,
    fits: &[(&Fitted<'_>, fit::FitReport)],
) -> Result<()> {
    let wrap = |name: &str| {
        let name = name.to_string();
        move |source| Error::Plot {
            name: name.clone(),
            source,
        }
    };
    // A legend entry names up to MAX_LEGEND_PARAMS parameters; a model with
    // more (a categorical on a wide support) is named by its count.
    let label = |m: &Fitted<'_>, r: &fit::FitReport| match r.params().len() {
        0 => m.spec.clone(),
        n if n <= MAX_LEGEND_PARAMS => format!("{} ({})", m.spec, r.params()),
        n => format!("{} ({n} parameters)", m.spec),
    };
    match &ds.data {
        Data::Counts { .. } | Data::Probabilities { .. } => {
            let (lo, hi) = ds.support().unwrap_or_default();
            let observed = ds.probabilities()?.unwrap_or_default();
            // A support wider than MAX_PLOT_BARS values is drawn in bins of
            // `width` consecutive values (probabilities summed), so a
            // histogram on 0..10⁶ is a readable figure of a few hundred bars,
            // not a 600 MB SVG.
            let len = observed.len().max(1);
            let width = len.div_ceil(MAX_PLOT_BARS);
            let bin = |v: &[f64]| -> Vec<f64> { v.chunks(width).map(|c| c.iter().sum()).collect() };
            let support: Vec<i64> = (lo..=hi).step_by(width).collect();
            let models = fits
                .iter()
                .map(|(m, r)| {
                    let theta = r.params().values();
                    let pmf: Vec<f64> = (lo..=hi)
                        .map(|k| m.family.ln_density(&theta, k as f64).exp())
                        .collect();
                    plot::NamedValues::new(label(m, r), bin(&pmf))
                })
                .collect();
            let chart = plot::DiscreteComparison::new(
                support,
                plot::NamedValues::new(format!("data ({})", ds.source), bin(&observed)),
                models,
            );
            let x_label = if width == 1 {
                "value [–]".to_string()
            } else {
                format!("value, bins of {width} starting at the value shown [–]")
            };
            let y_label = if width == 1 {
                "probability [–]"
            } else {
                "probability per bin [–]"
            };
            let fig = plot::Figure::new("Data and fitted models", x_label, y_label);
            plot::bars_with_models(dir.join("fit_models"), &fig, &chart)
                .map_err(wrap("fit_models"))?;
        }
        Data::Samples(xs) => {
            let (lo, hi) = xs
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            let (lo, hi) = if hi > lo {
                (lo, hi)
            } else {
                (lo - 0.5, hi + 0.5)
            };
            let bins = 40usize;
            let w = (hi - lo) / bins as f64;
            let mut counts = vec![0usize; bins];
            for &x in xs {
                let i = (((x - lo) / w) as usize).min(bins - 1);
                counts[i] += 1;
            }
            let centres: Vec<f64> = (0..bins).map(|i| lo + (i as f64 + 0.5) * w).collect();
            let dens: Vec<f64> = counts
                .iter()
                .map(|&c| c as f64 / (xs.len() as f64 * w))
                .collect();
            let grid: Vec<f64> = (0..=200)
                .map(|i| lo + (hi - lo) * i as f64 / 200.0)
                .collect();
            let curves = fits
                .iter()
                .map(|(m, r)| {
                    let theta = r.params().values();
                    plot::Series::from_fn(label(m, r), grid.clone(), |x| {
                        m.family.ln_density(&theta, x).exp()
                    })
                })
                .collect();
            let chart = plot::Densities::new(
                plot::Series::new(format!("data ({}, histogram)", ds.source), centres, dens),
                curves,
            );
            let fig = plot::Figure::new("Data and fitted densities", "x [–]", "density [1/x]");
            plot::densities(dir.join("fit_models"), &fig, &chart).map_err(wrap("fit_models"))?;
        }
    }
    let bits = |f: fn(&fit::FitReport) -> Option<f64>| {
        fits.iter()
            .map(|(_, r)| f(r).unwrap_or(f64::INFINITY))
            .collect::<Vec<f64>>()
    };
    if fits.iter().all(|(_, r)| r.kl_forward_bits().is_some()) {
        let chart = plot::GroupedBars {
            categories: fits.iter().map(|(m, _)| m.spec.clone()).collect(),
            series: vec![
                plot::NamedValues::new("KL(data‖model)", bits(|r| r.kl_forward_bits())),
                plot::NamedValues::new("KL(model‖data)", bits(|r| r.kl_reverse_bits())),
            ],
        };
        let fig = plot::Figure::new("KL divergence per model", "model", "KL [bits]");
        plot::grouped_bars(dir.join("fit_kl"), &fig, &chart).map_err(wrap("fit_kl"))?;
    }
    Ok(())
}
