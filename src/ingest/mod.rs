//! The reading layer: files as users have them (plain text, Markdown, HTML pages, JSON and JSON
//! lines from news crawlers, WARC archives) turned into [`Article`] records. Pure: no database,
//! no network; what becomes of an article is the caller's business.
//!
//! # Data flow
//! 1. [`open`] reads the first bytes of a file and picks a [`Format`] ([`detect_format`]): gzip
//!    and `WARC/1.` magic first, then the extension, then the content (`<!doctype html`, `{`).
//!    An empty file, or one with NUL bytes where text is expected, is refused at once.
//! 2. Text is decoded ([`decode`]): UTF-8 for text formats (a BOM honoured), and for HTML the
//!    declared charset (HTTP `Content-Type`, `<meta charset>`) through `encoding_rs`.
//! 3. Each format's reader makes a draft: [`text`] (plain text, Markdown), [`json`] (one object,
//!    an array, or one object a line: news-please, trafilatura and generic shapes), [`html`]
//!    (metadata and main text without page furniture), [`warc`] (each `response` record whose
//!    payload is an HTML page with status 200, read through [`html`]).
//! 4. [`Draft::finish`] gives the draft its language ([`language`]: the declared tag, checked
//!    against detection), its published date ([`dates`]) and its [`Origin`].
//!
//! [`Articles`] yields one `Result` per record, so that one bad line of a JSON lines file or one
//! page of a crawl with no article text does not hide the others; an error that ends the stream
//! (a truncated WARC record, corrupt gzip data, an I/O error) comes last. Every error names the
//! file and, inside a file of many records, the line or record ([`IngestError`]).
//!
//! [`fingerprint`] is apart from reading: a MinHash sketch of a body, to recognise the same
//! dispatch republished by several sites.

pub mod dates;
pub mod decode;
mod error;
pub mod fingerprint;
pub mod html;
pub mod json;
pub mod language;
pub mod text;
pub mod warc;

#[cfg(test)]
mod tests;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use error::{ErrorKind, IngestError};
pub use fingerprint::{Fingerprint, Shingles};

/// One article read from a file, ready to become a source.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    /// The site's name ("The Coastal Ledger"), else its domain when that is all the file says.
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// `YYYY-MM-DD`, the date as the publisher wrote it (not moved to UTC).
    pub published: Option<String>,
    /// A BCP 47 tag: as declared (`en-GB`), or ISO 639-1 when detected (`fr`).
    pub language: Option<String>,
    /// 0 to 1: see [`language::resolve`] for what each value means.
    pub language_confidence: f64,
    pub language_source: LanguageSource,
    /// The main text: paragraphs separated by one blank line, whitespace collapsed inside them
    /// (plain text is kept as written).
    pub body: String,
    pub origin: Origin,
    pub format: Format,
}

/// Where an article's language came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageSource {
    /// The file said so (`<html lang>`, `og:locale`, a `language` field), and detection did not
    /// reliably disagree.
    Metadata,
    /// Detected from the body, the file saying nothing or something detection reliably refutes.
    Detected,
    /// Unknown: nothing declared and detection unsure.
    None,
}

/// The formats [`open`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    /// One JSON object, or an array of them.
    Json,
    /// One JSON object a line (`.jsonl`, `.ndjson`).
    JsonLines,
    Warc,
    /// WARC compressed with gzip, usually one gzip member a record.
    WarcGz,
}

/// Where in a file an article, or an error, was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub position: Position,
}

/// A place inside a file. Numbers count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// The file is one article (a page, a text, a single JSON object).
    Whole,
    /// A line: of a JSON lines file, or where a text or JSON file goes wrong.
    Line(usize),
    /// An element of a top-level JSON array.
    Item(usize),
    /// A WARC record, counting every record of the file (warcinfo and requests too).
    Record {
        index: usize,
        target_uri: Option<String>,
    },
}

impl Origin {
    pub fn new(path: &Path, position: Position) -> Self {
        Origin {
            path: path.to_path_buf(),
            position,
        }
    }

    /// The same file, another position.
    pub fn at(&self, position: Position) -> Self {
        Origin::new(&self.path, position)
    }
}

