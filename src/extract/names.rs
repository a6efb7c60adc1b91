//! The names finder: proper names of people, organisations, media and places that the store does
//! not know, found in one text from its capitals and the words around them. Pure, and driven by
//! data: the lexicon's `name_part` rows (honorifics, particles, suffixes; every row applies to
//! every text, since a name keeps the parts of its own tradition), its `institution` rows (head
//! nouns, per language) and its titles, speech verbs and other words.
//!
//! For one text:
//! 1. [`tokens`]: its words, each with its case (capitalised, all capitals, digits), whether it
//!    starts a sentence (or a line, a quote, a parenthesis), and whether its line is a headline
//!    (most words capitalised, or all in capitals): there a capital says nothing.
//! 2. Runs of capitalised words, joined by spaces, hyphens, apostrophes, initials ("G. Antep") and
//!    particles ("von der", "al-", "de la"), cut at the words of the lexicon, at honorifics and
//!    titles (which make the name after them a person's: `name.person-title`), and at the names
//!    the store knows. Two capitalised words or more are a name (`name.capitalised`); one word is
//!    a name when it stands inside a sentence and the text never writes it in lower case
//!    (`name.capitalised-word`), or when it is in capitals (`name.acronym`).
//! 3. Institutions: a head noun of the language ("ministère", "Ministry", "-ministerium")
//!    with its complement ("de la Santé", "of Health") or capitalised words before it ("Interior
//!    Ministry"): `name.institution`, even around a known name ("Banque de France").
//! 4. A name followed by a number and then a speech verb, a break or a capital ("France 24 a
//!    rapporté") is one name (`name.with-number`): the number is no figure, and the known name
//!    inside it no mention.
//! 5. Every other occurrence of a name found so, anywhere in the text and whatever its position
//!    (and the last word of a person's name: "Erdogan" after "Recep Tayyip Erdogan"), is a
//!    mention of it too (`name.repeat`).
//!
//! Demonyms (a word whose stem begins a known place's name: Syrian, Turkish, Marocains) and
//! rejected names are never names. Everything is linear in the text: runs longer than
//! [`MAX_NAME_WORDS`] are no names (a page of capitals), and look-ups are hashed.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::dictionary::{Dictionary, Hit};
use super::folded::{Folded, Word};
use super::rules::Rule;
use super::{LexItem, LexKind, Named};
use crate::fold::fold;
use crate::model::{EntityId, EntityKind, LexiconEntry};

/// Names of more words than this are no names (headlines, lists, hostile text).
pub const MAX_NAME_WORDS: usize = 8;

/// A name discovered in a text: its spelling (of its first occurrence), match key, kind and the
/// rule that found it.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub name: String,
    pub match_key: String,
    pub kind: EntityKind,
    pub rule: Rule,
}

impl Name {
    /// The discovered name `name`, with the match key of its spelling.
    pub fn new(name: &str, kind: EntityKind, rule: Rule) -> Self {
        Name {
            name: name.to_string(),
            match_key: fold(name),
            kind,
            rule,
        }
    }
}

/// The provisional id of discovered name `index` of an extraction, until the writer gives it an
/// entity: negative, so that it never meets a stored id.
pub fn provisional(index: usize) -> EntityId {
    EntityId(-1 - index as i64)
}

/// The index of the discovered name that provisional id `id` stands for, if it is one.
pub fn index_of(id: EntityId) -> Option<usize> {
    (id.0 < 0).then(|| (-1 - id.0) as usize)
}

/// The languages that write every noun with a capital (a capital there says less).
const NOUNS_CAPITALISED: &[&str] = &["de", "lb"];

/// Whether the language of tag `language` ("de", "de-AT") writes every noun with a capital (and
/// the genitive of a name with an "s" and no apostrophe: "Bayerns").
pub(super) fn nouns_capitalised(language: &str) -> bool {
    NOUNS_CAPITALISED.contains(&language.split('-').next().unwrap_or(language))
}

/// Articles and determiners: a capitalised one starts a sentence, never a name ("The Ministry",
/// "Le ministère", "Die Behörde"); in capitals, it may be an acronym (UN).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "le", "la", "les", "l", "un", "une", "ce",
    "cet", "cette", "ces", "der", "die", "das", "den", "dem", "ein", "eine", "einer", "einen",
    "el", "los", "las", "una", "il", "lo", "gli", "uno", "i",
];

/// Definite articles (and their contractions with a preposition): an institution's description
/// that the lexicon writes after one ("la présidence", "the interior ministry") names one
/// institution where the text writes it after one too.
const DEFINITE: &[&str] = &[
    "the", "le", "la", "les", "l", "du", "au", "aux", "des", "der", "die", "das", "den", "dem",
    "el", "del", "al", "los", "las", "il", "lo", "gli", "i", "della", "dello", "dell", "alla",
    "allo", "nel", "nella", "sul", "sulla",
];

/// Languages whose adjectives follow the noun, as in the names of institutions ("Banque
/// mondiale", "Partito democratico").
const ADJECTIVES_AFTER: &[&str] = &["fr", "es", "it", "pt"];

/// How adjectives of those languages end (folded): "national", "populaire", "socialiste",
/// "constitutionnel", "democratico".
const ADJECTIVE_ENDINGS: &[&str] = &[
    "al", "ale", "ales", "aux", "el", "elle", "ien", "ienne", "ais", "aise", "ique", "aire",
    "iste", "if", "ive", "ico", "ica", "ista", "ano", "ana", "ese", "ile", "ario", "aria",
];

/// Words joining a head noun to its complement ("Ministry of Health", "ministère de la Santé").
const CONNECTORS: &[&str] = &[
    "of", "of the", "for", "for the", "on", "de", "de la", "de l'", "d'", "du", "des", "del",
    "de los", "de las", "fur", "der", "des", "di", "della", "dei", "degli", "dello",
];

/// Words after which a name is a place ("in Derna", "à Marrakech").
const PLACE_BEFORE: &[&str] = &[
    "in",
    "at",
    "near",
    "a",
    "au",
    "aux",
    "dans",
    "pres de",
    "en",
    "bei",
    "nahe",
    "im",
    "cerca de",
    "nel",
    "nella",
    "province of",
    "province de",
    "provincia de",
    "region of",
    "region de",
];

/// Suffixes of demonyms and adjectives of places (Syrian, Turkish, marocains, syrische).
const DEMONYM_SUFFIXES: &[&str] = &[
    "", "s", "n", "ns", "an", "ans", "ian", "ians", "ish", "ese", "i", "is", "ic", "ien", "iens",
    "ienne", "iennes", "ais", "aise", "aises", "ois", "oise", "ain", "aine", "ains", "aines", "o",
    "os", "a", "as", "e", "es", "en", "er", "isch", "ische", "ischen", "ischer", "isches", "ano",
    "anos", "ana", "anas", "ino", "ina", "ien", "ite", "ites",
];

/// What may follow the stem of a demonym shorter than its country's name ("Turk" of Turkey,
/// "Afghans" of Afghanistan, "Thai" of Thailand, "Honduran" of Honduras).
const LAND_ENDINGS: &[&str] = &["s", "y", "ey", "n", "en", "and", "land", "stan", "istan"];

