//! The one writer: a [`Writer`] holds the connection for the whole of a command that writes, in
//! one IMMEDIATE transaction (a second writer waits for the first). `load`, `load dataset` and
//! `extract` are thin calls on it: begin, load files or a dataset folder, extract from sources,
//! finish (full-text indexing of the new rows, planner statistics, then commit, or roll back for
//! a dry run).
//!
//! Loading a file: [`CsvInput`] streams rows → the file's table module ([`Table::parse`]) checks
//! each one and resolves its keys through the [`Known`] keys of the store → [`table::write`]
//! upserts it. Any problem in any row rolls all of it back; problems are collected (up to
//! [`MAX_PROBLEMS`]) so that one run shows what to fix, each as `file:line:column: field:
//! reason`. Every file loaded, and every extraction run, gets a row in `loads`.
//!
//! A row comes once in a command: a second time in the same file is refused ([`Seen`]), and so is
//! a row of a later file of the same table that gives a row of an earlier file other values
//! (the last would silently win), naming both places; the same row again, with the same values,
//! changes nothing and is accepted. Only the files that have a later file of their table remember
//! where their rows were ([`Writer::files`]), so a single big file costs no more memory.
//!
//! With [`OnError::Skip`] a row with a problem is set aside instead ([`Rejected`], with the reason
//! the error would give) and the others load, still in one transaction. Each row then runs inside
//! a SAVEPOINT, rolled back when the row turns out bad (even after it was stored: a second row
//! with the natural key of an earlier one), so that a rejected row leaves no trace; what the load
//! knows changes only once a row is accepted ([`Table::remember`]). Problems with a file as a
//! whole (it cannot be read, its header, its encoding) fail the load in either mode.
//!
//! Built-in knowledge: a write that finds the store without this binary's knowledge, or with an
//! older version of it, first installs it ([`store::builtin`]): the embedded files are parsed by
//! the tables' own parsers and written as built-in rows, never over a curated one.
//!
//! Decisions: a decisions file, once loaded, is applied ([`store::decisions::apply`]); at the
//! end of every write, discovered entities that a curated or built-in name now covers are merged
//! into it.
//!
//! Extracting: each name the extractor discovered becomes an entity of origin `extracted` (the
//! one of the same match key if there is one, across sources), and the rows that point at it get
//! its id. For each source, its extracted mentions, statements and figures are brought to
//! exactly what the extractor finds now. Rows found again are left as they are (same ids), new
//! ones inserted, ones no longer found deleted; curated rows are never touched. While a file is
//! read, and while sources are extracted from, a bar on stderr shows how far it got, when the
//! command's [`Progress`] says bars are shown.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

mod stream_rows;

use crate::csvin::{CsvInput, Fields, Problem};
use crate::extract::{names, Extraction, Extractor};
use crate::model::{EntityId, LoadId, Provenance, SourceId};
use crate::parallel;
use crate::progress::Progress;
use crate::store::figures::Figures;
use crate::store::mentions::Mentions;
use crate::store::statements::Statements;
use crate::store::table::{self, Mode};
use crate::store::{self, loads::Counts, spans, Context, Kind, Known, Outcome, RowError, Table};

/// How many problems a load reports before it stops reading.
pub const MAX_PROBLEMS: usize = 50;

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

/// A load refused because of problems in its input; nothing was written.
#[derive(Debug)]
pub struct LoadFailed {
    pub problems: Vec<Problem>,
    /// Whether reading stopped at [`MAX_PROBLEMS`].
    pub stopped: bool,
}

impl LoadFailed {
    fn one(problem: Problem) -> Self {
        LoadFailed {
            problems: vec![problem],
            stopped: false,
        }
    }
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

/// What a write command did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub files: Vec<FileReport>,
    /// How many sources were extracted from, and the rows it wrote.
    pub extracted: Option<(usize, Counts)>,
    /// The built-in knowledge installed by this write: its version and the rows it wrote.
    pub builtin: Option<(i64, Counts)>,
}

impl Summary {
    /// "installed built-in knowledge version 1: 7,900 rows inserted, 0 updated, 0 unchanged, 0
    /// deleted", when the write installed it.
    pub fn builtin_line(&self) -> Option<String> {
        let (version, c) = self.builtin?;
        Some(format!(
            "installed built-in knowledge version {version}: {} rows inserted, {} updated, {} unchanged, {} deleted",
            c.inserted, c.updated, c.unchanged, c.deleted
        ))
    }