impl fmt::Display for Origin {
    /// `page.html`, `dump.jsonl:3`, `list.json: item 2`, `crawl.warc: record 5 (https://...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.position {
            Position::Whole => write!(f, "{path}"),
            Position::Line(line) => write!(f, "{path}:{line}"),
            Position::Item(item) => write!(f, "{path}: item {item}"),
            Position::Record { index, target_uri } => match target_uri {
                Some(uri) => write!(f, "{path}: record {index} ({uri})"),
                None => write!(f, "{path}: record {index}"),
            },
        }
    }
}

/// What a format reader found, before language, date checks and origin are settled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// Already normalised to `YYYY-MM-DD` by [`dates::normalize`].
    pub published: Option<String>,
    /// The declared language, as written (`fr_FR`, `en-gb`, `de`).
    pub language: Option<String>,
    pub body: String,
}

impl Draft {
    /// The finished article: fields trimmed (an empty one becomes `None`), the language settled
    /// by [`language::resolve`]. Fails with [`ErrorKind::NoText`] when the body is blank.
    pub fn finish(self, origin: Origin, format: Format) -> Result<Article, IngestError> {
        let body = self.body.trim().to_string();
        if body.is_empty() {
            return Err(IngestError::new(origin, ErrorKind::NoText));
        }
        let resolved = language::resolve(self.language.as_deref(), &body);
        Ok(Article {
            title: clean_field(self.title),
            publisher: clean_field(self.publisher),
            url: clean_field(self.url),
            published: self.published,
            language: resolved.tag,
            language_confidence: resolved.confidence,
            language_source: resolved.source,
            body,
            origin,
            format,
        })
    }
}

/// Whitespace collapsed; `None` when nothing is left.
fn clean_field(value: Option<String>) -> Option<String> {
    let value = value?;
    let cleaned = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// The articles of one file, one `Result` per record, in file order.
pub struct Articles {
    inner: Inner,
}

enum Inner {
    Ready(std::vec::IntoIter<Result<Article, IngestError>>),
    Lines(json::Lines),
    Warc(warc::Records),
}

impl Iterator for Articles {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Ready(items) => items.next(),
            Inner::Lines(lines) => lines.next(),
            Inner::Warc(records) => records.next(),
        }
    }
}

impl Articles {
    fn ready(items: Vec<Result<Article, IngestError>>) -> Self {
        Articles {
            inner: Inner::Ready(items.into_iter()),
        }
    }
}

/// How many bytes of a file [`detect_format`] and the binary check look at.
pub const SNIFF_BYTES: usize = 8192;

/// Opens `path` and reads its articles lazily (JSON lines and WARC are streamed record by
/// record; the other formats are read whole). Fails when the file cannot be opened or read, is
/// empty, holds binary data where text is expected, or is gzip data that is not a WARC file;
/// errors inside the file come from the iterator.
pub fn open(path: &Path) -> Result<Articles, IngestError> {
    let origin = Origin::new(path, Position::Whole);
    let file = File::open(path).map_err(|e| IngestError::new(origin.clone(), ErrorKind::Io(e)))?;
    let reader = BufReader::with_capacity(64 * 1024, file);
    from_reader(path, Box::new(reader))
}

/// Reads an article source held in memory (standard input, a download), `path` naming it in
/// origins and errors, and its extension helping to tell the format. Fails as [`open`] does.
pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Articles, IngestError> {
    from_reader(path, Box::new(std::io::Cursor::new(bytes)))
}

/// Every article of `path`, or the first error of any kind: for callers that want all or
/// nothing.
pub fn read_path(path: &Path) -> Result<Vec<Article>, IngestError> {
    open(path)?.collect()
}

