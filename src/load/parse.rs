//! Turning one CSV row into a model value: every field checked, keys resolved to ids, and every
//! quote, surface or evidence placed in its source text (at the offsets given, or found once
//! without them), so that nothing is stored whose provenance cannot be verified.
//!
//! Errors name the field at fault; the driver adds the file and line.

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::{Context, RowError};
use crate::csvin::{hex, is_utf16, FieldError, Fields, Utf8Check, UTF16};
use crate::model::*;
use crate::store;
use crate::text::{Placement, SourceText};

pub fn entity(row: &Fields) -> Result<Entity, RowError> {
    let key = row.required("key")?;
    check_key(key).map_err(|m| FieldError::new("key", m))?;
    let wikidata = row.get("wikidata");
    if let Some(id) = wikidata {
        check_wikidata(id).map_err(|m| FieldError::new("wikidata", m))?;
    }
    Ok(Entity {
        key: key.to_string(),
        kind: row.choice("kind", ENTITY_KINDS, None)?.to_string(),
        name: row.required("name")?.to_string(),
        description: opt(row.get("description")),
        wikidata: opt(wikidata),
    })
}

pub fn alias(row: &Fields, ctx: &Context) -> Result<Alias, RowError> {
    Ok(Alias {
        entity: ctx.entity("entity", row.required("entity")?)?,
        alias: row.required("alias")?.to_string(),
        language: language(row, "language")?,
    })
}

pub fn lexicon(row: &Fields) -> Result<LexiconEntry, RowError> {
    let entry = LexiconEntry {
        language: language(row, "language")?
            .ok_or_else(|| FieldError::new("language", "is empty; a value is required"))?,
        kind: row.choice("kind", LEXICON_KINDS, None)?.to_string(),
        term: row.required("term")?.to_string(),
        code: opt(row.get("code")),
        value: row.count("value")?,
        low: row.count("low")?,
        high: row.count("high")?,
    };
    let code = entry.code.as_deref();
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
    match entry.kind.as_str() {
        "metric" => need("code", code.is_some(), "the metric name")?,
        "speech_verb" => need("code", code.is_some(), "a code (say or add)")?,
        "qualifier" | "vague" => {
            need("code", code.is_some(), "the qualifier")?;
            if !code.is_some_and(|c| QUALIFIERS.contains(&c)) {
                return Err(FieldError::new(
                    "code",
                    format!(
                        "{:?} is not one of {}",
                        code.unwrap_or(""),
                        QUALIFIERS.join(", ")
                    ),
                )
                .into());
            }
            if entry.kind == "vague" {
                need("low", entry.low.is_some(), "low and high bounds")?;
                need("high", entry.high.is_some(), "low and high bounds")?;
            }
        }
        "number" | "multiplier" => need("value", entry.value.is_some(), "a value")?,
        "non_figure" if !matches!(code, Some("before" | "after")) => {
            return Err(
                FieldError::new("code", "a non_figure entry needs code before or after").into(),
            );
        }
        _ => {}
    }
    check_bounds(entry.value, entry.low, entry.high)?;
    Ok(entry)
}

