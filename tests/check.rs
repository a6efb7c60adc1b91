//! `check`, and how every command treats a database that is missing or from a newer factstore.

use std::fs;

use crate::util::{seeds, Env};

const SOUND: &str = "\
schema: version 1 (current)
integrity: ok
foreign keys: ok
offsets: ok (0 mentions, 32 statements, 41 figures)
text hashes: ok (5 sources)
match keys: ok
";

#[test]
fn check_passes_on_the_seeds() {
    let env = Env::seeded();
    let out = env.run(&["check"]).ok();
    assert_eq!(out.stdout, SOUND);
    let out = env.run(&["-q", "check"]).ok();
    assert_eq!(out.stdout, "");
}

#[test]
fn check_finds_a_shifted_offset() {
    let env = Env::seeded();
    let changed = env
        .conn()
        .execute(
            "UPDATE figures SET char_start = char_start + 1, char_end = char_end + 1 WHERE id = 1",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let problem = "offsets: figures row 1 (source tokayev-tirer-pour-tuer, 1716..1718): the text there is '6 ', not '26'\n";
    let out = env.run(&["check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            format!(
                "schema: version 1 (current)\n\
                 integrity: ok\n\
                 foreign keys: ok\n\
                 offsets: 1 problem (0 mentions, 32 statements, 41 figures)\n\
                 text hashes: ok (5 sources)\n\
                 match keys: ok\n\
                 {problem}"
            )
            .as_str(),
            "error: check found 1 problem\n"
        )
    );
    // --quiet leaves the problem lines.
    let out = env.run(&["-q", "check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (1, problem, "error: check found 1 problem\n")
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
    assert_eq!(
        lines[1],
        "match keys: entities row 1 (\"Kassym-Jomart Tokayev\") has match key \"tokaev\", not \"kassym-jomart tokayev\""
    );
    assert_eq!(out.stderr, "error: check found 2 problems\n");
}

/// Every command that reads the database, with what it needs beyond `--db`.
const READERS: [&[&str]; 6] = [
    &["query", "figures"],
    &["query", "statements", "--speaker", "tokayev"],
    &["sql", "SELECT 1"],
    &["export", "exported"],
    &["check"],
    &["query", "sources", "-o", "out.csv"],
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
        "error: database {} has schema version 999, newer than this factstore knows (1): it was written by a newer factstore; upgrade factstore to use it\n",
        env.db_shown()
    );
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let figures = format!("{seeds}/figures.csv");
    let writers: [&[&str]; 4] = [
        &["init"],
        &["load", "dataset", seeds],
        &["load", "figures", &figures],
        &["load", "--dry-run", "dataset", seeds],
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
    assert!(!env.path("exported").exists());
    assert!(!env.path("out.csv").exists());
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
            "schema: version 1 (current)\n\
             integrity: ok\n\
             foreign keys: 1 problem\n\
             offsets: ok (0 mentions, 32 statements, 41 figures)\n\
             text hashes: ok (5 sources)\n\
             match keys: ok\n\
             foreign keys: figures row 2 points to a missing entities row\n",
            "error: check found 1 problem\n"
        )
    );
}
