//! Writing what the extractor finds: for each source, its extracted mentions, statements and
//! figures are brought to exactly what the extractor finds now. Rows found again are left as they
//! are (same ids), new ones inserted, ones no longer found deleted; curated rows are never touched.
//! A bar on stderr counts the sources done, when the caller's [`Progress`] says bars are shown.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::extract::{Extraction, Extractor};
use crate::model::{Figure, LoadId, Mention, SourceId, Span, Statement};
use crate::progress::Progress;
use crate::store::{self, loads::Counts, Mode, Outcome};

/// Extracts from `sources` and stores the result under a new `loads` row of kind extraction.
/// Returns the counts of rows inserted, updated, unchanged and deleted. `progress` says whether a
/// bar shows the sources done.
pub fn run(
    conn: &Connection,
    command: &str,
    sources: &[SourceId],
    progress: Progress,
) -> anyhow::Result<Counts> {
    let extractor = Extractor::from_db(conn)?;
    let load = store::loads::begin_extraction(conn, command)?;
    let mut counts = Counts::default();
    let bar = progress.sources(sources.len() as u64);
    for &source in sources {
        let (body, language) = store::sources::text_and_language(conn, source)?;
        let found = extractor.extract(&body, &language);
        write(conn, source, &found, load, &mut counts)?;
        // One update per source: a source takes far longer to extract than the update.
        bar.inc(1);
    }
    store::loads::finish(conn, load, None, counts)?;
    Ok(counts)
}

/// Stores `found` as the extracted rows of `source`.
fn write(
    conn: &Connection,
    source: SourceId,
    found: &Extraction,
    load: LoadId,
    counts: &mut Counts,
) -> rusqlite::Result<()> {
    let span = |char_start: usize, char_end: usize, confidence: f64| Span {
        source,
        char_start: char_start as i64,
        char_end: char_end as i64,
        origin: "extracted".to_string(),
        confidence: Some(confidence),
    };
    let existing: Vec<Vec<i64>> = store::EXTRACTED_TABLES
        .iter()
        .map(|table| store::extracted_ids(conn, table, source))
        .collect::<Result<_, _>>()?;
    // a source extracted for the first time needs no look-ups
    let mode = if existing.iter().all(Vec::is_empty) {
        Mode::Insert
    } else {
        Mode::Upsert
    };
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    for m in &found.mentions {
        let row = Mention {
            span: span(m.char_start, m.char_end, m.confidence),
            entity: m.entity,
            surface: m.surface.clone(),
        };
        outcomes.push(("mentions", store::mentions::write(conn, mode, &row, load)?));
    }
    for s in &found.statements {
        let row = Statement {
            span: span(s.char_start, s.char_end, s.confidence),
            speaker: s.speaker,
            kind: s.kind.to_string(),
            text: s.text.clone(),
            language: None,
        };
        outcomes.push((
            "statements",
            store::statements::write(conn, mode, &row, load)?,
        ));
    }
    for f in &found.figures {
        let row = Figure {
            span: span(f.char_start, f.char_end, f.confidence),
            metric: f.metric.clone(),
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: f.qualifier.clone(),
            unit: None,
            subject: f.subject,
            claimed_by: f.claimed_by,
            place: f.place,
            as_of: None,
            evidence: f.evidence.clone(),
        };
        outcomes.push(("figures", store::figures::write(conn, mode, &row, load)?));
    }
    // A source extracted for the first time had no rows to delete.
    let tables: &[&str] = if mode == Mode::Insert {
        &[]
    } else {
        &store::EXTRACTED_TABLES
    };
    for &table in tables {
        let kept: HashSet<i64> = outcomes
            .iter()
            .filter(|(t, _)| *t == table)
            .map(|(_, o)| o.id())
            .collect();
        for id in store::extracted_ids(conn, table, source)? {
            if !kept.contains(&id) {
                store::delete(conn, table, id)?;
                counts.deleted += 1;
            }
        }
    }
    for (_, outcome) in outcomes {
        counts.add(outcome);
    }
    Ok(())
}
