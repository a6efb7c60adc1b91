//! What the fuzz targets share: a database with the seeds loaded once per process, the loader
//! harness (one CSV kind per target) and the extractor harness. See fuzz/README.md.
//!
//! Oracles, besides "never panics":
//! - loaders: every input is loaded twice, with `--on-error fail` and with `--on-error skip`. A
//!   load either succeeds or fails with a [`LoadFailed`] holding at least one problem (any other
//!   error is a finding). After a failed load the database is unchanged (row counts of every table
//!   and the highest id of each factstore table). After a successful load every span the load
//!   wrote or moved reads its own surface/text/evidence in its source
//!   (chars[char_start..char_end]), every source it wrote has the SHA-256 of its body,
//!   `PRAGMA foreign_key_check` is empty, the file's `loads` row holds its counts, its table grew
//!   by the rows inserted and names the load on exactly the rows inserted or updated, and no other
//!   loader table changed (so a rejected row left no trace). The modes agree: a file that loads
//!   with `fail` loads alike with `skip`, rejecting nothing; a file that `fail` refuses is refused
//!   by `skip` too or has rows rejected;
//! - extractor: every span lies inside the text, `char_start < char_end`, and the text's
//!   chars[char_start..char_end] is the mention surface / statement text / figure evidence; no
//!   span cuts a letter from a combining mark after it (the loaders would refuse it); every row
//!   has a rule and a confidence within 0..=1; figures satisfy the `figures` table's CHECKs.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use factstore::extract::{Extraction, Extractor};
use factstore::model::{Qualifier, SourceId, Span, Vocabulary};
use factstore::progress::Progress;
use factstore::store::loads::Counts;
use factstore::store::Kind;
use factstore::text::SourceText;
use factstore::writer::{LoadFailed, OnError, Writer};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// The seed dataset of the repository.
pub const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds");

/// Set to 1 to carry on past loads that fail with an error other than [`LoadFailed`] (printed
/// once per distinct message instead), e.g. to keep fuzzing while a known bug awaits a fix.
const ALLOW_OTHER_ERRORS: &str = "FACTSTORE_FUZZ_ALLOW_OTHER_ERRORS";

fn quiet() -> Progress {
    Progress::new(true, false)
}

/// Where the in-memory databases are said to be, in messages.
const NOWHERE: &str = "/nonexistent-factstore-fuzz/none.db";

/// A configured in-memory database (foreign keys on, `fold()` defined): what
/// `db::open_for_writing` gives a dry run on a database that does not exist. Its schema comes
/// with the first write ([`Writer::begin`] migrates it).
pub fn empty_db() -> Connection {
    let nowhere = Path::new(NOWHERE);
    assert!(!nowhere.exists());
    factstore::db::open_for_writing(nowhere, true).expect("an in-memory database")
}

/// An in-memory database with the seed dataset loaded, extracted from when `extract`.
pub fn seeded(extract: bool) -> Connection {
    let mut conn = empty_db();
    let mut load = Writer::begin(
        &mut conn,
        Path::new(NOWHERE),
        "fuzz: load dataset seeds",
        quiet(),
        OnError::Fail,
    )
    .expect("begin");
    load.dataset(Path::new(SEEDS), extract)
        .unwrap_or_else(|e| panic!("the seeds do not load: {e:#}"));
    load.finish(false).expect("commit the seeds");
    conn
}

