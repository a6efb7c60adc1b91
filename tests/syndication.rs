//! Syndication: one dispatch republished by other sites (other furniture, a trimmed ending, a
//! changed headline and a few edited words) is recorded as copies of its original, two other
//! reports of the same event are not, and `compare` counts each original once unless --copies.

use crate::util::Env;

/// The dispatch, paragraph by paragraph (written for this test).
const DISPATCH: [&str; 8] = [
    "VELMORA — Police arrested 40 people on Saturday after a march against the closure of the Velmora textile mill turned into clashes outside the town hall, the regional prefecture said.",
    "About 3,000 people had gathered in the morning on Carrow Square, where union speakers called on the owners of the mill to reverse a decision that will cost 620 jobs by the end of the year.",
    "By midday a group of several dozen marchers had broken away towards the town hall, throwing bottles and stones at the officers guarding its doors, according to the prefecture.",
    "\"We came to speak for our jobs, not to fight,\" said Ilse Marren, who has worked at the mill for twenty-two years and walked at the head of the march with her two sons.",
    "Eleven officers were treated for minor injuries, and the fire brigade put out two cars set alight in a side street, the prefecture said in a statement released in the evening.",
    "The mill's owners, the Harstad group, have said the plant has lost money for five years in a row and that its orders have moved to factories abroad that produce at half the cost.",
    "Union leaders said they would hold a second march next Saturday and asked the regional government to find a buyer for the plant before the first dismissals in September.",
    "The mayor of Velmora, Aurel Fenn, called for calm and said the town council would meet the unions and the owners on Tuesday to discuss a plan to keep part of the production.",
];

/// An independent report of the same march: the same names, numbers and quote, in other words.
const OTHER_REPORT: [&str; 5] = [
    "Clashes broke out in Velmora on Saturday when a breakaway group of marchers attacked the town hall, and police arrested 40 people, officials said late in the day.",
    "The march, called by the unions after the Harstad group announced that the textile mill would close with the loss of 620 jobs, drew a crowd the organisers put at 5,000.",
    "Witnesses described officers using batons to push the group back from the steps of the town hall, while most marchers stayed on Carrow Square listening to speeches.",
    "\"We came to speak for our jobs, not to fight,\" one of the marchers, Ilse Marren, told reporters as the square emptied in the afternoon rain.",
    "The regional government said it was in talks with two possible buyers, but gave no names, and warned that no sale could be agreed before the end of the summer.",
];

/// A follow-up on the next day.
const FOLLOW_UP: [&str; 4] = [
    "Twenty-eight of the 40 people arrested after Saturday's march in Velmora were released on Sunday without charge, the prosecutor's office said.",
    "Twelve others will appear before a judge on Monday, accused of violence against officers and of setting two cars on fire in a street near the town hall.",
    "The unions condemned the violence but maintained their call for a second march next Saturday, and said they expected more people than the first time.",
    "The mayor, Aurel Fenn, said the meeting with the unions and the mill's owners would go ahead on Tuesday as planned, in the council chamber.",
];

/// A saved web page of `site` at `url` with `title` and `paragraphs`, and the furniture of
/// `style` around them (each site its own).
fn page(site: &str, url: &str, title: &str, paragraphs: &[&str], style: usize) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let furniture = [
        (
            "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>",
            "<aside><h2>Read also</h2><ul><li><a href=\"/a\">Ten recipes for a rainy weekend</a></li><li><a href=\"/b\">The best trains of the summer</a></li></ul></aside>",
        ),
        (
            "<div class=\"cookie-banner\">We use cookies to improve your experience. <button>Accept all</button></div><header><a href=\"/\">Front page</a> | <a href=\"/local\">Local</a></header>",
            "<div class=\"share\">Share this article: <a href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">Email</a></div><section class=\"comments\"><h3>Comments</h3><form><textarea></textarea><button>Post comment</button></form></section>",
        ),
        (
            "<header><nav><ul><li><a href=\"/\">News</a></li><li><a href=\"/business\">Business</a></li><li><a href=\"/subscribe\">Subscribe</a></li></ul></nav></header>",
            "<div class=\"related\"><h2>Related stories</h2><a href=\"/x\">Mill closures across the region</a> <a href=\"/y\">What the textile crisis means for jobs</a></div><footer>© Valley Courier. All rights reserved.</footer>",
        ),
    ];
    let (before, after) = furniture[style % furniture.len()];
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>\n<meta property=\"og:site_name\" content=\"{site}\">\n<link rel=\"canonical\" href=\"{url}\">\n<meta property=\"article:published_time\" content=\"2025-05-17T18:00:00Z\"></head>\n<body>{before}<article><h1>{title}</h1>\n{body}</article>{after}</body></html>\n"
    )
}

