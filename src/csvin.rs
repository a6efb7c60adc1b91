//! Reading input CSV files: header checks, typed field access, and errors that name the file, the
//! line, the column and the field.
//!
//! A [`CsvInput`] streams one file (or stdin, `-`) row by row against a [`Spec`], the columns a kind
//! of file must and may have. Opening it checks the header (no missing, unknown or repeated
//! column). Each row is handed out as [`Fields`], whose getters return a [`Problem`] that says
//! where and what went wrong. The SHA-256 of the bytes read is kept for the `loads` table.
//!
//! The encoding is checked as the bytes stream in, before the csv parser sees them: UTF-8 only (a
//! BOM is accepted), no NUL byte (the mark of UTF-16 without a BOM), a UTF-16 BOM refused at once.
//! An offending byte is reported with its byte offset and line ([`EncodingError`]); the rows
//! before it are read first, so that problems come in file order. [`Utf8Check`] does the checking,
//! a chunk at a time (a character may straddle two chunks), with one `from_utf8` and one scan for
//! NUL and newlines per chunk, so that it costs nothing next to storing the rows.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::Vocabulary;
use crate::utf8::{is_utf16, EncodingError, Utf8Check, UTF16};

/// One thing wrong with an input, located as precisely as known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based line; 0 when the problem is with the file as a whole.
    pub line: u64,
    /// 1-based column (field number), when the problem is with one field.
    pub column: Option<usize>,
    /// The column's name, when the problem is with one field.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl Problem {
    /// The problem without its place: `field: reason`, or the reason alone.
    pub fn reason(&self) -> String {
        match &self.field {
            Some(field) => format!("{field}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// A problem with one field, before it is placed in a file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// How many characters of a value a message quotes at most: a longer value (a field that swallowed
/// half a file, a 50 MB cell) is cut there, and the message says how long it was.
pub const QUOTED_CHARS: usize = 80;

/// `value` as every message quotes it: in double quotes with Rust's escapes (`"3\u{a0}700"`), and,
/// when it is longer than [`QUOTED_CHARS`] characters, its start only, followed by its length:
/// `"Lorem ipsum…"… (52428800 characters)`.
pub fn quoted(value: &str) -> Quoted<'_> {
    Quoted {
        value,
        quotes: true,
    }
}

/// `value` as written, cut like [`quoted`]: for a value a message shows as it is (the name of a
/// text file, followed by its own `:line:`).
pub fn cut(value: &str) -> Quoted<'_> {
    Quoted {
        value,
        quotes: false,
    }
}

/// A value in a message; see [`quoted`].
pub struct Quoted<'a> {
    value: &'a str,
    quotes: bool,
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, length) = match self.value.char_indices().nth(QUOTED_CHARS) {
            None => (self.value, None),
            Some((end, _)) => (&self.value[..end], Some(self.value.chars().count())),
        };
        if self.quotes {
            write!(f, "{shown:?}")?;
        } else {
            f.write_str(shown)?;
        }
        match length {
            Some(n) => write!(f, "\u{2026} ({n} characters)"),
            None => Ok(()),
        }
    }
}

/// The columns of one kind of input file.
#[derive(Debug)]
pub struct Spec {
    /// What the file holds, for messages ("figures").
    pub kind: &'static str,
    pub required: Vec<&'static str>,
    pub optional: Vec<&'static str>,
}

impl Spec {
    fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(&self.optional).copied()
    }

    fn position(&self, name: &str) -> usize {
        self.columns()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("column {name} is not in the {} spec", self.kind))
    }
}

/// A reader that hashes what passes through it and checks that it is UTF-8 (see [`Utf8Check`]).
///
/// On a bad byte it first hands out the bytes before it, then fails with an [`io::Error`] that
/// wraps the [`EncodingError`].
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    check: Utf8Check,
    failed: Option<EncodingError>,
    lines: LineEnds,
    quotes: Quotes,
    /// Whether the end of the input was reached.
    ended: bool,
}

