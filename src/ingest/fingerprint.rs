//! Near-duplicate detection for syndication: the same dispatch republished by several sites,
//! with other furniture, a trimmed ending, a changed headline or a few edited words, must be
//! recognised, and two different articles about the same event must not be.
//!
//! # Two steps
//! 1. **Screening** with a [`Fingerprint`]: a MinHash sketch of a body's [`Shingles`] (runs of
//!    [`SHINGLE_WORDS`] words, lowercased, punctuation ignored), [`SLOTS`] minimum hashes, with
//!    the number of distinct shingles beside it. It is stored with each source, and its LSH band
//!    keys ([`Fingerprint::bands`]) find the candidates among many stored fingerprints without
//!    comparing every pair. Two sketches estimate the Jaccard similarity of their shingle sets
//!    (the share of equal slots) and from it, with the two set sizes, the *containment* of the
//!    smaller text in the larger: a dispatch cut by half is still contained whole in the
//!    original, while its Jaccard similarity falls to one half. [`Fingerprint::may_be_copy`]
//!    keeps the candidates whose estimate reaches [`SCREEN_CONTAINMENT`].
//! 2. **Verification** on the texts themselves: [`Shingles::is_copy_of`] computes the exact
//!    containment and requires [`NEAR_DUPLICATE_CONTAINMENT`]. The estimate's standard error is
//!    about 0.05, and a store holds many pairs of articles written from the same phrases (a
//!    generated corpus of 10,000 articles built from one set of sentence templates has its
//!    pairs at up to 0.45 containment): a threshold on the estimate alone either misses copies
//!    or merges such articles.
//!
//! The sketch is computed with one hash a shingle (one-permutation hashing: the hash's top bits
//! pick the slot, its low 32 bits compete for the slot's minimum), and the slots no shingle
//! fell in are filled from other slots chosen by a fixed hash of the slot's number and an
//! attempt counter (optimal densification, Shrivastava 2017), so the equal-slot share still
//! estimates the Jaccard similarity. That is 128 times less hashing than one hash a slot.
//!
//! The title is left out (headlines change between sites), and so is everything but the body.
//! Hashes are FNV-1a and SplitMix64, fixed here, so a fingerprint stored today compares with
//! one computed by a later build; the byte form ([`Fingerprint::to_bytes`]) starts with a
//! version byte (a stored fingerprint of another version is computed again from its text).
//!
//! Written here rather than taken from `gaoya` (MinHash and LSH indexes, but 44 crates with
//! rayon and several hashers, and in-memory indexes where this project stores in SQLite): the
//! sketch is some eighty lines.

/// Words in a shingle: long enough that two reports of one event share few shingles, short
/// enough that an edited word spoils few.
pub const SHINGLE_WORDS: usize = 5;

/// Minimum hashes in a sketch: the Jaccard estimate's standard error is at most 0.045.
pub const SLOTS: usize = 128;

/// log2 of [`SLOTS`]: the bits of a shingle's hash that pick its slot.
const SLOT_BITS: u32 = SLOTS.trailing_zeros();
const _: () = assert!(1 << SLOT_BITS == SLOTS);

/// Slots per LSH band key ([`Fingerprint::bands`]).
pub const BAND_ROWS: usize = 2;

/// [`SLOTS`] / [`BAND_ROWS`].
pub const BANDS: usize = SLOTS / BAND_ROWS;

/// Texts whose smaller shingle set is at least this much contained in the other (exactly,
/// [`Shingles::containment`]) are the same article. Measured on the test pages against the
/// Coastal Ledger dispatch: its copy on another site without the last two paragraphs, 0.97; a
/// crawler's abridged copy (three sentences, one edited), 0.80; an analysis of the same strike,
/// 0.00; a French article, 0.00; the dispatch with one word in ten replaced (a rewrite), 0.52.
/// On the Velmora dispatch of `tests/syndication.rs`: its first five paragraphs, 1.00; with a
/// credit line, 1.00; with three edited phrases, 0.93; an independent report of the same
/// march, 0.04; the next day's follow-up, 0.02. Two different articles of the corpus that
/// `examples/generate.rs` builds from one set of sentence templates: at most 0.45 (each of 60
/// articles against the other 9,999). The threshold lies near the middle of 0.52 and 0.80.
pub const NEAR_DUPLICATE_CONTAINMENT: f64 = 0.65;

/// The estimated containment ([`Fingerprint::similarity`]) a candidate needs to be verified:
/// far enough below [`NEAR_DUPLICATE_CONTAINMENT`] that the estimate's error does not lose a
/// copy, high enough that few pairs of different articles need their texts read.
pub const SCREEN_CONTAINMENT: f64 = 0.5;

/// Below this many shingles a text is too short to judge: only an exact match counts.
pub const MIN_SHINGLES: u32 = 8;

