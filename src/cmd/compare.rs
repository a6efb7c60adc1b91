//! `factstore compare`: every figure reported for the same quantity (metric, subject, place),
//! lined up across sources with who claimed it, disputed quantities first.
//!
//! The figures and their quantities come from the view `figure_groups` (the grouping rule lives in
//! the schema, so the shell's `figure_comparison` and this command agree); the filters select
//! figures first (an `--as-of` window keeps the figures dated within it), then the quantities are
//! summed up here: sources, lowest and highest value, spread, and each source's values. Output is
//! a table (CSV, TSV), nested JSON, or a self-contained HTML page with a dot plot per disputed
//! quantity ([`crate::report`]).

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::rc::Rc;

use anyhow::Context;
use rusqlite::types::Value;
use serde::Serialize;

use crate::cli::Global;
use crate::db;
use crate::model::{self, EntityId, SourceId};
use crate::output::{Format, OutputArgs, RowWriter};
use crate::report;
use crate::store::{self, figures::Compared, Filter};
use crate::text::SourceText;

/// Line up the figures reported for the same quantity (metric, subject, place) across sources:
/// how many sources, the lowest and highest value, the spread, and each source's value with who
/// claimed it. Quantities the sources disagree on come first.
///
/// A figure that does not say what it counts takes the subject the other figures of its metric and
/// place give, when they give only one ("3,800 people arrested" beside "3,000 protesters").
/// `--format html` writes a self-contained page with a dot plot per disputed quantity.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore compare --metric arrested\n  factstore compare --format html -o report.html"
)]
pub struct Args {
    /// Only this metric (repeatable).
    #[arg(long, value_name = "METRIC")]
    metric: Vec<String>,
    /// Only quantities counting this entity (key, name or any alias).
    #[arg(long, value_name = "ENTITY")]
    subject: Option<String>,
    /// Only quantities about this place (key, name or any alias).
    #[arg(long, value_name = "ENTITY")]
    place: Option<String>,
    /// Only figures dated within this window, FROM..TO (either side may be left open:
    /// 2022-01-06.., ..2022-01-07); a figure's date is its as_of, else its source's date.
    #[arg(long, value_name = "FROM..TO", value_parser = window)]
    as_of: Option<(Option<String>, Option<String>)>,
    /// Only figures of these sources (key; repeatable).
    #[arg(long, value_name = "KEY")]
    source: Vec<String>,
    /// Only curated or only extracted figures.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::ORIGINS))]
    origin: Option<String>,
    /// Only quantities the sources disagree on.
    #[arg(long)]
    disputed: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Parses an `--as-of` window.
fn window(text: &str) -> Result<(Option<String>, Option<String>), String> {
    let (from, to) = text
        .split_once("..")
        .ok_or("expected FROM..TO, e.g. 2022-01-05..2022-01-07")?;
    let date = |d: &str| -> Result<Option<String>, String> {
        if d.is_empty() {
            Ok(None)
        } else {
            model::check_date(d).map(|()| Some(d.to_string()))
        }
    };
    Ok((date(from)?, date(to)?))
}

/// One source's value for a quantity (figures of the same source and value count once).
#[derive(Debug, Clone, Serialize)]
pub struct SourceValue {
    pub source: Rc<str>,
    pub shown: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: &'static str,
    pub claimed_by: Vec<Rc<str>>,
    pub as_of: Option<Rc<str>>,
    pub origin: &'static str,
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
    /// "3,000 (source-a: Government) · >3,700 (source-b: state TV)".
    pub fn by_source(&self) -> String {
        self.values
            .iter()
            .map(|v| {
                let claimants = if v.claimed_by.is_empty() {
                    String::new()
                } else {
                    format!(": {}", v.claimed_by.join(", "))
                };
                format!("{} ({}{claimants})", v.shown, v.source)
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Fills in the sentence around each value's evidence, reading each source's text once (one text in
/// memory at a time).
fn sentences(conn: &rusqlite::Connection, quantities: &mut [Quantity]) -> anyhow::Result<()> {
    let mut places: Vec<(SourceId, usize, usize)> = Vec::new();
    for (q, quantity) in quantities.iter().enumerate() {
        places.extend((0..quantity.values.len()).map(|v| (quantity.values[v].source_id, q, v)));
    }
    places.sort_unstable();
    let mut text: Option<(SourceId, SourceText)> = None;
    for (source, q, v) in places {
        if text.as_ref().is_none_or(|(id, _)| *id != source) {
            text = Some((source, SourceText::new(store::sources::body(conn, source)?)));
        }
        let body = &text.as_ref().expect("read above").1;
        let value = &mut quantities[q].values[v];
        value.sentence = body.sentence_around(value.char_start as usize, value.char_end as usize);
    }
    Ok(())
}

/// Sums figures of the comparison up into quantities, one figure at a time.
///
/// The figures must come as [`store::figures::compared`] hands them: ordered by quantity, then
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

/// The entry of `known` equal to `text` (a value the schema's CHECK constraints allow).
fn known(known: &[&'static str], text: &str) -> &'static str {
    known
        .iter()
        .find(|k| **k == text)
        .copied()
        .unwrap_or_else(|| panic!("{text:?} is not among {known:?}"))
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
                && c.subject_id == f.subject_id
                && c.place_id == f.place_id
        });
        if !same_quantity {
            done.extend(current.take().map(|c| c.quantity));
            let quantity = Quantity {
                metric: f.metric.clone(),
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
                qualifier: known(model::QUALIFIERS, &f.qualifier),
                claimed_by: f.claimed_by.map(|c| intern(names, c)).into_iter().collect(),
                as_of: f.as_of.map(|d| intern(names, d)),
                origin: known(model::ORIGINS, &f.origin),
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
                &a.subject,
                &a.place,
            )
                .cmp(&(
                    !b.disputed,
                    std::cmp::Reverse(b.sources),
                    std::cmp::Reverse(b.spread),
                    &b.metric,
                    &b.subject,
                    &b.place,
                ))
        });
        out
    }
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    args.output.check()?;
    let conn = db::open_read_only(&global.db)?;
    let mut filter = Filter::default();
    let text = |s: &str| Value::Text(s.to_string());
    filter.any_of("g.metric", args.metric.iter().map(|m| text(m)));
    filter.any_of("g.source", args.source.iter().map(|s| text(s)));
    for (option, name, column) in [
        ("--subject", &args.subject, "g.subject_id"),
        ("--place", &args.place, "g.place_id"),
    ] {
        if let Some(name) = name {
            let ids = store::entities::resolve(&conn, name)?;
            if ids.is_empty() {
                anyhow::bail!("{option} {name:?}: no entity has this key, name or alias (see `factstore query entities`)");
            }
            filter.any_of(
                column,
                ids.into_iter().map(|EntityId(id)| Value::Integer(id)),
            );
        }
    }
    if let Some((from, to)) = &args.as_of {
        if let Some(from) = from {
            filter.push("g.as_of >= ?", [text(from)]);
        }
        if let Some(to) = to {
            filter.push("g.as_of <= ?", [text(to)]);
        }
    }
    if let Some(origin) = &args.origin {
        filter.push("g.origin = ?", [text(origin)]);
    }
    let mut summing = Summing::default();
    store::figures::compared(&conn, &filter, |f| summing.add(f))?;
    let mut quantities = summing.finish();
    if args.disputed {
        quantities.retain(|q| q.disputed);
    }
    if matches!(
        args.output.format,
        Format::Json | Format::Jsonl | Format::Html
    ) {
        sentences(&conn, &mut quantities)?;
    }
    match args.output.format {
        Format::Html => {
            let page = report::page(&quantities);
            match &args.output.output {
                Some(path) => fs::write(path, page)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::stdout().lock().write_all(page.as_bytes())?,
            }
        }
        Format::Json | Format::Jsonl => {
            let mut out: Box<dyn Write> = match &args.output.output {
                Some(path) => Box::new(std::io::BufWriter::new(
                    fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            if args.output.format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &quantities)?;
                out.write_all(b"\n")?;
            } else {
                for q in &quantities {
                    serde_json::to_writer(&mut out, q)?;
                    out.write_all(b"\n")?;
                }
            }
            out.flush()?;
        }
        _ => {
            let columns = [
                "metric",
                "subject",
                "place",
                "sources",
                "min",
                "max",
                "spread",
                "disputed",
                "by_source",
            ];
            let mut writer = RowWriter::new(
                &args.output,
                columns.iter().map(|c| c.to_string()).collect(),
            )?;
            let opt_text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
            let opt_int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
            for q in &quantities {
                writer.write_values(&[
                    Value::Text(q.metric.clone()),
                    opt_text(&q.subject),
                    opt_text(&q.place),
                    Value::Integer(q.sources as i64),
                    opt_int(q.min),
                    opt_int(q.max),
                    opt_int(q.spread),
                    Value::Integer(i64::from(q.disputed)),
                    Value::Text(q.by_source()),
                ])?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}