/// Counts the lines before a byte offset of what was read: the csv crate's own line numbers are
/// off after CRLF line ends and ignore lone CRs (BurntSushi/rust-csv#395), so factstore counts
/// lines itself, from the offsets of the line ends read (only those not yet passed are kept).
#[derive(Default)]
struct LineEnds {
    /// Offsets of `\n` and `\r` bytes read, at or after the last offset asked about.
    ends: std::collections::VecDeque<(u64, u8)>,
    /// Bytes read so far.
    read: u64,
    /// Line ends passed so far.
    passed: u64,
    /// The offset of the last `\r` passed, so that a `\n` right after it is not a second line end.
    last_cr: Option<u64>,
}

impl LineEnds {
    fn feed(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.ends.push_back((self.read + i as u64, b));
            }
        }
        self.read += bytes.len() as u64;
    }

    /// The 1-based line of byte offset `at` (offsets asked about never go back).
    fn line_of(&mut self, at: u64) -> u64 {
        while let Some(&(offset, b)) = self.ends.front() {
            if offset >= at {
                break;
            }
            self.ends.pop_front();
            if b == b'\r' {
                self.last_cr = Some(offset);
                self.passed += 1;
            } else if self.last_cr != Some(offset.wrapping_sub(1)) {
                self.passed += 1;
            }
        }
        // a record can start at the \n of a CRLF whose \r is passed: that line has ended
        self.passed + 1
    }
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            check: Utf8Check::default(),
            failed: None,
            lines: LineEnds::default(),
            quotes: Quotes::default(),
            ended: false,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(error) = self.failed {
            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
        }
        let mut n = self.inner.read(buf)?;
        if n == 0 {
            self.check
                .end()
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            self.ended = true;
            return Ok(0);
        }
        if let Err((good, error)) = self.check.feed(&buf[..n]) {
            if good == 0 {
                return Err(io::Error::new(io::ErrorKind::InvalidData, error));
            }
            self.failed = Some(error);
            n = good;
        }
        self.hasher.update(&buf[..n]);
        self.lines.feed(&buf[..n]);
        self.quotes.feed(&buf[..n]);
        Ok(n)
    }
}

/// Where the fields of a file open and close their quotes, followed byte by byte as the csv parser
/// reads them (its defaults: a field that starts with `"` is quoted, `""` inside it is one `"`, a
/// `"` anywhere else is text; `,` separates fields, `\n` or `\r` ends a record). The csv crate
/// reads a quote that never closes as a field running to the end of the file, without a word: the
/// rows after it would be lost, and the file load with fewer rows than it has.
#[derive(Debug, Default)]
struct Quotes {
    state: QuoteState,
    /// Bytes fed so far.
    read: u64,
    /// The field being read: its index in its record.
    field: usize,
    /// The byte offset of the quote that opened the field being read, when it is quoted.
    opened: u64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// Before the first byte of a field.
    #[default]
    Start,
    /// In a field that did not start with a quote.
    Plain,
    /// In a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: it closes the field, or a second one follows.
    QuoteSeen,
}

impl Quotes {
    fn feed(&mut self, bytes: &[u8]) {
        let mut i = match self.read {
            0 => bytes.strip_prefix("\u{FEFF}".as_bytes()).map_or(0, |_| 3),
            _ => 0,
        };
        while i < bytes.len() {
            let b = bytes[i];
            let next = match (self.state, b) {
                (QuoteState::Quoted, _) => match bytes[i..].iter().position(|&b| b == b'"') {
                    Some(at) => {
                        i += at;
                        QuoteState::QuoteSeen
                    }
                    None => break,
                },
                (QuoteState::Start | QuoteState::QuoteSeen, b'"') => {
                    if self.state == QuoteState::Start {
                        self.opened = self.read + i as u64;
                    }
                    QuoteState::Quoted
                }
                (_, b',') => {
                    self.field += 1;
                    QuoteState::Start
                }
                (_, b'\n' | b'\r') => {
                    self.field = 0;
                    QuoteState::Start
                }
                (QuoteState::Plain, _) => {
                    match bytes[i..]
                        .iter()
                        .position(|&b| matches!(b, b',' | b'\n' | b'\r'))
                    {
                        Some(at) => {
                            i += at;
                            continue;
                        }
                        None => break,
                    }
                }
                _ => QuoteState::Plain,
            };
            self.state = next;
            i += 1;
        }
        self.read += bytes.len() as u64;
    }