/// Reads a source row. The text comes from the file named in `file`, relative to `base`; it may
/// be left out for a source already stored, to update its metadata only.
pub fn source(row: &Fields, conn: &Connection, base: &Path) -> Result<Source, RowError> {
    let key = row.required("key")?;
    check_key(key).map_err(|m| FieldError::new("key", m))?;
    let published = row.date("published")?;
    let stored = store::sources::get(conn, key)?;
    let (body, sha256) = match (row.get("file"), &stored) {
        (Some(file), _) => {
            let body = read_text(&base.join(file))
                .map_err(|m| FieldError::new("file", format!("{file}{m}")))?;
            let sha256 = hex(&Sha256::digest(body.as_bytes()));
            (body, sha256)
        }
        (None, Some((_, source))) => (source.body.clone(), source.sha256.clone()),
        (None, None) => {
            return Err(FieldError::new(
                "file",
                "is empty; a new source needs the file of its text",
            )
            .into())
        }
    };
    if let Some(given) = row.get("sha256") {
        if given != sha256 {
            return Err(FieldError::new(
                "sha256",
                format!("{given} is not the SHA-256 of the text, which is {sha256}"),
            )
            .into());
        }
    }
    if let Some(other) = store::sources::key_by_sha256(conn, &sha256)? {
        if other != key {
            return Err(FieldError::new(
                "file",
                format!("the same text is already loaded as source {other:?}"),
            )
            .into());
        }
    }
    if let Some((id, old)) = &stored {
        if old.sha256 != sha256 {
            let rows = store::sources::dependents(conn, *id)?;
            if rows > 0 {
                return Err(FieldError::new(
                    "file",
                    format!("the text differs from the stored text of source {key:?}, and {rows} mentions, statements or figures point into it"),
                )
                .into());
            }
        }
    }
    Ok(Source {
        key: key.to_string(),
        title: opt(row.get("title")),
        publisher: opt(row.get("publisher")),
        url: opt(row.get("url")),
        language: language(row, "language")?
            .ok_or_else(|| FieldError::new("language", "is empty; a value is required"))?,
        published: opt(published),
        body,
        sha256,
    })
}

pub fn mention(row: &Fields, ctx: &mut Context, conn: &Connection) -> Result<Mention, RowError> {
    let surface = row.required("surface")?;
    Ok(Mention {
        entity: ctx.entity("entity", row.required("entity")?)?,
        span: span(row, ctx, conn, "surface", surface)?,
        surface: surface.to_string(),
    })
}

pub fn statement(
    row: &Fields,
    ctx: &mut Context,
    conn: &Connection,
) -> Result<Statement, RowError> {
    let text = row.required("text")?;
    Ok(Statement {
        speaker: row
            .get("speaker")
            .map(|key| ctx.entity("speaker", key))
            .transpose()?,
        kind: row
            .choice("kind", STATEMENT_KINDS, Some("quote"))?
            .to_string(),
        language: language(row, "language")?,
        span: span(row, ctx, conn, "text", text)?,
        text: text.to_string(),
    })
}

pub fn figure(row: &Fields, ctx: &mut Context, conn: &Connection) -> Result<Figure, RowError> {
    let metric = row.required("metric")?;
    if !ctx.metrics.contains(metric) {
        let mut known: Vec<&str> = ctx.metrics.iter().map(String::as_str).collect();
        known.sort_unstable();
        let known = if known.is_empty() {
            "none yet: load a lexicon first".to_string()
        } else {
            known.join(", ")
        };
        return Err(FieldError::new("metric", format!("unknown metric {metric:?} (metrics are lexicon rows of kind metric; known: {known})")).into());
    }
    let (value, low, high) = (row.count("value")?, row.count("low")?, row.count("high")?);
    if value.is_none() && low.is_none() && high.is_none() {
        return Err(FieldError::new(
            "value",
            "is empty, and so are low and high: a figure needs a value or bounds",
        )
        .into());
    }
    check_bounds(value, low, high)?;
    let entity = |field: &'static str| row.get(field).map(|key| ctx.entity(field, key)).transpose();
    let (subject, claimed_by, place) =
        (entity("subject")?, entity("claimed_by")?, entity("place")?);
    let evidence = row.required("evidence")?;
    // A spreadsheet may have turned the number as written ("3,800") into a number (3800): the
    // source's own writing at the given offsets is kept.
    let source = ctx.source(row.required("source")?)?;
    let body = ctx.text(conn, source)?;
    let written = number_as_written(
        &body,
        row.count("char_start")?,
        row.count("char_end")?,
        evidence,
    );
    let evidence = written.as_deref().unwrap_or(evidence);
    Ok(Figure {
        metric: metric.to_string(),
        value,
        low,
        high,
        qualifier: row
            .choice("qualifier", QUALIFIERS, Some("exact"))?
            .to_string(),
        unit: opt(row.get("unit")),
        subject,
        claimed_by,
        place,
        as_of: opt(row.date("as_of")?),
        span: span(row, ctx, conn, "evidence", evidence)?,
        evidence: evidence.to_string(),
    })
}

