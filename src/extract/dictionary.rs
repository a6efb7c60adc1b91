//! Finding many phrases at once in folded text: an Aho-Corasick automaton (compiled to a DFA) over
//! the folded phrases, leftmost-longest, keeping whole-word hits only. The automaton is run
//! anchored, from each place a whole word can start (the start of the text, or after a character
//! that is no word character), never from inside a word: a gazetteer's short names ("Aba", "Bar")
//! would otherwise match inside every other word and each such match be thrown away. When the
//! longest phrase at a place is not a whole word ("sagte er" in "sagte Erdogan"), the next
//! longest is tried ("sagte"), down to none ("kazakh" in "kazakhstanais").
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
                .start_kind(StartKind::Anchored)
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
        // no hit starts before the end of the last one
        let mut resume = 0;
        let mut previous_is_word = false;
        for (i, c) in text.char_indices() {
            let may_start = !previous_is_word && i >= resume;
            previous_is_word = is_word_char(c);
            if !may_start {
                continue;
            }
            // the longest phrase here that is a whole word ("sagte" where "sagte er" begins
            // "sagte Erdogan")
            let mut end = text.len();
            while let Some(m) =
                automaton.find(Input::new(text).span(i..end).anchored(Anchored::Yes))
            {
                if is_whole_word(text, m.start(), m.end()) {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        phrase: m.pattern().as_usize(),
                    });
                    resume = m.end();
                    break;
                }
                end = m.end() - 1;
            }
        }
        hits
    }
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
