//! `factstore compare`: the cross-source comparison of figures ([`crate::compare`]) as a table
//! (CSV, TSV), nested JSON, or a self-contained HTML page ([`crate::report`]).
//!
//! The filters select figures first (an `--as-of` window keeps the figures dated within it), then
//! the quantities are summed up.

use std::fs;
use std::io::Write;

use anyhow::Context;
use rusqlite::types::Value;

use crate::compare::{self, Quantity, Summing};
use crate::db;
use crate::model::{self, Origin};
use crate::options::{Global, Resolver, SourceArgs};
use crate::output::{Format, OutputArgs, RowWriter};
use crate::report;
use crate::store::{self, figures::CompareFilters};

/// Line up the figures reported for the same quantity (metric, unit, subject, place) across sources:
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
    #[command(flatten)]
    source: SourceArgs,
    /// Only curated or only extracted figures.
    #[arg(long, value_enum)]
    origin: Option<Origin>,
    /// Only quantities the sources disagree on.
    #[arg(long)]
    disputed: bool,
    /// Show each syndicated copy of an article as a source of its own. By default a copy's
    /// figures count as its original's: a figure ten sites republish is one report.
    #[arg(long)]
    copies: bool,
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

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    args.output.check()?;
    let conn = db::open_read_only(&global.db)?;
    let resolve = Resolver::new(&conn);
    let (from, to) = args.as_of.clone().unwrap_or_default();
    let filters = CompareFilters {
        metric: resolve.metrics(&args.metric)?,
        sources: resolve.sources(&args.source)?,
        subject: resolve.entity("--subject", args.subject.as_deref())?,
        place: resolve.entity("--place", args.place.as_deref())?,
        from,
        to,
        origin: args.origin,
        copies: args.copies,
    };
    let mut summing = Summing::default();
    store::figures::compared(&conn, &filters, |f| summing.add(f))?;
    let mut quantities = summing.finish();
    if args.disputed {
        quantities.retain(|q| q.disputed);
    }
    match args.output.format {
        Format::Html | Format::Json | Format::Jsonl => {
            compare::sentences(&mut quantities, |id| store::sources::body(&conn, id))?;
            if args.output.format == Format::Html {
                write_page(&args.output, &quantities)
            } else {
                write_json(&args.output, &quantities)
            }
        }
        _ => write_table(&args.output, &quantities),
    }
}

/// The HTML report.
fn write_page(output: &OutputArgs, quantities: &[Quantity]) -> anyhow::Result<()> {
    let page = report::page(quantities);
    match &output.output {
        Some(path) => {
            fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(page.as_bytes())?,
    }
    Ok(())
}

/// The quantities as one JSON array, or one object per line.
fn write_json(output: &OutputArgs, quantities: &[Quantity]) -> anyhow::Result<()> {
    let mut out: Box<dyn Write> = match &output.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if output.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, quantities)?;
        out.write_all(b"\n")?;
    } else {
        for q in quantities {
            serde_json::to_writer(&mut out, q)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One row per quantity, each source's values in `by_source`.
fn write_table(output: &OutputArgs, quantities: &[Quantity]) -> anyhow::Result<()> {
    let columns = [
        "metric",
        "unit",
        "subject",
        "place",
        "sources",
        "min",
        "max",
        "spread",
        "disputed",
        "by_source",
    ];
    let mut writer = RowWriter::new(output, columns.iter().map(|c| c.to_string()).collect())?;
    let opt_text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
    let opt_int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    for q in quantities {
        writer.write_values(&[
            Value::Text(q.metric.clone()),
            opt_text(&q.unit),
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
    writer.finish()
}
