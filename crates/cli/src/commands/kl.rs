//! `klfit kl P Q`: a divergence between two distributions, and how it was
//! obtained.
//!
//! | P, Q | kl, reverse, jeffreys | other measures |
//! |---|---|---|
//! | same named family (Normal, Gamma, Binomial with one `n`, …) | closed form | finite supports only |
//! | continuous, other pairs (mixtures, cross-family) | adaptive Gauss–Kronrod quadrature, with error estimate | error |
//! | both on a finite set of integers (categorical, binomial, bernoulli, files) | exact summation | exact summation |
//! | discrete with an infinite support (poisson, geometric) | series with a tail bound | error |
//! | continuous against discrete | error | error |

use divergence::quadrature::{kl_quadrature, kl_series};
use divergence::{Estimate, Measure, Method, Unit};

use crate::args::{KlArgs, UnitArg};
use crate::commands::kl_samples;
use crate::data;
use crate::distribution::{self, Continuous, Discrete, Dist};
use crate::error::{Error, Result};
use crate::output::{self, Plan, Transaction};
use crate::spec;
use crate::sweep_file::Value;

/// A value with its error estimate (nats) and how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The value, in nats for information measures.
    pub value: f64,
    /// Estimated absolute error, in the same unit, where one is known.
    pub error: Option<f64>,
    /// The method, readable.
    pub method: String,
}

/// Runs `klfit kl`.
///
/// # Errors
/// See the module docs; bad specs and unsupported combinations exit with 2.
pub fn run(a: &KlArgs) -> Result<()> {
    // PSI, the drift monitors' name, is the symmetrised KL (Jeffreys).
    let name = match a.measure.trim() {
        "psi" => "jeffreys",
        m => m,
    };
    let measure: Measure = name.parse().map_err(|_| Error::Unknown {
        kind: "measure",
        name: a.measure.clone(),
        known: "kl, reverse, js, jeffreys (psi), hellinger, tv, chi2, renyi:ALPHA",
    })?;
    let unit = match a.unit {
        UnitArg::Nats => Unit::Nats,
        UnitArg::Bits => Unit::Bits,
    };
    if is_stdin(&a.p) && is_stdin(&a.q) {
        return Err(Error::StdinTwice {
            first: format!("P = {}", a.p.trim()),
            second: format!("Q = {}", a.q.trim()),
        });
    }
    let mut plan = Plan::new();
    plan.input(&a.p)?;
    plan.input(&a.q)?;
    let json = plan.output("--json", a.json.as_deref())?;
    let read = data::ReadOptions {
        skip_missing: a.skip_missing,
    };
    let (out, sampled) = match (side(&a.p, read)?, side(&a.q, read)?) {
        (Side::Dist(p), Side::Dist(q)) => (compute(measure, &p, &q)?, None),
        (Side::Points(p), Side::Points(q)) => {
            let s = kl_samples::two_samples(a, measure, &p, &q)?;
            (s.outcome(), Some(s))
        }
        (Side::Points(p), Side::Dist(q)) => {
            let s = kl_samples::samples_to_model(a, measure, &p, &q)?;
            (s.outcome(), Some(s))
        }
        (Side::Dist(_), Side::Points(_)) => {
            return Err(Error::Usage {
                message: "samples against a distribution: give the samples first (P) and the distribution second (Q)".into(),
            })
        }
    };
    let scale = |v: f64| -> f64 {
        if !measure.has_unit() {
            v
        } else if matches!(measure, Measure::JensenShannonDistance) {
            v / unit.ln_base().sqrt()
        } else {
            unit.from_nats(v)
        }
    };
    let unit_name = if measure.has_unit() {
        match a.unit {
            UnitArg::Nats => " nats",
            UnitArg::Bits => " bits",
        }
    } else {
        " (dimensionless)"
    };
    let mut text = format!(
        "{}({} ‖ {}) = {}{unit_name}\n",
        a.measure.trim(),
        a.p.trim(),
        a.q.trim(),
        scale(out.value)
    );
    text.push_str(&match (&sampled, out.error) {
        (Some(s), _) => match s.std_error {
            Some(se) => format!(
                "standard error {}{unit_name}\nmethod: {}\n",
                scale(se),
                out.method
            ),
            None => format!("method: {}\n", out.method),
        },
        (None, Some(e)) => format!(
            "method: {}; error estimate {:.1e}{unit_name}\n",
            out.method,
            scale(e)
        ),
        (None, None) => format!("method: {}\n", out.method),
    });
    let Some(sink) = json else {
        return output::stdout(text.as_bytes());
    };
    let report = KlReport {
        schema: "klfit-kl/1",
        klfit_version: env!("CARGO_PKG_VERSION"),
        measure: a.measure.trim(),
        p: a.p.trim(),
        q: a.q.trim(),
        unit: unit_name.trim().trim_matches(|c| c == '(' || c == ')'),
        value: Value(scale(out.value)),
        error: out.error.map(|e| Value(scale(e))),
        method: &out.method,
        estimator: sampled.as_ref().map(|s| s.estimator),
        std_error: sampled
            .as_ref()
            .and_then(|s| s.std_error)
            .map(|e| Value(scale(e))),
        n: sampled.as_ref().map(|s| s.n),
        m: sampled.as_ref().and_then(|s| s.m),
        k: sampled.as_ref().and_then(|s| s.k),
        d: sampled.as_ref().map(|s| s.d),
    };
    let mut tx = Transaction::new();
    tx.write(&sink, &output::json(&report)?)?;
    // Standard output carries the JSON alone when it is the sink.
    if sink.is_stdout() {
        output::stderr(&text);
    } else {
        output::stdout(text.as_bytes())?;
    }
    tx.commit()
}

