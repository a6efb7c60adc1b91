//! Loading files into the store: one kind of CSV file at a time, or a whole dataset folder.
//!
//! Data flow: [`CsvInput`] streams rows → [`parse`] checks each one and resolves its keys through
//! the in-memory maps of a [`Context`] → the `store` module of its table upserts it. Everything a
//! command loads happens in one IMMEDIATE transaction (a second writer waits for the first): any
//! problem in any row rolls all of it back, and `--dry-run` rolls back even a clean load. Problems
//! are collected (up to [`MAX_PROBLEMS`]) so that one run shows what to fix, each as
//! `file:line:column: field: reason`. Every file loaded gets a row in `loads`.
//!
//! With [`OnError::Skip`] a row with a problem is set aside instead ([`Rejected`], with the reason
//! the error would give) and the others load, still in one transaction. Each row then runs inside a
//! SAVEPOINT, rolled back when the row turns out bad (even after it was stored: a second row with
//! the natural key of an earlier one), so that a rejected row leaves no trace; the in-memory maps
//! change only once a row is accepted ([`Effect`]). Problems with a file as a whole (it cannot be
//! read, its header, its encoding) fail the load in either mode. While a file is read
//! (and while the sources it changed are extracted from), a bar on stderr shows how far it got,
//! when the command's [`Progress`] says bars are shown.

pub mod extraction;
pub mod parse;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::csvin::{CsvInput, FieldError, Problem, Spec};
use crate::model::{EntityId, SourceId};
use crate::progress::Progress;
use crate::store::{self, loads::Counts, Outcome};
use crate::text::SourceText;

/// How many problems a load reports before it stops reading.
pub const MAX_PROBLEMS: usize = 50;

/// How many source texts a load keeps indexed in memory at once.
const TEXT_CACHE: usize = 64;

/// The kinds of file a dataset holds, in the order `load dataset` loads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Lexicon,
    Entities,
    Aliases,
    Sources,
    Mentions,
    Statements,
    Figures,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Lexicon,
        Kind::Entities,
        Kind::Aliases,
        Kind::Sources,
        Kind::Mentions,
        Kind::Statements,
        Kind::Figures,
    ];

    pub fn name(self) -> &'static str {
        self.spec().kind
    }

    /// The file's name in a dataset folder.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    pub fn spec(self) -> &'static Spec {
        match self {
            Kind::Lexicon => &LEXICON,
            Kind::Entities => &ENTITIES,
            Kind::Aliases => &ALIASES,
            Kind::Sources => &SOURCES,
            Kind::Mentions => &MENTIONS,
            Kind::Statements => &STATEMENTS,
            Kind::Figures => &FIGURES,
        }
    }
}

static LEXICON: Spec = Spec {
    kind: "lexicon",
    required: &["language", "kind", "term"],
    optional: &["code", "value", "low", "high"],
};
static ENTITIES: Spec = Spec {
    kind: "entities",
    required: &["key", "kind", "name"],
    optional: &["description", "wikidata"],
};
static ALIASES: Spec = Spec {
    kind: "aliases",
    required: &["entity", "alias"],
    optional: &["language"],
};
static SOURCES: Spec = Spec {
    kind: "sources",
    required: &["key", "language"],
    optional: &["title", "publisher", "url", "published", "sha256", "file"],
};
static MENTIONS: Spec = Spec {
    kind: "mentions",
    required: &["source", "entity", "surface"],
    optional: &["char_start", "char_end", "origin", "confidence"],
};
static STATEMENTS: Spec = Spec {
    kind: "statements",
    required: &["source", "text"],
    optional: &[
        "speaker",
        "kind",
        "char_start",
        "char_end",
        "origin",
        "language",
        "confidence",
    ],
};
static FIGURES: Spec = Spec {
    kind: "figures",
    required: &["source", "metric", "evidence"],
    optional: &[
        "value",
        "low",
        "high",
        "qualifier",
        "unit",
        "subject",
        "claimed_by",
        "place",
        "as_of",
        "char_start",
        "char_end",
        "origin",
        "confidence",
    ],
};

