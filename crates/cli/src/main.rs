//! `klfit`, the command-line tool: KL divergences between named
//! distributions or files, model fits ranked by KL, and grid sweeps that can
//! be sharded across a job scheduler and merged.
//!
//! Every error prints one line naming the problem and exits with 2 (usage)
//! or 1 (data, files, a failed write); output files are written
//! atomically. A closed standard output pipe ends the output silently with
//! exit 0, as Unix tools do.

// No unsafe code in this crate.
#![forbid(unsafe_code)]
// Every item is documented, as in the library crates.
#![deny(missing_docs)]
// Floats are compared with tolerances or with an explicit allow.
#![deny(clippy::float_cmp)]

// The modules live in the library (src/lib.rs), which the fuzz targets share.
use klfit_cli::{args, commands, error, output};

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
                return finish(output::stdout(e.to_string().as_bytes()));
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                output::stderr(&e.to_string());
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
            output::stderr(&format!("klfit: error: {err} (see klfit --help)\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    finish(run(cli))
}

/// The exit code of a run, after printing its error (if any) on one line.
fn finish(result: error::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::stderr(&format!("klfit: error: {e}\n"));
            ExitCode::from(e.exit_code())
        }
    }
}
