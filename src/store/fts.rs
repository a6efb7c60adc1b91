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
