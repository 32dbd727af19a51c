//! The shard files of a screening split over machines (`klfit fit DATA
//! --model all --shard K/N --json FILE`) and their merge into the report of
//! one run.
//!
//! A shard holds the report rows of its share of `fit::candidates`, whose
//! order depends only on the data; the merge ranks all the rows by
//! `fit::screen`'s rule (converged fits first, then AIC, BIC and the
//! objective) and writes them as `klfit fit --model all --json` does.

use serde_json::Value;

use crate::error::{Error, Result};

/// The schema of a screening shard file.
pub const SCHEMA: &str = "klfit-screen-shard/1";

/// A merged screening: the `klfit-fit/1` report and its table.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedScreening {
    /// The report, as one run writes it.
    pub report: Value,
    /// Families whose fit failed, with the reason.
    pub skipped: Vec<(String, String)>,
}

impl MergedScreening {
    /// The table printed by `klfit merge`.
    pub fn summary(&self) -> String {
        let mut t = format!(
            "{:>4}  {:<22} {:>12} {:>11} {:>11}  status\n",
            "rank", "model", "logL", "AIC", "BIC"
        );
        let num = |v: &Value| v.as_f64().map_or("—".to_string(), |x| format!("{x:.2}"));
        for row in self.report["fits"].as_array().into_iter().flatten() {
            t.push_str(&format!(
                "{:>4}  {:<22} {:>12} {:>11} {:>11}  {}\n",
                row["rank"].as_u64().unwrap_or(0),
                row["model"].as_str().unwrap_or("?"),
                num(&row["log_likelihood"]),
                num(&row["aic"]),
                num(&row["bic"]),
                row["status"]["kind"].as_str().unwrap_or("?"),
            ));
        }
        for (name, reason) in &self.skipped {
            t.push_str(&format!("skipped: {name}: {reason}\n"));
        }
        t
    }
}

/// A field of a shard, or an error naming the file and the field.
fn field<'v>(path: &str, v: &'v Value, name: &str) -> Result<&'v Value> {
    v.get(name).ok_or_else(|| Error::Json {
        path: path.to_string(),
        reason: format!("no field {name:?} in a screening shard"),
    })
}

fn whole(path: &str, v: &Value, name: &str) -> Result<u64> {
    field(path, v, name)?.as_u64().ok_or_else(|| Error::Json {
        path: path.to_string(),
        reason: format!("field {name:?} is not a whole number"),
    })
}

/// `fit::screen`'s order on report rows: converged first, then AIC, BIC
/// and the objective, each smallest first (a missing one last).
fn rank_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    let key = |r: &Value, k: &str| r[k].as_f64().unwrap_or(f64::INFINITY);
    let converged = |r: &Value| r["converged"].as_bool().unwrap_or(false);
    converged(b)
        .cmp(&converged(a))
        .then(key(a, "aic").total_cmp(&key(b, "aic")))
        .then(key(a, "bic").total_cmp(&key(b, "bic")))
        .then(key(a, "objective_nats").total_cmp(&key(b, "objective_nats")))
}

/// Checks that the shards belong to one screening and cover its
/// candidates once, then ranks their rows together.
///
/// # Errors
/// [`Error::Json`] for a malformed file; [`Error::Merge`] naming the file
/// that does not fit with the others, or the candidates no file holds.
pub fn merge(mut files: Vec<(String, Value)>) -> Result<MergedScreening> {
    let Some((first_path, first)) = files.first().cloned() else {
        return Err(Error::Merge("no shard files".into()));
    };
    let candidates = whole(&first_path, &first, "candidates")?;
    let mut ranges = Vec::with_capacity(files.len());
    for (path, f) in &files {
        for name in ["fingerprint", "direction", "candidates"] {
            if field(path, f, name)? != field(&first_path, &first, name)? {
                return Err(Error::Merge(format!(
                    "{path} has a different {name} than {first_path}"
                )));
            }
        }
        let range = field(path, f, "range")?;
        let (Some(a), Some(b)) = (range[0].as_u64(), range[1].as_u64()) else {
            return Err(Error::Json {
                path: path.clone(),
                reason: "field \"range\" is not [start, end]".into(),
            });
        };
        ranges.push((a, b, path.clone()));
    }
    ranges.sort();
    let mut next = 0;
    for (a, b, path) in &ranges {
        match a.cmp(&next) {
            std::cmp::Ordering::Greater => {
                return Err(Error::Merge(format!(
                    "candidate families {next}..{a} of {candidates} are in no file (missing shard?)"
                )))
            }
            std::cmp::Ordering::Less => {
                return Err(Error::Merge(format!(
                    "{path} repeats candidate families from {a} (a shard given twice?)"
                )))
            }
            std::cmp::Ordering::Equal => next = *b,
        }
    }
    if next != candidates {
        return Err(Error::Merge(format!(
            "candidate families {next}..{candidates} are in no file (missing shard?)"
        )));
    }
    files.sort_by_key(|(_, f)| f["range"][0].as_u64().unwrap_or(0));
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for (path, f) in &files {
        let fits = field(path, f, "fits")?
            .as_array()
            .ok_or_else(|| Error::Json {
                path: path.clone(),
                reason: "field \"fits\" is not a list".into(),
            })?;
        rows.extend(fits.iter().cloned());
        for s in field(path, f, "skipped")?.as_array().into_iter().flatten() {
            skipped.push((
                s[0].as_str().unwrap_or("?").to_string(),
                s[1].as_str().unwrap_or("?").to_string(),
            ));
        }
    }
    rows.sort_by(rank_order);
    for (i, row) in rows.iter_mut().enumerate() {
        row["rank"] = Value::from(i + 1);
    }
    let report = serde_json::json!({
        "schema": crate::commands::fit::SCHEMA,
        "klfit_version": env!("CARGO_PKG_VERSION"),
        "data": first["data"],
        "direction": first["direction"],
        "fits": rows,
    });
    Ok(MergedScreening { report, skipped })
}
