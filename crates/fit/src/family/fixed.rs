//! A family with some parameters held at given values: the rest are fitted.

use super::{
    check_params, Cdf, ExpectUnder, Family, FisherInformation, NormalMembers, Param,
    SufficientStatistics, Support,
};
use crate::error::{Error, Result};
use crate::start::{DataSummary, Degeneracy, Start};
use crate::target::Expectation;

/// `family` with some of its parameters held fixed. It is itself a
/// [`Family`] whose parameters are the free ones, so everything that takes a
/// family — fits, standard errors, intervals, goodness of fit, sweeps, plots
/// — sees the model the user actually fitted. Its name carries the fixed
/// values (`"Normal(sigma=1)"`), and its information criteria count only
/// the free parameters, as fitdistrplus's `fix.arg` does.
///
/// # Formula
/// ```text
/// θ = (θ_free, θ_fixed)      ln q_fixed(x; θ_free) = ln q(x; θ)
/// ∂/∂θ_free ln q_fixed      = the free components of ∂/∂θ ln q
/// ```
/// Sufficient statistics, expectations under the model, the CDF and the
/// Normal-member slots of `family` carry over. The start is the free part of
/// the family's data-driven estimate (never reported as exact: with other
/// parameters held, the optimum moves).
///
/// # Errors
/// [`Fixed::new`]: [`Error::UnknownParameter`] for a name the family does
/// not have, [`Error::InvalidParameter`] for a value outside its bounds or
/// a parameter named twice, [`Error::CannotHold`] when every parameter is
/// fixed or the family's parameters are tied by a joint constraint (the
/// weights of a [`crate::MixtureOfNormals`], the probabilities of a
/// [`crate::Categorical`]), where holding one alone is not defined.
///
/// # Example
/// ```
/// use fit::{fit, Direction, Fixed, Normal, Target};
/// let x = [1.2, 0.4, -0.3, 2.2, 0.9, 1.6];
/// let mean = x.iter().sum::<f64>() / 6.0;
/// let unit = Fixed::new(&Normal, &[("sigma", 1.0)])?;
/// let r = fit(&Target::samples(&x)?, &unit, Direction::Forward)?;
/// assert_eq!(r.model(), "Normal(sigma=1)");
/// assert!((r.params().get("mu").unwrap() - mean).abs() < 1e-12);
/// assert_eq!(r.params().get("sigma"), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// Delignette-Muller & Dutang, "fitdistrplus: An R package for fitting
/// distributions", *J. Stat. Softw.* 64(4) (2015), §2.1 (`fix.arg`).
#[derive(Debug, Clone)]
pub struct Fixed<'f> {
    inner: &'f dyn Family,
    slots: Slots,
    stats: Option<FixedStatistics<'f>>,
    expect: Option<FixedExpectUnder<'f>>,
    cdf: Option<FixedCdf<'f>>,
    information: Option<FixedInformation<'f>>,
    normal: Option<FixedNormal>,
}

/// Which parameters are held, and at what.
#[derive(Debug, Clone)]
struct Slots {
    /// Per parameter of the family: its fixed value, or `None` when free.
    values: Vec<Option<f64>>,
    /// Indices of the free parameters in the family's order.
    free: Vec<usize>,
}

impl Slots {
    fn expand(&self, free: &[f64]) -> Vec<f64> {
        let mut k = 0;
        self.values
            .iter()
            .map(|v| {
                v.unwrap_or_else(|| {
                    k += 1;
                    free.get(k - 1).copied().unwrap_or(f64::NAN)
                })
            })
            .collect()
    }

    fn restrict(&self, full: &[f64]) -> Vec<f64> {
        self.free.iter().map(|&i| full[i]).collect()
    }

    /// Writes the free components of the full gradient `full(θ)` into `grad`.
    fn project(&self, grad: &mut [f64], full: impl FnOnce(&mut [f64])) {
        let mut all = vec![0.0; self.values.len()];
        full(&mut all);
        for (g, &i) in grad.iter_mut().zip(&self.free) {
            *g = all[i];
        }
    }
}