/// The version byte of [`Fingerprint::to_bytes`]: 1 hashed each shingle once a slot, 2 once.
pub const VERSION: u8 = 2;

/// The distinct shingle hashes of a text, sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shingles(Vec<u64>);

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

const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;

fn fnv1a_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
}

/// The FNV-1a hashes of the lowercased words of `text` (runs of letters and digits), without
/// allocating a lowercased copy of each word.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            h = fnv1a_byte(h, c.to_ascii_lowercase() as u8);
            in_word = true;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                for &b in lower.encode_utf8(&mut utf8).as_bytes() {
                    h = fnv1a_byte(h, b);
                }
            }
            in_word = true;
        } else if in_word {
            words.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        words.push(h);
    }
    words
}

impl Shingles {
    /// The shingles of a body text.
    pub fn of(text: &str) -> Shingles {
        let words = word_hashes(text);
        let size = SHINGLE_WORDS.min(words.len()).max(1);
        let mut set: Vec<u64> = words
            .windows(size)
            .map(|window| splitmix64(window.iter().fold(0, |h, &w| h.rotate_left(17) ^ w)))
            .collect();
        set.sort_unstable();
        set.dedup();
        Shingles(set)
    }

    /// How many distinct shingles.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the text has no words.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The shingles both texts have.
    pub fn shared(&self, other: &Shingles) -> usize {
        let (mut a, mut b) = (self.0.iter().peekable(), other.0.iter().peekable());
        let mut shared = 0;
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => _ = a.next(),
                std::cmp::Ordering::Greater => _ = b.next(),
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    a.next();
                    b.next();
                }
            }
        }
        shared
    }

    /// The exact share of the smaller set that the other holds; 0 when either is empty.
    pub fn containment(&self, other: &Shingles) -> f64 {
        let smaller = self.len().min(other.len());
        if smaller == 0 {
            return 0.0;
        }
        self.shared(other) as f64 / smaller as f64
    }

    /// Whether the two texts are the same article: containment of at least
    /// [`NEAR_DUPLICATE_CONTAINMENT`], or, when either has fewer than [`MIN_SHINGLES`],
    /// the same shingles.
    pub fn is_copy_of(&self, other: &Shingles) -> bool {
        if self.len().min(other.len()) < MIN_SHINGLES as usize {
            return !self.is_empty() && self == other;
        }
        self.containment(other) >= NEAR_DUPLICATE_CONTAINMENT
    }
}

/// The slot a slot left empty takes its value from, at the `attempt`-th try.
fn densify_slot(slot: usize, attempt: u64) -> usize {
    (splitmix64(((slot as u64) << 32) ^ attempt) >> (64 - SLOT_BITS)) as usize
}

