//! Opening the database: connection settings, schema migrations and the schema-version guard.
//!
//! The schema lives only in `migrations/V{n}__{name}.sql`, embedded at compile time. Opening for
//! writing ([`open_for_writing`]) creates the file if needed; [`migrate`] then brings the schema up
//! to date inside the transaction of the write (see [`crate::writer::Writer::begin`]), so that an
//! upgrade commits with what the command writes, or not at all: a refused load or a dry run leaves
//! a database of an older schema as it was. Opening for reading
//! ([`open_read_only`]) never creates or changes anything: a missing file, an older schema or a
//! schema written by a newer factstore is an error. Both compare the stored schema version with the
//! newest embedded one first, so an up-to-date database costs one small query, not a migration run.

use std::path::Path;
use std::time::Duration;

use refinery::{Migration, SchemaVersion};
use refinery_core::traits::sync::{Migrate, Query, Transaction as RefineryTransaction};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};

refinery::embed_migrations!("migrations");

/// Name of refinery's history table; the leading `_` hides it in Datasette.
pub const HISTORY_TABLE: &str = "_schema_history";

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Errors about the database file itself, which callers may want to tell apart.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database {0} does not exist (create it with `factstore init` or `factstore load dataset DIR`)")]
    Missing(String),
    #[error(
        "database {path} has schema version {found}, newer than this factstore knows ({known}): \
         it was written by a newer factstore; upgrade factstore to use it"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "database {path} has schema version {found}, older than this factstore's ({known}): \
         run `factstore init` to upgrade it"
    )]
    Older {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{0} is not a factstore database (it has tables but no {HISTORY_TABLE} table)")]
    Foreign(String),
    #[error("database {path} {what} (SQLite says: {sqlite})")]
    Unusable {
        path: String,
        /// What is wrong with the file, in words.
        what: &'static str,
        /// SQLite's own message.
        sqlite: String,
    },
    #[error("database {0} is read-only (its file has no write permission): a write cannot go there; make it writable, or write to a copy")]
    ReadOnly(String),
    #[error("database {0} is empty: it has no tables yet (give it its schema with `factstore init`, or load something into it)")]
    Empty(String),
}

/// The newest schema version embedded in this binary: the `n` of the last `migrations/V{n}__*.sql`,
/// read by `build.rs`.
///
/// A constant, so that opening a database needs no migration runner (which parses the embedded
/// migrations' names on every start); a test checks it against the embedded migrations.
pub const SCHEMA_VERSION: i64 = parse_version(env!("FACTSTORE_SCHEMA_VERSION"));

/// The number written in decimal digits in `text` (at compile time).
const fn parse_version(text: &str) -> i64 {
    let bytes = text.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i].is_ascii_digit(), "a schema version is digits");
        value = value * 10 + (bytes[i] - b'0') as i64;
        i += 1;
    }
    value
}

/// The newest schema version embedded in this binary ([`SCHEMA_VERSION`]).
pub fn current_version() -> i64 {
    SCHEMA_VERSION
}

/// The schema version recorded in the database: `None` for an empty database.
///
/// Fails with [`DbError::Foreign`] when the database has tables but no migration history.
pub fn stored_version(conn: &Connection, path: &str) -> anyhow::Result<Option<i64>> {
    let has_history: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        [HISTORY_TABLE],
        |row| row.get(0),
    )?;
    if !has_history {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if tables > 0 {
            return Err(DbError::Foreign(path.to_string()).into());
        }
        return Ok(None);
    }
    let version = conn
        .query_row(
            &format!("SELECT max(version) FROM {HISTORY_TABLE}"),
            [],
            |row| row.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten();
    Ok(version)
}

/// Settings every connection gets: foreign keys enforced, a busy timeout, no attached databases,
/// and the SQL function `fold(text)` (see [`crate::fold`]) for accent-insensitive filters.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|text| crate::fold::fold(&text)))
        },
    )?;
    Ok(())
}

