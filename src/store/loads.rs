//! The `loads` table: one row per file loaded (or extraction run), with what it changed.

use rusqlite::{named_params, Connection};

use crate::model::LoadId;

/// Rows inserted, updated, left unchanged and deleted by one load, and the rows it set aside
/// (`--on-error skip`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub deleted: i64,
    pub rejected: i64,
}

impl Counts {
    pub fn add(&mut self, outcome: super::Outcome) {
        match outcome {
            super::Outcome::Inserted(_) => self.inserted += 1,
            super::Outcome::Updated(_) => self.updated += 1,
            super::Outcome::Unchanged(_) => self.unchanged += 1,
        }
    }

    /// The rows stored (inserted, updated or unchanged); rejected rows are not among them.
    pub fn total(&self) -> i64 {
        self.inserted + self.updated + self.unchanged
    }
}

/// Records the start of a load of `kind` from `path`; returns its id for the rows it writes.
pub fn begin(conn: &Connection, command: &str, kind: &str, path: &str) -> rusqlite::Result<LoadId> {
    conn.prepare_cached(
        "INSERT INTO loads (command, kind, path, factstore_version) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((command, kind, path, env!("CARGO_PKG_VERSION")))?;
    Ok(LoadId(conn.last_insert_rowid()))
}

/// Records the start of an extraction run; returns its id for the rows it writes.
pub fn begin_extraction(conn: &Connection, command: &str) -> rusqlite::Result<LoadId> {
    conn.prepare_cached(
        "INSERT INTO loads (command, kind, factstore_version) VALUES (?1, 'extraction', ?2)",
    )?
    .execute((command, env!("CARGO_PKG_VERSION")))?;
    Ok(LoadId(conn.last_insert_rowid()))
}

/// Records the content hash of what was loaded (none for an extraction), what it changed and
/// how many rows it rejected.
pub fn finish(
    conn: &Connection,
    load: LoadId,
    sha256: Option<&str>,
    counts: Counts,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE loads SET sha256 = :sha256, inserted = :inserted, updated = :updated, unchanged = :unchanged,
                deleted = :deleted, rejected = :rejected
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":sha256": sha256,
        ":inserted": counts.inserted,
        ":updated": counts.updated,
        ":unchanged": counts.unchanged,
        ":deleted": counts.deleted,
        ":rejected": counts.rejected,
        ":id": load,
    })?;
    Ok(())
}
