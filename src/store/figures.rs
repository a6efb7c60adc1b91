//! The `figures` table: numeric claims with qualifier, subject, claimant, place, date and evidence.

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};

use super::entities::ids;
use super::spans::{self, CHAR_END, CHAR_START, CONFIDENCE, ORIGIN, RULE, SOURCE};
use super::table::{generated, own, Column, Csv, Readable};
use super::{check_bounds, origin_is, Context, Filter, RowError, SourceFilters, Table};
use crate::csvin::{quoted, FieldError, Fields};
use crate::model::{EntityId, Origin, Qualifier, SourceId, Span, Vocabulary};
use crate::text::SourceText;

/// A figure as loaded or extracted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub span: Span,
    pub metric: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: Qualifier,
    pub unit: Option<String>,
    pub subject: Option<EntityId>,
    pub claimed_by: Option<EntityId>,
    pub place: Option<EntityId>,
    pub as_of: Option<String>,
    pub evidence: String,
}

pub struct Figures;

impl Table for Figures {
    type Row = Figure;
    const NAME: &'static str = "figures";
    const ALIAS: &'static str = "f";
    const COLUMNS: &'static [Column] = &[
        SOURCE,
        own(
            "metric",
            Csv::Required,
            "what is counted (a metric of the lexicon: killed, arrested, ...)",
        ),
        own(
            "value",
            Csv::Optional,
            "the number (empty for a vague quantity)",
        ),
        own("low", Csv::Optional, "its lower bound"),
        own("high", Csv::Optional, "its upper bound"),
        own(
            "qualifier",
            Csv::Optional,
            "exact (the default), about, more_than, dozens, ...",
        ),
        own("unit", Csv::Optional, "the unit, if not people"),
        spans::entity(
            "subject",
            Csv::Optional,
            "subject_id",
            "subj",
            "who is counted (an entity's key)",
        ),
        spans::entity(
            "claimed_by",
            Csv::Optional,
            "claimed_by_id",
            "claim",
            "who gives the number",
        ),
        spans::entity("place", Csv::Optional, "place_id", "place", "where"),
        own(
            "as_of",
            Csv::Optional,
            "the day the number is for (YYYY-MM-DD)",
        ),
        own(
            "evidence",
            Csv::Required,
            "the number as the source writes it",
        ),
        CHAR_START,
        CHAR_END,
        ORIGIN,
        CONFIDENCE,
        RULE,
    ];
    const KEY: &'static [&'static str] =
        &["source_id", "origin", "char_start", "char_end", "metric"];
    const KEY_WORDS: &'static str = "source, span, origin and metric";
    const ORDER: &'static str = "s.key, f.char_start, f.char_end, f.metric, f.origin";

    fn parse(row: &Fields, ctx: &mut Context) -> Result<Figure, RowError> {
        let metric = row.required("metric")?;
        check_metric(ctx, metric)?;
        let (value, low, high) = (row.count("value")?, row.count("low")?, row.count("high")?);
        if value.is_none() && low.is_none() && high.is_none() {
            return Err(FieldError::new(
                "value",
                "is empty, and so are low and high: a figure needs a value or bounds",
            )
            .into());
        }
        check_bounds(value, low, high)?;
        let entity =
            |field: &'static str| row.get(field).map(|key| ctx.entity(field, key)).transpose();
        let (subject, claimed_by, place) =
            (entity("subject")?, entity("claimed_by")?, entity("place")?);
        let evidence = row.required("evidence")?;
        // A spreadsheet may have turned the number as written ("3,800") into a number (3800): the
        // source's own writing at the given offsets is kept.
        let source = ctx.source(row.required("source")?)?;
        let body = ctx.text(source)?;
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
            qualifier: row.vocabulary("qualifier", Some(Qualifier::Exact))?,
            unit: row.text("unit"),
            subject,
            claimed_by,
            place,
            as_of: row.date("as_of")?.map(str::to_string),
            span: spans::span(row, ctx, "evidence", evidence)?,
            evidence: evidence.to_string(),
        })
    }

    fn values(f: &Figure) -> Vec<&dyn ToSql> {
        let s = &f.span;
        vec![
            &s.source,
            &f.metric,
            &f.value,
            &f.low,
            &f.high,
            &f.qualifier,
            &f.unit,
            &f.subject,
            &f.claimed_by,
            &f.place,
            &f.as_of,
            &f.evidence,
            &s.char_start,
            &s.char_end,
            &s.origin,
            &s.confidence,
            &s.rule,
        ]
    }

    generated!(Figures);
}

