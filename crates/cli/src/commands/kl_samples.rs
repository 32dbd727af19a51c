//! `klfit kl A.csv B.csv` when the files hold samples: KL estimated from
//! the samples (`klfit-estimate`), by k nearest neighbours in any dimension
//! or on shared histogram bins in 1-D; and KL from samples to a named
//! distribution (the samples' kNN entropy plus a Monte Carlo
//! cross-entropy).

use divergence::Measure;

use crate::args::{EstimatorArg, KlArgs};
use crate::data::Points;
use crate::distribution::Dist;
use crate::error::{Error, Result};

/// A divergence estimated from samples, with its uncertainty.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleOutcome {
    /// The estimate (nats, or dimensionless).
    pub value: f64,
    /// Its standard error, where the method gives one.
    pub std_error: Option<f64>,
    /// How it was obtained.
    pub method: String,
    /// Points of P.
    pub n: usize,
    /// Points of Q (`None` against a distribution).
    pub m: Option<usize>,
    /// Neighbours (kNN only).
    pub k: Option<usize>,
    /// Dimension.
    pub d: usize,
    /// `knn`, `histogram` or `knn-entropy+monte-carlo`.
    pub estimator: &'static str,
}

impl SampleOutcome {
    /// As the outcome of the other `kl` methods (the standard error is not
    /// an error bound, so it is reported on its own).
    pub fn outcome(&self) -> super::kl::Outcome {
        super::kl::Outcome {
            value: self.value,
            error: None,
            method: self.method.clone(),
        }
    }
}

fn estimate_error(what: &str) -> impl Fn(estimate::Error) -> Error + '_ {
    move |e| Error::Unsupported(format!("{what}: {e}"))
}

/// An estimator error in the file's terms: repeated points by their lines.
fn knn_error(e: estimate::Error, (pn, p): (&str, &Points), (qn, q): (&str, &Points)) -> Error {
    let line = |pts: &Points, row: usize| pts.lines.get(row).copied().unwrap_or(0);
    match e {
        estimate::Error::DuplicatePoint {
            row, other, value, k, ..
        } => Error::Unsupported(format!(
            "{pn}: line {} repeats line {} (first coordinate {value}): with k = {k} a point's nearest other point of P is at distance 0; raise --k above the number of repeats, or pass --skip-ties to leave such points out",
            line(p, other.max(row)),
            line(p, other.min(row)),
        )),
        estimate::Error::CoincidentPoint {
            p_row, q_row, value, k, ..
        } => Error::Unsupported(format!(
            "{pn} line {} equals {qn} line {} (first coordinate {value}): with k = {k} its nearest point of Q is at distance 0; raise --k, or pass --skip-ties",
            line(p, p_row),
            line(q, q_row),
        )),
        e => Error::Unsupported(format!("kNN estimate: {e}")),
    }
}

fn knn_options(a: &KlArgs) -> Result<estimate::KnnOptions> {
    let bad = |e: estimate::Error| Error::Usage {
        message: format!("--k / --replicates: {e}"),
    };
    let ties = if a.skip_ties {
        estimate::Ties::SkipZeroDistances
    } else {
        estimate::Ties::Error
    };
    estimate::KnnOptions::new()
        .with_ties(ties)
        .with_k(a.k)
        .map_err(bad)?
        .with_uncertainty(estimate::Uncertainty::HalfSampling {
            replicates: a.replicates,
            seed: a.seed,
        })
        .map_err(bad)
}

