//! Every command documents itself with an example, and the README names every command.

use std::fs;

use crate::util::{manifest_dir, Env};

const LEAVES: [&[&str]; 26] = [
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
    &["extract"],
    &["eval"],
    &["compare"],
    &["completions"],
    &["man"],
    &["search"],
];

const TOP_LEVEL: [&str; 15] = [
    "init",
    "load",
    "add",
    "show",
    "query",
    "sql",
    "export",
    "check",
    "extract",
    "eval",
    "review",
    "compare",
    "search",
    "completions",
    "man",
];

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

/// The `## Commands` section of README.md, and its lines.
fn readme_commands() -> String {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).expect("README.md");
    let (_, section) = readme
        .split_once("\n## Commands\n")
        .expect("README.md has a ## Commands section");
    section.split("\n## ").next().unwrap().to_string()
}

/// Whether the Commands section has a line for `command` (indented, the command first).
fn has_command_line(section: &str, command: &str) -> bool {
    section.lines().any(|l| {
        l.strip_prefix("  ")
            .is_some_and(|rest| rest == command || rest.starts_with(&format!("{command} ")))
    })
}

#[test]
fn the_readme_lists_every_command() {
    let section = readme_commands();
    let missing: Vec<&str> = TOP_LEVEL
        .into_iter()
        .filter(|command| !has_command_line(&section, command))
        .collect();
    assert!(
        missing.is_empty(),
        "the Commands section of README.md has no line for {missing:?}:\n{section}"
    );
}

/// What [`the_readme_lists_every_command`] checks, but for `extract` (ignored as a known bug), so
/// that the other commands stay checked meanwhile.
#[test]
fn the_readme_lists_every_command_but_extract() {
    let section = readme_commands();
    for command in TOP_LEVEL.into_iter().filter(|c| *c != "extract") {
        assert!(
            has_command_line(&section, command),
            "the Commands section of README.md has no line for `{command}`:\n{section}"
        );
    }
}

#[test]
fn the_readme_lists_every_kind_of_load_and_query() {
    let section = readme_commands();
    let lines: Vec<&str> = section.lines().collect();
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

/// The lines of the Commands section that belong to top-level command `name`: its lines and the
/// continuation lines under them (indented deeper).
fn readme_block(section: &str, name: &str) -> String {
    let mut block = String::new();
    let mut inside = false;
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("  ").filter(|r| !r.starts_with(' ')) {
            inside = rest.split(' ').next() == Some(name);
        } else if !line.starts_with("   ") {
            inside = false;
        }
        if inside {
            block.push_str(line);
            block.push('\n');
        }
    }
    block
}

/// Every long option of `command` and of its subcommands, but help and version.
fn long_options(command: &clap::Command) -> Vec<String> {
    let mut options: Vec<String> = command
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter(|long| !["help", "version"].contains(long))
        .map(|long| format!("--{long}"))
        .collect();
    for sub in command.get_subcommands() {
        options.extend(long_options(sub));
    }
    options.sort();
    options.dedup();
    options
}

#[test]
fn the_readme_names_every_option_of_every_command() {
    use clap::CommandFactory;
    let section = readme_commands();
    // The options every command that writes rows shares are named once, below the list.
    let (_, shared) = section
        .split_once("Commands that write rows share")
        .expect("the paragraph on the shared output options");
    let cli = factstore::cli::Cli::command();
    let global: Vec<String> = long_options(&cli.clone().subcommands(Vec::<clap::Command>::new()));
    let mut missing = Vec::new();
    for command in cli.get_subcommands() {
        let name = command.get_name();
        let block = readme_block(&section, name);
        for option in long_options(command) {
            let named = |text: &str| {
                text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .any(|w| w == option)
            };
            if !global.contains(&option) && !named(&block) && !named(shared) {
                missing.push(format!("{name} {option}"));
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "{section}");
}