    /// The byte offset of the quote that opened the field being read, and the field's index in
    /// its record, when that field is still open.
    fn open(&self) -> Option<(u64, usize)> {
        (self.state == QuoteState::Quoted).then_some((self.opened, self.field))
    }
}

/// What a [`CsvInput`] reads: the start of the file, read ahead, then the rest.
type Stream = io::Chain<io::Cursor<Vec<u8>>, BufReader<Box<dyn Read>>>;

/// An input CSV file being read row by row.
pub struct CsvInput {
    path: String,
    spec: &'static Spec,
    reader: csv::Reader<Hashing<Stream>>,
    /// For each column of the spec, its index in the file's records.
    index: Vec<Option<usize>>,
    headers: csv::StringRecord,
    record: csv::StringRecord,
}

impl CsvInput {
    /// Opens `path` (`-` for stdin) and checks its encoding and header against `spec`.
    pub fn open(path: &Path, spec: &'static Spec) -> Result<Self, Problem> {
        let shown = path.display().to_string();
        let input: Box<dyn Read> = if shown == "-" {
            Box::new(io::stdin())
        } else {
            Box::new(File::open(path).map_err(|e| Problem {
                path: shown.clone(),
                line: 0,
                column: None,
                field: None,
                message: format!("cannot read: {e}"),
            })?)
        };
        Self::from_reader(shown, input, spec)
    }

    /// Like [`CsvInput::open`], reading from `input`, with `path` as its name in messages.
    pub fn from_reader(
        path: String,
        input: Box<dyn Read>,
        spec: &'static Spec,
    ) -> Result<Self, Problem> {
        let whole = |message: String| Problem {
            path: path.clone(),
            line: 0,
            column: None,
            field: None,
            message,
        };
        let mut buffered = BufReader::with_capacity(1 << 16, input);
        let start = first_line(&mut buffered).map_err(|e| whole(format!("cannot read: {e}")))?;
        if is_utf16(&start) {
            return Err(whole(UTF16.into()));
        }
        if start
            .strip_prefix("\u{FEFF}".as_bytes())
            .unwrap_or(&start)
            .is_empty()
        {
            return Err(whole(format!(
                "the file is empty: expected a header row ({})",
                spec.required.join(",")
            )));
        }
        // Flexible: a row with too many or too few fields is a problem of that row (see
        // [`Fields::ragged`]), which `--on-error skip` can set aside like any other.
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(1 << 16)
            .from_reader(Hashing::new(io::Cursor::new(start).chain(buffered)));
        let headers = reader
            .headers()
            .map_err(|e| csv_problem(&path, &e, None))?
            .clone();
        if let Some(problem) = unclosed_quote(&path, reader.get_mut(), None) {
            return Err(problem);
        }
        let index = index_header(&path, &headers, spec)?;
        Ok(CsvInput {
            path,
            spec,
            reader,
            index,
            headers,
            record: csv::StringRecord::new(),
        })
    }

    /// The header row as read (the BOM dropped).
    pub fn headers(&self) -> &csv::StringRecord {
        &self.headers
    }

