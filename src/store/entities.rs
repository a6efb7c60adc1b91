//! The `entities` table: people, organisations, places and groups, with their folded match key
//! and their provenance: built in (the gazetteer factstore ships), curated, or discovered in
//! source text by the names finder (origin `extracted`, with the rule that found it). Discovered
//! entities are found again by their match key, merged into the curated or built-in entity whose
//! name or alias covers them, and deleted once no mention names them.

use std::collections::HashMap;

use rusqlite::{Connection, ToSql};

use super::table::{generated, own, Column, Csv, Sql};
use super::{provenance_is, Context, Filter, Known, Outcome, RowError, Table};
use crate::csvin::{FieldError, Fields};
use crate::extract::rules::Rule;
use crate::fold::{fold, visible_key};
use crate::model::{check_key, check_wikidata, EntityId, EntityKind, Provenance, Vocabulary};

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
    /// Built in, curated, or discovered by the names finder (`extracted`).
    pub origin: Provenance,
    /// A discovered entity's confidence: that of the rule that found it.
    pub confidence: Option<f64>,
    /// The rule of the names finder that found a discovered entity.
    pub rule: Option<Rule>,
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
        own(
            "origin",
            Csv::Optional,
            "curated (the default), extracted (a name the extractor found), or builtin (as factstore ships it: a row that differs from the built-in one is stored as curated)",
        ),
        own("confidence", Csv::Optional, "how sure a discovered entity is, from 0 to 1"),
        own("rule", Csv::Optional, "the rule that discovered it (extracted rows)"),
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
        let origin = row.vocabulary("origin", Some(Provenance::Curated))?;
        let match_key = visible_key(name).map_err(|m| FieldError::new("name", m))?;
        Ok(Entity {
            key: key.to_string(),
            kind: row.vocabulary("kind", None)?,
            name: name.to_string(),
            match_key,
            description: row.text("description"),
            wikidata,
            origin,
            confidence: row.fraction("confidence")?,
            rule: row.vocabulary_opt("rule")?,
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
            &e.origin,
            &e.confidence,
            &e.rule,
        ]
    }

    generated!(Entities);

    fn set_provenance(row: &mut Self::Row, provenance: Provenance) {
        row.origin = provenance;
    }

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

/// Every entity's id, kind and name, in id order, discovered ones left out: what the extractor
/// is built from (the names finder finds discovered names again in each text).
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<(EntityId, EntityKind, String)>> {
    conn.prepare("SELECT id, kind, name FROM entities WHERE origin <> 'extracted' ORDER BY id")?
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
    pub origin: Option<Provenance>,
    /// Leave the built-in rows out (what `export` writes: they come with factstore).
    pub no_builtin: bool,
}

/// The SELECT of `query entities` (and, unfiltered, of `export`).
pub fn select(filters: &Filters) -> (String, Filter) {
    let mut filter = Filter::default();
    filter.ids_in("e.id", ids(&filters.entity).as_deref());
    filter.equals("e.kind", filters.kind.map(EntityKind::as_str));
    if let Some(needle) = &filters.contains {
        filter.push("instr(e.match_key, ?) > 0", [super::text(needle)]);
    }
    provenance_is(&mut filter, "e.origin", filters.origin, filters.no_builtin);
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

/// The discovered entity (origin `extracted`) whose match key is `match_key`, if any.
pub fn discovered(conn: &Connection, match_key: &str) -> rusqlite::Result<Option<EntityId>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(
        "SELECT id FROM entities WHERE match_key = ?1 AND origin = 'extracted' ORDER BY id LIMIT 1",
    )?
    .query_row([match_key], |r| r.get(0))
    .optional()
}

/// The built-in or curated entity whose name or alias has match key `match_key`, if any (the
/// smallest id of those): a discovered name with this key is that entity.
pub fn covering(conn: &Connection, match_key: &str) -> rusqlite::Result<Option<EntityId>> {
    conn.prepare_cached(
        "SELECT min(id) FROM (
             SELECT e.id FROM entities AS e WHERE e.match_key = ?1 AND e.origin <> 'extracted'
             UNION ALL
             SELECT a.entity_id FROM aliases AS a JOIN entities AS t ON t.id = a.entity_id
             WHERE a.match_key = ?1 AND t.origin <> 'extracted')",
    )?
    .query_row([match_key], |r| r.get(0))
}

/// A key for a new entity named `name`: its slug (letters and digits of the folded name, joined
/// by `-`), with `-2`, `-3`, ... when an entity has that key already.
pub fn free_key(conn: &Connection, name: &str) -> rusqlite::Result<String> {
    let mut slug = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = match slug.trim_end_matches('-') {
        "" => "name".to_string(),
        s => s.to_string(),
    };
    let mut taken = conn.prepare_cached("SELECT 1 FROM entities WHERE key = ?1")?;
    let mut key = slug.clone();
    let mut n = 1;
    while taken.exists([&key])? {
        n += 1;
        key = format!("{slug}-{n}");
    }
    Ok(key)
}

