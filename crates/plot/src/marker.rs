//! Annotations: vertical reference lines and labelled points.

/// A labelled vertical line at `x`, drawn dashed across the whole chart,
/// e.g. `"optimum p = 0.570"` or `"moment estimate p = 0.561"`.
#[derive(Debug, Clone, PartialEq)]
pub struct VLine {
    /// Legend entry; include the value, the line itself carries no text.
    pub label: String,
    /// Position on the x axis; must be finite.
    pub x: f64,
}

impl VLine {
    /// A vertical line; never fails, never panics.
    ///
    /// # Example
    /// ```
    /// let v = plot::VLine::new("optimum p = 0.570", 0.57);
    /// assert_eq!(v.x, 0.57);
    /// ```
    pub fn new(label: impl Into<String>, x: f64) -> Self {
        Self {
            label: label.into(),
            x,
        }
    }
}

/// A labelled point drawn as a large marker, e.g. the optimum
/// `("optimum t = 0.47 → 0.338 bits", 0.47, 0.338)` or a local minimum of a
/// landscape.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Legend entry.
    pub label: String,
    /// Position on the x axis; must be finite.
    pub x: f64,
    /// Position on the y axis; must be finite.
    pub y: f64,
}

impl Marker {
    /// A point marker; never fails, never panics.
    ///
    /// # Example
    /// ```
    /// let m = plot::Marker::new("optimum", 0.47, 0.338);
    /// assert_eq!((m.x, m.y), (0.47, 0.338));
    /// ```
    pub fn new(label: impl Into<String>, x: f64, y: f64) -> Self {
        Self {
            label: label.into(),
            x,
            y,
        }
    }
}
