//! Every loader on a corpus of files, `tests/fixtures/bad/<kind>/<case>.csv`, each loaded with
//! `load <kind> <case>.csv` from its own folder (so that messages name it the same everywhere):
//!
//! - a bad case must exit 1, print nothing on stdout, print exactly `<case>.expected` on stderr
//!   (each problem as `file:line[:column]: field: reason`, then `error: ...`), and leave the
//!   database as it was, compared with the `sqlite3` shell's `.dump`;
//! - a valid edge case (`valid-*.csv`) must exit 0, print exactly `<case>.expected` on stdout and
//!   nothing on stderr, and store what the file says, read back with `query`.
//!
//! Two values of the seeds are written as placeholders in the `.expected` files, so that edits of
//! the seeds do not break them: `{seed_metrics}` and `{seed_rows_in:KEY}`.
//!
//! Then `--on-error skip --rejects FILE`: the good rows load, the bad ones go to the rejects file
//! and leave no trace.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{
    copy_dir, fixture, load_report, seed_metrics, seed_rows_in_source, seeds, Env, DATASET_KINDS,
};

/// One file of the corpus.
struct Case {
    kind: String,
    /// The file name without `.csv`.
    name: String,
    dir: PathBuf,
    /// `<case>.expected`, its placeholders filled in.
    expected: String,
}

impl Case {
    fn valid(&self) -> bool {
        self.name.starts_with("valid-")
    }

