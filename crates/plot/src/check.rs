//! Input validation shared by the charts. Everything user-supplied passes
//! through here before any drawing starts, so drawing itself cannot fail on
//! bad input.

use crate::{Error, Result, Scale, Series};

pub(crate) fn non_empty<T>(what: &str, v: &[T]) -> Result<()> {
    if v.is_empty() {
        Err(Error::Empty { what: what.into() })
    } else {
        Ok(())
    }
}

pub(crate) fn same_len(what: &str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            what: what.into(),
            expected,
            found,
        })
    }
}

pub(crate) fn all_finite(what: &str, v: &[f64]) -> Result<()> {
    match v.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(Error::NotFinite {
            what: what.into(),
            index,
            value: v[index],
        }),
        None => Ok(()),
    }
}

pub(crate) fn finite_value(what: &str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::NotFinite {
            what: what.into(),
            index: 0,
            value: v,
        })
    }
}

pub(crate) fn increasing(what: &str, v: &[f64]) -> Result<()> {
    match v.windows(2).position(|w| w[1] <= w[0]) {
        Some(i) => Err(Error::NotIncreasing {
            what: what.into(),
            index: i + 1,
        }),
        None => Ok(()),
    }
}

/// A series is drawable: equal lengths, finite xs, at least one admissible y.
pub(crate) fn series(s: &Series, y_scale: Scale) -> Result<()> {
    let name = format!("series {:?}", s.label);
    non_empty(&format!("{name} xs"), &s.xs)?;
    same_len(&format!("{name} ys"), s.xs.len(), s.ys.len())?;
    all_finite(&format!("{name} xs"), &s.xs)?;
    if !s.ys.iter().any(|&y| y_scale.admits(y)) {
        return Err(Error::NothingToPlot {
            what: format!("{name} ys"),
            log_scale: y_scale == Scale::Log,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_checks() {
        let ok = Series::new("a", vec![0.0, 1.0], vec![1.0, f64::INFINITY]);
        assert!(series(&ok, Scale::Linear).is_ok());
        let short = Series::new("a", vec![0.0, 1.0], vec![1.0]);
        assert!(matches!(
            series(&short, Scale::Linear),
            Err(Error::LengthMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        let nan = Series::new("a", vec![0.0, 1.0], vec![f64::NAN, f64::INFINITY]);
        assert!(matches!(
            series(&nan, Scale::Linear),
            Err(Error::NothingToPlot { .. })
        ));
        let zero = Series::new("a", vec![0.0], vec![0.0]);
        assert!(series(&zero, Scale::Linear).is_ok());
        assert!(matches!(
            series(&zero, Scale::Log),
            Err(Error::NothingToPlot {
                log_scale: true,
                ..
            })
        ));
        let bad_x = Series::new("a", vec![f64::NAN], vec![1.0]);
        assert!(matches!(
            series(&bad_x, Scale::Linear),
            Err(Error::NotFinite { index: 0, .. })
        ));
    }

    #[test]
    fn increasing_names_the_entry() {
        assert!(increasing("xs", &[0.0, 1.0, 2.0]).is_ok());
        assert!(matches!(
            increasing("xs", &[0.0, 1.0, 1.0]),
            Err(Error::NotIncreasing { index: 2, .. })
        ));
    }
}
