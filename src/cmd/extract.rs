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
use crate::ingest::ErrorKind;
use crate::options::{Global, JobsArgs, Resolver, SourceArgs};
use crate::progress::Progress;
use crate::stream::{self, SourceLine};
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

/// `extract --stream`: standard input to standard output on `jobs` threads. A line that is not
/// an article (not JSON, no text) is skipped with a warning on stderr; reading or writing
/// failing ends the run.
fn run_stream(global: &Global, jobs: usize) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let extractor = Extractor::new(&crate::store::knowledge(&conn)?);
    let keys: HashMap<_, _> = crate::store::entities::keys(&conn)?
        .into_iter()
        .map(|(key, id)| (id, key))
        .collect();
    drop(conn);
    let quiet = global.quiet;
    let articles = Articles::new(io::stdin().lock()).filter_map(|read| match read {
        Ok(Ok(article)) => Some(Ok(article)),
        Ok(Err(e)) => {
            if !quiet {
                eprintln!("warning: {e}; the line is skipped");
            }
            None
        }
        Err(e) => Some(Err(e)),
    });
    let mut out = BufWriter::with_capacity(256 * 1024, io::stdout().lock());
    crate::parallel::ordered(
        jobs,
        articles,
        |article| stream::extract_article(&extractor, &keys, article),
        |text| Ok(out.write_all(text.as_bytes())?),
    )?;
    out.flush()?;
    Ok(())
}

/// The articles of standard input, one `Result` a line that is not blank.
struct Articles<R> {
    reader: R,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Articles<R> {
    fn new(reader: R) -> Self {
        Articles {
            reader,
            line: 0,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for Articles<R> {
    type Item = anyhow::Result<Result<SourceLine, crate::ingest::IngestError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let name = Path::new("-");
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(e) => {
                    return Some(Err(
                        anyhow::Error::new(e).context("cannot read standard input")
                    ))
                }
            }
            let bytes = match self.line {
                1 => crate::ingest::decode::strip_bom(&self.buf),
                _ => &self.buf,
            };
            let origin = crate::ingest::Origin::new(name, crate::ingest::Position::Line(self.line));
            let Ok(text) = std::str::from_utf8(bytes) else {
                let kind = ErrorKind::InvalidUtf8 { line: self.line };
                return Some(Ok(Err(crate::ingest::IngestError::new(origin, kind))));
            };
            if !text.trim().is_empty() {
                return Some(Ok(stream::article(name, self.line, text)));
            }
        }
    }
}
