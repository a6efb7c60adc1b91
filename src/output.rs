//! Writing rows: the output options every row-writing command shares, and one writer that sends
//! query results to stdout or `--output` as CSV, TSV, JSON or JSON Lines.
//!
//! Cells keep their SQL type: integers and reals are written as numbers (never formula-guarded,
//! bare in JSON), NULL as an empty cell (`null` in JSON), text as text. In spreadsheet mode
//! (`--excel`) a text cell beginning with `=`, `+`, `-`, `@`, tab, CR or LF gets a `'` prefix so that
//! no spreadsheet reads it as a formula; `export` never guards, so that it round-trips exactly.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use rusqlite::types::ValueRef;
use rusqlite::{Params, Statement};

use crate::UsageError;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values (RFC 4180), with a header row.
    Csv,
    /// Tab-separated values, with a header row.
    Tsv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A self-contained HTML page (compare only).
    Html,
}

/// Output options shared by every command that writes rows.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    /// Field delimiter for CSV (one ASCII character; `\t` or `tab` for a tab).
    #[arg(short = 'd', long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Leave out the header row (CSV and TSV).
    #[arg(long)]
    pub no_headers: bool,

    /// Start the file with a UTF-8 byte-order mark (CSV and TSV), for Excel.
    #[arg(long)]
    pub bom: bool,

    /// Spreadsheet mode (CSV and TSV): byte-order mark, CRLF line ends, and a `'` before text cells
    /// that begin with = + - @ tab CR or LF, so that none is read as a formula.
    #[arg(long)]
    pub excel: bool,
}

impl Default for OutputArgs {
    fn default() -> Self {
        OutputArgs {
            output: None,
            format: Format::Csv,
            delimiter: None,
            no_headers: false,
            bom: false,
            excel: false,
        }
    }
}

impl OutputArgs {
    /// Refuses options that do not go together (a usage error).
    pub fn check(&self) -> Result<(), UsageError> {
        let delimited = matches!(self.format, Format::Csv | Format::Tsv);
        if !delimited && (self.excel || self.bom || self.no_headers || self.delimiter.is_some()) {
            return Err(UsageError(
                "--excel, --bom, --no-headers and --delimiter apply to csv and tsv output only"
                    .into(),
            ));
        }
        if self.format == Format::Tsv && self.delimiter.is_some_and(|d| d != b'\t') {
            return Err(UsageError(
                "--delimiter cannot be combined with --format tsv".into(),
            ));
        }
        Ok(())
    }
}

fn parse_delimiter(value: &str) -> Result<u8, String> {
    match value {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        v if v.len() == 1 && v.is_ascii() && v != "\"" && v != "\n" && v != "\r" => {
            Ok(v.as_bytes()[0])
        }
        v => Err(format!(
            "expected one ASCII character other than a quote or line break, got {v:?}"
        )),
    }
}

/// Is a text cell one that a spreadsheet would read as a formula?
pub fn needs_guard(text: &[u8]) -> bool {
    matches!(
        text.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n')
    )
}

enum Sink {
    Delimited(Box<csv::Writer<Box<dyn Write>>>),
    Json { out: Box<dyn Write>, rows: usize },
    Jsonl(Box<dyn Write>),
}

/// Writes rows with fixed columns in the chosen format. Call [`RowWriter::finish`] at the end.
pub struct RowWriter {
    sink: Sink,
    columns: Vec<String>,
    guard: bool,
    /// Reused buffers, so that writing a row allocates nothing.
    cell: String,
    cells: Vec<Vec<u8>>,
}

