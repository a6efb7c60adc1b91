//! The reading layer on the pages and files of `tests/fixtures/ingest` (written for these tests:
//! see `make-warc.py` there for the WARC files), and on small inline inputs for every error.

use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read_one(name: &str) -> Article {
    let mut articles = read_path(&fixture(name)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(articles.len(), 1, "{name}");
    articles.remove(0)
}

fn paragraphs(article: &Article) -> Vec<&str> {
    article.body.split("\n\n").collect()
}

/// Page furniture of the test pages; none may reach a body.
const FURNITURE: &[&str] = &[
    "Skip to content",
    "cookie",
    "Cookie",
    "Accept",
    "Share",
    "Partager",
    "Teilen",
    "Condividi",
    "Read also",
    "Lire aussi",
    "lire aussi",
    "Lesen Sie auch",
    "Leggi anche",
    "Related",
    "Mehr zum Thema",
    "Most read",
    "Les plus lus",
    "Trending",
    "More stories",
    "comment",
    "Comment",
    "Kommentar",
    "Réagir",
    "robot",
    "Robot",
    "newsletter",
    "Newsletter",
    "Subscribe",
    "S’abonner",
    "Sign up",
    "All rights reserved",
    "Tous droits réservés",
    "©",
    "Advertisement",
    "Anzeige",
    "Advertise",
    "Photo:",
    "By Alice",
    "Par Claire",
    "Von Jonas",
    "Topics:",
    "Privacy",
    "Impressum",
    "Mentions légales",
    "Home",
    "Front page",
    "Sections",
    "Follow us",
    "About the author",
    "Intempéries",
    "Publié le",
    "Kommunalwahl",
    "Northwire ·",
    "Rédaction",
    "Shipping\n",
];

fn assert_no_furniture(article: &Article) {
    for furniture in FURNITURE {
        assert!(
            !article.body.contains(furniture),
            "{}: {furniture:?} in\n{}",
            article.origin,
            article.body
        );
    }
}

#[test]
fn english_page_with_json_ld_open_graph_and_heavy_furniture() {
    let article = read_one("en-harbour-strike.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Dock workers walk out at Hallbridge over automation plan")
    );
    assert_eq!(article.publisher.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.coastal-ledger.example/business/2025/03/04/hallbridge-dock-strike")
    );
    assert_eq!(article.published.as_deref(), Some("2025-03-04"));
    assert_eq!(article.language.as_deref(), Some("en-GB"));
    assert_eq!(
        (article.language_source, article.language_confidence),
        (LanguageSource::Metadata, 1.0)
    );
    assert_eq!(
        (article.format, &article.origin.position),
        (Format::Html, &Position::Whole)
    );
    assert_eq!(
        paragraphs(&article),
        [
            "HALLBRIDGE — About 1,400 dock workers walked off the job at the port of Hallbridge on Tuesday, halting container traffic at the country’s third-busiest harbour in protest against a plan to replace crane operators with remote-controlled gantries.",
            "The stoppage began at 6 a.m., when the morning shift refused to board the shuttle buses to the terminals. By midday, 23 container ships were waiting at anchor off the breakwater, according to the harbour master’s office.",
            "“We were told about the automation plan in a two-page letter,” said Maren Oduya, who has driven straddle carriers at the port for 17 years. “Nobody asked us what happens to the people who do this work today.”",
            "The port operator, Hallbridge Terminal Company, said in a statement that the new gantries would be introduced over five years and that no worker would be dismissed. It estimated the cost of the strike at £2.5 million a day.",
            "Talks set for Thursday",
            "The dockers’ union, which represents about two thirds of the workforce, said it would return to the negotiating table on Thursday if the company agreed to freeze the tender for the remote-controlled cranes.",
            "Local hauliers warned of shortages of fresh produce within days. “Half of the fruit that reaches the north of the country comes through these quays,” said Tomas Reilly, who runs a refrigerated trucking firm in the town.",
            "The last strike at the port, in 2019, lasted eleven days and ended with a pay rise of 4 per cent.",
        ]
    );
    assert_no_furniture(&article);
}

