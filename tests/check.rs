//! `check`, and how every command treats a database that is missing or from a newer factstore.

use std::fs;

use crate::util::{seed_offsets_line, seed_rows, seeds, Env};

/// What `check` prints on the curated seeds, with `offsets` as its offsets line and `foreign_keys`
/// as the status of foreign keys.
fn report(foreign_keys: &str, offsets: &str) -> String {
    format!(
        "schema: version 8 (current)\n\
         integrity: ok\n\
         full-text index: ok ({} sources, {} statements)\n\
         foreign keys: {foreign_keys}\n\
         {offsets}\n\
         text hashes: ok ({} sources)\n\
         match keys: ok\n",
        seed_rows("sources"),
        seed_rows("statements"),
        seed_rows("sources")
    )
}

#[test]
fn check_passes_on_the_seeds() {
    let env = Env::seeded();
    let out = env.run(&["check"]).ok();
    assert_eq!(out.stdout, report("ok", &seed_offsets_line("ok")));
    let out = env.run(&["-q", "check"]).ok();
    assert_eq!(out.stdout, "");
}

#[test]
fn check_finds_a_shifted_offset() {
    let env = Env::seeded();
    // Figure 1 (the first row of seeds/figures.csv), shifted one character to the right: what
    // the text holds there then, read with SQLite's substr() (code points, like the offsets).
    let (source, start, end, evidence, shifted): (String, i64, i64, String, String) = env
        .conn()
        .query_row(
            "SELECT s.key, f.char_start, f.char_end, f.evidence,
                    substr(s.body, f.char_start + 2, f.char_end - f.char_start)
             FROM figures AS f JOIN sources AS s ON s.id = f.source_id WHERE f.id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_ne!(shifted, evidence);
    let changed = env
        .conn()
        .execute(
            "UPDATE figures SET char_start = char_start + 1, char_end = char_end + 1 WHERE id = 1",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    // Both texts are quoted the SQL way (%Q: a quote inside is doubled).
    let quoted = |text: &str| format!("'{}'", text.replace('\'', "''"));
    let problem = format!(
        "offsets: figures row 1 (source {source}, {}..{}): the text there is {}, not {}\n",
        start + 1,
        end + 1,
        quoted(&shifted),
        quoted(&evidence)
    );
    let out = env.run(&["check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            format!("{}{problem}", report("ok", &seed_offsets_line("1 problem"))).as_str(),
            "error: check found 1 problem\n"
        )
    );
    // --quiet leaves the problem lines.
    let out = env.run(&["-q", "check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (1, problem.as_str(), "error: check found 1 problem\n")
    );
}

#[test]
fn check_finds_a_changed_text_and_a_stale_match_key() {
    let env = Env::seeded();
    let conn = env.conn();
    conn.execute(
        "UPDATE sources SET body = body || ' ' WHERE key = 'ordre-de-tirer'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE entities SET match_key = 'tokaev' WHERE key = 'tokayev'",
        [],
    )
    .unwrap();
    drop(conn);
    let out = env.run(&["-q", "check"]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].starts_with("hashes: source ordre-de-tirer: the text hashes to ")
            && lines[0].ends_with(
                ", not the stored 718049f140b5b00fddfff9af697ed72d502de3e8c3c0b61732c027acb4d22bf3"
            ),
        "{}",
        lines[0]
    );
    let id = env.rows("SELECT id FROM entities WHERE key = 'tokayev'")[0].replace('|', "");
    assert_eq!(
        lines[1],
        format!("match keys: entities row {id} (\"Kassym-Jomart Tokayev\") has match key \"tokaev\", not \"kassym-jomart tokayev\"")
    );
    assert_eq!(out.stderr, "error: check found 2 problems\n");
}

/// Every command that reads the database, with what it needs beyond `--db`.
const READERS: [&[&str]; 16] = [
    &["query", "figures"],
    &["query", "statements", "--speaker", "tokayev"],
    &["sql", "SELECT 1"],
    &["export", "exported"],
    &["check"],
    &["query", "sources", "-o", "out.csv"],
    &["eval"],
    &["query", "entities"],
    &["query", "aliases", "--format", "json"],
    &["query", "lexicon"],
    &["query", "mentions", "--entity", "tokayev"],
    &["compare"],
    &["compare", "--format", "html", "-o", "report.html"],
    &["search", "tokayev"],
    &["eval", "--misses", "misses.csv"],
    &["sql", "SELECT count(*) FROM figure_comparison"],
];

#[test]
fn reading_a_missing_database_creates_nothing() {
    let env = Env::new();
    for args in READERS {
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

#[test]
fn a_mistyped_path_in_a_missing_folder_creates_nothing_either() {
    let env = Env::new();
    let typo = env.path("dta/factstore.db");
    for args in READERS {
        let output = assert_cmd::Command::cargo_bin("factstore")
            .unwrap()
            .env("FACTSTORE_DB", &typo)
            .current_dir(env.dir())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned()),
            (
                Some(1),
                format!(
                    "error: database {} does not exist (create it with `factstore init` or `factstore load dataset DIR`)\n",
                    typo.display()
                )
            ),
            "{args:?}"
        );
        assert!(
            fs::read_dir(env.dir()).unwrap().next().is_none(),
            "{args:?} created something"
        );
    }
}

#[test]
fn readers_leave_the_database_file_byte_for_byte_unchanged() {
    let env = Env::seeded();
    let bytes = fs::read(env.db()).unwrap();
    assert!(
        !env.path("t.db-wal").exists(),
        "the loader left a WAL file behind"
    );
    for args in READERS {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (0, ""),
            "{args:?}; stdout:\n{}",
            out.stdout
        );
        assert!(
            fs::read(env.db()).unwrap() == bytes,
            "{args:?} changed the database file"
        );
        // A reader in WAL mode may leave the WAL file beside the database, never anything in it.
        let wal = env.path("t.db-wal");
        assert!(
            !wal.exists() || fs::metadata(&wal).unwrap().len() == 0,
            "{args:?} wrote into the WAL"
        );
    }
}

#[test]
fn readers_work_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;

    let env = Env::seeded();
    let folder = env.path("ro");
    fs::create_dir(&folder).unwrap();
    let db = folder.join("t.db");
    fs::copy(env.db(), &db).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    let writable = fs::write(folder.join("probe"), "").is_ok();
    let runs: Vec<_> = READERS
        .iter()
        .filter(|args| !args.contains(&"-o") && !args.contains(&"--misses") && args[0] != "export")
        .map(|args| {
            let output = assert_cmd::Command::cargo_bin("factstore")
                .unwrap()
                .env_remove("FACTSTORE_DB")
                .current_dir(env.dir())
                .arg("--db")
                .arg(&db)
                .args(*args)
                .output()
                .unwrap();
            (args.to_vec(), output)
        })
        .collect();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        eprintln!("notice: permissions are not enforced for this user (root?); the test proves nothing here");
    }
    for (args, output) in runs {
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(0), ""),
            "{args:?}"
        );
    }
}

