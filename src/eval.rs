//! Scoring extracted rows against curated ones: the logic of `factstore eval`, free of SQL and I/O.
//!
//! # Data flow
//! The command reads the rows of both origins into an [`Input`] (plain structs, entity and source
//! keys in place of ids) and hands it to [`evaluate`], which returns a [`Report`]: for each kind the
//! counts behind precision, recall and F1, the accuracies of matched pairs, and every [`Miss`].
//!
//! # Rules
//! - For each kind separately, only sources with at least one curated row of that kind (any
//!   statement kind, for statements) are scored; extracted rows of other sources are left out, since
//!   nobody has said what is in those sources.
//! - **Mentions** are scored as sets of (source, entity) pairs.
//! - **Statements**: only quotes (`kind = 'quote'`) of four or more words, on both sides. An extracted
//!   statement can match a curated one of the same source whose span overlaps its own.
//! - **Figures**: an extracted figure can match a curated one of the same source whose evidence span
//!   overlaps, with the same metric and value (when neither has a value, the same bounds).
//! - Statements and figures are paired one to one: the candidate pairs are taken by largest overlap
//!   first (ties: lower curated id, then lower extracted id), each row in at most one pair.
//!   Unpaired curated rows are `missed`, unpaired extracted ones `false_hit`; pairs that disagree on
//!   speaker, qualifier or claimant are reported too.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The three kinds of row that are scored, in report order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    #[default]
    Mention,
    Statement,
    Figure,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mention => "mention",
            Kind::Statement => "statement",
            Kind::Figure => "figure",
        }
    }
}

/// What is wrong with a row or a pair. The order of the variants is the alphabetical order of
/// their names, which is the order misses at the same place are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// An extracted row that matches no curated one.
    FalseHit,
    /// A curated row that no extracted one matches.
    Missed,
    /// A matched figure pair with different claimants.
    WrongClaimedBy,
    /// A matched figure pair with different qualifiers.
    WrongQualifier,
    /// A matched statement pair with different speakers.
    WrongSpeaker,
}

impl Problem {
    pub fn name(self) -> &'static str {
        match self {
            Problem::FalseHit => "false_hit",
            Problem::Missed => "missed",
            Problem::WrongClaimedBy => "wrong_claimed_by",
            Problem::WrongQualifier => "wrong_qualifier",
            Problem::WrongSpeaker => "wrong_speaker",
        }
    }
}

/// A mention: the entity named at a span of a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub id: i64,
    pub source: String,
    pub entity: String,
    pub char_start: i64,
    pub char_end: i64,
    /// The rule that extracted the row (`None` for a curated one).
    pub rule: Option<String>,
}

/// A statement, with its speaker's key (`None`: unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub id: i64,
    pub source: String,
    pub speaker: Option<String>,
    pub kind: String,
    pub text: String,
    pub char_start: i64,
    pub char_end: i64,
    /// The rule that extracted the row (`None` for a curated one).
    pub rule: Option<String>,
}

/// A figure, with its claimant's key (`None`: the source itself) and its evidence span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub id: i64,
    pub source: String,
    pub metric: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: String,
    pub claimed_by: Option<String>,
    pub char_start: i64,
    pub char_end: i64,
    /// The rule that extracted the row (`None` for a curated one).
    pub rule: Option<String>,
}

/// The curated and the extracted rows of one kind.
#[derive(Clone, Debug)]
pub struct Sides<T> {
    pub curated: Vec<T>,
    pub extracted: Vec<T>,
}

impl<T> Default for Sides<T> {
    fn default() -> Self {
        Sides {
            curated: Vec::new(),
            extracted: Vec::new(),
        }
    }
}

/// Everything [`evaluate`] scores.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub mentions: Sides<Mention>,
    pub statements: Sides<Statement>,
    pub figures: Sides<Figure>,
}

