//! The store read by the tools its users use, each run for real: the `sqlite3` shell running the
//! README's tour, Python's csv module reading the spreadsheet exports, and Datasette (through its
//! own test client, no server). The Python helpers are in `tests/clients/`; what was checked by hand
//! (LibreOffice) is in CLIENTS.md.
//!
//! A test whose tool is missing prints a notice and passes: `/usr/bin/sqlite3`, `python3`, and
//! Datasette, which `.ci/run` installs into virtualenvs under `.venv-ci/` and names in
//! `FACTSTORE_DATASETTE` (the path of one or more `datasette` executables, separated by `:`, each
//! with the `python` of its virtualenv beside it).

use std::collections::{BTreeSet, HashMap};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value};
use tempfile::TempDir;

use crate::util::{fixture, manifest_dir, seed_records};

const SQLITE3: &str = "/usr/bin/sqlite3";

/// The characters that make a text cell a formula to a spreadsheet, guarded by `--excel`.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// A database named `factstore.db` (the name the README uses, and what Datasette calls the
/// database: `/factstore/...`) in a fresh temporary folder.
struct Store {
    dir: TempDir,
    db: PathBuf,
}

impl Store {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("factstore.db");
        Store { dir, db }
    }

    /// The seeds, as the README loads them (`load dataset seeds`, extracting).
    fn seeded() -> Self {
        let store = Store::new();
        store.run_in(&manifest_dir(), &["-q", "load", "dataset", "seeds"]);
        store
    }

    /// tests/fixtures/formulas: text cells that a spreadsheet would read as formulas.
    fn formulas() -> Self {
        let store = Store::new();
        let dir = fixture("formulas");
        let dir = dir.to_str().unwrap();
        store.run(&["-q", "load", "dataset", "--no-extract", dir]);
        store
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `factstore --db <tmp>/factstore.db ARGS` in the temporary folder and returns its
    /// standard output; panics unless it exits 0 with nothing on standard error.
    fn run(&self, args: &[&str]) -> String {
        self.run_in(self.dir.path(), args)
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> String {
        let output = assert_cmd::Command::cargo_bin("factstore")
            .expect("the factstore binary")
            .env_remove("FACTSTORE_DB")
            .current_dir(cwd)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run factstore");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stderr.is_empty(),
            "factstore {args:?} failed ({}): {stderr}",
            output.status
        );
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    /// Runs `factstore --db <tmp>/factstore.db ARGS` in the temporary folder, expecting it to
    /// fail with exit code 1, and returns what it wrote to standard error.
    fn fail(&self, args: &[&str]) -> String {
        let output = assert_cmd::Command::cargo_bin("factstore")
            .expect("the factstore binary")
            .env_remove("FACTSTORE_DB")
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run factstore");
        assert_eq!(output.status.code(), Some(1), "factstore {args:?}");
        String::from_utf8(output.stderr).expect("stderr is UTF-8")
    }

    /// `query ARGS --format json`, parsed: one object per row.
    fn query_json(&self, args: &[&str]) -> Vec<Map<String, Value>> {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        match serde_json::from_str(&self.run(&all)).expect("query --format json is JSON") {
            Value::Array(rows) => rows
                .into_iter()
                .map(|row| match row {
                    Value::Object(map) => map,
                    other => panic!("a row that is not an object: {other}"),
                })
                .collect(),
            other => panic!("not an array: {other}"),
        }
    }

    /// The rows of `sql` on the store, read with rusqlite, each as text cells.
    fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let conn = rusqlite::Connection::open_with_flags(
            &self.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                (0..width)
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => String::new(),
                            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                            rusqlite::types::ValueRef::Real(r) => r.to_string(),
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned()
                            }
                            rusqlite::types::ValueRef::Blob(_) => panic!("a blob in {sql}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }
}

/// Entity keys of the seeds, each with its name.
fn seed_entity_names() -> HashMap<String, String> {
    seed_records("entities")
        .into_iter()
        .map(|r| (r["key"].clone(), r["name"].clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The sqlite3 shell: the README's tour, read from the README.

/// One `$ sqlite3 ...` command of the README and the output lines shown under it.
struct ShellExample {
    line: String,
    argv: Vec<String>,
    shown: Vec<String>,
}

/// Every `$ sqlite3 ...` command of README.md's "### The sqlite3 shell" section, with the output
/// the README shows under it (up to the next command or the end of its code block).
fn readme_shell_examples() -> Vec<ShellExample> {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).expect("README.md");
    let mut lines = readme.lines();
    lines
        .by_ref()
        .find(|l| l.trim_end() == "### The sqlite3 shell")
        .expect("README.md has a section \"### The sqlite3 shell\"");
    let mut examples: Vec<ShellExample> = Vec::new();
    let mut in_code = false;
    let mut command: Option<String> = None;
    for line in lines {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            if line.starts_with('#') {
                break;
            }
            continue;
        }
        if let Some(partial) = command.as_mut() {
            partial.push('\n');
            partial.push_str(line);
            if !line.ends_with('\\') {
                let text = command.take().unwrap();
                examples.push(ShellExample {
                    argv: shell_words(&text),
                    line: text,
                    shown: Vec::new(),
                });
            }
        } else if let Some(rest) = line.strip_prefix("$ ") {
            if line.ends_with('\\') {
                command = Some(rest.to_string());
            } else {
                examples.push(ShellExample {
                    argv: shell_words(rest),
                    line: rest.to_string(),
                    shown: Vec::new(),
                });
            }
        } else if let Some(last) = examples.last_mut() {
            last.shown.push(line.to_string());
        }
    }
    assert!(command.is_none(), "README: a command ends with a backslash");
    assert!(
        !examples.is_empty(),
        "README: no $ commands in the sqlite3 section"
    );
    for example in &examples {
        assert_eq!(
            example.argv.first().map(String::as_str),
            Some("sqlite3"),
            "README: a command of the sqlite3 section that is not sqlite3: {}",
            example.line
        );
    }
    examples
}

/// Splits a POSIX shell command line into words: blanks separate words, '...' is literal, "..."
/// keeps everything but `\"`, `\\`, `\$` and `` \` `` escapes, a backslash outside quotes escapes
/// the next character and a backslash-newline joins lines. Anything else the shell would
/// interpret (pipes, redirections, substitutions, variables) is refused: the README's commands
/// are to be run as they are written.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => panic!("unclosed ' in {text}"),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => panic!("unclosed \" in {text}"),
                        },
                        Some(c @ ('$' | '`')) => panic!("{c} inside \"...\" in {text}"),
                        Some(c) => w.push(c),
                        None => panic!("unclosed \" in {text}"),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => panic!("a trailing backslash in {text}"),
            },
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '$' | '`' | '*' | '?' | '[' | '#' | '~' => {
                panic!("{c:?} outside quotes in {text}: not a plain command")
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn shell_words_splits_like_the_shell() {
    assert_eq!(
        shell_words("sqlite3 -header data/f.db \\\n    \"SELECT 'a', \\\"b\\\"\" 'x y'z"),
        [
            "sqlite3",
            "-header",
            "data/f.db",
            "SELECT 'a', \"b\"",
            "x yz"
        ]
    );
}

/// The words of a line, with every run of dashes as one `-`: how a line of `sqlite3 -column`
/// output compares with the README's (column widths follow the longest value).
fn words_of(line: &str) -> Vec<String> {
    line.split_whitespace()
        .map(|w| {
            if w.chars().all(|c| c == '-') {
                "-".to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The rows of `sqlite3 -header -column` output, cut at the columns its dashes line marks: the
/// header, then the data rows, each as trimmed cells.
fn column_rows(out: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let lines: Vec<Vec<char>> = out.lines().map(|l| l.chars().collect()).collect();
    assert!(lines.len() >= 2, "no header in:\n{out}");
    let dashes = &lines[1];
    let mut starts = Vec::new();
    for (i, c) in dashes.iter().enumerate() {
        if *c == '-' && (i == 0 || dashes[i - 1] == ' ') {
            starts.push(i);
        }
    }
    assert!(
        dashes.iter().all(|c| *c == '-' || *c == ' '),
        "second line is not the dashes line:\n{out}"
    );
    let cut = |line: &[char]| -> Vec<String> {
        (0..starts.len())
            .map(|k| {
                let from = starts[k].min(line.len());
                let to = starts
                    .get(k + 1)
                    .map_or(line.len(), |&next| (next - 2).min(line.len()));
                line[from..to.max(from)]
                    .iter()
                    .collect::<String>()
                    .trim_matches(' ')
                    .to_string()
            })
            .collect()
    };
    let header = cut(&lines[0]);
    let rows = lines[2..].iter().map(|l| cut(l)).collect();
    (header, rows)
}

/// The cell of column `name` in `row` (under `header`).
fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    &row[i]
}

#[test]
fn the_readme_sqlite3_tour_runs_on_the_seeds() {
    if !Path::new(SQLITE3).exists() {
        eprintln!("notice: {SQLITE3} is not installed; skipping the README's sqlite3 tour");
        return;
    }
    let examples = readme_shell_examples();
    let store = Store::seeded();
    let names = seed_entity_names();
    let mut checked = BTreeSet::new();
    for example in &examples {
        let args: Vec<&std::ffi::OsStr> = example.argv[1..]
            .iter()
            .map(|a| {
                if a == "data/factstore.db" {
                    store.db.as_os_str()
                } else {
                    std::ffi::OsStr::new(a.as_str())
                }
            })
            .collect();
        assert!(
            example.argv.iter().any(|a| a == "data/factstore.db"),
            "README command without data/factstore.db: {}",
            example.line
        );
        let sql = example.argv.last().unwrap().as_str();
        // HOME: no ~/.sqliterc of whoever runs the tests changes the output.
        let output = Command::new(SQLITE3)
            .args(&args)
            .env("HOME", store.dir.path())
            .current_dir(store.dir.path())
            .output()
            .expect("run sqlite3");
        let out = String::from_utf8(output.stdout).expect("sqlite3 output is UTF-8");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stderr.is_empty(),
            "README command failed ({}): {}\n{stderr}",
            output.status,
            example.line
        );
        assert!(!out.trim().is_empty(), "no output: {}", example.line);

        // What the README shows under the command is what it prints (`...`: more lines follow).
        let actual: Vec<&str> = out.lines().collect();
        let shown: Vec<&str> = example.shown.iter().map(String::as_str).collect();
        let more = shown.last() == Some(&"...");
        let shown = if more {
            &shown[..shown.len() - 1]
        } else {
            &shown[..]
        };
        if !shown.is_empty() {
            assert!(
                actual.len() >= shown.len() && (more || actual.len() == shown.len()),
                "README shows\n{}\nfor {}\nbut sqlite3 printed\n{out}",
                example.shown.join("\n"),
                example.line
            );
            for (s, a) in shown.iter().zip(&actual) {
                assert_eq!(
                    words_of(s),
                    words_of(a),
                    "README shows {s:?} for {}; sqlite3 printed\n{out}",
                    example.line
                );
            }
        }

        if sql.contains("metric = 'arrested'") {
            checked.insert("arrested");
            let (header, rows) = column_rows(&out);
            assert_eq!(
                header,
                [
                    "source",
                    "value",
                    "qualifier",
                    "claimed_by",
                    "place",
                    "evidence"
                ]
            );
            // Every curated arrest figure, with the names (not the keys) of who claimed it and
            // where.
            let name = |key: &String| {
                if key.is_empty() {
                    String::new()
                } else {
                    names[key].clone()
                }
            };
            let curated: Vec<Vec<String>> = seed_records("figures")
                .into_iter()
                .filter(|r| r["metric"] == "arrested")
                .map(|r| {
                    let qualifier = r.get("qualifier").cloned().unwrap_or_default();
                    vec![
                        r["source"].clone(),
                        r["value"].clone(),
                        if qualifier.is_empty() {
                            "exact".into()
                        } else {
                            qualifier
                        },
                        name(&r["claimed_by"]),
                        name(&r["place"]),
                        r["evidence"].clone(),
                    ]
                })
                .collect();
            assert!(!curated.is_empty());
            assert!(
                curated.iter().any(|r| !r[3].is_empty()),
                "no claimant in the seeds"
            );
            for row in &curated {
                assert!(rows.contains(row), "{row:?} missing from\n{out}");
            }
            let values: Vec<i64> = rows
                .iter()
                .filter(|r| !r[1].is_empty())
                .map(|r| r[1].parse().expect("a value is an integer"))
                .collect();
            assert!(
                values.windows(2).all(|w| w[0] >= w[1]),
                "not ORDER BY value DESC:\n{out}"
            );
        } else if sql.contains("FROM statement_report WHERE kind = 'quote' GROUP BY speaker") {
            checked.insert("speakers");
            let (header, rows) = column_rows(&out);
            assert_eq!(header, ["speaker", "quotes", "sources"]);
            let quotes = |r: &Vec<String>| -> usize { r[1].parse().unwrap() };
            let tokayev = &names["tokayev"];
            assert_eq!(&rows[0][0], tokayev, "Tokayev is not first:\n{out}");
            assert!(rows.iter().all(|r| quotes(r) <= quotes(&rows[0])));
            // At least the curated quotes of the seeds (the extractor may add some).
            let curated: Vec<_> = seed_records("statements")
                .into_iter()
                .filter(|r| {
                    r["speaker"] == "tokayev"
                        && matches!(r.get("kind").map(String::as_str), None | Some("" | "quote"))
                })
                .collect();
            let sources: BTreeSet<&String> = curated.iter().map(|r| &r["source"]).collect();
            assert!(quotes(&rows[0]) >= curated.len(), "{out}");
            assert!(cell(&header, &rows[0], "sources").parse::<usize>().unwrap() >= sources.len());
        } else if sql.contains("statements_fts MATCH 'etrangers'") {
            checked.insert("fts");
            let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('|').collect()).collect();
            for row in &rows {
                assert_eq!(row.len(), 3, "{out}");
                assert!(
                    row[2].to_lowercase().contains("étrangers"),
                    "{row:?} does not say étrangers"
                );
            }
            let curated: Vec<_> = seed_records("statements")
                .into_iter()
                .filter(|r| r["text"].contains("étrangers"))
                .collect();
            assert!(!curated.is_empty());
            for r in &curated {
                let speaker = names.get(&r["speaker"]).map_or("", String::as_str);
                let expected = [r["source"].as_str(), speaker, r["text"].as_str()];
                assert!(
                    rows.iter().any(|row| row[..] == expected[..]),
                    "{expected:?} missing from\n{out}"
                );
            }
        } else if sql.contains("substr(s.body, f.char_start + 1, f.char_end - f.char_start)") {
            checked.insert("offsets");
            let lines: Vec<&str> = out.lines().collect();
            if let Some(limit) = sql.split("LIMIT ").nth(1) {
                assert_eq!(lines.len(), limit.trim().parse::<usize>().unwrap(), "{out}");
            }
            for line in lines {
                let (evidence, substr) = line.split_once('|').expect("two columns");
                assert!(!evidence.is_empty());
                assert_eq!(evidence, substr, "evidence and substr() differ");
            }
        }
    }
    assert_eq!(
        checked.into_iter().collect::<Vec<_>>(),
        ["arrested", "fts", "offsets", "speakers"],
        "the README's sqlite3 section changed: update what tests/clients.rs checks of it"
    );
}

// ---------------------------------------------------------------------------------------------
// Python's csv module and spreadsheet mode.

/// Is `python3` there? Prints a notice when not.
fn have_python3(what: &str) -> bool {
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            eprintln!("notice: python3 is not installed; skipping {what}");
            false
        }
    }
}

/// What tests/clients/read_csv.py read of a CSV file with Python's csv module.
struct PythonCsv {
    bom: bool,
    crlf: usize,
    bare_lf: usize,
    rows: Vec<Vec<String>>,
}

fn python_read_csv(path: &Path) -> PythonCsv {
    let script = manifest_dir().join("tests/clients/read_csv.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "read_csv.py {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let v: Value = serde_json::from_slice(&output.stdout).expect("read_csv.py prints JSON");
    PythonCsv {
        bom: v["bom"].as_bool().unwrap(),
        crlf: v["crlf"].as_u64().unwrap() as usize,
        bare_lf: v["bare_lf"].as_u64().unwrap() as usize,
        rows: serde_json::from_value(v["rows"].clone()).unwrap(),
    }
}

/// What the cells of a CSV file read by Python were, compared with the JSON rows of the same
/// query; `guarded`: the text cells that got a `'` before them.
struct Compared {
    rows: usize,
    numbers: usize,
    guarded: Vec<String>,
    text: String,
}

/// Compares the rows Python read with `json` cell for cell: null is an empty cell; a number is
/// the same number, written plainly (digits, no `'`); text is the same text, with one `'` before
/// it when `excel` and it begins with = + - @ tab CR or LF.
fn compare_cells(
    what: &str,
    csv: &PythonCsv,
    json: &[Map<String, Value>],
    excel: bool,
) -> Compared {
    let header = &csv.rows[0];
    assert_eq!(csv.rows.len() - 1, json.len(), "{what}: number of rows");
    let mut compared = Compared {
        rows: json.len(),
        numbers: 0,
        guarded: Vec::new(),
        text: String::new(),
    };
    for (i, (row, object)) in csv.rows[1..].iter().zip(json).enumerate() {
        let keys: BTreeSet<&String> = object.keys().collect();
        assert_eq!(
            header.iter().collect::<BTreeSet<_>>(),
            keys,
            "{what}: CSV header and JSON keys"
        );
        assert_eq!(row.len(), header.len(), "{what}: row {} width", i + 1);
        for (name, cell) in header.iter().zip(row) {
            let at = format!("{what}: row {}, column {name}", i + 1);
            match &object[name] {
                Value::Null => assert_eq!(cell, "", "{at}"),
                Value::Number(n) => {
                    compared.numbers += 1;
                    assert!(
                        cell.chars()
                            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E')),
                        "{at}: number written as {cell:?}"
                    );
                    if let Some(n) = n.as_i64() {
                        assert_eq!(cell.parse::<i64>().ok(), Some(n), "{at}: {cell:?}");
                    } else {
                        assert_eq!(cell.parse::<f64>().ok(), n.as_f64(), "{at}: {cell:?}");
                    }
                }
                Value::String(s) => {
                    compared.text.push_str(cell);
                    if excel && s.starts_with(FORMULA_STARTS) {
                        assert_eq!(*cell, format!("'{s}"), "{at}: not guarded");
                        compared.guarded.push(cell.clone());
                    } else {
                        assert_eq!(cell, s, "{at}");
                    }
                }
                other => panic!("{at}: unexpected JSON {other}"),
            }
        }
    }
    compared
}

/// `query TABLE --excel -o FILE` read back by Python, compared with `query TABLE --format json`.
fn excel_export_read_by_python(store: &Store, table: &str) -> Compared {
    let file = store.path(&format!("{table}.csv"));
    store.run(&["query", table, "--excel", "-o", file.to_str().unwrap()]);
    let csv = python_read_csv(&file);
    assert!(csv.bom, "{table}: no byte-order mark");
    assert_eq!(csv.bare_lf, 0, "{table}: a line end without CR");
    assert!(csv.crlf >= csv.rows.len(), "{table}: CRLF line ends");
    compare_cells(
        &format!("{table} --excel"),
        &csv,
        &store.query_json(&["query", table]),
        true,
    )
}

#[test]
fn python_reads_the_excel_export_of_the_seeds() {
    if !have_python3("the Python csv test") {
        return;
    }
    let store = Store::seeded();
    let figures = excel_export_read_by_python(&store, "figures");
    let statements = excel_export_read_by_python(&store, "statements");
    let aliases = excel_export_read_by_python(&store, "aliases");
    // Numbers: both offsets and the value or bounds of every figure.
    assert!(figures.rows > 0 && figures.numbers >= 3 * figures.rows);
    assert!(statements.numbers > 0);
    // Accents and typographic apostrophes come through as they are stored.
    for (table, compared, chars) in [
        ("statements", &statements, &["é", "’", "à", "ê"][..]),
        ("aliases", &aliases, &["ï", "é"][..]),
    ] {
        for c in chars {
            assert!(compared.text.contains(c), "{table}: no {c} read back");
        }
    }
    assert!(aliases.text.contains("Tokaïev"));
    assert!(statements.text.contains("qu’étrangers"));
}

#[test]
fn formula_text_is_guarded_in_excel_mode_only() {
    if !have_python3("the Python csv test of formulas") {
        return;
    }
    let store = Store::formulas();
    let fixture_texts: Vec<String> = {
        let path = fixture("formulas").join("statements.csv");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let text = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "text")
            .unwrap();
        reader
            .records()
            .map(|r| r.unwrap()[text].to_string())
            .collect()
    };
    let hyperlink = fixture_texts
        .iter()
        .find(|t| t.starts_with("=HYPERLINK("))
        .expect("the fixture has a =HYPERLINK( quote");
    let sum = fixture_texts
        .iter()
        .find(|t| t.starts_with("@SUM("))
        .expect("the fixture has a @SUM( quote");

    // --excel: one ' before every text cell a spreadsheet would take for a formula, nothing else.
    let statements = excel_export_read_by_python(&store, "statements");
    assert!(statements.guarded.contains(&format!("'{hyperlink}")));
    assert!(statements.guarded.contains(&format!("'{sum}")));
    assert!(statements
        .guarded
        .contains(&"'-40 degrés à Ville-Test".to_string()));
    let entities = excel_export_read_by_python(&store, "entities");
    assert_eq!(entities.guarded, ["'+33 1 23 45 67 89 (standard)"]);
    let figures = excel_export_read_by_python(&store, "figures");
    assert!(figures.numbers >= 3, "value and offsets are numbers");
    assert!(figures.guarded.is_empty());

    // Every start a spreadsheet reads as a formula, through `sql` (the loader trims the blanks a
    // cell begins with, so no loaded text begins with tab, CR or LF); numbers, negative ones
    // too, are never guarded, and text that only looks like a formula further on is left alone.
    let sql = "SELECT char(9) || 'tab' AS tab, char(13) || 'cr' AS cr, char(10) || 'lf' AS lf, \
               '=1+1' AS eq, '+1' AS plus, '-1' AS minus, '@A1' AS at, '''quote' AS apostrophe, \
               ' =x' AS space, 'a=b' AS inside, -5 AS negative, 2.5 AS real, NULL AS empty";
    let file = store.path("sql.csv");
    store.run(&["sql", sql, "--excel", "-o", file.to_str().unwrap()]);
    let csv = python_read_csv(&file);
    assert!(csv.bom);
    let compared = compare_cells("sql --excel", &csv, &store.query_json(&["sql", sql]), true);
    assert_eq!(
        compared.guarded,
        ["'\ttab", "'\rcr", "'\nlf", "'=1+1", "'+1", "'-1", "'@A1"]
    );
    assert_eq!(compared.numbers, 2);
    assert_eq!(csv.rows[1][10..], ["-5", "2.5", ""]);

    // Plain CSV: raw text, no byte-order mark, LF line ends.
    let plain = store.path("plain.csv");
    store.run(&["query", "statements", "-o", plain.to_str().unwrap()]);
    let csv = python_read_csv(&plain);
    assert!(!csv.bom);
    assert_eq!(csv.crlf, 0);
    let compared = compare_cells(
        "statements --format csv",
        &csv,
        &store.query_json(&["query", "statements"]),
        false,
    );
    assert!(compared.text.contains(hyperlink.as_str()));

    // export: raw, so that it loads back exactly.
    let dir = store.path("export");
    store.run(&["export", dir.to_str().unwrap()]);
    let exported = python_read_csv(&dir.join("statements.csv"));
    assert!(!exported.bom);
    let text = exported.rows[0].iter().position(|h| h == "text").unwrap();
    let texts: Vec<&String> = exported.rows[1..].iter().map(|r| &r[text]).collect();
    for t in &fixture_texts {
        assert!(texts.contains(&t), "export changed {t:?}: {texts:?}");
    }
    let entities = python_read_csv(&dir.join("entities.csv"));
    assert!(entities
        .rows
        .iter()
        .flatten()
        .any(|c| c == "+33 1 23 45 67 89 (standard)"));
    for file in [
        "statements.csv",
        "entities.csv",
        "figures.csv",
        "sources.csv",
    ] {
        let read = python_read_csv(&dir.join(file));
        assert!(
            !read.rows.iter().flatten().any(|c| c.starts_with('\'')),
            "export guarded a cell of {file}"
        );
    }
}

/// A spreadsheet that opens an `--excel` file and saves it back writes the guarded cells as it
/// read them, `'` included (LibreOffice does: CLIENTS.md). Loaded back, such a file should leave
/// the store as it was: PRODUCT.md promises spreadsheet files "re-loadable after review".
#[test]
fn an_excel_file_loads_back_unchanged() {
    let store = Store::formulas();
    // Entities: the rows a person wrote and the built-in ones.
    for (table, only) in [("entities", &[][..]), ("statements", &[]), ("figures", &[])] {
        let query = [&["query", table][..], only].concat();
        let before = store.query_json(&query);
        let file = format!("{table}.csv");
        store.run(&[&query[..], &["--excel", "-o", &file]].concat());
        store.run(&["-q", "load", table, &file]);
        assert_eq!(store.query_json(&query), before, "{table}");
    }
}

/// `--excel` writes CRLF line ends, and so do spreadsheets saving CSV: a bad row of such a file
/// is named by its line as in the same file with LF line ends.
#[test]
fn errors_in_a_crlf_file_name_the_same_lines_as_in_an_lf_file() {
    let store = Store::formulas();
    let rows = "source,metric,evidence\nnote,arrests,12\nnote,killings,12\n";
    fs::write(store.path("lf.csv"), rows).unwrap();
    fs::write(store.path("crlf.csv"), rows.replace('\n', "\r\n")).unwrap();
    let lf = store.fail(&["load", "figures", "--dry-run", "lf.csv"]);
    assert!(
        lf.contains("lf.csv:2:2: metric:") && lf.contains("lf.csv:3:2: metric:"),
        "{lf}"
    );
    let crlf = store.fail(&["load", "figures", "--dry-run", "crlf.csv"]);
    assert_eq!(crlf.replace("crlf.csv", "lf.csv"), lf);
}

// ---------------------------------------------------------------------------------------------
// Datasette, through its own test client.

/// The Datasette executables that `FACTSTORE_DATASETTE` names; none (with a notice) when unset.
fn datasettes() -> Vec<PathBuf> {
    let paths: Vec<PathBuf> = env::var_os("FACTSTORE_DATASETTE")
        .map(|v| {
            env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if paths.is_empty() {
        eprintln!(
            "notice: FACTSTORE_DATASETTE is not set (.ci/run sets it); skipping the Datasette test"
        );
    }
    paths
}

/// Datasette's answers (tests/clients/datasette_get.py) for `paths` of `store`, with the metadata
/// file `metadata` if given.
fn datasette_get(
    datasette: &Path,
    store: &Store,
    metadata: Option<&Path>,
    paths: &[&str],
) -> Value {
    let python = datasette.with_file_name("python");
    assert!(
        python.exists(),
        "FACTSTORE_DATASETTE names {}, with no {} beside it",
        datasette.display(),
        python.display()
    );
    let mut cmd = Command::new(&python);
    cmd.arg(manifest_dir().join("tests/clients/datasette_get.py"))
        .arg(&store.db);
    if let Some(metadata) = metadata {
        cmd.arg("--metadata").arg(metadata);
    }
    let output = cmd.args(paths).output().expect("run Datasette's python");
    assert!(
        output.status.success(),
        "datasette_get.py with {}: {}",
        python.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value =
        serde_json::from_slice(&output.stdout).expect("datasette_get.py prints JSON");
    for path in paths {
        assert_eq!(
            answer["responses"][path]["status"], 200,
            "Datasette {} answered {path}: {}",
            answer["version"], answer["responses"][path]
        );
    }
    answer
}

/// A curated figure with a subject, a claimant and a place, and what Datasette should show for
/// it: (figure id, [(column, table, id, label)]): the source's title and the entities' names.
fn labelled_figure(store: &Store) -> (String, Vec<(String, String, String, String)>) {
    let rows = store.rows(
        "SELECT f.id, s.id, s.title, a.id, a.name, b.id, b.name, c.id, c.name FROM figures f \
         JOIN sources s ON s.id = f.source_id JOIN entities a ON a.id = f.subject_id \
         JOIN entities b ON b.id = f.claimed_by_id JOIN entities c ON c.id = f.place_id \
         WHERE f.origin = 'curated' \
         ORDER BY (a.key <> a.name) + (b.key <> b.name) + (c.key <> c.name) DESC, f.id LIMIT 1",
    );
    let r = rows
        .first()
        .expect("a seed figure with subject, claimed_by and place");
    let fk = |column: &str, table: &str, id: &String, label: &String| {
        (
            column.to_string(),
            table.to_string(),
            id.clone(),
            label.clone(),
        )
    };
    (
        r[0].clone(),
        vec![
            fk("source_id", "sources", &r[1], &r[2]),
            fk("subject_id", "entities", &r[3], &r[4]),
            fk("claimed_by_id", "entities", &r[5], &r[6]),
            fk("place_id", "entities", &r[7], &r[8]),
        ],
    )
}

/// The paths that show a figure's foreign keys: the table JSON with labels, the table page
/// filtered to the figure, and the figure's row page.
fn figure_paths(id: &str) -> [String; 3] {
    [
        format!("/factstore/figures.json?id={id}&_labels=on&_shape=array"),
        format!("/factstore/figures?id={id}"),
        format!("/factstore/figures/{id}"),
    ]
}

/// Asserts that Datasette shows `labels` for figure `id`: in the JSON, on the table page and on
/// the row page (Datasette 0.65's row page shows bare ids, labels only from 1.0 on).
fn assert_figure_labels(answer: &Value, id: &str, labels: &[(String, String, String, String)]) {
    let version = answer["version"].as_str().unwrap();
    let [json, table, row] = figure_paths(id);
    let object = &answer["responses"][&json]["json"][0];
    for (column, _, value, label) in labels {
        assert_eq!(
            object[column],
            serde_json::json!({"value": value.parse::<i64>().unwrap(), "label": label}),
            "Datasette {version}: {column} of figure {id} in {json}"
        );
    }
    let mut pages = vec![table];
    if !version.starts_with("0.") {
        pages.push(row);
    }
    for page in pages {
        let links = answer["responses"][&page]["links"].as_array().unwrap();
        for (column, target, value, label) in labels {
            let href = format!("/factstore/{target}/{value}");
            let shown: Vec<&Value> = links.iter().filter(|l| l[0] == href.as_str()).collect();
            assert!(
                !shown.is_empty() && shown.iter().all(|l| l[1] == label.as_str()),
                "Datasette {version}: {column} of figure {id} on {page}: expected a link to \
                 {href} reading {label:?}, found {shown:?}"
            );
        }
    }
}

/// Asserts that the migration history `_schema_history` is not among the tables a person sees.
fn assert_history_hidden(answer: &Value) {
    let version = &answer["version"];
    let tables = answer["responses"]["/factstore.json"]["json"]["tables"]
        .as_array()
        .unwrap();
    for table in tables {
        if table["name"].as_str().unwrap().starts_with('_') {
            assert_eq!(
                table["hidden"], true,
                "Datasette {version} lists {} among the tables of the database",
                table["name"]
            );
        }
    }
}

#[test]
fn datasette_finds_words_without_accents_and_hides_the_fts_tables() {
    let datasettes = datasettes();
    if datasettes.is_empty() {
        return;
    }
    let store = Store::seeded();
    let (figure, labels) = labelled_figure(&store);
    let says = |text: &str| {
        let text = text.to_lowercase();
        text.contains("étrangers") || text.contains("etrangers")
    };
    let statements: BTreeSet<i64> = store
        .rows("SELECT id, text FROM statements")
        .into_iter()
        .filter(|r| says(&r[1]))
        .map(|r| r[0].parse().unwrap())
        .collect();
    let sources: BTreeSet<String> = store
        .rows("SELECT key, title, body FROM sources")
        .into_iter()
        .filter(|r| says(&r[1]) || says(&r[2]))
        .map(|r| r[0].clone())
        .collect();
    assert!(statements.len() >= 2 && !sources.is_empty());
    let searches = [
        "/factstore/statements.json?_search=etrangers&_shape=array&_size=max",
        "/factstore/statements.json?_search=%C3%89TRANGERS&_shape=array&_size=max",
        "/factstore/statements.json?_search=%C3%A9trangers&_shape=array&_size=max",
    ];
    let sources_search = "/factstore/sources.json?_search=etrangers&_shape=array&_size=max";
    let [json, _, _] = figure_paths(&figure);
    for datasette in datasettes {
        let mut paths = vec!["/factstore.json", sources_search, json.as_str()];
        paths.extend(searches);
        let answer = datasette_get(&datasette, &store, None, &paths);
        let version = &answer["version"];
        eprintln!(
            "Datasette {version} on SQLite {} ({})",
            answer["sqlite"],
            datasette.display()
        );
        let responses = &answer["responses"];

        // Full-text search folds case and accents: every statement saying étrangers, no other.
        for search in searches {
            let rows = responses[search]["json"].as_array().unwrap();
            let found: BTreeSet<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
            assert_eq!(found, statements, "Datasette {version}: {search}");
            assert!(rows
                .iter()
                .all(|r| r["text"].as_str().unwrap().contains("étrangers")));
        }
        let found: BTreeSet<String> = responses[sources_search]["json"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(found, sources, "Datasette {version}: {sources_search}");

        // The FTS tables and their shadow tables are hidden (or not listed at all); the content
        // tables are listed, sources and statements with their FTS table.
        let tables = responses["/factstore.json"]["json"]["tables"]
            .as_array()
            .unwrap();
        let table = |name: &str| tables.iter().find(|t| t["name"] == name);
        for t in tables {
            let name = t["name"].as_str().unwrap();
            if name.starts_with("sources_fts") || name.starts_with("statements_fts") {
                assert_eq!(t["hidden"], true, "Datasette {version} lists {name}");
            }
        }
        for name in [
            "sources",
            "entities",
            "aliases",
            "lexicon",
            "mentions",
            "statements",
            "figures",
            "loads",
        ] {
            let t = table(name).unwrap_or_else(|| panic!("Datasette {version}: no table {name}"));
            assert_eq!(t["hidden"], false, "Datasette {version} hides {name}");
        }
        assert_eq!(table("sources").unwrap()["fts_table"], "sources_fts");
        assert_eq!(table("statements").unwrap()["fts_table"], "statements_fts");

        // Foreign keys resolve: a figure's source is labelled by its title, and each entity
        // column points at its entity.
        let object = &responses[&json]["json"][0];
        let (_, _, source_id, title) = &labels[0];
        assert_eq!(
            object["source_id"],
            serde_json::json!({"value": source_id.parse::<i64>().unwrap(), "label": title}),
            "Datasette {version}: source of figure {figure}"
        );
        for (column, _, id, _) in &labels[1..] {
            assert_eq!(
                object[column]["value"].as_i64(),
                Some(id.parse().unwrap()),
                "Datasette {version}: {column} of figure {figure}"
            );
            assert!(object[column]["label"].is_string());
        }
    }
}

/// Datasette 1.0 hides tables whose names start with `_` by itself; 0.65 needs the shipped
/// datasette.json (`datasette -m datasette.json data/factstore.db`), as the README says.
#[test]
fn datasette_hides_the_migration_history() {
    let datasettes = datasettes();
    if datasettes.is_empty() {
        return;
    }
    let store = Store::seeded();
    for datasette in datasettes {
        let metadata = manifest_dir().join("datasette.json");
        assert_history_hidden(&datasette_get(
            &datasette,
            &store,
            Some(&metadata),
            &["/factstore.json"],
        ));
    }
}

/// Without any metadata: the schema leaves `name` the label of an entity (its only text column that
/// is neither unique nor a key).
#[test]
fn datasette_labels_entities_by_name() {
    let datasettes = datasettes();
    if datasettes.is_empty() {
        return;
    }
    let store = Store::seeded();
    let (figure, labels) = labelled_figure(&store);
    let paths = figure_paths(&figure);
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    for datasette in datasettes {
        let answer = datasette_get(&datasette, &store, None, &paths);
        assert_figure_labels(&answer, &figure, &labels);
    }
}

/// The fix proposed in CLIENTS.md for the two tests above: datasette.json
/// (`datasette -m datasette.json data/factstore.db`) hides the migration
/// history and labels entities by name, in every Datasette tested.
#[test]
fn datasette_with_the_proposed_metadata_hides_the_history_and_labels_entities_by_name() {
    let datasettes = datasettes();
    if datasettes.is_empty() {
        return;
    }
    let store = Store::seeded();
    let metadata = manifest_dir().join("datasette.json");
    let (figure, labels) = labelled_figure(&store);
    let paths = figure_paths(&figure);
    let mut paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    paths.push("/factstore.json");
    for datasette in datasettes {
        let answer = datasette_get(&datasette, &store, Some(&metadata), &paths);
        assert_history_hidden(&answer);
        assert_figure_labels(&answer, &figure, &labels);
    }
}
