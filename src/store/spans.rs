//! What the tables whose rows point into source text share (mentions, statements, figures): the
//! columns of a span, its parse (the text placed in its source: at the offsets given, or found
//! once without them, so that nothing is stored whose provenance cannot be verified), and the
//! extracted rows of a source.

use rusqlite::Connection;

use super::table::{Column, Csv, Readable, Sql};
use super::{Context, RowError};
use crate::csvin::{quoted, FieldError, Fields};
use crate::model::{Origin, SourceId, Span};
use crate::text::{Placement, SourceText};

/// The tables whose rows point into source text, with the column holding the text at the span.
pub const TABLES: [(&str, &str); 3] = [
    ("mentions", "surface"),
    ("statements", "text"),
    ("figures", "evidence"),
];

pub const SOURCE: Column = Column {
    name: "source",
    csv: Csv::Required,
    sql: Sql::Source,
    help: "the source's key",
};
pub const CHAR_START: Column = own(
    "char_start",
    "where the text starts in the source (code points from 0; empty: found once)",
);
pub const CHAR_END: Column = own("char_end", "where it ends (exclusive)");
pub const ORIGIN: Column = own("origin", "curated (the default) or extracted");
pub const CONFIDENCE: Column = own("confidence", "how sure, from 0 to 1");
pub const RULE: Column = own("rule", "the extraction rule that found it (extracted rows)");

const fn own(name: &'static str, help: &'static str) -> Column {
    Column {
        name,
        csv: Csv::Optional,
        sql: Sql::Own,
        help,
    }
}

/// An entity column: `name` in files, `column` stored, joined under `alias`.
pub const fn entity(
    name: &'static str,
    csv: Csv,
    column: &'static str,
    alias: &'static str,
    help: &'static str,
) -> Column {
    Column {
        name,
        csv,
        sql: Sql::Entity {
            column,
            alias,
            required: matches!(csv, Csv::Required),
        },
        help,
    }
}

/// Reads the source, origin, confidence and rule of a row, and places `text` (the value of
/// `field`) in the source: at `char_start..char_end` when given, else at its only occurrence.
pub fn span(
    row: &Fields,
    ctx: &mut Context,
    field: &'static str,
    text: &str,
) -> Result<Span, RowError> {
    let key = row.required("source")?;
    let source = ctx.source(key)?;
    let origin = row.vocabulary("origin", Some(Origin::Curated))?;
    let confidence = row.fraction("confidence")?;
    let rule = row.vocabulary_opt("rule")?;
    let (start, end) = (row.count("char_start")?, row.count("char_end")?);
    let body = ctx.text(source)?;
    let (char_start, char_end) = locate(&body, key, start, end, field, text)?;
    Ok(Span {
        source,
        char_start,
        char_end,
        origin,
        confidence,
        rule,
    })
}

/// The span of a row read back, from the columns at `at`: source, char_start, char_end, origin,
/// confidence and rule.
pub fn read(r: &rusqlite::Row, at: [usize; 6]) -> rusqlite::Result<Span> {
    Ok(Span {
        source: r.get(at[0])?,
        char_start: r.get(at[1])?,
        char_end: r.get(at[2])?,
        origin: r.get(at[3])?,
        confidence: r.get(at[4])?,
        rule: r.get(at[5])?,
    })
}

/// The rows of table `T` of `origin` in the sources `sources` (every source when empty), in id
/// order, with their ids: what `eval` scores.
pub fn of_origin<T: Readable>(
    conn: &Connection,
    origin: Origin,
    sources: &[SourceId],
) -> rusqlite::Result<Vec<(i64, T::Row)>> {
    let mut filter = super::Filter::default();
    super::origin_is(&mut filter, "origin", Some(origin));
    filter.any_of(
        "source_id",
        sources.iter().map(|s| rusqlite::types::Value::Integer(s.0)),
    );
    super::table::rows::<T>(conn, &filter)
}

/// Where `text` stands in `body`: checked at the given offsets, or found once without them.
pub fn locate(
    body: &SourceText,
    key: &str,
    start: Option<i64>,
    end: Option<i64>,
    field: &'static str,
    text: &str,
) -> Result<(i64, i64), FieldError> {
    match (start, end) {
        (Some(start), Some(end)) => at_offsets(body, key, start, end, field, text),
        (None, None) => match body.place(text) {
            Placement::At(a, b) => Ok((a as i64, b as i64)),
            Placement::NotFound => Err(FieldError::new(
                field,
                format!(
                    "{} is not in the text of source {}",
                    quoted(text),
                    quoted(key)
                ),
            )),
            Placement::Ambiguous(n) => Err(FieldError::new(
                field,
                format!(
                    "{} occurs {n} times in source {}; give char_start and char_end to say which",
                    quoted(text),
                    quoted(key)
                ),
            )),
        },
        (Some(_), None) => Err(FieldError::new(
            "char_end",
            "is empty; give both char_start and char_end, or neither",
        )),
        (None, Some(_)) => Err(FieldError::new(
            "char_start",
            "is empty; give both char_start and char_end, or neither",
        )),
    }
}

