//! The values factstore stores, as Rust types: row ids that cannot be mixed up, the rows the
//! loaders write, and the vocabularies (kinds, qualifiers, origins) with their checks.
//!
//! The vocabularies here mirror the CHECK constraints of the schema; loaders check values against
//! them first so that a bad value is reported with its file, line and field rather than as a
//! constraint failure.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::csvin::quoted;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// A closed list of words the schema allows in a column (its CHECK constraint says the same):
/// parsed from files and options, bound to SQL and written back as the same word.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value, in the order help texts list them.
    const ALL: &'static [Self];
    /// The word stored and written.
    fn as_str(self) -> &'static str;
    /// The value written `text`, if any.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }
    /// Every word, comma-separated, for messages.
    fn names() -> String {
        Self::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
    /// The message for a `text` that is no word of the list: every word, or for a long list (the
    /// extractor's rules) the words most like it.
    fn not_one_of(text: &str) -> String {
        let quoted = crate::csvin::quoted(text);
        if Self::ALL.len() <= LISTED_WORDS {
            return format!("{quoted} is not one of {}", Self::names());
        }
        let words: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
        let like = crate::options::similar(text, &words);
        let like = if like.is_empty() {
            format!("from {} to {}", words[0], words[words.len() - 1])
        } else {
            format!("the nearest: {}", like.join(", "))
        };
        format!(
            "{quoted} is not one of the {} known values ({like})",
            words.len()
        )
    }
}

/// A list of more words than this is not written out in full in a message.
const LISTED_WORDS: usize = 16;

/// Declares a [`Vocabulary`] enum: each variant with the word that stands for it.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $crate::model::Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::model::Vocabulary::as_str(*self))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from($crate::model::Vocabulary::as_str(*self)))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                use $crate::model::Vocabulary;
                let text = value.as_str()?;
                <$name>::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(<$name>::not_one_of(text).into())
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::model::Vocabulary::as_str(*self))
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                <$name as $crate::model::Vocabulary>::ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(
                    $crate::model::Vocabulary::as_str(*self),
                ))
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary!(
    /// What an entity is.
    EntityKind {
        Person = "person",
        Organization = "organization",
        Place = "place",
        Group = "group",
        Event = "event",
        Other = "other",
    }
);

vocabulary!(
    /// What a statement is: a direct quote, reported speech, or a short quoted term.
    StatementKind {
        Quote = "quote",
        Indirect = "indirect",
        Term = "term",
    }
);

vocabulary!(
    /// Who wrote a row: a person (a file loaded) or the extractor.
    Origin {
        Curated = "curated",
        Extracted = "extracted",
    }
);

vocabulary!(
    /// Where an entity, alias or lexicon row comes from: the knowledge factstore ships, a file a
    /// person wrote, or the names finder (entities only). A vocabulary apart from [`Origin`],
    /// which says who wrote a row pointing into a source.
    Provenance {
        Builtin = "builtin",
        Curated = "curated",
        Extracted = "extracted",
    }
);

vocabulary!(
    /// A reviewer's decision on a name the extractor discovered.
    Decision {
        /// The name is an entity (a new curated one, of the key and kind given).
        Accept = "accept",
        /// The name is another spelling of an entity the store has (a curated alias of it).
        Merge = "merge",
        /// The name is no entity: the extractor no longer proposes it.
        Reject = "reject",
    }
);

// The vocabulary macro cannot mark a variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Provenance {
    fn default() -> Self {
        Provenance::Curated
    }
}

// The vocabulary macro cannot mark a variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for StatementKind {
    fn default() -> Self {
        StatementKind::Quote
    }
}

// The vocabulary macro cannot mark a variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Qualifier {
    fn default() -> Self {
        Qualifier::Exact
    }
}

// The vocabulary macro cannot mark a variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Origin {
    fn default() -> Self {
        Origin::Curated
    }
}

vocabulary!(
    /// How a figure's value is to be read.
    Qualifier {
        Exact = "exact",
        About = "about",
        AtLeast = "at_least",
        MoreThan = "more_than",
        LessThan = "less_than",
        AtMost = "at_most",
        UpTo = "up_to",
        Nearly = "nearly",
        Several = "several",
        Dozens = "dozens",
        Scores = "scores",
        Hundreds = "hundreds",
        Thousands = "thousands",
    }
);

vocabulary!(
    /// What a lexicon word does for the extractor (see the lexicon table in the schema).
    LexKind {
        Metric = "metric",
        Qualifier = "qualifier",
        SpeechVerb = "speech_verb",
        Number = "number",
        Multiplier = "multiplier",
        Vague = "vague",
        NonFigure = "non_figure",
        Abbreviation = "abbreviation",
        Title = "title",
        Institution = "institution",
        NamePart = "name_part",
        CommonWord = "common_word",
    }
);

/// The metric and the unit a metric word's code names: `killed` is metric `killed`;
/// `other:buildings` is metric `other` counting buildings (the figures' `unit`).
pub fn metric_and_unit(code: &str) -> (&str, Option<&str>) {
    match code.split_once(':') {
        Some((metric, unit)) => (metric, Some(unit)),
        None => (code, None),
    }
}

