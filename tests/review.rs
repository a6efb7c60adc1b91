//! Discovered entities and review as data: the names the extractor finds become entities of origin
//! `extracted`, one per name across sources; `review` lists them with counts and a context; a
//! decisions file (accept, merge, reject) turns them into curated entities, aliases or nothing,
//! on every load and extraction, and round-trips through `export` / `load dataset`; a curated
//! alias that covers a discovered name merges it; bad decisions files are refused whole.

use crate::util::{load_report, load_rows, Env};

/// A made-up article: "Brannoch Logistics" three times, "Ilsa Merrow" twice (once as the speaker
/// of a quote), and "Quiet Week", a nickname the finder takes for a name.
const HARBOUR: &str = "Cranes stopped at Velmora\n\nOn Monday a spokesman for Brannoch Logistics said that 300 workers had stopped the cranes. \"We will stay at the gates until the plan is withdrawn,\" said the union leader Ilsa Merrow. Later the manager of Brannoch Logistics refused to talk, and by evening the dockers of the so-called Quiet Week had joined Ilsa Merrow at the gates of Brannoch Logistics.\n";

/// A second made-up article: "Ilsa Merrow" again, and "Tarsk Lines".
const FERRY: &str = "Ferries idle in the strait\n\nOn Tuesday the ferry operator Tarsk Lines stopped its crossings, and the union leader Ilsa Merrow told reporters the strike would go on.\n";

/// What `review` prints once both articles are extracted from, nothing decided.
const REVIEW: &str = "key,name,kind,rule,confidence,mentions,sources,source,context\n\
brannoch-logistics,Brannoch Logistics,person,name.capitalised,0.8,3,1,harbour,\"Cranes stopped at Velmora  On Monday a spokesman for [Brannoch Logistics] said that 300 workers had stopped the cranes. \"\"We will stay\"\n\
ilsa-merrow,Ilsa Merrow,person,name.person-title,0.9,3,2,harbour,\"e gates until the plan is withdrawn,\"\" said the union leader [Ilsa Merrow]. Later the manager of Brannoch Logistics refused to talk, a\"\n\
quiet-week,Quiet Week,person,name.capitalised,0.8,1,1,harbour,\"efused to talk, and by evening the dockers of the so-called [Quiet Week] had joined Ilsa Merrow at the gates of Brannoch Logistics.\"\n\
tarsk-lines,Tarsk Lines,person,name.capitalised,0.8,1,1,ferry,\"Ferries idle in the strait  On Tuesday the ferry operator [Tarsk Lines] stopped its crossings, and the union leader Ilsa Merrow tol\"\n";

const REVIEW_HEADER: &str = "key,name,kind,rule,confidence,mentions,sources,source,context\n";

/// The mentions of the two articles before any decision: source, entity, surface, span.
const MENTIONS: [&str; 8] = [
    "ferry|tarsk-lines|Tarsk Lines|58|69",
    "ferry|ilsa-merrow|Ilsa Merrow|114|125",
    "harbour|brannoch-logistics|Brannoch Logistics|53|71",
    "harbour|ilsa-merrow|Ilsa Merrow|197|208",
    "harbour|brannoch-logistics|Brannoch Logistics|231|249",
    "harbour|quiet-week|Quiet Week|311|321",
    "harbour|ilsa-merrow|Ilsa Merrow|333|344",
    "harbour|brannoch-logistics|Brannoch Logistics|361|379",
];

/// An entity for the merge decision to name.
const MERROW: &str = "key,kind,name\nmerrow,person,I. Merrow\n";

const DECIDED: &str = "name,decision,entity,kind,note\n\
Brannoch Logistics,accept,brannoch,organization,the port operator\n\
ilsa merrow,merge,merrow,,\n\
Quiet Week,reject,,,a nickname of the strike\n";

/// The rows `sql` gives, as `factstore sql --format tsv` writes them (no header), one a line.
fn tsv(env: &Env, sql: &str) -> Vec<String> {
    let out = env
        .run(&["sql", "--format", "tsv", "--no-headers", sql])
        .ok();
    out.stdout.lines().map(|l| l.replace('\t', "|")).collect()
}

/// Every mention: source, entity, surface and span, by source and place.
fn mentions(env: &Env) -> Vec<String> {
    tsv(
        env,
        "SELECT s.key, e.key, m.surface, m.char_start, m.char_end FROM mentions AS m
         JOIN sources AS s ON s.id = m.source_id JOIN entities AS e ON e.id = m.entity_id
         ORDER BY s.key, m.char_start",
    )
}

