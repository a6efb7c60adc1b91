//! The `decisions` table: a reviewer's decisions on the names the extractor discovered, one per
//! folded name. A decisions file is curated data like any other: loaded with `load decisions` or
//! as `decisions.csv` of a dataset (after entities and aliases, which it may name), exported,
//! and applied on every load ([`apply`]) and extraction (the rejected names are what the names
//! finder leaves out: [`rejected`]):
//!
//! - `accept`: the name is an entity: a curated entity of key `entity` and kind `kind`, named
//!   so (or, when that key is taken by a curated or built-in entity, a curated alias of it,
//!   unless the entity has that name already: the entity a dataset's entities.csv holds for an
//!   accepted name, or the name accepted by an earlier load);
//! - `merge`: the name is another spelling of entity `entity`: a curated alias of it (none when
//!   it is the entity's own name);
//! - `reject`: the name is no entity: its discovered entity and mentions are deleted.
//!
//! Accepted and merged names are then found by the extractor's dictionary, and the discovered
//! entity of the name merges into the curated one, mentions included
//! ([`super::entities::merge_covered`]).

use rusqlite::{Connection, ToSql};

use super::aliases::{Alias, Aliases};
use super::entities::{Entities, Entity};
use super::loads::Counts;
use super::table::{self, generated, own, Column, Csv, Mode, Sql};
use super::{Context, Filter, Known, RowError, Table};
use crate::csvin::{FieldError, Fields};
use crate::fold::fold;
use crate::model::{check_key, Decision, EntityKind, LoadId, Provenance};

/// A decision as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    /// The name as the extractor found it (any spelling that folds the same).
    pub name: String,
    pub decision: Decision,
    /// The entity's key: the new entity (accept) or the one the name is a spelling of (merge).
    pub entity: Option<String>,
    /// The kind of an accepted entity.
    pub kind: Option<EntityKind>,
    pub note: Option<String>,
    /// The name folded: what the decision is found by.
    pub match_key: String,
}

pub struct Decisions;

impl Table for Decisions {
    type Row = DecisionRow;
    const NAME: &'static str = "decisions";
    const ALIAS: &'static str = "d";
    const COLUMNS: &'static [Column] = &[
        own(
            "name",
            Csv::Required,
            "the discovered name (case and accents do not matter)",
        ),
        own("decision", Csv::Required, "accept, merge or reject"),
        own(
            "entity",
            Csv::Optional,
            "accept: the new entity's key; merge: the key of the entity the name is a spelling of",
        ),
        own(
            "kind",
            Csv::Optional,
            "accept: the entity's kind (person, organization, place, group, event, other)",
        ),
        own("note", Csv::Optional, "the reviewer's note"),
        Column {
            name: "match_key",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "the name folded for case and accents",
        },
    ];
    const KEY: &'static [&'static str] = &["match_key"];
    const KEY_WORDS: &'static str = "name (folded)";
    const ORDER: &'static str = "d.match_key";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<DecisionRow, RowError> {
        let name = row.required("name")?;
        let decision = row.vocabulary("decision", None)?;
        let entity = row.text("entity");
        let kind = row.vocabulary_opt("kind")?;
        match (decision, &entity) {
            (Decision::Reject, Some(_)) => {
                return Err(FieldError::new("entity", "a rejected name has no entity").into())
            }
            (Decision::Accept | Decision::Merge, None) => {
                return Err(FieldError::new(
                    "entity",
                    format!("is empty; {decision} needs the entity's key"),
                )
                .into())
            }
            (Decision::Accept, Some(key)) => {
                check_key(key).map_err(|m| FieldError::new("entity", m))?
            }
            (Decision::Merge, Some(key)) => {
                ctx.entity("entity", key)?;
            }
            (Decision::Reject, None) => {}
        }
        match (decision, kind) {
            (Decision::Accept, None) => {
                return Err(
                    FieldError::new("kind", "is empty; accept needs the entity's kind").into(),
                )
            }
            (Decision::Merge | Decision::Reject, Some(_)) => {
                return Err(FieldError::new("kind", format!("{decision} takes no kind")).into())
            }
            _ => {}
        }
        Ok(DecisionRow {
            name: name.to_string(),
            decision,
            entity,
            kind,
            note: row.text("note"),
            match_key: fold(name),
        })
    }

    fn values(d: &DecisionRow) -> Vec<&dyn ToSql> {
        vec![
            &d.name,
            &d.decision,
            &d.entity,
            &d.kind,
            &d.note,
            &d.match_key,
        ]
    }

    generated!(Decisions);
}

/// Every decision, in id order.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<DecisionRow>> {
    conn.prepare("SELECT name, decision, entity, kind, note, match_key FROM decisions ORDER BY id")?
        .query_map([], |r| {
            Ok(DecisionRow {
                name: r.get(0)?,
                decision: r.get(1)?,
                entity: r.get(2)?,
                kind: r.get(3)?,
                note: r.get(4)?,
                match_key: r.get(5)?,
            })
        })?
        .collect()
}

/// The match keys of the rejected names: what the names finder leaves out.
pub fn rejected(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    super::column(
        conn,
        "SELECT match_key FROM decisions WHERE decision = 'reject' ORDER BY id",
    )
}

/// Applies every decision (see the module documentation) under `load`: the entities and aliases
/// accepted and merged names stand for are written as curated rows, rejected names' discovered
/// entities deleted, and discovered entities now covered merged. New entity keys are made known
/// to the rest of the write. Returns what it wrote (the entities and aliases inserted, updated
/// and unchanged) and how many discovered entities it deleted (rejected or merged), for the
/// `loads` row of `load`.
pub fn apply(conn: &Connection, load: LoadId, known: &mut Known) -> rusqlite::Result<Counts> {
    let mut counts = Counts::default();
    for d in all(conn)? {
        let Some(key) = &d.entity else {
            counts.deleted += i64::from(super::entities::delete_discovered(conn, &d.match_key)?);
            continue;
        };
        let existing = known.entities.get(key).copied();
        let taken = match existing {
            Some(id) => super::entities::origin(conn, id)? != Provenance::Extracted,
            None => false,
        };
        if d.decision == Decision::Accept && !taken {
            let entity = Entity {
                key: key.clone(),
                kind: d.kind.unwrap_or(EntityKind::Other),
                name: d.name.clone(),
                match_key: d.match_key.clone(),
                description: d.note.clone(),
                wikidata: None,
                origin: Provenance::Curated,
                confidence: None,
                rule: None,
            };
            let outcome = table::write::<Entities>(conn, Mode::Upsert, &entity, load)?;
            counts.add(outcome);
            known
                .entities
                .insert(key.clone(), crate::model::EntityId(outcome.id()));
            continue;
        }
        let Some(entity) = existing else { continue };
        if super::entities::match_key(conn, entity)? == d.match_key {
            // the entity's own name (an accepted name whose entity a dataset holds): no alias
            continue;
        }
        let alias = Alias {
            entity,
            alias: d.name.clone(),
            language: None,
            match_key: d.match_key.clone(),
            origin: Provenance::Curated,
        };
        counts.add(table::write::<Aliases>(conn, Mode::Upsert, &alias, load)?);
    }
    counts.deleted += super::entities::merge_covered(conn)? as i64;
    Ok(counts)
}

/// The SELECT of `query decisions` (and of `export`).
pub fn select() -> (String, Filter) {
    let filter = Filter::default();
    (
        super::table::select::<Decisions>("decisions", &filter, false),
        filter,
    )
}
