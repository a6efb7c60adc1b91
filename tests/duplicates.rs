//! The duplicate rule of `query mentions|statements|figures`: without `--origin`, an extracted row
//! that a curated row already states (same source, overlapping span; for figures also the same
//! metric and value or bounds) is left out, so the fact is shown once, as the curated row; with
//! `--origin extracted` every extracted row is shown.
//!
//! The fixture tests/fixtures/duplicates holds one source, one curated mention, statement and
//! figure, and in `extracted/` two extracted rows of each kind: one stating what the curated row
//! states (with a different span, qualifier, claimant or confidence, which do not matter) and one
//! that does not (for the figure: the same metric and value, elsewhere in the text). On the seeds
//! with what the extractor finds, the rule is checked against its own statement here.

use std::collections::BTreeMap;
use std::fs;

use crate::util::{manifest_dir, Env};

const MENTIONS_HEADER: &str = "source,entity,surface,char_start,char_end,origin,confidence,rule";
const STATEMENTS_HEADER: &str =
    "source,speaker,kind,text,char_start,char_end,origin,language,confidence,rule";
const FIGURES_HEADER: &str = "source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin,confidence,rule";

const CURATED_MENTION: &str = "report,police,Police,0,6,curated,,";
const DUPLICATE_MENTION: &str = "report,police,Police,0,6,extracted,0.9,";
const OTHER_MENTION: &str = "report,police,police,132,138,extracted,0.8,";

const CURATED_STATEMENT: &str =
    "report,police,quote,We arrested 120 rioters in the city centre overnight,24,76,curated,,,";
const DUPLICATE_STATEMENT: &str =
    "report,police,quote,We arrested 120 rioters in the city centre,24,66,extracted,,0.7,";
const OTHER_STATEMENT: &str =
    "report,police,quote,Order is restored everywhere,160,188,extracted,,0.6,";

const CURATED_FIGURE: &str = "report,arrested,120,,,exact,,,police,,,120,36,39,curated,,";
const DUPLICATE_FIGURE: &str = "report,arrested,120,,,about,,,,,,120,36,39,extracted,0.75,";
const OTHER_FIGURE: &str = "report,arrested,120,,,exact,,,police,,,120,87,90,extracted,0.5,";

/// A database holding the fixture: its dataset (not extracted from), then its extracted rows.
fn fixture_db() -> Env {
    let env = Env::new();
    let dir = "tests/fixtures/duplicates";
    env.run_in(
        &manifest_dir(),
        &["-q", "load", "dataset", "--no-extract", dir],
    )
    .ok();
    for kind in ["mentions", "statements", "figures"] {
        let out = env
            .run_in(
                &manifest_dir(),
                &["load", kind, &format!("{dir}/extracted/{kind}.csv")],
            )
            .ok();
        assert!(
            out.stdout
                .ends_with(&format!("  {kind:10}         2         0          0\n")),
            "{}",
            out.stdout
        );
    }
    for table in ["mentions", "statements", "figures"] {
        assert_eq!(env.count(table), 3, "{table}");
    }
    env
}

fn lines(header: &str, rows: &[&str]) -> String {
    let mut out = format!("{header}\n");
    for row in rows {
        out.push_str(row);
        out.push('\n');
    }
    out
}