/// The test corpus, in the order it is added: the original dispatch; the same text on another
/// site (other furniture: the same text, so the same source); the text with a credit line, on a
/// third site; its first five paragraphs under another headline; the text with three edited
/// phrases under another headline; an independent report of the same march; a follow-up.
fn corpus(env: &Env) {
    let mut edited: Vec<String> = DISPATCH.iter().map(|p| p.to_string()).collect();
    edited[1] = edited[1].replace(
        "About 3,000 people had gathered",
        "Some 3,000 people gathered",
    );
    edited[4] = edited[4].replace("minor injuries", "light injuries");
    edited[6] = edited[6].replace("Union leaders said", "Union officials said");
    let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
    let mut credited: Vec<&str> = DISPATCH.to_vec();
    credited.push("Reporting by the Wire Service; additional reporting by Lakeside Post staff.");
    let pages = [
        (
            "a-original.html",
            page(
                "Wire Service",
                "https://wire.example/2025/05/17/velmora-mill-march-arrests",
                "Police arrest 40 after Velmora mill march",
                &DISPATCH,
                0,
            ),
        ),
        (
            "b-verbatim.html",
            page(
                "Daily Northerner",
                "https://northerner.example/news/velmora-police-arrest-40",
                "Police arrest 40 after Velmora mill march",
                &DISPATCH,
                1,
            ),
        ),
        (
            "c-credited.html",
            page(
                "Lakeside Post",
                "https://lakeside-post.example/world/velmora-march",
                "Police arrest 40 after Velmora mill march",
                &credited,
                2,
            ),
        ),
        (
            "d-trimmed.html",
            page(
                "Valley Courier",
                "https://valley-courier.example/region/velmora-clashes",
                "Velmora march ends in clashes",
                &DISPATCH[..5],
                2,
            ),
        ),
        (
            "e-edited.html",
            page(
                "Harbour Times",
                "https://harbour-times.example/velmora-mill-jobs-march",
                "Forty held as mill protest turns violent",
                &edited,
                1,
            ),
        ),
        (
            "f-other-report.html",
            page(
                "Courier Eastern",
                "https://eastern.example/velmora-town-hall-clashes",
                "Town hall attacked in Velmora",
                &OTHER_REPORT,
                0,
            ),
        ),
        (
            "g-follow-up.html",
            page(
                "Wire Service",
                "https://wire.example/2025/05/18/velmora-arrests-released",
                "Velmora: 28 released without charge",
                &FOLLOW_UP,
                0,
            ),
        ),
    ];
    for (name, html) in pages {
        env.write(&format!("pages/{name}"), html);
    }
}

