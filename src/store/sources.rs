//! The `sources` table: articles, their metadata, text and content hash.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, ToSql};

use super::table::{generated, own, Column, Csv, Sql};
use super::{Context, Filter, Known, Outcome, RowError, SourceFilters, Table};
use crate::csvin::{cut, quoted, FieldError, Fields};
use crate::digest::sha256_hex;
use crate::ingest::Fingerprint;
use crate::model::{check_key, EntityId, SourceId};
use crate::utf8::read_text;

/// A source (article) as loaded: metadata and text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    pub key: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub published: Option<String>,
    pub body: String,
    pub sha256: String,
    /// 0 to 1: how sure the language is (detection's confidence, 1 when given by an option).
    pub language_confidence: Option<f64>,
    /// Where the language came from: `metadata`, `detected`, `option` or `none`.
    pub language_source: Option<String>,
    /// The key of the source this one is a copy of (syndication), if any.
    pub original: Option<String>,
    /// The near-duplicate fingerprint of `body` ([`Fingerprint::to_bytes`]).
    pub fingerprint: Vec<u8>,
}

/// The values `language_source` takes.
pub const LANGUAGE_SOURCES: [&str; 4] = ["metadata", "detected", "option", "none"];

pub struct Sources;

impl Table for Sources {
    type Row = Source;
    const NAME: &'static str = "sources";
    const ALIAS: &'static str = "s";
    const COLUMNS: &'static [Column] = &[
        own("key", Csv::Required, "the source's stable key"),
        own("title", Csv::Optional, "its title"),
        own("publisher", Csv::Optional, "who published it"),
        own("url", Csv::Optional, "where"),
        own("language", Csv::Required, "its language (BCP 47 tag: fr, en, pt-BR)"),
        own("published", Csv::Optional, "the day it was published (YYYY-MM-DD)"),
        own("sha256", Csv::Optional, "the SHA-256 of its text, checked when given"),
        Column {
            name: "body",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "the text",
        },
        Column {
            name: "file",
            csv: Csv::Optional,
            sql: Sql::Export("'texts/' || s.key || '.txt'"),
            help: "the file of its text, relative to the CSV's folder (may be left empty to update a stored source's metadata)",
        },
        own("language_confidence", Csv::Optional, "how sure its language is, 0 to 1"),
        own("language_source", Csv::Optional, "where its language came from: metadata, detected, option or none"),
        own("original", Csv::Optional, "the key of the source it republishes (a syndicated copy), else empty"),
        Column {
            name: "fingerprint",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "the near-duplicate fingerprint of the text",
        },
    ];
    const KEY: &'static [&'static str] = &["key"];
    const KEY_WORDS: &'static str = "key";
    const ORDER: &'static str = "s.key";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<Source, RowError> {
        let key = row.required("key")?;
        check_key(key).map_err(|m| FieldError::new("key", m))?;
        let published = row.date("published")?;
        let stored = stored(ctx.conn, key)?;
        let (body, sha256) = text(row, ctx, stored.as_ref())?;
        if let Some(given) = row.get("sha256") {
            if !given.eq_ignore_ascii_case(&sha256) {
                return Err(FieldError::new(
                    "sha256",
                    format!(
                        "{} is not the SHA-256 of the text, which is {sha256}",
                        cut(given)
                    ),
                )
                .into());
            }
        }
        if let Some(other) = key_by_sha256(ctx.conn, &sha256)? {
            if other != key {
                return Err(FieldError::new(
                    "file",
                    format!(
                        "the same text is already loaded as source {}",
                        quoted(&other)
                    ),
                )
                .into());
            }
        }
        if let Some(stored) = &stored {
            check_text_may_change(ctx.conn, key, stored, &sha256)?;
        }
        Ok(Source {
            key: key.to_string(),
            title: row.text("title"),
            publisher: row.text("publisher"),
            url: row.text("url"),
            language: row
                .language("language")?
                .ok_or_else(|| FieldError::new("language", "is empty; a value is required"))?,
            published: published.map(str::to_string),
            fingerprint: Fingerprint::of(&body).to_bytes(),
            body,
            sha256,
            language_confidence: row.fraction("language_confidence")?,
            language_source: language_source(row)?,
            original: original(row, key)?,
        })
    }

    fn values(s: &Source) -> Vec<&dyn ToSql> {
        vec![
            &s.key,
            &s.title,
            &s.publisher,
            &s.url,
            &s.language,
            &s.published,
            &s.sha256,
            &s.body,
            &s.language_confidence,
            &s.language_source,
            &s.original,
            &s.fingerprint,
        ]
    }

    generated!(Sources);

    fn remember(source: Source, outcome: Outcome, known: &mut Known) {
        let id = SourceId(outcome.id());
        known.sources.insert(source.key, id);
        known.forget_text(id);
        if !matches!(outcome, Outcome::Unchanged(_)) {
            known.changed.push(id);
        }
    }
}