impl<'f> Fixed<'f> {
    /// Holds each named parameter of `family` at its value.
    ///
    /// # Errors
    /// See the type's docs.
    pub fn new(family: &'f dyn Family, fixed: &[(&str, f64)]) -> Result<Fixed<'f>> {
        let params = family.params();
        let mut values = vec![None; params.len()];
        for &(name, value) in fixed {
            let i = params.iter().position(|p| p.name == name).ok_or_else(|| {
                Error::UnknownParameter {
                    family: family.name(),
                    name: name.to_string(),
                }
            })?;
            let p = &params[i];
            if values[i].is_some() {
                return Err(Error::InvalidParameter {
                    name: name.to_string(),
                    value,
                    reason: "fixed twice",
                });
            }
            if !value.is_finite() || value < p.lower || value > p.upper {
                return Err(Error::InvalidParameter {
                    name: name.to_string(),
                    value,
                    reason: "outside the parameter's bounds",
                });
            }
            values[i] = Some(value);
        }
        let unsupported = |reason| Error::CannotHold {
            family: family.name(),
            reason,
        };
        let free: Vec<usize> = (0..params.len()).filter(|&i| values[i].is_none()).collect();
        if free.is_empty() {
            return Err(unsupported(
                "every parameter is fixed: nothing is left to fit",
            ));
        }
        // The adapter maps each free parameter to the solver's coordinates
        // on its own. A family whose map mixes coordinates (a softmax over
        // a simplex) has no per-parameter map to restrict; it shows as a
        // map that differs from the per-parameter one at its start.
        let start = family.start();
        let own = family.to_unconstrained(&start);
        let per_param: Vec<f64> = params
            .iter()
            .zip(&start)
            .map(|(p, &t)| p.to_unconstrained(t))
            .collect();
        if own
            .iter()
            .zip(&per_param)
            .any(|(a, b)| a.to_bits() != b.to_bits())
        {
            return Err(unsupported(
                "its parameters are tied by a joint constraint; one of them cannot be held alone",
            ));
        }
        let slots = Slots { values, free };
        let at = |i: usize| slots.free.iter().position(|&j| j == i);
        let normal = family.as_normal().and_then(|n| {
            let (mu, sigma) = n.normal_slots();
            Some(FixedNormal {
                slots: (at(mu)?, at(sigma)?),
            })
        });
        Ok(Fixed {
            inner: family,
            stats: family.as_statistics().map(|base| FixedStatistics {
                base,
                slots: slots.clone(),
            }),
            expect: family.as_expect_under().map(|base| FixedExpectUnder {
                base,
                slots: slots.clone(),
            }),
            cdf: family.as_cdf().map(|base| FixedCdf {
                base,
                slots: slots.clone(),
            }),
            information: family.as_fisher_information().map(|base| FixedInformation {
                base,
                slots: slots.clone(),
            }),
            normal,
            slots,
        })
    }

    /// The family whose parameters are held.
    pub fn family(&self) -> &'f dyn Family {
        self.inner
    }

    /// The family's full parameter vector: `free` in the free slots (in
    /// order), the fixed values elsewhere.
    ///
    /// # Panics
    /// Never; missing free values read as NaN, which every check rejects.
    pub fn expand(&self, free: &[f64]) -> Vec<f64> {
        self.slots.expand(free)
    }
}