#[test]
fn syndicated_copy_without_article_element_or_json_ld() {
    let article = read_one("en-harbour-strike-syndicated.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Hallbridge port paralysed as dockers strike")
    );
    assert_eq!(article.publisher.as_deref(), Some("Tyneford Evening Post"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://tyneford-post.example/news/national/hallbridge-port-paralysed-as-dockers-strike-4471")
    );
    assert_eq!(article.published.as_deref(), Some("2025-03-04"));
    assert_eq!(article.language.as_deref(), Some("en"));
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 5);
    assert!(paragraphs[0].starts_with("HALLBRIDGE (Northwire) — About 1,400 dock workers"));
    assert!(paragraphs[4].ends_with("freeze the tender for the remote-controlled cranes."));
    assert_no_furniture(&article);
}

#[test]
fn broken_table_layout_without_metadata_is_dated_by_its_dateline_and_detected() {
    let article = read_one("en-broken-analysis.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Why the cranes matter: automation and the Hallbridge walkout & what comes next")
    );
    assert_eq!(
        (article.publisher.as_deref(), article.url.as_deref()),
        (None, None)
    );
    assert_eq!(article.published.as_deref(), Some("2025-03-05"));
    assert_eq!(
        (article.language.as_deref(), article.language_source),
        (Some("en"), LanguageSource::Detected)
    );
    assert!(article.language_confidence >= language::UNSURE_BELOW);
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 5);
    assert!(
        paragraphs[0].starts_with("Hallbridge, 5 March 2025 – The walkout that emptied the quays")
    );
    assert!(paragraphs[2].contains("the tender covers forty-two gantries"));
    assert!(paragraphs[4].starts_with("Whatever the outcome of Thursday’s talks"));
    assert_no_furniture(&article);
    for side in [
        "Road haulage",
        "Reach 40,000",
        "Freight Notes in your inbox",
        "Archive",
    ] {
        assert!(!article.body.contains(side), "{side}");
    }
}

#[test]
fn french_page_with_open_graph_only() {
    let article = read_one("fr-inondations.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Inondations dans la vallée de l’Orvane : 600 habitants évacués")
    );
    assert_eq!(article.publisher.as_deref(), Some("Le Journal de l’Ouest"));
    assert_eq!(
        article.url.as_deref(),
        Some(
            "https://www.journal-ouest.example/actualite/2025/01/27/inondations-orvane-evacuations"
        )
    );
    assert_eq!(article.published.as_deref(), Some("2025-01-27"));
    assert_eq!(
        (article.language.as_deref(), article.language_source),
        (Some("fr-FR"), LanguageSource::Metadata)
    );
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 5);
    assert!(
        paragraphs[0].starts_with("Environ 600 habitants de la vallée de l’Orvane ont été évacués")
    );
    // No-break spaces of French typography are kept as written.
    assert!(paragraphs[1].starts_with("«\u{a0}Nous avons frappé à toutes les portes"));
    assert!(paragraphs[4].ends_with("pour permettre aux sinistrés d’être indemnisés."));
    assert_no_furniture(&article);
}

#[test]
fn latin1_page_is_decoded_and_its_site_suffix_cut() {
    let article = read_one("fr-latin1-greve.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Grève des contrôleurs aériens : 40 % des vols annulés à Brestac")
    );
    assert_eq!(article.publisher.as_deref(), Some("Le Courrier du Sud"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.courrier-du-sud.example/region/greve-controleurs-aeriens-brestac")
    );
    assert_eq!(article.published.as_deref(), Some("2025-02-11"));
    assert_eq!(article.language.as_deref(), Some("fr"));
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 4);
    assert!(paragraphs[0].starts_with("La Direction générale de l'aviation civile a demandé"));
    assert!(paragraphs[2].contains("environ 300 000 euros par jour aux commerces de l'aérogare"));
    assert!(!article.body.contains('Ã') && !article.body.contains('\u{fffd}'));
    assert_no_furniture(&article);
}

