//! Models for `fit` and `sweep`: a spec such as `binomial(n=10)` or
//! `split(0..5,6..10)` becomes a `fit` family.

use crate::data::{Data, Dataset};
use crate::error::{Error, Result};
use crate::spec::{self, Arg, Call};

/// The model names `klfit fit` and `klfit sweep` accept.
pub const KNOWN: &str = "uniform, uniform(a..b), binomial(n=N), split(a..b,c..d), categorical, \
poisson, geometric, negative-binomial, normal, lognormal, exponential, gamma, weibull, beta, normal-mixture(k=K), \
laplace, logistic, gumbel, cauchy, student-t, inverse-gamma, log-logistic, pareto, pareto(xm=X)";

/// The most categories of `categorical(k=K)` (10⁷, the widest histogram
/// [`crate::data`] reads): each is a fitted parameter.
pub const MAX_CATEGORIES: u64 = crate::data::MAX_SPAN as u64;

/// The most components of `normal-mixture(k=K)` (1000): each EM iteration
/// costs K passes' worth of work over the samples, and each component
/// needs distinct values of its own.
pub const MAX_COMPONENTS: u64 = 1000;

/// A parsed model: the family and the spec it came from.
#[derive(Debug)]
pub struct Model {
    /// The spec as written.
    pub spec: String,
    /// The family.
    pub family: Box<dyn fit::Family>,
}

/// Builds the model `text` for `data` (whose integer support gives the
/// defaults: `uniform` spans it, `binomial` takes `n` = its largest value).
///
/// # Errors
/// [`Error::Spec`], [`Error::Unknown`] or [`Error::Parameter`].
pub fn parse(text: &str, data: &Dataset) -> Result<Model> {
    let call = spec::parse(text)?;
    let family = family(&call, data)?;
    Ok(Model {
        spec: text.trim().to_string(),
        family,
    })
}

fn wrap(call: &Call) -> impl Fn(fit::Error) -> Error + '_ {
    move |source| Error::Fit {
        model: call.text.clone(),
        source,
    }
}

fn no_args(call: &Call) -> Result<()> {
    if call.args.is_empty() {
        Ok(())
    } else {
        Err(call.bad(&format!(
            "{} takes no arguments: its parameters are fitted",
            call.name
        )))
    }
}

fn whole(call: &Call, name: &str, (v, t): &(f64, String), min: f64) -> Result<u64> {
    if v.fract() != 0.0 || *v < min || *v > 1e12 {
        return Err(call.bad_param(
            name,
            t,
            &format!("must be a whole number from {min} to 10^12"),
        ));
    }
    Ok(*v as u64)
}

/// [`whole`], at most `max` `things`: checked before anything of that size
/// exists.
fn whole_at_most(
    call: &Call,
    name: &str,
    value: &(f64, String),
    (min, max): (f64, u64),
    things: &str,
) -> Result<u64> {
    let n = whole(call, name, value, min)?;
    if n > max {
        return Err(call.bad_param(
            name,
            &value.1,
            &format!("{} has at most {max} {things}", call.name),
        ));
    }
    Ok(n)
}

/// A whole number of either sign (`uniform(-5,10)`).
fn signed_whole(call: &Call, name: &str, (v, t): &(f64, String)) -> Result<i64> {
    if v.fract() != 0.0 || v.abs() > 1e12 {
        return Err(call.bad_param(name, t, "must be a whole number within ±1e12"));
    }
    Ok(*v as i64)
}

fn support(call: &Call, data: &Dataset) -> Result<(i64, i64)> {
    data.support().ok_or_else(|| {
        Error::Unsupported(format!(
            "{}: needs a histogram (value,count) to infer its support; give it explicitly",
            call.text
        ))
    })
}

/// The smallest observation (a histogram's smallest value with positive
/// weight): `pareto`'s default scale, the joint MLE of `x_m`.
fn smallest(data: &Dataset) -> Option<f64> {
    match &data.data {
        Data::Counts { start, counts } => counts
            .iter()
            .position(|&c| c > 0)
            .map(|i| (*start + i as i64) as f64),
        Data::Probabilities { start, probs } => probs
            .iter()
            .position(|&p| p > 0.0)
            .map(|i| (*start + i as i64) as f64),
        Data::Samples(xs) => xs.iter().copied().reduce(f64::min),
    }
}