    /// "extracted from 5 sources: 412 rows inserted, 0 updated, 0 unchanged, 0 deleted", when
    /// the write extracted.
    pub fn extraction_line(&self) -> Option<String> {
        let (n, counts) = self.extracted?;
        Some(format!(
            "extracted from {n} source{}: {} rows inserted, {} updated, {} unchanged, {} deleted",
            if n == 1 { "" } else { "s" },
            counts.inserted,
            counts.updated,
            counts.unchanged,
            counts.deleted
        ))
    }
}

/// A write transaction over one command; see the module documentation.
pub struct Writer<'c> {
    tx: Transaction<'c>,
    known: Known,
    command: String,
    reports: Vec<FileReport>,
    extracted: Option<(usize, Counts)>,
    builtin: Option<(i64, Counts)>,
    /// Whether to show progress bars while files are read and sources extracted from.
    progress: Progress,
    on_error: OnError,
    /// Per table, the rows that files with a later file of the same table stored: row id → the
    /// file (its index in `reports`) and line it came from.
    earlier: HashMap<&'static str, HashMap<i64, (usize, u64)>>,
    /// How many threads extract ([`Writer::set_jobs`]).
    jobs: usize,
}

impl<'c> Writer<'c> {
    /// Starts a write: takes the write lock (waiting for another writer to finish), brings the
    /// schema up to date within the transaction (an upgrade commits with the write, or not at
    /// all: see [`crate::db::migrate`]) and reads the keys rows will be resolved by. `db` names
    /// the database in messages; `command` is what `loads` records; `on_error` says what a row
    /// with a problem does.
    pub fn begin(
        conn: &'c mut Connection,
        db: &Path,
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
        crate::db::migrate(&tx, &db.display().to_string())?;
        store::fts::defer(&tx)?;
        let known = Known::read(&tx)?;
        let mut writer = Writer {
            tx,
            known,
            command: command.to_string(),
            reports: Vec::new(),
            extracted: None,
            builtin: None,
            progress,
            on_error,
            earlier: HashMap::new(),
            jobs: parallel::available_jobs(),
        };
        if store::builtin::outdated(&writer.tx)? {
            writer.install_builtin()?;
        }
        Ok(writer)
    }

    /// Installs this binary's built-in knowledge ([`store::builtin`]): its files written as
    /// built-in rows (curated rows of the same keys left alone), then the built-in rows of an
    /// older version that this one no longer has deleted.
    fn install_builtin(&mut self) -> anyhow::Result<()> {
        use store::{aliases::Aliases, builtin, entities::Entities, lexicon::Lexicon};
        let lexicon = builtin::lexicon_csv();
        let mut counts = Counts::default();
        let kept = [
            self.builtin_file::<Lexicon>(Kind::Lexicon, &lexicon, &mut counts)?,
            self.builtin_file::<Entities>(Kind::Entities, builtin::ENTITIES, &mut counts)?,
            self.builtin_file::<Aliases>(Kind::Aliases, builtin::ALIASES, &mut counts)?,
        ];
        for (table, kept) in ["aliases", "lexicon", "entities"]
            .into_iter()
            .zip([&kept[2], &kept[0], &kept[1]])
        {
            counts.deleted += builtin::delete_stale(&self.tx, table, kept)?;
        }
        builtin::record(&self.tx)?;
        self.known = Known::read(&self.tx)?;
        self.builtin = Some((builtin::VERSION, counts));
        Ok(())
    }

    /// Writes the built-in rows of table `T` from `text` (a file of the knowledge); returns the
    /// ids of the rows it holds. A row that does not load is a fault of this binary.
    fn builtin_file<T: Table>(
        &mut self,
        kind: Kind,
        text: &str,
        counts: &mut Counts,
    ) -> anyhow::Result<HashSet<i64>> {
        let path = format!("(built in)/{}", kind.file_name());
        let bytes = text.as_bytes().to_vec();
        let mut input = CsvInput::from_reader(
            path.clone(),
            Box::new(std::io::Cursor::new(bytes)),
            &T::generated().spec,
        )
        .map_err(LoadFailed::one)?;
        let load = store::loads::begin(&self.tx, &self.command, kind.name(), &path)?;
        let mut file_counts = Counts::default();
        let mut ids = HashSet::new();
        while let Some(row) = input.next_row().map_err(LoadFailed::one)? {
            let mut ctx = Context {
                conn: &self.tx,
                known: &mut self.known,
                base: Path::new("."),
            };
            let mut parsed = T::parse(&row, &mut ctx).map_err(|e| {
                anyhow::anyhow!("{path}:{}: a built-in row does not load: {e:?}", row.line)
            })?;
            T::set_provenance(&mut parsed, Provenance::Builtin);
            let outcome = table::write::<T>(&self.tx, Mode::Builtin, &parsed, load)?;
            file_counts.add(outcome);
            ids.insert(outcome.id());
            T::remember(parsed, outcome, &mut self.known);
        }
        let sha256 = input.finish().map_err(LoadFailed::one)?;
        store::loads::finish(&self.tx, load, Some(sha256.as_str()), file_counts)?;
        counts.inserted += file_counts.inserted;
        counts.updated += file_counts.updated;
        counts.unchanged += file_counts.unchanged;
        Ok(ids)
    }

