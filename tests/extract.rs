//! The extractor on passages written for these tests (not the seeds): the forms of French and
//! English the seeds lack, a third language given only as lexicon rows, exclusions, and hostile
//! text. Each test builds the extractor from a few entities, the built-in lexicon and the seeds'
//! own lexicon rows.

use std::path::Path;

use factstore::extract::{Extraction, Extractor, Knowledge, LexItem, LexKind};
use factstore::model::{EntityId, EntityKind, LexiconEntry, SourceId, Vocabulary};

/// The source id the passages are extracted as.
const SOURCE: SourceId = SourceId(1);

/// The entities of these tests: (id, key, kind, name, aliases).
const ENTITIES: &[(i64, &str, &str, &str, &[&str])] = &[
    (
        1,
        "tokayev",
        "person",
        "Kassym-Jomart Tokayev",
        &["Tokayev", "Tokaïev", "Tokajew", "Kassym-Jomart Tokaïev"],
    ),
    (
        2,
        "csto",
        "organization",
        "Collective Security Treaty Organization",
        &["CSTO", "OTSC"],
    ),
    (3, "almaty", "place", "Almaty", &["Alma-Ata"]),
    (
        4,
        "interior-ministry",
        "organization",
        "Ministry of Internal Affairs",
        &["ministère de l'Intérieur", "Interior Ministry"],
    ),
    (
        5,
        "protesters",
        "group",
        "protesters",
        &["manifestants", "Demonstranten"],
    ),
    (6, "police", "group", "police", &["policiers"]),
    (
        7,
        "putin",
        "person",
        "Vladimir Putin",
        &["Putin", "Poutine"],
    ),
    (8, "atyrau", "place", "Atyrau", &[]),
    (
        9,
        "authorities",
        "organization",
        "Kazakh authorities",
        &["authorities", "autorités"],
    ),
    (10, "mir-24", "organization", "Mir 24", &[]),
    (11, "russia", "place", "Russia", &["Russie"]),
];

/// The key of entity `id`, or `(discovered)` for a name the names finder discovered (a
/// provisional id: no entity has it yet).
fn key(id: EntityId) -> &'static str {
    if id.0 < 0 {
        return "(discovered)";
    }
    ENTITIES.iter().find(|e| e.0 == id.0).map(|e| e.1).unwrap()
}

/// The lexicon rows of `path` (a lexicon CSV) as the extractor takes them.
fn lexicon(path: &Path) -> Vec<(String, LexKind, String, LexItem)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let number = |r: &csv::StringRecord, name: &str| {
        r.get(col(name))
            .filter(|v| !v.is_empty())
            .map(|v| v.parse().unwrap())
    };
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let kind = LexKind::parse(&r[col("kind")]).unwrap();
            let code = Some(r[col("code")].to_string()).filter(|c| !c.is_empty());
            let item = LexItem {
                kind,
                code,
                value: number(&r, "value"),
                low: number(&r, "low"),
                high: number(&r, "high"),
            };
            (
                r[col("language")].to_string(),
                kind,
                r[col("term")].to_string(),
                item,
            )
        })
        .collect()
}

fn extractor_with(lexicon_rows: Vec<(String, LexKind, String, LexItem)>) -> Extractor {
    let entities: Vec<(EntityId, EntityKind, String)> = ENTITIES
        .iter()
        .map(|e| {
            (
                EntityId(e.0),
                EntityKind::parse(e.2).unwrap(),
                e.3.to_string(),
            )
        })
        .collect();
    let aliases: Vec<(EntityId, String)> = ENTITIES
        .iter()
        .flat_map(|e| e.4.iter().map(move |a| (EntityId(e.0), a.to_string())))
        .collect();
    let lexicon = lexicon_rows
        .into_iter()
        .map(|(language, kind, term, item)| LexiconEntry {
            language,
            kind,
            term,
            code: item.code,
            value: item.value,
            low: item.low,
            high: item.high,
            origin: factstore::model::Provenance::Curated,
        })
        .collect();
    Extractor::new(&Knowledge {
        entities,
        aliases,
        lexicon,
        rejected: Default::default(),
    })
}

