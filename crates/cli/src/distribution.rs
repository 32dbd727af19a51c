//! Distributions named on the command line (`normal(0,1)`,
//! `mixture(0.5*normal(-3,1),0.5*normal(3,1))`, …), mapped onto statrs's
//! types so that `divergence`'s closed forms and quadrature apply.

use divergence::statrs::distribution as sd;
use divergence::{Density, KlDivergence, Mass, Mixture};

use crate::error::{Error, Result};
use crate::spec::{Arg, Call};

/// The distribution names `klfit kl` accepts.
pub const KNOWN: &str = "normal(mu,sigma), lognormal(mu,sigma), exponential(rate), gamma(shape,rate), \
beta(a,b), laplace(location,scale), weibull(shape,scale), gumbel(location,scale), uniform(min,max), student-t(location,scale,df), cauchy(location,scale), \
mixture(w*spec,…), binomial(n,p), poisson(lambda), geometric(p) (failures, from 0), geometric-trials(p) \
(trials, from 1), bernoulli(p), categorical(p0,p1,…)";

/// The largest binomial `n` expanded into a probability vector.
const MAX_FINITE_SUPPORT: u64 = 10_000_000;

/// A continuous distribution on the real line.
#[derive(Debug, Clone)]
pub enum Continuous {
    /// Normal(μ, σ).
    Normal(sd::Normal),
    /// LogNormal(μ, σ).
    LogNormal(sd::LogNormal),
    /// Exponential(rate).
    Exp(sd::Exp),
    /// Gamma(shape, rate).
    Gamma(sd::Gamma),
    /// Beta(a, b).
    Beta(sd::Beta),
    /// Laplace(location, scale).
    Laplace(sd::Laplace),
    /// Weibull(shape, scale).
    Weibull(sd::Weibull),
    /// Gumbel(location, scale), of maxima.
    Gumbel(sd::Gumbel),
    /// Uniform(min, max).
    Uniform(sd::Uniform),
    /// Student's t(location, scale, df).
    StudentsT(sd::StudentsT),
    /// Cauchy(location, scale).
    Cauchy(sd::Cauchy),
    /// A finite mixture.
    Mixture(Box<Mixture<Continuous>>),
}

/// A distribution on the integers.
#[derive(Debug, Clone)]
pub enum Discrete {
    /// Binomial(n, p).
    Binomial(sd::Binomial),
    /// Poisson(λ).
    Poisson(sd::Poisson),
    /// Geometric(p): failures before the first success on 0, 1, 2, …
    /// (`geometric(p)`, the convention of `klfit fit`'s geometric model and
    /// R's `dgeom`), or trials up to it on 1, 2, … (`geometric-trials(p)`,
    /// statrs's and SciPy's `geom`).
    Geometric {
        /// The distribution of the number of trials.
        trials: sd::Geometric,
        /// Whether the support starts at 0 (failures) rather than 1 (trials).
        failures: bool,
    },
    /// Bernoulli(p).
    Bernoulli(sd::Bernoulli),
    /// Probabilities on `start, start+1, …` (a `categorical(…)` spec or a file).
    Table {
        /// The first value.
        start: i64,
        /// One probability per value, summing to 1.
        probs: Vec<f64>,
    },
}

/// Either kind.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Continuous.
    Continuous(Continuous),
    /// Discrete.
    Discrete(Discrete),
}

macro_rules! each_continuous {
    ($self:ident, $d:ident => $e:expr) => {
        match $self {
            Continuous::Normal($d) => $e,
            Continuous::LogNormal($d) => $e,
            Continuous::Exp($d) => $e,
            Continuous::Gamma($d) => $e,
            Continuous::Beta($d) => $e,
            Continuous::Laplace($d) => $e,
            Continuous::Weibull($d) => $e,
            Continuous::Gumbel($d) => $e,
            Continuous::Uniform($d) => $e,
            Continuous::StudentsT($d) => $e,
            Continuous::Cauchy($d) => $e,
            Continuous::Mixture($d) => $e,
        }
    };
}

