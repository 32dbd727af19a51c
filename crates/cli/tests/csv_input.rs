//! Runs the real `klfit` binary on CSV files as people have them: a
//! spreadsheet's byte-order mark and CRLF line ends, old CR-only line ends,
//! decimal commas and missing values.

use std::path::PathBuf;
use std::process::{Command, Output};

const WORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/worms.csv");

fn klfit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klfit"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `bytes` to a fresh file for one test and returns its path.
fn input(test: &str, name: &str, bytes: &[u8]) -> String {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("klfit-csv-input-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write input");
    p.to_string_lossy().into_owned()
}

#[track_caller]
fn succeeds(o: &Output) {
    assert!(o.status.success(), "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// Exit code 1, one line on stderr containing every needle, no panic.
#[track_caller]
fn fails_with(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

/// The output without its first line (which names the file).
fn table(o: &Output) -> String {
    stdout(o).lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn excel_bom_and_crlf_read_like_the_plain_file() {
    let plain = std::fs::read_to_string(WORMS).expect("worms");
    let excel = format!("\u{feff}{}", plain.trim_end().replace('\n', "\r\n"));
    let p = input("bom", "worms-excel.csv", excel.as_bytes());
    let args = |f: &str| klfit(&["fit", f, "-m", "binomial(n=10)"]);
    let (a, b) = (args(WORMS), args(&p));
    succeeds(&a);
    succeeds(&b);
    assert_eq!(table(&a), table(&b));
    assert!(
        stdout(&b).contains("histogram of 100 counts on 0..10"),
        "{}",
        stdout(&b)
    );

    // Samples with a quoted header, old-Mac CR line ends and a leading +.
    let p = input(
        "cr",
        "s.csv",
        b"\"height, cm\"\r+1.0\r2.0\r3.0\r2.5\r1.5e0\r",
    );
    let o = klfit(&["fit", &p, "--model", "normal"]);
    succeeds(&o);
    assert!(stdout(&o).contains("5 samples"), "{}", stdout(&o));
    assert!(stdout(&o).contains("mu = 2.000000"), "{}", stdout(&o));
}

#[test]
fn a_missing_value_fails_naming_the_line() {
    let p = input("na", "na.csv", b"x\n1.0\n2.0\nNA\n3.0\n2.5\n1.5\n");
    fails_with(
        &klfit(&["fit", &p, "--model", "normal"]),
        &["na.csv:4:1", "missing value (NA)", "--skip-missing"],
    );
    fails_with(
        &klfit(&["sweep", &p, "--model", "normal", "--grid", "mu=0:4:5"]),
        &["na.csv:4:1", "missing value"],
    );
    let h = input("na-kl", "h.csv", b"value,count\n0,3\n1,\n2,4\n");
    fails_with(
        &klfit(&["kl", &h, "binomial(2,0.5)"]),
        &["h.csv:3:2", "missing value (empty field)"],
    );
}

#[test]
fn skip_missing_drops_the_rows_and_says_so() {
    let p = input(
        "skip",
        "na.csv",
        b"x\n1.0\n2.0\nNA\n3.0\n\"\"\n2.5\nnan\n1.5\n",
    );
    let o = klfit(&["fit", &p, "--model", "normal", "--skip-missing"]);
    succeeds(&o);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("mu = 2.000000"), "{out}");
    assert!(
        out.contains("5 samples (3 rows with missing values skipped)"),
        "{out}"
    );
    assert!(
        err.contains("3 rows with missing values skipped (lines 4, 6, 8)"),
        "{err}"
    );

    let o = klfit(&[
        "sweep",
        &p,
        "--model",
        "normal",
        "--grid",
        "mu=0:4:5",
        "--skip-missing",
    ]);
    succeeds(&o);
    assert!(stderr(&o).contains("skipped"), "{}", stderr(&o));

    let h = input("skip-kl", "h.csv", b"value,count\n0,3\n1,NA\n2,4\n");
    let o = klfit(&["kl", &h, "binomial(2,0.5)", "--skip-missing"]);
    succeeds(&o);
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
}

#[test]
fn decimal_commas_and_infinities_are_named() {
    let p = input("comma", "comma.csv", b"x\n\"1,5\"\n");
    fails_with(
        &klfit(&["fit", &p, "--model", "normal"]),
        &[
            "comma.csv:2:1",
            "decimal commas are not supported; write 1.5",
        ],
    );
    let p = input("inf", "inf.csv", b"x\n1\ninf\n");
    fails_with(
        &klfit(&["fit", &p, "--model", "normal"]),
        &["inf.csv:3:1", "not a finite number"],
    );
    let p = input("big", "big.csv", b"value,count\n0,1e20\n");
    fails_with(
        &klfit(&["fit", &p, "--model", "poisson"]),
        &[
            "big.csv:2:2",
            "larger than the largest supported count 9e15",
        ],
    );
}
