//! Loading the output of `extract --stream` back: [`Writer::extracted`] reads its JSON lines
//! ([`crate::stream::Line`]) and stores each article as a source, with its rows as the
//! extracted rows of that source, exactly as `extract` would have stored them. It is the reader
//! for any command that takes those lines (`load extracted`, and `add` of such a file).
//!
//! An article is its `source` line and the rows after it, up to the next `source` line. Entities
//! are named by key and must be in the store. The source is upserted by key (the same text
//! leaves it unchanged; a new text is refused while curated rows point into the old one); its
//! extracted rows are then brought to those of the lines (rows found again keep their ids), so
//! that loading the same lines twice changes nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{anyhow, Context as _};

use super::{write_extraction, FileReport, Writer};
use crate::digest::sha256_hex;
use crate::extract::rules::Rule;
use crate::extract::Extraction;
use crate::model::{
    check_date, check_key, check_language, EntityId, Figure, LoadId, Mention, Origin, Qualifier,
    SourceId, Span, Statement, StatementKind, Vocabulary,
};
use crate::store::loads::Counts;
use crate::store::sources::{self, Source, Sources};
use crate::store::table::{self, Mode};
use crate::store::{self, Kind, Outcome, RowError};
use crate::stream::{FigureLine, Line, MentionLine, SourceLine, SpanLine, StatementLine};

/// The article being read: its source and the rows found so far.
struct Pending {
    source: SourceId,
    key: String,
    found: Extraction,
}

