//! The values factstore stores, as Rust types: row ids that cannot be mixed up, the rows the
//! loaders write, and the vocabularies (kinds, qualifiers, origins) with their checks.
//!
//! The vocabularies here mirror the CHECK constraints of the schema; loaders check values against
//! them first so that a bad value is reported with its file, line and field rather than as a
//! constraint failure.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    };
}

id_type!(
    /// `sources.id`
    SourceId
);
id_type!(
    /// `entities.id`
    EntityId
);
id_type!(
    /// `loads.id`
    LoadId
);

pub const ENTITY_KINDS: &[&str] = &["person", "organization", "place", "group", "event", "other"];
pub const STATEMENT_KINDS: &[&str] = &["quote", "indirect", "term"];
pub const ORIGINS: &[&str] = &["curated", "extracted"];
pub const QUALIFIERS: &[&str] = &[
    "exact",
    "about",
    "at_least",
    "more_than",
    "less_than",
    "at_most",
    "up_to",
    "nearly",
    "several",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
];
pub const LEXICON_KINDS: &[&str] = &[
    "metric",
    "qualifier",
    "speech_verb",
    "number",
    "multiplier",
    "vague",
    "non_figure",
    "abbreviation",
    "title",
];

/// A source (article) as loaded: metadata and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub key: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub published: Option<String>,
    pub body: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub key: String,
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub entity: EntityId,
    pub alias: String,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LexiconEntry {
    pub language: String,
    pub kind: String,
    pub term: String,
    pub code: Option<String>,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
}

/// Where a row points into its source's text, and whether a person or the extractor wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub source: SourceId,
    pub char_start: i64,
    pub char_end: i64,
    pub origin: String,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub entity: EntityId,
    pub surface: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub span: Span,
    pub speaker: Option<EntityId>,
    pub kind: String,
    pub text: String,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub span: Span,
    pub metric: String,
    pub value: Option<i64>,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub qualifier: String,
    pub unit: Option<String>,
    pub subject: Option<EntityId>,
    pub claimed_by: Option<EntityId>,
    pub place: Option<EntityId>,
    pub as_of: Option<String>,
    pub evidence: String,
}

/// Checks a date written YYYY-MM-DD; the error says what is wrong.
pub fn check_date(text: &str) -> Result<(), String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map(|_| ())
        .map_err(|_| format!("{text:?} is not a date written YYYY-MM-DD"))
}

/// Checks a key (of a source or an entity): letters, digits, `.`, `_` and `-`, starting with a
/// letter or digit.
pub fn check_key(text: &str) -> Result<(), String> {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        Ok(())
    } else {
        Err(format!("{text:?} is not a valid key (letters, digits, '.', '_' and '-', starting with a letter or digit)"))
    }
}

/// Checks a BCP 47 language tag in its simple form (`fr`, `en`, `pt-BR`).
pub fn check_language(text: &str) -> Result<(), String> {
    let ok = text.split('-').enumerate().all(|(i, part)| {
        let len_ok = if i == 0 {
            (2..=3).contains(&part.len())
        } else {
            (1..=8).contains(&part.len())
        };
        len_ok
            && part.chars().all(|c| c.is_ascii_alphanumeric())
            && (i > 0 || part.chars().all(|c| c.is_ascii_alphabetic()))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{text:?} is not a language tag such as fr, en or pt-BR"
        ))
    }
}

/// Checks a Wikidata item id (`Q` and digits).
pub fn check_wikidata(text: &str) -> Result<(), String> {
    let digits = text.strip_prefix('Q').unwrap_or("");
    if !digits.is_empty() && !digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(format!("{text:?} is not a Wikidata item id such as Q42"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_accept_and_refuse() {
        assert!(check_date("2022-01-07").is_ok());
        assert_eq!(
            check_date("2022-02-30").unwrap_err(),
            "\"2022-02-30\" is not a date written YYYY-MM-DD"
        );
        assert!(check_date("7 janvier 2022").is_err());
        assert!(
            check_key("tokayev").is_ok()
                && check_key("ru-defence-ministry").is_ok()
                && check_key("a.b_c").is_ok()
        );
        assert!(
            check_key("").is_err()
                && check_key("-x").is_err()
                && check_key("..").is_err()
                && check_key("a b").is_err()
        );
        assert!(check_language("fr").is_ok() && check_language("pt-BR").is_ok());
        assert!(
            check_language("french").is_err()
                && check_language("").is_err()
                && check_language("f1").is_err()
        );
        assert!(check_wikidata("Q42").is_ok());
        assert!(
            check_wikidata("Q").is_err()
                && check_wikidata("Q042").is_err()
                && check_wikidata("42").is_err()
        );
    }
}
