//! Compensated sums and the standard error of a mean, so that a total does
//! not depend on how many threads computed its terms.

/// Neumaier's compensated sum of `terms`, in their order.
///
/// Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur
/// Summation endlicher Summen", ZAMM 54 (1974) 39–51.
pub(crate) fn neumaier(terms: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for x in terms {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            c += (sum - t) + x;
        } else {
            c += (x - t) + sum;
        }
        sum = t;
    }
    if sum.is_infinite() {
        sum
    } else {
        sum + c
    }
}

/// Mean and standard error of the mean (`s/√n`, with the `n − 1`
/// variance) of `terms`; the error is NaN for a single term.
pub(crate) fn mean_and_se(terms: &[f64]) -> (f64, f64) {
    let n = terms.len() as f64;
    let mean = neumaier(terms.iter().copied()) / n;
    let ss = neumaier(terms.iter().map(|t| (t - mean) * (t - mean)));
    (mean, (ss / (n - 1.0) / n).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensation_recovers_what_a_plain_sum_loses() {
        // 1 + 1e-16·10 + (−1): a plain sum gives 0, the exact answer is 1e-15.
        let mut v = vec![1.0];
        v.extend([1e-16; 10]);
        v.push(-1.0);
        approx::assert_relative_eq!(neumaier(v), 1e-15, max_relative = 1e-12);
    }

    #[test]
    fn standard_error_of_a_known_mean() {
        // 1, 2, 3, 4: mean 2.5, s² = 5/3, se = √(5/12) (by hand).
        let (m, se) = mean_and_se(&[1.0, 2.0, 3.0, 4.0]);
        approx::assert_relative_eq!(m, 2.5);
        approx::assert_relative_eq!(se, (5.0f64 / 12.0).sqrt(), max_relative = 1e-15);
    }
}
