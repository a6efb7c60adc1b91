//! The extractor: a pure function from a source's text (and language) to the entity mentions,
//! statements and figures a careful reader would mark, each with its exact span and a confidence.
//!
//! Data flow, for one text:
//! 1. [`Folded`]: the text folded for case, accents and punctuation variants, with a map back to
//!    the original's code points, and its words with their case (read once, for every pass);
//! 2. mentions: every alias of every entity, through one [`Dictionary`], whole words,
//!    longest first; then capitalised words one edit away from a proper name (a low-confidence
//!    mention, for a reviewer);
//! 3. the language's lexicon, through a second dictionary: metric words, qualifiers, speech verbs,
//!    number words, ...; and the sentences ([`sentences`]);
//! 4. [`names`]: the names the store does not know (people, institutions, media, places), found
//!    from capitals, titles, particles and head nouns; each becomes a discovered name, its
//!    mentions pointing at a provisional id until the writer gives it an entity;
//! 5. [`quotes`]: quotations, each given a speaker by the speech verb and entity next to it, or
//!    carried over from the previous attribution ("a-t-il ajouté", "he said");
//! 6. [`reported`]: reported speech, the clause a speech verb outside quotes reports, with its
//!    speaker (an indirect statement);
//! 7. [`figures`]: numbers and vague quantities with their qualifier, metric, subject, claimant
//!    and place.
//!
//! What a language needs is data: its lexicon rows. Entities and aliases serve every language.

pub mod dictionary;
pub mod figures;
pub mod folded;
pub mod names;
pub mod quotes;
mod reported;
pub mod rules;
pub mod sentences;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::fold::fold;
pub use crate::model::LexKind;
use crate::model::{
    EntityId, EntityKind, Figure, LexiconEntry, Mention, Origin, SourceId, Span, SpeechRole,
    Statement, StatementKind, Vocabulary,
};
use dictionary::{Dictionary, Hit};
use folded::Folded;
use rules::Rule;
use sentences::Range;

/// One lexicon row, as the extractor reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct LexItem {
    pub kind: LexKind,
    pub code: Option<String>,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
}

impl LexItem {
    fn of(entry: &LexiconEntry) -> Self {
        LexItem {
            kind: entry.kind,
            code: entry.code.clone(),
            value: entry.value,
            low: entry.low,
            high: entry.high,
        }
    }
}

/// The lexicon of one language, ready for matching.
struct Language {
    words: Dictionary<LexItem>,
    abbreviations: HashSet<String>,
    /// The folded words that open a reported clause ("that", "que", "dass").
    openers: HashSet<String>,
    /// The folded subject pronouns ("he", "elle", "er").
    pronouns: HashSet<String>,
    /// The folded verb forms that mark reported speech by their mood (German "sei", "habe").
    subjunctives: HashSet<String>,
}

/// Everything found in one text: model rows of origin `extracted`, each with its rule, and the
/// names discovered in it. Rows that point at a discovered name hold its provisional id
/// ([`names::provisional`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub statements: Vec<Statement>,
    pub figures: Vec<Figure>,
    pub names: Vec<names::Name>,
}

/// What the extractor is built from: the store's entities (id, kind, name), aliases (entity,
/// spelling) and lexicon, and the match keys of the names a reviewer rejected.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    pub entities: Vec<(EntityId, EntityKind, String)>,
    pub aliases: Vec<(EntityId, String)>,
    pub lexicon: Vec<LexiconEntry>,
    pub rejected: std::collections::HashSet<String>,
}

/// Quotes of fewer words than this are terms, not statements with a speaker.
pub const QUOTE_MIN_WORDS: usize = 4;

/// Longer than any name.
pub(super) const NAME_BYTES: usize = 200;

/// The words (folded) after which a name is the complement of a title or head noun.
const COMPLEMENT_WORDS: &[&str] = &["of", "de", "du", "des", "d", "del"];

/// Indefinite articles (folded): right after a speech verb, they make its subject someone
/// unnamed.
const INDEFINITE: &[&str] = &["a", "an", "un", "une", "ein", "eine", "una", "uno"];

/// The words (folded) right before the one a speech verb addresses: to, à, au, aux, à l', a, al, a
/// la, gegenüber.
const RECIPIENT_MARKS: &[&str] = &["to", "a", "au", "aux", "a l'", "al", "a la", "gegenuber"];

/// The words (folded) right before an organisation a speech verb names as the channel it spoke
/// on, not its speaker: "a affirmé sur France Info", "said on CNN", "sagte im ZDF", "dijo en TVE".
const CHANNEL_MARKS: &[&str] = &["sur", "on", "in", "im", "auf", "en", "dans"];

/// Prepositions (folded) of four letters or more before a place that make it a complement, not
/// a speaker ("a indiqué le chef de l'Etat depuis Arras"); shorter words before a place are
/// taken for prepositions anyway ("in France", "du Kazakhstan").
const LONG_PREPOSITIONS: &[&str] = &[
    "depuis", "dans", "vers", "pres", "apres", "avant", "pendant", "entre", "from", "near",
    "after", "before", "during", "inside", "outside", "across", "around", "toward", "towards",
    "within", "between", "through", "nach", "seit", "uber", "unter", "desde", "hacia", "durante",
    "sobre", "dopo", "prima", "verso", "presso",
];

/// How many words may stand between a speech verb that ends a sentence and the quote that opens
/// the next one ("said in a news conference."), or between two quotes of one speaker in two
/// paragraphs.
const LEAD_IN_WORDS: usize = 6;

/// How many words in lower case may come before a person who opens a sentence.
const SUBJECT_REACH: usize = 2;

/// How many words in all may come before a person who opens a sentence.
const SUBJECT_WORDS: usize = 6;

/// How far (in words) a speaker may stand from its speech verb.
const SPEAKER_REACH: usize = 8;

/// Proper names shorter than this are not matched one edit away.
const FUZZY_MIN_CHARS: usize = 6;

/// A mention in folded coordinates.
#[derive(Clone, Copy, Debug)]
struct Named {
    start: usize,
    end: usize,
    entity: EntityId,
    kind: EntityKind,
    rule: Rule,
}

/// A quote in folded coordinates, with its speaker once attributed.
#[derive(Clone, Debug)]
struct QuoteAt {
    open: usize,
    close: usize,
    quote: quotes::Quote,
    speaker: Option<EntityId>,
    rule: Rule,
}

