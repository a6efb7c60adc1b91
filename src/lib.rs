//! factstore: a provenance-first knowledge store for news events, in one SQLite file.
//!
//! Files flow in through the loaders (`load`), are checked row by row (`load::parse`) and written
//! by the table modules (`store`) under the schema of `migrations/` (`db`); `query`, `sql` and
//! `export` read them back out through one row writer (`output`). `cli` parses the command line
//! and hands each command to its module under `cmd`.

pub mod cli;
pub mod cmd;
pub mod csvin;
pub mod db;
pub mod eval;
pub mod extract;
pub mod fold;
pub mod load;
pub mod model;
pub mod output;
pub mod progress;
pub mod report;
pub mod store;
pub mod text;

/// A command line that parses but asks for something impossible: exit code 2, like clap's own.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