/// What the finder is built from: the lexicon's name parts and institution head nouns.
pub struct Finder {
    /// Honorifics, folded, without their full stop; with it, the text must have it too.
    honorifics: HashMap<String, bool>,
    /// Capitalised words that are no names (Friday, Internet, État), per language.
    common: HashMap<String, HashSet<String>>,
    particles: HashSet<String>,
    /// Every word of a particle ("von", "der", "al"): a word that is none starts no particle.
    particle_words: HashSet<String>,
    suffixes: HashSet<String>,
    /// Words that name an event before its name ("Hurricane", "cyclone"), folded: the name after
    /// one is the event's, no entity of the store ("Hurricane Helene", "cyclone Chido").
    events: HashSet<String>,
    /// A sketch of `events`, asked first.
    event_sketch: Sketch,
    /// How the names of places end, per language, folded ("hofen", "ingen"): where nouns are
    /// capitalised, one word after a preposition of place that ends so is a place's name.
    place_endings: HashMap<String, Vec<String>>,
    institutions: HashMap<String, Dictionary<Head>>,
    /// German-style compounds: head nouns of seven letters or more that end a word
    /// ("Gesundheitsministerium"), per language and of all languages.
    compound_heads: HashMap<String, Compounds>,
    all_compound_heads: Compounds,
    /// The one-word head nouns of every language (folded): a name holding one is an
    /// organisation's.
    head_words: HashSet<String>,
    /// Folded single-word names of known places, by their first four letters: demonym stems.
    place_stems: HashMap<String, Vec<String>>,
}

impl Finder {
    /// Whether folded `word` is a one-word head noun of an institution ("ministry", "ministère").
    pub(super) fn is_head_word(&self, word: &str) -> bool {
        self.head_words.contains(word)
    }
}

/// What an institution row of the lexicon gives: the entity kind, and whether the phrase names
/// an institution by itself (the lexicon writes it with its article: "the presidency") or is a
/// head noun that needs a complement ("ministry" of "Ministry of Health").
#[derive(Clone, Copy, Debug, PartialEq)]
struct Head {
    kind: EntityKind,
    alone: bool,
}

impl Finder {
    /// Builds the finder from the lexicon and the store's place names.
    pub fn new<'a>(lexicon: &[LexiconEntry], places: impl Iterator<Item = &'a str>) -> Self {
        let mut finder = Finder {
            honorifics: HashMap::new(),
            common: HashMap::new(),
            particles: HashSet::new(),
            particle_words: HashSet::new(),
            suffixes: HashSet::new(),
            events: HashSet::new(),
            event_sketch: Sketch::default(),
            place_endings: HashMap::new(),
            institutions: HashMap::new(),
            compound_heads: HashMap::new(),
            all_compound_heads: Compounds::default(),
            head_words: HashSet::new(),
            place_stems: HashMap::new(),
        };
        let mut heads: HashMap<String, Vec<(String, Head)>> = HashMap::new();
        for entry in lexicon {
            let term = fold(&entry.term);
            match (entry.kind, entry.code.as_deref()) {
                (LexKind::NamePart, Some("honorific")) => {
                    let dot = term.ends_with('.');
                    let bare = term.trim_end_matches('.').to_string();
                    let needs_dot = finder.honorifics.get(&bare).copied().unwrap_or(true) && dot;
                    finder.honorifics.insert(bare, needs_dot);
                }
                (LexKind::CommonWord, _) => {
                    let words = finder.common.entry(entry.language.clone()).or_default();
                    words.insert(term);
                }
                (LexKind::NamePart, Some("particle")) => {
                    let words = term.split(|c: char| !super::folded::is_word_char(c));
                    finder
                        .particle_words
                        .extend(words.filter(|w| !w.is_empty()).map(str::to_string));
                    finder.particles.insert(term);
                }
                (LexKind::NamePart, Some("place_ending")) => {
                    let endings = finder.place_endings.entry(entry.language.clone());
                    endings
                        .or_default()
                        .push(term.trim_start_matches('-').to_string());
                }
                (LexKind::NamePart, Some("event")) => {
                    finder.event_sketch.add(&term);
                    finder.events.insert(term);
                }
                (LexKind::NamePart, Some("suffix")) => {
                    finder
                        .suffixes
                        .insert(term.trim_end_matches('.').to_string());
                }
                (LexKind::Institution, code) => {
                    let kind = code
                        .and_then(crate::model::Vocabulary::parse)
                        .unwrap_or(EntityKind::Organization);
                    // "the presidency", "l'administration présidentielle": a description
                    let article = term
                        .split_once([' ', '\''])
                        .filter(|(first, rest)| DEFINITE.contains(first) && !rest.is_empty());
                    if let Some((_, rest)) = article {
                        let head = Head { kind, alone: true };
                        let language = heads.entry(entry.language.clone()).or_default();
                        language.push((rest.trim_start().to_string(), head));
                        continue;
                    }
                    if !term.contains(' ') {
                        finder.head_words.insert(term.clone());
                    }
                    if term.chars().count() >= 7 && !term.contains(' ') {
                        let heads = finder.compound_heads.entry(entry.language.clone());
                        heads.or_default().insert(&term);
                        finder.all_compound_heads.insert(&term);
                    }
                    heads
                        .entry(entry.language.clone())
                        .or_default()
                        .push((term, Head { kind, alone: false }));
                }
                _ => {}
            }
        }
        finder.institutions = heads
            .into_iter()
            .map(|(language, terms)| (language, Dictionary::new(terms)))
            .collect();
        for place in places {
            let key = fold(place);
            if key.chars().count() >= 4 && key.chars().all(char::is_alphabetic) {
                let stem: String = key.chars().take(4).collect();
                finder.place_stems.entry(stem).or_default().push(key);
            }
        }
        finder
    }
}

/// Head nouns that end compound words, by their last four bytes.
#[derive(Default)]
struct Compounds(HashMap<[u8; 4], Vec<String>>);

impl Compounds {
    fn insert(&mut self, head: &str) {
        if let Some(key) = last_four(head) {
            let heads = self.0.entry(key).or_default();
            if !heads.iter().any(|h| h == head) {
                heads.push(head.to_string());
            }
        }
    }

    /// Whether `word` is a compound ending with one of the heads, three bytes or more after its
    /// start.
    fn end(&self, word: &str) -> bool {
        last_four(word)
            .and_then(|key| self.0.get(&key))
            .is_some_and(|heads| {
                heads
                    .iter()
                    .any(|h| word.len() > h.len() + 2 && word.ends_with(h.as_str()))
            })
    }
}

/// The last four bytes of `word`, if it has four.
fn last_four(word: &str) -> Option<[u8; 4]> {
    let bytes = word.as_bytes();
    bytes.get(bytes.len().checked_sub(4)?..)?.try_into().ok()
}

/// A word of the text, in folded bytes, with what the finder reads from its original.
#[derive(Clone, Copy, Debug, Default)]
struct Token {
    /// The word, with its case.
    word: Word,
    /// It starts a sentence, a line, a quote or a parenthesis.
    initial: bool,
    /// Its line is a headline: a capital there says nothing.
    headline: bool,
    /// It is a word (or part of a phrase) of the language's lexicon.
    lexicon: bool,
    /// It is, or ends, a title of the lexicon ("président") or an honorific ("M.", "Mr").
    title: bool,
    /// It starts or ends a speech verb of the lexicon.
    speech: bool,
    /// It stands inside a mention of a name the store knows.
    known: bool,
    /// It is a number word of the lexicon ("trois", "five").
    number: bool,
}