impl Family for Fixed<'_> {
    fn name(&self) -> String {
        let params = self.inner.params();
        let held: Vec<String> = params
            .iter()
            .zip(&self.slots.values)
            .filter_map(|(p, v)| v.map(|v| format!("{}={v}", p.name)))
            .collect();
        let base = self.inner.name();
        match base.strip_suffix(')') {
            Some(open) if open.contains('(') => format!("{open}, {})", held.join(", ")),
            _ => format!("{base}({})", held.join(", ")),
        }
    }

    fn params(&self) -> Vec<Param> {
        let params = self.inner.params();
        self.slots.free.iter().map(|&i| params[i].clone()).collect()
    }

    fn support(&self) -> Support {
        self.inner.support()
    }

    fn ln_density(&self, theta: &[f64], x: f64) -> f64 {
        self.inner.ln_density(&self.expand(theta), x)
    }

    fn grad_ln_density(&self, theta: &[f64], x: f64, grad: &mut [f64]) {
        let full = self.expand(theta);
        self.slots
            .project(grad, |all| self.inner.grad_ln_density(&full, x, all));
    }

    fn start(&self) -> Vec<f64> {
        self.slots.restrict(&self.inner.start())
    }

    fn data_start(&self, data: &DataSummary<'_>) -> Result<Option<Start>> {
        Ok(match self.inner.data_start(data)? {
            Some(Start::Exact(t) | Start::Estimate(t)) => {
                Some(Start::Estimate(self.slots.restrict(&t)))
            }
            // A limit of the full model need not be one with parameters
            // held; the solver finds out from the family's start.
            Some(Start::Limit { .. }) | None => None,
        })
    }

    fn degeneracy(&self, theta: &[f64], data: &DataSummary<'_>) -> Option<Degeneracy> {
        let params = self.inner.params();
        self.inner
            .degeneracy(&self.expand(theta), data)
            .filter(|d| {
                params
                    .iter()
                    .zip(&self.slots.values)
                    .all(|(p, v)| v.is_none() || p.name != d.parameter)
            })
    }

    fn ln_density_run(&self, theta: &[f64], start: i64, out: &mut [f64]) {
        self.inner.ln_density_run(&self.expand(theta), start, out);
    }

    fn as_statistics(&self) -> Option<&dyn SufficientStatistics> {
        self.stats.as_ref().map(|s| s as _)
    }

    fn as_expect_under(&self) -> Option<&dyn ExpectUnder> {
        self.expect.as_ref().map(|e| e as _)
    }

    fn as_cdf(&self) -> Option<&dyn Cdf> {
        self.cdf.as_ref().map(|c| c as _)
    }

    fn as_fisher_information(&self) -> Option<&dyn FisherInformation> {
        self.information.as_ref().map(|i| i as _)
    }

    fn as_normal(&self) -> Option<&dyn NormalMembers> {
        self.normal.as_ref().map(|n| n as _)
    }

    fn check(&self, theta: &[f64]) -> Result<()> {
        check_params(self.inner, &self.expand(theta))
    }
}

/// The family's sufficient statistics, on the free parameters.
#[derive(Debug, Clone)]
struct FixedStatistics<'f> {
    base: &'f dyn SufficientStatistics,
    slots: Slots,
}

impl SufficientStatistics for FixedStatistics<'_> {
    fn statistics(&self, data: &dyn Expectation) -> Option<Vec<f64>> {
        self.base.statistics(data)
    }

    fn cross_entropy(&self, theta: &[f64], stats: &[f64]) -> f64 {
        self.base.cross_entropy(&self.slots.expand(theta), stats)
    }

    fn cross_entropy_gradient(&self, theta: &[f64], stats: &[f64], grad: &mut [f64]) {
        let full = self.slots.expand(theta);
        self.slots.project(grad, |all| {
            self.base.cross_entropy_gradient(&full, stats, all)
        });
    }

    fn cross_entropy_along(
        &self,
        theta: &[f64],
        slot: usize,
        values: &[f64],
        stats: &[f64],
        out: &mut [f64],
    ) {
        if let Some(&i) = self.slots.free.get(slot) {
            self.base
                .cross_entropy_along(&self.slots.expand(theta), i, values, stats, out);
        }
    }
}

/// Expectations under the family, on the free parameters.
#[derive(Debug, Clone)]
struct FixedExpectUnder<'f> {
    base: &'f dyn ExpectUnder,
    slots: Slots,
}

