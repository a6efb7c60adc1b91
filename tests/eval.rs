//! `eval`: extracted rows scored against curated ones on `tests/fixtures/eval`, a dataset of three
//! sources built so that every problem occurs: a mention missed and a false one at the same place,
//! a quote matched twice (one to one: the smaller overlap is a false hit), a quote with the wrong
//! speaker, short quotes and indirect speech left out, a figure with the wrong qualifier, one with
//! the wrong claimant, vague figures whose bounds differ, and extracted rows in sources nobody
//! curated (left out).

use std::fs;

use crate::util::{fixture, manifest_dir, Env};

/// Loads the fixture kind by kind (not with `load dataset`, so that no extraction runs): the
/// curated files when `curated`, and the files of `extracted/` (origin `extracted`).
fn load(env: &Env, curated: bool) {
    let dir = fixture("eval");
    for kind in ["lexicon", "entities", "aliases", "sources"] {
        env.run_in(&dir, &["-q", "load", kind, &format!("{kind}.csv")])
            .ok();
    }
    for kind in ["mentions", "statements", "figures"] {
        let curated_file = format!("{kind}.csv");
        let extracted_file = format!("extracted/{kind}.csv");
        let mut args = vec!["-q", "load", kind, extracted_file.as_str()];
        if curated {
            args.push(curated_file.as_str());
        }
        env.run_in(&dir, &args).ok();
    }
}

const TABLE: &str = "\
what                       curated  extracted   true  precision  recall     f1
mentions (source×entity)         6          6      5      0.833   0.833  0.833
statements (4+ words)            4          5      3      0.600   0.750  0.667
  speaker accuracy                                 2      0.667
figures (metric + value)         5          6      4      0.667   0.800  0.727
  qualifier accuracy                               3      0.750
  claimed_by accuracy                              3      0.750

rule                                extracted   true  precision
mention.alias                               5      5      1.000
mention.shared-alias                        1      0      0.000
quote.adjacent                              1      0      0.000
quote.carried-over                          1      1      1.000
quote.speech-verb                           3      2      0.667
figure.metric-after                         1      0      0.000
figure.metric-before                        1      0      0.000
figure.metric-next                          3      3      1.000
figure.metric-shared                        1      1      1.000
";

const MISSES: &str = r#"kind,problem,source,char_start,char_end,curated,extracted,context
mention,false_hit,almaty-clashes,412,427,,kz-government,""". Dozens of police officers were injured, according to the health ministry. "
mention,missed,almaty-clashes,412,427,kz-health-ministry,,""". Dozens of police officers were injured, according to the health ministry. "
statement,false_hit,almaty-clashes,111,177,,"kz-interior-ministry: 26 protesters were killed and more than 3,000 people were arrested","otesters in Almaty on Wednesday. The Interior Ministry said 26 protesters were killed and more than 3,000 people were arrested. President Tokayev said: ""Terrorists attacked the city with"
statement,false_hit,almaty-clashes,233,255,,tokayev: with help from abroad.,"sted. President Tokayev said: ""Terrorists attacked the city with help from abroad."" He added: ""Order will soon be restored everywhere."" Tokaye"
statement,wrong_speaker,almaty-clashes,268,307,tokayev: Order will soon be restored everywhere.,(unknown): Order will soon be restored everywhere.,"orists attacked the city with help from abroad."" He added: ""Order will soon be restored everywhere."" Tokayev also called the protesters ""bandits"". Dozens of po"
statement,missed,ordre-de-tirer,58,92,tokayev: tirer pour tuer sans avertissement,,"Le président Tokaïev a ordonné aux forces de l'ordre de « tirer pour tuer sans avertissement ». Selon le ministère de l'Intérieur, plus de 3 000 personn"
figure,false_hit,almaty-clashes,8,9,,killed 6 exact,"ALMATY, 6 January — Security forces clashed with protesters in Almaty"
figure,wrong_qualifier,almaty-clashes,111,113,killed 26 exact kz-interior-ministry,killed 26 about kz-interior-ministry,"otesters in Almaty on Wednesday. The Interior Ministry said 26 protesters were killed and more than 3,000 people were arre"
figure,false_hit,almaty-clashes,355,361,,injured 20–99 dozens kz-health-ministry," everywhere."" Tokayev also called the protesters ""bandits"". Dozens of police officers were injured, according to the health mi"
figure,missed,almaty-clashes,355,361,injured 24–99 dozens kz-health-ministry,," everywhere."" Tokayev also called the protesters ""bandits"". Dozens of police officers were injured, according to the health mi"
figure,wrong_claimed_by,ordre-de-tirer,139,144,arrested 3000 more_than kz-interior-ministry,arrested 3000 more_than,"avertissement ». Selon le ministère de l'Intérieur, plus de 3 000 personnes ont été arrêtées et des dizaines de manifestants "
"#;

