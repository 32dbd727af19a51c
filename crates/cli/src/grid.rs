//! Grid axes (`--grid p=0:1:1001`) and shards (`--shard K/N`).
//!
//! A grid is row-major (the last axis varies fastest); shard `K` of `N`
//! (0-based, as `SLURM_ARRAY_TASK_ID` with `--array=0-(N-1)` and
//! Kubernetes' `JOB_COMPLETION_INDEX`) is the contiguous slice of flat
//! indices `⌊K·T/N⌋ .. ⌊(K+1)·T/N⌋` of the `T` points.
//!
//! Sizes are checked from the option text, before any value is
//! materialised: at most [`MAX_POINTS_PER_AXIS`] values on an axis,
//! [`MAX_POINTS`] points in a grid (so at most as many shards), and
//! [`MAX_POINTS_PER_RUN`] points in one run.

use crate::error::{Error, Result};

/// The most points one grid may have (10⁹): `klfit merge` holds the whole
/// grid in memory (24 bytes a point) and writes it as one file.
pub const MAX_POINTS: u64 = 1_000_000_000;
/// The most points one run (one shard) computes (5·10⁷).
pub const MAX_POINTS_PER_RUN: u64 = 50_000_000;
/// The most values one axis may have (5·10⁷): each shard file repeats the
/// axes.
pub const MAX_POINTS_PER_AXIS: u64 = MAX_POINTS_PER_RUN;

/// One axis as given on the command line.
///
/// In JSON an evenly spaced axis is stored as its range, `{"name": "p",
/// "range": {"lo": 0, "hi": 1, "n": 10000000}}`, when `lo:hi:n` reproduces
/// every value bit for bit; any other axis as `{"name", "values": […]}`.
/// Both forms are read (a shard of a 1e7-point axis was 274 MB when every
/// shard repeated every value).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "AxisRepr", into = "AxisRepr")]
pub struct AxisSpec {
    /// The parameter.
    pub name: String,
    /// The values, strictly increasing.
    pub values: Vec<f64>,
}

/// The JSON form of an [`AxisSpec`]: exactly one of `values` and `range`.
#[derive(serde::Serialize, serde::Deserialize)]
struct AxisRepr {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    range: Option<RangeRepr>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct RangeRepr {
    lo: f64,
    hi: f64,
    n: u64,
}

/// Deserialises the `axes` of a sweep file, checking their number and the
/// size of the grid they span before any range is expanded into its
/// values (a 1 KB file naming two 5·10⁷-point ranges would otherwise take
/// gigabytes before being refused).
///
/// # Errors
/// More than 2 axes, or a grid of more than [`MAX_POINTS`] points.
pub fn deserialize_axes<'de, D>(d: D) -> core::result::Result<Vec<AxisSpec>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error as _;
    use serde::Deserialize as _;
    let reprs: Vec<AxisRepr> = Vec::deserialize(d)?;
    if reprs.len() > 2 {
        return Err(D::Error::custom(format!(
            "field axes has {} entries, expected 1 or 2",
            reprs.len()
        )));
    }
    let mut total: u64 = 1;
    for r in &reprs {
        let n = match (&r.values, &r.range) {
            (Some(v), _) => v.len() as u64,
            (None, Some(range)) => range.n,
            (None, None) => 0,
        };
        total = total.saturating_mul(n);
    }
    if total > MAX_POINTS {
        return Err(D::Error::custom(format!(
            "field axes spans {total} points, more than {MAX_POINTS}"
        )));
    }
    reprs
        .into_iter()
        .map(AxisSpec::try_from)
        .collect::<core::result::Result<_, String>>()
        .map_err(D::Error::custom)
}

