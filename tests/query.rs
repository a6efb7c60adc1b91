//! `query`: results on the seeds, entity filters by any spelling, filters that name nothing, and
//! the output options (formats, delimiters, byte-order mark, spreadsheet mode).

use std::fs;

use crate::util::{
    dataset_report, fixture, holdings, holdings_with_builtin, manifest_dir, seeds, Env,
};

const FIGURES_HEADER: &str = "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule";
const STATEMENTS_HEADER: &str =
    "source,speaker,kind,text,char_start,char_end,origin,language,confidence,rule";

#[test]
fn arrested_figures_on_the_seeds() {
    let env = Env::seeded();
    let out = env.run(&["query", "figures", "--metric", "arrested"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "{FIGURES_HEADER}\n\
             appel-russie-bielorussie,arrested,3000,,,more_than,,protesters,kz-government,,,3000,3100,3104,curated,,\n\
             appel-russie-bielorussie,arrested,3000,,,more_than,,,kz-interior-ministry,,2022-01-07,3000,6833,6837,curated,,\n\
             appel-russie-bielorussie,arrested,200,,,about,,protesters,,aktobe,2022-01-07,200,9660,9663,curated,,\n\
             appel-russie-bielorussie,arrested,100,,,more_than,,protesters,,atyrau,2022-01-07,100,9732,9735,curated,,\n\
             shoot-to-kill,arrested,3800,,,more_than,,,,,,\"3,800\",2664,2669,curated,,\n\
             tirer-sans-avertissement,arrested,3000,,,exact,,protesters,kz-government,,,3 000,2220,2225,curated,,\n\
             tokayev-tirer-pour-tuer,arrested,3700,,,more_than,,,kz-state-tv,,,3 700,1787,1792,curated,,\n"
        )
    );
}

#[test]
fn figure_filters_combine() {
    let env = Env::seeded();
    let out = env
        .run(&[
            "query", "figures", "--metric", "arrested", "--place", "AKTOBE",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{FIGURES_HEADER}\n\
             appel-russie-bielorussie,arrested,200,,,about,,protesters,,aktobe,2022-01-07,200,9660,9663,curated,,\n"
        )
    );
    let out = env
        .run(&[
            "query",
            "figures",
            "--metric",
            "arrested",
            "--claimed-by",
            "gouvernement kazakh",
            "--qualifier",
            "more_than",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{FIGURES_HEADER}\n\
             appel-russie-bielorussie,arrested,3000,,,more_than,,protesters,kz-government,,,3000,3100,3104,curated,,\n"
        )
    );
}

