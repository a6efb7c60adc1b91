//! The extractor on arbitrary text (UTF-8, lossily), in French and English, with the seeds'
//! entities, aliases and lexicon: see fuzz/README.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| factstore_fuzz::extract(data));
