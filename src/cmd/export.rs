//! `factstore export`: every table as CSV in the dataset layout, with each source's text beside
//! it, so that `factstore load dataset DIR` rebuilds the same content; or, with `--format
//! parquet`, every table and report view as a Parquet file for a warehouse ([`crate::columnar`]).
//!
//! CSV values are written raw (no spreadsheet formula guard) so the export round-trips exactly;
//! all files come from one read transaction, so they agree with each other even during a load.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::Connection;

use crate::db;
use crate::options::Global;
use crate::output::{raw_csv_to, write_query};
use crate::store::{self, Kind};

/// Write every table as CSV in the dataset layout (lexicon.csv, entities.csv, aliases.csv,
/// sources.csv with texts/KEY.txt, mentions.csv, statements.csv, figures.csv), or with --format
/// parquet every table and report view as a Parquet file.
///
/// Parquet files (one per table: lexicon, entities, aliases, sources with their text, mentions,
/// statements, figures; and one per report view: figure_report, statement_report,
/// mention_report, source_report) have typed columns: integers as INT64, confidences as DOUBLE,
/// days (published, as_of) as DATE, text as UTF8, every column nullable; Snappy-compressed.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore export backup/ && factstore --db copy.db load dataset backup/\n  factstore export --format parquet warehouse/ && duckdb -c \"SELECT * FROM 'warehouse/figures.parquet'\""
)]
pub struct Args {
    /// The folder to write to (created if needed; files of the same names are replaced).
    dir: PathBuf,

    /// The files' format: csv (the dataset layout) or parquet (for warehouses).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
}

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Csv,
    Parquet,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let dir = &args.dir;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    conn.execute_batch("BEGIN")?;
    let rows = match args.format {
        Format::Csv => csv(&conn, dir)?,
        Format::Parquet => parquet(&conn, dir)?,
    };
    conn.execute_batch("COMMIT")?;
    if !global.quiet {
        println!("exported {} to {}", rows.join(", "), dir.display());
    }
    Ok(())
}

/// The dataset layout; returns "N table" for each table.
fn csv(conn: &Connection, dir: &Path) -> anyhow::Result<Vec<String>> {
    let texts = dir.join("texts");
    fs::create_dir_all(&texts).with_context(|| format!("cannot create {}", texts.display()))?;
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
    store::sources::each_body(conn, |key, body| {
        let path = texts.join(format!("{key}.txt"));
        fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))
    })?;
    Ok(rows)
}

/// A Parquet file per table and report view; returns "N name" for each.
fn parquet(conn: &Connection, dir: &Path) -> anyhow::Result<Vec<String>> {
    let tables = Kind::ALL.map(|k| (k.name(), k.warehouse_select()));
    let views = store::REPORT_VIEWS.map(|v| (v, store::view_select(v)));
    let mut rows = Vec::new();
    for (name, sql) in tables.iter().chain(&views) {
        let path = dir.join(format!("{name}.parquet"));
        let n = crate::columnar::write_query(conn, sql, &path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        rows.push(format!("{n} {name}"));
    }
    Ok(rows)
}
