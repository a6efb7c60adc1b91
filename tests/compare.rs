//! `compare`: the cross-source comparison on the curated seeds, as CSV (the same as the shell's
//! `figure_comparison` view), nested JSON and a self-contained HTML page; and its filters.

use crate::util::{chromium, headless, Env};

const HEADER: &str = "metric,unit,subject,place,sources,min,max,spread,disputed,by_source";

#[test]
fn arrests_show_where_the_sources_disagree() {
    let env = Env::seeded();
    let out = env.run(&["compare", "--metric", "arrested"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "{HEADER}\n\
             arrested,,protesters,,4,3000,3800,800,1,\">3,000 (appel-russie-bielorussie: Government of Kazakhstan, Ministry of Internal Affairs of Kazakhstan) · 3,000 (tirer-sans-avertissement: Government of Kazakhstan) · >3,700 (tokayev-tirer-pour-tuer: Kazakh state television) · >3,800 (shoot-to-kill)\"\n\
             arrested,,protesters,Aktobe,1,200,200,0,0,~200 (appel-russie-bielorussie)\n\
             arrested,,protesters,Atyrau,1,100,100,0,0,>100 (appel-russie-bielorussie)\n"
        )
    );
}

/// The rows of a CSV text.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_command_and_the_shell_view_agree() {
    for env in [Env::seeded(), Env::seeded_extracted()] {
        let command = env.run(&["compare"]).ok().stdout;
        let view = env
            .run(&["sql", "SELECT * FROM figure_comparison"])
            .ok()
            .stdout;
        assert_eq!(records(&command), records(&view));
        assert!(command.starts_with(&format!("{HEADER}\n")));
        // disputed quantities first
        let disputed: Vec<String> = records(&command)
            .into_iter()
            .map(|r| r[8].clone())
            .collect();
        let first_agreed = disputed.iter().position(|d| d == "0").unwrap();
        assert!(
            disputed[..first_agreed].iter().all(|d| d == "1")
                && disputed[first_agreed..].iter().all(|d| d == "0")
        );
        assert!(first_agreed >= 3);
    }
}

#[test]
fn json_nests_the_values_with_their_evidence() {
    let env = Env::seeded();
    let out = env
        .run(&[
            "compare", "--metric", "arrested", "--place", "aktobe", "--format", "json",
        ])
        .ok();
    assert_eq!(
        out.stdout,
        r#"[
  {
    "metric": "arrested",
    "unit": null,
    "subject": "protesters",
    "place": "Aktobe",
    "sources": 1,
    "min": 200,
    "max": 200,
    "spread": 0,
    "disputed": false,
    "values": [
      {
        "source": "appel-russie-bielorussie",
        "shown": "~200",
        "value": 200,
        "low": null,
        "high": null,
        "qualifier": "about",
        "claimed_by": [],
        "as_of": "2022-01-07",
        "origin": "curated",
        "confidence": null,
        "rule": null,
        "evidence": "200",
        "char_start": 9660,
        "char_end": 9663,
        "sentence": "Environ 200 manifestants ont été conduits au poste de police."
      }
    ]
  }
]
"#
    );
    let lines = env
        .run(&["compare", "--metric", "arrested", "--format", "jsonl"])
        .ok()
        .stdout;
    assert_eq!(lines.lines().count(), 3);
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["values"].as_array().unwrap().len(), 4);
    assert_eq!(first["values"][2]["shown"], ">3,700");
    assert_eq!(
        first["values"][2]["claimed_by"][0],
        "Kazakh state television"
    );
}

#[test]
fn the_html_report_is_self_contained_with_a_plot_per_disputed_quantity() {
    let env = Env::seeded();
    env.run(&["compare", "--format", "html", "-o", "report.html"])
        .ok();
    let page = std::fs::read_to_string(env.path("report.html")).unwrap();
    let disputed = records(&env.run(&["compare", "--disputed"]).ok().stdout).len();
    assert!(disputed >= 3);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for external in ["http://", "https://", " src=", "<link", "@import", "url("] {
        assert!(
            !page.contains(external),
            "the page refers to something outside it: {external}"
        );
    }
    assert_eq!(page.matches("<svg class=\"plot\"").count(), disputed);
    let dots: Vec<&str> = page.split("<g class=\"dot\"").skip(1).collect();
    let values: usize = records(
        &env.run(&["compare", "--disputed", "--format", "csv"])
            .ok()
            .stdout,
    )
    .iter()
    .map(|r| r[9].split(" · ").count())
    .sum();
    assert_eq!(dots.len(), values);
    for dot in dots {
        let attribute = |name: &str| {
            let start = dot.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            dot[start..start + dot[start..].find('"').unwrap()].to_string()
        };
        assert!(!attribute("data-evidence").is_empty());
        assert!(attribute("data-sentence").len() > attribute("data-evidence").len());
        assert!(dot.contains("<title>"), "a dot without its hover text");
    }
    assert!(page.contains("More than 3,800 people have been arrested."));
}