impl Input {
    /// Is there any curated row to score against?
    pub fn has_curated(&self) -> bool {
        !(self.mentions.curated.is_empty()
            && self.statements.curated.is_empty()
            && self.figures.curated.is_empty())
    }
}

/// The counts of one kind: curated units, extracted units, and units found on both sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub curated: usize,
    pub extracted: usize,
    pub true_hits: usize,
}

/// `n / d`, with 0/0 defined as 0.
fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

impl Counts {
    /// true / extracted (0 when nothing was extracted).
    pub fn precision(&self) -> f64 {
        ratio(self.true_hits, self.extracted)
    }

    /// true / curated (0 when nothing was curated).
    pub fn recall(&self) -> f64 {
        ratio(self.true_hits, self.curated)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// How many matched pairs agree on something, out of how many pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub correct: usize,
    pub pairs: usize,
}

impl Accuracy {
    /// correct / pairs; `None` when there are no pairs.
    pub fn share(&self) -> Option<f64> {
        (self.pairs > 0).then(|| ratio(self.correct, self.pairs))
    }
}

/// One miss, false hit or disagreeing pair, located in its source. For a pair, the span is the
/// curated row's; for mentions, it is that of the first mention of the entity in the source.
/// `curated` and `extracted` describe each side's row briefly (empty for the side that has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub kind: Kind,
    pub problem: Problem,
    pub source: String,
    pub char_start: i64,
    pub char_end: i64,
    pub curated: String,
    pub extracted: String,
}

/// How one extraction rule did: the extracted rows it produced in scored sources (for
/// statements, quotes of four words or more), and how many of them a curated row confirms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleScore {
    pub kind: Kind,
    pub rule: String,
    pub extracted: usize,
    pub true_hits: usize,
}

impl RuleScore {
    /// true / extracted.
    pub fn precision(&self) -> f64 {
        ratio(self.true_hits, self.extracted)
    }
}

/// The outcome of [`evaluate`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Precision per extraction rule, ordered by kind and rule.
    pub rules: Vec<RuleScore>,
    pub mentions: Counts,
    pub statements: Counts,
    pub speaker: Accuracy,
    pub figures: Counts,
    pub qualifier: Accuracy,
    pub claimed_by: Accuracy,
    /// Ordered by kind, source, char_start, problem (then char_end and the descriptions).
    pub misses: Vec<Miss>,
}

/// Scores `input`; see the module documentation for the rules.
pub fn evaluate(input: &Input) -> Report {
    let mut misses = Vec::new();
    let mut rules = BTreeMap::new();
    let mentions = score_mentions(&input.mentions, &mut misses, &mut rules);
    let (statements, speaker) = score_statements(&input.statements, &mut misses, &mut rules);
    let (figures, qualifier, claimed_by) = score_figures(&input.figures, &mut misses, &mut rules);
    misses.sort_by(|a, b| {
        (
            a.kind,
            &a.source,
            a.char_start,
            a.problem,
            a.char_end,
            &a.curated,
            &a.extracted,
        )
            .cmp(&(
                b.kind,
                &b.source,
                b.char_start,
                b.problem,
                b.char_end,
                &b.curated,
                &b.extracted,
            ))
    });
    Report {
        rules: rules
            .into_iter()
            .map(|((kind, rule), (extracted, true_hits))| RuleScore {
                kind,
                rule,
                extracted,
                true_hits,
            })
            .collect(),
        mentions,
        statements,
        speaker,
        figures,
        qualifier,
        claimed_by,
        misses,
    }
}

/// A row with a source and a span, as the pairing needs it.
trait Spanned {
    fn id(&self) -> i64;
    fn source(&self) -> &str;
    fn span(&self) -> (i64, i64);
    fn rule(&self) -> Option<&str>;
}

/// Extracted rows and confirmed rows per (kind, rule).
type ByRule = BTreeMap<(Kind, String), (usize, usize)>;

