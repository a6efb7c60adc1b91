//! Every loader on bad input: exit code 1, each problem as `file:line:column: field: reason`, the
//! final count, nothing on stdout, and the database exactly as it was.
//!
//! One database (the seeds loaded) serves every case; its whole content is compared after each.

use crate::util::{seed_metrics, seed_rows_in_source, seeds, Env};

/// One bad file: loaded with `load KIND NAME.csv`, it must fail with exactly `problems` (one per
/// line, in order) followed by the count.
struct Case {
    name: &'static str,
    kind: &'static str,
    contents: Vec<u8>,
    problems: Vec<String>,
}

fn case(name: &'static str, kind: &'static str, contents: &str, problems: &[&str]) -> Case {
    bytes(name, kind, contents.as_bytes(), problems)
}

fn bytes(name: &'static str, kind: &'static str, contents: &[u8], problems: &[&str]) -> Case {
    Case {
        name,
        kind,
        contents: contents.to_vec(),
        // Each expected line is written without the file name, which is the case name.
        problems: problems.iter().map(|p| format!("{name}.csv{p}")).collect(),
    }
}

const QUALIFIERS: &str = "exact, about, at_least, more_than, less_than, at_most, up_to, nearly, several, dozens, scores, hundreds, thousands";

fn cases() -> Vec<Case> {
    let metrics = seed_metrics();
    // The curated rows of the seeds that point into the text of shoot-to-kill.
    let under_shoot_to_kill = seed_rows_in_source("shoot-to-kill");
    let seed_text = seeds().join("texts/002_b243aad635b5d671.txt");
    let seed_text = seed_text.display();
    vec![
        // ---- sources
        case(
            "sources-missing-column",
            "sources",
            "key,title,file\nnew-a,A,texts/a.txt\n",
            &[":1: missing column language; sources files need key, language"],
        ),
        case(
            "sources-unknown-column",
            "sources",
            "key,language,file,author\nnew-a,fr,texts/a.txt,X\n",
            &[":1:4: unknown column \"author\"; the columns of sources files are key, language, title, publisher, url, published, sha256, file"],
        ),
        case(
            "sources-repeated-column",
            "sources",
            "key,language,file,language\nnew-a,fr,texts/a.txt,fr\n",
            &[":1:4: column \"language\" appears twice"],
        ),
        case(
            "sources-bad-date",
            "sources",
            "key,language,published,file\nnew-a,fr,7 janvier 2022,texts/a.txt\n",
            &[":2:3: published: \"7 janvier 2022\" is not a date written YYYY-MM-DD"],
        ),
        case(
            "sources-impossible-date",
            "sources",
            "key,language,published,file\nnew-a,fr,2022-02-30,texts/a.txt\n",
            &[":2:3: published: \"2022-02-30\" is not a date written YYYY-MM-DD"],
        ),
        case(
            "sources-bad-key",
            "sources",
            "key,language,file\nnew a,fr,texts/a.txt\n",
            &[":2:1: key: \"new a\" is not a valid key (letters, digits, '.', '_' and '-', starting with a letter or digit)"],
        ),
        case(
            "sources-bad-language",
            "sources",
            "key,language,file\nnew-a,français,texts/a.txt\n",
            &[":2:2: language: \"français\" is not a language tag such as fr, en or pt-BR"],
        ),
        case(
            "sources-same-text-under-two-keys",
            "sources",
            "key,language,file\nnew-a,fr,texts/a.txt\nnew-b,fr,texts/a-copy.txt\n",
            &[":3:3: file: the same text is already loaded as source \"new-a\""],
        ),
        case(
            "sources-text-of-a-stored-source",
            "sources",
            &format!("key,language,file\nnew-a,en,{seed_text}\n"),
            &[":2:3: file: the same text is already loaded as source \"shoot-to-kill\""],
        ),
        case(
            "sources-duplicated-row",
            "sources",
            "key,language,file\nnew-a,fr,texts/a.txt\nnew-a,fr,texts/a.txt\n",
            &[":3: repeats an earlier row of this file (same key)"],
        ),
        case(
            "sources-missing-text-file",
            "sources",
            "key,language,file\nnew-a,fr,texts/missing.txt\n",
            &[":2:3: file: texts/missing.txt: cannot read: No such file or directory (os error 2)"],
        ),
        case(
            "sources-text-not-utf8",
            "sources",
            "key,language,file\nnew-a,fr,texts/latin1.txt\n",
            &[":2:3: file: texts/latin1.txt: invalid UTF-8 at byte offset 3: factstore reads UTF-8 only"],
        ),
        case(
            "sources-new-source-without-text",
            "sources",
            "key,language,file\nnew-a,fr,\n",
            &[":2:3: file: is empty; a new source needs the file of its text"],
        ),
        case(
            "sources-wrong-sha256",
            "sources",
            "key,language,sha256,file\nnew-a,fr,0000000000000000000000000000000000000000000000000000000000000000,texts/a.txt\n",
            &[":2:3: sha256: 0000000000000000000000000000000000000000000000000000000000000000 is not the SHA-256 of the text, which is 4fbbd2fe4d9aa1c3ba7d74196e28c56e741d52430ea8c6512072faa4d9ac5381"],
        ),
        case(
            "sources-new-text-under-quotes-and-figures",
            "sources",
            "key,language,file\nshoot-to-kill,en,texts/a.txt\n",
            &[&format!(":2:3: file: the text differs from the stored text of source \"shoot-to-kill\", and {under_shoot_to_kill} mentions, statements or figures point into it")],
        ),
        // ---- entities
        case(
            "entities-bad-kind",
            "entities",
            "key,kind,name\nputin-2,president,Vladimir Putin\n",
            &[":2:2: kind: \"president\" is not one of person, organization, place, group, event, other"],
        ),
        case(
            "entities-bad-key",
            "entities",
            "key,kind,name\n-putin,person,Vladimir Putin\n",
            &[":2:1: key: \"-putin\" is not a valid key (letters, digits, '.', '_' and '-', starting with a letter or digit)"],
        ),
        case(
            "entities-bad-wikidata",
            "entities",
            "key,kind,name,description,wikidata\nputin-2,person,Vladimir Putin,,Q07747\n",
            &[":2:5: wikidata: \"Q07747\" is not a Wikidata item id such as Q42"],
        ),
        case(
            "entities-empty-name",
            "entities",
            "key,kind,name\nputin-2,person,  \n",
            &[":2:3: name: is empty; a value is required"],
        ),
        case(
            "entities-duplicated-row",
            "entities",
            "key,kind,name\nputin-2,person,Vladimir Putin\nputin-2,person,Vladimir Putin\n",
            &[":3: repeats an earlier row of this file (same key)"],
        ),
        case(
            "entities-empty-file",
            "entities",
            "",
            &[": the file is empty: expected a header row (key,kind,name)"],
        ),
        case(
            "entities-ragged-row",
            "entities",
            "key,kind,name\nputin-2,person,Vladimir Putin,President of Russia\n",
            &[":2: this row has 4 fields, the header has 3"],
        ),
        bytes(
            "entities-utf16",
            "entities",
            &utf16le("key,kind,name\nputin-2,person,Vladimir Putin\n"),
            &[": the file is UTF-16; factstore reads UTF-8 only (save it as UTF-8)"],
        ),
        bytes(
            "entities-invalid-utf8",
            "entities",
            b"key,kind,name\nputin-2,person,Vladimir Pout\xefne\n",
            &[":2:3: invalid UTF-8 after 13 valid bytes of this field (the row starts at byte offset 14): factstore reads UTF-8 only"],
        ),
        // ---- aliases
        case(
            "aliases-unknown-entity",
            "aliases",
            "entity,alias,language\nnazarbaev,Elbasy,ru\n",
            &[":2:1: entity: unknown entity \"nazarbaev\""],
        ),
        case(
            "aliases-bad-language",
            "aliases",
            "entity,alias,language\ntokayev,Tokaev,french\n",
            &[":2:3: language: \"french\" is not a language tag such as fr, en or pt-BR"],
        ),
        case(
            "aliases-empty-alias",
            "aliases",
            "entity,alias,language\ntokayev,,fr\n",
            &[":2:2: alias: is empty; a value is required"],
        ),
        case(
            "aliases-duplicated-row",
            "aliases",
            "entity,alias,language\ntokayev,Tokaev,ru\ntokayev,Tokaev,en\n",
            &[":3: repeats an earlier row of this file (same entity and alias)"],
        ),
        // ---- lexicon
        case(
            "lexicon-low-above-high",
            "lexicon",
            "language,kind,term,code,value,low,high\nfr,vague,des vingtaines,dozens,,99,20\n",
            &[":2:6: low: 99 is greater than high (20)"],
        ),
        case(
            "lexicon-non-numeric-value",
            "lexicon",
            "language,kind,term,code,value\nfr,number,douze,,twelve\n",
            &[":2:5: value: expected a whole number, found \"twelve\""],
        ),
        case(
            "lexicon-negative-value",
            "lexicon",
            "language,kind,term,code,value\nfr,number,moins douze,,-12\n",
            &[":2:5: value: must not be negative, found -12"],
        ),
        case(
            "lexicon-metric-without-code",
            "lexicon",
            "language,kind,term,code\nfr,metric,pendus,\n",
            &[":2:4: code: is empty; a metric entry needs the metric name"],
        ),
        case(
            "lexicon-unknown-kind",
            "lexicon",
            "language,kind,term,code\nfr,slang,flics,police\n",
            &[":2:2: kind: \"slang\" is not one of metric, qualifier, speech_verb, number, multiplier, vague, non_figure, abbreviation, title"],
        ),
        case(
            "lexicon-unknown-qualifier",
            "lexicon",
            "language,kind,term,code\nfr,qualifier,pas loin de,almost\n",
            &[&format!(":2:4: code: \"almost\" is not one of {QUALIFIERS}")],
        ),
        case(
            "lexicon-duplicated-row",
            "lexicon",
            "language,kind,term,code\nfr,metric,pendus,killed\nfr,metric,pendus,killed\n",
            &[":3: repeats an earlier row of this file (same language, kind and term)"],
        ),
        // ---- statements
        case(
            "statements-unknown-source",
            "statements",
            "source,speaker,text\nordre-de-tuer,tokayev,pour une durée limitée\n",
            &[":2:1: source: unknown source \"ordre-de-tuer\""],
        ),
        case(
            "statements-unknown-speaker",
            "statements",
            "source,speaker,text\nordre-de-tirer,tokaev,pour une durée limitée\n",
            &[":2:2: speaker: unknown entity \"tokaev\""],
        ),
        case(
            "statements-text-not-in-source",
            "statements",
            "source,speaker,text\nordre-de-tirer,tokayev,pour une durée illimitée\n",
            &[":2:3: text: \"pour une durée illimitée\" is not in the text of source \"ordre-de-tirer\""],
        ),
        case(
            "statements-text-at-wrong-offsets",
            "statements",
            "source,speaker,text,char_start,char_end\nordre-de-tirer,tokayev,pour une durée limitée,2911,2933\n",
            &[":2:3: text: source \"ordre-de-tirer\" reads \"\\u{a0}pour une durée limité\" at 2911..2933, not \"pour une durée limitée\"; \"pour une durée limitée\" is at 2912..2934"],
        ),
        case(
            "statements-ambiguous-text",
            "statements",
            "source,speaker,kind,text\nordre-de-tirer,,term,Kazakhstan\n",
            &[":2:4: text: \"Kazakhstan\" occurs 6 times in source \"ordre-de-tirer\"; give char_start and char_end to say which"],
        ),
        case(
            "statements-end-past-the-text",
            "statements",
            "source,speaker,text,char_start,char_end\nordre-de-tirer,tokayev,pour une durée limitée,4100,4122\n",
            &[":2:5: char_end: 4122 is past the end of source \"ordre-de-tirer\" (4114 characters)"],
        ),
        case(
            "statements-start-without-end",
            "statements",
            "source,speaker,text,char_start,char_end\nordre-de-tirer,tokayev,pour une durée limitée,2912,\n",
            &[":2:5: char_end: is empty; give both char_start and char_end, or neither"],
        ),
        case(
            "statements-bad-kind",
            "statements",
            "source,speaker,kind,text\nordre-de-tirer,tokayev,tweet,pour une durée limitée\n",
            &[":2:3: kind: \"tweet\" is not one of quote, indirect, term"],
        ),
        case(
            "statements-bad-origin",
            "statements",
            "source,speaker,text,origin\nordre-de-tirer,tokayev,pour une durée limitée,guessed\n",
            &[":2:4: origin: \"guessed\" is not one of curated, extracted"],
        ),
        case(
            "statements-bad-confidence",
            "statements",
            "source,speaker,text,origin,confidence\nordre-de-tirer,tokayev,pour une durée limitée,extracted,1.5\n",
            &[":2:5: confidence: expected a number from 0 to 1, found \"1.5\""],
        ),
        // ---- mentions
        case(
            "mentions-unknown-entity",
            "mentions",
            "source,entity,surface\nshoot-to-kill,tokaev,Tokayev\n",
            &[":2:2: entity: unknown entity \"tokaev\""],
        ),
        // ---- figures
        case(
            "figures-unknown-source",
            "figures",
            "source,metric,value,evidence\nshoot-to-kil,arrested,3800,\"3,800\"\n",
            &[":2:1: source: unknown source \"shoot-to-kil\""],
        ),
        case(
            "figures-unknown-metric",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,detained,3800,\"3,800\"\n",
            &[&format!(":2:2: metric: unknown metric \"detained\" (metrics are lexicon rows of kind metric; known: {metrics})")],
        ),
        case(
            "figures-unknown-entity",
            "figures",
            "source,metric,value,subject,claimed_by,evidence\nshoot-to-kill,arrested,3800,protesters,interior-ministry,\"3,800\"\n",
            &[":2:5: claimed_by: unknown entity \"interior-ministry\""],
        ),
        case(
            "figures-non-numeric-value",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,arrested,\"3,800\",\"3,800\"\n",
            &[":2:3: value: expected a whole number, found \"3,800\""],
        ),
        case(
            "figures-negative-value",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,arrested,-3800,\"3,800\"\n",
            &[":2:3: value: must not be negative, found -3800"],
        ),
        case(
            "figures-low-above-high",
            "figures",
            "source,metric,low,high,qualifier,evidence\nshoot-to-kill,killed,99,24,dozens,dozens\n",
            &[":2:3: low: 99 is greater than high (24)"],
        ),
        case(
            "figures-value-above-high",
            "figures",
            "source,metric,value,low,high,evidence\nshoot-to-kill,arrested,3800,3000,3500,\"3,800\"\n",
            &[":2:3: value: 3800 is above high (3500)"],
        ),
        case(
            "figures-no-value-nor-bounds",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,arrested,,\"3,800\"\n",
            &[":2:3: value: is empty, and so are low and high: a figure needs a value or bounds"],
        ),
        case(
            "figures-bad-date",
            "figures",
            "source,metric,value,as_of,evidence\nshoot-to-kill,arrested,3800,07/01/2022,\"3,800\"\n",
            &[":2:4: as_of: \"07/01/2022\" is not a date written YYYY-MM-DD"],
        ),
        case(
            "figures-unknown-qualifier",
            "figures",
            "source,metric,value,qualifier,evidence\nshoot-to-kill,arrested,3800,over,\"3,800\"\n",
            &[&format!(":2:4: qualifier: \"over\" is not one of {QUALIFIERS}")],
        ),
        case(
            "figures-evidence-not-in-source",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,arrested,3900,\"3,900\"\n",
            &[":2:4: evidence: \"3,900\" is not in the text of source \"shoot-to-kill\""],
        ),
        case(
            "figures-evidence-at-wrong-offsets",
            "figures",
            "source,metric,value,evidence,char_start,char_end\nshoot-to-kill,arrested,3800,\"3,800\",2663,2668\n",
            &[":2:4: evidence: source \"shoot-to-kill\" reads \" 3,80\" at 2663..2668, not \"3,800\"; \"3,800\" is at 2664..2669"],
        ),
        case(
            "figures-ambiguous-evidence",
            "figures",
            "source,metric,low,high,qualifier,subject,evidence\nordre-de-tirer,killed,2,9,several,police,plusieurs\n",
            &[":2:7: evidence: \"plusieurs\" occurs 3 times in source \"ordre-de-tirer\"; give char_start and char_end to say which"],
        ),
        case(
            "figures-missing-column",
            "figures",
            "source,metric,value\nshoot-to-kill,arrested,3800\n",
            &[":1: missing column evidence; figures files need source, metric, evidence"],
        ),
        case(
            "figures-unknown-column",
            "figures",
            "source,metric,value,evidence,note\nshoot-to-kill,arrested,3800,\"3,800\",x\n",
            &[":1:5: unknown column \"note\"; the columns of figures files are source, metric, evidence, value, low, high, qualifier, unit, subject, claimed_by, place, as_of, char_start, char_end, origin, confidence"],
        ),
        case(
            "figures-duplicated-row",
            "figures",
            "source,metric,value,qualifier,evidence\nshoot-to-kill,arrested,3800,more_than,\"3,800\"\nshoot-to-kill,arrested,3800,at_least,\"3,800\"\n",
            &[":3: repeats an earlier row of this file (same source, span, origin and metric)"],
        ),
        case(
            "figures-ragged-row",
            "figures",
            "source,metric,value,evidence\nshoot-to-kill,arrested,3800,3,800\n",
            &[":2: this row has 5 fields, the header has 4"],
        ),
        case(
            "figures-empty-file",
            "figures",
            "",
            &[": the file is empty: expected a header row (source,metric,evidence)"],
        ),
        bytes(
            "figures-utf16be",
            "figures",
            &[0xFE, 0xFF, 0, b's', 0, b'o'],
            &[": the file is UTF-16; factstore reads UTF-8 only (save it as UTF-8)"],
        ),
        bytes(
            "figures-invalid-utf8",
            "figures",
            b"source,metric,value,evidence\nshoot-to-kill,arrested,3800,\"3\xa0800\"\n",
            &[":2:4: invalid UTF-8 after 1 valid bytes of this field (the row starts at byte offset 29): factstore reads UTF-8 only"],
        ),
    ]
}