/// Opens (creating it if needed) the database at `path` for a write, whose transaction brings the
/// schema up to date ([`migrate`]). The parent directory must exist.
///
/// With `dry_run`, a database that does not exist yet is not created: the connection is to an
/// empty database in memory, so that a dry run still checks everything.
///
/// Fails when the database was written by a newer factstore, or is not a factstore database
/// (nothing is changed then).
pub fn open_for_writing(path: &Path, dry_run: bool) -> anyhow::Result<Connection> {
    if dry_run && !path.exists() {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        return Ok(conn);
    }
    open_read_write(path)
}

/// `error`, said of the database file `path` when SQLite found the file itself at fault (it is
/// not a database, it is damaged, it cannot be written or opened, the disk is full or failing):
/// SQLite's own message does not name the file, nor say what to do. Any other error is returned
/// as it is.
pub fn about_the_file(error: anyhow::Error, path: &Path) -> anyhow::Error {
    let Some(sqlite) = error
        .chain()
        .find_map(|e| e.downcast_ref::<rusqlite::Error>())
    else {
        return error;
    };
    let what = match sqlite.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "is not an SQLite database (another kind of file, or an encrypted one)"
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            "is damaged (cut short, or written over in part): restore it from a copy"
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "cannot be written: it, or its folder (where a write makes its -wal and -shm files), is read-only for this user"
        }
        Some(rusqlite::ErrorCode::CannotOpen) => {
            "cannot be opened: it or its folder cannot be read (or, for a write, written) by this user"
        }
        Some(rusqlite::ErrorCode::PermissionDenied) => "cannot be read or written: permission denied",
        Some(rusqlite::ErrorCode::DiskFull) => "cannot grow: the disk is full",
        Some(rusqlite::ErrorCode::SystemIoFailure) => {
            "cannot be read or written: the disk or file system failed (an I/O error)"
        }
        _ => return error,
    };
    let message = match sqlite {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(e, None) => e.to_string(),
        other => other.to_string(),
    };
    DbError::Unusable {
        path: path.display().to_string(),
        what,
        sqlite: message,
    }
    .into()
}

/// Opens (creating it if needed) the database at `path` for writing, without migrating it.
///
/// A database that is not factstore's, or was written by a newer factstore, is refused before
/// anything (even its journal mode) is changed.
pub fn open_read_write(path: &Path) -> anyhow::Result<Connection> {
    let shown = path.display().to_string();
    // SQLite would open a read-only file for reading without a word, and fail at the first write.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(DbError::ReadOnly(shown).into());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            anyhow::bail!(
                "cannot create database {shown}: directory {} does not exist",
                parent.display()
            );
        }
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| anyhow::anyhow!("cannot open database {shown}: {e}"))?;
    configure(&conn)?;
    if let Some(found) = stored_version(&conn, &shown)? {
        let known = current_version();
        if found > known {
            return Err(DbError::Newer {
                path: shown,
                found,
                known,
            }
            .into());
        }
    }
    // WAL lets readers work during a load; NORMAL sync is durable at each checkpoint and safe
    // against corruption in WAL mode.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

/// Refreshes the statistics of the query planner (`sqlite_stat1`) for the tables whose size changed
/// much since they were last gathered, on a sample of each index: whatever opens the file next
/// (factstore, the sqlite3 shell, Datasette) then picks its indexes by what the tables hold. Run at
/// the end of each write transaction; it costs about 0.15 s after a load of a million figures, and
/// nothing when little changed.
pub fn refresh_statistics(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002")
}

/// SQLite's own integrity check of the file (the structure of the full-text indexes included).
pub fn check_integrity(conn: &Connection) -> rusqlite::Result<crate::store::Checked> {
    let found = crate::store::column(conn, "PRAGMA integrity_check")?;
    let problems = if found == ["ok"] {
        Vec::new()
    } else {
        found
            .into_iter()
            .map(|p| format!("integrity: {p}"))
            .collect()
    };
    Ok(crate::store::Checked {
        problems,
        detail: String::new(),
    })
}