/// What a load does with a row that has a problem. (The variants' comments are the help of
/// `--on-error`; rejected rows are in [`FileReport::rejected`].)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// The whole load fails, and nothing is written (the default).
    #[default]
    Fail,
    /// The row is set aside (written to --rejects) and the others load.
    Skip,
}

/// A row set aside by [`OnError::Skip`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The row's line in its file.
    pub line: u64,
    /// What the error would have said after the place: `field: reason`, or the reason.
    pub reason: String,
    /// The row's fields as read.
    pub fields: Vec<String>,
}

/// What a stored row changes in the [`Context`], once it is accepted.
enum Effect {
    None,
    /// A lexicon row of kind metric: its code.
    Metric(Option<String>),
    Entity(String, EntityId),
    Source {
        key: String,
        id: SourceId,
        changed: bool,
    },
}

/// What went wrong with one row.
#[derive(Debug)]
pub enum RowError {
    /// Not as many fields as the header.
    Ragged(String),
    Field(FieldError),
    Db(rusqlite::Error),
}

impl From<FieldError> for RowError {
    fn from(e: FieldError) -> Self {
        RowError::Field(e)
    }
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Db(e)
    }
}

/// A load refused because of problems in its input; nothing was written.
#[derive(Debug)]
pub struct LoadFailed {
    pub problems: Vec<Problem>,
    /// Whether reading stopped at [`MAX_PROBLEMS`].
    pub stopped: bool,
}

impl fmt::Display for LoadFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{n}{} problem{} found; nothing was loaded",
            if self.stopped { " or more" } else { "" },
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for LoadFailed {}

/// What one file changed.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub kind: Kind,
    pub path: String,
    /// `counts.rejected` is the length of `rejected`.
    pub counts: Counts,
    /// The file's header row as read.
    pub header: Vec<String>,
    /// The rows set aside ([`OnError::Skip`] only), in file order.
    pub rejected: Vec<Rejected>,
}

/// What a load needs to resolve keys and check offsets, kept in memory for the whole load.
pub struct Context {
    sources: HashMap<String, SourceId>,
    entities: HashMap<String, EntityId>,
    metrics: HashSet<String>,
    texts: HashMap<SourceId, Rc<SourceText>>,
}

impl Context {
    pub fn new(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(Context {
            sources: store::sources::keys(conn)?,
            entities: store::entities::keys(conn)?,
            metrics: store::lexicon::metrics(conn)?,
            texts: HashMap::new(),
        })
    }

    fn source(&self, key: &str) -> Result<SourceId, FieldError> {
        self.sources
            .get(key)
            .copied()
            .ok_or_else(|| FieldError::new("source", format!("unknown source {key:?}")))
    }

    fn entity(&self, field: &'static str, key: &str) -> Result<EntityId, FieldError> {
        self.entities
            .get(key)
            .copied()
            .ok_or_else(|| FieldError::new(field, format!("unknown entity {key:?}")))
    }

    /// The indexed text of source `id`, read once and cached.
    fn text(&mut self, conn: &Connection, id: SourceId) -> rusqlite::Result<Rc<SourceText>> {
        if let Some(text) = self.texts.get(&id) {
            return Ok(Rc::clone(text));
        }
        if self.texts.len() >= TEXT_CACHE {
            self.texts.clear();
        }
        let text = Rc::new(SourceText::new(store::sources::body(conn, id)?));
        self.texts.insert(id, Rc::clone(&text));
        Ok(text)
    }
}

/// A write transaction over one load command.
pub struct Load<'c> {
    tx: Transaction<'c>,
    ctx: Context,
    command: String,
    reports: Vec<FileReport>,
    /// Sources inserted or changed by this load.
    changed: Vec<SourceId>,
    /// What the extraction that follows a dataset load did: sources, rows.
    extracted: Option<(usize, Counts)>,
    /// Whether to show progress bars while files are read and sources extracted from.
    progress: Progress,
    on_error: OnError,
}