    /// The name of the input in messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// How many bytes of the input the rows read so far span (the header included).
    pub fn byte_offset(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Whether the file has column `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.index[self.spec.position(name)].is_some()
    }

    /// The next row, `None` at the end of the file. An error is with the file from there on (it
    /// cannot be read, or is not UTF-8): no more rows can be read.
    pub fn next_row(&mut self) -> Result<Option<Fields<'_>>, Problem> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let at = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().lines.line_of(at);
                if let Some(problem) =
                    unclosed_quote(&self.path, self.reader.get_mut(), Some(&self.headers))
                {
                    return Err(problem);
                }
                Ok(Some(Fields {
                    record: &self.record,
                    index: &self.index,
                    spec: self.spec,
                    width: self.headers.len(),
                    line,
                }))
            }
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| self.reader.get_mut().lines.line_of(p.byte()));
                Err(csv_problem(&self.path, &e, line))
            }
        }
    }

    /// Places a field error at `line` of this file.
    pub fn problem(&self, line: u64, error: FieldError) -> Problem {
        let column = self.index[self.spec.position(error.field)].map(|i| i + 1);
        Problem {
            path: self.path.clone(),
            line,
            column,
            field: Some(error.field.to_string()),
            message: error.message,
        }
    }

    /// A problem with row `line` as a whole.
    pub fn row_problem(&self, line: u64, message: impl Into<String>) -> Problem {
        Problem {
            path: self.path.clone(),
            line,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// Reads what is left of the input (so that the hash covers it all) and returns its SHA-256.
    pub fn finish(self) -> Result<String, Problem> {
        let path = self.path;
        let mut inner = self.reader.into_inner();
        io::copy(&mut inner, &mut io::sink()).map_err(|e| Problem {
            path: path.clone(),
            line: 0,
            column: None,
            field: None,
            message: format!("cannot read: {e}"),
        })?;
        Ok(crate::digest::hex(&inner.hasher.finalize()))
    }
}

/// The problem of a quoted field that the end of the file reached before its closing quote (see
/// [`Quotes`]), placed where the quote opened; `headers` name the field, unless the header row is
/// the one cut short.
fn unclosed_quote(
    path: &str,
    hashing: &mut Hashing<Stream>,
    headers: Option<&csv::StringRecord>,
) -> Option<Problem> {
    if !hashing.ended {
        return None;
    }
    let (offset, field) = hashing.quotes.open()?;
    Some(Problem {
        path: path.to_string(),
        line: hashing.lines.line_of(offset),
        column: Some(field + 1),
        field: headers
            .and_then(|h| h.get(field))
            .map(|name| name.trim().to_string()),
        message: "the quote that opens this field is never closed: the rest of the file would be \
                  read as its value (close it, and write a quote inside a quoted field as \"\")"
            .to_string(),
    })
}

/// The start of a file, up to the end of its first line (however short the reads of a pipe are,
/// and at most 64 KiB more): the csv crate drops a BOM only when its first read holds all of it.
fn first_line(buffered: &mut BufReader<Box<dyn Read>>) -> io::Result<Vec<u8>> {
    let mut start = Vec::new();
    loop {
        let chunk = buffered.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        start.extend_from_slice(chunk);
        buffered.consume(n);
        if start.len() >= 1 << 16 || start.contains(&b'\n') {
            break;
        }
    }
    Ok(start)
}

/// For each column of `spec`, its index among the columns of `headers`. Fails on a column the
/// spec does not know, one that appears twice, or a required one that is missing.
fn index_header(
    path: &str,
    headers: &csv::StringRecord,
    spec: &Spec,
) -> Result<Vec<Option<usize>>, Problem> {
    let at_header = |column: Option<usize>, message: String| Problem {
        path: path.to_string(),
        line: 1,
        column,
        field: None,
        message,
    };
    let mut index = vec![None; spec.required.len() + spec.optional.len()];
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim();
        match spec.columns().position(|c| c == name) {
            None => {
                return Err(at_header(
                    Some(i + 1),
                    format!(
                        "unknown column {}; the columns of {} files are {}",
                        quoted(name),
                        spec.kind,
                        spec.columns().collect::<Vec<_>>().join(", ")
                    ),
                ))
            }
            Some(p) if index[p].is_some() => {
                return Err(at_header(
                    Some(i + 1),
                    format!("column {} appears twice", quoted(name)),
                ));
            }
            Some(p) => index[p] = Some(i),
        }
    }
    let missing: Vec<&str> = spec
        .required
        .iter()
        .zip(&index)
        .filter(|(_, i)| i.is_none())
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() {
        return Err(at_header(
            None,
            format!(
                "missing column{} {}; {} files need {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                spec.kind,
                spec.required.join(", ")
            ),
        ));
    }
    Ok(index)
}

/// Turns a csv error into a located problem, at `line` (of the error's position) when known.
fn csv_problem(path: &str, error: &csv::Error, line: Option<u64>) -> Problem {
    if let csv::ErrorKind::Io(e) = error.kind() {
        if let Some(bad) = e.get_ref().and_then(|e| e.downcast_ref::<EncodingError>()) {
            return Problem {
                path: path.to_string(),
                line: bad.line,
                column: None,
                field: None,
                message: bad.to_string(),
            };
        }
    }
    let line = line
        .or_else(|| error.position().map(|p| p.line()))
        .unwrap_or(0);
    let (column, message) = match error.kind() {
        csv::ErrorKind::Utf8 { pos, err } => (
            Some(err.field() + 1),
            format!(
                "invalid UTF-8 after {} valid bytes of this field (the row starts at byte offset {}): factstore reads UTF-8 only",
                err.valid_up_to(),
                pos.as_ref().map_or(0, |p| p.byte())
            ),
        ),
        csv::ErrorKind::Io(e) => (None, format!("cannot read: {e}")),
        _ => (None, error.to_string()),
    };
    Problem {
        path: path.to_string(),
        line,
        column,
        field: None,
        message,
    }
}

/// `text` without the `'` that spreadsheet mode adds before = + - @ tab CR LF.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if crate::output::needs_guard(rest.as_bytes()) => rest,
        _ => text,
    }
}

