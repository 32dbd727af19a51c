//! The specification language on arbitrary text: `spec::parse`, then the
//! spec as a distribution (as `klfit kl` reads P and Q) and as a model for
//! a histogram and for samples (as `klfit fit`/`sweep` read `--model`).
//! Any error is fine; a panic is a bug.

#![no_main]

use std::sync::LazyLock;

use klfit_cli::data::{self, Dataset, ReadOptions};
use klfit_cli::{distribution, model, spec};
use libfuzzer_sys::fuzz_target;

/// The data sets a model is built for: its defaults come from them.
static DATA: LazyLock<Vec<Dataset>> = LazyLock::new(|| {
    [
        ("worms.csv", include_str!("../../crates/cli/data/worms.csv")),
        (
            "probabilities.csv",
            "value,probability\n0,0.25\n1,0.5\n2,0.25\n",
        ),
        ("integers.csv", "x\n0\n3\n1\n0\n12\n"),
        ("samples.csv", "waiting\n79.5\n54\n74.25\n62\n85\n"),
    ]
    .into_iter()
    .map(|(source, text)| Dataset {
        source: source.into(),
        data: data::parse(source, text, ReadOptions::default())
            .expect("the fuzz target's own data parse")
            .data,
    })
    .collect()
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(call) = spec::parse(text) {
        let _ = distribution::from_spec(&call);
    }
    for ds in DATA.iter() {
        let _ = model::parse(text, ds);
    }
});