impl Density for Continuous {
    fn ln_density(&self, x: f64) -> f64 {
        each_continuous!(self, d => d.ln_density(x))
    }
    fn support(&self) -> (f64, f64) {
        each_continuous!(self, d => Density::support(d.as_ref_dyn()))
    }
    fn centre(&self) -> f64 {
        each_continuous!(self, d => d.centre())
    }
    fn spread(&self) -> f64 {
        each_continuous!(self, d => d.spread())
    }
    fn features(&self) -> Vec<(f64, f64)> {
        each_continuous!(self, d => d.features())
    }
    fn tails(&self) -> divergence::Tails {
        each_continuous!(self, d => d.tails())
    }
    fn ln_density_below(&self, end: f64, y: f64) -> f64 {
        each_continuous!(self, d => d.ln_density_below(end, y))
    }
    fn singular_at_upper_end(&self) -> bool {
        each_continuous!(self, d => d.singular_at_upper_end())
    }
}

/// Lets the macro call `Density::support` uniformly on boxed and unboxed types.
trait AsRefDyn {
    fn as_ref_dyn(&self) -> &dyn Density;
}
impl<T: Density> AsRefDyn for T {
    fn as_ref_dyn(&self) -> &dyn Density {
        self
    }
}

impl Mass for Discrete {
    fn ln_mass(&self, k: u64) -> f64 {
        match self {
            Discrete::Binomial(d) => d.ln_mass(k),
            Discrete::Poisson(d) => d.ln_mass(k),
            Discrete::Geometric { trials, failures } => match (failures, k.checked_add(1)) {
                (false, _) => trials.ln_mass(k),
                (true, Some(k1)) => trials.ln_mass(k1),
                (true, None) => f64::NEG_INFINITY,
            },
            Discrete::Bernoulli(d) => d.ln_mass(k),
            Discrete::Table { start, probs } => i64::try_from(k)
                .ok()
                .and_then(|k| k.checked_sub(*start))
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| probs.get(i))
                .map_or(f64::NEG_INFINITY, |p| p.ln()),
        }
    }
    fn support(&self) -> (u64, Option<u64>) {
        match self {
            Discrete::Binomial(d) => Mass::support(d),
            Discrete::Poisson(d) => Mass::support(d),
            Discrete::Geometric { failures, .. } => (u64::from(!*failures), None),
            Discrete::Bernoulli(d) => Mass::support(d),
            Discrete::Table { start, probs } => (
                u64::try_from(*start).unwrap_or(0),
                u64::try_from(*start + probs.len() as i64 - 1).ok(),
            ),
        }
    }
    fn centre(&self) -> f64 {
        match self {
            Discrete::Binomial(d) => d.centre(),
            Discrete::Poisson(d) => d.centre(),
            Discrete::Geometric { trials, failures } => {
                trials.centre() - f64::from(u8::from(*failures))
            }
            Discrete::Bernoulli(d) => d.centre(),
            Discrete::Table { start, probs } => probs
                .iter()
                .enumerate()
                .map(|(i, p)| p * (*start + i as i64) as f64)
                .sum(),
        }
    }
}

impl Discrete {
    /// The probabilities on a finite support `(start, probs)`, if finite.
    pub fn finite(&self) -> Option<(i64, Vec<f64>)> {
        use sd::Discrete as _;
        match self {
            Discrete::Binomial(d) if d.n() <= MAX_FINITE_SUPPORT => {
                Some((0, (0..=d.n()).map(|k| d.pmf(k)).collect()))
            }
            Discrete::Bernoulli(d) => Some((0, vec![d.pmf(0), d.pmf(1)])),
            Discrete::Table { start, probs } => Some((*start, probs.clone())),
            _ => None,
        }
    }

