//! Code-point offsets into source text.
//!
//! Offsets everywhere in factstore are 0-based Unicode code-point offsets, end exclusive (what
//! sqlite3's `substr()` and Python's `str` slicing use). Rust strings index by byte, so a
//! [`SourceText`] keeps the byte position of every code point to slice and to convert both ways
//! in constant time.

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

    /// Places `needle` in the text: found once, not at all, or several times.
    pub fn place(&self, needle: &str) -> Placement {
        let mut found = self.body.match_indices(needle).map(|(i, _)| i);
        match (found.next(), found.next()) {
            (None, _) => Placement::NotFound,
            (Some(byte), None) => {
                let start = self.char_offset(byte);
                Placement::At(start, start + needle.chars().count())
            }
            (Some(_), Some(_)) => Placement::Ambiguous(2 + found.count()),
        }
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
}
