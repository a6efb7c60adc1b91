//! Integration tests of the factstore binary: each module covers one area, running the binary
//! against a database in a fresh temporary folder (see `util`).

mod add;
mod bad_commands;
mod bad_input;
mod check;
mod cli_extras;
mod clients;
mod compare;
mod concurrency;
mod distributed;
mod duplicates;
mod eval;
mod export;
mod extract;
mod extraction;
mod figures;
mod help;
mod init;
mod load;
mod names;
mod options;
mod query;
mod reported;
mod review;
mod schema_life;
mod search;
mod shell;
mod show;
mod sql;
mod stream;
mod syndication;
mod util;
mod warehouse;