/// Every entity that is not built in: key, kind, name, description, origin, confidence, rule.
fn entities(env: &Env) -> Vec<String> {
    tsv(
        env,
        "SELECT key, kind, name, description, origin, confidence, rule FROM entities
         WHERE origin <> 'builtin' ORDER BY key",
    )
}

/// Every alias that is not built in: entity, alias, origin.
fn aliases(env: &Env) -> Vec<String> {
    tsv(
        env,
        "SELECT e.key, a.alias, a.origin FROM aliases AS a JOIN entities AS e ON e.id = a.entity_id
         WHERE a.origin <> 'builtin' ORDER BY e.key, a.alias",
    )
}

/// Every statement: source, speaker, text.
fn statements(env: &Env) -> Vec<String> {
    tsv(
        env,
        "SELECT s.key, coalesce(e.key, '-'), st.text FROM statements AS st
         JOIN sources AS s ON s.id = st.source_id LEFT JOIN entities AS e ON e.id = st.speaker_id
         ORDER BY s.key, st.char_start",
    )
}

fn review(env: &Env) -> String {
    env.run(&["review"]).ok().stdout
}

/// A store holding both articles, added and extracted from.
fn added() -> Env {
    let env = Env::new();
    env.write("harbour.txt", HARBOUR);
    env.write("ferry.txt", FERRY);
    env.run(&["-q", "add", "harbour.txt", "ferry.txt"]).ok();
    env
}

/// `rows` with `from` replaced by `to` in the entity column (the second).
fn moved(rows: &[&str], from: &str, to: &str) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let mut cols: Vec<&str> = r.split('|').collect();
            if cols[1] == from {
                cols[1] = to;
            }
            cols.join("|")
        })
        .collect()
}

#[test]
fn added_articles_give_discovered_entities_that_review_lists_most_mentioned_first() {
    let env = Env::new();
    env.write("harbour.txt", HARBOUR);
    env.write("ferry.txt", FERRY);
    let out = env.run(&["add", "harbour.txt", "ferry.txt"]).ok();
    assert_eq!(
        out.stdout,
        "2 added, 0 unchanged, 0 updated, 0 refused\nextracted from 2 sources: 15 rows inserted, 0 updated, 0 unchanged, 0 deleted\n"
    );
    assert_eq!(review(&env), REVIEW);
    assert_eq!(
        env.run(&["query", "entities", "--origin", "extracted"])
            .ok()
            .stdout,
        "key,kind,name,description,wikidata,origin,confidence,rule\n\
         brannoch-logistics,person,Brannoch Logistics,,,extracted,0.8,name.capitalised\n\
         ilsa-merrow,person,Ilsa Merrow,,,extracted,0.9,name.person-title\n\
         quiet-week,person,Quiet Week,,,extracted,0.8,name.capitalised\n\
         tarsk-lines,person,Tarsk Lines,,,extracted,0.8,name.capitalised\n"
    );
    assert_eq!(mentions(&env), MENTIONS);
    assert_eq!(
        tsv(
            &env,
            "SELECT DISTINCT origin, rule FROM mentions ORDER BY rule"
        ),
        ["extracted|name.capitalised", "extracted|name.person-title"]
    );
    // The speaker of the quote, and of what she told reporters, is the discovered entity; a
    // spokesman's words are his company's.
    assert_eq!(
        statements(&env),
        [
            "ferry|ilsa-merrow|the strike would go on",
            "harbour|brannoch-logistics|300 workers had stopped the cranes",
            "harbour|ilsa-merrow|We will stay at the gates until the plan is withdrawn,"
        ]
    );
    env.run(&["check"]).ok();
}

#[test]
fn loaded_sources_give_the_same_discovered_entities_once_extracted() {
    let env = Env::new();
    env.write("ds/texts/harbour.txt", HARBOUR);
    env.write("ds/texts/ferry.txt", FERRY);
    env.write(
        "ds/sources.csv",
        "key,language,file\nharbour,en,texts/harbour.txt\nferry,en,texts/ferry.txt\n",
    );
    env.run(&["-q", "load", "sources", "ds/sources.csv"]).ok();
    // Loading sources does not extract: nothing is discovered yet.
    assert_eq!(review(&env), REVIEW_HEADER);
    assert_eq!(env.count("mentions"), 0);
    env.run(&["-q", "extract"]).ok();
    // A loaded source's text is the file as it is, its last line break included (`add` trims
    // it): the one context that reaches the end shows it as a space.
    let at_end = "at the gates of Brannoch Logistics.\"";
    assert_eq!(
        review(&env),
        REVIEW.replace(at_end, "at the gates of Brannoch Logistics. \"")
    );
    assert_eq!(mentions(&env), MENTIONS);
}

