//! Shell completions, the man page, and progress bars: completion scripts and the man page name
//! every command; bars never reach a stderr that is not a terminal, nor a terminal under `-q`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::{manifest_dir, Env};

/// The commands every completion script and the man page must name (besides those `--help` lists,
/// which [`top_level_commands`] adds).
const COMMANDS: [&str; 10] = [
    "init",
    "load",
    "query",
    "sql",
    "export",
    "check",
    "extract",
    "eval",
    "completions",
    "man",
];

/// The commands `factstore --help` lists (clap's `help` left out), so that a command added later
/// is checked too.
fn top_level_commands(env: &Env) -> Vec<String> {
    let help = env.run(&["--help"]).ok().stdout;
    let (_, section) = help
        .split_once("\nCommands:\n")
        .expect("--help has a Commands section");
    let mut names: Vec<String> = section
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    for name in COMMANDS {
        assert!(
            names.iter().any(|n| n == name),
            "--help does not list {name}"
        );
    }
    names.sort();
    names
}

/// The words of `text`: runs of letters, digits, `_` and `-`.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn completions_name_every_command() {
    let env = Env::new();
    let commands = top_level_commands(&env);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.run(&["completions", shell]).ok();
        let words = words(&out.stdout);
        let missing: Vec<&String> = commands
            .iter()
            .filter(|c| !words.contains(&c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "the {shell} script does not name {missing:?}"
        );
        // Subcommands of the groups, and options (fish names them without their dashes), are
        // completed too.
        for word in ["dataset", "figures"] {
            assert!(words.contains(&word), "the {shell} script lacks {word}");
        }
        for option in ["db", "dry-run", "no-extract"] {
            let long = format!("--{option}");
            assert!(
                words.contains(&option) || words.contains(&long.as_str()),
                "the {shell} script lacks {long}"
            );
        }
    }
    assert!(
        fs::read_dir(env.dir()).unwrap().next().is_none(),
        "completions wrote a file"
    );
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let env = Env::new();
    let out = env.run(&["completions", "nosuchshell"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr
            .contains("invalid value 'nosuchshell' for '<SHELL>'")
            && out.stderr.contains("bash, elvish, fish, powershell, zsh"),
        "{}",
        out.stderr
    );
    assert_eq!(env.run(&["completions"]).code, 2);
}

#[test]
fn the_man_page_is_roff_and_documents_every_command() {
    let env = Env::new();
    let page = env.run(&["man"]).ok().stdout;
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "not roff: {}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("\n.TH factstore 1 "), "no title line");
    // Every command, and the commands of the groups, has an entry: its name in bold.
    let mut entries: Vec<String> = top_level_commands(&env);
    entries.extend(["load dataset", "load figures", "query figures"].map(String::from));
    for entry in entries {
        assert!(
            page.contains(&format!("\n\\fBfactstore {entry}\\fR")),
            "the man page has no entry for {entry}"
        );
    }
    for section in [
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "EXAMPLES",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(
            page.contains(&format!("\n.SH {section}\n"))
                || page.contains(&format!("\n.SH \"{section}\"\n")),
            "no {section} section"
        );
    }
    // The options of a command and its example are in its entry (roff escapes `-` as `\-`).
    assert!(
        page.contains("\\fB\\-\\-no\\-extract\\fR"),
        "no --no-extract"
    );
    assert!(page.contains("factstore completions bash > /etc/bash_completion.d/factstore"));
    // One page: no reference to a page per command, which does not exist.
    assert!(!page.contains("factstore\\-load(1)"));
    // The roff preamble appears once, at the top.
    assert_eq!(page.matches(".ds Aq").count(), 2, "one .ie/.el preamble");
}

#[test]
fn man_writes_the_same_page_to_a_file() {
    let env = Env::new();
    let page = env.run(&["man"]).ok().stdout;
    let file = env.path("factstore.1");
    let out = env.run(&["man", "-o", file.to_str().unwrap()]).ok();
    assert_eq!(out.stdout, "");
    assert_eq!(fs::read_to_string(&file).unwrap(), page);

    let out = env.run(&["man", "--output", "no/such/folder/factstore.1"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: cannot write no/such/folder/factstore.1: "),
        "{}",
        out.stderr
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // Env::run captures stderr in a pipe; `ok()` asserts that nothing was written to it.
    let env = Env::new();
    let out = env.load_seeds_extracting();
    assert!(out.stdout.starts_with("file "), "{}", out.stdout);
    let out = env.run(&["extract"]).ok();
    assert!(out.stdout.starts_with("extracted from 5 sources"));
    let input = fs::read(manifest_dir().join("seeds/entities.csv")).unwrap();
    env.run_stdin(&["load", "entities", "-"], &input).ok();
}

const SCRIPT: &str = "/usr/bin/script";

/// Runs `factstore --db DB ARGS` from the crate folder with stdout and stderr on a terminal (a
/// pseudo-terminal of `script`, 30 rows of 100 columns, with TERM=xterm since indicatif draws
/// nothing when TERM is unset or dumb) and returns what the terminal received, or `None` (with a
/// notice) when `script` is not installed.
fn on_a_terminal(db: &Path, args: &str) -> Option<String> {
    if !Path::new(SCRIPT).is_file() {
        eprintln!("notice: {SCRIPT} is not installed; skipping the terminal test");
        return None;
    }
    let out = Command::new(SCRIPT)
        .args([
            "-qec",
            &format!("stty rows 30 cols 100; \"$FACTSTORE_BIN\" {args}"),
        ])
        .arg("/dev/null")
        .env("FACTSTORE_BIN", env!("CARGO_BIN_EXE_factstore"))
        .env("FACTSTORE_DB", db)
        .env("TERM", "xterm")
        .current_dir(manifest_dir())
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n"))
}

#[test]
fn progress_bars_on_a_terminal_are_cleared_before_the_report() {
    let env = Env::new();
    let Some(screen) = on_a_terminal(env.db(), "load dataset seeds") else {
        return;
    };
    // The extraction bar is drawn (the seed files are too small for file bars: they move once
    // every 1024 rows), then cleared before the report is printed.
    assert!(screen.contains("extracting  ["), "{screen:?}");
    assert!(screen.contains("] 5/5 sources"), "{screen:?}");
    let report = &screen[screen.find("file ").expect("the report")..];
    assert!(
        !report.contains('\x1b'),
        "a bar after the report: {screen:?}"
    );
    assert!(
        report.contains("\nextracted from 5 sources: "),
        "{screen:?}"
    );
}

#[test]
fn quiet_shows_no_progress_bar_even_on_a_terminal() {
    let env = Env::new();
    let Some(screen) = on_a_terminal(env.db(), "-q load dataset seeds") else {
        return;
    };
    assert_eq!(screen, "");
    let Some(screen) = on_a_terminal(env.db(), "-q extract") else {
        return;
    };
    assert_eq!(screen, "");
    assert!(env.extracted_rows() > 0);
}
