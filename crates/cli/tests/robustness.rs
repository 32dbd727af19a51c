//! Issue #12: a CLI that never panics and never loses a file. Runs the real
//! `klfit` binary against full disks, closed pipes, absurd sizes, failing
//! outputs and confusing inputs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const WORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/worms.csv");

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_klfit"));
    c.args(args).env("RUST_BACKTRACE", "1");
    c
}

fn klfit(args: &[&str]) -> Output {
    let child = command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    finish_within(child, 120)
}

/// Waits for `child` at most `secs` seconds (a run that takes longer is
/// killed and the test fails: it was doing work proportional to a number
/// in a file rather than to the files given).
fn finish_within(mut child: Child, secs: u64) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let o = child.wait_with_output().expect("output");
            panic!(
                "still running after {secs} s; stderr: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("klfit-robust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Exit code `code`, one `klfit: error:` line containing `needle`, no panic.
#[track_caller]
fn fails(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("klfit: error: "), "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
}

/// Runs `args` with standard output on `/dev/full`.
fn to_dev_full(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    command(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

/// Runs `args` with a standard output pipe whose read end is closed before
/// the program writes: the data come on standard input, and are sent only
/// after the pipe was closed.
fn to_closed_pipe(args: &[&str], stdin: &str) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let mut input = child.stdin.take().expect("stdin");
    // The child may already have failed; a write error here is its answer.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let o = finish_within(child, 120);
    assert!(o.stdout.is_empty());
    o
}

// ---------------------------------------------------------------------------
// 1. Write errors are ordinary errors, never panics.

#[test]
fn a_full_disk_on_standard_output_is_an_error_not_a_panic() {
    let dir = scratch("full");
    let kept = dir.join("kept.json");
    std::fs::write(&kept, "earlier\n").unwrap();
    for args in [
        vec!["kl", "normal(0,1)", "normal(1,2)"],
        vec!["kl", "normal(0,1)", "normal(1,2)", "--json", "-"],
        vec!["fit", WORMS, "--model", "uniform"],
        vec!["fit", WORMS, "--model", "uniform", "--json", "-"],
        vec!["sweep", WORMS, "-m", "binomial(n=10)", "--grid", "p=0:1:11"],
        vec![
            "sweep",
            WORMS,
            "-m",
            "binomial(n=10)",
            "--grid",
            "p=0:1:11",
            "--csv",
            "-",
            "--json",
            s(&kept),
        ],
        vec!["--help"],
        vec!["fit", "--help"],
    ] {
        let o = to_dev_full(&args);
        fails(
            &o,
            1,
            "writing standard output: No space left on device (os error 28)",
        );
    }
    // The failed run did not replace the JSON file it was also asked for.
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "earlier\n");
}

#[test]
fn a_closed_pipe_ends_the_run_silently_with_success() {
    let dir = scratch("pipe");
    let report = dir.join("report.json");
    let hist = "value,count\n0,3\n1,5\n2,2\n";
    for args in [
        vec!["fit", "-", "--model", "binomial(n=2)"],
        vec!["fit", "-", "--model", "binomial(n=2)", "--json", "-"],
        vec!["kl", "-", "binomial(2,0.5)"],
        vec!["kl", "-", "binomial(2,0.5)", "--json", "-"],
        vec!["sweep", "-", "-m", "binomial(n=2)", "--grid", "p=0:1:5001"],
        vec![
            "sweep",
            "-",
            "-m",
            "binomial(n=2)",
            "--grid",
            "p=0:1:5001",
            "--csv",
            "-",
            "--json",
            s(&report),
        ],
    ] {
        let o = to_closed_pipe(&args, hist);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("klfit: error"), "{args:?}: {err}");
    }
    // The reader left, but the file the run was asked for is complete.
    let json = std::fs::read_to_string(&report).unwrap();
    assert!(json.contains("\"total_points\": 5001"), "{json}");
}

// ---------------------------------------------------------------------------
// 2. Sizes are validated before anything of that size is allocated.

