//! One module per command, each with its arguments (whose doc comments are its help) and a `run`.

pub mod add;
pub mod check;
pub mod compare;
pub mod completions;
pub mod eval;
pub mod export;
pub mod extract;
pub mod init;
pub mod load;
pub mod man;
pub mod query;
pub mod review;
pub mod search;
pub mod show;
pub mod sql;
