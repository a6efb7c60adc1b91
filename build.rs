//! Rebuilds the crate when a migration is added or changed: refinery embeds the files of
//! `migrations/` at compile time and would otherwise miss a new one.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
