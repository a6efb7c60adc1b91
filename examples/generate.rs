//! A deterministic corpus for benchmarks: N French and English news-like articles built from
//! varied sentence templates (entity aliases, quotes with attributions, attributed figures, noise),
//! and a figures CSV of M rows in the `load figures` format whose evidence lies at the right offsets
//! of those articles. Same seed, same bytes.
//!
//! Usage: cargo run --release --example generate -- [--articles N] [--figures M] [--seed S] [--html] OUT
//!
//! OUT becomes a dataset folder: lexicon.csv, entities.csv and aliases.csv (copied from seeds/),
//! sources.csv with texts/ (about 5 KB an article), and, with --figures M, figures.csv: M figures
//! over the numbers of the articles, each number taken with each metric in turn. With --html,
//! also pages/: each article as a saved web page (its paragraphs in an `<article>`, metadata in
//! `<head>`, and the furniture of a news site around it: menus, a cookie banner, "read also"
//! links, share buttons, a comment form), for `factstore add`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PEOPLE: &[&str] = &[
    "Tokayev",
    "Kassym-Jomart Tokayev",
    "Tokaïev",
    "Nazarbayev",
    "Vladimir Putin",
    "Poutine",
    "Mukhtar Ablyazov",
    "Emmanuel Macron",
];
const ORGS_FR: &[&str] = &[
    "le ministère de l'Intérieur",
    "l'OTSC",
    "Interfax",
    "l'AFP",
    "la police",
];
const ORGS_EN: &[&str] = &[
    "the Interior Ministry",
    "the CSTO",
    "Interfax",
    "AFP",
    "the police",
];
const PLACES: &[&str] = &[
    "Almaty",
    "Alma-Ata",
    "Aktobe",
    "Atyrau",
    "Nur-Sultan",
    "Moscou",
];
const GROUPS_FR: &[&str] = &["manifestants", "policiers"];
const GROUPS_EN: &[&str] = &["protesters", "police officers"];
const QUALIFIERS_FR: &[&str] = &["plus de ", "au moins ", "environ ", "près de ", ""];
const QUALIFIERS_EN: &[&str] = &["more than ", "at least ", "about ", "nearly ", ""];
const DONE_FR: &[&str] = &["tués", "blessés", "arrêtés", "interpellés"];
const DONE_EN: &[&str] = &["killed", "injured", "arrested", "detained"];
const QUOTES_FR: &[&str] = &[
    "La situation est désormais sous contrôle dans tout le pays",
    "Nous ne négocierons pas avec des criminels armés",
    "Les troupes de l'alliance resteront le temps nécessaire",
    "L'ordre constitutionnel a été largement rétabli",
];
const QUOTES_EN: &[&str] = &[
    "The situation is now under control across the country",
    "We will not negotiate with armed criminals",
    "The alliance troops will stay as long as necessary",
    "Constitutional order has been largely restored",
];
const NOISE_FR: &[&str] = &[
    "La circulation a timidement repris dans le centre-ville, où des véhicules calcinés restaient visibles.",
    "Internet a été partiellement rétabli dans certaines régions, selon les opérateurs.",
    "Les prix du carburant avaient doublé au début de l'année, provoquant la colère.",
    "Des files d'attente se sont formées devant les magasins encore ouverts.",
];
const NOISE_EN: &[&str] = &[
    "Traffic timidly resumed in the city centre, where burnt-out vehicles were still visible.",
    "Internet access was partly restored in some regions, operators said.",
    "Fuel prices had doubled at the start of the year, sparking anger.",
    "Queues formed outside the shops that were still open.",
];

/// A number in one of the ways news write it.
fn written(n: u64, style: usize) -> String {
    let digits = n.to_string();
    if n < 1000 || style == 0 {
        return digits;
    }
    let sep = ["\u{00A0}", " ", ",", "\u{202F}"][style % 4];
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(d);
    }
    out
}

/// An article and the numbers in it: (char_start, char_end, as written, value).
struct Article {
    text: String,
    chars: usize,
    numbers: Vec<(usize, usize, String, u64)>,
}

impl Article {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn number(&mut self, n: u64, style: usize) {
        let w = written(n, style);
        let start = self.chars;
        self.push(&w);
        self.numbers.push((start, self.chars, w, n));
    }
}

