//! Full-text search over source titles and bodies (`sources_fts`) and statement texts
//! (`statements_fts`): the SQL of `factstore search`.
//!
//! # How a search runs
//! 1. The words of the user's text become an FTS5 query of quoted strings, all required
//!    ([`fts_query`]): the user types words, never FTS5 syntax, so `AND`, `NEAR(`, `*`, `:` or a
//!    stray `"` are plain text and cannot make the query fail.
//! 2. Both FTS5 tables (tokenizer `unicode61 remove_diacritics 2`: `etrangers` finds
//!    `étrangers`) give their best hits by bm25, each with the text rendered twice by
//!    `highlight()` with two different pairs of marker characters (U+E000/U+E001 and
//!    U+E002/U+E003).
//! 3. Where the two renderings first differ is where the first opening marker stands; where they
//!    differ next is its closing marker ([`first_mark`]). Comparing two renderings, rather than
//!    looking for a marker character, stays right even in a text that holds the marker
//!    characters itself. Offsets into a statement's text plus the statement's `char_start` are
//!    offsets into the body.
//! 4. The hits of both tables are merged best first.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::Value;
use rusqlite::{Connection, Statement};

use super::Filter;
use crate::model::SourceId;

/// What to search, and where.
#[derive(Debug, Default)]
pub struct Search {
    /// The FTS5 query ([`fts_query`]).
    pub query: String,
    pub sources: Vec<SourceId>,
    /// A source's language; a statement's own, else its source's.
    pub language: Option<String>,
    pub in_sources: bool,
    pub in_statements: bool,
    /// At most this many hits (-1: all).
    pub limit: i64,
}

/// The FTS5 query for the words of `text`: each whitespace-separated word that holds a letter or
/// digit as an FTS5 string (`"` doubled inside), joined by AND. Words without a letter or digit
/// are left out (the tokenizer would find no term in them); `None` when no word is left.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" AND "))
    }
}

/// Where two renderings of one text with different markers around the same spans show the first
/// span: `(start, end)` in code points of the unmarked text, end exclusive. `None` when the two
/// are equal (no span marked), or when they stop differing before a closing marker.
pub fn first_mark(a: &str, b: &str) -> Option<(usize, usize)> {
    let mut a = a.chars();
    let mut b = b.chars();
    // Both iterators stop right after the opening markers, so the next difference is the
    // closing marker, `len` characters of marked text further on.
    let start = a.by_ref().zip(b.by_ref()).position(|(x, y)| x != y)?;
    let len = a.zip(b).position(|(x, y)| x != y)?;
    Some((start, start + len))
}

/// Registers the SQL functions `mark_start(a, b)` and `mark_end(a, b)`: the two parts of
/// [`first_mark`], NULL when it finds no span or an argument is NULL.
fn register_mark_functions(conn: &Connection) -> rusqlite::Result<()> {
    fn part(ctx: &Context<'_>, pick: fn((usize, usize)) -> usize) -> rusqlite::Result<Option<i64>> {
        let (Some(a), Some(b)) = (
            ctx.get_raw(0).as_str_or_null()?,
            ctx.get_raw(1).as_str_or_null()?,
        ) else {
            return Ok(None);
        };
        Ok(first_mark(a, b).map(|span| pick(span) as i64))
    }
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("mark_start", 2, flags, |ctx| part(ctx, |(s, _)| s))?;
    conn.create_scalar_function("mark_end", 2, flags, |ctx| part(ctx, |(_, e)| e))?;
    Ok(())
}

/// The hits of `search`, best first, ready to run: columns kind, source, speaker, rank,
/// char_start, char_end, snippet, text.
pub fn prepare<'c>(
    conn: &'c Connection,
    search: &Search,
) -> rusqlite::Result<(Statement<'c>, Vec<Value>)> {
    register_mark_functions(conn)?;
    let mut params: Vec<Value> = Vec::new();
    let mut selects = Vec::new();
    if search.in_sources {
        let (sql, values) = in_sources(search);
        selects.push(format!("SELECT * FROM ({sql})"));
        params.extend(values);
    }
    if search.in_statements {
        let (sql, values) = in_statements(search);
        selects.push(format!("SELECT * FROM ({sql})"));
        params.extend(values);
    }
    params.push(Value::Integer(search.limit));
    // MATERIALIZED: the highlighted texts are computed once per hit, not once per use below.
    // `+ 0.0` writes a score that rounds to -0 as 0.
    let sql = format!(
        "WITH hits AS MATERIALIZED ({})
         SELECT kind, source, speaker, round(score, 3) + 0.0 AS rank,
                base + mark_start(marked_a, marked_b) AS char_start,
                base + mark_end(marked_a, marked_b) AS char_end,
                snippet,
                substr(body, base + mark_start(marked_a, marked_b) + 1,
                       mark_end(marked_a, marked_b) - mark_start(marked_a, marked_b)) AS text
         FROM hits
         ORDER BY score, kind, source, char_start
         LIMIT ?",
        selects.join(" UNION ALL ")
    );
    Ok((conn.prepare(&sql)?, params))
}

