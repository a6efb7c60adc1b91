//! The command line: the commands, dispatch, and how errors are reported.

use std::io;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::options::Global;
use crate::writer::LoadFailed;
use crate::UsageError;

/// A provenance-first knowledge store for news events: who said what, which numbers were reported,
/// by whom, in which source, and where the sources disagree. Every mention, quote and figure is
/// tied to the exact span of its source, in one SQLite file.
#[derive(Parser, Debug)]
#[command(name = "factstore", version, max_term_width = 100)]
#[command(
    after_help = "Example:\n  factstore load dataset seeds\n  factstore query figures --metric arrested"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(cmd::init::Args),
    Load(cmd::load::Args),
    Add(cmd::add::Args),
    Show(cmd::show::Args),
    Query(Box<cmd::query::Args>),
    Compare(cmd::compare::Args),
    Search(cmd::search::Args),
    Sql(cmd::sql::Args),
    Export(cmd::export::Args),
    Check(cmd::check::Args),
    Extract(cmd::extract::Args),
    Review(cmd::review::Args),
    Eval(cmd::eval::Args),
    Completions(cmd::completions::Args),
    Man(cmd::man::Args),
}

/// Runs the command `cli` asks for. An error SQLite gives about the database file itself (not a
/// database, damaged, read-only, ...) names the file ([`crate::db::about_the_file`]).
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let global = cli.global.clone();
    dispatch(cli).map_err(|e| crate::db::about_the_file(e, &global.db))
}

/// Runs the command of `cli`.
fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let global = &cli.global;
    match cli.command {
        Command::Init(args) => cmd::init::run(global, args),
        Command::Load(args) => cmd::load::run(global, args),
        Command::Add(args) => cmd::add::run(global, args),
        Command::Show(args) => cmd::show::run(global, args),
        Command::Query(args) => cmd::query::run(global, *args),
        Command::Compare(args) => cmd::compare::run(global, args),
        Command::Search(args) => cmd::search::run(global, args),
        Command::Sql(args) => cmd::sql::run(global, args),
        Command::Export(args) => cmd::export::run(global, args),
        Command::Check(args) => cmd::check::run(global, args),
        Command::Extract(args) => cmd::extract::run(global, args),
        Command::Review(args) => cmd::review::run(global, args),
        Command::Eval(args) => cmd::eval::run(global, args),
        Command::Completions(args) => cmd::completions::run(global, args, Cli::command()),
        Command::Man(args) => cmd::man::run(global, args, Cli::command()),
    }
}

/// Prints `error` to stderr and returns the exit code it calls for: a closed pipe (`| head`) is
/// success; a usage error is 2; anything else is 1. Load problems are printed one per line, each
/// `file:line:column: field: reason`, before the summary.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::SUCCESS;
    }
    if let Some(failed) = error.downcast_ref::<LoadFailed>() {
        for problem in &failed.problems {
            eprintln!("{problem}");
        }
    }
    eprintln!("error: {error:#}");
    if error.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause.downcast_ref::<io::Error>().or_else(|| {
            match cause.downcast_ref::<csv::Error>()?.kind() {
                csv::ErrorKind::Io(e) => Some(e),
                _ => None,
            }
        });
        io.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
