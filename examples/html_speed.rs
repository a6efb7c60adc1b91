//! Measures the reading layer on HTML pages: the whole path from bytes to articles (charset,
//! parsing, main text, metadata, language detection), on one thread, so the figure is MB/s per
//! core. With `--show`, prints what each page gives instead.
//!
//! Usage: cargo run --release --example html_speed -- [--show | --inflate] [ROUNDS] [PAGE.html...]
//! (default: the pages of tests/fixtures/ingest, 200 rounds)
//!
//! The test pages are small (3 KB on average); real news pages weigh 50 to 200 KB, most of it
//! scripts, styles and menus. `--inflate` measures them at that weight: each page gets a 60 KB
//! inline script and a 20 KB style in its head and a 450-link menu at the top of its body.

use std::path::{Path, PathBuf};
use std::time::Instant;

use factstore::ingest;

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut flag = |name: &str| {
        let found = args.first().is_some_and(|a| a == name);
        if found {
            args.remove(0);
        }
        found
    };
    let (show, inflated) = (flag("--show"), flag("--inflate"));
    let rounds: usize = match args.first().map(|a| a.parse()) {
        Some(Ok(n)) => {
            args.remove(0);
            n
        }
        _ => 200,
    };
    let paths: Vec<PathBuf> = if args.is_empty() {
        fixture_pages()?
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut pages: Vec<(PathBuf, Vec<u8>)> = paths
        .into_iter()
        .map(|p| std::fs::read(&p).map(|b| (p, b)))
        .collect::<Result<_, _>>()?;
    if inflated {
        pages.iter_mut().for_each(|(_, page)| *page = inflate(page));
    }
    if show {
        pages
            .iter()
            .for_each(|(path, bytes)| print_page(path, bytes));
        return Ok(());
    }
    for _ in 0..3 {
        measure(&pages, rounds)?;
    }
    Ok(())
}

/// Reads every page `rounds` times and prints the speed, by the clock and by the CPU time of
/// this process (the figure that holds on a machine shared with other work).
fn measure(pages: &[(PathBuf, Vec<u8>)], rounds: usize) -> anyhow::Result<()> {
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    let mut chars = 0;
    for _ in 0..rounds {
        for (path, page) in pages {
            for article in ingest::from_bytes(path, page.clone())?.flatten() {
                chars += article.body.len();
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
    let megabytes = (bytes * rounds) as f64 / 1e6;
    let per_cpu = cpu.map_or("-".to_string(), |cpu| format!("{:.1}", megabytes / cpu));
    println!(
        "{} pages of {:.1} KB on average, {rounds} rounds, {megabytes:.1} MB of HTML: {:.1} MB/s \
         by the clock, {per_cpu} MB/s of CPU time ({:.1} MB of text)",
        pages.len(),
        bytes as f64 / pages.len().max(1) as f64 / 1e3,
        megabytes / seconds,
        chars as f64 / 1e6
    );
    Ok(())
}

/// User and system CPU time of this process so far, from /proc (Linux; 100 ticks a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// `page` with the weight of a real news page: scripts and styles in the head, a big menu at
/// the top of the body.
fn inflate(page: &[u8]) -> Vec<u8> {
    let lower = page.to_ascii_lowercase();
    let find = |needle: &[u8]| lower.windows(needle.len()).position(|w| w == needle);
    let head_end = find(b"</head>").unwrap_or(0);
    let body_start = find(b"<body").map_or(head_end, |at| {
        at + lower[at..].iter().position(|&b| b == b'>').unwrap_or(0) + 1
    });
    let mut script = String::from("<script>\n");
    let mut style = String::from("<style>\n");
    let mut menu = String::from("<nav class=\"mega-menu\"><ul>\n");
    for i in 0..850 {
        script.push_str(&format!("window.__ads = window.__ads || []; __ads.push({{slot: \"top-{i}\", sizes: [[728, 90]]}});\n"));
    }
    for i in 0..450 {
        style.push_str(&format!(
            ".c-{i}{{margin:0 auto;padding:4px 8px;color:#333}}\n"
        ));
        menu.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>\n"
        ));
    }
    script.push_str("</script>\n");
    style.push_str("</style>\n");
    menu.push_str("</ul></nav>\n");
    let (head, rest) = page.split_at(head_end.min(body_start));
    let (middle, tail) = rest.split_at(body_start - head.len());
    [
        head,
        script.as_bytes(),
        style.as_bytes(),
        middle,
        menu.as_bytes(),
        tail,
    ]
    .concat()
}

fn fixture_pages() -> anyhow::Result<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    Ok(pages)
}

fn print_page(path: &Path, bytes: &[u8]) {
    println!("==== {}", path.display());
    let articles = match ingest::from_bytes(path, bytes.to_vec()) {
        Ok(articles) => articles,
        Err(e) => return println!("error: {e}"),
    };
    for article in articles {
        match article {
            Ok(a) => {
                println!("title:     {:?}", a.title);
                println!("publisher: {:?}", a.publisher);
                println!("url:       {:?}", a.url);
                println!("published: {:?}", a.published);
                println!(
                    "language:  {:?} {:?} {:.2}",
                    a.language, a.language_source, a.language_confidence
                );
                println!("{}\n", a.body);
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
