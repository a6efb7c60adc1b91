//! A source text folded for matching, with the way back to the original's code-point offsets.
//!
//! Matching runs on the folded text (lower case, no accents, one apostrophe, one dash, one space;
//! see [`crate::fold`]), where "Tokaïev", "TOKAIEV" and "Tokaiev" are the same bytes; every hit is
//! then mapped back to the span of the original text it came from. Line breaks stay line breaks
//! (they end paragraphs); other runs of white space become one space.

use super::dictionary::word_key;
use crate::fold::fold_char;

pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the code-point offset of the original character it came from.
    starts: Vec<u32>,
    /// For each byte of `text`, the code-point offset just past that original character (and past
    /// any combining marks that follow it).
    ends: Vec<u32>,
    /// The original text's characters.
    chars: Vec<char>,
    /// The words of `text`, in order.
    pub words: Vec<Word>,
}

/// A word of the folded text (a run of word characters: bytes `start..end`), with what the
/// original spelling says of its case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Its first letter is a capital.
    pub cap: bool,
    /// Two letters or more, all capitals.
    pub caps: bool,
    /// Digits only.
    pub digits: bool,
    /// Letters and digits (A41, G7).
    pub alnum: bool,
    /// Its [`word_key`], for look-ups.
    pub key: u64,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let bytes = original.as_bytes();
        let mut chars: Vec<char> = Vec::with_capacity(original.len());
        let mut text = String::with_capacity(original.len());
        let mut starts: Vec<u32> = Vec::with_capacity(original.len());
        let mut ends: Vec<u32> = Vec::with_capacity(original.len());
        let mut group = 0; // first byte of the last character's folded form
        let mut pos = 0; // in `original`
        let mut words = Words::default();
        while pos < bytes.len() {
            // the common case, a run of printable ASCII that folds to itself in lower case (one
            // space at most in a row), copied at once
            let run = plain_run(bytes, pos, text.ends_with(' '), text.len(), &mut words);
            if run > pos {
                let (i, n) = (chars.len() as u32, (run - pos) as u32);
                chars.extend(bytes[pos..run].iter().map(|&b| char::from(b)));
                let from = text.len();
                text.push_str(&original[pos..run]);
                text[from..].make_ascii_lowercase();
                starts.extend(i..i + n);
                ends.extend(i + 1..i + n + 1);
                group = text.len() - 1;
                pos = run;
                continue;
            }
            let c = original[pos..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            pos += c.len_utf8();
            let i = chars.len() as u32;
            chars.push(c);
            let before = text.len();
            match c {
                '\n' | '\r' => text.push('\n'),
                c if c.is_whitespace() => {
                    if text.ends_with(' ') {
                        continue;
                    }
                    text.push(' ');
                }
                c => fold_char(c, &mut text),
            }
            if text.len() == before {
                // A character that folds to nothing (a lone combining mark) belongs to the one before.
                for end in &mut ends[group..] {
                    *end = i + 1;
                }
                continue;
            }
            for (k, c) in text[before..].char_indices() {
                words.next(before + k, is_word_char(c));
            }
            group = before;
            starts.resize(text.len(), i);
            ends.resize(text.len(), i + 1);
        }
        words.next(text.len(), false);
        // the case of each word once the ends of its characters are known (a combining mark
        // after a word belongs to its last character)
        let words = words
            .spans
            .iter()
            .map(|&(start, end)| Word {
                key: word_key(&text[start..end]),
                ..case_of(
                    start,
                    end,
                    &chars[starts[start] as usize..ends[end - 1] as usize],
                )
            })
            .collect();
        Folded {
            text,
            starts,
            ends,
            chars,
            words,
        }
    }

    /// The original code-point span of the folded bytes `start..end` (which must not be empty).
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.starts[start] as usize, self.ends[end - 1] as usize)
    }

    /// The `k`-th word (folded) that starts before folded byte `at`, counting back from 1.
    pub fn word_before(&self, at: usize, k: usize) -> Option<&str> {
        let i = self.words.partition_point(|w| w.start < at);
        i.checked_sub(k)
            .and_then(|j| self.words.get(j))
            .map(|w| &self.text[w.start..w.end])
    }

    /// The original character that folded byte `at` came from.
    pub fn original_char(&self, at: usize) -> char {
        self.chars[self.starts[at] as usize]
    }

    /// The original text between code points `start..end`.
    pub fn original(&self, start: usize, end: usize) -> String {
        let chars = &self.chars[start..end];
        if chars.iter().all(char::is_ascii) {
            // one allocation and a copy, not a push per character
            let bytes: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
            return String::from_utf8(bytes).expect("ASCII is UTF-8");
        }
        chars.iter().collect()
    }

    /// The original text's characters.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The first folded byte that comes from original code point `at` or after it (the folded
    /// text's length when there is none).
    pub fn byte_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) < at)
    }
}

/// The end of the run of printable ASCII from byte `pos` of `bytes` that folds to itself in lower
/// case: no control character, no backtick, and no space after a space (nor first, when the folded
/// text so far ends with one: `after_space`). Its words go to `words`, the run starting at folded
/// byte `at`.
fn plain_run(bytes: &[u8], pos: usize, after_space: bool, at: usize, words: &mut Words) -> usize {
    let mut end = pos;
    let mut space = after_space;
    let mut in_word = words.open.is_some();
    while let Some(&b) = bytes.get(end) {
        let class = ASCII_CLASSES.get(usize::from(b)).copied().unwrap_or(0);
        if class & PLAIN == 0 || (b == b' ' && space) {
            break;
        }
        let word = class & (LETTER | DIGIT) != 0;
        if word != in_word {
            words.next(at + end - pos, word);
            in_word = word;
        }
        space = b == b' ';
        end += 1;
    }
    end
}