#[test]
fn a_database_from_a_newer_factstore_is_refused_by_every_command() {
    let env = Env::seeded();
    env.conn()
        .execute(
            "INSERT INTO _schema_history (version, name, applied_on, checksum) \
             VALUES (999, 'future', '2030-01-01T00:00:00Z', '0')",
            [],
        )
        .unwrap();
    let before = env.dump();
    let message = format!(
        "error: database {} has schema version 999, newer than this factstore knows (8): it was written by a newer factstore; upgrade factstore to use it\n",
        env.db_shown()
    );
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let figures = format!("{seeds}/figures.csv");
    let writers: [&[&str]; 7] = [
        &["init"],
        &["load", "dataset", seeds],
        &["load", "figures", &figures],
        &["load", "--dry-run", "dataset", seeds],
        &["load", "dataset", "--no-extract", seeds],
        &["extract"],
        &["extract", "--dry-run", "--source", "shoot-to-kill"],
    ];
    for args in READERS.iter().chain(&writers) {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", message.as_str()),
            "{args:?}"
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
    for file in ["exported", "out.csv", "report.html", "misses.csv"] {
        assert!(!env.path(file).exists(), "{file}");
    }
}

#[test]
fn a_database_that_is_not_factstore_s_is_refused() {
    let env = Env::new();
    env.conn()
        .execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let before = env.dump();
    let message = format!(
        "error: {} is not a factstore database (it has tables but no _schema_history table)\n",
        env.db_shown()
    );
    let seeds = seeds();
    for args in [
        &["init"][..],
        &["query", "figures"],
        &["load", "dataset", seeds.to_str().unwrap()],
        &["extract"],
        &["eval"],
    ] {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", message.as_str()),
            "{args:?}"
        );
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn check_finds_a_dangling_reference() {
    let env = Env::seeded();
    env.conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF; UPDATE figures SET subject_id = 9999 WHERE id = 2;",
        )
        .unwrap();
    let out = env.run(&["check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            format!(
                "{}foreign keys: figures row 2 points to a missing entities row\n",
                report("1 problem", &seed_offsets_line("ok"))
            )
            .as_str(),
            "error: check found 1 problem\n"
        )
    );
}

#[test]
fn check_finds_the_full_text_index_out_of_step() {
    let env = Env::seeded();
    // Statement 1 taken out of the index, and a row indexed that the table does not hold.
    env.conn()
        .execute_batch(
            "INSERT INTO statements_fts (statements_fts, rowid, text)
                 SELECT 'delete', id, text FROM statements WHERE id = 1;
             INSERT INTO statements_fts (rowid, text) VALUES (9999, 'nowhere');",
        )
        .unwrap();
    let out = env.run(&["check"]);
    let statements = seed_rows("statements");
    let expected = report("ok", &seed_offsets_line("ok")).replace(
        &format!("full-text index: ok (5 sources, {statements} statements)"),
        &format!("full-text index: 2 problems (5 sources, {statements} statements)"),
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            format!(
                "{expected}full-text index: statements row 1 is not indexed\n\
                 full-text index: statements_fts indexes row 9999, which statements does not hold\n"
            )
            .as_str(),
            "error: check found 2 problems\n"
        )
    );
}
