//! The `_fts_deferred` table: full-text indexing of the rows a write transaction inserts, done once
//! at its end (see `migrations/V3__deferred_full_text_index.sql`).
//!
//! A transaction calls [`defer`] once it has begun and [`index_deferred`] before it commits;
//! rolled back, it leaves nothing behind either.

use rusqlite::Connection;

/// The tables with a full-text index kept in step by triggers, and the columns it indexes.
const INDEXED: [(&str, &str); 2] = [("sources", "title, body"), ("statements", "text")];

/// Leaves the rows this transaction inserts into `sources` and `statements` out of the full-text
/// index until [`index_deferred`].
pub fn defer(conn: &Connection) -> rusqlite::Result<()> {
    for (table, _) in INDEXED {
        conn.execute(
            &format!(
                "INSERT INTO _fts_deferred (tbl, after_id) SELECT ?1, coalesce(max(id), 0) FROM {table}"
            ),
            [table],
        )?;
    }
    Ok(())
}

/// Indexes the rows left out since [`defer`], one statement per table, and ends the deferral.
pub fn index_deferred(conn: &Connection) -> rusqlite::Result<()> {
    for (table, columns) in INDEXED {
        conn.execute(
            &format!(
                "INSERT INTO {table}_fts (rowid, {columns})
                 SELECT id, {columns} FROM {table}
                 WHERE id > (SELECT after_id FROM _fts_deferred WHERE tbl = ?1)
                 ORDER BY id"
            ),
            [table],
        )?;
    }
    conn.execute("DELETE FROM _fts_deferred", [])?;
    Ok(())
}

/// Every source and statement in its full-text index, and nothing else there (SQLite's own
/// integrity check verifies the index's structure, not that it matches its table).
pub fn check(conn: &Connection) -> rusqlite::Result<super::Checked> {
    let mut checked = super::Checked::default();
    let mut indexed = Vec::new();
    for (table, _) in INDEXED {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table}_fts_docsize"),
            [],
            |r| r.get(0),
        )?;
        indexed.push(format!("{n} {table}"));
        checked.problems.extend(super::column(
            conn,
            &format!(
                "SELECT CASE WHEN d.id IS NULL
                             THEN format('full-text index: {table} row %d is not indexed', t.id)
                             ELSE format('full-text index: {table}_fts indexes row %d, which {table} does not hold', d.id)
                        END
                 FROM {table} AS t FULL JOIN {table}_fts_docsize AS d ON d.id = t.id
                 WHERE t.id IS NULL OR d.id IS NULL
                 ORDER BY coalesce(t.id, d.id)"
            ),
        )?);
    }
    checked.detail = indexed.join(", ");
    Ok(checked)
}
