//! `factstore check`: is the database sound? A list of named checks, each beside the tables it
//! looks at: SQLite's integrity check (the structure of the full-text indexes included), every
//! source and statement in its full-text index and nothing else there, foreign keys, every offset
//! against its source text, every text against its hash, and every match key against its name.
//!
//! Prints one line per check and one per problem; exits 1 when anything is wrong.

use rusqlite::Connection;

use crate::db;
use crate::options::Global;
use crate::store::{self, Checked};

/// Check the database: schema version, integrity, full-text index, foreign keys, offsets, text
/// hashes, match keys.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore check && echo sound")]
pub struct Args {}

/// One named check.
struct Check {
    name: &'static str,
    run: fn(&Connection) -> rusqlite::Result<Checked>,
}

/// The checks, in the order they are run and reported.
const CHECKS: [Check; 6] = [
    Check {
        name: "integrity",
        run: db::check_integrity,
    },
    Check {
        name: "full-text index",
        run: store::fts::check,
    },
    Check {
        name: "foreign keys",
        run: db::check_foreign_keys,
    },
    Check {
        name: "offsets",
        run: store::spans::check,
    },
    Check {
        name: "text hashes",
        run: store::sources::check_hashes,
    },
    Check {
        name: "match keys",
        run: store::entities::check_match_keys,
    },
];

pub fn run(global: &Global, _args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    conn.execute_batch("BEGIN")?;
    let mut lines = vec![format!(
        "schema: version {} (current)",
        db::current_version()
    )];
    let mut problems: Vec<String> = Vec::new();
    for check in &CHECKS {
        let checked = (check.run)(&conn)?;
        lines.push(status(check.name, &checked));
        problems.extend(checked.problems);
    }
    if !global.quiet {
        for line in &lines {
            println!("{line}");
        }
    }
    for problem in &problems {
        println!("{problem}");
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "check found {} problem{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// "offsets: ok (598 mentions, ...)", or "offsets: 2 problems (...)".
fn status(name: &str, checked: &Checked) -> String {
    let detail = if checked.detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", checked.detail)
    };
    match checked.problems.len() {
        0 => format!("{name}: ok{detail}"),
        1 => format!("{name}: 1 problem{detail}"),
        n => format!("{name}: {n} problems{detail}"),
    }
}
