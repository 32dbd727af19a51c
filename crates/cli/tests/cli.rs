//! Runs the real `klfit` binary on good and bad inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const WORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/worms.csv");

fn klfit(args: &[&str]) -> Output {
    klfit_stdin(args, None)
}

fn klfit_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_klfit"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("klfit-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write input");
    p.to_string_lossy().into_owned()
}

/// Exit code `code`, one line on stderr, nothing on stdout, no panic.
#[track_caller]
fn fails(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("klfit: error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
}

/// A number from the table row of `model`, column `col` (0-based after the model).
fn cell(table: &str, model: &str, col: usize) -> f64 {
    let row = table
        .lines()
        .find(|l| l.contains(model))
        .unwrap_or_else(|| panic!("{model} not in {table}"));
    let after = row.split_once(model).expect("model").1;
    let cells: Vec<&str> = after.split_whitespace().collect();
    cells[col].parse().expect("number")
}

#[test]
fn worms_reproduce_the_article() {
    let o = klfit(&[
        "fit",
        WORMS,
        "--model",
        "uniform",
        "--model",
        "binomial(n=10)",
        "--model",
        "split(0..5,6..10)",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("entropy 3.12"), "{t}");
    // Columns after the model: parameters (3 tokens or "—"), KL fwd bits, …
    assert!((cell(&t, "Uniform{0..10}", 1) - 0.338).abs() < 1e-3, "{t}");
    assert!((cell(&t, "Binomial(n=10)", 2) - 0.57).abs() < 1e-9);
    assert!((cell(&t, "Binomial(n=10)", 3) - 0.477).abs() < 1e-3);
    assert!((cell(&t, "Split(0..5|6..10)", 2) - 0.47).abs() < 1e-9);
    assert!((cell(&t, "Split(0..5|6..10)", 3) - 0.338).abs() < 1e-3);
    assert_eq!(t.lines().filter(|l| l.contains("converged")).count(), 3);
}

#[test]
fn fit_json_report_and_plots() {
    let dir = scratch("fitjson");
    let json = dir.join("report.json");
    let figs = dir.join("figs");
    let o = klfit(&[
        "fit",
        WORMS,
        "-m",
        "binomial(n=10)",
        "-m",
        "uniform",
        "--json",
        json.to_str().unwrap(),
        "--plot",
        figs.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["schema"], "klfit-fit/1");
    assert_eq!(v["data"]["n"], 100);
    assert_eq!(v["fits"][0]["spec"], "uniform");
    assert_eq!(v["fits"][1]["rank"], 2);
    assert!((v["fits"][1]["params"]["p"].as_f64().unwrap() - 0.57).abs() < 1e-9);
    assert!((v["fits"][1]["kl_forward_bits"].as_f64().unwrap() - 0.477).abs() < 1e-3);
    assert!(v["fits"][1]["aic"].is_number());
    for f in [
        "fit_models.svg",
        "fit_models.png",
        "fit_kl.svg",
        "fit_kl.png",
    ] {
        assert!(figs.join(f).exists(), "{f}");
    }
    // JSON to standard output: stdout is exactly the JSON.
    let o = klfit(&["fit", WORMS, "-m", "binomial(n=10)", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["direction"], "forward");
}

#[test]
fn fit_reads_stdin_samples_and_options() {
    let o = klfit_stdin(
        &["fit", "-", "-m", "binomial(n=2)"],
        Some("value,count\n0,3\n1,5\n2,2\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("p = 0.450000"), "{}", stdout(&o));
    let o = klfit(&[
        "fit",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--direction",
        "reverse",
        "--solver",
        "nelder-mead",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("reverse"));
    let dir = scratch("samples");
    let s = write(&dir, "s.csv", "x\n1.0\n2.0\n3.0\n2.5\n1.5\n");
    let o = klfit(&[
        "fit",
        &s,
        "-m",
        "normal",
        "--plot",
        dir.join("f").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("mu = 2.000000"), "{}", stdout(&o));
}

#[test]
fn kl_methods() {
    let o = klfit(&["kl", "normal(0,1)", "normal(1,2)"]);
    assert!(o.status.success());
    let t = stdout(&o);
    assert!(t.contains("= 0.44314718055994"), "{t}");
    assert!(t.contains("closed form"), "{t}");

    let o = klfit(&[
        "kl",
        "mixture(0.5*normal(-3,1),0.5*normal(3,1))",
        "normal(0,3.1622776601683795)",
    ]);
    let t = stdout(&o);
    assert!(t.contains("= 0.46199461346"), "{t}");
    assert!(
        t.contains("quadrature") && t.contains("error estimate"),
        "{t}"
    );

    let o = klfit(&["kl", WORMS, "binomial(10,0.57)", "--unit", "bits"]);
    assert!(stdout(&o).contains("= 0.4768"), "{}", stdout(&o));
    let o = klfit(&["kl", WORMS, "uniform-ish"]);
    assert_eq!(o.status.code(), Some(2));

    // --json: the value (+∞ as "inf"), its unit and method, machine-readable.
    let o = klfit(&[
        "kl",
        WORMS,
        "binomial(10,0.57)",
        "--unit",
        "bits",
        "--json",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "klfit-kl/1");
    assert_eq!(v["unit"], "bits");
    // mpmath: tools/reference/fit_worms.py, "KL(data||Binom(10,.57)) bits".
    assert!((v["value"].as_f64().unwrap() - 0.476_875_530_914_634).abs() < 1e-12);
    assert!(v["method"].as_str().unwrap().contains("exact summation"));
    let o = klfit(&[
        "kl",
        "categorical(0.5,0.5)",
        "categorical(1,0)",
        "--json",
        "-",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["value"], "inf");

    let o = klfit(&[
        "kl",
        "categorical(0.5,0.5)",
        "categorical(0,1)",
        "--measure",
        "js",
        "--unit",
        "bits",
    ]);
    assert!(stdout(&o).contains("= 0.311"), "{}", stdout(&o));
    let o = klfit(&[
        "kl",
        "categorical(0.5,0.5)",
        "categorical(0.5,0.5)",
        "--measure",
        "renyi:2",
    ]);
    assert!(stdout(&o).contains("= 0 nats"), "{}", stdout(&o));
    let o = klfit(&["kl", "poisson(3)", "poisson(5)", "--measure", "reverse"]);
    assert!(stdout(&o).contains("closed form (Poisson ‖ Poisson)"));
}

#[test]
fn usage_errors_exit_2() {
    fails(
        &klfit(&["kl", "normal(0,1)", "zipf(2)"]),
        2,
        "unknown distribution",
    );
    fails(
        &klfit(&["kl", "normal(0,1)", "normal(0,1)", "--measure", "kld"]),
        2,
        "unknown measure",
    );
    fails(&klfit(&["kl", "normal(0,1)", "normal(0,-1)"]), 2, "sigma");
    fails(&klfit(&["kl", "normal(0,1", "normal(0,1)"]), 2, "column 11");
    fails(
        &klfit(&["kl", "normal(0,1)", "normal(0,2)", "--measure", "hellinger"]),
        2,
        "finite set",
    );
    fails(
        &klfit(&["kl", "normal(0,1)", "poisson(2)"]),
        2,
        "continuous and a discrete",
    );
    fails(&klfit(&["fit", WORMS, "-m", "zipf"]), 2, "unknown model");
    fails(&klfit(&["fit", WORMS, "-m", "binomial(n=0)"]), 2, "n");
    fails(
        &klfit(&["fit", WORMS, "-m", "binomial(n=-3)"]),
        2,
        "whole number",
    );
    fails(
        &klfit(&["fit", WORMS, "-m", "split(0..5,7..10)"]),
        2,
        "contiguous",
    );
    fails(
        &klfit(&["fit", WORMS, "-m", "binomial(n=10)", "--solver", "simplex"]),
        2,
        "simplex",
    );
    fails(&klfit(&["fit", WORMS]), 2, "--model");
    fails(
        &klfit(&["fit", WORMS, "-m", "normal"]),
        1,
        "continuous family",
    );
    fails(&klfit(&["frobnicate"]), 2, "frobnicate");
    let grid = |g: &str| klfit(&["sweep", WORMS, "-m", "binomial(n=10)", "--grid", g]);
    fails(&grid("p=1:0:11"), 2, "impossible grid");
    fails(&grid("p=0:1:0"), 2, "zero points");
    fails(&grid("p=0:2:11"), 2, "outside");
    fails(&grid("q=0:1:11"), 2, "no parameter \"q\"");
    fails(&grid("p=0:1"), 2, "impossible grid");
    fails(
        &klfit(&[
            "sweep",
            WORMS,
            "-m",
            "binomial(n=10)",
            "--grid",
            "p=0:1:11",
            "--shard",
            "4/4",
            "--json",
            "x.json",
        ]),
        2,
        "K must be below N",
    );
    fails(
        &klfit(&[
            "sweep",
            WORMS,
            "-m",
            "binomial(n=10)",
            "--grid",
            "p=0:1:11",
            "--shard",
            "0/2",
        ]),
        2,
        "--json",
    );
}

#[test]
fn data_errors_exit_1_with_line_and_column() {
    let dir = scratch("bad");
    let run = |name: &str, text: &str| {
        let p = write(&dir, name, text);
        klfit(&["fit", &p, "-m", "uniform"])
    };
    fails(
        &klfit(&["fit", "/nonexistent/worms.csv", "-m", "uniform"]),
        1,
        "cannot read",
    );
    fails(&run("a.csv", "value,count\n0,2\n1,x\n"), 1, "a.csv:3:2");
    fails(
        &run("b.csv", "value,count\n0,2\n1,-3\n"),
        1,
        "b.csv:3:2: count -3 is negative",
    );
    fails(
        &run("c.csv", "value,count\n0,2.5\n"),
        1,
        "c.csv:2:2: count 2.5 is not a whole number",
    );
    fails(&run("d.csv", "value,count\n"), 1, "no data");
    fails(&run("e.csv", ""), 1, "no data");
    fails(&run("f.csv", "value,count\n0,2,9\n"), 1, "f.csv:2:3");
    fails(&run("g.csv", "0,2\n1,3\n"), 1, "missing header");
    fails(
        &run("h.csv", "value,count\n0,0\n"),
        1,
        "all counts are zero",
    );
    fails(
        &klfit_stdin(&["fit", "-", "-m", "uniform"], Some("")),
        1,
        "no data",
    );
    // A model that cannot describe the data: Binomial(n=5) gives 0 to 6..10
    // teeth. The error names the first value outside its support.
    let o = klfit(&["fit", WORMS, "-m", "binomial(n=5)"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the data have the value 6"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn failing_runs_leave_earlier_outputs_untouched() {
    let dir = scratch("atomic");
    let json = dir.join("report.json");
    std::fs::write(&json, "earlier result\n").unwrap();
    let bad = write(&dir, "bad.csv", "value,count\n0,-1\n");
    let o = klfit(&[
        "fit",
        &bad,
        "-m",
        "uniform",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = klfit(&["fit", WORMS, "-m", "zipf", "--json", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let csv = dir.join("sweep.csv");
    std::fs::write(&csv, "earlier sweep\n").unwrap();
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:3:5",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "earlier result\n");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "earlier sweep\n");
    // Nothing else (no temporary files) was left behind.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["bad.csv", "report.json", "sweep.csv"]);
}

#[test]
fn sharded_sweep_merges_to_the_unsharded_bytes() {
    let dir = scratch("shards");
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    for (model, grids) in [
        ("binomial(n=10)", vec!["p=0:1:1001"]),
        ("negative-binomial", vec!["r=1:60:23", "p=0.05:0.95:17"]),
    ] {
        let mut base = vec!["sweep", WORMS, "-m", model];
        for g in &grids {
            base.extend(["--grid", g]);
        }
        let (whole_csv, whole_json) = (p("whole.csv"), p("whole.json"));
        let mut args = base.clone();
        args.extend(["--csv", &whole_csv, "--json", &whole_json]);
        let o = klfit(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let n = 5;
        let mut shards = Vec::new();
        for k in 0..n {
            let spec = format!("{k}/{n}");
            let out = p(&format!("shard-{k}.json"));
            let mut args = base.clone();
            args.extend(["--shard", &spec, "--json", &out]);
            let o = klfit(&args);
            assert!(o.status.success(), "{}", stderr(&o));
            shards.push(out);
        }
        shards.reverse(); // order on the command line does not matter
        let (m_csv, m_json) = (p("merged.csv"), p("merged.json"));
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--csv", &m_csv, "--json", &m_json]);
        let o = klfit(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&whole_csv).unwrap(),
            std::fs::read(&m_csv).unwrap(),
            "{model}"
        );
        assert_eq!(
            std::fs::read(&whole_json).unwrap(),
            std::fs::read(&m_json).unwrap(),
            "{model}"
        );

        // Incomplete or repeated shards are refused.
        let o = klfit(&["merge", &shards[0], &shards[1], "--json", &p("x.json")]);
        fails(&o, 1, "missing shard");
        let o = klfit(&["merge", &shards[0], &shards[0]]);
        fails(&o, 1, "both shard");
    }
    // Shards of different sweeps do not merge.
    let a = p("a.json");
    let b = p("b.json");
    klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:11",
        "--shard",
        "0/2",
        "--json",
        &a,
    ]);
    klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:12",
        "--shard",
        "1/2",
        "--json",
        &b,
    ]);
    fails(&klfit(&["merge", &a, &b]), 1, "different grid");
    fails(&klfit(&["merge", WORMS]), 1, "not a klfit sweep file");
}

#[test]
fn sweep_outputs_and_plot() {
    let dir = scratch("sweep");
    let figs = dir.join("figs");
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:101",
        "--csv",
        "-",
        "--plot",
        figs.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("index,i_p,p,kl_forward_nats,kl_forward_bits,kl_reverse_nats,kl_reverse_bits")
    );
    assert_eq!(csv.lines().count(), 102);
    assert!(csv.lines().any(|l| l.starts_with("57,57,0.57,")));
    assert!(stderr(&o).contains("p = 0.57"));
    assert!(figs.join("sweep.svg").exists() && figs.join("sweep.png").exists());
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "negative-binomial",
        "--grid",
        "r=1:60:11",
        "--grid",
        "p=0.05:0.95:7",
        "--plot",
        figs.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn help_shows_worked_examples() {
    let o = klfit(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("worms.csv"));
    for cmd in ["kl", "fit", "sweep", "merge"] {
        let o = klfit(&[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}");
        assert!(stdout(&o).contains("Examples:"), "{cmd}");
    }
    assert!(stdout(&klfit(&["fit", "--help"])).contains("worms.csv"));
}

/// The reproductions of the real-data issue (#11), end to end.
#[test]
fn real_data_reproductions() {
    let dir = scratch("issue11");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../fit/tests/data/");
    // Old Faithful: the mixture reaches the maximum likelihood (mixtools'
    // normalmixEM: μ = 54.61486 / 80.09107, loglik −1034.00175), not the
    // fixed start.
    let waiting = format!("{data}faithful_waiting.csv");
    let o = klfit(&["fit", &waiting, "-m", "normal-mixture(k=2)", "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let fit = &v["fits"][0];
    assert!(
        (fit["params"]["mu1"].as_f64().unwrap() - 54.61486).abs() < 5e-5,
        "{fit}"
    );
    assert!((fit["log_likelihood"].as_f64().unwrap() + 1034.00175).abs() < 5e-6);
    assert_eq!(fit["status"]["kind"], "converged");
    // One sample: an error at once, not a fit that never returns.
    let one = write(&dir, "one.csv", "x\n1\n");
    let o = klfit(&["fit", &one, "-m", "normal"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("zero variance"), "{}", stderr(&o));
    // A zero in gamma data: the line and the support.
    let z = write(&dir, "z.csv", "x\n1\n2\n0\n3\n");
    let o = klfit(&["fit", &z, "-m", "gamma"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("z.csv:4:1: 0 is outside the support of gamma, which needs x > 0"),
        "{}",
        stderr(&o)
    );
    // Integer counts in one column are a histogram for discrete models
    // (fitdistrplus: toxocara negative binomial size 0.3969964927).
    let tox = format!("{data}toxocara.csv");
    let o = klfit(&["fit", &tox, "-m", "negative-binomial", "-m", "poisson"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("r = 0.396996"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("binned from 53 integer samples"),
        "{}",
        stdout(&o)
    );
    // Under-dispersed counts: the negative binomial is marked degenerate.
    let o = klfit(&["fit", WORMS, "-m", "negative-binomial"]);
    assert!(stdout(&o).contains("DEGENERATE (r)"), "{}", stdout(&o));
    assert!(stderr(&o).contains("Poisson limit"), "{}", stderr(&o));
    // Reverse KL of a Poisson to a finite histogram is +∞ for every λ.
    let o = klfit(&["fit", WORMS, "-m", "poisson", "--direction", "reverse"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("none above 10"), "{}", stderr(&o));
    // uniform(-5,10) keeps its negative end.
    let o = klfit(&["fit", WORMS, "-m", "uniform(-5,10)"]);
    assert!(stdout(&o).contains("Uniform{-5..10}"), "{}", stdout(&o));
    // Brent on an unbounded parameter: advice in the CLI's terms.
    let o = klfit(&["fit", &waiting, "-m", "exponential", "--solver", "brent"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("choose lbfgs or nelder-mead"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("FitOptions"), "{}", stderr(&o));
    // The evaluation cap is the user's to set.
    let o = klfit(&[
        "fit",
        &waiting,
        "-m",
        "gamma",
        "--solver",
        "nelder-mead",
        "--max-evals",
        "5",
    ]);
    assert!(stdout(&o).contains("NOT CONVERGED"), "{}", stdout(&o));
    assert!(stderr(&o).contains("evaluation cap (5)"), "{}", stderr(&o));
}

/// Sweeps say what they computed (issue #11): for samples the forward value
/// is a cross-entropy (it can be negative), and a grid that leaves a
/// family's joint constraint is refused instead of reporting negative "KL".
#[test]
fn sweeps_label_cross_entropy_and_refuse_off_simplex_grids() {
    let dir = scratch("sweep-labels");
    // Samples packed within 0.01: the mean −log-likelihood is negative.
    let s = write(&dir, "tight.csv", "x\n1.000\n1.004\n1.009\n0.998\n");
    let o = klfit(&[
        "sweep",
        &s,
        "-m",
        "normal",
        "-g",
        "mu=0.9:1.1:21",
        "-g",
        "sigma=0.001:0.01:10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("min H(data, model) (mean −log-likelihood) = -"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("KL(data‖model)"), "{}", stdout(&o));
    let o = klfit(&["sweep", WORMS, "-m", "categorical", "-g", "p0=0:1:3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("sum to 1"), "{}", stderr(&o));
}

/// Every reference fit of `crates/fit/tests/data/reference.json` (computed
/// by `tools/reference/real_data.py`: closed forms, mpmath at 40 digits,
/// multi-start EM for mixtures) from the command line, with the default
/// solver and with L-BFGS: parameters within 1e-6 relative, log-likelihood
/// at least the reference's less 1e-6 relative (issue #11).
#[test]
fn every_reference_fit_from_the_command_line() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../fit/tests/data/");
    let text = std::fs::read_to_string(format!("{data}reference.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for (name, set) in reference["datasets"].as_object().unwrap() {
        let file = format!("{data}{}", set["file"].as_str().unwrap());
        for (family, want) in set["fits"].as_object().unwrap() {
            let spec = match family.as_str() {
                "negative_binomial" => "negative-binomial",
                "normal_mixture_2" => "normal-mixture(k=2)",
                f => f,
            };
            if want["params"].is_null() {
                continue;
            }
            for solver in [None, Some("lbfgs")] {
                let mut args = vec!["fit", file.as_str(), "-m", spec, "--json", "-"];
                if let Some(s) = solver {
                    args.extend(["--solver", s]);
                }
                let o = klfit(&args);
                let what = format!("{name}/{family}/{solver:?}");
                assert!(o.status.success(), "{what}: {}", stderr(&o));
                let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                let got = &v["fits"][0];
                assert_eq!(got["status"]["kind"], "converged", "{what}: {got}");
                let ll = got["log_likelihood"].as_f64().unwrap();
                let ll_ref = want["loglik"].as_f64().unwrap();
                assert!(
                    ll >= ll_ref - 1e-6 * ll_ref.abs(),
                    "{what}: {ll} < {ll_ref}"
                );
                for (p, w) in want["params"].as_object().unwrap() {
                    let (g, w) = (got["params"][p].as_f64().unwrap(), w.as_f64().unwrap());
                    assert!(
                        (g - w).abs() <= 1e-6 * w.abs(),
                        "{what}: {p} = {g}, want {w}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "{checked}");
}

/// One support convention per name (issue #12): `geometric` counts failures
/// from 0 in `fit`, `sweep` and `kl` alike, so the KL `fit` reports is the
/// KL `kl` computes at the fitted p; `geometric-trials` is the shifted
/// version (statrs's, SciPy's) from 1.
#[test]
fn geometric_means_the_same_in_fit_and_kl() {
    let o = klfit(&["fit", WORMS, "-m", "geometric", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fit = &v["fits"][0];
    let p = fit["params"]["p"].as_f64().unwrap();
    let fit_kl = fit["kl_forward_nats"].as_f64().unwrap();
    let spec = format!("geometric({p:?})");
    let o = klfit(&["kl", WORMS, &spec, "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kl = v["value"].as_f64().unwrap();
    assert!(
        (kl - fit_kl).abs() <= 1e-12 * fit_kl,
        "kl {kl} vs fit {fit_kl}: {v}"
    );
    let o = klfit(&["kl", "geometric(0.3)", "geometric-trials(0.3)"]);
    assert!(stdout(&o).contains("inf"), "{}", stdout(&o));
}

/// A histogram on a very wide support (values 0 and 10⁶): the categorical
/// fit reads its frequencies in one pass (it took k passes, 10¹² steps), and
/// the figure bins the support and names a million-parameter model by its
/// count (it was a 648 MB SVG after 84 s). Issue #12.
#[test]
fn very_wide_supports_fit_and_plot_in_proportion() {
    let dir = scratch("wide-plot");
    let data = write(&dir, "wide.csv", "value,count\n0,5\n1000000,3\n");
    let figs = dir.join("figs");
    let o = klfit(&[
        "fit",
        &data,
        "-m",
        "categorical",
        "-m",
        "poisson",
        "--plot",
        figs.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("p0 = 0.625000"), "{}", stdout(&o));
    let svg = std::fs::metadata(figs.join("fit_models.svg"))
        .unwrap()
        .len();
    assert!(svg < 2_000_000, "fit_models.svg is {svg} bytes");
}

/// A shard of a 1e7-point evenly spaced axis stores the axis as its range:
/// kilobytes, not the 274 MB of every value repeated in every shard.
#[test]
fn shards_of_long_axes_are_small() {
    let dir = scratch("small-shard");
    let json = dir.join("shard.json");
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "-g",
        "p=0:1:10000000",
        "--shard",
        "0/50000",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let size = std::fs::metadata(&json).unwrap().len();
    assert!(size < 100_000, "{size} bytes");
}

/// `--gof` and the standard errors from the command line (issue #14):
/// groundbeef's Weibull and toxocara's negative binomial against
/// `tools/reference/inference.py` (mpmath 1.3.0, at the exact MLE) and
/// fitdistrplus's published χ² (7.486060, df 4, p 0.1123).
#[test]
fn goodness_of_fit_and_standard_errors_from_the_command_line() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../fit/tests/data/");
    let text = std::fs::read_to_string(format!("{data}inference.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let close = |what: &str, g: f64, w: f64, rel: f64| {
        assert!((g - w).abs() <= rel * w.abs(), "{what}: {g} vs {w}");
    };
    for (set, file, model, key) in [
        ("groundbeef", "groundbeef.csv", "weibull", "weibull"),
        (
            "toxocara",
            "toxocara.csv",
            "negative-binomial",
            "negative_binomial",
        ),
    ] {
        let path = format!("{data}{file}");
        let o = klfit(&["fit", &path, "-m", model, "--gof", "--json", "-"]);
        assert!(o.status.success(), "{}", stderr(&o));
        // The table goes to standard error when the JSON takes standard output.
        assert!(stderr(&o).contains("goodness of fit"), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got = &v["fits"][0];
        let want = &reference["datasets"][set]["fits"][key];
        for (p, w) in want["std_errors"].as_object().unwrap() {
            close(
                &format!("{set} se({p})"),
                got["std_errors"][p].as_f64().unwrap(),
                w.as_f64().unwrap(),
                1e-6,
            );
        }
        let chi2 = &got["gof"]["chi2"];
        close(
            &format!("{set} chi2"),
            chi2["statistic"].as_f64().unwrap(),
            want["chi2"]["statistic"].as_f64().unwrap(),
            1e-8,
        );
        assert_eq!(chi2["df"], want["chi2"]["df"]);
        if key == "weibull" {
            close(
                "groundbeef ks",
                got["gof"]["ks"].as_f64().unwrap(),
                want["ks"].as_f64().unwrap(),
                1e-8,
            );
        } else {
            close(
                "toxocara chi2 (gofstat)",
                chi2["statistic"].as_f64().unwrap(),
                7.486060,
                1e-3,
            );
            assert!(got["gof"]["ks"].is_null());
        }
    }
}

/// `--ci` from the command line (issue #14): Wald intervals are the
/// estimate ± z·se of the JSON; a bootstrap is the same for the same seed
/// and lands in the JSON as `ci` {param: [lo, hi]}; bad values are usage
/// errors naming the option.
#[test]
fn confidence_intervals_from_the_command_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/groundbeef.csv"
    );
    let o = klfit(&["fit", path, "-m", "gamma", "--ci", "wald", "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["fits"][0];
    let (a, se) = (
        f["params"]["alpha"].as_f64().unwrap(),
        f["std_errors"]["alpha"].as_f64().unwrap(),
    );
    // qnorm(0.975) in R.
    let z = 1.959_963_984_540_054;
    let lo = f["ci"]["params"]["alpha"][0].as_f64().unwrap();
    assert!((lo - (a - z * se)).abs() < 1e-12 * a, "{lo}");
    assert_eq!(f["ci"]["level"], 0.95);
    let boot = |seed: &str| {
        let o = klfit(&[
            "fit",
            path,
            "-m",
            "gamma",
            "--ci",
            "bootstrap:200",
            "--seed",
            seed,
            "--json",
            "-",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["fits"][0]["ci"].clone()
    };
    assert_eq!(boot("5"), boot("5"));
    assert_ne!(boot("5"), boot("6"));
    let o = klfit(&[
        "fit",
        path,
        "-m",
        "gamma",
        "--ci",
        "parametric:200",
        "--json",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["fits"][0]["ci"]["method"]["kind"], "parametric_bootstrap");
    let [plo, phi] = [0, 1].map(|k| v["fits"][0]["ci"]["params"]["alpha"][k].as_f64().unwrap());
    assert!(plo < a && a < phi, "[{plo}, {phi}]");
    for (flag, value) in [
        ("--ci", "boot"),
        ("--ci", "bootstrap:1"),
        ("--level", "1.5"),
    ] {
        let o = klfit(&["fit", path, "-m", "gamma", flag, value]);
        fails(&o, 2, value);
    }
}

/// `--fix` and `--ci profile` (issue #14): a held parameter leaves the
/// others to the fit, the model is named with the held value, and profile
/// intervals are those of `tools/reference/profile.py` (mpmath 1.3.0,
/// stored in crates/fit/tests/data/profile.json); a parameter a model
/// lacks, or every parameter held, is an error naming the model.
#[test]
fn fixed_parameters_and_profile_intervals_from_the_command_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/groundbeef.csv"
    );
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fit/tests/data/profile.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let weibull = &reference["datasets"]["groundbeef"]["weibull"];
    let o = klfit(&[
        "fit", path, "-m", "weibull", "--fix", "shape=2", "--ci", "profile", "--json", "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["fits"][0];
    assert_eq!(f["model"], "Weibull(shape=2)");
    assert!(f["params"].get("shape").is_none());
    let scale = f["params"]["scale"].as_f64().unwrap();
    let want = weibull["fixed"]["params"]["scale"].as_f64().unwrap();
    assert!((scale - want).abs() < 1e-9 * want, "{scale} vs {want}");
    assert_eq!(f["ci"]["method"]["kind"], "profile");

    let o = klfit(&[
        "fit", path, "-m", "weibull", "--ci", "profile", "--json", "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for p in ["shape", "scale"] {
        for k in 0..2 {
            let got = v["fits"][0]["ci"]["params"][p][k].as_f64().unwrap();
            let want = weibull["profile_95"][p][k].as_f64().unwrap();
            assert!(
                (got - want).abs() < 1e-7 * want,
                "{p}[{k}]: {got} vs {want}"
            );
        }
    }

    let o = klfit(&[
        "fit", path, "-m", "weibull", "-m", "normal", "--fix", "shape=2",
    ]);
    fails(&o, 2, "Normal has no parameter \"shape\"");
    let o = klfit(&[
        "fit", path, "-m", "normal", "--fix", "mu=1", "--fix", "sigma=2",
    ]);
    fails(&o, 1, "nothing is left to fit");
    let o = klfit(&["fit", path, "-m", "all", "--fix", "sigma=2"]);
    fails(&o, 2, "--fix");
    for bad in ["shape", "shape=abc", "=1", "shape=inf"] {
        let o = klfit(&["fit", path, "-m", "weibull", "--fix", bad]);
        fails(&o, 2, bad);
    }
}

/// `--gof-bootstrap B` (issue #14): parametric-bootstrap p-values in the
/// table and the JSON (`gof.p_values`), the same for the same seed, within
/// Monte Carlo error of tools/reference/gof_bootstrap.py (NumPy/SciPy,
/// 4999 samples: gasoline yield, gamma KS p = 0.5282).
#[test]
fn bootstrap_p_values_from_the_command_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/gasoline_yield.csv"
    );
    let run = |seed: &str| {
        let o = klfit(&[
            "fit",
            path,
            "-m",
            "gamma",
            "--gof-bootstrap",
            "400",
            "--seed",
            seed,
            "--json",
            "-",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("p-values by parametric bootstrap (400 refits, seed"));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["fits"][0]["gof"]["p_values"].clone()
    };
    let p = run("9");
    assert_eq!(p, run("9"));
    let ks = p["ks"].as_f64().unwrap();
    // 4 standard errors of the difference of the two Monte Carlo estimates.
    assert!((ks - 0.5282).abs() < 4.0 * (0.25f64 * (1.0 / 400.0 + 1.0 / 4999.0)).sqrt());
    assert_eq!(p["replicates"], 400);
    let o = klfit(&["fit", path, "-m", "gamma", "--gof-bootstrap", "1"]);
    fails(&o, 2, "replicates");
}

/// `value,weight` files (issue #14): weighted samples fitted as
/// `fit::Target::weighted_samples`, matching tools/reference/weights.py
/// (mpmath 1.3.0; Old Faithful waiting times with weights 0.5 + 0.25·(row
/// mod 4), gamma α = 26.13531537588503); bad weights name line and column;
/// discrete models and goodness of fit refuse weights with the reason.
#[test]
fn weighted_samples_from_the_command_line() {
    let dir = scratch("weights");
    let waiting = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/faithful_waiting.csv"
    ))
    .unwrap();
    let mut text = String::from("value,weight\n");
    let rows = waiting
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1);
    for (i, v) in rows.enumerate() {
        text.push_str(&format!("{},{}\n", v.trim(), 0.5 + 0.25 * (i % 4) as f64));
    }
    let path = write(&dir, "weighted.csv", &text);
    let o = klfit(&["fit", &path, "-m", "gamma", "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let alpha = v["fits"][0]["params"]["alpha"].as_f64().unwrap();
    assert!((alpha - 26.13531537588503).abs() < 1e-9 * alpha, "{alpha}");
    assert!(stderr(&o).contains("272 weighted samples (total weight"));
    let o = klfit(&["fit", &path, "-m", "gamma", "--gof"]);
    assert!(
        stderr(&o).contains("not defined for weighted samples"),
        "{}",
        stderr(&o)
    );
    let o = klfit(&["fit", &path, "-m", "poisson"]);
    fails(&o, 2, "weighted samples are fitted by continuous models");
    let bad = write(&dir, "bad.csv", "value,weight\n1.5,2\n2.5,0\n");
    let o = klfit(&["fit", &bad, "-m", "normal"]);
    fails(&o, 1, "bad.csv:3:2: weight 0 is not positive");
}

/// `--shard K/N` with `--ci bootstrap` (issue #14, item 6): shards refit
/// disjoint replicates, `klfit merge` joins them (in any order) into the
/// intervals of one run, bit for bit; missing, repeated or mismatched
/// shards are errors naming the files.
#[test]
fn bootstrap_shards_merge_to_the_one_run_intervals() {
    let dir = scratch("bootshards");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/groundbeef.csv"
    );
    let one = klfit(&[
        "fit",
        path,
        "-m",
        "gamma",
        "--ci",
        "parametric:90",
        "--seed",
        "4",
        "--json",
        "-",
    ]);
    assert!(one.status.success(), "{}", stderr(&one));
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let shard = |k: usize, seed: &str| {
        let out = dir.join(format!("s{k}-{seed}.json")).display().to_string();
        let o = klfit(&[
            "fit",
            path,
            "-m",
            "gamma",
            "--ci",
            "parametric:90",
            "--seed",
            seed,
            "--shard",
            &format!("{k}/4"),
            "--json",
            &out,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let s: Vec<String> = (0..4).map(|k| shard(k, "4")).collect();
    let merged = klfit(&["merge", &s[3], &s[1], &s[0], &s[2], "--json", "-"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    let merged: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(merged["schema"], "klfit-bootstrap/1");
    assert_eq!(merged["ci"], one["fits"][0]["ci"]);
    let o = klfit(&["merge", &s[0], &s[1], &s[3]]);
    fails(&o, 1, "replicates 45..67 of 90 are in no file");
    let o = klfit(&["merge", &s[0], &s[1], &s[1], &s[2], &s[3]]);
    fails(&o, 1, "repeats replicates");
    let other = shard(2, "5");
    let o = klfit(&["merge", &s[0], &s[1], &other, &s[3]]);
    fails(&o, 1, "different bootstrap");
    for (args, needle) in [
        (
            vec!["--ci", "wald", "--shard", "0/2", "--json", "x.json"],
            "--ci bootstrap",
        ),
        (
            vec!["--ci", "bootstrap:10", "--shard", "0/2"],
            "needs --json",
        ),
        (
            vec![
                "--ci",
                "bootstrap:10",
                "--shard",
                "0/20",
                "--json",
                "x.json",
            ],
            "more shards than the 10",
        ),
        (
            vec!["--ci", "bootstrap:10", "--shard", "3/2", "--json", "x.json"],
            "K must be below N",
        ),
    ] {
        let mut all = vec!["fit", path, "-m", "gamma"];
        all.extend(args);
        let o = klfit(&all);
        assert!(
            !o.status.success() && stderr(&o).contains(needle),
            "{all:?}: {}",
            stderr(&o)
        );
    }
}

/// Seeded standard Normal draws (SplitMix64 and Box–Muller), `rows × d`
/// as CSV text with a header of `d` names.
fn normal_points(seed: u64, rows: usize, d: usize, shift: f64, scale: f64) -> String {
    let mut state = seed;
    let mut uniform = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64 + 0.5 / (1u64 << 53) as f64
    };
    let names: Vec<String> = (0..d).map(|j| format!("x{j}")).collect();
    let mut text = names.join(",") + "\n";
    for _ in 0..rows {
        let row: Vec<String> = (0..d)
            .map(|_| {
                let (u, v) = (uniform(), uniform());
                let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
                format!("{}", shift + scale * z)
            })
            .collect();
        text.push_str(&(row.join(",") + "\n"));
    }
    text
}

/// `klfit kl A.csv B.csv` on sample files (issue #16): the kNN estimate
/// with its standard error, n, m, k and d in the JSON, within 4 standard
/// errors of the closed form (KL(N(0,1)‖N(1,2²)) = ln 2 + 2/8 − ½ =
/// 0.44315 nats; in 3-D with unit covariances and a shift of ½ per axis,
/// 3·(½)²/2 = 0.375); the histogram estimator's kl, js and psi; samples
/// against a named distribution; mismatched dimensions and repeated points
/// are errors naming the cause.
#[test]
fn kl_between_sample_files() {
    let dir = scratch("klsamples");
    let a = write(&dir, "a.csv", &normal_points(1, 20_000, 1, 0.0, 1.0));
    let b = write(&dir, "b.csv", &normal_points(2, 20_000, 1, 1.0, 2.0));
    let a3 = write(&dir, "a3.csv", &normal_points(3, 5_000, 3, 0.0, 1.0));
    let b3 = write(&dir, "b3.csv", &normal_points(4, 5_000, 3, 0.5, 1.0));
    let json = |args: &[&str]| {
        let mut all = vec!["kl"];
        all.extend_from_slice(args);
        all.extend(["--json", "-"]);
        let o = klfit(&all);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    for (p, q, truth, d) in [(&a, &b, 0.443_147_180_559_945_3, 1), (&a3, &b3, 0.375, 3)] {
        let v = json(&[p, q]);
        let (est, se) = (
            v["value"].as_f64().unwrap(),
            v["std_error"].as_f64().unwrap(),
        );
        assert!((est - truth).abs() < 4.0 * se, "{est} ± {se} vs {truth}");
        assert_eq!(v["estimator"], "knn");
        assert_eq!(v["d"], d);
        assert_eq!(v["k"], 1);
        assert_eq!(v["n"], v["m"]);
    }
    // The same seed, the same standard error.
    assert_eq!(json(&[&a, &b, "--k", "3"]), json(&[&a, &b, "--k", "3"]));
    let h = json(&[
        &a,
        &b,
        "--estimator",
        "histogram",
        "--measure",
        "psi",
        "--smoothing",
        "0.5",
    ]);
    assert_eq!(h["estimator"], "histogram");
    assert!(h["value"].as_f64().unwrap() > 0.0 && h["std_error"].is_null());
    let m = json(&[&a, "normal(1,2)"]);
    let (est, se) = (
        m["value"].as_f64().unwrap(),
        m["std_error"].as_f64().unwrap(),
    );
    assert!(
        (est - 0.443_147_180_559_945_3).abs() < 4.0 * se,
        "{est} ± {se}"
    );

    // The README's example: 2-D drift, KL = 0.172687 nats in closed form
    // (½[tr Σ⁻¹ + μᵀΣ⁻¹μ − 2 + ln det Σ], Σ = diag(1, 2.25), μ = (0.3, 0)).
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/");
    let v = json(&[
        &format!("{data}reference_batch.csv"),
        &format!("{data}new_batch.csv"),
    ]);
    let (est, se) = (
        v["value"].as_f64().unwrap(),
        v["std_error"].as_f64().unwrap(),
    );
    assert_eq!(est, 0.166_597_678_112_789_9, "the README quotes this run");
    assert!((est - 0.172_687_330_330_386_6).abs() < 4.0 * se);

    let o = klfit(&["kl", &a, &a3]);
    fails(&o, 2, "samples must have the same dimensions");
    let o = klfit(&["kl", &a3, &b3, "--estimator", "histogram"]);
    fails(&o, 2, "bins one column");
    let twice = write(&dir, "twice.csv", "x\n1.5\n2.5\n1.5\n4\n");
    let o = klfit(&["kl", &twice, &b]);
    assert!(
        !o.status.success() && stderr(&o).contains("1.5"),
        "{}",
        stderr(&o)
    );
    let o = klfit(&["kl", &a, &b, "--measure", "hellinger"]);
    fails(&o, 2, "--estimator knn estimates kl and reverse");
}

/// `--model all --shard K/N` (issue #14, item 6): shards fit disjoint
/// candidate families; `klfit merge` ranks them into the report of one
/// run (identical but for the wall times); a missing shard is named.
#[test]
fn screening_shards_merge_to_the_one_run_report() {
    let dir = scratch("screenshards");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/groundbeef.csv"
    );
    let strip = |mut v: serde_json::Value| {
        for row in v["fits"].as_array_mut().unwrap() {
            row.as_object_mut().unwrap().remove("wall_time_secs");
        }
        v
    };
    let one = klfit(&["fit", path, "-m", "all", "--json", "-"]);
    assert!(one.status.success(), "{}", stderr(&one));
    let one = strip(serde_json::from_slice(&one.stdout).unwrap());
    let shards: Vec<String> = (0..3)
        .map(|k| {
            let out = dir.join(format!("s{k}.json")).display().to_string();
            let o = klfit(&[
                "fit",
                path,
                "-m",
                "all",
                "--shard",
                &format!("{k}/3"),
                "--json",
                &out,
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            out
        })
        .collect();
    let merged = klfit(&["merge", &shards[2], &shards[0], &shards[1], "--json", "-"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    let merged = strip(serde_json::from_slice(&merged.stdout).unwrap());
    assert_eq!(merged, one);
    assert_eq!(merged["fits"][0]["model"], "Gamma");
    let o = klfit(&["merge", &shards[0], &shards[2]]);
    fails(&o, 1, "candidate families 4..8 of 12 are in no file");
    let o = klfit(&[
        "fit", path, "-m", "all", "--shard", "0/13", "--json", "x.json",
    ]);
    fails(&o, 2, "more shards than the 12 candidate families");
}

/// Weibull and Gumbel pairs in closed form (issue #14, item 5), against
/// mpmath 1.3.0 quadrature at 30 digits (`quad` of p·(ln p − ln q) over
/// the support): KL(Weibull(2, 1) ‖ Weibull(1.5, 2)) =
/// 0.508036599600960044455; KL(Gumbel(0, 1) ‖ Gumbel(1, 1)) = e − 2.
#[test]
fn weibull_and_gumbel_in_closed_form_from_the_command_line() {
    for (p, q, want, method) in [
        (
            "weibull(2,1)",
            "weibull(1.5,2)",
            0.508_036_599_600_96,
            "closed form (Weibull ‖ Weibull)",
        ),
        (
            "gumbel(0,1)",
            "gumbel(1,1)",
            std::f64::consts::E - 2.0,
            "closed form (Gumbel ‖ Gumbel)",
        ),
    ] {
        let o = klfit(&["kl", p, q, "--json", "-"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got = v["value"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-14, "{p} ‖ {q}: {got} vs {want}");
        assert_eq!(v["method"], method);
    }
    // Across families: quadrature.
    let o = klfit(&["kl", "weibull(2,1)", "gamma(2,1)", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["method"].as_str().unwrap().contains("quadrature"));
}

/// `--model all` (issue #14): every family whose support covers the data,
/// ranked by AIC; groundbeef in fitdistrplus's order; `all` alone.
#[test]
fn model_all_screens_and_ranks_by_aic() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/groundbeef.csv"
    );
    let o = klfit(&["fit", path, "-m", "all", "--json", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let models: Vec<&str> = v["fits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["model"].as_str().unwrap())
        .collect();
    // fitdistrplus's order, with the Gumbel (AIC 2515.43,
    // tools/reference/more_families.py) between Weibull and lognormal.
    assert_eq!(
        &models[..4],
        ["Gamma", "Weibull", "Gumbel", "LogNormal"],
        "{models:?}"
    );
    let aic: Vec<f64> = v["fits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["aic"].as_f64().unwrap())
        .collect();
    assert!(aic.windows(2).all(|w| w[0] <= w[1]), "{aic:?}");
    let tox = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fit/tests/data/toxocara.csv"
    );
    let o = klfit(&["fit", tox, "-m", "all-discrete"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("   1  NegativeBinomial"),
        "{}",
        stdout(&o)
    );
    fails(
        &klfit(&["fit", path, "-m", "all", "-m", "gamma"]),
        2,
        "--model all",
    );
}

/// Statistics and intervals on degenerate data never end the run: a model
/// that cannot have them is named on standard error and left out (issue
/// #14; zeros and 1e-300 beside ordinary values, ties, one point).
#[test]
fn intervals_and_gof_on_degenerate_data_warn_instead_of_failing() {
    let dir = scratch("degenerate-inference");
    for (name, text) in [
        ("zeros.csv", "x\n0\n1e-300\n2\n3\n"),
        ("ties.csv", "x\n3\n3\n3\n3\n"),
        ("one.csv", "x\n5\n"),
    ] {
        let path = write(&dir, name, text);
        let o = klfit(&["fit", &path, "-m", "all", "--gof", "--ci", "bootstrap:20"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    }
}