impl From<AxisSpec> for AxisRepr {
    fn from(a: AxisSpec) -> AxisRepr {
        let v = &a.values;
        let range = (v.len() >= 3)
            .then(|| fit::Axis::linspace(&a.name, v[0], v[v.len() - 1], v.len()).ok())
            .flatten()
            .filter(|ax| {
                ax.values().len() == v.len()
                    && ax
                        .values()
                        .iter()
                        .zip(v)
                        .all(|(x, y)| x.to_bits() == y.to_bits())
            })
            .map(|_| RangeRepr {
                lo: v[0],
                hi: v[v.len() - 1],
                n: v.len() as u64,
            });
        match range {
            Some(r) => AxisRepr {
                name: a.name,
                values: None,
                range: Some(r),
            },
            None => AxisRepr {
                name: a.name,
                values: Some(a.values),
                range: None,
            },
        }
    }
}

impl TryFrom<AxisRepr> for AxisSpec {
    type Error = String;
    fn try_from(r: AxisRepr) -> core::result::Result<AxisSpec, String> {
        match (r.values, r.range) {
            (Some(values), None) => Ok(AxisSpec {
                name: r.name,
                values,
            }),
            (None, Some(RangeRepr { lo, hi, n })) => {
                if n == 0 || n > MAX_POINTS_PER_AXIS {
                    return Err(format!(
                        "axis {:?}: range.n is {n}, expected 1 to {MAX_POINTS_PER_AXIS}",
                        r.name
                    ));
                }
                let axis = fit::Axis::linspace(&r.name, lo, hi, n as usize)
                    .map_err(|e| format!("axis {:?}: {e}", r.name))?;
                Ok(AxisSpec {
                    name: r.name,
                    values: axis.values().to_vec(),
                })
            }
            _ => Err(format!(
                "axis {:?} needs exactly one of values and range",
                r.name
            )),
        }
    }
}

/// Parses one or two axes, each `name=lo:hi:n` (n evenly spaced values,
/// both ends included) or `name=v1,v2,…`, checking the size of the grid
/// they span ([`total`]) before any axis's values are computed.
///
/// # Errors
/// [`Error::Grid`] for a malformed option, fewer than one point or more
/// than [`MAX_POINTS_PER_AXIS`], `lo ≥ hi` with `n > 1`, non-finite or
/// unsorted values; as [`total`] for the grid.
pub fn parse_axes(texts: &[&str]) -> Result<Vec<AxisSpec>> {
    let defs = texts
        .iter()
        .map(|t| AxisDef::parse(t))
        .collect::<Result<Vec<_>>>()?;
    let lens: Vec<(String, u64)> = defs.iter().map(|d| (d.name.clone(), d.len())).collect();
    total_of(&lens)?;
    defs.into_iter().map(AxisDef::values).collect()
}

/// An axis as written: its name and either a range or the values.
struct AxisDef {
    text: String,
    name: String,
    kind: AxisKind,
}

enum AxisKind {
    Linspace { lo: f64, hi: f64, n: u64 },
    List(Vec<f64>),
}

impl AxisDef {
    fn bad(&self, reason: &str) -> Error {
        Error::Grid {
            spec: self.text.clone(),
            reason: reason.to_string(),
        }
    }