#[test]
fn german_page_with_a_json_ld_graph() {
    let article = read_one("de-wahl.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Bürgermeisterwahl in Lindenau: Stichwahl zwischen Kessler und Aydın")
    );
    assert_eq!(article.publisher.as_deref(), Some("Lindenauer Rundschau"));
    assert_eq!(
        article.url.as_deref(),
        Some(
            "https://rundschau-lindenau.example/lokales/buergermeisterwahl-stichwahl-kessler-aydin"
        )
    );
    assert_eq!(article.published.as_deref(), Some("2025-02-16"));
    assert_eq!(
        (article.language.as_deref(), article.language_source),
        (Some("de-DE"), LanguageSource::Metadata)
    );
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 5);
    assert!(
        paragraphs[0].starts_with("Die Bürgermeisterwahl in Lindenau geht in die zweite Runde.")
    );
    assert!(paragraphs[2]
        .starts_with("„Das ist ein klarer Auftrag, die Arbeit fortzusetzen“, sagte Kessler"));
    assert_eq!(
        paragraphs[4],
        "Das vorläufige amtliche Endergebnis soll am Montag vom Wahlausschuss bestätigt werden."
    );
    assert_no_furniture(&article);
}

#[test]
fn a_template_that_says_english_on_an_italian_page_is_overruled() {
    let article = read_one("it-mislabelled.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Frana sulla statale del passo Ravena, strada chiusa per una settimana")
    );
    assert_eq!(article.publisher.as_deref(), Some("Gazzetta delle Valli"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://gazzetta-valli.example/cronaca/frana-passo-ravena")
    );
    assert_eq!(article.published.as_deref(), Some("2025-03-09"));
    assert_eq!(
        (article.language.as_deref(), article.language_source),
        (Some("it"), LanguageSource::Detected)
    );
    assert!(article.language_confidence >= language::OVERRIDE_AT);
    assert_eq!(paragraphs(&article).len(), 3);
    assert_no_furniture(&article);
}

#[test]
fn a_section_front_has_no_article_text() {
    let err = read_path(&fixture("en-no-article.html")).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::NoArticleText));
    assert_eq!(
        err.origin,
        Origin::new(&fixture("en-no-article.html"), Position::Whole)
    );
    assert!(err.to_string().ends_with("en-no-article.html: no article text: the page holds only navigation, link lists and other furniture"));
}

#[test]
fn news_please_json_lines() {
    let articles = read_path(&fixture("newsplease.jsonl")).unwrap();
    assert_eq!(articles.len(), 3);
    let first = &articles[0];
    assert_eq!(
        first.title.as_deref(),
        Some("Dock workers walk out at Hallbridge over automation plan")
    );
    assert_eq!(
        first.publisher.as_deref(),
        Some("www.coastal-ledger.example")
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://www.coastal-ledger.example/business/2025/03/04/hallbridge-dock-strike")
    );
    assert_eq!(first.published.as_deref(), Some("2025-03-04"));
    assert_eq!(
        (first.language.as_deref(), first.language_source),
        (Some("en"), LanguageSource::Metadata)
    );
    assert_eq!(paragraphs(first).len(), 3);
    assert_eq!(
        (first.format, &first.origin.position),
        (Format::JsonLines, &Position::Line(1))
    );
    let second = &articles[1];
    assert_eq!(
        (second.language.as_deref(), second.language_source),
        (Some("fr"), LanguageSource::Detected)
    );
    assert_eq!(second.origin.position, Position::Line(2));
    let third = &articles[2];
    assert_eq!(
        (third.published.as_deref(), third.language.as_deref()),
        (None, Some("de"))
    );
    assert_eq!(
        third.body,
        "Die Bürgermeisterwahl in Lindenau geht in die zweite Runde. Amtsinhaberin Petra Kessler erhielt am Sonntag 41,3 Prozent der Stimmen.\n\nDas vorläufige amtliche Endergebnis soll am Montag vom Wahlausschuss bestätigt werden."
    );
}

