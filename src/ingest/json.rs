//! JSON and JSON lines files of news crawlers to drafts: one object, an array of objects, or one
//! object a line ([`Lines`] streams those).
//!
//! Field names of the common shapes, first found wins:
//!
//! | field     | news-please     | trafilatura                   | generic, NewsAPI, schema.org      |
//! |-----------|-----------------|-------------------------------|-----------------------------------|
//! | title     | `title`         | `title`                       | `headline`                        |
//! | body      | `maintext`      | `text`, `raw_text`            | `body`, `content`, `articleBody`  |
//! | url       | `url`           | `source` (when a URL)         | `link`, `canonical_url`           |
//! | date      | `date_publish`  | `date`                        | `published`, `datePublished`, ... |
//! | language  | `language`      | `language`                    | `lang`, `inLanguage`              |
//! | publisher | `source_domain` | `source-hostname`, `hostname` | `publisher`, `sitename`, `source.name` |
//!
//! A body is made of paragraphs: each line of the text is one (news-please and trafilatura
//! write one paragraph a line), whitespace collapsed inside it. A body that is HTML (`<p>`
//! tags) is read as an HTML fragment.

use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::{dates, html, Article, Draft, ErrorKind, Format, IngestError, Origin, Position};

const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &[
    "maintext",
    "text",
    "raw_text",
    "body",
    "content",
    "articleBody",
    "article_body",
];
const URL: &[&str] = &["url", "link", "canonical_url", "source", "webUrl"];
const DATE: &[&str] = &[
    "date_publish",
    "date",
    "published",
    "datePublished",
    "published_at",
    "publishedAt",
    "publish_date",
    "pubdate",
    "published_date",
    "date_published",
];
const LANGUAGE: &[&str] = &["language", "lang", "inLanguage", "locale"];
const PUBLISHER: &[&str] = &[
    "source_domain",
    "sitename",
    "source-hostname",
    "site_name",
    "publisher",
    "source",
    "hostname",
    "domain",
];

/// A draft from one JSON object in any of the shapes above. Fails with
/// [`ErrorKind::NotAnObject`] for another JSON value and [`ErrorKind::NoText`] for an object
/// with no body field.
pub fn record(value: &Value) -> Result<Draft, ErrorKind> {
    let Value::Object(object) = value else {
        return Err(ErrorKind::NotAnObject(kind_of(value)));
    };
    let body = first_string(object, BODY, |_| true).ok_or(ErrorKind::NoText)?;
    let url = first_string(object, URL, is_url);
    Ok(Draft {
        title: first_string(object, TITLE, |_| true),
        publisher: first_string(object, PUBLISHER, |s| !is_url(s)),
        url,
        published: DATE
            .iter()
            .filter_map(|k| object.get(*k)?.as_str())
            .find_map(dates::normalize),
        language: first_string(object, LANGUAGE, |_| true),
        body: paragraphs(&body),
    })
}

/// The first field of `keys` holding a non-empty string that passes `accept`; an object field
/// (`"publisher": {"name": ...}`, `"source": {"name": ...}`) gives its `name`.
fn first_string(
    object: &Map<String, Value>,
    keys: &[&str],
    accept: impl Fn(&str) -> bool,
) -> Option<String> {
    keys.iter().find_map(|key| {
        let value = match object.get(*key)? {
            Value::Object(inner) => inner.get("name")?,
            Value::Array(items) => items.first()?,
            value => value,
        };
        let text = value.as_str()?.trim();
        (!text.is_empty() && accept(text)).then(|| text.to_string())
    })
}

fn is_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A crawler's text as paragraphs: one a line, or the paragraphs of an HTML fragment.
fn paragraphs(text: &str) -> String {
    if html::is_fragment_markup(text) {
        return html::fragment_text(text);
    }
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The articles of a JSON file read whole: one object, an array of objects (each an
/// [`Position::Item`]), or, when `lines` is set or the text is not one JSON value but its
/// first line is, one object a line. A syntax error gives one error with its line.
pub fn read_document(
    origin: &Origin,
    text: &str,
    lines: bool,
) -> Vec<Result<Article, IngestError>> {
    if lines {
        return read_lines(origin, text);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| finish(record(item), origin.at(Position::Item(i + 1))))
            .collect(),
        Ok(value) => vec![finish(record(&value), origin.clone())],
        Err(_) if first_line_is_json(text) => read_lines(origin, text),
        Err(e) => vec![Err(IngestError::new(
            origin.at(Position::Line(e.line())),
            ErrorKind::InvalidJson(e.to_string()),
        ))],
    }
}

fn first_line_is_json(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    first.len() < text.trim_end().len() && serde_json::from_str::<Value>(first).is_ok()
}

fn read_lines(origin: &Origin, text: &str) -> Vec<Result<Article, IngestError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| finish(parse_line(line), origin.at(Position::Line(i + 1))))
        .collect()
}

