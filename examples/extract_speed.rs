//! Measures the extractor alone (no database writes) on the texts of a database: MB/s per core.
//!
//! Usage: cargo run --release --example extract_speed -- DB [ROUNDS]

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: extract_speed DB [ROUNDS]"))?;
    let rounds: usize = args.get(2).map_or(Ok(3), |r| r.parse())?;
    let conn = factstore::db::open_read_only(std::path::Path::new(path))?;
    let extractor = factstore::extract::Extractor::new(&factstore::store::knowledge(&conn)?);
    let texts: Vec<(String, String)> = conn
        .prepare("SELECT body, language FROM sources ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let bytes: usize = texts.iter().map(|(b, _)| b.len()).sum();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut rows = 0;
        for (body, language) in &texts {
            let found = extractor.extract(factstore::model::SourceId(0), body, language);
            rows += found.mentions.len() + found.statements.len() + found.figures.len();
        }
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{:.1} MB in {seconds:.3} s: {:.1} MB/s, {rows} rows",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds
        );
    }
    Ok(())
}