/// Checks that source `key` may get the text whose hash is `sha256`: no other source holds that
/// text, and when `key` is stored with another text, no row points into the old one. The errors
/// are those of a sources file's `file` field.
pub fn check_new_text(conn: &Connection, key: &str, sha256: &str) -> Result<(), RowError> {
    if let Some(other) = key_by_sha256(conn, sha256)? {
        if other != key {
            return Err(FieldError::new(
                "file",
                format!("the same text is already loaded as source {other:?}"),
            )
            .into());
        }
    }
    match stored(conn, key)? {
        Some(stored) => check_text_may_change(conn, key, &stored, sha256),
        None => Ok(()),
    }
}

/// The `language_source` of a row, one of [`LANGUAGE_SOURCES`] when given.
fn language_source(row: &Fields) -> Result<Option<String>, FieldError> {
    match row.get("language_source") {
        None => Ok(None),
        Some(value) if LANGUAGE_SOURCES.contains(&value) => Ok(Some(value.to_string())),
        Some(value) => Err(FieldError::new(
            "language_source",
            format!("{value:?} is not one of {}", LANGUAGE_SOURCES.join(", ")),
        )),
    }
}

/// The `original` of the row of source `key`: a key, not its own.
fn original(row: &Fields, key: &str) -> Result<Option<String>, FieldError> {
    let Some(original) = row.get("original") else {
        return Ok(None);
    };
    check_key(original).map_err(|m| FieldError::new("original", m))?;
    if original == key {
        return Err(FieldError::new("original", "names the source itself"));
    }
    Ok(Some(original.to_string()))
}

/// A source as stored: its id and the hash of its text.
struct Stored {
    id: SourceId,
    sha256: String,
}

/// The stored source with key `key`, if any.
fn stored(conn: &Connection, key: &str) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached("SELECT id, sha256 FROM sources WHERE key = ?1")?
        .query_row([key], |row| {
            Ok(Stored {
                id: row.get(0)?,
                sha256: row.get(1)?,
            })
        })
        .optional()
}

/// The text of a source row and its hash: from the file the row names (relative to the CSV's
/// folder), else the stored source's own.
fn text(
    row: &Fields,
    ctx: &Context,
    stored: Option<&Stored>,
) -> Result<(String, String), RowError> {
    match (row.get("file"), stored) {
        (Some(file), _) => {
            let body = read_text(&ctx.base.join(file))
                .map_err(|m| FieldError::new("file", format!("{}{m}", cut(file))))?;
            let sha256 = sha256_hex(body.as_bytes());
            Ok((body, sha256))
        }
        (None, Some(stored)) => Ok((body(ctx.conn, stored.id)?, stored.sha256.clone())),
        (None, None) => {
            Err(FieldError::new("file", "is empty; a new source needs the file of its text").into())
        }
    }
}

/// Refuses a new text for a stored source that rows point into (their offsets would be wrong).
fn check_text_may_change(
    conn: &Connection,
    key: &str,
    stored: &Stored,
    sha256: &str,
) -> Result<(), RowError> {
    if stored.sha256 == sha256 {
        return Ok(());
    }
    let rows = dependents(conn, stored.id)?;
    if rows > 0 {
        return Err(FieldError::new(
            "file",
            format!("the text differs from the stored text of source {}, and {rows} mentions, statements or figures point into it", quoted(key)),
        )
        .into());
    }
    Ok(())
}