/// The statements of seeds/statements.csv whose speaker is `speaker`, as the query writes them
/// (sorted by source and offsets; the seeds leave language, confidence and rule empty).
fn seed_statements_by(speaker: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(seeds().join("statements.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (source, who, kind, text, start, end, origin) = (
        col("source"),
        col("speaker"),
        col("kind"),
        col("text"),
        col("char_start"),
        col("char_end"),
        col("origin"),
    );
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[who] == speaker)
        .map(|r| {
            vec![
                r[source].to_string(),
                r[who].to_string(),
                r[kind].to_string(),
                r[text].to_string(),
                r[start].to_string(),
                r[end].to_string(),
                r[origin].to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    rows.sort_by_key(|r| (r[0].clone(), r[4].parse::<i64>().unwrap()));
    rows
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn statements_by_a_speaker_under_any_spelling() {
    let env = Env::seeded();
    let out = env
        .run(&["query", "statements", "--speaker", "tokayev"])
        .ok();
    assert!(out.stdout.starts_with(&format!("{STATEMENTS_HEADER}\n")));
    let (headers, rows) = parse_csv(&out.stdout);
    assert_eq!(headers.join(","), STATEMENTS_HEADER);
    let expected = seed_statements_by("tokayev");
    assert!(!expected.is_empty());
    assert_eq!(rows, expected);
    let mut sources: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    sources.dedup();
    assert_eq!(
        sources,
        [
            "appel-russie-bielorussie",
            "ordre-de-tirer",
            "shoot-to-kill",
            "tirer-sans-avertissement",
            "tokayev-tirer-pour-tuer"
        ]
    );
    // The key, the name, a French alias with a diaeresis, and an unaccented upper-case spelling.
    for spelling in [
        "Tokaïev",
        "Kassym-Jomart Tokayev",
        "TOKAIEV",
        "  kassym-jomart  TOKAÏEV ",
    ] {
        let again = env
            .run(&["query", "statements", "--speaker", spelling])
            .ok();
        assert_eq!(again.stdout, out.stdout, "--speaker {spelling:?}");
    }
}

#[test]
fn statements_filtered_by_folded_text() {
    let env = Env::seeded();
    let out = env
        .run(&[
            "query",
            "statements",
            "--speaker",
            "tokayev",
            "--contains",
            "TERRORISTES",
            "--source",
            "tokayev-tirer-pour-tuer",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        format!(
            "{STATEMENTS_HEADER}\n\
             tokayev-tirer-pour-tuer,tokayev,quote,Les terroristes n’ont pas déposé les armes,497,539,curated,,,\n"
        )
    );
}

#[test]
fn a_filter_naming_no_entity_is_an_error() {
    let env = Env::seeded();
    let out = env.run(&["query", "statements", "--speaker", "zzyzx"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "error: invalid value 'zzyzx' for '--speaker <ENTITY>': no entity has this key, name or alias\n\n  tip: `factstore query entities` lists them\n"
        )
    );
    let out = env.run(&["query", "figures", "--place", "Mordor"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "error: invalid value 'Mordor' for '--place <ENTITY>': no entity has this key, name or alias\n\n  tip: similar values exist: 'Mordovia', 'Mordoviya', 'Morogoro'\n"
        )
    );
}

#[test]
fn an_entity_filter_is_a_value_not_sql() {
    let env = Env::seeded();
    let before = env.dump();
    for (command, option) in [
        ("figures", "--entity"),
        ("statements", "--speaker"),
        ("entities", "--entity"),
    ] {
        let out = env.run(&["query", command, option, "x' OR 1=1 --"]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                2,
                "",
                format!("error: invalid value 'x' OR 1=1 --' for '{option} <ENTITY>': no entity has this key, name or alias\n\n  tip: `factstore query entities` lists them\n").as_str()
            ),
            "query {command} {option}"
        );
    }
    // The other text filters bind their values too: a quote in --contains matches nothing.
    let out = env
        .run(&["query", "figures", "--contains", "' OR 1=1 --"])
        .ok();
    assert_eq!(out.stdout, format!("{FIGURES_HEADER}\n"));
    let out = env.run(&["query", "figures", "--source", "x') OR ('1'='1"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "error: invalid value 'x') OR ('1'='1' for '--source <KEY>': no source has this key\n\n  tip: `factstore query sources` lists them\n"
        )
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn entities_by_alias() {
    let env = Env::seeded();
    let out = env
        .run(&["query", "entities", "--entity", "Qassim-Jomart TOKAYEV"])
        .ok();
    assert_eq!(
        out.stdout,
        "key,kind,name,description,wikidata,origin,confidence,rule\n\
         tokayev,person,Kassym-Jomart Tokayev,President of Kazakhstan since 2019,,curated,,\n"
    );
}

/// A database holding tests/fixtures/formulas (not extracted from): text cells that a
/// spreadsheet would read as formulas (=HYPERLINK(, @SUM(, -40, +33).
fn formulas() -> Env {
    let env = Env::new();
    let out = env
        .run_in(
            &manifest_dir(),
            &["load", "dataset", "--no-extract", "tests/fixtures/formulas"],
        )
        .ok();
    let dir = manifest_dir().join("tests/fixtures/formulas");
    assert_eq!(
        out.stdout,
        format!(
            "{}{}",
            dataset_report(&dir, "tests/fixtures/formulas", true),
            holdings(&env.db_shown(), &holdings_with_builtin(&dir))
        )
    );
    env
}

const FORMULA_ROWS: [&str; 4] = [
    "note,spokesman,quote,\"=HYPERLINK(\"\"http://example.org/x\"\",\"\"cliquez ici\"\")\",24,72,curated,,,",
    "note,spokesman,quote,@SUM(A1:A9),96,107,curated,,,",
    "note,spokesman,quote,-40 degrés à Ville-Test,139,162,curated,,,",
    "note,,indirect,Au moins 12 personnes ont été arrêtées,164,202,curated,,,",
];

#[test]
fn the_fixture_offsets_are_where_the_text_is() {
    let text = fs::read_to_string(fixture("formulas/texts/note.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let at = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    assert_eq!(
        at(24, 72),
        "=HYPERLINK(\"http://example.org/x\",\"cliquez ici\")"
    );
    assert_eq!(at(96, 107), "@SUM(A1:A9)");
    assert_eq!(at(139, 162), "-40 degrés à Ville-Test");
    assert_eq!(at(164, 202), "Au moins 12 personnes ont été arrêtées");
    assert_eq!(at(173, 175), "12");
}

#[test]
fn csv_is_the_default_format() {
    let env = formulas();
    let out = env.run(&["query", "statements"]).ok();
    assert_eq!(
        out.stdout,
        format!("{STATEMENTS_HEADER}\n{}\n", FORMULA_ROWS.join("\n"))
    );
}

#[test]
fn excel_mode_guards_formula_text_but_not_numbers() {
    let env = formulas();
    let out = env.run(&["query", "statements", "--excel"]).ok();
    assert_eq!(
        out.stdout,
        "\u{FEFF}source,speaker,kind,text,char_start,char_end,origin,language,confidence,rule\r\n\
         note,spokesman,quote,\"'=HYPERLINK(\"\"http://example.org/x\"\",\"\"cliquez ici\"\")\",24,72,curated,,,\r\n\
         note,spokesman,quote,'@SUM(A1:A9),96,107,curated,,,\r\n\
         note,spokesman,quote,'-40 degrés à Ville-Test,139,162,curated,,,\r\n\
         note,,indirect,Au moins 12 personnes ont été arrêtées,164,202,curated,,,\r\n"
    );
    let out = env
        .run(&["query", "entities", "--excel", "--origin", "curated"])
        .ok();
    assert_eq!(
        out.stdout,
        "\u{FEFF}key,kind,name,description,wikidata,origin,confidence,rule\r\n\
         spokesman,person,Porte-parole,'+33 1 23 45 67 89 (standard),,curated,,\r\n\
         ville-test,place,Ville-Test,,,curated,,\r\n"
    );
    let out = env.run(&["query", "figures", "--excel"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "\u{FEFF}{FIGURES_HEADER}\r\n\
             note,arrested,12,,,at_least,,,spokesman,ville-test,,12,173,175,curated,,\r\n"
        )
    );
    // Numbers are never guarded, even negative ones; text that looks like one is.
    let out = env
        .run(&[
            "sql",
            "SELECT -5 AS n, '-5' AS t, -2.5 AS r, '+1' AS p, '=1+1' AS f, 'a=b' AS plain",
            "--excel",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "\u{FEFF}n,t,r,p,f,plain\r\n-5,'-5,-2.5,'+1,'=1+1,a=b\r\n"
    );
    // In TSV too, with a tab as the delimiter.
    let out = env
        .run(&[
            "query",
            "statements",
            "--excel",
            "--format",
            "tsv",
            "--kind",
            "quote",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "\u{FEFF}source\tspeaker\tkind\ttext\tchar_start\tchar_end\torigin\tlanguage\tconfidence\trule\r\n\
         note\tspokesman\tquote\t\"'=HYPERLINK(\"\"http://example.org/x\"\",\"\"cliquez ici\"\")\"\t24\t72\tcurated\t\t\t\r\n\
         note\tspokesman\tquote\t'@SUM(A1:A9)\t96\t107\tcurated\t\t\t\r\n\
         note\tspokesman\tquote\t'-40 degrés à Ville-Test\t139\t162\tcurated\t\t\t\r\n"
    );
}

#[test]
fn tsv_json_and_jsonl() {
    let env = formulas();
    let out = env
        .run(&[
            "query",
            "statements",
            "--format",
            "tsv",
            "--kind",
            "indirect",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "source\tspeaker\tkind\ttext\tchar_start\tchar_end\torigin\tlanguage\tconfidence\trule\n\
         note\t\tindirect\tAu moins 12 personnes ont été arrêtées\t164\t202\tcurated\t\t\t\n"
    );
    let row1 = r#"{"source":"note","speaker":"spokesman","kind":"quote","text":"=HYPERLINK(\"http://example.org/x\",\"cliquez ici\")","char_start":24,"char_end":72,"origin":"curated","language":null,"confidence":null,"rule":null}"#;
    let row2 = r#"{"source":"note","speaker":"spokesman","kind":"quote","text":"@SUM(A1:A9)","char_start":96,"char_end":107,"origin":"curated","language":null,"confidence":null,"rule":null}"#;
    let out = env
        .run(&["query", "statements", "--format", "json", "--contains", "("])
        .ok();
    assert_eq!(out.stdout, format!("[\n{row1},\n{row2}\n]\n"));
    let out = env
        .run(&[
            "query",
            "statements",
            "--format",
            "jsonl",
            "--contains",
            "(",
        ])
        .ok();
    assert_eq!(out.stdout, format!("{row1}\n{row2}\n"));
    // No rows: an empty array, and nothing at all in JSON Lines.
    let out = env
        .run(&["query", "statements", "--format", "json", "--kind", "term"])
        .ok();
    assert_eq!(out.stdout, "[]\n");
    let out = env
        .run(&["query", "statements", "--format", "jsonl", "--kind", "term"])
        .ok();
    assert_eq!(out.stdout, "");
    // JSON keeps numbers as numbers and parses.
    let out = env.run(&["query", "figures", "--format", "json"]).ok();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value[0]["value"], serde_json::json!(12));
    assert_eq!(value[0]["low"], serde_json::Value::Null);
    assert_eq!(value[0]["place"], serde_json::json!("ville-test"));
}

#[test]
fn delimiter_headers_bom_and_output_file() {
    let env = formulas();
    let out = env
        .run(&["query", "figures", "-d", ";", "--no-headers"])
        .ok();
    assert_eq!(
        out.stdout,
        "note;arrested;12;;;at_least;;;spokesman;ville-test;;12;173;175;curated;;\n"
    );
    let out = env
        .run(&[
            "query",
            "entities",
            "--delimiter",
            "tab",
            "--kind",
            "place",
            "--origin",
            "curated",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "key\tkind\tname\tdescription\twikidata\torigin\tconfidence\trule\nville-test\tplace\tVille-Test\t\t\tcurated\t\t\n"
    );
    // A value holding the delimiter is quoted.
    let out = env
        .run(&[
            "query",
            "statements",
            "-d",
            ";",
            "--kind",
            "indirect",
            "--no-headers",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "note;;indirect;Au moins 12 personnes ont été arrêtées;164;202;curated;;;\n"
    );
    let out = env
        .run(&[
            "query", "entities", "--bom", "--kind", "place", "--origin", "curated",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "\u{FEFF}key,kind,name,description,wikidata,origin,confidence,rule\nville-test,place,Ville-Test,,,curated,,\n"
    );
    let out = env.run(&["query", "statements", "-o", "out.csv"]).ok();
    assert_eq!(out.stdout, "");
    assert_eq!(
        fs::read_to_string(env.path("out.csv")).unwrap(),
        format!("{STATEMENTS_HEADER}\n{}\n", FORMULA_ROWS.join("\n"))
    );
}

#[test]
fn spreadsheet_options_with_json_are_usage_errors() {
    let env = formulas();
    for args in [
        ["--excel", "--format", "json"],
        ["--bom", "--format", "jsonl"],
        ["--no-headers", "--format", "json"],
        ["-d", ";", "--format=json"],
    ] {
        let mut argv = vec!["query", "figures"];
        argv.extend(args);
        let out = env.run(&argv);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                2,
                "",
                "error: --excel, --bom, --no-headers and --delimiter apply to csv and tsv output only\n"
            ),
            "{argv:?}"
        );
    }
    let out = env.run(&["query", "figures", "--format", "tsv", "-d", ";"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "error: --delimiter cannot be combined with --format tsv\n"
        )
    );
    // A bad delimiter is refused by the parser, also with exit code 2.
    let out = env.run(&["query", "figures", "-d", ";;"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("expected one ASCII character other than a quote or line break, got \";;\""),
        "{}",
        out.stderr
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let env = Env::seeded();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("factstore"))
        .env_remove("FACTSTORE_DB")
        .arg("--db")
        .arg(env.db())
        .args([
            "sql",
            "WITH RECURSIVE c(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT x FROM c",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "x\n");
    drop(stdout); // like `| head -1`
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""));
}

#[test]
fn every_extracted_row_names_its_rule() {
    let env = Env::seeded_extracted();
    for kind in ["mentions", "statements", "figures"] {
        let out = env
            .run(&["query", kind, "--format", "json", "--origin", "extracted"])
            .ok();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        assert!(!rows.is_empty(), "{kind}");
        for row in &rows {
            let rule = row["rule"]
                .as_str()
                .unwrap_or_else(|| panic!("{kind}: {row}"));
            // A mention is the dictionary's (`mention.*`) or the names finder's (`name.*`).
            let prefixes: &[&str] = match kind {
                "mentions" => &["mention.", "name."],
                "statements" => &["quote.", "indirect."],
                _ => &["figure."],
            };
            assert!(
                prefixes.iter().any(|p| rule.starts_with(p)),
                "{kind}: {row}"
            );
            assert!(row["confidence"].as_f64().is_some(), "{kind}: {row}");
        }
        let curated = env
            .run(&["query", kind, "--format", "json", "--origin", "curated"])
            .ok();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&curated.stdout).unwrap();
        assert!(rows.iter().all(|r| r["rule"].is_null()), "{kind}");
    }
    // The rule's confidence is the row's.
    let out = env
        .run(&[
            "sql",
            "SELECT DISTINCT rule, confidence FROM figures WHERE origin = 'extracted' ORDER BY rule",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "rule,confidence\nfigure.metric-after,0.7\nfigure.metric-before,0.6\nfigure.metric-next,0.9\nfigure.metric-right-before,0.85\nfigure.metric-shared,0.7\n"
    );
}
