//! Data checked against the family before a fit: errors that name the real
//! cause (a value outside the support, a model that puts mass where the
//! data have none) instead of an objective that is infinite at the start.

use crate::error::{Error, Result};
use crate::family::{Family, Support};
use crate::objective::Direction;
use crate::target::{Expectation, Repr, Target};

/// Forward KL and cross-entropy: every observation must lie in the
/// family's support (else the objective is `+∞` for every parameter).
///
/// # Errors
/// [`Error::OutsideSupport`] naming the first offending sample (its index)
/// or histogram value.
pub(crate) fn data_in_support(
    target: &Target,
    family: &dyn Family,
    direction: Direction,
) -> Result<()> {
    if direction == Direction::Reverse {
        return Ok(());
    }
    let support = family.support();
    let outside = |index, value| Error::OutsideSupport {
        family: family.name(),
        support: support.to_string(),
        index,
        value,
    };
    match &target.repr {
        // An interval holds every sample when it holds the extremes (known
        // from the cached moments, which the fit reads anyway).
        Repr::Samples(_)
            if matches!(support, Support::Reals { .. } | Support::OpenReals { .. })
                && target
                    .sample_moments()
                    .is_some_and(|m| support.contains(m.min) && support.contains(m.max)) =>
        {
            Ok(())
        }
        Repr::Samples(s) => match s.xs.iter().position(|&x| !support.contains(x)) {
            Some(i) => Err(outside(Some(i), s.xs[i])),
            None => Ok(()),
        },
        Repr::Histogram(h) => {
            let bad = h
                .probs
                .iter()
                .enumerate()
                .find(|&(i, &p)| p > 0.0 && !support.contains(h.x(i)));
            match bad {
                Some((i, _)) => Err(outside(None, h.x(i))),
                None => Ok(()),
            }
        }
        Repr::Density(_) | Repr::LogDensity(_) => Ok(()),
    }
}

/// Reverse KL against a histogram whose objective is `+∞` at the start:
/// if the model's support reaches integers where the data have no mass,
/// say so (it is `+∞` for every parameter of such a family) instead of
/// blaming the start.
pub(crate) fn reverse_support_error(target: &Target, family: &dyn Family) -> Option<Error> {
    let Repr::Histogram(h) = &target.repr else {
        return None;
    };
    let Support::Integers { lower, upper } = family.support() else {
        return None;
    };
    let first = h.probs.iter().position(|&p| p > 0.0)?;
    let last = h.probs.iter().rposition(|&p| p > 0.0)?;
    let (lo, hi) = (h.start + first as i64, h.start + last as i64);
    let reason = match upper {
        None => format!(
            "the model puts mass on every whole number ≥ {lower}, and the data have none above {hi}"
        ),
        Some(u) if u > hi => format!(
            "the model puts mass on {}..={u}, where the data have none",
            hi + 1
        ),
        _ if lower < lo => format!(
            "the model puts mass on {lower}..={}, where the data have none",
            lo - 1
        ),
        _ => return None,
    };
    Some(Error::InfiniteEverywhere {
        family: family.name(),
        direction: Direction::Reverse.as_str(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Binomial, Gamma, Poisson};

    #[test]
    fn zero_in_gamma_data_is_named() {
        let t = Target::samples(&[1.0, 2.0, 0.0, 3.0]).unwrap();
        let e = data_in_support(&t, &Gamma, Direction::Forward).unwrap_err();
        assert!(matches!(e, Error::OutsideSupport { index: Some(2), .. }));
        assert!(e.to_string().contains("x > 0"), "{e}");
    }

    #[test]
    fn binomial_data_beyond_n_is_named() {
        let t = Target::from_counts(&[1, 1, 1, 1, 1, 1, 1]).unwrap();
        let e = data_in_support(&t, &Binomial::new(5).unwrap(), Direction::Forward).unwrap_err();
        assert!(e.to_string().contains("the value 6"), "{e}");
        assert!(data_in_support(&t, &Binomial::new(5).unwrap(), Direction::Reverse).is_ok());
    }

    #[test]
    fn poisson_reverse_on_a_finite_histogram_is_explained() {
        let t = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7]).unwrap();
        let e = reverse_support_error(&t, &Poisson).unwrap();
        assert!(e.to_string().contains("none above 10"), "{e}");
    }
}
