//! Reported speech on passages written for these tests: indirect statements in English, French,
//! German and Spanish (the clause after "said that", before ", X said", around "according to"),
//! with their speakers, found with nothing loaded but the built-in knowledge.

use crate::util::Env;

/// The statements of a store holding only `text` (in `language`), as "kind|speaker|text".
fn statements(language: &str, text: &str) -> Vec<String> {
    let env = Env::new();
    env.write("article.txt", text);
    env.run(&["-q", "add", "--language", language, "article.txt"])
        .ok();
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT st.kind, coalesce(e.key, '-'), st.text, st.rule FROM statements AS st
             LEFT JOIN entities AS e ON e.id = st.speaker_id ORDER BY st.char_start",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok([0, 1, 2, 3]
            .map(|i| r.get::<_, String>(i).unwrap())
            .join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn english_clauses_after_the_verb_before_it_and_around_according_to() {
    let text = "Flood kills dozens in river town\n\n\
        The regional governor, Anna Berg, said that at least 40 people had died in the floods. \
        Rescue teams were still searching the valley, she added.\n\n\
        The Interior Ministry said 12 others were missing after the dam broke overnight.\n\n\
        According to the Red Cross, more than 300 families had lost their homes.\n\n\
        \"We are doing everything we can to reach them,\" Berg told reporters.\n\n\
        On Monday the ferry operator Tarsk Lines stopped its crossings, and the union leader \
        Ilsa Merrow told reporters the strike would go on.\n\n\
        Officials said the road to the north would stay closed for days.\n\n\
        The United States sent two planes with supplies to the region on Sunday.";
    assert_eq!(
        statements("en", text),
        [
            "indirect|anna-berg|at least 40 people had died in the floods|indirect.speech-verb",
            "indirect|anna-berg|Rescue teams were still searching the valley|indirect.carried-over",
            "indirect|interior-ministry|12 others were missing after the dam broke overnight|indirect.speech-verb",
            "indirect|red-cross|more than 300 families had lost their homes|indirect.according",
            "quote|anna-berg|We are doing everything we can to reach them,|quote.speech-verb",
            "indirect|ilsa-merrow|the strike would go on|indirect.speech-verb",
            // a generic source: reported, by nobody named
            "indirect|-|the road to the north would stay closed for days|indirect.speech-verb",
        ]
    );
}

#[test]
fn french_que_qu_selon_and_a_t_il_ajoute() {
    let text = "Le ministre de l'Intérieur, Gérald Martin, a indiqué que 26 personnes étaient \
        mortes dans la nuit.\n\n\
        Selon la préfecture, le bilan s'élève désormais à 12 morts et 40 blessés.\n\n\
        Gérald Martin a affirmé à l'AFP qu'aucune victime française n'était à déplorer.\n\n\
        Les secours restent mobilisés sur place toute la nuit, a-t-il ajouté.\n\n\
        La situation reste très tendue dans le quartier, selon un habitant.";
    assert_eq!(
        statements("fr", text),
        [
            "indirect|gerald-martin|26 personnes étaient mortes dans la nuit|indirect.speech-verb",
            "indirect|prefecture|le bilan s'élève désormais à 12 morts et 40 blessés|indirect.according",
            "indirect|gerald-martin|aucune victime française n'était à déplorer|indirect.speech-verb",
            "indirect|gerald-martin|Les secours restent mobilisés sur place toute la nuit|indirect.carried-over",
            "indirect|-|La situation reste très tendue dans le quartier|indirect.according",
        ]
    );
}

#[test]
fn german_comma_dass_laut_and_a_speaker_after_the_verb() {
    let text = "Innenminister Peter Kahl sagte, die Lage sei inzwischen unter Kontrolle.\n\n\
        Nach Angaben der Polizei wurden drei Menschen schwer verletzt.\n\n\
        Die Ermittler teilten mit, dass zwei Verdächtige festgenommen worden seien.\n\n\
        Die Ermittlungen dauerten noch an, sagte Kahl.\n\n\
        Die Feuerwehr sei mit vierzig Kräften im Einsatz, sagte er.";
    assert_eq!(
        statements("de", text),
        [
            "indirect|peter-kahl|die Lage sei inzwischen unter Kontrolle|indirect.speech-verb",
            "indirect|-|wurden drei Menschen schwer verletzt|indirect.according",
            "indirect|-|zwei Verdächtige festgenommen worden seien|indirect.speech-verb",
            "indirect|peter-kahl|Die Ermittlungen dauerten noch an|indirect.speech-verb",
            "indirect|peter-kahl|Die Feuerwehr sei mit vierzig Kräften im Einsatz|indirect.carried-over",
        ]
    );
}

#[test]
fn spanish_dijo_que_segun_and_a_verb_that_opens_its_sentence() {
    let text = "El alcalde de la ciudad, José Ruiz, dijo que 15 personas murieron en el incendio.\n\n\
        Según Protección Civil, hay al menos 30 heridos en los hospitales de la región.\n\n\
        Los bomberos trabajaron toda la noche para apagar el fuego, explicó el portavoz.\n\n\
        José Ruiz visitó el hospital por la tarde. Aseguró que no faltarían camas para los heridos.";
    assert_eq!(
        statements("es", text),
        [
            "indirect|jose-ruiz|15 personas murieron en el incendio|indirect.speech-verb",
            "indirect|proteccion-civil|hay al menos 30 heridos en los hospitales de la región|indirect.according",
            "indirect|-|Los bomberos trabajaron toda la noche para apagar el fuego|indirect.speech-verb",
            "indirect|jose-ruiz|no faltarían camas para los heridos|indirect.carried-over",
        ]
    );
}

#[test]
fn a_clause_a_quote_opens_is_the_quote_s_and_short_clauses_are_no_statements() {
    let text =
        "The mayor, Tom Reyes, said the bridge \"will be rebuilt before the winter comes\".\n\n\
        Reyes said: \"We will open a second crossing in the spring.\"\n\n\
        Reyes said on Tuesday.\n\n\
        It is, she said, true.";
    assert_eq!(
        statements("en", text),
        [
            // a partial quote inside reported speech: both
            "indirect|tom-reyes|the bridge \"will be rebuilt before the winter comes\"|indirect.speech-verb",
            "quote|tom-reyes|will be rebuilt before the winter comes|quote.speech-verb",
            "quote|tom-reyes|We will open a second crossing in the spring.|quote.speech-verb",
        ]
    );
}

/// The quotes of a store holding only `text`, as "speaker|text".
fn quotes(language: &str, text: &str) -> Vec<String> {
    statements(language, text)
        .into_iter()
        .filter(|s| s.starts_with("quote|"))
        .map(|s| {
            let parts: Vec<&str> = s.split('|').collect();
            format!("{}|{}", parts[1], parts[2])
        })
        .collect()
}

#[test]
fn a_quote_takes_the_speaker_of_the_sentence_before_and_goes_on_in_the_next_paragraph() {
    let text = "Harbour fire contained\n\n\
        Fire Commissioner Dana Holt said in a news conference. “We are confident that there is no \
        further risk to the public.”\n\n\
        Regional Police Commissioner Omar Feld disclosed that the suspect had been identified.\n\
        “We know a little bit about this man,” he said.\n\
        “If it is the man we believe it is, there is no sign of a wider plot.”\n\n\
        “We brought them to a unit we do not have here,” said a doctor at the hospital.\n\n\
        “The fire is under control now,” Holt told Radio Kellport.";
    assert_eq!(
        quotes("en", text),
        [
            "dana-holt|We are confident that there is no further risk to the public.",
            "omar-feld|We know a little bit about this man,",
            "omar-feld|If it is the man we believe it is, there is no sign of a wider plot.",
            // someone unnamed
            "-|We brought them to a unit we do not have here,",
            // the one addressed is no speaker
            "dana-holt|The fire is under control now,",
        ]
    );
}

#[test]
fn french_inverted_pronouns_titled_sources_and_a_first_name_that_looks_like_a_demonym() {
    let text = "Deux enfants sont blessés, selon la procureure de la République Anne Morel. \
        « Les autorités consulaires sont au courant de la situation », précise-t-elle.\n\n\
        « Les enfants sont sortis du bloc opératoire ce matin » a expliqué le maire de la ville, \
        François Dumont, sur Radio Vallorbe.\n\n\
        « On les a rapprochés d'une unité que nous n'avons pas ici », explique un médecin à Radio Vallorbe.";
    assert_eq!(
        quotes("fr", text),
        [
            "anne-morel|Les autorités consulaires sont au courant de la situation",
            "francois-dumont|Les enfants sont sortis du bloc opératoire ce matin",
            "-|On les a rapprochés d'une unité que nous n'avons pas ici",
        ]
    );
}

#[test]
fn spanish_a_verb_after_a_quote_that_names_nobody_carries_the_speaker() {
    let text = "La alcaldesa Marta Ruiz habló ante la prensa este lunes.\n\n\
        «Son dos empresas y cada una gestiona su propio local», ha aclarado.";
    assert_eq!(
        quotes("es", text),
        ["marta-ruiz|Son dos empresas y cada una gestiona su propio local"]
    );
}

#[test]
fn german_sentences_in_the_reported_mood_go_on_with_the_speaker() {
    let text = "Innenminister Peter Kahl sagte, die Lage sei unter Kontrolle.\n\
        Es gebe bislang keine Hinweise auf weitere Täter. Der Mann sei allein gewesen.\n\n\
        Die Feuerwehr war mit vierzig Kräften im Einsatz. Sie habe alles getan.";
    assert_eq!(
        statements("de", text),
        [
            "indirect|peter-kahl|die Lage sei unter Kontrolle|indirect.speech-verb",
            "indirect|peter-kahl|Es gebe bislang keine Hinweise auf weitere Täter|indirect.subjunctive",
            "indirect|peter-kahl|Der Mann sei allein gewesen|indirect.subjunctive",
        ]
    );
}

#[test]
fn a_name_before_a_colon_speaks_and_an_organisation_after_of_gives_way_to_a_person() {
    let text = "Ministerpräsident Jonas Wendt: „Ein sinnloser Akt der Gewalt gegen uns alle“\n\n\
        Die Stadt trauert.";
    assert_eq!(
        quotes("de", text),
        ["jonas-wendt|Ein sinnloser Akt der Gewalt gegen uns alle"]
    );
    let text = "Lena Ortiz, director of the Coastal Rescue Agency, said the debris was \
        consistent with a loss of the pressure hull.";
    assert_eq!(
        statements("en", text),
        ["indirect|lena-ortiz|the debris was consistent with a loss of the pressure hull|indirect.speech-verb"]
    );
}

#[test]
fn a_head_noun_after_its_article_stands_for_the_institution_named_before() {
    let text = "The Interior Ministry said 12 people were missing after the dam broke.\n\n\
        Water levels would fall by Friday, the ministry said.\n\n\
        Le ministère de la Santé a annoncé 40 blessés. Les hôpitaux sont saturés, a précisé le ministère.";
    assert_eq!(
        statements("en", &text[..text.find("Le ministère").unwrap()]),
        [
            "indirect|interior-ministry|12 people were missing after the dam broke|indirect.speech-verb",
            "indirect|interior-ministry|Water levels would fall by Friday|indirect.speech-verb",
        ]
    );
    assert_eq!(
        statements("fr", &text[text.find("Le ministère").unwrap()..]),
        ["indirect|ministere-de-la-sante|Les hôpitaux sont saturés|indirect.speech-verb"]
    );
}

#[test]
fn a_described_subject_an_apposition_a_colon_and_a_channel_do_not_mislead_the_speaker() {
    let text = "Léa Morin, maire de Vallorbe, dénonce « une catastrophe sans précédent ».\n\
        « Les familles seront relogées dès cette semaine », a indiqué la maire depuis Vallorbe.\n\n\
        « Aucune piste n'est écartée pour le moment », a affirmé ce mardi sur Radio Vallorbe le \
        procureur de la République Paul Girard.";
    assert_eq!(
        quotes("fr", text),
        [
            "lea-morin|une catastrophe sans précédent",
            // a title after the verb, naming nobody: the speaker goes on, not the place
            "lea-morin|Les familles seront relogées dès cette semaine",
            // the title's person, past a day and the channel
            "paul-girard|Aucune piste n'est écartée pour le moment",
        ]
    );
    let text = "“The ground shook for a whole minute and then the walls came down,” Nora Bell, \
        a teacher from the old town, told Radio Kellport.\n\n\
        Given the damage, Governor Sam Ortiz did not rule out more deaths: “We have to expect \
        that the toll will rise tonight.”";
    assert_eq!(
        quotes("en", text),
        [
            // the name right after the quote, before an apposition and the verb
            "nora-bell|The ground shook for a whole minute and then the walls came down,",
            // the person of the sentence a colon ends
            "sam-ortiz|We have to expect that the toll will rise tonight.",
        ]
    );
}

#[test]
fn a_gerund_carries_the_speaker_unless_a_name_stands_right_before_it() {
    // the gerund's subject is the sentence's: the minister who opens it, not the one she agrees with
    let text = "La ministra de Sanidad, Elena Prat, coincide con Luis Ferrer sobre la gravedad, \
        expresando que será “la emergencia más grave de la última década en la región”.";
    assert_eq!(
        quotes("es", text),
        ["elena-prat|la emergencia más grave de la última década en la región"]
    );
    // a name right before the participle is its subject
    let text = "Les renforts arrivent, le ministère de la Santé déclarant que 40 médecins sont \
        en route.";
    assert_eq!(
        statements("fr", text),
        ["indirect|ministere-de-la-sante|40 médecins sont en route|indirect.speech-verb"]
    );
}

#[test]
fn a_title_stands_for_the_person_it_follows_as_an_apposition() {
    let text = "Le parquet a ouvert une enquête, a indiqué Claire Vidal, procureure de la \
        République. La procureure a expliqué qu'il y avait \"une première alerte incendie à \
        18h20, suivie d'une seconde\".";
    assert_eq!(
        quotes("fr", text),
        ["claire-vidal|une première alerte incendie à 18h20, suivie d'une seconde"]
    );
}