impl Fingerprint {
    /// The fingerprint of a body text.
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint::of_shingles(&Shingles::of(text))
    }

    /// The fingerprint of a text's shingles: one hash each, its top bits the slot.
    pub fn of_shingles(set: &Shingles) -> Fingerprint {
        let mut filled = [u64::MAX; SLOTS];
        for &shingle in &set.0 {
            let h = splitmix64(shingle ^ 0x5851_F42D_4C95_7F2D);
            let slot = (h >> (64 - SLOT_BITS)) as usize;
            filled[slot] = filled[slot].min(h & 0xFFFF_FFFF);
        }
        let mut mins = [u32::MAX; SLOTS];
        if !set.is_empty() {
            for (slot, min) in mins.iter_mut().enumerate() {
                let mut from = slot;
                let mut attempt = 0;
                while filled[from] == u64::MAX {
                    attempt += 1;
                    from = densify_slot(slot, attempt);
                    if attempt > 8 * SLOTS as u64 {
                        // Rare: a slot misses the only filled one 1,024 times with odds of
                        // 3e-4, for a text of one or two shingles. Ends the loop whatever the
                        // hashes, deterministically.
                        from = (1..SLOTS)
                            .map(|step| (slot + step) % SLOTS)
                            .find(|&s| filled[s] != u64::MAX)
                            .unwrap_or(slot);
                        break;
                    }
                }
                *min = filled[from] as u32;
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

    /// How alike the two texts are, estimated; 0 when either has no words.
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
            .map(|(a, b)| usize::from(a == b))
            .sum::<usize>();
        let jaccard = equal as f64 / SLOTS as f64;
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let shared = jaccard * (a + b) / (1.0 + jaccard);
        Similarity {
            jaccard,
            containment: (shared / a.min(b)).min(1.0),
        }
    }

    /// Whether the two texts are worth verifying as copies ([`Shingles::is_copy_of`]): an
    /// estimated containment of at least [`SCREEN_CONTAINMENT`], or, for texts of fewer than
    /// [`MIN_SHINGLES`], equal fingerprints.
    pub fn may_be_copy(&self, other: &Fingerprint) -> bool {
        if self.shingles.min(other.shingles) < MIN_SHINGLES {
            return self.shingles > 0 && self == other;
        }
        self.similarity(other).containment >= SCREEN_CONTAINMENT
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
        assert!(full.may_be_copy(&Fingerprint::of(DISPATCH)));
        let cut = &DISPATCH[..DISPATCH.find("The port operator").unwrap()];
        let text = format!("HALLBRIDGE (Northwire) — {cut} Advertisement");
        let trimmed = Fingerprint::of(&text);
        let similarity = full.similarity(&trimmed);
        assert!(similarity.containment > 0.8, "{similarity:?}");
        assert!(full.may_be_copy(&trimmed));
        let (full, trimmed) = (Shingles::of(DISPATCH), Shingles::of(&text));
        // 74 of the trimmed text's 77 shingles are the dispatch's (the dateline and the last
        // word make the other three).
        assert_eq!((trimmed.len(), full.shared(&trimmed)), (77, 74));
        assert!(trimmed.is_copy_of(&full) && full.is_copy_of(&trimmed));
    }

    #[test]
    fn case_and_punctuation_do_not_count() {
        let shouted = DISPATCH.to_uppercase().replace(',', " ;");
        assert_eq!(Fingerprint::of(DISPATCH), Fingerprint::of(&shouted));
        assert_eq!(
            Shingles::of("Grève À Paris"),
            Shingles::of("grève à PARIS!")
        );
    }

    #[test]
    fn another_report_of_the_same_event_is_not_a_duplicate() {
        let other = "Dock workers at Hallbridge stopped work on Tuesday over remote-controlled \
            gantries, and 23 container ships were left waiting at anchor. The union says the \
            tender would halve the number of crane drivers; the operator promises retraining for \
            every one of them. Shippers threaten to move two weekly services to a rival port.";
        let similarity = Fingerprint::of(DISPATCH).similarity(&Fingerprint::of(other));
        assert!(similarity.containment < 0.1, "{similarity:?}");
        assert!(!Fingerprint::of(DISPATCH).may_be_copy(&Fingerprint::of(other)));
        assert!(!Shingles::of(DISPATCH).is_copy_of(&Shingles::of(other)));
    }

    #[test]
    fn short_and_empty_texts() {
        let empty = Fingerprint::of("");
        assert_eq!(empty.shingles(), 0);
        assert!(!empty.may_be_copy(&Fingerprint::of("")));
        assert!(!Shingles::of("").is_copy_of(&Shingles::of("")));
        assert!(Fingerprint::of("Ferry back").may_be_copy(&Fingerprint::of("ferry, back!")));
        assert!(Shingles::of("Ferry back").is_copy_of(&Shingles::of("ferry, back!")));
        assert!(!Fingerprint::of("Ferry back").may_be_copy(&Fingerprint::of("Ferry late")));
        assert!(!Shingles::of("Ferry back").is_copy_of(&Shingles::of("Ferry late")));
    }

    #[test]
    fn fingerprints_are_stable_across_builds() {
        let print = Fingerprint::of(
            "About 1,400 dock workers walked off the job at the port of Hallbridge on Tuesday.",
        );
        assert_eq!(
            print.to_bytes()[..13],
            [2, 12, 0, 0, 0, 121, 28, 63, 122, 179, 183, 51, 21]
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
        let mut older = bytes.clone();
        older[0] = 1;
        assert_eq!(
            Fingerprint::from_bytes(&older),
            Err(FingerprintError::Version(1))
        );
        let cut = Fingerprint::of(&DISPATCH[..DISPATCH.len() / 2]);
        assert!(print.bands().iter().zip(cut.bands()).any(|(a, b)| *a == b));
    }

    #[test]
    fn one_hash_a_shingle_estimates_the_jaccard_similarity() {
        // A short text leaves most slots empty; densification fills them all from its own.
        let short = Fingerprint::of("About 1,400 dock workers walked off the job at the port");
        assert_eq!(short.shingles(), 8);
        assert!(short.mins.iter().all(|&m| m != u32::MAX));
        // One shingle: every slot holds its hash.
        let one = Fingerprint::of("the port of Hallbridge closed");
        assert_eq!(one.shingles(), 1);
        assert!(one.mins.iter().all(|&m| m == one.mins[0]));
        // The estimate against the exact value, for the dispatch and its first half.
        let half = &DISPATCH[..DISPATCH.len() / 2];
        let (full, cut) = (Shingles::of(DISPATCH), Shingles::of(half));
        let exact = full.shared(&cut) as f64 / (full.len() + cut.len() - full.shared(&cut)) as f64;
        let estimate = Fingerprint::of(DISPATCH)
            .similarity(&Fingerprint::of(half))
            .jaccard;
        assert!((exact - estimate).abs() < 0.15, "{exact} {estimate}");
    }
}
