//! Match keys: text folded for case, accents, apostrophe, dash and space variants, so that
//! "Tokaïev", "TOKAIEV" and "tokaiev" meet, as do "l’OTSC" and "l'OTSC".
//!
//! The key is what `aliases.match_key` and `entities.match_key` store and what `--entity`-style
//! filters compare against. Letters without a decomposition (ß, æ, œ, ø, ł, đ, ı) are spelled out
//! in ASCII; other scripts stay as they are, lower-cased. What shows nothing is left out: combining
//! marks (once decomposed), control characters and the code points Unicode says to ignore where
//! they are not supported (zero-width spaces and joiners, the soft hyphen, direction marks, ...),
//! so that "Toka\u{AD}yev" is "tokayev", and a name of such characters only has an empty key.

use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns the match key of `text`: NFKD, combining marks and invisible characters dropped, lower
/// case, every apostrophe variant as `'`, every dash as `-`, every run of white space as one
/// space, trimmed.
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

/// The match key of `text` (a name, an alias, a term of the lexicon) when it has one: `text` made
/// of invisible characters and combining marks only (`"\u{200B}"`, `"\u{301}"`) folds to nothing,
/// and would name nothing; `text` without a letter or digit (`"%"`, `"—"`) is no word the
/// extractor could find. The error says which.
pub fn visible_key(text: &str) -> Result<String, String> {
    let key = fold(text);
    if key.is_empty() {
        return Err(format!(
            "{} is empty once folded: it holds only invisible characters (zero-width spaces or joiners, controls, marks without a letter)",
            crate::csvin::quoted(text)
        ));
    }
    if !key.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "{} has no letter or digit: names and terms are found as words, and this one would never be",
            crate::csvin::quoted(text)
        ));
    }
    Ok(key)
}

/// Whether `c` shows nothing: a control character, or a default-ignorable code point (Unicode's
/// DerivedCoreProperties: a zero-width space or joiner, the soft hyphen, a direction mark or
/// embedding, a variation selector, a tag, the Hangul fillers, ...).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Appends the folded form of one character that is not white space: nothing for a combining
/// mark or an invisible character ([`is_invisible`]), otherwise its compatibility decomposition
/// without marks, lower-cased, with apostrophe and dash variants unified.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if !c.is_ascii_control() {
            out.push(match c {
                '`' => '\'',
                c => c.to_ascii_lowercase(),
            });
        }
        return;
    }
    match FOLDED.get(c) {
        Some(folded) => out.push_str(folded),
        None => decompose(c, out),
    }
}

/// The folded forms of the characters that texts hold most beyond ASCII, each computed once by
/// [`decompose`] (which spends hundreds of instructions on one accented letter): U+0080–U+07FF
/// (Latin, Greek, Cyrillic, Hebrew, Arabic, ...) and U+2000–U+206F (quotation marks, dashes,
/// spaces).
static FOLDED: LazyLock<FoldTable> = LazyLock::new(|| {
    let mut folded = FoldTable {
        text: String::new(),
        ends: Vec::new(),
    };
    for range in FoldTable::RANGES {
        for code in range.clone() {
            if let Some(c) = char::from_u32(code) {
                decompose(c, &mut folded.text);
            }
            folded.ends.push(folded.text.len() as u32);
        }
    }
    folded
});

/// The folded forms of [`FoldTable::RANGES`], one after the other, and where each ends.
struct FoldTable {
    text: String,
    ends: Vec<u32>,
}

impl FoldTable {
    const RANGES: [std::ops::Range<u32>; 2] = [0x80..0x800, 0x2000..0x2070];

    fn get(&self, c: char) -> Option<&str> {
        let mut index = 0;
        for range in &Self::RANGES {
            let code = u32::from(c);
            if range.contains(&code) {
                let i = index + (code - range.start) as usize;
                let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
                return Some(&self.text[start..self.ends[i] as usize]);
            }
            index += range.len();
        }
        None
    }
}

/// [`fold_char`] of a character beyond ASCII, through its decomposition.
fn decompose(c: char, out: &mut String) {
    if is_invisible(c) {
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
    use super::{decompose, fold, fold_char, visible_key};

    #[test]
    fn the_table_of_folded_characters_says_what_their_decomposition_does() {
        for code in (0x70..0x900).chain(0x1F00..0x2100) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let (mut table, mut slow) = (String::new(), String::new());
            fold_char(c, &mut table);
            if c.is_ascii() {
                continue;
            }
            decompose(c, &mut slow);
            assert_eq!(table, slow, "U+{code:04X}");
        }
    }

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
            // What shows nothing is left out.
            ("Toka\u{AD}yev\u{200B}", "tokayev"),
            ("\u{200E}Tokayev\u{2069}", "tokayev"),
            ("Tok\u{200D}ayev", "tokayev"),
            ("\u{200B}\u{FEFF}\u{2060}", ""),
            ("\u{301}\u{1}", ""),
        ];
        for (input, key) in cases {
            assert_eq!(fold(input), key, "fold({input:?})");
        }
        assert_eq!(visible_key("Tokaïev"), Ok("tokaiev".to_string()));
        assert_eq!(
            visible_key("\u{200B}\u{200D}").unwrap_err(),
            "\"\\u{200b}\\u{200d}\" is empty once folded: it holds only invisible characters (zero-width spaces or joiners, controls, marks without a letter)"
        );
        assert_eq!(
            visible_key("% !").unwrap_err(),
            "\"% !\" has no letter or digit: names and terms are found as words, and this one would never be"
        );
        assert_eq!(visible_key("#MeToo"), Ok("#metoo".to_string()));
    }
}
