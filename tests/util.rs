//! What every test needs: a fresh temporary folder with a database path in it, a way to run the
//! binary against that database, the seed dataset, and a dump of the database content to compare
//! "before" with "after".

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// The content tables, whose rows loads write.
pub const CONTENT_TABLES: [&str; 7] = [
    "sources",
    "entities",
    "aliases",
    "lexicon",
    "mentions",
    "statements",
    "figures",
];

/// A row of `loads` without its time and version: (command, kind, path, inserted, updated,
/// unchanged, deleted).
pub type LoadRow = (String, String, Option<String>, i64, i64, i64, i64);

/// Every row of `loads` of the database of `env`, by id.
pub fn load_rows(env: &Env) -> Vec<LoadRow> {
    env.conn()
        .prepare(
            "SELECT command, kind, path, inserted, updated, unchanged, deleted FROM loads ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The kinds of file of a dataset folder, in the order `load dataset` loads them.
pub const DATASET_KINDS: [&str; 7] = [
    "lexicon",
    "entities",
    "aliases",
    "sources",
    "mentions",
    "statements",
    "figures",
];

/// Every kind of file of a dataset folder, decisions included, in the order `load dataset` loads
/// them.
pub const LOAD_ORDER: [&str; 8] = [
    "lexicon",
    "entities",
    "aliases",
    "decisions",
    "sources",
    "mentions",
    "statements",
    "figures",
];

/// The tables the extractor writes.
pub const EXTRACTED_TABLES: [&str; 3] = ["mentions", "statements", "figures"];

/// The folder of the crate (where `seeds/` and `tests/fixtures/` are).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed dataset.
pub fn seeds() -> PathBuf {
    manifest_dir().join("seeds")
}

/// The number of data rows of `seeds/KIND.csv` (0 when the file is absent), read with the csv
/// crate, so that tests follow edits of the seeds.
pub fn seed_rows(kind: &str) -> usize {
    seed_records(kind).len()
}

/// The data rows of `seeds/KIND.csv` (none when the file is absent), each as a map from column
/// name to value.
pub fn seed_records(kind: &str) -> Vec<std::collections::HashMap<String, String>> {
    records(&seeds().join(format!("{kind}.csv")))
}

/// The data rows of the CSV file at `path` (none when it is absent), each as a map from column
/// name to value.
pub fn records(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    if !path.is_file() {
        return Vec::new();
    }
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// How many mentions, statements and figures of the seed files are in source `key`.
pub fn seed_rows_in_source(key: &str) -> usize {
    EXTRACTED_TABLES
        .iter()
        .flat_map(|kind| seed_records(kind))
        .filter(|r| r.get("source").map(String::as_str) == Some(key))
        .count()
}

/// The data rows of the built-in knowledge file `knowledge/NAME.csv`, each as a map from column
/// name to value.
pub fn knowledge_records(name: &str) -> Vec<std::collections::HashMap<String, String>> {
    records(&manifest_dir().join("knowledge").join(format!("{name}.csv")))
}

/// The built-in rows of `kind` (lexicon, entities or aliases) every store holds, each as a map
/// from column name to value. The lexicon has, beside `lexicon.csv`, the institution head nouns,
/// name parts and common words as rows of kinds `institution`, `name_part` and `common_word`.
pub fn builtin_records(kind: &str) -> Vec<std::collections::HashMap<String, String>> {
    if kind != "lexicon" {
        return match kind {
            "entities" | "aliases" => knowledge_records(kind),
            _ => Vec::new(),
        };
    }
    let mut rows = knowledge_records("lexicon");
    for (file, kind, code) in [
        ("institutions", "institution", "kind"),
        ("name_parts", "name_part", "role"),
        ("common_words", "common_word", ""),
    ] {
        rows.extend(knowledge_records(file).into_iter().map(|mut r| {
            let code = r.remove(code).unwrap_or_default();
            r.insert("kind".to_string(), kind.to_string());
            r.insert("code".to_string(), code);
            r
        }));
    }
    rows
}

/// The natural key of a row of `kind` as a file has it (lexicon: language, kind, term; entities:
/// key; aliases: entity and alias).
fn natural_key(kind: &str, row: &std::collections::HashMap<String, String>) -> Vec<String> {
    let columns: &[&str] = match kind {
        "lexicon" => &["language", "kind", "term"],
        "entities" => &["key"],
        "aliases" => &["entity", "alias"],
        _ => &[],
    };
    columns
        .iter()
        .map(|c| row.get(*c).cloned().unwrap_or_default())
        .collect()
}

/// How many of `rows` (rows of `kind` from a file) a load into a fresh store inserts and how many
/// it updates: a row whose natural key a built-in row has becomes curated (an update), and the
/// others are new.
pub fn over_builtin(
    kind: &str,
    rows: &[std::collections::HashMap<String, String>],
) -> (usize, usize) {
    let builtin: std::collections::HashSet<Vec<String>> = builtin_records(kind)
        .iter()
        .map(|r| natural_key(kind, r))
        .collect();
    let updated = rows
        .iter()
        .filter(|r| builtin.contains(&natural_key(kind, r)))
        .count();
    (rows.len() - updated, updated)
}

/// The rows of each content table a fresh store holds once `dataset` is loaded (without
/// extracting): the built-in rows and the dataset's rows, a row of both counted once.
pub fn holdings_with_builtin(dataset: &Path) -> Vec<(&'static str, usize)> {
    LOAD_ORDER
        .into_iter()
        .map(|kind| {
            let rows = records(&dataset.join(format!("{kind}.csv")));
            let (inserted, _) = over_builtin(kind, &rows);
            (kind, inserted + builtin_records(kind).len())
        })
        .collect()
}

/// The metrics a store holding the seeds knows (codes of the rows of kind metric of the seed
/// lexicon and of the built-in one), sorted, comma-separated, as the loader lists them.
pub fn seed_metrics() -> String {
    let mut metrics: Vec<String> = seed_records("lexicon")
        .into_iter()
        .chain(builtin_records("lexicon"))
        .filter(|r| r["kind"] == "metric")
        // a code `other:buildings` names metric `other`
        .map(|r| r["code"].split(':').next().unwrap_or_default().to_string())
        .filter(|code| !code.is_empty())
        .collect();
    metrics.sort();
    metrics.dedup();
    metrics.join(", ")
}

/// The kinds of file `seeds/` holds, in load order, each with its number of data rows.
pub fn seed_files() -> Vec<(&'static str, usize)> {
    LOAD_ORDER
        .into_iter()
        .filter(|kind| seeds().join(format!("{kind}.csv")).is_file())
        .map(|kind| (kind, seed_rows(kind)))
        .collect()
}

/// The last line `load dataset` prints for a database holding `counts` (rows per table, keyed by
/// table name; missing tables count 0).
pub fn holdings(db_shown: &str, counts: &[(&str, usize)]) -> String {
    let n = |table: &str| {
        counts
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    };
    format!(
        "{db_shown} holds {} sources, {} entities ({} aliases), {} lexicon entries, {} mentions, {} statements, {} figures\n",
        n("sources"),
        n("entities"),
        n("aliases"),
        n("lexicon"),
        n("mentions"),
        n("statements"),
        n("figures")
    )
}

/// The per-file table `load` prints: `rows` are (path, kind, inserted, updated, unchanged).
pub fn load_report(rows: &[(String, &str, usize, usize, usize)]) -> String {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(4);
    let mut out = format!(
        "{:width$}  {:10}  {:>8}  {:>8}  {:>9}\n",
        "file", "kind", "inserted", "updated", "unchanged"
    );
    for (path, kind, inserted, updated, unchanged) in rows {
        let _ = writeln!(
            out,
            "{path:width$}  {kind:10}  {inserted:>8}  {updated:>8}  {unchanged:>9}"
        );
    }
    out
}

/// What `load dataset seeds` prints per file: into a fresh store (`first`), every row inserted
/// but the ones the built-in knowledge has, which become curated (updated); else every row
/// unchanged. The counts are read from the seed and knowledge files.
pub fn seed_report(first: bool) -> String {
    dataset_report(&seeds(), "seeds", first)
}

/// What `load dataset DIR` prints per file, `shown` the folder as the command names it: see
/// [`seed_report`].
pub fn dataset_report(dir: &Path, shown: &str, first: bool) -> String {
    let rows: Vec<_> = LOAD_ORDER
        .into_iter()
        .filter(|kind| dir.join(format!("{kind}.csv")).is_file())
        .map(|kind| {
            let rows = records(&dir.join(format!("{kind}.csv")));
            let (inserted, updated, unchanged) = if first {
                let (inserted, updated) = over_builtin(kind, &rows);
                (inserted, updated, 0)
            } else {
                (0, 0, rows.len())
            };
            (
                format!("{shown}/{kind}.csv"),
                kind,
                inserted,
                updated,
                unchanged,
            )
        })
        .collect();
    load_report(&rows)
}

/// The `offsets:` line of `check` on the curated seeds: `status` is `ok` or `1 problem`.
pub fn seed_offsets_line(status: &str) -> String {
    format!(
        "offsets: {status} ({} mentions, {} statements, {} figures)",
        seed_rows("mentions"),
        seed_rows("statements"),
        seed_rows("figures")
    )
}

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

/// What one run of the binary printed and returned.
#[derive(Debug)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Out {
    /// Panics (showing everything) unless the command exited 0 with nothing on stderr.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            (self.code, self.stderr.as_str()),
            (0, ""),
            "expected success; stdout:\n{}",
            self.stdout
        );
        self
    }
}

