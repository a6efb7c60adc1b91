//! Extracting from the seeds, by `load dataset` and by `extract`: what it reports, that it is
//! stable (rows found again stay as they are, ids included), that it touches only the sources
//! asked for, that a dry run writes nothing, and that it never changes a curated row.
//!
//! These tests do not depend on what the extractor finds, only on how it is stored: every count
//! is read back from the database.

use std::fs;

use crate::util::{
    holdings, load_rows, manifest_dir, seed_files, seed_report, seed_rows, Env, LoadRow,
    CONTENT_TABLES, EXTRACTED_TABLES,
};

/// The line `load dataset` and `extract` print after extracting.
fn extracted_line(
    sources: usize,
    inserted: i64,
    updated: i64,
    unchanged: i64,
    deleted: i64,
) -> String {
    format!(
        "extracted from {sources} source{}: {inserted} rows inserted, {updated} updated, {unchanged} unchanged, {deleted} deleted\n",
        if sources == 1 { "" } else { "s" }
    )
}

/// Every row the extractor must leave alone: the content tables, of mentions, statements and
/// figures only the curated rows, of entities and aliases all but the discovered ones; by id, every column (load_id included).
fn curated(env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    for table in CONTENT_TABLES {
        // Entities and aliases: the built-in and curated ones (the extractor adds the names it
        // discovers as entities of origin extracted).
        let condition = if EXTRACTED_TABLES.contains(&table) {
            "WHERE origin = 'curated'"
        } else if ["entities", "aliases"].contains(&table) {
            "WHERE origin <> 'extracted'"
        } else {
            ""
        };
        out.push(format!("== {table}"));
        out.extend(env.rows(&format!("SELECT * FROM {table} {condition} ORDER BY id")));
    }
    out
}

/// The extracted rows of the sources `condition` (on `s`, the source) selects, by table and id.
fn extracted_where(env: &Env, condition: &str) -> Vec<String> {
    let mut out = Vec::new();
    for table in EXTRACTED_TABLES {
        out.push(format!("== {table}"));
        out.extend(env.rows(&format!(
            "SELECT t.* FROM {table} AS t JOIN sources AS s ON s.id = t.source_id
             WHERE t.origin = 'extracted' AND {condition} ORDER BY t.id"
        )));
    }
    out
}

fn extraction_load(command: &str, inserted: i64, unchanged: i64, deleted: i64) -> LoadRow {
    (
        command.to_string(),
        "extraction".to_string(),
        None,
        inserted,
        0,
        unchanged,
        deleted,
    )
}

/// The number of rows of every content table, for [`holdings`].
fn table_counts(env: &Env) -> Vec<(&'static str, usize)> {
    CONTENT_TABLES
        .iter()
        .map(|table| (*table, env.count(table) as usize))
        .collect()
}

/// What `check` prints on a sound database holding the seed sources.
fn sound(env: &Env) -> String {
    format!(
        "schema: version 8 (current)\n\
         integrity: ok\n\
         full-text index: ok ({} sources, {} statements)\n\
         foreign keys: ok\n\
         offsets: ok ({} mentions, {} statements, {} figures)\n\
         text hashes: ok ({} sources)\n\
         match keys: ok\n",
        env.count("sources"),
        env.count("statements"),
        env.count("mentions"),
        env.count("statements"),
        env.count("figures"),
        seed_rows("sources")
    )
}

#[test]
fn loading_the_seeds_extracts_from_every_source() {
    let env = Env::new();
    let out = env.load_seeds_extracting();
    let n = env.extracted_rows();
    assert!(n > 0, "the extractor found nothing in the seeds");
    let sources = seed_rows("sources");
    assert_eq!(
        out.stdout,
        format!(
            "{}{}{}",
            seed_report(true),
            extracted_line(sources, n, 0, 0, 0),
            holdings(&env.db_shown(), &table_counts(&env))
        )
    );
    // The curated rows are exactly those a load without extraction writes, ids included.
    assert_eq!(curated(&env), curated(&Env::seeded()));
    // The extraction is one more load, after the files, and every extracted row points at it.
    // (After the install of the built-in knowledge, one load per built-in file, and the files,
    // a decisions file with the load that applies it.)
    let rows = load_rows(&env);
    let applied = usize::from(seed_rows("decisions") > 0);
    assert_eq!(rows.len(), 3 + seed_files().len() + applied + 1);
    assert_eq!(
        rows.last().unwrap(),
        &extraction_load("load dataset", n, 0, 0)
    );
    let extraction = rows.len() as i64;
    for table in EXTRACTED_TABLES {
        let elsewhere: i64 = env
            .conn()
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE (origin = 'extracted') <> (load_id = ?1)"
                ),
                [extraction],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            elsewhere, 0,
            "{table}: rows with the load of another origin"
        );
    }
    // check verifies every span, the extracted ones included.
    let out = env.run(&["check"]).ok();
    assert_eq!(out.stdout, sound(&env));

    // Loading again changes no source, so it extracts nothing and says nothing of it.
    let content = env.dump_content();
    let out = env.load_seeds_extracting();
    assert_eq!(
        out.stdout,
        format!(
            "{}{}",
            seed_report(false),
            holdings(&env.db_shown(), &table_counts(&env))
        )
    );
    assert_eq!(env.dump_content(), content);
    let again = load_rows(&env);
    assert_eq!(again.len(), rows.len() + seed_files().len() + applied);
    assert!(
        again[rows.len()..].iter().all(|l| l.1 != "extraction"),
        "{again:?}"
    );
}