impl RowWriter {
    /// Opens the destination (`-o FILE` or stdout) and writes the header, if any.
    ///
    /// Fails on a usage error (spreadsheet options with JSON) or when the file cannot be created.
    pub fn new(args: &OutputArgs, columns: Vec<String>) -> anyhow::Result<Self> {
        let mut out: Box<dyn Write> = match &args.output {
            Some(path) => Box::new(BufWriter::with_capacity(
                1 << 16,
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            )),
            None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
        };
        args.check()?;
        if args.format == Format::Html {
            return Err(UsageError("--format html is for `factstore compare` only".into()).into());
        }
        let sink = match args.format {
            Format::Csv | Format::Tsv => {
                if args.bom || args.excel {
                    out.write_all("\u{FEFF}".as_bytes())?;
                }
                let delimiter = if args.format == Format::Tsv {
                    b'\t'
                } else {
                    args.delimiter.unwrap_or(b',')
                };
                let terminator = if args.excel {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                };
                let mut writer = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .terminator(terminator)
                    .from_writer(out);
                if !args.no_headers {
                    writer.write_record(&columns)?;
                }
                Sink::Delimited(Box::new(writer))
            }
            Format::Json => {
                out.write_all(b"[")?;
                Sink::Json { out, rows: 0 }
            }
            Format::Jsonl => Sink::Jsonl(out),
            Format::Html => unreachable!("refused above"),
        };
        let width = columns.len();
        Ok(RowWriter {
            sink,
            columns,
            guard: args.excel,
            cell: String::new(),
            cells: vec![Vec::new(); width],
        })
    }

    /// Writes one row of a result set with one value per column.
    pub fn write(&mut self, row: &rusqlite::Row<'_>) -> anyhow::Result<()> {
        self.write_with(|i| row.get_ref(i))
    }

    /// Writes one row of values computed by the caller, one per column.
    pub fn write_values(&mut self, values: &[rusqlite::types::Value]) -> anyhow::Result<()> {
        self.write_with(|i| Ok(ValueRef::from(&values[i])))
    }

    fn write_with<'v>(
        &mut self,
        cell: impl Fn(usize) -> rusqlite::Result<ValueRef<'v>>,
    ) -> anyhow::Result<()> {
        match &mut self.sink {
            Sink::Delimited(writer) => {
                for (i, buf) in self.cells.iter_mut().enumerate() {
                    buf.clear();
                    match cell(i)? {
                        ValueRef::Null => {}
                        ValueRef::Integer(i) => {
                            let _ = write!(buf, "{i}");
                        }
                        ValueRef::Real(r) => {
                            let _ = write!(buf, "{r}");
                        }
                        ValueRef::Text(t) => {
                            if self.guard && needs_guard(t) {
                                buf.push(b'\'');
                            }
                            buf.extend_from_slice(t);
                        }
                        ValueRef::Blob(b) => {
                            for byte in b {
                                let _ = write!(buf, "{byte:02x}");
                            }
                        }
                    }
                }
                writer.write_record(&self.cells)?;
            }
            Sink::Json { out, rows } => {
                out.write_all(if *rows == 0 { b"\n" } else { b",\n" })?;
                *rows += 1;
                write_object(out, &self.columns, &cell, &mut self.cell)?;
            }
            Sink::Jsonl(out) => {
                write_object(out, &self.columns, &cell, &mut self.cell)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Flushes everything written; JSON output gets its closing bracket.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.sink {
            Sink::Delimited(mut writer) => writer.flush()?,
            Sink::Json { mut out, rows } => {
                out.write_all(if rows == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
            }
            Sink::Jsonl(mut out) => out.flush()?,
        }
        Ok(())
    }
}

fn write_object<'v>(
    out: &mut dyn Write,
    columns: &[String],
    cell: &impl Fn(usize) -> rusqlite::Result<ValueRef<'v>>,
    scratch: &mut String,
) -> anyhow::Result<()> {
    out.write_all(b"{")?;
    for (i, name) in columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b":")?;
        match cell(i)? {
            ValueRef::Null => out.write_all(b"null")?,
            ValueRef::Integer(i) => write!(out, "{i}")?,
            ValueRef::Real(r) if r.is_finite() => write!(out, "{r}")?,
            ValueRef::Real(_) => out.write_all(b"null")?,
            ValueRef::Text(t) => serde_json::to_writer(&mut *out, &String::from_utf8_lossy(t))?,
            ValueRef::Blob(b) => {
                scratch.clear();
                for byte in b {
                    use std::fmt::Write as _;
                    let _ = write!(scratch, "{byte:02x}");
                }
                serde_json::to_writer(&mut *out, scratch.as_str())?;
            }
        }
    }
    out.write_all(b"}")?;
    Ok(())
}

