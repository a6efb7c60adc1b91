//! The names finder on passages written for these tests: people (titles, honorifics,
//! particles), institutions, media with a number in their name, places, acronyms and the words
//! in parentheses after a name, in English, French and German, found with nothing loaded but the
//! built-in knowledge; and hostile text.

use crate::util::Env;

/// The mentions of source `key` as (surface, entity key, kind, origin, rule), in text order.
fn mentions(env: &Env, key: &str) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT m.surface, e.key, e.kind, e.origin, m.rule FROM mentions AS m
             JOIN entities AS e ON e.id = m.entity_id JOIN sources AS s ON s.id = m.source_id
             WHERE s.key = ?1 ORDER BY m.char_start",
        )
        .unwrap();
    stmt.query_map([key], |r| {
        Ok([0, 1, 2, 3, 4]
            .map(|i| r.get::<_, String>(i).unwrap())
            .join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The key of the speaker of the one statement of the store.
fn speaker(env: &Env) -> String {
    env.conn()
        .query_row(
            "SELECT e.key FROM statements AS s JOIN entities AS e ON e.id = s.speaker_id",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A store with nothing but the built-in knowledge, the article `text` added as source `key`
/// in `language` (and extracted from).
fn added(key: &str, language: &str, text: &str) -> Env {
    let env = Env::new();
    let file = format!("{key}.txt");
    env.write(&file, text);
    env.run(&["-q", "add", "--language", language, &file]).ok();
    env
}

#[test]
fn english_people_institutions_media_and_abbreviations() {
    let env = added(
        "harbour",
        "en",
        "Health Minister Dana Whitfield said on Monday that 40 people had been treated in Kellport. \
         \"We are working around the clock to reach every village,\" Whitfield told France 24. \
         The Coastal Rescue Agency (CRA) said 12 boats had been sent, and the CRA expected more by Tuesday. \
         Ursula von der Feld, who leads the Ministry of Fisheries, visited the harbour. \
         The coast road reopened on Tuesday, said Transport Minister Lena Ortiz.\n",
    );
    assert_eq!(
        mentions(&env, "harbour"),
        [
            "Dana Whitfield|dana-whitfield|person|extracted|name.person-title",
            "Kellport|kellport|place|extracted|name.capitalised-word",
            "Whitfield|dana-whitfield|person|extracted|name.repeat",
            "France 24|france-24|organization|extracted|name.with-number",
            "Coastal Rescue Agency|coastal-rescue-agency|organization|extracted|name.institution",
            "CRA|coastal-rescue-agency|organization|extracted|name.abbreviation",
            "CRA|coastal-rescue-agency|organization|extracted|name.acronym",
            "Ursula von der Feld|ursula-von-der-feld|person|extracted|name.capitalised",
            "Ministry of Fisheries|ministry-of-fisheries|organization|extracted|name.institution",
            // "Transport" is the title's, no name
            "Lena Ortiz|lena-ortiz|person|extracted|name.person-title",
        ]
    );
    // The number in the channel's name is no figure; the quote has its speaker.
    let out = env.run(&["query", "figures", "--format", "tsv"]).ok();
    let figures: Vec<String> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(figures, ["harbour injured 40"]);
    assert_eq!(speaker(&env), "dana-whitfield");
}

#[test]
fn french_institutions_hyphenated_places_titles_and_particles() {
    let env = added(
        "littoral",
        "fr",
        "Le ministère de la Santé a annoncé mardi que 25 blessés avaient été soignés à Vallorbe-sur-Mer. \
         « Nous ne laisserons personne seul », a déclaré M. Darnaud au micro de Radio Littoral. \
         Abdel al-Rashidi, un habitant, a confirmé ce bilan.\n",
    );
    assert_eq!(
        mentions(&env, "littoral"),
        [
            "ministère de la Santé|ministere-de-la-sante|organization|extracted|name.institution",
            "Vallorbe-sur-Mer|vallorbe-sur-mer|place|extracted|name.capitalised",
            "Darnaud|darnaud|person|extracted|name.person-title",
            "Radio Littoral|radio-littoral|organization|extracted|name.capitalised",
            "Abdel al-Rashidi|abdel-al-rashidi|person|extracted|name.capitalised",
        ]
    );
}

#[test]
fn german_capitalised_nouns_are_no_names_but_a_speaker_and_compounds_are() {
    let env = added(
        "sturm",
        "de",
        "Nach dem Sturm an der Küste wurden 18 Menschen verletzt. „Wir helfen allen Familien im Ort“, sagte Brenner. \
         Das Gesundheitsministerium teilte mit, dass 7 Kliniken geöffnet seien. \
         Die Internationale Hafenbehörde schickte Helfer.\n",
    );
    assert_eq!(
        mentions(&env, "sturm"),
        [
            "Brenner|brenner|person|extracted|name.after-speech-verb",
            "Gesundheitsministerium|gesundheitsministerium|organization|extracted|name.institution",
            "Internationale Hafenbehörde|internationale-hafenbehorde|organization|extracted|name.capitalised",
        ]
    );
}

#[test]
fn institutions_named_by_a_description_in_lower_case() {
    let env = added(
        "valley",
        "en",
        "The flood reached Norrvik on Sunday, the interior ministry said, and the presidential office \
         promised help. Erlan Vask, who heads the prosecutor general's office, opened a case, and \
         the office of the president said 30 homes were lost. The police and the government asked \
         people to stay home; an interior ministry spokesman gave no figure.\n",
    );
    assert_eq!(
        mentions(&env, "valley"),
        [
            "Norrvik|norrvik|other|extracted|name.capitalised-word",
            "interior ministry|interior-ministry|organization|extracted|name.description",
            "presidential office|presidential-office|organization|extracted|name.description",
            "Erlan Vask|erlan-vask|person|extracted|name.capitalised",
            "prosecutor general's office|prosecutor-general-s-office|organization|extracted|name.description",
            "office of the president|office-of-the-president|organization|extracted|name.description",
        ]
    );
    let env = added(
        "vallee",
        "fr",
        "Selon la présidence, 40 maisons ont été détruites à Montvert. Le bureau du procureur général \
         a ouvert une enquête et la police des mœurs a été déployée. La police et le gouvernement \
         ont appelé au calme ; pendant sa présidence, rien de tel n'était arrivé.\n",
    );
    assert_eq!(
        mentions(&env, "vallee"),
        [
            "présidence|presidence|organization|extracted|name.description",
            "Montvert|montvert|place|extracted|name.capitalised-word",
            "bureau du procureur général|bureau-du-procureur-general|organization|extracted|name.description",
            "police des mœurs|police-des-moeurs|organization|extracted|name.description",
        ]
    );
}

#[test]
fn storms_are_no_entities_and_a_sentence_of_names_is_no_headline() {
    let env = added(
        "storm",
        "en",
        "Hurricane Marla reached Dunmore on Friday, and Gov. Ada Prell said 14 people had died. \
         Marla's rains kept falling, the nonprofit organization CORA said.\n\
         The four who died were residents: Lena Quist, 71; Ora Penn, 80; and Tomas Reyl, 66.\n",
    );
    assert_eq!(
        mentions(&env, "storm"),
        [
            // the storm's name, here and alone, is no entity; "Gov." is an honorific
            "Dunmore|dunmore|other|extracted|name.capitalised-word",
            "Ada Prell|ada-prell|person|extracted|name.person-title",
            // an acronym after a head noun ("organization") is a name, no demonym of a city
            "CORA|cora|organization|extracted|name.acronym",
            // a line of names that ends as a sentence does is no headline
            "Lena Quist|lena-quist|person|extracted|name.capitalised",
            "Ora Penn|ora-penn|person|extracted|name.capitalised",
            "Tomas Reyl|tomas-reyl|person|extracted|name.capitalised",
        ]
    );
}

#[test]
fn romance_institutions_with_adjectives_and_generic_bodies() {
    let env = added(
        "belem",
        "fr",
        "Le cyclone Belem est passé à Sainte-Rose. Selon la Banque mondiale, 300 maisons sont \
         détruites, et le parquet a ouvert une enquête. Le Parti populaire a demandé des comptes \
         au Gouvernement.\n",
    );
    assert_eq!(
        mentions(&env, "belem"),
        [
            // "Belem" is the cyclone's, not the city of Belém; "Rose" no form of Roseau
            "Sainte-Rose|sainte-rose|place|extracted|name.capitalised",
            "Banque mondiale|banque-mondiale|organization|extracted|name.institution",
            "parquet|parquet|organization|extracted|name.description",
            "Parti populaire|parti-populaire|organization|extracted|name.institution",
            // "Gouvernement" alone is a generic body
        ]
    );
    let env = added(
        "villarreal",
        "es",
        "El Gobierno envió 500 soldados a Villarreal, según la Policía, y la Guardia Civil \
         rescató a 40 personas.\n",
    );
    assert_eq!(
        mentions(&env, "villarreal"),
        [
            "Villarreal|villarreal|place|extracted|name.capitalised-word",
            "Guardia Civil|guardia-civil|organization|extracted|name.capitalised",
        ]
    );
}

#[test]
fn german_parties_in_parentheses_and_a_long_line_of_nouns() {
    let env = added(
        "keller",
        "de",
        "Der Kanzler besuchte mit der Innenministerin Nora Feld (SPD) und mit Markus Rehm (CSU) \
         am Montag die Feuerwehr, die in der Nacht viele Keller leer gepumpt hatte, und sprach \
         mit Helfern.\n",
    );
    assert_eq!(
        mentions(&env, "keller"),
        [
            "Nora Feld|nora-feld|person|extracted|name.person-title",
            "SPD|spd|organization|extracted|name.acronym",
            "Markus Rehm|markus-rehm|person|extracted|name.capitalised",
            "CSU|csu|organization|extracted|name.acronym",
        ]
    );
}

#[test]
fn german_places_after_a_preposition_and_names_in_the_genitive() {
    let env = added(
        "flut",
        "de",
        "Bayerns Feuerwehr in Reichertshofen half am Montag, im oberbayerischen Offingen auch. \
         In Gummistiefeln kamen Helfer aus Norddorf, in Sicherheit brachten sie die Familien im \
         Keller.\n",
    );
    // "Gummistiefeln", "Sicherheit" and "Keller" are nouns after "in" and "im"; "Bayerns" is
    // the genitive of Bayern
    assert_eq!(
        mentions(&env, "flut"),
        [
            "Bayern|bavaria|place|builtin|mention.alias",
            "Reichertshofen|reichertshofen|place|extracted|name.place-word",
            "Offingen|offingen|place|extracted|name.place-word",
            "Norddorf|norddorf|place|extracted|name.place-word",
        ]
    );
}

#[test]
fn a_name_in_the_genitive_is_no_speaker() {
    let env = added(
        "lage",
        "de",
        "„Die Lage ist und bleibt ernst und angespannt“, sagt Bayerns Ministerpräsident Markus \
         Rehm am Montag.\n",
    );
    assert_eq!(speaker(&env), "markus-rehm");
}

#[test]
fn a_name_in_capitals_is_found_only_in_capitals() {
    let env = added(
        "aid",
        "en",
        "The US sent aid on Monday. Let us hope it helps, said the U.S. envoy. Us? Never.\n",
    );
    assert_eq!(
        mentions(&env, "aid"),
        [
            "US|united-states|place|builtin|mention.alias",
            "U.S.|united-states|place|builtin|mention.alias",
        ]
    );
}

#[test]
fn the_same_name_in_two_sources_is_one_entity_and_a_known_name_is_not_rediscovered() {
    let env = Env::new();
    env.write(
        "a.txt",
        "Lena Quist said on Monday that the strike would go on.\n",
    );
    env.write(
        "b.txt",
        "The union leader Lena Quist met the mayor of Lisbon on Friday.\n",
    );
    env.run(&["-q", "add", "--language", "en", "a.txt", "b.txt"])
        .ok();
    assert_eq!(
        mentions(&env, "a"),
        ["Lena Quist|lena-quist|person|extracted|name.capitalised"]
    );
    assert_eq!(
        mentions(&env, "b"),
        [
            "Lena Quist|lena-quist|person|extracted|name.person-title",
            "Lisbon|lisbon|place|builtin|mention.alias",
        ]
    );
    let discovered: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM entities WHERE origin = 'extracted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(discovered, 1);
}

/// Thousands of capitalised words, a name without end, quotes inside names: read in one pass,
/// no name longer than eight words, every span on its text.
#[test]
fn hostile_text_gives_no_endless_names() {
    let mut text = String::new();
    for i in 0..30_000 {
        text.push_str(
            [
                "Alpha ", "Bravo ", "Charlie-", "Delta «", "Echo» ", "Von ", "De La ",
            ][i % 7],
        );
    }
    text.push_str(". And \"Quist Quist Quist\" said Quist.\n");
    text.push_str("Lena Quist said on Monday that the strike would go on.\n");
    let env = added("hostile", "en", &text);
    env.run(&["check"]).ok();
    let longest: Option<i64> = env
        .conn()
        .query_row(
            "SELECT max(length(name) - length(replace(name, ' ', '')) + 1) FROM entities WHERE origin = 'extracted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(longest.unwrap_or(0) <= 8, "a name of {longest:?} words");
    let found: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM mentions WHERE surface = 'Lena Quist'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 1);
}

#[test]
fn a_text_that_opens_with_a_title_is_read() {
    // the title is the text's first word: no word stands before it
    for (language, text, person) in [
        (
            "en",
            "President Ana Lindqvist said the toll had risen.",
            "Ana Lindqvist|ana-lindqvist|person|extracted|name.person-title",
        ),
        (
            "de",
            "Innenminister Peter Kahl sagte, die Lage sei unter Kontrolle.",
            "Peter Kahl|peter-kahl|person|extracted|name.person-title",
        ),
    ] {
        let env = added("opening", language, text);
        assert_eq!(mentions(&env, "opening"), [person], "{language}");
    }
}

#[test]
fn a_noun_after_a_speech_verb_and_its_article_is_no_name() {
    // "so die Polizei." is a generic body; "sagte Brenner." a person
    let env = added(
        "so",
        "de",
        "Es gab fünf Verletzte, so die Polizei. Der Täter sei geflohen, sagte Brenner.",
    );
    assert_eq!(
        mentions(&env, "so"),
        ["Brenner|brenner|person|extracted|name.after-speech-verb"]
    );
}

#[test]
fn the_place_a_title_is_of_is_no_part_of_the_name_after_it() {
    let env = added(
        "parquet",
        "fr",
        "Deux enfants sont blessés, selon la procureure de la République d'Arvenne Line Morel-Vasse.",
    );
    assert_eq!(
        mentions(&env, "parquet"),
        [
            "Arvenne|arvenne|place|extracted|name.capitalised-word",
            "Line Morel-Vasse|line-morel-vasse|person|extracted|name.person-title"
        ]
    );
}

#[test]
fn a_capitalised_word_after_a_number_is_no_name() {
    // French writes demonyms used as nouns with a capital: counted people, not names
    let env = added(
        "victimes",
        "fr",
        "Parmi les victimes figurent trois Roumains, deux Américains et 12 Tunisiens, selon \
         Claire Vidal.",
    );
    assert_eq!(
        mentions(&env, "victimes"),
        ["Claire Vidal|claire-vidal|person|extracted|name.capitalised"]
    );
}