/// One query giving the row count of every table (FTS shadow tables included) and the highest id
/// of each table that has an `id` column.
fn fingerprint_sql(conn: &Connection) -> String {
    let tables: Vec<(String, bool)> = conn
        .prepare(
            "SELECT name, EXISTS (SELECT 1 FROM pragma_table_info(name) WHERE name = 'id')
             FROM sqlite_schema
             WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let columns: Vec<String> = tables
        .iter()
        .flat_map(|(table, has_id)| {
            let count = format!("(SELECT count(*) FROM \"{table}\")");
            let max = has_id.then(|| format!("(SELECT coalesce(max(id), 0) FROM \"{table}\")"));
            std::iter::once(count).chain(max)
        })
        .collect();
    format!("SELECT {}", columns.join(", "))
}

fn fingerprint(conn: &Connection, sql: &str) -> Vec<i64> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_row([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
}

/// What one attempt to load a file did.
enum Attempt {
    Loaded(Loaded),
    /// Refused with a [`LoadFailed`].
    Failed,
    /// Another error, allowed by `FACTSTORE_FUZZ_ALLOW_OTHER_ERRORS`.
    Error,
}

struct Loaded {
    counts: Counts,
    /// The lines of the rows set aside.
    rejected: Vec<u64>,
    /// Sources extracted from, rows inserted, updated, unchanged, deleted.
    extracted: Option<(usize, i64, i64, i64, i64)>,
}

/// The loader harness of one process.
struct Loader {
    /// The seeded database, never written after setup.
    template: Connection,
    /// The database each input is loaded into; restored from `template` after a successful load.
    work: Connection,
    fingerprint: String,
    before: Vec<i64>,
    /// The highest `loads.id` of the seeds: rows with a higher load id were written by the input.
    base_load: i64,
    /// The row count of each loader's table in the seeds.
    counts: Vec<(String, i64)>,
    /// This process's folder for the input file (and, for sources, the texts it names).
    dir: PathBuf,
    /// Messages already printed (rows the database refused, other errors when allowed).
    noted: HashSet<String>,
    allow_other_errors: bool,
    /// `FACTSTORE_FUZZ_VERBOSE=1`: print what each load did (to see what seeds reach).
    verbose: bool,
}

thread_local! {
    static LOADER: RefCell<Option<Loader>> = const { RefCell::new(None) };
}

/// Loads `data` as a file of `kind` into the seeded database, then checks the oracles.
///
/// For [`Kind::Sources`], the input up to its first NUL byte is the CSV, and what follows it (or
/// nothing) is written to `fuzz.txt` beside it; `texts/` beside it holds the seeds' texts. The
/// CSV is loaded as `load dataset` would (a folder holding only sources.csv), so the sources it
/// adds or changes are also extracted from and the extraction written.
pub fn load(kind: Kind, data: &[u8]) {
    LOADER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let loader = cell.get_or_insert_with(|| Loader::new(kind));
        loader.run(kind, data);
    });
}

impl Loader {
    fn new(kind: Kind) -> Self {
        let template = seeded(true);
        let mut work = empty_db();
        work.set_prepared_statement_cache_capacity(64);
        restore(&template, &mut work);
        let fingerprint = fingerprint_sql(&work);
        let before = self::fingerprint(&work, &fingerprint);
        let base_load = work
            .query_row("SELECT max(id) FROM loads", [], |r| r.get(0))
            .unwrap();
        let counts = Kind::ALL
            .iter()
            .map(|k| {
                let table = k.name().to_string();
                let n = work
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                    .unwrap();
                (table, n)
            })
            .collect();
        let dir = process_dir(kind.name());
        if kind == Kind::Sources {
            std::os::unix::fs::symlink(Path::new(SEEDS).join("texts"), dir.join("texts"))
                .expect("link the seeds' texts");
        }
        Loader {
            template,
            work,
            fingerprint,
            before,
            base_load,
            counts,
            dir,
            noted: HashSet::new(),
            allow_other_errors: std::env::var(ALLOW_OTHER_ERRORS).is_ok_and(|v| v == "1"),
            verbose: std::env::var("FACTSTORE_FUZZ_VERBOSE").is_ok_and(|v| v == "1"),
        }
    }

    fn run(&mut self, kind: Kind, data: &[u8]) {
        let (csv, text) = match kind {
            Kind::Sources => match data.iter().position(|&b| b == 0) {
                Some(nul) => (&data[..nul], &data[nul + 1..]),
                None => (data, &[][..]),
            },
            _ => (data, &[][..]),
        };
        let path = self.dir.join(kind.file_name());
        std::fs::write(&path, csv).expect("write the input file");
        if kind == Kind::Sources {
            std::fs::write(self.dir.join("fuzz.txt"), text).expect("write fuzz.txt");
        }
        let fail = self.attempt(kind, &path, OnError::Fail);
        let skip = self.attempt(kind, &path, OnError::Skip);
        // The two modes agree on clean files, and on files that cannot be read at all.
        match (&fail, &skip) {
            (Attempt::Loaded(f), Attempt::Loaded(s)) => {
                assert!(
                    s.rejected.is_empty(),
                    "--on-error fail loaded every row, --on-error skip rejected lines {:?}",
                    s.rejected
                );
                assert_eq!(
                    (f.counts, f.extracted),
                    (s.counts, s.extracted),
                    "a clean file loads alike with --on-error fail and skip"
                );
            }
            (Attempt::Loaded(_), Attempt::Failed) => {
                panic!("--on-error fail loaded the file, --on-error skip failed")
            }
            (Attempt::Failed, Attempt::Loaded(s)) => assert!(
                !s.rejected.is_empty(),
                "--on-error fail failed, --on-error skip loaded every row"
            ),
            (Attempt::Failed, Attempt::Failed) => {}
            (Attempt::Error, _) | (_, Attempt::Error) => {}
        }
    }