/// The words of the folded text as it is written: runs of word characters, as byte spans.
#[derive(Default)]
struct Words {
    spans: Vec<(usize, usize)>,
    /// Where the word being read started.
    open: Option<usize>,
}

impl Words {
    /// The folded character at byte `at` is a word character, or not (`at` is the text's length
    /// at its end).
    fn next(&mut self, at: usize, word: bool) {
        match (word, self.open) {
            (true, None) => self.open = Some(at),
            (false, Some(start)) => {
                self.spans.push((start, at));
                self.open = None;
            }
            _ => {}
        }
    }
}

/// The word at folded bytes `start..end`, written `original`.
fn case_of(start: usize, end: usize, original: &[char]) -> Word {
    let (mut letters, mut digits, mut seen) = (0usize, 0usize, 0u8);
    for &c in original {
        let class = match ASCII_CLASSES.get(c as usize) {
            Some(&class) => class,
            None if c.is_lowercase() => LETTER | LOWER,
            None if c.is_alphabetic() => LETTER,
            None => 0,
        };
        letters += usize::from(class & LETTER);
        digits += usize::from(class & DIGIT != 0);
        seen |= class;
    }
    Word {
        start,
        end,
        cap: original.first().is_some_and(|c| c.is_uppercase()),
        caps: letters >= 2 && seen & LOWER == 0,
        digits: digits == original.len(),
        alnum: digits > 0 && letters > 0,
        key: 0,
    }
}

/// What [`case_of`] reads of a character: a letter, a lower-case one, a digit; and whether it is
/// printable ASCII that folds to itself in lower case (no control character, no backtick).
const LETTER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
const PLAIN: u8 = 8;

/// [`LETTER`], [`LOWER`], [`DIGIT`] and [`PLAIN`] of each ASCII character.
static ASCII_CLASSES: [u8; 128] = {
    let mut classes = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        classes[b] = if c.is_ascii_lowercase() {
            LETTER | LOWER
        } else if c.is_ascii_uppercase() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        } | if c >= b' ' && c <= b'~' && c != b'`' {
            PLAIN
        } else {
            0
        };
        b += 1;
    }
    classes
};

/// The pieces of folded `text` between white space (what `split_whitespace` gives: folded text
/// holds no white space but spaces and line breaks), counted up to `limit`.
pub fn pieces(text: &str, limit: usize) -> usize {
    let mut count = 0;
    let mut in_piece = false;
    for &b in text.as_bytes() {
        let space = b == b' ' || b == b'\n';
        if !space && !in_piece {
            count += 1;
            if count >= limit {
                return count;
            }
        }
        in_piece = !space;
    }
    count
}

/// Whether `c` is part of a word (letters and digits of any script).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The byte where the last word of `text` starts: just past its last non-word character (0 when
/// there is none).
pub fn last_word_start(text: &str) -> usize {
    text.char_indices()
        .rfind(|&(_, c)| !is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Whether folded bytes `start..end` of `text` stand as whole words: no word character touches
/// either end.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after = text[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_folded_bytes_back_to_original_code_points() {
        let original = "Le président  Tokaïev\u{00A0}a dit\r\nŒuvre e\u{0301}te\u{0301}";
        let f = Folded::new(original);
        assert_eq!(f.text, "le president tokaiev a dit\n\noeuvre ete");
        let at = f.text.find("tokaiev").unwrap();
        let (s, e) = f.span(at, at + "tokaiev".len());
        assert_eq!(f.original(s, e), "Tokaïev");
        let at = f.text.find("oeuvre").unwrap();
        let (s, e) = f.span(at, at + 2);
        assert_eq!(f.original(s, e), "Œ");
        let at = f.text.find("ete").unwrap();
        let (s, e) = f.span(at, at + 3);
        assert_eq!(f.original(s, e), "e\u{0301}te\u{0301}");
        assert_eq!(f.original_char(at), 'e');
        assert!(is_whole_word(&f.text, at, at + 3));
        assert!(!is_whole_word("tokayevs", 0, 7));
        assert!(is_whole_word("l'otsc", 2, 6));
        assert_eq!(last_word_start("bilan : •armenie"), "bilan : •".len());
        assert_eq!(last_word_start("armenie"), 0);
        for text in [
            "",
            " ",
            "a",
            " a  b\n\nc ",
            "l'otsc , a dit — «oui»",
            "é è\nà",
        ] {
            let all = text.split_whitespace().count();
            assert_eq!(pieces(text, usize::MAX), all, "{text:?}");
            assert_eq!(pieces(text, 2), all.min(2), "{text:?}");
        }
    }

    #[test]
    fn runs_of_ascii_fold_as_single_characters_do() {
        // spaces collapsing across a run's end, a tab after a space, a backtick, a control
        // character (it belongs to the character before, as a combining mark does)
        let original = " Ab  C\t \tD`s E\u{1}F\u{00A0} G\r\nH";
        let f = Folded::new(original);
        assert_eq!(f.text, " ab c d's ef g\n\nh");
        let at = f.text.find("ef").unwrap();
        assert_eq!(f.span(at, at + 1), (13, 15));
        assert_eq!(f.original(13, 16), "E\u{1}F");
        let at = f.text.find("g").unwrap();
        assert_eq!(f.span(at - 1, at + 1), (16, 19));
        let words: Vec<(&str, bool, bool)> = f
            .words
            .iter()
            .map(|w| (&f.text[w.start..w.end], w.cap, w.caps))
            .collect();
        assert_eq!(
            words,
            [
                ("ab", true, false),
                ("c", true, false),
                ("d", true, false),
                ("s", false, false),
                ("ef", true, true),
                ("g", true, false),
                ("h", true, false)
            ]
        );
    }
}
