//! `factstore load`: fill the store from files, one kind of file or a whole dataset folder.
//!
//! Each command is one transaction: every row of every file, or nothing. It prints, per file, how
//! many rows it inserted, updated and found unchanged. With `--on-error skip`, the rows with a
//! problem are set aside instead, written to the `--rejects` file (or folder, for a dataset) with
//! their reason and line, and counted in a `rejected` column.
//!
//! The rejects are written next to their target first and put in place once the load has
//! committed (or rolled back, for a dry run), so that a load that fails leaves any earlier
//! rejects file as it was, and a load that commits never goes without its rejects.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::db;
use crate::options::{Global, JobsArgs};
use crate::progress::Progress;
use crate::store::{self, Kind};
use crate::writer::{FileReport, OnError, Writer};
use crate::UsageError;

/// Load files into the store (creating the database if needed).
///
/// Loads are idempotent: loading the same files again changes nothing and reports every row as
/// unchanged. By default any problem in any row fails the whole command, which then writes
/// nothing; each problem is reported as `file:line:column: field: reason`. With `--on-error skip
/// --rejects FILE` the rows with a problem are left out and written to FILE, and the others load.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore load dataset seeds\n  factstore load figures --dry-run reviewed/figures.csv\n  factstore load figures --on-error skip --rejects rejected.csv reviewed/figures.csv"
)]
pub struct Args {
    #[command(subcommand)]
    what: What,

    /// Check everything and report what would change, but write nothing.
    #[arg(long, global = true)]
    dry_run: bool,

    /// What a row with a problem does: `fail` the whole load (nothing is written), or `skip`
    /// the row (it goes to --rejects) and load the others.
    #[arg(long, global = true, value_enum, default_value_t = OnError::Fail, value_name = "WHAT")]
    on_error: OnError,

    /// With --on-error skip: the CSV file the rejected rows are written to, each with its
    /// fields as read, a `reason` and its `line`. For `load dataset`, a folder, which gets one
    /// such file per file loaded (`figures.csv`, ...).
    #[arg(long, global = true, value_name = "PATH")]
    rejects: Option<PathBuf>,

    #[command(flatten)]
    jobs: JobsArgs,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Load a dataset folder: lexicon.csv, entities.csv, aliases.csv, decisions.csv, sources.csv
    /// (with the texts it names), mentions.csv, statements.csv and figures.csv, each where
    /// present; then extract mentions, statements and figures from the sources it added or
    /// changed.
    #[command(after_help = "Example:\n  factstore load dataset seeds")]
    Dataset {
        /// The folder.
        dir: PathBuf,
        /// Load the files only: do not extract from the sources loaded.
        #[arg(long)]
        no_extract: bool,
    },
    /// Load the JSON lines that `extract --stream` writes: each article as a source (inserted,
    /// or updated by key), its rows as that source's extracted rows. Entities are named by key
    /// and must be in the store; loading the same lines again changes nothing.
    #[command(
        after_help = "Example:\n  factstore extract --stream < articles.jsonl > rows.jsonl\n  factstore --db other.db load extracted rows.jsonl"
    )]
    Extracted {
        /// The file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    #[command(
        about = Kind::Sources.about(),
        long_about = Kind::Sources.long_about(),
        after_help = "Example:\n  factstore load sources new/sources.csv"
    )]
    Sources(Files),
    #[command(
        about = Kind::Entities.about(),
        long_about = Kind::Entities.long_about(),
        after_help = "Example:\n  factstore load entities seeds/entities.csv"
    )]
    Entities(Files),
    #[command(
        about = Kind::Aliases.about(),
        long_about = Kind::Aliases.long_about(),
        after_help = "Example:\n  factstore load aliases seeds/aliases.csv"
    )]
    Aliases(Files),
    #[command(
        about = Kind::Lexicon.about(),
        long_about = Kind::Lexicon.long_about(),
        after_help = "Example:\n  factstore load lexicon seeds/lexicon.csv"
    )]
    Lexicon(Files),
    #[command(
        about = Kind::Decisions.about(),
        long_about = Kind::Decisions.long_about(),
        after_help = "Example:\n  factstore review -o discovered.csv   # decide, then:\n  factstore load decisions decisions.csv"
    )]
    Decisions(Files),
    #[command(
        about = Kind::Mentions.about(),
        long_about = Kind::Mentions.long_about(),
        after_help = "Example:\n  factstore load mentions reviewed/mentions.csv"
    )]
    Mentions(Files),
    #[command(
        about = Kind::Statements.about(),
        long_about = Kind::Statements.long_about(),
        after_help = "Example:\n  factstore query statements --speaker tokayev > s.csv   # edit, then:\n  factstore load statements s.csv"
    )]
    Statements(Files),
    #[command(
        about = Kind::Figures.about(),
        long_about = Kind::Figures.long_about(),
        after_help = "Example:\n  cat figures.csv | factstore load figures -"
    )]
    Figures(Files),
}