/// Every foreign key points to a row (the sqlite3 shell does not enforce them).
pub fn check_foreign_keys(conn: &Connection) -> rusqlite::Result<crate::store::Checked> {
    Ok(crate::store::Checked {
        problems: crate::store::column(
            conn,
            "SELECT format('foreign keys: %s row %d points to a missing %s row', \"table\", rowid, parent) FROM pragma_foreign_key_check",
        )?,
        detail: String::new(),
    })
}

/// What [`migrate`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrated {
    /// The schema was current already.
    Current,
    /// The schema was brought up from this version (0: an empty database).
    From(i64),
}

/// Brings the schema up to date inside the transaction `tx`, which the caller commits with the rest
/// of its write or rolls back; `path` names the database in messages.
///
/// Fails when the database was written by a newer factstore, is not a factstore database, or a
/// migration fails (the caller's transaction then writes nothing).
pub fn migrate(tx: &Transaction, path: &str) -> anyhow::Result<Migrated> {
    let conn: &Connection = tx;
    let known = current_version();
    let found = stored_version(conn, path)?;
    match found {
        Some(found) if found == known => return Ok(Migrated::Current),
        Some(found) if found > known => {
            return Err(DbError::Newer {
                path: path.to_string(),
                found,
                known,
            }
            .into());
        }
        _ => {}
    }
    migrations::runner()
        .set_grouped(true)
        .set_migration_table_name(HISTORY_TABLE)
        .run(&mut InTransaction(conn))
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot migrate database {path} to schema version {known}: {}",
                cause(&e)
            )
        })?;
    Ok(Migrated::From(found.unwrap_or(0)))
}

/// A connection inside a transaction its caller holds, as refinery's runner takes it: the
/// migrations and their history rows run there, with no BEGIN or COMMIT of their own (refinery's
/// own driver for rusqlite opens a transaction of its own, which cannot nest in a write's).
struct InTransaction<'c>(&'c Connection);

impl RefineryTransaction for InTransaction<'_> {
    type Error = rusqlite::Error;

    fn execute<'a, T: Iterator<Item = &'a str>>(
        &mut self,
        queries: T,
    ) -> Result<usize, Self::Error> {
        let mut count = 0;
        for query in queries {
            self.0.execute_batch(query)?;
            count += 1;
        }
        Ok(count)
    }
}

impl Query<Vec<Migration>> for InTransaction<'_> {
    /// The applied migrations, from rows of refinery's history table (version, name, applied_on,
    /// checksum), as refinery's own driver reads them.
    fn query(&mut self, query: &str) -> Result<Vec<Migration>, Self::Error> {
        let bad = |column: usize, e: Box<dyn std::error::Error + Send + Sync>| {
            rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e)
        };
        self.0
            .prepare(query)?
            .query_map([], |row| {
                let version: SchemaVersion = row.get(0)?;
                let applied_on: String = row.get(2)?;
                let applied_on = time::OffsetDateTime::parse(
                    &applied_on,
                    &time::format_description::well_known::Rfc3339,
                )
                .map_err(|e| bad(2, e.into()))?;
                let checksum: String = row.get(3)?;
                let checksum = checksum.parse::<u64>().map_err(|e| bad(3, e.into()))?;
                Ok(Migration::applied(
                    version,
                    row.get(1)?,
                    applied_on,
                    checksum,
                ))
            })?
            .collect()
    }
}

impl Migrate for InTransaction<'_> {}

