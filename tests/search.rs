//! `factstore search`: ranked full-text search over sources and statements, folded for case and
//! accents, with the offsets of the first match in the source body; plain words only, so that no
//! query is FTS5 syntax.

use std::fs;

use factstore::cmd::search::fts_query;
use factstore::fold::fold;
use rusqlite::OptionalExtension;
use serde_json::Value;

use crate::util::{copy_dir, manifest_dir, seeds, Env};

const HEADER: &str = "kind,source,speaker,rank,char_start,char_end,snippet,text\n";

#[test]
fn accent_insensitive_search_on_the_seeds() {
    let env = Env::seeded();
    let out = env.run(&["search", "etrangers"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}\
             statement,ordre-de-tirer,tokayev,-3.14,1425,1434,\"des militants armés et bien entraînés, locaux et [étrangers]\",étrangers\n\
             statement,tirer-sans-avertissement,tokayev,-3.14,1001,1010,\"bandits armés et bien préparés, tant locaux qu’[étrangers]\",étrangers\n\
             source,tirer-sans-avertissement,,0,1001,1010,…Il a accusé les « médias libres » [étrangers] et des personnalités non précisées…,étrangers\n\
             source,appel-russie-bielorussie,,0,3315,3324,…Le Kazakhstan suspend l'entrée des citoyens [étrangers] Les autorités kazakhes ont…,étrangers\n\
             source,ordre-de-tirer,,0,1425,1434,\"…et bien entraînés, locaux et [étrangers] », a déclaré Tokayev. Les décrivant comme…\",étrangers\n"
        )
    );
    // Case and accents are folded both ways.
    assert_eq!(env.run(&["search", "ÉTRANGERS"]).ok().stdout, out.stdout);
}

#[test]
fn hits_are_ranked_best_first() {
    let env = Env::seeded();
    let out = env
        .run(&["search", "terroristes", "--in", "statements"])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}\
             statement,appel-russie-bielorussie,tokayev,-3.124,5531,5542,à cause des [terroristes],terroristes\n\
             statement,tokayev-tirer-pour-tuer,tokayev,-2.755,501,512,Les [terroristes] n’ont pas déposé les armes,terroristes\n\
             statement,appel-russie-bielorussie,tokayev,-1.298,1314,1325,\"Considérant que ces gangs [terroristes] sont essentiellement internationaux, ils ont suivi une…\",terroristes\n"
        )
    );
    for query in ["président", "Tokayev", "forces ordre", "le"] {
        let ranks: Vec<f64> = hits(&env, &[query, "--limit", "0"])
            .iter()
            .map(|h| h["rank"].as_f64().unwrap())
            .collect();
        assert!(ranks.len() > 1, "{query}");
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{query}: {ranks:?}");
    }
}

