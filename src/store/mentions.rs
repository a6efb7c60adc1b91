//! The `mentions` table: where an entity is named in a source.

use rusqlite::{named_params, Connection};

use super::{Filter, Mode, Outcome};
use crate::eval;
use crate::model::{LoadId, Mention};

/// Inserts or updates the mention of `mention.entity` at its span.
pub fn upsert(conn: &Connection, mention: &Mention, load: LoadId) -> rusqlite::Result<Outcome> {
    write(conn, Mode::Upsert, mention, load)
}

/// Writes `mention` in `mode` (see [`Mode`]).
pub fn write(
    conn: &Connection,
    mode: Mode,
    mention: &Mention,
    load: LoadId,
) -> rusqlite::Result<Outcome> {
    let span = &mention.span;
    super::write(
        conn,
        mode,
        "SELECT id FROM mentions
         WHERE source_id = ?1 AND origin = ?2 AND char_start = ?3 AND char_end = ?4 AND entity_id = ?5",
        (span.source, &span.origin, span.char_start, span.char_end, mention.entity),
        "INSERT INTO mentions (source_id, entity_id, surface, char_start, char_end, origin, confidence, load_id)
         VALUES (:source, :entity, :surface, :start, :end, :origin, :confidence, :load)",
        "UPDATE mentions SET surface = :surface, confidence = :confidence, load_id = :load
         WHERE id = :id AND :source IS source_id AND :entity IS entity_id AND :start IS char_start
           AND :end IS char_end AND :origin IS origin
           AND NOT (surface IS :surface AND confidence IS :confidence)",
        named_params! {
            ":source": span.source,
            ":entity": mention.entity,
            ":surface": mention.surface,
            ":start": span.char_start,
            ":end": span.char_end,
            ":origin": span.origin,
            ":confidence": span.confidence,
            ":load": load,
        },
    )
}

/// The SELECT of `query mentions` and of `export`.
///
/// With `unique`, an extracted row that a curated row already states is left out (the view
/// `unique_mentions`).
pub fn select(filter: &Filter, unique: bool) -> String {
    format!(
        "SELECT s.key AS source, e.key AS entity, m.surface, m.char_start, m.char_end, m.origin, m.confidence
         FROM {} AS m
         JOIN sources AS s ON s.id = m.source_id
         JOIN entities AS e ON e.id = m.entity_id{}
         ORDER BY s.key, m.char_start, m.char_end, e.key, m.origin",
        if unique { "unique_mentions" } else { "mentions" },
        filter.sql()
    )
}

/// The mentions of `origin` (`curated` or `extracted`) in the sources keyed `sources` (every source
/// when empty), with source and entity keys, in id order: what `eval` scores.
pub fn for_eval(
    conn: &Connection,
    origin: &str,
    sources: &[String],
) -> rusqlite::Result<Vec<eval::Mention>> {
    let filter = Filter::origin_in_sources("m", origin, sources);
    let sql = format!(
        "SELECT m.id, s.key, e.key, m.char_start, m.char_end
         FROM mentions AS m
         JOIN sources AS s ON s.id = m.source_id
         JOIN entities AS e ON e.id = m.entity_id{}
         ORDER BY m.id",
        filter.sql()
    );
    conn.prepare(&sql)?
        .query_map(filter.params(), |row| {
            Ok(eval::Mention {
                id: row.get(0)?,
                source: row.get(1)?,
                entity: row.get(2)?,
                char_start: row.get(3)?,
                char_end: row.get(4)?,
            })
        })?
        .collect()
}
