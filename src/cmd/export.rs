//! `factstore export`: every table as CSV in the dataset layout, with each source's text beside
//! it, so that `factstore load dataset DIR` rebuilds the same content.
//!
//! Values are written raw (no spreadsheet formula guard) so the export round-trips exactly; all
//! files come from one read transaction, so they agree with each other even during a load.

use std::fs;
use std::path::PathBuf;

use anyhow::Context;

use crate::db;
use crate::options::Global;
use crate::output::{raw_csv_to, write_query};
use crate::store::{self, Kind};

/// Write every table as CSV in the dataset layout (lexicon.csv, entities.csv, aliases.csv,
/// sources.csv with texts/KEY.txt, mentions.csv, statements.csv, figures.csv).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore export backup/ && factstore --db copy.db load dataset backup/"
)]
pub struct Args {
    /// The folder to write to (created if needed; files of the same names are replaced).
    dir: PathBuf,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let dir = &args.dir;
    let texts = dir.join("texts");
    fs::create_dir_all(&texts).with_context(|| format!("cannot create {}", texts.display()))?;
    conn.execute_batch("BEGIN")?;
    let mut rows = Vec::new();
    for kind in Kind::ALL {
        let path = dir.join(kind.file_name());
        let (sql, filter) = kind.export_select();
        let n = write_query(
            &mut conn.prepare(&sql)?,
            filter.params(),
            &raw_csv_to(&path),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
        rows.push(format!("{n} {}", kind.name()));
    }
    store::sources::each_body(&conn, |key, body| {
        let path = texts.join(format!("{key}.txt"));
        fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))
    })?;
    conn.execute_batch("COMMIT")?;
    if !global.quiet {
        println!("exported {} to {}", rows.join(", "), dir.display());
    }
    Ok(())
}
