//! Chart inputs built from the fit crate's reports: what a caller of
//! `fit::GridSweep`, `fit::landscape` and `fit::fit` hands to the drawing
//! functions without re-deriving labels, units and markers.

use fit::{Direction, Family, FitReport, GridPoint};

use crate::chart::{Curves, DiscreteComparison, Landscape};
use crate::error::{Error, Result};
use crate::marker::Marker;
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
