//! Reported speech: the indirect statements of a text ("the governor said that 12 people had
//! died", "selon le ministère, le bilan s'élève à 26 morts", "..., sagte Scholz"), each the clause
//! a speech verb outside quotes reports, with its speaker.
//!
//! A sentence gives one statement at most, read off its first speech verb that has a clause:
//! - **after the verb** ("X said (that) CLAUSE", "X a annoncé que CLAUSE", "X sagte, CLAUSE"): the
//!   clause runs from the word that opens it (the language's "that": lexicon speech verbs of code
//!   `that`; a comma where nouns are capitalised) to the end of the sentence. English may leave
//!   "that" out: there the clause may start right after the verb;
//! - **before the verb** ("CLAUSE, X said.", "CLAUSE, a-t-il ajouté."): the verb and its speaker
//!   close the sentence, after a comma; the clause is what comes before that comma;
//! - **around an "according to"** ("selon X, CLAUSE", "CLAUSE, according to X", "Laut X wurden
//!   ..."): the sentence without the phrase that names the source;
//! - **by its mood alone**, where a language marks reported speech so (German Konjunktiv I: "Es
//!   gebe keine Hinweise."; lexicon speech verbs of code `subjunctive`): a sentence without a
//!   speech verb right after reported speech or a quote.
//!
//! The speaker is the entity the verb names (before it, or right after it when the verb follows
//! the clause), the one carried over for a verb that names nobody ("he said", "selon lui"), and
//! none where the source is generic ("officials said", "selon les autorités"). A clause that a
//! quote of four words or more opens is the quote's, not reported speech; a quote further in
//! leaves it reported.

use super::folded::{self, Folded};
use super::rules::Rule;
use super::sentences;
use super::{Analysis, Verb, NAME_BYTES, QUOTE_MIN_WORDS};
use crate::model::{EntityId, SpeechRole};
use foldhash::HashSet;

/// An indirect statement in folded bytes, with its speaker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Reported {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<EntityId>,
    pub rule: Rule,
}

/// How far (in words) after the verb the word opening the clause may stand ("told reporters on
/// Tuesday that").
const OPENER_REACH: usize = 6;

/// How many words a verb and its speaker may take after the clause ("..., the governor of Hatay,
/// Mehmet Yilmaz, said.").
const TAIL_REACH: usize = 8;

/// How many words may follow a verb whose speaker stands before it, when the verb follows the
/// clause ("..., X said on Tuesday.").
const AFTER_SPEAKER_WORDS: usize = 2;

/// Without a word that opens it, a clause of fewer words than this after the verb is no statement
/// ("said on Tuesday").
const BARE_CLAUSE_MIN_WORDS: usize = 5;

/// How many words may stand before an "according to" that opens a sentence ("But according to").
const LEAD_REACH: usize = 1;

