//! `klfit`, the command-line tool: KL divergences between named
//! distributions or files, model fits ranked by KL, and grid sweeps that can
//! be sharded across a job scheduler and merged.
//!
//! Every error prints one line naming the problem and exits with 2 (usage)
//! or 1 (data); output files are written atomically.

// Every item is documented, as in the library crates.
#![deny(missing_docs)]
// Floats are compared with tolerances or with an explicit allow.
#![deny(clippy::float_cmp)]

mod args;
mod commands;
mod data;
mod distribution;
mod error;
mod grid;
mod model;
mod output;
mod spec;
mod sweep_file;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::error::{Error, EXIT_USAGE};

fn run(cli: Cli) -> error::Result<()> {
    match cli.command {
        Command::Kl(a) => commands::kl::run(&a),
        Command::Fit(a) => commands::fit::run(&a),
        Command::Sweep(a) => commands::sweep::run(&a),
        Command::Merge(a) => commands::merge::run(&a),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                eprint!("{e}");
                return ExitCode::from(EXIT_USAGE);
            }
            // One line: clap's first paragraph, without its "error: " prefix.
            let text = e.to_string();
            let first: Vec<&str> = text
                .trim_start()
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let first = first.join(" ");
            let message = first.strip_prefix("error: ").unwrap_or(&first).to_string();
            let err = Error::Usage { message };
            eprintln!("klfit: error: {err} (see klfit --help)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("klfit: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