    fn parse(text: &str) -> Result<AxisDef> {
        let bad = |reason: &str| Error::Grid {
            spec: text.to_string(),
            reason: reason.to_string(),
        };
        let (name, rest) = text
            .split_once('=')
            .ok_or_else(|| bad("write NAME=LO:HI:N or NAME=V1,V2,…"))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(bad("missing parameter name before '='"));
        }
        let num = |s: &str| -> Result<f64> {
            match s.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(bad(&format!("{:?} is not a finite number", s.trim()))),
            }
        };
        let kind = if rest.contains(':') {
            let parts: Vec<&str> = rest.split(':').collect();
            let [lo, hi, n] = parts[..] else {
                return Err(bad("write NAME=LO:HI:N (three fields)"));
            };
            let (lo, hi) = (num(lo)?, num(hi)?);
            let n: u64 = n
                .trim()
                .parse()
                .map_err(|_| bad(&format!("{:?} is not a whole number of points", n.trim())))?;
            if n == 0 {
                return Err(bad("zero points"));
            }
            AxisKind::Linspace { lo, hi, n }
        } else {
            AxisKind::List(rest.split(',').map(num).collect::<Result<Vec<f64>>>()?)
        };
        let def = AxisDef {
            text: text.to_string(),
            name: name.to_string(),
            kind,
        };
        if def.len() > MAX_POINTS_PER_AXIS {
            return Err(def.bad(&format!(
                "{} points on one axis; an axis has at most {MAX_POINTS_PER_AXIS}",
                def.len()
            )));
        }
        Ok(def)
    }

    fn len(&self) -> u64 {
        match &self.kind {
            AxisKind::Linspace { n, .. } => *n,
            AxisKind::List(v) => v.len() as u64,
        }
    }

    fn values(self) -> Result<AxisSpec> {
        let values = match self.kind {
            AxisKind::Linspace { lo, hi, n } => fit::Axis::linspace(&self.name, lo, hi, n as usize)
                .map_err(|e| self.bad(&e.to_string()))?
                .values()
                .to_vec(),
            AxisKind::List(ref v) => {
                fit::Axis::new(&self.name, v.clone()).map_err(|e| self.bad(&e.to_string()))?;
                v.clone()
            }
        };
        Ok(AxisSpec {
            name: self.name,
            values,
        })
    }
}

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// `K`, from 0.
    pub index: u64,
    /// `N`, at least 1.
    pub count: u64,
}

impl Shard {
    /// The whole grid.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `K/N` with `0 ≤ K < N`.
    ///
    /// # Errors
    /// [`Error::Grid`] otherwise.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |reason: &str| Error::Grid {
            spec: format!("--shard {text}"),
            reason: reason.to_string(),
        };
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| bad("write K/N with 0 ≤ K < N, e.g. 0/4"))?;
        let k: u64 = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if n == 0 {
            return Err(bad("N must be at least 1"));
        }
        if n > MAX_POINTS {
            return Err(bad(&format!(
                "N is more than {MAX_POINTS}, the most points (and so shards) a grid may have"
            )));
        }
        if k >= n {
            return Err(bad("K must be below N (shards are numbered from 0)"));
        }
        Ok(Shard { index: k, count: n })
    }

    /// The flat index range of this shard in a grid of `total` points.
    pub fn range(self, total: u64) -> (u64, u64) {
        let at = |k: u64| ((u128::from(k) * u128::from(total)) / u128::from(self.count)) as u64;
        (at(self.index), at(self.index + 1))
    }
}

/// The number of points of the grid spanned by `axes`.
///
/// # Errors
/// [`Error::Grid`] for no axes, more than two, or more than [`MAX_POINTS`].
pub fn total(axes: &[AxisSpec]) -> Result<u64> {
    let lens: Vec<(String, u64)> = axes
        .iter()
        .map(|a| (a.name.clone(), a.values.len() as u64))
        .collect();
    total_of(&lens)
}