/// One row of an input file, read by column name.
pub struct Fields<'a> {
    record: &'a csv::StringRecord,
    index: &'a [Option<usize>],
    spec: &'static Spec,
    /// The number of fields of the header.
    width: usize,
    pub line: u64,
}

impl<'a> Fields<'a> {
    /// What is wrong with the row's number of fields, if it is not the header's.
    pub fn ragged(&self) -> Option<String> {
        (self.record.len() != self.width).then(|| {
            format!(
                "this row has {} fields, the header has {}",
                self.record.len(),
                self.width
            )
        })
    }

    /// The row's fields as read (untrimmed), for a file of rejected rows.
    pub fn fields(&self) -> Vec<String> {
        self.record.iter().map(str::to_string).collect()
    }

    /// The trimmed value of column `name`; `None` when the column is absent or the cell empty.
    /// The `'` that spreadsheet mode puts before a cell that would read as a formula is dropped,
    /// so that an `--excel` file loads back as it was.
    pub fn get(&self, name: &'static str) -> Option<&'a str> {
        let i = self.index[self.spec.position(name)]?;
        let value = unguard(self.record.get(i)?.trim());
        (!value.is_empty()).then_some(value)
    }

    /// The value of column `name`, which must not be empty.
    pub fn required(&self, name: &'static str) -> Result<&'a str, FieldError> {
        self.get(name)
            .ok_or_else(|| FieldError::new(name, "is empty; a value is required"))
    }

    /// A whole number ≥ 0, or `None` when empty.
    pub fn count(&self, name: &'static str) -> Result<Option<i64>, FieldError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(Some(n)),
            Ok(n) => Err(FieldError::new(
                name,
                format!("must not be negative, found {n}"),
            )),
            Err(_) => Err(FieldError::new(
                name,
                format!("expected a whole number, found {}", quoted(text)),
            )),
        }
    }

    /// A number between 0 and 1, or `None` when empty.
    pub fn fraction(&self, name: &'static str) -> Result<Option<f64>, FieldError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
            _ => Err(FieldError::new(
                name,
                format!("expected a number from 0 to 1, found {}", quoted(text)),
            )),
        }
    }

    /// A date YYYY-MM-DD, or `None` when empty.
    pub fn date(&self, name: &'static str) -> Result<Option<&'a str>, FieldError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        crate::model::check_date(text).map_err(|m| FieldError::new(name, m))?;
        Ok(Some(text))
    }