/// The extractor of the test entities with the built-in lexicon and the seeds' own rows.
fn extractor() -> Extractor {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rows = lexicon(&root.join("knowledge/lexicon.csv"));
    rows.extend(lexicon(&root.join("seeds/lexicon.csv")));
    extractor_with(rows)
}

/// Every span of `found` lies on `text` as the offset rule says.
fn assert_offsets(text: &str, found: &Extraction) {
    let chars: Vec<char> = text.chars().collect();
    let at = |s: &factstore::model::Span| {
        assert_eq!(s.source, SOURCE);
        chars[s.char_start as usize..s.char_end as usize]
            .iter()
            .collect::<String>()
    };
    for m in &found.mentions {
        assert_eq!(at(&m.span), m.surface);
    }
    for s in &found.statements {
        assert_eq!(at(&s.span), s.text);
    }
    for f in &found.figures {
        assert_eq!(at(&f.span), f.evidence);
    }
}

/// Mentions as (surface, entity key, low confidence?).
fn mentions(text: &str, language: &str) -> Vec<(String, &'static str, bool)> {
    let found = extractor().extract(SOURCE, text, language);
    assert_offsets(text, &found);
    found
        .mentions
        .iter()
        .map(|m| {
            let confidence = m.span.confidence.unwrap();
            (m.surface.clone(), key(m.entity), confidence < 0.5)
        })
        .collect()
}

/// Statements as (kind, speaker key, text).
fn statements(text: &str, language: &str) -> Vec<(&'static str, Option<&'static str>, String)> {
    let found = extractor().extract(SOURCE, text, language);
    assert_offsets(text, &found);
    found
        .statements
        .iter()
        .map(|s| (s.kind.as_str(), s.speaker.map(key), s.text.clone()))
        .collect()
}

/// Figures as "metric value|low-high qualifier [subject] [by claimant] [at place] «evidence»".
fn figures_with(x: &Extractor, text: &str, language: &str) -> Vec<String> {
    let found = x.extract(SOURCE, text, language);
    assert_offsets(text, &found);
    found
        .figures
        .iter()
        .map(|f| {
            let amount = match (f.value, f.low, f.high) {
                (Some(v), _, _) => v.to_string(),
                (None, Some(l), Some(h)) => format!("{l}-{h}"),
                _ => "?".to_string(),
            };
            let mut s = format!("{} {amount} {}", f.metric, f.qualifier);
            if let Some(e) = f.subject {
                s += &format!(" {}", key(e));
            }
            if let Some(e) = f.claimed_by {
                s += &format!(" by {}", key(e));
            }
            if let Some(e) = f.place {
                s += &format!(" at {}", key(e));
            }
            s + &format!(" «{}»", f.evidence)
        })
        .collect()
}

