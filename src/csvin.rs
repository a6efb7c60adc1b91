//! Reading input CSV files: header checks, typed field access, and errors that name the file, the
//! line, the column and the field.
//!
//! A [`CsvInput`] streams one file (or stdin, `-`) row by row against a [`Spec`], the columns a kind
//! of file must and may have. Opening it checks the encoding (UTF-8, with or without a BOM) and the
//! header (no missing, unknown or repeated column). Each row is handed out as [`Fields`], whose
//! getters return a [`Problem`] that says where and what went wrong. The SHA-256 of the bytes read
//! is kept for the `loads` table.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

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

/// The columns of one kind of input file.
#[derive(Debug)]
pub struct Spec {
    /// What the file holds, for messages ("figures").
    pub kind: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Spec {
    fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional).copied()
    }

    fn position(&self, name: &str) -> usize {
        self.columns()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("column {name} is not in the {} spec", self.kind))
    }
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// An input CSV file being read row by row.
pub struct CsvInput {
    path: String,
    spec: &'static Spec,
    reader: csv::Reader<Hashing<BufReader<Box<dyn Read>>>>,
    /// For each column of the spec, its index in the file's records.
    index: Vec<Option<usize>>,
    record: csv::StringRecord,
    /// What to add to the csv crate's line numbers: after a header ending in CRLF it counts one
    /// line too few (BurntSushi/rust-csv#395).
    line_fix: u64,
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
        let start = buffered
            .fill_buf()
            .map_err(|e| whole(format!("cannot read: {e}")))?;
        let line_fix = u64::from(
            start
                .iter()
                .position(|&b| b == b'\n')
                .is_some_and(|n| n > 0 && start[n - 1] == b'\r'),
        );
        if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
            return Err(whole(
                "the file is UTF-16; factstore reads UTF-8 only (save it as UTF-8)".into(),
            ));
        }
        if start.is_empty() {
            return Err(whole(format!(
                "the file is empty: expected a header row ({})",
                spec.required.join(",")
            )));
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .has_headers(true)
            .from_reader(Hashing {
                inner: buffered,
                hasher: Sha256::new(),
            });
        let headers = reader
            .headers()
            .map_err(|e| csv_problem(&path, &e))?
            .clone();
        let at_header = |column: usize, message: String| Problem {
            path: path.clone(),
            line: 1,
            column: Some(column),
            field: None,
            message,
        };
        let mut index = vec![None; spec.required.len() + spec.optional.len()];
        for (i, name) in headers.iter().enumerate() {
            let name = name.trim();
            match spec.columns().position(|c| c == name) {
                None => {
                    return Err(at_header(
                        i + 1,
                        format!(
                            "unknown column {name:?}; the columns of {} files are {}",
                            spec.kind,
                            spec.columns().collect::<Vec<_>>().join(", ")
                        ),
                    ))
                }
                Some(p) if index[p].is_some() => {
                    return Err(at_header(i + 1, format!("column {name:?} appears twice")));
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
            return Err(Problem {
                path: path.clone(),
                line: 1,
                column: None,
                field: None,
                message: format!(
                    "missing column{} {}; {} files need {}",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                    spec.kind,
                    spec.required.join(", ")
                ),
            });
        }
        Ok(CsvInput {
            path,
            spec,
            reader,
            index,
            record: csv::StringRecord::new(),
            line_fix,
        })
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

    /// The next row, `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Fields<'_>>, Problem> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let line = self
                    .record
                    .position()
                    .map_or(0, |p| p.line() + self.line_fix);
                Ok(Some(Fields {
                    record: &self.record,
                    index: &self.index,
                    spec: self.spec,
                    line,
                }))
            }
            Err(e) => {
                let mut problem = csv_problem(&self.path, &e);
                if problem.line > 1 {
                    problem.line += self.line_fix;
                }
                Err(problem)
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
        Ok(hex(&inner.hasher.finalize()))
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Turns a csv error into a located problem.
fn csv_problem(path: &str, error: &csv::Error) -> Problem {
    let line = error.position().map_or(0, |p| p.line());
    let (column, message) = match error.kind() {
        csv::ErrorKind::Utf8 { pos, err } => (
            Some(err.field() + 1),
            format!(
                "invalid UTF-8 after {} valid bytes of this field (the row starts at byte offset {}): factstore reads UTF-8 only",
                err.valid_up_to(),
                pos.as_ref().map_or(0, |p| p.byte())
            ),
        ),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            (None, format!("this row has {len} fields, the header has {expected_len}"))
        }
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
    pub line: u64,
}

impl<'a> Fields<'a> {
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
                format!("expected a whole number, found {text:?}"),
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
                format!("expected a number from 0 to 1, found {text:?}"),
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

    /// One of `allowed`, or `default` when empty.
    pub fn choice(
        &self,
        name: &'static str,
        allowed: &[&'static str],
        default: Option<&'static str>,
    ) -> Result<&'a str, FieldError> {
        match self.get(name) {
            None => default.ok_or_else(|| {
                FieldError::new(
                    name,
                    format!("is empty; expected one of {}", allowed.join(", ")),
                )
            }),
            Some(v) if allowed.contains(&v) => Ok(v),
            Some(v) => Err(FieldError::new(
                name,
                format!("{v:?} is not one of {}", allowed.join(", ")),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPEC: Spec = Spec {
        kind: "things",
        required: &["key", "value"],
        optional: &["note"],
    };

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
        assert_eq!(
            csv.next_row().err().unwrap().to_string(),
            "t.csv:3: this row has 1 fields, the header has 2"
        );
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
        assert_eq!(bad.next_row().err().unwrap().to_string(), "b.csv:2:2: invalid UTF-8 after 0 valid bytes of this field (the row starts at byte offset 10): factstore reads UTF-8 only");
    }
}
