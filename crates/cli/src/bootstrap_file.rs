//! The shard files of a bootstrap split over machines (`klfit fit …
//! --ci bootstrap:B --shard K/N --json FILE`) and their merge.
//!
//! A shard holds the refits of replicates `[start, end)` of `B`, each
//! depending only on the data, the fit, the seed and its index, so the
//! merged intervals are those of one run (`fit::bootstrap_intervals` over
//! the replicates in order).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::grid::Shard;
use crate::sweep_file::DataInfo;

/// The schema of a bootstrap shard file.
pub const SCHEMA: &str = "klfit-bootstrap-shard/1";
/// The schema of a merged bootstrap result.
pub const MERGED_SCHEMA: &str = "klfit-bootstrap/1";

/// One shard of a bootstrap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapShard {
    /// [`SCHEMA`].
    pub schema: String,
    /// The model spec as written.
    pub model: String,
    /// The fitted family's name.
    pub family: String,
    /// The data.
    pub data: DataInfo,
    /// The parameters' names, in the family's order.
    pub params: Vec<String>,
    /// The fit the replicates resample.
    pub estimate: Vec<f64>,
    /// The method (`bootstrap` or `parametric_bootstrap`), `B` and the seed.
    pub method: fit::IntervalMethod,
    /// The confidence level asked for.
    pub level: f64,
    /// Which shard this is.
    pub shard: Shard,
    /// The replicates `[start, end)` of this file.
    pub range: [u64; 2],
    /// Each replicate's refit (`null` where it failed).
    pub replicates: Vec<Option<fit::Replicate>>,
}

/// The joined bootstrap: the intervals of all the shards' replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedBootstrap {
    /// [`MERGED_SCHEMA`].
    pub schema: &'static str,
    /// The model spec.
    pub model: String,
    /// The family's name.
    pub family: String,
    /// The data.
    pub data: DataInfo,
    /// The fitted parameters, by name.
    pub estimate: std::collections::BTreeMap<String, f64>,
    /// The shards joined.
    pub shards: u64,
    /// The intervals.
    pub ci: fit::ConfidenceIntervals,
}

impl MergedBootstrap {
    /// The table printed by `klfit merge`.
    pub fn summary(&self) -> String {
        let mut t = format!(
            "{}: {:.0}% {} from {} shards ({} failed refits)\n",
            self.family,
            100.0 * self.ci.level,
            match self.ci.method {
                fit::IntervalMethod::ParametricBootstrap { replicates, seed } => format!(
                    "parametric bootstrap percentiles, {replicates} replicates, seed {seed}"
                ),
                fit::IntervalMethod::Bootstrap { replicates, seed } => {
                    format!("bootstrap percentiles, {replicates} replicates, seed {seed}")
                }
                _ => "intervals".to_string(),
            },
            self.shards,
            self.ci.failed
        );
        for (name, [lo, hi]) in &self.ci.params {
            let est = self.estimate.get(name).copied().unwrap_or(f64::NAN);
            t.push_str(&format!("  {name:<10} {est:>14.6}  [{lo:.6}, {hi:.6}]\n"));
        }
        if let Some([lo, hi]) = self.ci.objective_nats {
            t.push_str(&format!(
                "  {:<10} {:>14}  [{lo:.6}, {hi:.6}]\n",
                "objective", "(nats)"
            ));
        }
        t
    }
}

/// Checks that the shard files belong to one bootstrap and cover all its
/// replicates once, then computes the intervals.
///
/// # Errors
/// [`Error::Merge`] naming the first file that does not fit with the
/// others, or the missing/repeated replicates; [`Error::Fit`] from the
/// intervals (too many failed refits).
pub fn merge(mut files: Vec<(String, BootstrapShard)>) -> Result<MergedBootstrap> {
    let Some((first_path, first)) = files.first().cloned() else {
        return Err(Error::Merge("no shard files".into()));
    };
    for (path, f) in &files {
        let differs = |what: &str| {
            Err(Error::Merge(format!(
                "{path} has a different {what} than {first_path}"
            )))
        };
        if f.family != first.family || f.params != first.params {
            return differs("model");
        }
        if f.data != first.data {
            return differs("data");
        }
        if f.method != first.method || f.shard.count != first.shard.count {
            return differs("bootstrap (method, replicates, seed or shard count)");
        }
        if f.estimate.len() != first.estimate.len()
            || f.estimate
                .iter()
                .zip(&first.estimate)
                .any(|(a, b)| a.to_bits() != b.to_bits())
        {
            return differs("fitted estimate");
        }
        if f.level.to_bits() != first.level.to_bits() {
            return differs("confidence level");
        }
        let [a, b] = f.range;
        if b < a || (b - a) as usize != f.replicates.len() {
            return Err(Error::Merge(format!(
                "{path}: range {a}..{b} holds {} replicates",
                f.replicates.len()
            )));
        }
    }
    files.sort_by_key(|(_, f)| f.range[0]);
    let total = match first.method {
        fit::IntervalMethod::Bootstrap { replicates, .. }
        | fit::IntervalMethod::ParametricBootstrap { replicates, .. } => replicates as u64,
        _ => return Err(Error::Merge(format!("{first_path}: not a bootstrap shard"))),
    };
    let mut next = 0u64;
    for (path, f) in &files {
        match f.range[0].cmp(&next) {
            std::cmp::Ordering::Greater => {
                return Err(Error::Merge(format!(
                    "replicates {next}..{} of {total} are in no file (missing shard?)",
                    f.range[0]
                )))
            }
            std::cmp::Ordering::Less => {
                return Err(Error::Merge(format!(
                    "{path} repeats replicates from {} (shard {}/{} given twice?)",
                    f.range[0], f.shard.index, f.shard.count
                )))
            }
            std::cmp::Ordering::Equal => next = f.range[1],
        }
    }
    if next != total {
        return Err(Error::Merge(format!(
            "replicates {next}..{total} are in no file (missing shard?)"
        )));
    }
    let replicates: Vec<Option<fit::Replicate>> = files
        .iter()
        .flat_map(|(_, f)| f.replicates.iter().cloned())
        .collect();
    let names: Vec<&str> = first.params.iter().map(String::as_str).collect();
    let ci = fit::bootstrap_intervals(&names, first.method, first.level, &replicates).map_err(
        |source| Error::Fit {
            model: first.model.clone(),
            source,
        },
    )?;
    Ok(MergedBootstrap {
        schema: MERGED_SCHEMA,
        model: first.model.clone(),
        family: first.family.clone(),
        data: first.data.clone(),
        estimate: first
            .params
            .iter()
            .cloned()
            .zip(first.estimate.iter().copied())
            .collect(),
        shards: files.len() as u64,
        ci,
    })
}