/// What `klfit kl --json` writes.
#[derive(serde::Serialize)]
struct KlReport<'a> {
    schema: &'static str,
    klfit_version: &'static str,
    measure: &'a str,
    p: &'a str,
    q: &'a str,
    /// "nats", "bits" or "dimensionless".
    unit: &'a str,
    /// In `unit`; `"inf"` where the divergence is infinite (JSON has no
    /// infinities).
    value: Value,
    /// Estimated absolute error in `unit`, where the method gives one.
    error: Option<Value>,
    method: &'a str,
    /// From samples: `knn`, `histogram` or `knn-entropy+monte-carlo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    estimator: Option<&'static str>,
    /// From samples: the estimate's standard error in `unit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    std_error: Option<Value>,
    /// From samples: points of P.
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<usize>,
    /// From samples: points of Q.
    #[serde(skip_serializing_if = "Option::is_none")]
    m: Option<usize>,
    /// From samples: neighbours.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<usize>,
    /// From samples: dimension.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<usize>,
}

/// Whether `arg` names standard input.
fn is_stdin(arg: &str) -> bool {
    matches!(
        arg.trim(),
        "-" | "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0"
    )
}

/// One side of `kl`: a distribution (a spec or a histogram file) or
/// sample points (a file of samples, a column per dimension).
enum Side {
    Dist(Dist),
    Points(data::Points),
}

/// A spec, or else a file: a histogram (by its header) or samples.
fn side(arg: &str, read: data::ReadOptions) -> Result<Side> {
    let t = arg.trim();
    let looks_like_spec = t.contains('(')
        || (!t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !std::path::Path::new(t).exists()
            && t != "-");
    if looks_like_spec {
        return Ok(Side::Dist(distribution::from_spec(&spec::parse(t)?)?));
    }
    let text = data::read_text(t)?;
    if !data::has_histogram_header(&text) {
        let points = data::parse_points(t, &text, read)?;
        data::note_skipped(t, &points.skipped);
        return Ok(Side::Points(points));
    }
    let parsed = data::parse(t, &text, read)?;
    data::note_skipped(t, &parsed.skipped);
    let ds = data::Dataset {
        source: t.to_string(),
        data: parsed.data,
    };
    let Some(probs) = ds.probabilities()? else {
        return Err(Error::Unsupported(format!(
            "{t}: kl needs a histogram file (value,count or value,probability)"
        )));
    };
    let (start, _) = ds.support().unwrap_or_default();
    Ok(Side::Dist(Dist::Discrete(Discrete::Table { start, probs })))
}

fn div(context: &str) -> impl Fn(divergence::Error) -> Error + '_ {
    move |source| Error::Divergence {
        context: context.to_string(),
        source,
    }
}

