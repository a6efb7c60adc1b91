//! `export DIR`: the dataset layout, and the round trip export → load → export.

use std::fs;

use crate::util::{
    files_under, holdings, holdings_with_builtin, seed_records, seed_rows, seeds, Env,
};

const EXPORTED_FILES: [&str; 13] = [
    "aliases.csv",
    "decisions.csv",
    "entities.csv",
    "figures.csv",
    "lexicon.csv",
    "mentions.csv",
    "sources.csv",
    "statements.csv",
    "texts/appel-russie-bielorussie.txt",
    "texts/ordre-de-tirer.txt",
    "texts/shoot-to-kill.txt",
    "texts/tirer-sans-avertissement.txt",
    "texts/tokayev-tirer-pour-tuer.txt",
];

#[test]
fn export_writes_the_dataset_layout() {
    let env = Env::seeded();
    let before = env.dump();
    let out = env.run(&["export", "out"]).ok();
    assert_eq!(
        out.stdout,
        format!(
            "exported {} lexicon, {} entities, {} aliases, {} decisions, {} sources, {} mentions, {} statements, {} figures to out\n",
            seed_rows("lexicon"),
            seed_rows("entities"),
            seed_rows("aliases"),
            seed_rows("decisions"),
            seed_rows("sources"),
            seed_rows("mentions"),
            seed_rows("statements"),
            seed_rows("figures")
        )
    );
    assert_eq!(files_under(&env.path("out")), EXPORTED_FILES);
    // The curated mentions of the seeds, every column the loader reads.
    let mentions = fs::read_to_string(env.path("out/mentions.csv")).unwrap();
    assert_eq!(
        mentions.lines().next().unwrap(),
        "source,entity,surface,char_start,char_end,origin,confidence,rule"
    );
    let mut exported: Vec<Vec<String>> = csv::Reader::from_reader(mentions.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut seeded: Vec<Vec<String>> = seed_records("mentions")
        .into_iter()
        .map(|r| {
            let get = |c: &str| r.get(c).cloned().unwrap_or_default();
            let origin = Some(get("origin"))
                .filter(|o| !o.is_empty())
                .unwrap_or_else(|| "curated".to_string());
            vec![
                get("source"),
                get("entity"),
                get("surface"),
                get("char_start"),
                get("char_end"),
                origin,
                get("confidence"),
                get("rule"),
            ]
        })
        .collect();
    exported.sort();
    seeded.sort();
    assert_eq!(exported, seeded);
    let sources = fs::read_to_string(env.path("out/sources.csv")).unwrap();
    assert_eq!(
        sources.lines().next().unwrap(),
        "key,title,publisher,url,language,published,sha256,file,language_confidence,language_source,original"
    );
    assert!(sources.contains(
        "\nappel-russie-bielorussie,Le président du Kazakhstan appelle la Russie et la Biélorussie à aider à réprimer les émeutes,,,fr,2022-01-07,65998976c20ebdee3af0fc946a511e34a91c218c15fcf5dc8519484f3cbf3f71,texts/appel-russie-bielorussie.txt,,,\n"
    ));
    // Each text is written exactly as it was loaded.
    let mut seed_sources = csv::Reader::from_path(seeds().join("sources.csv")).unwrap();
    let mut compared = 0;
    for record in seed_sources.records() {
        let record = record.unwrap();
        let (key, file) = (&record[0], &record[7]);
        assert_eq!(
            fs::read(env.path(&format!("out/texts/{key}.txt"))).unwrap(),
            fs::read(seeds().join(file)).unwrap(),
            "text of {key}"
        );
        compared += 1;
    }
    assert_eq!(compared, seed_rows("sources"));
    // Exporting reads only.
    assert_eq!(env.dump(), before);
}

/// Exports the database of `first` to `dir1`, loads `dir1` into a new database with `load
/// dataset` and the `extra` options, exports that to `dir2`, and checks that both exports are the
/// same files, byte for byte. Returns the new database and what its load printed.
fn round_trip(first: &Env, extra: &[&str]) -> (Env, String) {
    first.run(&["-q", "export", "dir1"]).ok();
    let second = Env::new();
    let dir1 = first.path("dir1");
    let mut args = vec!["load", "dataset", dir1.to_str().unwrap()];
    args.extend(extra);
    let out = second.run(&args).ok();
    second.run(&["-q", "export", "dir2"]).ok();

    let files = files_under(&dir1);
    assert_eq!(files, EXPORTED_FILES);
    assert_eq!(files_under(&second.path("dir2")), files);
    for file in &files {
        assert!(
            fs::read(dir1.join(file)).unwrap() == fs::read(second.path("dir2").join(file)).unwrap(),
            "{file} differs after the round trip"
        );
    }
    (second, out.stdout)
}

#[test]
fn export_load_export_round_trips() {
    let first = Env::seeded();
    let (second, out) = round_trip(&first, &["--no-extract"]);
    assert!(
        out.ends_with(&holdings(
            &second.db_shown(),
            &holdings_with_builtin(&seeds())
        )),
        "{out}"
    );
    for query in [
        &["query", "figures"][..],
        &["query", "statements"],
        &["query", "mentions"],
        &[
            "query", "figures", "--metric", "arrested", "--format", "json",
        ],
        &["query", "statements", "--speaker", "Tokaïev"],
        &["query", "aliases", "--entity", "csto"],
    ] {
        let a = first.run(query).ok().stdout;
        let b = second.run(query).ok().stdout;
        assert!(a.lines().count() > 1, "{query:?} returned no rows");
        assert_eq!(a, b, "{query:?}");
    }
}

#[test]
fn export_load_export_round_trips_with_extracted_rows() {
    // The seeds with what the extractor finds in them; their export holds both origins.
    let first = Env::seeded_extracted();
    let extracted = first.extracted_rows();
    assert!(extracted > 0, "the extractor found nothing in the seeds");
    // Loading the export extracts from its five new sources, and finds exactly the extracted rows
    // the files hold.
    let (second, out) = round_trip(&first, &[]);
    let sources = seed_rows("sources");
    assert!(
        out.contains(&format!(
            "\nextracted from {sources} sources: 0 rows inserted, 0 updated, {extracted} unchanged, 0 deleted\n"
        )),
        "{out}"
    );
    for query in [
        &["query", "figures"][..],
        &["query", "statements"],
        &["query", "mentions"],
        &["query", "figures", "--origin", "extracted"],
        &["query", "statements", "--origin", "extracted"],
        &["query", "mentions", "--origin", "extracted"],
    ] {
        let a = first.run(query).ok().stdout;
        let b = second.run(query).ok().stdout;
        assert!(a.lines().count() > 1, "{query:?} returned no rows");
        assert_eq!(a, b, "{query:?}");
    }
    second.run(&["-q", "check"]).ok();
}

#[test]
fn export_replaces_files_of_the_same_names() {
    let env = Env::seeded();
    env.write("out/figures.csv", "stale\n");
    env.write("out/notes.md", "kept\n");
    env.run(&["-q", "export", "out"]).ok();
    let figures = fs::read_to_string(env.path("out/figures.csv")).unwrap();
    assert_eq!(figures.lines().count(), seed_rows("figures") + 1);
    assert_eq!(
        fs::read_to_string(env.path("out/notes.md")).unwrap(),
        "kept\n"
    );
}
