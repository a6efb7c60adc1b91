//! What every content table shares: its columns described once ([`Column`]), and the statements
//! generated from that description ([`Generated`]): the CSV header a loader accepts, the upsert by
//! natural key, and the SELECT that `query` and `export` run.
//!
//! A table module (`store::figures`, ...) implements [`Table`]: its columns, natural key, a parse
//! of one CSV row into its model row, and the row's values in column order. Everything else, the
//! write included, is one implementation here for all tables.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql};

use super::{Context, Filter, Known, Outcome, RowError};
use crate::csvin::{Fields, Spec};
use crate::model::{LoadId, Provenance};

/// Whether a CSV file of the table's kind must have a column, may have it, or never has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Csv {
    Required,
    Optional,
    /// Stored or exported, but not read from files (derived from other columns).
    Never,
}

/// How a column is stored, and how a query reads it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sql {
    /// A column of the table, of the same name.
    Own,
    /// `source_id`, read back as the source's key.
    Source,
    /// An entity id column (`subject_id`), read back as the entity's key through a join under
    /// `alias`; `required` when the column is NOT NULL.
    Entity {
        column: &'static str,
        alias: &'static str,
        required: bool,
    },
    /// A stored column derived from others (`match_key`, `body`): written, never shown.
    Hidden,
    /// Not stored: shown by `export` only, as this SQL expression (the file of a source's text).
    Export(&'static str),
}

/// One column of a content table: its name in files and output, whether files have it, how it is
/// stored, and a phrase for help texts.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub csv: Csv,
    pub sql: Sql,
    pub help: &'static str,
}

impl Column {
    /// The stored column's name, if the column is stored.
    pub fn stored(&self) -> Option<&'static str> {
        match self.sql {
            Sql::Own | Sql::Hidden => Some(self.name),
            Sql::Source => Some("source_id"),
            Sql::Entity { column, .. } => Some(column),
            Sql::Export(_) => None,
        }
    }
}

/// A column of the table's own, of the same name.
pub const fn own(name: &'static str, csv: Csv, help: &'static str) -> Column {
    Column {
        name,
        csv,
        sql: Sql::Own,
        help,
    }
}

/// A content table: what its module declares; see the module documentation.
pub trait Table: 'static {
    /// The model row the table stores.
    type Row;
    /// The table's name: also the kind of file, and its file name in a dataset (`figures.csv`).
    const NAME: &'static str;
    /// The table's alias in its SELECT (`f` for figures).
    const ALIAS: &'static str;
    /// Every column, in the order query output and export write them.
    const COLUMNS: &'static [Column];
    /// The stored columns that identify a row (the table's UNIQUE constraint).
    const KEY: &'static [&'static str];
    /// What makes two rows the same row, in words, for messages.
    const KEY_WORDS: &'static str;
    /// The ORDER BY of its SELECT, over [`Self::ALIAS`] and `s` (the source).
    const ORDER: &'static str;

    /// Checks one CSV row and makes it a model row; keys are resolved, and spans placed, through
    /// `ctx`. Fails with the field at fault.
    fn parse(row: &Fields, ctx: &mut Context) -> Result<Self::Row, RowError>;

    /// The row's values, one per stored column, in the order of [`Self::COLUMNS`].
    fn values(row: &Self::Row) -> Vec<&dyn ToSql>;

    /// The statements generated for the table, built once (`generated!` writes this).
    fn generated() -> &'static Generated;

    /// Makes what an accepted row stored known to the rows after it (a new key, a new metric).
    fn remember(_row: Self::Row, _outcome: Outcome, _known: &mut Known) {}

    /// Marks a row as built in, curated or extracted, for the tables whose rows say so (lexicon,
    /// entities, aliases); the others have no such column.
    fn set_provenance(_row: &mut Self::Row, _provenance: crate::model::Provenance) {}
}

/// A table whose rows can be read back as model rows (the tables whose rows point into sources).
pub trait Readable: Table {
    /// The model row from `row`, whose columns from `at` on are the stored columns in the order
    /// of [`Table::COLUMNS`].
    fn read(row: &rusqlite::Row, at: usize) -> rusqlite::Result<Self::Row>;
}

/// The rows of table `T` that pass `filter` (over the table itself, unaliased), in id order,
/// each with its id.
pub fn rows<T: Readable>(
    conn: &Connection,
    filter: &Filter,
) -> rusqlite::Result<Vec<(i64, T::Row)>> {
    let sql = format!(
        "SELECT id, {} FROM {}{} ORDER BY id",
        T::generated().stored.join(", "),
        T::NAME,
        filter.sql()
    );
    conn.prepare(&sql)?
        .query_map(filter.params(), |r| Ok((r.get(0)?, T::read(r, 1)?)))?
        .collect()
}

