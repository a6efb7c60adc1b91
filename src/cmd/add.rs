//! `factstore add PATH...`: articles as users have them (saved web pages, text and Markdown
//! files, crawler JSON and JSON lines, WARC archives) become sources, in one transaction, then
//! are extracted from. Reading is [`crate::ingest`]'s; identity, keys, language and syndication
//! are [`crate::add`]'s; this module walks the paths, reports and prints.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::add::{Adder, Counts, Options, Prepared};
use crate::db;
use crate::ingest::{self, Articles, IngestError};
use crate::model::check_language;
use crate::options::{Global, JobsArgs};
use crate::parallel;
use crate::progress::Progress;
use crate::store;
use crate::writer::{OnError, Writer};
use crate::UsageError;

/// Add articles: saved web pages (.html), text and Markdown files, JSON or JSON lines written by
/// news crawlers (news-please, trafilatura: `title`, `maintext` or `text`, `url`,
/// `date_publish`, `language`), and WARC archives (.warc, .warc.gz: each HTML response). Then
/// extract mentions, quotes and figures from the sources added or changed.
///
/// A folder is walked recursively for files of those kinds (other files, and hidden ones, are
/// left alone); `-` reads standard input. Each article becomes a source: its main text without
/// page furniture, its title, publisher, URL, date and language from the page's metadata, else
/// detected. Its key comes from its URL's last segment, else its file's name, made unique. The
/// same text is always the same source (adding it again changes nothing); the same URL with
/// another text updates that source (refused when curated rows point into it). A copy of a
/// stored article (the same dispatch republished elsewhere) records it as its `original`.
///
/// Everything is one transaction: by default any file or record that gives no article fails
/// the command, naming the file and the line or record, and nothing is added. The files are
/// read (page, main text, language, fingerprint) on `--jobs` threads, and the articles stored
/// in the order of the files, so the result is the same whatever the number.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore add saved-pages/ crawl.warc.gz\n  curl -s https://example.org/story.html | factstore add -\n  factstore add --language fr --dry-run article.txt"
)]
pub struct Args {
    /// Files or folders; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Store every article with this language (BCP 47 tag), whatever it declares or reads as.
    #[arg(long, value_name = "TAG")]
    language: Option<String>,

    /// Add the articles only: do not extract from them.
    #[arg(long)]
    no_extract: bool,

    /// Read and check everything and report what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,

    /// What a file or record that gives no article does: `fail` the whole command (nothing is
    /// added), or `skip` it (a line on stderr says why) and add the others.
    #[arg(long, value_enum, default_value_t = OnError::Fail, value_name = "WHAT")]
    on_error: OnError,

    #[command(flatten)]
    jobs: JobsArgs,
}

/// Files larger than this are read as a stream on the calling thread (a web archive or a
/// crawl's JSON lines can hold more articles than memory); smaller ones are read whole on the
/// worker threads.
const READ_WHOLE_MAX: u64 = 16 * 1024 * 1024;

/// A file as a worker thread read it.
enum FileRead {
    /// Its articles, prepared, or the error that ends it.
    Whole(Result<Vec<Result<Prepared, IngestError>>, IngestError>),
    /// Standard input, or a file above [`READ_WHOLE_MAX`]: the calling thread streams it.
    Stream(PathBuf),
}

/// Reads `file` whole when it is small (see [`FileRead`]).
fn read(file: PathBuf) -> FileRead {
    let small =
        file != Path::new("-") && std::fs::metadata(&file).is_ok_and(|m| m.len() <= READ_WHOLE_MAX);
    if !small {
        return FileRead::Stream(file);
    }
    FileRead::Whole(open(&file).map(|articles| {
        articles
            .map(|item| item.map(Prepared::of))
            .collect::<Vec<_>>()
    }))
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    if let Some(tag) = &args.language {
        check_language(tag).map_err(|m| UsageError(format!("--language: {m}")))?;
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(UsageError("standard input (-) can be read only once".into()).into());
    }
    let files = files_of(&args.paths)?;
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let progress = Progress::on_stderr(global.quiet);
    let mut writer = Writer::begin(&mut conn, &global.db, "add", progress, args.on_error)?;
    let options = Options {
        language: args.language.clone(),
    };
    let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let load = store::loads::begin(writer.conn(), "add", "sources", &shown.join(" "))?;
    let mut adder = Adder::new(writer.conn(), options, load)?;
    let jobs = args.jobs.get();
    writer.set_jobs(jobs);
    let bar = progress.files(files.len() as u64);
    let items = files.into_iter().map(Ok);
    parallel::ordered(jobs, items, read, |file| {
        let items: Box<dyn Iterator<Item = _>> = match file {
            FileRead::Whole(Ok(items)) => Box::new(items.into_iter()),
            FileRead::Whole(Err(error)) => Box::new(std::iter::once(Err(error))),
            FileRead::Stream(path) => match open(&path) {
                Ok(articles) => Box::new(articles.map(|item| item.map(Prepared::of))),
                Err(error) => Box::new(std::iter::once(Err(error))),
            },
        };
        add_file(&writer, &mut adder, items, args.on_error)?;
        bar.inc(1);
        Ok(())
    })?;
    drop(bar);
    let on_error = args.on_error;
    adder.finish(writer.conn(), |counts, refused| {
        if on_error == OnError::Fail {
            return Err(anyhow::anyhow!("{refused}; nothing was added"));
        }
        eprintln!("refused: {refused}");
        counts.refused += 1;
        Ok(())
    })?;
    let c = adder.counts;
    let counts = store::loads::Counts {
        inserted: c.added as i64,
        updated: c.updated as i64,
        unchanged: c.unchanged as i64,
        deleted: 0,
        rejected: c.refused as i64,
    };
    store::loads::finish(writer.conn(), load, None, counts)?;
    let mut changed = std::mem::take(&mut adder.changed);
    changed.sort();
    changed.dedup();
    if !args.no_extract && !changed.is_empty() {
        writer.extract(&changed)?;
    }
    let summary = writer.finish(args.dry_run)?;
    for warning in &adder.warnings {
        eprintln!("warning: {warning}");
    }
    if !global.quiet {
        println!("{}", counts_line(&adder.counts));
        if let Some(line) = summary.extraction_line() {
            println!("{line}");
        }
        if args.dry_run {
            println!("dry run: nothing was written");
        }
    }
    Ok(())
}