/// What the passes over one text share.
struct Analysis<'a> {
    folded: Folded,
    /// Mentions of known names and of names discovered in the text, in order.
    mentions: Vec<Named>,
    names: Vec<names::Name>,
    /// Titles standing for a person named with that title elsewhere in the text ("le président"
    /// after "le président Kassym-Jomart Tokayev"): possible speakers, not mentions.
    references: Vec<Named>,
    words: Vec<(Hit, &'a [LexItem])>,
    sentences: Vec<Range>,
    quotes: Vec<QuoteAt>,
    /// Speech verbs outside quotes, in order.
    verbs: Vec<Verb>,
    /// Reported speech with a speaker: (end of the verb, speaker), in order.
    said: Vec<(usize, EntityId)>,
    /// Attributed quotes: (end of the quote, speaker), in order.
    quoted: Vec<(usize, EntityId)>,
    /// People named outside quotes: (end of the mention, person), in order.
    persons: Vec<(usize, EntityId)>,
    /// Those of `persons` named at the start of their sentence, in order.
    subjects: Vec<(usize, EntityId)>,
    /// Reported speech, in order.
    reported: Vec<reported::Reported>,
    /// The lexicon of the text's language, if the store has one.
    language: Option<&'a Language>,
}

pub struct Extractor {
    kinds: HashMap<EntityId, EntityKind>,
    aliases: Dictionary<EntityId>,
    /// Folded aliases every spelling of which starts with a capital: found only where the text
    /// writes a capital too (French "libyen" is no mention of German "Libyen", "un" none of UN).
    capitalised: HashSet<String>,
    /// Folded aliases every spelling of which is in capitals ("US", "U.S.", "USA"): found only
    /// where the text writes them in capitals ("us", "Usa" are other words).
    acronyms: HashSet<String>,
    /// Proper names of six letters or more, under each of their one-letter deletions.
    near: HashMap<String, Vec<(String, EntityId)>>,
    languages: HashMap<String, Language>,
    finder: names::Finder,
    rejected: std::collections::HashSet<String>,
}

impl Extractor {
    /// Builds the extractor from what the store knows.
    pub fn new(knowledge: &Knowledge) -> Self {
        let kinds: HashMap<EntityId, EntityKind> = knowledge
            .entities
            .iter()
            .map(|(id, kind, _)| (*id, *kind))
            .collect();
        let names: Vec<(EntityId, String)> = knowledge
            .entities
            .iter()
            .map(|(id, _, name)| (*id, name.clone()))
            .chain(knowledge.aliases.iter().cloned())
            .collect();
        let aliases = Dictionary::new(names.iter().map(|(id, name)| (fold(name), *id)));
        let mut lower = HashSet::new();
        let mut capitalised = HashSet::new();
        let mut acronyms = HashSet::new();
        let mut not_acronyms = HashSet::new();
        for (_, name) in &names {
            if name.chars().next().is_some_and(char::is_uppercase) {
                capitalised.insert(fold(name));
                if in_capitals(name) {
                    acronyms.insert(fold(name));
                } else {
                    not_acronyms.insert(fold(name));
                }
            } else {
                lower.insert(fold(name));
            }
        }
        capitalised.retain(|key| !lower.contains(key));
        acronyms.retain(|key| capitalised.contains(key) && !not_acronyms.contains(key));
        let places = names
            .iter()
            .filter(|(id, _)| kinds.get(id) == Some(&EntityKind::Place))
            .map(|(_, name)| name.as_str());
        Extractor {
            finder: names::Finder::new(&knowledge.lexicon, places),
            near: near_names(&names, &kinds),
            kinds,
            aliases,
            capitalised,
            acronyms,
            languages: languages(&knowledge.lexicon),
            rejected: knowledge.rejected.clone(),
        }
    }

    /// The lexicon for a language tag (`fr-CA` falls back to `fr`).
    fn language(&self, tag: &str) -> Option<&Language> {
        self.languages
            .get(tag)
            .or_else(|| self.languages.get(tag.split('-').next().unwrap_or(tag)))
    }

    /// Finds the mentions, statements and figures of `text` (the body of source `source`),
    /// written in `language`.
    pub fn extract(&self, source: SourceId, text: &str, language: &str) -> Extraction {
        let analysis = self.analyse(text, language);
        let f = &analysis.folded;
        let span = |(char_start, char_end): (usize, usize), rule: Rule| Span {
            source,
            char_start: char_start as i64,
            char_end: char_end as i64,
            origin: Origin::Extracted,
            confidence: Some(rule.confidence()),
            rule: Some(rule),
        };
        // `..Default::default()`: a column added later needs no change here.
        #[allow(clippy::needless_update)]
        let mentions = analysis.mentions.iter().map(|m| {
            let at = f.span(m.start, m.end);
            Mention {
                entity: m.entity,
                surface: f.original(at.0, at.1),
                span: span(at, m.rule),
                ..Mention::default()
            }
        });
        let statements = analysis.quotes.iter().map(|q| {
            let at = q.quote.inner;
            let quote = q.quote.words >= QUOTE_MIN_WORDS;
            Statement {
                speaker: if quote { q.speaker } else { None },
                kind: if quote {
                    StatementKind::Quote
                } else {
                    StatementKind::Term
                },
                text: f.original(at.0, at.1),
                span: span(at, if quote { q.rule } else { Rule::QuoteTerm }),
                ..Statement::default()
            }
        });
        let indirect = analysis.reported.iter().map(|r| {
            let at = f.span(r.start, r.end);
            Statement {
                speaker: r.speaker,
                kind: StatementKind::Indirect,
                text: f.original(at.0, at.1),
                span: span(at, r.rule),
                ..Statement::default()
            }
        });
        let mut statements: Vec<Statement> = statements.chain(indirect).collect();
        statements.sort_by_key(|s| (s.span.char_start, s.span.char_end));
        Extraction {
            mentions: mentions.collect(),
            statements,
            figures: figures::find(&analysis, &span),
            names: analysis.names,
        }
    }

