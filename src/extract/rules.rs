//! The extractor's named rules: every extracted row records the rule that produced it, and its
//! confidence is that rule's, from this one table.
//!
//! A rule is a decision of the extractor a reviewer can judge on its own ("a mention of an alias
//! that several entities share", "a speaker carried over from the previous quote"): `eval` reports
//! precision per rule, so a weak rule shows up by name. To add a rule, add a variant here with its
//! name, confidence and description, and return it where the extractor makes that decision; the
//! name is stored in the `rule` column of mentions, statements and figures.

use crate::model::vocabulary;

vocabulary!(
    /// A named decision of the extractor.
    Rule {
        /// A name or alias of exactly one entity, as whole words.
        MentionAlias = "mention.alias",
        /// A name or alias that several entities share: each of them is a candidate.
        MentionSharedAlias = "mention.shared-alias",
        /// A capitalised word one edit away from a proper name (a misspelling).
        MentionNearMiss = "mention.near-miss",
        /// A name the store does not know after a title or an honorific ("M. Darmanin",
        /// "President Erdogan"): a person.
        NamePersonTitle = "name.person-title",
        /// An institution: a head noun with its complement or capitalised words before it
        /// ("ministère de la Santé", "Interior Ministry", "Gesundheitsministerium").
        NameInstitution = "name.institution",
        /// An institution named by a description in lower case: one the lexicon writes with its
        /// article ("la présidence", "the interior ministry"), or a head noun with a title
        /// ("bureau du procureur général", "the president's office").
        NameDescription = "name.description",
        /// A word in capitals inside mixed-case text (AFAD, FSB): an organisation.
        NameAcronym = "name.acronym",
        /// Two capitalised words or more (with particles: "Ursula von der Leyen").
        NameCapitalised = "name.capitalised",
        /// One capitalised word inside a sentence that the text never writes in lower case.
        NameCapitalisedWord = "name.capitalised-word",
        /// Where nouns are capitalised (German), one capitalised word right after a speech verb and
        /// before a break ("sagte Erdogan."): the speaker, a person.
        NameAfterSpeechVerb = "name.after-speech-verb",
        /// Where nouns are capitalised, one capitalised word that ends as the language's places
        /// do, right after a preposition of place ("in Reichertshofen"): a place.
        NamePlaceWord = "name.place-word",
        /// One word in parentheses right after a name of two words or more ("Demirören Haber
        /// Ajansi (DHA)", "Secretaría de la Defensa Nacional (Sedena)"): another name of it.
        NameAbbreviation = "name.abbreviation",
        /// A name with a number in it ("France 24"): the number is no figure.
        NameWithNumber = "name.with-number",
        /// Another occurrence of a name found in the same text (or the last word of a person's).
        NameRepeat = "name.repeat",
        /// A quote whose speaker a speech verb next to it names.
        QuoteSpeechVerb = "quote.speech-verb",
        /// A quote whose speaker is named in parentheses after it, as in headlines.
        QuoteParenthesis = "quote.parenthesis",
        /// A quote with a speech verb that names nobody: the speaker is carried over.
        QuoteCarriedOver = "quote.carried-over",
        /// A quote without a speech verb, right after another one: the speaker is carried over.
        QuoteAdjacent = "quote.adjacent",
        /// A short quoted term (fewer than four words): no speaker.
        QuoteTerm = "quote.term",
        /// Reported speech: the clause a speech verb reports, its speaker the entity the verb
        /// names ("the governor said that ...", "..., X said") or none for a generic source.
        IndirectSpeechVerb = "indirect.speech-verb",
        /// Reported speech around an "according to" ("selon X, ..."): the sentence without it.
        IndirectAccording = "indirect.according",
        /// Reported speech with a verb that names nobody ("he said that ...", "selon lui, ..."):
        /// the speaker carried over.
        IndirectCarriedOver = "indirect.carried-over",
        /// Reported speech marked by its verb's mood alone (German "Es gebe keine Fakten."),
        /// after reported speech or a quote: the speaker carried over.
        IndirectSubjunctive = "indirect.subjunctive",
        /// A figure whose metric word follows it within three words.
        FigureMetricNext = "figure.metric-next",
        /// A figure whose metric word follows it further on in its clause.
        FigureMetricAfter = "figure.metric-after",
        /// A figure that shares the metric of the next figure ("26 manifestants-18 policiers tués").
        FigureMetricShared = "figure.metric-shared",
        /// A figure whose metric word stands before it ("killed, including 103").
        FigureMetricBefore = "figure.metric-before",
        /// A figure right after its metric word, a qualifier at most between ("killed more
        /// than 820 people and injured 672").
        FigureMetricRightBefore = "figure.metric-right-before",
    }
);

impl Rule {
    /// How far a row this rule produced is to be trusted, from 0 to 1: what the row's
    /// `confidence` column holds.
    pub fn confidence(self) -> f64 {
        match self {
            Rule::MentionAlias => 1.0,
            Rule::MentionSharedAlias => 0.5,
            Rule::MentionNearMiss => 0.4,
            Rule::NamePersonTitle => 0.9,
            Rule::NameInstitution | Rule::NameWithNumber => 0.85,
            Rule::NameAcronym | Rule::NameCapitalised | Rule::NameAbbreviation => 0.8,
            Rule::NameAfterSpeechVerb | Rule::NameDescription => 0.75,
            Rule::NameCapitalisedWord | Rule::NameRepeat | Rule::NamePlaceWord => 0.7,
            Rule::QuoteSpeechVerb | Rule::QuoteParenthesis | Rule::QuoteTerm => 0.9,
            Rule::FigureMetricNext => 0.9,
            Rule::FigureMetricRightBefore => 0.85,
            Rule::FigureMetricAfter | Rule::FigureMetricShared => 0.7,
            Rule::QuoteCarriedOver | Rule::FigureMetricBefore => 0.6,
            Rule::QuoteAdjacent => 0.5,
            Rule::IndirectSpeechVerb | Rule::IndirectAccording => 0.7,
            Rule::IndirectCarriedOver | Rule::IndirectSubjunctive => 0.5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vocabulary;

    #[test]
    fn names_are_unique_and_confidences_fractions() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        assert!(Rule::ALL
            .iter()
            .all(|r| (0.0..=1.0).contains(&r.confidence())));
        assert_eq!(Rule::parse("quote.term"), Some(Rule::QuoteTerm));
    }
}
