//! Code-point offsets into source text.
//!
//! Offsets everywhere in factstore are 0-based Unicode code-point offsets, end exclusive (what
//! sqlite3's `substr()` and Python's `str` slicing use). Rust strings index by byte, so a
//! [`SourceText`] keeps the byte position of every code point to slice and to convert both ways
//! in constant time.

use unicode_normalization::char::is_combining_mark;

/// A text with a code-point index.
#[derive(Debug)]
pub struct SourceText {
    body: String,
    /// Byte offset of each code point, plus `body.len()` at the end.
    bounds: Vec<u32>,
}

/// Where a piece of text stands in a source, or why it cannot be placed.
#[derive(Debug, PartialEq, Eq)]
pub enum Placement {
    /// Found once, at these code-point offsets.
    At(usize, usize),
    NotFound,
    /// Found this many times: offsets are needed to say which.
    Ambiguous(usize),
}

impl SourceText {
    pub fn new(body: String) -> Self {
        let mut bounds: Vec<u32> = body.char_indices().map(|(i, _)| i as u32).collect();
        bounds.push(body.len() as u32);
        SourceText { body, bounds }
    }

    pub fn body(&self) -> &str {
        &self.body
    }

    /// Length in code points.
    pub fn chars(&self) -> usize {
        self.bounds.len() - 1
    }

    /// The text between code-point offsets `start..end`, or `None` when they do not fit the text.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end || end > self.chars() {
            return None;
        }
        Some(&self.body[self.bounds[start] as usize..self.bounds[end] as usize])
    }

    /// The code-point offset of byte offset `byte`, which must lie on a character boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        self.bounds.partition_point(|&b| (b as usize) < byte)
    }

    /// Places `needle` in the text: found once, not at all, or several times. Occurrences that
    /// overlap count one by one ("aa" is twice in "aaa"), and a match that would cut a letter from
    /// a combining mark after it (`e` in `e\u{301}`, or `\u{301}` alone) is not the text: it
    /// does not count.
    pub fn place(&self, needle: &str) -> Placement {
        let mut found = self.occurrences(needle);
        match (found.next(), found.next()) {
            (None, _) => Placement::NotFound,
            (Some(byte), None) => {
                let start = self.char_offset(byte);
                Placement::At(start, start + needle.chars().count())
            }
            (Some(_), Some(_)) => Placement::Ambiguous(2 + found.count()),
        }
    }

    /// The byte offsets where `needle` (not empty) stands, overlapping ones included, but for
    /// those that cut a combining mark from its letter.
    fn occurrences<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut from = (!needle.is_empty()).then_some(0);
        std::iter::from_fn(move || loop {
            let at = from? + self.body[from?..].find(needle)?;
            // The next search starts at the next character, so that overlapping matches count.
            from = Some(at + self.body[at..].chars().next().map_or(1, char::len_utf8));
            if !self.splits_marks(at) && !self.splits_marks(at + needle.len()) {
                return Some(at);
            }
        })
    }

    /// Which of code-point offsets `start` and `end` falls between a character and a combining
    /// mark after it, if either does: a span there would cut a letter from its accent.
    pub fn cut_mark(&self, start: usize, end: usize) -> Option<usize> {
        [start, end]
            .into_iter()
            .find(|&at| at <= self.chars() && self.splits_marks(self.bounds[at] as usize))
    }

    /// Whether byte offset `byte` (a character boundary) falls before a combining mark that
    /// follows a character.
    fn splits_marks(&self, byte: usize) -> bool {
        byte > 0
            && self.body[byte..]
                .chars()
                .next()
                .is_some_and(is_combining_mark)
    }

    /// The character at code-point offset `at`, if the text is that long.
    pub fn char_at(&self, at: usize) -> Option<char> {
        self.slice(at, at + 1).and_then(|s| s.chars().next())
    }
}

impl SourceText {
    /// The sentence around code points `start..end`: from just after the previous full stop, `!`,
    /// `?` or line break to the next one (at most 300 characters each way), on one line.
    pub fn sentence_around(&self, start: usize, end: usize) -> String {
        const REACH: usize = 300;
        let len = self.chars();
        let at = |i: usize| self.body[self.bounds[i] as usize..].chars().next();
        let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let ends_at = |i: usize| {
            at(i).is_some_and(|c| {
                c == '\n' || (ends(c) && at(i + 1).is_none_or(char::is_whitespace))
            })
        };
        let mut from = start.min(len);
        while from > 0 && start - from < REACH && !ends_at(from - 1) {
            from -= 1;
        }
        let mut to = end.min(len);
        while to < len && to - end < REACH && at(to) != Some('\n') {
            to += 1;
            if ends_at(to - 1) {
                break;
            }
        }
        let sentence: String = self
            .slice(from, to)
            .unwrap_or_default()
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        sentence.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_span() {
        let text = SourceText::new(
            "Titre\nIl y a eu 26 morts. Plus de 3\u{00A0}700 arrestations ont été signalées. Fin"
                .to_string(),
        );
        let at = text.body().chars().position(|c| c == '3').unwrap();
        assert_eq!(
            text.sentence_around(at, at + 5),
            "Plus de 3 700 arrestations ont été signalées."
        );
        assert_eq!(text.sentence_around(13, 15), "Il y a eu 26 morts.");
        assert_eq!(text.sentence_around(0, 5), "Titre");
    }

    #[test]
    fn slices_and_places_by_code_point() {
        let text = SourceText::new("Le président Tokaïev a dit « 3\u{00A0}700 »".to_string());
        assert_eq!(text.chars(), 36);
        assert_eq!(text.slice(13, 20), Some("Tokaïev"));
        assert_eq!(text.slice(29, 34), Some("3\u{00A0}700"));
        assert_eq!(text.slice(30, 37), None);
        assert_eq!(text.slice(5, 4), None);
        assert_eq!(text.place("Tokaïev"), Placement::At(13, 20));
        assert_eq!(text.place("3\u{00A0}700"), Placement::At(29, 34));
        assert_eq!(text.place("e"), Placement::Ambiguous(3));
        assert_eq!(text.place("Poutine"), Placement::NotFound);
    }

    #[test]
    fn overlapping_occurrences_count_apart() {
        let text = SourceText::new("Il y a 1 111 morts et 11 blessés".to_string());
        assert_eq!(text.place("11"), Placement::Ambiguous(3));
        assert_eq!(text.place("1 11"), Placement::At(7, 11));
        let text = SourceText::new("ananas".to_string());
        assert_eq!(text.place("ana"), Placement::Ambiguous(2));
        assert_eq!(text.place("nas"), Placement::At(3, 6));
    }

    #[test]
    fn a_match_may_not_cut_a_letter_from_its_mark() {
        // "Tokaïev" with a combining diaeresis, then "Tokai" alone.
        let text = SourceText::new("Tokai\u{308}ev et Tokai".to_string());
        assert_eq!(text.place("Tokai"), Placement::At(12, 17));
        assert_eq!(text.place("Tokai\u{308}"), Placement::At(0, 6));
        assert_eq!(text.place("\u{308}ev"), Placement::NotFound);
        assert_eq!(text.cut_mark(0, 5), Some(5));
        assert_eq!(text.cut_mark(5, 8), Some(5));
        assert_eq!(text.cut_mark(0, 6), None);
        assert_eq!(text.cut_mark(12, 17), None);
        // A text may begin with a mark: nothing is cut before it.
        assert_eq!(SourceText::new("\u{301}a".to_string()).cut_mark(0, 2), None);
    }
}
