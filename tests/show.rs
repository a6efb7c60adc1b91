//! `factstore show`: an article with its mentions, quotes and figures marked, as text (exact
//! output) and as a self-contained page, which headless Chromium opens, clicks through (the
//! page selects the span its address names) and screenshots.

use crate::util::{chromium, headless, Env};

const GATES: &str = "Police arrested 12 protesters near the harbour gates of Hallbridge on Friday, the port authority said. \"We will not back down before the cranes are gone,\" said Mara Quist, the union's leader.\n";

/// A store with the built-in knowledge, two curated entities, one article added (and extracted
/// from: the place is a discovered name) and a curated figure in it.
fn store() -> Env {
    let env = Env::new();
    env.write(
        "entities.csv",
        "key,kind,name\nquist,person,Mara Quist\nport-authority,organization,port authority\n",
    );
    env.write("aliases.csv", "entity,alias\nquist,Quist\n");
    env.run(&["-q", "load", "entities", "entities.csv"]).ok();
    env.run(&["-q", "load", "aliases", "aliases.csv"]).ok();
    env.write("gates.txt", GATES);
    env.run(&["-q", "add", "gates.txt"]).ok();
    env.write(
        "figures.csv",
        "source,metric,value,evidence,char_start,char_end,claimed_by\ngates,arrested,12,12,16,18,port-authority\n",
    );
    env.run(&["-q", "load", "figures", "figures.csv"]).ok();
    env
}

#[test]
fn show_prints_the_article_with_its_spans_marked() {
    let env = store();
    let out = env.run(&["show", "gates"]).ok();
    assert_eq!(
        out.stdout,
        "gates\nen\n3 mentions, 2 statements, 2 figures (1 curated, 6 extracted)\n\n\
         <<Police arrested {{12}f2}f1 protesters near the harbour gates of [Hallbridge]m1 on Friday>>s1, the [port authority]m2 said. \"<<We will not back down before the cranes are gone,>>s2\" said [Mara Quist]m3, the union's leader.\n\n\
         s1   statement extracted kind: indirect; speaker: port-authority; confidence: 0.7; rule: indirect.speech-verb\n\
         f1   figure    curated   metric: arrested; value: 12; qualifier: exact; claimed by: port-authority; evidence: 12\n\
         f2   figure    extracted metric: arrested; value: 12; qualifier: exact; claimed by: port-authority; evidence: 12; confidence: 0.85; rule: figure.metric-right-before\n\
         m1   mention   extracted entity: hallbridge; surface: Hallbridge; confidence: 0.7; rule: name.capitalised-word\n\
         m2   mention   extracted entity: port-authority; surface: port authority; confidence: 1; rule: mention.alias\n\
         s2   statement extracted kind: quote; speaker: quist; confidence: 0.9; rule: quote.speech-verb\n\
         m3   mention   extracted entity: quist; surface: Mara Quist; confidence: 1; rule: mention.alias\n"
    );
}

#[test]
fn an_unknown_source_is_a_usage_error() {
    let env = store();
    let out = env.run(&["show", "gate"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: invalid value 'gate' for '<SOURCE>': no source has this key\n\n  tip: a similar value exists: 'gates'\n"
        )
    );
}

#[test]
fn the_html_page_highlights_every_span_and_a_click_shows_its_attributes() {
    let env = store();
    env.run(&["show", "gates", "--format", "html", "-o", "gates.html"])
        .ok();
    let page = std::fs::read_to_string(env.path("gates.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    for external in ["src=\"http", "href=\"http", "@import", "<link"] {
        assert!(!page.contains(external), "the page loads {external}");
    }
    // The curated and the extracted figure cover one piece, inside the reported speech; the
    // quote another.
    assert!(
        page.contains("<span class=\"seg f-c f-e q-e\" data-marks=\"0 1 2\">12</span>"),
        "{page}"
    );
    assert!(page.contains("<span class=\"seg q-e\" data-marks=\"5\">We will not back down before the cranes are gone,</span>"), "{page}");
    let Some(chromium) = chromium() else {
        eprintln!(
            "notice: Chromium is not installed; skipping the browser test of `show --format html`"
        );
        return;
    };
    let url = format!("file://{}#mark-1", env.path("gates.html").display());
    let dom = headless(&chromium, &["--dump-dom", &url]);
    let details = dom
        .split_once("<aside id=\"details\">")
        .and_then(|(_, rest)| rest.split_once("</aside>"))
        .map(|(inside, _)| inside.to_string())
        .expect("the details panel");
    // A click on the figure shows every row recorded there: the reported speech it stands in,
    // and both figures, the curated one first.
    let row = |k: &str, v: &str| format!("<tr><td>{k}</td><td>{v}</td></tr>");
    let figure = [
        row("metric", "arrested"),
        row("value", "12"),
        row("qualifier", "exact"),
        row("claimed by", "port-authority"),
        row("evidence", "12"),
    ]
    .concat();
    assert_eq!(
        details,
        format!(
            "<table class=\"mark\" id=\"details-s1\"><tbody><tr><th colspan=\"2\">s1 statement (extracted)</th></tr>{}{}{}{}</tbody></table>\
             <table class=\"mark\" id=\"details-f1\"><tbody><tr><th colspan=\"2\">f1 figure (curated)</th></tr>{figure}</tbody></table>\
             <table class=\"mark\" id=\"details-f2\"><tbody><tr><th colspan=\"2\">f2 figure (extracted)</th></tr>{figure}{}{}</tbody></table>",
            row("kind", "indirect"),
            row("speaker", "port-authority"),
            row("confidence", "0.7"),
            row("rule", "indirect.speech-verb"),
            row("confidence", "0.85"),
            row("rule", "figure.metric-right-before")
        )
    );
    let shot = env.path("show.png");
    let screenshot = format!("--screenshot={}", shot.display());
    headless(&chromium, &["--window-size=1100,700", &screenshot, &url]);
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