impl Readable for Figures {
    fn read(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Figure> {
        Ok(Figure {
            metric: r.get(at + 1)?,
            value: r.get(at + 2)?,
            low: r.get(at + 3)?,
            high: r.get(at + 4)?,
            qualifier: r.get(at + 5)?,
            unit: r.get(at + 6)?,
            subject: r.get(at + 7)?,
            claimed_by: r.get(at + 8)?,
            place: r.get(at + 9)?,
            as_of: r.get(at + 10)?,
            evidence: r.get(at + 11)?,
            span: spans::read(r, [at, at + 12, at + 13, at + 14, at + 15, at + 16])?,
        })
    }
}

/// Refuses a metric the lexicon does not name.
fn check_metric(ctx: &Context, metric: &str) -> Result<(), FieldError> {
    if ctx.known.metrics.contains(metric) {
        return Ok(());
    }
    let mut known: Vec<&str> = ctx.known.metrics.iter().map(String::as_str).collect();
    known.sort_unstable();
    let known = if known.is_empty() {
        "none yet: load a lexicon first".to_string()
    } else {
        known.join(", ")
    };
    Err(FieldError::new(
        "metric",
        format!(
            "unknown metric {} (metrics are lexicon rows of kind metric; known: {known})",
            quoted(metric)
        ),
    ))
}

/// The number at code points `start..end` of `body` when it is `given` written another way
/// ("3,800" or "3 800" for 3800): the same digits, with only separators between them. The span
/// must begin and end with a digit, so that offsets running past the number (" 3,800.") are not
/// taken for its writing: they are refused as not reading the evidence.
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
        let ends_are_digits = t.starts_with(|c: char| c.is_ascii_digit())
            && t.ends_with(|c: char| c.is_ascii_digit());
        (only_separators && ends_are_digits).then_some(digits)
    };
    (found != given && number(found).is_some() && number(found) == number(given))
        .then(|| found.to_string())
}

/// The filters of `query figures`.
#[derive(Debug, Default)]
pub struct Filters {
    pub common: SourceFilters,
    pub metric: Vec<String>,
    /// Figures where one of these entities is the subject, the claimant or the place.
    pub entity: Option<Vec<EntityId>>,
    pub subject: Option<Vec<EntityId>>,
    pub claimed_by: Option<Vec<EntityId>>,
    pub place: Option<Vec<EntityId>>,
    pub qualifier: Option<Qualifier>,
    pub origin: Option<Origin>,
}

/// The SELECT of `query figures` (and, unfiltered with every row, of `export`).
pub fn select(filters: &Filters, unique: bool) -> (String, Filter) {
    let mut filter = Filter::default();
    filters
        .common
        .apply(&mut filter, "coalesce(f.as_of, s.published)", "f.evidence");
    filter.any_of("f.metric", filters.metric.iter().map(|m| super::text(m)));
    if let Some(ids) = ids(&filters.entity) {
        let marks = vec!["?"; ids.len()].join(", ");
        let values: Vec<Value> = (0..3)
            .flat_map(|_| ids.iter().map(|&i| Value::Integer(i)))
            .collect();
        filter.push(
            format!("(f.subject_id IN ({marks}) OR f.claimed_by_id IN ({marks}) OR f.place_id IN ({marks}))"),
            values,
        );
    }
    filter.ids_in("f.subject_id", ids(&filters.subject).as_deref());
    filter.ids_in("f.claimed_by_id", ids(&filters.claimed_by).as_deref());
    filter.ids_in("f.place_id", ids(&filters.place).as_deref());
    filter.equals("f.qualifier", filters.qualifier.map(Qualifier::as_str));
    origin_is(&mut filter, "f.origin", filters.origin);
    let from = if unique { "unique_figures" } else { "figures" };
    (
        super::table::select::<Figures>(from, &filter, false),
        filter,
    )
}