impl ExpectUnder for FixedExpectUnder<'_> {
    fn expect_under(&self, theta: &[f64], f: &dyn Fn(f64) -> f64) -> Option<f64> {
        self.base.expect_under(&self.slots.expand(theta), f)
    }

    fn expect_under_many(
        &self,
        theta: &[f64],
        f: &dyn Fn(f64, &mut [f64]),
        out: &mut [f64],
    ) -> bool {
        self.base
            .expect_under_many(&self.slots.expand(theta), f, out)
    }
}

/// The family's CDF, on the free parameters.
#[derive(Debug, Clone)]
struct FixedCdf<'f> {
    base: &'f dyn Cdf,
    slots: Slots,
}

impl Cdf for FixedCdf<'_> {
    fn cdf(&self, theta: &[f64], x: f64) -> f64 {
        self.base.cdf(&self.slots.expand(theta), x)
    }
}

/// The family's expected information, restricted to the free parameters
/// (the held ones are known, so their rows and columns drop out).
#[derive(Debug, Clone)]
struct FixedInformation<'f> {
    base: &'f dyn FisherInformation,
    slots: Slots,
}

impl FisherInformation for FixedInformation<'_> {
    fn fisher_information(&self, theta: &[f64]) -> Vec<f64> {
        let full = self.base.fisher_information(&self.slots.expand(theta));
        let k = self.slots.values.len();
        let free = &self.slots.free;
        let mut out = Vec::with_capacity(free.len() * free.len());
        for &i in free {
            for &j in free {
                out.push(full.get(i * k + j).copied().unwrap_or(f64::NAN));
            }
        }
        out
    }
}

/// Where a Normal-member family's `mu` and `sigma` sit among the free
/// parameters (present only when both are free).
#[derive(Debug, Clone)]
struct FixedNormal {
    slots: (usize, usize),
}

impl NormalMembers for FixedNormal {
    fn normal_slots(&self) -> (usize, usize) {
        self.slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Gamma, MixtureOfNormals, Normal, StudentT};

    #[test]
    fn names_params_and_errors() {
        let f = Fixed::new(&StudentT, &[("nu", 4.0)]).unwrap();
        assert_eq!(f.name(), "StudentT(nu=4)");
        let names: Vec<_> = f.params().iter().map(|p| p.name.to_string()).collect();
        assert_eq!(names, ["mu", "sigma"]);
        assert_eq!(f.expand(&[1.0, 2.0]), [1.0, 2.0, 4.0]);
        f.check(&[1.0, 2.0]).unwrap();
        assert!(f.check(&[1.0, -2.0]).is_err());
        assert!(matches!(
            Fixed::new(&Normal, &[("tau", 1.0)]),
            Err(Error::UnknownParameter { .. })
        ));
        assert!(matches!(
            Fixed::new(&Normal, &[("sigma", -1.0)]),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            Fixed::new(&Normal, &[("sigma", 1.0), ("sigma", 2.0)]),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            Fixed::new(&Normal, &[("mu", 0.0), ("sigma", 1.0)]),
            Err(Error::CannotHold { .. })
        ));
        let mix = MixtureOfNormals::new(2).unwrap();
        assert!(matches!(
            Fixed::new(&mix, &[("mu1", 0.0)]),
            Err(Error::CannotHold { .. })
        ));
    }

    #[test]
    fn score_is_the_free_part_of_the_family_score() {
        let f = Fixed::new(&Gamma, &[("alpha", 2.5)]).unwrap();
        let mut g = [0.0];
        f.grad_ln_density(&[0.7], 1.3, &mut g);
        let mut full = [0.0; 2];
        Gamma.grad_ln_density(&[2.5, 0.7], 1.3, &mut full);
        assert_eq!(g[0].to_bits(), full[1].to_bits());
        crate::check_score(&f, &[0.7], 1.3).unwrap();
    }
}