fn figures(text: &str, language: &str) -> Vec<String> {
    figures_with(&extractor(), text, language)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn mentions_ignore_case_accents_and_punctuation_variants() {
    let text = "TOKAIEV a parlé ; Tokaïev’s speech; l’OTSC et d'Alma-Ata. Kassym\u{2010}Jomart\u{202F}Tokaïev à la Russie.";
    assert_eq!(
        mentions(text, "fr"),
        [
            ("TOKAIEV".to_string(), "tokayev", false),
            ("Tokaïev".to_string(), "tokayev", false),
            ("OTSC".to_string(), "csto", false),
            ("Alma-Ata".to_string(), "almaty", false),
            (
                "Kassym\u{2010}Jomart\u{202F}Tokaïev".to_string(),
                "tokayev",
                false
            ),
            ("Russie".to_string(), "russia", false),
        ]
    );
}

#[test]
fn mentions_are_whole_words_and_a_near_miss_is_a_low_confidence_mention() {
    assert_eq!(
        mentions(
            "Russiagate, Almatyans, CSTOs. Tokarev a parlé ; Putim aussi ; la policy change.",
            "fr"
        ),
        [
            ("CSTOs".to_string(), "(discovered)", false),
            ("Tokarev".to_string(), "tokayev", true)
        ]
    );
}

#[test]
fn quotes_get_their_speakers() {
    let text = "«\u{00A0}Nous ne reculerons pas devant les terroristes\u{00A0}», a déclaré Tokaïev. \
                « La situation est sous contrôle », a-t-il ajouté, « et les troupes partiront bientôt du pays ».\n\
                Selon Poutine, « la Russie aidera toujours ses alliés dans le besoin ».";
    assert_eq!(
        statements(text, "fr"),
        [
            (
                "quote",
                Some("tokayev"),
                "Nous ne reculerons pas devant les terroristes".to_string()
            ),
            (
                "quote",
                Some("tokayev"),
                "La situation est sous contrôle".to_string()
            ),
            (
                "quote",
                Some("tokayev"),
                "et les troupes partiront bientôt du pays".to_string()
            ),
            (
                "quote",
                Some("putin"),
                "la Russie aidera toujours ses alliés dans le besoin".to_string()
            ),
        ]
    );
}

#[test]
fn english_quotes_carry_the_speaker_over() {
    let text = "“We will not negotiate with criminals,” Tokayev said on Friday. “They must be destroyed and it will be done soon,” he added.\n\
                Putin told reporters: ‘Russia will always help its allies in need.’\n\
                The Interior Ministry said: \"More than 3,000 people were detained across the country.\"";
    assert_eq!(
        statements(text, "en"),
        [
            (
                "quote",
                Some("tokayev"),
                "We will not negotiate with criminals,".to_string()
            ),
            (
                "quote",
                Some("tokayev"),
                "They must be destroyed and it will be done soon,".to_string()
            ),
            (
                "quote",
                Some("putin"),
                "Russia will always help its allies in need.".to_string()
            ),
            (
                "quote",
                Some("interior-ministry"),
                "More than 3,000 people were detained across the country.".to_string()
            ),
        ]
    );
}

#[test]
fn scare_quotes_are_terms_and_an_unclosed_quote_stops_at_its_paragraph() {
    let text = "Le président a qualifié les manifestants de « bandits » et de “terroristes”.\n\
                Le message dit : « L'opération est menée conjointement par l'armée.\n\
                Le paragraphe suivant n'est pas cité, dit Tokayev.";
    assert_eq!(
        statements(text, "fr"),
        [
            ("term", None, "bandits".to_string()),
            ("term", None, "terroristes".to_string()),
            (
                "quote",
                None,
                "L'opération est menée conjointement par l'armée.".to_string()
            ),
            // not quoted, but reported
            (
                "indirect",
                Some("tokayev"),
                "Le paragraphe suivant n'est pas cité".to_string()
            ),
        ]
    );
}

#[test]
fn a_headline_quote_takes_the_speaker_in_parentheses() {
    assert_eq!(
        statements(
            "Kazakhstan : « nous ne négocierons pas avec les bandits » (Tokayev)\nTexte.",
            "fr"
        ),
        [(
            "quote",
            Some("tokayev"),
            "nous ne négocierons pas avec les bandits".to_string()
        )]
    );
}

#[test]
fn numbers_with_every_thousands_separator() {
    let text = "Plus de 3\u{00A0}700 manifestants ont été arrêtés. Près de 3\u{202F}800 policiers ont été blessés. \
                Enfin 3,800 personnes ont été détenues. Über 3.800 avions ; 2 500 soldats sont arrivés.";
    assert_eq!(
        figures(text, "fr"),
        strings(&[
            "arrested 3700 more_than protesters «3\u{00A0}700»",
            "injured 3800 nearly police «3\u{202F}800»",
            "arrested 3800 exact «3,800»",
            "aircraft 3800 exact «3.800»",
            "troops 2500 exact «2 500»",
        ])
    );
}

#[test]
fn number_words_and_vague_quantities() {
    assert_eq!(
        figures(
            "Deux mille manifestants ont été arrêtés. Un millier de personnes ont été interpellées. \
             Une centaine de blessés. Il y a eu des dizaines de morts et des centaines de personnes arrêtées.",
            "fr"
        ),
        strings(&[
            "arrested 2000 exact protesters «Deux mille»",
            "arrested 1000 about «Un millier»",
            "injured 100 about «Une centaine»",
            "killed 20-99 dozens «des dizaines»",
            "arrested 200-999 hundreds «des centaines»",
        ])
    );
    assert_eq!(
        figures(
            "A thousand people were injured. Dozens were killed and hundreds of people were arrested. \
             Scores of protesters were injured, and up to 5,000 troops arrived. Over 2,000 were deployed as peacekeepers.",
            "en"
        ),
        strings(&[
            "injured 1000 exact «A thousand»",
            "killed 24-99 dozens «Dozens»",
            "arrested 200-999 hundreds «hundreds»",
            "injured 40-99 scores protesters «Scores»",
            "troops 5000 up_to «5,000»",
            "troops 2000 more_than «2,000»",
        ])
    );
}

#[test]
fn qualifiers_claimants_and_places() {
    let text = "Le ministère de l'Intérieur a annoncé que 26 manifestants ont été tués et qu'au moins 18 policiers ont été blessés. \
                À Atyrau, environ 200 manifestants ont été arrêtés, selon les autorités. \
                « Jusqu'à 5 000 soldats de la paix sont en route », a déclaré Tokayev.";
    assert_eq!(
        figures(text, "fr"),
        strings(&[
            "killed 26 exact protesters by interior-ministry «26»",
            "injured 18 at_least police by interior-ministry «18»",
            "arrested 200 about protesters by authorities at atyrau «200»",
            "troops 5000 up_to by tokayev «5 000»",
        ])
    );
    assert_eq!(
        figures("The police said at least 18 officers were killed in Almaty, according to the Interior Ministry.", "en"),
        strings(&["killed 18 at_least by interior-ministry at almaty «18»"])
    );
}

#[test]
fn numbers_that_are_not_figures() {
    let text = "À 18H20, l'homme de 58 ans, un ex-officier de la 45e brigade, a parlé sur Mir 24 depuis l'autoroute A41. \
                Un avion Il-76 a atterri le 7 janvier 2022. En 2001, après 30 années, six ans de prison. \
                The 81-year-old ruled from 1989 to 2019; 2 of the 10 people arrested were released.";
    assert_eq!(figures(text, "fr"), Vec::<String>::new());
}

#[test]
fn a_third_language_is_lexicon_rows() {
    let item = |kind: LexKind,
                code: Option<&str>,
                value: Option<i64>,
                low: Option<i64>,
                high: Option<i64>| LexItem {
        kind,
        code: code.map(str::to_string),
        value,
        low,
        high,
    };
    let rows = vec![
        (
            "de".to_string(),
            LexKind::Metric,
            "festgenommen".to_string(),
            item(LexKind::Metric, Some("arrested"), None, None, None),
        ),
        (
            "de".to_string(),
            LexKind::Metric,
            "getötet".to_string(),
            item(LexKind::Metric, Some("killed"), None, None, None),
        ),
        (
            "de".to_string(),
            LexKind::Qualifier,
            "mehr als".to_string(),
            item(LexKind::Qualifier, Some("more_than"), None, None, None),
        ),
        (
            "de".to_string(),
            LexKind::SpeechVerb,
            "sagte".to_string(),
            item(LexKind::SpeechVerb, Some("say"), None, None, None),
        ),
        (
            "de".to_string(),
            LexKind::Vague,
            "Dutzende".to_string(),
            item(LexKind::Vague, Some("dozens"), None, Some(24), Some(99)),
        ),
        (
            "de".to_string(),
            LexKind::Number,
            "zwei".to_string(),
            item(LexKind::Number, None, Some(2), None, None),
        ),
        (
            "de".to_string(),
            LexKind::Multiplier,
            "tausend".to_string(),
            item(LexKind::Multiplier, None, Some(1000), None, None),
        ),
    ];
    let x = extractor_with(rows);
    let text = "„Wir werden nicht mit Verbrechern verhandeln“, sagte Tokajew. Mehr als 3.000 Demonstranten wurden festgenommen. \
                Dutzende Menschen wurden getötet, zwei tausend festgenommen.";
    let found = x.extract(SOURCE, text, "de-AT");
    assert_offsets(text, &found);
    let said: Vec<(Option<&str>, String)> = found
        .statements
        .iter()
        .map(|s| (s.speaker.map(key), s.text.clone()))
        .collect();
    assert_eq!(
        said,
        [(
            Some("tokayev"),
            "Wir werden nicht mit Verbrechern verhandeln".to_string()
        )]
    );
    assert_eq!(
        figures_with(&x, text, "de"),
        strings(&[
            "arrested 3000 more_than protesters «3.000»",
            "killed 24-99 dozens «Dutzende»",
            "arrested 2000 exact «zwei tausend»",
        ])
    );
    // Without its lexicon, a language still gets mentions and quotes, but no figure or speaker
    // (the text read as Dutch, which the built-in lexicon has no words for).
    let bare = extractor().extract(SOURCE, text, "nl");
    assert!(bare.figures.is_empty());
    assert_eq!(bare.statements[0].speaker, None);
    // (The names finder may take capitalised nouns for names; the known names are two.)
    let known = bare.mentions.iter().filter(|m| m.entity.0 >= 0).count();
    assert_eq!(known, 2);
}

#[test]
fn hostile_text_is_read_in_one_pass_and_keeps_the_offset_rule() {
    // quote marks everywhere, every kind of space, one endless paragraph, nested quotes
    let spaces = "\u{00A0}\u{2009}\u{202F}\u{3000}\t ";
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(["« ", "\"", "“", "‘", "» ", "”", "’", "« « « "][i % 8]);
        text.push_str("Tokayev a dit 3 700 manifestants tués");
        text.push(spaces.chars().nth(i % 6).unwrap());
    }
    text.push_str(&"sans ponctuation ".repeat(50_000));
    let found = extractor().extract(SOURCE, &text, "fr");
    assert_offsets(&text, &found);
    assert!(found.mentions.len() >= 20_000);
}