vocabulary!(
    /// The code of a speech verb of the lexicon: what the extractor does with it.
    SpeechRole {
        /// It introduces speech: the speaker stands before it, or after it right after a quote.
        Say = "say",
        /// The previous speaker goes on ("a-t-il ajouté", "he said").
        Add = "add",
        /// The source follows it ("selon", "according to").
        According = "according",
        /// As `say`, but the entity right after it is the one addressed, never the speaker
        /// ("told AFP").
        Tell = "tell",
        /// No speech verb itself: the word that opens the clause a speech verb reports ("that",
        /// "que", "dass"; "qu’" as in "qu’il").
        That = "that",
        /// No speech verb itself: a subject pronoun ("he", "elle", "er"). Right before a speech
        /// verb, or right after it at the end of a clause ("sagte er."), it makes the verb one
        /// that names nobody: the speaker is carried over, as for `add`.
        Pronoun = "pronoun",
        /// No speech verb itself: a verb form whose mood marks reported speech (German
        /// Konjunktiv I: "sei", "habe", "gebe"); a sentence with one and no speech verb, after
        /// reported speech or a quote, is reported speech of the speaker carried over.
        Subjunctive = "subjunctive",
    }
);

vocabulary!(
    /// The code of a non-figure word of the lexicon: on which side of a number it stands when it
    /// makes the number no figure ("58 ans": after; "en 2022": before).
    NonFigureSide {
        Before = "before",
        After = "after",
    }
);

pub use crate::store::aliases::Alias;
pub use crate::store::decisions::DecisionRow;
pub use crate::store::entities::Entity;
pub use crate::store::figures::Figure;
pub use crate::store::lexicon::LexiconEntry;
pub use crate::store::mentions::Mention;
pub use crate::store::sources::Source;
pub use crate::store::statements::Statement;

/// Where a row points into its source's text, and whether a person or the extractor wrote it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub source: SourceId,
    pub char_start: i64,
    pub char_end: i64,
    pub origin: Origin,
    pub confidence: Option<f64>,
    /// The extraction rule that found the row; `None` for rows a person wrote.
    pub rule: Option<crate::extract::rules::Rule>,
}

/// The years a date may have: what SQLite's date functions and every spreadsheet read alike as
/// four digits. A year outside them (0, a negative one, five digits) is a typing slip, not a date
/// of the news.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Checks a date written YYYY-MM-DD, a day of the calendar with a year in [`YEARS`]; the error
/// says what is wrong.
pub fn check_date(text: &str) -> Result<(), String> {
    let not_a_date = || format!("{} is not a date written YYYY-MM-DD", quoted(text));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // "-MM-DD" after the year, however the year is written.
    let (year, month_day) = text
        .split_at_checked(text.len().saturating_sub(6))
        .ok_or_else(not_a_date)?;
    let shaped = month_day.len() == 6
        && month_day.starts_with('-')
        && month_day[3..].starts_with('-')
        && digits(&month_day[1..3])
        && digits(&month_day[4..]);
    if !shaped || !digits(year.strip_prefix(['+', '-']).unwrap_or(year)) {
        return Err(not_a_date());
    }
    // Digits only: "-0044", "+2022", "0000" and "10000" parse, and are refused here.
    let year = match year.parse::<i32>() {
        Ok(y) if year.len() == 4 && digits(year) && YEARS.contains(&y) => y,
        _ => {
            return Err(format!(
                "{}: the year must be from {} to {}",
                quoted(text),
                YEARS.start(),
                YEARS.end()
            ))
        }
    };
    let number = |s: &str| s.parse::<u8>().unwrap_or(0);
    let month = time::Month::try_from(number(&month_day[1..3])).map_err(|_| not_a_date())?;
    time::Date::from_calendar_date(year, month, number(&month_day[4..]))
        .map(|_| ())
        .map_err(|_| not_a_date())
}

/// Checks a key (of a source or an entity): letters, digits, `.`, `_` and `-`, starting with a
/// letter or digit.
pub fn check_key(text: &str) -> Result<(), String> {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        Ok(())
    } else {
        Err(format!("{} is not a valid key (letters, digits, '.', '_' and '-', starting with a letter or digit)", quoted(text)))
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
            "{} is not a language tag such as fr, en or pt-BR",
            quoted(text)
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
        Err(format!(
            "{} is not a Wikidata item id such as Q42",
            quoted(text)
        ))
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
        assert!(check_date("1000-01-01").is_ok() && check_date("9999-12-31").is_ok());
        assert!(check_date("2024-02-29").is_ok() && check_date("2023-02-29").is_err());
        // Dates SQLite's date() reads, that nobody writes for the news.
        for text in [
            "0000-01-01",
            "0999-12-31",
            "-0001-01-01",
            "-44-03-15",
            "+2022-01-07",
            "10000-01-01",
            "002022-01-07",
        ] {
            assert_eq!(
                check_date(text).unwrap_err(),
                format!("{text:?}: the year must be from 1000 to 9999")
            );
        }
        for text in [
            "2022-1-07",
            "2022-01-07T00:00",
            " 2022-01-07",
            "２０２２-01-07",
            "--01-07",
            "2022-00-10",
            "2022-13-10",
            "2022-01-00",
            "2022-01-32",
            "é-01-01",
            "",
        ] {
            assert_eq!(
                check_date(text).unwrap_err(),
                format!("{text:?} is not a date written YYYY-MM-DD"),
            );
        }
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
