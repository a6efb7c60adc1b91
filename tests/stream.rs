//! `extract --stream` (crawler records in, extracted rows out, nothing stored), `load extracted`
//! (its output loaded back), and `--jobs` (many threads, the same result as one).

use std::fs;

use crate::util::{files_under, manifest_dir, seed_records, seeds, Env};

/// The seed articles as crawler records, one JSON object a line, in the order of sources.csv.
pub fn seed_articles() -> Vec<String> {
    seed_records("sources")
        .iter()
        .map(|s| {
            let text = fs::read_to_string(seeds().join(&s["file"])).unwrap();
            serde_json::json!({
                "key": s["key"],
                "title": s["title"],
                "maintext": text,
                "language": s["language"],
            })
            .to_string()
                + "\n"
        })
        .collect()
}

/// A store holding the seeds' knowledge only: lexicon, entities and aliases.
pub fn knowledge_only() -> Env {
    let env = Env::new();
    for kind in ["lexicon", "entities", "aliases"] {
        let file = seeds().join(format!("{kind}.csv"));
        env.run(&["-q", "load", kind, file.to_str().unwrap()]).ok();
    }
    env
}

/// What `extract --stream --jobs JOBS` writes for `input`.
pub fn stream(env: &Env, input: &str, jobs: &str) -> String {
    env.run_stdin(&["extract", "--stream", "--jobs", jobs], input.as_bytes())
        .ok()
        .stdout
}

#[test]
fn the_output_is_the_same_whatever_the_partitioning_and_jobs() {
    let env = knowledge_only();
    let before = env.dump();
    let articles = seed_articles();
    let whole = stream(&env, &articles.concat(), "1");
    let lines: Vec<&str> = whole.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with(r#"{"row":"source","#))
            .count(),
        articles.len()
    );
    let first_key = &seed_records("sources")[0]["key"];
    assert!(lines[0].starts_with(&format!(r#"{{"row":"source","article":"{first_key}","#)));
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with(r#"{"row":"mention","article":"ordre-de-tirer","entity":"tokayev","#)),
        "entities are named by key"
    );
    let split = [&articles[..2], &articles[2..]].map(|part| stream(&env, &part.concat(), "1"));
    assert_eq!(split.concat(), whole);
    let each: String = articles.iter().map(|a| stream(&env, a, "1")).collect();
    assert_eq!(each, whole);
    assert_eq!(stream(&env, &articles.concat(), "2"), whole);
    assert_eq!(stream(&env, &articles.concat(), "7"), whole);
    assert_eq!(env.dump(), before, "--stream writes nothing");
}

#[test]
fn a_line_that_is_no_article_is_skipped_with_a_warning() {
    let env = knowledge_only();
    let input = format!(
        "not json\n\n{{\"title\": \"no text\"}}\n{}",
        seed_articles()[4]
    );
    let out = env.run_stdin(&["extract", "--stream"], input.as_bytes());
    assert_eq!(out.code, 0);
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", out.stderr);
    assert!(
        warnings[0].starts_with("warning: -:1: invalid JSON: "),
        "{}",
        warnings[0]
    );
    assert_eq!(warnings[1], "warning: -:3: no text; the line is skipped");
    assert_eq!(out.stdout, stream(&env, &seed_articles()[4], "1"));
    let out = env.run_stdin(&["extract", "--stream", "--source", "x"], b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn loaded_back_the_rows_are_what_extract_stores() {
    // A: the stream's output loaded with `load extracted`.
    let a = knowledge_only();
    let rows = stream(&a, &seed_articles().concat(), "2");
    a.write("rows.jsonl", &rows);
    let out = a.run(&["load", "extracted", "rows.jsonl"]).ok();
    let first: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        first[1].split_whitespace().collect::<Vec<_>>(),
        ["rows.jsonl", "sources", "5", "0", "0"]
    );
    // B: the same texts loaded as sources, then `extract`.
    let b = knowledge_only();
    let mut csv = String::from("key,title,language,file\n");
    for line in rows.lines().filter(|l| l.starts_with(r#"{"row":"source""#)) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = v["article"].as_str().unwrap();
        b.write(&format!("texts/{key}.txt"), v["body"].as_str().unwrap());
        let title = v["title"].as_str().unwrap().replace('"', "\"\"");
        csv.push_str(&format!(
            "{key},\"{title}\",{},texts/{key}.txt\n",
            v["language"].as_str().unwrap()
        ));
    }
    b.write("sources.csv", csv);
    b.run(&["-q", "load", "sources", "sources.csv"]).ok();
    b.run(&["-q", "extract", "--jobs", "1"]).ok();
    a.run(&["-q", "export", "out"]).ok();
    b.run(&["-q", "export", "out"]).ok();
    let files = files_under(&a.path("out"));
    assert_eq!(files, files_under(&b.path("out")));
    for file in &files {
        let read = |env: &Env| fs::read_to_string(env.path("out").join(file)).unwrap();
        assert_eq!(read(&a), read(&b), "{file}");
    }
    assert!(a.extracted_rows() > 400, "{}", a.extracted_rows());
    // Loading the same lines again changes nothing.
    let before = a.dump_content();
    let out = a.run(&["load", "extracted", "rows.jsonl"]).ok();
    assert_eq!(
        out.stdout.lines().last().unwrap(),
        format!(
            "extracted from 5 sources: 0 rows inserted, 0 updated, {} unchanged, 0 deleted",
            a.extracted_rows()
        )
    );
    assert_eq!(a.dump_content(), before);
}

#[test]
fn a_bad_line_fails_the_load_and_writes_nothing() {
    let env = knowledge_only();
    let rows = stream(&env, &seed_articles()[0], "1");
    let bad = rows.replacen(r#""entity":"tokayev""#, r#""entity":"nobody""#, 1);
    env.write("bad.jsonl", &bad);
    let before = env.dump();
    let out = env.run(&["load", "extracted", "bad.jsonl"]);
    assert_eq!(out.code, 1);
    let line = bad.lines().position(|l| l.contains("nobody")).unwrap() + 1;
    assert_eq!(
        out.stderr,
        format!("error: bad.jsonl:{line}: entity: unknown entity \"nobody\"\n")
    );
    assert_eq!(env.dump(), before);
    let orphan = rows.lines().nth(1).unwrap();
    env.write("orphan.jsonl", orphan);
    let out = env.run(&["load", "extracted", "orphan.jsonl"]);
    assert_eq!(
        out.stderr,
        "error: orphan.jsonl:1: a row before any source line\n"
    );
}

#[test]
fn many_jobs_store_what_one_job_stores() {
    let one = Env::new();
    let two = Env::new();
    one.run_in(
        &manifest_dir(),
        &["-q", "load", "dataset", "seeds", "--jobs", "1"],
    )
    .ok();
    two.run_in(
        &manifest_dir(),
        &["-q", "load", "dataset", "seeds", "--jobs", "2"],
    )
    .ok();
    assert!(one.extracted_rows() > 0);
    assert_eq!(one.dump_content(), two.dump_content());
    one.run(&["-q", "extract", "--jobs", "1"]).ok();
    two.run(&["-q", "extract", "-j", "3"]).ok();
    assert_eq!(one.dump_content(), two.dump_content());
    let out = one.run(&["extract", "--jobs", "0"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}
