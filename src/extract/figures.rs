//! Figures: the quantities of a text (numbers written with digits and any thousands separator,
//! number words, vague quantities) that a metric word of the lexicon makes a claim ("plus de 3 700
//! arrestations", "dozens dead").
//!
//! For each quantity: its qualifier is the lexicon qualifier just before it; its metric (and, for
//! metric `other`, its unit: what it counts, the code's part after a colon) the first
//! metric word after it in its sentence (before the next quantity; "26 manifestants-18 policiers
//! ... tués" shares the next one's), else the nearest one before it; its subject the group named
//! right after it; its claimant the speaker of the quote it stands in, or of the speech verb of
//! its sentence; its place the nearest place of its sentence. Numbers that are part of a name, a
//! model, a date, a time, an age or an ordinal are no figures.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::dictionary::Hit;
use super::folded::{is_word_char, last_word_start};
use super::rules::Rule;
use super::{sentences, Analysis, LexItem, LexKind, QUOTE_MIN_WORDS};
use crate::model::{
    metric_and_unit, EntityId, EntityKind, Figure, NonFigureSide, Qualifier, Span, SpeechRole,
    Vocabulary,
};

/// Digits with thousands separators (space, comma or full stop before each group of three), or
/// plain digits; then an optional decimal part.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:[.,](\d+))?").expect("valid regex")
});

/// The integer part and the decimal part of [`NUMBER`]'s match `number` at byte `start` of
/// `text`: the regex's two groups, read off the match itself when it is ASCII (captures cost a
/// second search per number).
fn number_parts<'a>(
    text: &'a str,
    start: usize,
    number: &'a str,
) -> Option<(&'a str, Option<&'a str>)> {
    if !number.is_ascii() {
        let groups = NUMBER.captures_at(text, start)?;
        return Some((groups.get(1)?.as_str(), groups.get(2).map(|g| g.as_str())));
    }
    let b = number.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    // digits with separators before each group of three, when the match starts so
    let mut end = lead;
    if lead <= 3 {
        while b.get(end).is_some_and(|c| b" ,.".contains(c))
            && b.len() >= end + 4
            && b[end + 1..end + 4].iter().all(u8::is_ascii_digit)
        {
            end += 4;
        }
    }
    let fraction = (end < b.len()).then(|| &number[end + 1..]);
    Some((&number[..end], fraction))
}

/// How far (in words) a metric word may stand from its quantity.
const METRIC_REACH: usize = 10;

/// Metrics a noun for people gives ("soldiers", "terrorists", "victims"), which yield to what
/// the clause says befell them ([`FATES`]: "three soldiers were killed": killed).
const GROUP_METRICS: [&str; 3] = ["troops", "attackers", "casualties"];

/// What may befall people named by a group noun, a few words after it ("trois soldats ont été
/// tués"); not whom they look for ("Hunderte Einsatzkräfte suchten nach Vermissten").
const FATES: [&str; 3] = ["killed", "injured", "arrested"];

/// How many words may stand between a group noun and what befell its people.
const FATE_REACH: usize = 4;

/// How many words may separate a quantity from the next one whose metric it shares.
const SHARED_REACH: usize = 6;

/// A quantity in folded coordinates.
#[derive(Clone, Debug)]
struct Quantity {
    start: usize,
    end: usize,
    value: Option<i64>,
    low: Option<i64>,
    high: Option<i64>,
    /// A qualifier the words themselves imply ("une centaine": about; "dozens").
    implied: Option<Qualifier>,
}

/// A quantity's metric, with the rule that chose it and where its metric word (or the quantity
/// it shares it with) stands.
type Chosen = Option<(String, Rule, Option<usize>)>;

