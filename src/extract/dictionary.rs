//! Finding many phrases at once in folded text: an Aho-Corasick automaton (compiled to a DFA) over
//! the folded phrases, leftmost-longest, keeping whole-word hits only: a hit inside a word sends
//! the search on to the next word. When the longest phrase at a place is not a whole word
//! ("sagte er" in "sagte Erdogan"), the next longest there is tried ("sagte"), down to none
//! ("kazakh" in "kazakhstanais").
//!
//! One dictionary serves entity aliases, another each language's lexicon; a phrase may carry
//! several values (two entities sharing an alias, a term that is both a metric and a speech verb).

use std::collections::HashMap;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use super::folded::{is_whole_word, is_word_char};

/// A phrase found in folded text: bytes `start..end`, and the index of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

pub struct Dictionary<T> {
    automaton: Option<AhoCorasick>,
    values: Vec<Vec<T>>,
}

impl<T: PartialEq> Dictionary<T> {
    /// Builds the dictionary of `(folded phrase, value)` pairs; empty phrases are left out.
    pub fn new(entries: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut values: Vec<Vec<T>> = Vec::new();
        for (phrase, value) in entries {
            if phrase.is_empty() {
                continue;
            }
            let i = *index.entry(phrase.clone()).or_insert_with(|| {
                phrases.push(phrase);
                values.push(Vec::new());
                values.len() - 1
            });
            if !values[i].contains(&value) {
                values[i].push(value);
            }
        }
        let automaton = (!phrases.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .start_kind(StartKind::Both)
                .build(&phrases)
                .expect("folded phrases always build")
        });
        Dictionary { automaton, values }
    }

    /// The values of phrase `i` of a hit.
    pub fn values(&self, hit: Hit) -> &[T] {
        &self.values[hit.phrase]
    }

    /// Whole-word hits in `text`, leftmost first, the longest where hits overlap, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(m) = automaton.find(Input::new(text).span(at..text.len())) {
            let start = m.start();
            let hit = starts_word(text, start)
                .then(|| longest_whole_word(automaton, text, start, m))
                .flatten();
            match hit {
                Some(hit) => {
                    at = hit.end;
                    hits.push(hit);
                }
                // a whole word starts only where a word does: on to the next one
                None => at = next_word_start(text, start),
            }
        }
        hits
    }
}

/// The longest phrase at `start` that is a whole word, `m` being the longest phrase there: the
/// next longest is tried while one is not ("sagte" where "sagte er" begins "sagte Erdogan").
fn longest_whole_word(
    automaton: &AhoCorasick,
    text: &str,
    start: usize,
    m: aho_corasick::Match,
) -> Option<Hit> {
    let mut m = m;
    loop {
        if is_whole_word(text, m.start(), m.end()) {
            return Some(Hit {
                start: m.start(),
                end: m.end(),
                phrase: m.pattern().as_usize(),
            });
        }
        let shorter = Input::new(text)
            .span(start..m.end() - 1)
            .anchored(Anchored::Yes);
        m = automaton.find(shorter)?;
    }
}

/// Whether a word may start at byte `i`: at the start of the text or after a character that is
/// no word character.
fn starts_word(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// The first byte after `from` where a word starts (a word character after a non-word one).
fn next_word_start(text: &str, from: usize) -> usize {
    let mut previous_is_word = true;
    for (i, c) in text[from..].char_indices().skip(1) {
        let is_word = is_word_char(c);
        if is_word && !previous_is_word {
            return from + i;
        }
        previous_is_word = is_word;
    }
    text.len()
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
        ]);
        let text = "kassym-jomart tokayev et l'otsc a alma-ata ; tokayev's ; almaty ; tokayevs ; alma-atan";
        let found: Vec<(&str, &[i32])> = d
            .find(text)
            .into_iter()
            .map(|h| (&text[h.start..h.end], d.values(h)))
            .collect();
        assert_eq!(
            found,
            [
                ("kassym-jomart tokayev", &[1][..]),
                ("otsc", &[2][..]),
                ("alma-ata", &[3][..]),
                ("tokayev", &[1, 4][..]),
                ("alma", &[3][..])
            ]
        );
    }
}
