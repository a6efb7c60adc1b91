//! Finding many phrases at once in folded text, as whole words, leftmost first and the longest
//! where several start at one word ("kassym-jomart tokayev" before "kassym-jomart"), none
//! overlapping.
//!
//! A phrase can only start where a word does, so the text is read word by word (the words
//! [`Folded`] found while folding, each with its [`word_key`]) and each word's key is looked up
//! in a table of the phrases' first words: one look-up of a number per word, whatever the number
//! of phrases, in a table small enough to stay in the processor's cache (an automaton over the
//! 3,600 built-in aliases takes 14 MB and spends most of its time waiting on memory). Phrases of
//! several words are found by the keys of their first two words, so that a common first word
//! ("a", "république") brings only the phrases its next word can continue. The candidates are
//! tried longest first; the first one the text spells there and that ends a word is the hit
//! ("sagte" where "sagte er" begins "sagte Erdogan"; none for "kazakh" in "kazakhstanais").
//! Keys that meet by chance do no harm: a hit is the phrase's own bytes in the text.
//!
//! One dictionary serves entity aliases, another each language's lexicon; a phrase may carry
//! several values (two entities sharing an alias, a term that is both a metric and a speech verb).

use std::hash::BuildHasher;

use foldhash::{HashMap, HashMapExt};

use super::folded::{is_whole_word, is_word_char, Folded, Word};

/// A phrase found in folded text: bytes `start..end`, and the index of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

/// A phrase, as its first word's look-up gives it.
struct Phrase {
    text: Box<str>,
    /// Bytes before its first word character ("#" of "#metoo"): the phrase starts that much
    /// before the word it is found at.
    lead: usize,
}

pub struct Dictionary<T> {
    /// The phrases of one word by its key: a range of `candidates`, and whether phrases of more
    /// words start with it too.
    by_first_word: HashMap<u64, (u32, u32, bool)>,
    /// The phrases of two words or more by the [`pair_key`] of their first two: a range of
    /// `candidates`. ("a few", "a dozen", ... are not all compared at every "a").
    by_first_pair: HashMap<u64, (u32, u32)>,
    /// Indices of phrases, those of one key together, the longest first.
    candidates: Vec<usize>,
    phrases: Vec<Phrase>,
    values: Vec<Vec<T>>,
}

impl<T: PartialEq> Dictionary<T> {
    /// Builds the dictionary of `(folded phrase, value)` pairs; phrases without a letter or digit
    /// are left out (no word holds them; the loaders refuse them: [`crate::fold::visible_key`]).
    pub fn new(entries: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut values: Vec<Vec<T>> = Vec::new();
        let mut singles: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut pairs: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut longer: foldhash::HashSet<u64> = foldhash::HashSet::default();
        for (phrase, value) in entries {
            let Some((lead, _)) = phrase.char_indices().find(|&(_, c)| is_word_char(c)) else {
                continue;
            };
            let i = match index.get(&phrase) {
                Some(&i) => i,
                None => {
                    let mut words = phrase
                        .split(|c: char| !is_word_char(c))
                        .filter(|w| !w.is_empty())
                        .map(word_key);
                    let first = words.next().unwrap_or(0);
                    match words.next() {
                        Some(second) => {
                            singles.entry(first).or_default();
                            longer.insert(first);
                            pairs.entry(pair_key(first, second)).or_default()
                        }
                        None => singles.entry(first).or_default(),
                    }
                    .push(phrases.len());
                    index.insert(phrase.clone(), phrases.len());
                    phrases.push(Phrase {
                        text: phrase.into(),
                        lead,
                    });
                    values.push(Vec::new());
                    values.len() - 1
                }
            };
            if !values[i].contains(&value) {
                values[i].push(value);
            }
        }
        let mut candidates: Vec<usize> = Vec::with_capacity(phrases.len());
        let mut range = |mut these: Vec<usize>| {
            these.sort_by_key(|&i| std::cmp::Reverse(phrases[i].text.len()));
            let at = candidates.len() as u32;
            candidates.extend(&these);
            (at, these.len() as u32)
        };
        let by_first_pair: HashMap<u64, (u32, u32)> = pairs
            .into_iter()
            .map(|(key, these)| (key, range(these)))
            .collect();
        let by_first_word = singles
            .into_iter()
            .map(|(key, these)| {
                let (at, n) = range(these);
                (key, (at, n, longer.contains(&key)))
            })
            .collect();
        Dictionary {
            by_first_word,
            by_first_pair,
            candidates,
            phrases,
            values,
        }
    }

    /// The values of phrase `i` of a hit.
    pub fn values(&self, hit: Hit) -> &[T] {
        &self.values[hit.phrase]
    }