fn from_reader(path: &Path, mut reader: Box<dyn BufRead>) -> Result<Articles, IngestError> {
    let origin = Origin::new(path, Position::Whole);
    let io = |e| IngestError::new(origin.clone(), ErrorKind::Io(e));
    let head = reader.fill_buf().map_err(io)?;
    if head.is_empty() {
        return Err(IngestError::new(origin, ErrorKind::Empty));
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return from_gzip(path, reader);
    }
    let format = detect_format(path, head);
    if format == Format::Warc {
        return Ok(Articles {
            inner: Inner::Warc(warc::Records::new(path, reader, Format::Warc)),
        });
    }
    if let Some(offset) = decode::binary_offset(head) {
        return Err(IngestError::new(origin, ErrorKind::Binary { offset }));
    }
    if format == Format::JsonLines && !decode::has_utf16_bom(head) {
        return Ok(Articles {
            inner: Inner::Lines(json::Lines::new(path, reader)),
        });
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(io)?;
    Ok(Articles::ready(read_whole(&origin, format, &bytes)))
}

/// A gzip file: a WARC archive is streamed; anything else is refused (compress the JSON lines
/// or HTML of a crawl as WARC, or decompress them first).
fn from_gzip(path: &Path, reader: Box<dyn BufRead>) -> Result<Articles, IngestError> {
    let origin = Origin::new(path, Position::Whole);
    let decoder = flate2::bufread::MultiGzDecoder::new(reader);
    let mut inner: Box<dyn BufRead> = Box::new(BufReader::with_capacity(64 * 1024, decoder));
    let head = inner
        .fill_buf()
        .map_err(|e| IngestError::new(origin.clone(), warc::gzip_error(e)))?;
    if !decode::skip_blank(head).starts_with(b"WARC/1.") {
        let kind = ErrorKind::Unsupported("gzip-compressed data that is not a WARC file".into());
        return Err(IngestError::new(origin, kind));
    }
    Ok(Articles {
        inner: Inner::Warc(warc::Records::new(path, inner, Format::WarcGz)),
    })
}

/// The records of a file read whole, in a format other than WARC.
fn read_whole(origin: &Origin, format: Format, bytes: &[u8]) -> Vec<Result<Article, IngestError>> {
    let one = |result: Result<Draft, ErrorKind>| {
        vec![result
            .map_err(|kind| IngestError::new(origin.clone(), kind))
            .and_then(|draft| draft.finish(origin.clone(), format))]
    };
    match format {
        Format::Html => one(decode::html(bytes, None).and_then(|t| html::extract(&t, None))),
        Format::Json | Format::JsonLines => match decode::utf8(bytes) {
            Ok(text) => json::read_document(origin, &text, format == Format::JsonLines),
            Err(kind) => vec![Err(IngestError::new(origin.clone(), kind))],
        },
        Format::Markdown => one(decode::utf8(bytes).map(|text| text::markdown(&text))),
        Format::Text => one(decode::utf8(bytes).map(|text| text::plain(&text))),
        Format::Warc | Format::WarcGz => unreachable!("WARC is streamed"),
    }
}

/// Reads one HTML page held in memory: its metadata and main text. Fails as a page in a file
/// would ([`ErrorKind::NoArticleText`] for a page of furniture only).
pub fn article_from_html(html: &str, origin: Origin) -> Result<Article, IngestError> {
    html::extract(html, None)
        .map_err(|kind| IngestError::new(origin.clone(), kind))?
        .finish(origin, Format::Html)
}

/// The format of a file, from its first bytes (`head`, up to [`SNIFF_BYTES`]) and its name:
/// `WARC/1.` at the start wins, then the extension (`.html`/`.htm`, `.md`, `.txt`, `.json`,
/// `.jsonl`/`.ndjson`, `.warc`), then the content (`<!doctype html`, `<html`, a leading `{` or
/// `[`), and plain text when nothing else fits. Gzip data is told apart by [`open`] before this.
pub fn detect_format(path: &Path, head: &[u8]) -> Format {
    let start = decode::skip_blank(decode::strip_bom(head));
    if start.starts_with(b"WARC/1.") {
        return Format::Warc;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
        "md" | "markdown" => return Format::Markdown,
        "txt" | "text" => return Format::Text,
        "json" => return Format::Json,
        "jsonl" | "ndjson" | "jsonlines" => return Format::JsonLines,
        "warc" => return Format::Warc,
        _ => {}
    }
    if decode::looks_like_html(start) {
        Format::Html
    } else if start.starts_with(b"{") || start.starts_with(b"[") {
        Format::Json
    } else {
        Format::Text
    }
}