#[test]
fn copies_point_to_their_original_and_other_reports_do_not() {
    let env = Env::new();
    corpus(&env);
    let out = env.run(&["add", "pages"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with(
            "6 added, 1 unchanged, 0 updated, 0 refused (3 copies of other sources)\n"
        ),
        "{}",
        out.stdout
    );
    let out = env.run(&["query", "sources", "--format", "tsv"]).ok();
    let rows: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            format!("{} {} {}", f[0], f[2], f[9])
        })
        .collect();
    assert_eq!(
        rows,
        [
            "key publisher original",
            "velmora-arrests-released Wire Service ",
            "velmora-clashes Valley Courier velmora-mill-march-arrests",
            "velmora-march Lakeside Post velmora-mill-march-arrests",
            "velmora-mill-jobs-march Harbour Times velmora-mill-march-arrests",
            "velmora-mill-march-arrests Wire Service ",
            "velmora-town-hall-clashes Courier Eastern ",
        ]
    );
    // The verbatim copy is the original itself (the same text); the credited copy's body is the
    // dispatch and its credit line, none of its site's furniture.
    let body = |key: &str| -> String {
        env.conn()
            .query_row("SELECT body FROM sources WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(body("velmora-mill-march-arrests"), DISPATCH.join("\n\n"));
    assert_eq!(
        body("velmora-march"),
        format!(
            "{}\n\nReporting by the Wire Service; additional reporting by Lakeside Post staff.",
            DISPATCH.join("\n\n")
        )
    );
}

#[test]
fn compare_counts_one_report_per_original_unless_asked_for_copies() {
    let env = Env::new();
    corpus(&env);
    let out = env.run(&["-q", "add", "pages"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let compare = |extra: &[&str]| {
        let mut args = vec!["compare", "--metric", "arrested", "--format", "tsv"];
        args.extend(extra);
        env.run(&args).ok().stdout
    };
    let header = "metric\tunit\tsubject\tplace\tsources\tmin\tmax\tspread\tdisputed\tby_source\n";
    // Three reports: the dispatch (whatever number of sites carry it), the other report (which
    // places its arrests in Velmora: a group of its own), and the follow-up (which gives the 40
    // arrested and the 28 released among them).
    assert_eq!(
        compare(&[]),
        format!("{header}arrested\t\t\t\t2\t28\t40\t12\t1\t28 (velmora-arrests-released: prosecutor's office; extracted) · 40 (velmora-arrests-released: prosecutor's office; extracted) · 40 (velmora-mill-march-arrests; extracted)\narrested\t\t\tVelmora\t1\t40\t40\t0\t0\t40 (velmora-town-hall-clashes; extracted)\n")
    );
    assert_eq!(
        compare(&["--copies"]),
        format!("{header}arrested\t\t\t\t5\t28\t40\t12\t1\t28 (velmora-arrests-released: prosecutor's office; extracted) · 40 (velmora-arrests-released: prosecutor's office; extracted) · 40 (velmora-clashes; extracted) · 40 (velmora-march; extracted) · 40 (velmora-mill-jobs-march; extracted) · 40 (velmora-mill-march-arrests; extracted)\narrested\t\t\tVelmora\t1\t40\t40\t0\t0\t40 (velmora-town-hall-clashes; extracted)\n")
    );
}

/// Sentences a generated corpus draws from (as `examples/generate.rs` does): different
/// articles share most of their phrases but not their order, numbers or places.
const TEMPLATES: [&str; 8] = [
    "At least {n} protesters were killed in {p}, the {s} said.",
    "About {n} police officers were injured in {p}, the {s} said.",
    "Nearly {n} people were arrested in {p}, the {s} said.",
    "According to the {s}, {n} peacekeepers arrived in {p}.",
    "Traffic timidly resumed in the city centre, where burnt-out vehicles were still visible.",
    "Queues formed outside the shops that were still open.",
    "Internet access was partly restored in some regions, operators said.",
    "Fuel prices had doubled at the start of the year, sparking anger.",
];

/// Article `seed` of the templated corpus: six paragraphs of six sentences.
fn templated(seed: u64) -> String {
    let places = ["Almaty", "Aktobe", "Atyrau", "Nur-Sultan", "Shymkent"];
    let sources = ["Interior Ministry", "police", "CSTO", "health ministry"];
    let mut x = seed;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let mut paragraphs = Vec::new();
    for _ in 0..6 {
        let mut sentences = Vec::new();
        for _ in 0..6 {
            let template = TEMPLATES[next() % TEMPLATES.len()];
            let n = (100 + next() % 4900).to_string();
            let p = places[next() % places.len()];
            let s = sources[next() % sources.len()];
            sentences.push(
                template
                    .replace("{n}", &n)
                    .replace("{p}", p)
                    .replace("{s}", s),
            );
        }
        paragraphs.push(sentences.join(" "));
    }
    paragraphs.join("\n\n")
}

/// Regression: 7,495 of the 10,000 generated articles were recorded as copies of others. Pairs
/// of these 30 have from 25 % to 46 % of their five-word shingles in common (median 35 %), which
/// the MinHash estimate alone, at a threshold of 40 %, took for copies; the check on the texts
/// does not, and still finds the one real copy among them (the first four paragraphs of one).
#[test]
fn different_articles_built_from_the_same_sentences_are_not_copies() {
    let env = Env::new();
    for seed in 1..=30 {
        env.write(&format!("corpus/a{seed:02}.txt"), templated(seed));
    }
    let first = templated(1);
    let cut: Vec<&str> = first.split("\n\n").take(4).collect();
    env.write("corpus/b-copy.txt", cut.join("\n\n"));
    let out = env.run(&["add", "--no-extract", "corpus"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "31 added, 0 unchanged, 0 updated, 0 refused (1 a copy of another source)\n"
    );
    let copies: Vec<(String, String)> = env
        .conn()
        .prepare("SELECT key, original FROM sources WHERE original IS NOT NULL")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(copies, [("b-copy".to_string(), "a01".to_string())]);
}

/// `add` reads the files on `--jobs` threads and stores them in file order: the same sources,
/// keys and originals whatever the number.
#[test]
fn add_gives_the_same_sources_on_one_thread_and_on_four() {
    let sources = |jobs: &str| {
        let env = Env::new();
        corpus(&env);
        for seed in 1..=12 {
            env.write(&format!("pages/t{seed:02}.txt"), templated(seed));
        }
        let out = env.run(&["add", "--no-extract", "--jobs", jobs, "pages"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let listed = env
            .run(&["query", "sources", "--format", "tsv"])
            .ok()
            .stdout;
        (out.stdout, listed)
    };
    let (one, four) = (sources("1"), sources("4"));
    assert_eq!(
        one.0,
        "18 added, 1 unchanged, 0 updated, 0 refused (3 copies of other sources)\n"
    );
    assert_eq!(one, four);
}