/// Runs `stmt` with `params` and writes every row it returns, with the statement's column names as
/// the header. Returns the number of rows written.
pub fn write_query<P: Params>(
    stmt: &mut Statement<'_>,
    params: P,
    args: &OutputArgs,
) -> anyhow::Result<usize> {
    args.check()?;
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.query(params)?;
    // The first row is read before anything is written, so that a statement that fails at once
    // (a function refused at run time) leaves no header behind.
    let first = rows.next()?;
    let mut writer = RowWriter::new(args, columns)?;
    let mut count = 0;
    if let Some(row) = first {
        writer.write(row)?;
        count += 1;
        while let Some(row) = rows.next()? {
            writer.write(row)?;
            count += 1;
        }
    }
    writer.finish()?;
    Ok(count)
}

/// Output options that write raw CSV to `path` (what `export` uses).
pub fn raw_csv_to(path: &Path) -> OutputArgs {
    OutputArgs {
        output: Some(path.to_path_buf()),
        ..OutputArgs::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn render(args: OutputArgs) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let args = OutputArgs {
            output: Some(path.clone()),
            ..args
        };
        let conn = Connection::open_in_memory().unwrap();
        let mut stmt = conn
            .prepare("SELECT 'Tokaïev' AS name, 3700 AS value, NULL AS low, 2.5 AS ratio, '=HYPERLINK(\"x\")' AS quote, '-5' AS minus, 'a,b' AS comma")
            .unwrap();
        write_query(&mut stmt, [], &args).unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn csv_keeps_types_and_quotes_separators() {
        assert_eq!(
            render(OutputArgs::default()),
            "name,value,low,ratio,quote,minus,comma\nTokaïev,3700,,2.5,\"=HYPERLINK(\"\"x\"\")\",-5,\"a,b\"\n"
        );
    }

    #[test]
    fn excel_mode_adds_bom_crlf_and_guards_text_only() {
        assert_eq!(
            render(OutputArgs { excel: true, ..OutputArgs::default() }),
            "\u{FEFF}name,value,low,ratio,quote,minus,comma\r\nTokaïev,3700,,2.5,\"'=HYPERLINK(\"\"x\"\")\",'-5,\"a,b\"\r\n"
        );
    }

    #[test]
    fn tsv_and_no_headers() {
        assert_eq!(
            render(OutputArgs {
                format: Format::Tsv,
                no_headers: true,
                ..OutputArgs::default()
            }),
            "Tokaïev\t3700\t\t2.5\t\"=HYPERLINK(\"\"x\"\")\"\t-5\ta,b\n"
        );
    }

    #[test]
    fn json_and_jsonl_keep_numbers_and_nulls() {
        let row = r#"{"name":"Tokaïev","value":3700,"low":null,"ratio":2.5,"quote":"=HYPERLINK(\"x\")","minus":"-5","comma":"a,b"}"#;
        assert_eq!(
            render(OutputArgs {
                format: Format::Json,
                ..OutputArgs::default()
            }),
            format!("[\n{row}\n]\n")
        );
        assert_eq!(
            render(OutputArgs {
                format: Format::Jsonl,
                ..OutputArgs::default()
            }),
            format!("{row}\n")
        );
    }

    #[test]
    fn guard_covers_exactly_the_formula_starts() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"] {
            assert!(needs_guard(text.as_bytes()), "{text:?}");
        }
        for text in ["1", "a=b", " =1", "", "'x"] {
            assert!(!needs_guard(text.as_bytes()), "{text:?}");
        }
    }
}