#[test]
fn trafilatura_json_lines() {
    let articles = read_path(&fixture("trafilatura.jsonl")).unwrap();
    assert_eq!(articles.len(), 2);
    let first = &articles[0];
    assert_eq!(
        first.title.as_deref(),
        Some("Hallbridge dockers strike over remote cranes")
    );
    assert_eq!(first.publisher.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        first.url.as_deref(),
        Some(
            "https://www.coastal-ledger.example/business/2025/03/04/hallbridge-dock-strike?ref=og"
        )
    );
    assert_eq!(first.published.as_deref(), Some("2025-03-04"));
    assert_eq!(
        (first.language.as_deref(), first.language_source),
        (Some("en"), LanguageSource::Detected)
    );
    assert!(first
        .body
        .contains("\n\nHALLBRIDGE — About 1,400 dock workers"));
    // The older shape: raw_text only, one paragraph.
    let second = &articles[1];
    assert_eq!(second.publisher.as_deref(), Some("Le Journal de l’Ouest"));
    assert_eq!(
        (second.published.as_deref(), second.language.as_deref()),
        (Some("2025-01-27"), Some("fr"))
    );
    assert!(second.body.contains("Environ 600 habitants") && !second.body.contains("\n\n"));
}

/// The articles a WARC fixture gives, as (record index, target URI, title or error).
fn warc_summary(name: &str) -> Vec<(usize, String, Result<String, String>)> {
    open(&fixture(name))
        .unwrap()
        .map(|result| {
            let (origin, outcome) = match result {
                Ok(article) => (
                    article.origin.clone(),
                    Ok(article.title.unwrap_or_default()),
                ),
                Err(err) => (err.origin.clone(), Err(err.kind.to_string())),
            };
            let Position::Record { index, target_uri } = origin.position else {
                panic!("{origin}")
            };
            (index, target_uri.unwrap_or_default(), outcome)
        })
        .collect()
}

#[test]
fn warc_and_warc_gz_give_the_html_responses() {
    let expected = vec![
        (
            3,
            "https://www.coastal-ledger.example/business/2025/03/04/hallbridge-dock-strike"
                .to_string(),
            Ok("Dock workers walk out at Hallbridge over automation plan".to_string()),
        ),
        (
            5,
            "https://www.courrier-du-sud.example/region/greve-controleurs-aeriens-brestac"
                .to_string(),
            Ok("Grève des contrôleurs aériens : 40 % des vols annulés à Brestac".to_string()),
        ),
        (
            6,
            "https://rundschau-lindenau.example/lokales/buergermeisterwahl-stichwahl-kessler-aydin"
                .to_string(),
            Ok("Bürgermeisterwahl in Lindenau: Stichwahl zwischen Kessler und Aydın".to_string()),
        ),
        (
            7,
            "https://www.journal-ouest.example/actualite/2025/01/27/inondations-orvane-evacuations"
                .to_string(),
            Ok("Inondations dans la vallée de l’Orvane : 600 habitants évacués".to_string()),
        ),
        (
            10,
            "https://www.coastal-ledger.example/business".to_string(),
            Err(ErrorKind::NoArticleText.to_string()),
        ),
        (
            12,
            "https://harbour-notes.example/ferry-back".to_string(),
            Ok("Harbour ferry back in service".to_string()),
        ),
    ];
    assert_eq!(warc_summary("crawl.warc"), expected);
    assert_eq!(warc_summary("crawl.warc.gz"), expected);
}

#[test]
fn warc_articles_take_the_target_uri_and_fall_back_on_the_warc_date() {
    let articles: Vec<Article> = open(&fixture("crawl.warc.gz"))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert!(articles.iter().all(|a| a.format == Format::WarcGz));
    let latin1 = &articles[1];
    assert_eq!(
        latin1.url.as_deref(),
        Some("https://www.courrier-du-sud.example/region/greve-controleurs-aeriens-brestac")
    );
    assert!(
        latin1.body.contains("Dès six heures du matin"),
        "charset from the HTTP header"
    );
    let html_page = read_one("fr-inondations.html");
    assert_eq!(articles[3].body, html_page.body, "gzip content coding");
    assert_eq!(
        articles[2].body,
        read_one("de-wahl.html").body,
        "chunked transfer coding"
    );
    let brief = &articles[4];
    assert_eq!(
        brief.published.as_deref(),
        Some("2025-03-05"),
        "the WARC-Date"
    );
    assert_eq!(
        brief.url.as_deref(),
        Some("https://harbour-notes.example/ferry-back")
    );
    let ledger = &articles[0];
    assert_eq!(
        ledger.published.as_deref(),
        Some("2025-03-04"),
        "the page's own date first"
    );
}