/// [`total`] from the axes' names and lengths.
fn total_of(axes: &[(String, u64)]) -> Result<u64> {
    let spec = || {
        axes.iter()
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
            .join(" × ")
    };
    if axes.is_empty() || axes.len() > 2 {
        return Err(Error::Grid {
            spec: spec(),
            reason: "give one or two --grid axes".into(),
        });
    }
    let lens: Vec<String> = axes.iter().map(|(_, n)| n.to_string()).collect();
    axes.iter()
        .try_fold(1u64, |t, (_, n)| t.checked_mul(*n))
        .filter(|&t| t <= MAX_POINTS)
        .ok_or_else(|| Error::Grid {
            spec: spec(),
            reason: format!(
                "{} points; a grid has at most {MAX_POINTS}",
                lens.join(" × ")
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenly_spaced_axes_are_stored_as_their_range_and_read_in_both_forms() {
        let even = parse_axes(&["p=0:1:10001"]).unwrap().remove(0);
        let json = serde_json::to_string(&even).unwrap();
        assert!(
            json.contains("\"range\"") && !json.contains("values"),
            "{json}"
        );
        let back: AxisSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, even);
        let listed = parse_axes(&["t=0.01,0.47,0.99"]).unwrap().remove(0);
        let json = serde_json::to_string(&listed).unwrap();
        assert!(json.contains("values"), "{json}");
        assert_eq!(serde_json::from_str::<AxisSpec>(&json).unwrap(), listed);
        // The older form with every value still reads.
        let old = r#"{"name":"p","values":[0.0,0.5,1.0]}"#;
        assert_eq!(
            serde_json::from_str::<AxisSpec>(old).unwrap().values,
            vec![0.0, 0.5, 1.0]
        );
        // A range is checked before anything of its size is built.
        let huge = r#"{"name":"p","range":{"lo":0.0,"hi":1.0,"n":1000000000000}}"#;
        assert!(serde_json::from_str::<AxisSpec>(huge).is_err());
        let both = r#"{"name":"p","values":[0.0],"range":{"lo":0.0,"hi":1.0,"n":2}}"#;
        assert!(serde_json::from_str::<AxisSpec>(both).is_err());
        // Two long ranges: refused by their product, before either is built.
        #[derive(serde::Deserialize)]
        struct Axes {
            #[serde(deserialize_with = "deserialize_axes")]
            #[allow(dead_code)]
            axes: Vec<AxisSpec>,
        }
        let two = r#"{"axes":[{"name":"a","range":{"lo":0,"hi":1,"n":50000000}},
                              {"name":"b","range":{"lo":0,"hi":1,"n":50000000}}]}"#;
        let e = serde_json::from_str::<Axes>(two).err().unwrap().to_string();
        assert!(e.contains("more than"), "{e}");
    }

    fn parse_axis(text: &str) -> Result<AxisSpec> {
        Ok(parse_axes(&[text])?.remove(0))
    }

    #[test]
    fn axes_parse() {
        let a = parse_axis("p=0:1:11").unwrap();
        assert_eq!(a.name, "p");
        assert_eq!(a.values.len(), 11);
        assert_eq!(a.values[3].to_bits(), 0.3f64.to_bits());
        assert_eq!(
            parse_axis("mu=-1,0,2").unwrap().values,
            vec![-1.0, 0.0, 2.0]
        );
        for bad in [
            "p",
            "=0:1:3",
            "p=0:1",
            "p=0:1:0",
            "p=1:0:3",
            "p=0:x:3",
            "p=0:1:2.5",
            "p=2,1",
            "p=0:inf:3",
        ] {
            assert!(matches!(parse_axis(bad), Err(Error::Grid { .. })), "{bad}");
        }
    }

    #[test]
    fn sizes_are_checked_before_values_exist() {
        // 10¹² values on one axis, and two axes of 5·10⁷ (each allowed
        // alone): refused from the text, nothing allocated.
        assert!(matches!(
            parse_axis("p=0:1:1000000000000"),
            Err(Error::Grid { reason, .. }) if reason.contains("at most 50000000")
        ));
        assert!(matches!(
            parse_axes(&["a=0:1:50000000", "b=0:1:50000000"]),
            Err(Error::Grid { reason, .. }) if reason.contains("at most 1000000000")
        ));
        assert!(parse_axes(&["a=0:1:3", "b=0:1:4", "c=0:1:5"]).is_err());
        let ok = parse_axes(&["a=0:1:3", "b=1,2"]).unwrap();
        assert_eq!(total(&ok).unwrap(), 6);
    }

    #[test]
    fn shards_tile_the_grid() {
        for total in [1u64, 7, 100, 1001] {
            for n in 1..=8 {
                let mut next = 0;
                for k in 0..n {
                    let (a, b) = Shard { index: k, count: n }.range(total);
                    assert_eq!(a, next);
                    next = b;
                }
                assert_eq!(next, total);
            }
        }
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert!(Shard::parse("a/2").is_err());
        assert!(Shard::parse("0/1000000000000").is_err());
        assert!(Shard::parse("0/1000000000").is_ok());
        assert_eq!(Shard::parse("1/3").unwrap(), Shard { index: 1, count: 3 });
    }
}
