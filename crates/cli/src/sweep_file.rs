//! The sweep result format shared by `klfit sweep` and `klfit merge`: JSON
//! with the metadata that lets shards be checked and joined, CSV for
//! spreadsheets, and the figure.

use std::path::Path;

use divergence::Unit;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::grid::{self, AxisSpec, Shard, MAX_POINTS, MAX_POINTS_PER_AXIS};
use crate::output::num;

/// The schema tag written into every sweep JSON file.
pub const SCHEMA: &str = "klfit-sweep/1";

/// A KL value in JSON: a number when finite, the strings `"inf"`, `"-inf"`
/// or `"nan"` otherwise (JSON has no infinities).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value(pub f64);

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_finite() {
            s.serialize_f64(v)
        } else if v.is_nan() {
            s.serialize_str("nan")
        } else if v > 0.0 {
            s.serialize_str("inf")
        } else {
            s.serialize_str("-inf")
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(f64),
            Str(String),
        }
        match Raw::deserialize(d)? {
            Raw::Num(v) => Ok(Value(v)),
            Raw::Str(s) => match s.as_str() {
                "inf" => Ok(Value(f64::INFINITY)),
                "-inf" => Ok(Value(f64::NEG_INFINITY)),
                "nan" => Ok(Value(f64::NAN)),
                _ => Err(serde::de::Error::custom(format!("{s:?} is not a KL value"))),
            },
        }
    }
}

/// Where the data came from (without the path, so that shards run from
/// different directories still merge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataInfo {
    /// `"histogram"` or `"samples"`.
    pub kind: String,
    /// A one-line description.
    pub description: String,
    /// FNV-1a fingerprint of the parsed data.
    pub fingerprint: String,
}

/// The best grid point of one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Best {
    /// Flat (row-major) index.
    pub index: u64,
    /// Index along each axis.
    pub grid_index: Vec<u64>,
    /// The swept parameters' values there.
    pub params: std::collections::BTreeMap<String, f64>,
    /// The value in nats.
    pub value_nats: Value,
    /// The value in bits.
    pub value_bits: Value,
}

/// The grid points of this file, as columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Points {
    /// Flat (row-major) indices, consecutive.
    pub index: Vec<u64>,
    /// KL(data‖model) in nats.
    pub kl_forward_nats: Vec<Value>,
    /// KL(model‖data) in nats (`"nan"` where unavailable).
    pub kl_reverse_nats: Vec<Value>,
}

/// A sweep (or one shard of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepFile {
    /// [`SCHEMA`].
    pub schema: String,
    /// The model spec as written.
    pub model: String,
    /// The family's name.
    pub family: String,
    /// The data.
    pub data: DataInfo,
    /// The axes, in order (the last varies fastest).
    #[serde(deserialize_with = "grid::deserialize_axes")]
    pub axes: Vec<AxisSpec>,
    /// Every parameter's value where no axis sets it.
    pub base: std::collections::BTreeMap<String, f64>,
    /// Total points of the whole grid.
    pub total_points: u64,
    /// Which shard this is (`{index: 0, count: 1}` for a whole grid).
    pub shard: Shard,
    /// The flat index range `[start, end)` of this file.
    pub range: [u64; 2],
    /// The smallest KL(data‖model) in this file.
    pub argmin_forward: Option<Best>,
    /// The smallest KL(model‖data) in this file.
    pub argmin_reverse: Option<Best>,
    /// The values.
    pub points: Points,
}

/// Per-axis indices of flat index `flat` (row-major).
pub fn unflatten(axes: &[AxisSpec], flat: u64) -> Vec<u64> {
    let mut idx = vec![0; axes.len()];
    let mut rest = flat;
    for (i, a) in axes.iter().enumerate().rev() {
        let n = a.values.len() as u64;
        idx[i] = rest % n;
        rest /= n;
    }
    idx
}

