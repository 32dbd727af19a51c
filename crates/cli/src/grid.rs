//! Grid axes (`--grid p=0:1:1001`) and shards (`--shard K/N`).
//!
//! A grid is row-major (the last axis varies fastest); shard `K` of `N`
//! (0-based, as `SLURM_ARRAY_TASK_ID` with `--array=0-(N-1)` and
//! Kubernetes' `JOB_COMPLETION_INDEX`) is the contiguous slice of flat
//! indices `⌊K·T/N⌋ .. ⌊(K+1)·T/N⌋` of the `T` points.

use crate::error::{Error, Result};

/// The most points one grid may have.
pub const MAX_POINTS: u64 = 1 << 40;
/// The most points one run (one shard) computes.
pub const MAX_POINTS_PER_RUN: u64 = 50_000_000;

/// One axis as given on the command line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AxisSpec {
    /// The parameter.
    pub name: String,
    /// The values, strictly increasing.
    pub values: Vec<f64>,
}

/// Parses `name=lo:hi:n` (n evenly spaced values, both ends included) or
/// `name=v1,v2,…`.
///
/// # Errors
/// [`Error::Grid`] for a malformed option, fewer than one point, `lo ≥ hi`
/// with `n > 1`, non-finite or unsorted values.
pub fn parse_axis(text: &str) -> Result<AxisSpec> {
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
    let values = if rest.contains(':') {
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
        if n > MAX_POINTS_PER_RUN {
            return Err(bad(&format!(
                "more than {MAX_POINTS_PER_RUN} points on one axis"
            )));
        }
        fit::Axis::linspace(name, lo, hi, n as usize)
            .map_err(|e| bad(&e.to_string()))?
            .values()
            .to_vec()
    } else {
        let v = rest.split(',').map(num).collect::<Result<Vec<f64>>>()?;
        fit::Axis::new(name, v.clone()).map_err(|e| bad(&e.to_string()))?;
        v
    };
    Ok(AxisSpec {
        name: name.to_string(),
        values,
    })
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
    let spec = || {
        axes.iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join(" × ")
    };
    if axes.is_empty() || axes.len() > 2 {
        return Err(Error::Grid {
            spec: spec(),
            reason: "give one or two --grid axes".into(),
        });
    }
    axes.iter()
        .try_fold(1u64, |t, a| t.checked_mul(a.values.len() as u64))
        .filter(|&t| t <= MAX_POINTS)
        .ok_or_else(|| Error::Grid {
            spec: spec(),
            reason: format!("more than {MAX_POINTS} points"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Shard::parse("1/3").unwrap(), Shard { index: 1, count: 3 });
    }
}