/// Merges every discovered entity that a built-in or curated entity's name or alias now covers
/// (the same match key) into that entity: its mentions, and the statements and figures that
/// point at it, are moved over, and it is deleted. Returns how many were merged.
pub fn merge_covered(conn: &Connection) -> rusqlite::Result<usize> {
    let pairs: Vec<(EntityId, EntityId)> = conn
        .prepare(
            "SELECT d.id, (SELECT min(k.id) FROM (
                 SELECT e.id FROM entities AS e
                 WHERE e.match_key = d.match_key AND e.origin <> 'extracted'
                 UNION ALL
                 SELECT a.entity_id FROM aliases AS a JOIN entities AS t ON t.id = a.entity_id
                 WHERE a.match_key = d.match_key AND t.origin <> 'extracted') AS k) AS target
             FROM entities AS d
             WHERE d.origin = 'extracted' AND target IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for &(from, to) in &pairs {
        merge(conn, from, to)?;
    }
    Ok(pairs.len())
}

/// Moves what points at entity `from` to entity `to`, then deletes `from` (a mention `to` has
/// already at the same span goes with it).
pub fn merge(conn: &Connection, from: EntityId, to: EntityId) -> rusqlite::Result<()> {
    for sql in [
        "UPDATE OR IGNORE mentions SET entity_id = ?2 WHERE entity_id = ?1",
        "UPDATE statements SET speaker_id = ?2 WHERE speaker_id = ?1",
        "UPDATE figures SET subject_id = ?2 WHERE subject_id = ?1",
        "UPDATE figures SET claimed_by_id = ?2 WHERE claimed_by_id = ?1",
        "UPDATE figures SET place_id = ?2 WHERE place_id = ?1",
        "UPDATE OR IGNORE aliases SET entity_id = ?2 WHERE entity_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute((from, to))?;
    }
    conn.prepare_cached("DELETE FROM entities WHERE id = ?1")?
        .execute([from])?;
    Ok(())
}

/// Deletes the discovered entities that no mention names any more (their sources were
/// extracted again, or a reviewer rejected them). Returns how many.
pub fn delete_unmentioned(conn: &Connection) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "DELETE FROM entities WHERE origin = 'extracted'
         AND NOT EXISTS (SELECT 1 FROM mentions AS m WHERE m.entity_id = entities.id)",
    )?
    .execute([])
}

/// Deletes the discovered entity of match key `match_key` (a reviewer rejected the name), with
/// its mentions. Returns whether there was one.
pub fn delete_discovered(conn: &Connection, match_key: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM entities WHERE match_key = ?1 AND origin = 'extracted'")?
        .execute([match_key])?
        > 0)
}

/// Every match key the built-in and curated entities and aliases know (a discovered name with one
/// of these is no discovery).
pub fn known_match_keys(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    super::column(
        conn,
        "SELECT match_key FROM entities WHERE origin <> 'extracted'
         UNION SELECT match_key FROM aliases",
    )
}

/// How many characters of text `review` shows on each side of a mention.
pub const CONTEXT_CHARS: i64 = 60;

/// The SELECT of `factstore review`, its one parameter [`CONTEXT_CHARS`]: the discovered
/// entities, most mentioned first, each with its key, name, kind, rule and confidence, its
/// mentions and sources, and the source and text around its first mention, the name in `[ ]`
/// (line breaks as spaces). A reviewer writes the decisions file from it.
pub fn review() -> &'static str {
    "SELECT e.key, e.name, e.kind, e.rule, e.confidence,
            count(*) AS mentions, count(DISTINCT m.source_id) AS sources, s.key AS source,
            replace(substr(s.body, max(1, f.char_start + 1 - ?1), min(f.char_start, ?1))
                    || '[' || f.surface || ']' || substr(s.body, f.char_end + 1, ?1),
                    char(10), ' ') AS context
     FROM entities AS e
     JOIN mentions AS m ON m.entity_id = e.id
     JOIN mentions AS f ON f.id = (SELECT min(id) FROM mentions WHERE entity_id = e.id)
     JOIN sources AS s ON s.id = f.source_id
     WHERE e.origin = 'extracted'
     GROUP BY e.id
     ORDER BY count(*) DESC, e.key"
}

/// The match key of entity `id`: its name folded.
pub fn match_key(conn: &Connection, id: EntityId) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT match_key FROM entities WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
}

/// Where entity `id` comes from.
pub fn origin(conn: &Connection, id: EntityId) -> rusqlite::Result<Provenance> {
    conn.prepare_cached("SELECT origin FROM entities WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
}
