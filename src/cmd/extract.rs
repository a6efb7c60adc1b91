//! `factstore extract`: find mentions, statements and figures in source text and store them with
//! origin `extracted`, replacing what an earlier extraction found in those sources. Curated rows
//! are never touched.

use crate::cli::Global;
use crate::db;
use crate::load::extraction;
use crate::model::SourceId;
use crate::progress::Progress;
use crate::store;

/// Find entity mentions, quotes with their speakers, and figures in the text of the sources (all of
/// them, or those named with --source), replacing earlier extracted rows of those sources.
///
/// Entities are found through their names and aliases, and figures and speech through the
/// lexicon of the source's language: add aliases or lexicon rows, then extract again.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore extract --source shoot-to-kill && factstore query figures --origin extracted"
)]
pub struct Args {
    /// Only this source (key; repeatable).
    #[arg(long, value_name = "KEY")]
    source: Vec<String>,

    /// Report what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    if !global.db.is_file() {
        return Err(db::DbError::Missing(global.db.display().to_string()).into());
    }
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    store::fts::defer(&tx)?;
    let keys = store::sources::keys(&tx)?;
    let mut sources: Vec<SourceId> = if args.source.is_empty() {
        keys.values().copied().collect()
    } else {
        args.source
            .iter()
            .map(|key| {
                keys.get(key)
                    .copied()
                    .ok_or_else(|| anyhow::anyhow!("--source {key:?}: no such source"))
            })
            .collect::<anyhow::Result<_>>()?
    };
    sources.sort();
    sources.dedup();
    let counts = extraction::run(&tx, "extract", &sources, Progress::on_stderr(global.quiet))?;
    if args.dry_run {
        tx.rollback()?;
    } else {
        store::fts::index_deferred(&tx)?;
        db::refresh_statistics(&tx)?;
        tx.commit()?;
    }
    if !global.quiet {
        println!(
            "extracted from {} source{}: {} rows inserted, {} updated, {} unchanged, {} deleted",
            sources.len(),
            if sources.len() == 1 { "" } else { "s" },
            counts.inserted,
            counts.updated,
            counts.unchanged,
            counts.deleted
        );
        if args.dry_run {
            println!("dry run: nothing was written");
        }
    }
    Ok(())
}