/// What went wrong in a failed migration, in one line: SQLite's message without the migration's
/// SQL that refinery's own message carries.
fn cause(error: &refinery::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        match e.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqlInputError { msg, .. }) => return msg.clone(),
            Some(rusqlite::Error::SqliteFailure(_, Some(msg))) => return msg.clone(),
            Some(other) => {
                return other
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            }
            None => source = e.source(),
        }
    }
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// Opens an existing database read-only. Never creates a file.
///
/// Fails when the file does not exist, is not a factstore database, or its schema version differs
/// from this binary's (older: run `init`; newer: upgrade factstore).
pub fn open_read_only(path: &Path) -> anyhow::Result<Connection> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(DbError::Missing(shown).into());
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|e| anyhow::anyhow!("cannot open database {shown}: {e}"))?;
    configure(&conn)?;
    let known = current_version();
    let stored = match stored_version(&conn, &shown) {
        Ok(version) => version,
        // A WAL database in a folder this user may not write to (a read-only mount) cannot get
        // its shared-memory file: read it as immutable, since nobody can write there either.
        Err(e)
            if e.downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code)
                == Some(rusqlite::ErrorCode::ReadOnly) =>
        {
            let uri = format!("file:{}?immutable=1", path.display());
            conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| anyhow::anyhow!("cannot open database {shown}: {e}"))?;
            configure(&conn)?;
            stored_version(&conn, &shown)?
        }
        Err(e) => return Err(e),
    };
    match stored {
        Some(found) if found == known => Ok(conn),
        Some(found) if found > known => Err(DbError::Newer {
            path: shown,
            found,
            known,
        }
        .into()),
        Some(found) => Err(DbError::Older {
            path: shown,
            found,
            known,
        }
        .into()),
        None => Err(DbError::Empty(shown).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migrates `conn` in a transaction of its own.
    fn migrate_now(conn: &mut Connection, path: &str) -> anyhow::Result<Migrated> {
        let tx = conn.transaction()?;
        let migrated = migrate(&tx, path)?;
        tx.commit()?;
        Ok(migrated)
    }

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        migrate_now(&mut conn, ":memory:").unwrap();
        conn
    }

    #[test]
    fn schema_version_is_the_last_embedded_migration() {
        let versions: Vec<i64> = migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| i64::from(m.version()))
            .collect();
        assert_eq!(versions.iter().max(), Some(&SCHEMA_VERSION), "{versions:?}");
    }

    #[test]
    fn every_migration_runs_on_an_empty_database() {
        let conn = migrated();
        assert_eq!(
            stored_version(&conn, ":memory:").unwrap(),
            Some(current_version())
        );
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE '%fts_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.retain(|t| t != "sqlite_sequence");
        assert_eq!(
            tables,
            [
                "_schema_history",
                "aliases",
                "builtin_knowledge",
                "decisions",
                "entities",
                "figure_comparison",
                "figure_groups",
                "figure_report",
                "figures",
                "lexicon",
                "loads",
                "mention_report",
                "mentions",
                "source_report",
                "sources",
                "sources_fts",
                "statement_report",
                "statements",
                "statements_fts",
                "unique_figures",
                "unique_mentions",
                "unique_statements"
            ]
        );
        let problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(problems, 0);
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = migrated();
        assert_eq!(
            migrate_now(&mut conn, ":memory:").unwrap(),
            Migrated::Current
        );
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {HISTORY_TABLE}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        // One row per migration (their numbers may have gaps while branches land).
        let embedded = migrations::runner().get_migrations().len() as i64;
        assert_eq!(rows, embedded);
    }

    #[test]
    fn a_newer_database_is_refused_before_anything_is_written() {
        let mut conn = migrated();
        conn.execute(
            &format!("INSERT INTO {HISTORY_TABLE} (version, name, applied_on, checksum) VALUES (999, 'future', '2030-01-01T00:00:00Z', '0')"),
            [],
        )
        .unwrap();
        let err = migrate_now(&mut conn, "x.db").unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "database x.db has schema version 999, newer than this factstore knows ({}): it was written by a newer factstore; upgrade factstore to use it",
                current_version()
            )
        );
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        let err = migrate_now(&mut conn, "x.db").unwrap_err().to_string();
        assert_eq!(
            err,
            "x.db is not a factstore database (it has tables but no _schema_history table)"
        );
    }
}