#[test]
fn a_truncated_warc_ends_with_an_error_naming_the_record() {
    let bytes = std::fs::read(fixture("crawl.warc")).unwrap();
    let cut = bytes.windows(9).position(|w| w == b"Lindenau:").unwrap();
    let path = Path::new("cut.warc");
    let results: Vec<_> = from_bytes(path, bytes[..cut].to_vec()).unwrap().collect();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let err = results[2].as_ref().unwrap_err();
    assert!(err.ends_file());
    assert!(matches!(err.kind, ErrorKind::Truncated(_)));
    assert!(
        err.to_string()
            .starts_with("cut.warc: record 6: truncated: the record declares "),
        "{err}"
    );

    let gz = std::fs::read(fixture("crawl.warc.gz")).unwrap();
    let results: Vec<_> = from_bytes(Path::new("cut.warc.gz"), gz[..gz.len() - 100].to_vec())
        .unwrap()
        .collect();
    let last = results.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(last.kind, ErrorKind::Truncated(_)), "{last}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 5);
}

#[test]
fn file_level_errors() {
    let err = |name: &str, bytes: &[u8]| {
        from_bytes(Path::new(name), bytes.to_vec())
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(err("a.html", b""), Some("a.html: empty file".into()));
    assert_eq!(
        err("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Some("photo.txt: binary data (a NUL byte at byte 8), not text, HTML, JSON or WARC".into())
    );
    assert_eq!(
        err(
            "notes.gz",
            &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        )
        .map(|e| e.contains("not a WARC file")),
        Some(true)
    );
}

#[test]
fn record_level_errors_name_their_line_or_file() {
    let first_error = |name: &str, bytes: &[u8]| {
        from_bytes(Path::new(name), bytes.to_vec())
            .unwrap()
            .find_map(Result::err)
            .unwrap()
            .to_string()
    };
    assert_eq!(
        first_error("notes.txt", b"line one\nline two\n\xe9t\xe9\n"),
        "notes.txt: not valid UTF-8 at line 3 (convert the file to UTF-8, or declare its charset in HTML)"
    );
    assert_eq!(
        first_error("page.html", b"<meta charset=\"x-mac-klingon\"><p>text</p>"),
        "page.html: unknown charset \"x-mac-klingon\""
    );
    assert_eq!(
        first_error("crawl.warc", b"WARC/1.0\r\nno colon here\r\n\r\n"),
        "crawl.warc: record 1: invalid WARC: a header line without a colon: \"no colon here\""
    );
    assert_eq!(
        first_error("a.json", b"{\"title\": \"x\"}"),
        "a.json: no text"
    );
}

#[test]
fn one_bad_json_line_does_not_hide_the_others() {
    let jsonl = b"{\"text\": \"First article.\"}\n{\"text\": \"Second\n{\"title\": \"no body\"}\n{\"text\": \"Fourth.\"}\n";
    let results: Vec<_> = from_bytes(Path::new("dump.jsonl"), jsonl.to_vec())
        .unwrap()
        .collect();
    let outcome: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(a) => format!("{}: {}", a.origin, a.body),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(outcome[0], "dump.jsonl:1: First article.");
    assert!(
        outcome[1].starts_with("dump.jsonl:2: invalid JSON: "),
        "{}",
        outcome[1]
    );
    assert_eq!(outcome[2], "dump.jsonl:3: no text");
    assert_eq!(outcome[3], "dump.jsonl:4: Fourth.");
    assert!(!results[1].as_ref().unwrap_err().ends_file());
}

#[test]
fn formats_by_magic_extension_and_content() {
    let cases: [(&str, &[u8], Format); 10] = [
        ("page.html", b"anything", Format::Html),
        ("PAGE.HTM", b"anything", Format::Html),
        ("notes.md", b"# Title", Format::Markdown),
        ("notes.txt", b"<html>", Format::Text),
        ("dump.ndjson", b"{}", Format::JsonLines),
        ("one.json", b"{}", Format::Json),
        ("archive.bin", b"WARC/1.1\r\n", Format::Warc),
        ("download", b"\xEF\xBB\xBF  <!DOCTYPE html>", Format::Html),
        ("download", b"[{\"text\": \"x\"}]", Format::Json),
        ("README", b"Just words.", Format::Text),
    ];
    for (name, head, want) in cases {
        assert_eq!(detect_format(Path::new(name), head), want, "{name}");
    }
}

#[test]
fn markdown_and_text_files() {
    let md = from_bytes(
        Path::new("brief.md"),
        b"# Ferry back\n\nThe ferry *returned* on Wednesday.\n".to_vec(),
    )
    .unwrap()
    .next()
    .unwrap()
    .unwrap();
    assert_eq!(
        (md.title.as_deref(), md.body.as_str(), md.format),
        (
            Some("Ferry back"),
            "The ferry returned on Wednesday.",
            Format::Markdown
        )
    );
    let txt = from_bytes(
        Path::new("brief.txt"),
        b"Ferry back.\r\n\r\nIt runs.\r\n".to_vec(),
    )
    .unwrap()
    .next()
    .unwrap()
    .unwrap();
    assert_eq!(
        (txt.title, txt.body.as_str(), txt.format),
        (None, "Ferry back.\n\nIt runs.", Format::Text)
    );
}

#[test]
fn origins_display_as_locations() {
    let path = Path::new("crawl.warc");
    let record = Origin::new(
        path,
        Position::Record {
            index: 5,
            target_uri: Some("https://example.org/a".into()),
        },
    );
    assert_eq!(
        record.to_string(),
        "crawl.warc: record 5 (https://example.org/a)"
    );
    assert_eq!(
        Origin::new(Path::new("d.jsonl"), Position::Line(7)).to_string(),
        "d.jsonl:7"
    );
    assert_eq!(
        Origin::new(Path::new("l.json"), Position::Item(2)).to_string(),
        "l.json: item 2"
    );
}

#[test]
fn syndicated_copies_are_near_duplicates_and_other_reports_are_not() {
    let text = |name: &str| read_one(name).body;
    let original = text("en-harbour-strike.html");
    let syndicated = text("en-harbour-strike-syndicated.html");
    let analysis = text("en-broken-analysis.html");
    let french = text("fr-inondations.html");
    // The crawler's abridged copy of the same dispatch: three of its sentences, one edited.
    let abridged = read_path(&fixture("newsplease.jsonl")).unwrap()[0]
        .body
        .clone();
    // The dispatch with one word in ten replaced: a rewrite, not a copy.
    let rewritten: Vec<String> = original
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 10 == 5 {
                format!("x{i}")
            } else {
                w.to_string()
            }
        })
        .collect();
    let rewritten = rewritten.join(" ");
    let print = Fingerprint::of(&original);
    let exact = Shingles::of(&original);
    for (other, copy, measured) in [
        (&syndicated, true, "0.97"),
        (&abridged, true, "0.80"),
        (&analysis, false, "0.00"),
        (&french, false, "0.00"),
        (&rewritten, false, "0.52"),
    ] {
        let shingles = Shingles::of(other);
        let containment = exact.containment(&shingles);
        assert_eq!(format!("{containment:.2}"), measured);
        assert_eq!(shingles.is_copy_of(&exact), copy, "{containment}");
        assert_eq!(exact.is_copy_of(&shingles), copy, "{containment}");
        // Screening keeps every copy.
        if copy {
            assert!(print.may_be_copy(&Fingerprint::of(other)));
        }
    }
}
