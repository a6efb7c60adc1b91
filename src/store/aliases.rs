//! The `aliases` table: every spelling of an entity, with its language and folded match key.

use rusqlite::{Connection, ToSql};

use super::entities::ids;
use super::table::{generated, own, Column, Csv, Sql};
use super::{provenance_is, Context, Filter, RowError, Table};
use crate::csvin::{FieldError, Fields};
use crate::fold::visible_key;
use crate::model::{EntityId, Provenance};

/// An alias as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub entity: EntityId,
    pub alias: String,
    pub language: Option<String>,
    /// The alias folded ([`crate::fold::fold`]).
    pub match_key: String,
    /// Built-in (the knowledge factstore ships) or curated; files load curated rows.
    pub origin: Provenance,
}

pub struct Aliases;

impl Table for Aliases {
    type Row = Alias;
    const NAME: &'static str = "aliases";
    const ALIAS: &'static str = "a";
    const COLUMNS: &'static [Column] = &[
        Column {
            name: "entity",
            csv: Csv::Required,
            sql: Sql::Entity {
                column: "entity_id",
                alias: "e",
                required: true,
            },
            help: "the entity's key",
        },
        own("alias", Csv::Required, "a spelling of its name"),
        own(
            "language",
            Csv::Optional,
            "the language of the spelling (empty: any)",
        ),
        Column {
            name: "match_key",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "the alias folded for case and accents",
        },
        Column {
            name: "origin",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "builtin or curated",
        },
    ];
    const KEY: &'static [&'static str] = &["entity_id", "alias"];
    const KEY_WORDS: &'static str = "entity and alias";
    const ORDER: &'static str = "e.key, a.alias";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<Alias, RowError> {
        let alias = row.required("alias")?;
        let match_key = visible_key(alias).map_err(|m| FieldError::new("alias", m))?;
        Ok(Alias {
            entity: ctx.entity("entity", row.required("entity")?)?,
            alias: alias.to_string(),
            language: row.language("language")?,
            match_key,
            origin: Provenance::Curated,
        })
    }

    fn values(a: &Alias) -> Vec<&dyn ToSql> {
        vec![&a.entity, &a.alias, &a.language, &a.match_key, &a.origin]
    }

    generated!(Aliases);

    fn set_provenance(row: &mut Self::Row, provenance: Provenance) {
        row.origin = provenance;
    }
}

/// Every alias with its entity, in id order: what the extractor is built from.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<(EntityId, String)>> {
    conn.prepare("SELECT entity_id, alias FROM aliases ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The filters of `query aliases`.
#[derive(Debug, Default)]
pub struct Filters {
    pub entity: Option<Vec<EntityId>>,
    pub language: Option<String>,
    pub origin: Option<Provenance>,
    /// Leave the built-in rows out (what `export` writes: they come with factstore).
    pub no_builtin: bool,
}

/// The SELECT of `query aliases` (and, unfiltered, of `export`).
pub fn select(filters: &Filters) -> (String, Filter) {
    let mut filter = Filter::default();
    filter.ids_in("a.entity_id", ids(&filters.entity).as_deref());
    filter.equals("a.language", filters.language.as_deref());
    provenance_is(&mut filter, "a.origin", filters.origin, filters.no_builtin);
    (
        super::table::select::<Aliases>("aliases", &filter, false),
        filter,
    )
}
