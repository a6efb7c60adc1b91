//! Every command documents itself with an example, and the README names every command.

use std::fs;

use crate::util::{manifest_dir, Env};

const LEAVES: [&[&str]; 20] = [
    &[],
    &["init"],
    &["load", "dataset"],
    &["load", "sources"],
    &["load", "entities"],
    &["load", "aliases"],
    &["load", "lexicon"],
    &["load", "mentions"],
    &["load", "statements"],
    &["load", "figures"],
    &["query", "sources"],
    &["query", "entities"],
    &["query", "aliases"],
    &["query", "lexicon"],
    &["query", "mentions"],
    &["query", "statements"],
    &["query", "figures"],
    &["sql"],
    &["export"],
    &["check"],
];

const TOP_LEVEL: [&str; 6] = ["init", "load", "query", "sql", "export", "check"];

/// The `Example:` section of `factstore ARGS --help`, if any.
fn example(env: &Env, args: &[&str]) -> Option<String> {
    let mut argv = args.to_vec();
    argv.push("--help");
    let out = env.run(&argv).ok();
    let usage = format!("\nUsage: factstore {}", args.join(" "));
    assert!(
        out.stdout.contains(usage.trim_end()),
        "{argv:?} printed the help of another command: {}",
        out.stdout
    );
    let (_, after) = out.stdout.split_once("\nExample:\n")?;
    let section: Vec<&str> = after.lines().take_while(|l| !l.is_empty()).collect();
    Some(section.join("\n"))
}

#[test]
fn every_command_help_has_an_example() {
    let env = Env::new();
    for args in LEAVES {
        let section = example(&env, args)
            .unwrap_or_else(|| panic!("{args:?} --help has no Example: section"));
        // The example runs factstore, with the command it documents.
        assert!(
            section.lines().all(|l| l.starts_with("  "))
                && section.contains("factstore ")
                && section.contains(&args.join(" ")),
            "{args:?}: {section}"
        );
    }
    // The help of the binary itself shows its two first steps.
    assert_eq!(
        example(&env, &[]).unwrap(),
        "  factstore load dataset seeds\n  factstore query figures --metric arrested"
    );
    assert!(
        fs::read_dir(env.dir()).unwrap().next().is_none(),
        "--help wrote a file"
    );
}

#[test]
fn command_groups_help_has_an_example() {
    let env = Env::new();
    for args in [&["load"][..], &["query"]] {
        assert!(
            example(&env, args).is_some(),
            "{args:?} --help has no Example: section"
        );
    }
}

#[test]
fn the_readme_lists_every_command() {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).expect("README.md");
    let (_, section) = readme
        .split_once("\n## Commands\n")
        .expect("README.md has a ## Commands section");
    let section = section.split("\n## ").next().unwrap();
    let lines: Vec<&str> = section.lines().collect();
    for command in TOP_LEVEL {
        assert!(
            lines.iter().any(|l| l
                .strip_prefix("  ")
                .is_some_and(|rest| rest == command || rest.starts_with(&format!("{command} ")))),
            "the Commands section of README.md has no line for `{command}`:\n{section}"
        );
    }
    for group in ["load", "query"] {
        for kind in [
            "sources",
            "entities",
            "aliases",
            "lexicon",
            "mentions",
            "statements",
            "figures",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(&format!("  {group} "))
                    && l.split([' ', '|']).any(|w| w == kind)),
                "the Commands section of README.md does not list `{group} {kind}`"
            );
        }
    }
    assert!(section.contains("  load dataset DIR"));
}