/// Counts each of `extracted` under its rule, as a true hit when `hit` says so of its index.
fn count_rules<T: Spanned>(
    kind: Kind,
    extracted: &[&T],
    hit: impl Fn(usize) -> bool,
    rules: &mut ByRule,
) {
    for (i, row) in extracted.iter().enumerate() {
        let rule = row.rule().unwrap_or("(none)").to_string();
        let entry = rules.entry((kind, rule)).or_default();
        entry.0 += 1;
        entry.1 += usize::from(hit(i));
    }
}

macro_rules! spanned {
    ($($t:ty),*) => {$(
        impl Spanned for $t {
            fn id(&self) -> i64 {
                self.id
            }
            fn source(&self) -> &str {
                &self.source
            }
            fn span(&self) -> (i64, i64) {
                (self.char_start, self.char_end)
            }
            fn rule(&self) -> Option<&str> {
                self.rule.as_deref()
            }
        }
    )*};
}
spanned!(Mention, Statement, Figure);

/// The extracted rows of `sides` whose source has a curated row, with all curated rows.
fn scored<T: Spanned>(sides: &Sides<T>) -> (Vec<&T>, Vec<&T>) {
    let curated_sources: HashSet<&str> = sides.curated.iter().map(|r| r.source()).collect();
    let extracted = sides
        .extracted
        .iter()
        .filter(|r| curated_sources.contains(r.source()))
        .collect();
    (sides.curated.iter().collect(), extracted)
}

fn score_mentions(sides: &Sides<Mention>, misses: &mut Vec<Miss>, rules: &mut ByRule) -> Counts {
    let (curated, extracted) = scored(sides);
    let curated_pairs: HashSet<(&str, &str)> = curated
        .iter()
        .map(|m| (m.source.as_str(), m.entity.as_str()))
        .collect();
    count_rules(
        Kind::Mention,
        &extracted,
        |i| curated_pairs.contains(&(extracted[i].source.as_str(), extracted[i].entity.as_str())),
        rules,
    );
    // Each (source, entity) pair with the span of its first mention (lowest char_start).
    let first = |rows: &[&Mention]| {
        let mut pairs: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        for m in rows {
            let span = (m.char_start, m.char_end);
            pairs
                .entry((m.source.clone(), m.entity.clone()))
                .and_modify(|s| *s = (*s).min(span))
                .or_insert(span);
        }
        pairs
    };
    let (c, e) = (first(&curated), first(&extracted));
    let true_hits = c.keys().filter(|k| e.contains_key(*k)).count();
    for (mine, theirs, problem) in [(&c, &e, Problem::Missed), (&e, &c, Problem::FalseHit)] {
        for ((source, entity), &(char_start, char_end)) in mine {
            if theirs.contains_key(&(source.clone(), entity.clone())) {
                continue;
            }
            let (curated, extracted) = match problem {
                Problem::Missed => (entity.clone(), String::new()),
                _ => (String::new(), entity.clone()),
            };
            misses.push(Miss {
                kind: Kind::Mention,
                problem,
                source: source.clone(),
                char_start,
                char_end,
                curated,
                extracted,
            });
        }
    }
    Counts {
        curated: c.len(),
        extracted: e.len(),
        true_hits,
    }
}

/// The number of words in `text`: whitespace-separated tokens with at least one letter or digit.
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .count()
}

/// Is `s` scored as a statement: a direct quote of four or more words?
fn scored_statement(s: &Statement) -> bool {
    s.kind == "quote" && words(&s.text) >= 4
}

