//! The `entities` table: people, organisations, places and groups, with their folded match key.

use std::collections::HashMap;

use rusqlite::{Connection, ToSql};

use super::table::{generated, own, Column, Csv, Sql};
use super::{Context, Filter, Known, Outcome, RowError, Table};
use crate::csvin::{FieldError, Fields};
use crate::fold::{fold, visible_key};
use crate::model::{check_key, check_wikidata, EntityId, EntityKind, Vocabulary};

/// An entity as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub key: String,
    pub kind: EntityKind,
    pub name: String,
    /// The name folded ([`crate::fold::fold`]): what entity filters compare against.
    pub match_key: String,
    pub description: Option<String>,
    pub wikidata: Option<String>,
}

pub struct Entities;

impl Table for Entities {
    type Row = Entity;
    const NAME: &'static str = "entities";
    const ALIAS: &'static str = "e";
    const COLUMNS: &'static [Column] = &[
        own("key", Csv::Required, "the entity's stable key (tokayev)"),
        own(
            "kind",
            Csv::Required,
            "person, organization, place, group, event or other",
        ),
        own("name", Csv::Required, "its name"),
        own("description", Csv::Optional, "a short description"),
        own("wikidata", Csv::Optional, "its Wikidata item id (Q42)"),
        Column {
            name: "match_key",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "the name folded for case and accents",
        },
    ];
    const KEY: &'static [&'static str] = &["key"];
    const KEY_WORDS: &'static str = "key";
    const ORDER: &'static str = "e.key";

    fn parse(row: &Fields, _ctx: &mut Context) -> Result<Entity, RowError> {
        let key = row.required("key")?;
        check_key(key).map_err(|m| FieldError::new("key", m))?;
        let wikidata = row.text("wikidata");
        if let Some(id) = &wikidata {
            check_wikidata(id).map_err(|m| FieldError::new("wikidata", m))?;
        }
        let name = row.required("name")?;
        let match_key = visible_key(name).map_err(|m| FieldError::new("name", m))?;
        Ok(Entity {
            key: key.to_string(),
            kind: row.vocabulary("kind", None)?,
            name: name.to_string(),
            match_key,
            description: row.text("description"),
            wikidata,
        })
    }

    fn values(e: &Entity) -> Vec<&dyn ToSql> {
        vec![
            &e.key,
            &e.kind,
            &e.name,
            &e.description,
            &e.wikidata,
            &e.match_key,
        ]
    }

    generated!(Entities);

    fn remember(entity: Entity, outcome: Outcome, known: &mut Known) {
        known.entities.insert(entity.key, EntityId(outcome.id()));
    }
}

/// Every entity key with its id.
pub fn keys(conn: &Connection) -> rusqlite::Result<HashMap<String, EntityId>> {
    conn.prepare("SELECT key, id FROM entities")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

/// Every entity's key by its id.
pub fn keys_by_id(conn: &Connection) -> rusqlite::Result<HashMap<EntityId, String>> {
    conn.prepare("SELECT id, key FROM entities")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

/// Every entity's id, kind and name, in id order: what the extractor is built from.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<(EntityId, EntityKind, String)>> {
    conn.prepare("SELECT id, kind, name FROM entities ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// The ids of the entities that `text` names: by key, or by name or alias folded for case,
/// accents and punctuation variants.
pub fn resolve(conn: &Connection, text: &str) -> rusqlite::Result<Vec<EntityId>> {
    conn.prepare_cached(
        "SELECT id FROM entities WHERE key = ?1 OR match_key = ?2
         UNION SELECT entity_id FROM aliases WHERE match_key = ?2
         ORDER BY 1",
    )?
    .query_map((text, fold(text)), |row| row.get(0))?
    .collect()
}

/// Every key, name and alias of the entities, for suggesting the closest to a mistyped one.
pub fn names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT key FROM entities UNION SELECT name FROM entities UNION SELECT alias FROM aliases",
    )?
    .query_map([], |row| row.get(0))?
    .collect()
}

/// Every match key of entities and aliases against its name: each must be the name folded.
pub fn check_match_keys(conn: &Connection) -> rusqlite::Result<super::Checked> {
    let mut checked = super::Checked::default();
    for (table, name) in [("entities", "name"), ("aliases", "alias")] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, {name}, match_key FROM {table} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, text, key): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if fold(&text) != key {
                checked.problems.push(format!(
                    "match keys: {table} row {id} ({text:?}) has match key {key:?}, not {:?}",
                    fold(&text)
                ));
            }
        }
    }
    Ok(checked)
}

/// The filters of `query entities`.
#[derive(Debug, Default)]
pub struct Filters {
    pub entity: Option<Vec<EntityId>>,
    pub kind: Option<EntityKind>,
    /// Only entities whose folded name contains this (already folded).
    pub contains: Option<String>,
}

/// The SELECT of `query entities` (and, unfiltered, of `export`).
pub fn select(filters: &Filters) -> (String, Filter) {
    let mut filter = Filter::default();
    filter.ids_in("e.id", ids(&filters.entity).as_deref());
    filter.equals("e.kind", filters.kind.map(EntityKind::as_str));
    if let Some(needle) = &filters.contains {
        filter.push("instr(e.match_key, ?) > 0", [super::text(needle)]);
    }
    (
        super::table::select::<Entities>("entities", &filter, false),
        filter,
    )
}

/// Entity ids as plain integers, for a [`Filter`].
pub fn ids(entities: &Option<Vec<EntityId>>) -> Option<Vec<i64>> {
    entities
        .as_ref()
        .map(|ids| ids.iter().map(|e| e.0).collect())
}