/// "3 added, 0 unchanged, 1 updated, 0 refused (1 a copy of another source)".
pub fn counts_line(c: &Counts) -> String {
    let copies = match c.copies {
        0 => String::new(),
        1 => " (1 a copy of another source)".to_string(),
        n => format!(" ({n} copies of other sources)"),
    };
    format!(
        "{} added, {} unchanged, {} updated, {} refused{copies}{}",
        c.added,
        c.unchanged,
        c.updated,
        c.refused,
        match c.skipped {
            0 => String::new(),
            1 => "; 1 archived page without article text skipped".to_string(),
            n => format!("; {n} archived pages without article text skipped"),
        }
    )
}

/// Adds the articles of one file (an error opening it comes as its only item). In `fail` mode
/// the first error is the command's; in `skip` mode it is printed and counted as refused.
fn add_file(
    writer: &Writer,
    adder: &mut Adder,
    items: impl Iterator<Item = Result<Prepared, IngestError>>,
    on_error: OnError,
) -> anyhow::Result<()> {
    let conn = writer.conn();
    let skip = |adder: &mut Adder, error: IngestError| {
        if on_error == OnError::Fail {
            return Err(anyhow::anyhow!("{error}; nothing was added"));
        }
        eprintln!("skipped: {error}");
        adder.counts.refused += 1;
        Ok(())
    };
    for item in items {
        match item {
            Ok(prepared) => adder.add(conn, prepared)?,
            Err(error) if is_not_an_article(&error) => {
                adder.counts.skipped += 1;
                adder.warnings.push(format!("{error} (skipped)"));
            }
            Err(error) => {
                let ends = error.ends_file();
                skip(adder, error)?;
                if ends {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Whether `error` is a page of a web archive that is not an article (a section front, a list
/// of links): a crawl holds many, and they are skipped, not refused.
fn is_not_an_article(error: &IngestError) -> bool {
    matches!(error.kind, ingest::ErrorKind::NoArticleText)
        && matches!(error.origin.position, ingest::Position::Record { .. })
}

/// The articles of `file`, or of standard input for `-`.
fn open(file: &Path) -> Result<Articles, IngestError> {
    if file == Path::new("-") {
        let mut bytes = Vec::new();
        let origin = ingest::Origin::new(Path::new("standard input"), ingest::Position::Whole);
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| IngestError::new(origin, ingest::ErrorKind::Io(e)))?;
        return ingest::from_bytes(Path::new("standard input"), bytes);
    }
    ingest::open(file)
}

/// The extensions of the files a folder is walked for.
const EXTENSIONS: [&str; 13] = [
    "html", "htm", "xhtml", "shtml", "txt", "text", "md", "markdown", "json", "jsonl", "ndjson",
    "warc", "gz",
];

/// The files the paths name: files as given, folders walked (files of [`EXTENSIONS`], hidden
/// ones left out, in name order). Fails when a path does not exist.
fn files_of(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut files)?;
        } else {
            anyhow::bail!("{}: no such file or folder", path.display());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read the folder {}", dir.display()))?;
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if is_article_file(&name) {
            files.push(path);
        }
    }
    Ok(())
}

fn is_article_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit_once('.') {
        Some((stem, "gz")) => stem.ends_with(".warc"),
        Some((_, ext)) => EXTENSIONS.contains(&ext),
        None => false,
    }
}
