//! KL, Jensen–Shannon and population stability index between two 1-D
//! samples binned on shared edges: drift monitoring.

mod binning;
mod smoothing;

pub use binning::Binning;
pub use smoothing::Smoothing;

use crate::error::{Error, Result};

/// Divergences between the histograms of a reference and a current sample,
/// with everything needed to reproduce them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HistogramDivergences {
    /// `KL(reference‖current)`, nats.
    pub kl: f64,
    /// Jensen–Shannon divergence, nats (at most ln 2).
    pub js: f64,
    /// Population stability index `Σ (pᵢ − qᵢ) ln(pᵢ/qᵢ)`, nats.
    pub psi: f64,
    /// The edges used (after merging coinciding quantiles).
    pub edges: Vec<f64>,
    /// Reference counts per bin.
    pub reference_counts: Vec<u64>,
    /// Current counts per bin.
    pub current_counts: Vec<u64>,
    /// Reference probabilities `pᵢ` per bin (after smoothing).
    pub reference_probabilities: Vec<f64>,
    /// Current probabilities `qᵢ` per bin (after smoothing).
    pub current_probabilities: Vec<f64>,
    /// The binning asked for.
    pub binning: Binning,
    /// The smoothing used.
    pub smoothing: Smoothing,
}

/// KL, JS and PSI between a reference sample and a current one (for
/// example training data and production data), both binned on the same
/// edges.
///
/// # Formula
/// ```text
/// pᵢ, qᵢ: reference and current bin probabilities (after smoothing)
/// KL(p‖q) = Σ pᵢ ln(pᵢ/qᵢ)
/// JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m),  m = ½(p + q)
/// PSI(p, q) = Σ (pᵢ − qᵢ) ln(pᵢ/qᵢ) = KL(p‖q) + KL(q‖p)
/// ```
/// PSI is Jeffreys's symmetrised KL; the usual reading (Siddiqi 2006) is
/// `< 0.1` stable, `0.1–0.25` some shift, `> 0.25` a major shift. The
/// values are computed by the `divergence` crate (`kl`, `jensen_shannon`,
/// `jeffreys`) on the bin probabilities, so they inherit its accuracy and
/// conventions: with [`Smoothing::None`], a bin with reference mass and no
/// current mass gives `KL = PSI = +∞`, and a bin with current mass only
/// gives `PSI = +∞`.
///
/// Values outside the edges fall into the first or last bin.
///
/// # Errors
/// [`Error::Empty`] for an empty sample; [`Error::NotFinite`] (column 0,
/// the value's index as row) for NaN or ±∞; [`Error::InvalidOption`] for 0
/// bins or `α ≤ 0`; [`Error::InvalidEdges`] for bad explicit edges.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use estimate::{histogram_divergences, Binning, Smoothing};
/// let reference: Vec<f64> = (0..1000).map(|i| i as f64 / 1000.0).collect();
/// let current: Vec<f64> = (0..1000).map(|i| 0.1 + i as f64 / 1000.0).collect();
/// let h = histogram_divergences(&reference, &current, &Binning::Quantile(10), Smoothing::Additive(0.5))?;
/// assert_eq!(h.edges.len(), 11);
/// assert!(h.psi > 0.0 && h.psi.is_finite() && h.js <= 2f64.ln());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// N. Siddiqi, *Credit Risk Scorecards* (Wiley, 2006), ch. 8 (PSI);
/// J. Lin, "Divergence measures based on the Shannon entropy", *IEEE Trans.
/// Inf. Theory* 37(1) (1991) 145–151 (JS); R. J. Hyndman and Y. Fan,
/// "Sample quantiles in statistical packages", *Amer. Statist.* 50(4)
/// (1996) 361–365 (type-7 quantiles).
pub fn histogram_divergences(
    reference: &[f64],
    current: &[f64],
    binning: &Binning,
    smoothing: Smoothing,
) -> Result<HistogramDivergences> {
    for x in [reference, current] {
        if x.is_empty() {
            return Err(Error::Empty {
                rows: 0,
                columns: 1,
            });
        }
        if let Some(row) = x.iter().position(|v| !v.is_finite()) {
            return Err(Error::NotFinite {
                row,
                column: 0,
                value: x[row],
            });
        }
    }
    let edges = binning.edges(reference, current)?;
    let reference_counts = binning::counts(reference, &edges);
    let current_counts = binning::counts(current, &edges);
    let p = smoothing.probabilities(&reference_counts)?;
    let q = smoothing.probabilities(&current_counts)?;
    Ok(HistogramDivergences {
        kl: divergence::kl(&p, &q)?,
        js: divergence::jensen_shannon(&p, &q)?,
        psi: divergence::jeffreys(&p, &q)?,
        edges,
        reference_counts,
        current_counts,
        reference_probabilities: p,
        current_probabilities: q,
        binning: binning.clone(),
        smoothing,
    })
}
