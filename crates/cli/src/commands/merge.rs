//! `klfit merge SHARD.json …`: joins the shards of one sweep, or of one
//! bootstrap, after checking that they belong together and that none is
//! missing or repeated.

use crate::args::MergeArgs;
use crate::bootstrap_file::{self, BootstrapShard};
use crate::error::{Error, Result};
use crate::grid::Shard;
use crate::output::{self, Transaction};
use crate::screen_file;
use crate::sweep_file::{Points, SweepFile, SCHEMA};

use super::sweep::{emit, outputs};

/// Runs `klfit merge`.
///
/// # Errors
/// [`Error::Read`]/[`Error::Json`] for unreadable files, [`Error::Merge`]
/// for shards that do not fit together.
pub fn run(a: &MergeArgs) -> Result<()> {
    let inputs: Vec<&str> = a.shards.iter().map(String::as_str).collect();
    let sinks = outputs(
        &inputs,
        a.csv.as_deref(),
        a.json.as_deref(),
        a.plot.as_deref(),
    )?;
    let mut files = Vec::with_capacity(a.shards.len());
    let mut boots = Vec::new();
    let mut screens = Vec::new();
    for path in &a.shards {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let not_json = |e: serde_json::Error| Error::Json {
            path: path.clone(),
            reason: format!("not a klfit sweep file or bootstrap shard: {e}"),
        };
        let value: serde_json::Value = serde_json::from_str(&text).map_err(not_json)?;
        match value.get("schema").and_then(serde_json::Value::as_str) {
            Some(SCHEMA) => {
                let f: SweepFile = serde_json::from_value(value).map_err(|e| Error::Json {
                    path: path.clone(),
                    reason: format!("not a klfit sweep file: {e}"),
                })?;
                files.push((path.clone(), f));
            }
            Some(bootstrap_file::SCHEMA) => {
                let f: BootstrapShard = serde_json::from_value(value).map_err(|e| Error::Json {
                    path: path.clone(),
                    reason: format!("not a klfit bootstrap shard: {e}"),
                })?;
                boots.push((path.clone(), f));
            }
            Some(screen_file::SCHEMA) => screens.push((path.clone(), value)),
            other => {
                return Err(Error::Json {
                    path: path.clone(),
                    reason: format!(
                        "schema {other:?}, expected {SCHEMA:?}, {:?} or {:?}",
                        bootstrap_file::SCHEMA,
                        screen_file::SCHEMA
                    ),
                })
            }
        }
    }
    let kinds = [!files.is_empty(), !boots.is_empty(), !screens.is_empty()];
    if kinds.iter().filter(|&&k| k).count() > 1 {
        return Err(Error::Merge(
            "shards of different kinds (sweep, bootstrap, screening) cannot be merged together"
                .into(),
        ));
    }
    if (!boots.is_empty() || !screens.is_empty()) && (a.csv.is_some() || a.plot.is_some()) {
        return Err(Error::Usage {
            message: "--csv and --plot belong to sweep shards".into(),
        });
    }
    if !screens.is_empty() {
        let merged = screen_file::merge(screens)?;
        return write_merged(&sinks, &merged.report, &merged.summary());
    }
    match (files.is_empty(), boots.is_empty()) {
        (true, false) => {
            let merged = bootstrap_file::merge(boots)?;
            write_merged(&sinks, &merged, &merged.summary())
        }
        _ => emit(&merge(files)?, &sinks),
    }
}

/// Writes a merged result's JSON (if asked) and its table: on standard
/// error when the JSON is on standard output.
fn write_merged<T: serde::Serialize>(
    sinks: &super::sweep::Outputs,
    merged: &T,
    text: &str,
) -> Result<()> {
    let mut tx = Transaction::new();
    match &sinks.json {
        Some(s) => {
            tx.write(s, &output::json(merged)?)?;
            if s.is_stdout() {
                output::stderr(text);
            } else {
                output::stdout(text.as_bytes())?;
            }
        }
        None => output::stdout(text.as_bytes())?,
    }
    tx.commit()
}

/// How many missing shards a message lists before it counts the rest.
const MISSING_SHOWN: usize = 5;

/// Joins shard files into the whole sweep. Time and memory are
/// proportional to the files given, whatever their shard count says.
///
/// # Errors
/// [`Error::Json`] naming the file and field for a file that fails
/// [`SweepFile::validate`]; [`Error::Merge`] naming the first file that
/// does not fit with the others.
pub fn merge(mut files: Vec<(String, SweepFile)>) -> Result<SweepFile> {
    for (path, f) in &files {
        f.validate().map_err(|reason| Error::Json {
            path: path.clone(),
            reason,
        })?;
    }
    let Some((first_path, first)) = files.first().cloned() else {
        return Err(Error::Merge("no shard files".into()));
    };
    let count = first.shard.count;
    for (path, f) in &files {
        let differs = |what: &str| {
            Err(Error::Merge(format!(
                "{path} has a different {what} than {first_path}"
            )))
        };
        if f.family != first.family {
            return differs("model");
        }
        if f.data != first.data {
            return differs("data");
        }
        if f.axes != first.axes {
            return differs("grid");
        }
        if f.base != first.base {
            return differs("base point");
        }
        if f.shard.count != count || f.total_points != first.total_points {
            return differs("number of shards");
        }
    }
    files.sort_by_key(|(_, f)| f.shard.index);
    for w in files.windows(2) {
        if w[0].1.shard.index == w[1].1.shard.index {
            return Err(Error::Merge(format!(
                "{} and {} are both shard {}/{count}",
                w[0].0, w[1].0, w[0].1.shard.index
            )));
        }
    }
    // Sorted and distinct: walk the gaps for the first few missing shards.
    let have = files.iter().map(|(_, f)| f.shard.index);
    let missing_count = count - files.len() as u64;
    if missing_count > 0 {
        let mut shown = Vec::with_capacity(MISSING_SHOWN);
        let mut next = 0u64;
        for k in have.chain([count]) {
            while next < k && shown.len() < MISSING_SHOWN {
                shown.push(format!("{next}/{count}"));
                next += 1;
            }
            if shown.len() == MISSING_SHOWN {
                break;
            }
            next = k + 1;
        }
        let more = missing_count - shown.len() as u64;
        return Err(Error::Merge(if more == 0 {
            format!("missing shard(s) {}", shown.join(", "))
        } else {
            format!(
                "missing shard(s) {} and {more} more ({missing_count} of {count} missing)",
                shown.join(", ")
            )
        }));
    }
    let mut points = Points {
        index: Vec::new(),
        kl_forward_nats: Vec::new(),
        kl_reverse_nats: Vec::new(),
    };
    for (_, f) in &files {
        points.index.extend_from_slice(&f.points.index);
        points
            .kl_forward_nats
            .extend_from_slice(&f.points.kl_forward_nats);
        points
            .kl_reverse_nats
            .extend_from_slice(&f.points.kl_reverse_nats);
    }
    let mut out = SweepFile {
        shard: Shard::WHOLE,
        range: [0, first.total_points],
        points,
        argmin_forward: None,
        argmin_reverse: None,
        ..first
    };
    out.set_argmins();
    Ok(out)
}