    /// The family's name.
    pub fn family(&self) -> &'static str {
        match self {
            Discrete::Binomial(_) => "Binomial",
            Discrete::Poisson(_) => "Poisson",
            Discrete::Geometric { failures: true, .. } => "Geometric",
            Discrete::Geometric {
                failures: false, ..
            } => "GeometricTrials",
            Discrete::Bernoulli(_) => "Bernoulli",
            Discrete::Table { .. } => "Categorical",
        }
    }

    /// `KL(self‖q)` in closed form, where the pair has one.
    pub fn closed_form(&self, q: &Discrete) -> Option<divergence::Result<f64>> {
        match (self, q) {
            (Discrete::Binomial(a), Discrete::Binomial(b)) if a.n() == b.n() => {
                Some(a.kl_divergence(b))
            }
            (Discrete::Poisson(a), Discrete::Poisson(b)) => Some(a.kl_divergence(b)),
            // Shifting both supports by one leaves KL unchanged.
            (
                Discrete::Geometric {
                    trials: a,
                    failures: fa,
                },
                Discrete::Geometric {
                    trials: b,
                    failures: fb,
                },
            ) if fa == fb => Some(a.kl_divergence(b)),
            (Discrete::Bernoulli(a), Discrete::Bernoulli(b)) => Some(a.kl_divergence(b)),
            _ => None,
        }
    }
}

impl Continuous {
    /// The family's name.
    pub fn family(&self) -> &'static str {
        match self {
            Continuous::Normal(_) => "Normal",
            Continuous::LogNormal(_) => "LogNormal",
            Continuous::Exp(_) => "Exponential",
            Continuous::Gamma(_) => "Gamma",
            Continuous::Beta(_) => "Beta",
            Continuous::Laplace(_) => "Laplace",
            Continuous::Weibull(_) => "Weibull",
            Continuous::Gumbel(_) => "Gumbel",
            Continuous::Uniform(_) => "Uniform",
            Continuous::StudentsT(_) => "StudentsT",
            Continuous::Cauchy(_) => "Cauchy",
            Continuous::Mixture(_) => "Mixture",
        }
    }

    /// `KL(self‖q)` in closed form, where the pair has one.
    pub fn closed_form(&self, q: &Continuous) -> Option<divergence::Result<f64>> {
        use Continuous as C;
        Some(match (self, q) {
            (C::Normal(a), C::Normal(b)) => a.kl_divergence(b),
            (C::LogNormal(a), C::LogNormal(b)) => a.kl_divergence(b),
            (C::Exp(a), C::Exp(b)) => a.kl_divergence(b),
            (C::Gamma(a), C::Gamma(b)) => a.kl_divergence(b),
            (C::Beta(a), C::Beta(b)) => a.kl_divergence(b),
            (C::Laplace(a), C::Laplace(b)) => a.kl_divergence(b),
            (C::Weibull(a), C::Weibull(b)) => a.kl_divergence(b),
            (C::Gumbel(a), C::Gumbel(b)) => a.kl_divergence(b),
            (C::Uniform(a), C::Uniform(b)) => a.kl_divergence(b),
            _ => return None,
        })
    }
}

impl Dist {
    /// The family's name.
    pub fn family(&self) -> &'static str {
        match self {
            Dist::Continuous(c) => c.family(),
            Dist::Discrete(d) => d.family(),
        }
    }
}

