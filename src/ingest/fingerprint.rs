//! Near-duplicate detection for syndication: the same dispatch republished by several sites,
//! with other furniture, a trimmed ending, a changed headline or a few edited words, must be
//! recognised, and two different articles about the same event must not be.
//!
//! A [`Fingerprint`] is a MinHash sketch of a body's word shingles (runs of [`SHINGLE_WORDS`]
//! words, lowercased, punctuation ignored), [`SLOTS`] minimum hashes, with the number of
//! distinct shingles beside it. Two sketches estimate the Jaccard similarity of their shingle
//! sets (the share of equal slots) and from it, with the two set sizes, the *containment* of
//! the smaller text in the larger: a dispatch cut by half is still contained whole in the
//! original, while its Jaccard similarity falls to one half. [`Fingerprint::is_near_duplicate`]
//! tests containment against [`NEAR_DUPLICATE_CONTAINMENT`]; two reports of one event share
//! names, numbers and a quote or two, which are a few shingles of hundreds.
//!
//! The title is left out (headlines change between sites), and so is everything but the body.
//! Hashes are FNV-1a and SplitMix64, fixed here, so a fingerprint stored today compares with
//! one computed by a later build; the byte form ([`Fingerprint::to_bytes`]) starts with a
//! version byte. [`Fingerprint::bands`] gives locality-sensitive hashing keys, to find the
//! candidates among many stored fingerprints without comparing every pair.
//!
//! Written here rather than taken from `gaoya` (MinHash and LSH indexes, but 44 crates with
//! rayon and several hashers, and in-memory indexes where this project stores in SQLite): the
//! sketch is some eighty lines.

use std::collections::HashSet;

/// Words in a shingle: long enough that two reports of one event share few shingles, short
/// enough that an edited word spoils few.
pub const SHINGLE_WORDS: usize = 5;

/// Minimum hashes in a sketch: the Jaccard estimate's standard error is at most 0.045.
pub const SLOTS: usize = 128;

/// Slots per LSH band key ([`Fingerprint::bands`]).
pub const BAND_ROWS: usize = 2;

/// [`SLOTS`] / [`BAND_ROWS`].
pub const BANDS: usize = SLOTS / BAND_ROWS;

/// Texts whose smaller shingle set is at least this much contained in the other are the same
/// article. Measured on the test pages against the Coastal Ledger dispatch: its copy on another
/// site without the last two paragraphs, 0.95; a crawler's abridged copy (three sentences, one
/// edited), 0.86; its first third alone, 0.93; the same text with one word in ten replaced,
/// 0.49; an analysis of the same strike, 0.00; a French article, 0.00; the text with one word in
/// five replaced (a rewrite), 0.05.
pub const NEAR_DUPLICATE_CONTAINMENT: f64 = 0.4;

/// Below this many shingles a text is too short to judge: only an exact match counts.
pub const MIN_SHINGLES: u32 = 8;

/// The version byte of [`Fingerprint::to_bytes`].
pub const VERSION: u8 = 1;

/// A MinHash sketch of a text (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    shingles: u32,
    mins: [u32; SLOTS],
}

/// How alike two texts are, as two fingerprints estimate it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Similarity {
    /// Shared shingles over all shingles of both.
    pub jaccard: f64,
    /// Shared shingles over the shingles of the smaller text.
    pub containment: f64,
}

/// Why bytes are not a fingerprint.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FingerprintError {
    #[error("a fingerprint is {expected} bytes, not {found}")]
    Length { expected: usize, found: usize },
    #[error("fingerprint version {0}, this build reads version {VERSION}")]
    Version(u8),
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// One seed a slot, fixed.
const SEEDS: [u64; SLOTS] = {
    let mut seeds = [0u64; SLOTS];
    let mut i = 0;
    while i < SLOTS {
        let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        seeds[i] = x ^ (x >> 31);
        i += 1;
    }
    seeds
};

/// The hashes of the distinct shingles of `text`.
fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fnv1a(&w.to_lowercase()))
        .collect();
    let size = SHINGLE_WORDS.min(words.len()).max(1);
    words
        .windows(size)
        .map(|window| splitmix64(window.iter().fold(0, |h, &w| h.rotate_left(17) ^ w)))
        .collect()
}

impl Fingerprint {
    /// The fingerprint of a body text.
    pub fn of(text: &str) -> Fingerprint {
        let set = shingles(text);
        let mut mins = [u32::MAX; SLOTS];
        for &shingle in &set {
            for (min, seed) in mins.iter_mut().zip(SEEDS) {
                *min = (*min).min((splitmix64(shingle ^ seed) >> 32) as u32);
            }
        }
        Fingerprint {
            shingles: u32::try_from(set.len()).unwrap_or(u32::MAX),
            mins,
        }
    }

    /// The number of distinct shingles of the text.
    pub fn shingles(&self) -> u32 {
        self.shingles
    }

    /// How alike the two texts are; 0 when either has no words.
    pub fn similarity(&self, other: &Fingerprint) -> Similarity {
        if self.shingles == 0 || other.shingles == 0 {
            return Similarity {
                jaccard: 0.0,
                containment: 0.0,
            };
        }
        let equal = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        let jaccard = equal as f64 / SLOTS as f64;
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let shared = jaccard * (a + b) / (1.0 + jaccard);
        Similarity {
            jaccard,
            containment: (shared / a.min(b)).min(1.0),
        }
    }

    /// Whether the two texts are the same article (see [`NEAR_DUPLICATE_CONTAINMENT`] and
    /// [`MIN_SHINGLES`]).
    pub fn is_near_duplicate(&self, other: &Fingerprint) -> bool {
        if self.shingles.min(other.shingles) < MIN_SHINGLES {
            return self.shingles > 0 && self == other;
        }
        self.similarity(other).containment >= NEAR_DUPLICATE_CONTAINMENT
    }