#[test]
fn the_same_name_in_two_sources_is_one_entity_across_commands() {
    let env = Env::new();
    env.write("harbour.txt", HARBOUR);
    env.write("ferry.txt", FERRY);
    env.run(&["-q", "add", "harbour.txt"]).ok();
    let id = tsv(&env, "SELECT id FROM entities WHERE key = 'ilsa-merrow'");
    assert_eq!(id.len(), 1);
    env.run(&["-q", "add", "ferry.txt"]).ok();
    assert_eq!(
        tsv(
            &env,
            "SELECT id, key FROM entities WHERE match_key = 'ilsa merrow'"
        ),
        [format!("{}|ilsa-merrow", id[0])]
    );
    assert_eq!(mentions(&env), MENTIONS);
    // Extracting both again finds the same entities: nothing inserted, nothing deleted.
    let before = entities(&env);
    let out = env.run(&["extract"]).ok();
    assert!(
        out.stdout.contains(": 0 rows inserted,") && out.stdout.ends_with(", 0 deleted\n"),
        "{}",
        out.stdout
    );
    assert_eq!(entities(&env), before);
    assert_eq!(review(&env), REVIEW);
}

#[test]
fn an_accepted_name_becomes_a_curated_entity_that_extraction_keeps() {
    let env = added();
    env.write(
        "decisions.csv",
        "name,decision,entity,kind,note\nBrannoch Logistics,accept,brannoch,organization,the port operator\n",
    );
    let out = env.run(&["load", "decisions", "decisions.csv"]).ok();
    assert_eq!(
        out.stdout,
        load_report(&[("decisions.csv".to_string(), "decisions", 1, 0, 0)])
    );
    let expected_entities = [
        "brannoch|organization|Brannoch Logistics|the port operator|curated||",
        "ilsa-merrow|person|Ilsa Merrow||extracted|0.9|name.person-title",
        "quiet-week|person|Quiet Week||extracted|0.8|name.capitalised",
        "tarsk-lines|person|Tarsk Lines||extracted|0.8|name.capitalised",
    ];
    assert_eq!(entities(&env), expected_entities);
    // Applying it inserted the entity and merged the discovered one into it.
    assert_eq!(applied(&env), (Some("(applied)".to_string()), 1, 0, 0, 1));
    let expected_mentions = moved(&MENTIONS, "brannoch-logistics", "brannoch");
    assert_eq!(mentions(&env), expected_mentions);
    assert_eq!(aliases(&env), Vec::<String>::new());
    let expected_review: String = REVIEW
        .lines()
        .filter(|l| !l.starts_with("brannoch-logistics,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(review(&env), expected_review);
    // Extracting again: the dictionary now finds the name, and the mentions stay the curated
    // entity's.
    env.run(&["-q", "extract"]).ok();
    assert_eq!(entities(&env), expected_entities);
    assert_eq!(mentions(&env), expected_mentions);
    assert_eq!(
        tsv(
            &env,
            "SELECT DISTINCT m.rule FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id
             WHERE e.key = 'brannoch'"
        ),
        ["mention.alias"]
    );
    assert_eq!(review(&env), expected_review);
    // Loading the same decisions again changes no content row (and makes no alias of the
    // entity's own name).
    let content = env.dump_content();
    let out = env.run(&["load", "decisions", "decisions.csv"]).ok();
    assert_eq!(
        out.stdout,
        load_report(&[("decisions.csv".to_string(), "decisions", 0, 0, 1)])
    );
    assert_eq!(env.dump_content(), content);
    assert_eq!(applied(&env), (Some("(applied)".to_string()), 0, 0, 0, 0));
    env.run(&["check"]).ok();
}

#[test]
fn accepting_a_name_under_its_discovered_key_keeps_the_entity_and_makes_it_curated() {
    let env = added();
    let id = tsv(&env, "SELECT id FROM entities WHERE key = 'tarsk-lines'");
    env.write(
        "decisions.csv",
        "name,decision,entity,kind,note\nTarsk Lines,accept,tarsk-lines,organization,\n",
    );
    env.run(&["-q", "load", "decisions", "decisions.csv"]).ok();
    assert_eq!(
        tsv(
            &env,
            "SELECT id, kind, name, origin, confidence, rule FROM entities WHERE key = 'tarsk-lines'"
        ),
        [format!("{}|organization|Tarsk Lines|curated||", id[0])]
    );
    env.run(&["-q", "extract"]).ok();
    assert_eq!(mentions(&env), MENTIONS);
    assert_eq!(
        tsv(
            &env,
            "SELECT origin FROM entities WHERE match_key = 'tarsk lines'"
        ),
        ["curated"]
    );
}

#[test]
fn a_merged_name_becomes_an_alias_and_its_mentions_and_quotes_move() {
    let env = added();
    env.write("entities.csv", MERROW);
    env.write(
        "decisions.csv",
        "name,decision,entity,kind,note\nilsa merrow,merge,merrow,,\n",
    );
    env.run(&["-q", "load", "entities", "entities.csv"]).ok();
    env.run(&["-q", "load", "decisions", "decisions.csv"]).ok();
    assert_eq!(aliases(&env), ["merrow|ilsa merrow|curated"]);
    assert_eq!(applied(&env), (Some("(applied)".to_string()), 1, 0, 0, 1));
    let expected_entities = [
        "brannoch-logistics|person|Brannoch Logistics||extracted|0.8|name.capitalised",
        "merrow|person|I. Merrow||curated||",
        "quiet-week|person|Quiet Week||extracted|0.8|name.capitalised",
        "tarsk-lines|person|Tarsk Lines||extracted|0.8|name.capitalised",
    ];
    assert_eq!(entities(&env), expected_entities);
    let expected_mentions = moved(&MENTIONS, "ilsa-merrow", "merrow");
    assert_eq!(mentions(&env), expected_mentions);
    let quote = [
        "ferry|merrow|the strike would go on",
        "harbour|brannoch-logistics|300 workers had stopped the cranes",
        "harbour|merrow|We will stay at the gates until the plan is withdrawn,",
    ];
    assert_eq!(statements(&env), quote);
    assert_eq!(
        tsv(
            &env,
            "SELECT count(*) FROM entities WHERE key = 'ilsa-merrow'"
        ),
        ["0"]
    );
    // Extracting again: the alias finds the name; nothing comes back.
    env.run(&["-q", "extract"]).ok();
    assert_eq!(entities(&env), expected_entities);
    assert_eq!(mentions(&env), expected_mentions);
    assert_eq!(statements(&env), quote);
    assert!(!review(&env).contains("Ilsa Merrow]"), "{}", review(&env));
    env.run(&["check"]).ok();
}

#[test]
fn a_rejected_name_leaves_no_entity_and_extraction_does_not_bring_it_back() {
    let env = added();
    env.write(
        "decisions.csv",
        "name,decision,entity,kind,note\nquiet week,reject,,,a nickname of the strike\n",
    );
    env.run(&["-q", "load", "decisions", "decisions.csv"]).ok();
    let without = |rows: &[&str]| -> Vec<String> {
        rows.iter()
            .filter(|r| !r.contains("Quiet Week"))
            .map(|r| r.to_string())
            .collect()
    };
    let expected_review: String = REVIEW
        .lines()
        .filter(|l| !l.starts_with("quiet-week,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let check = |env: &Env| {
        assert_eq!(
            tsv(
                env,
                "SELECT count(*) FROM entities WHERE match_key = 'quiet week'"
            ),
            ["0"]
        );
        assert_eq!(mentions(env), without(&MENTIONS));
        assert_eq!(
            tsv(
                env,
                "SELECT count(*) FROM mentions WHERE surface = 'Quiet Week'"
            ),
            ["0"]
        );
        assert_eq!(review(env), expected_review);
    };
    check(&env);
    assert_eq!(applied(&env), (Some("(applied)".to_string()), 0, 0, 0, 1));
    env.run(&["-q", "extract"]).ok();
    check(&env);
    assert_eq!(
        tsv(
            &env,
            "SELECT name, decision, entity, kind, note FROM decisions"
        ),
        ["quiet week|reject|||a nickname of the strike"]
    );

    // Decided before the article comes: the name is never discovered.
    let early = Env::new();
    early.write("decisions.csv", DECIDED);
    early.write("entities.csv", MERROW);
    early.write("harbour.txt", HARBOUR);
    early.run(&["-q", "load", "entities", "entities.csv"]).ok();
    early
        .run(&["-q", "load", "decisions", "decisions.csv"])
        .ok();
    early.run(&["-q", "add", "harbour.txt"]).ok();
    assert_eq!(
        mentions(&early),
        [
            "harbour|brannoch|Brannoch Logistics|53|71",
            "harbour|merrow|Ilsa Merrow|197|208",
            "harbour|brannoch|Brannoch Logistics|231|249",
            "harbour|merrow|Ilsa Merrow|333|344",
            "harbour|brannoch|Brannoch Logistics|361|379",
        ]
    );
    assert_eq!(review(&early), REVIEW_HEADER);
}

/// The counts of the last row of `loads` (the one that applied the decisions just loaded):
/// path, inserted, updated, unchanged, deleted.
fn applied(env: &Env) -> (Option<String>, i64, i64, i64, i64) {
    let (_, kind, path, inserted, updated, unchanged, deleted) = load_rows(env).pop().unwrap();
    assert_eq!(kind, "decisions");
    (path, inserted, updated, unchanged, deleted)
}

/// Every file of folder `dir` (relative path and contents), sorted.
fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    crate::util::files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

#[test]
fn decisions_round_trip_through_export_and_load_dataset() {
    let env = added();
    env.write("entities.csv", MERROW);
    env.write("decisions.csv", DECIDED);
    env.run(&["-q", "load", "entities", "entities.csv"]).ok();
    env.run(&["-q", "load", "decisions", "decisions.csv"]).ok();
    env.run(&["-q", "extract"]).ok();
    let out = env.run(&["export", "out"]).ok();
    assert_eq!(
        out.stdout,
        "exported 0 lexicon, 3 entities, 1 aliases, 3 decisions, 2 sources, 7 mentions, 3 statements, 0 figures to out\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.path("out/decisions.csv")).unwrap(),
        DECIDED
    );

    let fresh = Env::new();
    let dir = env.path("out");
    fresh
        .run(&["-q", "load", "dataset", dir.to_str().unwrap()])
        .ok();
    let decisions =
        "SELECT name, decision, entity, kind, note, match_key FROM decisions ORDER BY id";
    assert_eq!(tsv(&fresh, decisions), tsv(&env, decisions));
    assert_eq!(entities(&fresh), entities(&env));
    assert_eq!(
        entities(&fresh),
        [
            "brannoch|organization|Brannoch Logistics|the port operator|curated||",
            "merrow|person|I. Merrow||curated||",
            "tarsk-lines|person|Tarsk Lines||extracted|0.8|name.capitalised",
        ]
    );
    assert_eq!(aliases(&fresh), aliases(&env));
    assert_eq!(aliases(&fresh), ["merrow|ilsa merrow|curated"]);
    assert_eq!(mentions(&fresh), mentions(&env));
    assert_eq!(statements(&fresh), statements(&env));
    assert_eq!(review(&fresh), review(&env));
    // Exported again, the fresh store writes the same files.
    fresh.run(&["-q", "export", "again"]).ok();
    assert_eq!(files(&fresh.path("again")), files(&dir));
    fresh.run(&["check"]).ok();
}

#[test]
fn a_curated_alias_that_covers_a_discovered_name_merges_it_mentions_included() {
    let env = added();
    env.write(
        "entities.csv",
        "key,kind,name\ntarsk,organization,Tarsk Ferry Company\n",
    );
    env.write("aliases.csv", "entity,alias,language\ntarsk,Tarsk Lines,\n");
    env.run(&["-q", "load", "entities", "entities.csv"]).ok();
    // The entity's name alone covers nothing: the discovered entity is still there.
    assert_eq!(review(&env), REVIEW);
    env.run(&["-q", "load", "aliases", "aliases.csv"]).ok();
    assert_eq!(
        tsv(
            &env,
            "SELECT count(*) FROM entities WHERE key = 'tarsk-lines'"
        ),
        ["0"]
    );
    assert_eq!(mentions(&env), moved(&MENTIONS, "tarsk-lines", "tarsk"));
    assert!(!review(&env).contains("Tarsk Lines]"), "{}", review(&env));
    assert_eq!(
        tsv(
            &env,
            "SELECT origin, rule FROM mentions WHERE surface = 'Tarsk Lines'"
        ),
        ["extracted|name.capitalised"]
    );
    env.run(&["-q", "extract"]).ok();
    assert_eq!(mentions(&env), moved(&MENTIONS, "tarsk-lines", "tarsk"));
    env.run(&["check"]).ok();
}

#[test]
fn a_dry_run_of_decisions_changes_nothing() {
    let env = added();
    env.write("entities.csv", MERROW);
    env.write("decisions.csv", DECIDED);
    env.run(&["-q", "load", "entities", "entities.csv"]).ok();
    let before = env.dump();
    let out = env
        .run(&["load", "decisions", "--dry-run", "decisions.csv"])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{}dry run: nothing was written\n",
            load_report(&[("decisions.csv".to_string(), "decisions", 3, 0, 0)])
        )
    );
    assert_eq!(env.dump(), before);
    assert_eq!(review(&env), REVIEW);
}

#[test]
fn a_bad_decisions_file_is_refused_whole_naming_file_line_and_field() {
    let env = added();
    let before = env.dump();
    let header = "name,decision,entity,kind,note\n";
    let good = "Quiet Week,reject,,,\n";
    for (row, problem) in [
        (
            "Tarsk Lines,approve,tarsk,organization,",
            "3:2: decision: \"approve\" is not one of accept, merge, reject",
        ),
        (
            "Tarsk Lines,accept,,organization,",
            "3:3: entity: is empty; accept needs the entity's key",
        ),
        (
            "Tarsk Lines,accept,tarsk,,",
            "3:4: kind: is empty; accept needs the entity's kind",
        ),
        (
            "Tarsk Lines,accept,tarsk,ferry,",
            "3:4: kind: \"ferry\" is not one of person, organization, place, group, event, other",
        ),
        (
            "Tarsk Lines,merge,tarsk-ferries,,",
            "3:3: entity: unknown entity \"tarsk-ferries\"",
        ),
        (
            "Tarsk Lines,merge,ilsa-merrow,person,",
            "3:4: kind: merge takes no kind",
        ),
        (
            "Tarsk Lines,reject,tarsk,,",
            "3:3: entity: a rejected name has no entity",
        ),
        (",reject,,,", "3:1: name: is empty; a value is required"),
    ] {
        env.write("bad.csv", format!("{header}{good}{row}\n"));
        let out = env.run(&["load", "decisions", "bad.csv"]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr),
            (
                1,
                "",
                format!("bad.csv:{problem}\nerror: 1 problem found; nothing was loaded\n")
            ),
            "{row}"
        );
        assert_eq!(env.dump(), before, "{row}");
    }
    // As decisions.csv of a dataset folder: the same refusal, nothing of the folder loaded.
    env.write("ds/entities.csv", MERROW);
    env.write(
        "ds/decisions.csv",
        format!("{header}{good},accept,x,person,\n"),
    );
    let out = env.run(&["load", "dataset", "ds"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr),
        (
            1,
            "",
            "ds/decisions.csv:3:1: name: is empty; a value is required\nerror: 1 problem found; nothing was loaded\n".to_string()
        )
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn review_shows_the_context_by_characters_in_accented_text() {
    let env = Env::new();
    env.write(
        "greve.txt",
        "Grève à Velmora\n\nLundi, la porte-parole de la société Brannoch Logistique a déclaré que les grues étaient à l’arrêt. « Nous resterons jusqu’au retrait du plan », a déclaré Éloïse Marnier, qui dirige le syndicat des dockers, devant les grilles de Brannoch Logistique.\n",
    );
    env.run(&["-q", "add", "greve.txt"]).ok();
    assert_eq!(
        review(&env),
        "key,name,kind,rule,confidence,mentions,sources,source,context\n\
         brannoch-logistique,Brannoch Logistique,person,name.capitalised,0.8,2,1,greve,\"Grève à Velmora  Lundi, la porte-parole de la société [Brannoch Logistique] a déclaré que les grues étaient à l’arrêt. « Nous resterons\"\n\
         eloise-marnier,Éloïse Marnier,person,name.capitalised,0.8,1,1,greve,\"rêt. « Nous resterons jusqu’au retrait du plan », a déclaré [Éloïse Marnier], qui dirige le syndicat des dockers, devant les grilles de \"\n\
         velmora,Velmora,place,name.capitalised-word,0.7,1,1,greve,\"Grève à [Velmora]  Lundi, la porte-parole de la société Brannoch Logistique a\"\n"
    );
}