/// `measure(P, Q)` between two sample files.
///
/// # Errors
/// [`Error::Usage`] for a measure or option the estimator does not have;
/// [`Error::Unsupported`] for data it refuses (dimensions that differ,
/// repeated points, too few points), naming the reason.
pub fn two_samples(a: &KlArgs, measure: Measure, p: &Points, q: &Points) -> Result<SampleOutcome> {
    let (d, dq) = (p.names.len(), q.names.len());
    if d != dq {
        return Err(Error::Unsupported(format!(
            "{} has {d} column(s) ({}) but {} has {dq} ({}): samples must have the same dimensions",
            a.p.trim(),
            p.names.join(","),
            a.q.trim(),
            q.names.join(",")
        )));
    }
    match a.estimator {
        EstimatorArg::Knn => {
            let (p, q, reverse) = match measure {
                Measure::Kl => (p, q, false),
                Measure::ReverseKl => (q, p, true),
                _ => {
                    return Err(Error::Usage {
                        message: "--estimator knn estimates kl and reverse; for js or psi use --estimator histogram".into(),
                    })
                }
            };
            let ps = estimate::Samples::from_row_major(p.values.clone(), d)
                .map_err(estimate_error(a.p.trim()))?;
            let qs = estimate::Samples::from_row_major(q.values.clone(), d)
                .map_err(estimate_error(a.q.trim()))?;
            let o = knn_options(a)?;
            let (pn, qn) = if reverse {
                (a.q.trim(), a.p.trim())
            } else {
                (a.p.trim(), a.q.trim())
            };
            let e = estimate::kl_knn(&ps, &qs, &o).map_err(|e| knn_error(e, (pn, p), (qn, q)))?;
            Ok(SampleOutcome {
                value: e.estimate,
                std_error: Some(e.std_error),
                method: format!(
                    "{}k-nearest-neighbour estimate (Wang, Kulkarni & Verdú 2009), k = {}, d = {}, n = {}, m = {}; standard error by half-sampling ({} replicates, seed {})",
                    if reverse { "reverse: " } else { "" },
                    e.k,
                    e.d,
                    e.n,
                    e.m,
                    a.replicates,
                    a.seed
                ),
                n: e.n,
                m: Some(e.m),
                k: Some(e.k),
                d: e.d,
                estimator: "knn",
            })
        }
        EstimatorArg::Histogram => {
            if d != 1 {
                return Err(Error::Usage {
                    message: format!("--estimator histogram bins one column; the files have {d}"),
                });
            }
            let smoothing = if a.smoothing > 0.0 {
                estimate::Smoothing::Additive(a.smoothing)
            } else if a.smoothing == 0.0 {
                estimate::Smoothing::None
            } else {
                return Err(Error::Usage {
                    message: format!(
                        "--smoothing {}: a count added to each bin is ≥ 0",
                        a.smoothing
                    ),
                });
            };
            let h = estimate::histogram_divergences(
                &p.values,
                &q.values,
                &estimate::Binning::Quantile(a.bins),
                smoothing,
            )
            .map_err(estimate_error("histogram"))?;
            let (value, name) = match measure {
                Measure::Kl => (h.kl, "KL"),
                Measure::JensenShannon => (h.js, "JS"),
                Measure::Jeffreys => (h.psi, "PSI (Jeffreys)"),
                _ => {
                    return Err(Error::Usage {
                        message: "--estimator histogram gives kl, js and psi (jeffreys)".into(),
                    })
                }
            };
            Ok(SampleOutcome {
                value,
                std_error: None,
                method: format!(
                    "{name} on {} shared bins at the quantiles of P ({}), {}",
                    h.edges.len() - 1,
                    a.p.trim(),
                    match smoothing {
                        estimate::Smoothing::Additive(s) => format!("additive smoothing α = {s}"),
                        _ => "no smoothing (an empty bin of Q where P has mass gives inf)".into(),
                    }
                ),
                n: p.values.len(),
                m: Some(q.values.len()),
                k: None,
                d: 1,
                estimator: "histogram",
            })
        }
    }
}

/// KL(samples ‖ distribution): the samples' kNN entropy and the Monte
/// Carlo cross-entropy against the distribution's density.
///
/// # Errors
/// [`Error::Usage`] for another measure, several columns, or a discrete
/// distribution; [`Error::Unsupported`] for samples the entropy estimator
/// refuses.
pub fn samples_to_model(
    a: &KlArgs,
    measure: Measure,
    p: &Points,
    q: &Dist,
) -> Result<SampleOutcome> {
    if measure != Measure::Kl || p.names.len() != 1 {
        return Err(Error::Usage {
            message: "samples against a distribution: kl of one column of samples (P) to a continuous distribution (Q)".into(),
        });
    }
    let Dist::Continuous(c) = q else {
        return Err(Error::Usage {
            message: "samples against a distribution need a continuous distribution".into(),
        });
    };
    use divergence::Density;
    let ps = estimate::Samples::from_row_major(p.values.clone(), 1)
        .map_err(estimate_error(a.p.trim()))?;
    let e = estimate::kl_model_knn(&ps, |x: &[f64]| c.ln_density(x[0]), &knn_options(a)?)
        .map_err(estimate_error("kNN entropy"))?;
    Ok(SampleOutcome {
        value: e.estimate,
        std_error: Some(e.std_error),
        method: format!(
            "Kozachenko–Leonenko entropy of P (k = {}) + Monte Carlo cross-entropy against Q, n = {}",
            a.k, e.n
        ),
        n: e.n,
        m: None,
        k: Some(a.k),
        d: 1,
        estimator: "knn-entropy+monte-carlo",
    })
}
