//! The cross-source comparison of figures: every figure reported for the same quantity (metric,
//! unit, subject, place), lined up across sources with who claimed it, disputed quantities first.
//!
//! The figures and their quantities come from the view `figure_groups` (the grouping rule lives in
//! the schema, so the shell's `figure_comparison` and `compare` agree), ordered by quantity and
//! source ([`crate::store::figures::compared`]); [`Summing`] sums them up as they stream in:
//! sources, lowest and highest value, spread, and each source's values (a value a source gives
//! twice counts once). Free of SQL and I/O; `cmd::compare` writes the result, [`crate::report`]
//! draws it.

use std::collections::HashSet;
use std::rc::Rc;

use serde::Serialize;

use crate::model::{Origin, Qualifier, SourceId};
use crate::store::figures::Compared;
use crate::text::SourceText;

/// One source's value for a quantity (figures of the same source and value count once).
#[derive(Debug, Clone, Serialize)]
pub struct SourceValue {
    pub source: Rc<str>,
    pub shown: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: Qualifier,
    pub claimed_by: Vec<Rc<str>>,
    pub as_of: Option<Rc<str>>,
    /// `curated` when a person wrote any of the figures behind it, else `extracted`, with the
    /// extractor's highest confidence and its rule.
    pub origin: Origin,
    pub confidence: Option<f64>,
    pub rule: Option<String>,
    /// The number as written, where the source says it first, and the sentence around it.
    pub evidence: String,
    pub char_start: i64,
    pub char_end: i64,
    pub sentence: String,
    #[serde(skip)]
    pub source_id: SourceId,
    #[serde(skip)]
    pub least: Option<i64>,
    #[serde(skip)]
    pub most: Option<i64>,
}

/// A quantity and what the sources report for it.
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    pub metric: String,
    /// What a figure of metric `other` counts ("buildings", "missing").
    pub unit: Option<String>,
    pub subject: Option<String>,
    pub place: Option<String>,
    pub sources: usize,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub spread: Option<i64>,
    pub disputed: bool,
    pub values: Vec<SourceValue>,
}

