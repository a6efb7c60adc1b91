//! `sql`: one read-only statement, written like a query; anything that writes is refused.

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
    }
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
