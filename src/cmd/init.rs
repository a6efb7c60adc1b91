//! `factstore init`: create the database, or bring its schema up to date, and install the
//! built-in knowledge (or bring it up to date).

use crate::db::{self, Migrated};
use crate::options::Global;
use crate::progress::Progress;
use crate::writer::{OnError, Writer};

/// Create the database, or upgrade its schema to this factstore's, and install the built-in
/// knowledge (general words of five languages, a gazetteer of countries and cities).
///
/// Safe to run at any time: an up-to-date database is left as it is; built-in rows of an older
/// version are updated, curated rows never. A database written by a newer factstore is refused,
/// unchanged.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore --db data/kazakhstan.db init")]
pub struct Args {}

pub fn run(global: &Global, _args: Args) -> anyhow::Result<()> {
    let mut conn = db::open_read_write(&global.db)?;
    let path = global.db.display().to_string();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let outcome = db::migrate(&tx, &path)?;
    tx.commit()?;
    let writer = Writer::begin(
        &mut conn,
        &global.db,
        "init",
        Progress::on_stderr(true),
        OnError::Fail,
    )?;
    let summary = writer.finish(false)?;
    let version = db::current_version();
    if !global.quiet {
        match outcome {
            Migrated::Current => println!("{path} is up to date (schema version {version})"),
            Migrated::From(0) => println!("created {path} (schema version {version})"),
            Migrated::From(old) => {
                println!("upgraded {path} from schema version {old} to {version}")
            }
        }
        if let Some(line) = summary.builtin_line() {
            println!("{line}");
        }
    }
    Ok(())
}