#[test]
fn claims_after_the_figure_and_parts_of_a_total() {
    let text = "At least 164 people were killed, including 103 in Almaty, officials said. \
                Authorities detained nearly 10,000 people across the country, the Interior Ministry said in a statement. \
                Up to 3,000 paratroopers arrived in Almaty, according to the CSTO. A 34-year-old man was injured at 5 p.m.; \
                damage was put at $218 million, or 2% of the budget.";
    assert_eq!(
        figures(text, "en"),
        strings(&[
            "killed 164 at_least «164»",
            "killed 103 exact at almaty «103»",
            "arrested 10000 nearly by interior-ministry «10,000»",
            "troops 3000 up_to by csto at almaty «3,000»",
        ])
    );
    assert_eq!(
        figures("Au moins 164 personnes, dont trois enfants, ont été tuées. Quelque 5 800 personnes ont été interpellées.", "fr"),
        strings(&["killed 164 at_least «164»", "killed 3 exact «trois»", "arrested 5800 about «5 800»"])
    );
}

#[test]
fn a_derived_word_is_no_near_miss() {
    assert_eq!(
        mentions("Russian troops and Almatys; Tokayevs; Tokarev", "en"),
        [("Tokarev".to_string(), "tokayev", true)]
    );
}

#[test]
fn regression_a_multi_byte_sign_before_a_name_or_a_dash() {
    // found by fuzzing: a bullet, a degree sign or a replacement character before a place or a dash
    for text in [
        "Le ministre a déclaré : • Russie enverra des troupes.",
        "claimed\u{FFFD}russie",
        "claimed\u{FFFD}armenie",
        "Bilan : •-26 morts.",
        "26 killed, °-18 injured",
    ] {
        for language in ["fr", "en"] {
            let found = extractor().extract(SOURCE, text, language);
            assert_offsets(text, &found);
        }
    }
}
