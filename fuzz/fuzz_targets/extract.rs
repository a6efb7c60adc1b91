//! The extractor on arbitrary text (UTF-8, lossily), in French, English and German, with the
//! built-in knowledge and the seeds' entities, aliases and lexicon (the names finder's rules
//! included): see fuzz/README.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| factstore_fuzz::extract(data));
