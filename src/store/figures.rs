//! The `figures` table: numeric claims with qualifier, subject, claimant, place, date and evidence.

use rusqlite::{named_params, Connection};

use super::{Filter, Mode, Outcome};
use crate::eval;
use crate::model::{Figure, LoadId, SourceId};

/// Inserts or updates the figure of `figure.metric` at `figure.span`.
pub fn upsert(conn: &Connection, figure: &Figure, load: LoadId) -> rusqlite::Result<Outcome> {
    write(conn, Mode::Upsert, figure, load)
}

/// Writes `figure` in `mode` (see [`Mode`]).
pub fn write(
    conn: &Connection,
    mode: Mode,
    figure: &Figure,
    load: LoadId,
) -> rusqlite::Result<Outcome> {
    let span = &figure.span;
    super::write(
        conn,
        mode,
        "SELECT id FROM figures
         WHERE source_id = ?1 AND origin = ?2 AND char_start = ?3 AND char_end = ?4 AND metric = ?5",
        (span.source, &span.origin, span.char_start, span.char_end, &figure.metric),
        "INSERT INTO figures (source_id, metric, value, low, high, qualifier, unit, subject_id, claimed_by_id,
                              place_id, as_of, evidence, char_start, char_end, origin, confidence, load_id)
         VALUES (:source, :metric, :value, :low, :high, :qualifier, :unit, :subject, :claimed_by, :place, :as_of,
                 :evidence, :start, :end, :origin, :confidence, :load)",
        "UPDATE figures SET value = :value, low = :low, high = :high, qualifier = :qualifier, unit = :unit,
                subject_id = :subject, claimed_by_id = :claimed_by, place_id = :place, as_of = :as_of,
                evidence = :evidence, confidence = :confidence, load_id = :load
         WHERE id = :id AND :source IS source_id AND :metric IS metric AND :start IS char_start
           AND :end IS char_end AND :origin IS origin
           AND NOT (value IS :value AND low IS :low AND high IS :high AND qualifier IS :qualifier
                    AND unit IS :unit AND subject_id IS :subject AND claimed_by_id IS :claimed_by
                    AND place_id IS :place AND as_of IS :as_of AND evidence IS :evidence
                    AND confidence IS :confidence)",
        named_params! {
            ":source": span.source,
            ":metric": figure.metric,
            ":value": figure.value,
            ":low": figure.low,
            ":high": figure.high,
            ":qualifier": figure.qualifier,
            ":unit": figure.unit,
            ":subject": figure.subject,
            ":claimed_by": figure.claimed_by,
            ":place": figure.place,
            ":as_of": figure.as_of,
            ":evidence": figure.evidence,
            ":start": span.char_start,
            ":end": span.char_end,
            ":origin": span.origin,
            ":confidence": span.confidence,
            ":load": load,
        },
    )
}

/// The SELECT of `query figures` and of `export`.
///
/// With `unique`, an extracted row that a curated row already states is left out (the view
/// `unique_figures`).
pub fn select(filter: &Filter, unique: bool) -> String {
    format!(
        "SELECT s.key AS source, f.metric, f.value, f.low, f.high, f.qualifier, f.unit, subj.key AS subject,
                claim.key AS claimed_by, place.key AS place, f.as_of, f.evidence, f.char_start, f.char_end,
                f.origin, f.confidence
         FROM {} AS f
         JOIN sources AS s ON s.id = f.source_id
         LEFT JOIN entities AS subj ON subj.id = f.subject_id
         LEFT JOIN entities AS claim ON claim.id = f.claimed_by_id
         LEFT JOIN entities AS place ON place.id = f.place_id{}
         ORDER BY s.key, f.char_start, f.char_end, f.metric, f.origin",
        if unique { "unique_figures" } else { "figures" },
        filter.sql()
    )
}

/// The figures of `origin` (`curated` or `extracted`) in the sources keyed `sources` (every source
/// when empty), with source and claimant keys, in id order: what `eval` scores.
pub fn for_eval(
    conn: &Connection,
    origin: &str,
    sources: &[String],
) -> rusqlite::Result<Vec<eval::Figure>> {
    let filter = Filter::origin_in_sources("f", origin, sources);
    let sql = format!(
        "SELECT f.id, s.key, f.metric, f.value, f.low, f.high, f.qualifier, claim.key, f.char_start,
                f.char_end
         FROM figures AS f
         JOIN sources AS s ON s.id = f.source_id
         LEFT JOIN entities AS claim ON claim.id = f.claimed_by_id{}
         ORDER BY f.id",
        filter.sql()
    );
    conn.prepare(&sql)?
        .query_map(filter.params(), |row| {
            Ok(eval::Figure {
                id: row.get(0)?,
                source: row.get(1)?,
                metric: row.get(2)?,
                value: row.get(3)?,
                low: row.get(4)?,
                high: row.get(5)?,
                qualifier: row.get(6)?,
                claimed_by: row.get(7)?,
                char_start: row.get(8)?,
                char_end: row.get(9)?,
            })
        })?
        .collect()
}

/// One figure as the comparison sees it: a row of the view `figure_groups`, names joined in.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub metric: String,
    pub subject_id: Option<i64>,
    pub subject: Option<String>,
    pub place_id: Option<i64>,
    pub place: Option<String>,
    pub source: String,
    pub source_id: SourceId,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: String,
    pub shown: String,
    pub claimed_by: Option<String>,
    pub evidence: String,
    pub char_start: i64,
    pub char_end: i64,
    pub as_of: Option<String>,
    pub origin: String,
}

/// Hands each figure of the comparison that passes `filter` (over `g`, the view `figure_groups`) to
/// `each`, ordered by quantity, then source and offset.
pub fn compared(
    conn: &Connection,
    filter: &Filter,
    mut each: impl FnMut(Compared),
) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT g.metric, g.subject_id, subject.name, g.place_id, place.name, g.source, g.source_id, g.value, g.low,
                g.high, g.qualifier, g.shown, claim.name, g.evidence, g.char_start, g.char_end, g.as_of, g.origin
         FROM figure_groups AS g
         LEFT JOIN entities AS subject ON subject.id = g.subject_id
         LEFT JOIN entities AS place ON place.id = g.place_id
         LEFT JOIN entities AS claim ON claim.id = g.claimed_by_id{}
         ORDER BY g.metric, g.subject_id, g.place_id, g.source, g.char_start",
        filter.sql()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(filter.params())?;
    while let Some(r) = rows.next()? {
        each(Compared {
            metric: r.get(0)?,
            subject_id: r.get(1)?,
            subject: r.get(2)?,
            place_id: r.get(3)?,
            place: r.get(4)?,
            source: r.get(5)?,
            source_id: r.get(6)?,
            value: r.get(7)?,
            low: r.get(8)?,
            high: r.get(9)?,
            qualifier: r.get(10)?,
            shown: r.get(11)?,
            claimed_by: r.get(12)?,
            evidence: r.get(13)?,
            char_start: r.get(14)?,
            char_end: r.get(15)?,
            as_of: r.get(16)?,
            origin: r.get(17)?,
        });
    }
    Ok(())
}
