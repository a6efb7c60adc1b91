//! `factstore eval`: how well the extracted rows agree with the curated ones. Prints precision,
//! recall and F1 for mentions, statements and figures, and how often matched pairs agree on the
//! speaker, the qualifier and the claimant; `--misses FILE` also writes every miss, false hit and
//! disagreeing pair as CSV, each with the text around it.
//!
//! Data flow: both origins are read in one read transaction through the `store` module of each
//! table, scored by [`crate::eval`] (which holds the rules), and printed as a fixed-width table.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::Connection;
use serde::Serialize;

use crate::db;
use crate::eval::{self, Accuracy, Counts, Input, Miss, Report, Sides};
use crate::model::{EntityId, Origin, SourceId, Vocabulary};
use crate::options::{Global, Resolver, SourceArgs};
use crate::store::figures::Figures;
use crate::store::mentions::Mentions;
use crate::store::spans::of_origin;
use crate::store::statements::Statements;
use crate::store::{self, Readable};
use crate::text::SourceText;

/// Score the extracted mentions, statements and figures against the curated ones.
///
/// For each kind, only sources with at least one curated row of that kind are scored. Mentions
/// count once per source and entity. Statements are direct quotes of four words or more; an
/// extracted one matches a curated one whose span overlaps it. Figures match on overlapping
/// evidence, equal metric and equal value (without a value, equal bounds). Matching is one to one,
/// largest overlap first. The accuracy lines say how many matched pairs also agree on the speaker,
/// the qualifier and the claimant (`claimed_by`). Then, for each extraction rule, how many rows it
/// produced in the scored sources and the share a curated row confirms (its precision).
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore eval --source shoot-to-kill --misses misses.csv")]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,

    /// Also write every miss, false hit and disagreeing pair to FILE as CSV (kind, problem, source,
    /// char_start, char_end, curated, extracted, context), with the text around it.
    #[arg(long, value_name = "FILE")]
    misses: Option<PathBuf>,
}