#[test]
fn absurd_sizes_are_usage_errors_naming_the_limit() {
    let dir = scratch("sizes");
    let out = dir.join("shard.json");
    let cases: [(&[&str], &str); 6] = [
        (
            &["fit", WORMS, "-m", "categorical(k=1000000000000)"],
            "categorical has at most 10000000 categories",
        ),
        (
            &["fit", WORMS, "-m", "normal-mixture(k=1000000000000)"],
            "normal-mixture has at most 1000 components",
        ),
        (
            &[
                "sweep",
                WORMS,
                "-m",
                "binomial(n=10)",
                "--grid",
                "p=0:1:1000000000000",
            ],
            "an axis has at most 50000000",
        ),
        (
            // Each axis is allowed alone; their product is not.
            &[
                "sweep",
                WORMS,
                "-m",
                "negative-binomial",
                "--grid",
                "r=1:60:50000000",
                "--grid",
                "p=0.05:0.95:50000000",
            ],
            "a grid has at most 1000000000",
        ),
        (
            &[
                "sweep",
                WORMS,
                "-m",
                "negative-binomial",
                "--grid",
                "r=1:60:40000",
                "--grid",
                "p=0.05:0.95:40000",
            ],
            "40000 × 40000 points; a grid has at most 1000000000",
        ),
        (
            &[
                "sweep",
                WORMS,
                "-m",
                "binomial(n=10)",
                "--grid",
                "p=0:1:3",
                "--shard",
                "0/1000000000000",
                "--json",
                s(&out),
            ],
            "N is more than 1000000000",
        ),
    ];
    for (args, needle) in cases {
        fails(&klfit(args), 2, needle);
    }
    assert!(!out.exists());
}

#[test]
fn histograms_far_apart_are_compared_without_the_gap() {
    let dir = scratch("far");
    let far = dir.join("far.csv");
    std::fs::write(&far, "value,count\n999999999999999,3\n1000000000000000,2\n").unwrap();
    let o = klfit(&["kl", WORMS, s(&far)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(") = inf nats"), "{}", stdout(&o));
    let o = klfit(&["kl", s(&far), WORMS, "--measure", "tv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(") = 1 (dimensionless)"),
        "{}",
        stdout(&o)
    );
}

/// A real shard file of an 11-point sweep in two shards, as JSON.
fn shard_json(dir: &Path) -> (PathBuf, serde_json::Value) {
    let path = dir.join("shard-0.json");
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:11",
        "--shard",
        "0/2",
        "--json",
        s(&path),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, v)
}

#[test]
fn every_field_of_a_shard_file_is_checked() {
    let dir = scratch("fields");
    let (_, good) = shard_json(&dir);
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 10] = [
        ("shard.count", |v| v["shard"]["count"] = 0.into()),
        ("shard.count", |v| {
            v["shard"]["count"] = 1_000_000_000_000u64.into()
        }),
        ("shard.index", |v| v["shard"]["index"] = 2.into()),
        ("total_points", |v| v["total_points"] = 0.into()),
        ("range", |v| v["range"] = serde_json::json!([0, 7])),
        ("axes", |v| v["axes"] = serde_json::json!([])),
        ("axes[0].values", |v| {
            // A listed axis (an evenly spaced one is stored as its range).
            v["axes"][0] = serde_json::json!({"name": "p", "values": [0.5, 0.1]})
        }),
        ("points.kl_forward_nats", |v| {
            v["points"]["kl_forward_nats"] = serde_json::json!([0.1])
        }),
        ("points.index[1]", |v| v["points"]["index"][1] = 7.into()),
        ("argmin_forward", |v| {
            v["argmin_forward"]["index"] = 3.into()
        }),
    ];
    for (i, (field, edit)) in edits.into_iter().enumerate() {
        let mut v = good.clone();
        edit(&mut v);
        let path = dir.join(format!("edited-{i}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let o = klfit(&["merge", s(&path)]);
        fails(&o, 1, &format!("{}: field {field} ", s(&path)));
    }
}

#[test]
fn merging_one_shard_of_a_billion_reports_the_gap_quickly() {
    let dir = scratch("billion");
    let path = dir.join("shard.json");
    // 31622² = 999,950,884 points, one per shard.
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "negative-binomial",
        "--grid",
        "r=1:60:31622",
        "--grid",
        "p=0.05:0.95:31622",
        "--shard",
        "0/999950884",
        "--json",
        s(&path),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = klfit(&["merge", s(&path)]);
    fails(
        &o,
        1,
        "missing shard(s) 1/999950884, 2/999950884, 3/999950884, 4/999950884, \
         5/999950884 and 999950878 more (999950883 of 999950884 missing)",
    );
}

// ---------------------------------------------------------------------------
// 3. All outputs of a run, or none; never an input; links written through.

/// The names in `dir`, sorted (hidden temporary files included).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A symbolic link `dir/name` to `/dev/full`: a file that accepts the
/// open and fails the write, as a disk that fills up during the run.
fn full_disk(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::os::unix::fs::symlink("/dev/full", &p).unwrap();
    p
}

#[test]
fn a_missing_directory_fails_before_any_file_changes() {
    let dir = scratch("missing-dir");
    let json = dir.join("sweep.json");
    std::fs::write(&json, "earlier\n").unwrap();
    let missing = dir.join("no/such/dir/sweep.csv");
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:11",
        "--json",
        s(&json),
        "--csv",
        s(&missing),
    ]);
    fails(&o, 1, "does not exist");
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "earlier\n");
    assert_eq!(names(&dir), ["sweep.json"]);
}