#[test]
fn scores_the_fixture_and_writes_every_miss_with_its_context() {
    let env = Env::new();
    load(&env, true);
    let before = env.dump();
    let out = env.run(&["eval", "--misses", "misses.csv"]).ok();
    assert_eq!(out.stdout, TABLE);
    assert_eq!(fs::read_to_string(env.path("misses.csv")).unwrap(), MISSES);
    // Without --misses: the same table, no file.
    let out = env.run(&["eval"]).ok();
    assert_eq!(out.stdout, TABLE);
    assert_eq!(env.dump(), before, "eval changed the database");
}

#[test]
fn source_restricts_the_scoring() {
    let env = Env::new();
    load(&env, true);
    // ordre-de-tirer has no curated mentions: its extracted mention is left out.
    let out = env
        .run(&[
            "eval",
            "--source",
            "ordre-de-tirer",
            "--source",
            "tv-report",
            "--misses",
            "m.csv",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "\
what                       curated  extracted   true  precision  recall     f1
mentions (source×entity)         0          0      0      0.000   0.000  0.000
statements (4+ words)            2          1      1      1.000   0.500  0.667
  speaker accuracy                                 1      1.000
figures (metric + value)         2          2      2      1.000   1.000  1.000
  qualifier accuracy                               2      1.000
  claimed_by accuracy                              1      0.500

rule                                extracted   true  precision
quote.speech-verb                           1      1      1.000
figure.metric-next                          1      1      1.000
figure.metric-shared                        1      1      1.000
"
    );
    let misses: Vec<&str> = MISSES
        .lines()
        .filter(|l| l.starts_with("kind,") || l.contains(",ordre-de-tirer,"))
        .collect();
    assert_eq!(
        fs::read_to_string(env.path("m.csv")).unwrap(),
        misses.join("\n") + "\n"
    );
}

#[test]
fn no_curated_rows_is_an_error() {
    let env = Env::new();
    load(&env, false);
    let out = env.run(&["eval", "--misses", "m.csv"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            "error: no source has curated mentions, statements or figures: there is nothing to score the extracted rows against\n"
        )
    );
    assert!(!env.path("m.csv").exists());

    let env = Env::new();
    load(&env, true);
    let out = env.run(&["eval", "--source", "tv-report"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            "error: no source among those given with --source has curated mentions, statements or figures: there is nothing to score the extracted rows against\n"
        )
    );
}

#[test]
fn unknown_source_or_database_is_an_error() {
    let env = Env::new();
    let out = env.run(&["eval"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: database {} does not exist (create it with `factstore init` or `factstore load dataset DIR`)\n",
            env.db_shown()
        )
    );
    assert!(!env.db().exists(), "eval created the database");

    load(&env, true);
    let out = env.run(&["eval", "--source", "almaty"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: invalid value 'almaty' for '--source <KEY>': no source has this key\n\n  tip: a similar value exists: 'almaty-clashes'\n"
        )
    );
}

#[test]
fn eval_has_help_with_an_example_and_a_readme_line() {
    let out = Env::new().run(&["eval", "--help"]).ok();
    assert!(
        out.stdout
            .contains("\nExample:\n  factstore eval --source shoot-to-kill --misses misses.csv\n"),
        "{}",
        out.stdout
    );
    let readme = fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let (_, commands) = readme.split_once("\n## Commands\n").unwrap();
    let commands = commands.split("\n## ").next().unwrap();
    assert!(
        commands.lines().any(|l| l.starts_with("  eval ")),
        "{commands}"
    );
}
