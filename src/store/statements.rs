//! The `statements` table: quotes and claims with their speaker and span.

use rusqlite::types::Value;
use rusqlite::ToSql;

use super::entities::ids;
use super::spans::{self, CHAR_END, CHAR_START, CONFIDENCE, ORIGIN, RULE, SOURCE};
use super::table::{generated, own, Column, Csv, Readable};
use super::{origin_is, Context, Filter, RowError, SourceFilters, Table};
use crate::csvin::Fields;
use crate::model::{EntityId, Origin, Span, StatementKind, Vocabulary};

/// A statement as loaded or extracted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Statement {
    pub span: Span,
    pub speaker: Option<EntityId>,
    pub kind: StatementKind,
    pub text: String,
    pub language: Option<String>,
}

pub struct Statements;

impl Table for Statements {
    type Row = Statement;
    const NAME: &'static str = "statements";
    const ALIAS: &'static str = "st";
    const COLUMNS: &'static [Column] = &[
        SOURCE,
        spans::entity(
            "speaker",
            Csv::Optional,
            "speaker_id",
            "sp",
            "who said it (an entity's key)",
        ),
        own(
            "kind",
            Csv::Optional,
            "quote (the default), indirect or term",
        ),
        own(
            "text",
            Csv::Required,
            "the words, as the source writes them",
        ),
        CHAR_START,
        CHAR_END,
        ORIGIN,
        own(
            "language",
            Csv::Optional,
            "the statement's language, when not its source's",
        ),
        CONFIDENCE,
        RULE,
    ];
    const KEY: &'static [&'static str] = &["source_id", "origin", "char_start", "char_end"];
    const KEY_WORDS: &'static str = "source, span and origin";
    const ORDER: &'static str = "s.key, st.char_start, st.char_end, st.origin";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<Statement, RowError> {
        let text = row.required("text")?;
        Ok(Statement {
            speaker: row
                .get("speaker")
                .map(|key| ctx.entity("speaker", key))
                .transpose()?,
            kind: row.vocabulary("kind", Some(StatementKind::Quote))?,
            language: row.language("language")?,
            span: spans::span(row, ctx, "text", text)?,
            text: text.to_string(),
        })
    }

    fn values(st: &Statement) -> Vec<&dyn ToSql> {
        let s = &st.span;
        vec![
            &s.source,
            &st.speaker,
            &st.kind,
            &st.text,
            &s.char_start,
            &s.char_end,
            &s.origin,
            &st.language,
            &s.confidence,
            &s.rule,
        ]
    }

    generated!(Statements);
}

impl Readable for Statements {
    fn read(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Statement> {
        let span = spans::read(r, [at, at + 4, at + 5, at + 6, at + 8, at + 9])?;
        Ok(Statement {
            speaker: r.get(at + 1)?,
            kind: r.get(at + 2)?,
            text: r.get(at + 3)?,
            language: r.get(at + 7)?,
            span,
        })
    }
}

/// The filters of `query statements`.
#[derive(Debug, Default)]
pub struct Filters {
    pub common: SourceFilters,
    pub speaker: Option<Vec<EntityId>>,
    /// Statements by one of these entities or naming one (a mention inside the span).
    pub entity: Option<Vec<EntityId>>,
    pub kind: Option<StatementKind>,
    pub origin: Option<Origin>,
}

/// The SELECT of `query statements` (and, unfiltered with every row, of `export`).
pub fn select(filters: &Filters, unique: bool) -> (String, Filter) {
    let mut filter = Filter::default();
    filters.common.apply(&mut filter, "s.published", "st.text");
    filter.ids_in("st.speaker_id", ids(&filters.speaker).as_deref());
    if let Some(ids) = ids(&filters.entity) {
        let marks = vec!["?"; ids.len()].join(", ");
        let values: Vec<Value> = ids.iter().chain(&ids).map(|&i| Value::Integer(i)).collect();
        filter.push(
            format!("(st.speaker_id IN ({marks}) OR EXISTS (SELECT 1 FROM mentions AS m WHERE m.source_id = st.source_id
                  AND m.entity_id IN ({marks}) AND m.char_start >= st.char_start AND m.char_end <= st.char_end))"),
            values,
        );
    }
    filter.equals("st.kind", filters.kind.map(StatementKind::as_str));
    origin_is(&mut filter, "st.origin", filters.origin);
    let from = if unique {
        "unique_statements"
    } else {
        "statements"
    };
    (
        super::table::select::<Statements>(from, &filter, false),
        filter,
    )
}
