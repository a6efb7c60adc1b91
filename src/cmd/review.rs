//! `factstore review`: the entities the extractor discovered, for a reviewer to decide on.

use crate::db;
use crate::options::Global;
use crate::output::{write_query, OutputArgs};
use crate::store::entities;

/// List the entities the extractor discovered (names the store did not know), most mentioned
/// first: key, name, kind, rule, confidence, mentions, sources, and the source and text around
/// the first mention, the name in [ ].
///
/// Record decisions in a decisions file (columns name, decision, entity, kind, note) and load it
/// with `load decisions` or as decisions.csv of a dataset: `accept` makes the name a curated
/// entity (entity = its key, with its kind), `merge` makes it an alias of entity ENTITY, `reject`
/// says it is no entity. Decisions are applied on every load and extraction.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore review -o discovered.csv\n  printf 'name,decision,entity,kind\\nErdogan,accept,erdogan,person\\nAFAD,merge,afad,\\n' > decisions.csv\n  factstore load decisions decisions.csv"
)]
pub struct Args {
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let mut stmt = conn.prepare(entities::review())?;
    write_query(&mut stmt, [entities::CONTEXT_CHARS], &args.output)?;
    Ok(())
}
