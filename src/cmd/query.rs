//! `factstore query`: the rows of one table, filtered, with keys and names joined in, as CSV (or
//! TSV, JSON, JSON Lines). The columns are those the loader of the same kind reads, so a query's
//! output can be edited in a spreadsheet and loaded back.
//!
//! Entity filters (`--entity`, `--speaker`, `--subject`, ...) take a key, a name or any alias,
//! folded for case and accents; `--contains` is folded the same way.

use clap::Subcommand;
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::cli::Global;
use crate::db;
use crate::fold::fold;
use crate::model::{self, EntityId};
use crate::output::{write_query, OutputArgs};
use crate::store::{self, Filter};

/// Query the store; writes CSV to standard output (or --output) unless --format says otherwise.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  factstore query figures --metric arrested --excel -o arrests.csv"
)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Sources (articles): key, title, publisher, url, language, published, sha256.
    #[command(after_help = "Example:\n  factstore query sources --language fr --contains otsc")]
    Sources {
        #[command(flatten)]
        common: Common,
        /// Only sources that mention this entity.
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
    },
    /// Entities: key, kind, name, description, wikidata.
    #[command(after_help = "Example:\n  factstore query entities --entity Tokaïev")]
    Entities {
        /// Only this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only entities of this kind (person, organization, place, group, event, other).
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::ENTITY_KINDS))]
        kind: Option<String>,
        /// Only entities whose name contains this text (folded for case and accents).
        #[arg(long, value_name = "TEXT")]
        contains: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Aliases: entity, alias, language.
    #[command(after_help = "Example:\n  factstore query aliases --entity csto")]
    Aliases {
        /// Only the aliases of this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only aliases in this language.
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Lexicon entries: language, kind, term, code, value, low, high.
    #[command(after_help = "Example:\n  factstore query lexicon --kind metric --language fr")]
    Lexicon {
        /// Only entries in this language.
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        /// Only entries of this kind.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::LEXICON_KINDS))]
        kind: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Mentions: source, entity, surface, char_start, char_end, origin, confidence.
    #[command(
        after_help = "Example:\n  factstore query mentions --entity almaty --source appel-russie-bielorussie"
    )]
    Mentions {
        #[command(flatten)]
        common: Common,
        /// Only mentions of this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        #[command(flatten)]
        origin: OriginArg,
    },
    /// Statements: source, speaker, kind, text, char_start, char_end, origin, language, confidence.
    #[command(
        after_help = "Example:\n  factstore query statements --speaker Tokaïev --contains terroristes"
    )]
    Statements {
        #[command(flatten)]
        common: Common,
        /// Only statements by this speaker (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        speaker: Option<String>,
        /// Only statements by this entity or naming it (a mention inside the statement's span).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only statements of this kind.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::STATEMENT_KINDS))]
        kind: Option<String>,
        #[command(flatten)]
        origin: OriginArg,
    },
    /// Figures: source, metric, value, low, high, qualifier, unit, subject, claimed_by, place,
    /// as_of, evidence, char_start, char_end, origin, confidence.
    #[command(
        after_help = "Example:\n  factstore query figures --metric arrested --place almaty --excel -o arrests.csv"
    )]
    Figures {
        #[command(flatten)]
        common: Common,
        /// Only figures of this metric (repeatable).
        #[arg(long, value_name = "METRIC")]
        metric: Vec<String>,
        /// Only figures where this entity is the subject, the claimant or the place.
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only figures counting this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        subject: Option<String>,
        /// Only figures claimed by this entity.
        #[arg(long, value_name = "ENTITY")]
        claimed_by: Option<String>,
        /// Only figures about this place.
        #[arg(long, value_name = "ENTITY")]
        place: Option<String>,
        /// Only figures with this qualifier.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::QUALIFIERS))]
        qualifier: Option<String>,
        #[command(flatten)]
        origin: OriginArg,
    },
}

/// Filters and output options of the queries over sources and what points into them.
#[derive(clap::Args, Debug)]
struct Common {
    /// Only rows of this source (key; repeatable).
    #[arg(long, value_name = "KEY")]
    source: Vec<String>,
    /// Only sources in this language (BCP 47 tag, e.g. fr).
    #[arg(long, value_name = "TAG")]
    language: Option<String>,
    /// Only rows dated on or after this day (figures: as_of, else the source's date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date)]
    since: Option<String>,
    /// Only rows dated on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date)]
    until: Option<String>,
    /// Only rows whose text contains this (folded for case and accents): the body of sources,
    /// the text of statements, the surface of mentions, the evidence of figures.
    #[arg(long, value_name = "TEXT")]
    contains: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(clap::Args, Debug)]
struct OriginArg {
    /// Only curated or only extracted rows. Without it, an extracted row that a curated row
    /// already states (same source and overlapping span; for mentions also the same entity, for
    /// figures the same metric and value) is shown once, as the curated row.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(model::ORIGINS))]
    origin: Option<String>,
}

