//! A labelled curve `y(x)` and a labelled vector of values.

/// A labelled curve: `ys[i]` is the value at `xs[i]`.
///
/// `xs` must be finite. `ys` may contain `+∞`, `−∞` or NaN (KL is `+∞`
/// where the model gives zero probability to observed data): such points
/// are left out, the line is broken there, and they do not stretch the
/// axis range. A series needs at least one drawable point.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry, e.g. `"KL(data‖Binomial(10, p))"`.
    pub label: String,
    /// Abscissae, finite, in drawing order.
    pub xs: Vec<f64>,
    /// Ordinates, one per abscissa.
    pub ys: Vec<f64>,
}

impl Series {
    /// Bundles a label with its points. Validation happens when the series
    /// is drawn; never fails, never panics.
    ///
    /// # Example
    /// ```
    /// let s = plot::Series::new("KL", vec![0.1, 0.2], vec![1.5, f64::INFINITY]);
    /// assert_eq!(s.xs.len(), 2);
    /// ```
    pub fn new(label: impl Into<String>, xs: Vec<f64>, ys: Vec<f64>) -> Self {
        Self {
            label: label.into(),
            xs,
            ys,
        }
    }

    /// The series built by evaluating `f` at each of `xs`.
    ///
    /// # Example
    /// ```
    /// let s = plot::Series::from_fn("x²", vec![1.0, 2.0], |x| x * x);
    /// assert_eq!(s.ys, vec![1.0, 4.0]);
    /// ```
    pub fn from_fn(label: impl Into<String>, xs: Vec<f64>, f: impl Fn(f64) -> f64) -> Self {
        let ys = xs.iter().map(|&x| f(x)).collect();
        Self::new(label, xs, ys)
    }
}

/// A labelled vector of values over categories fixed elsewhere: the
/// probabilities of a pmf over an integer support, or the KL of each model
/// in a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedValues {
    /// Legend entry, e.g. `"observed worms"` or `"Binomial(10, 0.57)"`.
    pub label: String,
    /// One value per category.
    pub values: Vec<f64>,
}

impl NamedValues {
    /// Bundles a label with its values; never fails, never panics.
    ///
    /// # Example
    /// ```
    /// let v = plot::NamedValues::new("uniform", vec![0.5, 0.5]);
    /// assert_eq!(v.values.len(), 2);
    /// ```
    pub fn new(label: impl Into<String>, values: Vec<f64>) -> Self {
        Self {
            label: label.into(),
            values,
        }
    }
}