impl Token {
    fn namey(&self) -> bool {
        let w = &self.word;
        (w.cap || w.caps) && !w.digits && !w.alnum
    }
}

/// The words of `f`, with their case and position (see [`Token`]); `words` are the lexicon's
/// hits and `known` the mentions of known names, both in order.
fn tokens(
    f: &Folded,
    words: &[(Hit, &[LexItem])],
    known: &[Named],
    common: Option<&HashSet<String>>,
    nouns_capitalised: bool,
) -> Vec<Token> {
    let text = &f.text;
    let mut out: Vec<Token> = Vec::with_capacity(f.words.len());
    let mut previous_end = 0;
    for w in &f.words {
        let gap = &text[previous_end..w.start];
        let after_initial = gap == ". "
            && out
                .last()
                .is_some_and(|t| t.word.end - t.word.start == 1 && t.word.cap);
        out.push(Token {
            word: *w,
            initial: previous_end == 0 || (!after_initial && opens(gap)),
            ..Token::default()
        });
        previous_end = w.end;
    }
    mark_headlines(text, &mut out, nouns_capitalised);
    mark_lexicon(words, known, &mut out);
    if let Some(common) = common {
        for t in out.iter_mut().filter(|t| t.word.cap) {
            t.lexicon |= common.contains(&text[t.word.start..t.word.end]);
        }
    }
    out
}

/// Whether the text between two words makes the second one start something: a sentence, a line,
/// a quote, a parenthesis.
fn opens(gap: &str) -> bool {
    gap != " "
        && gap.contains([
            '.', '!', '?', ':', ';', '\n', '«', '“', '„', '(', '[', '•', '|', '"',
        ])
}

/// Words in a line above which it is a paragraph, never a headline, whatever its capitals (a
/// list of names, a German sentence).
const MAX_HEADLINE_WORDS: usize = 24;

/// Flags the words of headline lines: lines of three long words or more and at most
/// [`MAX_HEADLINE_WORDS`], not ending with a full stop, most of them capitalised (or in
/// capitals); where every noun is capitalised (`nouns_capitalised`), most of them in capitals.
fn mark_headlines(text: &str, tokens: &mut [Token], nouns_capitalised: bool) {
    let mut line_start = 0;
    while line_start < tokens.len() {
        let line_end_byte = text[tokens[line_start].word.start..]
            .find('\n')
            .map_or(text.len(), |i| tokens[line_start].word.start + i);
        let line_end =
            line_start + tokens[line_start..].partition_point(|t| t.word.start < line_end_byte);
        let (mut long, mut capitalised) = (0, 0);
        for t in &tokens[line_start..line_end] {
            if t.word.end - t.word.start >= 4 && !t.word.digits {
                long += 1;
                capitalised += usize::from(t.word.caps || (t.word.cap && !nouns_capitalised));
            }
        }
        let short = line_end - line_start <= MAX_HEADLINE_WORDS;
        // a line ending with a full stop is a sentence ("..." may end a headline)
        let sentence = line_end > line_start && {
            let tail = text[tokens[line_end - 1].word.end..line_end_byte].trim_end();
            tail.ends_with('.') && !tail.ends_with("...")
        };
        if long >= 3 && short && !sentence && capitalised * 10 >= long * 6 {
            for t in &mut tokens[line_start..line_end] {
                t.headline = true;
            }
        }
        line_start = line_end.max(line_start + 1);
    }
}

/// Flags the words that lexicon hits and known mentions cover.
fn mark_lexicon(words: &[(Hit, &[LexItem])], known: &[Named], tokens: &mut [Token]) {
    let mut spans = Spans::default();
    for (hit, items) in words {
        let (from, to) = spans.tokens(tokens, hit.start, hit.end);
        let title = items.iter().any(|i| i.kind == LexKind::Title);
        let number = items.iter().any(|i| i.kind == LexKind::Number);
        let speech = items.iter().any(|i| {
            i.kind == LexKind::SpeechVerb
                && !matches!(i.code.as_deref(), Some("that") | Some("pronoun"))
        });
        for (i, t) in tokens[from..to].iter_mut().enumerate() {
            t.lexicon = true;
            t.title |= title && from + i + 1 == to;
            t.number |= number;
            t.speech |= speech && (i == 0 || from + i + 1 == to);
        }
    }
    // a word one edit away from a known name ("Martin" of Mardin) is a guess that a name of
    // several words ("Gérald Martin") overrides: it does not cut names
    let mut spans = Spans::default();
    for m in known.iter().filter(|m| m.rule != Rule::MentionNearMiss) {
        let (from, to) = spans.tokens(tokens, m.start, m.end);
        for t in &mut tokens[from..to] {
            t.known = true;
        }
    }
}

/// Finds the tokens of spans given in order (by start): a cursor that only moves forward.
#[derive(Default)]
struct Spans {
    from: usize,
}

impl Spans {
    /// The tokens `from..to` that folded bytes `start..end` overlap (empty when none does); spans
    /// must come in order of their start.
    fn tokens(&mut self, tokens: &[Token], start: usize, end: usize) -> (usize, usize) {
        while self.from < tokens.len() && tokens[self.from].word.end <= start {
            self.from += 1;
        }
        let mut to = self.from;
        while to < tokens.len() && tokens[to].word.start < end {
            to += 1;
        }
        (self.from, to)
    }
}

/// A name found by a rule, in token indices `from..to` (end exclusive).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    from: usize,
    to: usize,
    rule: Rule,
    kind: EntityKind,
}

/// One bit per word (of its length and first and last bytes): a set of words that answers most
/// look-ups of words it does not hold before any hashing. `has` may say yes wrongly, never no.
#[derive(Default)]
struct Sketch([u64; 32]);

impl Sketch {
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let ends = b
            .first()
            .map_or(0, |&f| usize::from(f) * 31 + usize::from(b[b.len() - 1]));
        (ends * 7 + b.len()) % (32 * 64)
    }

    fn add(&mut self, word: &str) {
        let bit = Self::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn has(&self, word: &str) -> bool {
        let bit = Self::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A set of a text's words, with a [`Sketch`] in front.
#[derive(Default)]
struct WordSet<'a> {
    sketch: Sketch,
    words: HashSet<&'a str>,
}

impl<'a> WordSet<'a> {
    fn insert(&mut self, word: &'a str) {
        self.sketch.add(word);
        self.words.insert(word);
    }

    fn contains(&self, word: &str) -> bool {
        self.sketch.has(word) && self.words.contains(word)
    }
}

/// What one text's search works on.
struct Text<'a> {
    f: &'a Folded,
    tokens: Vec<Token>,
    /// Folded words the text writes in lower case somewhere.
    lower: HashSet<&'a str>,
    /// Whether most words inside sentences are capitalised (German nouns): one capitalised
    /// word then says nothing.
    nouns_capitalised: bool,
    /// How the names of places of the text's language end ([`Finder::place_endings`]).
    place_endings: &'a [String],
    /// Whether the language puts adjectives after the noun (French, Spanish): a capitalised
    /// word before a name is then no adjective of place ("François Astorg" is no "français").
    adjectives_after: bool,
}

