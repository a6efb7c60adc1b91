//! `export DIR`: the dataset layout, and the round trip export → load → export.

use std::fs;

use crate::util::{files_under, seeds, Env};

const EXPORTED_FILES: [&str; 12] = [
    "aliases.csv",
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
        "exported 304 lexicon, 62 entities, 231 aliases, 5 sources, 0 mentions, 32 statements, 41 figures to out\n"
    );
    assert_eq!(files_under(&env.path("out")), EXPORTED_FILES);
    assert_eq!(
        fs::read_to_string(env.path("out/mentions.csv")).unwrap(),
        "source,entity,surface,char_start,char_end,origin,confidence\n"
    );
    let sources = fs::read_to_string(env.path("out/sources.csv")).unwrap();
    assert_eq!(
        sources.lines().next().unwrap(),
        "key,title,publisher,url,language,published,sha256,file"
    );
    assert!(sources.contains(
        "\nappel-russie-bielorussie,Le président du Kazakhstan appelle la Russie et la Biélorussie à aider à réprimer les émeutes,,,fr,2022-01-07,65998976c20ebdee3af0fc946a511e34a91c218c15fcf5dc8519484f3cbf3f71,texts/appel-russie-bielorussie.txt\n"
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
    assert_eq!(compared, 5);
    // Exporting reads only.
    assert_eq!(env.dump(), before);
}

#[test]
fn export_load_export_round_trips() {
    let first = Env::seeded();
    first.run(&["-q", "export", "dir1"]).ok();

    let second = Env::new();
    let dir1 = first.path("dir1");
    let out = second
        .run(&["load", "dataset", dir1.to_str().unwrap()])
        .ok();
    assert!(out.stdout.ends_with(&format!(
        "{} holds 5 sources, 62 entities (231 aliases), 304 lexicon entries, 0 mentions, 32 statements, 41 figures\n",
        second.db_shown()
    )));
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

    for query in [
        &["query", "figures"][..],
        &["query", "statements"],
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
fn export_replaces_files_of_the_same_names() {
    let env = Env::seeded();
    env.write("out/figures.csv", "stale\n");
    env.write("out/notes.md", "kept\n");
    env.run(&["-q", "export", "out"]).ok();
    let figures = fs::read_to_string(env.path("out/figures.csv")).unwrap();
    assert_eq!(figures.lines().count(), 42);
    assert_eq!(
        fs::read_to_string(env.path("out/notes.md")).unwrap(),
        "kept\n"
    );
}
