//! factstore: a provenance-first knowledge store for news events, in one SQLite file.
//!
//! Files flow in through the one [`writer`], which parses each row with the module of its table
//! (`store`, one module per table) and writes it under the schema of `migrations/` (`db`); the
//! extractor (`extract`) reads source text into extracted rows, written the same way. `query`,
//! `sql` and `export` read rows back out through one row writer (`output`); `compare` and `eval`
//! are pure modules over what the store hands them. `cli` parses the command line and hands each
//! command to its module under `cmd`; see ARCHITECTURE.md for the map.

pub mod add;
pub mod cli;
pub mod cmd;
pub mod columnar;
pub mod compare;
pub mod csvin;
pub mod db;
pub mod digest;
pub mod eval;
pub mod extract;
pub mod fold;
pub mod ingest;
pub mod model;
pub mod options;
pub mod output;
pub mod parallel;
pub mod progress;
pub mod report;
pub mod show;
pub mod store;
pub mod stream;
pub mod text;
pub mod utf8;
pub mod writer;

/// A command line that parses but asks for something impossible: exit code 2, like clap's own.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