impl<'a> Text<'a> {
    fn word(&self, i: usize) -> &'a str {
        &self.f.text[self.tokens[i].word.start..self.tokens[i].word.end]
    }

    /// The folded text between token `i` and the next one.
    fn gap_after(&self, i: usize) -> &'a str {
        let end = self
            .tokens
            .get(i + 1)
            .map_or(self.f.text.len(), |t| t.word.start);
        &self.f.text[self.tokens[i].word.end..end]
    }

    /// The lower-case words from token `i` on that form a particle (the longest), and how many.
    fn particle_at(&self, finder: &Finder, i: usize) -> usize {
        if !finder.particle_words.contains(self.word(i)) {
            return 0;
        }
        let mut phrase = String::new();
        let mut best = 0;
        for n in 0..3 {
            let Some(t) = self.tokens.get(i + n) else {
                break;
            };
            if t.word.cap || t.word.caps || t.word.digits {
                break;
            }
            if n > 0 {
                phrase.push(' ');
            }
            phrase.push_str(self.word(i + n));
            let gap = self.gap_after(i + n);
            let hyphened = format!("{phrase}{}", gap.trim());
            if finder.particles.contains(&phrase) || finder.particles.contains(&hyphened) {
                best = n + 1;
            }
            if !matches!(gap, " " | "-" | "'") {
                break;
            }
        }
        best
    }

    /// Whether the gap after token `i` joins it to the next word of a name.
    fn joins(&self, finder: &Finder, i: usize) -> bool {
        match self.gap_after(i) {
            " " | "-" | "'" => true,
            ". " => {
                let t = &self.tokens[i];
                (t.word.end - t.word.start == 1 && t.word.cap) || self.honorific(finder, i)
            }
            _ => false,
        }
    }

    /// Whether token `i` is an honorific ("M.", "Mr", "Frau"): capitalised, with its full stop
    /// when the lexicon writes one.
    fn honorific(&self, finder: &Finder, i: usize) -> bool {
        self.tokens[i].word.cap
            && finder
                .honorifics
                .get(self.word(i))
                .is_some_and(|&dot| !dot || self.gap_after(i).starts_with('.'))
    }

    /// Whether token `i` is a demonym or place adjective: its stem begins a known place's name.
    fn demonym(&self, finder: &Finder, i: usize) -> bool {
        let word = self.word(i);
        // an acronym is no demonym ("CASA" is no form of Casablanca)
        if word.len() < 4 || self.tokens[i].word.caps {
            return false;
        }
        let stem: String = word.chars().take(4).collect();
        let Some(places) = finder.place_stems.get(&stem) else {
            return false;
        };
        DEMONYM_SUFFIXES.iter().any(|suffix| {
            word.strip_suffix(suffix).is_some_and(|base| {
                base.len() >= 4
                    && places.iter().any(|p| {
                        // longer than the place's name ("Syrian", "Marocains"), or shorter by
                        // a country's ending ("Turk", "Afghans"); not "Rose" of Roseau, nor
                        // "Florida" of Floride
                        p.strip_prefix(base).is_some_and(|rest| {
                            p != word && (word.len() > p.len() || LAND_ENDINGS.contains(&rest))
                        })
                    })
            })
        })
    }
}

/// Finds the names of `f` the store does not know. `words` are the hits of the text's lexicon,
/// `known` the mentions of known names (in order), `institutions` the language's head nouns,
/// `rejected` the match keys a reviewer rejected. Returns the names and their mentions (with
/// provisional ids, see [`provisional`]), and the indices of the known mentions that a longer
/// name covers (no mentions of the known name: "France" in "France 24").
pub(super) fn find(
    finder: &Finder,
    f: &Folded,
    language: &str,
    words: &[(Hit, &[LexItem])],
    known: &[Named],
    rejected: &std::collections::HashSet<String>,
) -> (Vec<Name>, Vec<Named>, Vec<usize>) {
    let language = language.split('-').next().unwrap_or(language);
    let nouns_capitalised = nouns_capitalised(language);
    let tokens = tokens(
        f,
        words,
        known,
        finder.common.get(language),
        nouns_capitalised,
    );
    // only capitalised words are asked about: the others are never looked up
    let mut capitals = WordSet::default();
    let (mut inside, mut capitalised) = (0usize, 0usize);
    for t in &tokens {
        if t.word.cap || t.word.caps {
            capitals.insert(&f.text[t.word.start..t.word.end]);
        }
        if !t.initial && !t.headline && !t.word.digits {
            inside += 1;
            capitalised += usize::from(t.word.cap);
        }
    }
    let mut lower = HashSet::new();
    for t in tokens
        .iter()
        .filter(|t| !t.word.cap && !t.word.caps && !t.word.digits)
    {
        let word = &f.text[t.word.start..t.word.end];
        if capitals.contains(word) {
            lower.insert(word);
        }
    }
    let text = Text {
        f,
        tokens,
        lower,
        adjectives_after: ADJECTIVES_AFTER.contains(&language),
        nouns_capitalised: match language {
            _ if nouns_capitalised => true,
            _ if finder.institutions.contains_key(language) => false,
            // a language the finder has no words for: judged by the text
            _ => inside >= 20 && capitalised * 100 >= inside * 30,
        },
        place_endings: finder
            .place_endings
            .get(language)
            .map_or(&[], Vec::as_slice),
    };
    let mut candidates = institutions(finder, &text, language);
    candidates.extend(runs(finder, &text));
    candidates.extend(numbered_known(&text, known));
    let events = event_names(finder, &text);
    if !events.is_empty() {
        let named_event = |k: usize| events.contains(text.word(k));
        candidates.retain(|c| !(c.from..c.to).any(named_event));
    }
    let mut covered_known = settle(&text, &mut candidates, known);
    if !events.is_empty() {
        let mut spans = Spans::default();
        for (j, m) in known.iter().enumerate() {
            let (from, to) = spans.tokens(&text.tokens, m.start, m.end);
            if (from..to).any(|k| events.contains(text.word(k))) {
                covered_known.push(j);
            }
        }
    }
    let (names, mentions) = named(finder, &text, &candidates, rejected);
    (names, mentions, covered_known)
}

/// The words that name events in the text, folded: an event word ("Hurricane", "cyclone",
/// "Tropical Storm") and the capitalised words right after it ("Helene", "Chido"). Neither
/// is a name, there or anywhere else in the text ("Helene's floodwaters").
fn event_names<'a>(finder: &Finder, text: &Text<'a>) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    if finder.events.is_empty() {
        return out;
    }
    let n = text.tokens.len();
    for i in 0..n.saturating_sub(1) {
        if !text.tokens[i + 1].namey() {
            continue;
        }
        let word = text.word(i);
        let event = finder.event_sketch.has(word)
            && text.gap_after(i) == " "
            && finder.events.contains(word);
        if !event {
            continue;
        }
        let mut k = i + 1;
        while k < n && text.tokens[k].namey() && k - i <= 2 {
            out.insert(text.word(k));
            if text.gap_after(k) != " " {
                break;
            }
            k += 1;
        }
        if text.tokens[i].namey() {
            out.insert(text.word(i));
        }
    }
    out
}