/// Builds a distribution from a parsed spec.
///
/// # Errors
/// [`Error::Unknown`] for an unknown name, [`Error::Spec`] for the wrong
/// arguments, [`Error::Parameter`] for values out of range.
pub fn from_spec(call: &Call) -> Result<Dist> {
    use Continuous as C;
    macro_rules! two {
        ($names:expr, $ctor:path, $variant:path) => {{
            let names: &[&str] = &$names;
            let v = call.params(names)?;
            let d = stat(
                call,
                names,
                $ctor(v[0].0, v[1].0).map_err(|e| e.to_string()),
            )?;
            Dist::Continuous($variant(d))
        }};
    }
    Ok(match call.name.as_str() {
        "normal" | "gaussian" => two!(["mu", "sigma"], sd::Normal::new, C::Normal),
        "lognormal" => two!(["mu", "sigma"], sd::LogNormal::new, C::LogNormal),
        "gamma" => two!(["shape", "rate"], sd::Gamma::new, C::Gamma),
        "beta" => two!(["a", "b"], sd::Beta::new, C::Beta),
        "laplace" => two!(["location", "scale"], sd::Laplace::new, C::Laplace),
        "weibull" => two!(["shape", "scale"], sd::Weibull::new, C::Weibull),
        "gumbel" => two!(["location", "scale"], sd::Gumbel::new, C::Gumbel),
        "uniform" => two!(["min", "max"], sd::Uniform::new, C::Uniform),
        "cauchy" => two!(["location", "scale"], sd::Cauchy::new, C::Cauchy),
        "exponential" | "exp" => {
            let v = call.params(&["rate"])?;
            let d = stat(
                call,
                &["rate"],
                sd::Exp::new(v[0].0).map_err(|e| e.to_string()),
            )?;
            Dist::Continuous(C::Exp(d))
        }
        "student-t" | "students-t" | "student_t" | "t" => {
            let names = ["location", "scale", "df"];
            let v = call.params(&names)?;
            let d = stat(
                call,
                &names,
                sd::StudentsT::new(v[0].0, v[1].0, v[2].0).map_err(|e| e.to_string()),
            )?;
            Dist::Continuous(C::StudentsT(d))
        }
        "mixture" => mixture(call)?,
        "binomial" => {
            let names = ["n", "p"];
            let v = call.params(&names)?;
            let n = whole(call, "n", &v[0])?;
            let d = stat(
                call,
                &names,
                sd::Binomial::new(v[1].0, n).map_err(|e| e.to_string()),
            )?;
            Dist::Discrete(Discrete::Binomial(d))
        }
        "poisson" => {
            let v = call.params(&["lambda"])?;
            let d = stat(
                call,
                &["lambda"],
                sd::Poisson::new(v[0].0).map_err(|e| e.to_string()),
            )?;
            Dist::Discrete(Discrete::Poisson(d))
        }
        "geometric" | "geometric-trials" => {
            let v = call.params(&["p"])?;
            let d = stat(
                call,
                &["p"],
                sd::Geometric::new(v[0].0).map_err(|e| e.to_string()),
            )?;
            Dist::Discrete(Discrete::Geometric {
                trials: d,
                failures: call.name == "geometric",
            })
        }
        "bernoulli" => {
            let v = call.params(&["p"])?;
            let d = stat(
                call,
                &["p"],
                sd::Bernoulli::new(v[0].0).map_err(|e| e.to_string()),
            )?;
            Dist::Discrete(Discrete::Bernoulli(d))
        }
        "categorical" => {
            let probs = call.numbers()?;
            if probs.is_empty() {
                return Err(call.bad("categorical needs at least one probability"));
            }
            sums_to_one(
                call,
                ("categorical probability", "categorical probabilities"),
                "p",
                &probs,
            )?;
            Dist::Discrete(Discrete::Table { start: 0, probs })
        }
        _ => {
            return Err(Error::Unknown {
                kind: "distribution",
                name: call.name.clone(),
                known: KNOWN,
            })
        }
    })
}

/// Maps a statrs constructor's error onto [`Error::Parameter`].
fn stat<T>(call: &Call, names: &[&str], r: core::result::Result<T, String>) -> Result<T> {
    r.map_err(|reason| {
        let vals: Vec<String> = call
            .args
            .iter()
            .map(|a| match a {
                Arg::Number(_, t) | Arg::Named(_, _, t) => t.clone(),
                _ => "…".into(),
            })
            .collect();
        call.bad_param(&names.join(","), &vals.join(","), &reason)
    })
}

fn whole(call: &Call, name: &str, (v, t): &(f64, String)) -> Result<u64> {
    if v.fract() != 0.0 || *v < 0.0 || *v > 1e15 {
        return Err(call.bad_param(name, t, "must be a whole number ≥ 0"));
    }
    Ok(*v as u64)
}

fn mixture(call: &Call) -> Result<Dist> {
    let mut weights = Vec::new();
    let mut parts = Vec::new();
    for a in &call.args {
        let Arg::Weighted(w, c) = a else {
            return Err(
                call.bad("mixture components are written weight*spec, e.g. 0.5*normal(0,1)")
            );
        };
        match from_spec(c)? {
            Dist::Continuous(d) => {
                weights.push(*w);
                parts.push(d);
            }
            Dist::Discrete(_) => {
                return Err(call.bad("mixture components must be continuous distributions"))
            }
        }
    }
    sums_to_one(call, ("mixture weight", "mixture weights"), "w", &weights)?;
    let m = Mixture::new(&weights, parts).map_err(|source| Error::Divergence {
        context: call.text.clone(),
        source,
    })?;
    Ok(Dist::Continuous(Continuous::Mixture(Box::new(m))))
}