/// The indirect statements of the analysed text, in order. `bare`: whether the language may leave
/// out the word that opens a reported clause (English "that"); `comma_opens`: whether a comma
/// after the verb opens it (German). The words themselves are the language's lexicon's.
pub(super) fn find(a: &Analysis, bare: bool, comma_opens: bool) -> Vec<Reported> {
    let empty = HashSet::default();
    let openers = a.language.map_or(&empty, |l| &l.openers);
    let mut out: Vec<Reported> = Vec::new();
    let mut at = 0;
    while at < a.verbs.len() {
        let Some(si) = sentences::containing(&a.sentences, a.verbs[at].hit.start) else {
            at += 1;
            continue;
        };
        let sentence = a.sentences[si];
        let count = a.verbs[at..]
            .iter()
            .take_while(|v| v.hit.start < sentence.1)
            .count();
        let verbs = &a.verbs[at..at + count];
        at += count;
        // right after a quote: its attribution; inside a name: "United States"
        let usable: Vec<&Verb> = verbs
            .iter()
            .filter(|v| !v.inverted && !inside_a_name(a, v))
            .collect();
        let (s0, s1) = clause_bounds(&a.folded, sentence);
        let reader = |v| Reader {
            a,
            v,
            s0,
            s1,
            openers,
            bare,
            comma_opens,
        };
        // a verb that closes the sentence after a comma reports all before it ("He said he had
        // not been warned, the farmer added."); else the first verb with a clause
        let closing = usable
            .last()
            .filter(|v| v.role != SpeechRole::According)
            .and_then(|v| reader(v).before());
        let found = closing.or_else(|| {
            usable.iter().find_map(|v| {
                let r = reader(v);
                match v.role {
                    SpeechRole::According => r.around(v.according()),
                    // "he said that ...", "selon lui, ..."
                    SpeechRole::Add => r.after().or_else(|| {
                        (words(&a.folded, s0, v.hit.start) <= LEAD_REACH)
                            .then(|| r.around(a.carry(v.hit.start)))
                            .flatten()
                    }),
                    _ => r.after(),
                }
                .filter(|r| words(&a.folded, r.start, r.end) >= QUOTE_MIN_WORDS)
            })
        });
        out.extend(found.filter(|r| {
            words(&a.folded, r.start, r.end) >= QUOTE_MIN_WORDS && !quoted(a, r.start, r.end)
        }));
    }
    if let Some(l) = a.language.filter(|l| !l.subjunctives.is_empty()) {
        subjunctive(a, &l.subjunctives, &mut out);
    }
    out
}

/// Adds, where the language marks reported speech by its verb's mood (German: "Es gebe keine
/// Fakten.", "Der Mann sei allein gewesen."), every sentence with a verb in that mood and no
/// speech verb that follows reported speech or a quote: a statement of the speaker carried over.
fn subjunctive(a: &Analysis, moods: &HashSet<String>, out: &mut Vec<Reported>) {
    let f = &a.folded;
    let mut found = Vec::new();
    let mut follows = false;
    for &sentence in &a.sentences {
        let has_verb = {
            let from = a.verbs.partition_point(|v| v.hit.start < sentence.0);
            a.verbs.get(from).is_some_and(|v| v.hit.start < sentence.1)
        };
        let quoted = a.quote_at(sentence.0).is_some();
        // `out` is in text order: the first that ends after the sentence starts
        let reported = out
            .get(out.partition_point(|r| r.end <= sentence.0))
            .is_some_and(|r| r.start < sentence.1);
        let first = f.words.partition_point(|w| w.start < sentence.0);
        let mood = f.words[first..]
            .iter()
            .take_while(|w| w.end <= sentence.1)
            .any(|w| moods.contains(&f.text[w.start..w.end]) && a.quote_at(w.start).is_none());
        let (s0, s1) = clause_bounds(f, sentence);
        if follows
            && mood
            && !has_verb
            && !quoted
            && !reported
            && words(f, s0, s1) >= QUOTE_MIN_WORDS
        {
            found.push(Reported {
                start: s0,
                end: s1,
                speaker: a.carry(s0),
                rule: Rule::IndirectSubjunctive,
            });
            follows = true;
        } else {
            let quote_in = a.quotes[a.quotes.partition_point(|q| q.close <= sentence.0)..]
                .first()
                .is_some_and(|q| q.open < sentence.1);
            follows = has_verb || reported || quote_in;
        }
    }
    out.extend(found);
    out.sort_by_key(|r| r.start);
}

/// What reading one verb's clause needs.
struct Reader<'a, 'b> {
    a: &'b Analysis<'a>,
    v: &'b Verb,
    /// The sentence, without its closing punctuation.
    s0: usize,
    s1: usize,
    openers: &'b HashSet<String>,
    bare: bool,
    comma_opens: bool,
}

impl Reader<'_, '_> {
    fn text(&self) -> &str {
        &self.a.folded.text
    }