    /// The passes over one text: folding, mentions, lexicon words, sentences, quotes and their
    /// speakers.
    fn analyse(&self, text: &str, language: &str) -> Analysis<'_> {
        let folded = Folded::new(text);
        let tag = language;
        let language = self.language(language);
        let mut mentions = self.mentions(&folded, names::nouns_capitalised(tag));
        let words: Vec<(Hit, &[LexItem])> = match language {
            Some(l) => l
                .words
                .find(&folded)
                .into_iter()
                .map(|h| (h, l.words.values(h)))
                .collect(),
            None => Vec::new(),
        };
        let (names, found, covered) = names::find(
            &self.finder,
            &folded,
            tag,
            &words,
            &mentions,
            &self.rejected,
        );
        if !found.is_empty() {
            let covered: HashSet<usize> = covered.into_iter().collect();
            let mut i = 0;
            mentions.retain(|_| {
                i += 1;
                !covered.contains(&(i - 1))
            });
            mentions.extend(found);
            mentions.sort_by_key(|m| (m.start, m.end));
        }
        let empty = HashSet::new();
        let sentences = sentences::split(&folded, language.map_or(&empty, |l| &l.abbreviations));
        let quotes = quotes::find(folded.chars())
            .into_iter()
            .map(|quote| QuoteAt {
                open: folded.byte_of(quote.open),
                close: folded.byte_of(quote.close),
                quote,
                speaker: None,
                rule: Rule::QuoteAdjacent,
            })
            .collect();
        let mut references = titles(&folded, &mentions, &words, &sentences);
        references.extend(descriptions(&folded, &mentions, &self.finder));
        references.sort_by_key(|m| (m.start, m.end));
        let mut analysis = Analysis {
            folded,
            mentions,
            names,
            references,
            words,
            sentences,
            quotes,
            verbs: Vec::new(),
            said: Vec::new(),
            quoted: Vec::new(),
            persons: Vec::new(),
            subjects: Vec::new(),
            reported: Vec::new(),
            language,
        };
        self.attribute(&mut analysis);
        if language.is_some() {
            analysis.reported = reported::find(
                &analysis,
                that_may_be_left_out(tag),
                names::nouns_capitalised(tag),
            );
        }
        analysis
    }

    /// Every alias found as whole words, then capitalised words one edit away from a proper name.
    fn mentions(&self, f: &Folded, genitive_s: bool) -> Vec<Named> {
        let mut mentions: Vec<Named> = self
            .aliases
            .find(f)
            .into_iter()
            .filter(|hit| {
                let key = &f.text[hit.start..hit.end];
                let case =
                    f.original_char(hit.start).is_uppercase() || !self.capitalised.contains(key);
                case && (!self.acronyms.contains(key) || written_in_capitals(f, hit.start, hit.end))
            })
            .flat_map(|hit| self.alias_mentions(hit))
            .collect();
        if genitive_s {
            self.genitives(f, &mut mentions);
        }
        let mut near = Vec::new();
        let mut covered = mentions.iter().map(|m| (m.start, m.end)).peekable();
        let mut key = String::new();
        for w in f.words.iter().filter(|w| w.cap) {
            let (start, end) = (w.start, w.end);
            while covered.peek().is_some_and(|&(_, e)| e <= start) {
                covered.next();
            }
            if covered.peek().is_some_and(|&(s, _)| s < end) {
                continue;
            }
            let word = &f.text[start..end];
            if word.len() < FUZZY_MIN_CHARS || word.chars().count() < FUZZY_MIN_CHARS {
                continue;
            }
            let mut found: Vec<EntityId> = Vec::new();
            let deleted = word.char_indices().map(|(i, c)| (i, i + c.len_utf8()));
            for (cut, next) in deleted.chain(std::iter::once((0, 0))) {
                key.clear();
                key.push_str(&word[..cut]);
                key.push_str(&word[next..]);
                let Some(near) = self.near.get(key.as_str()) else {
                    continue;
                };
                found.extend(
                    near.iter()
                        .filter(|(name, _)| {
                            same_ends(word, name) && edit_distance_is_one(word, name)
                        })
                        .map(|(_, id)| *id),
                );
            }
            found.sort();
            found.dedup();
            if let [entity] = found[..] {
                near.push(Named {
                    start,
                    end,
                    entity,
                    kind: self.kind(entity),
                    rule: Rule::MentionNearMiss,
                });
            }
        }
        mentions.extend(near);
        mentions.sort_by_key(|m| (m.start, m.end));
        mentions
    }

    /// The mentions an alias hit makes: one of its entity, or one of each entity that shares it.
    fn alias_mentions(&self, hit: Hit) -> impl Iterator<Item = Named> + '_ {
        let entities = self.aliases.values(hit);
        let rule = if entities.len() == 1 {
            Rule::MentionAlias
        } else {
            Rule::MentionSharedAlias
        };
        entities.iter().map(move |&entity| Named {
            start: hit.start,
            end: hit.end,
            entity,
            kind: self.kind(entity),
            rule,
        })
    }

    /// Adds the mentions of one-word names with the genitive "s" of languages that write it
    /// without an apostrophe ("Bayerns" is Bayern's): the name without its "s", where no other
    /// mention stands. Keeps `mentions` in order.
    fn genitives(&self, f: &Folded, mentions: &mut Vec<Named>) {
        let mut found = Vec::new();
        let mut covered = mentions.iter().map(|m| (m.start, m.end)).peekable();
        for w in f.words.iter().filter(|w| w.cap && !w.caps && !w.digits) {
            let (start, end) = (w.start, w.end);
            while covered.peek().is_some_and(|&(_, e)| e <= start) {
                covered.next();
            }
            let word = &f.text[start..end];
            let Some(stem) = word.strip_suffix('s') else {
                continue;
            };
            if stem.len() < 3 || covered.peek().is_some_and(|&(s, _)| s < end) {
                continue;
            }
            if let Some(hit) = self.aliases.word(stem, start) {
                found.extend(self.alias_mentions(hit));
            }
        }
        if !found.is_empty() {
            mentions.extend(found);
            mentions.sort_by_key(|m| (m.start, m.end));
        }
    }

    fn kind(&self, entity: EntityId) -> EntityKind {
        self.kinds
            .get(&entity)
            .copied()
            .unwrap_or(EntityKind::Other)
    }

    /// Gives each quote of four words or more its speaker: the entity a speech verb just after or
    /// before it attributes speech to; else (a verb with no entity, "a-t-il ajouté", or a quote
    /// right after another one) the speaker carried over from the latest attribution.
    fn attribute(&self, a: &mut Analysis) {
        a.verbs = self.verbs(a);
        a.said = a
            .verbs
            .iter()
            .filter_map(|v| Some((v.hit.end, v.reported()?)))
            .collect();
        a.persons = a
            .mentions
            .iter()
            .chain(&a.references)
            .filter(|m| m.kind == EntityKind::Person && a.quote_at(m.start).is_none())
            .map(|m| (m.end, m.entity))
            .collect();
        a.persons.sort_by_key(|&(end, _)| end);
        // people who open a sentence (its subject, most often: "José Ruiz visitó el hospital.")
        // (titles and names before them in capitals: "NSW Police Commissioner Karen Webb")
        let opens_sentence = |m: &Named| {
            sentences::containing(&a.sentences, m.start).is_some_and(|s| {
                let from = a.sentences[s].0;
                let f = &a.folded;
                let first = f.words.partition_point(|w| w.start < from);
                f.words[first..]
                    .iter()
                    .take_while(|w| w.end <= m.start)
                    .filter(|w| !w.cap)
                    .count()
                    <= SUBJECT_REACH
                    && folded::pieces(&f.text[from..m.start], SUBJECT_WORDS + 1) <= SUBJECT_WORDS
            })
        };
        a.subjects = a
            .mentions
            .iter()
            .chain(&a.references)
            .filter(|m| {
                m.kind == EntityKind::Person && a.quote_at(m.start).is_none() && opens_sentence(m)
            })
            .map(|m| (m.end, m.entity))
            .collect();
        a.subjects.sort_by_key(|&(end, _)| end);
        let mut previous_close: Option<usize> = None;
        for q in 0..a.quotes.len() {
            if a.quotes[q].quote.words < QUOTE_MIN_WORDS {
                continue;
            }
            let (speaker, rule) = a.speaker_of(q, previous_close);
            let close = a.quotes[q].close;
            a.quotes[q].speaker = speaker;
            a.quotes[q].rule = rule;
            if let Some(speaker) = speaker {
                a.quoted.push((close, speaker));
            }
            previous_close = Some(close);
        }
    }

    /// The speech verbs outside quotes, in order, each with the possible speakers on each side.
    fn verbs(&self, a: &Analysis) -> Vec<Verb> {
        let f = &a.folded;
        let text = &f.text;
        let empty = HashSet::new();
        let pronouns = a.language.map_or(&empty, |l| &l.pronouns);
        let pronoun = |i: Option<usize>| {
            i.and_then(|i| f.words.get(i))
                .filter(|w| pronouns.contains(&text[w.start..w.end]))
        };
        a.words
            .iter()
            .filter_map(|(hit, items)| {
                let mut role = speech_role(items)?;
                let tells = role == SpeechRole::Tell;
                if tells {
                    role = SpeechRole::Say;
                }
                if matches!(
                    role,
                    SpeechRole::That | SpeechRole::Pronoun | SpeechRole::Subjunctive
                ) || a.quote_at(hit.start).is_some()
                {
                    return None;
                }
                // the verb's first word and the word after it
                let first = f.words.partition_point(|w| w.start < hit.start);
                let next = f.words.partition_point(|w| w.start < hit.end);
                if role == SpeechRole::Say {
                    // "he warned", "elle a affirmé", "sagte er.": a pronoun names the speaker of
                    // before; so does a verb that opens its sentence ("Dijo que ...")
                    let before = pronoun(first.checked_sub(1))
                        .is_some_and(|p| text[p.end..hit.start].trim().is_empty());
                    // "sagte er.", "précise-t-elle", "dit-il"
                    let after = pronoun(Some(next)).is_some_and(|p| {
                        matches!(text[hit.end..p.start].trim(), "" | "-" | "-t-")
                            && !text[p.end..]
                                .starts_with(|c: char| c == ' ' || folded::is_word_char(c))
                    });
                    let opens = sentences::containing(&a.sentences, hit.start)
                        .is_some_and(|s| a.sentences[s].0 == hit.start);
                    if before || after || opens {
                        role = SpeechRole::Add;
                    }
                }
                let last_close = a.quotes[..a.quotes.partition_point(|q| q.close <= hit.start)]
                    .last()
                    .map(|q| q.close);
                let inverted = last_close.is_some_and(|close| {
                    a.folded.text[close..hit.start]
                        .chars()
                        .all(|c| c.is_whitespace() || ",;:-—–".contains(c))
                });
                let before = self.speaker(a, *hit, true);
                // "told AFP": the one addressed
                let mut after = self
                    .speaker(a, *hit, false)
                    .filter(|&(distance, _)| !(tells && distance == 0));
                // "», a indiqué le chef de l'Etat depuis Arras": a title after the verb is its
                // subject, the person it names ("a affirmé ce mardi sur France Info le ministre
                // de la Culture Franck Riester"), else someone named before: the speaker goes on
                if role == SpeechRole::Say && inverted && title_after(a, *hit) {
                    match person_after(a, *hit, SPEAKER_REACH + TITLE_REACH) {
                        Some(person) => after = Some(person),
                        None => role = SpeechRole::Add,
                    }
                }
                // "«…», ha aclarado.": right after a quote, the verb ends the sentence and names
                // nobody (the subject left out): the speaker goes on
                if role == SpeechRole::Say
                    && inverted
                    && after.is_none()
                    && text[hit.end..]
                        .trim_start_matches(' ')
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, '.' | '\n' | ';' | '!' | '?'))
                {
                    role = SpeechRole::Add;
                }
                let unnamed = f
                    .words
                    .get(next)
                    .is_some_and(|w| INDEFINITE.contains(&&text[w.start..w.end]));
                let titled_after = if role == SpeechRole::According {
                    person_after(a, *hit, SPEAKER_REACH)
                } else {
                    None
                };
                let adjacent = a
                    .mentions_within(hit.start.saturating_sub(NAME_BYTES), hit.start)
                    .filter(|m| {
                        m.end <= hit.start
                            && text[m.end..hit.start].trim().is_empty()
                            && a.can_speak(m)
                    })
                    .last()
                    .map(|m| m.entity);
                Some(Verb {
                    hit: *hit,
                    role,
                    inverted,
                    before,
                    after,
                    titled_after,
                    unnamed,
                    adjacent,
                })
            })
            .collect()
    }

    /// The entity nearest to speech verb `verb` on one side (`before` it, or after it) that can be
    /// its speaker: in the same sentence, outside quotes, with no quote between, within reach.
    /// Returns its distance in words too.
    fn speaker(&self, a: &Analysis, verb: Hit, before: bool) -> Option<(usize, EntityId)> {
        let sentence = sentences::containing(&a.sentences, verb.start).map(|i| a.sentences[i])?;
        let text = &a.folded.text;
        // From the verb outwards, until past reach: the nearest of each list.
        let nearest = |all: &[Named]| -> Option<(usize, bool, EntityId)> {
            let split = all.partition_point(|m| m.start < verb.start);
            let side: Box<dyn Iterator<Item = &Named>> = if before {
                Box::new(all[..split].iter().rev().filter(|m| m.end <= verb.start))
            } else {
                Box::new(all[split..].iter().filter(|m| m.start >= verb.end))
            };
            side.take_while(|m| {
                if before {
                    m.start >= sentence.0
                } else {
                    m.end <= sentence.1
                }
            })
            .map(|m| {
                let (from, to) = if before {
                    (m.end, verb.start)
                } else {
                    (verb.end, m.start)
                };
                (
                    m,
                    from,
                    to,
                    folded::pieces(&text[from..to], SPEAKER_REACH + 1),
                )
            })
            .take_while(|&(_, _, _, distance)| distance <= SPEAKER_REACH)
            .filter(|&(m, from, to, _)| {
                a.can_speak(m) && !a.quote_between(from, to) && (before || !a.addressed(m))
            })
            // a name that is a title's complement ("commander of the First Coast Guard
            // District", "maire de Vallorbe", whatever kind it was guessed) gives way to a
            // person within reach
            .map(|(m, _, _, distance)| {
                let complement = a.complement_of(m);
                (
                    distance + if complement { SPEAKER_REACH } else { 0 },
                    m.kind != EntityKind::Person,
                    m.entity,
                )
            })
            .min_by_key(|&(distance, not_person, _)| (distance, not_person))
        };
        [nearest(&a.mentions), nearest(&a.references)]
            .into_iter()
            .flatten()
            .min_by_key(|&(distance, not_person, _)| (distance, not_person))
            .map(|(distance, _, entity)| (distance, entity))
    }
}

