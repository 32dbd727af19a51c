//! Compensated summation, so that rounding error does not grow with `n`.

/// Neumaier's improved Kahan–Babuška accumulator.
///
/// The error of the final sum is bounded by `2ε|S| + O(nε²)Σ|xᵢ|`, i.e. it
/// does not grow with the number of terms as a plain running sum does.
///
/// Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur
/// Summation endlicher Summen", ZAMM 54 (1974) 39–51.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Neumaier {
    sum: f64,
    compensation: f64,
}

impl Neumaier {
    /// Adds one term.
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// Merges another accumulator (for blocked or lane-wise sums).
    #[inline]
    pub(crate) fn merge(&mut self, other: Neumaier) {
        self.add(other.sum);
        self.compensation += other.compensation;
    }

    /// The compensated total. An infinite running sum is returned as it is
    /// (its compensation is `inf − inf = NaN` and carries no information).
    #[inline]
    pub(crate) fn total(self) -> f64 {
        if self.sum.is_infinite() {
            self.sum
        } else {
            self.sum + self.compensation
        }
    }
}

/// Compensated sum of an iterator of terms.
pub(crate) fn sum_iter<I: IntoIterator<Item = f64>>(terms: I) -> f64 {
    let mut acc = Neumaier::default();
    for x in terms {
        acc.add(x);
    }
    acc.total()
}

/// `max(x, 0)` that keeps NaN visible (`f64::max` would turn NaN into 0).
#[inline]
pub(crate) fn non_negative(x: f64) -> f64 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact results are what these tests check
mod tests {
    use super::*;

    #[test]
    fn cancels_what_a_running_sum_loses() {
        // 1 + 1e100 + 1 - 1e100 = 2; a plain sum gives 0.
        let terms = [1.0, 1e100, 1.0, -1e100];
        assert_eq!(terms.iter().sum::<f64>(), 0.0);
        assert_eq!(sum_iter(terms), 2.0);
    }

    #[test]
    fn infinities_survive_and_nan_is_not_hidden() {
        let mut acc = Neumaier::default();
        acc.add(1.0);
        acc.add(f64::INFINITY);
        acc.add(2.0);
        assert_eq!(acc.total(), f64::INFINITY);
        assert!(non_negative(f64::NAN).is_nan());
        assert_eq!(non_negative(-1e-30), 0.0);
    }

    #[test]
    fn error_does_not_grow_with_n() {
        // 0.1 is not representable; ten million copies sum to 1e6 * (0.1 rounded).
        // The exact value of 10^7 * fl(0.1) is 1000000.0000000000555...,
        // which rounds to 1e6 in f64 (computed with Python's fractions.Fraction).
        let n = 10_000_000;
        let s = sum_iter(std::iter::repeat_n(0.1, n));
        assert_eq!(s, 1_000_000.0);
        let naive: f64 = std::iter::repeat_n(0.1, n).sum();
        assert!((naive - 1_000_000.0).abs() > 1e-6);
    }
}