/// The runs of capitalised words (joined as names are), each cut into the names it holds.
fn runs(finder: &Finder, text: &Text) -> Vec<Candidate> {
    let n = text.tokens.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !text.tokens[i].namey() {
            i += 1;
            continue;
        }
        let from = i;
        let mut to = i + 1;
        while to < n && text.joins(finder, to - 1) {
            if text.tokens[to].namey() {
                to += 1;
                continue;
            }
            // where nouns are capitalised, particles join nouns ("Pässe von Bürgern")
            let particle = if hyphened(text, to) {
                1
            } else if text.nouns_capitalised || text.gap_after(to - 1) == "-" {
                0
            } else {
                text.particle_at(finder, to)
            };
            let next = to + particle;
            let continues = particle > 0
                && next < n
                && text.tokens[next].namey()
                && (next == to || text.joins(finder, next - 1));
            if !continues {
                break;
            }
            to = next + 1;
        }
        i = to;
        if to - from > MAX_NAME_WORDS * 2 || text.tokens[from].headline {
            continue;
        }
        cut(finder, text, from, to, &mut out);
    }
    out
}

/// Whether token `i` is a short lower-case word between hyphens inside a name, as in the names
/// of places ("Vallorbe-sur-Mer", "Stratford-upon-Avon", "Saint-Jean-de-Luz").
fn hyphened(text: &Text, i: usize) -> bool {
    let t = &text.tokens[i];
    i > 0
        && !t.namey()
        && !t.word.digits
        && t.word.end - t.word.start <= 4
        && text.gap_after(i - 1) == "-"
        && text.gap_after(i) == "-"
}

/// Cuts the run of tokens `from..to` at lexicon words, titles, honorifics and known names, and
/// keeps the pieces that are names.
fn cut(finder: &Finder, text: &Text, from: usize, to: usize, out: &mut Vec<Candidate>) {
    let mut start = from;
    let mut titled = title_before(finder, text, from);
    for i in from..=to {
        let t = text.tokens.get(i);
        let honorific = t.is_some() && text.honorific(finder, i);
        let stop = i == to || t.is_some_and(|t| t.lexicon || t.known || t.title) || honorific;
        if !stop {
            continue;
        }
        // capitalised words right before a title are the title's ("Health Minister Laura
        // Kinsey", "Interior Minister"), no name of their own
        let complement = i < to && i > 0 && text.tokens[i].title && text.gap_after(i - 1) == " ";
        if start < i && !complement {
            let place = if titled {
                title_place(text, start, i)
            } else {
                None
            };
            if let Some(k) = place {
                out.push(Candidate {
                    from: k,
                    to: k + 1,
                    rule: Rule::NameCapitalisedWord,
                    kind: EntityKind::Place,
                });
                piece(finder, text, k + 1, i, true, out);
            } else {
                piece(finder, text, start, i, titled, out);
            }
        }
        titled = i < to && (honorific || text.tokens[i].title);
        start = i + 1;
    }
}

/// In the run of tokens `from..to` after a title, the one word of the place the title is of
/// when a name of two words or more follows it ("procureure de la République d'Annecy Line
/// Bonnet-Mathis": Annecy, then the person): its index.
fn title_place(text: &Text, from: usize, to: usize) -> Option<usize> {
    let k = (from..to).find(|&k| text.tokens[k].namey())?;
    let of = k > from && matches!(text.word(k - 1), "d" | "de" | "du");
    let names = (k + 1..to).filter(|&j| text.tokens[j].namey()).count();
    (of && names >= 2 && text.gap_after(k) == " ").then_some(k)
}

/// Whether the words right before token `i` are a title or an honorific ("le président
/// Erdogan", "M. Darmanin").
fn title_before(finder: &Finder, text: &Text, i: usize) -> bool {
    i > 0
        && text.joins(finder, i - 1)
        && (text.tokens[i - 1].title || text.honorific(finder, i - 1))
}

/// Keeps tokens `from..to` (capitalised words and particles) as a name, if they are one: a
/// sentence's first word that the text also writes in lower case, demonyms and particles at
/// the ends are dropped first.
fn piece(
    finder: &Finder,
    text: &Text,
    from: usize,
    to: usize,
    titled: bool,
    out: &mut Vec<Candidate>,
) {
    let run_end = to;
    let (mut from, mut to) = (from, to);
    // a first name before a surname, where an adjective would follow its noun
    let first_name = |i: usize| {
        text.adjectives_after
            && i + 1 < run_end
            && text.tokens[i].namey()
            && text.tokens[i + 1].namey()
            && text.gap_after(i) == " "
    };
    let drop = |i: usize| {
        let t = &text.tokens[i];
        !t.namey()
            || (DETERMINERS.contains(&text.word(i)) && !t.word.caps)
            || (t.initial
                && (text.lower.contains(text.word(i)) || text.nouns_capitalised && !t.word.caps))
            || (!titled && text.demonym(finder, i) && !first_name(i))
    };
    while from < to && drop(from) {
        from += 1;
    }
    while to > from
        && (drop(to - 1) || finder.suffixes.contains(text.word(to - 1)) && to - from > 1)
    {
        to -= 1;
    }
    let words = (from..to).filter(|&i| text.tokens[i].namey()).count();
    let shouted = (from..to).all(|i| text.tokens[i].word.caps || !text.tokens[i].namey());
    if words == 0 || words > MAX_NAME_WORDS || (shouted && words >= 2) {
        return;
    }
    let t = &text.tokens[from];
    let rule = if titled {
        Rule::NamePersonTitle
    } else if words >= 2 {
        Rule::NameCapitalised
    } else if t.word.caps && !roman(text.word(from)) && t.word.end - t.word.start <= 6 {
        Rule::NameAcronym
    } else if !t.initial
        && !t.word.caps
        && !text.nouns_capitalised
        // a head noun alone is a generic body ("el Gobierno", "la Policía")
        && !finder.head_words.contains(text.word(from))
        && t.word.end - t.word.start >= 2
        && !text.lower.contains(text.word(from))
        && !after_complement(text, from)
        && !after_number(text, from)
    {
        Rule::NameCapitalisedWord
    } else if text.nouns_capitalised && after_speech_verb(text, from) {
        Rule::NameAfterSpeechVerb
    } else if text.nouns_capitalised && words == 1 && place_word(text, from) {
        Rule::NamePlaceWord
    } else {
        return;
    };
    let kind = if rule != Rule::NamePersonTitle && holds_head(finder, text, from, to) {
        EntityKind::Organization
    } else {
        guess_kind(text, from, to, rule, words)
    };
    out.push(Candidate {
        from,
        to,
        rule,
        kind,
    });
}

/// Whether token `i` comes right after a number, in digits or words: a capitalised word
/// there is a noun of people counted, a demonym where they are capitalised ("trois Roumains",
/// "deux Américains", "five Britons"), no name.
fn after_number(text: &Text, i: usize) -> bool {
    i.checked_sub(1).is_some_and(|p| {
        let t = &text.tokens[p];
        text.gap_after(p) == " " && (t.number || t.word.digits)
    })
}

/// Prepositions after which, with no article between, a capitalised word ending as places'
/// names do is a place ("in Reichertshofen", "aus Schrobenhausen").
const PLACE_PREPOSITIONS: &[&str] = &["in", "nach", "aus", "bei", "von"];

/// Prepositions with an article after which such a word is a place only with an adjective of
/// place between ("im oberbayerischen Offingen"; "im Keller" is no place).
const PLACE_ARTICLES: &[&str] = &["im", "dem", "vom", "beim", "zum"];

