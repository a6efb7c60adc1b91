//! The life of a database across factstore versions: a database of an older schema is upgraded
//! with every row intact; one of a newer schema is refused before anything is written; a failed
//! upgrade changes nothing.
//!
//! `tests/fixtures/schema-v1.db` is a database of schema version 1 (migrations/V1 only, without
//! the views of V2) holding the seed dataset and what the extractor found in it, in WAL mode as
//! factstore leaves a database. The current binary always migrates to the newest schema, so the
//! fixture was built with the sqlite3 shell by `scripts/make-schema-v1-fixture`: refinery's
//! history table (its CREATE statement copied from a database the current binary made), the SQL
//! of V1, and refinery's row for version 1 (copied from that database, checksum included), in one
//! transaction; then the rows of a database the current binary loaded the seeds into (`load
//! dataset seeds`), copied table by table with their ids (the full-text indexes filling through
//! V1's triggers). V2 only adds views, so the tables are the same in both schemas.
//!
//! The fixture must not be rebuilt when the seeds or the extractor change: it stands for a
//! database written long ago. It must be rebuilt only if V1 changes, which a released migration
//! must not (refinery refuses a database whose applied migration has another checksum).

use std::collections::BTreeMap;
use std::fs;

use crate::util::{builtin_records, dump, fixture, Env, CONTENT_TABLES};

/// A copy of the schema-v1 fixture as the test database.
fn v1() -> Env {
    let env = Env::new();
    fs::copy(fixture("schema-v1.db"), env.db()).unwrap();
    env
}

/// The sections of [`dump`]: table name (or `sqlite_schema`) → its lines.
fn sections(env: &Env) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::new();
    for line in dump(env.db()).lines() {
        if let Some(head) = line.strip_prefix("== ") {
            current = head.split(" (").next().unwrap().to_string();
            out.insert(current.clone(), Vec::new());
        } else {
            out.get_mut(&current).unwrap().push(line.to_string());
        }
    }
    out
}

