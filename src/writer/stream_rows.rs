//! Loading the output of `extract --stream` back: [`Writer::extracted`] reads its JSON lines
//! ([`crate::stream::Line`]) and stores each article as a source, with its rows as the
//! extracted rows of that source, exactly as `extract` would have stored them. It is the reader
//! for any command that takes those lines (`load extracted`, and `add` of such a file).
//!
//! An article is its `source` line and the rows after it, up to the next `source` line. A row
//! names a stored entity by key (it must be in the store) or a name the extractor discovered,
//! which becomes an entity as in `extract` (the stored entity covering it, the discovered entity
//! of the same match key, or a new one). The source is upserted by key (the same text
//! leaves it unchanged; a new text is refused while curated rows point into the old one); its
//! extracted rows are then brought to those of the lines (rows found again keep their ids), so
//! that loading the same lines twice changes nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{anyhow, Context as _};

use std::collections::HashMap;

use super::{discover, give_ids, write_extraction, FileReport, Writer};
use crate::digest::sha256_hex;
use crate::extract::rules::Rule;
use crate::extract::{names, Extraction};
use crate::model::{
    check_date, check_key, check_language, EntityId, EntityKind, Figure, LoadId, Mention, Origin,
    Qualifier, SourceId, Span, Statement, StatementKind, Vocabulary,
};
use crate::store::loads::Counts;
use crate::store::sources::{self, Source, Sources};
use crate::store::table::{self, Mode};
use crate::store::{self, Kind, Outcome, RowError};
use crate::stream::{EntityRef, FigureLine, Line, SourceLine, SpanLine};

/// The article being read: its source and the rows found so far.
struct Pending {
    source: SourceId,
    key: String,
    found: Extraction,
    /// The index in `found.names` of each discovered name's match key.
    names: HashMap<String, usize>,
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
        let mut discovered = HashMap::new();
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
                    store_article(&self.tx, done, rows_load, &mut discovered, &mut counts)?;
                }
                let key = source.article.clone();
                let (id, outcome) = self.source(source, sources_load).map_err(at)?;
                source_counts.add(outcome);
                articles += 1;
                pending = Some(Pending {
                    source: id,
                    key,
                    found: Extraction::default(),
                    names: HashMap::new(),
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
            store_article(&self.tx, done, rows_load, &mut discovered, &mut counts)?;
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
            Line::Mention(m) => {
                let mention = Mention {
                    entity: self.entity("entity", &m.entity, to)?,
                    surface: m.surface,
                    span: span(m.span, source)?,
                };
                to.found.mentions.push(mention);
            }
            Line::Statement(s) => {
                let statement = Statement {
                    speaker: self.optional_entity("speaker", s.speaker.as_ref(), to)?,
                    kind: word::<StatementKind>("kind", &s.kind)?,
                    text: s.text,
                    language: s.language,
                    span: span(s.span, source)?,
                };
                to.found.statements.push(statement);
            }
            Line::Figure(f) => {
                let figure = self.figure(f, to)?;
                to.found.figures.push(figure);
            }
        }
        Ok(())
    }

    /// The id of the entity `reference` names, a provisional one for a discovered name (given
    /// its entity when the article is stored); the error names `field`.
    fn entity(
        &self,
        field: &str,
        reference: &EntityRef,
        to: &mut Pending,
    ) -> anyhow::Result<EntityId> {
        match reference {
            EntityRef::Key(key) => self
                .known
                .entities
                .get(key)
                .copied()
                .ok_or_else(|| anyhow!("{field}: unknown entity {key:?}")),
            EntityRef::Discovered(name) => {
                if name.name.trim().is_empty() {
                    return Err(anyhow!("{field}: a discovered name is empty"));
                }
                let kind = word::<EntityKind>(&format!("{field}.kind"), &name.kind)?;
                let rule = word::<Rule>(&format!("{field}.rule"), &name.rule)?;
                let name = names::Name::new(&name.name, kind, rule);
                let index = match to.names.get(&name.match_key) {
                    Some(&index) => index,
                    None => {
                        to.names
                            .insert(name.match_key.clone(), to.found.names.len());
                        to.found.names.push(name);
                        to.found.names.len() - 1
                    }
                };
                Ok(names::provisional(index))
            }
        }
    }

    fn optional_entity(
        &self,
        field: &str,
        reference: Option<&EntityRef>,
        to: &mut Pending,
    ) -> anyhow::Result<Option<EntityId>> {
        reference.map(|r| self.entity(field, r, to)).transpose()
    }

    fn figure(&self, f: FigureLine, to: &mut Pending) -> anyhow::Result<Figure> {
        Ok(Figure {
            metric: f.metric,
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: word::<Qualifier>("qualifier", &f.qualifier)?,
            unit: f.unit,
            subject: self.optional_entity("subject", f.subject.as_ref(), to)?,
            claimed_by: self.optional_entity("claimed_by", f.claimed_by.as_ref(), to)?,
            place: self.optional_entity("place", f.place.as_ref(), to)?,
            as_of: f.as_of,
            evidence: f.evidence,
            span: span(f.span, to.source)?,
        })
    }
}

/// Stores the rows of article `done` as its extracted rows under `load`, its discovered names
/// given their entities first (`cache`: the entity of each match key met so far).
fn store_article(
    conn: &rusqlite::Connection,
    done: Pending,
    load: LoadId,
    cache: &mut HashMap<String, EntityId>,
    counts: &mut Counts,
) -> anyhow::Result<()> {
    let mut found = done.found;
    let ids = discover(conn, &found.names, load, cache, counts)?;
    give_ids(&mut found, &ids);
    write_extraction(conn, done.source, &found, load, counts)?;
    Ok(())
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