    /// Sets how many threads extract (at least 1; by default every core). The rows written, their
    /// ids and their order are the same whatever the number: the one writer stores each source's
    /// rows in source order.
    pub fn set_jobs(&mut self, jobs: usize) {
        self.jobs = jobs.max(1);
    }

    /// The connection, inside the transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// What each file loaded so far changed.
    pub fn reports(&self) -> &[FileReport] {
        &self.reports
    }

    /// Loads files of `kind`, in order. File paths inside them (the texts of sources) are relative
    /// to each file's folder, or to the current directory for stdin (`-`). A row of a later file
    /// that gives a row of an earlier one other values is a problem of that row (see the module
    /// documentation).
    ///
    /// Fails with [`LoadFailed`] when a file cannot be read, or when any row has a problem and
    /// bad rows are not skipped; the caller must then drop the writer.
    pub fn files<P: AsRef<Path>>(&mut self, kind: Kind, paths: &[P]) -> anyhow::Result<()> {
        use store::{aliases::Aliases, entities::Entities, lexicon::Lexicon, sources::Sources};
        for (i, path) in paths.iter().enumerate() {
            let (path, remember) = (path.as_ref(), i + 1 < paths.len());
            match kind {
                Kind::Lexicon => self.file_of::<Lexicon>(kind, path, remember),
                Kind::Entities => self.file_of::<Entities>(kind, path, remember),
                Kind::Aliases => self.file_of::<Aliases>(kind, path, remember),
                Kind::Decisions => {
                    self.file_of::<store::decisions::Decisions>(kind, path, remember)?;
                    let load =
                        store::loads::begin(&self.tx, &self.command, kind.name(), "(applied)")?;
                    let applied = store::decisions::apply(&self.tx, load, &mut self.known)?;
                    store::loads::finish(&self.tx, load, None, applied)?;
                    Ok(())
                }
                Kind::Sources => self.file_of::<Sources>(kind, path, remember),
                Kind::Mentions => self.file_of::<Mentions>(kind, path, remember),
                Kind::Statements => self.file_of::<Statements>(kind, path, remember),
                Kind::Figures => self.file_of::<Figures>(kind, path, remember),
            }?;
        }
        Ok(())
    }