fn parse_line(line: &str) -> Result<Draft, ErrorKind> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| ErrorKind::InvalidJson(format!("{e}")))?;
    record(&value)
}

fn finish(draft: Result<Draft, ErrorKind>, origin: Origin) -> Result<Article, IngestError> {
    let format = match origin.position {
        Position::Line(_) => Format::JsonLines,
        _ => Format::Json,
    };
    draft
        .map_err(|kind| IngestError::new(origin.clone(), kind))
        .and_then(|draft| draft.finish(origin, format))
}

/// A JSON lines file read line by line: one article (or one error) for each line that is not
/// blank. A line that is not UTF-8 or not JSON is an error of that line alone; an I/O error
/// ends the file.
pub struct Lines {
    reader: Box<dyn BufRead>,
    origin: Origin,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl Lines {
    pub fn new(path: &Path, reader: Box<dyn BufRead>) -> Self {
        Lines {
            reader,
            origin: Origin::new(path, Position::Whole),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for Lines {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let origin = self.origin.at(Position::Line(self.line));
                    let bytes = if self.line == 1 {
                        super::decode::strip_bom(&self.buf)
                    } else {
                        &self.buf
                    };
                    let Ok(line) = std::str::from_utf8(bytes) else {
                        return Some(Err(IngestError::new(
                            origin,
                            ErrorKind::InvalidUtf8 { line: self.line },
                        )));
                    };
                    if !line.trim().is_empty() {
                        return Some(finish(parse_line(line), origin));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::new(self.origin.clone(), ErrorKind::Io(e))));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generic_and_newsapi_shapes() {
        let draft = record(&json!({
            "headline": "Ferry back in service",
            "content": "<p>The ferry  returned.</p><p>It runs every hour.</p>",
            "link": "https://example.org/ferry",
            "publishedAt": "2025-03-05T08:00:00Z",
            "source": {"id": null, "name": "Harbour Notes"}
        }))
        .unwrap();
        assert_eq!(draft.title.as_deref(), Some("Ferry back in service"));
        assert_eq!(draft.body, "The ferry returned.\n\nIt runs every hour.");
        assert_eq!(draft.url.as_deref(), Some("https://example.org/ferry"));
        assert_eq!(draft.published.as_deref(), Some("2025-03-05"));
        assert_eq!(draft.publisher.as_deref(), Some("Harbour Notes"));
    }

    #[test]
    fn what_is_not_an_article() {
        assert!(matches!(
            record(&json!([1, 2])),
            Err(ErrorKind::NotAnObject("array"))
        ));
        assert!(matches!(
            record(&json!({"title": "x", "text": "  "})),
            Err(ErrorKind::NoText)
        ));
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let origin = Origin::new(Path::new("list.json"), Position::Whole);
        let results = read_document(&origin, "[\n{\"text\": \"a\"},\n{\"text\": }\n]", false);
        let err = results[0].as_ref().unwrap_err();
        assert_eq!(err.origin.position, Position::Line(3));
        assert!(
            err.to_string().starts_with("list.json:3: invalid JSON: "),
            "{err}"
        );
    }

    #[test]
    fn array_items_and_json_lines_in_a_json_file() {
        let origin = Origin::new(Path::new("a.json"), Position::Whole);
        let items = read_document(&origin, r#"[{"text": "one"}, {"title": "no body"}]"#, false);
        assert_eq!(
            items[0].as_ref().unwrap().origin.position,
            Position::Item(1)
        );
        assert_eq!(
            items[1].as_ref().unwrap_err().origin.position,
            Position::Item(2)
        );
        let lines = read_document(
            &origin,
            "{\"text\": \"one\"}\n\n{\"text\": \"two\"}\n",
            false,
        );
        let bodies: Vec<_> = lines
            .iter()
            .map(|r| r.as_ref().unwrap().body.as_str())
            .collect();
        assert_eq!(bodies, ["one", "two"]);
        assert_eq!(
            lines[1].as_ref().unwrap().origin.position,
            Position::Line(3)
        );
    }
}