/// The figures of the analysed text; `span` makes the span of a row from its code-point offsets
/// and rule.
pub(super) fn find(a: &Analysis, span: &dyn Fn((usize, usize), Rule) -> Span) -> Vec<Figure> {
    let quantities = quantities(a);
    let metrics: Vec<(Hit, &str)> = a
        .words
        .iter()
        .filter_map(|(hit, items)| {
            items
                .iter()
                .find(|i| i.kind == LexKind::Metric)
                .and_then(|i| Some((*hit, i.code.as_deref()?)))
        })
        .collect();
    let (mut found, used) = metrics_after(a, &quantities, &metrics);
    metrics_before(a, &quantities, &metrics, &used, &mut found);
    quantities
        .iter()
        .zip(found)
        .filter_map(|(q, metric)| {
            let (code, rule, metric_at) = metric?;
            let (metric, unit) = metric_and_unit(&code);
            let at = a.folded.span(q.start, q.end);
            Some(Figure {
                metric: metric.to_string(),
                unit: unit.map(str::to_string),
                value: q.value,
                low: q.low,
                high: q.high,
                qualifier: qualifier(a, q).unwrap_or(Qualifier::Exact),
                subject: subject(a, q, metric_at),
                claimed_by: claimant(a, q),
                place: place(a, q),
                evidence: a.folded.original(at.0, at.1),
                span: span(at, rule),
                // what the extractor does not read (as_of, and any column added later)
                ..Figure::default()
            })
        })
        .collect()
}

/// The metric word after each quantity in its sentence (before the next quantity), right to
/// left, so that a quantity can share the metric of the next one; and the metric words taken.
fn metrics_after(
    a: &Analysis,
    quantities: &[Quantity],
    metrics: &[(Hit, &str)],
) -> (Vec<Chosen>, HashSet<usize>) {
    let text = &a.folded.text;
    let mut found: Vec<Chosen> = vec![None; quantities.len()];
    // metric words already taken by the quantity before them
    let mut used: HashSet<usize> = HashSet::new();
    for k in (0..quantities.len()).rev() {
        let q = &quantities[k];
        let Some(sentence) = sentences::containing(&a.sentences, q.start).map(|i| a.sentences[i])
        else {
            continue;
        };
        let next = quantities.get(k + 1).filter(|n| n.start < sentence.1);
        // "killed 820 people and injured 672": the verb before it, not the one after
        if let Some((h, metric)) = metric_right_before(a, quantities, k, metrics) {
            used.insert(h.start);
            found[k] = Some((
                metric.to_string(),
                Rule::FigureMetricRightBefore,
                Some(h.start),
            ));
            continue;
        }
        let limit = next.map_or(sentence.1, |n| n.start);
        let mut reachable = metrics[metrics.partition_point(|(h, _)| h.start < q.end)..]
            .iter()
            .take_while(|(h, _)| {
                h.end <= limit
                    && within(text, q.end, h.start, METRIC_REACH)
                    && !text[q.end..h.start].contains(';')
            });
        // a group noun is the subject of what befell it: "three soldiers were killed"
        let forward = reachable.next().map(|first| {
            if !GROUP_METRICS.contains(&first.1) {
                return first;
            }
            reachable
                .clone()
                .take_while(|(h, _)| {
                    !text[first.0.end..h.start].contains([',', '.'])
                        && within(text, first.0.end, h.start, FATE_REACH)
                })
                .find(|(_, m)| FATES.contains(m))
                .unwrap_or(first)
        });
        // "the number of missing has dropped to 66, the death toll remains at 115": past a
        // comma, the metric of the quantity's own clause before it wins
        let forward = forward.filter(|(h, _)| {
            !text[q.end..h.start].contains(',') || !clause_metric_before(a, q, metrics, &used)
        });
        if let Some((h, metric)) = forward {
            used.insert(h.start);
            let near = super::folded::pieces(&text[q.end..h.start], 4) <= 3;
            let rule = if near {
                Rule::FigureMetricNext
            } else {
                Rule::FigureMetricAfter
            };
            found[k] = Some((metric.to_string(), rule, Some(h.start)));
            continue;
        }
        if let (Some(n), Some(Some((metric, _, _)))) = (next, found.get(k + 1)) {
            let gap = &text[q.end..n.start];
            // "26 manifestants-18 policiers ... tués", "164 personnes, dont trois enfants, ont été tuées"
            let shares = within(text, q.end, n.start, SHARED_REACH)
                && !gap.contains(';')
                && (!gap.contains(',') || within(text, q.end, n.start, 3));
            if shares {
                found[k] = Some((metric.clone(), Rule::FigureMetricShared, Some(n.start)));
            }
        }
    }
    (found, used)
}

