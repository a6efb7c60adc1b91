//! The `factstore` binary: parses the command line, runs the command, maps the outcome to an exit
//! code (0 success, 1 failure, 2 usage).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = factstore::cli::Cli::parse();
    match factstore::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => factstore::cli::report(&error),
    }
}