/// Every source key with its id.
pub fn keys(conn: &Connection) -> rusqlite::Result<HashMap<String, SourceId>> {
    conn.prepare("SELECT key, id FROM sources")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

/// The id of the source with key `key`, if any.
pub fn id(conn: &Connection, key: &str) -> rusqlite::Result<Option<SourceId>> {
    conn.prepare_cached("SELECT id FROM sources WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
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
fn key_by_sha256(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT key FROM sources WHERE sha256 = ?1")?
        .query_row([sha256], |row| row.get(0))
        .optional()
}

/// How many mentions, statements and figures point into source `id`.
fn dependents(conn: &Connection, id: SourceId) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT (SELECT count(*) FROM mentions WHERE source_id = ?1)
              + (SELECT count(*) FROM statements WHERE source_id = ?1)
              + (SELECT count(*) FROM figures WHERE source_id = ?1)",
    )?
    .query_row([id], |row| row.get(0))
}

/// Hands each source's key and text to `each`, in key order.
pub fn each_body(
    conn: &Connection,
    mut each: impl FnMut(&str, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut stmt = conn.prepare("SELECT key, body FROM sources ORDER BY key")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(row.get_ref(0)?.as_str()?, row.get_ref(1)?.as_str()?)?;
    }
    Ok(())
}

/// Every text against its stored hash.
pub fn check_hashes(conn: &Connection) -> rusqlite::Result<super::Checked> {
    let mut checked = super::Checked::default();
    let mut stmt = conn.prepare("SELECT key, body, sha256 FROM sources ORDER BY key")?;
    let mut rows = stmt.query([])?;
    let mut sources = 0;
    while let Some(row) = rows.next()? {
        sources += 1;
        let (key, body, stored) = (
            row.get_ref(0)?.as_str()?,
            row.get_ref(1)?.as_str()?,
            row.get_ref(2)?.as_str()?,
        );
        let actual = sha256_hex(body.as_bytes());
        if actual != stored {
            checked.problems.push(format!(
                "hashes: source {key}: the text hashes to {actual}, not the stored {stored}"
            ));
        }
    }
    checked.detail = format!("{sources} sources");
    Ok(checked)
}

/// The filters of `query sources`.
#[derive(Debug, Default)]
pub struct Filters {
    pub common: SourceFilters,
    /// Only sources that mention one of these entities.
    pub entity: Option<Vec<EntityId>>,
}

/// The SELECT of `query sources`; with `export`, each row also names its text's file.
pub fn select(filters: &Filters, export: bool) -> (String, Filter) {
    let mut filter = Filter::default();
    filters.common.apply(&mut filter, "s.published", "s.body");
    if let Some(ids) = super::entities::ids(&filters.entity) {
        let marks = vec!["?"; ids.len()].join(", ");
        filter.push(
            format!("EXISTS (SELECT 1 FROM mentions AS m WHERE m.source_id = s.id AND m.entity_id IN ({marks}))"),
            ids.into_iter().map(rusqlite::types::Value::Integer),
        );
    }
    (
        super::table::select::<Sources>("sources", &filter, export),
        filter,
    )
}

/// A stored source as `add` finds it: by its text's hash or by its URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub id: SourceId,
    pub key: String,
    pub sha256: String,
    pub url: Option<String>,
}

/// The source whose text hashes to `sha256`, if any.
pub fn by_sha256(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<Found>> {
    conn.prepare_cached("SELECT id, key, sha256, url FROM sources WHERE sha256 = ?1")?
        .query_row([sha256], found)
        .optional()
}

/// The source at `url` (the first added, when several share it), if any.
pub fn by_url(conn: &Connection, url: &str) -> rusqlite::Result<Option<Found>> {
    conn.prepare_cached(
        "SELECT id, key, sha256, url FROM sources WHERE url = ?1 ORDER BY id LIMIT 1",
    )?
    .query_row([url], found)
    .optional()
}

fn found(row: &rusqlite::Row) -> rusqlite::Result<Found> {
    Ok(Found {
        id: row.get(0)?,
        key: row.get(1)?,
        sha256: row.get(2)?,
        url: row.get(3)?,
    })
}

/// How many curated mentions, statements and figures point into source `id`.
pub fn curated_dependents(conn: &Connection, id: SourceId) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT (SELECT count(*) FROM mentions WHERE source_id = ?1 AND origin = 'curated')
              + (SELECT count(*) FROM statements WHERE source_id = ?1 AND origin = 'curated')
              + (SELECT count(*) FROM figures WHERE source_id = ?1 AND origin = 'curated')",
    )?
    .query_row([id], |row| row.get(0))
}

/// Deletes the extracted mentions, statements and figures of source `id` (its text changes:
/// their offsets would point at other words); returns how many.
pub fn delete_extracted(conn: &Connection, id: SourceId) -> rusqlite::Result<usize> {
    let mut deleted = 0;
    for table in ["figures", "statements", "mentions"] {
        deleted += conn
            .prepare_cached(&format!(
                "DELETE FROM {table} WHERE source_id = ?1 AND origin = 'extracted'"
            ))?
            .execute([id])?;
    }
    Ok(deleted)
}

/// Each stored source that is not a copy, with its fingerprint: (id, key, fingerprint bytes).
pub fn originals(conn: &Connection) -> rusqlite::Result<Vec<(SourceId, String, Vec<u8>)>> {
    conn.prepare("SELECT id, key, fingerprint FROM sources WHERE original IS NULL AND fingerprint IS NOT NULL ORDER BY id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect()
}

/// Every stored key (to make a new one unique).
pub fn all_keys(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT key FROM sources")?
        .query_map([], |row| row.get(0))?
        .collect()
}

/// A source as `show` prints it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shown {
    pub key: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub original: Option<String>,
    pub body: String,
}

/// Source `id`'s metadata and text.
pub fn shown(conn: &Connection, id: SourceId) -> rusqlite::Result<Shown> {
    conn.prepare_cached(
        "SELECT key, title, publisher, url, published, language, original, body FROM sources WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Shown {
            key: r.get(0)?,
            title: r.get(1)?,
            publisher: r.get(2)?,
            url: r.get(3)?,
            published: r.get(4)?,
            language: r.get(5)?,
            original: r.get(6)?,
            body: r.get(7)?,
        })
    })
}