/// The metric word right before quantity `k`, a qualifier at most between ("killed more than
/// 1,300 people"), unless another quantity stands just before that word, whose metric it is
/// ("200 arrested 50 ..."). Words for people do not count (they name who, not what befell them).
fn metric_right_before<'m>(
    a: &Analysis,
    quantities: &[Quantity],
    k: usize,
    metrics: &'m [(Hit, &'m str)],
) -> Option<&'m (Hit, &'m str)> {
    let text = &a.folded.text;
    let mut at = quantities[k].start;
    let word = loop {
        let (h, items) = word_right_before(a, at)?;
        if has(items, LexKind::Qualifier).is_some() {
            at = h.start;
            continue;
        }
        break h;
    };
    let found = metrics
        .get(metrics.partition_point(|(h, _)| h.start < word.start))
        .filter(|(h, m)| h.start == word.start && !GROUP_METRICS.contains(m))?;
    let taken = k
        .checked_sub(1)
        .is_some_and(|p| within(text, quantities[p].end.min(word.start), word.start, 2));
    (!taken).then_some(found)
}

/// For the quantities with no metric after them, the nearest metric word before them in their
/// sentence that no quantity took (or took as the total a part belongs to); else the metric of
/// the quantity a comma and a word or two before them, whose part they are.
fn metrics_before(
    a: &Analysis,
    quantities: &[Quantity],
    metrics: &[(Hit, &str)],
    used: &HashSet<usize>,
    found: &mut [Chosen],
) {
    let text = &a.folded.text;
    for k in 0..quantities.len() {
        let q = &quantities[k];
        if found[k].is_some() {
            continue;
        }
        let Some(sentence) = sentences::containing(&a.sentences, q.start).map(|i| a.sentences[i])
        else {
            continue;
        };
        let floor = if k > 0 {
            quantities[k - 1].end.max(sentence.0)
        } else {
            sentence.0
        };
        let backward = metrics[..metrics.partition_point(|(h, _)| h.end <= q.start)]
            .iter()
            .rev()
            .take_while(|(h, _)| {
                h.start >= floor
                    && within(text, h.end, q.start, METRIC_REACH)
                    && !text[h.end..q.start].contains(';')
            })
            // a metric word counts once, but for a part of its total: "killed, including 103"
            .find(|(h, _)| {
                !used.contains(&h.start)
                    || (text[h.end..q.start].contains(',') && within(text, h.end, q.start, 3))
            });
        if let Some((_, metric)) = backward {
            found[k] = Some((metric.to_string(), Rule::FigureMetricBefore, None));
            continue;
        }
        // a part of the total just before it: "the toll rose to 41, including 12 children"
        let total = k
            .checked_sub(1)
            .filter(|&p| quantities[p].end >= sentence.0)
            .and_then(|p| Some((&quantities[p], found[p].clone()?)));
        if let Some((t, (metric, _, _))) = total {
            if within(text, t.end, q.start, 2)
                && text[t.end..q.start].contains(',')
                && !text[t.end..q.start].contains(';')
            {
                found[k] = Some((metric, Rule::FigureMetricShared, Some(t.start)));
            }
        }
    }
}

/// Whether a metric word that no quantity took stands before quantity `q` in its clause (no
/// comma, semicolon or full stop between), within reach.
fn clause_metric_before(
    a: &Analysis,
    q: &Quantity,
    metrics: &[(Hit, &str)],
    used: &HashSet<usize>,
) -> bool {
    let text = &a.folded.text;
    metrics[..metrics.partition_point(|(h, _)| h.end <= q.start)]
        .iter()
        .rev()
        .take_while(|(h, _)| {
            within(text, h.end, q.start, METRIC_REACH)
                && !text[h.end..q.start].contains([',', ';', '.'])
        })
        .any(|(h, _)| !used.contains(&h.start))
}

/// Whether at most `reach` words stand between folded bytes `from` and `to`.
fn within(text: &str, from: usize, to: usize, reach: usize) -> bool {
    from <= to && super::folded::pieces(&text[from..to], reach + 1) <= reach
}

/// The word hit of the lexicon that follows folded byte `from` with only spaces (or a dash) between.
fn word_right_after<'a>(a: &'a Analysis, from: usize) -> Option<&'a (Hit, &'a [LexItem])> {
    let text = &a.folded.text;
    a.words
        .get(a.words.partition_point(|(h, _)| h.start < from))
        .filter(|(h, _)| text[from..h.start].trim_matches([' ', '-']).is_empty())
}

