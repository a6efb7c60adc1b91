//! Match keys: text folded for case, accents, apostrophe, dash and space variants, so that
//! "Tokaïev", "TOKAIEV" and "tokaiev" meet, as do "l’OTSC" and "l'OTSC".
//!
//! The key is what `aliases.match_key` and `entities.match_key` store and what `--entity`-style
//! filters compare against. Letters without a decomposition (ß, æ, œ, ø, ł, đ, ı) are spelled out
//! in ASCII; other scripts stay as they are, lower-cased.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns the match key of `text`: NFKD, combining marks dropped, lower case, every apostrophe
/// variant as `'`, every dash as `-`, every run of white space as one space, trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        fold_char(c, &mut out);
    }
    out
}

/// Appends the folded form of one character that is not white space: nothing for a combining
/// mark, otherwise its compatibility decomposition without marks, lower-cased, with apostrophe and
/// dash variants unified.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '`' => '\'',
            c => c.to_ascii_lowercase(),
        });
        return;
    }
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => {
                out.push('\'')
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            d if d.is_whitespace() => out.push(' '),
            d => out.extend(d.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_punctuation_variants() {
        let cases = [
            ("Tokaïev", "tokaiev"),
            ("TOKAYEV", "tokayev"),
            ("Qassim-Jomart Tokayev", "qassim-jomart tokayev"),
            (
                "Qassim\u{2010}Jomart\u{00A0}Tokayev",
                "qassim-jomart tokayev",
            ),
            ("  l’OTSC\u{202F} ", "l'otsc"),
            (
                "Organisation du traité de sécurité collective",
                "organisation du traite de securite collective",
            ),
            ("Œuvre Straße", "oeuvre strasse"),
            ("Łódź", "lodz"),
            ("Токаев", "токаев"),
        ];
        for (input, key) in cases {
            assert_eq!(fold(input), key, "fold({input:?})");
        }
    }
}
