//! Model comparison: several families fitted to the same data, ranked.

use rayon::prelude::*;

use crate::error::Result;
use crate::family::Family;
use crate::fitting::FitOptions;
use crate::report::FitReport;
use crate::target::Target;

/// Fits ranked by the minimised objective (best first); serialisable, and
/// printable as a table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    /// One report per family, best first; non-converged fits rank last.
    pub fits: Vec<FitReport>,
}

/// Fits every family with `options` (in parallel) and ranks them by the
/// objective, converged fits first. AIC/BIC are in each row for count data.
///
/// # Errors
/// The first fit's error.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{compare, Binomial, Direction, FitOptions, Split, Target, Uniform};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let (b, s, u) = (Binomial::new(10)?, Split::new(11, 6)?, Uniform::new(0, 10)?);
/// let table = compare(&worms, &[&b, &s, &u], &FitOptions::new(Direction::Forward))?;
/// assert_eq!(table.fits[0].model, "Split(0..5|6..10)");
/// println!("{table}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(
    target: &Target,
    families: &[&dyn Family],
    options: &FitOptions,
) -> Result<Comparison> {
    let mut fits: Vec<FitReport> = families
        .par_iter()
        .map(|f| options.fit(target, *f))
        .collect::<Result<_>>()?;
    fits.sort_by(|a, b| {
        b.converged
            .cmp(&a.converged)
            .then(a.objective_nats.total_cmp(&b.objective_nats))
    });
    Ok(Comparison { fits })
}

fn cell(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{v:.d$}"))
}

impl core::fmt::Display for Comparison {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(
            f,
            "{:>4}  {:<22} {:<28} {:>12} {:>12} {:>10} {:>10} {:>10}  status",
            "rank", "model", "parameters", "KL fwd bits", "KL rev bits", "logL", "AIC", "BIC"
        )?;
        for (i, r) in self.fits.iter().enumerate() {
            writeln!(
                f,
                "{:>4}  {:<22} {:<28} {:>12} {:>12} {:>10} {:>10} {:>10}  {}",
                i + 1,
                r.model,
                if r.params.is_empty() {
                    "—".to_string()
                } else {
                    r.params.to_string()
                },
                cell(r.kl_forward_bits, 4),
                cell(r.kl_reverse_bits, 4),
                cell(r.log_likelihood, 2),
                cell(r.aic, 2),
                cell(r.bic, 2),
                if r.converged {
                    "converged"
                } else {
                    "NOT CONVERGED"
                }
            )?;
        }
        Ok(())
    }
}