/// The word hit of the lexicon that ends before folded byte `to` with only spaces between.
fn word_right_before<'a>(a: &'a Analysis, to: usize) -> Option<&'a (Hit, &'a [LexItem])> {
    let text = &a.folded.text;
    a.words[..a.words.partition_point(|(h, _)| h.end <= to)]
        .last()
        .filter(|(h, _)| text[h.end..to].trim().is_empty())
}

fn has(items: &[LexItem], kind: LexKind) -> Option<&LexItem> {
    items.iter().find(|i| i.kind == kind)
}

/// Every quantity of the text, in order: numbers in digits, then number words and vague
/// quantities where no digits stand.
fn quantities(a: &Analysis) -> Vec<Quantity> {
    let mut out = in_digits(a);
    let digits = out.len();
    let mut consumed_until = 0;
    for (h, items) in &a.words {
        // numbers in digits are in order and do not overlap: the one before the hit's end decides
        let before = &out[..digits];
        let overlaps = before[..before.partition_point(|q| q.start < h.end)]
            .last()
            .is_some_and(|q| h.start < q.end);
        if h.start < consumed_until || overlaps {
            continue;
        }
        if let Some(number) = has(items, LexKind::Number) {
            let mut value = number.value.unwrap_or(0);
            let mut end = h.end;
            if let Some((m, more)) = word_right_after(a, h.end) {
                if let Some(multiplier) = has(more, LexKind::Multiplier) {
                    value = value.saturating_mul(multiplier.value.unwrap_or(1));
                    end = m.end;
                }
            }
            consumed_until = end;
            if followed_by_non_figure(a, end) {
                continue;
            }
            out.push(Quantity {
                start: h.start,
                end,
                value: Some(value),
                low: None,
                high: None,
                implied: number.code.as_deref().and_then(Qualifier::parse),
            });
        } else if let Some(vague) =
            has(items, LexKind::Vague).filter(|_| !followed_by_non_figure(a, h.end))
        {
            out.push(Quantity {
                start: h.start,
                end: h.end,
                value: None,
                low: vague.low,
                high: vague.high,
                implied: vague.code.as_deref().and_then(Qualifier::parse),
            });
        }
    }
    out.sort_by_key(|q| q.start);
    out
}

/// The numbers written in digits (with a multiplier word after them: "3 mille"), in order, but
/// those that are no figures or stand inside a name.
fn in_digits(a: &Analysis) -> Vec<Quantity> {
    let text = &a.folded.text;
    let in_mention = |s: usize, e: usize| {
        a.mentions[..a.mentions.partition_point(|m| m.start < e)]
            .last()
            .is_some_and(|m| s < m.end)
    };
    let mut out = Vec::new();
    for m in NUMBER.find_iter(text) {
        let (start, mut end) = (m.start(), m.end());
        let Some((digits, fraction)) = number_parts(text, start, m.as_str()) else {
            continue;
        };
        let integer: String = digits.chars().filter(char::is_ascii_digit).collect();
        if !is_figure_number(a, start, end, digits) || in_mention(start, end) {
            continue;
        }
        let mut value: f64 = format!("{integer}.{}", fraction.unwrap_or("0"))
            .parse()
            .unwrap_or(f64::NAN);
        if let Some((h, items)) = word_right_after(a, end) {
            if let Some(multiplier) = has(items, LexKind::Multiplier) {
                value *= multiplier.value.unwrap_or(1) as f64;
                end = h.end;
            }
        }
        if !value.is_finite() || value.fract() != 0.0 || value > i64::MAX as f64 {
            continue;
        }
        out.push(Quantity {
            start,
            end,
            value: Some(value as i64),
            low: None,
            high: None,
            implied: None,
        });
    }
    out
}

