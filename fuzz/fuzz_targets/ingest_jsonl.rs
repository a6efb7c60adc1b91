//! The reading layer on arbitrary bytes named `dump.jsonl` (the name picks the format): every record
//! read or refused with an error, never a panic; see fuzz/README.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("dump.jsonl");
    if let Ok(articles) = factstore::ingest::from_bytes(path, data.to_vec()) {
        for article in articles.take(10_000) {
            let _ = article.map(|a| factstore::ingest::Fingerprint::of(&a.body));
        }
    }
});