    /// Loads the file at `path` in mode `on_error`, checks the oracles and leaves the database as
    /// the seeds were.
    fn attempt(&mut self, kind: Kind, path: &Path, on_error: OnError) -> Attempt {
        let mut load = Writer::begin(&mut self.work, Path::new(NOWHERE), "fuzz", quiet(), on_error)
            .expect("begin a load");
        let result = match kind {
            Kind::Sources => load.dataset(&self.dir, true),
            _ => load.files(kind, &[path]),
        };
        match result {
            Ok(()) => {
                let summary = load.finish(false).expect("commit a successful load");
                if self.verbose {
                    eprintln!(
                        "{on_error:?}: loaded {:?}, extracted {:?}",
                        summary.files, summary.extracted
                    );
                }
                assert_eq!(
                    summary.files.len(),
                    1,
                    "one file loaded: {:?}",
                    summary.files
                );
                let report = &summary.files[0];
                for rejected in &report.rejected {
                    if let Some(refusal) = rejected.reason.strip_prefix("cannot store this row: ") {
                        self.note(
                            format!("the database refused a row the parser accepted: {refusal} (line {})", rejected.line),
                            refusal,
                        );
                    }
                }
                let loaded = Loaded {
                    counts: report.counts,
                    rejected: report.rejected.iter().map(|r| r.line).collect(),
                    extracted: summary
                        .extracted
                        .map(|(n, c)| (n, c.inserted, c.updated, c.unchanged, c.deleted)),
                };
                check_stored(&self.work, self.base_load);
                self.check_counts(kind, on_error, &loaded);
                restore(&self.template, &mut self.work);
                Attempt::Loaded(loaded)
            }
            Err(error) => {
                drop(load);
                if self.verbose {
                    eprintln!("{on_error:?}: failed: {error:#}");
                    if let Some(failed) = error.downcast_ref::<LoadFailed>() {
                        failed.problems.iter().for_each(|p| eprintln!("  {p}"));
                    }
                }
                let after = fingerprint(&self.work, &self.fingerprint);
                assert_eq!(after, self.before, "a failed load changed the database");
                match error.downcast_ref::<LoadFailed>() {
                    Some(failed) => {
                        assert!(!failed.problems.is_empty(), "a LoadFailed with no problem");
                        let _ = failed.to_string();
                        for problem in &failed.problems {
                            let shown = problem.to_string();
                            if let Some(refusal) =
                                problem.message.strip_prefix("cannot store this row: ")
                            {
                                self.note(
                                    format!("the database refused a row the parser accepted: {refusal} ({shown})"),
                                    refusal,
                                );
                            }
                        }
                        Attempt::Failed
                    }
                    None if self.allow_other_errors => {
                        let message = format!("{error:#}");
                        self.note(
                            format!("a load ({on_error:?}) failed with an error that is not LoadFailed: {message}"),
                            &message,
                        );
                        Attempt::Error
                    }
                    None => panic!(
                        "a load ({on_error:?}) failed with an error that is not a LoadFailed (not a problem of a row): {error:#}"
                    ),
                }
            }
        }
    }