    fn file(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// `load KIND CASE.csv`, run in the case's folder.
    fn run(&self, env: &Env) -> crate::util::Out {
        env.run_in(&self.dir, &["load", &self.kind, &self.file()])
    }
}

/// Every case of the corpus, by kind then name.
fn corpus() -> Vec<Case> {
    let root = fixture("bad");
    let mut cases = Vec::new();
    for kind in DATASET_KINDS {
        let dir = root.join(kind);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for file in &names {
            if let Some(name) = file.strip_suffix(".expected") {
                assert!(
                    names.contains(&format!("{name}.csv")),
                    "{kind}/{file} has no {name}.csv"
                );
            }
            let Some(name) = file.strip_suffix(".csv") else {
                continue;
            };
            let expected = fs::read_to_string(dir.join(format!("{name}.expected")))
                .unwrap_or_else(|e| panic!("{kind}/{name}.expected: {e}"));
            cases.push(Case {
                kind: kind.to_string(),
                name: name.to_string(),
                dir: dir.clone(),
                expected: fill_in(&expected),
            });
        }
    }
    cases
}

/// `text` with `{seed_metrics}` and `{seed_rows_in:KEY}` replaced by what the seeds hold.
pub fn fill_in(text: &str) -> String {
    let mut out = text.replace("{seed_metrics}", &seed_metrics());
    while let Some(start) = out.find("{seed_rows_in:") {
        let end = start + out[start..].find('}').expect("a closing }");
        let key = &out[start + "{seed_rows_in:".len()..end];
        out = format!(
            "{}{}{}",
            &out[..start],
            seed_rows_in_source(key),
            &out[end + 1..]
        );
    }
    out
}

/// The database as the `sqlite3` shell dumps it (`.dump`); without the shell, every row of every
/// table, read with rusqlite.
pub fn dump(env: &Env) -> String {
    let shell = Path::new("/usr/bin/sqlite3");
    if !shell.exists() {
        return env.dump();
    }
    let out = Command::new(shell)
        .arg("-readonly")
        .arg(env.db())
        .arg(".dump")
        .output()
        .expect("run sqlite3");
    assert!(
        out.status.success(),
        "sqlite3 .dump: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the dump is UTF-8")
}

/// A database holding a copy of `template`'s.
pub fn copy_of(template: &Env) -> Env {
    let env = Env::new();
    fs::copy(template.db(), env.db()).unwrap();
    let wal = PathBuf::from(format!("{}-wal", template.db_shown()));
    if wal.exists() {
        fs::copy(&wal, format!("{}-wal", env.db_shown())).unwrap();
    }
    env
}

#[test]
fn the_corpus_covers_every_loader() {
    let cases = corpus();
    let bad = cases.iter().filter(|c| !c.valid()).count();
    assert!(bad >= 40, "only {bad} bad cases");
    for kind in DATASET_KINDS {
        for valid in [false, true] {
            assert!(
                cases.iter().any(|c| c.kind == kind && c.valid() == valid),
                "no {} case for {kind}",
                if valid { "valid" } else { "bad" }
            );
        }
    }
}

#[test]
fn each_bad_file_fails_with_its_exact_problems_and_changes_nothing() {
    let env = Env::seeded();
    let before = dump(&env);
    assert!(before.contains("INSERT INTO figures"), "{before}");
    let mut failures = Vec::new();
    let cases: Vec<Case> = corpus().into_iter().filter(|c| !c.valid()).collect();
    for case in &cases {
        let out = case.run(&env);
        if out.code != 1 || !out.stdout.is_empty() || out.stderr != case.expected {
            failures.push(format!(
                "{}/{}: exit {} (expected 1)\n  stdout: {:?}\n  stderr:   {:?}\n  expected: {:?}",
                case.kind, case.name, out.code, out.stdout, out.stderr, case.expected
            ));
        }
        if dump(&env) != before {
            failures.push(format!("{}/{}: the database changed", case.kind, case.name));
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The rows of `table` as `query` writes them (CSV, parsed), both origins for the tables that
/// have them.
fn query_rows(env: &Env, kind: &str) -> Vec<csv::StringRecord> {
    let runs: Vec<Vec<&str>> = if ["mentions", "statements", "figures"].contains(&kind) {
        ["curated", "extracted"]
            .iter()
            .map(|o| vec!["query", kind, "--origin", o])
            .collect()
    } else {
        vec![vec!["query", kind]]
    };
    let mut rows = Vec::new();
    for args in runs {
        let out = env.run(&args).ok();
        let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
        let header = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            // Each row keyed by column name, as a record of "name=value" cells.
            rows.push(
                header
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| format!("{h}={v}"))
                    .collect(),
            );
        }
    }
    rows
}

#[test]
fn each_valid_edge_case_loads_what_the_file_says() {
    let template = Env::seeded();
    let mut failures = Vec::new();
    for case in corpus().into_iter().filter(Case::valid) {
        let env = copy_of(&template);
        let before = env.dump_content();
        let out = case.run(&env);
        if (out.code, out.stderr.as_str(), out.stdout.as_str()) != (0, "", &case.expected) {
            failures.push(format!(
                "{}/{}: exit {}\n  stderr: {:?}\n  stdout:   {:?}\n  expected: {:?}",
                case.kind, case.name, out.code, out.stderr, out.stdout, case.expected
            ));
            continue;
        }
        // Each row of the file, read with the csv crate (blanks around cells dropped, as the
        // loader does), is in the database: every cell it gives, as `query` writes it back.
        let stored = query_rows(&env, &case.kind);
        let mut reader = csv::Reader::from_path(case.dir.join(case.file())).unwrap();
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = 0;
        for record in reader.records() {
            rows += 1;
            let record = record.unwrap();
            let cells: Vec<(&str, &str)> = header
                .iter()
                .map(String::as_str)
                .zip(record.iter().map(str::trim))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            // The file's columns that `query` writes back (all but a source's `file`).
            let compared = cells
                .iter()
                .filter(|(name, _)| {
                    stored
                        .first()
                        .is_some_and(|row| row.iter().any(|c| c.starts_with(&format!("{name}="))))
                })
                .count();
            assert!(
                compared + 1 >= cells.len() && compared > 0,
                "{}/{}: query writes back too few of {cells:?}",
                case.kind,
                case.name
            );
            let found = stored.iter().any(|row| {
                cells.iter().all(|(name, value)| {
                    let known = row.iter().any(|c| c.starts_with(&format!("{name}=")));
                    // A hash is the same in either case, and stored in lower case.
                    let value = if *name == "sha256" {
                        value.to_ascii_lowercase()
                    } else {
                        value.to_string()
                    };
                    !known || row.iter().any(|c| *c == format!("{name}={value}"))
                })
            });
            if !found {
                failures.push(format!(
                    "{}/{}: no stored row says {cells:?}",
                    case.kind, case.name
                ));
            }
            // A source's text is the file's, its BOM dropped.
            if case.kind == "sources" {
                let (key, file) = (
                    &record[0],
                    &record[header.iter().position(|h| h == "file").unwrap()],
                );
                let text = fs::read_to_string(case.dir.join(file)).unwrap();
                let body: String = env
                    .conn()
                    .query_row("SELECT body FROM sources WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })
                    .unwrap();
                if body != text.trim_start_matches('\u{FEFF}') {
                    failures.push(format!(
                        "{}/{}: the body of {key} differs",
                        case.kind, case.name
                    ));
                }
            }
        }
        if rows == 0 && env.dump_content() != before {
            failures.push(format!(
                "{}/{}: a file with no rows changed the database",
                case.kind, case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_10_mb_field_loads_whole() {
    let env = Env::seeded();
    // Commas, doubled quotes, newlines (LF and CRLF) and characters of 2 to 4 bytes, so that
    // quoting and UTF-8 are crossed by every read of the file.
    let piece = "Un champ, « cité » \"deux fois\"\nsur plusieurs lignes\r\n漢字 🦀 é;\n";
    let description = piece.repeat(10 * 1024 * 1024 / piece.len() + 1);
    assert!(description.len() > 10 * 1024 * 1024);
    let quoted = description.replace('"', "\"\"");
    env.write(
        "big.csv",
        format!(
            "key,kind,name,description\ntest-big,other,Big,\"{quoted}\"\ntest-after,other,After,\n"
        ),
    );
    let out = env.run(&["load", "entities", "big.csv"]).ok();
    assert_eq!(
        out.stdout,
        load_report(&[("big.csv".into(), "entities", 2, 0, 0)])
    );
    let stored: String = env
        .conn()
        .query_row(
            "SELECT description FROM entities WHERE key = 'test-big'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Blanks around a cell are dropped, as everywhere.
    assert!(
        stored == description.trim_end(),
        "the 10 MB field came back changed"
    );
    assert_eq!(
        env.rows("SELECT name FROM entities WHERE key = 'test-after'"),
        ["\"After\"|"]
    );
}

// ---------------------------------------------------------------------------------------------
// --on-error skip --rejects FILE

/// The report of a load with `--on-error skip`: `rows` are (path, kind, inserted, updated,
/// unchanged, rejected).
fn skip_report(rows: &[(&str, &str, usize, usize, usize, usize)]) -> String {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(4);
    let mut out = format!(
        "{:width$}  {:10}  {:>8}  {:>8}  {:>9}  {:>8}\n",
        "file", "kind", "inserted", "updated", "unchanged", "rejected"
    );
    for (path, kind, inserted, updated, unchanged, rejected) in rows {
        out.push_str(&format!(
            "{path:width$}  {kind:10}  {inserted:>8}  {updated:>8}  {unchanged:>9}  {rejected:>8}\n"
        ));
    }
    out
}

#[test]
fn skipped_rows_go_to_the_rejects_file_and_the_others_load() {
    let env = Env::seeded();
    let figures_before = env.count("figures");
    env.write(
        "mixed.csv",
        concat!(
            "source,metric,value,qualifier,evidence,char_start,char_end,origin\n",
            // 2: good, inserted.
            "shoot-to-kill,arrested,3800,more_than,\"3,800\",,,extracted\n",
            // 3: an unknown metric.
            "shoot-to-kill,arrests,3800,more_than,\"3,800\",,,extracted\n",
            // 4: the natural key of line 2: rejected, line 2 stays as it was.
            "shoot-to-kill,arrested,3800,at_least,\"3,800\",,,extracted\n",
            // 5: a seed row as it is: unchanged.
            "shoot-to-kill,arrested,3800,more_than,\"3,800\",2664,2669,curated\n",
            // 6: too few fields.
            "tokayev-tirer-pour-tuer,killed\n",
            // 7: evidence that is not in the source (the reason needs quoting).
            "ordre-de-tirer,killed,2,,\"Deux, peut-être\",,,extracted\n",
            // 8: good, inserted.
            "tokayev-tirer-pour-tuer,killed,18,exact,18,1731,1733,extracted\n",
        ),
    );
    let out = env.run(&[
        "load",
        "figures",
        "--on-error",
        "skip",
        "--rejects",
        "rejects.csv",
        "mixed.csv",
    ]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            skip_report(&[("mixed.csv", "figures", 2, 0, 1, 4)]).as_str(),
            "4 rows rejected: see rejects.csv\n"
        )
    );
    assert_eq!(
        fs::read_to_string(env.path("rejects.csv")).unwrap(),
        format!(
            concat!(
                "source,metric,value,qualifier,evidence,char_start,char_end,origin,reason,line\n",
                "shoot-to-kill,arrests,3800,more_than,\"3,800\",,,extracted,\"metric: unknown metric \"\"arrests\"\" (metrics are lexicon rows of kind metric; known: {})\",3\n",
                "shoot-to-kill,arrested,3800,at_least,\"3,800\",,,extracted,\"repeats an earlier row of this file (same source, span, origin and metric)\",4\n",
                "tokayev-tirer-pour-tuer,killed,,,,,,,\"this row has 2 fields, the header has 8\",6\n",
                "ordre-de-tirer,killed,2,,\"Deux, peut-être\",,,extracted,\"evidence: \"\"Deux, peut-être\"\" is not in the text of source \"\"ordre-de-tirer\"\"\",7\n",
            ),
            seed_metrics()
        )
    );
    assert_eq!(env.count("figures"), figures_before + 2);
    assert_eq!(
        env.rows(
            "SELECT s.key, f.metric, f.value, f.qualifier, f.evidence, f.char_start, f.char_end \
             FROM figures f JOIN sources s ON s.id = f.source_id \
             WHERE f.origin = 'extracted' ORDER BY f.id"
        ),
        [
            "\"shoot-to-kill\"|\"arrested\"|3800|\"more_than\"|\"3,800\"|2664|2669|",
            "\"tokayev-tirer-pour-tuer\"|\"killed\"|18|\"exact\"|\"18\"|1731|1733|",
        ]
    );
    assert_eq!(
        env.rows(
            "SELECT kind, path, inserted, updated, unchanged, rejected FROM loads \
             ORDER BY id DESC LIMIT 1"
        ),
        ["\"figures\"|\"mixed.csv\"|2|0|1|4|"]
    );
    // What was loaded passes every check.
    env.run(&["check"]).ok();
}

#[test]
fn a_rejected_row_leaves_no_trace() {
    let env = Env::seeded();
    env.write("texts/a.txt", "Un texte.");
    env.write("texts/b.txt", "Un autre texte.");
    // The second row of each file has the key of the first, and would change it.
    env.write(
        "entities.csv",
        "key,kind,name\ntest-a,person,First Name\ntest-a,group,Second Name\n",
    );
    env.write(
        "sources.csv",
        "key,language,title,file\nnew-a,fr,Premier,texts/a.txt\nnew-a,en,Second,texts/b.txt\n",
    );
    for kind in ["entities", "sources"] {
        let file = format!("{kind}.csv");
        let out = env.run(&[
            "load",
            kind,
            "--on-error",
            "skip",
            "--rejects",
            "r.csv",
            &file,
        ]);
        assert_eq!(
            (out.code, out.stdout, out.stderr),
            (
                0,
                skip_report(&[(&file, kind, 1, 0, 0, 1)]),
                "1 row rejected: see r.csv\n".to_string()
            )
        );
    }
    assert_eq!(
        env.rows("SELECT kind, name FROM entities WHERE key = 'test-a'"),
        ["\"person\"|\"First Name\"|"]
    );
    assert_eq!(
        env.rows("SELECT language, title, body FROM sources WHERE key = 'new-a'"),
        ["\"fr\"|\"Premier\"|\"Un texte.\"|"]
    );
    // The full-text index followed the rollback too.
    assert_eq!(
        env.rows("SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'autre'"),
        ["0|"]
    );
    env.run(&["check"]).ok();
}

#[test]
fn a_file_that_is_bad_as_a_whole_fails_even_when_skipping() {
    let env = Env::seeded();
    let before = dump(&env);
    env.write(
        "e.csv",
        b"key,kind,name\ntest-a,president,A\ntest-b,person,Caf\xe9\n".as_slice(),
    );
    env.write("f.csv", "source,metric,value,note\n");
    // A quote that never closes: in skip mode too, the rows after it are not silently lost.
    env.write(
        "q.csv",
        "key,kind,name\ntest-a,person,A\ntest-b,person,\"B\ntest-c,person,C\n",
    );
    for (file, stderr) in [
        (
            "q.csv",
            "q.csv:3:3: name: the quote that opens this field is never closed: the rest of the file would be read as its value (close it, and write a quote inside a quoted field as \"\")\n",
        ),
        (
            "e.csv",
            "e.csv:3: invalid UTF-8 at byte offset 50 (the file is not UTF-8: save it as UTF-8)\n",
        ),
        (
            "f.csv",
            "f.csv:1:4: unknown column \"note\"; the columns of figures files are source, metric, evidence, value, low, high, qualifier, unit, subject, claimed_by, place, as_of, char_start, char_end, origin, confidence, rule\n",
        ),
    ] {
        let kind = if file == "f.csv" { "figures" } else { "entities" };
        let out = env.run(&["load", kind, "--on-error", "skip", "--rejects", "r.csv", file]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr),
            (
                1,
                "",
                format!("{stderr}error: 1 problem found; nothing was loaded\n")
            )
        );
        assert!(!env.path("r.csv").exists(), "a failed load wrote rejects");
    }
    assert_eq!(dump(&env), before);
}

#[test]
fn a_dataset_skips_into_a_folder_of_rejects() {
    let env = Env::new();
    let dir = env.path("dataset");
    copy_dir(&seeds(), &dir);
    let mut figures = fs::read_to_string(dir.join("figures.csv")).unwrap();
    figures.push_str("shoot-to-kill,arrests,3800,,,more_than,,,,,,\"3,800\",2664,2669,curated\n");
    fs::write(dir.join("figures.csv"), figures).unwrap();
    let out = env.run(&[
        "load",
        "dataset",
        "dataset",
        "--no-extract",
        "--dry-run",
        "--on-error",
        "skip",
        "--rejects",
        "rejected",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, "1 row rejected: see rejected/figures.csv\n")
    );
    assert!(out.stdout.ends_with("dry run: nothing was written\n"));
    assert!(!env.db().exists(), "--dry-run created the database");
    let header = |kind: &str| {
        let text = fs::read_to_string(seeds().join(format!("{kind}.csv"))).unwrap();
        format!("{},reason,line\n", text.lines().next().unwrap())
    };
    for kind in DATASET_KINDS {
        let rejects = fs::read_to_string(env.path(&format!("rejected/{kind}.csv"))).unwrap();
        if kind == "figures" {
            let line = crate::util::seed_rows("figures") + 2;
            assert_eq!(
                rejects,
                format!(
                    "{}shoot-to-kill,arrests,3800,,,more_than,,,,,,\"3,800\",2664,2669,curated,\"metric: unknown metric \"\"arrests\"\" (metrics are lexicon rows of kind metric; known: {})\",{line}\n",
                    header(kind),
                    seed_metrics()
                )
            );
        } else {
            assert_eq!(rejects, header(kind), "{kind}");
        }
    }
}

#[test]
fn skip_and_rejects_go_together() {
    let env = Env::new();
    env.write("f.csv", "source,metric,evidence\n");
    for (args, message) in [
        (
            &["--rejects", "r.csv"][..],
            "--rejects needs --on-error skip (by default a row with a problem fails the whole load, and no row is rejected)",
        ),
        (
            &["--on-error", "skip"][..],
            "--on-error skip needs --rejects PATH, where the rows it leaves out are written",
        ),
        (
            &["--on-error", "skip", "--rejects", "f.csv"][..],
            "--rejects f.csv is a file to load: it would be overwritten",
        ),
        (
            &["--on-error", "skip", "--rejects", "."][..],
            "--rejects . is a folder: name a file",
        ),
    ] {
        let mut argv = vec!["load", "figures", "f.csv"];
        argv.extend(args);
        let out = env.run(&argv);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr),
            (2, "", format!("error: {message}\n"))
        );
    }
    let out = env.run(&[
        "load",
        "dataset",
        ".",
        "--on-error",
        "skip",
        "--rejects",
        ".",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: --rejects . is the dataset folder: its files would be overwritten\n"
        )
    );
    let out = env.run(&[
        "load",
        "dataset",
        "dataset",
        "--on-error",
        "skip",
        "--rejects",
        "f.csv",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: --rejects f.csv is a file: for a dataset, name a folder (one rejects file per file loaded)\n"
        )
    );
    assert!(!env.db().exists(), "a usage error created the database");
    assert_eq!(
        fs::read_to_string(env.path("f.csv")).unwrap(),
        "source,metric,evidence\n"
    );
}

#[test]
fn rejects_of_several_files_have_the_columns_of_all_and_a_file_column() {
    let env = Env::seeded();
    env.write(
        "a.csv",
        "entity,alias\ntokayev,Tokaev-test\nnobody,Nobody\n",
    );
    env.write(
        "b.csv",
        "alias,language,entity\nSomeone,xx-yyyyyyyyy,tokayev\n",
    );
    let out = env.run(&[
        "load",
        "aliases",
        "--on-error",
        "skip",
        "--rejects",
        "r.csv",
        "a.csv",
        "b.csv",
    ]);
    assert_eq!(
        (out.code, out.stdout, out.stderr),
        (
            0,
            skip_report(&[
                ("a.csv", "aliases", 1, 0, 0, 1),
                ("b.csv", "aliases", 0, 0, 0, 1)
            ]),
            "2 rows rejected: see r.csv\n".to_string()
        )
    );
    assert_eq!(
        fs::read_to_string(env.path("r.csv")).unwrap(),
        concat!(
            "entity,alias,language,reason,line,file\n",
            "nobody,Nobody,,\"entity: unknown entity \"\"nobody\"\"\",3,a.csv\n",
            "tokayev,Someone,xx-yyyyyyyyy,\"language: \"\"xx-yyyyyyyyy\"\" is not a language tag such as fr, en or pt-BR\",2,b.csv\n",
        )
    );
    assert_eq!(
        env.rows("SELECT rejected FROM loads WHERE kind = 'aliases' ORDER BY id DESC LIMIT 2"),
        ["1|", "1|"]
    );
}

#[test]
fn a_bad_byte_deep_in_a_big_file_is_placed_exactly() {
    let env = Env::seeded();
    let before = dump(&env);
    // 40,000 rows (about 2 MB, many reads), multi-byte characters all along, then a cut
    // character at line 40,002.
    let mut text = String::from("key,kind,name,description\n");
    for i in 0..40_000 {
        text.push_str(&format!(
            "test-{i},person,Personne {i},\"« Élu » à Almaty, 漢字 🦀\"\n"
        ));
    }
    let offset = text.len() + "test-x,person,".len();
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"test-x,person,\xF0\x9F\xA6,\n");
    env.write("big.csv", &bytes);
    let out = env.run(&["load", "entities", "big.csv"]);
    assert_eq!(
        (out.code, out.stderr),
        (
            1,
            format!(
                "big.csv:40002: invalid UTF-8 at byte offset {offset} (the file is not UTF-8: save it as UTF-8)\n\
                 error: 1 problem found; nothing was loaded\n"
            )
        )
    );
    assert_eq!(dump(&env), before);
}

/// The columns a loader reads, as its help lists them.
fn loader_columns(env: &Env, kind: &str) -> Vec<String> {
    let help = env.run(&["load", kind, "--help"]).ok().stdout;
    help.lines()
        .skip_while(|line| *line != "Columns:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(|line| line.trim().split([' ', ':']).next().unwrap().to_string())
        .collect()
}

#[test]
fn a_huge_value_in_any_column_of_any_loader_is_cut_in_its_message() {
    let env = Env::seeded();
    // 256 KB, with what a CSV field, a key, a number, a date and a span may not hold.
    let piece = "Plus de 3 800, «arrêtés» \"hier\"; ";
    let huge = piece.repeat(256 * 1024 / piece.len());
    // Blanks around a cell are dropped.
    let length = huge.trim_end().chars().count();
    let shown = format!(
        "{:?}\u{2026} ({length} characters)",
        huge.chars().take(80).collect::<String>()
    );
    std::os::unix::fs::symlink(seeds().join("texts"), env.path("texts")).unwrap();
    let mut cut = 0;
    for kind in DATASET_KINDS {
        let columns = loader_columns(&env, kind);
        assert!(columns.len() >= 3, "{kind}: {columns:?}");
        let seed = crate::util::seed_records(kind).remove(0);
        for column in &columns {
            let mut file = csv::Writer::from_writer(Vec::new());
            file.write_record(&columns).unwrap();
            file.write_record(columns.iter().map(|c| {
                if c == column {
                    huge.as_str()
                } else {
                    seed.get(c).map_or("", String::as_str)
                }
            }))
            .unwrap();
            let name = format!("{kind}-{column}.csv");
            env.write(&name, file.into_inner().unwrap());
            let out = env.run(&["load", kind, "--dry-run", &name]);
            assert!(
                out.code == 0 || out.code == 1,
                "{name}: exit {}: {}",
                out.code,
                &out.stderr[..out.stderr.len().min(500)]
            );
            for line in out.stderr.lines() {
                assert!(
                    line.chars().count() < 600,
                    "{name}: a line of {} characters: {}…",
                    line.len(),
                    line.chars().take(300).collect::<String>()
                );
            }
            if out.stderr.contains(&shown) {
                cut += 1;
            }
        }
    }
    // Most columns refuse such a value, and quote its start.
    assert!(cut >= 20, "only {cut} messages quote the cut value");
}

#[test]
fn a_20_mb_value_gives_one_short_line() {
    let env = Env::seeded();
    let evidence = "3 800 ".repeat(20 * 1024 * 1024 / 6);
    env.write(
        "f.csv",
        format!("source,metric,value,evidence\nshoot-to-kill,arrested,3800,{evidence}\n"),
    );
    let out = env.run(&["load", "figures", "f.csv"]);
    let length = evidence.trim_end().chars().count();
    assert_eq!(
        (out.code, out.stderr),
        (
            1,
            format!(
                "f.csv:2:4: evidence: {:?}\u{2026} ({length} characters) is not in the text of source \"shoot-to-kill\"\n\
                 error: 1 problem found; nothing was loaded\n",
                &evidence[..80]
            )
        )
    );
}
