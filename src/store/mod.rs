//! SQL, one module per table: each module owns the statements that write and read its table.
//!
//! Writers are upserts by the table's natural key that report whether a row was inserted,
//! updated or left unchanged (an update that would change nothing is not made, so a second load of
//! the same file leaves every row, `load_id` included, as it was). Readers build the SELECTs that
//! `query` and `export` run, with a [`Filter`] whose values are always bound as parameters.

pub mod aliases;
pub mod entities;
pub mod figures;
pub mod fts;
pub mod lexicon;
pub mod loads;
pub mod mentions;
pub mod sources;
pub mod statements;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Params};

/// What an upsert did, with the id of the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted(i64),
    Updated(i64),
    Unchanged(i64),
}

impl Outcome {
    pub fn id(self) -> i64 {
        match self {
            Outcome::Inserted(id) | Outcome::Updated(id) | Outcome::Unchanged(id) => id,
        }
    }
}

/// Runs the upsert steps every table shares: find the row by its natural key; insert it when
/// absent; otherwise run `update`, whose WHERE clause matches only when something differs.
///
/// `find` selects the id by natural key; `insert` and `update` take the row's named `values` (each
/// statement must use every one of them: rusqlite refuses a value with no placeholder, hence the
/// `:key IS key` terms in the updates), `update` with `:id` bound to the found id.
pub(crate) fn upsert(
    conn: &Connection,
    find: &str,
    key: impl Params,
    insert: &str,
    update: &str,
    values: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Outcome> {
    write(conn, Mode::Upsert, find, key, insert, update, values)
}

/// How a row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Insert, update or leave the row with the same natural key.
    Upsert,
    /// Insert: the caller knows that no row has this natural key (an extraction into a source that
    /// had no extracted rows), which saves the look-up.
    Insert,
}

/// [`upsert`], or a plain insert in [`Mode::Insert`].
pub(crate) fn write(
    conn: &Connection,
    mode: Mode,
    find: &str,
    key: impl Params,
    insert: &str,
    update: &str,
    values: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Outcome> {
    let found: Option<i64> = match mode {
        Mode::Insert => None,
        Mode::Upsert => conn
            .prepare_cached(find)?
            .query_row(key, |row| row.get(0))
            .optional()?,
    };
    match found {
        None => {
            let mut stmt = conn.prepare_cached(insert)?;
            stmt.execute(values)?;
            Ok(Outcome::Inserted(conn.last_insert_rowid()))
        }
        Some(id) => {
            let mut stmt = conn.prepare_cached(update)?;
            let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = values.to_vec();
            bound.push((":id", &id));
            let changed = stmt.execute(bound.as_slice())?;
            Ok(if changed > 0 {
                Outcome::Updated(id)
            } else {
                Outcome::Unchanged(id)
            })
        }
    }
}

/// The WHERE clause of a query under construction, with its parameters.
#[derive(Debug, Default)]
pub struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    /// Adds `clause`, whose `?` placeholders take `values` in order.
    pub fn push(&mut self, clause: impl Into<String>, values: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.into());
        self.params.extend(values);
    }

    /// Adds `expr IN (...)` over `values`; nothing when `values` is empty.
    pub fn any_of(&mut self, expr: &str, values: impl IntoIterator<Item = Value>) {
        let values: Vec<Value> = values.into_iter().collect();
        if values.is_empty() {
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.push(format!("{expr} IN ({marks})"), values);
    }

    /// Rows of `origin` (over table alias `alias`) in the sources keyed `sources` (over `s`; every
    /// source when empty).
    pub fn origin_in_sources(alias: &str, origin: &str, sources: &[String]) -> Self {
        let mut filter = Filter::default();
        filter.push(
            format!("{alias}.origin = ?"),
            [Value::Text(origin.to_string())],
        );
        filter.any_of("s.key", sources.iter().map(|k| Value::Text(k.clone())));
        filter
    }

    /// ` WHERE a AND b`, or nothing.
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn params(&self) -> rusqlite::ParamsFromIter<std::slice::Iter<'_, Value>> {
        rusqlite::params_from_iter(self.params.iter())
    }
}

/// The tables the extractor writes to.
pub const EXTRACTED_TABLES: [&str; 3] = ["mentions", "statements", "figures"];

/// The ids of the extracted rows of `source` in `table` (one of [`EXTRACTED_TABLES`]).
pub fn extracted_ids(
    conn: &Connection,
    table: &str,
    source: crate::model::SourceId,
) -> rusqlite::Result<Vec<i64>> {
    assert!(
        EXTRACTED_TABLES.contains(&table),
        "{table} holds no extracted rows"
    );
    conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE source_id = ?1 AND origin = 'extracted' ORDER BY id"
    ))?
    .query_map([source], |row| row.get(0))?
    .collect()
}

/// Deletes row `id` of `table` (one of [`EXTRACTED_TABLES`]).
pub fn delete(conn: &Connection, table: &str, id: i64) -> rusqlite::Result<()> {
    assert!(
        EXTRACTED_TABLES.contains(&table),
        "{table} holds no extracted rows"
    );
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute([id])?;
    Ok(())
}

/// The highest id in `table` (one of the schema's own table names), 0 when it is empty.
pub fn max_id(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |row| row.get(0),
    )
}

/// The number of rows in `table` (one of the schema's own table names).
pub fn count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
        row.get(0)
    })
}