/// The person named nearest after speech verb `verb` in its sentence, within `reach` words, as
/// (distance in words, person): the source of an "according to" past a title ("selon la
/// procureure de la République de Nantes, Anne Morel").
fn person_after(a: &Analysis, verb: Hit, reach: usize) -> Option<(usize, EntityId)> {
    let sentence = sentences::containing(&a.sentences, verb.start).map(|i| a.sentences[i])?;
    let text = &a.folded.text;
    starting_within(&a.mentions, verb.end, sentence.1)
        .iter()
        .map(|m| (folded::pieces(&text[verb.end..m.start], reach + 1), m))
        .take_while(|&(distance, _)| distance <= reach)
        // "a indiqué la maire depuis Vallorbe": a name after a preposition is no subject
        .filter(|(_, m)| {
            !a.folded
                .word_before(m.start, 1)
                .is_some_and(|w| LONG_PREPOSITIONS.contains(&w))
        })
        .find(|(_, m)| m.kind == EntityKind::Person && !a.quote_between(verb.end, m.start))
        .map(|(distance, m)| (distance, m.entity))
}

/// How far (in words) after a speech verb a title may stand for it to be the verb's subject
/// ("», a affirmé ce mardi le ministre").
const SUBJECT_TITLE_REACH: usize = 7;

