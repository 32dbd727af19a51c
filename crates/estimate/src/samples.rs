//! A validated set of samples: `n` points in `d` dimensions.

use ndarray::ArrayView2;

use crate::error::{Error, Result};

/// `n` finite points in `d` dimensions, stored row-major (one row per
/// point). Built once with [`Samples::new`] or [`Samples::from_row_major`],
/// which check every coordinate; the estimators then trust it.
///
/// # Example
/// ```
/// use estimate::Samples;
/// let x = ndarray::array![[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]];
/// let s = Samples::new(x.view())?;
/// assert_eq!((s.len(), s.dimension()), (3, 2));
/// assert_eq!(s.row(1), &[2.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    data: Vec<f64>,
    dimension: usize,
}

impl Samples {
    /// Copies an `n × d` array (any memory layout) into validated samples.
    ///
    /// # Errors
    /// [`Error::Empty`] if `n = 0` or `d = 0`; [`Error::NotFinite`] naming
    /// the first (row, column) that holds NaN or ±∞.
    ///
    /// # Panics
    /// Never.
    pub fn new(data: ArrayView2<'_, f64>) -> Result<Self> {
        let (rows, columns) = data.dim();
        let flat: Vec<f64> = data.iter().copied().collect();
        Self::checked(flat, rows, columns)
    }

    /// Validated samples from row-major values: row `i` is
    /// `data[i·d .. (i+1)·d]`.
    ///
    /// # Errors
    /// As [`Samples::new`], plus [`Error::Ragged`] if `data.len()` is not a
    /// multiple of `dimension`.
    ///
    /// # Panics
    /// Never.
    ///
    /// # Example
    /// ```
    /// let s = estimate::Samples::from_row_major(vec![1.0, 2.0, 3.0], 1)?;
    /// assert_eq!(s.len(), 3);
    /// assert!(estimate::Samples::from_row_major(vec![1.0, f64::NAN], 1).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_row_major(data: Vec<f64>, dimension: usize) -> Result<Self> {
        if dimension == 0 || data.is_empty() {
            return Err(Error::Empty {
                rows: data.len().checked_div(dimension).unwrap_or(0),
                columns: dimension,
            });
        }
        if !data.len().is_multiple_of(dimension) {
            return Err(Error::Ragged {
                len: data.len(),
                dimension,
            });
        }
        let rows = data.len() / dimension;
        Self::checked(data, rows, dimension)
    }

    fn checked(data: Vec<f64>, rows: usize, columns: usize) -> Result<Self> {
        if rows == 0 || columns == 0 {
            return Err(Error::Empty { rows, columns });
        }
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(Error::NotFinite {
                row: i / columns,
                column: i % columns,
                value: data[i],
            });
        }
        Ok(Self {
            data,
            dimension: columns,
        })
    }

    /// Number of points `n`.
    pub fn len(&self) -> usize {
        self.data.len() / self.dimension
    }

    /// Always `false`: validated samples have at least one point.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Dimension `d` (columns).
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Point `i` as a slice of `d` coordinates.
    ///
    /// # Panics
    /// If `i ≥ n`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.dimension..(i + 1) * self.dimension]
    }

    /// All coordinates, row-major.
    pub fn as_row_major(&self) -> &[f64] {
        &self.data
    }

    /// The points `rows` (indices into `self`), in that order.
    pub(crate) fn select(&self, rows: &[usize]) -> Self {
        let mut data = Vec::with_capacity(rows.len() * self.dimension);
        for &r in rows {
            data.extend_from_slice(self.row(r));
        }
        Self {
            data,
            dimension: self.dimension,
        }
    }

    /// Largest |coordinate| (0 if all are 0).
    pub(crate) fn max_abs(&self) -> f64 {
        self.data.iter().fold(0.0f64, |m, v| m.max(v.abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_is_named_by_row_and_column() {
        let x = ndarray::array![[0.0, 1.0], [2.0, f64::NAN]];
        match Samples::new(x.view()) {
            Err(Error::NotFinite {
                row: 1,
                column: 1,
                value,
            }) => assert!(value.is_nan()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn column_major_views_are_read_by_rows() {
        let x = ndarray::array![[0.0, 1.0], [2.0, 3.0]];
        let s = Samples::new(x.t()).unwrap();
        assert_eq!(s.row(0), &[0.0, 2.0]);
    }

    #[test]
    fn empty_and_ragged_are_errors() {
        let e = ndarray::Array2::<f64>::zeros((0, 3));
        assert!(matches!(
            Samples::new(e.view()),
            Err(Error::Empty {
                rows: 0,
                columns: 3
            })
        ));
        assert!(matches!(
            Samples::from_row_major(vec![1.0; 5], 2),
            Err(Error::Ragged {
                len: 5,
                dimension: 2
            })
        ));
        assert!(matches!(
            Samples::from_row_major(vec![1.0], 0),
            Err(Error::Empty { .. })
        ));
    }
}
