//! Publication dates to `YYYY-MM-DD`: from machine dates in metadata ([`normalize`]: ISO 8601,
//! `2025-03-04 09:12:00`, `20250304`, `2025/03/04`, or a written date) and from a dateline at
//! the start of the text ([`dateline`]: "Hallbridge, 5 March 2025 –", "27 janvier 2025",
//! "16. Februar 2025", "March 4, 2025").
//!
//! The date is the one written, never moved to another time zone: an article published at
//! 00:30 in Paris is of that Paris day. Every date is checked to exist (no 31 April) and to fall
//! between 1900 and 2100; anything else is no date.

use std::sync::LazyLock;

use regex::Regex;

/// A checked `YYYY-MM-DD`, or `None` when `year-month-day` is not a real date in range.
fn ymd(year: i32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month_value = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(year, month_value, u8::try_from(day).ok()?).ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|(\d{2})(\d{2}))(?:$|[T\s_+Z]|\d{2}:?\d{2})")
        .expect("date pattern")
});

/// A machine-readable date from metadata as `YYYY-MM-DD`: `2025-03-04T09:12:00+01:00`,
/// `2025-03-04 09:12:00`, `2025/03/04`, `20250304`, or a written date ("4 March 2025").
/// `None` when nothing in `raw` is a real date.
pub fn normalize(raw: &str) -> Option<String> {
    if let Some(c) = NUMERIC.captures(raw) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = c[1].parse().ok()?;
        let (month, day) = match (num(2), num(4), num(6)) {
            (Some(m), _, _) => (m, num(3)?),
            (_, Some(m), _) => (m, num(5)?),
            (_, _, Some(m)) => (m, num(7)?),
            _ => return None,
        };
        return ymd(year, month, day);
    }
    written(raw)
}

/// The first written date in `text` (a day, a month name and a year, in English, French,
/// German, Spanish, Italian, Portuguese or Dutch), or an ISO date.
fn written(text: &str) -> Option<String> {
    static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(\d{1,2})(?:er|\.|º|o)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})\b",
        )
        .expect("date pattern")
    });
    static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
            .expect("date pattern")
    });
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("date pattern"));
    let mut found: Vec<(usize, String)> = Vec::new();
    for c in DAY_FIRST.captures_iter(text) {
        let date = month_number(&c[2]).and_then(|m| ymd(c[3].parse().ok()?, m, c[1].parse().ok()?));
        if let Some(date) = date {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
            break;
        }
    }
    for c in MONTH_FIRST.captures_iter(text) {
        let date = month_number(&c[1]).and_then(|m| ymd(c[3].parse().ok()?, m, c[2].parse().ok()?));
        if let Some(date) = date {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
            break;
        }
    }
    if let Some(c) = ISO.captures(text) {
        if let Some(date) = ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?) {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    found
        .into_iter()
        .min_by_key(|(at, _)| *at)
        .map(|(_, date)| date)
}

/// How many characters at the start of a text [`dateline`] reads.
pub const DATELINE_CHARS: usize = 300;

/// The date of a dateline: the first written date in the first [`DATELINE_CHARS`] characters
/// of `text`, as `YYYY-MM-DD`.
pub fn dateline(text: &str) -> Option<String> {
    let end = text
        .char_indices()
        .nth(DATELINE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    written(&text[..end])
}

/// The month a name or abbreviation stands for, in the languages [`written`] knows.
fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let month = match name.as_str() {
        "january" | "jan" | "janvier" | "janv" | "januar" | "jänner" | "enero" | "gennaio"
        | "janeiro" | "januari" => 1,
        "february" | "feb" | "février" | "fevrier" | "févr" | "fevr" | "februar" | "febrero"
        | "febbraio" | "fevereiro" | "februari" => 2,
        "march" | "mar" | "mars" | "märz" | "marz" | "marzo" | "março" | "marco" | "maart" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "maio" | "mei" => 5,
        "june" | "jun" | "juin" | "juni" | "junio" | "giugno" | "junho" => 6,
        "july" | "jul" | "juillet" | "juil" | "juli" | "julio" | "luglio" | "julho" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" | "setembro" => 9,
        "october" | "oct" | "octobre" | "oktober" | "okt" | "octubre" | "ottobre" | "outubro" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "décembre" | "decembre" | "déc" | "dezember" | "dez" | "diciembre"
        | "dicembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates() {
        let cases = [
            ("2025-03-04T09:12:00+00:00", Some("2025-03-04")),
            ("2025-01-27T00:30:00+01:00", Some("2025-01-27")),
            ("2025-03-04 09:12:00", Some("2025-03-04")),
            ("2025-03-04", Some("2025-03-04")),
            ("2025/3/4", Some("2025-03-04")),
            ("20250309", Some("2025-03-09")),
            ("2025-02-30", None),
            ("1850-01-01", None),
            ("Tue, 04 Mar 2025 09:12:00 GMT", Some("2025-03-04")),
            ("yesterday", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn datelines_in_several_languages() {
        let cases = [
            ("Hallbridge, 5 March 2025 – The walkout", Some("2025-03-05")),
            (
                "WASHINGTON, March 4, 2025 (Northwire) — The",
                Some("2025-03-04"),
            ),
            ("Publié le 1er février 2025 à 7 h 30", Some("2025-02-01")),
            ("Lindenau, 16. Februar 2025. Die Wahl", Some("2025-02-16")),
            ("Madrid, 3 de marzo de 2025. El", Some("2025-03-03")),
            ("Roma, 9 marzo 2025 - Una frana", Some("2025-03-09")),
            (
                "About 1,400 dock workers walked off the job on Tuesday.",
                None,
            ),
            ("In May 2025 the port reopened.", None),
        ];
        for (text, want) in cases {
            assert_eq!(dateline(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn a_dateline_is_only_looked_for_at_the_start() {
        let late = format!("{} 5 March 2025", "word ".repeat(80));
        assert_eq!(dateline(&late), None);
    }
}