/// The filter both arms share: the FTS5 query, the sources, and `language` over `language`.
fn filter(search: &Search, table: &str, language: &str) -> Filter {
    let mut filter = Filter::default();
    filter.push(
        format!("{table}_fts MATCH ?"),
        [Value::Text(search.query.clone())],
    );
    filter.any_of("s.id", search.sources.iter().map(|s| Value::Integer(s.0)));
    if let Some(tag) = &search.language {
        filter.push(format!("{language} = ?"), [Value::Text(tag.clone())]);
    }
    filter
}

/// The SELECT over source titles and bodies: the best hits with columns `kind` ('source'),
/// `source` (key), `speaker` (NULL), `score` (bm25), `base` (0: the offsets of the marked text
/// are already offsets into the body), `body`, `marked_a` and `marked_b` (the body highlighted
/// with the two marker pairs; equal when only the title matched), `snippet` (about 12 words
/// around the best match of title or body, matches in `[` `]`, cut text as `…`, line breaks as
/// spaces).
fn in_sources(search: &Search) -> (String, Vec<Value>) {
    let filter = filter(search, "sources", "s.language");
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
    let mut params = filter.into_params();
    params.push(Value::Integer(search.limit));
    (sql, params)
}

/// The SELECT over statement texts, among the statements shown once (`unique_statements`), with
/// the columns of [`in_sources`]: `speaker` is the entity key, `base` the statement's
/// `char_start`, `body` the source's, the marked texts the statement's.
fn in_statements(search: &Search) -> (String, Vec<Value>) {
    let filter = filter(search, "statements", "coalesce(st.language, s.language)");
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
    let mut params = filter.into_params();
    params.push(Value::Integer(search.limit));
    (sql, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_strings_joined_by_and() {
        assert_eq!(fts_query("etrangers").unwrap(), r#""etrangers""#);
        assert_eq!(
            fts_query("  Tokaïev\tétrangers\n").unwrap(),
            r#""Tokaïev" AND "étrangers""#
        );
        assert_eq!(
            fts_query("l’OTSC 3,800").unwrap(),
            r#""l’OTSC" AND "3,800""#
        );
    }

    #[test]
    fn fts_syntax_is_quoted_as_plain_text() {
        assert_eq!(
            fts_query("x' OR 1=1 --").unwrap(),
            r#""x'" AND "OR" AND "1=1""#
        );
        assert_eq!(
            fts_query(r#"say "NEAR(a b)" AND c* col:d"#).unwrap(),
            r#""say" AND """NEAR(a" AND "b)""" AND "AND" AND "c*" AND "col:d""#
        );
        assert_eq!(fts_query(r#"a"b"#).unwrap(), r#""a""b""#);
    }

    #[test]
    fn no_words_is_none() {
        for text in ["", "   ", "\"", "--", "* : ( ) ^ \" '", "…"] {
            assert_eq!(fts_query(text), None, "{text:?}");
        }
        assert_eq!(fts_query("-- NEAR( )").unwrap(), r#""NEAR(""#);
    }

    #[test]
    fn quoted_queries_never_fail_in_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO t VALUES ('Des militants locaux et étrangers, near the OR gate');",
        )
        .unwrap();
        let hits = |text: &str| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM t WHERE t MATCH ?",
                [fts_query(text).unwrap()],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(hits("ETRANGERS"), 1);
        assert_eq!(hits("étrangers locaux"), 1);
        assert_eq!(hits("étrangers absent"), 0);
        for hostile in [
            "x' OR 1=1 --",
            "\"militants",
            "NEAR(",
            "AND",
            "OR gate",
            "militants*",
            "* militants",
            "x:",
            "near NOT",
            "{x y}: z",
            "a\"\"b",
            "^militants",
        ] {
            hits(hostile);
        }
        assert_eq!(hits("militants* ^locaux"), 1);
        assert_eq!(hits("NEAR( OR"), 1);
    }

    #[test]
    fn first_mark_finds_the_first_span_in_code_points() {
        let a = "Des \u{E000}étrangers\u{E001} et des \u{E000}étrangers\u{E001}";
        let b = "Des \u{E002}étrangers\u{E003} et des \u{E002}étrangers\u{E003}";
        assert_eq!(first_mark(a, b), Some((4, 13)));
        assert_eq!(first_mark("same", "same"), None);
        assert_eq!(first_mark("", ""), None);
        // The text itself holds the marker characters: still the right span.
        let a = "\u{E000}\u{E001} \u{E000}\u{E000}x\u{E001}";
        let b = "\u{E000}\u{E001} \u{E002}\u{E000}x\u{E003}";
        assert_eq!(first_mark(a, b), Some((3, 5)));
    }
}