    /// Where the clause that opens near after folded byte `verb_end` begins: past the language's
    /// "that" within reach, or past a comma right after the verb where a comma opens it.
    fn opener(&self, verb_end: usize) -> Option<usize> {
        let f = &self.a.folded;
        let first = f.words.partition_point(|w| w.start < verb_end);
        f.words[first..]
            .iter()
            .take(OPENER_REACH + 1)
            .take_while(|w| w.end <= self.s1)
            .find(|w| self.openers.contains(&f.text[w.start..w.end]))
            .map(|w| w.end)
            .or_else(|| {
                let comma = verb_end + self.text()[verb_end..self.s1].find(',')?;
                (self.comma_opens && words(f, verb_end, comma) <= 2).then_some(comma + 1)
            })
    }

    /// "X said (that) CLAUSE": the clause after the verb.
    fn after(&self) -> Option<Reported> {
        let a = self.a;
        let f = &a.folded;
        let verb_end = self.v.hit.end;
        let start = match self.opener(verb_end) {
            Some(end) => end,
            None if self.bare => {
                if words(f, verb_end, self.s1) < BARE_CLAUSE_MIN_WORDS {
                    return None;
                }
                verb_end
            }
            None => return None,
        };
        let start = skip_blanks(self.text(), start, self.s1);
        if start >= self.s1 {
            return None;
        }
        let (speaker, rule) = match self.v.role {
            SpeechRole::Add => (a.carry(self.v.hit.start), Rule::IndirectCarriedOver),
            _ => match self.v.before.or(self.v.after.filter(|&(d, _)| d <= 2)) {
                Some((_, e)) => (Some(e), Rule::IndirectSpeechVerb),
                None => (None, Rule::IndirectSpeechVerb),
            },
        };
        Some(Reported {
            start,
            end: self.s1,
            speaker,
            rule,
        })
    }

    /// "CLAUSE, X said.": the verb and its speaker close the sentence; the clause comes before.
    fn before(&self) -> Option<Reported> {
        let a = self.a;
        let f = &a.folded;
        let (verb_start, verb_end) = (self.v.hit.start, self.v.hit.end);
        // after the verb, only its speaker: no clause of its own ("..., a indiqué que ...", "...,
        // and X told reporters the strike would go on")
        let tail = words(f, verb_end, self.s1);
        if tail > TAIL_REACH
            || (self.bare && tail >= BARE_CLAUSE_MIN_WORDS)
            || self.opener(verb_end).is_some()
        {
            return None;
        }
        // the first comma from which the verb is near
        let comma = self.text()[self.s0..verb_start]
            .match_indices(',')
            .map(|(i, _)| self.s0 + i)
            .find(|&c| words(f, c + 1, verb_start) <= TAIL_REACH)?;
        let end = self.text()[self.s0..comma].trim_end().len() + self.s0;
        let tail_words = words(f, comma + 1, verb_start);
        // a speaker before the verb and words after it: the verb has a clause of its own (", and
        // the union leader X told reporters the strike would go on")
        if self.v.before.is_some_and(|(d, _)| d < tail_words) && tail > AFTER_SPEAKER_WORDS {
            return None;
        }
        let (speaker, rule) = match self.v.role {
            SpeechRole::Add => (a.carry(self.s0), Rule::IndirectCarriedOver),
            _ => {
                let named = self
                    .v
                    .before
                    .filter(|&(d, _)| d < tail_words)
                    .or(self.v.after)
                    .map(|(_, e)| e);
                (named, Rule::IndirectSpeechVerb)
            }
        };
        Some(Reported {
            start: self.s0,
            end,
            speaker,
            rule,
        })
    }

