//! `factstore add`: a folder of a saved page, a text file, crawler JSON lines and a WARC file in
//! one command; keys, identity (re-adding changes nothing, the same URL with another text is an
//! update), language, standard input, --dry-run, and bad input refused with nothing written.

use std::fs;

use crate::util::{fixture, Env};

const FERRY_FARES: &str = "Ferry fares frozen for the strike\n\nHallbridge, 6 March 2025. The harbour ferry will keep its fares at the winter price for as long as the dock strike lasts, its operator said on Thursday.\n\nAbout 900 people use the crossing every day.\n";

/// A folder holding every kind of input: `saved/inondations.html` (a saved page),
/// `ferry-fares.txt`, `trafilatura.jsonl` (two crawler records) and `crawl.warc`.
fn every_kind(env: &Env) -> String {
    let ingest = |name: &str| fs::read(fixture("ingest").join(name)).unwrap();
    env.write("art/saved/inondations.html", ingest("fr-inondations.html"));
    env.write("art/trafilatura.jsonl", ingest("trafilatura.jsonl"));
    env.write("art/crawl.warc", ingest("crawl.warc"));
    env.write("art/ferry-fares.txt", FERRY_FARES);
    env.write("art/notes.py", "print('not an article')\n");
    env.path("art").display().to_string()
}