impl SweepFile {
    /// Checks every field read from a file against the others, so that a
    /// damaged or hand-edited shard is refused before it is used (a count
    /// of 0 once divided by zero).
    ///
    /// # Errors
    /// A sentence naming the field that is out of range or inconsistent.
    pub fn validate(&self) -> core::result::Result<(), String> {
        if self.schema != SCHEMA {
            return Err(format!(
                "field schema is {:?}, expected {SCHEMA:?}",
                self.schema
            ));
        }
        if self.family.trim().is_empty() {
            return Err("field family is empty".into());
        }
        if !matches!(self.data.kind.as_str(), "histogram" | "samples") {
            return Err(format!(
                "field data.kind is {:?}, expected \"histogram\" or \"samples\"",
                self.data.kind
            ));
        }
        if self.axes.is_empty() || self.axes.len() > 2 {
            return Err(format!(
                "field axes has {} entries, expected 1 or 2",
                self.axes.len()
            ));
        }
        for (i, a) in self.axes.iter().enumerate() {
            if a.name.trim().is_empty() {
                return Err(format!("field axes[{i}].name is empty"));
            }
            if self.axes[..i].iter().any(|b| b.name == a.name) {
                return Err(format!("field axes[{i}].name {:?} is repeated", a.name));
            }
            let n = a.values.len() as u64;
            if n == 0 || n > MAX_POINTS_PER_AXIS {
                return Err(format!(
                    "field axes[{i}].values has {n} values, expected 1 to {MAX_POINTS_PER_AXIS}"
                ));
            }
            if let Some(j) = a.values.windows(2).position(|w| w[0] >= w[1]) {
                return Err(format!(
                    "field axes[{i}].values is not strictly increasing at entry {}",
                    j + 1
                ));
            }
            if !self.base.contains_key(&a.name) {
                return Err(format!("field base has no value for axis {:?}", a.name));
            }
        }
        let total = grid::total(&self.axes)
            .map_err(|_| format!("field axes spans more than {MAX_POINTS} points"))?;
        if self.total_points != total {
            return Err(format!(
                "field total_points is {}, but the axes span {total} points",
                self.total_points
            ));
        }
        let Shard { index, count } = self.shard;
        if count == 0 || count > total {
            return Err(format!(
                "field shard.count is {count}, expected 1 to total_points ({total})"
            ));
        }
        if index >= count {
            return Err(format!(
                "field shard.index is {index}, expected 0 to shard.count − 1 ({})",
                count - 1
            ));
        }
        let (start, end) = self.shard.range(total);
        if self.range != [start, end] {
            return Err(format!(
                "field range is {:?}, but shard {index}/{count} of {total} points is [{start}, {end}]",
                self.range
            ));
        }
        let p = &self.points;
        let len = end - start;
        for (field, n) in [
            ("points.index", p.index.len()),
            ("points.kl_forward_nats", p.kl_forward_nats.len()),
            ("points.kl_reverse_nats", p.kl_reverse_nats.len()),
        ] {
            if n as u64 != len {
                return Err(format!(
                    "field {field} has {n} entries, but range [{start}, {end}] holds {len}"
                ));
            }
        }
        if let Some((i, &flat)) = p
            .index
            .iter()
            .enumerate()
            .find(|&(i, &f)| f != start + i as u64)
        {
            return Err(format!(
                "field points.index[{i}] is {flat}, expected {} (indices are consecutive)",
                start + i as u64
            ));
        }
        let mut recomputed = self.clone();
        recomputed.set_argmins();
        for (field, stored, computed) in [
            (
                "argmin_forward",
                &self.argmin_forward,
                &recomputed.argmin_forward,
            ),
            (
                "argmin_reverse",
                &self.argmin_reverse,
                &recomputed.argmin_reverse,
            ),
        ] {
            if stored != computed {
                return Err(format!("field {field} does not match the file's points"));
            }
        }
        Ok(())
    }