/// Whether a title of the lexicon follows speech verb `verb` within [`SUBJECT_TITLE_REACH`]
/// words of its clause, after a definite article: the verb's subject is described, not named.
fn title_after(a: &Analysis, verb: Hit) -> bool {
    let f = &a.folded;
    let text = &f.text;
    a.words[a.words.partition_point(|(h, _)| h.start < verb.end)..]
        .iter()
        .take_while(|(h, _)| {
            !text[verb.end..h.start].contains(['.', ',', ';', '\n'])
                && folded::pieces(&text[verb.end..h.start], SUBJECT_TITLE_REACH + 1)
                    <= SUBJECT_TITLE_REACH
        })
        .filter(|(_, items)| items.iter().any(|i| i.kind == LexKind::Title))
        .any(|(h, _)| {
            f.word_before(h.start, 1)
                .is_some_and(|w| DEFINITE_ARTICLES.contains(&w))
        })
}

/// How far (in words) the source after "according to" may stand.
const ACCORDING_REACH: usize = 3;

/// A speech verb outside quotes, with the nearest possible speakers on each side.
#[derive(Clone, Copy, Debug)]
struct Verb {
    hit: Hit,
    role: SpeechRole,
    /// Whether the verb directly follows a quote (", a déclaré Tokayev": the speaker comes after).
    inverted: bool,
    before: Option<(usize, EntityId)>,
    after: Option<(usize, EntityId)>,
    /// The person named after the verb past a title and its complement ("selon la procureure de
    /// la République de Nantes, Anne Morel"), within reach.
    titled_after: Option<(usize, EntityId)>,
    /// Whether its subject is someone unnamed, after an indefinite article right after it
    /// ("explique un médecin", "said a witness").
    unnamed: bool,
    /// The name that ends right before it, only blanks between, if it can speak: the subject of
    /// a verb that otherwise carries the speaker over ("le secrétariat de l'alliance déclarant
    /// que", "Macron ajoute").
    adjacent: Option<EntityId>,
}

impl Verb {
    fn according(&self) -> Option<EntityId> {
        self.after
            .filter(|&(d, _)| d <= ACCORDING_REACH)
            .or(self.titled_after)
            .map(|(_, e)| e)
    }

    /// The speaker of reported speech at this verb ("X a annoncé que ...").
    fn reported(&self) -> Option<EntityId> {
        match self.role {
            SpeechRole::Add => self.adjacent,
            SpeechRole::That | SpeechRole::Pronoun | SpeechRole::Subjunctive | SpeechRole::Tell => {
                None
            }
            SpeechRole::According => self.according(),
            SpeechRole::Say if self.inverted => self.after_quote(),
            SpeechRole::Say => self.before.map(|(_, e)| e),
        }
    }

    /// The speaker of the quote this verb follows ("”, X said", "», a déclaré X").
    fn after_quote(&self) -> Option<EntityId> {
        match self.role {
            SpeechRole::Add
            | SpeechRole::That
            | SpeechRole::Pronoun
            | SpeechRole::Subjunctive
            | SpeechRole::Tell => None,
            SpeechRole::According => self.according(),
            SpeechRole::Say => self
                .before
                .filter(|&(d, _)| d == 0)
                .or(self.after)
                .map(|(_, e)| e),
        }
    }

    /// The speaker of the quote this verb introduces ("X a déclaré : «").
    fn before_quote(&self) -> Option<EntityId> {
        match self.role {
            SpeechRole::Add => self.adjacent,
            SpeechRole::That | SpeechRole::Pronoun | SpeechRole::Subjunctive | SpeechRole::Tell => {
                None
            }
            SpeechRole::According => self.according(),
            SpeechRole::Say => self.before.map(|(_, e)| e),
        }
    }
}

