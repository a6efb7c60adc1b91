//! `sql`: one read-only statement, written like a query; anything that writes is refused.

use std::path::{Path, PathBuf};

use crate::util::{seed_rows, Env};

#[test]
fn a_select_is_written_like_a_query() {
    let env = Env::seeded();
    let out = env
        .run(&[
            "sql",
            "SELECT key, language, published FROM sources ORDER BY key",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "key,language,published\n\
         appel-russie-bielorussie,fr,2022-01-07\n\
         ordre-de-tirer,fr,\n\
         shoot-to-kill,en,\n\
         tirer-sans-avertissement,fr,\n\
         tokayev-tirer-pour-tuer,fr,\n"
    );
    let out = env
        .run(&[
            "sql",
            "SELECT source, value, qualifier, claimed_by FROM figure_report WHERE metric = 'arrested' AND value >= 3700 ORDER BY value",
            "--format",
            "jsonl",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "{\"source\":\"tokayev-tirer-pour-tuer\",\"value\":3700,\"qualifier\":\"more_than\",\"claimed_by\":\"Kazakh state television\"}\n\
         {\"source\":\"shoot-to-kill\",\"value\":3800,\"qualifier\":\"more_than\",\"claimed_by\":null}\n"
    );
    // WITH, the fold() function, and a trailing semicolon.
    let out = env
        .run(&[
            "sql",
            "WITH t(x) AS (VALUES ('Tokaïev'), ('Qassim‐Jomart  TOKAYEV')) SELECT x, fold(x) AS k FROM t;",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "x,k\nTokaïev,tokaiev\nQassim‐Jomart  TOKAYEV,qassim-jomart tokayev\n"
    );
}

#[test]
fn statements_that_write_are_refused() {
    let env = Env::seeded();
    let before = env.dump();
    let bytes = std::fs::read(env.db()).unwrap();
    let read_only =
        "error: sql runs read-only statements only; use the load commands to change the store\n";
    let no_rows = "error: sql runs statements that return rows (SELECT, WITH, PRAGMA, EXPLAIN); this one returns none\n";
    let cases = [
        ("DELETE FROM figures", read_only),
        ("delete from figures where id = 1", read_only),
        ("UPDATE figures SET value = 0", read_only),
        ("DROP TABLE figures", read_only),
        (
            "INSERT INTO loads (command, kind, factstore_version) VALUES ('x', 'figures', '0')",
            read_only,
        ),
        ("ATTACH 'x.db' AS x", no_rows),
        ("  attach database 'x.db' as x", no_rows),
        ("/* hi */ ATTACH 'x.db' AS x", no_rows),
        ("DETACH x", no_rows),
        ("BEGIN", no_rows),
        ("", no_rows),
        ("VACUUM INTO 'copy.db'", read_only),
        ("PRAGMA user_version = 5", read_only),
        ("CREATE TABLE mine (x)", read_only),
        ("CREATE TEMP TABLE mine (x)", read_only),
        ("CREATE VIEW mine AS SELECT 1", read_only),
        ("CREATE INDEX mine ON figures (value)", read_only),
        ("REPLACE INTO figures (id) VALUES (1)", read_only),
        ("WITH x AS (SELECT 1) DELETE FROM figures", read_only),
        ("PRAGMA journal_mode = delete", read_only),
        ("PRAGMA wal_checkpoint(TRUNCATE)", read_only),
        ("ANALYZE", read_only),
        ("REINDEX", read_only),
        ("PRAGMA writable_schema = 1", no_rows),
        ("PRAGMA query_only = 0", no_rows),
        ("SAVEPOINT a", no_rows),
        (
            "SELECT 1; DELETE FROM figures",
            "error: sql runs one statement at a time; found more than one\n",
        ),
        (
            "SELECT 1; SELECT 2",
            "error: sql runs one statement at a time; found more than one\n",
        ),
    ];
    for (sql, message) in cases {
        let out = env.run(&["sql", sql]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", message),
            "sql {sql:?}"
        );
        assert_eq!(env.dump(), before, "sql {sql:?} changed the database");
        assert!(
            std::fs::read(env.db()).unwrap() == bytes,
            "sql {sql:?} changed the database file"
        );
    }
    let mode: String = env
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(env.count("figures") as usize, seed_rows("figures"));
    assert!(!env.path("x.db").exists());
    assert!(!env.path("copy.db").exists());
}

#[test]
fn a_bad_statement_is_reported() {
    let env = Env::seeded();
    let out = env.run(&["sql", "SELECT nope FROM figures"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            "error: sql: no such column: nope in SELECT nope FROM figures at offset 7\n"
        )
    );
}

/// A shared library that, once loaded, writes `marker`: built with the C compiler when there is
/// one (None otherwise).
fn extension(env: &Env, marker: &Path) -> Option<PathBuf> {
    let source = env.write(
        "ext.c",
        format!(
            "#include <stdio.h>\n\
             __attribute__((constructor)) static void loaded(void) {{\n\
               FILE *f = fopen({:?}, \"w\"); if (f) {{ fputs(\"loaded\\n\", f); fclose(f); }}\n\
             }}\n\
             int sqlite3_ext_init(void *db, char **err, const void *api) {{ return 0; }}\n",
            marker.display().to_string()
        ),
    );
    let library = env.path("ext.so");
    let built = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&library)
        .arg(&source)
        .status()
        .is_ok_and(|s| s.success());
    built.then_some(library)
}

#[test]
fn extension_loading_is_impossible() {
    let env = Env::seeded();
    let bytes = std::fs::read(env.db()).unwrap();
    let marker = env.path("loaded.txt");
    let mut paths = vec!["/tmp/x".to_string()];
    // A real extension, when it can be built: SQLite's shell loads it (and it writes its
    // marker); factstore must not.
    if let Some(library) = extension(&env, &marker) {
        paths.push(library.display().to_string());
    }
    for path in &paths {
        for sql in [
            format!("SELECT load_extension('{path}')"),
            format!("SELECT load_extension('{path}', 'sqlite3_ext_init')"),
        ] {
            let out = env.run(&["sql", &sql]);
            assert_eq!(out.code, 1, "{sql}");
            // SQLite refuses before it opens the file ("not authorized"), rather than failing to
            // load it ("cannot open shared object file", "undefined symbol").
            assert!(
                out.stderr.starts_with("error: ") && out.stderr.contains("not authorized"),
                "{sql}: {}",
                out.stderr
            );
            assert!(!marker.exists(), "{sql} loaded the extension");
        }
    }
    assert!(std::fs::read(env.db()).unwrap() == bytes);
    // The control: the sqlite3 shell, which allows extensions, does load the one built here.
    if let (Some(library), true) = (paths.get(1), Path::new("/usr/bin/sqlite3").is_file()) {
        let shell = std::process::Command::new("/usr/bin/sqlite3")
            .arg(":memory:")
            .arg(format!("SELECT load_extension('{library}')"))
            .output()
            .unwrap();
        assert!(
            marker.exists(),
            "the test extension does not work: {shell:?}"
        );
    }
}

#[test]
fn loading_an_extension_fails_with_a_clear_message() {
    let env = Env::seeded();
    let out = env.run(&["sql", "SELECT load_extension('/tmp/x')"]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    assert!(
        out.stderr.starts_with("error: ") && out.stderr.contains("extension"),
        "{}",
        out.stderr
    );
}