/// Whether the digits at folded bytes `start..end` can be a figure: not glued to letters (A41, 45e,
/// 18h20), not a model number (Il-76), not a time, a percentage, an age or a date (per the
/// lexicon's non-figure words), not a year after a non-figure word (en 2001, janvier 2022), and
/// not a day after its month ("Feb. 7").
fn is_figure_number(a: &Analysis, start: usize, end: usize, integer: &str) -> bool {
    let text = &a.folded.text;
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let (next, next2) = (after.next(), after.next());
    if before.is_some_and(is_word_char) || next.is_some_and(is_word_char) {
        return false;
    }
    if matches!(before, Some('$' | '€' | '£' | '¥' | '₽' | '₸'))
        || matches!(next, Some('%' | '$' | '€' | '£'))
        || (matches!(next, Some(':' | '-')) && next2.is_some_and(is_word_char))
    {
        return false;
    }
    if matches!(before, Some('-')) {
        // a model number: a short capitalised name, a dash, digits (Il-76, MiG-29)
        let head = &text[..start - 1];
        let name_start = last_word_start(head);
        let name = &head[name_start..];
        if !name.is_empty()
            && name.chars().count() <= 4
            && a.folded.original_char(name_start).is_uppercase()
        {
            return false;
        }
    }
    if followed_by_non_figure(a, end)
        || followed_by_non_figure(a, paired_number_end(text, end))
        || is_age_after_name(a, start, next)
    {
        return false;
    }
    let year = integer.len() == 4
        && integer.chars().all(|c| c.is_ascii_digit())
        && (integer.starts_with('1') || integer.starts_with('2'));
    let before = word_right_before(a, start).and_then(|(h, items)| {
        let side = has(items, LexKind::NonFigure)?.code.as_deref()?;
        Some((h.start, NonFigureSide::parse(side)?))
    });
    // a day after its month ("Feb. 7", "January 6"): a capitalised word that makes the number
    // before it no figure
    let day = integer.len() <= 2 && integer.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    let after_month = before.is_some_and(|(at, side)| {
        side == NonFigureSide::After && a.folded.original_char(at).is_uppercase()
    });
    !((year && before.is_some()) || (day && after_month))
}

/// Whether the number at folded byte `start`, followed by `next`, is a person's age between
/// commas after their name ("Stockton Rush, 61, who").
fn is_age_after_name(a: &Analysis, start: usize, next: Option<char>) -> bool {
    let text = &a.folded.text;
    let Some(head) = text[..start].trim_end().strip_suffix(',') else {
        return false;
    };
    let name_end = head.trim_end().len();
    matches!(next, Some(',' | ')'))
        && a.mentions[..a.mentions.partition_point(|m| m.start < name_end)]
            .last()
            .is_some_and(|m| m.end == name_end && m.kind == EntityKind::Person)
}

/// Words that pair two numbers into one ("9 et 14 ans", "between 3 and 5 years", "2 bis 3 Tage").
const PAIRING: [&str; 12] = [
    "and", "or", "to", "et", "ou", "a", "und", "oder", "bis", "y", "o", "e",
];

/// Where the second number ends when one of [`PAIRING`] and digits follow folded byte `end`
/// ("9 [et 14] ans"), else `end`: a non-figure word after the pair is the first number's too.
fn paired_number_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let after_space = rest.len() - rest.trim_start_matches(' ').len();
    let word_len = rest[after_space..]
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len() - after_space);
    let word = &rest[after_space..after_space + word_len];
    if !PAIRING.contains(&word) {
        return end;
    }
    let tail = &rest[after_space + word_len..];
    let gap = tail.len() - tail.trim_start_matches(' ').len();
    let digits = tail[gap..].bytes().take_while(u8::is_ascii_digit).count();
    if gap == 0 || digits == 0 {
        return end;
    }
    end + after_space + word_len + gap + digits
}

/// Whether a non-figure word of the lexicon ("ans", "year-old", "janvier") follows folded byte `end`.
fn followed_by_non_figure(a: &Analysis, end: usize) -> bool {
    word_right_after(a, end).is_some_and(|(_, items)| {
        items.iter().any(|i| {
            i.kind == LexKind::NonFigure
                && i.code.as_deref().and_then(NonFigureSide::parse) == Some(NonFigureSide::After)
        })
    })
}

/// The qualifier written just before the quantity, else the one its words imply.
fn qualifier(a: &Analysis, q: &Quantity) -> Option<Qualifier> {
    word_right_before(a, q.start)
        .and_then(|(_, items)| has(items, LexKind::Qualifier))
        .and_then(|i| i.code.as_deref().and_then(Qualifier::parse))
        .or(q.implied)
}