impl Analysis<'_> {
    /// The speaker of quote `q` and the rule that gave it (`previous_close`: where the quote
    /// before it closed): the nearest speech verb around it in its sentence that names one, else
    /// a name in parentheses after it, else the speaker carried over.
    fn speaker_of(&self, q: usize, previous_close: Option<usize>) -> (Option<EntityId>, Rule) {
        let (open, close) = (self.quotes[q].open, self.quotes[q].close);
        let sentence_of =
            |at: usize| sentences::containing(&self.sentences, at).map(|i| self.sentences[i]);
        let next_open = self.quotes.get(q + 1).map_or(usize::MAX, |n| n.open);
        let after_end = sentence_of(close.saturating_sub(1))
            .map_or(close, |s| s.1)
            .min(next_open)
            .max(close);
        let before_start = sentence_of(open)
            .map_or(open, |s| s.0)
            .max(previous_close.unwrap_or(0))
            .min(open);
        let text = &self.folded.text;
        let words_between =
            |from: usize, to: usize| folded::pieces(&text[from.min(to)..to.max(from)], usize::MAX);
        let after = self.verbs_within(close, after_end);
        let before = self.verbs_within(before_start, open);
        let has_verb = !after.is_empty() || !before.is_empty();
        // the nearest verb (in words) that names a speaker, after the quote winning ties
        let explicit = after
            .iter()
            .filter_map(|v| Some(((words_between(close, v.hit.start), 0), v.after_quote()?)))
            .chain(
                before
                    .iter()
                    .filter_map(|v| Some(((words_between(v.hit.end, open), 1), v.before_quote()?))),
            )
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, speaker)| speaker);
        if let Some(speaker) = explicit {
            return (Some(speaker), Rule::QuoteSpeechVerb);
        }
        if let Some(speaker) = self.name_after_close(close, after) {
            return (Some(speaker), Rule::QuoteSpeechVerb);
        }
        if let Some(speaker) = self.parenthesis_after(close) {
            return (Some(speaker), Rule::QuoteParenthesis);
        }
        if let Some(speaker) = self.colon_before(open) {
            return (Some(speaker), Rule::QuoteSpeechVerb);
        }
        if has_verb {
            // someone unnamed said it ("explique un médecin"), else the speaker goes on
            if after.iter().chain(before).any(|v| v.unnamed) {
                return (None, Rule::QuoteSpeechVerb);
            }
            return (self.carry(open), Rule::QuoteCarriedOver);
        }
        // a quote that opens its sentence after one that ends with a speech verb ("Webb said in a
        // news conference. “...”")
        let lead_in = sentences::containing(&self.sentences, open)
            .filter(|&s| self.sentences[s].0 == open && s > 0)
            .map(|s| self.sentences[s - 1].0.max(previous_close.unwrap_or(0)))
            .and_then(|from| self.verbs_within(from, open).last())
            .filter(|v| {
                !v.inverted
                    && words_between(v.hit.end, open) <= LEAD_IN_WORDS
                    && !self.quote_between(v.hit.end, open)
            });
        if let Some(v) = lead_in {
            match v.role {
                SpeechRole::Add => return (self.carry(v.hit.start), Rule::QuoteCarriedOver),
                _ => {
                    if let Some(speaker) = v.before_quote() {
                        return (Some(speaker), Rule::QuoteSpeechVerb);
                    }
                }
            }
        }
        // right after another quote: in its sentence, or in the next paragraph when only a short
        // attribution stands between ("”, she said.\n“")
        let adjacent = previous_close.is_some_and(|end| {
            let between = &text[end.min(open)..open];
            between.matches('\n').count() <= 1
                && between.split(['.', '!', '?']).count() <= 2
                && (!between.contains('\n') || words_between(end.min(open), open) <= LEAD_IN_WORDS)
        });
        let speaker = if adjacent { self.carry(open) } else { None };
        (speaker, Rule::QuoteAdjacent)
    }

    /// The quote that folded byte `at` stands in, if any.
    fn quote_at(&self, at: usize) -> Option<&QuoteAt> {
        self.quotes[..self.quotes.partition_point(|q| q.open <= at)]
            .last()
            .filter(|q| at < q.close)
    }

    /// Whether a quote overlaps folded bytes `lo..hi`.
    fn quote_between(&self, lo: usize, hi: usize) -> bool {
        self.quotes
            .get(self.quotes.partition_point(|q| q.close <= lo))
            .is_some_and(|q| q.open < hi)
    }

    /// The mentions, and the titles standing for a person, that start within folded bytes `lo..hi`.
    fn mentions_within(&self, lo: usize, hi: usize) -> impl Iterator<Item = &Named> {
        starting_within(&self.mentions, lo, hi)
            .iter()
            .chain(starting_within(&self.references, lo, hi))
    }

    /// The speech verbs within folded bytes `lo..hi`.
    fn verbs_within(&self, lo: usize, hi: usize) -> &[Verb] {
        let from = self.verbs.partition_point(|v| v.hit.start < lo);
        let to = self.verbs.partition_point(|v| v.hit.end <= hi).max(from);
        &self.verbs[from..to]
    }

    /// The speaker named in parentheses right after a quote, as in headlines: « ... » (Tokayev).
    fn parenthesis_after(&self, close: usize) -> Option<EntityId> {
        let rest = &self.folded.text[close..];
        let inner_start = close + rest.len() - rest.trim_start_matches(' ').len();
        if !self.folded.text[inner_start..].starts_with('(') {
            return None;
        }
        let inner_end = inner_start + self.folded.text[inner_start..].find([')', '\n'])?;
        self.mentions_within(inner_start, inner_end)
            .find(|m| m.end <= inner_end && self.can_speak(m))
            .map(|m| m.entity)
    }

    /// The speaker named right before a colon that opens a quote, as in headlines and
    /// interviews: Ministerpräsident Wüst: „...“, Macron : « ... »; else the first person of the
    /// sentence the colon ends.
    fn colon_before(&self, open: usize) -> Option<EntityId> {
        let head = self.folded.text[..open].trim_end();
        let name_end = head.strip_suffix(':')?.trim_end().len();
        let named = self
            .mentions_within(name_end.saturating_sub(NAME_BYTES), name_end)
            .filter(|m| m.end == name_end && self.can_speak(m))
            .last()
            .map(|m| m.entity);
        // "Angesichts der Verletzungen schloss Haseloff weitere Todesfälle nicht aus: „...“": the
        // first person of the sentence the colon ends, with no quote between
        let sentence_start = sentences::containing(&self.sentences, name_end.saturating_sub(1))
            .map_or(name_end, |i| self.sentences[i].0);
        named.or_else(|| {
            if self.quote_between(sentence_start, name_end) {
                return None;
            }
            self.mentions_within(sentence_start, name_end)
                .find(|m| m.kind == EntityKind::Person && m.end <= name_end)
                .map(|m| m.entity)
        })
    }

    /// The person named right after quote close `close` and a comma, when a speech verb ends
    /// the sentence past an apposition: "”, Houda Outassaf, a resident of the town, told AFP."
    fn name_after_close(&self, close: usize, verbs: &[Verb]) -> Option<EntityId> {
        let text = &self.folded.text;
        let rest = &text[close..];
        let gap = rest.len() - rest.trim_start_matches([' ', ',']).len();
        // the comma after the quote, or inside it before its closing mark (“...,” Nora Bell)
        let inside = text[..close].trim_end_matches(|c: char| !c.is_alphanumeric() && c != ',');
        if !rest[..gap].contains(',') && !inside.ends_with(',') {
            return None;
        }
        let m = self
            .mentions_within(close + gap, close + gap + 1)
            .find(|m| m.kind == EntityKind::Person)?;
        let apposition = text[m.end..].starts_with(',');
        (apposition
            && verbs
                .iter()
                .any(|v| v.hit.start > m.end && v.role == SpeechRole::Say))
        .then_some(m.entity)
    }

    /// Whether mention `m` can be a speaker: a person, organisation or group, or a place that is
    /// not the complement of a word before it ("le président du Kazakhstan", "in France").
    fn can_speak(&self, m: &Named) -> bool {
        // a name in the genitive ("Bayerns Ministerpräsident", see `genitives`) does not speak
        if self.folded.text.as_bytes()[m.end..].starts_with(b"s ") {
            return false;
        }
        match m.kind {
            EntityKind::Other | EntityKind::Event => false,
            EntityKind::Place => {
                let head = &self.folded.text[..m.start];
                // "du Kazakhstan", "in France", "d'Annecy"
                let trimmed = head.trim_end();
                let elided = trimmed.len() == head.len() && trimmed.ends_with('\'');
                let trimmed = trimmed.strip_suffix('\'').unwrap_or(trimmed);
                let word_start = folded::last_word_start(trimmed);
                let word = &trimmed[word_start..];
                let complement = (trimmed.len() < head.len() || elided)
                    && !word.is_empty()
                    && (word.chars().count() <= 3 || LONG_PREPOSITIONS.contains(&word))
                    && !self.folded.original_char(word_start).is_uppercase();
                !complement
            }
            _ => true,
        }
    }

    /// Whether mention `m` is the complement of the word before it ("of", "de", "du": "commander
    /// of the Coast Guard", "porte-parole du ministère").
    fn complement_of(&self, m: &Named) -> bool {
        let word = |k: usize| self.folded.word_before(m.start, k);
        let of = |w: Option<&str>| w.is_some_and(|w| COMPLEMENT_WORDS.contains(&w));
        of(word(1)) || (matches!(word(1), Some("the" | "la" | "le" | "l")) && of(word(2)))
    }

    /// Whether mention `m` is the one a speech verb addresses, or the channel it speaks on, not
    /// its speaker ("explique un médecin à BFMTV", "dijo a la cadena SER", "said to Reuters",
    /// "a affirmé sur France Info").
    fn addressed(&self, m: &Named) -> bool {
        let head = self.folded.text[..m.start].trim_end();
        let after_word = |mark: &&str| {
            head.ends_with(mark) && head[..head.len() - mark.len()].ends_with([' ', '\n'])
        };
        RECIPIENT_MARKS.iter().any(after_word)
            || (m.kind == EntityKind::Organization && CHANNEL_MARKS.iter().any(after_word))
    }

    /// The speaker carried over to folded byte `at`: that of the latest attribution before it (a
    /// quote's speaker, or reported speech) unless a person opened a sentence after it, else the
    /// latest person named outside quotes.
    fn carry(&self, at: usize) -> Option<EntityId> {
        let last = |events: &[(usize, EntityId)]| {
            events[..events.partition_point(|&(end, _)| end <= at)]
                .last()
                .copied()
        };
        [last(&self.said), last(&self.quoted), last(&self.subjects)]
            .into_iter()
            .flatten()
            .max_by_key(|&(end, _)| end)
            .or_else(|| last(&self.persons))
            .map(|(_, e)| e)
    }
}

