//! Options more than one command takes, declared once: the global options, the source filter,
//! and the resolution of what users name (source keys, entities, metrics) into what the store
//! holds.
//!
//! Every command resolves its options through a [`Resolver`] before it does any work, so that an
//! unknown source key, entity or metric is the same error everywhere: a usage error (exit 2) in
//! clap's own form, naming the option and the value, with the closest known values suggested
//! (`tip: a similar value exists: 'shoot-to-kill'`), as clap says it of a mistyped qualifier.

use std::path::PathBuf;

use clap::Args;
use rusqlite::Connection;

use crate::fold::fold;
use crate::model::{EntityId, SourceId};
use crate::store;
use crate::UsageError;

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The database file.
    #[arg(
        long,
        global = true,
        env = "FACTSTORE_DB",
        default_value = "data/factstore.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `--source KEY`, repeatable: the sources a command works on (none: every source).
#[derive(Args, Debug, Clone, Default)]
pub struct SourceArgs {
    /// Only this source (key; repeatable).
    #[arg(long = "source", value_name = "KEY")]
    pub keys: Vec<String>,
}

/// `--jobs N`: how many threads extract.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct JobsArgs {
    /// How many threads extract (default: every core). The result is the same whatever the
    /// number: one writer stores what they find, in source order.
    #[arg(long, short = 'j', global = true, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

impl JobsArgs {
    /// The number given, else every core.
    pub fn get(self) -> usize {
        self.jobs
            .map_or_else(crate::parallel::available_jobs, usize::from)
    }
}

/// How many similar values an error suggests at most.
const SUGGESTIONS: usize = 3;

/// How alike (Jaro-Winkler, on folded text) a known value must be to be suggested.
const SIMILAR: f64 = 0.8;

/// Resolves what users name into the store's ids, with the same error for every command.
pub struct Resolver<'c> {
    conn: &'c Connection,
}

impl<'c> Resolver<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Resolver { conn }
    }

    /// The ids of the sources `args` names (none: an empty list, meaning every source).
    ///
    /// Fails with a [`UsageError`] on the first key no source has.
    pub fn sources(&self, args: &SourceArgs) -> anyhow::Result<Vec<SourceId>> {
        if args.keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids = Vec::new();
        for key in &args.keys {
            ids.push(self.source("--source", key)?);
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The id of the source with key `key`, named by `option` (`--source`, `<SOURCE>`).
    ///
    /// Fails with a [`UsageError`] when no source has this key, the closest keys suggested.
    pub fn source(&self, option: &str, key: &str) -> anyhow::Result<SourceId> {
        if let Some(id) = store::sources::id(self.conn, key)? {
            return Ok(id);
        }
        // Every key is read only to suggest the closest ones.
        let keys = store::sources::keys(self.conn)?;
        let known: Vec<&str> = keys.keys().map(String::as_str).collect();
        Err(unknown(
            option,
            "KEY",
            key,
            "no source has this key",
            &known,
            "factstore query sources",
        )
        .into())
    }

    /// The ids of the entities `name` names (key, name or any alias, folded), for `option`;
    /// `None` when no name is given.
    ///
    /// Fails with a [`UsageError`] when no entity has this key, name or alias.
    pub fn entity(
        &self,
        option: &str,
        name: Option<&str>,
    ) -> anyhow::Result<Option<Vec<EntityId>>> {
        let Some(name) = name else {
            return Ok(None);
        };
        let ids = store::entities::resolve(self.conn, name)?;
        if ids.is_empty() {
            let names = store::entities::names(self.conn)?;
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            return Err(unknown(
                option,
                "ENTITY",
                name,
                "no entity has this key, name or alias",
                &known,
                "factstore query entities",
            )
            .into());
        }
        Ok(Some(ids))
    }

    /// `metrics`, each checked against the metrics the lexicon names.
    ///
    /// Fails with a [`UsageError`] on the first metric the lexicon does not name.
    pub fn metrics(&self, metrics: &[String]) -> anyhow::Result<Vec<String>> {
        if metrics.is_empty() {
            return Ok(Vec::new());
        }
        for metric in metrics {
            if store::lexicon::is_metric(self.conn, metric)? {
                continue;
            }
            let known = store::lexicon::metrics(self.conn)?;
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            return Err(unknown(
                "--metric",
                "METRIC",
                metric,
                "no metric of the lexicon has this name",
                &known,
                "factstore query lexicon --kind metric",
            )
            .into());
        }
        Ok(metrics.to_vec())
    }
}

/// The error for `value` of `option` that names nothing the store holds: what it is not, and
/// the closest `known` values (else where to find them).
fn unknown(
    option: &str,
    placeholder: &str,
    value: &str,
    what: &str,
    known: &[&str],
    listing: &str,
) -> UsageError {
    let similar = similar(value, known);
    let tip = match similar.as_slice() {
        [] => format!("`{listing}` lists them"),
        [one] => format!("a similar value exists: '{one}'"),
        many => format!(
            "similar values exist: {}",
            many.iter()
                .map(|v| format!("'{v}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // A positional argument (`<SOURCE>`) is named alone, as clap names it.
    let named = if option.starts_with('<') {
        option.to_string()
    } else {
        format!("{option} <{placeholder}>")
    };
    UsageError(format!(
        "invalid value '{value}' for '{named}': {what}\n\n  tip: {tip}"
    ))
}

/// The known values most like `value` (folded for case and accents), best first.
pub(crate) fn similar<'a>(value: &str, known: &[&'a str]) -> Vec<&'a str> {
    let wanted = fold(value);
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &fold(k)), *k))
        .filter(|(score, _)| *score >= SIMILAR)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, k) in scored {
        if !out.iter().any(|o| fold(o) == fold(k)) {
            out.push(k);
        }
        if out.len() == SUGGESTIONS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_values_are_suggested() {
        let known = [
            "shoot-to-kill",
            "ordre-de-tirer",
            "tirer-sans-avertissement",
        ];
        assert_eq!(similar("shoot-to-kil", &known), ["shoot-to-kill"]);
        assert!(similar("zzz", &known).is_empty());
        assert_eq!(
            unknown("--source", "KEY", "shoot-to-kil", "no source has this key", &known, "factstore query sources").0,
            "invalid value 'shoot-to-kil' for '--source <KEY>': no source has this key\n\n  tip: a similar value exists: 'shoot-to-kill'"
        );
        assert_eq!(
            unknown("--source", "KEY", "zzz", "no source has this key", &known, "factstore query sources").0,
            "invalid value 'zzz' for '--source <KEY>': no source has this key\n\n  tip: `factstore query sources` lists them"
        );
    }
}