/// Writes the [`Table::generated`] of a table module: `generated!(Figures)`.
macro_rules! generated {
    ($table:ty) => {
        fn generated() -> &'static $crate::store::table::Generated {
            static GENERATED: std::sync::LazyLock<$crate::store::table::Generated> =
                std::sync::LazyLock::new($crate::store::table::Generated::of::<$table>);
            &GENERATED
        }
    };
}
pub(crate) use generated;

/// The statements of one table, generated from its [`Column`]s.
#[derive(Debug)]
pub struct Generated {
    /// The CSV columns a file of this kind must and may have.
    pub spec: Spec,
    /// The stored columns, in the order of [`Table::values`].
    pub stored: Vec<&'static str>,
    /// `SELECT id FROM t WHERE key = ?...`, its parameters the key's values.
    find: String,
    /// The same, with the row's `origin`, for the tables whose rows may be built in.
    find_origin: Option<String>,
    /// The position of `origin` among the stored values, for those tables.
    origin: Option<usize>,
    /// Positions of the key's columns among the stored values.
    key: Vec<usize>,
    /// `INSERT INTO t (...) VALUES (?1, ...)`: the stored values, then the load.
    insert: String,
    /// `UPDATE t SET ... WHERE id = ? AND NOT (...)`: the stored values, the load, then the id;
    /// it changes the row only when a value differs.
    update: String,
}

impl Generated {
    /// Builds the statements of table `T`.
    pub fn of<T: Table>() -> Generated {
        let stored: Vec<&str> = T::COLUMNS.iter().filter_map(Column::stored).collect();
        let key: Vec<usize> = T::KEY
            .iter()
            .map(|k| {
                stored
                    .iter()
                    .position(|s| s == k)
                    .unwrap_or_else(|| panic!("key column {k} is not a column of {}", T::NAME))
            })
            .collect();
        let n = stored.len();
        let find = format!(
            "SELECT id FROM {} WHERE {}",
            T::NAME,
            T::KEY
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k} = ?{}", i + 1))
                .collect::<Vec<_>>()
                .join(" AND ")
        );
        let origin = stored.iter().position(|c| *c == "origin");
        let find_origin = stored
            .contains(&"origin")
            .then(|| find.replacen("SELECT id", "SELECT id, origin", 1));
        let insert = format!(
            "INSERT INTO {} ({}, load_id) VALUES ({})",
            T::NAME,
            stored.join(", "),
            (1..=n + 1)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let others: Vec<(usize, &str)> = (0..n)
            .filter(|i| !key.contains(i))
            .map(|i| (i + 1, stored[i]))
            .collect();
        let set: Vec<String> = others.iter().map(|(i, c)| format!("{c} = ?{i}")).collect();
        let same: Vec<String> = others.iter().map(|(i, c)| format!("{c} IS ?{i}")).collect();
        let update = format!(
            "UPDATE {} SET {}, load_id = ?{} WHERE id = ?{} AND NOT ({})",
            T::NAME,
            set.join(", "),
            n + 1,
            n + 2,
            same.join(" AND ")
        );
        let csv = |kind: Csv| {
            T::COLUMNS
                .iter()
                .filter(|c| c.csv == kind)
                .map(|c| c.name)
                .collect()
        };
        Generated {
            spec: Spec {
                kind: T::NAME,
                required: csv(Csv::Required),
                optional: csv(Csv::Optional),
            },
            stored,
            find,
            find_origin,
            origin,
            key,
            insert,
            update,
        }
    }
}

/// How a row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Insert, update or leave the row with the same natural key.
    Upsert,
    /// Insert: the caller knows that no row has this natural key (an extraction into a source that
    /// had no extracted rows), which saves the look-up.
    Insert,
    /// Upsert a built-in row: a curated row with the same natural key is left as it is (a
    /// person's row always wins over the knowledge factstore ships).
    Builtin,
}