fn article(rng: &mut Rng, french: bool, index: usize) -> Article {
    let mut a = Article {
        text: String::new(),
        chars: 0,
        numbers: Vec::new(),
    };
    let title = if french {
        "Kazakhstan : nouveau bilan des émeutes"
    } else {
        "Kazakhstan: new toll of the unrest"
    };
    a.push(&format!("{title} ({index})\n\n"));
    let sentences = 60 + rng.below(16);
    for s in 0..sentences {
        match rng.below(6) {
            0 | 1 => {
                let (q, g, d, o) = if french {
                    (
                        rng.pick(QUALIFIERS_FR),
                        rng.pick(GROUPS_FR),
                        rng.pick(DONE_FR),
                        rng.pick(ORGS_FR),
                    )
                } else {
                    (
                        rng.pick(QUALIFIERS_EN),
                        rng.pick(GROUPS_EN),
                        rng.pick(DONE_EN),
                        rng.pick(ORGS_EN),
                    )
                };
                let (n, style, place) =
                    (1 + rng.below(5000) as u64, rng.below(5), *rng.pick(PLACES));
                let head: String = q
                    .chars()
                    .next()
                    .map(|c| c.to_uppercase().collect::<String>() + &q[c.len_utf8()..])
                    .unwrap_or_default();
                a.push(&head);
                a.number(n, style);
                if french {
                    a.push(&format!(" {g} ont été {d} à {place}, a annoncé {o}. "));
                } else {
                    a.push(&format!(" {g} were {d} in {place}, {o} said. "));
                }
            }
            2 => {
                let p = *rng.pick(PEOPLE);
                if french {
                    let q = *rng.pick(QUOTES_FR);
                    a.push(&format!("« {q} », a déclaré {p}. "));
                } else {
                    let q = *rng.pick(QUOTES_EN);
                    a.push(&format!("“{q},” {p} said. "));
                }
            }
            3 => {
                let (o, place) = if french {
                    (*rng.pick(ORGS_FR), *rng.pick(PLACES))
                } else {
                    (*rng.pick(ORGS_EN), *rng.pick(PLACES))
                };
                let n = 10 + rng.below(3000) as u64;
                let style = rng.below(5);
                if french {
                    a.push(&format!("Selon {o}, "));
                    a.number(n, style);
                    a.push(&format!(" soldats de la paix sont arrivés à {place}. "));
                } else {
                    a.push(&format!("According to {o}, "));
                    a.number(n, style);
                    a.push(&format!(" peacekeepers arrived in {place}. "));
                }
            }
            _ => {
                let noise = if french {
                    *rng.pick(NOISE_FR)
                } else {
                    *rng.pick(NOISE_EN)
                };
                a.push(noise);
                a.push(" ");
            }
        }
        if s % 6 == 5 {
            a.push("\n\n");
        }
    }
    a.push(&format!("\nRef. {index:06}.\n"));
    a
}

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `text` (a title line, a blank line, paragraphs) as a saved page of a news site.
fn page(key: &str, text: &str, language: &str, day: usize) -> String {
    let (title, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut paragraphs = String::new();
    for p in body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(paragraphs, "<p>{}</p>", escape(p.trim()));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\">\n<title>{t} | Steppe Wire</title>\n<link rel=\"canonical\" href=\"https://steppe-wire.example/news/{key}\">\n<meta property=\"og:site_name\" content=\"Steppe Wire\">\n<meta property=\"article:published_time\" content=\"2022-01-{day:02}T10:00:00Z\">\n<link rel=\"stylesheet\" href=\"/static/site.css\"><script>window.dataLayer=[];</script></head>\n<body><div class=\"cookie-banner\">We use cookies to measure our audience. <button>Accept</button> <button>Refuse</button></div>\n<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/economy\">Economy</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav></header>\n<main><article><h1>{t}</h1>\n<div class=\"share\">Share: <a href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">Email</a></div>\n{paragraphs}</article>\n<aside class=\"related\"><h2>Read also</h2><ul><li><a href=\"/a\">Markets close higher</a></li><li><a href=\"/b\">Weather: snow expected in the north</a></li><li><a href=\"/c\">Ten things to do this weekend</a></li></ul></aside>\n<section class=\"comments\"><h3>Comments</h3><form><textarea></textarea><button>Post</button></form></section></main>\n<footer>© Steppe Wire. All rights reserved. <a href=\"/privacy\">Privacy</a></footer></body></html>\n",
        t = escape(title.trim())
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut articles = 1000usize;
    let mut figures = 0usize;
    let mut seed = 1u64;
    let mut html = false;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => articles = args.next().ok_or("--articles N")?.parse()?,
            "--figures" => figures = args.next().ok_or("--figures M")?.parse()?,
            "--seed" => seed = args.next().ok_or("--seed S")?.parse()?,
            "--html" => html = true,
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}; usage: generate [--articles N] [--figures M] [--seed S] [--html] OUT").into()),
        }
    }
    let out = out.ok_or("usage: generate [--articles N] [--figures M] [--seed S] [--html] OUT")?;
    fs::create_dir_all(out.join("texts"))?;
    if html {
        fs::create_dir_all(out.join("pages"))?;
    }
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for file in ["lexicon.csv", "entities.csv", "aliases.csv"] {
        fs::copy(seeds.join(file), out.join(file))?;
    }
    let mut rng = Rng(seed);
    let mut sources = String::from("key,title,language,published,file\n");
    let mut spans: Vec<(String, usize, usize, String, u64)> = Vec::new();
    let mut bytes = 0usize;
    for i in 0..articles {
        let french = rng.below(2) == 0;
        let a = article(&mut rng, french, i);
        let key = format!("gen-{i:06}");
        fs::write(out.join("texts").join(format!("{key}.txt")), &a.text)?;
        bytes += a.text.len();
        let day = 5 + i % 4;
        if html {
            let page = page(&key, &a.text, if french { "fr" } else { "en" }, day);
            fs::write(out.join("pages").join(format!("{key}.html")), page)?;
        }
        let _ = writeln!(
            sources,
            "{key},Generated article {i},{},2022-01-{day:02},texts/{key}.txt",
            if french { "fr" } else { "en" }
        );
        spans.extend(
            a.numbers
                .into_iter()
                .map(|(s, e, w, n)| (key.clone(), s, e, w, n)),
        );
    }
    fs::write(out.join("sources.csv"), sources)?;
    if figures > 0 {
        const METRICS: &[&str] = &[
            "killed",
            "injured",
            "arrested",
            "troops",
            "aircraft",
            "checkpoints",
            "attackers",
            "casualties",
        ];
        const SUBJECTS: &[&str] = &["protesters", "police", ""];
        const CLAIMANTS: &[&str] = &["kz-interior-ministry", "tokayev", "csto", "police", ""];
        const PLACE_KEYS: &[&str] = &["almaty", "aktobe", "atyrau", ""];
        const QUALIFIERS: &[&str] = &["exact", "more_than", "at_least", "about"];
        if figures > spans.len() * METRICS.len() {
            return Err(format!(
                "{figures} figures need more articles: {} numbers × {} metrics",
                spans.len(),
                METRICS.len()
            )
            .into());
        }
        let mut csv = String::with_capacity(figures * 120);
        csv.push_str("source,metric,value,low,high,qualifier,unit,subject,claimed_by,place,as_of,evidence,char_start,char_end,origin\n");
        'rows: for (round, metric) in METRICS.iter().enumerate() {
            for (i, (key, s, e, w, n)) in spans.iter().enumerate() {
                if round * spans.len() + i >= figures {
                    break 'rows;
                }
                let _ = writeln!(
                    csv,
                    "{key},{metric},{n},,,{},,{},{},{},2022-01-0{},{},{s},{e},curated",
                    rng.pick(QUALIFIERS),
                    rng.pick(SUBJECTS),
                    rng.pick(CLAIMANTS),
                    rng.pick(PLACE_KEYS),
                    5 + rng.below(4),
                    field(w)
                );
            }
        }
        fs::write(out.join("figures.csv"), csv)?;
    }
    eprintln!(
        "{articles} articles ({:.1} MB of text), {} numbers, {figures} figures in {}",
        bytes as f64 / 1e6,
        spans.len(),
        out.display()
    );
    Ok(())
}