/// What a load command did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub files: Vec<FileReport>,
    /// For a dataset: how many sources were extracted from, and the rows it wrote.
    pub extracted: Option<(usize, Counts)>,
}

impl<'c> Load<'c> {
    /// Starts a load: takes the write lock (waiting for another writer to finish) and reads the
    /// keys it will resolve. `progress` says whether bars are shown while it works. A row with a
    /// problem fails the load ([`OnError::Fail`]).
    pub fn begin(
        conn: &'c mut Connection,
        command: &str,
        progress: Progress,
    ) -> anyhow::Result<Self> {
        Load::begin_with(conn, command, progress, OnError::Fail)
    }

    /// Like [`Load::begin`], with `on_error` saying what a row with a problem does.
    pub fn begin_with(
        conn: &'c mut Connection,
        command: &str,
        progress: Progress,
        on_error: OnError,
    ) -> anyhow::Result<Self> {
        if on_error == OnError::Skip {
            // Each row runs in a savepoint, whose journal SQLite writes to a temporary file once
            // it outgrows 64 KiB (a row of figures touches a dozen pages of the table and its
            // indexes): kept in memory, it costs no write at all. It must be said before the
            // transaction begins.
            conn.pragma_update(None, "temp_store", "MEMORY")?;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        store::fts::defer(&tx)?;
        let ctx = Context::new(&tx)?;
        Ok(Load {
            tx,
            ctx,
            command: command.to_string(),
            reports: Vec::new(),
            changed: Vec::new(),
            extracted: None,
            progress,
            on_error,
        })
    }

    /// What each file loaded so far changed.
    pub fn reports(&self) -> &[FileReport] {
        &self.reports
    }

    /// Loads one file of `kind`. File paths inside it (the texts of sources) are relative to its
    /// folder, or to the current directory for stdin (`-`).
    ///
    /// Fails with [`LoadFailed`] when the file cannot be read, or when any row has a problem and
    /// bad rows are not skipped; the caller must then drop the load.
    pub fn file(&mut self, kind: Kind, path: &Path) -> anyhow::Result<()> {
        let mut input = CsvInput::open(path, kind.spec()).map_err(|p| LoadFailed {
            problems: vec![p],
            stopped: false,
        })?;
        let base: PathBuf = match path.parent() {
            Some(dir) if path != Path::new("-") => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let load = store::loads::begin(&self.tx, &self.command, kind.name(), input.path())?;
        let skip = self.on_error == OnError::Skip;
        let mut counts = Counts::default();
        let mut problems = Vec::new();
        let mut rejected = Vec::new();
        let mut seen = Seen::new(store::max_id(&self.tx, kind.name())?);
        let mut bar = self.progress.file(path);
        loop {
            let row = match input.next_row() {
                Ok(None) => break,
                Ok(Some(row)) => row,
                Err(problem) => {
                    // The file cannot be read on: a problem with the file, whatever `skip` says.
                    problems.push(problem);
                    break;
                }
            };
            let line = row.line;
            if skip {
                self.tx.prepare_cached("SAVEPOINT load_row")?.execute([])?;
            }
            let result = match row.ragged() {
                Some(message) => Err(RowError::Ragged(message)),
                None => self.row(kind, &row, &base, load),
            };
            let verdict = match result {
                Ok((outcome, _)) if seen.repeats(outcome) => Err(input.row_problem(
                    line,
                    format!(
                        "repeats an earlier row of this file (same {})",
                        natural_key(kind)
                    ),
                )),
                Ok(stored) => Ok(stored),
                Err(RowError::Ragged(message)) => Err(input.row_problem(line, message)),
                Err(RowError::Field(error)) => Err(input.problem(line, error)),
                Err(RowError::Db(error)) if skip && !is_about_the_row(&error) => {
                    return Err(anyhow::Error::new(error)
                        .context(format!("{}:{line}: cannot store this row", input.path())));
                }
                Err(RowError::Db(error)) => {
                    Err(input.row_problem(line, format!("cannot store this row: {error}")))
                }
            };
            match verdict {
                Ok((outcome, effect)) => {
                    if skip {
                        self.tx.prepare_cached("RELEASE load_row")?.execute([])?;
                    }
                    seen.insert(outcome);
                    counts.add(outcome);
                    self.apply(effect);
                }
                Err(problem) if skip => {
                    self.tx
                        .execute_batch("ROLLBACK TO load_row; RELEASE load_row")?;
                    rejected.push(Rejected {
                        line,
                        reason: problem.reason(),
                        fields: input.record_fields(),
                    });
                }
                Err(problem) => problems.push(problem),
            }
            bar.row(|| input.byte_offset());
            if problems.len() >= MAX_PROBLEMS {
                return Err(LoadFailed {
                    problems,
                    stopped: true,
                }
                .into());
            }
        }
        if !problems.is_empty() {
            return Err(LoadFailed {
                problems,
                stopped: false,
            }
            .into());
        }
        counts.rejected = rejected.len() as i64;
        let header = input.headers().iter().map(str::to_string).collect();
        let sha256 = input.finish().map_err(|p| LoadFailed {
            problems: vec![p],
            stopped: false,
        })?;
        store::loads::finish(&self.tx, load, Some(sha256.as_str()), counts)?;
        self.reports.push(FileReport {
            kind,
            path: path.display().to_string(),
            counts,
            header,
            rejected,
        });
        Ok(())
    }

    /// Checks and stores one row; returns what it did and what it changes in the context once
    /// accepted.
    fn row(
        &mut self,
        kind: Kind,
        row: &crate::csvin::Fields,
        base: &Path,
        load: crate::model::LoadId,
    ) -> Result<(Outcome, Effect), RowError> {
        let tx = &self.tx;
        let ctx = &mut self.ctx;
        Ok(match kind {
            Kind::Lexicon => {
                let entry = parse::lexicon(row)?;
                let outcome = store::lexicon::upsert(tx, &entry, load)?;
                let effect = if entry.kind == "metric" {
                    Effect::Metric(entry.code)
                } else {
                    Effect::None
                };
                (outcome, effect)
            }
            Kind::Entities => {
                let entity = parse::entity(row)?;
                let outcome = store::entities::upsert(tx, &entity, load)?;
                (outcome, Effect::Entity(entity.key, EntityId(outcome.id())))
            }
            Kind::Aliases => (
                store::aliases::upsert(tx, &parse::alias(row, ctx)?, load)?,
                Effect::None,
            ),
            Kind::Sources => {
                let source = parse::source(row, tx, base)?;
                let outcome = store::sources::upsert(tx, &source, load)?;
                let effect = Effect::Source {
                    key: source.key,
                    id: SourceId(outcome.id()),
                    changed: !matches!(outcome, Outcome::Unchanged(_)),
                };
                (outcome, effect)
            }
            Kind::Mentions => (
                store::mentions::upsert(tx, &parse::mention(row, ctx, tx)?, load)?,
                Effect::None,
            ),
            Kind::Statements => (
                store::statements::upsert(tx, &parse::statement(row, ctx, tx)?, load)?,
                Effect::None,
            ),
            Kind::Figures => (
                store::figures::upsert(tx, &parse::figure(row, ctx, tx)?, load)?,
                Effect::None,
            ),
        })
    }

    /// Makes what an accepted row stored known to the rows after it.
    fn apply(&mut self, effect: Effect) {
        let ctx = &mut self.ctx;
        match effect {
            Effect::None => {}
            Effect::Metric(code) => ctx.metrics.extend(code),
            Effect::Entity(key, id) => {
                ctx.entities.insert(key, id);
            }
            Effect::Source { key, id, changed } => {
                ctx.sources.insert(key, id);
                ctx.texts.remove(&id);
                if changed {
                    self.changed.push(id);
                }
            }
        }
    }

    /// Loads the dataset files found in `dir`, in dependency order (see [`Kind::ALL`]), then
    /// (with `extract`) extracts from the sources it inserted or changed.
    ///
    /// Fails when `dir` is not a folder or holds none of the dataset files.
    pub fn dataset(&mut self, dir: &Path, extract: bool) -> anyhow::Result<()> {
        if !dir.is_dir() {
            anyhow::bail!("{} is not a folder", dir.display());
        }
        let files: Vec<(Kind, PathBuf)> = Kind::ALL
            .iter()
            .map(|&k| (k, dir.join(k.file_name())))
            .filter(|(_, p)| p.is_file())
            .collect();
        if files.is_empty() {
            let names: Vec<String> = Kind::ALL.iter().map(|k| k.file_name()).collect();
            anyhow::bail!(
                "{} holds no dataset file (looked for {})",
                dir.display(),
                names.join(", ")
            );
        }
        for (kind, path) in files {
            self.file(kind, &path)?;
        }
        let mut sources = std::mem::take(&mut self.changed);
        sources.sort();
        sources.dedup();
        if extract && !sources.is_empty() {
            let counts = extraction::run(&self.tx, &self.command, &sources, self.progress)?;
            self.extracted = Some((sources.len(), counts));
        }
        Ok(())
    }

    /// Ends the load: commits, or with `dry_run` rolls everything back. Returns what it changed
    /// (or would have changed).
    pub fn finish(self, dry_run: bool) -> anyhow::Result<Summary> {
        if dry_run {
            self.tx.rollback()?;
        } else {
            store::fts::index_deferred(&self.tx)?;
            crate::db::refresh_statistics(&self.tx)?;
            self.tx.commit()?;
        }
        Ok(Summary {
            files: self.reports,
            extracted: self.extracted,
        })
    }
}

/// The rows a file has stored so far, to tell a row that repeats an earlier one of the same file.
///
/// Memory stays small however long the file: a row this file inserted has an id above the table's
/// highest id when the file began (SQLite gives a new row the highest id plus one), so only the
/// older rows the file found again are remembered, one bit each.
struct Seen {
    /// The table's highest id before the file.
    older: i64,
    /// Bit `id` is set when the file stored row `id` (at most `older`).
    found: Vec<u64>,
}

impl Seen {
    fn new(older: i64) -> Self {
        Seen {
            older,
            found: Vec::new(),
        }
    }

    /// Whether `outcome` stored a row this file had stored already.
    fn repeats(&self, outcome: Outcome) -> bool {
        match outcome {
            Outcome::Inserted(_) => false,
            Outcome::Updated(id) | Outcome::Unchanged(id) => {
                id > self.older || {
                    let (word, mask) = bit(id);
                    self.found.get(word).is_some_and(|w| w & mask != 0)
                }
            }
        }
    }

    /// Remembers the row `outcome` stored.
    fn insert(&mut self, outcome: Outcome) {
        if let Outcome::Updated(id) | Outcome::Unchanged(id) = outcome {
            if (0..=self.older).contains(&id) {
                let (word, mask) = bit(id);
                if self.found.len() <= word {
                    self.found.resize(word + 1, 0);
                }
                self.found[word] |= mask;
            }
        }
    }
}

/// Where row `id` (not negative) has its bit in [`Seen::found`]: the word, and the bit's mask.
fn bit(id: i64) -> (usize, u64) {
    ((id / 64) as usize, 1 << (id % 64))
}

/// Whether a database error is about the row being stored (a constraint it breaks), not about
/// the database (full, locked, failing), which no other row would escape.
fn is_about_the_row(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
}

/// What makes two rows of `kind` the same row, for messages.
fn natural_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Lexicon => "language, kind and term",
        Kind::Entities | Kind::Sources => "key",
        Kind::Aliases => "entity and alias",
        Kind::Mentions => "source, span, origin and entity",
        Kind::Statements => "source, span and origin",
        Kind::Figures => "source, span, origin and metric",
    }
}