/// Whether token `i`, capitalised, ends as the language's places do and stands right after a
/// preposition of place, or after an article and an adjective of place ("-ischen").
fn place_word(text: &Text, i: usize) -> bool {
    let word = text.word(i);
    let ends = text
        .place_endings
        .iter()
        .any(|e| word.len() >= e.len() + 3 && word.ends_with(e.as_str()));
    if !ends || i == 0 || text.gap_after(i - 1) != " " {
        return false;
    }
    let before = &text.tokens[i - 1];
    if !before.namey() && PLACE_PREPOSITIONS.contains(&text.word(i - 1)) {
        return true;
    }
    let adjective = text.word(i - 1);
    i >= 2
        && !before.namey()
        && (adjective.ends_with("ischen") || adjective.ends_with("ischem"))
        && text.gap_after(i - 2) == " "
        && PLACE_ARTICLES.contains(&text.word(i - 2))
}

/// Whether token `i` comes right after a speech verb and before a break ("sagte Erdogan.",
/// "so Scholz,"), and is no word of the lexicon.
fn after_speech_verb(text: &Text, i: usize) -> bool {
    let t = &text.tokens[i];
    // a speech verb that ends with an article ("so die Polizei.") is followed by a noun
    i > 0
        && text.tokens[i - 1].speech
        && !DETERMINERS.contains(&text.word(i - 1))
        && text.gap_after(i - 1) == " "
        && !t.lexicon
        && !t.word.caps
        && t.word.end - t.word.start >= 3
        && text
            .gap_after(i)
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
}

/// Whether a word of tokens `from..to` is an institution's head noun, or a compound ending with
/// a long one ("Radio Littoral", "Internationale Hafenbehörde").
fn holds_head(finder: &Finder, text: &Text, from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        let word = text.word(i);
        finder.head_words.contains(word) || finder.all_compound_heads.end(word)
    })
}

/// Connectors after which one capitalised word is the complement of a head noun or a title
/// ("ministre de l'Énergie", "ministère des Affaires"), not a name of its own.
const COMPLEMENT_BEFORE: &[&str] = &[
    "du", "des", "de la", "de l", "del", "de los", "de las", "della", "dei", "degli", "dello",
];

/// Whether the words before token `i` are a connector of [`COMPLEMENT_BEFORE`].
fn after_complement(text: &Text, i: usize) -> bool {
    let one = i.checked_sub(1).map(|j| text.word(j));
    let two = i
        .checked_sub(2)
        .map(|j| format!("{} {}", text.word(j), text.word(j + 1)));
    one.is_some_and(|w| COMPLEMENT_BEFORE.contains(&w))
        || two.is_some_and(|w| COMPLEMENT_BEFORE.contains(&w.as_str()))
}

/// Whether `word` (folded) is a Roman numeral (Mohammed VI, Louis XIV): a suffix, not a name.
fn roman(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'))
}

/// The kind of the name in tokens `from..to` found by `rule`: a person after a title or beside
/// a speech verb, a place after a preposition of place, an organisation for acronyms; otherwise
/// a person for two or three words, and other for the rest.
fn guess_kind(text: &Text, from: usize, to: usize, rule: Rule, words: usize) -> EntityKind {
    if matches!(rule, Rule::NamePersonTitle | Rule::NameAfterSpeechVerb) {
        return EntityKind::Person;
    }
    if rule == Rule::NamePlaceWord {
        return EntityKind::Place;
    }
    let before: Vec<&str> = (from.saturating_sub(2)..from)
        .map(|i| text.word(i))
        .collect();
    let place = before.last().is_some_and(|w| PLACE_BEFORE.contains(w))
        || (before.len() == 2 && PLACE_BEFORE.contains(&before.join(" ").as_str()));
    if place {
        return EntityKind::Place;
    }
    if rule == Rule::NameAcronym {
        return EntityKind::Organization;
    }
    let speaks =
        (from > 0 && text.tokens[from - 1].speech) || text.tokens.get(to).is_some_and(|t| t.speech);
    match words {
        _ if speaks => EntityKind::Person,
        2 | 3 => EntityKind::Person,
        _ => EntityKind::Other,
    }
}

/// The institutions of the text: each head noun of the language with its complement ("ministère
/// de la Santé", "Ministry of Health", "bureau du procureur général") or the capitalised words
/// before it ("Interior Ministry"), the descriptions that name one institution by themselves
/// ("la présidence", "the interior ministry"), and capitalised compounds ending with a head noun
/// ("Gesundheitsministerium").
fn institutions(finder: &Finder, text: &Text, language: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let adjectives_after = ADJECTIVES_AFTER.contains(&language);
    if let Some(heads) = finder.institutions.get(language) {
        let mut spans = Spans::default();
        for hit in heads.find(text.f) {
            let (from, to) = spans.tokens(&text.tokens, hit.start, hit.end);
            if from >= to || text.tokens[from].headline {
                continue;
            }
            let values = heads.values(hit);
            let alone = values.iter().any(|h| h.alone);
            let kind = values.first().map_or(EntityKind::Organization, |h| h.kind);
            let head = Head { kind, alone };
            if let Some(c) = institution(finder, text, from, to, head, adjectives_after) {
                out.push(c);
            }
        }
    }
    if let Some(heads) = finder.compound_heads.get(language) {
        for (i, t) in text.tokens.iter().enumerate() {
            let word = text.word(i);
            let compound =
                t.word.cap && !t.headline && heads.end(word.strip_suffix('s').unwrap_or(word));
            if compound {
                out.push(Candidate {
                    from: i,
                    to: i + 1,
                    rule: Rule::NameInstitution,
                    kind: EntityKind::Organization,
                });
            }
        }
    }
    out
}

/// The institution around the head noun (or description, when `alone`) in tokens `from..to`, if
/// its words make one.
fn institution(
    finder: &Finder,
    text: &Text,
    from: usize,
    to: usize,
    head: Head,
    adjectives_after: bool,
) -> Option<Candidate> {
    let Head { kind, alone } = head;
    // a head written with its connector ("ministry of") leaves the connector to the complement
    let to = if to - from > 1 && CONNECTORS.contains(&text.word(to - 1)) {
        to - 1
    } else {
        to
    };
    let head_cap = text.tokens[from].word.cap;
    // capitalised words before a capitalised head ("Syrian Ministry", "Interior Ministry") or
    // before a description ("Russian foreign ministry")
    let mut start = from;
    while (head_cap || alone)
        && start > 0
        && text.tokens[start - 1].namey()
        && text.joins(finder, start - 1)
    {
        let t = &text.tokens[start - 1];
        let word = text.word(start - 1);
        let determiner = DETERMINERS.contains(&word) && !t.word.caps;
        // a speech verb ("Según Protección Civil", "Laut Bundespolizei") is no part of the name
        if t.title || t.speech || determiner || (t.initial && text.lower.contains(word)) {
            break;
        }
        start -= 1;
        if t.initial {
            break;
        }
    }
    let mut rule = Rule::NameInstitution;
    // a description after an article ("the presidency"), a possessive ("Kazakhstan's interior
    // ministry") or capitalised words; not after "an", "sa", "his" ("sa présidence")
    let described = alone
        && start == from
        && from > 0
        && (DEFINITE.contains(&text.word(from - 1)) || possessive(text, from));
    // written with a capital after its head ("ministère de la Santé"), it is a name
    if described && !(from + 1..to).any(|i| text.tokens[i].namey()) {
        rule = Rule::NameDescription;
    }
    // a title and its possessive before a head noun ("the prosecutor general's office")
    if !head_cap && start == from && !described && possessive(text, from) {
        if let Some(title) = title_ending_at(text, from - 2) {
            start = title;
            rule = Rule::NameDescription;
        }
    }
    let end = match complement(text, to) {
        Some(end) => end,
        None if !head_cap && !alone => match title_complement(text, to) {
            Some(end) => {
                rule = Rule::NameDescription;
                end
            }
            None => to,
        },
        // "Banque mondiale", "Parquet national antiterroriste", "Parti populaire"
        None if head_cap && adjectives_after && !text.tokens[from].initial => adjectives(text, to),
        None => to,
    };
    let named = end > to || start < from || described;
    if !named || end - start > MAX_NAME_WORDS * 2 {
        return None;
    }
    Some(Candidate {
        from: start,
        to: end,
        rule,
        kind,
    })
}

