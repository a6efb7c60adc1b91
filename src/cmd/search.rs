//! `factstore search`: full-text search over source titles and bodies and over statement texts,
//! ranked, one row per hit with the span of its first match in the source body.
//!
//! # How a search runs
//! 1. The words of TEXT become an FTS5 query of quoted strings, all required ([`fts_query`]): the
//!    user types words, never FTS5 syntax, so `AND`, `NEAR(`, `*`, `:` or a stray `"` are plain
//!    text and cannot make the query fail.
//! 2. The FTS5 tables `sources_fts` and `statements_fts` (tokenizer `unicode61 remove_diacritics
//!    2`: `etrangers` finds `étrangers`) give their best hits by bm25, each with the text rendered
//!    twice by `highlight()` with two different pairs of marker characters (SQL in
//!    [`store::sources::search`] and [`store::statements::search`]).
//! 3. Where the two renderings first differ is where the first opening marker stands; where they
//!    differ next is its closing marker ([`first_mark`]). Comparing two renderings, rather than
//!    looking for a marker character, stays right even in a text that holds the marker
//!    characters itself. Offsets into a statement's text plus the statement's `char_start` are
//!    offsets into the body.
//! 4. The hits of both tables are merged best first and written by the shared row writer.

use clap::ValueEnum;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::cli::Global;
use crate::db;
use crate::output::{write_query, OutputArgs};
use crate::store;
use crate::UsageError;

/// Full-text search over source titles and bodies and statement texts, best hits first.
///
/// Case and accents are ignored (etrangers finds étrangers); every word must occur. One row per
/// hit: kind (source or statement), source, speaker (statements), rank (bm25: lower is better),
/// char_start and char_end (the first matched word in the source body, code points, end
/// exclusive; empty when a source matched in its title only), snippet (matches in [ ], cut text
/// as …) and text (the matched word as the body writes it).
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore search \"étrangers\" --in statements")]
pub struct Args {
    /// The words to find (plain words, not FTS5 syntax; all of them must occur). Put `--` before
    /// a TEXT that begins with `-`, after the options.
    text: String,

    /// Only hits in this source (key; repeatable).
    #[arg(long, value_name = "KEY")]
    source: Vec<String>,

    /// Only hits in this language (BCP 47 tag, e.g. fr): a source's language; a statement's own,
    /// else its source's.
    #[arg(long, value_name = "TAG")]
    language: Option<String>,

    /// Search only the sources (titles and bodies) or only the statements.
    #[arg(long = "in", value_enum, value_name = "WHAT")]
    within: Option<Within>,

    /// At most this many rows (0: no limit).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: u32,

    #[command(flatten)]
    output: OutputArgs,
}

/// What `--in` restricts a search to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Within {
    Sources,
    Statements,
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

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let Some(query) = fts_query(&args.text) else {
        return Err(UsageError(format!(
            "search: nothing to search for in {:?}: give one or more words (letters or digits)",
            args.text
        ))
        .into());
    };
    let conn = db::open_read_only(&global.db)?;
    register_mark_functions(&conn)?;
    // SQLite reads a negative LIMIT as no limit.
    let limit = if args.limit == 0 {
        -1
    } else {
        i64::from(args.limit)
    };
    let language = args.language.as_deref();
    let mut arms = Vec::new();
    if args.within != Some(Within::Statements) {
        arms.push(store::sources::search(
            &query,
            &args.source,
            language,
            limit,
        ));
    }
    if args.within != Some(Within::Sources) {
        arms.push(store::statements::search(
            &query,
            &args.source,
            language,
            limit,
        ));
    }
    let mut params: Vec<Value> = Vec::new();
    let mut selects = Vec::new();
    for (sql, values) in arms {
        selects.push(format!("SELECT * FROM ({sql})"));
        params.extend(values);
    }
    params.push(Value::Integer(limit));
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
    let mut stmt = conn.prepare(&sql)?;
    write_query(
        &mut stmt,
        rusqlite::params_from_iter(params.iter()),
        &args.output,
    )?;
    Ok(())
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
