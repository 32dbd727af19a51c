//! The sweep file reader on arbitrary bytes, as `klfit merge` reads its
//! arguments: each JSON document in the input is one shard file (so one
//! input can hold several shards back to back), parsed into a `SweepFile`,
//! its schema checked, then all of them validated and merged (as
//! `commands::merge::run` does); a merged sweep is turned into its CSV and
//! summary. Any error is fine; a panic is a bug.

#![no_main]

use klfit_cli::commands::merge;
use klfit_cli::sweep_file::{SweepFile, SCHEMA};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // `klfit merge` reads each file with `read_to_string`: UTF-8 only.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut files = Vec::new();
    for (i, f) in serde_json::Deserializer::from_str(text)
        .into_iter::<SweepFile>()
        .enumerate()
    {
        let Ok(f) = f else {
            return;
        };
        if f.schema != SCHEMA {
            return;
        }
        files.push((format!("shard-{i}.json"), f));
    }
    if let Ok(merged) = merge::merge(files) {
        let _ = merged.csv();
        let _ = merged.summary();
    }
});