#[derive(clap::Args, Debug)]
struct Files {
    /// CSV files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// What one load command loads.
#[derive(Clone, Copy)]
enum Job<'a> {
    Dataset(&'a Path, bool),
    Extracted(&'a Path),
    Files(Kind, &'a [PathBuf]),
}

impl What {
    fn job(&self) -> Job<'_> {
        let (kind, files) = match self {
            What::Dataset { dir, no_extract } => return Job::Dataset(dir, !no_extract),
            What::Extracted { file } => return Job::Extracted(file),
            What::Sources(f) => (Kind::Sources, f),
            What::Entities(f) => (Kind::Entities, f),
            What::Aliases(f) => (Kind::Aliases, f),
            What::Lexicon(f) => (Kind::Lexicon, f),
            What::Decisions(f) => (Kind::Decisions, f),
            What::Mentions(f) => (Kind::Mentions, f),
            What::Statements(f) => (Kind::Statements, f),
            What::Figures(f) => (Kind::Figures, f),
        };
        Job::Files(kind, &files.files)
    }
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let job = args.what.job();
    if let Job::Files(_, paths) = job {
        if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(UsageError("standard input (-) can be read only once".into()).into());
        }
    }
    check_rejects(job, args.on_error, args.rejects.as_deref())?;
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let command = match job {
        Job::Dataset(..) => "load dataset".to_string(),
        Job::Extracted(..) => "load extracted".to_string(),
        Job::Files(kind, _) => format!("load {}", kind.name()),
    };
    let progress = Progress::on_stderr(global.quiet);
    let mut load = Writer::begin(&mut conn, &global.db, &command, progress, args.on_error)?;
    load.set_jobs(args.jobs.get());
    match job {
        Job::Dataset(dir, extract) => load.dataset(dir, extract)?,
        Job::Extracted(file) => load.extracted(file)?,
        Job::Files(kind, paths) => load.files(kind, paths)?,
    }
    let staged = match &args.rejects {
        Some(target) => stage(
            &rejects_files(job, target, load.reports()),
            matches!(job, Job::Dataset(..)),
        )?,
        None => Vec::new(),
    };
    let summary = match load.finish(args.dry_run) {
        Ok(summary) => summary,
        Err(e) => {
            discard(&staged);
            return Err(e);
        }
    };
    put_in_place(&staged)?;
    if !global.quiet {
        print_reports(&summary.files, args.on_error == OnError::Skip);
        if let Some(line) = summary.extraction_line() {
            println!("{line}");
        }
        if args.dry_run {
            println!("dry run: nothing was written");
        } else if matches!(job, Job::Dataset(..)) {
            println!("{}", holdings(&conn, &global.db)?);
        }
    }
    for file in &staged {
        if file.rows > 0 {
            eprintln!(
                "{} row{} rejected: see {}",
                file.rows,
                if file.rows == 1 { "" } else { "s" },
                file.target.display()
            );
        }
    }
    Ok(())
}

/// Checks that `--on-error skip` and `--rejects` come together, and that the rejects would not
/// overwrite what is loaded.
fn check_rejects(job: Job, on_error: OnError, rejects: Option<&Path>) -> Result<(), UsageError> {
    if matches!(job, Job::Extracted(..)) && on_error == OnError::Skip {
        return Err(UsageError(
            "load extracted takes no --on-error skip: a bad line fails the whole load".into(),
        ));
    }
    let rejects = match (on_error, rejects) {
        (OnError::Fail, None) => return Ok(()),
        (OnError::Fail, Some(_)) => {
            return Err(UsageError(
                "--rejects needs --on-error skip (by default a row with a problem fails the whole load, and no row is rejected)".into(),
            ))
        }
        (OnError::Skip, None) => {
            return Err(UsageError(
                "--on-error skip needs --rejects PATH, where the rows it leaves out are written"
                    .into(),
            ))
        }
        (OnError::Skip, Some(rejects)) => rejects,
    };
    let shown = rejects.display();
    let clash = match job {
        Job::Dataset(dir, _) if same_file(rejects, dir) => Some(format!(
            "--rejects {shown} is the dataset folder: its files would be overwritten"
        )),
        Job::Dataset(..) if rejects.exists() && !rejects.is_dir() => Some(format!(
            "--rejects {shown} is a file: for a dataset, name a folder (one rejects file per file loaded)"
        )),
        Job::Files(_, paths) if paths.iter().any(|p| same_file(rejects, p)) => Some(format!(
            "--rejects {shown} is a file to load: it would be overwritten"
        )),
        Job::Files(..) if rejects.is_dir() => {
            Some(format!("--rejects {shown} is a folder: name a file"))
        }
        _ => None,
    };
    clash.map_or(Ok(()), |message| Err(UsageError(message)))
}

/// Whether `a` and `b` name the same file or folder.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// One file of rejected rows: where it goes, what it holds.
struct Rejects {
    target: PathBuf,
    contents: Vec<u8>,
    rows: usize,
}

/// The rejects of a load: for a dataset, `<target>/<kind>.csv` per file loaded, each with the
/// file's own header then `reason` and `line`; otherwise one file at `target`, whose columns are
/// those of the files loaded (in order of appearance: one file's own header), `reason`, `line`,
/// and `file` when there are several.
fn rejects_files(job: Job, target: &Path, reports: &[FileReport]) -> Vec<Rejects> {
    match job {
        Job::Dataset(..) => reports
            .iter()
            .map(|r| Rejects {
                target: target.join(r.kind.file_name()),
                contents: rejects_csv(&r.header, &[r], false),
                rows: r.rejected.len(),
            })
            .collect(),
        Job::Files(..) | Job::Extracted(..) => {
            let mut header: Vec<String> = Vec::new();
            for name in reports.iter().flat_map(|r| &r.header) {
                if !header.contains(name) {
                    header.push(name.clone());
                }
            }
            let refs: Vec<&FileReport> = reports.iter().collect();
            vec![Rejects {
                target: target.to_path_buf(),
                contents: rejects_csv(&header, &refs, reports.len() > 1),
                rows: reports.iter().map(|r| r.rejected.len()).sum(),
            }]
        }
    }
}

/// A CSV file of the rejected rows of `reports` under `header` (each row's fields placed by its
/// file's header; a row with more fields than its header keeps the first ones), then `reason`,
/// `line`, and with `with_file` the file's path.
fn rejects_csv(header: &[String], reports: &[&FileReport], with_file: bool) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut first: Vec<&str> = header.iter().map(String::as_str).collect();
    first.extend(["reason", "line"]);
    if with_file {
        first.push("file");
    }
    // Writing to memory cannot fail.
    out.write_record(&first).expect("write to memory");
    for report in reports {
        let places: Vec<usize> = report
            .header
            .iter()
            .map(|name| header.iter().position(|h| h == name).expect("in the union"))
            .collect();
        for row in &report.rejected {
            let mut record = vec![""; header.len()];
            for (field, &place) in row.fields.iter().zip(&places) {
                record[place] = field;
            }
            let line = row.line.to_string();
            record.extend([row.reason.as_str(), line.as_str()]);
            if with_file {
                record.push(&report.path);
            }
            out.write_record(&record).expect("write to memory");
        }
    }
    out.into_inner().expect("write to memory")
}