/// Whether `name` has two letters or more, all capitals ("US", "U.S.", "OTSC").
fn in_capitals(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !name.chars().any(char::is_lowercase)
}

/// Whether the text writes folded bytes `start..end` in capitals: each of its words in capitals,
/// or a single capital letter ("U.S.").
fn written_in_capitals(f: &Folded, start: usize, end: usize) -> bool {
    let first = f.words.partition_point(|w| w.end <= start);
    f.words[first..]
        .iter()
        .take_while(|w| w.start < end)
        .all(|w| w.caps || (w.cap && w.end - w.start == 1))
}

/// The mentions of `all` (in order) that start within folded bytes `lo..hi`.
fn starting_within(all: &[Named], lo: usize, hi: usize) -> &[Named] {
    let from = all.partition_point(|m| m.start < lo);
    let to = all.partition_point(|m| m.start < hi).max(from);
    &all[from..to]
}

/// How far (in words) a title may stand before the name it is given to.
const TITLE_REACH: usize = 4;

/// The titles of the text that stand alone for a person: each title word of the lexicon followed,
/// somewhere in the text, by a person's name within a few words ("le président du pays
/// Kassym-Jomart Tokayev") stands for that person wherever it is followed by no name.
/// Head nouns after a definite article standing for the institution named with that head before
/// them ("the ministry" after "the Interior Ministry", "le ministère" after "le ministère de la
/// Santé"): possible speakers, not mentions.
fn descriptions(f: &Folded, mentions: &[Named], finder: &names::Finder) -> Vec<Named> {
    let mut out = Vec::new();
    for (i, w) in f.words.iter().enumerate() {
        let word = &f.text[w.start..w.end];
        if w.cap || !finder.is_head_word(word) {
            continue;
        }
        let definite = i
            .checked_sub(1)
            .map(|j| &f.text[f.words[j].start..f.words[j].end])
            .is_some_and(|a| DEFINITE_ARTICLES.contains(&a));
        let inside = mentions
            .get(mentions.partition_point(|m| m.end <= w.start))
            .is_some_and(|m| m.start <= w.start);
        if !definite || inside {
            continue;
        }
        let named = mentions[..mentions.partition_point(|m| m.end <= w.start)]
            .iter()
            .rev()
            .find(|m| {
                m.kind == EntityKind::Organization
                    && f.text[m.start..m.end]
                        .split(|c: char| !folded::is_word_char(c))
                        .any(|part| part == word)
            });
        if let Some(m) = named {
            out.push(Named {
                start: w.start,
                end: w.end,
                entity: m.entity,
                kind: EntityKind::Organization,
                // never written: a description stands for a speaker, it is no mention
                rule: Rule::MentionSharedAlias,
            });
        }
    }
    out
}

/// Definite articles (folded) before a head noun that stands for an institution named before.
const DEFINITE_ARTICLES: &[&str] = &[
    "the", "le", "la", "l", "el", "die", "der", "das", "il", "lo",
];

