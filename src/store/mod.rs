//! SQL, one module per table: each module owns its table's columns, the parse of one CSV row into
//! its model row, and the statements that write and read it.
//!
//! The content tables (lexicon, entities, aliases, sources, mentions, statements, figures)
//! implement [`table::Table`]: their writes are upserts by natural key generated from the column
//! list ([`table::write`]), reporting whether a row was inserted, updated or left unchanged (an
//! update that would change nothing is not made). Their SELECTs, for `query` and `export`, are
//! generated the same way, with the filters each module accepts; values are always bound as
//! parameters ([`Filter`]). `loads`, `fts` and `search` hold the SQL of the bookkeeping tables
//! and of full-text search; each module also holds the checks of `check` on its tables
//! ([`Checked`]).

pub mod aliases;
pub mod builtin;
pub mod decisions;
pub mod entities;
pub mod figures;
pub mod fts;
pub mod lexicon;
pub mod loads;
pub mod mentions;
pub mod search;
pub mod sources;
pub mod spans;
pub mod statements;
pub mod table;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::csvin::{quoted, FieldError};
use crate::model::{EntityId, Origin, SourceId};
use crate::text::SourceText;

pub use table::{Mode, Readable, Table};

/// The content tables, in the order `load dataset` loads their files (each row may point to rows
/// of the kinds before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Lexicon,
    Entities,
    Aliases,
    Decisions,
    Sources,
    Mentions,
    Statements,
    Figures,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Lexicon,
        Kind::Entities,
        Kind::Aliases,
        Kind::Decisions,
        Kind::Sources,
        Kind::Mentions,
        Kind::Statements,
        Kind::Figures,
    ];

    /// The table's name, which is also the kind of file.
    pub fn name(self) -> &'static str {
        self.generated().spec.kind
    }

    /// The file's name in a dataset folder.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    /// The statements generated for the table (and its CSV columns).
    pub fn generated(self) -> &'static table::Generated {
        match self {
            Kind::Lexicon => lexicon::Lexicon::generated(),
            Kind::Entities => entities::Entities::generated(),
            Kind::Aliases => aliases::Aliases::generated(),
            Kind::Decisions => decisions::Decisions::generated(),
            Kind::Sources => sources::Sources::generated(),
            Kind::Mentions => mentions::Mentions::generated(),
            Kind::Statements => statements::Statements::generated(),
            Kind::Figures => figures::Figures::generated(),
        }
    }

    /// Every column of the table.
    pub fn columns(self) -> &'static [table::Column] {
        match self {
            Kind::Lexicon => lexicon::Lexicon::COLUMNS,
            Kind::Entities => entities::Entities::COLUMNS,
            Kind::Aliases => aliases::Aliases::COLUMNS,
            Kind::Decisions => decisions::Decisions::COLUMNS,
            Kind::Sources => sources::Sources::COLUMNS,
            Kind::Mentions => mentions::Mentions::COLUMNS,
            Kind::Statements => statements::Statements::COLUMNS,
            Kind::Figures => figures::Figures::COLUMNS,
        }
    }

    /// "Load figures: source, metric, evidence, value, ...": the one-line help of its loader.
    pub fn about(self) -> String {
        let spec = &self.generated().spec;
        let columns: Vec<&str> = spec
            .required
            .iter()
            .chain(&spec.optional)
            .copied()
            .collect();
        format!("Load {}: {}", self.name(), columns.join(", "))
    }

    /// "Figures: source, metric, value, ...": the one-line help of its query, naming the columns
    /// it writes.
    pub fn query_about(self) -> String {
        let name = self.name();
        let columns: Vec<&str> = self
            .columns()
            .iter()
            .filter(|c| !matches!(c.sql, table::Sql::Hidden | table::Sql::Export(_)))
            .map(|c| c.name)
            .collect();
        format!(
            "{}{}: {}",
            name[..1].to_uppercase(),
            &name[1..],
            columns.join(", ")
        )
    }

    /// The long help of its loader: every column a file may have, with what it holds.
    pub fn long_about(self) -> String {
        let mut text = format!(
            "Load {} from CSV files with a header row; the columns may come in any order.\n\nColumns:",
            self.name()
        );
        for column in self.columns().iter().filter(|c| c.csv != table::Csv::Never) {
            let required = if column.csv == table::Csv::Required {
                " (required)"
            } else {
                ""
            };
            text.push_str(&format!("\n  {}{required}: {}", column.name, column.help));
        }
        text
    }

    /// The SELECT of every row of the table as `export` writes it: built-in rows left out (they
    /// come with factstore).
    pub fn export_select(self) -> (String, Filter) {
        match self {
            Kind::Lexicon => lexicon::select(&lexicon::Filters {
                no_builtin: true,
                ..Default::default()
            }),
            Kind::Entities => entities::select(&entities::Filters {
                no_builtin: true,
                ..Default::default()
            }),
            Kind::Aliases => aliases::select(&aliases::Filters {
                no_builtin: true,
                ..Default::default()
            }),
            Kind::Decisions => decisions::select(),
            Kind::Sources => sources::select(&Default::default(), true),
            Kind::Mentions => mentions::select(&Default::default(), false),
            Kind::Statements => statements::select(&Default::default(), false),
            Kind::Figures => figures::select(&Default::default(), false),
        }
    }
}

