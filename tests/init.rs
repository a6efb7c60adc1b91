//! `init`: create the database, then find it up to date.

use crate::util::Env;

#[test]
fn init_creates_then_finds_the_database_up_to_date() {
    let env = Env::new();
    let out = env.run(&["init"]).ok();
    assert_eq!(
        out.stdout,
        format!("created {} (schema version 8)\n{INSTALLED}", env.db_shown())
    );
    assert!(env.db().is_file());
    let history: Vec<(i64, String)> = env
        .conn()
        .prepare("SELECT version, name FROM _schema_history ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        history,
        [
            (1, "initial_schema".to_string()),
            (2, "figure_comparison".to_string()),
            (3, "deferred_full_text_index".to_string()),
            (4, "extraction_rules".to_string()),
            (5, "articles".to_string()),
            (6, "builtin_knowledge_and_discovered_entities".to_string()),
            (7, "comparison_doubts".to_string()),
            (8, "quantity_unit".to_string())
        ]
    );
    // Nothing but the built-in knowledge: its rows, one load per file.
    for table in crate::util::CONTENT_TABLES {
        let builtin = crate::util::builtin_records(table).len() as i64;
        assert_eq!(env.count(table), builtin, "{table}");
    }
    assert_eq!(env.count("loads"), 3);
    let before = env.dump();

    let out = env.run(&["init"]).ok();
    assert_eq!(
        out.stdout,
        format!("{} is up to date (schema version 8)\n", env.db_shown())
    );
    assert_eq!(env.dump(), before);
    let out = env.run(&["-q", "init"]).ok();
    assert_eq!(out.stdout, "");

    // An empty store answers queries with a header only.
    let out = env.run(&["query", "figures"]).ok();
    assert_eq!(
        out.stdout,
        "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule\n"
    );
    let out = env.run(&["check"]).ok();
    assert_eq!(
        out.stdout,
        "schema: version 8 (current)\nintegrity: ok\nfull-text index: ok (0 sources, 0 statements)\nforeign keys: ok\noffsets: ok (0 mentions, 0 statements, 0 figures)\ntext hashes: ok (0 sources)\nmatch keys: ok\n"
    );
}

#[test]
fn init_keeps_a_loaded_database() {
    let env = Env::seeded();
    let before = env.dump();
    let out = env.run(&["init"]).ok();
    assert_eq!(
        out.stdout,
        format!("{} is up to date (schema version 8)\n", env.db_shown())
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn init_in_a_missing_folder_is_refused() {
    let env = Env::new();
    let mut cmd = assert_cmd::Command::cargo_bin("factstore").unwrap();
    let db = env.path("missing/t.db");
    let output = cmd
        .env_remove("FACTSTORE_DB")
        .arg("--db")
        .arg(&db)
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: cannot create database {}: directory {} does not exist\n",
            db.display(),
            env.path("missing").display()
        )
    );
    assert!(!env.path("missing").exists());
}

#[test]
fn a_foreign_database_is_left_exactly_as_it_was() {
    let env = Env::new();
    env.conn()
        .execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let mode = |env: &Env| -> String {
        env.conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(mode(&env), "delete");
    let out = env.run(&["init"]);
    assert_eq!(out.code, 1);
    assert_eq!(mode(&env), "delete");
}

#[test]
fn the_database_path_comes_from_factstore_db_without_db() {
    let env = Env::new();
    let db = env.path("from-env.db");
    let output = assert_cmd::Command::cargo_bin("factstore")
        .unwrap()
        .env("FACTSTORE_DB", &db)
        .current_dir(env.dir())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("created {} (schema version 8)\n{INSTALLED}", db.display())
    );
    assert!(db.is_file());
    assert!(!env.db().exists());
    assert!(!env.path("data").exists());
}

/// What `init` says when it installs the built-in knowledge into a new database.
const INSTALLED: &str =
    "installed built-in knowledge version 5: 18549 rows inserted, 0 updated, 0 unchanged, 0 deleted\n";
