//! The `lexicon` table: the words, per language, that mark metrics, qualifiers, speech and numbers.

use std::collections::HashSet;

use rusqlite::{named_params, Connection};

use super::{Filter, Outcome};
use crate::model::{LexiconEntry, LoadId};

/// Every metric name the lexicon knows.
pub fn metrics(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    conn.prepare("SELECT DISTINCT code FROM lexicon WHERE kind = 'metric' AND code IS NOT NULL")?
        .query_map([], |row| row.get(0))?
        .collect()
}

/// Inserts or updates the entry for (`language`, `kind`, `term`).
pub fn upsert(conn: &Connection, entry: &LexiconEntry, load: LoadId) -> rusqlite::Result<Outcome> {
    super::upsert(
        conn,
        "SELECT id FROM lexicon WHERE language = ?1 AND kind = ?2 AND term = ?3",
        (&entry.language, &entry.kind, &entry.term),
        "INSERT INTO lexicon (language, kind, term, code, value, low, high, load_id)
         VALUES (:language, :kind, :term, :code, :value, :low, :high, :load)",
        "UPDATE lexicon SET code = :code, value = :value, low = :low, high = :high, load_id = :load
         WHERE id = :id AND :language IS language AND :kind IS kind AND :term IS term
           AND NOT (code IS :code AND value IS :value AND low IS :low AND high IS :high)",
        named_params! {
            ":language": entry.language,
            ":kind": entry.kind,
            ":term": entry.term,
            ":code": entry.code,
            ":value": entry.value,
            ":low": entry.low,
            ":high": entry.high,
            ":load": load,
        },
    )
}

/// The SELECT of `query lexicon` and of `export`.
pub fn select(filter: &Filter) -> String {
    format!(
        "SELECT l.language, l.kind, l.term, l.code, l.value, l.low, l.high
         FROM lexicon AS l{} ORDER BY l.language, l.kind, l.term",
        filter.sql()
    )
}
