//! Extraction as a pure, streaming step: crawler records in (JSON lines), extracted rows out
//! (JSON lines), nothing written to any store. `extract --stream` uses it; `load extracted`
//! reads its output back into a store ([`crate::writer::Writer::extracted`]).
//!
//! Data flow, for one input line: [`article`] parses the crawler record with the reader of
//! [`crate::ingest::json`] (news-please, trafilatura and generic shapes) and gives it its
//! [`article_key`]; the [`Extractor`] finds its rows; [`lines`] turns them into [`Line`]s, entities
//! named by key (not by id, which means nothing outside the store), each line naming its article.
//! For each article the output is one `source` line (its metadata and text, so that the output
//! alone is enough to load it) followed by its mentions, statements and figures, in the
//! extractor's order.
//!
//! Nothing in a line depends on the other lines of the input: the output of a split input,
//! concatenated, is the output of the whole, byte for byte, which is what lets an engine run the
//! step on partitions.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::digest::sha256_hex;
use crate::extract::{names, Extraction, Extractor};
use crate::ingest::{json, Format, IngestError, Origin, Position};
use crate::model::{check_key, EntityId, SourceId, Span, Vocabulary};

/// The language of an article that neither says nor shows one (BCP 47 "undetermined").
pub const UNDETERMINED: &str = "und";

/// One line of the output: a source, or one row extracted from it. `row` names the kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "row", rename_all = "lowercase")]
pub enum Line {
    Source(SourceLine),
    Mention(MentionLine),
    Statement(StatementLine),
    Figure(FigureLine),
}

impl Line {
    /// The key of the article the line belongs to.
    pub fn article(&self) -> &str {
        match self {
            Line::Source(l) => &l.article,
            Line::Mention(l) => &l.article,
            Line::Statement(l) => &l.article,
            Line::Figure(l) => &l.article,
        }
    }
}

/// The entity a row points at: a stored entity by its key, or a name the extractor discovered
/// in the article and the store does not know, with its guessed kind and the rule that found it
/// (`load extracted` makes it a discovered entity, or the stored entity that covers it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EntityRef {
    Key(String),
    Discovered(Box<NameRef>),
}

/// A discovered name as a row names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NameRef {
    pub name: String,
    pub kind: String,
    pub rule: String,
}

/// An article as a source of the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceLine {
    pub article: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub published: Option<String>,
    pub body: String,
}