/// The number at code points `start..end` of `body` when it is `given` written another way
/// ("3,800" or "3 800" for 3800): the same digits, with only separators between them.
fn number_as_written(
    body: &SourceText,
    start: Option<i64>,
    end: Option<i64>,
    given: &str,
) -> Option<String> {
    let found = body.slice(usize::try_from(start?).ok()?, usize::try_from(end?).ok()?)?;
    let number = |t: &str| {
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        let only_separators = t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | '.' | '\'' | ' ' | '\u{00A0}' | '\u{202F}')
        });
        (only_separators && !digits.is_empty()).then_some(digits)
    };
    (found != given && number(found).is_some() && number(found) == number(given))
        .then(|| found.to_string())
}

fn opt(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

fn language(row: &Fields, field: &'static str) -> Result<Option<String>, FieldError> {
    let Some(tag) = row.get(field) else {
        return Ok(None);
    };
    check_language(tag).map_err(|m| FieldError::new(field, m))?;
    Ok(Some(tag.to_string()))
}

fn check_bounds(value: Option<i64>, low: Option<i64>, high: Option<i64>) -> Result<(), FieldError> {
    if let (Some(low), Some(high)) = (low, high) {
        if low > high {
            return Err(FieldError::new(
                "low",
                format!("{low} is greater than high ({high})"),
            ));
        }
    }
    if let (Some(value), Some(low)) = (value, low) {
        if value < low {
            return Err(FieldError::new(
                "value",
                format!("{value} is below low ({low})"),
            ));
        }
    }
    if let (Some(value), Some(high)) = (value, high) {
        if value > high {
            return Err(FieldError::new(
                "value",
                format!("{value} is above high ({high})"),
            ));
        }
    }
    Ok(())
}

/// Reads a text file as UTF-8 (a leading byte-order mark is dropped). A failure is what follows
/// the file's name in a message: `: cannot read: ...`, or `:LINE: invalid UTF-8 at byte offset N
/// (...)` as for a CSV file (see [`Utf8Check`]).
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!(": cannot read: {e}"))?;
    if is_utf16(&bytes) {
        return Err(format!(": {UTF16}"));
    }
    Utf8Check::whole(&bytes).map_err(|e| format!(":{}: {e}", e.line))?;
    let bytes = match bytes.strip_prefix("\u{FEFF}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| format!(": {e}"))
}

/// Reads the source, origin and confidence of a row, and places `text` (the value of `field`) in
/// the source: at `char_start..char_end` when given, else at its only occurrence.
fn span(
    row: &Fields,
    ctx: &mut Context,
    conn: &Connection,
    field: &'static str,
    text: &str,
) -> Result<Span, RowError> {
    let key = row.required("source")?;
    let source = ctx.source(key)?;
    let origin = row.choice("origin", ORIGINS, Some("curated"))?.to_string();
    let confidence = row.fraction("confidence")?;
    let (start, end) = (row.count("char_start")?, row.count("char_end")?);
    let body = ctx.text(conn, source)?;
    let (char_start, char_end) = locate(&body, key, start, end, field, text)?;
    Ok(Span {
        source,
        char_start,
        char_end,
        origin,
        confidence,
    })
}