/// Pairs curated with extracted rows one to one (see the module documentation); `compatible` says
/// whether two overlapping rows of the same source may pair at all. Returns the pairs as indices
/// into `curated` and `extracted`, in the order they were taken.
fn pair<T: Spanned>(
    curated: &[&T],
    extracted: &[&T],
    compatible: impl Fn(&T, &T) -> bool,
) -> Vec<(usize, usize)> {
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in extracted.iter().enumerate() {
        by_source.entry(e.source()).or_default().push(i);
    }
    // (overlap, curated id, extracted id, curated index, extracted index)
    let mut candidates = Vec::new();
    for (ci, c) in curated.iter().enumerate() {
        let (c_start, c_end) = c.span();
        for &ei in by_source.get(c.source()).into_iter().flatten() {
            let e = extracted[ei];
            let (e_start, e_end) = e.span();
            if c_start < e_end && e_start < c_end && compatible(c, e) {
                let overlap = c_end.min(e_end) - c_start.max(e_start);
                candidates.push((overlap, c.id(), e.id(), ci, ei));
            }
        }
    }
    candidates.sort_by_key(|&(overlap, c_id, e_id, _, _)| (Reverse(overlap), c_id, e_id));
    let mut c_taken = vec![false; curated.len()];
    let mut e_taken = vec![false; extracted.len()];
    let mut pairs = Vec::new();
    for (_, _, _, ci, ei) in candidates {
        if !c_taken[ci] && !e_taken[ei] {
            c_taken[ci] = true;
            e_taken[ei] = true;
            pairs.push((ci, ei));
        }
    }
    pairs
}

/// Adds a `missed` for every curated row and a `false_hit` for every extracted row left out of
/// `pairs`; returns the counts.
fn unpaired<T: Spanned>(
    kind: Kind,
    curated: &[&T],
    extracted: &[&T],
    pairs: &[(usize, usize)],
    describe: impl Fn(&T) -> String,
    misses: &mut Vec<Miss>,
) -> Counts {
    let c_paired: HashSet<usize> = pairs.iter().map(|&(c, _)| c).collect();
    let e_paired: HashSet<usize> = pairs.iter().map(|&(_, e)| e).collect();
    let sides = [
        (curated, &c_paired, Problem::Missed),
        (extracted, &e_paired, Problem::FalseHit),
    ];
    for (rows, paired, problem) in sides {
        for (i, row) in rows.iter().enumerate() {
            if paired.contains(&i) {
                continue;
            }
            let (char_start, char_end) = row.span();
            let text = describe(row);
            let (curated, extracted) = match problem {
                Problem::Missed => (text, String::new()),
                _ => (String::new(), text),
            };
            misses.push(Miss {
                kind,
                problem,
                source: row.source().to_string(),
                char_start,
                char_end,
                curated,
                extracted,
            });
        }
    }
    Counts {
        curated: curated.len(),
        extracted: extracted.len(),
        true_hits: pairs.len(),
    }
}

/// Counts the pairs that agree by `same`, and reports those that do not as `problem`.
fn accuracy<T: Spanned>(
    kind: Kind,
    problem: Problem,
    matched: &[(&T, &T)],
    same: impl Fn(&T, &T) -> bool,
    describe: impl Fn(&T) -> String,
    misses: &mut Vec<Miss>,
) -> Accuracy {
    let mut correct = 0;
    for &(c, e) in matched {
        if same(c, e) {
            correct += 1;
            continue;
        }
        let (char_start, char_end) = c.span();
        misses.push(Miss {
            kind,
            problem,
            source: c.source().to_string(),
            char_start,
            char_end,
            curated: describe(c),
            extracted: describe(e),
        });
    }
    Accuracy {
        correct,
        pairs: matched.len(),
    }
}

/// `speaker: text`, with `(unknown)` for a statement without speaker.
fn describe_statement(s: &Statement) -> String {
    format!(
        "{}: {}",
        s.speaker.as_deref().unwrap_or("(unknown)"),
        s.text
    )
}