/// One figure as the comparison sees it: a row of the view `figure_groups`, names joined in.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub metric: String,
    pub unit: Option<String>,
    pub subject_id: Option<i64>,
    pub subject: Option<String>,
    pub place_id: Option<i64>,
    pub place: Option<String>,
    pub source: String,
    pub source_id: SourceId,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: Qualifier,
    pub shown: String,
    pub claimed_by: Option<String>,
    pub evidence: String,
    pub char_start: i64,
    pub char_end: i64,
    pub as_of: Option<String>,
    pub origin: Origin,
    /// The extractor's confidence and rule (none for a curated figure).
    pub confidence: Option<f64>,
    pub rule: Option<String>,
}

/// The filters of the comparison.
#[derive(Debug, Default)]
pub struct CompareFilters {
    pub metric: Vec<String>,
    pub sources: Vec<SourceId>,
    pub subject: Option<Vec<EntityId>>,
    pub place: Option<Vec<EntityId>>,
    /// Only figures dated on or after / on or before (a figure's as_of, else its source's date).
    pub from: Option<String>,
    pub to: Option<String>,
    pub origin: Option<Origin>,
    /// Each syndicated copy as a source of its own; else a copy's figures count as its
    /// original's (one report per original).
    pub copies: bool,
}

impl CompareFilters {
    fn filter(&self) -> Filter {
        let mut filter = Filter::default();
        filter.any_of("g.metric", self.metric.iter().map(|m| super::text(m)));
        filter.any_of(
            "g.source_id",
            self.sources.iter().map(|s| Value::Integer(s.0)),
        );
        filter.ids_in("g.subject_id", ids(&self.subject).as_deref());
        filter.ids_in("g.place_id", ids(&self.place).as_deref());
        if let Some(from) = &self.from {
            filter.push("g.as_of >= ?", [super::text(from)]);
        }
        if let Some(to) = &self.to {
            filter.push("g.as_of <= ?", [super::text(to)]);
        }
        origin_is(&mut filter, "g.origin", self.origin);
        filter
    }
}

/// Hands each figure of the comparison that passes `filters` to `each`, ordered by quantity,
/// then source and offset. Unless `filters.copies`, a figure of a syndicated copy comes under
/// its original's key, so that a dispatch republished by ten sites is one source.
pub fn compared(
    conn: &Connection,
    filters: &CompareFilters,
    mut each: impl FnMut(Compared),
) -> rusqlite::Result<()> {
    let filter = filters.filter();
    let source = if filters.copies {
        "g.source"
    } else {
        "g.original"
    };
    let sql = format!(
        "SELECT g.metric, g.subject_id, subject.name, g.place_id, place.name, {source}, g.source_id, g.value, g.low,
                g.high, g.qualifier, g.shown, claim.name, g.evidence, g.char_start, g.char_end, g.as_of, g.origin,
                g.confidence, g.rule, g.unit
         FROM figure_groups AS g
         LEFT JOIN entities AS subject ON subject.id = g.subject_id
         LEFT JOIN entities AS place ON place.id = g.place_id
         LEFT JOIN entities AS claim ON claim.id = g.claimed_by_id{}
         ORDER BY g.metric, g.unit, g.subject_id, g.place_id, {source}, g.char_start",
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
            confidence: r.get(18)?,
            rule: r.get(19)?,
            unit: r.get(20)?,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Offsets running past the number are not its writing.
        assert_eq!(number_as_written(&body, Some(9), Some(15), "3800"), None);
        assert_eq!(number_as_written(&body, Some(10), Some(16), "3,800"), None);
        assert_eq!(number_as_written(&body, Some(9), Some(16), "3,800"), None);
    }
}