#[test]
fn a_failing_later_output_leaves_every_earlier_one_untouched() {
    let dir = scratch("later");
    let figs = dir.join("figs");
    std::fs::create_dir(&figs).unwrap();
    for f in ["sweep.svg", "sweep.png", "fit_models.svg", "fit_kl.png"] {
        std::fs::write(figs.join(f), format!("earlier {f}\n")).unwrap();
    }
    let json = dir.join("out.json");
    std::fs::write(&json, "earlier json\n").unwrap();
    let full = full_disk(&dir, "full.csv");
    let new_figs = dir.join("new/figs");
    for args in [
        vec![
            "sweep",
            WORMS,
            "-m",
            "binomial(n=10)",
            "--grid",
            "p=0:1:11",
            "--plot",
            s(&figs),
            "--json",
            s(&json),
            "--csv",
            s(&full),
        ],
        vec![
            "sweep",
            WORMS,
            "-m",
            "binomial(n=10)",
            "--grid",
            "p=0:1:11",
            "--plot",
            s(&new_figs),
            "--csv",
            s(&full),
        ],
        vec![
            "fit",
            WORMS,
            "-m",
            "binomial(n=10)",
            "-m",
            "poisson",
            "--plot",
            s(&figs),
            "--json",
            s(&full),
        ],
    ] {
        let o = klfit(&args);
        fails(&o, 1, "No space left on device");
    }
    for f in ["sweep.svg", "sweep.png", "fit_models.svg", "fit_kl.png"] {
        assert_eq!(
            std::fs::read_to_string(figs.join(f)).unwrap(),
            format!("earlier {f}\n")
        );
    }
    assert_eq!(
        names(&figs),
        ["fit_kl.png", "fit_models.svg", "sweep.png", "sweep.svg"]
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "earlier json\n");
    // No temporary file or directory is left, and the figure directory
    // the failed run would have created is not there.
    assert_eq!(names(&dir), ["figs", "full.csv", "out.json"]);
    assert!(std::fs::symlink_metadata(&full)
        .unwrap()
        .file_type()
        .is_symlink());

    // The same run with a writable CSV replaces everything at once.
    let csv = dir.join("out.csv");
    let o = klfit(&[
        "sweep",
        WORMS,
        "-m",
        "binomial(n=10)",
        "--grid",
        "p=0:1:11",
        "--plot",
        s(&figs),
        "--json",
        s(&json),
        "--csv",
        s(&csv),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(figs.join("sweep.svg"))
        .unwrap()
        .contains("<svg"));
    assert!(std::fs::read_to_string(&json)
        .unwrap()
        .contains("klfit-sweep/1"));
    assert_eq!(names(&dir), ["figs", "full.csv", "out.csv", "out.json"]);
}

#[test]
fn an_output_that_is_a_link_is_written_through() {
    let dir = scratch("link");
    let real = dir.join("results");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("report.json"), "earlier\n").unwrap();
    let link = dir.join("report.json");
    std::os::unix::fs::symlink("results/report.json", &link).unwrap();
    let o = klfit(&["fit", WORMS, "-m", "poisson", "--json", s(&link)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(real.join("report.json")).unwrap();
    assert!(text.contains("klfit-fit/1"), "{text}");
    assert_eq!(names(&dir), ["report.json", "results"]);
    assert_eq!(names(&real), ["report.json"]);
}

#[test]
fn an_output_that_is_an_input_or_another_output_is_refused() {
    let dir = scratch("clash");
    let data = dir.join("data.csv");
    let text = "value,count\n0,3\n1,5\n2,2\n";
    std::fs::write(&data, text).unwrap();
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    // The same file by another spelling, and through a link.
    let other = sub.join("../data.csv");
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink("data.csv", &link).unwrap();
    let shard = dir.join("shard.json");
    let figs = dir.join("figs");
    std::fs::create_dir(&figs).unwrap();
    let svg = figs.join("sweep.svg");
    let out = dir.join("out.json");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["fit", s(&data), "-m", "poisson", "--json", s(&data)],
            format!(
                "--json {} is the same file as the input {}",
                s(&data),
                s(&data)
            ),
        ),
        (
            vec!["fit", s(&data), "-m", "poisson", "--json", s(&other)],
            format!("--json {} is the same file as the input", s(&other)),
        ),
        (
            vec!["kl", s(&link), "poisson(1)", "--json", s(&data)],
            format!(
                "--json {} is the same file as the input {}",
                s(&data),
                s(&link)
            ),
        ),
        (
            vec![
                "sweep",
                s(&data),
                "-m",
                "binomial(n=2)",
                "--grid",
                "p=0:1:3",
                "--csv",
                s(&link),
            ],
            format!("--csv {} is the same file as the input", s(&link)),
        ),
        (
            vec![
                "sweep",
                s(&data),
                "-m",
                "binomial(n=2)",
                "--grid",
                "p=0:1:3",
                "--csv",
                s(&out),
                "--json",
                s(&out),
            ],
            format!("--json {} is the same file as --csv {}", s(&out), s(&out)),
        ),
        (
            vec![
                "sweep",
                s(&data),
                "-m",
                "binomial(n=2)",
                "--grid",
                "p=0:1:3",
                "--json",
                s(&svg),
                "--plot",
                s(&figs),
            ],
            format!("is the same file as --json {}", s(&svg)),
        ),
        (
            vec![
                "sweep",
                s(&data),
                "-m",
                "binomial(n=2)",
                "--grid",
                "p=0:1:3",
                "--json",
                "-",
                "--csv",
                "/dev/stdout",
            ],
            "--csv /dev/stdout and --json - both write to standard output".into(),
        ),
    ];
    for (args, needle) in &cases {
        fails(&klfit(args), 2, needle);
    }
    let o = klfit(&[
        "sweep",
        s(&data),
        "-m",
        "binomial(n=2)",
        "--grid",
        "p=0:1:3",
        "--shard",
        "0/2",
        "--json",
        s(&shard),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&shard).unwrap();
    fails(
        &klfit(&["merge", s(&shard), "--json", s(&shard)]),
        2,
        "is the same file as the input",
    );
    assert_eq!(std::fs::read(&shard).unwrap(), before);
    assert_eq!(std::fs::read_to_string(&data).unwrap(), text);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!out.exists() && !svg.exists());
}

