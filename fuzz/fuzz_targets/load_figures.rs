//! The figures loader on arbitrary bytes as a figures.csv, against the seeds: see fuzz/README.md.
#![no_main]

use factstore::store::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| factstore_fuzz::load(Kind::Figures, data));