/// Checks, in the user's terms, that `values` (`one`/`what`: "mixture
/// weight(s)", "categorical probabilit(y|ies)"; each written `symbol` with
/// its index) are finite, non-negative and sum to 1 within
/// [`divergence::SUM_TOLERANCE`]. Nothing is renormalised.
///
/// # Errors
/// [`Error::Distribution`] naming the bad entry or the sum.
fn sums_to_one(call: &Call, (one, what): (&str, &str), symbol: &str, values: &[f64]) -> Result<()> {
    let bad = |reason: String| Error::Distribution {
        spec: call.text.clone(),
        reason,
    };
    for (i, &v) in values.iter().enumerate() {
        if !v.is_finite() {
            return Err(bad(format!(
                "{one} {symbol}{i} = {v} is not a finite number"
            )));
        }
        if v < 0.0 {
            return Err(bad(format!("{one} {symbol}{i} = {v} is negative")));
        }
    }
    let sum: f64 = values.iter().sum();
    if (sum - 1.0).abs() > divergence::SUM_TOLERANCE {
        // Twelve decimals: enough to see a miss beyond the tolerance, and
        // 0.1 + 0.2 shows as the 0.3 the user wrote.
        let shown = (sum * 1e12).round() / 1e12;
        return Err(bad(format!("{what} sum to {shown}, not 1")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;

    fn dist(s: &str) -> Result<Dist> {
        from_spec(&parse(s)?)
    }

    #[test]
    fn every_name_builds() {
        for s in [
            "normal(0,1)",
            "lognormal(0,1)",
            "exponential(2)",
            "gamma(2,3)",
            "beta(2,3)",
            "laplace(0,1)",
            "uniform(0,10)",
            "student-t(0,1,3)",
            "cauchy(0,1)",
            "mixture(0.5*normal(-3,1),0.5*normal(3,1))",
            "binomial(10,0.57)",
            "binomial(n=10,p=0.57)",
            "poisson(3)",
            "geometric(0.3)",
            "bernoulli(0.3)",
            "categorical(0.2,0.3,0.5)",
        ] {
            assert!(dist(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn bad_parameters_are_errors() {
        for s in [
            "normal(0,-1)",
            "binomial(10,1.5)",
            "binomial(2.5,0.5)",
            "poisson(-1)",
            "categorical(0.2,0.3)",
            "categorical(-0.5,1.5)",
            "mixture(0.5*normal(0,1),0.6*normal(1,1))",
            "mixture(0.5*normal(0,1),0.5*poisson(1))",
            "mixture(normal(0,1))",
            "normal(0)",
        ] {
            assert!(dist(s).is_err(), "{s}");
        }
        assert!(matches!(dist("zipf(2)"), Err(Error::Unknown { .. })));
    }

    #[test]
    fn sums_are_reported_in_the_users_terms() {
        let reason = |s: &str| match dist(s) {
            Err(Error::Distribution { reason, .. }) => reason,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(
            reason("mixture(0.6*normal(0,1),0.5*normal(3,1))"),
            "mixture weights sum to 1.1, not 1"
        );
        assert_eq!(
            reason("categorical(0.1,0.2)"),
            "categorical probabilities sum to 0.3, not 1"
        );
        assert_eq!(
            reason("categorical(-0.5,1.5)"),
            "categorical probability p0 = -0.5 is negative"
        );
        assert_eq!(
            reason("mixture(1.5*normal(0,1),-0.5*normal(3,1))"),
            "mixture weight w1 = -0.5 is negative"
        );
    }

    #[test]
    fn mixture_density_is_a_mixture() {
        let Dist::Continuous(m) = dist("mixture(0.5*normal(-3,1),0.5*normal(3,1))").unwrap() else {
            panic!()
        };
        assert!((m.spread() - 10f64.sqrt()).abs() < 1e-12);
        assert_eq!(Density::support(&m), (f64::NEG_INFINITY, f64::INFINITY));
    }
}
