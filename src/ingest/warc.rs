//! WARC archives (1.0 and 1.1, plain or gzip-compressed) to articles, streamed record by record
//! ([`Records`]).
//!
//! A record becomes an article when it is a `response` whose HTTP status is 200 and whose
//! `Content-Type` is HTML (or a `resource` record of type `text/html`). Its HTTP payload is
//! un-chunked and un-gzipped as its headers say, decoded in the charset of its `Content-Type`
//! or its `<meta>`, and read as a page ([`super::html`]); the article's url is the record's
//! `WARC-Target-URI`, and its date falls back to the `WARC-Date`. Every other record
//! (`warcinfo`, `request`, `metadata`, `revisit`, redirects, errors, images) is passed over
//! without a word.
//!
//! A record that ends before its `Content-Length` ([`ErrorKind::Truncated`]), a header block
//! that is not WARC ([`ErrorKind::InvalidWarc`]) or corrupt gzip data end the stream with an
//! error naming the record; a page that cannot be read (no article text, unknown charset) is
//! an error of its record alone.

use std::io::{BufRead, Read};
use std::path::Path;

use super::{decode, html, Article, ErrorKind, Format, IngestError, Origin, Position};

/// One WARC record: its named header fields and its block.
#[derive(Debug)]
pub struct Record {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    /// The first header field called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The `WARC-Target-URI`, without the angle brackets some WARC 1.0 writers put around it.
    pub fn target_uri(&self) -> Option<&str> {
        let uri = self.header("WARC-Target-URI")?.trim();
        Some(
            uri.strip_prefix('<')
                .and_then(|u| u.strip_suffix('>'))
                .unwrap_or(uri),
        )
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The articles of a WARC stream.
pub struct Records {
    reader: Box<dyn BufRead>,
    origin: Origin,
    format: Format,
    index: usize,
    done: bool,
}

impl Records {
    pub fn new(path: &Path, reader: Box<dyn BufRead>, format: Format) -> Self {
        Records {
            reader,
            origin: Origin::new(path, Position::Whole),
            format,
            index: 0,
            done: false,
        }
    }

    fn origin_of(&self, target_uri: Option<&str>) -> Origin {
        self.origin.at(Position::Record {
            index: self.index,
            target_uri: target_uri.map(str::to_string),
        })
    }
}

impl Iterator for Records {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = match read_record(&mut self.reader) {
                Ok(Some(record)) => record,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(kind) => {
                    self.done = true;
                    self.index += 1;
                    return Some(Err(IngestError::new(self.origin_of(None), kind)));
                }
            };
            self.index += 1;
            let origin = self.origin_of(record.target_uri());
            match article(&record) {
                Ok(None) => continue,
                Ok(Some(draft)) => return Some(draft.finish(origin, self.format)),
                Err(kind) => return Some(Err(IngestError::new(origin, kind))),
            }
        }
        None
    }
}

/// The next record of `reader`, `None` at the end. Fails when the stream ends inside a record,
/// a header block is not WARC, or the data cannot be read (gzip errors among them).
pub fn read_record(reader: &mut dyn BufRead) -> Result<Option<Record>, ErrorKind> {
    let mut line = Vec::new();
    // Records end with two CRLF; be lenient about how many blank lines come between.
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(gzip_error)? == 0 {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/1.") {
        let found = String::from_utf8_lossy(&line[..line.len().min(40)])
            .trim()
            .to_string();
        return Err(ErrorKind::InvalidWarc(format!(
            "expected a WARC/1.x version line, found {found:?}"
        )));
    }
    let headers = read_headers(reader)?;
    let length = header(&headers, "Content-Length")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| ErrorKind::InvalidWarc("a record without a valid Content-Length".into()))?;
    let mut block = Vec::new();
    reader
        .take(length)
        .read_to_end(&mut block)
        .map_err(gzip_error)?;
    if (block.len() as u64) < length {
        return Err(ErrorKind::Truncated(format!(
            "the record declares {length} bytes of content, the file ends after {}",
            block.len()
        )));
    }
    Ok(Some(Record { headers, block }))
}

/// Header lines up to the blank line that ends them (continuation lines joined).
fn read_headers(reader: &mut dyn BufRead) -> Result<Vec<(String, String)>, ErrorKind> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(gzip_error)? == 0 {
            return Err(ErrorKind::Truncated(
                "the file ends inside a record's header".into(),
            ));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(headers);
        }
        if text.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
            continue;
        }
        let (name, value) = text.split_once(':').ok_or_else(|| {
            ErrorKind::InvalidWarc(format!("a header line without a colon: {text:?}"))
        })?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
}

/// An I/O error of the stream as the error of the archive: a gzip stream that ends early is
/// truncated; other gzip failures are corrupt data.
pub fn gzip_error(e: std::io::Error) -> ErrorKind {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            ErrorKind::Truncated("the compressed data ends early".into())
        }
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
            ErrorKind::Gzip(e.to_string())
        }
        _ => ErrorKind::Io(e),
    }
}