/// How many characters of source text a miss's context shows on each side of its span.
const CONTEXT: i64 = 60;

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    // One read transaction: both origins (and the texts) come from the same state of the store,
    // even while a load or an extraction runs.
    conn.execute_batch("BEGIN")?;
    let sources = Resolver::new(&conn).sources(&args.source)?;
    let input = read(&conn, &sources)?;
    if !input.has_curated() {
        let among = if sources.is_empty() {
            ""
        } else {
            " among those given with --source"
        };
        anyhow::bail!(
            "no source{among} has curated mentions, statements or figures: there is nothing to score the extracted rows against"
        );
    }
    let report = eval::evaluate(&input);
    if let Some(path) = &args.misses {
        write_misses(&conn, &report.misses, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    conn.execute_batch("COMMIT")?;
    let mut out = io::stdout().lock();
    out.write_all(table(&report).as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Both origins of every kind, in the sources `sources` (all when empty), with keys in place of
/// ids.
fn read(conn: &Connection, sources: &[SourceId]) -> rusqlite::Result<Input> {
    let keys = Keys {
        sources: store::sources::keys(conn)?
            .into_iter()
            .map(|(k, id)| (id, k))
            .collect(),
        entities: store::entities::keys(conn)?
            .into_iter()
            .map(|(k, id)| (id, k))
            .collect(),
    };
    Ok(Input {
        mentions: sides::<Mentions, _>(conn, sources, |id, m| eval::Mention {
            id,
            source: keys.source(m.span.source),
            entity: keys.entity(m.entity),
            char_start: m.span.char_start,
            char_end: m.span.char_end,
            rule: m.span.rule.map(|r| r.as_str().to_string()),
        })?,
        statements: sides::<Statements, _>(conn, sources, |id, s| eval::Statement {
            id,
            source: keys.source(s.span.source),
            speaker: s.speaker.map(|e| keys.entity(e)),
            kind: s.kind.as_str().to_string(),
            text: s.text,
            char_start: s.span.char_start,
            char_end: s.span.char_end,
            rule: s.span.rule.map(|r| r.as_str().to_string()),
        })?,
        figures: sides::<Figures, _>(conn, sources, |id, f| eval::Figure {
            id,
            source: keys.source(f.span.source),
            metric: f.metric,
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: f.qualifier.as_str().to_string(),
            claimed_by: f.claimed_by.map(|e| keys.entity(e)),
            char_start: f.span.char_start,
            char_end: f.span.char_end,
            rule: f.span.rule.map(|r| r.as_str().to_string()),
        })?,
    })
}

/// The keys of sources and entities, by id.
struct Keys {
    sources: HashMap<SourceId, String>,
    entities: HashMap<EntityId, String>,
}

impl Keys {
    fn source(&self, id: SourceId) -> String {
        self.sources.get(&id).cloned().unwrap_or_default()
    }

    fn entity(&self, id: EntityId) -> String {
        self.entities.get(&id).cloned().unwrap_or_default()
    }
}

/// The curated and the extracted rows of table `T`, each made an eval row by `row`.
fn sides<T: Readable, E>(
    conn: &Connection,
    sources: &[SourceId],
    row: impl Fn(i64, T::Row) -> E,
) -> rusqlite::Result<Sides<E>> {
    let side = |origin| -> rusqlite::Result<Vec<E>> {
        Ok(of_origin::<T>(conn, origin, sources)?
            .into_iter()
            .map(|(id, r)| row(id, r))
            .collect())
    };
    Ok(Sides {
        curated: side(Origin::Curated)?,
        extracted: side(Origin::Extracted)?,
    })
}

/// Column widths of the table; the first column is left-aligned, the others right-aligned.
const WIDTHS: [usize; 7] = [24, 10, 11, 7, 11, 8, 7];

/// One line of the table, without trailing spaces.
fn line(cells: [&str; 7]) -> String {
    let mut text = String::new();
    // columns end where their widths add up to, a long first cell (a rule's name) taking from
    // the next ones
    let mut end = 0;
    for (i, (cell, width)) in cells.iter().zip(WIDTHS).enumerate() {
        end += width;
        let width = end.saturating_sub(text.chars().count());
        if i == 0 {
            text.push_str(&format!("{cell:<width$}"));
        } else {
            text.push_str(&format!("{cell:>width$}"));
        }
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

fn counts_line(label: &str, c: &Counts) -> String {
    line([
        label,
        &c.curated.to_string(),
        &c.extracted.to_string(),
        &c.true_hits.to_string(),
        &format!("{:.3}", c.precision()),
        &format!("{:.3}", c.recall()),
        &format!("{:.3}", c.f1()),
    ])
}

/// The count of agreeing pairs under `true`, the share under `precision` (`-` without pairs).
fn accuracy_line(label: &str, a: &Accuracy) -> String {
    let share = a
        .share()
        .map_or_else(|| "-".to_string(), |s| format!("{s:.3}"));
    line([label, "", "", &a.correct.to_string(), &share, "", ""])
}

/// The table `eval` prints: the scores of each kind, then the precision of each rule.
fn table(r: &Report) -> String {
    let mut text = scores(r);
    if !r.rules.is_empty() {
        text.push('\n');
        text.push_str(&line([
            "rule",
            "",
            "extracted",
            "true",
            "precision",
            "",
            "",
        ]));
        for rule in &r.rules {
            let name = if rule.rule == "(none)" {
                format!("{} (no rule)", rule.kind.name())
            } else {
                rule.rule.clone()
            };
            text.push_str(&line([
                &name,
                "",
                &rule.extracted.to_string(),
                &rule.true_hits.to_string(),
                &format!("{:.3}", rule.precision()),
                "",
                "",
            ]));
        }
    }
    text
}

/// The scores of each kind, and the accuracies of matched pairs.
fn scores(r: &Report) -> String {
    [
        line([
            "what",
            "curated",
            "extracted",
            "true",
            "precision",
            "recall",
            "f1",
        ]),
        counts_line("mentions (source×entity)", &r.mentions),
        counts_line("statements (4+ words)", &r.statements),
        accuracy_line("  speaker accuracy", &r.speaker),
        counts_line("figures (metric + value)", &r.figures),
        accuracy_line("  qualifier accuracy", &r.qualifier),
        accuracy_line("  claimed_by accuracy", &r.claimed_by),
    ]
    .concat()
}

/// The text of `body` from [`CONTEXT`] characters before `start` to [`CONTEXT`] characters after
/// `end` (clamped to the text), on one line: every line break becomes one space.
fn context(body: &SourceText, start: i64, end: i64) -> String {
    let chars = body.chars() as i64;
    let from = (start - CONTEXT).clamp(0, chars) as usize;
    let to = (end + CONTEXT).clamp(0, chars) as usize;
    body.slice(from, to)
        .unwrap_or_default()
        .replace("\r\n", " ")
        .replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ")
}

/// The columns of the misses file.
const MISS_COLUMNS: [&str; 8] = [
    "kind",
    "problem",
    "source",
    "char_start",
    "char_end",
    "curated",
    "extracted",
    "context",
];

/// One row of the misses file, its fields in the order of [`MISS_COLUMNS`].
#[derive(Serialize)]
struct MissRow<'a> {
    kind: &'a str,
    problem: &'a str,
    source: &'a str,
    char_start: i64,
    char_end: i64,
    curated: &'a str,
    extracted: &'a str,
    context: String,
}

/// Writes `misses` to `path` as raw CSV (header row, LF line ends, no formula guard), reading the
/// text of each source once.
fn write_misses(conn: &Connection, misses: &[Miss], path: &Path) -> anyhow::Result<()> {
    let mut texts: HashMap<&str, SourceText> = HashMap::new();
    let ids = store::sources::keys(conn)?;
    // The header is written by hand so that a file without misses has one too.
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)?;
    writer.write_record(MISS_COLUMNS)?;
    for miss in misses {
        if !texts.contains_key(miss.source.as_str()) {
            let id = ids
                .get(&miss.source)
                .with_context(|| format!("source {:?} vanished during eval", miss.source))?;
            texts.insert(
                &miss.source,
                SourceText::new(store::sources::body(conn, *id)?),
            );
        }
        writer.serialize(MissRow {
            kind: miss.kind.name(),
            problem: miss.problem.name(),
            source: &miss.source,
            char_start: miss.char_start,
            char_end: miss.char_end,
            curated: &miss.curated,
            extracted: &miss.extracted,
            context: context(&texts[miss.source.as_str()], miss.char_start, miss.char_end),
        })?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_clamped_and_on_one_line() {
        let body = SourceText::new(format!(
            "{}é\r\nTokaïev\nb{}",
            "a".repeat(70),
            "c".repeat(70)
        ));
        // "Tokaïev" is at 73..80 (code points, not bytes).
        assert_eq!(body.slice(73, 80), Some("Tokaïev"));
        assert_eq!(
            context(&body, 73, 80),
            format!("{}é Tokaïev b{}", "a".repeat(57), "c".repeat(58))
        );
        let short = SourceText::new("un\ndeux\rtrois".to_string());
        assert_eq!(context(&short, 3, 7), "un deux trois");
    }

    #[test]
    fn table_columns_line_up_and_accuracy_without_pairs_is_a_dash() {
        let report = Report {
            mentions: Counts {
                curated: 83,
                extracted: 85,
                true_hits: 80,
            },
            speaker: Accuracy {
                correct: 27,
                pairs: 29,
            },
            ..Report::default()
        };
        assert_eq!(
            table(&report),
            "\
what                       curated  extracted   true  precision  recall     f1
mentions (source×entity)        83         85     80      0.941   0.964  0.952
statements (4+ words)            0          0      0      0.000   0.000  0.000
  speaker accuracy                                27      0.931
figures (metric + value)         0          0      0      0.000   0.000  0.000
  qualifier accuracy                               0          -
  claimed_by accuracy                              0          -
"
        );
    }
}
