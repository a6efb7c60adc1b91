//! The `aliases` table: every spelling of an entity, with its language and folded match key.

use rusqlite::{named_params, Connection};

use super::{Filter, Outcome};
use crate::fold::fold;
use crate::model::{Alias, LoadId};

/// Inserts or updates the alias `alias.alias` of entity `alias.entity`.
pub fn upsert(conn: &Connection, alias: &Alias, load: LoadId) -> rusqlite::Result<Outcome> {
    super::upsert(
        conn,
        "SELECT id FROM aliases WHERE entity_id = ?1 AND alias = ?2",
        (alias.entity, &alias.alias),
        "INSERT INTO aliases (entity_id, alias, language, match_key, load_id)
         VALUES (:entity, :alias, :language, :match_key, :load)",
        "UPDATE aliases SET language = :language, match_key = :match_key, load_id = :load
         WHERE id = :id AND :entity IS entity_id AND :alias IS alias AND language IS NOT :language",
        named_params! {
            ":entity": alias.entity,
            ":alias": alias.alias,
            ":language": alias.language,
            ":match_key": fold(&alias.alias),
            ":load": load,
        },
    )
}

/// The SELECT of `query aliases` and of `export`.
pub fn select(filter: &Filter) -> String {
    format!(
        "SELECT e.key AS entity, a.alias, a.language
         FROM aliases AS a JOIN entities AS e ON e.id = a.entity_id{}
         ORDER BY e.key, a.alias",
        filter.sql()
    )
}