fn score_statements(
    sides: &Sides<Statement>,
    misses: &mut Vec<Miss>,
    rules: &mut ByRule,
) -> (Counts, Accuracy) {
    let (curated, extracted) = scored(sides);
    let curated: Vec<&Statement> = curated
        .into_iter()
        .filter(|s| scored_statement(s))
        .collect();
    let extracted: Vec<&Statement> = extracted
        .into_iter()
        .filter(|s| scored_statement(s))
        .collect();
    let pairs = pair(&curated, &extracted, |_, _| true);
    let paired: HashSet<usize> = pairs.iter().map(|&(_, e)| e).collect();
    count_rules(Kind::Statement, &extracted, |i| paired.contains(&i), rules);
    let counts = unpaired(
        Kind::Statement,
        &curated,
        &extracted,
        &pairs,
        describe_statement,
        misses,
    );
    let matched: Vec<_> = pairs
        .iter()
        .map(|&(c, e)| (curated[c], extracted[e]))
        .collect();
    let speaker = accuracy(
        Kind::Statement,
        Problem::WrongSpeaker,
        &matched,
        |c, e| c.speaker == e.speaker,
        describe_statement,
        misses,
    );
    (counts, speaker)
}

/// `metric value qualifier claimed_by`: the bounds `low–high` in place of a missing value (`?`
/// for a missing bound), no claimant when the source itself gives the number.
fn describe_figure(f: &Figure) -> String {
    let bound = |b: Option<i64>| b.map_or_else(|| "?".to_string(), |b| b.to_string());
    let value = match f.value {
        Some(value) => value.to_string(),
        None => format!("{}–{}", bound(f.low), bound(f.high)),
    };
    let mut text = format!("{} {value} {}", f.metric, f.qualifier);
    if let Some(claimant) = &f.claimed_by {
        text.push(' ');
        text.push_str(claimant);
    }
    text
}

/// Do two figures say the same number: same metric and value, or without value, same bounds?
fn same_number(c: &Figure, e: &Figure) -> bool {
    c.metric == e.metric
        && c.value == e.value
        && (c.value.is_some() || (c.low == e.low && c.high == e.high))
}

