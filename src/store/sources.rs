//! The `sources` table: articles, their metadata, text and content hash.

use std::collections::HashMap;

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