/// The group named right after the quantity (or before its metric word).
fn subject(a: &Analysis, q: &Quantity, metric_at: Option<usize>) -> Option<EntityId> {
    let text = &a.folded.text;
    a.mentions[a.mentions.partition_point(|m| m.start < q.end)..]
        .iter()
        .take_while(|m| within(text, q.end, m.start, METRIC_REACH))
        .filter(|m| m.kind == EntityKind::Group)
        .find(|m| metric_at.is_some_and(|at| m.start <= at) || within(text, q.end, m.start, 2))
        .map(|m| m.entity)
}

/// How far (in bytes) from a quantity its claimant's "according to" and its place may stand.
const CLAUSE_BYTES: usize = 400;

/// Who gives the figure: the speaker of the quote it stands in; else the source an "according to"
/// near it in its sentence names; else the speaker of the nearest speech verb before it in its
/// sentence (or after it, past a comma: ", a annoncé le ministère", ", the ministry said"),
/// carried over when that verb names none.
fn claimant(a: &Analysis, q: &Quantity) -> Option<EntityId> {
    if let Some(quote) = a
        .quote_at(q.start)
        .filter(|t| t.quote.words >= QUOTE_MIN_WORDS)
    {
        return quote.speaker;
    }
    let sentence = sentences::containing(&a.sentences, q.start).map(|i| a.sentences[i])?;
    let text = &a.folded.text;
    let (lo, hi) = (
        sentence.0.max(q.start.saturating_sub(CLAUSE_BYTES)),
        sentence.1.min(q.end + CLAUSE_BYTES),
    );
    if let Some(v) = a
        .verbs_within(lo, hi)
        .iter()
        .find(|v| v.role == SpeechRole::According)
    {
        return v.reported();
    }
    let before = a.verbs_within(sentence.0, q.start).last();
    let after = || {
        a.verbs_within(q.end, sentence.1)
            .first()
            .filter(|v| text[q.end..v.hit.start].contains(','))
    };
    let verb = before.or_else(after)?;
    verb.reported().or_else(|| a.carry(verb.hit.start))
}

/// How far (in words) after a quantity its place may be named ("103 in Almaty").
const PLACE_AFTER_REACH: usize = 4;

/// The place named nearest before the quantity in its sentence ("À Atyrau, plus de 100"), else
/// just after it ("103 in Almaty").
fn place(a: &Analysis, q: &Quantity) -> Option<EntityId> {
    let sentence = sentences::containing(&a.sentences, q.start).map(|i| a.sentences[i])?;
    let text = &a.folded.text;
    let lo = sentence.0.max(q.start.saturating_sub(CLAUSE_BYTES));
    let before = a
        .mentions_within(lo, q.start)
        .filter(|m| m.kind == EntityKind::Place && m.end <= q.start)
        .last();
    let after = || {
        a.mentions_within(q.end, sentence.1)
            .take_while(|m| within(text, q.end, m.start, PLACE_AFTER_REACH))
            .find(|m| m.kind == EntityKind::Place && m.end <= sentence.1)
    };
    before.or_else(after).map(|m| m.entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts read off a match are the regex's groups, on every mix of digits and separators
    /// of up to seven characters, and in longer texts.
    #[test]
    fn number_parts_are_the_regex_groups() {
        let alphabet = ['1', ' ', ',', '.', 'x'];
        let mut texts: Vec<String> = [
            "il y a 1 234,5 morts et 12.345.678 blessés, 3,5 %",
            "1,234.567,89 then 12345,678 and 1234.5678 or 1.2345 ٣٤٥ 1 ٣٤٥,5",
        ]
        .map(str::to_string)
        .to_vec();
        for n in 1..=7u32 {
            for code in 0..5usize.pow(n) {
                let mut c = code;
                texts.push(
                    (0..n)
                        .map(|_| {
                            let ch = alphabet[c % 5];
                            c /= 5;
                            ch
                        })
                        .collect(),
                );
            }
        }
        for text in &texts {
            for m in NUMBER.captures_iter(text) {
                let whole = m.get(0).unwrap();
                let parts = number_parts(text, whole.start(), whole.as_str());
                let groups = (&m[1], m.get(2).map(|g| g.as_str()));
                assert_eq!(parts, Some(groups), "{text:?}");
            }
        }
    }
}
