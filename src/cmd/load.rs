//! `factstore load`: fill the store from files, one kind of file or a whole dataset folder.
//!
//! Each command is one transaction: every row of every file, or nothing. It prints, per file, how
//! many rows it inserted, updated and found unchanged.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::cli::Global;
use crate::db;
use crate::load::{FileReport, Kind, Load};
use crate::progress::Progress;
use crate::store;

/// Load files into the store (creating the database if needed).
///
/// Loads are idempotent: loading the same files again changes nothing and reports every row as
/// unchanged. Any problem in any row fails the whole command, which then writes nothing; each
/// problem is reported as `file:line:column: field: reason`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore load dataset seeds\n  factstore load figures --dry-run reviewed/figures.csv"
)]
pub struct Args {
    #[command(subcommand)]
    what: What,

    /// Check everything and report what would change, but write nothing.
    #[arg(long, global = true)]
    dry_run: bool,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Load a dataset folder: lexicon.csv, entities.csv, aliases.csv, sources.csv (with the texts
    /// it names), mentions.csv, statements.csv and figures.csv, each where present; then extract
    /// mentions, statements and figures from the sources it added or changed.
    #[command(after_help = "Example:\n  factstore load dataset seeds")]
    Dataset {
        /// The folder.
        dir: PathBuf,
        /// Load the files only: do not extract from the sources loaded.
        #[arg(long)]
        no_extract: bool,
    },
    /// Load sources: key, title, publisher, url, language, published, sha256, file (the text,
    /// relative to the CSV's folder; may be left empty to update a stored source's metadata).
    #[command(after_help = "Example:\n  factstore load sources new/sources.csv")]
    Sources(Files),
    /// Load entities: key, kind, name, description, wikidata.
    #[command(after_help = "Example:\n  factstore load entities seeds/entities.csv")]
    Entities(Files),
    /// Load aliases: entity, alias, language.
    #[command(after_help = "Example:\n  factstore load aliases seeds/aliases.csv")]
    Aliases(Files),
    /// Load lexicon entries: language, kind, term, code, value, low, high.
    #[command(after_help = "Example:\n  factstore load lexicon seeds/lexicon.csv")]
    Lexicon(Files),
    /// Load mentions: source, entity, surface, char_start, char_end, origin.
    #[command(after_help = "Example:\n  factstore load mentions reviewed/mentions.csv")]
    Mentions(Files),
    /// Load statements: source, speaker, kind, text, char_start, char_end, origin.
    #[command(
        after_help = "Example:\n  factstore query statements --speaker tokayev > s.csv   # edit, then:\n  factstore load statements s.csv"
    )]
    Statements(Files),
    /// Load figures: source, metric, value, low, high, qualifier, unit, subject, claimed_by,
    /// place, as_of, evidence, char_start, char_end, origin.
    #[command(after_help = "Example:\n  cat figures.csv | factstore load figures -")]
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
    Files(Kind, &'a [PathBuf]),
}

impl What {
    fn job(&self) -> Job<'_> {
        let (kind, files) = match self {
            What::Dataset { dir, no_extract } => return Job::Dataset(dir, !no_extract),
            What::Sources(f) => (Kind::Sources, f),
            What::Entities(f) => (Kind::Entities, f),
            What::Aliases(f) => (Kind::Aliases, f),
            What::Lexicon(f) => (Kind::Lexicon, f),
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
            return Err(
                crate::UsageError("standard input (-) can be read only once".into()).into(),
            );
        }
    }
    let mut conn = db::open_for_writing(&global.db, args.dry_run)?;
    let command = match job {
        Job::Dataset(..) => "load dataset".to_string(),
        Job::Files(kind, _) => format!("load {}", kind.name()),
    };
    let mut load = Load::begin(&mut conn, &command, Progress::on_stderr(global.quiet))?;
    match job {
        Job::Dataset(dir, extract) => load.dataset(dir, extract)?,
        Job::Files(kind, paths) => paths.iter().try_for_each(|path| load.file(kind, path))?,
    }
    let summary = load.finish(args.dry_run)?;
    if !global.quiet {
        print_reports(&summary.files);
        if let Some((sources, counts)) = summary.extracted {
            println!(
                "extracted from {sources} source{}: {} rows inserted, {} updated, {} unchanged, {} deleted",
                if sources == 1 { "" } else { "s" },
                counts.inserted,
                counts.updated,
                counts.unchanged,
                counts.deleted
            );
        }
        if args.dry_run {
            println!("dry run: nothing was written");
        } else if matches!(job, Job::Dataset(..)) {
            println!("{}", holdings(&conn, &global.db)?);
        }
    }
    Ok(())
}

fn print_reports(reports: &[FileReport]) {
    let width = reports
        .iter()
        .map(|r| r.path.len())
        .max()
        .unwrap_or(0)
        .max(4);
    println!(
        "{:width$}  {:10}  {:>8}  {:>8}  {:>9}",
        "file", "kind", "inserted", "updated", "unchanged"
    );
    for r in reports {
        println!(
            "{:width$}  {:10}  {:>8}  {:>8}  {:>9}",
            r.path,
            r.kind.name(),
            r.counts.inserted,
            r.counts.updated,
            r.counts.unchanged
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