fn date(text: &str) -> Result<String, String> {
    model::check_date(text).map(|()| text.to_string())
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

/// The ids of the entities `name` names; an error when there are none, since an empty result
/// would hide a typo.
fn entity_ids(conn: &Connection, option: &str, name: &str) -> anyhow::Result<Vec<Value>> {
    let ids = store::entities::resolve(conn, name)?;
    if ids.is_empty() {
        anyhow::bail!("{option} {name:?}: no entity has this key, name or alias (see `factstore query entities`)");
    }
    Ok(ids
        .into_iter()
        .map(|EntityId(id)| Value::Integer(id))
        .collect())
}

impl Common {
    /// Adds the common filters; `date` is the SQL expression of a row's date, `body` that of the
    /// text `--contains` searches.
    fn apply(&self, filter: &mut Filter, date: &str, body: &str) {
        filter.any_of("s.key", self.source.iter().map(|k| text(k)));
        if let Some(language) = &self.language {
            filter.push("s.language = ?", [text(language)]);
        }
        if let Some(since) = &self.since {
            filter.push(format!("{date} >= ?"), [text(since)]);
        }
        if let Some(until) = &self.until {
            filter.push(format!("{date} <= ?"), [text(until)]);
        }
        if let Some(needle) = &self.contains {
            filter.push(format!("instr(fold({body}), ?) > 0"), [text(&fold(needle))]);
        }
    }
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let mut filter = Filter::default();
    let entity_in = |filter: &mut Filter,
                     option: &str,
                     name: &Option<String>,
                     clause: &str|
     -> anyhow::Result<()> {
        if let Some(name) = name {
            let ids = entity_ids(&conn, option, name)?;
            let marks = vec!["?"; ids.len()].join(", ");
            let repeats = clause.matches("{ids}").count();
            let values: Vec<Value> = (0..repeats).flat_map(|_| ids.iter().cloned()).collect();
            filter.push(clause.replace("{ids}", &marks), values);
        }
        Ok(())
    };
    let (sql, output) = match &args.what {
        What::Sources { common, entity } => {
            common.apply(&mut filter, "s.published", "s.body");
            entity_in(&mut filter, "--entity", entity, "EXISTS (SELECT 1 FROM mentions AS m WHERE m.source_id = s.id AND m.entity_id IN ({ids}))")?;
            (store::sources::select(&filter, false), &common.output)
        }
        What::Entities {
            entity,
            kind,
            contains,
            output,
        } => {
            entity_in(&mut filter, "--entity", entity, "e.id IN ({ids})")?;
            if let Some(kind) = kind {
                filter.push("e.kind = ?", [text(kind)]);
            }
            if let Some(needle) = contains {
                filter.push("instr(e.match_key, ?) > 0", [text(&fold(needle))]);
            }
            (store::entities::select(&filter), output)
        }
        What::Aliases {
            entity,
            language,
            output,
        } => {
            entity_in(&mut filter, "--entity", entity, "a.entity_id IN ({ids})")?;
            if let Some(language) = language {
                filter.push("a.language = ?", [text(language)]);
            }
            (store::aliases::select(&filter), output)
        }
        What::Lexicon {
            language,
            kind,
            output,
        } => {
            if let Some(language) = language {
                filter.push("l.language = ?", [text(language)]);
            }
            if let Some(kind) = kind {
                filter.push("l.kind = ?", [text(kind)]);
            }
            (store::lexicon::select(&filter), output)
        }
        What::Mentions {
            common,
            entity,
            origin,
        } => {
            common.apply(&mut filter, "s.published", "m.surface");
            entity_in(&mut filter, "--entity", entity, "m.entity_id IN ({ids})")?;
            origin.apply(&mut filter, "m.origin");
            (
                store::mentions::select(&filter, origin.origin.is_none()),
                &common.output,
            )
        }
        What::Statements {
            common,
            speaker,
            entity,
            kind,
            origin,
        } => {
            common.apply(&mut filter, "s.published", "st.text");
            entity_in(
                &mut filter,
                "--speaker",
                speaker,
                "st.speaker_id IN ({ids})",
            )?;
            entity_in(
                &mut filter,
                "--entity",
                entity,
                "(st.speaker_id IN ({ids}) OR EXISTS (SELECT 1 FROM mentions AS m WHERE m.source_id = st.source_id
                  AND m.entity_id IN ({ids}) AND m.char_start >= st.char_start AND m.char_end <= st.char_end))",
            )?;
            if let Some(kind) = kind {
                filter.push("st.kind = ?", [text(kind)]);
            }
            origin.apply(&mut filter, "st.origin");
            (
                store::statements::select(&filter, origin.origin.is_none()),
                &common.output,
            )
        }
        What::Figures {
            common,
            metric,
            entity,
            subject,
            claimed_by,
            place,
            qualifier,
            origin,
        } => {
            common.apply(&mut filter, "coalesce(f.as_of, s.published)", "f.evidence");
            filter.any_of("f.metric", metric.iter().map(|m| text(m)));
            entity_in(
                &mut filter,
                "--entity",
                entity,
                "(f.subject_id IN ({ids}) OR f.claimed_by_id IN ({ids}) OR f.place_id IN ({ids}))",
            )?;
            entity_in(&mut filter, "--subject", subject, "f.subject_id IN ({ids})")?;
            entity_in(
                &mut filter,
                "--claimed-by",
                claimed_by,
                "f.claimed_by_id IN ({ids})",
            )?;
            entity_in(&mut filter, "--place", place, "f.place_id IN ({ids})")?;
            if let Some(qualifier) = qualifier {
                filter.push("f.qualifier = ?", [text(qualifier)]);
            }
            origin.apply(&mut filter, "f.origin");
            (
                store::figures::select(&filter, origin.origin.is_none()),
                &common.output,
            )
        }
    };
    let mut stmt = conn.prepare(&sql)?;
    write_query(&mut stmt, filter.params(), output)?;
    Ok(())
}

impl OriginArg {
    fn apply(&self, filter: &mut Filter, column: &str) {
        if let Some(origin) = &self.origin {
            filter.push(format!("{column} = ?"), [text(origin)]);
        }
    }
}