    /// "selon X, CLAUSE", "CLAUSE, according to X", "Laut X wurden ...": the sentence without the
    /// phrase that names the source (`speaker`, if named).
    fn around(&self, speaker: Option<EntityId>) -> Option<Reported> {
        let a = self.a;
        let f = &a.folded;
        let text = self.text();
        let (verb_start, verb_end) = (self.v.hit.start, self.v.hit.end);
        // where the phrase naming the source ends: its named speaker, else the next comma near by
        let named_end = speaker.and_then(|e| {
            a.mentions_within(verb_end, self.s1)
                .take_while(|m| words(f, verb_end, m.start) <= TAIL_REACH)
                .find(|m| m.entity == e)
                .map(|m| m.end)
        });
        let comma_end = text[verb_end..self.s1]
            .find(',')
            .map(|i| verb_end + i)
            .filter(|&c| words(f, verb_end, c) <= OPENER_REACH);
        let rule = if self.v.role == SpeechRole::Add {
            Rule::IndirectCarriedOver
        } else {
            Rule::IndirectAccording
        };
        let reported = |start: usize, end: usize| Reported {
            start,
            end,
            speaker,
            rule,
        };
        if words(f, self.s0, verb_start) <= LEAD_REACH {
            // the phrase opens the sentence: the clause follows it
            let phrase_end = comma_end
                .map(|c| c + 1)
                .or(named_end)
                .or_else(|| source_end(f, verb_end, self.s1))?;
            let start = skip_blanks(text, phrase_end, self.s1);
            return (start < self.s1).then(|| reported(start, self.s1));
        }
        let before_verb = text[self.s0..verb_start].trim_end();
        let phrase_end = named_end.or(comma_end).unwrap_or(self.s1);
        if before_verb.ends_with(',') && words(f, phrase_end, self.s1) <= 1 {
            // the phrase closes the sentence: the clause precedes it
            let end = self.s0 + before_verb.len() - 1;
            let end = self.s0 + text[self.s0..end].trim_end().len();
            return Some(reported(self.s0, end));
        }
        // inside the sentence ("three people, according to police, died"): the whole sentence
        Some(reported(self.s0, self.s1))
    }
}

/// Whether the clause at folded bytes `start..end` is a quote's rather than reported speech: a
/// quote of four words or more opens it ("X said: «...»"). A quote inside
/// reported speech keeps it ("confirmó que el asalto ... para «causar una zozobra en el
/// interior»").
fn quoted(a: &Analysis, start: usize, end: usize) -> bool {
    let first = a.quotes.partition_point(|q| q.close <= start);
    a.quotes[first..]
        .iter()
        .take_while(|q| q.open < end)
        .filter(|q| q.quote.words >= QUOTE_MIN_WORDS)
        .any(|q| words(&a.folded, start, q.open) <= 1)
}

/// Whether speech verb `v` stands inside a mention ("states" in "United States").
fn inside_a_name(a: &Analysis, v: &Verb) -> bool {
    let upto = a.mentions.partition_point(|m| m.start < v.hit.end);
    a.mentions[..upto]
        .iter()
        .rev()
        .take_while(|m| m.start + NAME_BYTES > v.hit.start)
        .any(|m| m.end > v.hit.start)
}

/// Where the source an "according to" names ends when no comma closes it ("Laut Polizei
/// wurden", "Nach Angaben der Feuerwehr starben"): after its first capitalised word within reach
/// (a noun, where nouns are capitalised), else after the first word.
fn source_end(f: &Folded, at: usize, end: usize) -> Option<usize> {
    let i = f.words.partition_point(|w| w.start < at);
    let within = f.words[i..].iter().take(3).take_while(|w| w.end <= end);
    within
        .clone()
        .find(|w| w.cap)
        .or_else(|| within.clone().next())
        .map(|w| w.end)
}

/// The bounds of sentence `s` without its closing punctuation and quotes.
fn clause_bounds(f: &Folded, s: (usize, usize)) -> (usize, usize) {
    let inner = f.text[s.0..s.1].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | ',')
    });
    (s.0, s.0 + inner.len())
}

/// The first byte at or after `at` (and before `end`) that is neither blank nor a comma, colon or
/// apostrophe ("qu'aucune").
fn skip_blanks(text: &str, at: usize, end: usize) -> usize {
    let rest = &text[at..end];
    at + rest.len() - rest.trim_start_matches([' ', ',', ':', '\n', '\'']).len()
}

/// The number of words in folded bytes `from..to`.
fn words(f: &Folded, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    folded::pieces(&f.text[from..to], usize::MAX)
}