/// A fresh temporary folder, holding the test's database `t.db` and any files it writes.
pub struct Env {
    dir: TempDir,
    db: PathBuf,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("t.db");
        Env { dir, db }
    }

    /// The temporary folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database path, `<tmp>/t.db`.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The database path as shown in messages.
    pub fn db_shown(&self) -> String {
        self.db.display().to_string()
    }

    /// `<tmp>/REL`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `contents` to `<tmp>/REL` (creating folders) and returns its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap();
        path
    }

    /// Runs `factstore --db <tmp>/t.db ARGS` in the temporary folder.
    pub fn run(&self, args: &[&str]) -> Out {
        self.run_with(self.dir(), args, None)
    }

    /// Like [`Env::run`], with `stdin` as standard input.
    pub fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Out {
        self.run_with(self.dir(), args, Some(stdin))
    }

    /// Runs `factstore --db <tmp>/t.db ARGS` in folder `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Out {
        self.run_with(cwd, args, None)
    }

    fn run_with(&self, cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
        let mut cmd = assert_cmd::Command::cargo_bin("factstore").expect("the factstore binary");
        cmd.env_remove("FACTSTORE_DB")
            .current_dir(cwd)
            .arg("--db")
            .arg(&self.db)
            .args(args);
        if let Some(input) = stdin {
            cmd.write_stdin(input.to_vec());
        }
        let output = cmd.output().expect("run factstore");
        Out {
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            code: output.status.code().expect("an exit code"),
        }
    }

    /// Loads the curated seed dataset without extracting (`load dataset seeds --no-extract`, run
    /// from the crate folder) and returns what it printed; panics unless it succeeds.
    pub fn load_seeds(&self) -> Out {
        self.run_in(
            &manifest_dir(),
            &["load", "dataset", "seeds", "--no-extract"],
        )
        .ok()
    }

    /// Loads the seed dataset and extracts from its sources (`load dataset seeds`) and returns
    /// what it printed; panics unless it succeeds.
    pub fn load_seeds_extracting(&self) -> Out {
        self.run_in(&manifest_dir(), &["load", "dataset", "seeds"])
            .ok()
    }

    /// A database holding the curated seed dataset only (loaded with `--no-extract`, so that
    /// tests of curated content do not depend on the extractor), printing nothing.
    pub fn seeded() -> Self {
        let env = Env::new();
        let out = env
            .run_in(
                &manifest_dir(),
                &["-q", "load", "dataset", "seeds", "--no-extract"],
            )
            .ok();
        assert_eq!(out.stdout, "", "--quiet printed something");
        env
    }

    /// A database holding the seed dataset and what the extractor finds in it.
    pub fn seeded_extracted() -> Self {
        let env = Env::new();
        let out = env
            .run_in(&manifest_dir(), &["-q", "load", "dataset", "seeds"])
            .ok();
        assert_eq!(out.stdout, "", "--quiet printed something");
        env
    }

    /// A read-write connection to the test database (for reading back rows or corrupting them).
    pub fn conn(&self) -> Connection {
        Connection::open(&self.db).expect("open the test database")
    }

    /// Every row of every table (the schema, `loads` and the FTS tables included), as text.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }

    /// Every row of the content tables, ordered by id.
    pub fn dump_content(&self) -> String {
        dump_tables(&self.db, &CONTENT_TABLES)
    }

    /// The rows `sql` returns, each as one line of text (as in [`Env::dump`]), in its order.
    pub fn rows(&self, sql: &str) -> Vec<String> {
        render_rows(&open_read_only(&self.db), sql)
    }

    /// How many rows of origin `extracted` the database holds: mentions, statements, figures and
    /// the entities the extractor discovered.
    pub fn extracted_rows(&self) -> i64 {
        // (entities have an origin from schema version 6 on)
        let discovered: &[&str] = match self.conn().query_row(
            "SELECT count(*) FROM pragma_table_info('entities') WHERE name = 'origin'",
            [],
            |r| r.get::<_, i64>(0),
        ) {
            Ok(1) => &["entities"],
            _ => &[],
        };
        EXTRACTED_TABLES
            .iter()
            .chain(discovered)
            .map(|table| {
                self.conn()
                    .query_row(
                        &format!("SELECT count(*) FROM {table} WHERE origin = 'extracted'"),
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
            })
            .sum()
    }

    /// `SELECT count(*) FROM table`.
    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

fn open_read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("open {}: {e}", db.display()))
}

