//! `klfit sweep DATA --model M --grid …`: KL both ways over a 1-D or 2-D
//! grid, or one deterministic shard of it.
//!
//! Every point is computed independently from the validated data, in
//! parallel, and stored in grid order, so a whole run equals the merge of
//! its shards bit for bit.

use crate::args::SweepArgs;
use crate::data;
use crate::error::{Error, Result};
use crate::grid::{self, Shard, MAX_POINTS_PER_RUN};
use crate::model;
use crate::output::{self, Plan, PlotDir, Sink, Transaction};
use crate::sweep_file::{DataInfo, Points, SweepFile, Value, SCHEMA};

/// Runs `klfit sweep`.
///
/// # Errors
/// Data, model and grid errors; nothing is written on error.
pub fn run(a: &SweepArgs) -> Result<()> {
    let shard = match &a.shard {
        Some(s) => Shard::parse(s)?,
        None => Shard::WHOLE,
    };
    if shard.count > 1 && a.json.is_none() {
        return Err(Error::Unsupported(
            "--shard needs --json FILE: `klfit merge` joins the shards' JSON files".into(),
        ));
    }
    if shard.count > 1 && a.plot.is_some() {
        return Err(Error::Unsupported(
            "--plot needs the whole grid: plot with `klfit merge … --plot DIR`".into(),
        ));
    }
    let sinks = outputs(
        &[&a.data],
        a.csv.as_deref(),
        a.json.as_deref(),
        a.plot.as_deref(),
    )?;
    let grids: Vec<&str> = a.grids.iter().map(String::as_str).collect();
    let axes = grid::parse_axes(&grids)?;
    let total = grid::total(&axes)?;
    if shard.count > total {
        return Err(Error::Grid {
            spec: format!("--shard {}/{}", shard.index, shard.count),
            reason: format!("more shards than the {total} grid points"),
        });
    }
    let ds = data::read(
        &a.data,
        data::ReadOptions {
            skip_missing: a.skip_missing,
        },
    )?;
    let target = ds.target()?;
    let m = model::parse(&a.model, &ds)?;
    let family = m.family.as_ref();
    let params = family.params();
    let mut slots = Vec::with_capacity(axes.len());
    for ax in &axes {
        let names: Vec<String> = params.iter().map(|p| p.name.to_string()).collect();
        let Some(slot) = names.iter().position(|n| *n == ax.name) else {
            return Err(Error::Grid {
                spec: ax.name.clone(),
                reason: format!(
                    "{} has no parameter {:?} (its parameters: {})",
                    family.name(),
                    ax.name,
                    if names.is_empty() {
                        "none".into()
                    } else {
                        names.join(", ")
                    }
                ),
            });
        };
        if slots.contains(&slot) {
            return Err(Error::Grid {
                spec: ax.name.clone(),
                reason: "the same parameter is on two axes".into(),
            });
        }
        let p = &params[slot];
        if let Some(v) = ax.values.iter().find(|&&v| v < p.lower || v > p.upper) {
            return Err(Error::Grid {
                spec: ax.name.clone(),
                reason: format!("value {v} is outside [{}, {}]", p.lower, p.upper),
            });
        }
        slots.push(slot);
    }
    let (start, end) = shard.range(total);
    if end - start > MAX_POINTS_PER_RUN {
        return Err(Error::Grid {
            spec: a.grids.join(" "),
            reason: format!(
                "{} points in one run (at most {MAX_POINTS_PER_RUN}): split it with --shard K/N",
                end - start
            ),
        });
    }
    let wrap = |source| Error::Fit {
        model: m.spec.clone(),
        source,
    };
    // The slice of the grid is evaluated by fit's sweep (parallel, in grid
    // order, progress bar on a terminal); this command only shards and
    // writes.
    let fit_axes = axes
        .iter()
        .map(|ax| fit::Axis::new(&ax.name, ax.values.clone()))
        .collect::<core::result::Result<Vec<_>, _>>()
        .map_err(wrap)?;
    let base = family.start();
    let swept = fit::GridSweep::new(&target, family)
        .axes(fit_axes.iter().cloned())
        .base(&base)
        .directions(fit::Directions::Both)
        .range(start as usize..end as usize)
        .run()
        .map_err(wrap)?;
    let (fw, rv) = (swept.forward_nats, swept.reverse_nats);
    let mut file = SweepFile {
        schema: SCHEMA.into(),
        model: m.spec.clone(),
        family: family.name(),
        data: DataInfo {
            kind: target.kind().into(),
            description: ds.describe(),
            fingerprint: ds.fingerprint(),
        },
        axes,
        base: params
            .iter()
            .zip(&base)
            .map(|(p, &v)| (p.name.to_string(), v))
            .collect(),
        total_points: total,
        shard,
        range: [start, end],
        argmin_forward: None,
        argmin_reverse: None,
        points: Points {
            index: (start..end).collect(),
            kl_forward_nats: fw.into_iter().map(Value).collect(),
            kl_reverse_nats: rv.into_iter().map(Value).collect(),
        },
    };
    file.set_argmins();
    emit(&file, &sinks)
}

/// The files `--plot DIR` receives.
const FIGURES: &[&str] = &["sweep.svg", "sweep.png"];

/// The checked outputs of a sweep or a merge.
pub(crate) struct Outputs {
    csv: Option<Sink>,
    pub(crate) json: Option<Sink>,
    plot: Option<PlotDir>,
}

/// Checks the outputs before any work: none may be one of the `inputs` or
/// another output, and at most one may be standard output.
pub(crate) fn outputs(
    inputs: &[&str],
    csv: Option<&str>,
    json: Option<&str>,
    plot: Option<&std::path::Path>,
) -> Result<Outputs> {
    let mut plan = Plan::new();
    for i in inputs {
        plan.input(i)?;
    }
    Ok(Outputs {
        csv: plan.output("--csv", csv)?,
        json: plan.output("--json", json)?,
        plot: plan.plot(plot, FIGURES)?,
    })
}

/// Writes the figure, the JSON and the CSV files to temporary files, then
/// standard output (a result, or the summary, which goes to standard error
/// when a result is on standard output), then puts every file in place.
pub(crate) fn emit(file: &SweepFile, out: &Outputs) -> Result<()> {
    let mut tx = Transaction::new();
    if let Some(p) = &out.plot {
        tx.figures(p, |dir| file.plot(dir))?;
    }
    let json_bytes = out.json.as_ref().map(|_| output::json(file)).transpose()?;
    let csv_bytes = out.csv.as_ref().map(|_| file.csv());
    let results = [(&out.json, &json_bytes), (&out.csv, &csv_bytes)];
    for stdout_pass in [false, true] {
        for (sink, bytes) in results {
            if let (Some(s), Some(b)) = (sink, bytes) {
                if s.is_stdout() == stdout_pass {
                    tx.write(s, b)?;
                }
            }
        }
    }
    if results
        .iter()
        .any(|(s, _)| s.as_ref().is_some_and(Sink::is_stdout))
    {
        output::stderr(&file.summary());
    } else {
        output::stdout(file.summary().as_bytes())?;
    }
    tx.commit()
}