#[test]
fn the_fixture_offsets_are_where_the_text_is() {
    let text =
        fs::read_to_string(manifest_dir().join("tests/fixtures/duplicates/texts/report.txt"))
            .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let at = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    assert_eq!(at(0, 6), "Police");
    assert_eq!(at(132, 138), "police");
    assert_eq!(
        at(24, 76),
        "We arrested 120 rioters in the city centre overnight"
    );
    assert_eq!(at(24, 66), "We arrested 120 rioters in the city centre");
    assert_eq!(at(160, 188), "Order is restored everywhere");
    assert_eq!((at(36, 39), at(87, 90)), ("120".into(), "120".into()));
    // The fixture is sound, extracted rows included.
    let env = fixture_db();
    let out = env.run(&["check"]).ok();
    assert!(
        out.stdout
            .contains("\noffsets: ok (3 mentions, 3 statements, 3 figures)\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_extracted_row_a_curated_row_states_is_shown_once() {
    let env = fixture_db();
    let cases: [(&str, &str, [&str; 3]); 3] = [
        (
            "mentions",
            MENTIONS_HEADER,
            [CURATED_MENTION, DUPLICATE_MENTION, OTHER_MENTION],
        ),
        (
            "statements",
            STATEMENTS_HEADER,
            [CURATED_STATEMENT, DUPLICATE_STATEMENT, OTHER_STATEMENT],
        ),
        (
            "figures",
            FIGURES_HEADER,
            [CURATED_FIGURE, DUPLICATE_FIGURE, OTHER_FIGURE],
        ),
    ];
    for (kind, header, [curated, duplicate, other]) in cases {
        // Without --origin: the curated row once, and the extracted row it does not state.
        let out = env.run(&["query", kind]).ok();
        assert_eq!(out.stdout, lines(header, &[curated, other]), "query {kind}");
        // The other filters leave the rule as it is.
        let out = env
            .run(&["query", kind, "--source", "report", "--since", "2022-01-01"])
            .ok();
        assert_eq!(
            out.stdout,
            lines(header, &[curated, other]),
            "query {kind} --source report"
        );
        // --origin extracted: every extracted row, the duplicate too.
        let out = env.run(&["query", kind, "--origin", "extracted"]).ok();
        assert_eq!(
            out.stdout,
            lines(header, &[duplicate, other]),
            "query {kind} --origin extracted"
        );
        let out = env.run(&["query", kind, "--origin", "curated"]).ok();
        assert_eq!(
            out.stdout,
            lines(header, &[curated]),
            "query {kind} --origin curated"
        );
    }
}

#[test]
fn export_keeps_the_duplicates() {
    // The rule is for reading: export writes every row, so that nothing is lost on the way back.
    let env = fixture_db();
    env.run(&["-q", "export", "out"]).ok();
    for (kind, rows) in [
        (
            "mentions",
            [CURATED_MENTION, DUPLICATE_MENTION, OTHER_MENTION],
        ),
        (
            "statements",
            [CURATED_STATEMENT, DUPLICATE_STATEMENT, OTHER_STATEMENT],
        ),
        ("figures", [CURATED_FIGURE, DUPLICATE_FIGURE, OTHER_FIGURE]),
    ] {
        let exported = fs::read_to_string(env.path(&format!("out/{kind}.csv"))).unwrap();
        let mut exported: Vec<&str> = exported.lines().skip(1).collect();
        exported.sort_unstable();
        let mut expected = rows.to_vec();
        expected.sort_unstable();
        assert_eq!(exported, expected, "out/{kind}.csv");
    }
}

/// A row of a query's CSV output: column → value.
type Row = BTreeMap<String, String>;

/// The rows of a query's CSV output.
fn records(csv_text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Whether curated row `c` states what extracted row `e` of `kind` does: same source, overlapping
/// span (touching is not overlapping); for mentions the same entity, for figures the same metric,
/// value and bounds.
fn states(kind: &str, c: &Row, e: &Row) -> bool {
    let span = |r: &Row, column: &str| r[column].parse::<i64>().unwrap();
    let same = |columns: &[&str]| columns.iter().all(|column| c[*column] == e[*column]);
    let overlap =
        span(c, "char_start") < span(e, "char_end") && span(e, "char_start") < span(c, "char_end");
    overlap
        && same(&["source"])
        && match kind {
            "mentions" => same(&["entity"]),
            "figures" => same(&["metric", "value", "low", "high"]),
            _ => true,
        }
}

#[test]
fn the_rule_holds_on_the_extracted_seeds() {
    // On the seeds with what the extractor finds in them, whatever it finds: the query without
    // --origin is the curated rows and the extracted rows no curated row states, each once.
    let env = Env::seeded_extracted();
    for kind in ["mentions", "statements", "figures"] {
        let run = |extra: &[&str]| {
            let mut args = vec!["query", kind];
            args.extend(extra);
            env.run(&args).ok().stdout
        };
        let all = run(&[]);
        let curated = records(&run(&["--origin", "curated"]));
        let extracted = records(&run(&["--origin", "extracted"]));
        assert!(!curated.is_empty() && !extracted.is_empty(), "{kind}");
        let (kept, left_out): (Vec<Row>, Vec<Row>) = extracted
            .into_iter()
            .partition(|e| !curated.iter().any(|c| states(kind, c, e)));
        assert!(
            !left_out.is_empty(),
            "no extracted {kind} repeats a curated one"
        );
        let mut expected: Vec<Row> = curated.into_iter().chain(kept).collect();
        let mut shown = records(&all);
        expected.sort();
        shown.sort();
        assert_eq!(shown, expected, "query {kind}");
    }
}
