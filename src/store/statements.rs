//! The `statements` table: quotes and claims with their speaker and span.

use rusqlite::types::Value;
use rusqlite::{named_params, Connection};

use super::{Filter, Mode, Outcome};
use crate::eval;
use crate::model::{LoadId, Statement};

/// Inserts or updates the statement at `statement.span`.
pub fn upsert(conn: &Connection, statement: &Statement, load: LoadId) -> rusqlite::Result<Outcome> {
    write(conn, Mode::Upsert, statement, load)
}

/// Writes `statement` in `mode` (see [`Mode`]).
pub fn write(
    conn: &Connection,
    mode: Mode,
    statement: &Statement,
    load: LoadId,
) -> rusqlite::Result<Outcome> {
    let span = &statement.span;
    super::write(
        conn,
        mode,
        "SELECT id FROM statements WHERE source_id = ?1 AND origin = ?2 AND char_start = ?3 AND char_end = ?4",
        (span.source, &span.origin, span.char_start, span.char_end),
        "INSERT INTO statements (source_id, speaker_id, kind, text, language, char_start, char_end, origin,
                                 confidence, load_id)
         VALUES (:source, :speaker, :kind, :text, :language, :start, :end, :origin, :confidence, :load)",
        "UPDATE statements SET speaker_id = :speaker, kind = :kind, text = :text, language = :language,
                confidence = :confidence, load_id = :load
         WHERE id = :id AND :source IS source_id AND :start IS char_start AND :end IS char_end AND :origin IS origin
           AND NOT (speaker_id IS :speaker AND kind IS :kind AND text IS :text AND language IS :language
                    AND confidence IS :confidence)",
        named_params! {
            ":source": span.source,
            ":speaker": statement.speaker,
            ":kind": statement.kind,
            ":text": statement.text,
            ":language": statement.language,
            ":start": span.char_start,
            ":end": span.char_end,
            ":origin": span.origin,
            ":confidence": span.confidence,
            ":load": load,
        },
    )
}

/// The SELECT of `query statements` and of `export`.
///
/// With `unique`, an extracted row that a curated row already states is left out (the view
/// `unique_statements`).
pub fn select(filter: &Filter, unique: bool) -> String {
    format!(
        "SELECT s.key AS source, sp.key AS speaker, st.kind, st.text, st.char_start, st.char_end, st.origin,
                st.language, st.confidence
         FROM {} AS st
         JOIN sources AS s ON s.id = st.source_id
         LEFT JOIN entities AS sp ON sp.id = st.speaker_id{}
         ORDER BY s.key, st.char_start, st.char_end, st.origin",
        if unique { "unique_statements" } else { "statements" },
        filter.sql()
    )
}

/// The statements of `origin` (`curated` or `extracted`) in the sources keyed `sources` (every
/// source when empty), with source and speaker keys, in id order: what `eval` scores.
pub fn for_eval(
    conn: &Connection,
    origin: &str,
    sources: &[String],
) -> rusqlite::Result<Vec<eval::Statement>> {
    let filter = Filter::origin_in_sources("st", origin, sources);
    let sql = format!(
        "SELECT st.id, s.key, sp.key, st.kind, st.text, st.char_start, st.char_end
         FROM statements AS st
         JOIN sources AS s ON s.id = st.source_id
         LEFT JOIN entities AS sp ON sp.id = st.speaker_id{}
         ORDER BY st.id",
        filter.sql()
    );
    conn.prepare(&sql)?
        .query_map(filter.params(), |row| {
            Ok(eval::Statement {
                id: row.get(0)?,
                source: row.get(1)?,
                speaker: row.get(2)?,
                kind: row.get(3)?,
                text: row.get(4)?,
                char_start: row.get(5)?,
                char_end: row.get(6)?,
            })
        })?
        .collect()
}

/// The SELECT of `search` over statement texts: the `limit` best hits (FTS5 `rank`, the schema's
/// default bm25, best first; `limit` -1 for all) of the FTS5 query `fts_query` among the
/// statements shown once (the view `unique_statements`), in the sources keyed `sources` (every
/// source when empty) and of `language` (the statement's, else its source's), with its parameters.
///
/// Columns as in [`super::sources::search`]: `kind` ('statement'), `source`, `speaker` (entity
/// key), `score`, `base` (the statement's `char_start`: offsets into the marked statement text
/// plus `base` are offsets into the source body), `body` (the source's), `marked_a`, `marked_b`
/// (the statement text highlighted with the two marker pairs) and `snippet`.
pub fn search(
    fts_query: &str,
    sources: &[String],
    language: Option<&str>,
    limit: i64,
) -> (String, Vec<Value>) {
    let mut filter = Filter::default();
    filter.push(
        "statements_fts MATCH ?",
        [Value::Text(fts_query.to_string())],
    );
    filter.any_of("s.key", sources.iter().map(|k| Value::Text(k.clone())));
    if let Some(language) = language {
        filter.push(
            "coalesce(st.language, s.language) = ?",
            [Value::Text(language.to_string())],
        );
    }
    let sql = format!(
        "SELECT 'statement' AS kind, s.key AS source, sp.key AS speaker, statements_fts.rank AS score,
                st.char_start AS base, s.body,
                highlight(statements_fts, 0, char(57344), char(57345)) AS marked_a,
                highlight(statements_fts, 0, char(57346), char(57347)) AS marked_b,
                replace(replace(replace(snippet(statements_fts, 0, '[', ']', '…', 12),
                        char(13, 10), ' '), char(13), ' '), char(10), ' ') AS snippet
         FROM statements_fts
         JOIN unique_statements AS st ON st.id = statements_fts.rowid
         JOIN sources AS s ON s.id = st.source_id
         LEFT JOIN entities AS sp ON sp.id = st.speaker_id{}
         ORDER BY statements_fts.rank LIMIT ?",
        filter.sql()
    );
    // `Filter` keeps its values private to `store`; this module may take them.
    let mut params = filter.params;
    params.push(Value::Integer(limit));
    (sql, params)
}
