//! 2-D landscapes of forward and reverse KL, ready for a heatmap.

use rayon::prelude::*;

use super::grid::{grid_point, GridPoint, GridSweep};
use super::Axis;
use crate::error::Result;
use crate::family::Family;
use crate::report::Params;
use crate::target::Target;

/// Forward and reverse KL over a 2-D grid, as a plain row-major surface.
///
/// `forward_nats[j * xs.len() + i]` is the value at `(xs[i], ys[j])`: row `j`
/// is one `y`. The grid's local minima (cells lower than all their up to 8
/// neighbours) are listed per direction, best first.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Landscape {
    /// The family's name.
    pub model: String,
    /// Parameter on the horizontal axis.
    pub x_name: String,
    /// Parameter on the vertical axis.
    pub y_name: String,
    /// Column coordinates.
    pub xs: Vec<f64>,
    /// Row coordinates.
    pub ys: Vec<f64>,
    /// KL(data‖model), nats, row-major.
    pub forward_nats: Vec<f64>,
    /// KL(model‖data), nats, row-major.
    pub reverse_nats: Vec<f64>,
    /// Grid local minima of the forward surface, best first.
    pub forward_minima: Vec<GridPoint>,
    /// Grid local minima of the reverse surface, best first.
    pub reverse_minima: Vec<GridPoint>,
}

impl Landscape {
    /// The surface of `direction` as a 2-D array, rows along `y`
    /// ([`Landscape::ys`]) and columns along `x`: a view of the row-major
    /// values, no copy. `a[[i, j]]` is the value at `(xs[j], ys[i])`.
    ///
    /// # Errors
    /// [`crate::Error::NotSwept`] for cross-entropy, or for a direction the
    /// landscape could not compute (reverse KL for samples).
    pub fn array(
        &self,
        direction: crate::Direction,
    ) -> crate::Result<ndarray::ArrayView2<'_, f64>> {
        let v: &[f64] = match direction {
            crate::Direction::Forward => &self.forward_nats,
            crate::Direction::Reverse => &self.reverse_nats,
            crate::Direction::CrossEntropy => &[],
        };
        let not_swept = || crate::Error::NotSwept {
            direction: direction.as_str(),
        };
        if v.is_empty() {
            return Err(not_swept());
        }
        ndarray::ArrayView2::from_shape((self.ys.len(), self.xs.len()), v).map_err(|_| not_swept())
    }

    /// The parameter vectors of the grid minima of `direction`, best first:
    /// ready as starts for [`crate::FitOptions::multi_start`], which refines
    /// them into exact local minima.
    pub fn minima_starts(&self, direction: crate::Direction) -> Vec<Vec<f64>> {
        let m = match direction {
            crate::Direction::Reverse => &self.reverse_minima,
            _ => &self.forward_minima,
        };
        m.iter().map(|p| p.params.values()).collect()
    }
}

/// Evaluates both directions over `x × y` (see [`crate::GridSweep`] for the
/// guarantees: parallel, streaming, grid order, thread-count independent).
///
/// # Errors
/// As [`crate::GridSweep`].
///
/// # Panics
/// Never.
///
/// # Example
/// ```
/// use fit::{landscape, Axis, Normal, Target};
/// let mix = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)])?;
/// let l = landscape(&mix, &Normal, Axis::linspace("mu", -6.0, 6.0, 25)?,
///                   Axis::linspace("sigma", 0.5, 5.0, 19)?, None)?;
/// assert_eq!(l.forward_nats.len(), 25 * 19);
/// assert!(l.reverse_minima.len() >= 2); // one near each peak
/// let reverse = l.array(fit::Direction::Reverse)?; // 19 rows (σ) × 25 columns (μ)
/// assert_eq!(reverse.shape(), &[19, 25]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn landscape(
    target: &Target,
    family: &dyn Family,
    x: Axis,
    y: Axis,
    base: Option<&[f64]>,
) -> Result<Landscape> {
    let mut sweep = GridSweep::new(target, family).axes([y.clone(), x.clone()]);
    if let Some(base) = base {
        sweep = sweep.base(base);
    }
    let s = sweep.run()?;
    let (nx, ny) = (x.len(), y.len());
    let names: Vec<String> = family.params().iter().map(|p| p.name.to_string()).collect();
    // A cell is a minimum when it is finite and below all its (up to 8)
    // neighbours; rows are searched in parallel and kept in row order, so
    // the list (sorted stably by value) does not depend on the threads.
    let is_minimum = |v: &[f64], j: usize, i: usize| -> bool {
        let c = v[j * nx + i];
        if !c.is_finite() {
            return false;
        }
        let (j0, j1) = (j.saturating_sub(1), (j + 1).min(ny - 1));
        let (i0, i1) = (i.saturating_sub(1), (i + 1).min(nx - 1));
        (j0..=j1).all(|jj| {
            (i0..=i1).all(|ii| {
                let nb = v[jj * nx + ii];
                (jj, ii) == (j, i) || !(nb.is_nan() || c >= nb)
            })
        })
    };
    let minima = |v: &[f64]| -> Vec<GridPoint> {
        let flats: Vec<usize> = (0..ny)
            .into_par_iter()
            .flat_map_iter(|j| {
                (0..nx)
                    .filter(move |&i| is_minimum(v, j, i))
                    .map(move |i| j * nx + i)
            })
            .collect();
        let mut out: Vec<GridPoint> = flats
            .into_iter()
            .map(|flat| {
                let (j, i) = (flat / nx, flat % nx);
                let mut theta = s.base.values();
                for (axis, idx) in [(&y, j), (&x, i)] {
                    let k = names.iter().position(|n| n == axis.name()).unwrap_or(0);
                    theta[k] = axis.values()[idx];
                }
                grid_point(
                    flat,
                    v[flat],
                    &[ny, nx],
                    Params::new(names.iter().cloned(), &theta),
                )
            })
            .collect();
        out.sort_by(|a, b| a.value_nats.total_cmp(&b.value_nats));
        out
    };
    Ok(Landscape {
        model: s.model.clone(),
        x_name: x.name().to_string(),
        y_name: y.name().to_string(),
        forward_minima: minima(&s.forward_nats),
        reverse_minima: minima(&s.reverse_nats),
        xs: x.values().to_vec(),
        ys: y.values().to_vec(),
        forward_nats: s.forward_nats,
        reverse_nats: s.reverse_nats,
    })
}
