//! Prints the SELECT that `factstore query figures` runs, without a WHERE clause, so that
//! `bench/run` can hand the sqlite3 shell the very statement factstore runs.
//!
//! Usage: cargo run --release --example query_sql

fn main() {
    let (sql, _) = factstore::store::figures::select(&Default::default(), true);
    println!("{sql}");
}
