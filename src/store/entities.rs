//! The `entities` table: people, organisations, places and groups, with their folded match key.

use std::collections::HashMap;

use rusqlite::{named_params, Connection};

use super::{Filter, Outcome};
use crate::fold::fold;
use crate::model::{Entity, EntityId, LoadId};

/// Every entity key with its id.
pub fn keys(conn: &Connection) -> rusqlite::Result<HashMap<String, EntityId>> {
    conn.prepare("SELECT key, id FROM entities")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
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

/// Inserts or updates the entity with key `entity.key`.
pub fn upsert(conn: &Connection, entity: &Entity, load: LoadId) -> rusqlite::Result<Outcome> {
    super::upsert(
        conn,
        "SELECT id FROM entities WHERE key = ?1",
        [&entity.key],
        "INSERT INTO entities (key, kind, name, match_key, description, wikidata, load_id)
         VALUES (:key, :kind, :name, :match_key, :description, :wikidata, :load)",
        "UPDATE entities SET kind = :kind, name = :name, match_key = :match_key, description = :description,
                wikidata = :wikidata, load_id = :load
         WHERE id = :id AND :key IS key
           AND NOT (kind IS :kind AND name IS :name AND description IS :description AND wikidata IS :wikidata)",
        named_params! {
            ":key": entity.key,
            ":kind": entity.kind,
            ":name": entity.name,
            ":match_key": fold(&entity.name),
            ":description": entity.description,
            ":wikidata": entity.wikidata,
            ":load": load,
        },
    )
}

/// The SELECT of `query entities` and of `export`.
pub fn select(filter: &Filter) -> String {
    format!(
        "SELECT e.key, e.kind, e.name, e.description, e.wikidata FROM entities AS e{} ORDER BY e.key",
        filter.sql()
    )
}