/// Computes `measure(P, Q)` by the best available method.
///
/// # Errors
/// [`Error::Unsupported`] where no method gives a trustworthy number.
pub fn compute(measure: Measure, p: &Dist, q: &Dist) -> Result<Outcome> {
    match measure {
        Measure::Kl => kl(p, q),
        Measure::ReverseKl => kl(q, p),
        Measure::Jeffreys => {
            let (a, b) = (kl(p, q)?, kl(q, p)?);
            let error = match (a.error, b.error) {
                (None, None) => None,
                (x, y) => Some(x.unwrap_or(0.0) + y.unwrap_or(0.0)),
            };
            let method = if a.method == b.method {
                format!("{} (both directions)", a.method)
            } else {
                format!("KL(P‖Q): {}; KL(Q‖P): {}", a.method, b.method)
            };
            Ok(Outcome {
                value: a.value + b.value,
                error,
                method,
            })
        }
        _ => match (finite(p), finite(q)) {
            (Some(a), Some(b)) => {
                let (pv, qv) = align(a, b);
                let value = measure.compute(&pv, &qv).map_err(div("measure"))?;
                Ok(Outcome {
                    value,
                    error: None,
                    method: format!("exact summation over {} support points", pv.len()),
                })
            }
            _ => Err(Error::Unsupported(format!(
                "measure {} is computed only between distributions on a finite set of integers \
                 (categorical, binomial, bernoulli, files); for {} ‖ {} use kl, reverse or jeffreys",
                name(measure),
                p.family(),
                q.family()
            ))),
        },
    }
}

/// The command-line name of a measure.
fn name(m: Measure) -> String {
    match m {
        Measure::Kl => "kl".into(),
        Measure::ReverseKl => "reverse".into(),
        Measure::CrossEntropy => "cross-entropy".into(),
        Measure::JensenShannon => "js".into(),
        Measure::JensenShannonDistance => "js-distance".into(),
        Measure::Jeffreys => "jeffreys".into(),
        Measure::Renyi(a) => format!("renyi:{a}"),
        Measure::Hellinger => "hellinger".into(),
        Measure::TotalVariation => "tv".into(),
        Measure::ChiSquared => "chi2".into(),
        _ => format!("{m:?}"),
    }
}

fn finite(d: &Dist) -> Option<(i64, Vec<f64>)> {
    match d {
        Dist::Discrete(d) => d.finite(),
        Dist::Continuous(_) => None,
    }
}

/// Pads two tables to their common support. Values in neither support add
/// nothing to any measure (both probabilities are 0), so where the supports
/// are disjoint the gap between them is left out: the padded tables are
/// never longer than the two inputs together, however far apart they lie
/// (a file on 0..10 against one near 10¹⁵).
fn align((sa, a): (i64, Vec<f64>), (sb, b): (i64, Vec<f64>)) -> (Vec<f64>, Vec<f64>) {
    let (ea, eb) = (sa + a.len() as i64, sb + b.len() as i64);
    if ea <= sb || eb <= sa {
        let (na, nb) = (a.len(), b.len());
        let zeros = |n: usize| std::iter::repeat_n(0.0, n);
        return if sa <= sb {
            (
                a.into_iter().chain(zeros(nb)).collect(),
                zeros(na).chain(b).collect(),
            )
        } else {
            (
                zeros(nb).chain(a).collect(),
                b.into_iter().chain(zeros(na)).collect(),
            )
        };
    }
    let lo = sa.min(sb);
    let hi = ea.max(eb);
    let pad = |s: i64, v: Vec<f64>| {
        let mut out = vec![0.0; (hi - lo) as usize];
        let off = (s - lo) as usize;
        out[off..off + v.len()].copy_from_slice(&v);
        out
    };
    (pad(sa, a), pad(sb, b))
}

fn estimate(e: Estimate) -> Outcome {
    let (method, error) = match e.method {
        Method::ClosedForm => ("closed form".to_string(), None),
        Method::SupportMismatch => (
            "support mismatch: P puts mass where Q has none, so the divergence is +∞".to_string(),
            None,
        ),
        Method::DivergentTail => (
            "divergent tail: P's tails are too heavy for Q's (E_P[−ln q] = +∞), so the divergence is +∞"
                .to_string(),
            None,
        ),
        Method::GaussKronrod {
            subintervals,
            evaluations,
        } => (
            format!(
                "adaptive Gauss–Kronrod quadrature ({subintervals} subintervals, {evaluations} evaluations)"
            ),
            Some(e.error),
        ),
        Method::FixedRule { nodes } => (format!("fixed quadrature rule ({nodes} nodes)"), Some(e.error)),
        Method::Series { terms } => (
            format!("series summation ({terms} terms, with a bound on the tail)"),
            Some(e.error),
        ),
        Method::FiniteSum { terms } => (format!("exact summation over {terms} terms"), None),
        _ => ("numerical".to_string(), Some(e.error)),
    };
    Outcome {
        value: e.value,
        error,
        method,
    }
}

