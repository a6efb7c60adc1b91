//! `factstore query`: the rows of one table, filtered, with keys and names joined in, as CSV (or
//! TSV, JSON, JSON Lines). The columns are those the loader of the same kind reads, so a query's
//! output can be edited in a spreadsheet and loaded back.
//!
//! The options are resolved once ([`Resolver`]: source keys, entities, metrics), and the table's
//! module builds its SELECT from the resolved filters. Entity filters (`--entity`, `--speaker`,
//! `--subject`, ...) take a key, a name or any alias, folded for case and accents; `--contains`
//! is folded the same way.

use clap::Subcommand;

use crate::db;
use crate::fold::fold;
use crate::model::{self, EntityKind, LexKind, Origin, Provenance, Qualifier, StatementKind};
use crate::options::{Global, Resolver, SourceArgs};
use crate::output::{write_query, OutputArgs};
use crate::store::{self, Kind, SourceFilters};

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
    #[command(
        about = Kind::Sources.query_about(),
        after_help = "Example:\n  factstore query sources --language fr --contains otsc"
    )]
    Sources {
        #[command(flatten)]
        common: Common,
        /// Only sources that mention this entity.
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
    },
    #[command(
        about = Kind::Entities.query_about(),
        after_help = "Example:\n  factstore query entities --entity Tokaïev"
    )]
    Entities {
        /// Only built-in, curated, or discovered (extracted) entities; `factstore review` lists
        /// the discovered ones with their mentions.
        #[arg(long, value_enum)]
        origin: Option<Provenance>,
        /// Only this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only entities of this kind.
        #[arg(long, value_enum)]
        kind: Option<EntityKind>,
        /// Only entities whose name contains this text (folded for case and accents).
        #[arg(long, value_name = "TEXT")]
        contains: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    #[command(
        about = Kind::Aliases.query_about(),
        after_help = "Example:\n  factstore query aliases --entity csto"
    )]
    Aliases {
        /// Only built-in or curated aliases.
        #[arg(long, value_enum)]
        origin: Option<Provenance>,
        /// Only the aliases of this entity (key, name or any alias).
        #[arg(long, value_name = "ENTITY")]
        entity: Option<String>,
        /// Only aliases in this language.
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    #[command(
        about = Kind::Lexicon.query_about(),
        after_help = "Example:\n  factstore query lexicon --kind metric --language fr"
    )]
    Lexicon {
        /// Only built-in or curated entries.
        #[arg(long, value_enum)]
        origin: Option<Provenance>,
        /// Only entries in this language.
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        /// Only entries of this kind.
        #[arg(long, value_enum)]
        kind: Option<LexKind>,
        #[command(flatten)]
        output: OutputArgs,
    },
    #[command(
        about = Kind::Mentions.query_about(),
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
    #[command(
        about = Kind::Statements.query_about(),
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
        #[arg(long, value_enum)]
        kind: Option<StatementKind>,
        #[command(flatten)]
        origin: OriginArg,
    },
    #[command(
        about = Kind::Figures.query_about(),
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
        #[arg(long, value_enum)]
        qualifier: Option<Qualifier>,
        #[command(flatten)]
        origin: OriginArg,
    },
}

/// Filters and output options of the queries over sources and what points into them.
#[derive(clap::Args, Debug)]
struct Common {
    #[command(flatten)]
    source: SourceArgs,
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
    #[arg(long, value_enum)]
    origin: Option<Origin>,
}

fn date(text: &str) -> Result<String, String> {
    model::check_date(text).map(|()| text.to_string())
}

impl Common {
    fn resolve(&self, resolve: &Resolver) -> anyhow::Result<SourceFilters> {
        Ok(SourceFilters {
            sources: resolve.sources(&self.source)?,
            language: self.language.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            contains: self.contains.as_deref().map(fold),
        })
    }
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<()> {
    let conn = db::open_read_only(&global.db)?;
    let r = Resolver::new(&conn);
    let ((sql, filter), output) = match &args.what {
        What::Sources { common, entity } => {
            let filters = store::sources::Filters {
                common: common.resolve(&r)?,
                entity: r.entity("--entity", entity.as_deref())?,
            };
            (store::sources::select(&filters, false), &common.output)
        }
        What::Entities {
            origin,
            entity,
            kind,
            contains,
            output,
        } => {
            let filters = store::entities::Filters {
                entity: r.entity("--entity", entity.as_deref())?,
                kind: *kind,
                contains: contains.as_deref().map(fold),
                origin: *origin,
                no_builtin: false,
            };
            (store::entities::select(&filters), output)
        }
        What::Aliases {
            origin,
            entity,
            language,
            output,
        } => {
            let filters = store::aliases::Filters {
                entity: r.entity("--entity", entity.as_deref())?,
                language: language.clone(),
                origin: *origin,
                no_builtin: false,
            };
            (store::aliases::select(&filters), output)
        }
        What::Lexicon {
            origin,
            language,
            kind,
            output,
        } => {
            let filters = store::lexicon::Filters {
                language: language.clone(),
                kind: *kind,
                origin: *origin,
                no_builtin: false,
            };
            (store::lexicon::select(&filters), output)
        }
        spans => spans_query(spans, &r)?,
    };
    let mut stmt = conn.prepare(&sql)?;
    write_query(&mut stmt, filter.params(), output)?;
    Ok(())
}

/// The SELECT of a query of mentions, statements or figures, with its output options.
fn spans_query<'a>(
    what: &'a What,
    r: &Resolver,
) -> anyhow::Result<((String, store::Filter), &'a OutputArgs)> {
    Ok(match what {
        What::Mentions {
            common,
            entity,
            origin,
        } => {
            let filters = store::mentions::Filters {
                common: common.resolve(r)?,
                entity: r.entity("--entity", entity.as_deref())?,
                origin: origin.origin,
            };
            let unique = origin.origin.is_none();
            (store::mentions::select(&filters, unique), &common.output)
        }
        What::Statements {
            common,
            speaker,
            entity,
            kind,
            origin,
        } => {
            let filters = store::statements::Filters {
                common: common.resolve(r)?,
                speaker: r.entity("--speaker", speaker.as_deref())?,
                entity: r.entity("--entity", entity.as_deref())?,
                kind: *kind,
                origin: origin.origin,
            };
            let unique = origin.origin.is_none();
            (store::statements::select(&filters, unique), &common.output)
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
            let filters = store::figures::Filters {
                common: common.resolve(r)?,
                metric: r.metrics(metric)?,
                entity: r.entity("--entity", entity.as_deref())?,
                subject: r.entity("--subject", subject.as_deref())?,
                claimed_by: r.entity("--claimed-by", claimed_by.as_deref())?,
                place: r.entity("--place", place.as_deref())?,
                qualifier: *qualifier,
                origin: origin.origin,
            };
            let unique = origin.origin.is_none();
            (store::figures::select(&filters, unique), &common.output)
        }
        _ => unreachable!("spans_query is called for mentions, statements and figures"),
    })
}
