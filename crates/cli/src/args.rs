//! The command line (clap), with worked examples in every help text.

use clap::{Args, Parser, Subcommand, ValueEnum};

const TOP_EXAMPLES: &str = "\
Examples (from the repository root):
  klfit fit crates/cli/data/worms.csv --model uniform --model 'binomial(n=10)' --model 'split(0..5,6..10)'
  klfit kl 'normal(0,1)' 'normal(1,2)'
  klfit kl 'mixture(0.5*normal(-3,1),0.5*normal(3,1))' 'normal(0,3.1623)'
  klfit sweep crates/cli/data/worms.csv --model 'binomial(n=10)' --grid p=0:1:1001 --csv sweep.csv

Exit codes: 0 success, 1 data or file problem, 2 usage problem.";

const KL_EXAMPLES: &str = "\
Examples:
  klfit kl 'normal(0,1)' 'normal(1,2)'                       closed form
  klfit kl 'mixture(0.5*normal(-3,1),0.5*normal(3,1))' 'normal(0,3.1623)'   quadrature
  klfit kl 'binomial(10,0.57)' 'poisson(5.7)' --unit bits    series summation
  klfit kl crates/cli/data/worms.csv 'binomial(10,0.57)' --unit bits
  klfit kl 'categorical(0.2,0.3,0.5)' 'categorical(0.4,0.4,0.2)' --measure js

Distributions: normal(mu,sigma) lognormal(mu,sigma) exponential(rate) gamma(shape,rate)
  beta(a,b) laplace(location,scale) uniform(min,max) student-t(location,scale,df)
  cauchy(location,scale) mixture(w1*SPEC,w2*SPEC,…) binomial(n,p) poisson(lambda)
  geometric(p) bernoulli(p) categorical(p0,p1,…), or a CSV file (value,count or
  value,probability). Parameters may be named: binomial(n=10,p=0.57).";

const FIT_EXAMPLES: &str = "\
Examples:
  klfit fit crates/cli/data/worms.csv --model uniform --model 'binomial(n=10)' --model 'split(0..5,6..10)'
  klfit fit crates/cli/data/worms.csv --model 'binomial(n=10)' --direction reverse --solver lbfgs
  klfit fit crates/cli/data/worms.csv --model poisson --json report.json --plot figures
  printf 'value,count\\n0,3\\n1,5\\n2,2\\n' | klfit fit - --model 'binomial(n=2)'

DATA is a CSV file with a header: value,count (a histogram) or a single column
of samples; - reads standard input.
Models: uniform, uniform(a..b), binomial(n=N), split(0..B-1,B..N-1), categorical,
  poisson, geometric, negative-binomial, normal, lognormal, exponential, gamma,
  beta, normal-mixture(k=K).
Limits: categorical(k=K) with K ≤ 10000000 (10^7), normal-mixture(k=K) with
  K ≤ 1000; histogram values span at most 10^7 integers.";

const SWEEP_EXAMPLES: &str = "\
Examples:
  klfit sweep crates/cli/data/worms.csv --model 'binomial(n=10)' --grid p=0:1:1001 --csv sweep.csv --plot figures
  klfit sweep crates/cli/data/worms.csv --model 'split(0..5,6..10)' --grid t=0.01,0.47,0.99
  # the same sweep in 4 shards (e.g. a Slurm array --array=0-3), then merged:
  klfit sweep crates/cli/data/worms.csv --model 'binomial(n=10)' --grid p=0:1:1001 \\
      --shard $SLURM_ARRAY_TASK_ID/4 --json shard-$SLURM_ARRAY_TASK_ID.json
  klfit merge shard-*.json --csv sweep.csv --json sweep.json

A grid axis is NAME=LO:HI:N (N evenly spaced values, both ends included) or
NAME=V1,V2,…; one or two axes, row-major (the last varies fastest). Parameters
not on an axis stay at the model's starting point.
Limits: at most 50000000 (5·10^7) values per axis and points per run (split
larger grids with --shard), 1000000000 (10^9) points per grid, and so at most
10^9 shards.";

