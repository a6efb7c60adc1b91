//! `factstore init`: create the database, or bring its schema up to date.

use crate::db::{self, Migrated};
use crate::options::Global;

/// Create the database, or upgrade its schema to this factstore's.
///
/// Safe to run at any time: an up-to-date database is left as it is. A database written by a newer
/// factstore is refused, unchanged.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  factstore --db data/kazakhstan.db init")]
pub struct Args {}

pub fn run(global: &Global, _args: Args) -> anyhow::Result<()> {
    let mut conn = db::open_read_write(&global.db)?;
    let path = global.db.display().to_string();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let outcome = db::migrate(&tx, &path)?;
    tx.commit()?;
    let version = db::current_version();
    if !global.quiet {
        match outcome {
            Migrated::Current => println!("{path} is up to date (schema version {version})"),
            Migrated::From(0) => println!("created {path} (schema version {version})"),
            Migrated::From(old) => {
                println!("upgraded {path} from schema version {old} to {version}")
            }
        }
    }
    Ok(())
}