#[test]
fn a_dry_run_of_a_dataset_reports_what_it_would_extract() {
    let env = Env::new();
    let out = env
        .run_in(&manifest_dir(), &["load", "dataset", "seeds", "--dry-run"])
        .ok();
    assert!(!env.db().exists(), "--dry-run created {}", env.db_shown());
    let n = Env::seeded_extracted().extracted_rows();
    assert_eq!(
        out.stdout,
        format!(
            "{}{}dry run: nothing was written\n",
            seed_report(true),
            extracted_line(seed_rows("sources"), n, 0, 0, 0)
        )
    );
}

#[test]
fn extracting_twice_changes_nothing_the_second_time() {
    let env = Env::seeded();
    let before = curated(&env);
    let out = env.run(&["extract"]).ok();
    let n = env.extracted_rows();
    assert!(n > 0, "the extractor found nothing in the seeds");
    let sources = seed_rows("sources");
    assert_eq!(out.stdout, extracted_line(sources, n, 0, 0, 0));
    assert_eq!(curated(&env), before, "extract changed a curated row");
    // What it found is what `load dataset` extracts.
    let loaded = Env::seeded_extracted();
    for kind in EXTRACTED_TABLES {
        let query = ["query", kind, "--origin", "extracted"];
        assert_eq!(
            env.run(&query).ok().stdout,
            loaded.run(&query).ok().stdout,
            "{query:?}"
        );
    }

    // Again: every row is found again and stays as it is, id and load included.
    let content = env.dump_content();
    let out = env.run(&["extract"]).ok();
    assert_eq!(out.stdout, extracted_line(sources, 0, 0, n, 0));
    assert_eq!(env.dump_content(), content);
    let rows = load_rows(&env);
    assert_eq!(
        rows[rows.len() - 2..],
        [
            extraction_load("extract", n, 0, 0),
            extraction_load("extract", 0, n, 0)
        ]
    );
    let out = env.run(&["-q", "extract"]).ok();
    assert_eq!(out.stdout, "");
    assert_eq!(env.dump_content(), content);
    env.run(&["-q", "check"]).ok();
}

#[test]
fn extracting_one_source_touches_only_it() {
    let env = Env::seeded_extracted();
    // Two extracted rows the extractor does not find (it finds quotes and terms, not indirect
    // speech): one in the source extracted again, which goes, and one in another, which stays.
    let csv = "source,kind,text,origin,confidence\n\
               shoot-to-kill,indirect,rejected any possibility of negotiation with the demonstrators,extracted,0.1\n\
               ordre-de-tirer,indirect,Alors que les violences se poursuivent au Kazakhstan,extracted,0.1\n";
    let out = env
        .run_stdin(&["load", "statements", "-"], csv.as_bytes())
        .ok();
    assert_eq!(
        out.stdout,
        "file  kind        inserted   updated  unchanged\n\
         -     statements         2         0          0\n"
    );
    let others = extracted_where(&env, "s.key <> 'shoot-to-kill'");
    let mine = extracted_where(&env, "s.key = 'shoot-to-kill'");
    let before = curated(&env);
    let stray = |row: &String| row.contains("rejected any possibility");
    assert_eq!(mine.iter().filter(|r| stray(r)).count(), 1);
    let found_again = mine.iter().filter(|r| !r.starts_with("==")).count() - 1;

    let out = env.run(&["extract", "--source", "shoot-to-kill"]).ok();
    assert_eq!(out.stdout, extracted_line(1, 0, 0, found_again as i64, 1));
    assert_eq!(extracted_where(&env, "s.key <> 'shoot-to-kill'"), others);
    let kept: Vec<String> = mine.into_iter().filter(|r| !stray(r)).collect();
    assert_eq!(extracted_where(&env, "s.key = 'shoot-to-kill'"), kept);
    assert_eq!(curated(&env), before, "extract changed a curated row");

    // A source named twice is extracted from once.
    let content = env.dump_content();
    let out = env
        .run(&[
            "extract",
            "--source",
            "shoot-to-kill",
            "--source",
            "shoot-to-kill",
        ])
        .ok();
    assert_eq!(out.stdout, extracted_line(1, 0, 0, found_again as i64, 0));
    assert_eq!(env.dump_content(), content);
}

