//! `factstore sql`: run one read-only SQL statement and write its rows like a query.
//!
//! The database is opened read-only, attaching other databases is disabled, and a statement that
//! would write (or a second statement) is refused before it runs.

use crate::db;
use crate::options::Global;
use crate::output::{write_query, OutputArgs};

/// Run one read-only SQL statement (SELECT, WITH, read-only PRAGMA, EXPLAIN) and write its rows.
///
/// The views figure_report, statement_report, mention_report and source_report join names in.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore sql \"SELECT source, value, qualifier, claimed_by FROM figure_report WHERE metric = 'arrested'\""
)]
pub struct Args {
    /// The SQL statement.
    query: String,

    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let mut stmt = conn.prepare(&args.query).map_err(|e| match e {
        rusqlite::Error::MultipleStatement => {
            anyhow::anyhow!("sql runs one statement at a time; found more than one")
        }
        e => anyhow::anyhow!("sql: {e}"),
    })?;
    if !stmt.readonly() {
        anyhow::bail!(
            "sql runs read-only statements only; use the load commands to change the store"
        );
    }
    // Statements that return no rows (ATTACH, BEGIN, an empty string, ...) have nothing to write;
    // ATTACH in particular counts as read-only to SQLite.
    if stmt.column_count() == 0 {
        anyhow::bail!("sql runs statements that return rows (SELECT, WITH, PRAGMA, EXPLAIN); this one returns none");
    }
    write_query(&mut stmt, [], &args.output).map_err(|e| {
        if e.to_string().starts_with("not authorized") {
            anyhow::anyhow!(
                "sql: not authorized: loading extensions and changing the store are disabled here"
            )
        } else {
            e
        }
    })?;
    Ok(())
}