fn score_figures(
    sides: &Sides<Figure>,
    misses: &mut Vec<Miss>,
    rules: &mut ByRule,
) -> (Counts, Accuracy, Accuracy) {
    let (curated, extracted) = scored(sides);
    let pairs = pair(&curated, &extracted, same_number);
    let paired: HashSet<usize> = pairs.iter().map(|&(_, e)| e).collect();
    count_rules(Kind::Figure, &extracted, |i| paired.contains(&i), rules);
    let counts = unpaired(
        Kind::Figure,
        &curated,
        &extracted,
        &pairs,
        describe_figure,
        misses,
    );
    let matched: Vec<_> = pairs
        .iter()
        .map(|&(c, e)| (curated[c], extracted[e]))
        .collect();
    let qualifier = accuracy(
        Kind::Figure,
        Problem::WrongQualifier,
        &matched,
        |c, e| c.qualifier == e.qualifier,
        describe_figure,
        misses,
    );
    let claimed_by = accuracy(
        Kind::Figure,
        Problem::WrongClaimedBy,
        &matched,
        |c, e| c.claimed_by == e.claimed_by,
        describe_figure,
        misses,
    );
    (counts, qualifier, claimed_by)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(id: i64, source: &str, entity: &str, start: i64) -> Mention {
        Mention {
            id,
            source: source.into(),
            entity: entity.into(),
            char_start: start,
            char_end: start + 3,
            rule: Some("mention.alias".into()),
        }
    }

    fn quote(id: i64, speaker: Option<&str>, span: (i64, i64)) -> Statement {
        Statement {
            id,
            source: "s".into(),
            speaker: speaker.map(String::from),
            kind: "quote".into(),
            text: format!("quote number {id} here"),
            char_start: span.0,
            char_end: span.1,
            rule: None,
        }
    }

    fn figure(id: i64, metric: &str, value: Option<i64>, span: (i64, i64)) -> Figure {
        Figure {
            id,
            source: "s".into(),
            metric: metric.into(),
            value,
            low: None,
            high: None,
            qualifier: "exact".into(),
            claimed_by: None,
            char_start: span.0,
            char_end: span.1,
            rule: Some("figure.metric-next".into()),
        }
    }

    fn statements(curated: Vec<Statement>, extracted: Vec<Statement>) -> Report {
        evaluate(&Input {
            statements: Sides { curated, extracted },
            ..Input::default()
        })
    }

    fn figures(curated: Vec<Figure>, extracted: Vec<Figure>) -> Report {
        evaluate(&Input {
            figures: Sides { curated, extracted },
            ..Input::default()
        })
    }

    /// The misses as `problem source start..end curated | extracted` lines.
    fn lines(report: &Report) -> Vec<String> {
        report
            .misses
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} {}..{} {} | {}",
                    m.kind.name(),
                    m.problem.name(),
                    m.source,
                    m.char_start,
                    m.char_end,
                    m.curated,
                    m.extracted
                )
            })
            .collect()
    }

    #[test]
    fn mentions_are_distinct_source_entity_pairs_of_curated_sources() {
        let report = evaluate(&Input {
            mentions: Sides {
                curated: vec![
                    mention(1, "a", "tokayev", 50),
                    mention(2, "a", "tokayev", 10),
                    mention(3, "a", "almaty", 30),
                    mention(4, "b", "csto", 7),
                ],
                extracted: vec![
                    mention(5, "a", "tokayev", 50),
                    mention(6, "a", "police", 90),
                    mention(7, "a", "police", 20),
                    // Source c has no curated mention: ignored.
                    mention(8, "c", "tokayev", 0),
                ],
            },
            ..Input::default()
        });
        assert_eq!(
            report.mentions,
            Counts {
                curated: 3,
                extracted: 2,
                true_hits: 1
            }
        );
        assert_eq!(
            lines(&report),
            [
                // The first mention of the pair gives the place.
                "mention false_hit a 20..23  | police",
                "mention missed a 30..33 almaty | ",
                "mention missed b 7..10 csto | ",
            ]
        );
    }

    #[test]
    fn ratios_define_zero_over_zero_as_zero() {
        let none = Counts::default();
        assert_eq!(
            (none.precision(), none.recall(), none.f1()),
            (0.0, 0.0, 0.0)
        );
        let counts = Counts {
            curated: 4,
            extracted: 5,
            true_hits: 3,
        };
        assert_eq!((counts.precision(), counts.recall()), (0.6, 0.75));
        assert!((counts.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Accuracy::default().share(), None);
        assert_eq!(
            Accuracy {
                correct: 1,
                pairs: 4
            }
            .share(),
            Some(0.25)
        );
    }

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(words("Nous ne négocierons pas"), 4);
        assert_eq!(words("« non » , — 3 000"), 3);
        assert_eq!(words("  l’OTSC\u{00A0}  est\nlà "), 3);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn only_quotes_of_four_words_or_more_are_scored() {
        let mut short = quote(1, None, (0, 10));
        short.text = "bandits armés".into();
        let mut indirect = quote(2, None, (20, 40));
        indirect.kind = "indirect".into();
        let kept = quote(3, None, (50, 60));
        let mut extracted_short = quote(4, None, (0, 10));
        extracted_short.text = "« bandits »".into();
        let report = statements(
            vec![short, indirect, kept.clone()],
            vec![extracted_short, quote(5, None, (20, 40))],
        );
        assert_eq!(
            report.statements,
            Counts {
                curated: 1,
                extracted: 1,
                true_hits: 0
            }
        );
        assert_eq!(
            lines(&report),
            [
                "statement false_hit s 20..40  | (unknown): quote number 5 here",
                "statement missed s 50..60 (unknown): quote number 3 here | ",
            ]
        );
    }

    #[test]
    fn pairs_are_one_to_one_by_largest_overlap() {
        // e10 overlaps c1 by 10 and c2 by 22: it goes to c2, so c1 is missed even though it
        // overlaps e10 and was listed first; e11 overlaps only c2, which is taken.
        let report = statements(
            vec![quote(1, Some("x"), (0, 10)), quote(2, Some("x"), (8, 30))],
            vec![
                quote(10, Some("x"), (0, 30)),
                quote(11, Some("x"), (25, 28)),
            ],
        );
        assert_eq!(report.statements.true_hits, 1);
        assert_eq!(
            report.speaker,
            Accuracy {
                correct: 1,
                pairs: 1
            }
        );
        assert_eq!(
            lines(&report),
            [
                "statement missed s 0..10 x: quote number 1 here | ",
                "statement false_hit s 25..28  | x: quote number 11 here",
            ]
        );
    }

    #[test]
    fn overlap_ties_go_to_the_lower_curated_id_then_the_lower_extracted_id() {
        // e5 overlaps c2 (listed first) and c1 by 5 each: c1 has the lower id and wins.
        let report = statements(
            vec![quote(2, None, (10, 20)), quote(1, None, (0, 10))],
            vec![quote(5, None, (5, 15))],
        );
        assert_eq!(
            lines(&report),
            ["statement missed s 10..20 (unknown): quote number 2 here | "]
        );
        // c1 overlaps e9 (listed first) and e3 by 5 each: e3 has the lower id and wins.
        let report = statements(
            vec![quote(1, Some("a"), (0, 10))],
            vec![quote(9, Some("a"), (0, 5)), quote(3, Some("b"), (5, 10))],
        );
        assert_eq!(
            lines(&report),
            [
                "statement false_hit s 0..5  | a: quote number 9 here",
                "statement wrong_speaker s 0..10 a: quote number 1 here | b: quote number 3 here",
            ]
        );
        assert_eq!(
            report.speaker,
            Accuracy {
                correct: 0,
                pairs: 1
            }
        );
    }

    #[test]
    fn touching_spans_do_not_overlap_and_sources_do_not_mix() {
        let mut other = quote(4, None, (0, 10));
        other.source = "t".into();
        let mut curated_other = quote(5, None, (90, 99));
        curated_other.source = "t".into();
        let report = statements(
            vec![quote(1, None, (0, 10)), curated_other],
            vec![quote(2, None, (10, 20)), other],
        );
        assert_eq!(report.statements.true_hits, 0);
        assert_eq!(report.statements.extracted, 2);
        assert_eq!(
            report.speaker,
            Accuracy {
                correct: 0,
                pairs: 0
            }
        );
    }

    #[test]
    fn speakers_both_unknown_agree() {
        let report = statements(vec![quote(1, None, (0, 10))], vec![quote(2, None, (2, 8))]);
        assert_eq!(
            report.speaker,
            Accuracy {
                correct: 1,
                pairs: 1
            }
        );
        assert!(report.misses.is_empty());
    }

    #[test]
    fn figures_match_on_metric_and_value_and_bounds_without_value() {
        let mut dozens = figure(3, "killed", None, (20, 32));
        (dozens.low, dozens.high, dozens.qualifier) = (Some(24), Some(99), "dozens".into());
        let mut other_bounds = dozens.clone();
        (other_bounds.id, other_bounds.low) = (13, Some(20));
        let report = figures(
            vec![
                figure(1, "killed", Some(26), (0, 2)),
                figure(2, "arrested", Some(3000), (10, 15)),
                dozens,
            ],
            vec![
                // Same span, other metric; then same metric, other value: neither matches.
                figure(11, "injured", Some(26), (0, 2)),
                figure(12, "arrested", Some(300), (10, 14)),
                other_bounds,
            ],
        );
        assert_eq!(report.figures.true_hits, 0);
        assert_eq!(
            lines(&report),
            [
                "figure false_hit s 0..2  | injured 26 exact",
                "figure missed s 0..2 killed 26 exact | ",
                "figure false_hit s 10..14  | arrested 300 exact",
                "figure missed s 10..15 arrested 3000 exact | ",
                "figure false_hit s 20..32  | killed 20–99 dozens",
                "figure missed s 20..32 killed 24–99 dozens | ",
            ]
        );
    }

    #[test]
    fn figure_pairs_are_checked_for_qualifier_and_claimant() {
        let mut c1 = figure(1, "arrested", Some(3000), (0, 5));
        (c1.qualifier, c1.claimed_by) = ("more_than".into(), Some("kz-interior-ministry".into()));
        let mut e1 = c1.clone();
        (e1.id, e1.qualifier, e1.claimed_by) = (11, "exact".into(), None);
        let mut c2 = figure(2, "killed", None, (40, 45));
        (c2.high, c2.qualifier) = (Some(99), "up_to".into());
        let mut e2 = c2.clone();
        e2.id = 12;
        // Two extracted figures equal to c2: one to one, the lower id (e2, listed last) pairs.
        let mut e3 = e2.clone();
        e3.id = 13;
        let report = figures(vec![c1, c2], vec![e1, e3, e2]);
        assert_eq!(
            report.figures,
            Counts {
                curated: 2,
                extracted: 3,
                true_hits: 2
            }
        );
        assert_eq!(
            (report.qualifier, report.claimed_by),
            (
                Accuracy {
                    correct: 1,
                    pairs: 2
                },
                Accuracy {
                    correct: 1,
                    pairs: 2
                }
            )
        );
        assert_eq!(
            lines(&report),
            [
                "figure wrong_claimed_by s 0..5 arrested 3000 more_than kz-interior-ministry | arrested 3000 exact",
                "figure wrong_qualifier s 0..5 arrested 3000 more_than kz-interior-ministry | arrested 3000 exact",
                "figure false_hit s 40..45  | killed ?–99 up_to",
            ]
        );
    }

    #[test]
    fn misses_are_ordered_by_kind_source_place_and_problem() {
        let mut b_quote = quote(1, None, (0, 10));
        b_quote.source = "b".into();
        let report = evaluate(&Input {
            mentions: Sides {
                curated: vec![mention(1, "b", "x", 5), mention(2, "a", "y", 9)],
                extracted: vec![mention(3, "b", "z", 5)],
            },
            statements: Sides {
                curated: vec![b_quote, quote(2, None, (0, 10))],
                extracted: vec![],
            },
            figures: Sides {
                curated: vec![],
                extracted: vec![figure(1, "killed", Some(1), (0, 1))],
            },
        });
        assert_eq!(
            lines(&report),
            [
                "mention missed a 9..12 y | ",
                "mention false_hit b 5..8  | z",
                "mention missed b 5..8 x | ",
                "statement missed b 0..10 (unknown): quote number 1 here | ",
                "statement missed s 0..10 (unknown): quote number 2 here | ",
            ]
        );
        assert_eq!(report.figures, Counts::default());
    }

    #[test]
    fn has_curated_looks_at_every_kind() {
        let mut input = Input::default();
        assert!(!input.has_curated());
        input
            .figures
            .extracted
            .push(figure(1, "killed", Some(1), (0, 1)));
        assert!(!input.has_curated());
        input
            .figures
            .curated
            .push(figure(1, "killed", Some(1), (0, 1)));
        assert!(input.has_curated());
    }

    #[test]
    fn precision_is_counted_per_rule() {
        let curated = vec![figure(1, "killed", Some(26), (0, 2))];
        let mut far = figure(11, "killed", Some(18), (10, 12));
        far.rule = Some("figure.metric-before".into());
        let extracted = vec![figure(10, "killed", Some(26), (0, 2)), far];
        let report = figures(curated, extracted);
        assert_eq!(
            report.rules,
            [
                RuleScore {
                    kind: Kind::Figure,
                    rule: "figure.metric-before".into(),
                    extracted: 1,
                    true_hits: 0
                },
                RuleScore {
                    kind: Kind::Figure,
                    rule: "figure.metric-next".into(),
                    extracted: 1,
                    true_hits: 1
                }
            ]
        );
    }
}