fn kl(p: &Dist, q: &Dist) -> Result<Outcome> {
    let pair = format!("{} ‖ {}", p.family(), q.family());
    match (p, q) {
        (Dist::Continuous(a), Dist::Continuous(b)) => {
            if let Some(v) = a.closed_form(b) {
                return Ok(Outcome {
                    value: v.map_err(div(&pair))?,
                    error: None,
                    method: format!("closed form ({pair})"),
                });
            }
            let e = kl_quadrature::<Continuous, Continuous>(a, b).map_err(div(&pair))?;
            Ok(estimate(e))
        }
        (Dist::Discrete(a), Dist::Discrete(b)) => {
            if let Some(v) = a.closed_form(b) {
                return Ok(Outcome {
                    value: v.map_err(div(&pair))?,
                    error: None,
                    method: format!("closed form ({pair})"),
                });
            }
            if let (Some(x), Some(y)) = (a.finite(), b.finite()) {
                let (pv, qv) = align(x, y);
                let value = divergence::kl(&pv, &qv).map_err(div(&pair))?;
                return Ok(Outcome {
                    value,
                    error: None,
                    method: format!("exact summation over {} support points ({pair})", pv.len()),
                });
            }
            for d in [a, b] {
                if let Discrete::Table { start, .. } = d {
                    if *start < 0 {
                        return Err(Error::Unsupported(format!(
                            "{pair}: a table with negative values against an infinite support is not supported"
                        )));
                    }
                }
            }
            let e = kl_series::<Discrete, Discrete>(a, b).map_err(div(&pair))?;
            Ok(estimate(e))
        }
        _ => Err(Error::Unsupported(format!(
            "{pair}: cannot compare a continuous and a discrete distribution (one has a density, the other a mass function)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dist {
        distribution::from_spec(&spec::parse(s).unwrap()).unwrap()
    }

    #[test]
    fn normal_pair_is_closed_form() {
        let o = compute(Measure::Kl, &d("normal(0,1)"), &d("normal(1,2)")).unwrap();
        let exact = 2f64.ln() + 2.0 / 8.0 - 0.5;
        assert!((o.value - exact).abs() < 1e-15);
        assert!(o.method.starts_with("closed form"));
    }

    #[test]
    fn mixture_goes_through_quadrature() {
        let o = compute(
            Measure::Kl,
            &d("mixture(0.5*normal(-3,1),0.5*normal(3,1))"),
            &d("normal(0,3.1622776601683795)"),
        )
        .unwrap();
        // divergence's own reference (mpmath), see quadrature::kl_quadrature.
        assert!((o.value - 0.461_994_613_467_945).abs() < 1e-9);
        assert!(o.error.unwrap() < 1e-9);
        assert!(o.method.contains("Gauss–Kronrod"));
    }

    #[test]
    fn finite_and_series_and_unsupported() {
        let o = compute(
            Measure::JensenShannon,
            &d("categorical(0.5,0.5)"),
            &d("binomial(1,0.5)"),
        )
        .unwrap();
        assert!(o.value.abs() < 1e-15);
        let o = compute(Measure::Kl, &d("binomial(10,0.57)"), &d("poisson(5.7)")).unwrap();
        assert!(o.value > 0.0 && o.value.is_finite());
        assert!(compute(Measure::Hellinger, &d("normal(0,1)"), &d("normal(0,2)")).is_err());
        assert!(compute(Measure::Kl, &d("normal(0,1)"), &d("poisson(2)")).is_err());
    }

    #[test]
    fn far_apart_tables_align_without_the_gap() {
        let far = 1_000_000_000_000_000;
        let (p, q) = align((0, vec![0.5, 0.5]), (far, vec![1.0]));
        assert_eq!(p, [0.5, 0.5, 0.0]);
        assert_eq!(q, [0.0, 0.0, 1.0]);
        let (p, q) = align((far, vec![1.0]), (-far, vec![0.25, 0.75]));
        assert_eq!(p, [0.0, 0.0, 1.0]);
        assert_eq!(q, [0.25, 0.75, 0.0]);
        // Adjacent and overlapping supports are padded as before.
        assert_eq!(align((0, vec![1.0]), (1, vec![1.0])).0, [1.0, 0.0]);
        assert_eq!(align((0, vec![0.5, 0.5]), (1, vec![1.0])).1, [0.0, 1.0]);
        let tv = |p: Discrete, q: Discrete| {
            compute(
                Measure::TotalVariation,
                &Dist::Discrete(p),
                &Dist::Discrete(q),
            )
            .unwrap()
            .value
        };
        let table = |start, probs| Discrete::Table { start, probs };
        assert!((tv(table(0, vec![1.0]), table(far, vec![1.0])) - 1.0).abs() < 1e-15);
    }
}
