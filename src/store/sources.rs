//! The `sources` table: articles, their metadata, text and content hash.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{named_params, Connection, OptionalExtension};

use super::{Filter, Outcome};
use crate::model::{LoadId, Source, SourceId};

/// Every source key with its id.
pub fn keys(conn: &Connection) -> rusqlite::Result<HashMap<String, SourceId>> {
    conn.prepare("SELECT key, id FROM sources")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

/// The stored source with key `key`, if any.
pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<(SourceId, Source)>> {
    conn.prepare_cached(
        "SELECT id, key, title, publisher, url, language, published, body, sha256 FROM sources WHERE key = ?1",
    )?
    .query_row([key], |row| {
        Ok((
            row.get(0)?,
            Source {
                key: row.get(1)?,
                title: row.get(2)?,
                publisher: row.get(3)?,
                url: row.get(4)?,
                language: row.get(5)?,
                published: row.get(6)?,
                body: row.get(7)?,
                sha256: row.get(8)?,
            },
        ))
    })
    .optional()
}

/// The text of source `id`.
pub fn body(conn: &Connection, id: SourceId) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT body FROM sources WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
}

/// The text and language of source `id`.
pub fn text_and_language(conn: &Connection, id: SourceId) -> rusqlite::Result<(String, String)> {
    conn.prepare_cached("SELECT body, language FROM sources WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
}

/// The key of the source whose text hashes to `sha256`, if any.
pub fn key_by_sha256(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT key FROM sources WHERE sha256 = ?1")?
        .query_row([sha256], |row| row.get(0))
        .optional()
}

/// How many mentions, statements and figures point into source `id`.
pub fn dependents(conn: &Connection, id: SourceId) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT (SELECT count(*) FROM mentions WHERE source_id = ?1)
              + (SELECT count(*) FROM statements WHERE source_id = ?1)
              + (SELECT count(*) FROM figures WHERE source_id = ?1)",
    )?
    .query_row([id], |row| row.get(0))
}

/// Inserts or updates the source with key `source.key`.
pub fn upsert(conn: &Connection, source: &Source, load: LoadId) -> rusqlite::Result<Outcome> {
    super::upsert(
        conn,
        "SELECT id FROM sources WHERE key = ?1",
        [&source.key],
        "INSERT INTO sources (key, title, publisher, url, language, published, body, sha256, load_id)
         VALUES (:key, :title, :publisher, :url, :language, :published, :body, :sha256, :load)",
        "UPDATE sources SET title = :title, publisher = :publisher, url = :url, language = :language,
                published = :published, body = :body, sha256 = :sha256, load_id = :load
         WHERE id = :id AND :key IS key
           AND NOT (title IS :title AND publisher IS :publisher AND url IS :url AND language IS :language
                    AND published IS :published AND sha256 IS :sha256)",
        named_params! {
            ":key": source.key,
            ":title": source.title,
            ":publisher": source.publisher,
            ":url": source.url,
            ":language": source.language,
            ":published": source.published,
            ":body": source.body,
            ":sha256": source.sha256,
            ":load": load,
        },
    )
}

/// The SELECT of `query sources` (and, with `file`, of `export`: the path of each body file).
pub fn select(filter: &Filter, file: bool) -> String {
    format!(
        "SELECT s.key, s.title, s.publisher, s.url, s.language, s.published, s.sha256{}
         FROM sources AS s{} ORDER BY s.key",
        if file {
            ", 'texts/' || s.key || '.txt' AS file"
        } else {
            ""
        },
        filter.sql()
    )
}

/// The SELECT of `search` over source titles and bodies: the `limit` best hits (FTS5 `rank`, the
/// schema's default bm25, best first; `limit` -1 for all) of the FTS5 query `fts_query`, in the
/// sources keyed `sources` (every source when empty) and of `language`, with its parameters.
///
/// Columns, the same as [`super::statements::search`]'s so that the two can be combined with
/// UNION ALL: `kind` ('source'), `source` (key), `speaker` (NULL), `score` (bm25), `base` (0: the
/// offsets of the marked text below are already offsets into the body), `body`, `marked_a` and
/// `marked_b` (the body as FTS5 `highlight()` renders it with two different pairs of marker
/// characters, U+E000/U+E001 and U+E002/U+E003, where the two first differ is where the first
/// match stands; equal when only the title matched), `snippet` (about 12 words around the best
/// match of title or body, matches in `[` `]`, cut text as `…`, line breaks as spaces).
pub fn search(
    fts_query: &str,
    sources: &[String],
    language: Option<&str>,
    limit: i64,
) -> (String, Vec<Value>) {
    let mut filter = Filter::default();
    filter.push("sources_fts MATCH ?", [Value::Text(fts_query.to_string())]);
    filter.any_of("s.key", sources.iter().map(|k| Value::Text(k.clone())));
    if let Some(language) = language {
        filter.push("s.language = ?", [Value::Text(language.to_string())]);
    }
    let sql = format!(
        "SELECT 'source' AS kind, s.key AS source, NULL AS speaker, sources_fts.rank AS score, 0 AS base,
                s.body,
                highlight(sources_fts, 1, char(57344), char(57345)) AS marked_a,
                highlight(sources_fts, 1, char(57346), char(57347)) AS marked_b,
                replace(replace(replace(snippet(sources_fts, -1, '[', ']', '…', 12),
                        char(13, 10), ' '), char(13), ' '), char(10), ' ') AS snippet
         FROM sources_fts
         JOIN sources AS s ON s.id = sources_fts.rowid{}
         ORDER BY sources_fts.rank LIMIT ?",
        filter.sql()
    );
    // `Filter` keeps its values private to `store`; this module may take them.
    let mut params = filter.params;
    params.push(Value::Integer(limit));
    (sql, params)
}
