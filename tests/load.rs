//! Loading: the seeds, loading twice, --dry-run, stdin, updates, and all-or-nothing failures.

use std::fs;

use sha2::{Digest, Sha256};

use crate::util::{
    builtin_records, copy_dir, holdings, holdings_with_builtin, load_report, load_rows,
    over_builtin, seed_files, seed_metrics, seed_records, seed_report, seed_rows, seeds, Env,
    LoadRow,
};

/// The last line of `load dataset seeds --no-extract`: the counts of the seed files and of the
/// built-in knowledge.
fn holds(env: &Env) -> String {
    holdings(&env.db_shown(), &holdings_with_builtin(&seeds()))
}

/// The rows of `loads` of `load dataset seeds`: into a fresh store (`inserted`), first the
/// install of the built-in knowledge (every row of its lexicon, entities and aliases inserted),
/// then each seed file, its rows inserted but the ones of the knowledge, which it updates; into a
/// store holding the seeds, each file with every row unchanged.
fn seed_load_rows(inserted: bool) -> Vec<LoadRow> {
    let row = |kind: &str, path: String, counts: (usize, usize, usize)| {
        (
            "load dataset".to_string(),
            kind.to_string(),
            Some(path),
            counts.0 as i64,
            counts.1 as i64,
            counts.2 as i64,
            0,
        )
    };
    let mut rows = Vec::new();
    if inserted {
        for kind in ["lexicon", "entities", "aliases"] {
            let n = builtin_records(kind).len();
            rows.push(row(kind, format!("(built in)/{kind}.csv"), (n, 0, 0)));
        }
    }
    for (kind, n) in seed_files() {
        let counts = if inserted {
            let (ins, upd) = over_builtin(kind, &seed_records(kind));
            (ins, upd, 0)
        } else {
            (0, 0, n)
        };
        rows.push(row(kind, format!("seeds/{kind}.csv"), counts));
        if kind == "decisions" {
            // the decisions are applied once loaded (with --no-extract, to nothing)
            rows.push(row(kind, "(applied)".to_string(), (0, 0, 0)));
        }
    }
    rows
}

#[test]
fn loading_the_seeds_reports_the_rows_inserted() {
    let env = Env::new();
    let out = env.load_seeds();
    assert_eq!(out.stdout, format!("{}{}", seed_report(true), holds(&env)));
    let total = holdings_with_builtin(&seeds());
    for (kind, n) in seed_files() {
        let curated = match kind {
            "sources" | "decisions" => vec![format!("{}|", env.count(kind))],
            _ => env.rows(&format!(
                "SELECT count(*) FROM {kind} WHERE origin = 'curated'"
            )),
        };
        assert_eq!(curated, [format!("{n}|")], "{kind}");
        let all = total.iter().find(|(k, _)| *k == kind).unwrap().1;
        assert_eq!(env.count(kind) as usize, all, "{kind}");
    }
    assert!(seed_rows("mentions") > 0, "the seeds have curated mentions");
    assert_eq!(load_rows(&env), seed_load_rows(true));
    // Every content row points at the load of its own file: nothing was extracted.
    let conn = env.conn();
    for (table, _) in seed_files() {
        let wrong: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} AS t JOIN loads AS l ON l.id = t.load_id WHERE l.kind IS NOT ?1"),
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0, "{table} rows with the load of another file");
    }
}

#[test]
fn loading_the_seeds_twice_changes_no_row() {
    let env = Env::new();
    env.load_seeds();
    let content = env.dump_content();
    let out = env.load_seeds();
    assert_eq!(out.stdout, format!("{}{}", seed_report(false), holds(&env)));
    // Same rows, load_id included.
    assert_eq!(env.dump_content(), content);
    // The loads table gained one row per file, each saying nothing changed.
    let mut expected = seed_load_rows(true);
    expected.extend(seed_load_rows(false));
    assert_eq!(load_rows(&env), expected);
    let hashes: i64 = env
        .conn()
        .query_row(
            "SELECT count(DISTINCT sha256) FROM loads WHERE length(sha256) = 64",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        hashes as usize,
        seed_files().len() + 3,
        "the same files (the seed files and the three built-in ones) hash the same both times"
    );
}