/// The end of the adjectives (up to two) that follow a capitalised head noun ending before token
/// `at`: lower-case words that are no words of the lexicon and end as adjectives do
/// ([`ADJECTIVE_ENDINGS`]); `at` when there is none.
fn adjectives(text: &Text, at: usize) -> usize {
    let mut end = at;
    while end < text.tokens.len()
        && end - at < 2
        && text.gap_after(end - 1) == " "
        && lower_word(text, end)
        && !text.tokens[end].lexicon
        && ADJECTIVE_ENDINGS
            .iter()
            .any(|e| text.word(end).len() > e.len() + 2 && text.word(end).ends_with(e))
    {
        end += 1;
    }
    end
}

/// Whether the word before token `i` is a possessive "'s" ("Kazakhstan's", "president's").
fn possessive(text: &Text, i: usize) -> bool {
    i >= 2 && text.word(i - 1) == "s" && text.gap_after(i - 2) == "'"
}

/// The first token of the title (of up to three words) that ends at token `last`, if it is one.
fn title_ending_at(text: &Text, last: usize) -> Option<usize> {
    let t = &text.tokens[last];
    if !t.title || t.namey() {
        return None;
    }
    let mut first = last;
    while first > 0
        && last - first < 2
        && text.tokens[first - 1].lexicon
        && !text.tokens[first - 1].title
        && !text.tokens[first - 1].namey()
        && text.gap_after(first - 1) == " "
    {
        first -= 1;
    }
    Some(first)
}

/// The end of a title after a lower-case head noun ending before token `at` and its connector
/// ("bureau du procureur général", "office of the president"): the head is that officer's.
fn title_complement(text: &Text, at: usize) -> Option<usize> {
    let connector = connector_at(text, at);
    if connector == 0 {
        return None;
    }
    let first = at + connector;
    // the words of one title phrase, the last one flagged as its end
    (first..(first + 3).min(text.tokens.len()))
        .take_while(|&i| text.tokens[i].lexicon && (i == first || text.gap_after(i - 1) == " "))
        .find(|&i| text.tokens[i].title)
        .map(|i| i + 1)
}

/// How many words from token `i` on make a connector ("de la", "of the"), 0 when none do.
fn connector_at(text: &Text, i: usize) -> usize {
    let mut best = 0;
    let mut phrase = String::new();
    for n in 0..3 {
        if !lower_word(text, i + n) {
            break;
        }
        if n > 0 {
            phrase.push(' ');
        }
        phrase.push_str(text.word(i + n));
        // "de l'" is written "de l" in words
        let connector = CONNECTORS
            .iter()
            .any(|c| *c == phrase || c.strip_suffix('\'') == Some(phrase.as_str()));
        if connector {
            best = n + 1;
        }
    }
    best
}

/// Whether token `i` is a word in lower case (no capital, no digit).
fn lower_word(text: &Text, i: usize) -> bool {
    text.tokens
        .get(i)
        .is_some_and(|t| !t.namey() && !t.word.digits)
}

/// The end of the complement that follows a head noun ending before token `at`: a connector
/// ("de la", "of"), perhaps after one lower-case adjective ("ministère syrien de la Santé"),
/// then capitalised words (and the particles between them).
fn complement(text: &Text, at: usize) -> Option<usize> {
    let mut i = at;
    let mut connector = connector_at(text, i);
    if connector == 0 && lower_word(text, i) && !text.tokens[i].lexicon {
        connector = connector_at(text, i + 1);
        if connector > 0 {
            i += 1;
        }
    }
    if connector == 0 {
        return None;
    }
    i += connector;
    let first = i;
    while i < text.tokens.len() && text.tokens[i].namey() && i - first < MAX_NAME_WORDS {
        i += 1;
        if !matches!(text.gap_after(i - 1), " " | "-" | "'") {
            break;
        }
    }
    (i > first).then_some(i)
}