/// The draft of a record holding an HTML page, `None` for any other record.
fn article(record: &Record) -> Result<Option<super::Draft>, ErrorKind> {
    let kind = record.header("WARC-Type").unwrap_or("");
    let (content_type, payload) = if kind.eq_ignore_ascii_case("response") {
        match http_payload(&record.block)? {
            Some(found) => found,
            None => return Ok(None),
        }
    } else if kind.eq_ignore_ascii_case("resource") {
        (
            record.header("Content-Type").unwrap_or("").to_string(),
            record.block.clone(),
        )
    } else {
        return Ok(None);
    };
    // A response without a Content-Type is taken for HTML when it looks like a page.
    let untyped_page =
        content_type.trim().is_empty() && decode::looks_like_html(decode::skip_blank(&payload));
    if !is_html(&content_type) && !untyped_page {
        return Ok(None);
    }
    let text = decode::html(&payload, decode::charset_param(&content_type).as_deref())?;
    let target = record.target_uri();
    let mut draft = html::extract(&text, target)?;
    if let Some(uri) = target {
        draft.url = Some(uri.to_string());
    }
    if draft.published.is_none() {
        draft.published = record.header("WARC-Date").and_then(super::dates::normalize);
    }
    Ok(Some(draft))
}

fn is_html(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("text/html") || media.eq_ignore_ascii_case("application/xhtml+xml")
}

/// The `Content-Type` and decoded body of an HTTP response with status 200, `None` for another
/// status. Fails for a body in a content coding other than gzip or deflate, and for chunked or
/// compressed data that is corrupt.
pub fn http_payload(block: &[u8]) -> Result<Option<(String, Vec<u8>)>, ErrorKind> {
    let Some(split) = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap_or("")
        .split_whitespace()
        .nth(1)
        .unwrap_or("");
    if status != "200" {
        return Ok(None);
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = block[split.1..].to_vec();
    if header(&headers, "Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body)?;
    }
    if let Some(coding) = header(&headers, "Content-Encoding") {
        body = uncompress(coding, body)?;
    }
    Ok(Some((
        header(&headers, "Content-Type").unwrap_or("").to_string(),
        body,
    )))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A chunked HTTP body joined again.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, ErrorKind> {
    let corrupt = || ErrorKind::InvalidWarc("corrupt chunked HTTP body".into());
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = find(data, b"\r\n").ok_or_else(corrupt)?;
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| corrupt())?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            return Err(ErrorKind::Truncated(
                "a chunk of the HTTP body ends early".into(),
            ));
        }
        out.extend_from_slice(&data[..size]);
        data = data[size..].strip_prefix(b"\r\n").unwrap_or(&data[size..]);
    }
}

fn uncompress(coding: &str, body: Vec<u8>) -> Result<Vec<u8>, ErrorKind> {
    let mut out = Vec::new();
    let result = match coding.trim().to_ascii_lowercase().as_str() {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out),
        other => {
            return Err(ErrorKind::Unsupported(format!(
                "HTTP content coding {other:?}"
            )))
        }
    };
    result.map_err(|e| ErrorKind::Gzip(format!("the HTTP body: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warc(records: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for block in records {
            out.extend_from_slice(
                format!("WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n", block.len())
                    .as_bytes(),
            );
            out.extend_from_slice(block);
            out.extend_from_slice(b"\r\n\r\n");
        }
        out
    }

    #[test]
    fn records_and_their_headers() {
        let data = warc(&[b"first", b"second block"]);
        let mut reader = &data[..];
        let first = read_record(&mut reader).unwrap().unwrap();
        assert_eq!(first.block, b"first");
        assert_eq!(first.header("content-length"), Some("5"));
        let bracketed = Record {
            headers: vec![("WARC-Target-URI".into(), "<https://example.org/a>".into())],
            block: Vec::new(),
        };
        assert_eq!(bracketed.target_uri(), Some("https://example.org/a"));
        assert_eq!(
            read_record(&mut reader).unwrap().unwrap().block,
            b"second block"
        );
        assert!(read_record(&mut reader).unwrap().is_none());
    }

    #[test]
    fn a_truncated_record_and_a_bad_header() {
        let data = warc(&[b"a block of some length"]);
        let mut cut = &data[..data.len() - 12];
        let err = read_record(&mut cut).unwrap_err();
        assert!(
            matches!(&err, ErrorKind::Truncated(m) if m.contains("declares 22 bytes")),
            "{err}"
        );
        let mut not_warc = &b"HTTP/1.1 200 OK\r\n\r\n"[..];
        assert!(matches!(
            read_record(&mut not_warc),
            Err(ErrorKind::InvalidWarc(_))
        ));
        let mut no_length = &b"WARC/1.1\r\nWARC-Type: request\r\n\r\n"[..];
        assert!(matches!(
            read_record(&mut no_length),
            Err(ErrorKind::InvalidWarc(_))
        ));
    }

    #[test]
    fn http_payloads() {
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n4;x=y\r\nc</p\r\n1\r\n>\r\n0\r\n\r\n";
        let (content_type, body) = http_payload(chunked).unwrap().unwrap();
        assert_eq!(
            (content_type.as_str(), body.as_slice()),
            ("text/html", &b"<p>abc</p>"[..])
        );
        assert!(http_payload(b"HTTP/1.1 404 Not Found\r\n\r\n<p>x</p>")
            .unwrap()
            .is_none());
        let brotli = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x1b";
        assert!(matches!(
            http_payload(brotli),
            Err(ErrorKind::Unsupported(_))
        ));
    }
}
