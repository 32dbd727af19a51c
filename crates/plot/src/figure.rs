//! Title, axis labels and pixel size shared by every figure, and the paths
//! a figure was written to.

use std::path::PathBuf;

use crate::{Error, Result};

/// Smallest accepted figure size in pixels (width, height).
pub const MIN_SIZE: (u32, u32) = (400, 300);
/// Largest accepted figure size in pixels (width, height).
pub const MAX_SIZE: (u32, u32) = (8000, 8000);
/// Default figure size in pixels: readable on screen and in a report.
pub const DEFAULT_SIZE: (u32, u32) = (1000, 700);

/// What every figure needs besides its data: a title, an axis label with
/// quantity and unit for each axis, and a size.
///
/// Labels are drawn as given; write the unit in brackets, e.g.
/// `"KL(data‖model) [bits]"` or `"binomial p [–]"`. Fonts and line widths
/// scale with the size, so a 2000×1400 figure looks like a 1000×700 one at
/// twice the resolution.
///
/// # Example
/// ```
/// let fig = plot::Figure::new("KL versus p", "binomial p [–]", "KL(data‖model) [bits]")
///     .with_size(800, 600)?;
/// assert_eq!(fig.size(), (800, 600));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    title: String,
    x_label: String,
    y_label: String,
    size: (u32, u32),
}

impl Figure {
    /// A figure of [`DEFAULT_SIZE`] (1000×700 px). Never fails, never panics.
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            size: DEFAULT_SIZE,
        }
    }

    /// The same figure at `width × height` pixels.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if the size is below [`MIN_SIZE`] (text
    /// would not fit) or above [`MAX_SIZE`].
    pub fn with_size(mut self, width: u32, height: u32) -> Result<Self> {
        for (name, v, lo, hi) in [
            ("width", width, MIN_SIZE.0, MAX_SIZE.0),
            ("height", height, MIN_SIZE.1, MAX_SIZE.1),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err(Error::InvalidParameter {
                    name,
                    value: f64::from(v),
                    reason: "figure sides must be 400..=8000 (width) and 300..=8000 (height) px",
                });
            }
        }
        self.size = (width, height);
        Ok(self)
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The x-axis label.
    pub fn x_label(&self) -> &str {
        &self.x_label
    }
    /// The y-axis label.
    pub fn y_label(&self) -> &str {
        &self.y_label
    }
    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        self.size
    }
}

/// The two files a figure was written to: `<stem>.svg` and `<stem>.png`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The vector version.
    pub svg: PathBuf,
    /// The raster version.
    pub png: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_is_validated() {
        let f = Figure::new("t", "x", "y");
        assert_eq!(f.size(), DEFAULT_SIZE);
        assert!(f.clone().with_size(800, 600).is_ok());
        assert!(matches!(
            f.clone().with_size(10, 600),
            Err(Error::InvalidParameter { name: "width", .. })
        ));
        assert!(matches!(
            f.with_size(800, 9000),
            Err(Error::InvalidParameter { name: "height", .. })
        ));
    }
}
