//! Direct quotes: the spans between quotation marks, found on the original characters (folding
//! would turn ‘ ’ into apostrophes).
//!
//! Marks: « » and ‹ ›, “ ”, „ “, ‘ ’, and straight ", whose role is read from its neighbours
//! (after a space and before a letter it opens; after a letter and before a space or punctuation it
//! closes; between two spaces it closes an open straight quote). Quotes nest; only the outermost is
//! a statement. A closing mark that matches nothing is ignored, and a quote still open at the end
//! of its paragraph ends there, so an unbalanced mark never swallows the rest of the article.

use unicode_normalization::char::is_combining_mark;

/// A quotation found in the text, in code points of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The opening mark.
    pub open: usize,
    /// Just past the closing mark (or the end of the paragraph).
    pub close: usize,
    /// The quoted words, without surrounding white space or stray marks.
    pub inner: (usize, usize),
    /// Number of words in the quoted text.
    pub words: usize,
}

/// How deeply quotes may nest.
const MAX_DEPTH: usize = 4;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Guillemet,
    Single,
    Curly,
    Low,
    Straight,
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '«' | '»' | '‹' | '›' | '“' | '”' | '„' | '‘' | '’' | '"')
}

/// Finds the outermost quotations of `chars`.
pub fn find(chars: &[char]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut stack: Vec<(Mark, usize)> = Vec::new();
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    // every other character leaves the quotes as they are
    let marks = chars
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == '\n' || is_quote_mark(c));
    for (i, &c) in marks {
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = at(i + 1);
        let action = match c {
            '\n' => {
                if let Some(&(_, open)) = stack.first() {
                    quotes.extend(quote(chars, open, i, false));
                }
                stack.clear();
                continue;
            }
            '«' | '‹' => Some((Mark::Guillemet, true)),
            '»' | '›' => Some((Mark::Guillemet, false)),
            // German quotes open with „ and close with “, which opens English ones
            '„' => Some((Mark::Low, true)),
            '“' if stack.iter().any(|(m, _)| *m == Mark::Low) => Some((Mark::Low, false)),
            '“' => Some((Mark::Curly, true)),
            '”' => Some((Mark::Curly, false)),
            '‘' if !next.is_whitespace() => Some((Mark::Single, true)),
            '’' if stack.iter().any(|(m, _)| *m == Mark::Single) && !next.is_alphanumeric() => {
                Some((Mark::Single, false))
            }
            '"' => {
                let opener =
                    (prev.is_whitespace() || "([{—–-:/".contains(prev) || is_quote_mark(prev))
                        && !next.is_whitespace();
                let closer = !prev.is_whitespace()
                    && (next.is_whitespace()
                        || next.is_ascii_punctuation()
                        || is_quote_mark(next)
                        || i + 1 == chars.len());
                let open_straight = stack.iter().any(|(m, _)| *m == Mark::Straight);
                if open_straight {
                    Some((Mark::Straight, opener && !closer))
                } else if opener {
                    Some((Mark::Straight, true))
                } else {
                    None
                }
            }
            _ => None,
        };
        match action {
            // deeper nesting than any text needs is read as text, so that marks cost no more
            // than a few steps each
            Some((_, true)) if stack.len() >= MAX_DEPTH => {}
            Some((mark, true)) => stack.push((mark, i)),
            Some((mark, false)) => {
                if let Some(depth) = stack.iter().rposition(|(m, _)| *m == mark) {
                    let open = stack[depth].1;
                    stack.truncate(depth);
                    if stack.is_empty() {
                        quotes.extend(quote(chars, open, i + 1, true));
                    }
                }
            }
            None => {}
        }
    }
    if let Some(&(_, open)) = stack.first() {
        quotes.extend(quote(chars, open, chars.len(), false));
    }
    quotes
}

/// The quote opened at `open` and closed just before `close` (`closed`: by a mark at `close - 1`).
fn quote(chars: &[char], open: usize, close: usize, closed: bool) -> Option<Quote> {
    let mut start = open + 1;
    let mut end = if closed { close - 1 } else { close };
    // blanks, and the combining marks that belong to the mark or a blank ("«\u{320}pour")
    while start < end && (chars[start].is_whitespace() || is_combining_mark(chars[start])) {
        start += 1;
    }
    while end > start
        && (chars[end - 1].is_whitespace() || (!closed && is_quote_mark(chars[end - 1])))
    {
        end -= 1;
    }
    let text = &chars[start..end];
    let words = text
        .split(|c| c.is_whitespace())
        .filter(|w| w.iter().any(|c| c.is_alphanumeric()))
        .count();
    (words > 0).then_some(Quote {
        open,
        close,
        inner: (start, end),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<(String, usize)> {
        let chars: Vec<char> = text.chars().collect();
        find(&chars)
            .into_iter()
            .map(|q| (chars[q.inner.0..q.inner.1].iter().collect(), q.words))
            .collect()
    }

    #[test]
    fn finds_quotes_of_every_kind() {
        assert_eq!(
            quoted("Il a dit «\u{00A0}tirer pour tuer\u{00A0}» et “shoot to kill” puis ‘ok then’ l’armée."),
            [("tirer pour tuer".to_string(), 3), ("shoot to kill".to_string(), 3), ("ok then".to_string(), 2)]
        );
    }

    #[test]
    fn nested_straight_quotes_stay_inside_the_outer_one() {
        assert_eq!(
            quoted(
                r#""Des individus qui se disent "manifestants", malgré tout, " a déclaré Tokayev."#
            ),
            [(
                r#"Des individus qui se disent "manifestants", malgré tout,"#.to_string(),
                8
            )]
        );
    }

    #[test]
    fn an_unclosed_quote_ends_with_its_paragraph() {
        assert_eq!(
            quoted(
                "Le message dit : « L'opération est menée. Fin.\"\nParagraphe suivant, « court »."
            ),
            [
                ("L'opération est menée. Fin.".to_string(), 4),
                ("court".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_combining_mark_after_the_opening_mark_stays_out_of_the_quote() {
        // the mark belongs to « (a span starting at it would cut it from its character)
        assert_eq!(
            quoted("Il a dit «\u{320}pour une durée limitée » hier."),
            [("pour une durée limitée".to_string(), 4)]
        );
    }

    #[test]
    fn a_stray_closing_mark_is_ignored() {
        assert_eq!(
            quoted("du Kazakhstan\", reconnu » comme « extrémiste »"),
            [("extrémiste".to_string(), 1)]
        );
    }
}