#[test]
fn extracting_from_an_unknown_source_is_an_error() {
    let env = Env::seeded_extracted();
    let before = env.dump();
    for args in [
        &["extract", "--source", "nope"][..],
        &["extract", "--source", "shoot-to-kill", "--source", "nope"],
        &["extract", "--dry-run", "--source", "nope"],
    ] {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                2,
                "",
                "error: invalid value 'nope' for '--source <KEY>': no source has this key\n\n  tip: `factstore query sources` lists them\n"
            ),
            "{args:?}"
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
}

#[test]
fn a_dry_run_of_extract_writes_nothing() {
    let env = Env::seeded();
    let sources = seed_rows("sources");
    let before = env.dump();
    let dry = env.run(&["extract", "--dry-run"]).ok();
    assert_eq!(env.dump(), before);
    // It reports what the real run then does.
    let out = env.run(&["extract"]).ok();
    let n = env.extracted_rows();
    assert_eq!(out.stdout, extracted_line(sources, n, 0, 0, 0));
    assert_eq!(
        dry.stdout,
        format!(
            "{}dry run: nothing was written\n",
            extracted_line(sources, n, 0, 0, 0)
        )
    );
    let before = env.dump();
    let dry = env
        .run(&["extract", "--dry-run", "--source", "shoot-to-kill"])
        .ok();
    let in_source = extracted_where(&env, "s.key = 'shoot-to-kill'")
        .iter()
        .filter(|r| !r.starts_with("=="))
        .count() as i64;
    assert_eq!(
        dry.stdout,
        format!(
            "{}dry run: nothing was written\n",
            extracted_line(1, 0, 0, in_source, 0)
        )
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn extracting_from_a_missing_database_creates_nothing() {
    let env = Env::new();
    for args in [&["extract"][..], &["extract", "--dry-run"]] {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                1,
                "",
                format!(
                    "error: database {} does not exist (create it with `factstore init` or `factstore load dataset DIR`)\n",
                    env.db_shown()
                )
                .as_str()
            ),
            "{args:?}"
        );
        assert!(
            fs::read_dir(env.dir()).unwrap().next().is_none(),
            "{args:?} created something"
        );
    }
}

/// A text in decomposed form (every accent a combining mark after its letter): the extractor's
/// spans never cut a letter from its mark, so that what it stored exports and loads back, where
/// the loaders refuse such spans.
#[test]
fn spans_extracted_from_decomposed_text_load_back() {
    let env = Env::seeded();
    let seed = manifest_dir().join("seeds/texts");
    let mut text = String::new();
    for entry in fs::read_dir(&seed).unwrap() {
        text.push_str(&fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    // NFD of the seeds' accents, and a name whose diaeresis is a mark.
    let decomposed: String = text
        .replace("Tokayev", "Tokai\u{308}ev")
        .chars()
        .flat_map(|c| match c {
            'é' => vec!['e', '\u{301}'],
            'è' => vec!['e', '\u{300}'],
            'à' => vec!['a', '\u{300}'],
            'ç' => vec!['c', '\u{327}'],
            'ï' => vec!['i', '\u{308}'],
            c => vec![c],
        })
        .collect();
    assert!(decomposed.contains("e\u{301}") && !decomposed.contains('é'));
    env.write("nfd/texts/all.txt", &decomposed);
    env.write(
        "nfd/sources.csv",
        "key,language,file\nnfd,fr,texts/all.txt\n",
    );
    let out = env.run(&["load", "dataset", "nfd"]).ok();
    assert!(
        out.stdout.contains("extracted from 1 source: "),
        "{}",
        out.stdout
    );
    let found: i64 = env
        .rows("SELECT count(*) FROM mentions WHERE source_id = (SELECT id FROM sources WHERE key = 'nfd')")[0]
        .trim_end_matches('|')
        .parse()
        .unwrap();
    assert!(found > 50, "only {found} mentions");
    env.run(&["-q", "export", "out"]).ok();
    let copy = Env::new();
    copy.run_in(env.dir(), &["-q", "load", "dataset", "--no-extract", "out"])
        .ok();
    // The copy exports the same files, byte for byte.
    copy.run(&["-q", "export", "again"]).ok();
    let files = crate::util::files_under(&env.path("out"));
    assert_eq!(files, crate::util::files_under(&copy.path("again")));
    for file in files {
        let (a, b) = (
            fs::read(env.path("out").join(&file)).unwrap(),
            fs::read(copy.path("again").join(&file)).unwrap(),
        );
        assert!(a == b, "{file} differs after the round trip");
    }
}
