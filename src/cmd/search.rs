//! `factstore search`: full-text search over source titles and bodies and over statement texts,
//! ranked, one row per hit with the span of its first match in the source body. How a search runs
//! is told in [`crate::store::search`].

use clap::ValueEnum;

use crate::db;
use crate::options::{Global, Resolver, SourceArgs};
use crate::output::{write_query, OutputArgs};
use crate::store::search::{self, Search};
use crate::UsageError;

pub use crate::store::search::fts_query;

/// Full-text search over source titles and bodies and statement texts, best hits first.
///
/// Case and accents are ignored (etrangers finds étrangers); every word must occur. One row per
/// hit: kind (source or statement), source, speaker (statements), rank (bm25: lower is better),
/// char_start and char_end (the first matched word in the source body, code points, end
/// exclusive; empty when a source matched in its title only), snippet (matches in [ ], cut text
/// as …) and text (the matched word as the body writes it).
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore search \"étrangers\" --in statements")]
pub struct Args {
    /// The words to find (plain words, not FTS5 syntax; all of them must occur). Put `--` before
    /// a TEXT that begins with `-`, after the options.
    text: String,

    #[command(flatten)]
    source: SourceArgs,

    /// Only hits in this language (BCP 47 tag, e.g. fr): a source's language; a statement's own,
    /// else its source's.
    #[arg(long, value_name = "TAG")]
    language: Option<String>,

    /// Search only the sources (titles and bodies) or only the statements.
    #[arg(long = "in", value_enum, value_name = "WHAT")]
    within: Option<Within>,

    /// At most this many rows (0: no limit).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: u32,

    #[command(flatten)]
    output: OutputArgs,
}

/// What `--in` restricts a search to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Within {
    Sources,
    Statements,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let Some(query) = fts_query(&args.text) else {
        return Err(UsageError(format!(
            "search: nothing to search for in {:?}: give one or more words (letters or digits)",
            args.text
        ))
        .into());
    };
    let conn = db::open_read_only(&global.db)?;
    let search = Search {
        query,
        sources: Resolver::new(&conn).sources(&args.source)?,
        language: args.language.clone(),
        in_sources: args.within != Some(Within::Statements),
        in_statements: args.within != Some(Within::Sources),
        // SQLite reads a negative LIMIT as no limit.
        limit: if args.limit == 0 {
            -1
        } else {
            i64::from(args.limit)
        },
    };
    let (mut stmt, params) = search::prepare(&conn, &search)?;
    write_query(
        &mut stmt,
        rusqlite::params_from_iter(params.iter()),
        &args.output,
    )?;
    Ok(())
}
