//! An article's language: the tag its file declares, normalised to BCP 47 ([`normalize_tag`]),
//! checked against detection from the body ([`detect`], with `whatlang`), and settled by
//! [`resolve`].
//!
//! `whatlang` (trigram profiles of 70 languages in 800 KB of source, one dependency: hashbrown)
//! was chosen over `lingua` (more accurate on a sentence or two, but one model crate of 1 to 9
//! MB a language, 120 crates for eight languages, and 1.4 MB/s against whatlang's 14 on the
//! test pages' text): article bodies are paragraphs long, where whatlang is sure and right, and
//! detection reads only their first [`DETECT_BYTES`].

use super::LanguageSource;

/// Below this `whatlang` confidence a detection is [`Detection::Unsure`]. On a paragraph or
/// more whatlang gives 0.9 to 1.0 for the right language (1.0 on every test page); on one
/// sentence or a headline it names the right language but often with 0.2 to 0.6, and on text
/// mixing languages it falls low too: such a guess is not used.
pub const UNSURE_BELOW: f64 = 0.5;

/// A detection this confident (whatlang's own "reliable" mark), on a body of at least
/// [`OVERRIDE_MIN_CHARS`], overrides a declared language that disagrees: site templates often
/// say `lang="en"` on every page, whatever the page's language.
pub const OVERRIDE_AT: f64 = 0.9;

/// See [`OVERRIDE_AT`].
pub const OVERRIDE_MIN_CHARS: usize = 200;

/// The confidence given to a declared language that detection cannot confirm (too little text,
/// or detection unsure); a declared language detection confirms gets 1.
pub const DECLARED_UNCONFIRMED: f64 = 0.8;

/// How much of a body detection reads (whatlang is linear in its input; a few paragraphs are as
/// good as the whole).
pub const DETECT_BYTES: usize = 2048;

/// A language detection: an ISO 639-1 tag (ISO 639-3 for the few languages without one) and
/// whatlang's confidence, 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guess {
    pub tag: &'static str,
    pub confidence: f64,
}

/// What [`detect`] makes of a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Detection {
    /// Confidence at least [`UNSURE_BELOW`].
    Sure(Guess),
    /// Below [`UNSURE_BELOW`], with the best guess if there was one (none for text without
    /// letters).
    Unsure(Option<Guess>),
}

/// Detects the language of the first [`DETECT_BYTES`] of `text`.
pub fn detect(text: &str) -> Detection {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let Some(info) = whatlang::detect(&text[..end]) else {
        return Detection::Unsure(None);
    };
    let guess = Guess {
        tag: iso639_1(info.lang()),
        confidence: info.confidence(),
    };
    if guess.confidence < UNSURE_BELOW {
        Detection::Unsure(Some(guess))
    } else {
        Detection::Sure(guess)
    }
}

/// A language as [`super::Article`] carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub tag: Option<String>,
    pub confidence: f64,
    pub source: LanguageSource,
}

/// Settles an article's language from what its file declares and what its body reads as:
/// - declared, and detection agrees (same primary subtag): the declared tag, confidence 1;
/// - declared, and detection is sure of another language at [`OVERRIDE_AT`] or more on at
///   least [`OVERRIDE_MIN_CHARS`] of body: the detected tag, its confidence, `Detected`;
/// - declared, and detection cannot tell: the declared tag, [`DECLARED_UNCONFIRMED`];
/// - not declared (or not a valid tag): the detected tag when detection is sure, else none
///   (`LanguageSource::None`, confidence 0).
pub fn resolve(declared: Option<&str>, body: &str) -> Resolved {
    let declared = declared.and_then(normalize_tag);
    let detection = detect(body);
    match (declared, detection) {
        (Some(tag), Detection::Sure(guess)) if primary(&tag) == guess.tag => Resolved {
            tag: Some(tag),
            confidence: 1.0,
            source: LanguageSource::Metadata,
        },
        (Some(_), Detection::Sure(guess))
            if guess.confidence >= OVERRIDE_AT && body.chars().count() >= OVERRIDE_MIN_CHARS =>
        {
            detected(guess)
        }
        (Some(tag), _) => Resolved {
            tag: Some(tag),
            confidence: DECLARED_UNCONFIRMED,
            source: LanguageSource::Metadata,
        },
        (None, Detection::Sure(guess)) => detected(guess),
        (None, Detection::Unsure(_)) => Resolved {
            tag: None,
            confidence: 0.0,
            source: LanguageSource::None,
        },
    }
}

fn detected(guess: Guess) -> Resolved {
    Resolved {
        tag: Some(guess.tag.to_string()),
        confidence: guess.confidence,
        source: LanguageSource::Detected,
    }
}

fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// A declared language as a BCP 47 tag: `fr_FR` → `fr-FR`, `EN-gb` → `en-GB`, `de` → `de`,
/// `zh-hant-tw` → `zh-Hant-TW`. `None` for what is not a tag (`und`, `x-default`, `*`, words).
pub fn normalize_tag(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', "-");
    // `content-language` may list several: the first is the page's.
    let raw = raw.split([',', ';', ' ']).next()?;
    let mut parts = raw.split('-');
    let first = parts.next()?.to_ascii_lowercase();
    let primary_ok =
        (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    if !primary_ok || first == "und" || first == "mul" || first == "zxx" {
        return None;
    }
    let mut tag = first;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        tag.push('-');
        match part.len() {
            2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                tag.push_str(&part.to_ascii_uppercase())
            }
            4 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                tag.push_str(&part[..1].to_ascii_uppercase());
                tag.push_str(&part[1..].to_ascii_lowercase());
            }
            _ => tag.push_str(&part.to_ascii_lowercase()),
        }
    }
    Some(tag)
}

/// The ISO 639-1 code of a whatlang language (its ISO 639-3 code where there is none).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    ISO639_1
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or_else(|| lang.code(), |(_, tag)| tag)
}

#[rustfmt::skip]
const ISO639_1: [(whatlang::Lang, &str); 70] = {
    use whatlang::Lang::*;
    [
        (Epo, "eo"), (Eng, "en"), (Rus, "ru"), (Cmn, "zh"), (Spa, "es"), (Por, "pt"), (Ita, "it"),
        (Ben, "bn"), (Fra, "fr"), (Deu, "de"), (Ukr, "uk"), (Kat, "ka"), (Ara, "ar"), (Hin, "hi"),
        (Jpn, "ja"), (Heb, "he"), (Yid, "yi"), (Pol, "pl"), (Amh, "am"), (Jav, "jv"), (Kor, "ko"),
        (Nob, "nb"), (Dan, "da"), (Swe, "sv"), (Fin, "fi"), (Tur, "tr"), (Nld, "nl"), (Hun, "hu"),
        (Ces, "cs"), (Ell, "el"), (Bul, "bg"), (Bel, "be"), (Mar, "mr"), (Kan, "kn"), (Ron, "ro"),
        (Slv, "sl"), (Hrv, "hr"), (Srp, "sr"), (Mkd, "mk"), (Lit, "lt"), (Lav, "lv"), (Est, "et"),
        (Tam, "ta"), (Vie, "vi"), (Urd, "ur"), (Tha, "th"), (Guj, "gu"), (Uzb, "uz"), (Pan, "pa"),
        (Aze, "az"), (Ind, "id"), (Tel, "te"), (Pes, "fa"), (Mal, "ml"), (Ori, "or"), (Mya, "my"),
        (Nep, "ne"), (Sin, "si"), (Khm, "km"), (Tuk, "tk"), (Aka, "ak"), (Zul, "zu"), (Sna, "sn"),
        (Afr, "af"), (Lat, "la"), (Slk, "sk"), (Cat, "ca"), (Tgl, "tl"), (Hye, "hy"), (Cym, "cy"),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;

    const FRENCH: &str = "Environ 600 habitants de la vallée ont été évacués dans la nuit de \
        dimanche à lundi, après une crue d'une ampleur inédite depuis 1998. Les personnes \
        évacuées ont été accueillies dans deux gymnases et dans la salle des fêtes.";

    #[test]
    fn tags_are_normalised() {
        let cases = [
            ("fr_FR", Some("fr-FR")),
            ("EN-gb", Some("en-GB")),
            (" de ", Some("de")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("en-US,en;q=0.9", Some("en-US")),
            ("und", None),
            ("x-default", None),
            ("English", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_tag(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn detection_of_a_paragraph_is_sure_and_of_a_word_is_not() {
        let Detection::Sure(guess) = detect(FRENCH) else {
            panic!("unsure of French")
        };
        assert_eq!(guess.tag, "fr");
        assert!(guess.confidence >= OVERRIDE_AT, "{guess:?}");
        assert!(matches!(detect("ok"), Detection::Unsure(_)));
        assert_eq!(detect("1234 — 5678"), Detection::Unsure(None));
    }

    #[test]
    fn resolution_rules() {
        let agree = resolve(Some("fr_FR"), FRENCH);
        assert_eq!(
            (agree.tag.as_deref(), agree.confidence, agree.source),
            (Some("fr-FR"), 1.0, LanguageSource::Metadata)
        );
        let mislabelled = resolve(Some("en"), FRENCH);
        assert_eq!(
            (mislabelled.tag.as_deref(), mislabelled.source),
            (Some("fr"), LanguageSource::Detected)
        );
        let unconfirmed = resolve(Some("en"), "ok");
        assert_eq!(
            (unconfirmed.tag.as_deref(), unconfirmed.confidence),
            (Some("en"), DECLARED_UNCONFIRMED)
        );
        let detected = resolve(None, FRENCH);
        assert_eq!(
            (detected.tag.as_deref(), detected.source),
            (Some("fr"), LanguageSource::Detected)
        );
        let none = resolve(Some("und"), "ok");
        assert_eq!(
            (none.tag, none.confidence, none.source),
            (None, 0.0, LanguageSource::None)
        );
    }
}