impl Quantity {
    /// "3,000 (source-a: Government) · >3,700 (source-b: state TV; extracted)": a value that only
    /// the extractor found, which nobody checked, says so (as the view `figure_comparison`).
    pub fn by_source(&self) -> String {
        self.values
            .iter()
            .map(|v| {
                let claimants = if v.claimed_by.is_empty() {
                    String::new()
                } else {
                    format!(": {}", v.claimed_by.join(", "))
                };
                let unchecked = if v.origin == Origin::Extracted {
                    "; extracted"
                } else {
                    ""
                };
                format!("{} ({}{claimants}{unchecked})", v.shown, v.source)
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Fills in the sentence around each value's evidence, reading each source's text once (one text in
/// memory at a time) through `body`.
pub fn sentences(
    quantities: &mut [Quantity],
    mut body: impl FnMut(SourceId) -> rusqlite::Result<String>,
) -> rusqlite::Result<()> {
    let mut places: Vec<(SourceId, usize, usize)> = Vec::new();
    for (q, quantity) in quantities.iter().enumerate() {
        places.extend((0..quantity.values.len()).map(|v| (quantity.values[v].source_id, q, v)));
    }
    places.sort_unstable();
    let mut text: Option<(SourceId, SourceText)> = None;
    for (source, q, v) in places {
        if text.as_ref().is_none_or(|(id, _)| *id != source) {
            text = Some((source, SourceText::new(body(source)?)));
        }
        let body = &text.as_ref().expect("read above").1;
        let value = &mut quantities[q].values[v];
        value.sentence = body.sentence_around(value.char_start as usize, value.char_end as usize);
    }
    Ok(())
}

/// Sums figures of the comparison up into quantities, one figure at a time.
///
/// The figures must come as [`crate::store::figures::compared`] hands them: ordered by quantity, then
/// source, so that a quantity's figures, and within it a source's, come together. Only the
/// quantity being summed is searched for a value already seen.
#[derive(Default)]
pub struct Summing {
    done: Vec<Quantity>,
    current: Option<Summed>,
    /// One copy of each source key, claimant name and date, shared by every value that has it.
    names: HashSet<Rc<str>>,
}

/// The copy of `name` in `names`, made on first use.
fn intern(names: &mut HashSet<Rc<str>>, name: String) -> Rc<str> {
    if let Some(shared) = names.get(name.as_str()) {
        return Rc::clone(shared);
    }
    let shared: Rc<str> = Rc::from(name);
    names.insert(Rc::clone(&shared));
    shared
}

/// The quantity being summed.
struct Summed {
    subject_id: Option<i64>,
    place_id: Option<i64>,
    quantity: Quantity,
    /// Where the values of its latest source begin in `quantity.values`.
    source_start: usize,
}

impl Summing {
    /// Counts one figure in.
    pub fn add(&mut self, f: Compared) {
        let Summing {
            done,
            current,
            names,
        } = self;
        let same_quantity = current.as_ref().is_some_and(|c| {
            c.quantity.metric == f.metric
                && c.quantity.unit == f.unit
                && c.subject_id == f.subject_id
                && c.place_id == f.place_id
        });
        if !same_quantity {
            done.extend(current.take().map(|c| c.quantity));
            let quantity = Quantity {
                metric: f.metric.clone(),
                unit: f.unit.clone(),
                subject: f.subject.clone(),
                place: f.place.clone(),
                sources: 0,
                min: None,
                max: None,
                spread: None,
                disputed: false,
                values: Vec::new(),
            };
            *current = Some(Summed {
                subject_id: f.subject_id,
                place_id: f.place_id,
                quantity,
                source_start: 0,
            });
        }
        let Summed {
            quantity: group,
            source_start,
            ..
        } = current.as_mut().expect("set above");
        if group
            .values
            .get(*source_start)
            .is_some_and(|v| *v.source != *f.source)
        {
            *source_start = group.values.len();
        }
        match group.values[*source_start..]
            .iter_mut()
            .find(|v| v.shown == f.shown)
        {
            Some(v) => {
                if f.origin == Origin::Curated {
                    v.origin = Origin::Curated;
                    v.confidence = None;
                    v.rule = None;
                } else if v.origin == Origin::Extracted && f.confidence > v.confidence {
                    v.confidence = f.confidence;
                    v.rule = f.rule;
                }
                if let Some(claimant) = f.claimed_by {
                    if !v.claimed_by.iter().any(|c| **c == *claimant) {
                        v.claimed_by.push(intern(names, claimant));
                    }
                }
            }
            None => group.values.push(SourceValue {
                least: f.value.or(f.low),
                most: f.value.or(f.high),
                source: intern(names, f.source),
                shown: f.shown,
                value: f.value,
                low: f.low,
                high: f.high,
                qualifier: f.qualifier,
                claimed_by: f.claimed_by.map(|c| intern(names, c)).into_iter().collect(),
                as_of: f.as_of.map(|d| intern(names, d)),
                origin: f.origin,
                confidence: f.confidence,
                rule: f.rule,
                sentence: String::new(),
                source_id: f.source_id,
                evidence: f.evidence,
                char_start: f.char_start,
                char_end: f.char_end,
            }),
        }
    }

    /// The quantities, disputed first.
    pub fn finish(self) -> Vec<Quantity> {
        let mut out: Vec<Quantity> = self
            .done
            .into_iter()
            .chain(self.current.map(|c| c.quantity))
            .map(|mut q| {
                q.values.sort_by(|a, b| {
                    (a.least.or(a.most), &a.source).cmp(&(b.least.or(b.most), &b.source))
                });
                let mut sources: Vec<&str> = q.values.iter().map(|v| &*v.source).collect();
                sources.sort_unstable();
                sources.dedup();
                q.sources = sources.len();
                q.min = q.values.iter().filter_map(|v| v.least).min();
                q.max = q.values.iter().filter_map(|v| v.most).max();
                q.spread = q.min.zip(q.max).map(|(lo, hi)| hi - lo);
                q.disputed = q.sources > 1 && q.spread.is_some_and(|s| s > 0);
                q
            })
            .collect();
        out.sort_by(|a, b| {
            (
                !a.disputed,
                std::cmp::Reverse(a.sources),
                std::cmp::Reverse(a.spread),
                &a.metric,
                &a.unit,
                &a.subject,
                &a.place,
            )
                .cmp(&(
                    !b.disputed,
                    std::cmp::Reverse(b.sources),
                    std::cmp::Reverse(b.spread),
                    &b.metric,
                    &b.unit,
                    &b.subject,
                    &b.place,
                ))
        });
        out
    }
}