#[test]
fn special_files_are_written_in_place() {
    let dir = scratch("special");
    // A link to /dev/stdout is standard output: the JSON alone on stdout,
    // the table on stderr.
    let to_stdout = dir.join("stdout.json");
    std::os::unix::fs::symlink("/dev/stdout", &to_stdout).unwrap();
    let o = klfit(&["fit", WORMS, "-m", "poisson", "--json", s(&to_stdout)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(v["schema"], "klfit-fit/1");
    assert!(stderr(&o).contains("Poisson"));
    assert!(std::fs::symlink_metadata(&to_stdout)
        .unwrap()
        .file_type()
        .is_symlink());

    // A FIFO is written, not replaced.
    let fifo = dir.join("fifo.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read_to_string(&reader));
    });
    let o = klfit(&["kl", "normal(0,1)", "normal(1,2)", "--json", s(&fifo)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the FIFO was written")
        .unwrap();
    assert!(got.contains("klfit-kl/1"), "{got}");
    assert!(!std::fs::symlink_metadata(&fifo).unwrap().is_file());
    assert_eq!(names(&dir), ["fifo.json", "stdout.json"]);
}

// ---------------------------------------------------------------------------
// 4. Messages in the user's terms.

#[test]
fn messages_speak_the_command_lines_language() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["kl", "-", "-"],
            "P = - and Q = - are both standard input, which can be read only once",
        ),
        (
            &["kl", "-", "/dev/stdin"],
            "are both standard input, which can be read only once",
        ),
        (
            &[
                "kl",
                "mixture(0.6*normal(0,1),0.5*normal(3,1))",
                "normal(0,1)",
            ],
            "mixture(0.6*normal(0,1),0.5*normal(3,1)): mixture weights sum to 1.1, not 1",
        ),
        (
            &["kl", "categorical(0.2,0.3)", "categorical(0.5,0.5)"],
            "categorical(0.2,0.3): categorical probabilities sum to 0.5, not 1",
        ),
        (
            &["kl", "categorical(-0.5,1.5)", "categorical(0.5,0.5)"],
            "categorical probability p0 = -0.5 is negative",
        ),
        (
            &["fit", WORMS, "-m", "categorical", "--solver", "golden"],
            "--solver golden cannot fit",
        ),
    ];
    for (args, needle) in cases {
        fails(&klfit(args), 2, needle);
    }
}