    /// Recomputes both argmins from the points (first on ties, NaN skipped).
    pub fn set_argmins(&mut self) {
        let best = |v: &[Value]| -> Option<Best> {
            let (i, value) = v
                .iter()
                .enumerate()
                .filter(|(_, x)| !x.0.is_nan())
                .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))?;
            let flat = *self.points.index.get(i)?;
            let grid_index = unflatten(&self.axes, flat);
            let params = self
                .axes
                .iter()
                .zip(&grid_index)
                .map(|(a, &j)| (a.name.clone(), a.values[j as usize]))
                .collect();
            Some(Best {
                index: flat,
                grid_index,
                params,
                value_nats: *value,
                value_bits: Value(Unit::Bits.from_nats(value.0)),
            })
        };
        self.argmin_forward = best(&self.points.kl_forward_nats);
        self.argmin_reverse = best(&self.points.kl_reverse_nats);
    }

    /// The CSV table: `index`, `i_<axis>`…, `<axis>`…, then KL both ways in
    /// nats and bits. Floats in Rust's shortest round-trip form.
    pub fn csv(&self) -> Vec<u8> {
        let mut s = String::from("index");
        for a in &self.axes {
            s.push_str(&format!(",i_{}", a.name));
        }
        for a in &self.axes {
            s.push_str(&format!(",{}", a.name));
        }
        s.push_str(",kl_forward_nats,kl_forward_bits,kl_reverse_nats,kl_reverse_bits\n");
        let p = &self.points;
        for ((&flat, f), r) in p
            .index
            .iter()
            .zip(&p.kl_forward_nats)
            .zip(&p.kl_reverse_nats)
        {
            let idx = unflatten(&self.axes, flat);
            s.push_str(&flat.to_string());
            for i in &idx {
                s.push(',');
                s.push_str(&i.to_string());
            }
            for (a, &i) in self.axes.iter().zip(&idx) {
                s.push(',');
                s.push_str(&num(a.values[i as usize]));
            }
            for v in [f.0, r.0] {
                s.push(',');
                s.push_str(&num(v));
                s.push(',');
                s.push_str(&num(Unit::Bits.from_nats(v)));
            }
            s.push('\n');
        }
        s.into_bytes()
    }

    /// What the forward values are: KL(data‖model) for histograms, the
    /// cross-entropy (mean negative log-likelihood) for samples, whose
    /// entropy is not finite.
    fn forward_label(&self) -> &'static str {
        if self.data.kind == "samples" {
            "H(data, model) (mean −log-likelihood)"
        } else {
            "KL(data‖model)"
        }
    }

    /// A one-paragraph summary for the terminal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} on {}: {} of {} grid points",
            self.family,
            self.data.description,
            self.points.index.len(),
            self.total_points
        );
        if self.shard.count > 1 {
            s.push_str(&format!(
                " (shard {}/{}, indices {}..{})",
                self.shard.index, self.shard.count, self.range[0], self.range[1]
            ));
        }
        s.push('\n');
        let forward_min = format!("min {}", self.forward_label());
        for (label, b) in [
            (forward_min.as_str(), &self.argmin_forward),
            ("min KL(model‖data)", &self.argmin_reverse),
        ] {
            if let Some(b) = b {
                let at: Vec<String> = b.params.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                s.push_str(&format!(
                    "  {label} = {:.6} bits at {} (grid index {:?})\n",
                    b.value_bits.0,
                    at.join(", "),
                    b.grid_index
                ));
            }
        }
        s
    }

    /// Draws the KL curves (1-D) or the forward-KL landscape (2-D) as
    /// `<dir>/sweep.svg` and `.png`, into a directory that exists.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a shard (plot after merging);
    /// [`Error::Write`]/[`Error::Plot`] if the figure cannot be written.
    pub fn plot(&self, dir: &Path) -> Result<()> {
        if self.shard.count > 1 {
            return Err(Error::Unsupported(
                "--plot needs the whole grid: plot with `klfit merge … --plot DIR`".into(),
            ));
        }
        let bits =
            |v: &[Value]| -> Vec<f64> { v.iter().map(|x| Unit::Bits.from_nats(x.0)).collect() };
        let fwd = bits(&self.points.kl_forward_nats);
        let rev = bits(&self.points.kl_reverse_nats);
        let name = "sweep";
        let wrap = |source| Error::Plot {
            name: name.into(),
            source,
        };
        match self.axes.as_slice() {
            [a] => {
                let mut series = vec![plot::Series::new(
                    self.forward_label(),
                    a.values.clone(),
                    fwd,
                )];
                if rev.iter().any(|v| !v.is_nan()) {
                    series.push(plot::Series::new("KL(model‖data)", a.values.clone(), rev));
                }
                // A cross-entropy may be negative: a log axis only for KL.
                let samples = self.data.kind == "samples";
                let mut chart = plot::Curves::new(series);
                if !samples {
                    chart = chart.with_y_scale(plot::Scale::Log);
                }
                if let Some(b) = &self.argmin_forward {
                    if let Some(&x) = b.params.get(&a.name) {
                        chart = chart.with_vline(
                            format!("min {}: {} = {x}", self.forward_label(), a.name),
                            x,
                        );
                    }
                }
                let fig = plot::Figure::new(
                    if samples {
                        format!("Cross-entropy and KL over {}: {}", a.name, self.family)
                    } else {
                        format!("KL divergence over {}: {}", a.name, self.family)
                    },
                    format!("{} [–]", a.name),
                    if samples {
                        "H(data, model), KL [bits]"
                    } else {
                        "KL [bits]"
                    },
                );
                plot::curves(dir.join(name), &fig, &chart).map_err(wrap)?;
            }
            [y, x] => {
                let mut chart = plot::Landscape::new(
                    x.values.clone(),
                    y.values.clone(),
                    fwd,
                    format!("{} [bits]", self.forward_label()),
                );
                if self.data.kind != "samples" {
                    chart.color_scale = plot::Scale::Log;
                }
                if let Some(b) = &self.argmin_forward {
                    if let (Some(&bx), Some(&by)) = (b.params.get(&x.name), b.params.get(&y.name)) {
                        chart.minima.push(plot::Marker::new("grid minimum", bx, by));
                    }
                }
                let fig = plot::Figure::new(
                    format!("{} landscape: {}", self.forward_label(), self.family),
                    format!("{} [–]", x.name),
                    format!("{} [–]", y.name),
                );
                plot::landscape(dir.join(name), &fig, &chart).map_err(wrap)?;
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_json() {
        let v = vec![
            Value(0.1),
            Value(f64::INFINITY),
            Value(f64::NAN),
            Value(1e-300),
        ];
        let s = serde_json::to_string(&v).unwrap();
        assert_eq!(s, r#"[0.1,"inf","nan",1e-300]"#);
        let back: Vec<Value> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0].0.to_bits(), 0.1f64.to_bits());
        assert!(back[1].0.is_infinite() && back[2].0.is_nan());
    }

    #[test]
    fn unflatten_is_row_major() {
        let axes = vec![
            AxisSpec {
                name: "a".into(),
                values: vec![0.0, 1.0],
            },
            AxisSpec {
                name: "b".into(),
                values: vec![0.0, 1.0, 2.0],
            },
        ];
        assert_eq!(unflatten(&axes, 4), vec![1, 1]);
        assert_eq!(unflatten(&axes, 2), vec![0, 2]);
    }
}
