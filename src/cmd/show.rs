//! `factstore show SOURCE`: one article with its mentions, quotes and figures marked, as text
//! or as a self-contained HTML page ([`crate::show`]), for a reviewer to check extraction.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::db;
use crate::model::{EntityId, Origin, SourceId, Span};
use crate::options::{Global, Resolver};
use crate::show::{self, Article, Kind, Mark};
use crate::store::figures::Figures;
use crate::store::mentions::Mentions;
use crate::store::statements::Statements;
use crate::store::{self, entities, spans};

/// Print one article with what the store knows of it: each mention, statement and figure
/// marked in its text (`[..]` a mention, `<<..>>` a statement, `{..}` a figure, each followed by
/// its label), then a legend giving each one's entity, speaker, metric, value, claimant, origin,
/// confidence and rule.
///
/// `--format html` writes one self-contained page instead: every span highlighted by kind,
/// curated solid and extracted dashed; a click on a passage shows what was recorded there.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore show hallbridge-dock-strike\n  factstore show hallbridge-dock-strike --format html -o strike.html"
)]
pub struct Args {
    /// The source's key.
    #[arg(value_name = "SOURCE")]
    source: String,

    /// `text`, or `html` for one self-contained page.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ShowFormat {
    Text,
    Html,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let id = Resolver::new(&conn).source("<SOURCE>", &args.source)?;
    let article = read(&conn, id)?;
    let shown = match args.format {
        ShowFormat::Text => show::text(&article),
        ShowFormat::Html => show::page(&article),
    };
    match &args.output {
        Some(path) => {
            fs::write(path, shown).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(shown.as_bytes())?,
    }
    Ok(())
}

/// Source `id` with its rows as marks.
fn read(conn: &rusqlite::Connection, id: SourceId) -> anyhow::Result<Article> {
    let source = store::sources::shown(conn, id)?;
    let keys = entities::keys_by_id(conn)?;
    let key = |e: Option<EntityId>| e.and_then(|e| keys.get(&e).cloned());
    let mut marks = Vec::new();
    for origin in [Origin::Curated, Origin::Extracted] {
        for (_, m) in spans::of_origin::<Mentions>(conn, origin, &[id])? {
            let attributes = vec![
                ("entity", key(Some(m.entity))),
                ("surface", Some(m.surface)),
            ];
            marks.push(mark(Kind::Mention, &m.span, attributes));
        }
        for (_, s) in spans::of_origin::<Statements>(conn, origin, &[id])? {
            let attributes = vec![
                ("kind", Some(s.kind.to_string())),
                ("speaker", key(s.speaker)),
                ("language", s.language),
            ];
            marks.push(mark(Kind::Statement, &s.span, attributes));
        }
        for (_, f) in spans::of_origin::<Figures>(conn, origin, &[id])? {
            let attributes = vec![
                ("metric", Some(f.metric)),
                ("value", f.value.map(|v| v.to_string())),
                ("low", f.low.map(|v| v.to_string())),
                ("high", f.high.map(|v| v.to_string())),
                ("qualifier", Some(f.qualifier.to_string())),
                ("unit", f.unit),
                ("subject", key(f.subject)),
                ("claimed by", key(f.claimed_by)),
                ("place", key(f.place)),
                ("as of", f.as_of),
                ("evidence", Some(f.evidence)),
            ];
            marks.push(mark(Kind::Figure, &f.span, attributes));
        }
    }
    let about: Vec<String> = [
        source.publisher,
        source.published,
        Some(source.language),
        source.url,
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Article::new(Article {
        key: source.key,
        title: source.title,
        about,
        original: source.original,
        body: source.body,
        marks,
    }))
}

/// A mark of `kind` over `span`, with the attributes that have a value, then the span's
/// confidence and rule.
fn mark(kind: Kind, span: &Span, attributes: Vec<(&str, Option<String>)>) -> Mark {
    let mut attributes: Vec<(String, String)> = attributes
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_string(), v)))
        .collect();
    if let Some(confidence) = span.confidence {
        attributes.push(("confidence".into(), confidence.to_string()));
    }
    if let Some(rule) = span.rule {
        attributes.push(("rule".into(), rule.to_string()));
    }
    Mark {
        kind,
        start: span.char_start as usize,
        end: span.char_end as usize,
        curated: span.origin == Origin::Curated,
        attributes,
        label: String::new(),
    }
}
