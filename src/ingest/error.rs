//! Errors of the reading layer: what went wrong ([`ErrorKind`], for callers to match on) and
//! where ([`Origin`]: the file, and the line or record inside it).

use super::Origin;

/// A file, or one record of it, that gives no article. Displays as `origin: what`, e.g.
/// `dump.jsonl:7: invalid JSON: expected value at column 1`.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct IngestError {
    pub origin: Origin,
    pub kind: ErrorKind,
}

impl IngestError {
    pub fn new(origin: Origin, kind: ErrorKind) -> Self {
        IngestError { origin, kind }
    }

    /// True when nothing after this error can be read from the same file (truncated or corrupt
    /// data, an I/O error); false when only this record failed and the next may be fine.
    pub fn ends_file(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Io(_)
                | ErrorKind::Empty
                | ErrorKind::Binary { .. }
                | ErrorKind::Truncated(_)
                | ErrorKind::InvalidWarc(_)
                | ErrorKind::Gzip(_)
        )
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary data (a NUL byte at byte {offset}), not text, HTML, JSON or WARC")]
    Binary { offset: usize },
    #[error("not valid UTF-8 at line {line} (convert the file to UTF-8, or declare its charset in HTML)")]
    InvalidUtf8 { line: usize },
    #[error("unknown charset {0:?}")]
    UnknownCharset(String),
    #[error("bytes that are not valid {charset} (the declared charset) at line {line}")]
    Undecodable { charset: &'static str, line: usize },
    #[error("no article text: the page holds only navigation, link lists and other furniture")]
    NoArticleText,
    #[error("no text")]
    NoText,
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("a JSON {0}, where an object (one article) was expected")]
    NotAnObject(&'static str),
    #[error("truncated: {0}")]
    Truncated(String),
    #[error("invalid WARC: {0}")]
    InvalidWarc(String),
    #[error("corrupt gzip data: {0}")]
    Gzip(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
}