/// Settles overlapping candidates (an institution or a longer name wins over the names inside
/// it) and lets a name swallow a number after it ("France 24"). Returns the indices of the known
/// mentions that a candidate covers.
fn settle(text: &Text, candidates: &mut Vec<Candidate>, known: &[Named]) -> Vec<usize> {
    for c in candidates.iter_mut() {
        with_number(text, c);
    }
    candidates.sort_by_key(|c| (c.from, std::cmp::Reverse(c.to)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates.drain(..) {
        match kept.last() {
            Some(last) if c.from < last.to => {}
            _ => kept.push(c),
        }
    }
    let mut covered = Vec::new();
    kept.retain(|c| {
        let (lo, hi) = (
            text.tokens[c.from].word.start,
            text.tokens[c.to - 1].word.end,
        );
        let first = known.partition_point(|m| m.end <= lo);
        let overlapping: Vec<usize> = (first..known.len())
            .take_while(|&j| known[j].start < hi)
            .collect();
        // one word that is one edit away from a known name ("Tokarev" of Tokayev) stays that
        // name's mention
        let near_miss = |&j: &usize| {
            known[j].rule == Rule::MentionNearMiss && known[j].start == lo && known[j].end == hi
        };
        if c.to - c.from == 1 && overlapping.iter().any(near_miss) {
            return false;
        }
        // a candidate that a known name overlaps without lying inside it is no name
        if overlapping
            .iter()
            .any(|&j| known[j].start < lo || known[j].end > hi)
        {
            return false;
        }
        covered.extend(overlapping);
        true
    });
    *candidates = kept;
    covered
}

/// The known names followed by a number that makes them a longer name ("France 24", "Mir 24"):
/// candidates the settling then lets cover the known mention.
fn numbered_known(text: &Text, known: &[Named]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut spans = Spans::default();
    for m in known {
        let (from, to) = spans.tokens(&text.tokens, m.start, m.end);
        if from >= to || text.tokens[from].headline {
            continue;
        }
        let mut c = Candidate {
            from,
            to,
            rule: Rule::NameWithNumber,
            kind: EntityKind::Organization,
        };
        if with_number(text, &mut c) {
            out.push(c);
        }
    }
    out
}

/// Extends candidate `c` over a number of one to three digits right after it, when a break
/// follows the number, or a speech verb or a capitalised word ("sur France 24.", "France 24 a
/// rapporté"): a number in a name is no figure. Returns whether it did.
fn with_number(text: &Text, c: &mut Candidate) -> bool {
    let Some(number) = text.tokens.get(c.to) else {
        return false;
    };
    if !number.word.digits
        || number.word.end - number.word.start > 3
        || text.gap_after(c.to - 1) != " "
    {
        return false;
    }
    let next = text.tokens.get(c.to + 1);
    let gap = text.gap_after(c.to);
    let breaks = (gap.is_empty()
        || gap.starts_with(['.', ',', ')', ';', ':', '\n', '»', '”', '"']))
        && next.is_none_or(|t| !t.word.digits || gap.contains('\n'));
    let named = gap == " " && next.is_some_and(|t| t.speech || t.namey());
    if breaks || named {
        c.to += 1;
        c.rule = Rule::NameWithNumber;
        c.kind = EntityKind::Organization;
    }
    breaks || named
}

/// The names of the candidates (one per match key, rejected ones left out) and their mentions:
/// the candidates, then every other occurrence of each name in the text.
fn named(
    finder: &Finder,
    text: &Text,
    candidates: &[Candidate],
    rejected: &std::collections::HashSet<String>,
) -> (Vec<Name>, Vec<Named>) {
    let f = text.f;
    let mut names: Vec<Name> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut mentions: Vec<Named> = Vec::new();
    // the name each candidate became, if it did
    let mut name_of: Vec<Option<usize>> = Vec::with_capacity(candidates.len());
    let surface_of = |c: &Candidate| {
        let (cs, ce) = f.span(
            text.tokens[c.from].word.start,
            text.tokens[c.to - 1].word.end,
        );
        f.original(cs, ce)
    };
    // the last word of a person's name of several words, alone elsewhere ("sagte Kahl." after
    // "Innenminister Peter Kahl"), is that person: folded word → the full name's candidate
    let mut surnames: HashMap<String, &Candidate> = HashMap::new();
    for c in candidates
        .iter()
        .filter(|c| c.kind == EntityKind::Person && c.to - c.from >= 2)
    {
        let last = fold(text.word(c.to - 1));
        if last.len() >= 4 && !finder.particles.contains(last.as_str()) {
            surnames.entry(last).or_insert(c);
        }
    }
    for (ci, c) in candidates.iter().enumerate() {
        let (lo, hi) = (
            text.tokens[c.from].word.start,
            text.tokens[c.to - 1].word.end,
        );
        let full = (c.to - c.from == 1 && c.rule != Rule::NameAcronym)
            .then(|| surnames.get(&fold(text.word(c.from))))
            .flatten()
            .filter(|full| {
                !std::ptr::eq(**full, c) && !rejected.contains(&fold(&surface_of(full)))
            });
        let abbreviated = ci
            .checked_sub(1)
            .filter(|&p| full.is_none() && abbreviates(text, &candidates[p], c))
            .and_then(|p| name_of[p]);
        if let Some(index) = abbreviated {
            let (cs, ce) = f.span(lo, hi);
            by_key.entry(fold(&f.original(cs, ce))).or_insert(index);
            mentions.push(Named {
                start: lo,
                end: hi,
                entity: provisional(index),
                kind: names[index].kind,
                rule: Rule::NameAbbreviation,
            });
            name_of.push(Some(index));
            continue;
        }
        // the name this candidate mentions: the person's full name for a surname, else its own
        let (named_as, rule) = match full {
            Some(full) => (*full, Rule::NameRepeat),
            None => (c, c.rule),
        };
        let surface = surface_of(named_as);
        let key = fold(&surface);
        if rejected.contains(&key) {
            name_of.push(None);
            continue;
        }
        let index = *by_key.entry(key.clone()).or_insert_with(|| {
            names.push(Name {
                name: surface,
                match_key: key,
                kind: named_as.kind,
                rule: named_as.rule,
            });
            names.len() - 1
        });
        mentions.push(Named {
            start: lo,
            end: hi,
            entity: provisional(index),
            kind: names[index].kind,
            rule,
        });
        name_of.push(Some(index));
    }
    repeats(finder, text, &names, &mut mentions);
    mentions.sort_by_key(|m| m.start);
    (names, mentions)
}

/// Whether candidate `c` is one word in parentheses right after `name`, a name of two words or
/// more and no person's ("Demirören Haber Ajansi (DHA)"): another name of the same entity.
fn abbreviates(text: &Text, name: &Candidate, c: &Candidate) -> bool {
    name.to == c.from
        && c.to == c.from + 1
        && name.to - name.from >= 2
        && name.kind != EntityKind::Person
        && text.gap_after(name.to - 1) == " ("
        && text.gap_after(c.from).starts_with(')')
}

/// Adds a mention for every other occurrence of each name (capitalised as the name is; all in
/// capitals for an acronym), and of the last word of each person's name.
fn repeats(finder: &Finder, text: &Text, names: &[Name], mentions: &mut Vec<Named>) {
    // first word of each spelling → (words of the spelling, name)
    let mut starts: HashMap<&str, Vec<(Vec<&str>, usize)>> = HashMap::new();
    for (index, name) in names.iter().enumerate() {
        let words: Vec<&str> = name
            .match_key
            .split(|c: char| !super::folded::is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        let Some(&first) = words.first() else {
            continue;
        };
        if name.kind == EntityKind::Person && words.len() >= 2 {
            let last = *words.last().unwrap_or(&first);
            if last.len() >= 4 && !finder.particles.contains(last) {
                starts.entry(last).or_default().push((vec![last], index));
            }
        }
        starts.entry(first).or_default().push((words, index));
    }
    // the spans already taken, in order and not overlapping (the names' own mentions)
    let mut taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    taken.sort_unstable();
    let tokens = &text.tokens;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let found = (t.word.cap && !t.known)
            .then(|| starts.get(text.word(i)))
            .flatten()
            .and_then(|spellings| longest_at(text, i, spellings, names));
        let Some((n, index)) = found else {
            i += 1;
            continue;
        };
        let (lo, hi) = (t.word.start, tokens[i + n - 1].word.end);
        // the first taken span that ends after `lo` is the only one that may overlap
        let next = taken.partition_point(|&(_, e)| e <= lo);
        let free = taken.get(next).is_none_or(|&(s, _)| hi <= s);
        if free {
            mentions.push(Named {
                start: lo,
                end: hi,
                entity: provisional(index),
                kind: names[index].kind,
                rule: Rule::NameRepeat,
            });
        }
        i += n;
    }
}

/// The longest of `spellings` (words, name) that the tokens from `i` on spell, as (words, name).
fn longest_at(
    text: &Text,
    i: usize,
    spellings: &[(Vec<&str>, usize)],
    names: &[Name],
) -> Option<(usize, usize)> {
    spellings
        .iter()
        .filter(|(words, index)| {
            let acronym = names[*index].rule == Rule::NameAcronym;
            words.iter().enumerate().all(|(k, w)| {
                text.tokens.get(i + k).is_some_and(|t| {
                    text.word(i + k) == *w
                        && !t.known
                        && (!acronym || t.word.caps)
                        && (k == 0 || matches!(text.gap_after(i + k - 1), " " | "-" | "'" | ". "))
                })
            })
        })
        .map(|(words, index)| (words.len(), *index))
        .max_by_key(|&(n, _)| n)
}
