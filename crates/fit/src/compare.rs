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
    /// One report per family, best first; non-converged and degenerate fits
    /// rank last.
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
/// assert_eq!(table.fits[0].model(), "Split(0..5|6..10)");
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
        b.converged()
            .cmp(&a.converged())
            .then(a.objective_nats.total_cmp(&b.objective_nats))
    });
    // Converged fits first, then the others (degenerate or not converged),
    // each group by objective: a degenerate optimum never ranks above a
    // proper one.
    Ok(Comparison { fits })
}

fn cell(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{v:.d$}"))
}

/// Width of the parameters column of the table.
const PARAMS_WIDTH: usize = 28;
/// Continuation lines of parameters printed per row before the rest is
/// summarised.
const PARAMS_MAX_LINES: usize = 8;

/// The parameters as lines of at most [`PARAMS_WIDTH`] characters (one
/// parameter per piece, never split), at most [`PARAMS_MAX_LINES`] + 1.
fn param_lines(r: &FitReport) -> Vec<String> {
    if r.params.is_empty() {
        return vec!["—".into()];
    }
    let mut lines: Vec<String> = vec![String::new()];
    for (i, (n, v)) in r.params.iter().enumerate() {
        let piece = format!("{n} = {v:.6}");
        let last = lines.last_mut().expect("lines starts non-empty");
        if last.is_empty() {
            last.push_str(&piece);
        } else if last.chars().count() + 2 + piece.chars().count() <= PARAMS_WIDTH {
            last.push_str(", ");
            last.push_str(&piece);
        } else if lines.len() > PARAMS_MAX_LINES {
            let rest = r.params.len() - i;
            lines.push(format!("… {rest} more (see --json)"));
            return lines;
        } else {
            lines.push(piece);
        }
    }
    lines
}

impl core::fmt::Display for Comparison {
    /// One row per fit; a fit with more parameters than fit the parameters
    /// column continues on the next lines, under that column only.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(
            f,
            "{:>4}  {:<22} {:<PARAMS_WIDTH$} {:>12} {:>12} {:>10} {:>10} {:>10}  status",
            "rank", "model", "parameters", "KL fwd bits", "KL rev bits", "logL", "AIC", "BIC"
        )?;
        for (i, r) in self.fits.iter().enumerate() {
            let lines = param_lines(r);
            writeln!(
                f,
                "{:>4}  {:<22} {:<PARAMS_WIDTH$} {:>12} {:>12} {:>10} {:>10} {:>10}  {}",
                i + 1,
                r.model,
                lines[0],
                cell(r.kl_forward_bits(), 4),
                cell(r.kl_reverse_bits(), 4),
                cell(r.log_likelihood, 2),
                cell(r.aic, 2),
                cell(r.bic, 2),
                r.status.label()
            )?;
            for l in &lines[1..] {
                writeln!(f, "{:>4}  {:<22} {l}", "", "")?;
            }
        }
        if self.fits.iter().any(|r| r.std_errors.is_some()) {
            writeln!(
                f,
                "standard errors (observed information; expected where ln L has a kink)"
            )?;
            for (i, r) in self.fits.iter().enumerate() {
                let Some(se) = &r.std_errors else { continue };
                let pieces: Vec<String> = se.iter().map(|(n, v)| format!("{n} {v:.6}")).collect();
                writeln!(f, "{:>4}  {:<22} {}", i + 1, r.model, pieces.join(", "))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, MixtureOfNormals, Target};

    #[test]
    fn many_parameters_keep_the_columns_aligned() {
        let xs: Vec<f64> = (0..40)
            .map(|i| f64::from(i % 7) + f64::from(i) * 0.01)
            .collect();
        let t = Target::samples(&xs).unwrap();
        let m = MixtureOfNormals::new(2).unwrap();
        let table = compare(&t, &[&m], &FitOptions::new(Direction::Forward)).unwrap();
        let text = table.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 2, "{text}");
        let status_col = lines[0].find("status").unwrap();
        assert!(lines[1].chars().count() > status_col, "{text}");
        for l in &lines[2..] {
            assert!(l.chars().count() <= 4 + 2 + 22 + 1 + PARAMS_WIDTH, "{text}");
        }
    }
}