/// `out`, after checking that its command succeeded (warnings may be on stderr).
#[track_caller]
fn done(out: crate::util::Out) -> crate::util::Out {
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

/// The rows `sql` gives, as `factstore sql --format tsv` writes them (no header), one a line.
fn tsv(env: &Env, sql: &str) -> Vec<String> {
    let out = env
        .run(&["sql", "--format", "tsv", "--no-headers", sql])
        .ok();
    out.stdout.lines().map(|l| l.replace('\t', "|")).collect()
}

fn sources(env: &Env) -> Vec<String> {
    tsv(
        env,
        "SELECT key, title, publisher, language, published, language_confidence, language_source, original FROM sources ORDER BY key",
    )
}

const SKIPPED_PAGE: &str = "warning: art/crawl.warc: record 10 (https://www.coastal-ledger.example/business): no article text: the page holds only navigation, link lists and other furniture (skipped)\n";

#[test]
fn a_folder_of_every_kind_is_added_in_one_command_and_again_changes_nothing() {
    let env = Env::new();
    every_kind(&env);
    let out = env.run(&["add", "--no-extract", "art"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "7 added, 1 unchanged, 0 updated, 0 refused (1 a copy of another source); 1 archived page without article text skipped\n"
    );
    // Every language of the folder has built-in words: no warning but the skipped page.
    assert_eq!(out.stderr, SKIPPED_PAGE);
    assert_eq!(
        sources(&env),
        [
            "buergermeisterwahl-stichwahl-kessler-aydin|Bürgermeisterwahl in Lindenau: Stichwahl zwischen Kessler und Aydın|Lindenauer Rundschau|de-DE|2025-02-16|1|metadata|",
            "ferry-back|Harbour ferry back in service||en|2025-03-05|1|metadata|",
            "ferry-fares|||en||1|detected|",
            "greve-controleurs-aeriens-brestac|Grève des contrôleurs aériens : 40 % des vols annulés à Brestac|Le Courrier du Sud|fr|2025-02-11|1|metadata|",
            "hallbridge-dock-strike|Dock workers walk out at Hallbridge over automation plan|The Coastal Ledger|en-GB|2025-03-04|1|metadata|",
            "hallbridge-dock-strike-2|Hallbridge dockers strike over remote cranes|The Coastal Ledger|en|2025-03-04|1|detected|hallbridge-dock-strike",
            "inondations-orvane-evacuations|Inondations dans la vallée de l’Orvane : 600 habitants évacués|Le Journal de l’Ouest|fr|2025-01-27|1|detected|",
        ]
    );
    let body = |key: &str| -> String {
        env.conn()
            .query_row("SELECT body FROM sources WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(body("ferry-fares"), FERRY_FARES.trim());
    let strike = body("hallbridge-dock-strike");
    assert!(
        strike.starts_with("HALLBRIDGE — About 1,400 dock workers"),
        "{strike}"
    );
    for furniture in ["Cookie", "Read also", "Sign in", "Share"] {
        assert!(!strike.contains(furniture), "{furniture} in {strike}");
    }
    let before = env.dump_content();
    let again = env.run(&["add", "art"]);
    assert_eq!(
        again.stdout,
        "0 added, 9 unchanged, 0 updated, 0 refused; 1 archived page without article text skipped\n"
    );
    // A second run writes only its own row in `loads` (the first also installed the built-in
    // knowledge, under loads of its own).
    let loads = tsv(
        &env,
        "SELECT command, kind, path, inserted, updated, unchanged FROM loads WHERE path NOT LIKE '(built in)/%' ORDER BY id",
    );
    assert_eq!(loads, ["add|sources|art|7|0|1", "add|sources|art|0|0|9"]);
    assert_eq!(env.dump_content(), before);
    env.run(&["check"]).ok();
}

#[test]
fn extraction_follows_an_add_unless_told_not_to() {
    let env = Env::new();
    // Nothing curated: the built-in knowledge is enough to extract.
    env.write(
        "gates.txt",
        "Police arrested 12 protesters near the harbour gates on Friday, the port authority said. \"We will not back down before the cranes are gone,\" the union's leader told the crowd.\n",
    );
    let out = env.run(&["add", "gates.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout
            .starts_with("1 added, 0 unchanged, 0 updated, 0 refused\nextracted from 1 source: "),
        "{}",
        out.stdout
    );
    assert!(env.extracted_rows() > 0);
}

#[test]
fn the_same_url_with_another_text_updates_its_source() {
    let env = Env::new();
    let page = |text: &str| {
        format!("<!DOCTYPE html><html lang=\"en\"><head><title>Ferry resumes</title><link rel=\"canonical\" href=\"https://notes.example/ferry-resumes\"></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Ferry resumes</h1><p>{text}</p></article></body></html>")
    };
    env.write("v1.html", page("The harbour ferry returned to service on Wednesday morning after a week in dock, its operator said, and the first crossing left at seven."));
    done(env.run(&["add", "--no-extract", "v1.html"]));
    env.write("v2.html", page("The harbour ferry returned to service on Wednesday morning after eight days in dock, its operator said, and the first crossing left at half past seven."));
    let out = done(env.run(&["add", "--no-extract", "v2.html"]));
    assert_eq!(out.stdout, "0 added, 0 unchanged, 1 updated, 0 refused\n");
    assert_eq!(
        tsv(&env, "SELECT key, body FROM sources"),
        ["ferry-resumes|The harbour ferry returned to service on Wednesday morning after eight days in dock, its operator said, and the first crossing left at half past seven."]
    );
    // Both captures in one run: the last one is the page's text, and a second run agrees.
    let out = done(env.run(&["add", "--no-extract", "v1.html", "v2.html"]));
    assert_eq!(out.stdout, "0 added, 2 unchanged, 0 updated, 0 refused\n");
    // A curated row pointing into the text refuses the update, and nothing is written.
    env.write(
        "mentions.csv",
        "entity,source,surface,char_start,char_end\nferry,ferry-resumes,harbour ferry,4,17\n",
    );
    env.write(
        "entities.csv",
        "key,kind,name\nferry,organization,Harbour ferry\n",
    );
    env.run(&["load", "entities", "entities.csv"]).ok();
    env.run(&["load", "mentions", "mentions.csv"]).ok();
    let before = env.dump();
    let out = env.run(&["add", "--no-extract", "v1.html"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error: v1.html: the text at https://notes.example/ferry-resumes differs from the stored text of source \"ferry-resumes\", and 1 curated mentions, statements or figures point into it; nothing was added\n"
    );
    assert_eq!(env.dump(), before);
    let out = env.run(&["add", "--no-extract", "--on-error", "skip", "v1.html"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "0 added, 0 unchanged, 0 updated, 1 refused\n");
}

#[test]
fn language_is_declared_detected_or_given() {
    let env = Env::new();
    env.write("a.txt", FERRY_FARES);
    let out = env.run(&["add", "--no-extract", "--language", "en-GB", "a.txt"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        tsv(
            &env,
            "SELECT language, language_confidence, language_source FROM sources"
        ),
        ["en-GB|1|option"]
    );
    env.write("short.txt", "Ok 12.\n");
    let out = env.run(&["add", "--no-extract", "short.txt"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "warning: short.txt: language unknown (nothing declared, detection unsure): stored as \"und\"; extraction will find names, but no quotes or figures (name it with --language)\n");
    assert_eq!(
        tsv(
            &env,
            "SELECT key, language, language_source FROM sources WHERE key = 'short'"
        ),
        ["short|und|none"]
    );
    let out = env.run(&["add", "--language", "not a tag", "a.txt"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // A language without built-in or curated words: stored, with what extraction will miss.
    env.write("veer.txt", "De veerboot vaart weer.\n");
    env.write("pont.txt", "De pont vaart niet.\n");
    let out = env.run(&[
        "add",
        "--no-extract",
        "--language",
        "nl",
        "veer.txt",
        "pont.txt",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "warning: no lexicon for language \"nl\", of 2 articles (the first: veer.txt): extraction will find names, but no quotes or figures\n");
}

#[test]
fn standard_input_and_dry_run() {
    let env = Env::new();
    let out = env.run_stdin(
        &["add", "--no-extract", "--dry-run", "-"],
        FERRY_FARES.as_bytes(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "1 added, 0 unchanged, 0 updated, 0 refused\ndry run: nothing was written\n"
    );
    assert!(!env.db().exists());
    let out = env.run_stdin(&["add", "--no-extract", "-"], FERRY_FARES.as_bytes());
    assert_eq!(out.code, 0, "{}", out.stderr);
    // No URL, no file name: the key is the title's, else `article`.
    assert_eq!(tsv(&env, "SELECT key FROM sources"), ["article"]);
}

/// Bad input: the message names the file (and record or line), exit 1, the database as before.
#[test]
fn bad_input_is_refused_naming_the_file_and_nothing_is_written() {
    let env = Env::new();
    env.write("ok.txt", FERRY_FARES);
    done(env.run(&["add", "--no-extract", "ok.txt"]));
    let warc = fs::read(fixture("ingest").join("crawl.warc")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("bin.txt", b"abc\0def".to_vec(), "bin.txt: binary data (a NUL byte at byte 3), not text, HTML, JSON or WARC"),
        ("empty.txt", Vec::new(), "empty.txt: empty file"),
        ("menu.html", fs::read(fixture("ingest").join("en-no-article.html")).unwrap(), "menu.html: no article text: the page holds only navigation, link lists and other furniture"),
        ("cut.warc", warc[..3000].to_vec(), "cut.warc: record 3: truncated: the record declares 7474 bytes of content, the file ends after 2060"),
        ("lines.jsonl", b"{\"title\":\"A\",\"text\":\"Some words here.\"}\n{\"title\": oops}\n".to_vec(), "lines.jsonl:2: invalid JSON: expected value at line 1 column 11"),
        ("enc.html", b"<html><head><meta charset=\"x-klingon\"></head><body><article><p>Hello there people of the world.</p></article></body></html>".to_vec(), "enc.html: unknown charset \"x-klingon\""),
    ];
    let before = env.dump();
    for (name, bytes, message) in &cases {
        env.write(&format!("bad/{name}"), bytes);
        let out = env.run(&["add", "ok.txt", &format!("bad/{name}")]);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (
                1,
                format!("error: bad/{message}; nothing was added\n").as_str()
            )
        );
        assert_eq!(env.dump(), before, "{name}");
    }
    let out = env.run(&["add", "--no-extract", "--on-error", "skip", "bad"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "1 added, 0 unchanged, 0 updated, 6 refused\n");
    let mut skipped: Vec<String> = cases
        .iter()
        .map(|(_, _, m)| format!("skipped: bad/{m}"))
        .collect();
    skipped.sort();
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("skipped:"))
        .collect();
    assert_eq!(lines, skipped);
    let out = env.run(&["add", "missing-folder"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (1, "error: missing-folder: no such file or folder\n")
    );
}