    /// The value of column `name` as an owned string, or `None` when empty.
    pub fn text(&self, name: &'static str) -> Option<String> {
        self.get(name).map(str::to_string)
    }

    /// A BCP 47 language tag (`fr`, `pt-BR`), or `None` when empty.
    pub fn language(&self, name: &'static str) -> Result<Option<String>, FieldError> {
        let Some(tag) = self.get(name) else {
            return Ok(None);
        };
        crate::model::check_language(tag).map_err(|m| FieldError::new(name, m))?;
        Ok(Some(tag.to_string()))
    }

    /// A word of vocabulary `V`, or `default` when empty.
    pub fn vocabulary<V: Vocabulary>(
        &self,
        name: &'static str,
        default: Option<V>,
    ) -> Result<V, FieldError> {
        match self.vocabulary_opt(name)? {
            Some(v) => Ok(v),
            None => default.ok_or_else(|| {
                FieldError::new(name, format!("is empty; expected one of {}", V::names()))
            }),
        }
    }

    /// A word of vocabulary `V`, or `None` when empty.
    pub fn vocabulary_opt<V: Vocabulary>(
        &self,
        name: &'static str,
    ) -> Result<Option<V>, FieldError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        V::parse(text)
            .map(Some)
            .ok_or_else(|| FieldError::new(name, V::not_one_of(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPEC: std::sync::LazyLock<Spec> = std::sync::LazyLock::new(|| Spec {
        kind: "things",
        required: vec!["key", "value"],
        optional: vec!["note"],
    });

    fn input(text: &str) -> Result<CsvInput, Problem> {
        CsvInput::from_reader(
            "t.csv".into(),
            Box::new(io::Cursor::new(text.as_bytes().to_vec())),
            &SPEC,
        )
    }

    #[test]
    fn reads_fields_by_name_with_line_numbers() {
        let mut csv = input("\u{FEFF}value,key\n3,a\n\"4\",\" b \"\n").unwrap();
        assert!(!csv.has_column("note"));
        let row = csv.next_row().unwrap().unwrap();
        assert_eq!(
            (row.line, row.get("key"), row.count("value")),
            (2, Some("a"), Ok(Some(3)))
        );
        let row = csv.next_row().unwrap().unwrap();
        assert_eq!(
            (row.line, row.get("key"), row.get("note")),
            (3, Some("b"), None)
        );
        assert!(csv.next_row().unwrap().is_none());
        assert_eq!(csv.finish().unwrap().len(), 64);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        assert_eq!(quoted("a\"b\n").to_string(), r#""a\"b\n""#);
        let long = "é".repeat(QUOTED_CHARS);
        assert_eq!(quoted(&long).to_string(), format!("{long:?}"));
        let longer = format!("{long}\"and more");
        assert_eq!(
            quoted(&longer).to_string(),
            format!("{long:?}\u{2026} (89 characters)")
        );
        assert_eq!(
            cut(&longer).to_string(),
            format!("{long}\u{2026} (89 characters)")
        );
    }

    #[test]
    fn header_problems_name_the_column() {
        let message = |text: &str| input(text).err().unwrap().to_string();
        assert_eq!(
            message(""),
            "t.csv: the file is empty: expected a header row (key,value)"
        );
        assert_eq!(
            message("key\n"),
            "t.csv:1: missing column value; things files need key, value"
        );
        assert_eq!(
            message("key,value,colour\n"),
            "t.csv:1:3: unknown column \"colour\"; the columns of things files are key, value, note"
        );
        assert_eq!(
            message("key,value,key\n"),
            "t.csv:1:3: column \"key\" appears twice"
        );
    }

    #[test]
    fn row_problems_name_line_column_and_field() {
        let mut csv = input("key,value\na,x\nb\n").unwrap();
        let line = {
            let row = csv.next_row().unwrap().unwrap();
            let err = row.count("value").unwrap_err();
            assert_eq!(err.message, "expected a whole number, found \"x\"");
            (row.line, err)
        };
        assert_eq!(
            csv.problem(line.0, line.1).to_string(),
            "t.csv:2:2: value: expected a whole number, found \"x\""
        );
        let row = csv.next_row().unwrap().unwrap();
        assert_eq!(
            (row.line, row.ragged().unwrap().as_str()),
            (3, "this row has 1 fields, the header has 2")
        );
        assert_eq!(row.fields(), ["b"]);
        assert!(csv.next_row().unwrap().is_none());
    }

    #[test]
    fn lines_are_counted_alike_with_crlf() {
        for text in [
            "key,value\na,1\n\"b\nc\",x\n",
            "key,value\r\na,1\r\n\"b\r\nc\",x\r\n",
        ] {
            let mut csv = input(text).unwrap();
            assert_eq!(csv.next_row().unwrap().unwrap().line, 2);
            let row = csv.next_row().unwrap().unwrap();
            assert_eq!(
                (row.line, row.get("key")),
                (
                    3,
                    Some(if text.contains('\r') {
                        "b\r\nc"
                    } else {
                        "b\nc"
                    })
                )
            );
        }
    }

    #[test]
    fn lines_are_counted_with_any_line_end() {
        for text in [
            "key,value\r\na,1\nb,2\nc,3\n",
            "key,value\na,1\r\nb,2\nc,3\r\n",
            "key,value\ra,1\rb,2\rc,3\r",
        ] {
            let mut csv = input(text).unwrap();
            let mut lines = Vec::new();
            while let Some(row) = csv.next_row().unwrap() {
                lines.push(row.line);
            }
            assert_eq!(lines, [2, 3, 4], "{text:?}");
        }
    }

    #[test]
    fn a_spreadsheet_guard_is_dropped() {
        let mut csv = input("key,value\n'=HYPERLINK(x),'-5\n'plain,''=x\n").unwrap();
        let row = csv.next_row().unwrap().unwrap();
        assert_eq!(
            (row.get("key"), row.get("value")),
            (Some("=HYPERLINK(x)"), Some("-5"))
        );
        let row = csv.next_row().unwrap().unwrap();
        assert_eq!(
            (row.get("key"), row.get("value")),
            (Some("'plain"), Some("''=x"))
        );
    }

    /// A reader that hands out `step` bytes at a time, so that characters straddle reads.
    struct Trickle(Vec<u8>, usize, usize);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.2.min(buf.len()).min(self.0.len() - self.1);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    /// Reads every row of `bytes`, `step` bytes at a time; returns the lines of the rows read and
    /// the problem that stopped reading, if any.
    fn read_all(bytes: &[u8], step: usize) -> (Vec<u64>, Option<String>) {
        let input = Box::new(Trickle(bytes.to_vec(), 0, step));
        let mut csv = match CsvInput::from_reader("e.csv".into(), input, &SPEC) {
            Ok(csv) => csv,
            Err(p) => return (vec![], Some(p.to_string())),
        };
        let mut lines = vec![];
        loop {
            match csv.next_row() {
                Ok(Some(row)) => lines.push(row.line),
                Ok(None) => break,
                Err(p) => return (lines, Some(p.to_string())),
            }
        }
        let sha = csv.finish().unwrap();
        assert_eq!(sha, crate::digest::sha256_hex(bytes));
        (lines, None)
    }

    #[test]
    fn encodings_are_checked_whatever_the_reads() {
        for step in [1, 2, 3, 5, 7, 1 << 16] {
            // Characters of 2, 3 and 4 bytes, a BOM, CRLF and a quoted newline are fine.
            let good = "\u{FEFF}key,value\r\nété,\"漢\n字\"\r\n🦀,x\r\n".as_bytes();
            assert_eq!(read_all(good, step), (vec![2, 4], None), "step {step}");
            // Latin-1 é (E9) on line 5, after the rows before it, which are read first.
            let latin1 = b"key,value\na,1\nb\n\"c\",2\nd,caf\xE9 cr\xE8me\n";
            assert_eq!(
                read_all(latin1, step),
                (vec![2, 3, 4], Some("e.csv:5: invalid UTF-8 at byte offset 27 (the file is not UTF-8: save it as UTF-8)".into())),
                "step {step}"
            );
            // A character cut by the end of the file.
            assert_eq!(
                read_all(b"key,value\na,\xE2\x82", step).1.unwrap(),
                "e.csv:2: invalid UTF-8 at byte offset 12 (the file is not UTF-8: save it as UTF-8)"
            );
            // A bad continuation of a character, its lead at offset 12.
            assert_eq!(
                read_all(b"key,value\na,\xE2\x82x\n", step).1.unwrap(),
                "e.csv:2: invalid UTF-8 at byte offset 12 (the file is not UTF-8: save it as UTF-8)"
            );
            // NUL bytes: UTF-16 without a BOM, or a stray one.
            let utf16: Vec<u8> = "key,value\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            assert_eq!(
                read_all(&utf16, step).1.unwrap(),
                "e.csv:1: NUL byte at byte offset 1 (is this a UTF-16 file? save it as UTF-8)"
            );
            let utf16be: Vec<u8> = "key,value\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect();
            assert_eq!(
                read_all(&utf16be, step).1.unwrap(),
                "e.csv:1: NUL byte at byte offset 0 (is this a UTF-16 file? save it as UTF-8)"
            );
            assert_eq!(
                read_all(b"key,value\na,1\r\nb,\x002\n", step),
                (vec![2], Some("e.csv:3: NUL byte at byte offset 17 (is this a UTF-16 file? save it as UTF-8)".into()))
            );
        }
    }

    #[test]
    fn a_quote_that_never_closes_is_refused_where_it_opens() {
        for step in [1, 2, 3, 7, 1 << 16] {
            // In the last column near the end: the csv crate would read the rest as one value.
            let text = "key,value\na,1\nb,\"2\nc,3\nd,4\n";
            assert_eq!(
                read_all(text.as_bytes(), step),
                (vec![2], Some("e.csv:3:2: value: the quote that opens this field is never closed: the rest of the file would be read as its value (close it, and write a quote inside a quoted field as \"\")".into())),
                "step {step}"
            );
            // In the header, after a BOM, with CRLF line ends.
            assert_eq!(
                read_all("\u{FEFF}key,\"value\r\na,1\r\n".as_bytes(), step).1.unwrap(),
                "e.csv:1:2: the quote that opens this field is never closed: the rest of the file would be read as its value (close it, and write a quote inside a quoted field as \"\")",
                "step {step}"
            );
            // Closed quotes, doubled ones, quotes inside unquoted fields, quoted newlines, a
            // quoted first field after a BOM, and a last field closed at the very end are fine.
            for good in [
                "\u{FEFF}\"key\",value\r\n\"a,\"\"b\"\"\",\"1\n2\"\nc\"d,e\"\"f\nx,\"\"\n\"y\",\"z\"",
                "key,value\na,\"\"\"\"\nb,\"\"\"x\"\"\"\n",
                "key,value\n\"a\"b,\"c\" d\n",
            ] {
                assert_eq!(read_all(good.as_bytes(), step).1, None, "{good:?} step {step}");
            }
        }
    }

    #[test]
    fn utf16_and_invalid_utf8_are_refused() {
        let utf16 = CsvInput::from_reader(
            "u.csv".into(),
            Box::new(io::Cursor::new(vec![0xFF, 0xFE, b'k', 0])),
            &SPEC,
        );
        assert_eq!(
            utf16.err().unwrap().to_string(),
            "u.csv: the file is UTF-16; factstore reads UTF-8 only (save it as UTF-8)"
        );
        let mut bad = CsvInput::from_reader(
            "b.csv".into(),
            Box::new(io::Cursor::new(b"key,value\na,\xE9t\xE9\n".to_vec())),
            &SPEC,
        )
        .unwrap();
        assert_eq!(
            bad.next_row().err().unwrap().to_string(),
            "b.csv:2: invalid UTF-8 at byte offset 12 (the file is not UTF-8: save it as UTF-8)"
        );
    }
}