impl Kind {
    /// The SELECT of every row of the table for a warehouse file: the columns of
    /// [`Kind::export_select`], with a source's text in place of its file's name.
    pub fn warehouse_select(self) -> String {
        match self {
            Kind::Lexicon => table::select_stored::<lexicon::Lexicon>(),
            Kind::Entities => table::select_stored::<entities::Entities>(),
            Kind::Aliases => table::select_stored::<aliases::Aliases>(),
            Kind::Decisions => table::select_stored::<decisions::Decisions>(),
            Kind::Sources => table::select_stored::<sources::Sources>(),
            Kind::Mentions => table::select_stored::<mentions::Mentions>(),
            Kind::Statements => table::select_stored::<statements::Statements>(),
            Kind::Figures => table::select_stored::<figures::Figures>(),
        }
    }
}

/// The views of the schema made for reading outside factstore (the shell, warehouses): each
/// row's keys and names joined in.
pub const REPORT_VIEWS: [&str; 4] = [
    "figure_report",
    "statement_report",
    "mention_report",
    "source_report",
];

/// The SELECT of every row of `view` (one of [`REPORT_VIEWS`]), by id.
pub fn view_select(view: &str) -> String {
    assert!(REPORT_VIEWS.contains(&view), "{view} is not a report view");
    format!("SELECT * FROM {view} ORDER BY id")
}

/// Everything the extractor is built from, read from the store.
pub fn knowledge(conn: &Connection) -> rusqlite::Result<crate::extract::Knowledge> {
    Ok(crate::extract::Knowledge {
        entities: entities::all(conn)?,
        aliases: aliases::all(conn)?,
        lexicon: lexicon::all(conn)?,
        rejected: decisions::rejected(conn)?.into_iter().collect(),
    })
}

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

/// What went wrong with one row.
#[derive(Debug)]
pub enum RowError {
    /// A problem with the row as a whole: not as many fields as the header, or a row the command
    /// had already.
    Row(String),
    Field(FieldError),
    Db(rusqlite::Error),
}

impl From<FieldError> for RowError {
    fn from(e: FieldError) -> Self {
        RowError::Field(e)
    }
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Db(e)
    }
}

/// How many source texts a load keeps indexed in memory at once.
const TEXT_CACHE: usize = 64;

/// What a write transaction knows of the store, kept in memory while it runs: the keys rows are
/// resolved by, the metrics the lexicon names, recently read source texts, and the sources it
/// inserted or changed.
#[derive(Default)]
pub struct Known {
    pub sources: HashMap<String, SourceId>,
    pub entities: HashMap<String, EntityId>,
    pub metrics: HashSet<String>,
    texts: HashMap<SourceId, Rc<SourceText>>,
    /// Sources inserted or changed, in the order they were.
    pub changed: Vec<SourceId>,
}

impl Known {
    /// Reads the keys and metrics of the store.
    pub fn read(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(Known {
            sources: sources::keys(conn)?,
            entities: entities::keys(conn)?,
            metrics: lexicon::metrics(conn)?,
            ..Known::default()
        })
    }

    /// Forgets the cached text of source `id` (it was changed).
    pub fn forget_text(&mut self, id: SourceId) {
        self.texts.remove(&id);
    }
}

/// What the parse of one row may look up: the [`Known`] keys, the store itself for what is not
/// kept in memory (a stored source's text and hash), and the folder that file names in the row
/// are relative to.
pub struct Context<'a> {
    pub conn: &'a Connection,
    pub known: &'a mut Known,
    pub base: &'a Path,
}

impl Context<'_> {
    /// The id of source `key`; the error names `field`.
    pub fn source(&self, key: &str) -> Result<SourceId, FieldError> {
        self.known
            .sources
            .get(key)
            .copied()
            .ok_or_else(|| FieldError::new("source", format!("unknown source {}", quoted(key))))
    }

    /// The id of entity `key`; the error names `field`.
    pub fn entity(&self, field: &'static str, key: &str) -> Result<EntityId, FieldError> {
        self.known
            .entities
            .get(key)
            .copied()
            .ok_or_else(|| FieldError::new(field, format!("unknown entity {}", quoted(key))))
    }

    /// The indexed text of source `id`, read once and cached.
    pub fn text(&mut self, id: SourceId) -> rusqlite::Result<Rc<SourceText>> {
        let texts = &mut self.known.texts;
        if let Some(text) = texts.get(&id) {
            return Ok(Rc::clone(text));
        }
        if texts.len() >= TEXT_CACHE {
            texts.clear();
        }
        let text = Rc::new(SourceText::new(sources::body(self.conn, id)?));
        texts.insert(id, Rc::clone(&text));
        Ok(text)
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

    /// Adds `expr IN (ids)`; nothing when `ids` is `None`.
    pub fn ids_in(&mut self, expr: &str, ids: Option<&[i64]>) {
        if let Some(ids) = ids {
            self.any_of(expr, ids.iter().map(|&id| Value::Integer(id)));
        }
    }

    /// Adds `column = value` when a value is given.
    pub fn equals(&mut self, column: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.push(format!("{column} = ?"), [text(value)]);
        }
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

    /// The parameters, to be bound with more after them.
    pub fn into_params(self) -> Vec<Value> {
        self.params
    }
}

