//! Chart inputs built from the fit crate's reports: what a caller of
//! `fit::GridSweep`, `fit::landscape` and `fit::fit` hands to the drawing
//! functions without re-deriving labels, units and markers.

use fit::{Direction, Family, FitReport, GridPoint};

use crate::chart::{Curves, DiagnosticFit, Diagnostics, DiscreteComparison, Landscape};
use crate::error::{Error, Result};
use crate::marker::Marker;
use crate::quantile::quantile;
use crate::series::{NamedValues, Series};

/// `KL(data‖model)` or `KL(model‖data)`, for legends and colour bars.
fn direction_label(direction: Direction) -> &'static str {
    match direction {
        Direction::Reverse => "KL(model‖data)",
        Direction::CrossEntropy => "H(data, model)",
        _ => "KL(data‖model)",
    }
}

/// The parameters of a grid point as `p = 0.570, t = 0.470`.
fn describe(params: &fit::Params) -> String {
    params
        .iter()
        .map(|(n, v)| format!("{n} = {:.3}", v + 0.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Number of grid points of the fitted density and CDF curves: smooth at
/// any figure width up to a few thousand pixels.
const CURVE_POINTS: usize = 600;

/// Fraction of the samples' range by which the curves extend beyond it.
const CURVE_MARGIN: f64 = 0.15;

/// Significant digits of parameters and AIC in legends: enough to compare
/// with a published table (fitdistrplus prints 4–5).
const LEGEND_DIGITS: usize = 4;

/// `v` with [`LEGEND_DIGITS`] significant digits: `4.008`, `0.05436`,
/// `2511`, `1.2e-7`.
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    if !(-4..6).contains(&magnitude) {
        return format!("{v:.prec$e}", prec = LEGEND_DIGITS - 1);
    }
    let decimals = (LEGEND_DIGITS as i32 - 1 - magnitude).max(0) as usize;
    format!("{v:.decimals$}")
}

/// `Gamma: shape = 4.008, rate = 0.05436, AIC = 2512` for a legend.
fn fit_label(report: &FitReport) -> String {
    let params = report
        .params()
        .iter()
        .map(|(n, v)| format!("{n} = {}", significant(v)))
        .chain(report.aic().map(|a| format!("AIC = {a:.1}")))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{}: {params}", report.model())
}

/// The file name of `data_label` (a bare name stays as it is), so that a
/// legend names `groundbeef.csv`, not the directory it was read from.
fn file_name(data_label: &str) -> String {
    std::path::Path::new(data_label).file_name().map_or_else(
        || data_label.to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}

fn check_pair(family: &dyn Family, report: &FitReport) -> Result<()> {
    if report.is_fit_of(family) {
        Ok(())
    } else {
        Err(Error::ReportFamilyMismatch {
            report: report.model().to_string(),
            family: family.name(),
        })
    }
}

/// The four fitdistrplus panels ([`crate::diagnostics`]) for continuous
/// families fitted to `samples`: each family's density and CDF on a grid
/// spanning the samples, its quantiles at the plotting positions (by a
/// bracketing root finder on its CDF) and its CDF at the sorted samples.
///
/// `data_label` names the data file; only its file name is kept
/// (`"crates/fit/tests/data/groundbeef.csv"` → `"groundbeef.csv"`), and the
/// legend adds `n`. `quantity` is the measured quantity with its unit in
/// brackets (`"serving size [g]"`). Each fit's legend entry gives its
/// parameters and AIC to four significant digits.
///
/// # Formula
/// ```text
/// pᵢ = (i − 0.5)/n,  qᵢ = F⁻¹(pᵢ) = the root of F(x) − pᵢ  (bracketed, bisected)
/// grid: 600 points over [min − 0.15·(max − min), max + 0.15·(max − min)]
/// ```
/// A quantile the root finder cannot bracket (a CDF that never reaches
/// `pᵢ`) is NaN and left out of the Q–Q plot.
///
/// # Errors
/// - [`Error::Empty`], [`Error::NotFinite`]: no samples, or one is NaN or infinite.
/// - [`Error::ReportFamilyMismatch`]: a report is not a fit of the family
///   paired with it ([`FitReport::is_fit_of`]).
/// - [`Error::NoCdf`]: a family is discrete or has no CDF.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Exponential, Gamma, Poisson, Target};
/// let x: Vec<f64> = (1..=50).map(|i| -(1.0 - (f64::from(i) - 0.5) / 50.0).ln()).collect();
/// let data = Target::samples(&x)?;
/// let (e, g) = (fit(&data, &Exponential, Direction::Forward)?,
///               fit(&data, &Gamma, Direction::Forward)?);
/// let d = plot::diagnostics_of(&x, "data/times.csv", "waiting time [s]",
///                              &[(&Exponential, &e), (&Gamma, &g)])?;
/// assert_eq!(d.data_label, "times.csv (n = 50)");
/// assert_eq!(d.fits[1].quantiles.len(), 50);
/// // A report paired with another family, or a family without a CDF, is an error.
/// assert!(matches!(plot::diagnostics_of(&x, "t", "t [s]", &[(&Gamma, &e)]),
///                  Err(plot::Error::ReportFamilyMismatch { .. })));
/// let counts = Target::from_counts(&[1, 2, 0, 1])?; // 0, 1, 1, 3
/// let p = fit(&counts, &Poisson, Direction::Forward)?;
/// assert!(matches!(plot::diagnostics_of(&[0.0, 1.0, 1.0, 3.0], "c", "c [–]", &[(&Poisson, &p)]),
///                  Err(plot::Error::NoCdf { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Delignette-Muller & Dutang, *J. Stat. Softw.* 64(4) (2015), §2.2
/// (`plot.fitdist`, `qqcomp`: plotting positions `ppoints`).
pub fn diagnostics_of(
    samples: &[f64],
    data_label: &str,
    quantity: &str,
    fits: &[(&dyn Family, &FitReport)],
) -> Result<Diagnostics> {
    crate::check::non_empty("samples", samples)?;
    crate::check::all_finite("samples", samples)?;
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let (min, max) = (sorted[0], sorted[n - 1]);
    let margin = CURVE_MARGIN * (max - min).max(f64::EPSILON * max.abs().max(1.0));
    let step = (max - min + 2.0 * margin) / (CURVE_POINTS - 1) as f64;
    let grid: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| min - margin + i as f64 * step)
        .collect();
    let fits = fits
        .iter()
        .map(|&(family, report)| {
            check_pair(family, report)?;
            let cdf = family
                .as_cdf()
                .filter(|_| !family.is_discrete())
                .ok_or_else(|| Error::NoCdf {
                    family: family.name(),
                })?;
            let theta = report.params().values();
            let f = |x: f64| cdf.cdf(&theta, x);
            Ok(DiagnosticFit {
                label: fit_label(report),
                density: grid
                    .iter()
                    .map(|&x| family.ln_density(&theta, x).exp())
                    .collect(),
                cdf: grid.iter().map(|&x| f(x)).collect(),
                grid: grid.clone(),
                quantiles: (0..n)
                    .map(|i| {
                        quantile(f, (i as f64 + 0.5) / n as f64, (min, max)).unwrap_or(f64::NAN)
                    })
                    .collect(),
                probabilities: sorted.iter().map(|&x| f(x)).collect(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Diagnostics {
        samples: sorted,
        data_label: format!("{} (n = {n})", file_name(data_label)),
        quantity: quantity.to_string(),
        fits,
    })
}

/// Observed against expected frequencies of count data, for
/// [`crate::bars_with_models`]: bars for the number of samples at each
/// integer from the smallest to the largest sample, and for each discrete
/// family its expected number `n·q(k)` at the fitted parameters.
///
/// `data_label` names the data file (only its file name is kept; the legend
/// adds `n`). Each family's entry gives its parameters and AIC to four
/// significant digits. Expected frequencies beyond the largest sample are
/// not drawn (their sum is `n·P(X > max)`).
///
/// # Formula
/// ```text
/// observedₖ = #{i : xᵢ = k},  expectedₖ = n · q_θ(k),  k = min…max
/// ```
///
/// # Errors
/// - [`Error::Empty`], [`Error::NotFinite`]: no samples, or one is NaN or infinite.
/// - [`Error::InvalidParameter`]: a sample is not an integer, or the
///   samples span more than a million values.
/// - [`Error::ReportFamilyMismatch`]: a report is not a fit of the family
///   paired with it.
/// - [`Error::NotDiscrete`]: a family is continuous.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Poisson, Target};
/// let cats = [0.0, 0.0, 1.0, 2.0, 2.0, 5.0];
/// let r = fit(&Target::from_counts(&[2, 1, 2, 0, 0, 1])?, &Poisson, Direction::Forward)?;
/// let c = plot::frequencies_of(&cats, "cats.csv", &[(&Poisson, &r)])?;
/// assert_eq!(c.support, vec![0, 1, 2, 3, 4, 5]);
/// assert_eq!(c.observed.values, vec![2.0, 1.0, 2.0, 0.0, 0.0, 1.0]);
/// assert!((c.models[0].values[0] - 6.0 * (-5.0f64 / 3.0).exp()).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn frequencies_of(
    samples: &[f64],
    data_label: &str,
    fits: &[(&dyn Family, &FitReport)],
) -> Result<DiscreteComparison> {
    /// More distinct values than a bar chart can show.
    const MAX_SPAN: f64 = 1e6;
    crate::check::non_empty("samples", samples)?;
    crate::check::all_finite("samples", samples)?;
    if let Some(&x) = samples.iter().find(|x| x.fract() != 0.0) {
        return Err(Error::InvalidParameter {
            name: "samples",
            value: x,
            reason: "count data must be integers",
        });
    }
    let lo = samples.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = samples.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if hi - lo > MAX_SPAN {
        return Err(Error::InvalidParameter {
            name: "samples",
            value: hi - lo,
            reason: "count data may span at most a million values",
        });
    }
    let support: Vec<i64> = (lo as i64..=hi as i64).collect();
    let mut observed = vec![0.0; support.len()];
    for &x in samples {
        observed[(x - lo) as usize] += 1.0;
    }
    let n = samples.len() as f64;
    let models = fits
        .iter()
        .map(|&(family, report)| {
            check_pair(family, report)?;
            if !family.is_discrete() {
                return Err(Error::NotDiscrete {
                    family: family.name(),
                });
            }
            let theta = report.params().values();
            let expected = support
                .iter()
                .map(|&k| n * family.ln_density(&theta, k as f64).exp())
                .collect();
            Ok(NamedValues::new(
                format!("expected, {}", fit_label(report)),
                expected,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(DiscreteComparison::new(
        support,
        NamedValues::new(
            format!(
                "observed: {} (n = {})",
                file_name(data_label),
                samples.len()
            ),
            observed,
        ),
        models,
    ))
}

/// Both directions of a one-axis [`fit::Sweep`] as KL-versus-parameter
/// curves in `unit`, each direction's grid minimum marked.
///
/// # Errors
/// [`Error::InvalidParameter`] unless the sweep has exactly one axis.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{GridSweep, Axis, Binomial, Target};
/// let worms = Target::from_counts(&[2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7])?;
/// let s = GridSweep::new(&worms, &Binomial::new(10)?)
///     .axes([Axis::linspace("p", 0.0, 1.0, 101)?])
///     .run()?;
/// let chart = plot::sweep_curves(&s, divergence::Unit::Bits)?;
/// assert_eq!(chart.series.len(), 2);
/// assert_eq!(chart.markers.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sweep_curves(sweep: &fit::Sweep, unit: divergence::Unit) -> Result<Curves> {
    let [axis] = sweep.axes.as_slice() else {
        return Err(Error::InvalidParameter {
            name: "axes",
            value: sweep.axes.len() as f64,
            reason: "KL-versus-parameter curves need a sweep over exactly one axis",
        });
    };
    let xs = axis.values().to_vec();
    let mut chart = Curves::default();
    let minima = [
        (Direction::Forward, &sweep.argmin_forward),
        (Direction::Reverse, &sweep.argmin_reverse),
    ];
    for (direction, best) in minima {
        let Ok(ys) = sweep.values_in(direction, unit) else {
            continue; // direction not requested
        };
        chart
            .series
            .push(Series::new(direction_label(direction), xs.clone(), ys));
        if let Some(GridPoint {
            params, value_nats, ..
        }) = best
        {
            let x = params.get(axis.name()).unwrap_or(f64::NAN);
            let y = unit.from_nats(*value_nats);
            chart.markers.push(Marker::new(
                format!(
                    "min {}: {} → {y:.3} {}",
                    direction_label(direction),
                    describe(params),
                    unit.symbol()
                ),
                x,
                y,
            ));
        }
    }
    Ok(chart)
}

/// A profile likelihood as a curve of the deviance `2(ℓ(θ̂) − ℓₚ(ψ))`
/// (nats, dimensionless) over the parameter, with the χ²₁ cut at `level`
/// as a flat line and, when given, the interval's finite ends as vertical
/// lines: where the curve crosses the cut.
///
/// # Errors
/// [`Error::InvalidParameter`] for a level outside `(0, 1)`.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{confidence_intervals, fit, profile_likelihood, Direction, IntervalMethod, Normal, Target};
/// let x = [4.1, 5.3, 3.8, 6.0, 5.1, 4.4, 5.7, 4.9];
/// let data = Target::samples(&x)?;
/// let r = fit(&data, &Normal, Direction::Forward)?;
/// let ci = confidence_intervals(&data, &Normal, &r, IntervalMethod::Profile, 0.95)?;
/// let [lo, hi] = ci.get("mu").unwrap();
/// let grid: Vec<f64> = (0..=40).map(|i| lo - 0.2 + f64::from(i) * (hi - lo + 0.4) / 40.0).collect();
/// let p = profile_likelihood(&data, &Normal, &r, "mu", &grid)?;
/// let chart = plot::profile_curve(&p, Some([lo, hi]), 0.95)?;
/// assert_eq!(chart.series.len(), 2);
/// assert_eq!(chart.vlines.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn profile_curve(
    profile: &fit::LikelihoodProfile,
    interval: Option<[f64; 2]>,
    level: f64,
) -> Result<Curves> {
    let cut = fit::likelihood_ratio_cut(level).map_err(|_| Error::InvalidParameter {
        name: "level",
        value: level,
        reason: "a confidence level lies strictly between 0 and 1",
    })?;
    let deviance = profile.deviance();
    let xs = profile.values.clone();
    let (lo, hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let mut chart = Curves::new(vec![
        Series::new(
            format!("profile deviance of {}", profile.param),
            xs,
            deviance,
        ),
        Series::new(
            format!("χ²₁ cut at {:.0}% = {cut:.3}", 100.0 * level),
            vec![lo, hi],
            vec![cut, cut],
        ),
    ]);
    for (end, x) in ["lower", "upper"]
        .iter()
        .zip(interval.unwrap_or([f64::NAN; 2]))
    {
        if x.is_finite() {
            chart = chart.with_vline(format!("{end} end {x:.6}"), x);
        }
    }
    Ok(chart)
}

/// One direction of a [`fit::Landscape`] as a heatmap in `unit`, with every
/// local minimum of that direction marked.
///
/// # Errors
/// [`Error::InvalidParameter`] for [`Direction::CrossEntropy`] (a landscape
/// holds the two KL directions only).
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{landscape, Axis, Direction, Normal, Target};
/// let p = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
/// let l = landscape(&p, &Normal, Axis::linspace("mu", -5.0, 5.0, 21)?,
///                   Axis::linspace("sigma", 0.5, 4.0, 15)?, None)?;
/// let chart = plot::landscape_of(&l, Direction::Reverse, divergence::Unit::Nats)?;
/// assert_eq!(chart.minima.len(), l.reverse_minima.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn landscape_of(
    l: &fit::Landscape,
    direction: Direction,
    unit: divergence::Unit,
) -> Result<Landscape> {
    let (values, minima) = match direction {
        Direction::Forward => (&l.forward_nats, &l.forward_minima),
        Direction::Reverse => (&l.reverse_nats, &l.reverse_minima),
        _ => {
            return Err(Error::InvalidParameter {
                name: "direction",
                value: f64::NAN,
                reason: "a landscape holds forward and reverse KL only",
            })
        }
    };
    let mut chart = Landscape::new(
        l.xs.clone(),
        l.ys.clone(),
        values.iter().map(|&v| unit.from_nats(v)).collect(),
        format!("{} [{}]", direction_label(direction), unit.symbol()),
    );
    for m in minima {
        chart.minima.push(Marker::new(
            format!(
                "local minimum {}: {:.3} {}",
                describe(&m.params),
                unit.from_nats(m.value_nats),
                unit.symbol()
            ),
            m.params.get(&l.x_name).unwrap_or(f64::NAN),
            m.params.get(&l.y_name).unwrap_or(f64::NAN),
        ));
    }
    Ok(chart)
}

/// An observed histogram against fitted discrete models: bars for
/// `observed` over `support`, each model's pmf (from its family at the
/// report's parameters) overlaid and labelled with its parameters and
/// `KL(data‖model)` in bits.
///
/// # Errors
/// [`Error::ReportFamilyMismatch`] when a report is not a fit of the family
/// paired with it ([`FitReport::is_fit_of`]); the drawing function
/// validates lengths and values.
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{fit, Binomial, Direction, Target};
/// let counts = [2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7];
/// let worms = Target::from_counts(&counts)?;
/// let b = Binomial::new(10)?;
/// let r = fit(&worms, &b, Direction::Forward)?;
/// let observed = divergence::from_counts(&counts)?;
/// let chart = plot::comparison_of((0..=10).collect(), &observed, &[(&b, &r)])?;
/// assert_eq!(chart.models[0].values.len(), 11);
/// // A report paired with another family is an error, not a wrong curve.
/// assert!(plot::comparison_of((0..=10).collect(), &observed, &[(&fit::Poisson, &r)]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn comparison_of(
    support: Vec<i64>,
    observed: &[f64],
    models: &[(&dyn Family, &FitReport)],
) -> Result<DiscreteComparison> {
    let models = models
        .iter()
        .map(|(family, report)| {
            if !report.is_fit_of(*family) {
                return Err(Error::ReportFamilyMismatch {
                    report: report.model().to_string(),
                    family: family.name(),
                });
            }
            let theta = report.params().values();
            let pmf = support
                .iter()
                .map(|&k| family.ln_density(&theta, k as f64).exp())
                .collect();
            let params = if report.params().is_empty() {
                String::new()
            } else {
                format!(", {}", describe(report.params()))
            };
            let kl = report
                .kl_forward_bits()
                .map_or_else(String::new, |b| format!(": KL(data‖model) = {b:.3} bits"));
            Ok(NamedValues::new(
                format!("{}{params}{kl}", report.model()),
                pmf,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(DiscreteComparison::new(
        support,
        NamedValues::new("observed", observed.to_vec()),
        models,
    ))
}