    /// Whole-word hits in `f`, leftmost first, the longest where hits overlap, none overlapping.
    pub fn find(&self, f: &Folded) -> Vec<Hit> {
        let text = f.text.as_str();
        let mut hits = Vec::new();
        if self.phrases.is_empty() {
            return hits;
        }
        let mut at = 0;
        for (w, word) in f.words.iter().enumerate() {
            if word.start < at {
                continue;
            }
            let Some(&(from, n, longer)) = self.by_first_word.get(&word.key) else {
                continue;
            };
            let pair = f
                .words
                .get(w + 1)
                .filter(|_| longer)
                .and_then(|next| self.by_first_pair.get(&pair_key(word.key, next.key)))
                .map_or(&[][..], |&(from, n)| self.range(from, n));
            let singles = self.range(from, n);
            let found = longest_first(pair, singles, |i| self.phrases[i].text.len())
                .find_map(|i| self.hit_at(text, word, i, at));
            if let Some(hit) = found {
                at = hit.end;
                hits.push(hit);
            }
        }
        hits
    }

    /// The phrase of one word that is `word` (folded), as a hit at byte `start`, if there is one.
    pub fn word(&self, word: &str, start: usize) -> Option<Hit> {
        let &(from, n, _) = self.by_first_word.get(&word_key(word))?;
        self.range(from, n)
            .iter()
            .find(|&&i| self.phrases[i].lead == 0 && &*self.phrases[i].text == word)
            .map(|&phrase| Hit {
                start,
                end: start + word.len(),
                phrase,
            })
    }

    fn range(&self, from: u32, n: u32) -> &[usize] {
        &self.candidates[from as usize..(from + n) as usize]
    }

    /// Phrase `i` as a hit at `word`, if the text spells it there as whole words, after `at`.
    fn hit_at(&self, text: &str, word: &Word, i: usize, at: usize) -> Option<Hit> {
        let phrase = &self.phrases[i];
        let start = word.start.checked_sub(phrase.lead)?;
        let end = start + phrase.text.len();
        let spelled = text.as_bytes().get(start..end) == Some(phrase.text.as_bytes());
        // a phrase of one word ends where the word does
        let one_word = phrase.lead == 0 && end == word.end;
        (spelled && start >= at && (one_word || is_whole_word(text, start, end))).then_some(Hit {
            start,
            end,
            phrase: i,
        })
    }
}

/// The items of two lists sorted longest first, merged longest first.
fn longest_first<'a>(
    a: &'a [usize],
    b: &'a [usize],
    len: impl Fn(usize) -> usize + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if len(x) >= len(y) => x,
            (Some(_), Some(&y)) | (None, Some(&y)) => y,
            (Some(&x), None) => x,
            (None, None) => return None,
        };
        if a.get(i) == Some(&next) {
            i += 1;
        } else {
            j += 1;
        }
        Some(next)
    })
}

/// The key of two words that follow one another.
fn pair_key(first: u64, second: u64) -> u64 {
    first.rotate_left(21) ^ second.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The key a word is looked up by: a hash of its folded bytes, the same in every process.
pub fn word_key(word: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x6661_6374_7374_6f72).hash_one(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_whole_words_leftmost_longest() {
        let d = Dictionary::new([
            ("tokayev".to_string(), 1),
            ("kassym-jomart tokayev".to_string(), 1),
            ("otsc".to_string(), 2),
            ("alma".to_string(), 3),
            ("alma-ata".to_string(), 3),
            ("tokayev".to_string(), 4),
            ("#metoo".to_string(), 5),
            ("u.s.".to_string(), 6),
            ("sagte er".to_string(), 7),
            ("sagte".to_string(), 8),
            ("%".to_string(), 9),
        ]);
        let f = Folded::new(
            "kassym-jomart tokayev et l'otsc a alma-ata ; tokayev's ; almaty ; tokayevs ; \
             alma-atan #metoo a#metoo u.s. u.s.a sagte erdogan 10 %",
        );
        let found: Vec<(&str, &[i32])> = d
            .find(&f)
            .into_iter()
            .map(|h| (&f.text[h.start..h.end], d.values(h)))
            .collect();
        assert_eq!(
            found,
            [
                ("kassym-jomart tokayev", &[1][..]),
                ("otsc", &[2][..]),
                ("alma-ata", &[3][..]),
                ("tokayev", &[1, 4][..]),
                ("alma", &[3][..]),
                ("#metoo", &[5][..]),
                ("u.s.", &[6][..]),
                ("sagte", &[8][..]),
            ]
        );
    }
}