/// Where `text` stands in `body`: checked at the given offsets, or found once without them.
fn locate(
    body: &SourceText,
    key: &str,
    start: Option<i64>,
    end: Option<i64>,
    field: &'static str,
    text: &str,
) -> Result<(i64, i64), FieldError> {
    let chars = body.chars() as i64;
    match (start, end) {
        (Some(start), Some(end)) => {
            if end > chars {
                return Err(FieldError::new("char_end", format!("{end} is past the end of source {key:?} ({chars} characters)")));
            }
            if start >= end {
                return Err(FieldError::new("char_end", format!("{end} is not after char_start ({start})")));
            }
            let found = body.slice(start as usize, end as usize).unwrap_or_default();
            if found == text {
                return Ok((start, end));
            }
            let hint = match body.place(text) {
                Placement::At(a, b) => format!("; {text:?} is at {a}..{b}"),
                Placement::Ambiguous(n) => format!("; {text:?} occurs {n} times elsewhere"),
                Placement::NotFound => format!("; {text:?} is nowhere in the text"),
            };
            Err(FieldError::new(field, format!("source {key:?} reads {found:?} at {start}..{end}, not {text:?}{hint}")))
        }
        (None, None) => match body.place(text) {
            Placement::At(a, b) => Ok((a as i64, b as i64)),
            Placement::NotFound => Err(FieldError::new(field, format!("{text:?} is not in the text of source {key:?}"))),
            Placement::Ambiguous(n) => Err(FieldError::new(
                field,
                format!("{text:?} occurs {n} times in source {key:?}; give char_start and char_end to say which"),
            )),
        },
        (Some(_), None) => Err(FieldError::new("char_end", "is empty; give both char_start and char_end, or neither")),
        (None, Some(_)) => Err(FieldError::new("char_start", "is empty; give both char_start and char_end, or neither")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_checks_given_offsets_and_finds_unique_text() {
        let body = SourceText::new("26 manifestants et 18 policiers ; 26 morts".to_string());
        assert_eq!(
            locate(&body, "s", Some(19), Some(21), "evidence", "18"),
            Ok((19, 21))
        );
        assert_eq!(
            locate(&body, "s", None, None, "evidence", "18"),
            Ok((19, 21))
        );
        let err = |r: Result<(i64, i64), FieldError>| {
            let e = r.unwrap_err();
            format!("{}: {}", e.field, e.message)
        };
        assert_eq!(
            err(locate(&body, "s", None, None, "evidence", "26")),
            "evidence: \"26\" occurs 2 times in source \"s\"; give char_start and char_end to say which"
        );
        assert_eq!(
            err(locate(&body, "s", None, None, "evidence", "3700")),
            "evidence: \"3700\" is not in the text of source \"s\""
        );
        assert_eq!(
            err(locate(&body, "s", Some(0), Some(2), "evidence", "18")),
            "evidence: source \"s\" reads \"26\" at 0..2, not \"18\"; \"18\" is at 19..21"
        );
        assert_eq!(
            err(locate(&body, "s", Some(40), Some(99), "evidence", "18")),
            "char_end: 99 is past the end of source \"s\" (42 characters)"
        );
        assert_eq!(
            err(locate(&body, "s", Some(5), Some(5), "evidence", "18")),
            "char_end: 5 is not after char_start (5)"
        );
        assert_eq!(
            err(locate(&body, "s", Some(5), None, "evidence", "18")),
            "char_end: is empty; give both char_start and char_end, or neither"
        );
    }

    #[test]
    fn a_number_written_another_way_is_the_source_s_writing() {
        let body =
            SourceText::new("More than 3,800 people; 3\u{00A0}700 arrests; 26 dead".to_string());
        assert_eq!(
            number_as_written(&body, Some(10), Some(15), "3800"),
            Some("3,800".to_string())
        );
        assert_eq!(
            number_as_written(&body, Some(24), Some(29), "3700"),
            Some("3\u{00A0}700".to_string())
        );
        assert_eq!(number_as_written(&body, Some(10), Some(15), "3,800"), None);
        assert_eq!(number_as_written(&body, Some(10), Some(15), "3801"), None);
        assert_eq!(number_as_written(&body, Some(5), Some(9), "than"), None);
        assert_eq!(number_as_written(&body, None, None, "3800"), None);
    }

    #[test]
    fn bounds_must_be_ordered() {
        assert!(check_bounds(Some(5), Some(2), Some(9)).is_ok());
        assert_eq!(
            check_bounds(None, Some(9), Some(2)).unwrap_err().message,
            "9 is greater than high (2)"
        );
        assert_eq!(
            check_bounds(Some(1), Some(2), None).unwrap_err().message,
            "1 is below low (2)"
        );
        assert_eq!(
            check_bounds(Some(10), None, Some(9)).unwrap_err().message,
            "10 is above high (9)"
        );
    }
}