#[test]
fn extracted_values_and_vague_words_are_shown_for_what_they_are() {
    let env = Env::seeded_extracted();
    let out = env
        .run(&["compare", "--metric", "killed", "--subject", "police"])
        .ok();
    // a vague quantity is its word, not numbers a source never gave; a value only the extractor
    // found says so
    assert_eq!(
        records(&out.stdout)[0][9],
        "several (ordre-de-tirer) · 7 (appel-russie-bielorussie; extracted) · ≥18 (appel-russie-bielorussie) · 18 (shoot-to-kill: police) · 18 (tirer-sans-avertissement: Almaty city administration) · 18 (tokayev-tirer-pour-tuer: Ministry of Internal Affairs of Kazakhstan)"
    );
    let json = env
        .run(&[
            "compare",
            "--metric",
            "killed",
            "--subject",
            "police",
            "--format",
            "json",
        ])
        .ok();
    let quantities: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let seven = &quantities[0]["values"][1];
    assert_eq!(
        (
            seven["shown"].as_str(),
            seven["origin"].as_str(),
            seven["confidence"].as_f64()
        ),
        (Some("7"), Some("extracted"), Some(0.7))
    );
    assert!(
        seven["rule"]
            .as_str()
            .is_some_and(|r| r.starts_with("figure.")),
        "{seven}"
    );
    let several = &quantities[0]["values"][0];
    assert_eq!(
        (
            several["shown"].as_str(),
            several["low"].as_i64(),
            several["high"].as_i64()
        ),
        (Some("several"), Some(2), Some(9))
    );
    // the report draws extracted values hollow, with their rule and confidence in the detail
    env.run(&["compare", "--format", "html", "-o", "report.html"])
        .ok();
    let page = std::fs::read_to_string(env.path("report.html")).unwrap();
    let unchecked: usize = records(&env.run(&["compare", "--disputed"]).ok().stdout)
        .iter()
        .map(|r| r[9].matches("; extracted)").count())
        .sum();
    assert!(unchecked >= 1);
    assert_eq!(
        page.matches("<g class=\"dot extracted\"").count(),
        unchecked
    );
    assert_eq!(
        page.matches(", unchecked, characters ").count(),
        unchecked * 2,
        "the detail, in data-detail and in the title"
    );
    assert!(page.contains("confidence 0.70, unchecked"));
    assert!(page.contains("several (read as 2–9)"));
    assert!(page.contains("a value only the extractor found, unchecked"));
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let env = Env::seeded();
    env.run(&["compare", "--format", "html", "-o", "report.html"])
        .ok();
    let disputed = records(&env.run(&["compare", "--disputed"]).ok().stdout).len();
    let Some(chromium) = chromium() else {
        eprintln!(
            "notice: Chromium is not installed; skipping the browser test of `compare --format html`"
        );
        return;
    };
    // The page as Chromium parsed it and ran its script: every plot, every dot with its
    // detail text, each plot's panel waiting for a click.
    let url = format!("file://{}", env.path("report.html").display());
    let dom = headless(&chromium, &["--dump-dom", &url]);
    assert_eq!(dom.matches("<svg class=\"plot\"").count(), disputed);
    assert_eq!(
        dom.matches("<g class=\"dot\"").count(),
        dom.matches(" data-detail=\"").count()
    );
    assert_eq!(
        dom.matches("aria-live=\"polite\">Select a dot.</div>")
            .count(),
        disputed
    );
    let shot = env.path("report.png");
    let screenshot = format!("--screenshot={}", shot.display());
    headless(&chromium, &["--window-size=1100,900", &screenshot, &url]);
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn filters_select_figures_before_they_are_compared() {
    let env = Env::seeded();
    // only the figures dated 7 January 2022 (the live blog's date): one source left per quantity
    let dated = records(
        &env.run(&["compare", "--as-of", "2022-01-07..2022-01-07"])
            .ok()
            .stdout,
    );
    assert!(!dated.is_empty());
    assert!(dated
        .iter()
        .all(|r| r[4] == "1" && r[9].contains("appel-russie-bielorussie")));
    let early = env.run(&["compare", "--as-of", "..2022-01-06"]).ok().stdout;
    assert_eq!(early, format!("{HEADER}\n"));
    let police = records(
        &env.run(&["compare", "--subject", "policiers", "--metric", "killed"])
            .ok()
            .stdout,
    );
    assert!(police.iter().all(|r| r[2] == "police"));
    assert_eq!(police.len(), 2);
    let out = env.run(&["compare", "--as-of", "yesterday"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("expected FROM..TO"), "{}", out.stderr);
    let out = env.run(&["compare", "--place", "Atlantis"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: invalid value 'Atlantis' for '--place <ENTITY>': no entity has this key, name or alias\n\n  tip: similar values exist: 'Atlántida', 'atlantico', 'Atlanta'\n")
    );
    let out = env.run(&["query", "figures", "--format", "html"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: --format html is for `factstore compare` only\n")
    );
}

#[test]
fn things_of_metric_other_are_told_apart_by_what_they_count() {
    let env = Env::new();
    env.write(
        "a.txt",
        "Forty buildings burned and 66 people are missing.\n",
    );
    env.write(
        "b.txt",
        "At least 38 buildings burned; 70 people are still missing.\n",
    );
    env.run(&["-q", "add", "--language", "en", "a.txt", "b.txt"])
        .ok();
    assert_eq!(
        env.run(&["compare"]).ok().stdout,
        format!(
            "{HEADER}\n\
             other,missing,,,2,66,70,4,1,66 (a; extracted) · 70 (b; extracted)\n\
             other,buildings,,,2,38,40,2,1,≥38 (b; extracted) · 40 (a; extracted)\n"
        )
    );
}
