//! Binomial and Poisson log-masses accurate for any size: Loader's
//! saddle-point expansion, where `ln Γ` differences of numbers near 1e9
//! lose six digits.

use statrs::function::gamma::ln_gamma;

/// `½ ln(2π)`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// Stirling's error `ln n! − (n + ½) ln n + n − ½ ln 2π` for `n ≥ 0`
/// (0 for `n = 0` by convention of its use below): directly for `n ≤ 15`,
/// else its asymptotic series (Loader 2000, §2).
fn stirlerr(n: f64) -> f64 {
    if n <= 15.0 {
        if n <= 0.0 {
            return 0.0;
        }
        return ln_gamma(n + 1.0) - (n + 0.5) * n.ln() + n - HALF_LN_2PI;
    }
    let nn = n * n;
    (1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * nn)) / nn) / nn) / nn)
        / n
}

/// The deviance term `x ln(x/m) + m − x ≥ 0`, without cancellation when
/// `x ≈ m` (Loader 2000, §3).
fn bd0(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        let mut v = (x - m) / (x + m);
        let mut s = (x - m) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let term = ej / f64::from(2 * j + 1);
            s += term;
            // The series has converged when a term no longer changes the sum.
            if term.abs() <= f64::EPSILON * 0.25 * s.abs() {
                return s;
            }
        }
        s
    } else {
        x * (x / m).ln() + m - x
    }
}

/// `ln P(K = k)` for `K ~ Binomial(n, p)`, accurate to a few ulps of the
/// mass whatever `n`.
///
/// # Reference
/// C. Loader, "Fast and accurate computation of binomial probabilities"
/// (2000); the algorithm of R's `dbinom`.
pub(crate) fn ln_binomial(k: u64, n: u64, p: f64) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    let (kf, nf, q) = (k as f64, n as f64, 1.0 - p);
    if p <= 0.0 {
        return if k == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q <= 0.0 {
        return if k == n { 0.0 } else { f64::NEG_INFINITY };
    }
    if k == 0 {
        return nf * (-p).ln_1p();
    }
    if k == n {
        return nf * p.ln();
    }
    let lc =
        stirlerr(nf) - stirlerr(kf) - stirlerr(nf - kf) - bd0(kf, nf * p) - bd0(nf - kf, nf * q);
    lc - 0.5 * ((2.0 * core::f64::consts::PI).ln() + kf.ln() + (-kf / nf).ln_1p())
}

/// `ln P(K = k)` for `K ~ Poisson(λ)`, accurate whatever `λ`.
///
/// # Reference
/// C. Loader (2000), as [`ln_binomial`]; R's `dpois`.
pub(crate) fn ln_poisson(k: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return if k == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if k == 0 {
        return -lambda;
    }
    let kf = k as f64;
    -stirlerr(kf) - bd0(kf, lambda) - 0.5 * (2.0 * core::f64::consts::PI * kf).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Discrete, Poisson};

    #[test]
    fn agrees_with_statrs_where_statrs_is_accurate() {
        let b = statrs::distribution::Binomial::new(0.3, 20).unwrap();
        for k in 0..=20 {
            let (a, s) = (ln_binomial(k, 20, 0.3), b.ln_pmf(k));
            assert!((a - s).abs() < 1e-13 * s.abs().max(1.0), "{k}: {a} {s}");
        }
        let p = Poisson::new(4.5).unwrap();
        for k in 0..40 {
            let (a, s) = (ln_poisson(k, 4.5), p.ln_pmf(k));
            assert!((a - s).abs() < 1e-13 * s.abs().max(1.0), "{k}: {a} {s}");
        }
    }

    #[test]
    fn large_n_matches_mpmath() {
        // mpmath 1.3.0, 30 digits: loggamma(1e9+1) − loggamma(5e8+1)² + 1e9·ln ½
        // = −10.587424271367933 (the mode of Binomial(1e9, ½)); Poisson(5e8) at its
        // mode: 5e8 ln 5e8 − 5e8 − loggamma(5e8+1) = −10.933997861564572.
        let v = ln_binomial(500_000_000, 1_000_000_000, 0.5);
        assert!((v - -10.587_424_271_367_933).abs() < 1e-13, "{v}");
        let w = ln_poisson(500_000_000, 5e8);
        assert!((w - -10.933_997_861_564_572).abs() < 1e-13, "{w}");
    }
}
