//! `factstore man`: write the man page of factstore, in roff, to standard output or to a file.
//!
//! One page (section 1) documents the whole program. clap_mangen renders its title, name,
//! synopsis, description and global options from the command definition that parses the command
//! line; this module adds a COMMANDS section giving every command its usage, its help, its own
//! options and its example (clap_mangen's own list points to a page per command,
//! factstore-load(1), which a single page does not have), then EXAMPLES, ENVIRONMENT, EXIT STATUS
//! and VERSION.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

use crate::options::Global;

/// Write the man page of factstore (roff) to standard output or a file.
///
/// One page documents the global options and every command, with its usage, its help, its
/// options and an example. Install it in a man1 folder of your MANPATH, or read it at once with `man -l`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore man -o /usr/local/share/man/man1/factstore.1\n  factstore man | man -l -"
)]
pub struct Args {
    /// Write the page to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Writes the manual page of `command` (the whole command line).
pub fn run(_global: &Global, args: Args, command: clap::Command) -> anyhow::Result<()> {
    let page = page(command)?;
    match &args.output {
        Some(path) => {
            fs::write(path, &page).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// A clap_mangen function that renders one section of a page.
type Render = fn(&Man, &mut dyn Write) -> io::Result<()>;

/// The man page of `cmd` (factstore's), in roff. Fails only if rendering fails to write to memory.
pub fn page(mut cmd: clap::Command) -> io::Result<Vec<u8>> {
    // Building fills in the usage of every subcommand (`factstore load dataset [OPTIONS] <DIR>`).
    cmd.build();
    let man = Man::new(cmd.clone());
    // Every rendering starts with the same preamble (how to typeset apostrophes); keep one.
    let preamble = Roff::new().render();
    let mut page = Vec::new();
    let sections: [Render; 5] = [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ];
    for render in sections {
        let mut section = Vec::new();
        render(&man, &mut section)?;
        push_section(&mut page, &section, &preamble);
    }

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in visible(&cmd) {
        commands(&mut roff, sub, &cmd);
    }
    roff.control("SH", ["EXAMPLES"]);
    example(&mut roff, &cmd, false);
    roff.control("SH", ["ENVIRONMENT"]);
    roff.control("TP", []);
    roff.text([bold("FACTSTORE_DB")]);
    roff.text([roman(
        "The database file when --db is not given (else data/factstore.db).",
    )]);
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "0 on success, 1 on failure, 2 on a usage error. A closed pipe (| head) is success.",
    )]);
    if let Some(version) = cmd.get_version() {
        roff.control("SH", ["VERSION"]);
        roff.text([roman(format!("factstore {version}"))]);
    }
    push_section(&mut page, roff.render().as_bytes(), &preamble);
    Ok(page)
}

/// Appends a rendered section to `page`, less the preamble when `page` already has it.
fn push_section(page: &mut Vec<u8>, section: &[u8], preamble: &str) {
    let section = if page.is_empty() {
        section
    } else {
        section.strip_prefix(preamble.as_bytes()).unwrap_or(section)
    };
    page.extend_from_slice(section);
}

/// The subcommands of `cmd` a user sees (clap's own `help` left out).
fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
}

/// An entry for `cmd` (its usage, help, options and example), then one for each of its
/// subcommands. Options `cmd` shares with `parent` (the global ones) are documented there.
fn commands(roff: &mut Roff, cmd: &clap::Command, parent: &clap::Command) {
    roff.control("PP", []);
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let rest = usage.strip_prefix(name).unwrap_or(usage);
    roff.text([bold(name), roman(rest)]);
    // Everything about the command is indented under its usage line.
    roff.control("RS", []);
    if let Some(help) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        for (i, paragraph) in help.to_string().split("\n\n").enumerate() {
            if i > 0 {
                roff.control("PP", []);
            }
            roff.text([roman(paragraph)]);
        }
    }
    let own: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|arg| {
            !arg.is_hide_set()
                && !["help", "version"].contains(&arg.get_id().as_str())
                && !parent.get_arguments().any(|p| p.get_id() == arg.get_id())
        })
        .collect();
    if !own.is_empty() {
        roff.control("PP", []);
        roff.text([roman("Options:")]);
        roff.control("RS", ["2"]);
        for arg in own {
            option(roff, arg);
        }
        roff.control("RE", []);
    }
    example(roff, cmd, true);
    roff.control("RE", []);
    for sub in visible(cmd) {
        commands(roff, sub, cmd);
    }
}

/// One option or argument: its flags and value (`-o, --output <FILE>`, `<DIR>`), then its help,
/// default and possible values.
fn option(roff: &mut Roff, arg: &clap::Arg) {
    let values: Vec<String> = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| format!("<{n}>")).collect())
        .unwrap_or_else(|| vec![format!("<{}>", arg.get_id().as_str().to_uppercase())]);
    let mut head = Vec::new();
    if arg.is_positional() {
        let more = if matches!(arg.get_action(), clap::ArgAction::Append) {
            "..."
        } else {
            ""
        };
        head.push(roman(format!("{}{more}", values.join(" "))));
    } else {
        if let Some(short) = arg.get_short() {
            head.push(bold(format!("-{short}")));
            if arg.get_long().is_some() {
                head.push(roman(", "));
            }
        }
        if let Some(long) = arg.get_long() {
            head.push(bold(format!("--{long}")));
        }
        if arg.get_action().takes_values() {
            head.push(roman(format!(" {}", values.join(" "))));
        }
    }
    roff.control("TP", []);
    roff.text(head);
    let mut help = arg
        .get_long_help()
        .or_else(|| arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        help.push_str(&format!(" [default: {}]", defaults.join(", ")));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && arg.get_action().takes_values() {
        help.push_str(&format!(" [possible values: {}]", possible.join(", ")));
    }
    roff.text([roman(help)]);
}

/// The lines of the `Example:` section of `cmd`'s help, as a block kept line by line, under the
/// heading `Example:` when `heading`.
fn example(roff: &mut Roff, cmd: &clap::Command, heading: bool) {
    let Some(after) = cmd.get_after_help().map(ToString::to_string) else {
        return;
    };
    let Some(lines) = after.strip_prefix("Example:\n") else {
        return;
    };
    if heading {
        roff.control("PP", []);
        roff.text([roman("Example:")]);
    }
    roff.control("nf", []);
    for line in lines.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}
