//! The `mentions` table: where an entity is named in a source.

use rusqlite::ToSql;

use super::entities::ids;
use super::spans::{self, CHAR_END, CHAR_START, CONFIDENCE, ORIGIN, RULE, SOURCE};
use super::table::{generated, own, Column, Csv, Readable};
use super::{origin_is, Context, Filter, RowError, SourceFilters, Table};
use crate::csvin::Fields;
use crate::model::{EntityId, Origin, Span};

/// A mention as loaded or extracted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mention {
    pub span: Span,
    pub entity: EntityId,
    pub surface: String,
}

pub struct Mentions;

impl Table for Mentions {
    type Row = Mention;
    const NAME: &'static str = "mentions";
    const ALIAS: &'static str = "m";
    const COLUMNS: &'static [Column] = &[
        SOURCE,
        spans::entity(
            "entity",
            Csv::Required,
            "entity_id",
            "e",
            "the entity's key",
        ),
        own("surface", Csv::Required, "the name as the source writes it"),
        CHAR_START,
        CHAR_END,
        ORIGIN,
        CONFIDENCE,
        RULE,
    ];
    const KEY: &'static [&'static str] =
        &["source_id", "origin", "char_start", "char_end", "entity_id"];
    const KEY_WORDS: &'static str = "source, span, origin and entity";
    const ORDER: &'static str = "s.key, m.char_start, m.char_end, e.key, m.origin";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<Mention, RowError> {
        let surface = row.required("surface")?;
        Ok(Mention {
            entity: ctx.entity("entity", row.required("entity")?)?,
            span: spans::span(row, ctx, "surface", surface)?,
            surface: surface.to_string(),
        })
    }

    fn values(m: &Mention) -> Vec<&dyn ToSql> {
        let s = &m.span;
        vec![
            &s.source,
            &m.entity,
            &m.surface,
            &s.char_start,
            &s.char_end,
            &s.origin,
            &s.confidence,
            &s.rule,
        ]
    }

    generated!(Mentions);
}

impl Readable for Mentions {
    fn read(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Mention> {
        Ok(Mention {
            entity: r.get(at + 1)?,
            surface: r.get(at + 2)?,
            span: spans::read(r, [at, at + 3, at + 4, at + 5, at + 6, at + 7])?,
        })
    }
}

/// The filters of `query mentions`.
#[derive(Debug, Default)]
pub struct Filters {
    pub common: SourceFilters,
    pub entity: Option<Vec<EntityId>>,
    /// Only this origin; without it, an extracted row a curated row states is shown once.
    pub origin: Option<Origin>,
}

/// The SELECT of `query mentions` (and, unfiltered with every row, of `export`).
pub fn select(filters: &Filters, unique: bool) -> (String, Filter) {
    let mut filter = Filter::default();
    filters
        .common
        .apply(&mut filter, "s.published", "m.surface");
    filter.ids_in("m.entity_id", ids(&filters.entity).as_deref());
    origin_is(&mut filter, "m.origin", filters.origin);
    let from = if unique {
        "unique_mentions"
    } else {
        "mentions"
    };
    (
        super::table::select::<Mentions>(from, &filter, false),
        filter,
    )
}