impl Writer<'_> {
    /// Loads the JSON lines of `extract --stream` from `path` (`-`: standard input); see the
    /// module documentation. Fails, and the caller must drop the writer, on the first line that
    /// is not such a line, names an unknown entity, rule or vocabulary word, or comes before any
    /// source line; the error names the file and line.
    pub fn extracted(&mut self, path: &Path) -> anyhow::Result<()> {
        let shown = path.display().to_string();
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
            Box::new(BufReader::with_capacity(64 * 1024, file))
        };
        let sources_load = store::loads::begin(&self.tx, &self.command, "sources", &shown)?;
        let rows_load = store::loads::begin_extraction(&self.tx, &self.command)?;
        let (mut source_counts, mut counts) = (Counts::default(), Counts::default());
        let (mut pending, mut articles) = (None::<Pending>, 0usize);
        for (i, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {shown}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let at = |e: anyhow::Error| e.context(format!("{shown}:{}", i + 1));
            let parsed: Line = serde_json::from_str(&line)
                .map_err(|e| at(anyhow!("not a line of extract --stream: {e}")))?;
            if let Line::Source(source) = parsed {
                if let Some(done) = pending.take() {
                    write_extraction(&self.tx, done.source, &done.found, rows_load, &mut counts)?;
                }
                let key = source.article.clone();
                let (id, outcome) = self.source(source, sources_load).map_err(at)?;
                source_counts.add(outcome);
                articles += 1;
                pending = Some(Pending {
                    source: id,
                    key,
                    found: Extraction::default(),
                });
                continue;
            }
            let Some(current) = pending.as_mut() else {
                return Err(at(anyhow!("a row before any source line")));
            };
            if parsed.article() != current.key {
                return Err(at(anyhow!(
                    "a row of article {:?} after the source line of {:?}",
                    parsed.article(),
                    current.key
                )));
            }
            self.push_row(parsed, current).map_err(at)?;
        }
        if let Some(done) = pending.take() {
            write_extraction(&self.tx, done.source, &done.found, rows_load, &mut counts)?;
        }
        store::loads::finish(&self.tx, sources_load, None, source_counts)?;
        store::loads::finish(&self.tx, rows_load, None, counts)?;
        self.reports.push(FileReport {
            kind: Kind::Sources,
            path: shown,
            counts: source_counts,
            header: Vec::new(),
            rejected: Vec::new(),
        });
        self.extracted = Some((articles, counts));
        Ok(())
    }

    /// Stores the source of a source line under `load`.
    fn source(&mut self, line: SourceLine, load: LoadId) -> anyhow::Result<(SourceId, Outcome)> {
        check_key(&line.article).map_err(|m| anyhow!("article: {m}"))?;
        check_language(&line.language).map_err(|m| anyhow!("language: {m}"))?;
        if let Some(date) = &line.published {
            check_date(date).map_err(|m| anyhow!("published: {m}"))?;
        }
        let sha256 = sha256_hex(line.body.as_bytes());
        sources::check_new_text(&self.tx, &line.article, &sha256).map_err(row_error)?;
        let source = Source {
            key: line.article,
            title: line.title,
            publisher: line.publisher,
            url: line.url,
            language: line.language,
            published: line.published,
            fingerprint: crate::ingest::Fingerprint::of(&line.body).to_bytes(),
            body: line.body,
            sha256,
            ..Source::default()
        };
        let outcome = table::write::<Sources>(&self.tx, Mode::Upsert, &source, load)?;
        let id = SourceId(outcome.id());
        self.known.sources.insert(source.key, id);
        self.known.forget_text(id);
        Ok((id, outcome))
    }

    /// Adds the row of `line` to the article being read.
    fn push_row(&self, line: Line, to: &mut Pending) -> anyhow::Result<()> {
        let source = to.source;
        match line {
            Line::Source(_) => unreachable!("source lines start an article"),
            Line::Mention(m) => to.found.mentions.push(self.mention(m, source)?),
            Line::Statement(s) => to.found.statements.push(self.statement(s, source)?),
            Line::Figure(f) => to.found.figures.push(self.figure(f, source)?),
        }
        Ok(())
    }

    /// The id of entity `key`; the error names `field`.
    fn entity(&self, field: &str, key: &str) -> anyhow::Result<EntityId> {
        self.known
            .entities
            .get(key)
            .copied()
            .ok_or_else(|| anyhow!("{field}: unknown entity {key:?}"))
    }

    fn optional_entity(&self, field: &str, key: Option<&str>) -> anyhow::Result<Option<EntityId>> {
        key.map(|k| self.entity(field, k)).transpose()
    }

    fn mention(&self, m: MentionLine, source: SourceId) -> anyhow::Result<Mention> {
        #[allow(clippy::needless_update)]
        Ok(Mention {
            entity: self.entity("entity", &m.entity)?,
            surface: m.surface,
            span: span(m.span, source)?,
            ..Mention::default()
        })
    }

    fn statement(&self, s: StatementLine, source: SourceId) -> anyhow::Result<Statement> {
        #[allow(clippy::needless_update)]
        Ok(Statement {
            speaker: self.optional_entity("speaker", s.speaker.as_deref())?,
            kind: word::<StatementKind>("kind", &s.kind)?,
            text: s.text,
            language: s.language,
            span: span(s.span, source)?,
            ..Statement::default()
        })
    }

    fn figure(&self, f: FigureLine, source: SourceId) -> anyhow::Result<Figure> {
        #[allow(clippy::needless_update)]
        Ok(Figure {
            metric: f.metric,
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: word::<Qualifier>("qualifier", &f.qualifier)?,
            unit: f.unit,
            subject: self.optional_entity("subject", f.subject.as_deref())?,
            claimed_by: self.optional_entity("claimed_by", f.claimed_by.as_deref())?,
            place: self.optional_entity("place", f.place.as_deref())?,
            as_of: f.as_of,
            evidence: f.evidence,
            span: span(f.span, source)?,
            ..Figure::default()
        })
    }
}

/// The span of an extracted row of `source`.
fn span(line: SpanLine, source: SourceId) -> anyhow::Result<Span> {
    let rule = line
        .rule
        .as_deref()
        .map(|r| word::<Rule>("rule", r))
        .transpose()?;
    Ok(Span {
        source,
        char_start: line.char_start,
        char_end: line.char_end,
        origin: Origin::Extracted,
        confidence: line.confidence,
        rule,
    })
}

/// The word `text` of vocabulary `V`; the error names `field` and the words allowed.
fn word<V: Vocabulary>(field: &str, text: &str) -> anyhow::Result<V> {
    V::parse(text).ok_or_else(|| anyhow!("{field}: {text:?} is not one of {}", V::names()))
}

/// A row error as a message.
fn row_error(e: RowError) -> anyhow::Error {
    match e {
        RowError::Field(f) => anyhow!("{}: {}", f.field, f.message),
        RowError::Row(m) => anyhow!(m),
        RowError::Db(e) => e.into(),
    }
}
