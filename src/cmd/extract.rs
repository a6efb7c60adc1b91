//! `factstore extract`: find mentions, statements and figures in source text and store them with
//! origin `extracted`, replacing what an earlier extraction found in those sources. Curated rows
//! are never touched.

use crate::db;
use crate::options::{Global, Resolver, SourceArgs};
use crate::progress::Progress;
use crate::writer::{OnError, Writer};

/// Find entity mentions, quotes with their speakers, and figures in the text of the sources (all of
/// them, or those named with --source), replacing earlier extracted rows of those sources.
///
/// Entities are found through their names and aliases, and figures and speech through the
/// lexicon of the source's language: add aliases or lexicon rows, then extract again. Every row
/// records the rule that found it (`rule`) and that rule's confidence.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore extract --source shoot-to-kill && factstore query figures --origin extracted"
)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,

    /// Report what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    if !global.db.is_file() {
        return Err(db::DbError::Missing(global.db.display().to_string()).into());
    }
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let progress = Progress::on_stderr(global.quiet);
    let mut writer = Writer::begin(&mut conn, &global.db, "extract", progress, OnError::Fail)?;
    let mut sources = Resolver::new(writer.conn()).sources(&args.source)?;
    if sources.is_empty() {
        sources = crate::store::sources::keys(writer.conn())?
            .into_values()
            .collect();
        sources.sort();
    }
    writer.extract(&sources)?;
    let summary = writer.finish(args.dry_run)?;
    if !global.quiet {
        if let Some(line) = summary.extraction_line() {
            println!("{line}");
        }
        if args.dry_run {
            println!("dry run: nothing was written");
        }
    }
    Ok(())
}
