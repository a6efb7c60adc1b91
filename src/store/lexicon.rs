//! The `lexicon` table: the words, per language, that mark metrics, qualifiers, speech and numbers.

use std::collections::HashSet;

use rusqlite::{Connection, ToSql};

use super::table::{generated, own, Column, Csv, Sql};
use super::{check_bounds, provenance_is, Context, Filter, Known, Outcome, RowError, Table};
use crate::csvin::{quoted, FieldError, Fields};
use crate::model::{
    EntityKind, LexKind, NonFigureSide, Provenance, Qualifier, SpeechRole, Vocabulary,
};

/// A lexicon entry as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LexiconEntry {
    pub language: String,
    pub kind: LexKind,
    pub term: String,
    pub code: Option<String>,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    /// Built-in (the knowledge factstore ships) or curated; files load curated rows.
    pub origin: Provenance,
}

pub struct Lexicon;

impl Table for Lexicon {
    type Row = LexiconEntry;
    const NAME: &'static str = "lexicon";
    const ALIAS: &'static str = "l";
    const COLUMNS: &'static [Column] = &[
        own("language", Csv::Required, "the language (BCP 47 tag)"),
        own("kind", Csv::Required, "what the word does (metric, qualifier, speech_verb, number, multiplier, vague, non_figure, abbreviation, title, institution, name_part)"),
        own("term", Csv::Required, "the word or words"),
        own("code", Csv::Optional, "the metric (other:WHAT for things it counts: other:buildings), qualifier or speech role it stands for"),
        own("value", Csv::Optional, "the number a number word or multiplier stands for"),
        own("low", Csv::Optional, "the lower bound of a vague quantity"),
        own("high", Csv::Optional, "the upper bound of a vague quantity"),
        Column {
            name: "origin",
            csv: Csv::Never,
            sql: Sql::Hidden,
            help: "builtin or curated",
        },
    ];
    const KEY: &'static [&'static str] = &["language", "kind", "term"];
    const KEY_WORDS: &'static str = "language, kind and term";
    const ORDER: &'static str = "l.language, l.kind, l.term";

    fn parse(row: &Fields, _ctx: &mut Context) -> Result<LexiconEntry, RowError> {
        let entry = LexiconEntry {
            language: row
                .language("language")?
                .ok_or_else(|| FieldError::new("language", "is empty; a value is required"))?,
            kind: row.vocabulary("kind", None)?,
            term: row.required("term")?.to_string(),
            code: row.text("code"),
            value: row.count("value")?,
            low: row.count("low")?,
            high: row.count("high")?,
            origin: Provenance::Curated,
        };
        // The extractor matches the term folded: one that folds to nothing would never match.
        crate::fold::visible_key(&entry.term).map_err(|m| FieldError::new("term", m))?;
        check_entry(&entry)?;
        Ok(entry)
    }

    fn values(e: &LexiconEntry) -> Vec<&dyn ToSql> {
        vec![
            &e.language,
            &e.kind,
            &e.term,
            &e.code,
            &e.value,
            &e.low,
            &e.high,
            &e.origin,
        ]
    }

    generated!(Lexicon);

    fn set_provenance(row: &mut Self::Row, provenance: Provenance) {
        row.origin = provenance;
    }

    fn remember(entry: LexiconEntry, _outcome: Outcome, known: &mut Known) {
        if entry.kind == LexKind::Metric {
            known.metrics.extend(
                entry
                    .code
                    .as_deref()
                    .map(|c| crate::model::metric_and_unit(c).0.to_string()),
            );
        }
    }
}

/// Checks the code of an entry of `kind`: the extractor reads a metric's name, a qualifier, a
/// speech role or the side of a non-figure word, and nothing else, so a code it does not know (or
/// one given to a kind that has none) is refused with the codes it knows.
fn check_code(kind: LexKind, code: Option<&str>) -> Result<(), FieldError> {
    match kind {
        LexKind::Metric if code.is_none() => Err(FieldError::new(
            "code",
            format!("is empty; a {kind} entry needs the metric name"),
        )),
        LexKind::Metric => match code.map(crate::model::metric_and_unit) {
            Some((metric, Some(unit)))
                if metric.trim().is_empty() || unit.trim().is_empty() || unit.contains(':') =>
            {
                Err(FieldError::new(
                    "code",
                    format!(
                        "{}: a metric code is a metric name, or a metric and what it counts \
                         after a colon (other:buildings)",
                        quoted(code.unwrap_or_default())
                    ),
                ))
            }
            _ => Ok(()),
        },
        LexKind::Qualifier | LexKind::Vague => one_of::<Qualifier>(kind, code, true),
        LexKind::Number => one_of::<Qualifier>(kind, code, false),
        LexKind::SpeechVerb => one_of::<SpeechRole>(kind, code, true),
        LexKind::NonFigure => one_of::<NonFigureSide>(kind, code, true),
        LexKind::Institution => one_of::<EntityKind>(kind, code, true),
        LexKind::NamePart => {
            const ROLES: &str = "honorific, particle, suffix, event, place_ending";
            let message = match code {
                Some("honorific" | "particle" | "suffix" | "event" | "place_ending") => return Ok(()),
                None => format!("is empty; a {kind} entry needs one of {ROLES}"),
                Some(code) => format!("{} is not one of {ROLES}", quoted(code)),
            };
            Err(FieldError::new("code", message))
        }
        LexKind::Multiplier | LexKind::Abbreviation | LexKind::Title | LexKind::CommonWord => match code {
            None => Ok(()),
            Some(code) => Err(FieldError::new(
                "code",
                format!(
                    "{}: {kind} entries take no code (the extractor never reads one); leave it empty",
                    quoted(code)
                ),
            )),
        },
    }
}