    /// After a successful load of one file of `kind`: its `loads` row holds its counts, the rows
    /// of its table that name it are those it inserted or updated, its table grew by the rows it
    /// inserted, and the other tables of the loaders did not change (but for the extraction that
    /// follows a load of sources). A row rejected with `--on-error skip` leaves no trace.
    fn check_counts(&self, kind: Kind, on_error: OnError, loaded: &Loaded) {
        let counts = loaded.counts;
        let what = format!("{on_error:?} load of {}", kind.name());
        assert_eq!(
            counts.rejected as usize,
            loaded.rejected.len(),
            "{what}: counts.rejected"
        );
        if on_error == OnError::Fail {
            assert!(
                loaded.rejected.is_empty(),
                "{what}: rows rejected without skip"
            );
        }
        // Each row has a line of its own, whatever its line ends (CRLF, LF or a lone CR, mixed).
        assert!(
            loaded.rejected.windows(2).all(|w| w[0] < w[1])
                && loaded.rejected.iter().all(|&l| l >= 2),
            "{what}: rejected lines {:?}",
            loaded.rejected
        );
        let (id, row): (i64, [i64; 4]) = self
            .work
            .query_row(
                "SELECT id, inserted, updated, unchanged, rejected FROM loads WHERE id > ?1 AND kind = ?2",
                (self.base_load, kind.name()),
                |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])),
            )
            .expect("the loads row of the file");
        assert_eq!(
            row,
            [
                counts.inserted,
                counts.updated,
                counts.unchanged,
                counts.rejected
            ],
            "{what}: its loads row"
        );
        for (table, before) in &self.counts {
            let own = table == kind.name();
            let extracted = kind == Kind::Sources
                && matches!(table.as_str(), "mentions" | "statements" | "figures");
            if extracted {
                continue;
            }
            let (now, named): (i64, i64) = self
                .work
                .query_row(
                    &format!("SELECT count(*), count(*) FILTER (WHERE load_id = ?1) FROM {table}"),
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            if own {
                assert_eq!(
                    now - before,
                    counts.inserted,
                    "{what}: rows added to {table}"
                );
                assert_eq!(
                    named,
                    counts.inserted + counts.updated,
                    "{what}: rows of {table} naming the load"
                );
            } else {
                assert_eq!((now, named), (*before, 0), "{what}: {table} changed");
            }
        }
    }

    /// Prints `message` once per distinct `key`, for the first 50 keys.
    fn note(&mut self, message: String, key: &str) {
        if self.noted.len() < 50 && self.noted.insert(key.to_string()) {
            eprintln!("NOTE: {message}");
        }
    }
}

/// Replaces the content of `work` with that of `template` (SQLite's backup API).
fn restore(template: &Connection, work: &mut Connection) {
    let backup = rusqlite::backup::Backup::new(template, work).expect("backup");
    let step = backup.step(-1).expect("restore the seeded database");
    assert!(
        matches!(step, rusqlite::backup::StepResult::Done),
        "restore: {step:?}"
    );
}

/// A folder of this process under the temporary folder, created empty; folders left by earlier
/// processes that have ended are removed.
fn process_dir(name: &str) -> PathBuf {
    let tmp = std::env::temp_dir();
    let prefix = "factstore-fuzz-";
    if let Ok(entries) = std::fs::read_dir(&tmp) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = file_name.strip_prefix(prefix) else {
                continue;
            };
            let Some(pid) = rest.rsplit('-').next().and_then(|p| p.parse::<u32>().ok()) else {
                continue;
            };
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = tmp.join(format!("{prefix}{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the fuzz folder");
    dir
}

/// The oracles of a successful load: see the module's documentation.
fn check_stored(conn: &Connection, base_load: i64) {
    let mut bodies: HashMap<i64, Vec<char>> = HashMap::new();
    for (table, column) in [
        ("mentions", "surface"),
        ("statements", "text"),
        ("figures", "evidence"),
    ] {
        let sql = format!(
            "SELECT x.id, s.id, s.body, x.char_start, x.char_end, x.{column}
             FROM {table} x JOIN sources s ON s.id = x.source_id
             WHERE x.load_id > ?1 OR s.load_id > ?1"
        );
        let mut stmt = conn.prepare_cached(&sql).unwrap();
        let mut rows = stmt.query([base_load]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let id: i64 = row.get(0).unwrap();
            let source: i64 = row.get(1).unwrap();
            let chars = bodies
                .entry(source)
                .or_insert_with(|| row.get::<_, String>(2).unwrap().chars().collect());
            let (start, end): (i64, i64) = (row.get(3).unwrap(), row.get(4).unwrap());
            let text: String = row.get(5).unwrap();
            assert!(
                0 <= start && start < end && end as usize <= chars.len(),
                "{table} row {id}: span {start}..{end} outside its source ({} characters)",
                chars.len()
            );
            let found: String = chars[start as usize..end as usize].iter().collect();
            assert_eq!(
                found, text,
                "{table} row {id}: the source reads {found:?} at {start}..{end}, not its {column} {text:?}"
            );
        }
    }
    let mut stmt = conn
        .prepare_cached("SELECT key, body, sha256 FROM sources WHERE load_id > ?1")
        .unwrap();
    let mut rows = stmt.query([base_load]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let (key, body, sha256): (String, String, String) = (
            row.get(0).unwrap(),
            row.get(1).unwrap(),
            row.get(2).unwrap(),
        );
        let actual = factstore::digest::hex(&Sha256::digest(body.as_bytes()));
        assert_eq!(
            sha256, actual,
            "source {key:?}: stored sha256 is not that of its body"
        );
    }
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        broken, 0,
        "foreign_key_check finds {broken} broken references"
    );
    for table in ["sources_fts", "statements_fts"] {
        if let Err(e) = conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        ) {
            panic!("{table} is not in step with its table: {e}");
        }
    }
    let deferred: i64 = conn
        .query_row("SELECT count(*) FROM _fts_deferred", [], |r| r.get(0))
        .unwrap();
    assert_eq!(deferred, 0, "a load left its full-text indexing deferred");
}

