//! One module per command, each with its arguments (whose doc comments are its help) and a `run`.

pub mod check;
pub mod eval;
pub mod export;
pub mod extract;
pub mod init;
pub mod load;
pub mod query;
pub mod sql;
