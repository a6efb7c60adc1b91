//! A source text folded for matching, with the way back to the original's code-point offsets.
//!
//! Matching runs on the folded text (lower case, no accents, one apostrophe, one dash, one space;
//! see [`crate::fold`]), where "Tokaïev", "TOKAIEV" and "Tokaiev" are the same bytes; every hit is
//! then mapped back to the span of the original text it came from. Line breaks stay line breaks
//! (they end paragraphs); other runs of white space become one space.

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
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let chars: Vec<char> = original.chars().collect();
        let mut text = String::with_capacity(original.len());
        let mut starts: Vec<u32> = Vec::with_capacity(original.len());
        let mut ends: Vec<u32> = Vec::with_capacity(original.len());
        let mut group = 0; // first byte of the last character's folded form
        for (i, &c) in chars.iter().enumerate() {
            let i = i as u32;
            if c.is_ascii()
                && (!c.is_ascii_control() || matches!(c, '\n' | '\r' | '\t' | '\x0B' | '\x0C'))
            {
                // the common case, without the general path's decomposition (which drops the
                // other control characters)
                let b = match c {
                    '\n' | '\r' => '\n',
                    ' ' | '\t' | '\x0B' | '\x0C' if text.ends_with(' ') => continue,
                    ' ' | '\t' | '\x0B' | '\x0C' => ' ',
                    '`' => '\'',
                    c => c.to_ascii_lowercase(),
                };
                group = text.len();
                text.push(b);
                starts.push(i);
                ends.push(i + 1);
                continue;
            }
            let before = text.len();
            if c.is_whitespace() {
                if text.ends_with(' ') {
                    continue;
                }
                text.push(' ');
            } else {
                fold_char(c, &mut text);
            }
            if text.len() == before {
                // A character that folds to nothing (a lone combining mark) belongs to the one before.
                for end in &mut ends[group..] {
                    *end = i + 1;
                }
                continue;
            }
            group = before;
            starts.resize(text.len(), i);
            ends.resize(text.len(), i + 1);
        }
        let words = words(&text, &starts, &ends, &chars);
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

    /// The original character that folded byte `at` came from.
    pub fn original_char(&self, at: usize) -> char {
        self.chars[self.starts[at] as usize]
    }

    /// The original text between code points `start..end`.
    pub fn original(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
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

/// The words of folded `text`, read in one pass, each with the case of its original characters
/// (`starts` and `ends` map its bytes to `chars`).
fn words(text: &str, starts: &[u32], ends: &[u32], chars: &[char]) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() {
            let (c, n) = char_at(text, i);
            if !is_word_char(c) {
                break;
            }
            i += n;
        }
        if i == start {
            i += char_at(text, i).1;
            continue;
        }
        out.push(case_of(
            start,
            i,
            &chars[starts[start] as usize..ends[i - 1] as usize],
        ));
    }
    out
}

/// The character at byte `i` of `text` and its length in bytes.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = text[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        (c, c.len_utf8())
    }
}

/// The word at folded bytes `start..end`, written `original`.
fn case_of(start: usize, end: usize, original: &[char]) -> Word {
    let (mut letters, mut lower, mut digits) = (0usize, false, 0usize);
    for &c in original {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
            lower |= c.is_ascii_lowercase();
            digits += usize::from(c.is_ascii_digit());
        } else {
            letters += usize::from(c.is_alphabetic());
            lower |= c.is_lowercase();
        }
    }
    Word {
        start,
        end,
        cap: original.first().is_some_and(|c| c.is_uppercase()),
        caps: letters >= 2 && !lower,
        digits: digits == original.len(),
        alnum: digits > 0 && letters > 0,
    }
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
    }
}