fn render_rows(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let width = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut out = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        let mut line = String::new();
        for i in 0..width {
            let _ = match row.get_ref(i).unwrap() {
                ValueRef::Null => write!(line, "NULL"),
                ValueRef::Integer(n) => write!(line, "{n}"),
                ValueRef::Real(r) => write!(line, "{r:?}"),
                ValueRef::Text(t) => write!(line, "{:?}", String::from_utf8_lossy(t)),
                ValueRef::Blob(b) => write!(line, "x'{b:02x?}'"),
            };
            line.push('|');
        }
        out.push(line);
    }
    out
}

/// Every row of every table of the database at `db`: the schema first, then each table (rows
/// sorted, since some FTS shadow tables have no rowid).
pub fn dump(db: &Path) -> String {
    let conn = open_read_only(db);
    let mut out = String::new();
    let schema = render_rows(
        &conn,
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
    );
    out.push_str("== sqlite_schema\n");
    for line in schema {
        out.push_str(&line);
        out.push('\n');
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        let mut rows = render_rows(&conn, &format!("SELECT * FROM \"{table}\""));
        rows.sort();
        let _ = writeln!(out, "== {table} ({} rows)", rows.len());
        for line in rows {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Every row of `tables` of the database at `db`, ordered by id.
pub fn dump_tables(db: &Path, tables: &[&str]) -> String {
    let conn = open_read_only(db);
    let mut out = String::new();
    for table in tables {
        let rows = render_rows(&conn, &format!("SELECT * FROM {table} ORDER BY id"));
        let _ = writeln!(out, "== {table} ({} rows)", rows.len());
        for line in rows {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The files under `dir`, as paths relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Copies the files of folder `from` (and its sub-folders) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for rel in files_under(from) {
        let target = to.join(&rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(from.join(&rel), target).unwrap();
    }
}

/// Chromium, if installed (the browser tests of `show` and `compare` skip without it):
/// `$FACTSTORE_CHROMIUM`, else `/usr/bin/chromium`, else `chromium-browser` or `chromium` on
/// the PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FACTSTORE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("chromium-browser"), dir.join("chromium")])
        .find(|p| p.is_file())
}

/// Runs headless Chromium with `args`; its standard output. Panics when it fails.
pub fn headless(chromium: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}
