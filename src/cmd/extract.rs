//! `factstore extract`: find mentions, statements and figures in source text and store them with
//! origin `extracted`, replacing what an earlier extraction found in those sources. Curated rows
//! are never touched. Extraction runs on `--jobs` threads; one writer stores what they find.
//!
//! With `--stream` it is a pure step instead: crawler records as JSON lines on standard input,
//! the extracted rows as JSON lines on standard output ([`crate::stream`]), the store opened
//! read-only for its knowledge only.

use std::collections::HashMap;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;

use crate::db;
use crate::extract::Extractor;
use crate::ingest::{ErrorKind, IngestError, Origin, Position};
use crate::options::{Global, JobsArgs, Resolver, SourceArgs};
use crate::progress::Progress;
use crate::stream;
use crate::writer::{OnError, Writer};
use crate::UsageError;

/// Find entity mentions, quotes with their speakers, and figures in the text of the sources (all of
/// them, or those named with --source), replacing earlier extracted rows of those sources.
///
/// Entities are found through their names and aliases, and figures and speech through the
/// lexicon of the source's language: add aliases or lexicon rows, then extract again. Every row
/// records the rule that found it (`rule`) and that rule's confidence.
///
/// With --stream, articles are read as JSON lines on standard input (crawler records: key or
/// url, title, text or maintext, language, ...) and their rows written as JSON lines on standard
/// output, each naming its article: a `source` line, then its mentions, statements and figures,
/// entities named by key. Nothing is written to the store. The output of a split input,
/// concatenated, is byte for byte the output of the whole. `load extracted` reads it back.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore extract --source shoot-to-kill && factstore query figures --origin extracted\n  factstore extract --stream < articles.jsonl > rows.jsonl"
)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,

    /// Report what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,

    /// Read articles (JSON lines) on stdin, write their rows (JSON lines) on stdout; store nothing.
    #[arg(long, conflicts_with = "dry_run")]
    stream: bool,

    #[command(flatten)]
    jobs: JobsArgs,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    if !global.db.is_file() {
        return Err(db::DbError::Missing(global.db.display().to_string()).into());
    }
    if args.stream {
        if !args.source.keys.is_empty() {
            return Err(UsageError(
                "--stream takes its articles from standard input, not --source".into(),
            )
            .into());
        }
        return run_stream(global, args.jobs.get());
    }
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let progress = Progress::on_stderr(global.quiet);
    let mut writer = Writer::begin(&mut conn, &global.db, "extract", progress, OnError::Fail)?;
    writer.set_jobs(args.jobs.get());
    let mut sources = Resolver::new(writer.conn()).sources(&args.source)?;
    if sources.is_empty() {
        sources = crate::store::sources::keys(writer.conn())?
            .into_values()
            .collect();
        sources.sort();
    }
    writer.extract(&sources)?;
    let summary = writer.finish(args.dry_run)?;
    if !global.quiet {
        if let Some(line) = summary.extraction_line() {
            println!("{line}");
        }
        if args.dry_run {
            println!("dry run: nothing was written");
        }
    }
    Ok(())
}

/// `extract --stream`: standard input to standard output on `jobs` threads. Each thread parses
/// its line (JSON, text, language detection) and extracts; this thread reads lines and writes
/// the results in input order. A line that is not an article (not UTF-8, not JSON, no text) is
/// skipped with a warning on stderr; reading or writing failing ends the run.
fn run_stream(global: &Global, jobs: usize) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let extractor = Extractor::new(&crate::store::knowledge(&conn)?);
    let keys: HashMap<_, _> = crate::store::entities::keys(&conn)?
        .into_iter()
        .map(|(key, id)| (id, key))
        .collect();
    drop(conn);
    let name = Path::new("-");
    let work = |(line, bytes): (usize, Vec<u8>)| {
        let origin = Origin::new(name, Position::Line(line));
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| IngestError::new(origin, ErrorKind::InvalidUtf8 { line }))?;
        let article = stream::article(name, line, text)?;
        Ok::<_, IngestError>(stream::extract_article(&extractor, &keys, article))
    };
    let mut out = BufWriter::with_capacity(256 * 1024, io::stdout().lock());
    crate::parallel::ordered(jobs, Lines::new(io::stdin().lock()), work, |done| {
        match done {
            Ok(text) => out.write_all(text.as_bytes())?,
            Err(e) if !global.quiet => eprintln!("warning: {e}; the line is skipped"),
            Err(_) => {}
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

/// The lines of standard input that are not blank, each with its number (from 1), a BOM
/// removed from the first.
struct Lines<R> {
    reader: R,
    line: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Lines { reader, line: 0 }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = anyhow::Result<(usize, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(e) => {
                    return Some(Err(
                        anyhow::Error::new(e).context("cannot read standard input")
                    ))
                }
            }
            if self.line == 1 {
                buf = crate::ingest::decode::strip_bom(&buf).to_vec();
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                return Some(Ok((self.line, buf)));
            }
        }
    }
}