#[test]
fn no_error_names_a_rust_item() {
    let dir = scratch("rust-names");
    let samples = dir.join("s.csv");
    std::fs::write(&samples, "x\n1.5\n2.5\n3.1\n4.2\n5.5\n2.2\n").unwrap();
    let mut runs: Vec<Vec<String>> = Vec::new();
    let models = [
        "normal",
        "gamma",
        "beta",
        "exponential",
        "normal-mixture(k=2)",
        "normal-mixture(k=9)",
        "poisson",
        "negative-binomial",
        "categorical",
        "binomial(n=10)",
        "split(0..5,6..10)",
    ];
    for m in models {
        for solver in ["brent", "golden", "lbfgs", "nelder-mead"] {
            for dir_arg in ["forward", "reverse"] {
                for data in [WORMS, s(&samples)] {
                    runs.push(
                        [
                            "fit",
                            data,
                            "-m",
                            m,
                            "--solver",
                            solver,
                            "--direction",
                            dir_arg,
                        ]
                        .map(String::from)
                        .to_vec(),
                    );
                }
            }
        }
    }
    for (p, q) in [
        ("categorical(0.5,0.6)", "normal(0,1)"),
        ("mixture(0.5*normal(0,1),0.6*normal(1,1))", "normal(0,1)"),
        ("mixture(1*normal(0,1))", "poisson(2)"),
        ("binomial(1000000000000,0.5)", "poisson(5)"),
        ("normal(0,1)", "categorical(1)"),
        ("cauchy(0,1)", "normal(0,1)"),
    ] {
        for measure in ["kl", "js", "reverse"] {
            runs.push(
                ["kl", p, q, "--measure", measure]
                    .map(String::from)
                    .to_vec(),
            );
        }
    }
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = klfit(&args);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        for word in ["::", "FitOptions", "normalize", "from_counts"] {
            assert!(!err.contains(word), "{args:?}: {err}");
        }
    }
}