/// `text` as UTF-16 little-endian with a byte-order mark (what Excel's "Unicode text" writes).
fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

#[test]
fn each_loader_refuses_bad_input_and_changes_nothing() {
    let env = Env::seeded();
    env.write("texts/a.txt", "Un texte.");
    env.write("texts/a-copy.txt", "Un texte.");
    env.write("texts/latin1.txt", b"Caf\xe9 cr\xe8me");
    let before = env.dump();
    let mut failures = Vec::new();
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(names.insert(case.name), "two cases named {}", case.name);
        let file = format!("{}.csv", case.name);
        env.write(&file, &case.contents);
        let out = env.run(&["load", case.kind, &file]);
        let n = case.problems.len();
        let expected = format!(
            "{}\nerror: {n} problem{} found; nothing was loaded\n",
            case.problems.join("\n"),
            if n == 1 { "" } else { "s" }
        );
        if out.code != 1 || !out.stdout.is_empty() || out.stderr != expected {
            failures.push(format!(
                "case {}: exit {} (expected 1)\n  stdout: {:?}\n  stderr:   {:?}\n  expected: {:?}",
                case.name, out.code, out.stdout, out.stderr, expected
            ));
        }
        if env.dump() != before {
            failures.push(format!("case {}: the database changed", case.name));
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn header_problems_name_the_kind_of_file() {
    let env = Env::seeded();
    env.write("e.csv", "key,kind\nx,person\n");
    let out = env.run(&["load", "entities", "e.csv"]);
    assert_eq!(
        out.stderr,
        "e.csv:1: missing column name; entities files need key, kind, name\n\
         error: 1 problem found; nothing was loaded\n"
    );
    env.write("a.csv", "entity,alias,note\nx,y,z\n");
    let out = env.run(&["load", "aliases", "a.csv"]);
    assert_eq!(
        out.stderr,
        "a.csv:1:3: unknown column \"note\"; the columns of aliases files are entity, alias, language\n\
         error: 1 problem found; nothing was loaded\n"
    );
}