    /// Loads one file of the table `T` of `kind` (see [`Writer::files`]); with `remember`, where
    /// each row stored came from, for the files after it.
    fn file_of<T: Table>(&mut self, kind: Kind, path: &Path, remember: bool) -> anyhow::Result<()> {
        let mut input = CsvInput::open(path, &T::generated().spec).map_err(LoadFailed::one)?;
        let base: PathBuf = match path.parent() {
            Some(dir) if path != Path::new("-") => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let load = store::loads::begin(&self.tx, &self.command, kind.name(), input.path())?;
        let mut file = FileLoad {
            load,
            base,
            path: input.path().to_string(),
            counts: Counts::default(),
            problems: Vec::new(),
            rejected: Vec::new(),
            seen: Seen::new(store::max_id(&self.tx, T::NAME)?),
            index: self.reports.len(),
            remember,
        };
        let skip = self.on_error == OnError::Skip;
        let mut bar = self.progress.file(path);
        loop {
            let (line, fault, fields) = match input.next_row() {
                Ok(None) => break,
                Ok(Some(row)) => {
                    let fault = self.row::<T>(&row, &mut file)?;
                    let fields = if skip && fault.is_some() {
                        row.fields()
                    } else {
                        Vec::new()
                    };
                    (row.line, fault, fields)
                }
                Err(problem) => {
                    // The file cannot be read on: a problem with the file, whatever the mode.
                    file.problems.push(problem);
                    break;
                }
            };
            if let Some(fault) = fault {
                file.place(&input, line, fault, skip.then_some(fields));
            }
            bar.row(|| input.byte_offset());
            if file.problems.len() >= MAX_PROBLEMS {
                return Err(LoadFailed {
                    problems: file.problems,
                    stopped: true,
                }
                .into());
            }
        }
        if !file.problems.is_empty() {
            return Err(LoadFailed {
                problems: file.problems,
                stopped: false,
            }
            .into());
        }
        file.counts.rejected = file.rejected.len() as i64;
        let header = input.headers().iter().map(str::to_string).collect();
        let sha256 = input.finish().map_err(LoadFailed::one)?;
        store::loads::finish(&self.tx, load, Some(sha256.as_str()), file.counts)?;
        self.reports.push(FileReport {
            kind,
            path: path.display().to_string(),
            counts: file.counts,
            header,
            rejected: file.rejected,
        });
        Ok(())
    }

    /// Checks and stores one row of table `T` (in a savepoint when bad rows are skipped). Returns
    /// what is wrong with it, if anything: a problem for the file to place.
    fn row<T: Table>(
        &mut self,
        row: &Fields,
        file: &mut FileLoad,
    ) -> anyhow::Result<Option<RowFault>> {
        let skip = self.on_error == OnError::Skip;
        if skip {
            self.tx.prepare_cached("SAVEPOINT load_row")?.execute([])?;
        }
        let stored = match row.ragged() {
            Some(message) => Err(RowError::Row(message)),
            None => self.store::<T>(row, &file.base, file.load),
        };
        let stored = stored.and_then(
            |(parsed, outcome)| match self.repeated::<T>(file, outcome) {
                Some(message) => Err(RowError::Row(message)),
                None => Ok((parsed, outcome)),
            },
        );
        let fault = match stored {
            Ok((parsed, outcome)) => {
                if skip {
                    self.tx.prepare_cached("RELEASE load_row")?.execute([])?;
                }
                if file.remember {
                    let places = self.earlier.entry(T::NAME).or_default();
                    places.insert(outcome.id(), (file.index, row.line));
                }
                file.seen.insert(outcome);
                file.counts.add(outcome);
                T::remember(parsed, outcome, &mut self.known);
                return Ok(None);
            }
            Err(RowError::Row(message)) => Some(RowFault::Message(message)),
            Err(RowError::Field(error)) => Some(RowFault::Field(error)),
            Err(RowError::Db(error)) if skip && !is_about_the_row(&error) => {
                return Err(anyhow::Error::new(error)
                    .context(format!("{}:{}: cannot store this row", file.path, row.line)));
            }
            Err(RowError::Db(error)) => {
                Some(RowFault::Message(format!("cannot store this row: {error}")))
            }
        };
        if skip {
            self.tx
                .execute_batch("ROLLBACK TO load_row; RELEASE load_row")?;
        }
        Ok(fault)
    }

    /// What is wrong with a row of table `T` that stored `outcome` in `file`, when it comes a
    /// second time in the command: again in its file, or in a later file with other values than
    /// an earlier file gave it.
    fn repeated<T: Table>(&self, file: &FileLoad, outcome: Outcome) -> Option<String> {
        if file.seen.repeats(outcome) {
            return Some(format!(
                "repeats an earlier row of this file (same {})",
                T::KEY_WORDS
            ));
        }
        let Outcome::Updated(id) = outcome else {
            return None;
        };
        let &(earlier, line) = self.earlier.get(T::NAME)?.get(&id)?;
        Some(format!(
            "repeats {}:{line} (same {}) with other values: keep one of them",
            self.reports[earlier].path,
            T::KEY_WORDS
        ))
    }

    /// Parses one row of table `T` and writes it.
    fn store<T: Table>(
        &mut self,
        row: &Fields,
        base: &Path,
        load: LoadId,
    ) -> Result<(T::Row, Outcome), RowError> {
        let mut ctx = Context {
            conn: &self.tx,
            known: &mut self.known,
            base,
        };
        let parsed = T::parse(row, &mut ctx)?;
        let outcome = table::write::<T>(&self.tx, Mode::Upsert, &parsed, load)?;
        Ok((parsed, outcome))
    }

    /// Loads the dataset files found in `dir`, in dependency order (see [`Kind::ALL`]), then
    /// (with `extract`) extracts from the sources it inserted or changed.
    ///
    /// Fails when `dir` is not a folder or holds none of the dataset files.
    pub fn dataset(&mut self, dir: &Path, extract: bool) -> anyhow::Result<()> {
        if !dir.is_dir() {
            anyhow::bail!("{} is not a folder", dir.display());
        }
        let files = dataset_files(dir)?;
        if files.is_empty() {
            let names: Vec<String> = Kind::ALL.iter().map(|k| k.file_name()).collect();
            anyhow::bail!(
                "{} holds no dataset file (looked for {})",
                dir.display(),
                names.join(", ")
            );
        }
        for (kind, path) in files {
            self.files(kind, &[path])?;
        }
        let mut sources = std::mem::take(&mut self.known.changed);
        sources.sort();
        sources.dedup();
        if extract && !sources.is_empty() {
            self.extract(&sources)?;
        }
        Ok(())
    }

    /// Extracts from `sources` and stores the result under a new `loads` row of kind extraction;
    /// the counts of rows inserted, updated, unchanged and deleted are in the [`Summary`].
    pub fn extract(&mut self, sources: &[SourceId]) -> anyhow::Result<()> {
        let extractor = Extractor::new(&store::knowledge(&self.tx)?);
        let load = store::loads::begin_extraction(&self.tx, &self.command)?;
        let mut counts = Counts::default();
        let mut discovered = HashMap::new();
        let bar = self.progress.sources(sources.len() as u64);
        let tx = &self.tx;
        // Texts are read and rows written on this thread (the connection's); the extractor runs
        // on `jobs` threads, its results handed back in source order.
        let texts = sources.iter().map(|&source| {
            let (body, language) = store::sources::text_and_language(tx, source)?;
            Ok((source, body, language))
        });
        let extract = |(source, body, language): (SourceId, String, String)| {
            (source, extractor.extract(source, &body, &language))
        };
        parallel::ordered(self.jobs, texts, extract, |(source, mut found)| {
            let ids = discover(tx, &found.names, load, &mut discovered, &mut counts)?;
            give_ids(&mut found, &ids);
            write_extraction(tx, source, &found, load, &mut counts)?;
            // One update per source: a source takes far longer to extract than the update.
            bar.inc(1);
            Ok(())
        })?;
        counts.deleted += store::entities::delete_unmentioned(&self.tx)? as i64;
        store::loads::finish(&self.tx, load, None, counts)?;
        self.extracted = Some((sources.len(), counts));
        Ok(())
    }

    /// Ends the write: indexes the new rows for full-text search, refreshes the planner's
    /// statistics and commits; or with `dry_run` rolls everything back. Returns what it changed
    /// (or would have changed).
    pub fn finish(self, dry_run: bool) -> anyhow::Result<Summary> {
        store::entities::merge_covered(&self.tx)?;
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
            builtin: self.builtin,
        })
    }
}