/// A rejects file written beside its target, to be put in place.
struct Staged {
    temporary: PathBuf,
    target: PathBuf,
    rows: usize,
}

/// Writes each file beside its target; with `folder_is_made`, creating their folder (a dataset's
/// rejects) when it is missing.
fn stage(files: &[Rejects], folder_is_made: bool) -> anyhow::Result<Vec<Staged>> {
    let mut staged = Vec::new();
    for file in files {
        let written = (|| {
            let folder = match file.target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if folder_is_made && !folder.is_dir() {
                fs::create_dir(&folder)?;
            }
            let name = file
                .target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
            fs::write(&temporary, &file.contents)?;
            Ok::<_, std::io::Error>(temporary)
        })();
        match written {
            Ok(temporary) => staged.push(Staged {
                temporary,
                target: file.target.clone(),
                rows: file.rows,
            }),
            Err(e) => {
                discard(&staged);
                return Err(anyhow::anyhow!(
                    "cannot write the rejected rows to {}: {e}; nothing was loaded",
                    file.target.display()
                ));
            }
        }
    }
    Ok(staged)
}

/// Removes staged files (the load did not go through).
fn discard(staged: &[Staged]) {
    for file in staged {
        let _ = fs::remove_file(&file.temporary);
    }
}

/// Puts staged files in place, over any earlier file.
fn put_in_place(staged: &[Staged]) -> anyhow::Result<()> {
    for (i, file) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(&file.temporary, &file.target) {
            discard(&staged[i..]);
            anyhow::bail!(
                "the load went through, but its rejected rows could not be written to {}: {e}",
                file.target.display()
            );
        }
    }
    Ok(())
}

/// The table of what each file changed; `rejected` adds the column of rows set aside.
fn print_reports(reports: &[FileReport], rejected: bool) {
    let width = reports
        .iter()
        .map(|r| r.path.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let last = |n: &dyn std::fmt::Display| {
        if rejected {
            format!("  {n:>8}")
        } else {
            String::new()
        }
    };
    println!(
        "{:width$}  {:10}  {:>8}  {:>8}  {:>9}{}",
        "file",
        "kind",
        "inserted",
        "updated",
        "unchanged",
        last(&"rejected")
    );
    for r in reports {
        println!(
            "{:width$}  {:10}  {:>8}  {:>8}  {:>9}{}",
            r.path,
            r.kind.name(),
            r.counts.inserted,
            r.counts.updated,
            r.counts.unchanged,
            last(&r.counts.rejected)
        );
    }
}

/// One line saying what the database holds.
fn holdings(conn: &rusqlite::Connection, path: &Path) -> anyhow::Result<String> {
    let n = |table| store::count(conn, table);
    Ok(format!(
        "{} holds {} sources, {} entities ({} aliases), {} lexicon entries, {} mentions, {} statements, {} figures",
        path.display(),
        n("sources")?,
        n("entities")?,
        n("aliases")?,
        n("lexicon")?,
        n("mentions")?,
        n("statements")?,
        n("figures")?
    ))
}