/// Writes `row` into table `T` under `load`: finds the row with its natural key; inserts it when
/// absent (or always, in [`Mode::Insert`]); otherwise updates it only if a value differs, so that
/// a second load of the same file leaves every row, `load_id` included, as it was.
pub fn write<T: Table>(
    conn: &Connection,
    mode: Mode,
    row: &T::Row,
    load: LoadId,
) -> rusqlite::Result<Outcome> {
    let generated = T::generated();
    let mut values = T::values(row);
    let key: Vec<&dyn ToSql> = generated.key.iter().map(|&i| values[i]).collect();
    let origin = generated.origin;
    let found: Option<i64> = match (mode, &generated.find_origin, origin) {
        (Mode::Insert, _, _) => None,
        (_, Some(find_origin), Some(at)) => {
            let found: Option<(i64, String)> = conn
                .prepare_cached(find_origin)?
                .query_row(&key[..], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            // a file's row that says it is built in
            let said_builtin = mode == Mode::Upsert && is_builtin(values[at])?;
            match found {
                Some((id, o)) if mode == Mode::Builtin && o == "curated" => {
                    return Ok(Outcome::Unchanged(id))
                }
                Some((id, o)) if said_builtin && o == "builtin" => {
                    return over_builtin(conn, &generated.update, &values, at, load, id);
                }
                found => {
                    if said_builtin {
                        values[at] = &Provenance::Curated;
                    }
                    found.map(|(id, _)| id)
                }
            }
        }
        (Mode::Upsert | Mode::Builtin, _, _) => conn
            .prepare_cached(&generated.find)?
            .query_row(&key[..], |r| r.get(0))
            .optional()?,
    };
    values.push(&load);
    match found {
        None => {
            conn.prepare_cached(&generated.insert)?
                .execute(&values[..])?;
            Ok(Outcome::Inserted(conn.last_insert_rowid()))
        }
        Some(id) => {
            values.push(&id);
            let changed = conn
                .prepare_cached(&generated.update)?
                .execute(&values[..])?;
            Ok(if changed > 0 {
                Outcome::Updated(id)
            } else {
                Outcome::Unchanged(id)
            })
        }
    }
}

/// A file's row that says it is built in, over the built-in row `id` of the same natural key:
/// left built in when it says what the built-in row says (a query's output loaded back, which a
/// newer factstore may then update), else stored with the values the file gives as curated (a
/// person's edit, which a newer built-in knowledge never overwrites). A file's row that says
/// nothing of its origin is curated: it becomes the curated row.
fn over_builtin(
    conn: &Connection,
    update: &str,
    values: &[&dyn ToSql],
    origin: usize,
    load: LoadId,
    id: i64,
) -> rusqlite::Result<Outcome> {
    let mut params: Vec<&dyn ToSql> = values.to_vec();
    params[origin] = &Provenance::Builtin;
    params.push(&load);
    params.push(&id);
    if conn.prepare_cached(update)?.execute(&params[..])? == 0 {
        return Ok(Outcome::Unchanged(id));
    }
    params[origin] = &Provenance::Curated;
    conn.prepare_cached(update)?.execute(&params[..])?;
    Ok(Outcome::Updated(id))
}

/// Whether a value for an `origin` column is `builtin`.
fn is_builtin(value: &dyn ToSql) -> rusqlite::Result<bool> {
    Ok(matches!(
        value.to_sql()?,
        ToSqlOutput::Borrowed(ValueRef::Text(b"builtin"))
    ))
}

/// The SELECT of table `T` as `query` and `export` write it, from `from` (the table, or a view of
/// it such as `unique_figures`), keys and names joined in, filtered by `filter`. With `export`,
/// the columns that only exports have (a source's text file) are written too.
pub fn select<T: Table>(from: &str, filter: &Filter, export: bool) -> String {
    select_columns::<T>(from, filter, export, false)
}

/// The SELECT of every row of table `T` for a warehouse (Parquet): the columns of
/// [`select`], and the stored columns files leave out (a source's text), without the columns
/// only exports have (its file's name).
pub fn select_stored<T: Table>() -> String {
    select_columns::<T>(T::NAME, &Filter::default(), false, true)
}

/// [`select`], and with `hidden` the stored columns files do not have.
fn select_columns<T: Table>(from: &str, filter: &Filter, export: bool, hidden: bool) -> String {
    let a = T::ALIAS;
    let mut columns = Vec::new();
    let mut joins = String::new();
    for column in T::COLUMNS {
        let name = column.name;
        match column.sql {
            Sql::Own => columns.push(format!("{a}.{name}")),
            Sql::Source => {
                columns.push("s.key AS source".to_string());
                joins.push_str(&format!(" JOIN sources AS s ON s.id = {a}.source_id"));
            }
            Sql::Entity {
                column,
                alias,
                required,
            } => {
                columns.push(format!("{alias}.key AS {name}"));
                let join = if required { "JOIN" } else { "LEFT JOIN" };
                joins.push_str(&format!(
                    " {join} entities AS {alias} ON {alias}.id = {a}.{column}"
                ));
            }
            Sql::Hidden if hidden => columns.push(format!("{a}.{name}")),
            Sql::Hidden => {}
            Sql::Export(expr) if export => columns.push(format!("{expr} AS {name}")),
            Sql::Export(_) => {}
        }
    }
    format!(
        "SELECT {} FROM {from} AS {a}{joins}{} ORDER BY {}",
        columns.join(", "),
        filter.sql(),
        T::ORDER
    )
}