/// A text value for a [`Filter`].
pub fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

/// The filters of the queries over sources and what points into them.
#[derive(Debug, Default, Clone)]
pub struct SourceFilters {
    /// Only these sources (none: every source).
    pub sources: Vec<SourceId>,
    /// Only sources in this language.
    pub language: Option<String>,
    /// Only rows dated on or after / on or before this day.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only rows whose text, folded, contains this (already folded).
    pub contains: Option<String>,
}

impl SourceFilters {
    /// Adds the filters to `filter`; `date` is the SQL expression of a row's date, `body` that of
    /// the text `contains` searches.
    pub fn apply(&self, filter: &mut Filter, date: &str, body: &str) {
        filter.any_of("s.id", self.sources.iter().map(|s| Value::Integer(s.0)));
        filter.equals("s.language", self.language.as_deref());
        if let Some(since) = &self.since {
            filter.push(format!("{date} >= ?"), [text(since)]);
        }
        if let Some(until) = &self.until {
            filter.push(format!("{date} <= ?"), [text(until)]);
        }
        if let Some(needle) = &self.contains {
            filter.push(format!("instr(fold({body}), ?) > 0"), [text(needle)]);
        }
    }
}

/// Adds `column = origin` when an origin is given.
pub fn origin_is(filter: &mut Filter, column: &str, origin: Option<Origin>) {
    if let Some(origin) = origin {
        filter.push(
            format!("{column} = ?"),
            [text(crate::model::Vocabulary::as_str(origin))],
        );
    }
}

/// Adds `column = origin` when an origin is given, and `column <> 'builtin'` with `no_builtin`.
pub fn provenance_is(
    filter: &mut Filter,
    column: &str,
    origin: Option<crate::model::Provenance>,
    no_builtin: bool,
) {
    use crate::model::{Provenance, Vocabulary};
    if let Some(origin) = origin {
        filter.push(format!("{column} = ?"), [text(origin.as_str())]);
    }
    if no_builtin {
        filter.push(
            format!("{column} <> ?"),
            [text(Provenance::Builtin.as_str())],
        );
    }
}

/// Checks that `low <= value <= high`, for the bounds that are given.
pub fn check_bounds(
    value: Option<i64>,
    low: Option<i64>,
    high: Option<i64>,
) -> Result<(), FieldError> {
    if let (Some(low), Some(high)) = (low, high) {
        if low > high {
            return Err(FieldError::new(
                "low",
                format!("{low} is greater than high ({high})"),
            ));
        }
    }
    if let (Some(value), Some(low)) = (value, low) {
        if value < low {
            return Err(FieldError::new(
                "value",
                format!("{value} is below low ({low})"),
            ));
        }
    }
    if let (Some(value), Some(high)) = (value, high) {
        if value > high {
            return Err(FieldError::new(
                "value",
                format!("{value} is above high ({high})"),
            ));
        }
    }
    Ok(())
}

/// What one check of `factstore check` found: its problems, one line each, and what it looked at.
#[derive(Debug, Default)]
pub struct Checked {
    pub problems: Vec<String>,
    /// What was checked ("5 sources"), or nothing.
    pub detail: String,
}

/// The first column of every row of `sql` (a query without parameters), as text.
pub fn column(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(sql)?
        .query_map([], |row| row.get(0))?
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_column_is_in_the_schema() {
        let mut conn =
            crate::db::open_for_writing(Path::new("/nonexistent/folder/x.db"), true).unwrap();
        let conn = conn.transaction().unwrap();
        crate::db::migrate(&conn, "x.db").unwrap();
        for kind in Kind::ALL {
            let mut columns: Vec<String> = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    kind.name()
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            columns.retain(|c| c != "id" && c != "load_id" && c != "statement_id");
            let mut declared = kind.generated().stored.clone();
            declared.sort_unstable();
            columns.sort_unstable();
            assert_eq!(declared, columns, "{}", kind.name());
            // the generated statements prepare against the schema
            conn.prepare(&kind.export_select().0).unwrap();
        }
    }

    #[test]
    fn bounds_must_be_ordered() {
        assert!(check_bounds(Some(5), Some(2), Some(9)).is_ok());
        assert_eq!(
            check_bounds(None, Some(9), Some(2)).unwrap_err().message,
            "9 is greater than high (2)"
        );
        assert_eq!(
            check_bounds(Some(1), Some(2), None).unwrap_err().message,
            "1 is below low (2)"
        );
        assert_eq!(
            check_bounds(Some(10), None, Some(9)).unwrap_err().message,
            "10 is above high (9)"
        );
    }
}