fn titles(
    f: &Folded,
    mentions: &[Named],
    words: &[(Hit, &[LexItem])],
    sentences: &[Range],
) -> Vec<Named> {
    let titles: Vec<Hit> = words
        .iter()
        .filter(|(_, items)| items.iter().any(|i| i.kind == LexKind::Title))
        .map(|(h, _)| *h)
        .collect();
    let named = |t: &Hit| {
        let sentence_end =
            sentences::containing(sentences, t.start).map_or(t.end, |i| sentences[i].1);
        mentions
            .get(mentions.partition_point(|m| m.start < t.end))
            .filter(|m| m.end <= sentence_end && m.kind == EntityKind::Person)
            .filter(|m| folded::pieces(&f.text[t.end..m.start], TITLE_REACH + 1) <= TITLE_REACH)
            .map(|m| m.entity)
    };
    // the person a title follows as an apposition: "Rémi Heitz, procureur de la République"
    let apposed = |t: &Hit| {
        let head = f.text[..t.start].trim_end();
        let head = DEFINITE_ARTICLES
            .iter()
            .find_map(|a| head.strip_suffix(a).filter(|h| h.ends_with(' ')))
            .map_or(head, str::trim_end);
        let name_end = head.strip_suffix(',')?.trim_end().len();
        mentions[..mentions.partition_point(|m| m.start < name_end)]
            .last()
            .filter(|m| m.end == name_end && m.kind == EntityKind::Person)
            .map(|m| m.entity)
    };
    let head_word = |t: &Hit| {
        let title = &f.text[t.start..t.end];
        title.split(' ').next().unwrap_or(title)
    };
    // the person each title is given to where the text names them
    let holders: Vec<Option<EntityId>> = titles
        .iter()
        .map(|t| named(t).or_else(|| apposed(t)))
        .collect();
    let mut given: HashMap<&str, EntityId> = HashMap::new();
    // a title's first word, when it is given to one person only ("le procureur" after
    // "procureur de la République Rémi Heitz")
    let mut given_head: HashMap<&str, Option<EntityId>> = HashMap::new();
    for (t, person) in titles.iter().zip(&holders) {
        if let Some(person) = *person {
            given.entry(&f.text[t.start..t.end]).or_insert(person);
            let holder = given_head.entry(head_word(t)).or_insert(Some(person));
            if *holder != Some(person) {
                *holder = None;
            }
        }
    }
    titles
        .iter()
        .zip(&holders)
        .filter(|(_, person)| person.is_none())
        .filter_map(|(t, _)| {
            let entity = given
                .get(&f.text[t.start..t.end])
                .copied()
                .or_else(|| given_head.get(head_word(t)).copied().flatten())?;
            Some(Named {
                start: t.start,
                end: t.end,
                entity,
                kind: EntityKind::Person,
                // never written: a title stands for a speaker, it is no mention of a name
                rule: Rule::MentionSharedAlias,
            })
        })
        .collect()
}

/// The proper names of six letters or more of people, organisations and places, under each of
/// their one-letter deletions (and themselves): where a near miss is looked up.
fn near_names(
    names: &[(EntityId, String)],
    kinds: &HashMap<EntityId, EntityKind>,
) -> HashMap<String, Vec<(String, EntityId)>> {
    let mut near: HashMap<String, Vec<(String, EntityId)>> = HashMap::new();
    for (id, name) in names {
        let proper = name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().all(char::is_alphabetic)
            && name.chars().count() >= FUZZY_MIN_CHARS
            && matches!(
                kinds.get(id),
                Some(EntityKind::Person | EntityKind::Organization | EntityKind::Place)
            );
        if !proper {
            continue;
        }
        let word = fold(name);
        for key in deletions(&word).chain(std::iter::once(word.clone())) {
            let entry = near.entry(key).or_default();
            if !entry.iter().any(|(w, e)| *w == word && e == id) {
                entry.push((word.clone(), *id));
            }
        }
    }
    near
}

/// The lexicon, one dictionary per language (abbreviations apart: they only keep sentences whole).
fn languages(lexicon: &[LexiconEntry]) -> HashMap<String, Language> {
    let mut by_language: HashMap<&str, Vec<&LexiconEntry>> = HashMap::new();
    for entry in lexicon {
        by_language.entry(&entry.language).or_default().push(entry);
    }
    by_language
        .into_iter()
        .map(|(language, rows)| {
            let abbreviations = rows
                .iter()
                .filter(|r| r.kind == LexKind::Abbreviation)
                .map(|r| fold(&r.term))
                .collect();
            // the words a speech verb reads around it, looked up as words, not phrases
            let role = |r: &LexiconEntry, role: SpeechRole| {
                r.kind == LexKind::SpeechVerb && r.code.as_deref() == Some(role.as_str())
            };
            let openers = rows
                .iter()
                .filter(|r| role(r, SpeechRole::That))
                .map(|r| fold(&r.term).trim_end_matches('\'').to_string())
                .collect();
            let pronouns = rows
                .iter()
                .filter(|r| role(r, SpeechRole::Pronoun))
                .map(|r| fold(&r.term))
                .collect();
            let subjunctives = rows
                .iter()
                .filter(|r| role(r, SpeechRole::Subjunctive))
                .map(|r| fold(&r.term))
                .collect();
            // name parts and head nouns are the names finder's (names::Finder)
            let words = Dictionary::new(
                rows.iter()
                    .filter(|r| {
                        !matches!(
                            r.kind,
                            LexKind::Abbreviation | LexKind::NamePart | LexKind::Institution
                        ) && !role(r, SpeechRole::That)
                            && !role(r, SpeechRole::Pronoun)
                            && !role(r, SpeechRole::Subjunctive)
                    })
                    .map(|r| (fold(&r.term), LexItem::of(r))),
            );
            (
                language.to_string(),
                Language {
                    words,
                    abbreviations,
                    openers,
                    pronouns,
                    subjunctives,
                },
            )
        })
        .collect()
}

/// What the speech verb of a lexicon hit does, if the hit is one. The loader takes no other code
/// (a database written before it refused them may hold one: it introduces speech).
fn speech_role(items: &[LexItem]) -> Option<SpeechRole> {
    let verb = items.iter().find(|i| i.kind == LexKind::SpeechVerb)?;
    Some(
        verb.code
            .as_deref()
            .and_then(SpeechRole::parse)
            .unwrap_or(SpeechRole::Say),
    )
}

/// Whether the language of tag `language` may leave out the word that opens reported speech
/// ("he said the toll had risen"): English does; French, Spanish, Italian and German do not (German
/// opens it with a comma: "sagte er, die Lage sei ernst").
fn that_may_be_left_out(language: &str) -> bool {
    language.split('-').next() == Some("en")
}

/// `word` with one character left out, at every position.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices()
        .map(move |(i, c)| format!("{}{}", &word[..i], &word[i + c.len_utf8()..]))
}

/// Whether `a` and `b` begin and end with the same character: a near miss is a misspelling
/// (Tokarev for Tokayev), not a derived word (Russian from Russia, Almatys).
fn same_ends(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next() && a.chars().next_back() == b.chars().next_back()
}

/// Whether `a` and `b` differ by exactly one substitution, insertion or deletion.
fn edit_distance_is_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            short
                .iter()
                .zip(long.iter())
                .filter(|(x, y)| x != y)
                .count()
                == 1
        }
        1 => {
            let prefix = short
                .iter()
                .zip(long.iter())
                .take_while(|(x, y)| x == y)
                .count();
            short[prefix..] == long[prefix + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_one() {
        assert!(edit_distance_is_one("tokarev", "tokayev"));
        assert!(edit_distance_is_one("tokaev", "tokayev"));
        assert!(edit_distance_is_one("tokayevv", "tokayev"));
        assert!(!edit_distance_is_one("tokayev", "tokayev"));
        assert!(!edit_distance_is_one("tokarov", "tokayev"));
    }
}