/// Checks that `text` is at `start..end` of `body`; the error says where it is instead.
fn at_offsets(
    body: &SourceText,
    key: &str,
    start: i64,
    end: i64,
    field: &'static str,
    text: &str,
) -> Result<(i64, i64), FieldError> {
    let chars = body.chars() as i64;
    if end > chars {
        return Err(FieldError::new(
            "char_end",
            format!(
                "{end} is past the end of source {} ({chars} characters)",
                quoted(key)
            ),
        ));
    }
    if start >= end {
        return Err(FieldError::new(
            "char_end",
            format!("{end} is not after char_start ({start})"),
        ));
    }
    let found = body.slice(start as usize, end as usize).unwrap_or_default();
    if found == text {
        return match body.cut_mark(start as usize, end as usize) {
            None => Ok((start, end)),
            Some(at) => Err(cuts_a_mark(body, at, at == start as usize)),
        };
    }
    let hint = match body.place(text) {
        Placement::At(a, b) => format!("; {} is at {a}..{b}", quoted(text)),
        Placement::Ambiguous(n) => format!("; {} occurs {n} times elsewhere", quoted(text)),
        Placement::NotFound => format!("; {} is nowhere in the text", quoted(text)),
    };
    Err(FieldError::new(
        field,
        format!(
            "source {} reads {} at {start}..{end}, not {}{hint}",
            quoted(key),
            quoted(found),
            quoted(text)
        ),
    ))
}

/// The error of a span whose start (`at_start`) or end falls at code point `at`, between a
/// character and the combining mark after it.
fn cuts_a_mark(body: &SourceText, at: usize, at_start: bool) -> FieldError {
    let mark = body.char_at(at).map_or(0, u32::from);
    let letter = body.slice(at.saturating_sub(1), at).unwrap_or_default();
    FieldError::new(
        if at_start { "char_start" } else { "char_end" },
        format!(
            "{at} falls between {} and its combining mark U+{mark:04X}: a span may not cut a letter from its accent",
            quoted(letter)
        ),
    )
}

/// The ids of the extracted rows of `source` in `table` (one of [`TABLES`]).
pub fn extracted_ids(
    conn: &Connection,
    table: &str,
    source: SourceId,
) -> rusqlite::Result<Vec<i64>> {
    assert!(
        TABLES.iter().any(|(t, _)| *t == table),
        "{table} holds no extracted rows"
    );
    conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE source_id = ?1 AND origin = 'extracted' ORDER BY id"
    ))?
    .query_map([source], |row| row.get(0))?
    .collect()
}

/// Deletes row `id` of `table` (one of [`TABLES`]).
pub fn delete(conn: &Connection, table: &str, id: i64) -> rusqlite::Result<()> {
    assert!(
        TABLES.iter().any(|(t, _)| *t == table),
        "{table} holds no extracted rows"
    );
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute([id])?;
    Ok(())
}

/// Every span against its source text: the text at the offsets must be the row's own.
pub fn check(conn: &Connection) -> rusqlite::Result<super::Checked> {
    let mut checked = super::Checked::default();
    let mut counted = Vec::new();
    for (table, text) in TABLES {
        counted.push(format!("{} {table}", super::count(conn, table)?));
        checked.problems.extend(super::column(
            conn,
            &format!(
                "SELECT format('offsets: %s row %d (source %s, %d..%d): the text there is %Q, not %Q', '{table}', t.id,
                               s.key, t.char_start, t.char_end,
                               substr(s.body, t.char_start + 1, t.char_end - t.char_start), t.{text})
                 FROM {table} AS t JOIN sources AS s ON s.id = t.source_id
                 WHERE substr(s.body, t.char_start + 1, t.char_end - t.char_start) IS NOT t.{text}
                    OR t.char_end > length(s.body)
                 ORDER BY t.id"
            ),
        )?);
    }
    checked.detail = counted.join(", ");
    Ok(checked)
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
    fn a_span_may_not_cut_a_letter_from_its_mark() {
        let body = SourceText::new("Tokai\u{308}ev a dit".to_string());
        let err = |r: Result<(i64, i64), FieldError>| {
            let e = r.unwrap_err();
            format!("{}: {}", e.field, e.message)
        };
        assert_eq!(
            err(locate(&body, "s", Some(0), Some(5), "surface", "Tokai")),
            "char_end: 5 falls between \"i\" and its combining mark U+0308: a span may not cut a letter from its accent"
        );
        assert_eq!(
            err(locate(&body, "s", Some(5), Some(8), "surface", "\u{308}ev")),
            "char_start: 5 falls between \"i\" and its combining mark U+0308: a span may not cut a letter from its accent"
        );
        assert_eq!(
            err(locate(&body, "s", None, None, "surface", "Tokai")),
            "surface: \"Tokai\" is not in the text of source \"s\""
        );
        assert_eq!(
            locate(&body, "s", None, None, "surface", "Tokai\u{308}ev"),
            Ok((0, 8))
        );
    }
}