#[test]
fn a_load_leaves_statistics_for_the_query_planner() {
    let env = Env::new();
    env.load_seeds();
    let stat = |index: &str| -> String {
        env.conn()
            .query_row(
                "SELECT stat FROM sqlite_stat1 WHERE idx = ?1",
                [index],
                |r| r.get(0),
            )
            .unwrap()
    };
    // 5 sources, one per key; 41 figures, 6 per metric and 3 per metric and place on average.
    assert_eq!(stat("sqlite_autoindex_sources_1"), "5 1");
    assert_eq!(stat("figures_metric_place"), "41 6 3");
    // A load that changes nothing leaves them as they were.
    let content = env.dump_content();
    env.load_seeds();
    assert_eq!(env.dump_content(), content);
    assert_eq!(stat("figures_metric_place"), "41 6 3");
}

#[test]
fn dry_run_reports_counts_and_writes_nothing() {
    // On an empty (initialised) database: everything would be inserted.
    let env = Env::new();
    env.run(&["-q", "init"]).ok();
    let before = env.dump();
    let out = env.run_in(
        &crate::util::manifest_dir(),
        &["load", "dataset", "seeds", "--no-extract", "--dry-run"],
    );
    let out = out.ok();
    assert_eq!(
        out.stdout,
        format!("{}dry run: nothing was written\n", seed_report(true))
    );
    assert_eq!(env.dump(), before);
    // init installed the built-in knowledge, one load per file; nothing else was loaded.
    assert_eq!(env.count("loads"), 3);

    // On a loaded database, with the option before the subcommand: nothing would change.
    env.load_seeds();
    let before = env.dump();
    let out = env
        .run_in(
            &crate::util::manifest_dir(),
            &["load", "--dry-run", "dataset", "--no-extract", "seeds"],
        )
        .ok();
    assert_eq!(
        out.stdout,
        format!("{}dry run: nothing was written\n", seed_report(false))
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn dry_run_of_an_update_reports_it_and_keeps_the_old_value() {
    let env = Env::seeded();
    let before = env.dump();
    let csv = "source,metric,value,qualifier,evidence,char_start,char_end\n\
               shoot-to-kill,arrested,3800,at_least,\"3,800\",2664,2669\n";
    let out = env
        .run_stdin(&["load", "figures", "--dry-run", "-"], csv.as_bytes())
        .ok();
    assert_eq!(
        out.stdout,
        "file  kind        inserted   updated  unchanged\n\
         -     figures            0         1          0\n\
         dry run: nothing was written\n"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn dry_run_on_a_new_path_creates_no_database() {
    let env = Env::new();
    let out = env.run_in(
        &crate::util::manifest_dir(),
        &["load", "dataset", "seeds", "--dry-run", "--no-extract"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{}dry run: nothing was written\n", seed_report(true))
    );
    assert!(!env.db().exists(), "--dry-run created {}", env.db_shown());
}

#[test]
fn loading_from_stdin() {
    let env = Env::seeded();
    // A seed figure as it is (unchanged), another with a new qualifier (updated), and the
    // extractor's reading of a third (a new row: origin is part of a figure's identity).
    let csv = "source,metric,value,qualifier,subject,claimed_by,place,evidence,origin,confidence\n\
               shoot-to-kill,injured,748,exact,police,police,,748,,\n\
               ordre-de-tirer,attackers,20000,about,attackers,tokayev,almaty,20 000,curated,\n\
               tokayev-tirer-pour-tuer,arrested,3700,more_than,,kz-state-tv,,3 700,extracted,0.75\n";
    let out = env
        .run_stdin(&["load", "figures", "-"], csv.as_bytes())
        .ok();
    assert_eq!(
        out.stdout,
        "file  kind        inserted   updated  unchanged\n\
         -     figures            1         1          1\n"
    );
    assert_eq!(env.count("figures") as usize, seed_rows("figures") + 1);
    let out = env
        .run(&[
            "query",
            "figures",
            "--metric",
            "attackers",
            "--metric",
            "arrested",
            "--source",
            "ordre-de-tirer",
            "--source",
            "tokayev-tirer-pour-tuer",
        ])
        .ok();
    // The extracted figure states what the curated one does (same source, span, metric and
    // value): without --origin it is shown once, as the curated row.
    assert_eq!(
        out.stdout,
        "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule\n\
         ordre-de-tirer,attackers,20000,,,about,,attackers,tokayev,almaty,,20 000,2369,2375,curated,,\n\
         tokayev-tirer-pour-tuer,arrested,3700,,,more_than,,,kz-state-tv,,,3 700,1787,1792,curated,,\n"
    );
    let out = env
        .run(&[
            "query",
            "figures",
            "--source",
            "tokayev-tirer-pour-tuer",
            "--origin",
            "extracted",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule\n\
         tokayev-tirer-pour-tuer,arrested,3700,,,more_than,,,kz-state-tv,,,3 700,1787,1792,extracted,0.75,\n"
    );
    // The load is recorded with path "-" and the hash of the bytes read.
    let load: (String, String, String, i64, i64, i64) = env
        .conn()
        .query_row(
            "SELECT command, path, sha256, inserted, updated, unchanged FROM loads ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    let sha256: String = Sha256::digest(csv.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        load,
        ("load figures".to_string(), "-".to_string(), sha256, 1, 1, 1)
    );
}

#[test]
fn stdin_can_be_read_only_once() {
    let env = Env::seeded();
    let before = env.dump();
    let out = env.run_stdin(&["load", "figures", "-", "-"], b"");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (2, "", "error: standard input (-) can be read only once\n")
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn changing_a_qualifier_updates_one_row() {
    let env = Env::seeded();
    let before = figure_rows(&env);
    let original = fs::read_to_string(seeds().join("figures.csv")).unwrap();
    let old = "shoot-to-kill,arrested,3800,,,more_than,";
    assert_eq!(original.matches(old).count(), 1);
    env.write(
        "figures.csv",
        original.replace(old, "shoot-to-kill,arrested,3800,,,at_least,"),
    );
    let out = env.run(&["load", "figures", "figures.csv"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "file         kind        inserted   updated  unchanged\n\
             figures.csv  figures            0         1  {:>9}\n",
            seed_rows("figures") - 1
        )
    );
    let new_load: i64 = env
        .conn()
        .query_row("SELECT max(id) FROM loads", [], |r| r.get(0))
        .unwrap();
    let after = figure_rows(&env);
    assert_eq!(after.len(), before.len());
    let mut changed = 0;
    for (b, a) in before.iter().zip(&after) {
        if (b.0.as_str(), b.1) == ("shoot-to-kill", 2664) {
            changed += 1;
            assert_eq!(b.2, "more_than");
            assert_ne!(b.3, new_load);
            assert_eq!(
                a,
                &(
                    "shoot-to-kill".to_string(),
                    2664,
                    "at_least".to_string(),
                    new_load
                )
            );
        } else {
            assert_eq!(a, b, "a row that did not change in the file changed");
        }
    }
    assert_eq!(changed, 1);
    let out = env
        .run(&[
            "query",
            "figures",
            "--source",
            "shoot-to-kill",
            "--metric",
            "arrested",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule\n\
         shoot-to-kill,arrested,3800,,,at_least,,,,,,\"3,800\",2664,2669,curated,,\n"
    );
}

/// (source, char_start, qualifier, load_id) of every figure, by id.
fn figure_rows(env: &Env) -> Vec<(String, i64, String, i64)> {
    env.conn()
        .prepare(
            "SELECT s.key, f.char_start, f.qualifier, f.load_id FROM figures AS f
             JOIN sources AS s ON s.id = f.source_id ORDER BY f.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_problem_in_a_later_file_of_a_dataset_loads_nothing() {
    let env = Env::new();
    env.run(&["-q", "init"]).ok();
    let before = env.dump();
    let dir = env.path("dataset");
    copy_dir(&seeds(), &dir);
    // Break a row of figures.csv, the last file loaded: the five files before it must be rolled
    // back with it.
    let figures = fs::read_to_string(dir.join("figures.csv")).unwrap();
    let broken = figures.replacen(",more_than,", ",almost,", 1);
    let line = figures
        .lines()
        .position(|l| l.contains(",more_than,"))
        .unwrap()
        + 1;
    fs::write(dir.join("figures.csv"), broken).unwrap();
    let out = env.run(&["load", "dataset", "dataset"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "dataset/figures.csv:{line}:6: qualifier: \"almost\" is not one of exact, about, at_least, more_than, less_than, at_most, up_to, nearly, several, dozens, scores, hundreds, thousands\n\
             error: 1 problem found; nothing was loaded\n"
        )
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let env = Env::seeded();
    let before = env.dump();
    env.write(
        "three.csv",
        "source,metric,value,evidence\n\
         nope,arrested,1,1\n\
         shoot-to-kill,arrested,3800,\"3,800\"\n\
         shoot-to-kill,arrested,many,\"3,800\"\n\
         shoot-to-kill,jailed,3800,\"3,800\"\n",
    );
    let out = env.run(&["load", "figures", "three.csv"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "three.csv:2:1: source: unknown source \"nope\"\n\
             three.csv:4:3: value: expected a whole number, found \"many\"\n\
             three.csv:5:2: metric: unknown metric \"jailed\" (metrics are lexicon rows of kind metric; known: {})\n\
             error: 3 problems found; nothing was loaded\n",
            seed_metrics()
        )
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn reading_stops_after_fifty_problems() {
    let env = Env::seeded();
    let before = env.dump();
    let mut csv = String::from("entity,alias\n");
    for i in 0..80 {
        csv.push_str(&format!("ghost{i},Ghost {i}\n"));
    }
    env.write("ghosts.csv", csv);
    let out = env.run(&["load", "aliases", "ghosts.csv"]);
    assert_eq!(out.code, 1);
    let mut expected: String = (0..50)
        .map(|i| {
            format!(
                "ghosts.csv:{}:1: entity: unknown entity \"ghost{i}\"\n",
                i + 2
            )
        })
        .collect();
    expected.push_str("error: 50 or more problems found; nothing was loaded\n");
    assert_eq!(out.stderr, expected);
    assert_eq!(env.dump(), before);
}

#[test]
fn loading_into_a_missing_folder_is_refused() {
    let env = Env::new();
    let mut cmd = assert_cmd::Command::cargo_bin("factstore").unwrap();
    let db = env.path("no/such/dir/t.db");
    let output = cmd
        .env_remove("FACTSTORE_DB")
        .current_dir(env.dir())
        .arg("--db")
        .arg(&db)
        .args(["load", "dataset"])
        .arg(seeds())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: cannot create database {}: directory {} does not exist\n",
            db.display(),
            env.path("no/such/dir").display()
        )
    );
    assert!(!env.path("no").exists());
}

/// A database holding the seed dataset but its curated mentions: a copy of `seeds/` without
/// `mentions.csv`, loaded without extracting.
fn seeded_without_mentions() -> Env {
    let env = Env::new();
    let dir = env.path("seeds-without-mentions");
    copy_dir(&seeds(), &dir);
    fs::remove_file(dir.join("mentions.csv")).unwrap();
    env.run(&[
        "-q",
        "load",
        "dataset",
        "--no-extract",
        "seeds-without-mentions",
    ])
    .ok();
    assert_eq!(env.count("mentions"), 0);
    env
}

#[test]
fn mentions_are_placed_and_found_by_entity() {
    let env = seeded_without_mentions();
    env.write(
        "mentions.csv",
        "source,entity,surface,char_start,char_end,origin,confidence\n\
         tokayev-tirer-pour-tuer,grushko,Grushko,,,,\n\
         tirer-sans-avertissement,tokayev,Tokaïev,,,,\n\
         ordre-de-tirer,almaty,Almaty,2350,2356,extracted,0.9\n",
    );
    let out = env.run(&["load", "mentions", "mentions.csv"]).ok();
    assert_eq!(
        out.stdout,
        "file          kind        inserted   updated  unchanged\n\
         mentions.csv  mentions           3         0          0\n"
    );
    let out = env.run(&["query", "mentions"]).ok();
    assert_eq!(
        out.stdout,
        "source,entity,surface,char_start,char_end,origin,confidence,rule\n\
         ordre-de-tirer,almaty,Almaty,2350,2356,extracted,0.9,\n\
         tirer-sans-avertissement,tokayev,Tokaïev,1748,1755,curated,,\n\
         tokayev-tirer-pour-tuer,grushko,Grushko,1508,1515,curated,,\n"
    );
    // --entity on statements: spoken by the entity, or naming it inside the quote.
    let out = env
        .run(&[
            "query",
            "statements",
            "--entity",
            "Almaty",
            "--format",
            "tsv",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "source\tspeaker\tkind\ttext\tchar_start\tchar_end\torigin\tlanguage\tconfidence\trule\n\
         ordre-de-tirer\ttokayev\tquote\tRien qu’à Almaty, il y avait 20 000 bandits\t2340\t2383\tcurated\t\t\t\n"
    );
    let out = env
        .run(&["query", "sources", "--entity", "Tokaïev", "--no-headers"])
        .ok();
    assert_eq!(
        out.stdout,
        "tirer-sans-avertissement,Les forces de sécurité kazakhes autorisées à “tirer sans avertissement” sur les manifestants,,,fr,,694d14c1e654ec5ca012bd08fa8ad5c25fe76b0c9fc9bf0540e3639568502bfc,,,\n"
    );
    let out = env.run(&["check"]).ok();
    let offsets = format!(
        "\noffsets: ok (3 mentions, {} statements, {} figures)\n",
        seed_rows("statements"),
        seed_rows("figures")
    );
    assert!(out.stdout.contains(&offsets), "{}", out.stdout);
    // A second load of the same file changes nothing.
    let before = env.dump_content();
    let out = env.run(&["load", "mentions", "mentions.csv"]).ok();
    assert_eq!(
        out.stdout,
        "file          kind        inserted   updated  unchanged\n\
         mentions.csv  mentions           0         0          3\n"
    );
    assert_eq!(env.dump_content(), before);
}

#[test]
fn a_source_s_metadata_is_updated_without_its_text() {
    let env = Env::seeded();
    env.write(
        "sources.csv",
        "key,title,publisher,language,published\n\
         shoot-to-kill,Tokayev orders police to fire without warning (updated headline),Example News,en,2022-01-07\n",
    );
    let out = env.run(&["load", "sources", "sources.csv"]).ok();
    assert_eq!(
        out.stdout,
        "file         kind        inserted   updated  unchanged\n\
         sources.csv  sources            0         1          0\n"
    );
    let out = env
        .run(&[
            "query",
            "sources",
            "--source",
            "shoot-to-kill",
            "--no-headers",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "shoot-to-kill,Tokayev orders police to fire without warning (updated headline),Example News,,en,2022-01-07,357de63524650b0b821d2149eadab710a55a7e330f017a6959ca2f1fa1b95d54,,,\n"
    );
    // The text, its spans and its full-text index are as they were; the title is searchable.
    let out = env.run(&["check"]).ok();
    assert!(out.stdout.contains("\ntext hashes: ok (5 sources)\n"));
    let hits: Vec<String> = env
        .conn()
        .prepare("SELECT s.key FROM sources_fts JOIN sources AS s ON s.id = sources_fts.rowid WHERE sources_fts MATCH 'headline' ORDER BY s.key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hits, ["shoot-to-kill"]);
    let out = env
        .run(&[
            "query",
            "sources",
            "--since",
            "2022-01-07",
            "--language",
            "en",
            "--no-headers",
        ])
        .ok();
    assert!(out.stdout.starts_with("shoot-to-kill,"), "{}", out.stdout);
    assert_eq!(out.stdout.lines().count(), 1);
}

#[test]
fn the_lexicon_kinds_abbreviation_and_title_load() {
    let env = Env::new();
    let csv = "language,kind,term\nen,abbreviation,Sen.\nen,title,senator\nfr,title,sénateur\n";
    let out = env
        .run_stdin(&["load", "lexicon", "-"], csv.as_bytes())
        .ok();
    // Rows the built-in lexicon has already become curated (updated); the others are new.
    let rows: Vec<_> = csv::Reader::from_reader(csv.as_bytes())
        .deserialize()
        .map(|r| r.unwrap())
        .collect();
    let (inserted, updated) = over_builtin("lexicon", &rows);
    assert_eq!(
        out.stdout,
        load_report(&[("-".to_string(), "lexicon", inserted, updated, 0)])
    );
    let out = env
        .run(&[
            "query",
            "lexicon",
            "--kind",
            "abbreviation",
            "--origin",
            "curated",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "language,kind,term,code,value,low,high\nen,abbreviation,Sen.,,,,\n"
    );
    let out = env
        .run(&[
            "query",
            "lexicon",
            "--kind",
            "title",
            "--language",
            "fr",
            "--origin",
            "curated",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "language,kind,term,code,value,low,high\nfr,title,sénateur,,,,\n"
    );
    // The built-in lexicon uses both kinds.
    let lexicon = builtin_records("lexicon");
    for kind in ["abbreviation", "title"] {
        assert!(
            lexicon.iter().any(|r| r["kind"] == kind),
            "no built-in lexicon row of kind {kind}"
        );
    }
}

#[test]
fn files_of_one_command_may_repeat_a_row_but_not_change_it() {
    let env = Env::seeded();
    env.write(
        "a.csv",
        "key,kind,name\ntest-a,person,Aigerim\ntest-b,person,Bolat\n",
    );
    // test-a as in a.csv: the same row again, accepted; test-b with another name: rejected.
    env.write(
        "b.csv",
        "key,kind,name\ntest-a,person,Aigerim\ntest-b,person,Bolat Nurlanuly\ntest-c,person,Dana\n",
    );
    let out = env.run(&[
        "load",
        "entities",
        "--on-error",
        "skip",
        "--rejects",
        "r.csv",
        "a.csv",
        "b.csv",
    ]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            concat!(
                "file   kind        inserted   updated  unchanged  rejected\n",
                "a.csv  entities           2         0          0         0\n",
                "b.csv  entities           1         0          1         1\n",
            ),
            "1 row rejected: see r.csv\n"
        )
    );
    assert_eq!(
        fs::read_to_string(env.path("r.csv")).unwrap(),
        concat!(
            "key,kind,name,reason,line,file\n",
            "test-b,person,Bolat Nurlanuly,repeats a.csv:3 (same key) with other values: keep one of them,3,b.csv\n",
        )
    );
    assert_eq!(
        env.rows("SELECT key, name FROM entities WHERE key LIKE 'test-%' ORDER BY key"),
        [
            "\"test-a\"|\"Aigerim\"|",
            "\"test-b\"|\"Bolat\"|",
            "\"test-c\"|\"Dana\"|"
        ]
    );
    // Standard input is one of the files too.
    let out = env.run_stdin(
        &["load", "entities", "a.csv", "-"],
        b"key,kind,name\ntest-a,group,Aigerim\n",
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            "-:2: repeats a.csv:2 (same key) with other values: keep one of them\nerror: 1 problem found; nothing was loaded\n"
        )
    );
}

/// What `query entities` writes of the built-in entities (origin `builtin`) loads back without a
/// change (they stay built in, so a newer factstore may update them); a built-in row edited in a
/// file becomes curated, and the file loaded again changes nothing. (A row that says nothing of
/// its origin is curated: a seed row the built-in knowledge also has becomes the curated row.)
#[test]
fn the_built_in_rows_load_back_unchanged_and_an_edited_one_becomes_curated() {
    let env = Env::new();
    env.run(&["-q", "init"]).ok();
    let before = env.dump_content();
    env.run(&["query", "entities", "-o", "entities.csv"]).ok();
    let out = env.run(&["load", "entities", "entities.csv"]).ok();
    let n = builtin_records("entities").len();
    assert_eq!(
        out.stdout,
        load_report(&[("entities.csv".into(), "entities", 0, 0, n)])
    );
    assert_eq!(env.dump_content(), before);

    let first = &builtin_records("entities")[0];
    let edited = format!(
        "key,kind,name,description,origin\n{},{},{},edited by hand,builtin\n",
        first["key"], first["kind"], first["name"]
    );
    env.write("edited.csv", &edited);
    let out = env.run(&["load", "entities", "edited.csv"]).ok();
    assert_eq!(
        out.stdout,
        load_report(&[("edited.csv".into(), "entities", 0, 1, 0)])
    );
    let out = env.run(&["query", "entities", "--origin", "curated"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "key,kind,name,description,wikidata,origin,confidence,rule\n{},{},{},edited by hand,,curated,,\n",
            first["key"], first["kind"], first["name"]
        )
    );
    let out = env.run(&["load", "entities", "edited.csv"]).ok();
    assert_eq!(
        out.stdout,
        load_report(&[("edited.csv".into(), "entities", 0, 0, 1)])
    );
}