const MERGE_EXAMPLES: &str = "\
Examples:
  klfit merge shard-0.json shard-1.json shard-2.json shard-3.json --csv sweep.csv --json sweep.json
  klfit merge shards/*.json --plot figures

The shards must come from the same data, model and grid, one file per shard;
the merged output is byte-identical to the unsharded run's.";

/// klfit: measure Kullback–Leibler divergence and fit models by minimising it.
#[derive(Debug, Parser)]
#[command(name = "klfit", version, after_help = TOP_EXAMPLES)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// A divergence between two distributions (specs or files).
    #[command(after_help = KL_EXAMPLES)]
    Kl(KlArgs),
    /// Fit one or more models to DATA and rank them by KL.
    #[command(after_help = FIT_EXAMPLES)]
    Fit(FitArgs),
    /// KL over a 1-D or 2-D parameter grid, optionally one shard of it.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Join the JSON outputs of `klfit sweep --shard K/N` into the whole sweep.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
}

/// `klfit kl`.
#[derive(Debug, Args)]
pub struct KlArgs {
    /// The reference distribution P ("data"): a spec such as 'normal(0,1)' or a CSV file.
    pub p: String,
    /// The approximation Q ("model").
    pub q: String,
    /// kl = KL(P‖Q), reverse = KL(Q‖P), js, jeffreys, hellinger, tv, chi2, renyi:ALPHA.
    #[arg(long, default_value = "kl")]
    pub measure: String,
    /// Unit of information measures.
    #[arg(long, value_enum, default_value_t = UnitArg::Nats)]
    pub unit: UnitArg,
    /// Also write the result as JSON to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<String>,
    /// Drop rows with a missing value (empty, NA, N/A, NaN, null) instead of
    /// refusing the file; the dropped rows are reported.
    #[arg(long)]
    pub skip_missing: bool,
    /// How KL between two sample files (a column per dimension) is
    /// estimated: `knn` (k nearest neighbours, any dimension, with a
    /// standard error) or `histogram` (one column, shared bins at P's
    /// quantiles; gives kl, js and psi).
    #[arg(long, value_enum, default_value_t = EstimatorArg::Knn)]
    pub estimator: EstimatorArg,
    /// Neighbours of the kNN estimator (1 has the least bias, more the
    /// least variance).
    #[arg(long, default_value_t = 1)]
    pub k: usize,
    /// Half-samples for the kNN estimate's standard error (at least 2).
    #[arg(long, default_value_t = estimate::DEFAULT_HALF_SAMPLES)]
    pub replicates: usize,
    /// Seed of the half-samples (the same seed gives the same standard
    /// error on any number of threads).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Leave out of the kNN estimate the points whose k-th neighbour is at
    /// distance 0 (repeated points), counted in the method; by default they
    /// are an error naming the lines.
    #[arg(long)]
    pub skip_ties: bool,
    /// Bins of the histogram estimator.
    #[arg(long, default_value_t = 10)]
    pub bins: usize,
    /// Count added to every bin by the histogram estimator before
    /// normalising (0: none, and an empty bin of Q where P has mass makes
    /// KL and PSI inf).
    #[arg(long, default_value_t = 0.0)]
    pub smoothing: f64,
}

/// `--estimator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimatorArg {
    /// k nearest neighbours.
    Knn,
    /// Shared histogram bins.
    Histogram,
}

/// `--unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Natural logarithm.
    Nats,
    /// Base-2 logarithm.
    Bits,
}

/// `--direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// Minimise KL(data‖model) (maximum likelihood).
    Forward,
    /// Minimise KL(model‖data).
    Reverse,
}

/// `--solver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    /// Brent's method (one bounded parameter).
    Brent,
    /// Golden-section search (one bounded parameter).
    Golden,
    /// L-BFGS.
    Lbfgs,
    /// Nelder–Mead simplex.
    NelderMead,
}

/// `klfit fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// CSV file (value,count or one column of samples); - for standard input.
    pub data: String,
    /// A model; repeat for several. `all` screens every family whose
    /// support covers the data, ranked by AIC (`all-discrete` for
    /// whole-number samples).
    #[arg(long = "model", short = 'm', required = true)]
    pub models: Vec<String>,
    /// What to minimise.
    #[arg(long, value_enum, default_value_t = DirectionArg::Forward)]
    pub direction: DirectionArg,
    /// The solver (default: the closed form where one exists, EM for
    /// normal-mixture, Brent for one bounded parameter, L-BFGS otherwise).
    #[arg(long, value_enum)]
    pub solver: Option<SolverArg>,
    /// Cap on objective plus gradient evaluations per fit (default 20000);
    /// a fit that reaches it is reported as not converged.
    #[arg(long, value_name = "N")]
    pub max_evals: Option<u64>,
    /// Write figures (SVG and PNG) into this directory.
    #[arg(long, value_name = "DIR")]
    pub plot: Option<std::path::PathBuf>,
    /// Write the JSON report to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<String>,
    /// Drop rows with a missing value (empty, NA, N/A, NaN, null) instead of
    /// refusing the file; the dropped rows are reported.
    #[arg(long)]
    pub skip_missing: bool,
    /// Also compute goodness-of-fit statistics for each fit (KS, Cramér–von
    /// Mises and Anderson–Darling for continuous models, Pearson's χ² on
    /// fitdistrplus's cells for every model), printed after the table and
    /// written to the JSON as `gof`.
    #[arg(long)]
    pub gof: bool,
    /// Goodness of fit (as --gof) with p-values that account for the
    /// fitted parameters: B samples drawn from each fitted model, each
    /// refitted (parametric bootstrap, seeded by --seed; B from 2 to 10^6).
    #[arg(long, value_name = "B", value_parser = parse_replicates)]
    pub gof_bootstrap: Option<usize>,
    /// Confidence intervals for the parameters (and, by bootstrap, for the
    /// minimised KL): `wald` (estimate ± z·standard error), `profile`
    /// (where the profile likelihood stays within the χ²₁ quantile of its
    /// maximum; each end refits the other parameters), `bootstrap[:B]`
    /// (percentiles of B refits to resampled data) or `parametric[:B]`
    /// (percentiles of B refits to samples drawn from the fitted model); B
    /// defaults to 1000, at most 10^6.
    #[arg(long, value_parser = parse_ci)]
    pub ci: Option<CiArg>,
    /// The confidence level of --ci, strictly between 0 and 1.
    #[arg(long, default_value_t = 0.95, value_parser = parse_level)]
    pub level: f64,
    /// The seed of the bootstraps (the same seed gives the same intervals
    /// and p-values on any number of threads).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hold a parameter at a value, NAME=VALUE (repeat for several); the
    /// other parameters are fitted, and AIC/BIC count only those. Every
    /// model must have the parameter.
    #[arg(long = "fix", value_name = "NAME=VALUE", value_parser = parse_fix)]
    pub fix: Vec<(String, f64)>,
    /// Refit only shard K of N of the bootstrap replicates of --ci
    /// bootstrap or parametric (one model; needs --json FILE, which becomes
    /// a shard file); `klfit merge` joins the shards into the intervals of
    /// one run, so a job array can run 10^5 replicates.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

/// `klfit sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// CSV file (value,count or one column of samples); - for standard input.
    pub data: String,
    /// The model.
    #[arg(long, short = 'm')]
    pub model: String,
    /// A grid axis NAME=LO:HI:N or NAME=V1,V2,…; give one or two (at most
    /// 5·10^7 values per axis, 10^9 points in all).
    #[arg(long = "grid", short = 'g', required = true)]
    pub grids: Vec<String>,
    /// Compute only shard K of N (0 ≤ K < N ≤ the grid's points) of the
    /// row-major grid; needs --json.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Write the table as CSV to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<String>,
    /// Write the result with its metadata as JSON to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<String>,
    /// Write the figure into this directory (whole grids only).
    #[arg(long, value_name = "DIR")]
    pub plot: Option<std::path::PathBuf>,
    /// Drop rows with a missing value (empty, NA, N/A, NaN, null) instead of
    /// refusing the file; the dropped rows are reported.
    #[arg(long)]
    pub skip_missing: bool,
}

/// `klfit merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' JSON files, in any order.
    #[arg(required = true)]
    pub shards: Vec<String>,
    /// Write the merged table as CSV to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<String>,
    /// Write the merged JSON to FILE (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<String>,
    /// Write the figure into this directory.
    #[arg(long, value_name = "DIR")]
    pub plot: Option<std::path::PathBuf>,
}

/// `--ci`: how confidence intervals are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiArg {
    /// Estimate ± z·standard error.
    Wald,
    /// Profile-likelihood interval.
    Profile,
    /// Percentile bootstrap with this many replicates.
    Bootstrap(usize),
    /// Percentile parametric bootstrap (samples from the fitted model).
    Parametric(usize),
}

/// Bootstrap replicates when `--ci bootstrap` gives no count.
pub const DEFAULT_REPLICATES: usize = 1000;
/// The most bootstrap replicates one run makes.
pub const MAX_REPLICATES: usize = 1_000_000;

/// Parses a confidence level in `(0, 1)`.
fn parse_level(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(l) if l > 0.0 && l < 1.0 => Ok(l),
        _ => Err(format!(
            "a confidence level lies strictly between 0 and 1 (e.g. 0.95), not {s:?}"
        )),
    }
}

/// Parses a number of bootstrap replicates.
fn parse_replicates(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(b) if (2..=MAX_REPLICATES).contains(&b) => Ok(b),
        _ => Err(format!(
            "bootstrap replicates must be a whole number from 2 to {MAX_REPLICATES}, not {s:?}"
        )),
    }
}

/// Parses `NAME=VALUE` for `--fix`.
fn parse_fix(s: &str) -> Result<(String, f64), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE (e.g. sigma=1), not {s:?}"))?;
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && !name.trim().is_empty() => Ok((name.trim().to_string(), v)),
        _ => Err(format!(
            "expected NAME=VALUE with a finite number (e.g. sigma=1), not {s:?}"
        )),
    }
}

/// Parses `wald`, `profile`, `bootstrap[:B]` or `parametric[:B]`.
fn parse_ci(s: &str) -> Result<CiArg, String> {
    match s.split_once(':') {
        None if s == "wald" => Ok(CiArg::Wald),
        None if s == "profile" => Ok(CiArg::Profile),
        None if s == "bootstrap" => Ok(CiArg::Bootstrap(DEFAULT_REPLICATES)),
        Some(("bootstrap", b)) => parse_replicates(b).map(CiArg::Bootstrap),
        None if s == "parametric" => Ok(CiArg::Parametric(DEFAULT_REPLICATES)),
        Some(("parametric", b)) => parse_replicates(b).map(CiArg::Parametric),
        _ => Err(format!(
            "expected wald, profile, bootstrap[:B] or parametric[:B], not {s:?}"
        )),
    }
}