#[test]
fn in_and_source_and_language_restrict_the_hits() {
    let env = Env::seeded();
    let all = hits(&env, &["étrangers"]);
    let kinds = |hits: &[Value]| -> Vec<String> {
        hits.iter()
            .map(|h| {
                format!(
                    "{} {}",
                    h["kind"].as_str().unwrap(),
                    h["source"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        kinds(&hits(&env, &["étrangers", "--in", "statements"])),
        [
            "statement ordre-de-tirer",
            "statement tirer-sans-avertissement"
        ]
    );
    assert_eq!(
        kinds(&hits(&env, &["étrangers", "--in", "sources"])),
        [
            "source tirer-sans-avertissement",
            "source appel-russie-bielorussie",
            "source ordre-de-tirer"
        ]
    );
    assert_eq!(
        kinds(&hits(&env, &["étrangers", "--source", "ordre-de-tirer"])),
        ["statement ordre-de-tirer", "source ordre-de-tirer"]
    );
    assert_eq!(
        kinds(&hits(
            &env,
            &[
                "étrangers",
                "--source",
                "ordre-de-tirer",
                "--source",
                "appel-russie-bielorussie",
                "--in",
                "sources"
            ]
        )),
        ["source appel-russie-bielorussie", "source ordre-de-tirer"]
    );
    // A source key that names no source is an error, not an empty result.
    let out = env.run(&["search", "étrangers", "--source", "nowhere"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "error: invalid value 'nowhere' for '--source <KEY>': no source has this key\n\n  tip: `factstore query sources` lists them\n"
        )
    );
    assert_eq!(all.len(), 5);
    let english = hits(&env, &["Kazakhstan", "--language", "en", "--limit", "0"]);
    assert!(!english.is_empty());
    assert!(english.iter().all(|h| h["source"] == "shoot-to-kill"));
    assert_eq!(
        hits(&env, &["étrangers", "--language", "en"]),
        Vec::<Value>::new()
    );
    // --limit keeps the best rows (50 unless told); 0 keeps all of them.
    let every = hits(&env, &["a", "--limit", "0"]);
    assert_eq!(every.len(), 17);
    assert_eq!(hits(&env, &["a"]), every);
    assert_eq!(hits(&env, &["a", "--limit", "3"]), every[..3]);
    let help = env.run(&["search", "--help"]).ok().stdout;
    assert!(help.contains("[default: 50]"), "{help}");
}

#[test]
fn json_output() {
    let env = Env::seeded();
    let out = env.run(&["search", "Tokaïev", "--format", "json"]).ok();
    assert_eq!(
        out.stdout,
        "[\n{\"kind\":\"source\",\"source\":\"tirer-sans-avertissement\",\"speaker\":null,\"rank\":-1.298,\
         \"char_start\":1748,\"char_end\":1755,\
         \"snippet\":\"…la demande de soutien de [Tokaïev]. L’aéroport, brièvement pris en cost…\",\
         \"text\":\"Tokaïev\"}\n]\n"
    );
}

#[test]
fn a_match_in_the_title_only_has_no_offsets() {
    let env = Env::seeded();
    let out = env.run(&["search", "authorizes"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}source,shoot-to-kill,,-1.165,,,Kazakhstan's President Tokayev [authorizes] the police to shoot to kill,\n"
        )
    );
    // A match in the title and one in the body: the offsets are those of the body's.
    let out = env
        .run(&[
            "search",
            "Biélorussie",
            "--source",
            "appel-russie-bielorussie",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}source,appel-russie-bielorussie,,0,51,62,Le président du Kazakhstan appelle la Russie et la [Biélorussie] à aider…,Biélorussie\n"
        )
    );
}

#[test]
fn queries_are_words_never_fts_syntax() {
    let env = Env::seeded();
    let before = env.dump();
    for hostile in [
        "x' OR 1=1 --",
        "NEAR(",
        "NEAR(étrangers locaux)",
        "étrangers\"",
        "\"étrangers",
        "loc\"aux",
        "AND",
        "OR NOT",
        "étrangers*",
        "title:étrangers",
        "{title body}: étrangers",
        "^étrangers",
        "étrangers + locaux",
        "'); DROP TABLE sources; --",
    ] {
        let out = env.run(&["search", hostile]);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{hostile}");
        assert!(out.stdout.starts_with(HEADER), "{hostile}: {}", out.stdout);
    }
    // Quotes and operators are plain text: a stray quote still finds the word, `OR` is a word.
    assert_eq!(hits(&env, &["étrangers\""]), hits(&env, &["étrangers"]));
    assert_eq!(hits(&env, &["x' OR 1=1 --"]), Vec::<Value>::new());
    assert_eq!(
        hits(&env, &["NEAR(étrangers locaux)", "--in", "statements"]).len(),
        0,
        "`near` is a word the statements do not hold"
    );
    assert_eq!(env.dump(), before, "a search changed the database");
}

#[test]
fn a_query_with_no_words_is_a_usage_error() {
    let env = Env::seeded();
    for (text, shown) in [
        ("", r#""""#),
        ("   ", r#""   ""#),
        ("\"", r#""\"""#),
        ("* : .", r#""* : .""#),
    ] {
        let out = env.run(&["search", text]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr),
            (
                2,
                "",
                format!(
                    "error: search: nothing to search for in {shown}: give one or more words (letters or digits)\n"
                )
            ),
            "{text:?}"
        );
    }
    // The check comes before the database: a usage error even with no database.
    let out = Env::new().run(&["search", ""]);
    assert_eq!(out.code, 2);
    // And a missing database is an error, not a new empty file.
    let env = Env::new();
    let out = env.run(&["search", "x"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!env.db().exists());
}

/// The hits of `factstore search ARGS --format json`.
fn hits(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut argv = vec!["search"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["--format", "json"]);
    let out = env.run(&argv).ok();
    match serde_json::from_str(&out.stdout).unwrap() {
        Value::Array(rows) => rows,
        other => panic!("{other}"),
    }
}

/// Checks the offset rule on every hit of `query`: `substr(body, char_start + 1, char_end -
/// char_start)` is the `text` column, which folds to one of the words searched; a statement's
/// span lies inside the statement; a hit without offsets is a source whose body does not match.
/// Returns the number of hits with offsets.
fn check_offsets(env: &Env, query: &str) -> usize {
    let conn = env.conn();
    let words: Vec<String> = query.split_whitespace().map(fold).collect();
    let mut with_offsets = 0;
    for hit in hits(env, &[query, "--limit", "0"]) {
        let source = hit["source"].as_str().unwrap();
        let (Some(start), Some(end)) = (hit["char_start"].as_i64(), hit["char_end"].as_i64())
        else {
            assert_eq!(hit["kind"], "source", "{query}: {hit}");
            assert!(hit["char_end"].is_null() && hit["text"].is_null(), "{hit}");
            let in_body: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sources_fts WHERE sources_fts MATCH ?1 AND rowid = (SELECT id FROM sources WHERE key = ?2)",
                    [format!("body : ({})", fts_query(query).unwrap().replace(" AND ", " OR ")), source.to_string()],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(in_body, 0, "{query}: {hit}");
            continue;
        };
        with_offsets += 1;
        let at: String = conn
            .query_row(
                "SELECT substr(body, ?1 + 1, ?2 - ?1) FROM sources WHERE key = ?3",
                rusqlite::params![start, end, source],
                |r| r.get(0),
            )
            .unwrap();
        let text = hit["text"].as_str().unwrap();
        assert_eq!(at, text, "{query}: {hit}");
        assert_eq!(end - start, text.chars().count() as i64, "{hit}");
        assert!(
            words.contains(&fold(text)),
            "{query}: {text:?} is not a word searched"
        );
        if hit["kind"] == "statement" {
            let inside: Option<i64> = conn
                .query_row(
                    "SELECT st.id FROM statements AS st JOIN sources AS s ON s.id = st.source_id
                     WHERE s.key = ?1 AND st.char_start <= ?2 AND ?3 <= st.char_end",
                    rusqlite::params![source, start, end],
                    |r| r.get(0),
                )
                .optional()
                .unwrap();
            assert!(
                inside.is_some(),
                "{query}: {hit} is outside every statement"
            );
        }
    }
    with_offsets
}

#[test]
fn every_hit_on_the_seeds_is_at_its_offsets() {
    let env = Env::seeded();
    let mut checked = 0;
    for query in [
        "étrangers",
        "président",
        "Tokayev",
        "Tokaïev",
        "Kazakhstan",
        "terroristes",
        "OTSC",
        "émeutes",
        "forces",
        "tirer",
        "police",
        "Biélorussie",
        "authorizes",
        "a",
        "le",
    ] {
        checked += check_offsets(&env, query);
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn offsets_count_code_points_in_any_script_and_around_marker_characters() {
    let env = Env::new();
    // The body holds the private-use characters highlight() markers might be made of, an emoji
    // (two UTF-16 units, four bytes), a decomposed accent, Cyrillic and a CRLF.
    let body = "Un \u{E000}\u{E001} signe \u{E002} privé \u{E003}; \u{E000}pua\u{E001} 😀 Éléphant.\r\n\
                L’e\u{301}le\u{301}phant 𝔘 ÉLÉPHANT. Москва заявила: «Иностранные боевики прибыли».\n";
    env.write("ds/texts/marks.txt", body);
    env.write(
        "ds/sources.csv",
        "key,title,language,file\nmarks,Une girafe et un éléphant,fr,texts/marks.txt\n",
    );
    env.write(
        "ds/statements.csv",
        "source,text,language\nmarks,Иностранные боевики прибыли,ru\n",
    );
    let dir = env.path("ds");
    env.run(&[
        "-q",
        "load",
        "dataset",
        "--no-extract",
        dir.to_str().unwrap(),
    ])
    .ok();
    for query in [
        "éléphant",
        "ELEPHANT",
        "privé",
        "\u{E000}pua\u{E001}",
        "иностранные",
        "боевики",
        "girafe",
        "signe",
        "москва",
    ] {
        check_offsets(&env, query);
    }
    let out = env.run(&["search", "elephant"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}source,marks,,0,31,39,Un \u{E000}\u{E001} signe \u{E002} privé \u{E003}; \u{E000}pua\u{E001} 😀 [Éléphant]. L’[e\u{301}le\u{301}phant] 𝔘 [ÉLÉPHANT]…,Éléphant\n"
        )
    );
    let out = env.run(&["search", "боевики", "--language", "ru"]).ok();
    assert_eq!(
        out.stdout,
        format!("{HEADER}statement,marks,,0,96,103,Иностранные [боевики] прибыли,боевики\n")
    );
    let out = env.run(&["search", "girafe"]).ok();
    assert_eq!(
        out.stdout,
        format!("{HEADER}source,marks,,0,,,Une [girafe] et un éléphant,\n")
    );
}

#[test]
fn search_has_help_with_an_example_and_a_readme_line() {
    let env = Env::new();
    let out = env.run(&["search", "--help"]).ok();
    assert!(
        out.stdout
            .contains("\nExample:\n  factstore search \"étrangers\" --in statements\n"),
        "{}",
        out.stdout
    );
    let readme = fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let (_, commands) = readme.split_once("\n## Commands\n").unwrap();
    let commands = commands.split("\n## ").next().unwrap();
    assert!(
        commands.lines().any(|l| l.starts_with("  search TEXT")),
        "README.md lists no `search` command"
    );
}

/// Whether each full-text index holds exactly what its content table holds (FTS5's own check
/// against the table), and no transaction left its indexing deferred.
#[track_caller]
fn assert_index_in_step(env: &Env) {
    let conn = env.conn();
    for table in ["sources_fts", "statements_fts"] {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
    assert_eq!(env.count("_fts_deferred"), 0);
}

#[test]
fn the_full_text_index_follows_every_kind_of_write() {
    let env = Env::new();
    let dir = env.path("dataset");
    copy_dir(&seeds(), &dir);
    env.run(&["-q", "load", "dataset", dir.to_str().unwrap()])
        .ok();
    assert_index_in_step(&env);
    let found = |word: &str| -> Vec<String> {
        let out = env.run(&["search", word, "--no-headers"]).ok();
        out.stdout
            .lines()
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(found("zygomatique"), Vec::<String>::new());

    // A new source with a quote (inserted, and its statement extracted) and a new title for the
    // first one (an older row, updated); a dry run of it leaves nothing.
    let key = "nouvelle-source";
    let sources = fs::read_to_string(dir.join("sources.csv")).unwrap();
    let mut lines: Vec<String> = sources.lines().map(str::to_string).collect();
    let first = lines[1].split(',').next().unwrap().to_string();
    let title = lines[1].split(',').nth(1).unwrap().to_string();
    lines[1] = lines[1].replacen(&title, "Une périssologie du président", 1);
    lines.push(format!("{key},Calme,,,fr,,,texts/new.txt"));
    fs::write(dir.join("sources.csv"), lines.join("\n") + "\n").unwrap();
    fs::write(
        dir.join("texts/new.txt"),
        "« Le calme zygomatique reviendra bientôt », a déclaré Tokaïev.\n",
    )
    .unwrap();
    env.run(&["-q", "load", "dataset", "--dry-run", dir.to_str().unwrap()])
        .ok();
    assert_index_in_step(&env);
    assert_eq!(found("zygomatique"), Vec::<String>::new());
    env.run(&["-q", "load", "dataset", dir.to_str().unwrap()])
        .ok();
    assert_index_in_step(&env);
    assert_eq!(
        found("zygomatique"),
        [format!("statement,{key},tokayev"), format!("source,{key},"),]
    );
    assert_eq!(found("périssologie"), [format!("source,{first},")]);

    // Statements loaded with a row set aside (a second row with the key of the first: stored,
    // then rolled back) and a curated statement over the new quote.
    let body: String = env
        .conn()
        .query_row("SELECT body FROM sources WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap();
    let quote = "Le calme zygomatique reviendra bientôt";
    let start = body[..body.find(quote).unwrap()].chars().count();
    let end = start + quote.chars().count();
    env.write(
        "statements.csv",
        format!(
            "source,speaker,text,char_start,char_end\n\
             {key},tokayev,{quote},{start},{end}\n\
             {key},tokayev,{quote},{start},{end}\n"
        ),
    );
    let out = env.run(&[
        "load",
        "statements",
        "statements.csv",
        "--on-error",
        "skip",
        "--rejects",
        "rejects.csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_index_in_step(&env);
    assert_eq!(
        env.rows(
            "SELECT st.origin, st.text FROM statements_fts JOIN statements AS st ON st.id = statements_fts.rowid
             WHERE statements_fts MATCH 'zygomatique' ORDER BY st.origin"
        ),
        [
            format!("\"curated\"|\"{quote}\"|"),
            format!("\"extracted\"|\"{quote}\"|")
        ]
    );

    // `extract` over every source, and over one whose rows are all found again.
    env.run(&["-q", "extract"]).ok();
    assert_index_in_step(&env);
    env.run(&["-q", "extract", "--source", key]).ok();
    assert_index_in_step(&env);
}
