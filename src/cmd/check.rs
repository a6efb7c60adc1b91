//! `factstore check`: is the database sound? Schema version, SQLite's integrity check (the
//! structure of the FTS indexes included), every source and statement in its full-text index and
//! nothing else there, foreign keys, every offset against its source text, every text against its
//! hash, and every match key against its name.
//!
//! Prints one line per check and one per problem; exits 1 when anything is wrong.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::cli::Global;
use crate::csvin::hex;
use crate::db;
use crate::fold::fold;

/// Check the database: schema version, integrity, full-text index, foreign keys, offsets, text
/// hashes, match keys.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore check && echo sound")]
pub struct Args {}

/// The tables whose rows point into source text, with the column holding the text at the span.
const SPANS: [(&str, &str); 3] = [
    ("mentions", "surface"),
    ("statements", "text"),
    ("figures", "evidence"),
];

pub fn run(global: &Global, _args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    conn.execute_batch("BEGIN")?;
    let mut problems: Vec<String> = Vec::new();
    let mut lines = vec![format!(
        "schema: version {} (current)",
        db::current_version()
    )];

    let integrity: Vec<String> = column(&conn, "PRAGMA integrity_check")?;
    if integrity != ["ok"] {
        problems.extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
    }
    lines.push(status("integrity", &problems, String::new()));

    let before = problems.len();
    let mut indexed = Vec::new();
    for table in ["sources", "statements"] {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table}_fts_docsize"),
            [],
            |r| r.get(0),
        )?;
        indexed.push(format!("{n} {table}"));
        let bad: Vec<String> = column(
            &conn,
            &format!(
                "SELECT CASE WHEN d.id IS NULL
                             THEN format('full-text index: {table} row %d is not indexed', t.id)
                             ELSE format('full-text index: {table}_fts indexes row %d, which {table} does not hold', d.id)
                        END
                 FROM {table} AS t FULL JOIN {table}_fts_docsize AS d ON d.id = t.id
                 WHERE t.id IS NULL OR d.id IS NULL
                 ORDER BY coalesce(t.id, d.id)"
            ),
        )?;
        problems.extend(bad);
    }
    lines.push(status(
        "full-text index",
        &problems[before..],
        indexed.join(", "),
    ));

    let before = problems.len();
    let keys: Vec<String> = column(
        &conn,
        "SELECT format('%s row %d points to a missing %s row', \"table\", rowid, parent) FROM pragma_foreign_key_check",
    )?;
    problems.extend(keys.into_iter().map(|p| format!("foreign keys: {p}")));
    lines.push(status("foreign keys", &problems[before..], String::new()));

    let before = problems.len();
    let mut counted = Vec::new();
    for (table, text) in SPANS {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counted.push(format!("{n} {table}"));
        let bad: Vec<String> = column(
            &conn,
            &format!(
                "SELECT format('offsets: %s row %d (source %s, %d..%d): the text there is %Q, not %Q', '{table}', t.id,
                               s.key, t.char_start, t.char_end,
                               substr(s.body, t.char_start + 1, t.char_end - t.char_start), t.{text})
                 FROM {table} AS t JOIN sources AS s ON s.id = t.source_id
                 WHERE substr(s.body, t.char_start + 1, t.char_end - t.char_start) IS NOT t.{text}
                    OR t.char_end > length(s.body)
                 ORDER BY t.id"
            ),
        )?;
        problems.extend(bad);
    }
    lines.push(status("offsets", &problems[before..], counted.join(", ")));

    let before = problems.len();
    let mut stmt = conn.prepare("SELECT key, body, sha256 FROM sources ORDER BY key")?;
    let mut rows = stmt.query([])?;
    let mut sources = 0;
    while let Some(row) = rows.next()? {
        sources += 1;
        let (key, body, stored) = (
            row.get_ref(0)?.as_str()?,
            row.get_ref(1)?.as_str()?,
            row.get_ref(2)?.as_str()?,
        );
        let actual = hex(&Sha256::digest(body.as_bytes()));
        if actual != stored {
            problems.push(format!(
                "hashes: source {key}: the text hashes to {actual}, not the stored {stored}"
            ));
        }
    }
    lines.push(status(
        "text hashes",
        &problems[before..],
        format!("{sources} sources"),
    ));

    let before = problems.len();
    for (table, name) in [("entities", "name"), ("aliases", "alias")] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, {name}, match_key FROM {table} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, text, key): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if fold(&text) != key {
                problems.push(format!(
                    "match keys: {table} row {id} ({text:?}) has match key {key:?}, not {:?}",
                    fold(&text)
                ));
            }
        }
    }
    lines.push(status("match keys", &problems[before..], String::new()));

    if !global.quiet {
        for line in &lines {
            println!("{line}");
        }
    }
    for problem in &problems {
        println!("{problem}");
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "check found {} problem{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

fn column(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(sql)?
        .query_map([], |row| row.get(0))?
        .collect()
}

fn status(name: &str, problems: &[String], detail: String) -> String {
    let detail = if detail.is_empty() {
        detail
    } else {
        format!(" ({detail})")
    };
    if problems.is_empty() {
        format!("{name}: ok{detail}")
    } else {
        format!(
            "{name}: {} problem{}{detail}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )
    }
}