/// The files of dataset folder `dir`, in load order. Fails with [`LoadFailed`] when a member's
/// name is taken by something that is no regular file (a folder, a link to nothing, a loop of
/// links, a named pipe): skipping it would lose its rows without a word.
fn dataset_files(dir: &Path) -> Result<Vec<(Kind, PathBuf)>, LoadFailed> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for kind in Kind::ALL {
        let path = dir.join(kind.file_name());
        match crate::utf8::is_regular_file(&path) {
            Ok(true) => files.push((kind, path)),
            Ok(false) => {}
            Err(message) => problems.push(Problem {
                path: path.display().to_string(),
                line: 0,
                column: None,
                field: None,
                message,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(LoadFailed {
            problems,
            stopped: false,
        });
    }
    Ok(files)
}

/// What one file of a load has done so far.
struct FileLoad {
    load: LoadId,
    /// The folder file names in its rows are relative to.
    base: PathBuf,
    /// The file's name in messages.
    path: String,
    counts: Counts,
    problems: Vec<Problem>,
    rejected: Vec<Rejected>,
    seen: Seen,
    /// The file's index among the files of the command.
    index: usize,
    /// Whether to remember where each stored row came from (a later file of the table follows).
    remember: bool,
}

impl FileLoad {
    /// Places what is wrong with the row at `line` of `input`: a problem that fails the load, or,
    /// when bad rows are skipped (`fields` given: the row as read), a rejected row.
    fn place(&mut self, input: &CsvInput, line: u64, fault: RowFault, fields: Option<Vec<String>>) {
        let problem = match fault {
            RowFault::Field(error) => input.problem(line, error),
            RowFault::Message(message) => input.row_problem(line, message),
        };
        match fields {
            Some(fields) => self.rejected.push(Rejected {
                line,
                reason: problem.reason(),
                fields,
            }),
            None => self.problems.push(problem),
        }
    }
}

/// What is wrong with one row, before it is placed in its file.
enum RowFault {
    Field(crate::csvin::FieldError),
    Message(String),
}

/// The entity of each discovered name of one extraction, in order: the built-in or curated
/// entity of its match key, else the discovered entity of it (from `cache`, else the store), else a new one of origin `extracted`, with the
/// rule that found the name and its confidence.
fn discover(
    conn: &Connection,
    found: &[names::Name],
    load: LoadId,
    cache: &mut HashMap<String, EntityId>,
    counts: &mut Counts,
) -> rusqlite::Result<Vec<EntityId>> {
    use store::entities::{self, Entities, Entity};
    let mut ids = Vec::with_capacity(found.len());
    for name in found {
        if let Some(&id) = cache.get(&name.match_key) {
            ids.push(id);
            continue;
        }
        let known = match entities::covering(conn, &name.match_key)? {
            Some(id) => Some(id),
            None => {
                let found = entities::discovered(conn, &name.match_key)?;
                if found.is_some() {
                    // found again, and left as it is, like the rows found again
                    counts.unchanged += 1;
                }
                found
            }
        };
        let id = match known {
            Some(id) => id,
            None => {
                let entity = Entity {
                    key: entities::free_key(conn, &name.name)?,
                    kind: name.kind,
                    name: name.name.clone(),
                    match_key: name.match_key.clone(),
                    description: None,
                    wikidata: None,
                    origin: Provenance::Extracted,
                    confidence: Some(name.rule.confidence()),
                    rule: Some(name.rule),
                };
                let outcome = table::write::<Entities>(conn, Mode::Insert, &entity, load)?;
                counts.add(outcome);
                EntityId(outcome.id())
            }
        };
        cache.insert(name.match_key.clone(), id);
        ids.push(id);
    }
    Ok(ids)
}

/// Replaces the provisional ids of discovered names in the rows of `found` by their entities,
/// then drops a mention that repeats an earlier one of the same entity and span (a discovered
/// name that turned out to be a known entity, found by the dictionary too).
fn give_ids(found: &mut Extraction, ids: &[EntityId]) {
    let real = |id: &mut EntityId| {
        if let Some(i) = names::index_of(*id) {
            *id = ids[i];
        }
    };
    for m in &mut found.mentions {
        real(&mut m.entity);
    }
    for s in &mut found.statements {
        s.speaker.as_mut().map(real);
    }
    for f in &mut found.figures {
        for id in [&mut f.subject, &mut f.claimed_by, &mut f.place] {
            id.as_mut().map(real);
        }
    }
    let mut seen = HashSet::new();
    found
        .mentions
        .retain(|m| seen.insert((m.entity, m.span.char_start, m.span.char_end)));
}

/// Stores `found` as the extracted rows of `source`.
fn write_extraction(
    conn: &Connection,
    source: SourceId,
    found: &Extraction,
    load: LoadId,
    counts: &mut Counts,
) -> rusqlite::Result<()> {
    let existing: Vec<Vec<i64>> = spans::TABLES
        .iter()
        .map(|(table, _)| spans::extracted_ids(conn, table, source))
        .collect::<Result<_, _>>()?;
    // a source extracted for the first time needs no look-ups, and has no rows to delete
    let fresh = existing.iter().all(Vec::is_empty);
    let mode = if fresh { Mode::Insert } else { Mode::Upsert };
    let kept = [
        write_all::<Mentions>(conn, mode, &found.mentions, load, counts)?,
        write_all::<Statements>(conn, mode, &found.statements, load, counts)?,
        write_all::<Figures>(conn, mode, &found.figures, load, counts)?,
    ];
    if fresh {
        return Ok(());
    }
    for ((table, _), kept) in spans::TABLES.iter().zip(kept) {
        for id in spans::extracted_ids(conn, table, source)? {
            if !kept.contains(&id) {
                spans::delete(conn, table, id)?;
                counts.deleted += 1;
            }
        }
    }
    Ok(())
}

/// Writes `rows` into table `T`; returns the ids of the rows written.
fn write_all<T: Table>(
    conn: &Connection,
    mode: Mode,
    rows: &[T::Row],
    load: LoadId,
    counts: &mut Counts,
) -> rusqlite::Result<HashSet<i64>> {
    let mut ids = HashSet::with_capacity(rows.len());
    for row in rows {
        let outcome = table::write::<T>(conn, mode, row, load)?;
        counts.add(outcome);
        ids.insert(outcome.id());
    }
    Ok(ids)
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