    /// [`BANDS`] keys, each a hash of [`BAND_ROWS`] slots and the band's number: two texts
    /// share a key with probability 1 - (1 - J²)^64 for Jaccard similarity J (0.93 at J = 0.2,
    /// when a brief is a fifth of the article it was cut from; 0.15 at J = 0.05).
    pub fn bands(&self) -> [u64; BANDS] {
        let mut keys = [0u64; BANDS];
        for (band, (key, rows)) in keys.iter_mut().zip(self.mins.chunks(BAND_ROWS)).enumerate() {
            let mixed = rows
                .iter()
                .fold(band as u64, |h, &m| splitmix64(h ^ u64::from(m)));
            *key = mixed;
        }
        keys
    }

    /// The fingerprint as bytes: the version, the shingle count and the slots, little-endian
    /// (1 + 4 + 4 × [`SLOTS`] = 517 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(5 + 4 * SLOTS);
        bytes.push(VERSION);
        bytes.extend_from_slice(&self.shingles.to_le_bytes());
        for min in self.mins {
            bytes.extend_from_slice(&min.to_le_bytes());
        }
        bytes
    }

    /// A fingerprint from [`Fingerprint::to_bytes`]. Fails for another length or version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Fingerprint, FingerprintError> {
        let expected = 5 + 4 * SLOTS;
        if bytes.len() != expected {
            return Err(FingerprintError::Length {
                expected,
                found: bytes.len(),
            });
        }
        if bytes[0] != VERSION {
            return Err(FingerprintError::Version(bytes[0]));
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let mut mins = [0u32; SLOTS];
        for (i, min) in mins.iter_mut().enumerate() {
            *min = word(5 + 4 * i);
        }
        Ok(Fingerprint {
            shingles: word(1),
            mins,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DISPATCH: &str = "About 1,400 dock workers walked off the job at the port of Hallbridge \
        on Tuesday, halting container traffic at the country's third-busiest harbour in protest \
        against a plan to replace crane operators with remote-controlled gantries. The stoppage \
        began at 6 a.m., when the morning shift refused to board the shuttle buses to the \
        terminals. By midday, 23 container ships were waiting at anchor off the breakwater, \
        according to the harbour master's office. The port operator said in a statement that \
        the new gantries would be introduced over five years and that no worker would be \
        dismissed. It estimated the cost of the strike at 2.5 million a day.";

    #[test]
    fn the_same_text_and_its_trimmed_copy_are_duplicates() {
        let full = Fingerprint::of(DISPATCH);
        assert!(full.is_near_duplicate(&Fingerprint::of(DISPATCH)));
        let cut = &DISPATCH[..DISPATCH.find("The port operator").unwrap()];
        let trimmed = Fingerprint::of(&format!("HALLBRIDGE (Northwire) — {cut} Advertisement"));
        let similarity = full.similarity(&trimmed);
        assert!(similarity.containment > 0.8, "{similarity:?}");
        assert!(full.is_near_duplicate(&trimmed));
    }

    #[test]
    fn case_and_punctuation_do_not_count() {
        let shouted = DISPATCH.to_uppercase().replace(',', " ;");
        assert_eq!(Fingerprint::of(DISPATCH), Fingerprint::of(&shouted));
    }

    #[test]
    fn another_report_of_the_same_event_is_not_a_duplicate() {
        let other = "Dock workers at Hallbridge stopped work on Tuesday over remote-controlled \
            gantries, and 23 container ships were left waiting at anchor. The union says the \
            tender would halve the number of crane drivers; the operator promises retraining for \
            every one of them. Shippers threaten to move two weekly services to a rival port.";
        let similarity = Fingerprint::of(DISPATCH).similarity(&Fingerprint::of(other));
        assert!(similarity.containment < 0.1, "{similarity:?}");
        assert!(!Fingerprint::of(DISPATCH).is_near_duplicate(&Fingerprint::of(other)));
    }

    #[test]
    fn short_and_empty_texts() {
        let empty = Fingerprint::of("");
        assert_eq!(empty.shingles(), 0);
        assert!(!empty.is_near_duplicate(&Fingerprint::of("")));
        assert!(Fingerprint::of("Ferry back").is_near_duplicate(&Fingerprint::of("ferry, back!")));
        assert!(!Fingerprint::of("Ferry back").is_near_duplicate(&Fingerprint::of("Ferry late")));
    }

    #[test]
    fn fingerprints_are_stable_across_builds() {
        let print = Fingerprint::of(
            "About 1,400 dock workers walked off the job at the port of Hallbridge on Tuesday.",
        );
        assert_eq!(
            print.to_bytes()[..13],
            [1, 12, 0, 0, 0, 131, 19, 5, 27, 198, 15, 186, 17]
        );
    }

    #[test]
    fn bytes_round_trip_and_bands() {
        let print = Fingerprint::of(DISPATCH);
        let bytes = print.to_bytes();
        assert_eq!(bytes.len(), 517);
        assert_eq!(Fingerprint::from_bytes(&bytes), Ok(print.clone()));
        assert_eq!(
            Fingerprint::from_bytes(&bytes[1..]),
            Err(FingerprintError::Length {
                expected: 517,
                found: 516
            })
        );
        let mut future = bytes.clone();
        future[0] = 2;
        assert_eq!(
            Fingerprint::from_bytes(&future),
            Err(FingerprintError::Version(2))
        );
        let cut = Fingerprint::of(&DISPATCH[..DISPATCH.len() / 2]);
        assert!(print.bands().iter().zip(cut.bands()).any(|(a, b)| *a == b));
    }
}
