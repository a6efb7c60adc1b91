//! Sentence and paragraph boundaries in folded text, which attribution and figures stay within.
//!
//! A line break ends a paragraph (and its sentence). `.`, `!`, `?` or `…` end a sentence when
//! white space and then a capital letter, a digit, an opening quote or a dash follow (closing
//! quotes and brackets may come between), unless the word before the full stop is an abbreviation
//! of the lexicon (`Mr.`, `M.`) or a single capital letter (an initial).

use foldhash::HashSet;

use super::folded::Folded;

/// A span of folded bytes.
pub type Range = (usize, usize);

/// The sentences of `f`, in order, as folded byte ranges without surrounding white space.
pub fn split(f: &Folded, abbreviations: &HashSet<String>) -> Vec<Range> {
    let text = f.text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |start: usize, end: usize, sentences: &mut Vec<Range>| {
        let s = &f.text[start..end];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if start + lead < end - trail {
            sentences.push((start + lead, end - trail));
        }
    };
    while let Some(k) = text[i..]
        .iter()
        .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?'))
    {
        i += k;
        match text[i] {
            b'\n' => {
                push(start, i, &mut sentences);
                start = i + 1;
            }
            b'.' | b'!' | b'?' => {
                let mut j = i;
                while j < text.len() && matches!(text[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                // closing quotes and brackets that belong to this sentence (French puts a space
                // before »)
                let mut end = j;
                for (k, c) in f.text[j..].char_indices() {
                    match c {
                        ' ' => {}
                        // a straight quote right before a word opens the next sentence: `. "We`
                        '"' | '\''
                            if f.text[j + k + 1..]
                                .chars()
                                .next()
                                .is_some_and(|n| !n.is_whitespace()) =>
                        {
                            break
                        }
                        '"' | '\'' | ')' | ']' | '»' | '”' | '›' => end = j + k + c.len_utf8(),
                        _ => break,
                    }
                }
                let j = end;
                let after = &f.text[j..];
                let spaced = after.starts_with(' ');
                let next = after.trim_start_matches(' ');
                let k = f.text.len() - next.len();
                let opens = next.chars().next().is_some_and(|c| {
                    matches!(
                        c,
                        '"' | '\'' | '«' | '“' | '„' | '‹' | '(' | '[' | '-' | '—' | '–'
                    ) || c.is_ascii_digit()
                }) || (k < f.text.len() && f.original_char(k).is_uppercase());
                if spaced && opens && !abbreviation(&f.text[start..i + 1], f, i, abbreviations) {
                    push(start, j, &mut sentences);
                    start = j;
                }
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    push(start, text.len(), &mut sentences);
    sentences
}

/// Whether the word ending with the full stop at folded byte `dot` (the last byte of `head`) is an
/// abbreviation or an initial.
fn abbreviation(head: &str, f: &Folded, dot: usize, abbreviations: &HashSet<String>) -> bool {
    let word_start = head.rfind([' ', '\n', '(', '"', '«', '“']).map_or(0, |p| {
        p + head[p..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &head[word_start..];
    if abbreviations.contains(word) {
        return true;
    }
    let letters: Vec<char> = word[..word.len() - 1].chars().collect();
    letters.len() == 1 && letters[0].is_alphabetic() && f.original_char(dot - 1).is_uppercase()
}

/// The index of the sentence that contains folded byte `at` (the last one starting at or before it).
pub fn containing(sentences: &[Range], at: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.0 <= at);
    (i > 0).then(|| i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let f = Folded::new(text);
        let abbreviations: HashSet<String> =
            ["mr.".to_string(), "m.".to_string()].into_iter().collect();
        split(&f, &abbreviations)
            .into_iter()
            .map(|(s, e)| f.text[s..e].to_string())
            .collect()
    }

    #[test]
    fn a_straight_quote_after_a_full_stop_opens_the_next_sentence() {
        assert_eq!(
            sentences("They stopped the cranes. \"We will stay,\" he said. 'Yes.' Then more."),
            [
                "they stopped the cranes.",
                "\"we will stay,\" he said.",
                "'yes.'",
                "then more."
            ]
        );
    }

    #[test]
    fn splits_at_full_stops_before_capitals_and_at_line_breaks() {
        assert_eq!(
            sentences("Mr. Tokayev spoke. « Ils continuent. » Il a expliqué 3.5 fois.\nTitre sans point\nJ. Smith a dit ? Oui."),
            [
                "mr. tokayev spoke.",
                "« ils continuent. »",
                "il a explique 3.5 fois.",
                "titre sans point",
                "j. smith a dit ?",
                "oui."
            ]
        );
    }
}