fn history(env: &Env) -> Vec<(i64, String, String, String)> {
    env.conn()
        .prepare("SELECT version, name, applied_on, checksum FROM _schema_history ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn journal_mode(env: &Env) -> String {
    env.conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// The rows of `table` as a V1 database writes them: V4 adds a last column, `rule`, NULL in every
/// row of mentions, statements and figures that a V1 database held; V5 four to sources
/// (language_confidence, language_source, fingerprint, original), NULL in every older row.
fn without_rule(table: &str, rows: &[String]) -> Vec<String> {
    let ruled = ["mentions", "statements", "figures"].contains(&table);
    let suffix = if table == "sources" {
        "NULL|NULL|NULL|NULL|"
    } else {
        "NULL|"
    };
    rows.iter()
        .map(|row| match row.strip_suffix(suffix) {
            Some(rest) if ruled || table == "sources" => rest.to_string(),
            _ => row.clone(),
        })
        .collect()
}

/// The row of a V1 database as V6 has it: V6 adds `origin` (curated), `confidence` and `rule`
/// to entities and `origin` to aliases and the lexicon.
fn as_v6(table: &str, row: &str) -> String {
    match table {
        "entities" => format!("{row}\"curated\"|NULL|NULL|"),
        "aliases" | "lexicon" => format!("{row}\"curated\"|"),
        _ => row.to_string(),
    }
}

/// Whether `row` of `table` (after the upgrade) is the built-in knowledge's: a row of origin
/// builtin, or a load of one of its files.
fn is_builtin(table: &str, row: &str) -> bool {
    match table {
        "entities" => row.ends_with("|\"builtin\"|NULL|NULL|"),
        "aliases" | "lexicon" => row.ends_with("|\"builtin\"|"),
        "loads" => row.contains("|\"(built in)/"),
        _ => false,
    }
}

/// Asserts that the database of `after` holds every row `before` held, in every table, and that
/// the schema gained exactly what V2 to V6 add (the views of the comparison; the table
/// `_fts_deferred`, and the full-text triggers made anew; the `rule` column of mentions,
/// statements and figures, empty in every older row, and the report views made anew; the columns
/// and indexes of sources for added articles; the provenance columns of entities, aliases and lexicon, curated in every older row, the tables
/// `builtin_knowledge` and `decisions`) and the history exactly their rows. The other rows
/// `after` has are the built-in knowledge's, which every write installs (planner statistics are
/// left out).
#[track_caller]
fn assert_upgraded_intact(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) {
    let mut after = after.clone();
    after.retain(|table, _| !table.starts_with("sqlite_stat"));
    after
        .get_mut("sqlite_schema")
        .unwrap()
        .retain(|line| !line.contains("sqlite_stat"));
    let after = &after;
    let mut tables: Vec<&str> = before.keys().map(String::as_str).collect();
    tables.extend(["_fts_deferred", "builtin_knowledge", "decisions"]);
    tables.sort();
    assert_eq!(
        after.keys().map(String::as_str).collect::<Vec<_>>(),
        tables,
        "the tables changed"
    );
    assert_eq!(after["_fts_deferred"], Vec::<String>::new());
    assert_eq!(after["decisions"], Vec::<String>::new());
    assert_eq!(after["builtin_knowledge"].len(), 1);
    for (table, rows) in before {
        if table == "sqlite_schema" || table == "_schema_history" {
            continue;
        }
        let kept: Vec<String> = after[table]
            .iter()
            .filter(|row| !is_builtin(table, row))
            .cloned()
            .collect();
        let rows: Vec<String> = rows.iter().map(|row| as_v6(table, row)).collect();
        assert_eq!(rows, without_rule(table, &kept), "table {table} changed");
    }
    let names = |lines: Vec<&String>| -> Vec<String> {
        let mut names: Vec<String> = lines
            .iter()
            .map(|line| {
                let mut fields = line.split('|');
                format!("{} {}", fields.next().unwrap(), fields.next().unwrap())
            })
            .collect();
        names.sort();
        names
    };
    let added = names(
        after["sqlite_schema"]
            .iter()
            .filter(|line| !before["sqlite_schema"].contains(line))
            .collect(),
    );
    let removed = names(
        before["sqlite_schema"]
            .iter()
            .filter(|line| !after["sqlite_schema"].contains(line))
            .collect(),
    );
    let remade: Vec<String> = [
        "\"table\" \"aliases\"",
        "\"table\" \"entities\"",
        "\"table\" \"figures\"",
        "\"table\" \"lexicon\"",
        "\"table\" \"loads\"",
        "\"table\" \"mentions\"",
        "\"table\" \"sources\"",
        "\"table\" \"statements\"",
        "\"trigger\" \"sources_ad\"",
        "\"trigger\" \"sources_ai\"",
        "\"trigger\" \"sources_au\"",
        "\"trigger\" \"statements_ad\"",
        "\"trigger\" \"statements_ai\"",
        "\"trigger\" \"statements_au\"",
        "\"view\" \"figure_report\"",
        "\"view\" \"mention_report\"",
        "\"view\" \"statement_report\"",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    assert_eq!(removed, remade, "the upgrade removed {removed:?}");
    let mut expected: Vec<String> = [
        "\"index\" \"decisions_load\"",
        "\"index\" \"entities_origin\"",
        "\"index\" \"sqlite_autoindex__fts_deferred_1\"",
        "\"index\" \"sqlite_autoindex_decisions_1\"",
        "\"table\" \"_fts_deferred\"",
        "\"table\" \"builtin_knowledge\"",
        "\"table\" \"decisions\"",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    expected.extend(remade);
    expected.extend([
        "\"index\" \"sources_original\"".to_string(),
        "\"index\" \"sources_url\"".to_string(),
        "\"view\" \"figure_comparison\"".to_string(),
        "\"view\" \"figure_groups\"".to_string(),
    ]);
    expected.sort();
    assert_eq!(added, expected);
    let history = &after["_schema_history"];
    assert_eq!(history.len(), 8, "{history:?}");
    assert_eq!(history[0], before["_schema_history"][0]);
    assert!(
        history[1].starts_with("2|\"figure_comparison\"|")
            && history[2].starts_with("3|\"deferred_full_text_index\"|")
            && history[3].starts_with("4|\"extraction_rules\"|")
            && history[4].starts_with("5|\"articles\"|")
            && history[5].starts_with("6|\"builtin_knowledge_and_discovered_entities\"|")
            && history[6].starts_with("7|\"comparison_doubts\"|")
            && history[7].starts_with("8|\"quantity_unit\"|"),
        "{history:?}"
    );
}

/// A figures file of one new curated figure (metric `troops`, one character of evidence) in the
/// first source of `env`, at a span where it has none yet.
fn one_new_figure(env: &Env) -> String {
    let (key, body): (String, String) = env
        .conn()
        .query_row(
            "SELECT key, body FROM sources ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let taken = |i: i64| -> bool {
        env.conn()
            .query_row(
                "SELECT count(*) FROM figures WHERE metric = 'troops' AND char_start = ?1 AND char_end = ?1 + 1",
                [i],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            > 0
    };
    let (i, c) = body
        .chars()
        .enumerate()
        .map(|(i, c)| (i as i64, c))
        .find(|&(i, c)| c.is_ascii_digit() && !taken(i))
        .or_else(|| {
            body.chars()
                .enumerate()
                .map(|(i, c)| (i as i64, c))
                .find(|&(i, c)| c.is_alphanumeric() && !taken(i))
        })
        .unwrap();
    format!(
        "source,metric,value,evidence,char_start,char_end\n{key},troops,7,{c},{i},{}\n",
        i + 1
    )
}

#[test]
fn the_v1_fixture_is_what_it_claims_to_be() {
    let env = v1();
    let stored = history(&env);
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].0, stored[0].1.as_str()), (1, "initial_schema"));
    // Refinery's row for version 1 is the row the current binary writes, checksum included.
    let fresh = Env::new();
    fresh.run(&["-q", "init"]).ok();
    let current = history(&fresh);
    assert_eq!(
        (&stored[0].1, &stored[0].3),
        (&current[0].1, &current[0].3),
        "the fixture's V1 checksum differs from migrations/V1: was V1 edited after release?"
    );
    assert_eq!(journal_mode(&env), "wal");
    let views: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('figure_groups', 'figure_comparison')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(views, 0);
    for table in CONTENT_TABLES.iter().chain(&["loads"]) {
        assert!(env.count(table) > 0, "{table} is empty");
    }
    let origins: i64 = env
        .conn()
        .query_row("SELECT count(DISTINCT origin) FROM figures", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        origins, 2,
        "the fixture should hold curated and extracted rows"
    );
}

#[test]
fn init_upgrades_a_v1_database_with_every_row_intact() {
    let env = v1();
    let bytes = fs::read(env.db()).unwrap();
    let before = sections(&env);

    // Reading needs the current schema: a query is refused, and changes nothing.
    let out = env.run(&["query", "figures"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            format!(
                "error: database {} has schema version 1, older than this factstore's (8): run `factstore init` to upgrade it\n",
                env.db_shown()
            )
            .as_str()
        )
    );
    assert_eq!(
        fs::read(env.db()).unwrap(),
        bytes,
        "a refused query changed the file"
    );

    let out = env.run(&["init"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "upgraded {} from schema version 1 to 8\n{}",
            env.db_shown(),
            install_line(&env)
        )
    );
    let after = sections(&env);
    assert_upgraded_intact(&before, &after);
    let fresh = Env::new();
    fresh.run(&["-q", "init"]).ok();
    assert_eq!(
        history(&env)[1].3,
        history(&fresh)[1].3,
        "V2's checksum as refinery writes it"
    );

    let out = env.run(&["check"]).ok();
    assert!(
        out.stdout.starts_with(
            "schema: version 8 (current)\nintegrity: ok\nfull-text index: ok (5 sources, 103 statements)\nforeign keys: ok\noffsets: ok"
        ),
        "{}",
        out.stdout
    );
    let out = env.run(&["init"]).ok();
    assert_eq!(
        out.stdout,
        format!("{} is up to date (schema version 8)\n", env.db_shown())
    );
    assert_eq!(sections(&env), after);

    // Queries work, V2's comparison included, and so does a load.
    let out = env.run(&["query", "figures", "--origin", "curated"]).ok();
    let curated: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM figures WHERE origin = 'curated'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(out.stdout.lines().count() as i64, curated + 1);
    let out = env.run(&["compare", "--metric", "arrested"]).ok();
    assert!(out.stdout.lines().count() > 1, "{}", out.stdout);
    env.write("one.csv", one_new_figure(&env));
    let figures = env.count("figures");
    env.run(&["-q", "load", "figures", "one.csv"]).ok();
    assert_eq!(env.count("figures"), figures + 1);
    let out = env
        .run(&[
            "sql",
            "SELECT metric, value FROM figure_report WHERE metric = 'troops' AND value = 7",
        ])
        .ok();
    assert!(out.stdout.lines().count() >= 2, "{}", out.stdout);
    env.run(&["-q", "check"]).ok();
}

#[test]
fn a_load_upgrades_a_v1_database_on_its_way() {
    let env = v1();
    let before = sections(&env);
    env.write("one.csv", one_new_figure(&env));
    env.run(&["-q", "load", "figures", "one.csv"]).ok();
    let after = sections(&env);
    // Every row as it was, but for the one new figure and its loads row, and the statistics for
    // the query planner that a load gathers (the fixture has none yet).
    let mut expected = after.clone();
    assert!(
        expected.contains_key("sqlite_stat1"),
        "no planner statistics"
    );
    expected.retain(|table, _| !table.starts_with("sqlite_stat"));
    expected
        .get_mut("sqlite_schema")
        .unwrap()
        .retain(|line| !line.contains("sqlite_stat"));
    for table in ["figures", "loads"] {
        let new: Vec<String> = after[table]
            .iter()
            .filter(|line| !before[table].contains(&without_rule(table, &[line.to_string()])[0]))
            .filter(|line| !is_builtin(table, line))
            .cloned()
            .collect();
        assert_eq!(new.len(), 1, "{table}: {new:?}");
        expected
            .get_mut(table)
            .unwrap()
            .retain(|line| !new.contains(line));
    }
    assert_upgraded_intact(&before, &expected);
    env.run(&["-q", "check"]).ok();
}

/// The standard output of `args` run on a copy of `env`'s database upgraded by `init` first.
fn upgraded_dry_run(env: &Env, args: &[&str]) -> String {
    let copy = Env::new();
    fs::copy(env.db(), copy.db()).unwrap();
    copy.run(&["-q", "init"]).ok();
    copy.run(args).ok().stdout
}

/// A load that is refused, and a dry run of any write, leave a database of an older schema exactly
/// as it was: the upgrade commits with what a command writes, or not at all.
#[test]
fn a_refused_load_or_a_dry_run_leaves_an_older_database_as_it_was() {
    let env = v1();
    let good = one_new_figure(&env);
    env.write("one.csv", &good);
    // The good row, then one with a metric the lexicon does not know.
    let source = good.lines().nth(1).unwrap().split(',').next().unwrap();
    env.write("bad.csv", format!("{good}{source},arrests,7,7,,\n"));
    let before = sections(&env);
    let bytes = fs::read(env.db()).unwrap();
    let version = |env: &Env| -> Vec<i64> { history(env).into_iter().map(|h| h.0).collect() };
    assert_eq!(version(&env), [1]);
    let refused = format!(
        "bad.csv:3:2: metric: unknown metric \"arrests\" (metrics are lexicon rows of kind metric; known: {})\nerror: 1 problem found; nothing was loaded\n",
        crate::util::seed_metrics()
    );
    let report = |rejected: bool| {
        let mut out = if rejected {
            "file     kind        inserted   updated  unchanged  rejected\nbad.csv  figures            1         0          0         1\n".to_string()
        } else {
            crate::util::load_report(&[("one.csv".into(), "figures", 1, 0, 0)])
        };
        out.push_str("dry run: nothing was written\n");
        out
    };
    let runs: [(&[&str], i32, String, String); 4] = [
        (
            &["load", "figures", "bad.csv"],
            1,
            String::new(),
            refused.clone(),
        ),
        (
            &["load", "figures", "--dry-run", "one.csv"],
            0,
            report(false),
            String::new(),
        ),
        (
            &[
                "load",
                "figures",
                "--dry-run",
                "--on-error",
                "skip",
                "--rejects",
                "r.csv",
                "bad.csv",
            ],
            0,
            report(true),
            "1 row rejected: see r.csv\n".to_string(),
        ),
        (
            &["extract", "--dry-run"],
            0,
            // What the same dry run reports on the database upgraded first: the older schema
            // changes nothing in what is extracted.
            upgraded_dry_run(&env, &["extract", "--dry-run"]),
            String::new(),
        ),
    ];
    for (args, code, stdout, stderr) in runs {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (code, stdout.as_str(), stderr.as_str()),
            "{args:?}"
        );
        assert_eq!(version(&env), [1], "{args:?} upgraded the database");
        assert_eq!(sections(&env), before, "{args:?} changed the database");
        assert_eq!(
            fs::read(env.db()).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
    }
    // The upgrade is still there to make, with the load.
    env.run(&["-q", "load", "figures", "one.csv"]).ok();
    let fresh = Env::new();
    fresh.run(&["-q", "init"]).ok();
    assert_eq!(version(&env), version(&fresh));
}

#[test]
fn a_failed_upgrade_changes_nothing() {
    let env = v1();
    // Someone made a view of their own under the name V2 gives one of its views.
    env.conn()
        .execute_batch("CREATE VIEW figure_groups AS SELECT 1 AS mine")
        .unwrap();
    let before = sections(&env);
    let bytes = fs::read(env.db()).unwrap();
    let out = env.run(&["init"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            == format!(
                "error: cannot migrate database {} to schema version 8: view figure_groups already exists\n",
                env.db_shown()
            ),
        "{}",
        out.stderr
    );
    assert_eq!(
        sections(&env),
        before,
        "a failed upgrade changed the database"
    );
    assert_eq!(fs::read(env.db()).unwrap(), bytes);
    assert_eq!(history(&env).len(), 1);

    // Without the view in the way, the upgrade goes through.
    env.conn().execute_batch("DROP VIEW figure_groups").unwrap();
    env.run(&["-q", "init"]).ok();
    assert_eq!(history(&env).len(), 8);
}

#[test]
fn a_database_from_a_newer_factstore_is_refused_before_anything_is_written() {
    let env = v1();
    env.run(&["-q", "init"]).ok();
    {
        let conn = env.conn();
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE;
             INSERT INTO _schema_history (version, name, applied_on, checksum)
             VALUES (999, 'future', '2030-01-01T00:00:00Z', '0');",
        )
        .unwrap();
    }
    assert_eq!(journal_mode(&env), "delete");
    let bytes = fs::read(env.db()).unwrap();
    let files = |env: &Env| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(env.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    env.write(
        "one.csv",
        "source,metric,value,evidence\nshoot-to-kill,killed,1,x\n",
    );
    let listed = files(&env);
    let message = format!(
        "error: database {} has schema version 999, newer than this factstore knows (8): it was written by a newer factstore; upgrade factstore to use it\n",
        env.db_shown()
    );
    let seeds = crate::util::seeds();
    let seeds = seeds.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["init"],
        &["load", "figures", "one.csv"],
        &["load", "dataset", seeds],
        &["query", "figures"],
        &["sql", "SELECT 1"],
        &["compare"],
    ];
    for args in commands {
        let out = env.run(args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", message.as_str()),
            "{args:?}"
        );
        assert_eq!(
            fs::read(env.db()).unwrap(),
            bytes,
            "{args:?} changed the database file"
        );
        assert_eq!(
            files(&env),
            listed,
            "{args:?} left a file beside the database"
        );
    }
    assert_eq!(journal_mode(&env), "delete");
}

#[test]
fn a_failed_upgrade_says_what_failed_in_a_line() {
    let env = v1();
    env.conn()
        .execute_batch("CREATE VIEW figure_groups AS SELECT 1 AS mine")
        .unwrap();
    let out = env.run(&["init"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("figure_groups already exists")
            && out.stderr.contains("schema version 8"),
        "{}",
        out.stderr
    );
}

/// The migrations as first released, as refinery records them: (version, name, checksum).
const RELEASED: [(i64, &str, &str); 6] = [
    (1, "initial_schema", "261229219333918843"),
    (2, "figure_comparison", "3523390949891987282"),
    (3, "deferred_full_text_index", "13746625315405513565"),
    (4, "extraction_rules", "3772787685638869616"),
    (5, "articles", "3605370225090822630"),
    (
        6,
        "builtin_knowledge_and_discovered_entities",
        "9307176516701735994",
    ),
];

/// A migration that a database may already hold must never change: refinery skips the versions a
/// database has, so a database made before the change keeps the old schema while this factstore
/// believes it current. A change goes into a new migration (V4: `DROP VIEW` and `CREATE VIEW`,
/// `ALTER TABLE ... ADD COLUMN`).
#[test]
fn released_migrations_never_change() {
    let env = Env::new();
    env.run(&["-q", "init"]).ok();
    let stored: Vec<(i64, String, String)> = history(&env)
        .into_iter()
        .map(|(version, name, _, checksum)| (version, name, checksum))
        .collect();
    for (version, name, checksum) in RELEASED {
        assert!(
            stored.contains(&(version, name.to_string(), checksum.to_string())),
            "V{version}__{name} changed: {stored:?}"
        );
    }
}

/// What a write prints when it installs the built-in knowledge into the store of `env`, once it
/// has: every built-in row inserted but the ones the store already held as curated rows, which
/// are left as they are (unchanged).
fn install_line(env: &Env) -> String {
    let kinds = ["lexicon", "entities", "aliases"];
    let all: usize = kinds.iter().map(|k| builtin_records(k).len()).sum();
    let inserted: usize = kinds
        .iter()
        .map(|t| {
            env.conn()
                .query_row(
                    &format!("SELECT count(*) FROM {t} WHERE origin = 'builtin'"),
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap() as usize
        })
        .sum();
    format!(
        "installed built-in knowledge version 5: {inserted} rows inserted, 0 updated, {} unchanged, 0 deleted\n",
        all - inserted
    )
}
