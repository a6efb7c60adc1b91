//! The built-in knowledge: the files of `knowledge/` (general words of English, French, German,
//! Spanish and Italian; a gazetteer of countries, capitals and large cities; institution head
//! nouns and parts of personal names), embedded in the binary and installed as rows of origin
//! `builtin` in the lexicon, entities and aliases.
//!
//! Every write checks the version installed (`builtin_knowledge`) first: a store without the
//! knowledge, or with an older version of it, gets this binary's rows (the writer parses the
//! files below with the tables' own parsers and writes them in [`super::Mode::Builtin`], which
//! leaves curated rows alone), and the built-in rows the new version no longer has are deleted.
//! A store whose knowledge is newer than this binary's keeps it.
//!
//! `institutions.csv` (language, term, kind), `name_parts.csv` (language, term, role) and
//! `common_words.csv` (language, term) are lexicon rows of kinds `institution`, `name_part` and
//! `common_word` ([`lexicon_csv`]).

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::digest::sha256_hex;

/// The version of the embedded knowledge: one more with every change of its files (a test pins
/// the files' hash to it).
pub const VERSION: i64 = 5;

/// The SHA-256 of the knowledge files of [`VERSION`] (see [`sha256`]).
pub const SHA256: &str = "06fd2d62857d1152683efb015119e149eb97cc6021147c3c494d675de47c7aae";

const LEXICON: &str = include_str!("../../knowledge/lexicon.csv");
const INSTITUTIONS: &str = include_str!("../../knowledge/institutions.csv");
const NAME_PARTS: &str = include_str!("../../knowledge/name_parts.csv");
const COMMON_WORDS: &str = include_str!("../../knowledge/common_words.csv");
/// The gazetteer's entities.
pub const ENTITIES: &str = include_str!("../../knowledge/entities.csv");
/// The gazetteer's aliases.
pub const ALIASES: &str = include_str!("../../knowledge/aliases.csv");

/// The SHA-256 of the embedded files, each preceded by its name and length.
pub fn sha256() -> String {
    let mut all = Vec::new();
    for (name, text) in [
        ("lexicon.csv", LEXICON),
        ("institutions.csv", INSTITUTIONS),
        ("name_parts.csv", NAME_PARTS),
        ("common_words.csv", COMMON_WORDS),
        ("entities.csv", ENTITIES),
        ("aliases.csv", ALIASES),
    ] {
        all.extend_from_slice(format!("{name} {}\n", text.len()).as_bytes());
        all.extend_from_slice(text.as_bytes());
    }
    sha256_hex(&all)
}

/// The lexicon file of the knowledge, with the institution head nouns (kind `institution`, code
/// the kind of entity) and name parts (kind `name_part`, code the role) as lexicon rows.
pub fn lexicon_csv() -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut copy = |text: &str, kind: Option<&str>| {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().cloned().unwrap_or_default();
        if kind.is_none() {
            let _ = out.write_record(&headers);
        }
        for record in reader.records().flatten() {
            match kind {
                None => {
                    let _ = out.write_record(&record);
                }
                Some(kind) => {
                    // language, term[, kind|role] → language, kind, term, code, value, low, high
                    let field = |i: usize| record.get(i).unwrap_or("");
                    let _ = out.write_record([field(0), kind, field(1), field(2), "", "", ""]);
                }
            }
        }
    };
    copy(LEXICON, None);
    copy(INSTITUTIONS, Some("institution"));
    copy(NAME_PARTS, Some("name_part"));
    copy(COMMON_WORDS, Some("common_word"));
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The version of the knowledge the store holds, if any.
pub fn installed(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT version, sha256 FROM builtin_knowledge WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Whether the store lacks this binary's knowledge: none installed, an older version, or the
/// same version with other files (a development build).
pub fn outdated(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(match installed(conn)? {
        None => true,
        Some((version, hash)) => version < VERSION || (version == VERSION && hash != sha256()),
    })
}

/// Records that this binary's knowledge is installed.
pub fn record(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO builtin_knowledge (id, version, sha256, factstore_version)
         VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256,
             factstore_version = excluded.factstore_version,
             installed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (VERSION, sha256(), env!("CARGO_PKG_VERSION")),
    )?;
    Ok(())
}

/// Deletes the built-in rows of `table` (lexicon, entities or aliases) that are not in `kept`
/// (the ids the installed version wrote). A built-in entity that a curated row points at stays.
/// Returns how many rows were deleted.
pub fn delete_stale(conn: &Connection, table: &str, kept: &HashSet<i64>) -> rusqlite::Result<i64> {
    let guard = if table == "entities" {
        " AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = t.id AND origin = 'curated')
          AND NOT EXISTS (SELECT 1 FROM aliases WHERE entity_id = t.id AND origin = 'curated')
          AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = t.id AND origin = 'curated')
          AND NOT EXISTS (SELECT 1 FROM figures WHERE origin = 'curated'
                          AND t.id IN (subject_id, claimed_by_id, place_id))"
    } else {
        ""
    };
    let stale: Vec<i64> = conn
        .prepare(&format!(
            "SELECT id FROM {table} AS t WHERE origin = 'builtin'{guard}"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?
        .into_iter()
        .filter(|id| !kept.contains(id))
        .collect();
    let mut delete = conn.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
    for id in &stale {
        delete.execute([id])?;
    }
    Ok(stale.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_changes_with_the_files() {
        assert_eq!(
            sha256(),
            SHA256,
            "the files of knowledge/ changed: add one to VERSION and set SHA256 to the new hash"
        );
    }

    #[test]
    fn institutions_and_name_parts_become_lexicon_rows() {
        let lexicon = lexicon_csv();
        assert!(lexicon.starts_with("language,kind,term,code,value,low,high\n"));
        assert!(lexicon.contains("\nfr,institution,ministère,organization,,,\n"));
        assert!(lexicon.contains("\nde,name_part,von der,particle,,,\n"));
    }
}
