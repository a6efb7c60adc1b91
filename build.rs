//! Rebuilds the crate when a migration is added or changed: refinery embeds the files of
//! `migrations/` at compile time and would otherwise miss a new one. Also hands the crate the
//! number of the newest migration (`FACTSTORE_SCHEMA_VERSION`), so that adding one is the only
//! change a new schema version needs.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let newest = std::fs::read_dir("migrations")
        .expect("the migrations folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_prefix('V')?
                .split("__")
                .next()?
                .parse::<u32>()
                .ok()
        })
        .max()
        .expect("at least one migration V{n}__{name}.sql");
    println!("cargo:rustc-env=FACTSTORE_SCHEMA_VERSION={newest}");
}