fn family(call: &Call, data: &Dataset) -> Result<Box<dyn fit::Family>> {
    let w = wrap(call);
    Ok(match call.name.as_str() {
        "uniform" => {
            let (a, b) = match call.args.as_slice() {
                [] => support(call, data)?,
                [Arg::Range(a, b)] => (*a, *b),
                [Arg::Number(..), Arg::Number(..)] => {
                    let v = call.params(&["min", "max"])?;
                    (
                        signed_whole(call, "min", &v[0])?,
                        signed_whole(call, "max", &v[1])?,
                    )
                }
                _ => return Err(call.bad("write uniform, uniform(a..b) or uniform(a,b)")),
            };
            Box::new(fit::Uniform::new(a, b).map_err(w)?)
        }
        "binomial" => {
            let n = if call.args.is_empty() {
                let (_, hi) = support(call, data)?;
                u64::try_from(hi).unwrap_or(0)
            } else {
                let v = call.params(&["n"])?;
                whole(call, "n", &v[0], 1.0)?
            };
            Box::new(fit::Binomial::new(n).map_err(w)?)
        }
        "split" => {
            let [Arg::Range(a0, a1), Arg::Range(b0, b1)] = call.args.as_slice() else {
                return Err(call.bad("write split(0..B-1,B..N-1), e.g. split(0..5,6..10)"));
            };
            if *a0 != 0 || a1 < a0 || *b0 != a1 + 1 || b1 < b0 {
                return Err(call
                    .bad("the blocks must be contiguous and start at 0, e.g. split(0..5,6..10)"));
            }
            let len = u64::try_from(b1 + 1).unwrap_or(0);
            let boundary = u64::try_from(*b0).unwrap_or(0);
            Box::new(fit::Split::new(len, boundary).map_err(w)?)
        }
        "categorical" => {
            let k = if call.args.is_empty() {
                let (lo, hi) = support(call, data)?;
                if lo != 0 {
                    return Err(Error::Unsupported(format!(
                        "{}: the data start at {lo}; categorical needs values from 0",
                        call.text
                    )));
                }
                usize::try_from(hi + 1).unwrap_or(0)
            } else {
                let v = call.params(&["k"])?;
                whole_at_most(call, "k", &v[0], (1.0, MAX_CATEGORIES), "categories")? as usize
            };
            Box::new(fit::Categorical::new(k).map_err(w)?)
        }
        "normal-mixture" | "mixture-of-normals" | "mixture" => {
            let v = call.params(&["k"])?;
            let k = whole_at_most(call, "k", &v[0], (1.0, MAX_COMPONENTS), "components")? as usize;
            Box::new(fit::MixtureOfNormals::new(k).map_err(w)?)
        }
        "poisson" => no_args(call).map(|()| Box::new(fit::Poisson) as Box<dyn fit::Family>)?,
        "geometric" => no_args(call).map(|()| Box::new(fit::Geometric) as Box<dyn fit::Family>)?,
        "negative-binomial" | "negbinomial" => {
            no_args(call).map(|()| Box::new(fit::NegativeBinomial) as Box<dyn fit::Family>)?
        }
        "normal" | "gaussian" => {
            no_args(call).map(|()| Box::new(fit::Normal) as Box<dyn fit::Family>)?
        }
        "lognormal" => no_args(call).map(|()| Box::new(fit::LogNormal) as Box<dyn fit::Family>)?,
        "exponential" => {
            no_args(call).map(|()| Box::new(fit::Exponential) as Box<dyn fit::Family>)?
        }
        "gamma" => no_args(call).map(|()| Box::new(fit::Gamma) as Box<dyn fit::Family>)?,
        "weibull" => no_args(call).map(|()| Box::new(fit::Weibull) as Box<dyn fit::Family>)?,
        "beta" => no_args(call).map(|()| Box::new(fit::Beta) as Box<dyn fit::Family>)?,
        "laplace" => no_args(call).map(|()| Box::new(fit::Laplace) as Box<dyn fit::Family>)?,
        "logistic" => no_args(call).map(|()| Box::new(fit::Logistic) as Box<dyn fit::Family>)?,
        "gumbel" => no_args(call).map(|()| Box::new(fit::Gumbel) as Box<dyn fit::Family>)?,
        "cauchy" => no_args(call).map(|()| Box::new(fit::Cauchy) as Box<dyn fit::Family>)?,
        "student-t" | "t" => {
            no_args(call).map(|()| Box::new(fit::StudentT) as Box<dyn fit::Family>)?
        }
        "inverse-gamma" => {
            no_args(call).map(|()| Box::new(fit::InverseGamma) as Box<dyn fit::Family>)?
        }
        "log-logistic" | "fisk" => {
            no_args(call).map(|()| Box::new(fit::LogLogistic) as Box<dyn fit::Family>)?
        }
        // The scale x_m is fixed, not fitted (its support moves with it):
        // by default the smallest observation, its maximum-likelihood value.
        "pareto" => {
            let xm = if call.args.is_empty() {
                smallest(data).ok_or_else(|| {
                    Error::Unsupported(format!("{}: the data are empty", call.text))
                })?
            } else {
                call.params(&["xm"])?[0].0
            };
            Box::new(fit::Pareto::new(xm).map_err(w)?)
        }
        _ => {
            return Err(Error::Unknown {
                kind: "model",
                name: call.name.clone(),
                known: KNOWN,
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worms() -> Dataset {
        Dataset {
            source: "worms".into(),
            data: Data::Counts {
                start: 0,
                counts: vec![2, 2, 2, 7, 19, 21, 12, 12, 8, 8, 7],
            },
        }
    }

    #[test]
    fn the_article_models() {
        let d = worms();
        assert_eq!(
            parse("uniform", &d).unwrap().family.name(),
            "Uniform{0..10}"
        );
        assert_eq!(
            parse("binomial(n=10)", &d).unwrap().family.name(),
            "Binomial(n=10)"
        );
        assert_eq!(
            parse("binomial", &d).unwrap().family.name(),
            "Binomial(n=10)"
        );
        assert_eq!(
            parse("split(0..5,6..10)", &d).unwrap().family.name(),
            "Split(0..5|6..10)"
        );
        for m in [
            "poisson",
            "geometric",
            "normal",
            "categorical",
            "normal-mixture(k=2)",
            "laplace",
            "logistic",
            "gumbel",
            "cauchy",
            "student-t",
            "inverse-gamma",
            "log-logistic",
        ] {
            assert!(parse(m, &d).is_ok(), "{m}");
        }
    }

    /// `pareto` fixes x_m at the smallest observed value unless given.
    #[test]
    fn pareto_scale() {
        let d = Dataset {
            source: "counts".into(),
            data: Data::Counts {
                start: 2,
                counts: vec![0, 0, 3, 1],
            },
        };
        assert_eq!(parse("pareto", &d).unwrap().family.name(), "Pareto(xm=4)");
        assert_eq!(
            parse("pareto(xm=1.5)", &d).unwrap().family.name(),
            "Pareto(xm=1.5)"
        );
        for bad in ["pareto(xm=0)", "pareto(xm=-2)", "pareto(1,2)", "laplace(1)"] {
            assert!(parse(bad, &d).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_models_are_errors() {
        let d = worms();
        for m in [
            "binomial(n=0)",
            "binomial(n=2.5)",
            "binomial(p=3)",
            "split(1..5,6..10)",
            "split(0..5,7..10)",
            "split(0..5)",
            "poisson(3)",
            "uniform(5..1)",
            "uniform(2.5,3)",
            "categorical(k=10000001)",
            "categorical(k=1000000000000)",
            "normal-mixture(k=1001)",
            "normal-mixture(k=1000000000000)",
        ] {
            assert!(parse(m, &d).is_err(), "{m}");
        }
        assert!(matches!(parse("zipf", &d), Err(Error::Unknown { .. })));
        // A negative lower end stays negative (it once became 0).
        assert_eq!(
            parse("uniform(-5,10)", &d).unwrap().family.name(),
            "Uniform{-5..10}"
        );
    }
}