/// Checks that `code`, of an entry of `kind`, is a word of vocabulary `V` (or, unless
/// `required`, empty).
fn one_of<V: Vocabulary>(
    kind: LexKind,
    code: Option<&str>,
    required: bool,
) -> Result<(), FieldError> {
    let message = match code {
        None if required => format!("is empty; a {kind} entry needs one of {}", V::names()),
        Some(code) if V::parse(code).is_none() => V::not_one_of(code),
        _ => return Ok(()),
    };
    Err(FieldError::new("code", message))
}

/// Checks that an entry has what its kind needs (a metric's name, a vague quantity's bounds, ...)
/// and nothing the extractor would not read as meant (a code it does not know).
fn check_entry(entry: &LexiconEntry) -> Result<(), FieldError> {
    let need = |field: &'static str, present: bool, what: &str| {
        if present {
            Ok(())
        } else {
            Err(FieldError::new(
                field,
                format!("is empty; a {} entry needs {what}", entry.kind),
            ))
        }
    };
    check_code(entry.kind, entry.code.as_deref())?;
    match entry.kind {
        LexKind::Vague => {
            need("low", entry.low.is_some(), "low and high bounds")?;
            need("high", entry.high.is_some(), "low and high bounds")?;
        }
        LexKind::Number | LexKind::Multiplier => need("value", entry.value.is_some(), "a value")?,
        _ => {}
    }
    check_bounds(entry.value, entry.low, entry.high)
}

/// Every metric name the lexicon knows.
pub fn metrics(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    // a code `other:buildings` names metric `other` ([`crate::model::metric_and_unit`])
    conn.prepare(
        "SELECT DISTINCT CASE WHEN instr(code, ':') > 0 THEN substr(code, 1, instr(code, ':') - 1) ELSE code END
         FROM lexicon WHERE kind = 'metric' AND code IS NOT NULL",
    )?
        .query_map([], |row| row.get(0))?
        .collect()
}

/// Whether the lexicon names metric `code`.
pub fn is_metric(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM lexicon WHERE kind = 'metric'
                          AND (code = ?1 OR substr(code, 1, length(?1) + 1) = ?1 || ':'))",
    )?
    .query_row([code], |row| row.get(0))
}

/// Every entry, in id order: what the extractor is built from.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<LexiconEntry>> {
    conn.prepare(
        "SELECT language, kind, term, code, value, low, high, origin FROM lexicon ORDER BY id",
    )?
    .query_map([], |r| {
        Ok(LexiconEntry {
            language: r.get(0)?,
            kind: r.get(1)?,
            term: r.get(2)?,
            code: r.get(3)?,
            value: r.get(4)?,
            low: r.get(5)?,
            high: r.get(6)?,
            origin: r.get(7)?,
        })
    })?
    .collect()
}

/// The filters of `query lexicon`.
#[derive(Debug, Default)]
pub struct Filters {
    pub language: Option<String>,
    pub kind: Option<LexKind>,
    pub origin: Option<Provenance>,
    /// Leave the built-in rows out (what `export` writes: they come with factstore).
    pub no_builtin: bool,
}

/// The SELECT of `query lexicon` (and, unfiltered, of `export`).
pub fn select(filters: &Filters) -> (String, Filter) {
    let mut filter = Filter::default();
    filter.equals("l.language", filters.language.as_deref());
    filter.equals("l.kind", filters.kind.map(LexKind::as_str));
    provenance_is(&mut filter, "l.origin", filters.origin, filters.no_builtin);
    (
        super::table::select::<Lexicon>("lexicon", &filter, false),
        filter,
    )
}

/// The languages whose quotes and figures the extractor can read: those the lexicon has speech
/// verbs and metrics for (a language with name parts only, "van" or "dos", has neither).
pub fn languages(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT language FROM lexicon WHERE kind IN ('speech_verb', 'metric')
         GROUP BY language HAVING count(DISTINCT kind) = 2",
    )?
    .query_map([], |row| row.get(0))?
    .collect()
}
