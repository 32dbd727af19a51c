//! Mixed integer × continuous problems: sweep the integer, solve the rest.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::family::Family;
use crate::fitting::FitOptions;
use crate::report::FitReport;
use crate::target::Target;

/// One fit per value of an integer parameter, and the best of them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Profile {
    /// The integer parameter's name.
    pub name: String,
    /// The integer values, in order.
    pub values: Vec<i64>,
    /// The continuous fit at each integer value.
    pub fits: Vec<FitReport>,
    /// Index into `values`/`fits` of the smallest objective among converged fits.
    pub best: Option<usize>,
}

/// Profiles an integer parameter: for each `k` in `values`, builds the
/// family `make(k)` and fits its continuous parameters with `options`
/// (in parallel, in order).
///
/// # Errors
/// [`Error::InvalidGrid`] for no values; the first error of `make` or of a fit.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{profile, Direction, FitOptions, Split, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let prof = profile(&worms, "boundary", &(1..=10).collect::<Vec<_>>(),
///                    |b| Split::new(11, b as u64), &FitOptions::new(Direction::Forward))?;
/// let best = &prof.fits[prof.best.unwrap()];
/// assert!(best.kl_forward_bits().unwrap() < 0.338);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn profile<F, M>(
    target: &Target,
    name: &str,
    values: &[i64],
    make: M,
    options: &FitOptions,
) -> Result<Profile>
where
    F: Family,
    M: Fn(i64) -> Result<F> + Sync,
{
    if values.is_empty() {
        return Err(Error::InvalidGrid {
            name: name.to_string(),
            reason: "no integer values",
        });
    }
    let fits: Vec<FitReport> = values
        .par_iter()
        .map(|&k| options.fit(target, &make(k)?))
        .collect::<Result<_>>()?;
    let best = fits
        .iter()
        .enumerate()
        .filter(|(_, f)| f.converged() && !f.objective_nats.is_nan())
        .min_by(|a, b| a.1.objective_nats.total_cmp(&b.1.objective_nats))
        .map(|(i, _)| i);
    Ok(Profile {
        name: name.to_string(),
        values: values.to_vec(),
        fits,
        best,
    })
}
