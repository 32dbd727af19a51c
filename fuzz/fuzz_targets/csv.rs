//! The CSV reader on arbitrary bytes: `data::parse` (with and without
//! `--skip-missing`) and what every command then asks of the data set.
//! Bytes that are not UTF-8 go through `data::read`, whose decoding step
//! refuses them. Any error is fine; a panic is a bug.

#![no_main]

use klfit_cli::data::{self, Dataset, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        // `data::read` takes a path: one scratch file per fuzzing process.
        let path = std::env::temp_dir().join(format!("klfit-fuzz-{}.csv", std::process::id()));
        if std::fs::write(&path, bytes).is_ok() {
            let _ = data::read(&path.to_string_lossy(), ReadOptions::default());
            let _ = std::fs::remove_file(&path);
        }
        return;
    };
    for skip_missing in [false, true] {
        let Ok(parsed) = data::parse("fuzz.csv", text, ReadOptions { skip_missing }) else {
            continue;
        };
        let ds = Dataset {
            source: "fuzz.csv".into(),
            data: parsed.data,
        };
        let _ = ds.describe();
        let _ = ds.fingerprint();
        let _ = ds.support();
        let _ = ds.line_of_sample(0);
        let _ = ds.probabilities();
        let _ = ds.as_histogram().map(|b| b.describe());
        let _ = ds.target_for(true);
        let _ = ds.target_for(false);
    }
});