thread_local! {
    static EXTRACTOR: Extractor = Extractor::new(
        &factstore::store::knowledge(&seeded(false)).expect("the seeds' knowledge"),
    );
}

/// Extracts from `data` (as UTF-8, invalid sequences replaced) in French, English and German
/// (where nouns are capitalised: the names finder reads capitals otherwise) and checks every
/// span.
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    EXTRACTOR.with(|extractor| {
        let chars: Vec<char> = text.chars().collect();
        let body = SourceText::new(text.to_string());
        for language in ["fr", "en", "de"] {
            let found = extractor.extract(SourceId(1), &text, language);
            check_extraction(&body, &chars, &found, language);
        }
    });
}

/// Checks that `span` lies inside the text, reads `text` there, does not cut a letter from a
/// combining mark after it (the loaders refuse such a span: an export would not load back), and
/// has a confidence within 0..=1 and a rule.
fn check_span(body: &SourceText, chars: &[char], what: &str, span: &Span, text: &str) {
    let (start, end) = (span.char_start, span.char_end);
    assert!(
        0 <= start && start < end && end as usize <= chars.len(),
        "{what}: span {start}..{end} is empty or outside the text ({} characters)",
        chars.len()
    );
    let (start, end) = (start as usize, end as usize);
    let found: String = chars[start..end].iter().collect();
    assert_eq!(
        found, text,
        "{what}: the text reads {found:?} at {start}..{end}, not {text:?}"
    );
    if let Some(at) = body.cut_mark(start, end) {
        panic!("{what}: {start}..{end} cuts a letter from the combining mark at {at}");
    }
    let confidence = span.confidence.expect("an extracted row has a confidence");
    assert!(
        (0.0..=1.0).contains(&confidence),
        "{what}: confidence {confidence} is not within 0..=1"
    );
    assert!(span.rule.is_some(), "{what}: no rule");
}

fn check_extraction(body: &SourceText, chars: &[char], found: &Extraction, language: &str) {
    for m in &found.mentions {
        let what = format!("{language} mention of entity {:?}", m.entity);
        check_span(body, chars, &what, &m.span, &m.surface);
    }
    for s in &found.statements {
        let what = format!("{language} statement ({})", s.kind);
        check_span(body, chars, &what, &s.span, &s.text);
    }
    for f in &found.figures {
        let what = format!("{language} figure {} {:?}", f.metric, f.evidence);
        check_span(body, chars, &what, &f.span, &f.evidence);
        assert!(!f.metric.is_empty(), "{what}: no metric");
        assert!(
            Qualifier::parse(f.qualifier.as_str()).is_some(),
            "{what}: qualifier {:?}",
            f.qualifier
        );
        let (value, low, high) = (f.value, f.low, f.high);
        assert!(
            value.is_some() || low.is_some() || high.is_some(),
            "{what}: neither value nor bounds"
        );
        for n in [value, low, high].into_iter().flatten() {
            assert!(n >= 0, "{what}: negative number {n}");
        }
        if let (Some(l), Some(h)) = (low, high) {
            assert!(l <= h, "{what}: low {l} > high {h}");
        }
        if let (Some(v), Some(l)) = (value, low) {
            assert!(l <= v, "{what}: value {v} < low {l}");
        }
        if let (Some(v), Some(h)) = (value, high) {
            assert!(v <= h, "{what}: value {v} > high {h}");
        }
    }
}