/// The span columns every extracted row has (its origin is always `extracted`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpanLine {
    pub char_start: i64,
    pub char_end: i64,
    pub confidence: Option<f64>,
    pub rule: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionLine {
    pub article: String,
    pub entity: EntityRef,
    pub surface: String,
    #[serde(flatten)]
    pub span: SpanLine,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementLine {
    pub article: String,
    pub speaker: Option<EntityRef>,
    pub kind: String,
    pub text: String,
    pub language: Option<String>,
    #[serde(flatten)]
    pub span: SpanLine,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureLine {
    pub article: String,
    pub metric: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: String,
    pub unit: Option<String>,
    pub subject: Option<EntityRef>,
    pub claimed_by: Option<EntityRef>,
    pub place: Option<EntityRef>,
    pub as_of: Option<String>,
    pub evidence: String,
    #[serde(flatten)]
    pub span: SpanLine,
}

/// The article of one input line (`line` counts from 1, `name` is the input's name in errors),
/// as a source line. Fails when the line is not JSON, not an object, or has no text.
pub fn article(name: &Path, line: usize, text: &str) -> Result<SourceLine, IngestError> {
    let origin = Origin::new(name, Position::Line(line));
    let fail = |kind| IngestError::new(origin.clone(), kind);
    let value: Value = serde_json::from_str(text)
        .map_err(|e| fail(crate::ingest::ErrorKind::InvalidJson(e.to_string())))?;
    let draft = json::record(&value).map_err(fail)?;
    let given = ["key", "id"]
        .iter()
        .find_map(|k| value.get(*k)?.as_str().filter(|s| check_key(s).is_ok()));
    let article = draft.finish(origin.clone(), Format::JsonLines)?;
    Ok(SourceLine {
        article: article_key(given, article.url.as_deref(), &article.body),
        title: article.title,
        publisher: article.publisher,
        url: article.url,
        language: article.language.unwrap_or_else(|| UNDETERMINED.into()),
        published: article.published,
        body: article.body,
    })
}

/// An article's key, the same whatever else the input holds: the record's own `key` (or `id`)
/// when it is a valid key; else the last segment of its URL, made a key, and the first 8 hex
/// digits of the URL's SHA-256 (two URLs ending alike stay apart); else `article-` and the first
/// 16 hex digits of the text's SHA-256.
pub fn article_key(given: Option<&str>, url: Option<&str>, body: &str) -> String {
    if let Some(key) = given {
        return key.to_string();
    }
    let Some(url) = url else {
        return format!("article-{}", &sha256_hex(body.as_bytes())[..16]);
    };
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let segment = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".html")
        .trim_end_matches(".htm");
    let mut slug = String::new();
    for c in segment.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let hash = &sha256_hex(url.as_bytes())[..8];
    if slug.is_empty() {
        format!("article-{hash}")
    } else {
        format!("{}-{hash}", slug.trim_end_matches('-'))
    }
}

/// The lines of one article: its source line, then what `found` holds, stored entities named
/// through `keys` and discovered ones by name.
pub fn lines(
    source: SourceLine,
    found: &Extraction,
    keys: &HashMap<EntityId, String>,
) -> Vec<Line> {
    let key = |id: EntityId| match names::index_of(id) {
        Some(i) => {
            let name = &found.names[i];
            EntityRef::Discovered(Box::new(NameRef {
                name: name.name.clone(),
                kind: name.kind.as_str().to_string(),
                rule: name.rule.as_str().to_string(),
            }))
        }
        None => EntityRef::Key(keys.get(&id).cloned().unwrap_or_default()),
    };
    let at = &source.article;
    let mut out = Vec::with_capacity(1 + found.mentions.len() + found.figures.len());
    out.extend(found.mentions.iter().map(|m| {
        Line::Mention(MentionLine {
            article: at.clone(),
            entity: key(m.entity),
            surface: m.surface.clone(),
            span: span_line(&m.span),
        })
    }));
    out.extend(found.statements.iter().map(|s| {
        Line::Statement(StatementLine {
            article: at.clone(),
            speaker: s.speaker.map(key),
            kind: s.kind.as_str().to_string(),
            text: s.text.clone(),
            language: s.language.clone(),
            span: span_line(&s.span),
        })
    }));
    out.extend(found.figures.iter().map(|f| {
        Line::Figure(FigureLine {
            article: at.clone(),
            metric: f.metric.clone(),
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: f.qualifier.as_str().to_string(),
            unit: f.unit.clone(),
            subject: f.subject.map(key),
            claimed_by: f.claimed_by.map(key),
            place: f.place.map(key),
            as_of: f.as_of.clone(),
            evidence: f.evidence.clone(),
            span: span_line(&f.span),
        })
    }));
    out.insert(0, Line::Source(source));
    out
}

fn span_line(span: &Span) -> SpanLine {
    SpanLine {
        char_start: span.char_start,
        char_end: span.char_end,
        confidence: span.confidence,
        rule: span.rule.map(|r| r.as_str().to_string()),
    }
}

/// The output of one article: [`lines`] of what `extractor` finds in it, each line JSON ended
/// by a newline.
pub fn extract_article(
    extractor: &Extractor,
    keys: &HashMap<EntityId, String>,
    source: SourceLine,
) -> String {
    // The id is a placeholder: lines name their article by key.
    let found = extractor.extract(SourceId(0), &source.body, &source.language);
    let mut out = String::new();
    for line in lines(source, &found, keys) {
        out.push_str(&serde_json::to_string(&line).expect("a line serializes"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_record_the_url_or_the_text() {
        assert_eq!(
            article_key(Some("given"), Some("https://x.org/a"), "t"),
            "given"
        );
        let key = article_key(
            None,
            Some("https://x.org/news/Shoot-to-Kill.html?ref=1"),
            "t",
        );
        assert!(key.starts_with("shoot-to-kill-"), "{key}");
        assert_eq!(key.len(), "shoot-to-kill-".len() + 8);
        assert_ne!(
            key,
            article_key(None, Some("https://y.org/Shoot-to-Kill.html"), "t")
        );
        let key = article_key(None, None, "some text");
        assert!(key.starts_with("article-") && key.len() == 24, "{key}");
        assert!(check_key(&article_key(None, Some("https://x.org/"), "t")).is_ok());
    }

    #[test]
    fn a_record_becomes_a_source_line() {
        let line = r#"{"key": "k1", "title": "T", "maintext": "One.\nTwo.", "language": "en"}"#;
        let source = article(Path::new("-"), 1, line).unwrap();
        assert_eq!(source.article, "k1");
        assert_eq!(source.body, "One.\n\nTwo.");
        assert_eq!(source.language, "en");
        let err = article(Path::new("-"), 3, "{\"title\": \"x\"}").unwrap_err();
        assert!(err.to_string().starts_with("-:3: "), "{err}");
    }

    #[test]
    fn lines_round_trip_through_json() {
        let mention = |entity: EntityRef| {
            Line::Mention(MentionLine {
                article: "a".into(),
                entity,
                surface: "E".into(),
                span: SpanLine {
                    char_start: 0,
                    char_end: 1,
                    confidence: Some(1.0),
                    rule: Some("mention.alias".into()),
                },
            })
        };
        let known = mention(EntityRef::Key("e".into()));
        let text = serde_json::to_string(&known).unwrap();
        assert_eq!(
            text,
            r#"{"row":"mention","article":"a","entity":"e","surface":"E","char_start":0,"char_end":1,"confidence":1.0,"rule":"mention.alias"}"#
        );
        assert_eq!(serde_json::from_str::<Line>(&text).unwrap(), known);
        let discovered = mention(EntityRef::Discovered(Box::new(NameRef {
            name: "E".into(),
            kind: "place".into(),
            rule: "name.capitalised-word".into(),
        })));
        let text = serde_json::to_string(&discovered).unwrap();
        assert_eq!(
            text,
            r#"{"row":"mention","article":"a","entity":{"name":"E","kind":"place","rule":"name.capitalised-word"},"surface":"E","char_start":0,"char_end":1,"confidence":1.0,"rule":"mention.alias"}"#
        );
        assert_eq!(serde_json::from_str::<Line>(&text).unwrap(), discovered);
    }
}
